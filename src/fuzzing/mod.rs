//! Entry points for the fuzz targets in `fuzz/` and for their replay in `tests/fuzz_replay.rs`.
//!
//! One function per target takes the fuzzer's bytes, decodes them (lossily: every input is some
//! text, and U+FFFD is a handy multi-byte character), runs one parser or extractor entry point and
//! asserts invariants that must hold for any input: spans lie within the text and on character
//! boundaries, a redacted connection string does not hold its password, machine-readable reports
//! parse. A panic here is a bug (or a broken invariant) for the fuzzer to report.
//!
//! Targets that read one file of a known format go through `extract::extract` with a path that
//! `discover::classify` maps to that format; where a target covers several formats, its first
//! byte picks the path from a fixed list (`PINS_PATHS`, `CRON_PATHS`, ...). `fuzz/seed.sh` reads
//! these lists to build the seed corpora, so keep each one a `const` array of string literals.

use std::borrow::Cow;
use std::path::Path;
use std::time::Duration;

use crate::discover::{classify, Lang};
use crate::extract::{self, Contract, Facts};
use crate::parse::lexer::{self, Syntax};
use crate::parse::{json, toml, yaml, Tree};
use crate::rules::{RuleId, RuleSet};
use crate::source::{FileId, Loc, Source, Span};

mod engine;
mod formats;
mod inventory;
mod parsers;
mod xml;

pub use engine::*;
pub use formats::*;
pub use inventory::*;
pub use parsers::*;
pub use xml::*;

/// A fuzz target: bytes in, a panic when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target by name (the name of its `fuzz/fuzz_targets/<name>.rs` and corpus folder).
pub const TARGETS: &[(&str, Target)] = &[
    ("yaml", yaml),
    ("json", json),
    ("toml", toml),
    ("lexer", lexer),
    ("connstr", connstr),
    ("cron_expr", cron_expr),
    ("procfile", procfile),
    ("pins", pins),
    ("env_file", env_file),
    ("sql", sql),
    ("cron_source", cron_source),
    ("code", code),
    ("suppressions", suppressions),
    ("manifest", manifest),
    ("contract", contract),
    ("config", config),
    ("baseline", baseline),
    ("platform", platform),
    ("redact", redact),
    ("engine", engine),
    ("schema_tls", schema_tls),
    ("shell", shell),
    ("automation", automation),
    ("builds", builds),
    ("runtime_req", runtime_req),
    ("heroku_yml", heroku_yml),
    ("render_yaml", render_yaml),
    ("fly_toml", fly_toml),
    ("railway", railway),
    ("kubernetes", kubernetes),
    ("ci", ci),
    ("hosts", hosts),
    ("heroku_exports", heroku_exports),
    ("rule_file", rule_file),
    ("path_query", path_query),
];

/// Files where hosts and Heroku-injected variables are found outside code reads (`hosts`: the
/// first byte picks one): code, structured config, env files, command files, a manifest.
pub const HOSTS_PATHS: &[&str] = &[
    "src/config.js",
    "config/settings.py",
    "config/cable.yml",
    "app.json",
    "config/production.json",
    "fly.toml",
    ".env.production",
    ".env.example",
    "Procfile",
    "Dockerfile",
    ".github/workflows/ci.yml",
    "docker-compose.yml",
    "migration-manifest.yml",
    "README.md",
];

/// Railway's config in both syntaxes (`railway`: the first byte picks one).
pub const RAILWAY_PATHS: &[&str] = &["railway.json", "railway.toml", "reports/railway.json"];

/// CI files whose steps are shell (`ci`: the first byte picks one).
pub const CI_PATHS: &[&str] = &[
    ".github/workflows/ci.yml",
    ".github/workflows/nightly.yaml",
    ".gitlab-ci.yml",
];

/// Platform files whose formats read services, health checks, env declarations and pre-deploy
/// steps (`platform`: the first byte picks one).
pub const PLATFORM_PATHS: &[&str] = &[
    "app.json",
    "docker-compose.yml",
    "compose.yaml",
    "Dockerfile",
    "Dockerfile.worker",
    "Procfile",
    "migration-contract.json",
    "pyproject.toml",
    "k8s/deployment.yaml",
    "deploy/task-definition.json",
];

