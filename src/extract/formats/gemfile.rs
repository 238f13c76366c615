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

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::{Framework, PinSource, Runtime};

    #[test]
    fn ruby_pin_and_rails() {
        let text = "source \"https://rubygems.org\"\n\nruby \"3.3.5\"\n\n# gem \"rails\" in a comment is not Rails\ngem \"rails\", \"~> 7.2\"\ngem \"sidekiq-cron\"\n";
        let f = facts("Gemfile", text);
        let pins: Vec<_> = f
            .pins
            .iter()
            .map(|p| (p.runtime, p.source, at(text, p.at)))
            .collect();
        assert_eq!(pins, [(Runtime::Ruby, PinSource::Gemfile, "3.3.5")]);
        assert_eq!(f.frameworks.len(), 1);
        assert_eq!(f.frameworks[0].framework, Framework::Rails);
        assert!(at(text, f.frameworks[0].at).contains("gem \"rails\""));
        assert_eq!(f.manifests_lang[0].runtime, Runtime::Ruby);
        let lock = "GEM\n  specs:\n\nRUBY VERSION\n   ruby 3.3.5p100\n\nBUNDLED WITH\n   2.5.16\n";
        let f = facts("Gemfile.lock", lock);
        assert_eq!(f.pins[0].source, PinSource::GemfileLock);
        assert_eq!(f.pins[0].version, "3.3.5p100");
    }
}
