//! `go.mod`: the `go` (or `toolchain`) directive pins Go.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::pins::{language, line_pin};
use super::super::{Cx, PinSource, Runtime};

static GO_DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^(?:go|toolchain)[ \t]+(?:go)?(?P<v>[0-9][[0-9A-Za-z_].]*)").unwrap()
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    language(cx, Runtime::Go);
    line_pin(cx, &GO_DIRECTIVE, Runtime::Go, PinSource::GoMod);
}
