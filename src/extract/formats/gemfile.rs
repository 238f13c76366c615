//! Bundler's `Gemfile` (`ruby "3.3.5"`, also Ruby code) and `Gemfile.lock` (`RUBY VERSION`),
//! the files Heroku's Ruby buildpack reads the version from.

use std::sync::LazyLock;

use regex::Regex;

use super::super::pins::{language, line_pin};
use super::super::syntax::Parsed;
use super::super::{Cx, Runtime};

static GEMFILE_RUBY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?m)^[ \t]*ruby[ \t(]+(?:['"](?P<v>[^'"]+)['"]|file:\s*['"](?P<f>[^'"]+)['"])"#,
    )
    .unwrap()
});
static LOCK_RUBY: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"(?m)^RUBY VERSION\r?\n[ \t]+ruby (?P<v>\S+)").unwrap());

pub fn extract(cx: &mut Cx, _: &Parsed) {
    language(cx, Runtime::Ruby);
    line_pin(cx, &GEMFILE_RUBY, Runtime::Ruby);
}

pub fn extract_lock(cx: &mut Cx, _: &Parsed) {
    line_pin(cx, &LOCK_RUBY, Runtime::Ruby);
}