/// Files that pin a runtime or tell the app's language (`pins`: the first byte picks one).
pub const PINS_PATHS: &[&str] = &[
    ".python-version",
    "runtime.txt",
    ".nvmrc",
    ".node-version",
    ".ruby-version",
    ".go-version",
    ".java-version",
    "elixir_buildpack.config",
    ".tool-versions",
    "mise.toml",
    "system.properties",
    "Gemfile",
    "Gemfile.lock",
    "go.mod",
    "package.json",
    "composer.json",
    "requirements.txt",
    "Pipfile",
    "pom.xml",
    "mix.exs",
    "pyproject.toml",
    "Dockerfile",
];

/// Files that say how an app is built and what the platform runs at steps of its life:
/// buildpack files, add-ons and scripts, rake files the Heroku Scheduler runs (`builds`: the
/// first byte picks one).
pub const BUILD_PATHS: &[&str] = &[
    "Aptfile",
    ".buildpacks",
    "app.json",
    "package.json",
    "lib/tasks/scheduler.rake",
    "Rakefile",
    "Dockerfile",
];

/// Files that hold schedules (`cron_source`).
pub const CRON_PATHS: &[&str] = &[
    "crontab",
    "etc/cron.d/app",
    "deploy/app.cron",
    "config/schedule.rb",
    "src/jobs.js",
    "src/jobs.ts",
    "k8s/cronjob.yaml",
    "config/sidekiq.yml",
    "config/schedule.yml",
    "migration-contract.json",
];

/// Code files, one or more per language (`code`).
pub const CODE_PATHS: &[&str] = &[
    "app/main.rb",
    "app/main.py",
    "src/main.js",
    "src/main.ts",
    "main.go",
    "src/Main.java",
    "src/Main.kt",
    "index.php",
    "lib/app.ex",
    "bin/run.sh",
    "db/migrate/20240101000000_enable_ext.rb",
    "migrations/0001_ext.py",
    "migrations/001_ext.js",
    "db/schema.rb",
    "bin/start",
    "Gemfile",
    "Dockerfile",
    "config/schedule.rb",
];

/// Files whose schema and TLS facts need their context: Redis, Sidekiq and Action Cable
/// configs, database clients in each language, schemas, dumps and migrations, env files, compose
/// env maps, the manifest and the contract (`schema_tls`: the first byte picks one).
pub const SCHEMA_TLS_PATHS: &[&str] = &[
    "config/cable.yml",
    "config/initializers/sidekiq.rb",
    "config/environments/production.rb",
    "config/database.yml",
    "app/settings.py",
    "src/db.js",
    "src/queue.ts",
    "internal/cache/redis.go",
    "config/production.json",
    "db/structure.sql",
    "db/schema.rb",
    "db/migrate/20240101000000_enable_ext.rb",
    "search/migrations/0001_initial.py",
    "app/models/account.rb",
    ".env.production",
    "docker-compose.yml",
    "Procfile",
    "migration-manifest.yml",
    "migration-contract.json",
];

/// Files that hold command lines or CI steps (`automation`: the first byte picks one).
pub const AUTOMATION_PATHS: &[&str] = &[
    "bin/deploy",
    "scripts/release.sh",
    "Makefile",
    "lib/tasks/deploy.rake",
    "Procfile",
    "package.json",
    "Dockerfile",
    ".github/workflows/deploy.yml",
    ".gitlab-ci.yml",
    ".circleci/config.yml",
    "bitbucket-pipelines.yml",
    ".travis.yml",
    ".env",
    "config/settings.py",
];

/// Files in every comment syntax a suppression can be written in (`suppressions`).
pub const SUPPRESSION_PATHS: &[&str] = &[
    "app/main.rb",
    "app/main.py",
    "src/main.js",
    "main.go",
    "index.php",
    "lib/app.ex",
    "bin/run.sh",
    "db/structure.sql",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "setup.py",
    "requirements.txt",
    ".env",
    "config/database.yml",
    "fly.toml",
    "Procfile",
    "Dockerfile",
    "crontab",
    "bin/start",
    "package.json",
];

