//! The inventory of a repository, from the engine's facts (no file is read again).
//!
//! What the committed contract itself says is left out (its facts are the previous inventory:
//! reading them back would make `--check` agree with itself), and so is test code.

use std::collections::BTreeMap;
use std::path::Path;

use super::values::masked;
use super::{Addon, Dyno, EnvVar, Extension, Health, Inventory, Release, RuntimeEntry, Schedule};
use crate::facts::{Contract, CronOrigin, DefaultZone, EnvValue, ExtOrigin, Origin};
use crate::source::{Loc, SourceKind};

/// Where a fact is, as the contract names it: `path:line`, the path relative to `root` with
/// `/` separators.
pub fn source(c: &Contract, root: &Path, at: Loc) -> String {
    let file = c.file(at.file);
    let rel = file.path.strip_prefix(root).unwrap_or(&file.path);
    let path: Vec<String> = rel
        .components()
        .map(|p| p.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (line, _) = file.line_col(at.span.start);
    format!("{}:{line}", path.join("/"))
}

/// The process types Heroku runs come from these files; the target's configs have services of
/// their own, which are not dynos.
fn heroku_side(origin: Origin) -> bool {
    matches!(
        origin,
        Origin::Procfile | Origin::HerokuYml | Origin::AppJson
    )
}

/// The config var an add-on's attachment sets, for the add-ons whose variable is `<AS>_URL`.
fn attachment_var(service: &str, attachment: Option<&str>, alone: bool) -> Option<String> {
    let default = match service {
        "heroku-postgresql" => "DATABASE",
        "heroku-redis" => "REDIS",
        _ => return None,
    };
    // A second add-on of the same service without `as` gets a generated name (a colour).
    match attachment {
        Some(a) if !a.trim().is_empty() => Some(format!("{}_URL", a.trim().to_ascii_uppercase())),
        _ => alone.then(|| format!("{default}_URL")),
    }
}

/// The zone a schedule runs in, as the inventory writes it: the one it names, `UTC`, `rails`
/// (Fugit schedulers in a Rails app follow `config.time_zone`, UTC by default, unless `TZ` is
/// set), `host` or `undocumented`.
fn zone(origin: CronOrigin, timezone: Option<&str>, in_rails: bool) -> String {
    match (timezone, origin.default_zone()) {
        (Some(tz), _) => tz.to_string(),
        (None, _) if in_rails && origin.follows_rails_zone() => "rails".into(),
        (None, DefaultZone::Utc) => "UTC".into(),
        (None, DefaultZone::Host) => "host".into(),
        (None, DefaultZone::Undocumented) => "undocumented".into(),
    }
}

/// Build the inventory of the files under `root` from their facts.
pub fn from_facts(c: &Contract, root: &Path) -> Inventory {
    let keep =
        |at: Loc| !c.in_test_code(at) && c.file(at.file).kind != SourceKind::MigrationContract;
    let src = |at: Loc| source(c, root, at);
    let f = &c.facts;
    let mut inv = Inventory::default();
    // The repository's entries, merged once at the end (same-named ones become one).
    let mut repo = Inventory::default();

    for s in f
        .services
        .iter()
        .filter(|s| heroku_side(s.origin) && keep(s.at))
    {
        repo.dynos.push(Dyno {
            kind: s.name.clone(),
            command: Some(masked(&s.command)).filter(|c| !c.trim().is_empty()),
            sources: vec![src(s.at)],
            ..Dyno::default()
        });
    }

    let add_ons: Vec<_> = f
        .add_ons
        .iter()
        .filter(|a| a.environment.is_none() && keep(a.at))
        .collect();
    for a in &add_ons {
        let alone = add_ons
            .iter()
            .filter(|b| b.service == a.service && b.at.file == a.at.file)
            .count()
            == 1;
        inv.addons.push(Addon {
            service: a.service.clone(),
            plan: a.plan.clone(),
            attachments: attachment_var(&a.service, a.attachment.as_deref(), alone)
                .into_iter()
                .collect(),
            sources: vec![src(a.at)],
            ..Addon::default()
        });
    }

    // A CI job's variables are the pipeline's (a test database), not the app's. What the
    // target's configs set is listed apart: it is not what the app has on Heroku.
    let ci = |o: Origin| matches!(o, Origin::GithubActions | Origin::GitlabCi);
    // By name: a large tree reads some variables thousands of times.
    let mut vars: BTreeMap<String, EnvVar> = BTreeMap::new();
    for d in f.env_decls.iter().filter(|d| keep(d.at) && !ci(d.origin)) {
        if d.origin.is_target() {
            env(&mut vars, &d.name, d.secret, None, Where::Target(src(d.at)));
            continue;
        }
        let shape = match &d.value {
            EnvValue::Literal(v) if !d.secret && v != crate::redact::MASK => {
                Some(super::values::shape(v).to_string())
            }
            _ => None,
        };
        env(
            &mut vars,
            &d.name,
            d.secret,
            shape,
            Where::Declared(src(d.at)),
        );
    }
    for k in f.env_keys.iter().filter(|k| keep(k.at)) {
        let shape = k.shape.map(str::to_string);
        env(
            &mut vars,
            &k.name,
            k.secret,
            shape,
            Where::Declared(src(k.at)),
        );
    }
    // Every variable code reads (the engine's second look, asked for with `env_uses`), the
    // watched ones the first pass found (also in command files: a Procfile's `$DYNO`), and
    // watched ones config values name (`<%= ENV["REDIS_URL"] %>` in a YAML file).
    let reads = f
        .env_uses
        .iter()
        .map(|u| (u.at, u.name.as_str()))
        .chain(f.env_reads.iter().map(|r| (r.at, r.name.as_str())))
        .chain(
            f.env_mentions
                .iter()
                .filter(|m| !m.key)
                .map(|m| (m.at, m.name.as_str())),
        );
    for (at, name) in reads.filter(|(at, _)| keep(*at)) {
        let secret = crate::extract::is_secret_key(name);
        env(&mut vars, name, secret, None, Where::Read(src(at)));
    }
    for mut v in vars.into_values() {
        v.sources = one_per_file(&v.sources);
        v.read_at = one_per_file(&v.read_at);
        v.target_at = one_per_file(&v.target_at);
        inv.env_vars.push(v);
    }

    for e in f
        .extensions_enabled
        .iter()
        .filter(|e| e.origin != ExtOrigin::Contract && keep(e.at))
    {
        repo.extensions.push(Extension {
            name: e.name.clone(),
            sources: vec![src(e.at)],
            ..Extension::default()
        });
    }

    for j in f
        .cron_jobs
        .iter()
        .filter(|j| j.origin != CronOrigin::HerokuScheduler && keep(j.at))
    {
        repo.schedules.push(Schedule {
            kind: j.origin.describe().to_string(),
            schedule: j.schedule.clone(),
            command: j.name.as_deref().map(masked),
            zone: zone(j.origin, j.timezone.as_deref(), c.in_rails_app(j.at)),
            sources: vec![src(j.at)],
        });
    }

    for p in f.pins.iter().filter(|p| keep(p.at)) {
        repo.runtimes.push(RuntimeEntry {
            runtime: p.runtime.name().to_string(),
            version: p.version.clone(),
            sources: vec![src(p.at)],
        });
    }
    for h in f.health_checks.iter().filter(|h| keep(h.at)) {
        repo.health.push(Health {
            probe: masked(&h.probe),
            sources: vec![src(h.at)],
        });
    }
    for r in f.pre_deploys.iter().filter(|r| keep(r.at)) {
        repo.release.push(Release {
            command: masked(&r.command),
            sources: vec![src(r.at)],
        });
    }
    inv.merge(repo);
    inv.normalise();
    inv
}

/// Where the repository names a variable.
enum Where {
    Declared(String),
    Read(String),
    Target(String),
}

/// Record a variable where the repository names it; the first shape seen stays.
fn env(
    vars: &mut BTreeMap<String, EnvVar>,
    name: &str,
    secret: bool,
    shape: Option<String>,
    at: Where,
) {
    let var = vars.entry(name.to_string()).or_insert_with(|| EnvVar {
        name: name.to_string(),
        ..EnvVar::default()
    });
    var.secret |= secret;
    if var.shape.is_none() {
        var.shape = shape;
    }
    match at {
        Where::Declared(s) => var.sources.push(s),
        Where::Read(s) => var.read_at.push(s),
        Where::Target(s) => var.target_at.push(s),
    }
}

/// The first place in each file (a variable read on 40 lines of one file is one entry).
fn one_per_file(sources: &[String]) -> Vec<String> {
    let mut sorted = sources.to_vec();
    sorted.sort_by_key(|a| super::source_order(a));
    let mut seen: Vec<String> = Vec::new();
    sorted.retain(|s| {
        let file = s
            .rsplit_once(':')
            .map_or(s.as_str(), |(f, _)| f)
            .to_string();
        if seen.contains(&file) {
            false
        } else {
            seen.push(file);
            true
        }
    });
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory(files: &[(&str, &str)]) -> Inventory {
        let (c, _) = crate::engine::lint_memory(files, &crate::rules::RuleSet::empty());
        from_facts(&c, Path::new(""))
    }

    #[test]
    fn the_heroku_side_the_target_and_code_each_in_their_place() {
        let inv = inventory(&[
            ("Procfile", "web: bin/web\nrelease: bin/migrate\n"),
            (
                "app.json",
                r#"{"env": {"SIGNING_SECRET": {"required": true}, "RAILS_ENV": "production"},
                    "addons": ["heroku-postgresql:essential-0", {"plan": "heroku-redis:mini", "as": "CACHE"}, "scheduler:standard"],
                    "environments": {"test": {"addons": ["heroku-redis:mini"]}}}"#,
            ),
            (".env.example", "STRIPE_API_KEY=\nPORT=5000\n"),
            ("render.yaml", "services:\n  - type: web\n    name: web\n    runtime: ruby\n    envVars:\n      - key: PROCESS_TYPE\n        value: web\n"),
            (".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      CI_DB: postgres://localhost/t\n    steps:\n      - run: make\n"),
            ("lib/instance.rb", "ID = ENV[\"DYNO\"]\nFLAGS = ENV.fetch(\"FEATURE_FLAGS\", \"\")\n"),
            ("spec/instance_spec.rb", "ENV[\"HEROKU_APP_NAME\"]\n"),
            ("migration-contract.json", r#"{"dynos": [{"type": "clock", "command": "x"}], "scheduledJobs": [{"command": "rake a", "schedule": "0 3 * * *"}]}"#),
            ("crontab", "0 3 * * * /app/bin/report\n"),
        ]);
        let dynos: Vec<_> = inv.dynos.iter().map(|d| d.kind.as_str()).collect();
        assert_eq!(
            dynos,
            ["release", "web"],
            "the committed contract is not read back"
        );
        assert_eq!(inv.release[0].command, "bin/migrate");
        assert!(
            inv.scheduled_jobs.is_empty(),
            "Scheduler jobs come from exports only"
        );
        assert_eq!(inv.schedules[0].zone, "host");
        let addons: Vec<_> = inv
            .addons
            .iter()
            .map(|a| (a.service.as_str(), a.attachments.clone()))
            .collect();
        assert_eq!(
            addons,
            [
                ("heroku-postgresql", vec!["DATABASE_URL".to_string()]),
                ("heroku-redis", vec!["CACHE_URL".to_string()]),
                ("scheduler", vec![]),
            ]
        );
        let var = |n: &str| inv.env_vars.iter().find(|v| v.name == n);
        assert_eq!(var("SIGNING_SECRET").unwrap().sources, ["app.json:1"]);
        assert!(var("SIGNING_SECRET").unwrap().secret);
        assert_eq!(var("RAILS_ENV").unwrap().shape.as_deref(), Some("string"));
        assert!(var("STRIPE_API_KEY").unwrap().secret);
        assert_eq!(
            var("STRIPE_API_KEY").unwrap().shape,
            None,
            "empty in the example"
        );
        assert_eq!(var("PORT").unwrap().shape.as_deref(), Some("number"));
        let p = var("PROCESS_TYPE").unwrap();
        assert!(
            p.sources.is_empty() && p.target_at == ["render.yaml:6"],
            "{p:?}"
        );
        assert_eq!(var("DYNO").unwrap().read_at, ["lib/instance.rb:1"]);
        assert_eq!(var("FEATURE_FLAGS").unwrap().read_at, ["lib/instance.rb:2"]);
        assert!(
            var("CI_DB").is_none(),
            "a CI job's variables are not the app's"
        );
        assert!(var("HEROKU_APP_NAME").is_none(), "test code is left out");
    }
}
