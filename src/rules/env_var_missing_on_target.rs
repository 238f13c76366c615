//! EG802 env-var-missing-on-target: a variable the app cannot boot without, or one Heroku or
//! its buildpacks set for it, that the target config neither sets, takes from a secret store,
//! nor gets from the platform itself.

use std::collections::BTreeMap;
use std::path::Path;

use super::parity::{same_app, spread, targets, Target};
use super::{Finding, Rule, RuleId};
use crate::facts::{
    heroku_provides, is_secret_key, is_watched_var, target_provides, Contract, EnvValue, Origin,
    ServiceKind,
};
use crate::source::Loc;

pub struct EnvVarMissingOnTarget;

impl Rule for EnvVarMissingOnTarget {
    fn id(&self) -> RuleId {
        RuleId::EG802
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut roots: Vec<&Path> = c
            .facts
            .app_markers
            .iter()
            .filter(|m| !c.in_test_or_example(m.at))
            .map(|m| c.dir_of(m.at))
            .collect();
        roots.sort();
        roots.dedup();
        for root in roots {
            let needs = needs(c, root);
            if needs.is_empty() {
                continue;
            }
            let declared_by_manifest = c
                .manifest_for(root)
                .and_then(|m| m.target_variables.as_ref());
            for t in targets(c, root) {
                if imports_opaque(c, &t) {
                    continue;
                }
                for (name, need) in &needs {
                    if provided(c, root, &t, name)
                        || declared_by_manifest
                            .is_some_and(|v| v.iter().any(|s| s.value.trim() == name))
                        || (declared_by_manifest.is_none() && kept_outside(t.origin, name))
                    {
                        continue;
                    }
                    out.push(finding(&t, name, need, declared_by_manifest.is_some()));
                }
            }
        }
        out
    }
}

/// Why the app needs a variable, at the first place that shows it: `why` for the finding
/// (`read without a default`), `here` for the related location.
struct Need {
    at: Loc,
    why: String,
    here: String,
}

/// The variables the app in `root` needs on any platform: read without a default (it would
/// fail or misbehave at boot), or set on Heroku by a buildpack or Heroku Postgres and read at
/// all (the default is what would run), or read by gunicorn or uvicorn from a Procfile
/// command. Reads in test code, and Heroku-only names other rules speak for (`DYNO`, add-on
/// variables), are left out.
fn needs(c: &Contract, root: &Path) -> BTreeMap<String, Need> {
    let mut out: BTreeMap<String, Need> = BTreeMap::new();
    let mut uses: Vec<_> = c
        .facts
        .env_uses
        .iter()
        .filter(|u| c.dir_of(u.at).starts_with(root) && !c.in_test_or_example(u.at))
        .filter(|u| !is_watched_var(&u.name))
        .collect();
    uses.sort_by_key(|u| (u.at.file, u.at.span.start));
    for u in uses {
        let (why, here) = match heroku_provides(&u.name) {
            Some(by) => (
                format!("read by the app; on Heroku, {by}"),
                "read here".to_string(),
            ),
            None if !u.fallback => (
                "read without a default".to_string(),
                "read here without a default".to_string(),
            ),
            None => continue,
        };
        out.entry(u.name.clone()).or_insert(Need {
            at: u.at,
            why,
            here,
        });
    }
    for s in c.facts.services.iter().filter(|s| {
        s.origin == Origin::Procfile && s.kind == ServiceKind::Web && c.dir_of(s.at) == root
    }) {
        for (server, name, flags) in server_reads(&s.command) {
            if !flags.iter().any(|f| s.command.contains(f)) {
                out.entry(name.to_string()).or_insert(Need {
                    at: s.at,
                    why: format!(
                        "read by {server}; on Heroku, {}",
                        heroku_provides(name).unwrap_or("a buildpack sets it")
                    ),
                    here: format!("{server} reads it"),
                });
            }
        }
    }
    out
}

/// gunicorn and uvicorn take their worker count from `WEB_CONCURRENCY` and the proxies they
/// trust from `FORWARDED_ALLOW_IPS`, unless the command line says (or a config file may).
fn server_reads(command: &str) -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    let Some(server) = command
        .split_whitespace()
        .find_map(|w| match w.rsplit('/').next() {
            Some("gunicorn") => Some("gunicorn"),
            Some("uvicorn") => Some("uvicorn"),
            _ => None,
        })
    else {
        return Vec::new();
    };
    vec![
        (
            server,
            "WEB_CONCURRENCY",
            &["-w ", "--workers", "-c ", "--config"],
        ),
        (
            server,
            "FORWARDED_ALLOW_IPS",
            &["--forwarded-allow-ips", "-c ", "--config"],
        ),
    ]
}

