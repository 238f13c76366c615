//! EG503 conflicting-runtime-pins: pins of one language in one app root that no single version
//! satisfies, so each platform (reading its own file first) runs a different runtime.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, PinSource, Requirement, Runtime, RuntimePin};
use crate::role::Role;

pub struct ConflictingRuntimePins;

/// Which platform reads which pin first (FIELD-NOTES §5).
fn precedence(rt: Runtime) -> &'static str {
    match rt {
        Runtime::Python => {
            "Heroku reads runtime.txt before .python-version; Render reads .python-version; Railpack prefers .python-version to runtime.txt: keep one pin, in .python-version"
        }
        Runtime::Node => {
            "Heroku reads `engines.node`; Render reads .node-version and .nvmrc before `engines`; Railpack reads `engines` first: make them name the same release"
        }
        Runtime::Ruby => {
            "Heroku runs the Gemfile's `ruby` (as Gemfile.lock records it) and ignores .ruby-version; version managers and images read the others: make them agree"
        }
        _ => "make the pins name the same release",
    }
}

/// Pins a target platform's config writes, not a file of the repository's own.
pub(super) fn target_side(s: PinSource) -> bool {
    matches!(s, PinSource::PlatformEnv | PinSource::PlatformImage)
}

fn intersection<'a>(mut pins: impl Iterator<Item = &'a RuntimePin>) -> Option<Requirement> {
    pins.try_fold(Requirement::Floating, |acc, p| acc.intersect(&p.req))
}

fn named(p: &RuntimePin) -> String {
    match p.source {
        PinSource::DockerFrom => format!("the Dockerfile's `FROM` says `{}`", p.version),
        s => format!("{} says `{}`", s.describe(), p.version),
    }
}

