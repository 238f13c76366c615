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

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::{PinSource, Runtime};

    #[test]
    fn go_and_toolchain_directives() {
        let f = facts("go.mod", "module github.com/acme/tracker\n\ngo 1.22.4\n\ntoolchain go1.23.1\n\nrequire github.com/jackc/pgx/v5 v5.6.0\n");
        let pins: Vec<_> = f
            .pins
            .iter()
            .map(|p| (p.runtime, p.source, p.version.as_str()))
            .collect();
        assert_eq!(
            pins,
            [
                (Runtime::Go, PinSource::GoMod, "1.22.4"),
                (Runtime::Go, PinSource::GoMod, "1.23.1")
            ]
        );
        assert_eq!(f.manifests_lang[0].runtime, Runtime::Go);
    }
}
