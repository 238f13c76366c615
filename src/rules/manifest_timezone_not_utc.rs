//! EG402 manifest-timezone-not-utc: the app leaves Heroku, whose dynos run in UTC, and the
//! migration manifest names no target zone or another one, or a target config sets `TZ` to
//! another zone.

use super::{Finding, Rule, RuleId};
use std::path::{Component, Path, PathBuf};

use crate::facts::{Builder, Contract, EnvDecl, EnvValue, Manifest, Origin};
use crate::role::Role;
use crate::source::{Loc, Span};

pub struct ManifestTimezoneNotUtc;

impl Rule for ManifestTimezoneNotUtc {
    fn id(&self) -> RuleId {
        RuleId::EG402
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out: Vec<Finding> = c
            .facts
            .manifests
            .iter()
            .filter(|m| m.source_is_heroku())
            .filter_map(manifest_zone)
            .collect();
        out.extend(c.facts.env_decls.iter().filter_map(|d| target_tz(c, d)));
        out
    }
}

/// Names for the zone Heroku runs in: UTC and its aliases in the tz database (GMT keeps the
/// same clock all year).
pub fn is_utc(zone: &str) -> bool {
    let z = zone.trim().trim_start_matches(':');
    let z = z.strip_prefix("Etc/").unwrap_or(z);
    [
        "UTC",
        "UCT",
        "Universal",
        "Zulu",
        "Z",
        "GMT",
        "GMT0",
        "GMT+0",
        "GMT-0",
        "Greenwich",
        "UTC0",
    ]
    .iter()
    .any(|u| z.eq_ignore_ascii_case(u))
}

fn manifest_zone(m: &Manifest) -> Option<Finding> {
    match &m.target_timezone {
        Some(tz) if is_utc(&tz.value) => None,
        Some(tz) => Some(
            Finding::new(
                RuleId::EG402,
                tz.at,
                format!(
                    "the target runs in `{}`, but the app ran in UTC on Heroku",
                    tz.value.trim()
                ),
            )
            .label("not UTC")
            .help("Heroku dynos and Heroku Scheduler run in UTC: keep `target.timezone: UTC` unless the move is meant to change the zone, and then check every schedule, `Time.now` / `datetime.now()` call and log reader that assumed UTC"),
        ),
        None => {
            let at = m.target.unwrap_or(Loc {
                file: m.file,
                span: Span::new(0, 0),
            });
            let mut f = Finding::new(
                RuleId::EG402,
                at,
                "the migration manifest names no target time zone: Heroku ran the app in UTC, and the target's zone is left to chance",
            )
            .help("set `timezone: UTC` under `target` in migration-manifest.yml (and make the target's processes and schedulers run in it)");
            if m.target.is_some() {
                f = f.label("no `timezone` under `target`");
            }
            Some(f)
        }
    }
}

/// `TZ` set to another zone in a config of the platform the app moves to.
fn target_tz(c: &Contract, d: &EnvDecl) -> Option<Finding> {
    if d.name != "TZ" || !d.origin.is_target() || c.file(d.at.file).role != Role::Deploy {
        return None;
    }
    let EnvValue::Literal(value) = &d.value else {
        return None;
    };
    let value = value.trim();
    if value.is_empty() || value.contains('$') || value.contains("{{") || is_utc(value) {
        return None;
    }
    let dir = c.dir_of(d.at);
    let manifest = c.manifest_for(dir);
    if manifest.is_some_and(|m| !m.source_is_heroku()) {
        return None;
    }
    // The manifest records the choice (EG402 reports it there), or Heroku had the same `TZ`.
    let chosen = manifest
        .and_then(|m| m.target_timezone.as_ref())
        .is_some_and(|t| t.value.trim() == value);
    let same_on_heroku = c.facts.env_decls.iter().any(|h| {
        h.name == "TZ"
            && matches!(h.origin, Origin::AppJson | Origin::HerokuYml)
            && h.value == EnvValue::Literal(value.to_string())
            && {
                let hd = c.dir_of(h.at);
                dir.starts_with(hd) || hd.starts_with(dir)
            }
    });
    if chosen || same_on_heroku || heroku_builds_it(c, d) {
        return None;
    }
    Some(
        Finding::new(
            RuleId::EG402,
            d.at,
            format!(
                "{} sets `TZ={value}`: on Heroku the app ran in UTC, so local times, schedules computed in the process and log timestamps shift",
                d.origin.describe()
            ),
        )
        .label("not UTC")
        .help("set `TZ=UTC` (or drop it) to keep Heroku's behaviour; if the zone is meant to change, record it as `target.timezone` in migration-manifest.yml"),
    )
}

