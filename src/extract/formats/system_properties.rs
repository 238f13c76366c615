//! Heroku's Java `system.properties`: `java.runtime.version=21`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::pins::line_pin;
use super::super::{Cx, PinSource, Runtime};

static JAVA_PROP: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^[ \t]*java\.runtime\.version[ \t]*[=:][ \t]*(?P<v>\S+)").unwrap()
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    line_pin(cx, &JAVA_PROP, Runtime::Java, PinSource::SystemProperties);
}