/// The target sets the variable: its own config declares it (a value, a secret-store
/// reference, a generated value, one the platform provides), a Dockerfile of the app sets it,
/// or the platform sets it by itself.
fn provided(c: &Contract, root: &Path, t: &Target, name: &str) -> bool {
    target_provides(t.origin, name)
        || c.facts.env_decls.iter().any(|d| {
            d.name == name
                && match d.origin {
                    Origin::Dockerfile => same_app(root, c.dir_of(d.at)),
                    o if o == t.origin => in_target(c, t, d.at),
                    _ => false,
                }
                && !matches!(&d.value, EnvValue::Literal(v) if v.trim().is_empty() && d.origin == Origin::Dockerfile)
        })
}

fn in_target(c: &Contract, t: &Target, at: Loc) -> bool {
    if spread(t.origin) {
        same_app(c.dir_of(t.first), c.dir_of(at))
    } else {
        at.file == t.first.file
    }
}

/// The target takes variables from a source egress cannot list (a Kubernetes `envFrom`
/// Secret, a Render environment group kept in the dashboard): any name may come from it.
fn imports_opaque(c: &Contract, t: &Target) -> bool {
    c.facts
        .env_imports
        .iter()
        .any(|i| i.origin == t.origin && in_target(c, t, i.at))
}

/// Fly.io keeps secrets out of fly.toml (`fly secrets set`), and Railway keeps every variable
/// in its dashboard: without the manifest's `target.variables` list, egress cannot know what
/// they hold, and only names fly.toml would hold (not secrets, not URLs) are judged.
fn kept_outside(origin: Origin, name: &str) -> bool {
    match origin {
        Origin::Railway => true,
        Origin::FlyToml => {
            is_secret_key(name)
                || ["_URL", "_URI", "_DSN", "_KEY"]
                    .iter()
                    .any(|s| name.ends_with(s))
        }
        _ => false,
    }
}

fn finding(t: &Target, name: &str, need: &Need, listed: bool) -> Finding {
    Finding::new(
        RuleId::EG802,
        t.first,
        format!(
            "{} does not set `{name}` ({})",
            t.origin.describe(),
            need.why
        ),
    )
    .label(format!("no `{name}` here"))
    .help(help(t.origin, name, listed))
    .related(need.at, format!("`{name}` {}", need.here))
}

