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

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::{PinSource, Runtime};

    #[test]
    fn java_runtime_version() {
        let text = "# Heroku's Java buildpack\njava.runtime.version=21\nmaven.version=3.9.6\n";
        let f = facts("system.properties", text);
        let pins: Vec<_> = f
            .pins
            .iter()
            .map(|p| (p.runtime, p.source, at(text, p.at)))
            .collect();
        assert_eq!(pins, [(Runtime::Java, PinSource::SystemProperties, "21")]);
    }
}