/// The paths an `engine` input's files get (a byte picks one).
pub const ENGINE_PATHS: &[&str] = &[
    "Procfile",
    "app.json",
    "migration-manifest.yml",
    "migration-contract.json",
    ".env",
    ".env.production",
    "package.json",
    "composer.json",
    ".python-version",
    "runtime.txt",
    ".nvmrc",
    ".ruby-version",
    ".tool-versions",
    "mise.toml",
    "system.properties",
    "Gemfile",
    "Gemfile.lock",
    "go.mod",
    "requirements.txt",
    "Pipfile",
    "pyproject.toml",
    "Dockerfile",
    "docker-compose.yml",
    "crontab",
    "config/schedule.rb",
    "config/database.yml",
    "config/sidekiq.yml",
    "k8s/cronjob.yaml",
    "fly.toml",
    "tsconfig.json",
    "db/structure.sql",
    "db/schema.rb",
    "db/migrate/20240101000000_enable_ext.rb",
    "app/models/user.rb",
    "app/settings.py",
    "src/index.js",
    "src/jobs.ts",
    "main.go",
    "src/Main.java",
    "src/App.kt",
    "index.php",
    "lib/app.ex",
    "bin/start.sh",
    "bin/worker",
    "elixir_buildpack.config",
    "api/Procfile",
    "api/package.json",
    "api/.env",
    "api/migration-manifest.yml",
    ".github/workflows/ci.yml",
    "README.md",
];

/// Separates the files of an `engine` input.
pub const ENGINE_SEPARATOR: u8 = 0;
/// At most this many files per `engine` input.
pub const ENGINE_MAX_FILES: usize = 8;

const LANGS: &[Lang] = &[
    Lang::Ruby,
    Lang::Python,
    Lang::JavaScript,
    Lang::TypeScript,
    Lang::Go,
    Lang::Java,
    Lang::Kotlin,
    Lang::Php,
    Lang::Elixir,
    Lang::Shell,
];

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The first byte picks a path from `paths`; the rest is the file.
fn pick<'a>(data: &'a [u8], paths: &[&'static str]) -> Option<(&'static str, Cow<'a, str>)> {
    let (first, rest) = data.split_first()?;
    Some((paths[usize::from(*first) % paths.len()], text(rest)))
}

// ---------------------------------------------------------------------------------------------
// Invariants

/// A span of `text`: ordered, in bounds, on character boundaries.
#[track_caller]
fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} out of bounds (text is {} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} is not on character boundaries"
    );
}

#[track_caller]
fn check_offset(text: &str, offset: usize, what: &str) {
    check_span(text, Span::new(offset, offset), what);
}

