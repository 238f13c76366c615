//! Bundler's `Gemfile` (`ruby "3.3.5"`, also Ruby code) and `Gemfile.lock` (`RUBY VERSION`),
//! the files Heroku's Ruby buildpack reads the version from.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::pins::{language, line_pin};
use super::super::{Cx, PinSource, Runtime};
use crate::facts::{AppFramework, Framework};
use crate::source::Span;

static GEMFILE_RUBY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?m)^[ \t]*ruby[ \t(]+(?:['"](?P<v>[^'"]+)['"]|file:\s*['"](?P<f>[^'"]+)['"])"#,
    )
    .unwrap()
});
static LOCK_RUBY: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"(?m)^RUBY VERSION\r?\n[ \t]+ruby (?P<v>\S+)").unwrap());

/// `gem "rails"` (or `railties`): a Rails app.
static RAILS_GEM: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?m)^[ \t]*gem[ \t(]+["'](?:rails|railties)["']"#).unwrap()
});

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    language(cx, Runtime::Ruby);
    line_pin(cx, &GEMFILE_RUBY, Runtime::Ruby, PinSource::Gemfile);
    let code = match parsed {
        Parsed::Code(l) => l.masked.as_str(),
        _ => cx.text,
    };
    if let Some(m) = RAILS_GEM.find(code) {
        let at = cx.loc(Span::new(m.start(), m.end()));
        cx.facts.frameworks.push(AppFramework {
            at,
            framework: Framework::Rails,
        });
    }
}

pub fn extract_lock(cx: &mut Cx, _: &Parsed) {
    line_pin(cx, &LOCK_RUBY, Runtime::Ruby, PinSource::GemfileLock);
}
