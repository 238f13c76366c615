//! EG501 unpinned-runtime: an app root whose language has no version pin anywhere a platform
//! reads, so each platform's (and each build's) default decides.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Finding, Rule, RuleId};
use crate::facts::{AppMarker, Contract, LanguageManifest, Runtime};
use crate::source::SourceKind;

pub struct UnpinnedRuntime;

fn where_to_pin(rt: Runtime) -> &'static str {
    match rt {
        Runtime::Python => "add a `.python-version` file (e.g. `3.12`); Heroku, Render and Railway all read it",
        Runtime::Node => "set `engines.node` in package.json (e.g. `\"20.x\"`) or add `.node-version`",
        Runtime::Ruby => "add `ruby \"3.3.5\"` to the Gemfile (Heroku ignores `.ruby-version` alone) and `bundle lock`",
        Runtime::Go => "add a `go` directive to go.mod",
        Runtime::Java => "set `java.runtime.version` in system.properties, or pin the image tag in the Dockerfile",
        Runtime::Php => "set `require.php` in composer.json",
        Runtime::Elixir => "pin `elixir` and `erlang` in `.tool-versions`",
    }
}

/// An app root whose language has no pin: where EG501 fires (EG502 leaves those to it).
pub(super) struct Unpinned<'c> {
    pub dir: &'c Path,
    pub runtime: Runtime,
    pub manifest: &'c LanguageManifest,
    pub marker: &'c AppMarker,
}

/// Every app root and language without a pin (aliases such as `lts/*` do not pin).
pub(super) fn unpinned(c: &Contract) -> Vec<Unpinned<'_>> {
    let mut roots: BTreeMap<&Path, _> = BTreeMap::new();
    for m in &c.facts.app_markers {
        roots.entry(c.dir_of(m.at)).or_insert(m);
    }
    let mut out = Vec::new();
    for (dir, marker) in roots {
        let mut needed: BTreeMap<Runtime, &LanguageManifest> = BTreeMap::new();
        let here: Vec<&LanguageManifest> = c
            .facts
            .manifests_lang
            .iter()
            .filter(|lm| c.dir_of(lm.at) == dir)
            .collect();
        // Dev tooling in an app that another language's buildpack or a Dockerfile builds
        // is not a runtime to pin.
        let built_otherwise = |rt: Runtime| {
            here.iter().any(|lm| lm.runtime != rt && !lm.tooling)
                || c.files
                    .iter()
                    .any(|f| f.kind == SourceKind::Dockerfile && f.dir() == dir)
        };
        for lm in &here {
            let only_tooling = here
                .iter()
                .filter(|o| o.runtime == lm.runtime)
                .all(|o| o.tooling);
            if only_tooling && built_otherwise(lm.runtime) {
                continue;
            }
            needed.entry(lm.runtime).or_insert(lm);
        }
        for (rt, lm) in needed {
            let pinned = c
                .facts
                .pins
                .iter()
                .any(|p| p.runtime == rt && !p.alias && c.dir_of(p.at) == dir);
            if !pinned {
                out.push(Unpinned {
                    dir,
                    runtime: rt,
                    manifest: lm,
                    marker,
                });
            }
        }
    }
    out
}

impl Rule for UnpinnedRuntime {
    fn id(&self) -> RuleId {
        RuleId::EG501
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        unpinned(c)
            .into_iter()
            .map(|u| {
                let rt = u.runtime;
                let manifest = c
                    .file(u.manifest.at.file)
                    .path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("");
                Finding::new(
                    RuleId::EG501,
                    u.manifest.at,
                    format!(
                        "{} version is not pinned: each platform's default decides",
                        rt.name()
                    ),
                )
                .label(format!("{manifest} makes this a {} app", rt.name()))
                .related(u.marker.at, format!("app root: {}", u.marker.what))
                .help(where_to_pin(rt))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn app_root_without_pin() {
        assert_fires_n(
            RuleId::EG501,
            &[
                ("Procfile", "web: bundle exec puma\n"),
                ("Gemfile", "source 'https://rubygems.org'\n"),
            ],
            1,
        );
        assert_fires_n(
            RuleId::EG501,
            &[("app.json", "{}"), ("package.json", "{\"name\": \"x\"}")],
            1,
        );
    }

    #[test]
    fn any_pin_counts() {
        let procfile = ("Procfile", "web: x\n");
        assert_clean(
            RuleId::EG501,
            &[
                procfile,
                ("requirements.txt", "django\n"),
                (".python-version", "3.12\n"),
            ],
        );
        assert_clean(
            RuleId::EG501,
            &[
                procfile,
                ("requirements.txt", "django\n"),
                ("Dockerfile", "FROM python:3.12-slim\n"),
            ],
        );
        assert_clean(RuleId::EG501, &[procfile, ("Gemfile", "ruby '3.3.5'\n")]);
        assert_clean(
            RuleId::EG501,
            &[
                procfile,
                ("package.json", "{\"engines\": {\"node\": \"20.x\"}}"),
            ],
        );
        assert_clean(
            RuleId::EG501,
            &[procfile, ("go.mod", "module x\n\ngo 1.22\n")],
        );
        assert_clean(
            RuleId::EG501,
            &[
                procfile,
                ("Gemfile", "gem 'rails'\n"),
                (".tool-versions", "ruby 3.3.5\n"),
            ],
        );
    }

    /// A package.json of dev tooling only, in an app another buildpack or a Dockerfile builds,
    /// is not a Node runtime; one with dependencies and a build script is.
    #[test]
    fn tooling_package_json_is_no_node_runtime() {
        let tooling = r#"{"private": true, "devDependencies": {"prettier": "^3.3.0", "stylelint": "^16.6.0"}, "scripts": {"lint": "stylelint app/assets"}}"#;
        let ruby = [
            ("Procfile", "web: bundle exec puma\n"),
            ("Gemfile", "source 'https://rubygems.org'\nruby '3.3.5'\n"),
            (".ruby-version", "3.3.5\n"),
        ];
        let mut files = ruby.to_vec();
        files.push(("package.json", tooling));
        assert_clean(RuleId::EG501, &files);
        assert_clean(
            RuleId::EG501,
            &[
                ("Dockerfile", "FROM node:20.16-alpine\n"),
                ("package.json", tooling),
            ],
        );
        let mut files = ruby.to_vec();
        files.push((
            "package.json",
            r#"{"private": true, "dependencies": {"esbuild": "^0.21.5"}, "scripts": {"build": "esbuild app/javascript/*.* --bundle --outdir=app/assets/builds"}}"#,
        ));
        assert_fires_n(RuleId::EG501, &files, 1);
    }

    #[test]
    fn no_app_root_no_finding() {
        assert_clean(RuleId::EG501, &[("lib/package.json", "{\"name\": \"x\"}")]);
        assert_clean(
            RuleId::EG501,
            &[
                ("Dockerfile", "FROM python:latest\n"),
                ("requirements.txt", "x\n"),
            ],
        );
    }
}
