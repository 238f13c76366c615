//! EG203 process-type-env-undeclared: code reads `DYNO` and the migration manifest names no
//! `target.process_type_env`, or code reads the variable the manifest names and no target
//! config sets it.

use std::path::Path;

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, EnvRead, Manifest};
use crate::source::{Loc, Span};

pub struct ProcessTypeEnvUndeclared;

/// Reads listed as related locations, at most.
const MAX_RELATED: usize = 10;

impl Rule for ProcessTypeEnvUndeclared {
    fn id(&self) -> RuleId {
        RuleId::EG203
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .manifests
            .iter()
            .filter(|m| m.source_is_heroku() && !c.in_test_or_example(manifest_loc(m)))
            .filter_map(|m| match &m.process_type_env {
                None => no_variable(c, m),
                Some(var) => unset_variable(c, m, &var.value, var.at),
            })
            .collect()
    }
}

fn manifest_loc(m: &Manifest) -> Loc {
    m.target.unwrap_or(Loc {
        file: m.file,
        span: Span::new(0, 0),
    })
}

/// Reads of `name` in code the manifest governs (the nearest manifest above the file).
fn reads<'c>(c: &'c Contract, m: &Manifest, name: &str) -> Vec<&'c EnvRead> {
    c.facts
        .env_reads
        .iter()
        .filter(|r| r.name == name && !c.in_test_or_example(r.at))
        .filter(|r| {
            c.manifest_for(c.dir_of(r.at))
                .is_some_and(|g| g.file == m.file)
        })
        .collect()
}

/// Code reads `DYNO`, and the manifest does not say what replaces it.
fn no_variable(c: &Contract, m: &Manifest) -> Option<Finding> {
    let dyno = reads(c, m, "DYNO");
    if dyno.is_empty() {
        return None;
    }
    let mut f = Finding::new(
        RuleId::EG203,
        manifest_loc(m),
        format!(
            "code reads `DYNO` ({} place{}) and the manifest names no `target.process_type_env`",
            dyno.len(),
            if dyno.len() == 1 { "" } else { "s" }
        ),
    )
    .label("which variable tells a process its type on the target?")
    .help(
        "add `process_type_env: PROCESS_TYPE` under `target:`, set `PROCESS_TYPE` in each service \
         of the target config, and read it where the code reads `DYNO`",
    );
    for r in dyno.iter().take(MAX_RELATED) {
        f = f.related(r.at, "reads `DYNO`");
    }
    Some(f)
}

/// Code reads the manifest's process-type variable, and no target config sets it.
fn unset_variable(c: &Contract, m: &Manifest, var: &str, setting: Loc) -> Option<Finding> {
    if var.trim().is_empty() || var == "DYNO" {
        return None;
    }
    let read = reads(c, m, var);
    let first = read.first()?;
    let root = c.file(m.file).dir();
    let related_dir = |loc: Loc| {
        let d = c.dir_of(loc);
        d.starts_with(root) || root.starts_with(d)
    };
    let assigns = format!("{var}=");
    let declared = c
        .facts
        .env_decls
        .iter()
        .any(|d| d.name == var && d.origin.is_target() && related_dir(d.at));
    let in_command = c.facts.services.iter().any(|s| {
        s.origin.is_target() && related_dir(s.at) && sets_in_command(&s.command, &assigns)
    });
    if declared || in_command {
        return None;
    }
    let targets = target_configs(c, root);
    let mut f = Finding::new(
        RuleId::EG203,
        first.at,
        if targets.is_empty() {
            format!("reads `{var}`, the manifest's process-type variable, and no target config sets it")
        } else {
            format!("reads `{var}`, the manifest's process-type variable, which no target config sets")
        },
    )
    .label("unset on the target: every process takes the same branch")
    .help(format!(
        "set `{var}` in each service of the target config (render.yaml `envVars`, fly.toml \
         `[env]` per process group, the Kubernetes container's `env`, compose `environment`), or in \
         each start command (`{var}=web bin/web`)"
    ))
    .related(setting, format!("the manifest names `{var}` here"));
    for r in read.iter().skip(1).take(MAX_RELATED) {
        f = f.related(r.at, format!("reads `{var}`"));
    }
    for at in targets {
        f = f.related(at, format!("sets no `{var}`"));
    }
    Some(f)
}

/// `VAR=value` at the start of a command or after white space (`env VAR=web bin/web`).
fn sets_in_command(command: &str, assigns: &str) -> bool {
    command.match_indices(assigns).any(|(i, _)| {
        command[..i]
            .chars()
            .next_back()
            .is_none_or(|ch| ch.is_whitespace() || ch == '"' || ch == '\'')
    })
}

