//! Shared by the EG8xx parity rules: an app's target configs (render.yaml, fly.toml, a Railway
//! config, its Kubernetes manifests, compose files), one per platform file.

use std::path::Path;

use crate::facts::{Contract, Origin, Service, ServiceKind};
use crate::source::Loc;

/// One target config of an app: a platform file and the services it declares. The Kubernetes
/// manifests of an app count as one, and so do its Railway configs (one file per service).
pub(super) struct Target<'a> {
    pub origin: Origin,
    /// Where the finding goes: its first lasting service.
    pub first: Loc,
    pub services: Vec<&'a Service>,
}

/// Two folders of one app: one holds the other (render.yaml at the repository root, the
/// Procfile in the service's `rootDir`).
pub(super) fn same_app(a: &Path, b: &Path) -> bool {
    under(a, b) || under(b, a)
}

/// `a` is `b` or below it. The walk's paths are clean (no `.`, no doubled or trailing `/`), so
/// bytes compare as components do, without `Path::starts_with`'s parsing: parity rules ask
/// this for every service of every target config, once per app.
fn under(a: &Path, b: &Path) -> bool {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    b.is_empty()
        || (a.starts_with(b) && (a.len() == b.len() || a[b.len()] == b'/' || b.ends_with(b"/")))
}

/// The platform's config of one app is spread over several files.
pub(super) fn spread(o: Origin) -> bool {
    matches!(o, Origin::Kubernetes | Origin::Railway)
}

/// The target configs of the app in `dir` that run at least one lasting service (a folder of
/// Kubernetes CronJobs ports the schedule, not the app), in file order.
pub(super) fn targets<'a>(c: &'a Contract, dir: &Path) -> Vec<Target<'a>> {
    configs(c, dir)
        .into_iter()
        .filter_map(|mut t| {
            t.first = t.services.iter().find(|s| s.kind != ServiceKind::Cron)?.at;
            Some(t)
        })
        .collect()
}

/// Every target config of the app in `dir`, those that only run scheduled jobs too; `first`
/// is its first service.
pub(super) fn configs<'a>(c: &'a Contract, dir: &Path) -> Vec<Target<'a>> {
    let mut out: Vec<(Origin, Option<crate::source::FileId>, Target<'a>)> = Vec::new();
    let mut services: Vec<&Service> = c
        .facts
        .services
        .iter()
        .filter(|s| {
            s.origin.is_target_config() && !c.in_test_code(s.at) && same_app(dir, c.dir_of(s.at))
        })
        .filter(|s| s.origin != Origin::Compose || compose_is_the_target(c, dir))
        .collect();
    services.sort_by_key(|s| (s.at.file, s.at.span.start));
    for s in services {
        let file = (!spread(s.origin)).then_some(s.at.file);
        match out
            .iter_mut()
            .find(|(o, f, _)| *o == s.origin && *f == file)
        {
            Some((_, _, t)) => t.services.push(s),
            None => out.push((
                s.origin,
                file,
                Target {
                    origin: s.origin,
                    first: s.at,
                    services: vec![s],
                },
            )),
        }
    }
    out.into_iter().map(|(_, _, t)| t).collect()
}

/// Most compose files run the app on a developer's machine, beside its database: they are the
/// target only when the migration manifest says the app moves to a compose-based platform.
pub(super) fn compose_is_the_target(c: &Contract, dir: &Path) -> bool {
    c.manifest_for(dir)
        .and_then(|m| m.target_platform.as_ref())
        .is_some_and(|p| crate::facts::is_compose_platform(&p.value))
}

/// A command with its white space collapsed, for comparing two files' spelling of it.
pub(super) fn norm(command: &str) -> String {
    command.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a command that say what it runs: past leading `VAR=value` assignments and
/// wrappers (`exec`, `env`, `bundle exec`, Heroku buildpacks' `bin/start-*`, `newrelic-admin
/// run-program`, `sh -c`), without flags and `$VARIABLES`.
fn words(command: &str) -> Vec<&str> {
    let mut t: Vec<&str> = command
        .split_whitespace()
        .map(|w| w.trim_matches(['"', '\'']))
        .collect();
    loop {
        match t.as_slice() {
            [w, ..] if w.contains('=') && !w.starts_with('-') => t.remove(0),
            ["exec" | "env", ..] => t.remove(0),
            [w, ..] if w.starts_with("bin/start-") => t.remove(0),
            ["bundle", "exec", ..] | ["newrelic-admin", "run-program", ..] => {
                t.drain(..2);
                continue;
            }
            // A container's `command: ["/bin/sh", "-c", "..."]` runs the script it is given.
            [sh, "-c", ..] if matches!(sh.rsplit('/').next(), Some("sh" | "bash")) => {
                t.drain(..2);
                continue;
            }
            _ => break,
        };
    }
    t.into_iter()
        .filter(|w| !w.is_empty() && !w.starts_with(['-', '$']))
        .collect()
}

/// Two commands run the same process: the same program, and one's words all among the
/// other's (`celery -A app worker -B` and `celery -A app worker -l info`; `sidekiq` and
/// `sidekiq -C config/sidekiq.yml`), not `celery ... beat` for `celery ... worker`.
pub(super) fn same_process(a: &str, b: &str) -> bool {
    if norm(a) == norm(b) {
        return !a.trim().is_empty();
    }
    // The program by its name, wherever it is run from (`bin/rails` and `rails`).
    let program = |c: &str| -> Vec<String> {
        words(c)
            .into_iter()
            .enumerate()
            .map(|(i, w)| match i {
                0 => w.rsplit('/').next().unwrap_or(w).to_string(),
                _ => w.to_string(),
            })
            .collect()
    };
    let (a, b) = (program(a), program(b));
    match (a.first(), b.first()) {
        (Some(x), Some(y)) if x == y => {
            a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{same_app, same_process};
    use std::path::Path;

    #[test]
    fn same_app_by_whole_components() {
        let p = Path::new;
        assert!(same_app(p("services/api"), p("services/api/k8s")));
        assert!(same_app(p("services/api/k8s"), p("services/api")));
        assert!(same_app(p(""), p("services/api")));
        assert!(same_app(p("/"), p("/srv/app")));
        assert!(same_app(p("services/api"), p("services/api")));
        assert!(!same_app(p("services/api"), p("services/api-gateway")));
        assert!(!same_app(p("services/web"), p("services/api")));
    }

    #[test]
    fn same_process_across_spellings() {
        assert!(same_process(
            "bin/start-pgbouncer newrelic-admin run-program celery -A reefwatch.celery:app worker -B -l $LEVEL",
            "celery -A reefwatch.celery:app worker -l info"
        ));
        assert!(same_process(
            "bundle exec sidekiq -C config/sidekiq.yml",
            "bundle exec sidekiq"
        ));
        assert!(!same_process("celery -A app worker", "celery -A app beat"));
        assert!(same_process(
            "bin/rails invoices:remind",
            "bundle exec rails invoices:remind"
        ));
        assert!(same_process(
            "bin/run-job remind",
            "/bin/sh -c 'bin/run-job remind'"
        ));
        assert!(!same_process("node dist/worker.js", "node dist/server.js"));
        assert!(!same_process("", ""));
    }
}
