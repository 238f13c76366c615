//! EG502 loose-runtime-pin: a pin that lets the runtime drift where it matters: a floating
//! alias, an open-ended range, a Docker tag without a version, a Python pin without a minor.

use super::unpinned_runtime::unpinned;
use super::{Finding, Fix, Rule, RuleId};
use crate::diagnostic::Applicability;
use crate::facts::{Contract, PinSource, Requirement, Runtime, RuntimePin};
use crate::role::Role;

pub struct LooseRuntimePin;

/// How a pin lets the runtime drift.
enum Loose {
    /// Names no version (`latest`, `node`, `lts/*`, `*`, `python:slim`).
    Floats,
    /// No upper bound (`>=18`, `> 3.1`).
    OpenEnded,
    /// A Python pin without a minor (`3`, `3.x`, `python:3`).
    NoMinor,
}

fn looseness(p: &RuntimePin) -> Option<Loose> {
    // go.mod's `go 1.22` is a minimum by design, and the buildpack's form.
    if p.source == PinSource::GoMod {
        return None;
    }
    match &p.req {
        Requirement::Unknown => None,
        Requirement::Floating => Some(Loose::Floats),
        r if r.open_ended() => Some(Loose::OpenEnded),
        r if p.runtime == Runtime::Python && r.spans_minors() => Some(Loose::NoMinor),
        _ => None,
    }
}

/// What to pin instead, by runtime.
fn how(rt: Runtime) -> &'static str {
    match rt {
        Runtime::Node => "pin a major line (`20.x`, Heroku's recommended form) or an exact release",
        Runtime::Python => "pin a minor (`3.12`) or an exact release (`3.12.7`)",
        Runtime::Ruby => "pin the exact Ruby (`ruby \"3.3.5\"`) and let `bundle lock` record it",
        _ => "pin a version",
    }
}