/// The target configs of the app (one location each: where their first service or variable is).
fn target_configs(c: &Contract, root: &Path) -> Vec<Loc> {
    let mut locs: Vec<Loc> = c
        .facts
        .services
        .iter()
        .filter(|s| s.origin.is_target())
        .map(|s| s.at)
        .chain(
            c.facts
                .env_decls
                .iter()
                .filter(|d| d.origin.is_target())
                .map(|d| d.at),
        )
        .filter(|at| c.dir_of(*at).starts_with(root) && !c.in_test_or_example(*at))
        .collect();
    locs.sort_by_key(|l| (l.file, l.span.start));
    locs.dedup_by_key(|l| l.file);
    locs
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    const MANIFEST: &str =
        "source:\n  platform: heroku\ntarget:\n  platform: render\n  process_type_env: APP_ROLE\n";

    #[test]
    fn dyno_read_without_a_manifest_variable() {
        let f = findings(
            RuleId::EG203,
            &[
                ("migration-manifest.yml", "target:\n  platform: render\n"),
                ("app/a.rb", "ENV['DYNO']\n"),
                ("app/b.rb", "x = ENV.fetch('DYNO', 'web.1')\n"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].related.len(), 2);
        assert!(f[0].message.contains("2 places"));
    }

    #[test]
    fn an_unusual_variable_is_found_and_checked_against_target_configs() {
        let read = ("config/puma.rb", "workers 2 if ENV['APP_ROLE'] == 'web'\n");
        let f = findings(RuleId::EG203, &[("migration-manifest.yml", MANIFEST), read]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].related.len(), 1);
        // A render.yaml that does not set it is named.
        let render = "services:\n  - type: web\n    name: web\n    runtime: ruby\n    startCommand: bin/web\n";
        let f = findings(
            RuleId::EG203,
            &[
                ("migration-manifest.yml", MANIFEST),
                read,
                ("render.yaml", render),
            ],
        );
        assert_eq!(f[0].related.len(), 2, "{f:#?}");
        // Set in the service's env, or in its start command: silent.
        let set = "services:\n  - type: web\n    name: web\n    runtime: ruby\n    startCommand: bin/web\n    envVars:\n      - key: APP_ROLE\n        value: web\n";
        assert_clean(
            RuleId::EG203,
            &[
                ("migration-manifest.yml", MANIFEST),
                read,
                ("render.yaml", set),
            ],
        );
        let cmd = "services:\n  - type: web\n    name: web\n    runtime: ruby\n    startCommand: APP_ROLE=web bin/web\n";
        assert_clean(
            RuleId::EG203,
            &[
                ("migration-manifest.yml", MANIFEST),
                read,
                ("render.yaml", cmd),
            ],
        );
    }

    #[test]
    fn fly_process_groups_set_it_in_their_commands() {
        let manifest = "target:\n  platform: fly\n  process_type_env: PROCESS_TYPE\n";
        let read = (
            "app/role.py",
            "import os\nROLE = os.environ.get('PROCESS_TYPE')\n",
        );
        let fly = |web: &str| format!("app = \"x\"\n\n[processes]\n  web = \"{web}\"\n");
        let unset = fly("bundle exec puma");
        let set = fly("env PROCESS_TYPE=web bundle exec puma");
        assert_fires(
            RuleId::EG203,
            &[
                ("migration-manifest.yml", manifest),
                read,
                ("fly.toml", &unset),
            ],
            2,
        );
        assert_clean(
            RuleId::EG203,
            &[
                ("migration-manifest.yml", manifest),
                read,
                ("fly.toml", &set),
            ],
        );
    }

    #[test]
    fn no_read_no_manifest_or_test_code_is_silent() {
        assert_clean(RuleId::EG203, &[("migration-manifest.yml", MANIFEST)]);
        assert_clean(RuleId::EG203, &[("app/a.rb", "ENV['DYNO']\n")]);
        assert_clean(
            RuleId::EG203,
            &[
                ("migration-manifest.yml", MANIFEST),
                ("spec/role_spec.rb", "ENV['APP_ROLE']\n"),
                ("app/a.rb", "# ENV['APP_ROLE']\nENV['APP_ROLE_NAME']\n"),
            ],
        );
    }

    #[test]
    fn reads_outside_the_manifests_folder_belong_to_no_manifest() {
        assert_clean(
            RuleId::EG203,
            &[
                ("svc/migration-manifest.yml", MANIFEST),
                ("other/app.rb", "ENV['APP_ROLE']\n"),
            ],
        );
    }
}