fn help(origin: Origin, name: &str, listed: bool) -> String {
    let outside = format!(
        "; if it is set outside the repository, list `{name}` under `target.variables` in migration-manifest.yml"
    );
    let text = match origin {
        Origin::RenderYaml => format!(
            "add `- key: {name}` to the service's `envVars` with a `value`, `sync: false` (set in the dashboard), `generateValue: true` or `fromDatabase`"
        ),
        Origin::FlyToml => format!(
            "set it in fly.toml's `[env]`, or as a secret with `fly secrets set {name}=...`"
        ),
        Origin::Railway => format!("set `{name}` in the service's variables on Railway"),
        Origin::Kubernetes => format!(
            "add `- name: {name}` to the container's `env` (a `value`, or `valueFrom.secretKeyRef`)"
        ),
        _ => format!("add `{name}` to the service's `environment` in the compose file"),
    };
    if listed || matches!(origin, Origin::Railway | Origin::FlyToml) {
        text + &outside
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    const PROCFILE: &str = "web: bundle exec puma -C config/puma.rb\n";
    const PUMA: &str = "workers ENV.fetch(\"WEB_CONCURRENCY\") { 2 }\nthreads 5, 5\n";
    const PRODUCTION: &str = "Rails.application.configure do\n  config.secret_key_base = ENV.fetch(\"SECRET_KEY_BASE\")\n  config.x.api_host = ENV.fetch(\"API_HOST\", \"api.example.com\")\n  config.x.debug = ENV[\"DEBUG_SQL\"].present?\nend\n";

    fn app(target: (&'static str, &'static str)) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Procfile", PROCFILE),
            ("config/puma.rb", PUMA),
            ("config/environments/production.rb", PRODUCTION),
            target,
        ]
    }

    fn names(f: &[crate::rules::Finding]) -> Vec<String> {
        let mut n: Vec<String> = f
            .iter()
            .map(|f| f.message.split('`').nth(1).unwrap_or("").to_string())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn render_misses_a_required_and_a_buildpack_variable() {
        let f = findings(
            RuleId::EG802,
            &app((
                "render.yaml",
                "services:\n  - type: web\n    name: app\n    runtime: ruby\n    startCommand: bundle exec puma -C config/puma.rb\n    envVars:\n      - key: RAILS_ENV\n        value: production\n",
            )),
        );
        assert_eq!(names(&f), ["SECRET_KEY_BASE", "WEB_CONCURRENCY"], "{f:#?}");
        assert!(f.iter().all(|f| f.related.len() == 1));
        // Set by value, in the dashboard, or generated: nothing to say.
        assert_clean(
            RuleId::EG802,
            &app((
                "render.yaml",
                "services:\n  - type: web\n    name: app\n    runtime: ruby\n    startCommand: bundle exec puma -C config/puma.rb\n    envVars:\n      - key: SECRET_KEY_BASE\n        generateValue: true\n      - key: WEB_CONCURRENCY\n        value: 2\n",
            )),
        );
    }

    #[test]
    fn kubernetes_env_and_envfrom() {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:1\n          env:\n            - name: SECRET_KEY_BASE\n              valueFrom:\n                secretKeyRef: {name: web, key: skb}\n";
        let f = findings(RuleId::EG802, &app(("k8s/web.yaml", deployment)));
        assert_eq!(names(&f), ["WEB_CONCURRENCY"], "{f:#?}");
        // `envFrom` a Secret egress cannot see: any name may come from it.
        let with_env_from = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:1\n          envFrom:\n            - secretRef:\n                name: web-env\n";
        assert_clean(RuleId::EG802, &app(("k8s/web.yaml", with_env_from)));
    }

    #[test]
    fn fly_secrets_and_railway_variables_live_outside_the_repository() {
        let fly = "app = \"x\"\n[processes]\n  web = \"bundle exec puma -C config/puma.rb\"\n[env]\n  RAILS_ENV = \"production\"\n";
        // A secret may be in `fly secrets`; WEB_CONCURRENCY belongs in [env].
        let f = findings(RuleId::EG802, &app(("fly.toml", fly)));
        assert_eq!(names(&f), ["WEB_CONCURRENCY"], "{f:#?}");
        let railway = r#"{"deploy": {"startCommand": "bundle exec puma -C config/puma.rb"}}"#;
        assert_clean(RuleId::EG802, &app(("railway.json", railway)));
        // With the manifest's list, egress judges every name.
        let mut files = app(("railway.json", railway));
        files.push((
            "migration-manifest.yml",
            "target:\n  platform: railway\n  timezone: UTC\n  variables: [SECRET_KEY_BASE]\n",
        ));
        let f = findings(RuleId::EG802, &files);
        assert_eq!(names(&f), ["WEB_CONCURRENCY"], "{f:#?}");
    }

    #[test]
    fn gunicorn_reads_the_buildpack_variables() {
        let files = [
            ("Procfile", "web: gunicorn harbor.wsgi --log-file -\n"),
            ("requirements.txt", "gunicorn==22.0.0\n"),
            (
                "render.yaml",
                "services:\n  - type: web\n    name: app\n    runtime: python\n    startCommand: gunicorn harbor.wsgi\n",
            ),
        ];
        let f = findings(RuleId::EG802, &files);
        assert_eq!(
            names(&f),
            ["FORWARDED_ALLOW_IPS", "WEB_CONCURRENCY"],
            "{f:#?}"
        );
        assert_clean(
            RuleId::EG802,
            &[
                ("Procfile", "web: gunicorn harbor.wsgi -w 4 --forwarded-allow-ips='*'\n"),
                (
                    "render.yaml",
                    "services:\n  - type: web\n    name: app\n    runtime: python\n    startCommand: gunicorn harbor.wsgi\n",
                ),
            ],
        );
    }

    #[test]
    fn no_target_test_code_and_platform_variables() {
        assert_clean(
            RuleId::EG802,
            &[
                ("Procfile", PROCFILE),
                ("config/puma.rb", PUMA),
                ("config/environments/production.rb", PRODUCTION),
            ],
        );
        assert_clean(
            RuleId::EG802,
            &[
                ("Procfile", "web: node server.js\n"),
                (
                    "server.js",
                    "const port = process.env.PORT;\nconst url = process.env.RENDER_EXTERNAL_URL;\n",
                ),
                ("test/setup.js", "const key = process.env.STRIPE_TEST_KEY;\n"),
                (
                    "render.yaml",
                    "services:\n  - type: web\n    name: app\n    runtime: node\n    startCommand: node server.js\n",
                ),
            ],
        );
    }
}