impl Rule for LooseRuntimePin {
    fn id(&self) -> RuleId {
        RuleId::EG502
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let left_to_eg501 = unpinned(c);
        let deploys = |p: &RuntimePin| c.file(p.at.file).role == Role::Deploy;
        let mut out = Vec::new();
        for p in c.facts.pins.iter().filter(|p| deploys(p)) {
            let Some(loose) = looseness(p) else { continue };
            let dir = c.dir_of(p.at);
            // Nothing else pins this runtime in an app root: EG501 says so.
            if p.alias
                && left_to_eg501
                    .iter()
                    .any(|u| u.dir == dir && u.runtime == p.runtime)
            {
                continue;
            }
            let here: Vec<&RuntimePin> = c
                .facts
                .pins
                .iter()
                .filter(|o| o.runtime == p.runtime && c.dir_of(o.at) == dir && deploys(o))
                .collect();
            // Bundler records the Ruby it resolved, and Heroku installs that one.
            if p.source == PinSource::Gemfile
                && here.iter().any(|o| o.source == PinSource::GemfileLock)
            {
                continue;
            }
            let written = match p.source {
                PinSource::DockerFrom => format!("`FROM` tag `{}`", p.version),
                s => format!("{} `{}`", s.describe(), p.version),
            };
            let message = match loose {
                Loose::Floats if p.source == PinSource::DockerFrom => format!(
                    "{written} names no {} version: the image is whatever the tag points at when it is pulled",
                    p.runtime.name()
                ),
                Loose::Floats => format!(
                    "{written} names no version: each build takes whatever {} release the platform resolves it to",
                    p.runtime.name()
                ),
                Loose::OpenEnded => format!(
                    "{written} has no upper bound: the platform takes the newest {} release, a new major version included",
                    p.runtime.name()
                ),
                Loose::NoMinor => format!(
                    "{written} allows any Python {}: platforms pick different minor releases",
                    p.version.trim_start_matches("python-").split(['.', '-']).next().unwrap_or("3")
                ),
            };
            let mut f = Finding::new(RuleId::EG502, p.at, message).help(how(p.runtime));
            // The exact release another pin of this app names, if they agree on one (and the
            // others agree among themselves: a conflict is EG503's, not a fix to guess).
            let others_agree = here
                .iter()
                .filter(|o| !std::ptr::eq(**o, p) && matches!(o.req, Requirement::Range(_)))
                .try_fold(Requirement::Floating, |acc, o| acc.intersect(&o.req))
                .is_some();
            let mut exact: Vec<String> = here
                .iter()
                .filter(|o| !o.alias)
                .filter_map(|o| o.req.exact())
                .filter(|v| p.req.allows(v))
                .collect();
            exact.sort();
            exact.dedup();
            if let ([v], Some(slot), true) = (&exact[..], &p.slot, others_agree) {
                let at = crate::source::Loc {
                    file: p.at.file,
                    span: slot.span,
                };
                f = f.fix(Fix::replace(
                    Applicability::Unsafe,
                    format!("pin {v}, the release this app's other pin names"),
                    at,
                    slot.text(v),
                ));
            }
            out.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    const PROCFILE: (&str, &str) = ("Procfile", "web: node server.js\n");

    #[test]
    fn loose_forms_fire() {
        for (path, text) in [
            ("package.json", r#"{"engines": {"node": ">=18"}}"#),
            ("package.json", r#"{"engines": {"node": "*"}}"#),
            (".python-version", "3\n"),
            (".python-version", "3.x\n"),
            ("Dockerfile", "FROM python:3-slim\n"),
            ("Dockerfile", "FROM node:latest\n"),
            ("Dockerfile", "FROM python:slim\n"),
            ("Gemfile", "ruby \">= 3.1\"\n"),
        ] {
            assert_fires(RuleId::EG502, &[(path, text)], 1);
        }
    }

    #[test]
    fn recommended_and_bounded_forms_are_silent() {
        for (path, text) in [
            ("package.json", r#"{"engines": {"node": "20.x"}}"#),
            ("package.json", r#"{"engines": {"node": "^20"}}"#),
            ("package.json", r#"{"engines": {"node": "~20.1"}}"#),
            ("package.json", r#"{"engines": {"node": ">=18 <21"}}"#),
            (".nvmrc", "20\n"),
            (".nvmrc", "lts/iron\n"),
            (".python-version", "3.12\n"),
            ("Dockerfile", "FROM node:20-alpine\n"),
            ("Dockerfile", "ARG BASE\nFROM python:${BASE}\n"),
            (
                "Dockerfile",
                "FROM python@sha256:4d440b214e447deddc0a94de23a3d97d\n",
            ),
            ("go.mod", "module x\n\ngo 1.22\n"),
            ("spec/fixtures/app/.nvmrc", "node\n"),
            ("Dockerfile.dev", "FROM node:latest\n"),
        ] {
            assert_clean(RuleId::EG502, &[(path, text)]);
        }
        // A Gemfile range with the exact Ruby in Gemfile.lock.
        assert_clean(
            RuleId::EG502,
            &[
                ("Gemfile", "ruby \">= 3.1\"\n"),
                ("Gemfile.lock", "RUBY VERSION\n   ruby 3.3.5p100\n"),
            ],
        );
        // Nothing else pins Node in this app root: EG501 reports it, not EG502.
        assert_clean(
            RuleId::EG502,
            &[PROCFILE, ("package.json", "{}"), (".nvmrc", "lts/*\n")],
        );
    }

    #[test]
    fn fixed_to_the_release_another_pin_names() {
        let files = [
            PROCFILE,
            (".nvmrc", "20.17.0\n"),
            ("package.json", "{\"engines\": {\"node\": \">=18\"}}"),
        ];
        let found = findings(RuleId::EG502, &files);
        assert_eq!(found.len(), 1, "{found:#?}");
        let text = files[2].1;
        let fixed = crate::fix::apply_all(text, found.iter().filter_map(|f| f.fix.as_ref()));
        assert_eq!(fixed, "{\"engines\": {\"node\": \"20.17.0\"}}");
        assert_clean(
            RuleId::EG502,
            &[files[0], files[1], ("package.json", &fixed)],
        );
        // Docker tags keep their variant.
        let files = [
            (".python-version", "3.12.7\n"),
            ("Dockerfile", "FROM python:slim AS base\n"),
        ];
        let found = findings(RuleId::EG502, &files);
        let fixed = crate::fix::apply_all(files[1].1, found.iter().filter_map(|f| f.fix.as_ref()));
        assert_eq!(fixed, "FROM python:3.12.7-slim AS base\n");
        // No fix when the other pin is outside the range, or two pins disagree.
        let found = findings(
            RuleId::EG502,
            &[
                (".nvmrc", "16.20.2\n"),
                ("package.json", "{\"engines\": {\"node\": \">=18\"}}"),
            ],
        );
        assert!(found[0].fix.is_none());
        let found = findings(
            RuleId::EG502,
            &[
                ("runtime.txt", "python-3.11.7\n"),
                (".python-version", "3.12\n"),
                ("Dockerfile", "FROM python:3-slim\n"),
            ],
        );
        assert!(found.len() == 1 && found[0].fix.is_none(), "{found:#?}");
    }
}