/// Every location a file's facts point at, with what it is: every fact's own locations (the
/// facts table lists them all), and the spans inside a fact that fixes and masks use.
fn fact_locs(f: &Facts) -> Vec<(&'static str, Loc)> {
    let mut v: Vec<(&'static str, Loc)> = Vec::new();
    let mut all = f.clone();
    all.each_loc(&mut |at| v.push(("fact", *at)));
    for c in &f.connections {
        if let Some(t) = &c.tls_param {
            v.push((
                "tls parameter",
                Loc {
                    file: c.at.file,
                    span: t.span,
                },
            ));
        }
        if let Some((p, _)) = c.param_insert {
            v.push((
                "parameter insertion point",
                Loc {
                    file: c.at.file,
                    span: Span::new(p, p),
                },
            ));
        }
    }
    for a in &f.appended_queries {
        v.push((
            "appended query",
            Loc {
                file: a.at.file,
                span: a.query,
            },
        ));
        if let Some((at, _, _)) = &a.env_insert {
            v.push((
                "PGSSLMODE insertion point",
                Loc {
                    file: a.at.file,
                    span: Span::new(*at, *at),
                },
            ));
        }
    }
    for p in &f.pins {
        if let Some(s) = &p.slot {
            v.push((
                "version slot",
                Loc {
                    file: p.at.file,
                    span: s.span,
                },
            ));
        }
    }
    for j in &f.cron_jobs {
        if let Some(z) = &j.zone_fix {
            v.push((
                "zone fix",
                Loc {
                    file: j.at.file,
                    span: z.span,
                },
            ));
        }
    }
    for s in &f.suppressions {
        v.extend(s.rules.iter().map(|r| {
            (
                "suppressed rule",
                Loc {
                    file: s.at.file,
                    span: r.span,
                },
            )
        }));
    }
    v
}

/// The facts of one file (extracted as file `file`) against its text.
fn check_facts(text: &str, file: FileId, f: &Facts) {
    for (what, loc) in fact_locs(f) {
        assert_eq!(loc.file, file, "{what} points at another file");
        check_span(text, loc.span, what);
    }
    for s in &f.secrets {
        check_span(text, *s, "secret");
    }
    for c in &f.connections {
        let span = c.at.span;
        if let Some((at, _)) = c.param_insert {
            assert!(
                span.start <= at && at <= span.end,
                "parameter insertion point {at} outside its connection string {span:?}"
            );
        }
        // A URL's or key/value string's own parameter lies inside it; in a config object the
        // `ssl:` key is a sibling of `host:`, anywhere in the file (checked above).
        if let Some(t) = c
            .tls_param
            .as_ref()
            .filter(|_| c.form != crate::facts::ConnForm::Keys)
        {
            assert!(span.contains(t.span), "tls parameter outside its string");
        }
    }
    for sh in &f.shell_commands {
        assert!(!sh.text.trim().is_empty(), "an empty shell command");
        assert_eq!(
            sh.lines.first().map(|l| l.0),
            Some(0),
            "shell line map starts at 0"
        );
        for w in sh.lines.windows(2) {
            assert!(
                w[0].0 < w[1].0 && w[0].1 <= w[1].1,
                "shell line map not ascending: {:?}",
                sh.lines
            );
        }
        for (i, _) in sh
            .text
            .char_indices()
            .chain(std::iter::once((sh.text.len(), ' ')))
        {
            let at = sh.file_offset(i);
            assert!(
                sh.at.span.start <= at && at <= sh.at.span.end,
                "shell offset {i} maps outside its command ({at} not in {:?})",
                sh.at.span
            );
        }
    }
    for s in &f.suppressions {
        for r in &s.rules {
            assert_eq!(
                &text[r.span.start..r.span.end],
                r.name,
                "suppressed rule span"
            );
        }
        assert!(
            text[s.at.span.start..s.at.span.end].starts_with("egress-ignore"),
            "suppression span does not start at its directive"
        );
        if let extract::SuppressionScope::Line(n) = s.scope {
            let lines = text.matches('\n').count() + 1;
            assert!(
                (1..=lines + 1).contains(&n),
                "suppression covers line {n} of {lines}"
            );
        }
    }
}

/// Extract one file the way the engine does and check its facts.
fn extract_file(path: &str, text: &str) -> Facts {
    let path = Path::new(path);
    let src = Source {
        path: path.to_path_buf(),
        kind: classify(path),
        root_depth: 0,
        text: text.to_string(),
        reported: true,
    };
    let facts = extract::extract(&src, 0);
    check_facts(text, 0, &facts);
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_check() {
        assert!(check_xml("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; &#x41;</a>\n").is_ok());
        for bad in [
            "<a>",
            "<a></b>",
            "<a>x < y</a>",
            "<a x=\"\"\"/>",
            "<a>&bogus;</a>",
            "<a/><b/>",
            "<a>\u{1}</a>",
            "text",
        ] {
            assert!(check_xml(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_target_runs_on_small_inputs() {
        for (name, target) in TARGETS {
            for input in [&b""[..], b"\0", b"\xff\xfe", "é 日本 🚀\r\n".as_bytes()] {
                let r = std::panic::catch_unwind(|| target(input));
                assert!(r.is_ok(), "{name} panicked on {input:?}");
            }
        }
    }

    #[test]
    fn engine_inputs_pick_paths_and_skip_repeats() {
        let procfile = ENGINE_PATHS.len() as u8;
        let mut data = vec![procfile];
        data.extend(b"web: x\0");
        data.push(procfile);
        data.extend(b"again\0\x04A=1");
        let files = engine_files(&data);
        assert_eq!(
            files,
            vec![
                ("Procfile", "web: x".to_string()),
                (".env", "A=1".to_string())
            ]
        );
    }
}