impl Rule for ConflictingRuntimePins {
    fn id(&self) -> RuleId {
        RuleId::EG503
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut groups: BTreeMap<(&Path, Runtime), Vec<&RuntimePin>> = BTreeMap::new();
        for p in &c.facts.pins {
            // A version a target config sets (an env var, a build argument, an image tag)
            // against the repository's pins is EG806's.
            if c.file(p.at.file).role != Role::Deploy
                || !matches!(p.req, Requirement::Range(_))
                || target_side(p.source)
            {
                continue;
            }
            groups
                .entry((c.dir_of(p.at), p.runtime))
                .or_default()
                .push(p);
        }
        let mut out = Vec::new();
        for ((_, rt), pins) in groups {
            // The pin files against each other; each image tag against the pin files (two
            // Dockerfiles, or two stages, may build different images).
            let files: Vec<&RuntimePin> = pins
                .iter()
                .copied()
                .filter(|p| p.source != PinSource::DockerFrom)
                .collect();
            let images: Vec<&RuntimePin> = pins
                .iter()
                .copied()
                .filter(|p| p.source == PinSource::DockerFrom)
                .collect();
            let files_agree = intersection(files.iter().copied()).is_some();
            let clashing_images: Vec<&RuntimePin> = images
                .iter()
                .copied()
                .filter(|d| {
                    !files.is_empty() && intersection(files.iter().copied().chain([*d])).is_none()
                })
                .collect();
            if files_agree && clashing_images.is_empty() {
                continue;
            }
            let mut involved: Vec<&RuntimePin> = files;
            involved.extend(clashing_images);
            if involved.iter().all(|p| p.at.file == involved[0].at.file) {
                continue;
            }
            // Primary: the pin that disagrees with the most others (the first of a tie).
            let disagreements = |p: &RuntimePin| {
                involved
                    .iter()
                    .filter(|o| o.at.file != p.at.file && o.req.intersect(&p.req).is_none())
                    .count()
            };
            let primary = involved
                .iter()
                .copied()
                .max_by_key(|p| (disagreements(p), std::cmp::Reverse(p.at.file)))
                .unwrap_or(involved[0]);
            let others: Vec<String> = involved
                .iter()
                .filter(|p| !std::ptr::eq(**p, primary))
                .map(|p| named(p))
                .collect();
            let mut f = Finding::new(
                RuleId::EG503,
                primary.at,
                format!(
                    "{} pins disagree: {}, {}; no version satisfies them all",
                    rt.name(),
                    named(primary),
                    others.join(", ")
                ),
            )
            .label(format!(
                "{} pins {}",
                primary.source.describe(),
                primary.version
            ))
            .help(precedence(rt));
            for p in involved.iter().filter(|p| !std::ptr::eq(**p, primary)) {
                f = f.related(p.at, format!("{} pins {}", p.source.describe(), p.version));
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

    #[test]
    fn disagreeing_pins_fire_once_with_every_file() {
        let found = findings(
            RuleId::EG503,
            &[
                ("runtime.txt", "python-3.11.7\n"),
                (".python-version", "3.12\n"),
                ("Pipfile", "[requires]\npython_version = \"3.12\"\n"),
            ],
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].related.len(), 2);
        assert!(
            found[0].message.contains("runtime.txt says `3.11.7`"),
            "{}",
            found[0].message
        );
        assert_fires_n(
            RuleId::EG503,
            &[
                (".nvmrc", "20.17.0\n"),
                ("package.json", r#"{"engines": {"node": "20.18.0"}}"#),
            ],
            1,
        );
        assert_fires_n(
            RuleId::EG503,
            &[
                (".ruby-version", "3.2.2\n"),
                ("Gemfile", "ruby \"3.3.5\"\n"),
            ],
            1,
        );
        assert_fires_n(
            RuleId::EG503,
            &[
                (".python-version", "3.12\n"),
                ("Dockerfile", "FROM python:3.11-slim\n"),
            ],
            1,
        );
    }

    #[test]
    fn agreeing_or_separate_pins_are_silent() {
        for files in [
            &[
                (".python-version", "3.12\n"),
                ("runtime.txt", "python-3.12.1\n"),
            ][..],
            &[
                (".nvmrc", "20\n"),
                ("package.json", r#"{"engines": {"node": "20.x"}}"#),
            ],
            &[
                (".nvmrc", "lts/*\n"),
                ("package.json", r#"{"engines": {"node": "22.x"}}"#),
            ],
            &[
                ("Gemfile", "ruby \"~> 3.3\"\n"),
                ("Gemfile.lock", "RUBY VERSION\n   ruby 3.3.5p100\n"),
            ],
            // Other app roots, other languages, dev files, test fixtures.
            &[
                (".python-version", "3.12\n"),
                ("worker/.python-version", "3.11\n"),
            ],
            &[
                (".python-version", "3.12\n"),
                ("Dockerfile", "FROM node:20\n"),
            ],
            &[
                (".python-version", "3.12\n"),
                ("Dockerfile.dev", "FROM python:3.11\n"),
            ],
            &[(".nvmrc", "20\n"), ("test/fixtures/.nvmrc", "18\n")],
            // Two images (a build stage) without a pin file; go.mod is a minimum.
            &[("Dockerfile", "FROM node:18 AS assets\nFROM node:20-slim\n")],
            &[
                ("go.mod", "module x\n\ngo 1.22\n"),
                ("Dockerfile", "FROM golang:1.23\n"),
            ],
            // A target config's version against the repository's pin is EG806's.
            &[
                (".python-version", "3.12\n"),
                (
                    "render.yaml",
                    "services:\n  - type: web\n    name: app\n    envVars:\n      - key: PYTHON_VERSION\n        value: 3.11.9\n",
                ),
            ],
            &[
                ("Gemfile", "ruby \"3.3.5\"\n"),
                ("fly.toml", "app = \"x\"\n[build]\n  image = \"ruby:3.2\"\n"),
            ],
            // A pin egress cannot read.
            &[
                (".python-version", "3.12\n"),
                ("Dockerfile", "ARG V\nFROM python:$V\n"),
            ],
        ] {
            assert_clean(RuleId::EG503, files);
        }
    }
}