/// A Dockerfile that heroku.yml builds: Heroku ran the same image, `TZ` and all.
fn heroku_builds_it(c: &Contract, d: &EnvDecl) -> bool {
    if d.origin != Origin::Dockerfile {
        return false;
    }
    let plain = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    };
    let path = plain(&c.file(d.at.file).path);
    c.facts.builds.iter().any(|b| {
        let Builder::Dockerfile(f) = &b.builder else {
            return false;
        };
        b.origin == Origin::HerokuYml && plain(&c.dir_of(b.at).join(f)) == path
    })
}

#[cfg(test)]
mod tests {
    use super::{is_utc, RuleId};
    use crate::rules::test_utils::*;

    #[test]
    fn utc_and_its_aliases() {
        for z in ["UTC", "Etc/UTC", "utc", ":UTC", "Etc/GMT", "Zulu", " UTC "] {
            assert!(is_utc(z), "{z}");
        }
        for z in [
            "America/Chicago",
            "Europe/London",
            "EST",
            "CET",
            "Etc/GMT+5",
            "",
        ] {
            assert!(!is_utc(z), "{z}");
        }
    }

    #[test]
    fn the_manifest_zone() {
        let heroku = "source:\n  platform: heroku\ntarget:\n  platform: render\n";
        assert_fires(RuleId::EG402, &[("migration-manifest.yml", heroku)], 3);
        assert_fires(
            RuleId::EG402,
            &[(
                "migration-manifest.yml",
                "source:\n  platform: heroku\ntarget:\n  timezone: Europe/Berlin\n",
            )],
            4,
        );
        assert_clean(
            RuleId::EG402,
            &[(
                "migration-manifest.yml",
                "source:\n  platform: heroku\ntarget:\n  timezone: Etc/UTC\n",
            )],
        );
        // Not leaving Heroku: not this rule's business.
        assert_clean(
            RuleId::EG402,
            &[(
                "migration-manifest.yml",
                "source:\n  platform: render\ntarget:\n  platform: fly\n",
            )],
        );
    }

    #[test]
    fn tz_in_target_configs() {
        let cases = [
            ("fly.toml", "app = \"x\"\n[env]\n  TZ = \"America/Toronto\"\n", 3),
            (
                "render.yaml",
                "services:\n  - type: web\n    name: web\n    envVars:\n      - key: TZ\n        value: America/Chicago\n",
                5,
            ),
            ("Dockerfile", "FROM ruby:3.3\nENV TZ=Europe/Paris\n", 2),
            (
                "docker-compose.yml",
                "services:\n  web:\n    environment:\n      TZ: Asia/Tokyo\n",
                4,
            ),
            (
                "k8s/web.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: TZ\n              value: Australia/Sydney\n",
                11,
            ),
        ];
        for (path, text, line) in cases {
            assert_fires(RuleId::EG402, &[(path, text)], line);
        }
    }

    #[test]
    fn silent_tz_forms() {
        let silent: &[&[(&str, &str)]] = &[
            &[("fly.toml", "[env]\n  TZ = \"UTC\"\n")],
            &[("Dockerfile", "FROM x\nENV TZ=${TZ}\n")],
            &[("Dockerfile.dev", "FROM x\nENV TZ=Europe/Paris\n")],
            &[(
                "docker-compose.dev.yml",
                "services:\n  web:\n    environment:\n      TZ: Asia/Tokyo\n",
            )],
            // CI and Heroku's own files are not the target.
            &[(".github/workflows/ci.yml", "env:\n  TZ: America/New_York\n")],
            &[(
                "app.json",
                r#"{"env": {"TZ": {"value": "America/New_York"}}}"#,
            )],
            // Heroku already ran in that zone.
            &[
                ("app.json", r#"{"env": {"TZ": "America/New_York"}}"#),
                ("fly.toml", "[env]\n  TZ = \"America/New_York\"\n"),
            ],
            // heroku.yml builds this Dockerfile: Heroku ran the same image.
            &[
                ("heroku.yml", "build:\n  docker:\n    web: ./Dockerfile\n"),
                ("Dockerfile", "FROM node:20\nENV TZ=America/New_York\n"),
            ],
            // The manifest records the choice (and EG402 reports it there, once).
            &[
                (
                    "migration-manifest.yml",
                    "target:\n  timezone: America/New_York\n",
                ),
                ("fly.toml", "[env]\n  TZ = \"America/New_York\"\n"),
            ],
        ];
        for files in silent {
            let f = findings(RuleId::EG402, files);
            let in_fly: Vec<_> = f
                .iter()
                .filter(|f| f.message.contains("sets `TZ="))
                .collect();
            assert!(in_fly.is_empty(), "{files:?}: {in_fly:#?}");
        }
    }
}
