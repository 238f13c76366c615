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

// ---------------------------------------------------------------------------------------------
// Parsers

fn check_yaml_node(text: &str, n: &yaml::Node) {
    check_span(text, n.span, "YAML node");
    match &n.value {
        yaml::Value::Seq(items) => items.iter().for_each(|i| check_yaml_node(text, i)),
        yaml::Value::Map(entries) => {
            for (k, v) in entries {
                check_yaml_node(text, k);
                check_yaml_node(text, v);
            }
        }
        yaml::Value::Scalar { .. } | yaml::Value::Alias => {}
    }
}

/// `parse::yaml::parse` and `validate`: spans of every node, error offsets, and a stream that
/// parses also validates.
pub fn yaml(data: &[u8]) {
    let text = text(data);
    let parsed = yaml::parse(&text);
    let valid = yaml::validate(&text);
    match &parsed {
        Ok(docs) => {
            assert!(valid.is_ok(), "parses but does not validate: {valid:?}");
            for d in docs {
                check_yaml_node(&text, d);
                let mut n = 0usize;
                d.walk_scalars(&mut Vec::new(), &mut |_, s| {
                    n += 1;
                    check_span(&text, s.span, "YAML scalar");
                });
                let _ = d.path(&["spec", "schedule"]);
                let _ = d.as_value_str();
            }
        }
        Err(e) => check_offset(&text, e.offset, "YAML parse error"),
    }
    if let Err(e) = &valid {
        check_offset(&text, e.offset, "YAML validate error");
        assert!(parsed.is_err(), "validate fails but parse succeeds");
    }
}

fn check_json_node(text: &str, n: &json::Node) {
    check_span(text, n.span, "JSON node");
    match &n.value {
        json::Value::Array(items) => items.iter().for_each(|i| check_json_node(text, i)),
        json::Value::Object(entries) => {
            for (k, v) in entries {
                check_json_node(text, k);
                check_json_node(text, v);
            }
        }
        _ => {}
    }
}

/// `parse::json::parse`, lenient and strict: spans, error offsets, and what strict accepts
/// lenient accepts the same way.
pub fn json(data: &[u8]) {
    let text = text(data);
    let lenient = json::parse(&text, true);
    let strict = json::parse(&text, false);
    for r in [&lenient, &strict] {
        match r {
            Ok(root) => {
                check_json_node(&text, root);
                root.walk_strings(&mut Vec::new(), &mut |_, s| {
                    check_span(&text, s.span, "JSON string")
                });
            }
            Err(e) => check_offset(&text, e.offset, "JSON parse error"),
        }
    }
    if let Ok(s) = &strict {
        assert_eq!(
            lenient.as_ref().ok(),
            Some(s),
            "strict JSON read differently when lenient"
        );
    }
}

/// `parse::toml::parse`: string spans, error offsets, key lookups.
pub fn toml(data: &[u8]) {
    let text = text(data);
    match toml::parse(&text) {
        Ok(table) => {
            toml::walk_strings(table.get_ref(), &mut Vec::new(), &mut |_, _, span| {
                check_span(&text, span, "TOML string")
            });
            for keys in [
                &["tools", "python"][..],
                &["build", "image"],
                &["env", "DATABASE_URL"],
                &["a"],
            ] {
                if let Some((_, span)) = toml::get_str(table.get_ref(), keys) {
                    check_span(&text, span, "TOML value");
                }
            }
        }
        Err(e) => check_offset(&text, e.offset, "TOML parse error"),
    }
}

/// `parse::lexer::lex` with every syntax: masked text keeps the length and every byte outside
/// comments, comments are blanked, spans are in order and on character boundaries.
pub fn lexer(data: &[u8]) {
    let text = text(data);
    let syntaxes = [Syntax::SQL, Syntax::HASH, Syntax::SLASHES, Syntax::MARKUP]
        .into_iter()
        .chain(LANGS.iter().map(|l| Syntax::for_lang(*l)));
    for syn in syntaxes {
        let l = lexer::lex(&text, syn);
        assert_eq!(l.masked.len(), text.len(), "masked text changed length");
        let (t, m) = (text.as_bytes(), l.masked.as_bytes());
        let mut pos = 0;
        for c in &l.comments {
            check_span(&text, *c, "comment");
            assert!(c.start >= pos, "comments overlap or are out of order");
            assert_eq!(
                t[pos..c.start],
                m[pos..c.start],
                "masked text outside comments"
            );
            assert!(
                m[c.start..c.end].iter().all(|b| *b == b' ' || *b == b'\n'),
                "comment {c:?} not blanked"
            );
            pos = c.end;
        }
        assert_eq!(t[pos..], m[pos..], "masked text after the last comment");
        for s in &l.strings {
            check_span(&text, *s, "string literal");
        }
        for s in &l.interpolations {
            check_span(&text, *s, "interpolation");
        }
        for pos in [0, text.len() / 2, text.len()] {
            let _ = l.in_literal_text(pos);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Extractor building blocks

/// `extract::connstr::find_all` (URLs, libpq key=value, JDBC): spans, the parts they hold, and
/// redaction that hides the password.
pub fn connstr(data: &[u8]) {
    let text = text(data);
    let local = ["db".to_string(), "pg.prod".to_string()];
    for p in extract::connstr::find_all(&text, &local) {
        check_span(&text, p.span, "connection string");
        let url = &text[p.span.start..p.span.end];
        assert_eq!(p.param_insert.0, p.span.end, "parameter insertion point");
        if let Some(t) = &p.tls_param {
            check_span(&text, t.span, "tls parameter");
            assert!(p.span.contains(t.span), "tls parameter outside its string");
            assert_eq!(
                &text[t.span.start..t.span.end],
                t.value,
                "tls parameter value"
            );
        }
        match p.password {
            None => assert_eq!(p.redacted, url, "redacted form without a password"),
            Some(pw) => {
                check_span(&text, pw, "password");
                assert!(p.span.contains(pw), "password outside its string");
                let secret = &text[pw.start..pw.end];
                let before = &text[p.span.start..pw.start];
                let after = &text[pw.end..p.span.end];
                assert_eq!(
                    p.redacted,
                    format!("{before}****{after}"),
                    "redacted form of {url:?}"
                );
                if !secret.is_empty()
                    && !secret.contains('*')
                    && !before.contains(secret)
                    && !after.contains(secret)
                {
                    assert!(
                        !p.redacted.contains(secret),
                        "redacted {:?} holds the password",
                        p.redacted
                    );
                }
            }
        }
        let _ = extract::classify_host(url, None, &local);
    }
    let _ = extract::is_weak_tls(&text);
    let _ = extract::connstr::states_tls(&text);
}

/// `extract::cron::zone_sensitive`: whitespace and a stated zone do not change what a
/// schedule means.
pub fn cron_expr(data: &[u8]) {
    let text = text(data);
    for expr in std::iter::once(&*text).chain(text.lines()) {
        let z = extract::cron::zone_sensitive(expr);
        let normalised = expr.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            z,
            extract::cron::zone_sensitive(&normalised),
            "whitespace changed {expr:?}"
        );
        assert_eq!(
            z,
            extract::cron::zone_sensitive(&format!("CRON_TZ=UTC {expr}")),
            "a CRON_TZ= prefix changed {expr:?}"
        );
        assert_eq!(
            z,
            extract::cron::zone_sensitive(&format!("{expr} UTC")),
            "a trailing zone changed {expr:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// One file format each, through `extract::extract`

/// `Procfile`.
pub fn procfile(data: &[u8]) {
    let text = text(data);
    let facts = extract_file("Procfile", &text);
    for p in &facts.services {
        assert!(!p.name.is_empty(), "process type without a name");
    }
}

/// Runtime pins and language manifests; the first byte picks the file.
pub fn pins(data: &[u8]) {
    let Some((path, text)) = pick(data, PINS_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for p in &facts.pins {
        assert!(!p.version.trim().is_empty(), "empty version pinned");
    }
}

/// `.env` files (and one with a development name).
pub fn env_file(data: &[u8]) {
    let text = text(data);
    extract_file(".env", &text);
    extract_file("config/.env.test", &text);
}

/// SQL dumps.
pub fn sql(data: &[u8]) {
    let text = text(data);
    extract_file("db/structure.sql", &text);
}

/// Crontabs, whenever, node-cron, Kubernetes CronJob and sidekiq-cron YAML, Heroku Scheduler
/// jobs; the first byte picks the file.
pub fn cron_source(data: &[u8]) {
    let Some((path, text)) = pick(data, CRON_PATHS) else {
        return;
    };
    extract_file(path, &text);
}

/// Code by language (and an extensionless script, code by its shebang); the first byte picks
/// the file.
pub fn code(data: &[u8]) {
    let Some((path, text)) = pick(data, CODE_PATHS) else {
        return;
    };
    extract_file(path, &text);
}

/// Buildpack files, app.json add-ons and scripts, package.json build hooks, Scheduler rake
/// files, Dockerfile `FROM`; the first byte picks the file. Every fact names something.
pub fn builds(data: &[u8]) {
    let Some((path, text)) = pick(data, BUILD_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for p in &facts.system_packages {
        assert!(!p.name.trim().is_empty(), "{path}: an empty package");
    }
    for b in &facts.buildpacks {
        assert!(!b.url.trim().is_empty(), "{path}: an empty buildpack");
    }
    for a in &facts.add_ons {
        assert!(
            !a.service.trim().is_empty(),
            "{path}: an add-on without a service"
        );
    }
    for h in &facts.build_hooks {
        assert!(!h.name.is_empty(), "{path}: a build hook without a name");
    }
    for t in &facts.scheduled_tasks {
        assert!(
            !t.name.is_empty() && !t.name.ends_with(':'),
            "{path}: task {:?}",
            t.name
        );
    }
}

/// `Requirement::parse` on any text: a range allows what it names exactly, agrees with itself,
/// and agreement does not depend on the order.
pub fn runtime_req(data: &[u8]) {
    use crate::facts::Requirement;
    let text = text(data);
    let (a, b) = text.split_once('\n').unwrap_or((&text, "3.12"));
    let (ra, rb) = (Requirement::parse(a), Requirement::parse(b));
    for r in [&ra, &rb] {
        if matches!(r, Requirement::Range(_)) {
            assert!(r.intersect(r).is_some(), "{r:?} does not agree with itself");
        }
        if let Some(v) = r.exact() {
            assert!(r.allows(&v), "{r:?} does not allow its exact version {v}");
            assert_eq!(Requirement::parse(&v).exact().as_deref(), Some(v.as_str()));
        }
        let _ = (r.open_ended(), r.spans_minors());
    }
    assert_eq!(
        ra.intersect(&rb).is_some(),
        rb.intersect(&ra).is_some(),
        "agreement of {a:?} and {b:?} depends on the order"
    );
}

/// Platform files: app.json, compose, Dockerfiles, the contract; the first byte picks the file.
pub fn platform(data: &[u8]) {
    let Some((path, text)) = pick(data, PLATFORM_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for s in &facts.services {
        assert!(!s.name.is_empty(), "{path}: a service without a name");
    }
    for h in &facts.health_checks {
        assert!(
            !h.probe.is_empty(),
            "{path}: a health check without a probe"
        );
    }
}

/// What every platform file's facts must satisfy: services have names, health checks probe
/// something, declared variables have names and keep secret values out of the fact.
fn check_platform(path: &str, facts: &Facts) {
    for s in &facts.services {
        assert!(!s.name.is_empty(), "{path}: a service without a name");
    }
    for h in &facts.health_checks {
        assert!(
            !h.probe.is_empty(),
            "{path}: a health check without a probe"
        );
    }
    for d in &facts.env_decls {
        assert!(!d.name.is_empty(), "{path}: a variable without a name");
        if d.secret {
            if let crate::facts::EnvValue::Literal(v) = &d.value {
                assert_eq!(
                    v,
                    crate::redact::MASK,
                    "{path}: a secret value kept in a fact"
                );
            }
        }
    }
    for p in &facts.pre_deploys {
        assert!(
            !p.command.trim().is_empty(),
            "{path}: an empty pre-deploy command"
        );
    }
}

/// `heroku.yml`.
pub fn heroku_yml(data: &[u8]) {
    let text = text(data);
    let facts = extract_file("heroku.yml", &text);
    check_platform("heroku.yml", &facts);
}

/// `render.yaml`.
pub fn render_yaml(data: &[u8]) {
    let text = text(data);
    let facts = extract_file("render.yaml", &text);
    check_platform("render.yaml", &facts);
}

/// `fly.toml`.
pub fn fly_toml(data: &[u8]) {
    let text = text(data);
    let facts = extract_file("fly.toml", &text);
    check_platform("fly.toml", &facts);
}

/// `railway.json` and `railway.toml`; the first byte picks the file.
pub fn railway(data: &[u8]) {
    picked_platform(data, RAILWAY_PATHS);
}

/// Kubernetes manifests (several documents, any kind).
pub fn kubernetes(data: &[u8]) {
    let text = text(data);
    // Sniffed by content: give the text the keys that make it a manifest when it has none.
    let facts = extract_file("k8s/app.yaml", &text);
    check_platform("k8s/app.yaml", &facts);
    if !text.contains("apiVersion:") {
        let framed = format!("apiVersion: v1\nkind: Pod\n{text}");
        let facts = extract_file("k8s/app.yaml", &framed);
        check_platform("k8s/app.yaml", &facts);
    }
}

/// GitHub Actions workflows and GitLab CI; the first byte picks the file.
pub fn ci(data: &[u8]) {
    picked_platform(data, CI_PATHS);
}

/// A platform file of the list, picked by the first byte.
fn picked_platform(data: &[u8], paths: &[&'static str]) {
    if let Some((path, text)) = pick(data, paths) {
        check_platform(path, &extract_file(path, &text));
    }
}

/// The redactor and the escaper on any text: secret spans sorted, disjoint and on character
/// boundaries; masking is stable; escaped text holds no control character but the tab, and a
/// snippet keeps the text's length (offsets into it stay valid).
pub fn redact(data: &[u8]) {
    let text = text(data);
    let spans = crate::redact::secret_spans(&text);
    for w in spans.windows(2) {
        assert!(
            w[0].end < w[1].start,
            "secret spans overlap or touch: {w:?}"
        );
    }
    for s in &spans {
        check_span(&text, *s, "secret");
    }
    // Masking is stable: what one pass leaves, a second pass leaves alone (a secret never
    // reappears from under its mask).
    let masked = crate::redact::mask(&text, &spans);
    let again = crate::redact::mask(&masked, &crate::redact::secret_spans(&masked));
    assert_eq!(again, masked, "masking a masked text changed it");
    let _ = crate::redact::text(&text);
    let escaped = crate::printable::escape(&text);
    assert!(
        !escaped.chars().any(|c| c.is_control() && c != '\t'),
        "an escaped text holds a control character"
    );
    let snippet = crate::printable::snippet(&text);
    assert_eq!(snippet.len(), text.len(), "a snippet changes length");
}

/// `parse::shell::commands`: every command inside its logical line, its words in order inside
/// it, every span on character boundaries, a program index that names one of its words.
pub fn shell(data: &[u8]) {
    let text = text(data);
    for c in crate::parse::shell::commands(&text) {
        check_span(&text, c.span, "command");
        check_span(&text, c.line, "command line");
        assert!(c.line.contains(c.span), "command {c:?} outside its line");
        let mut pos = c.span.start;
        for w in &c.words {
            check_span(&text, w.span, "word");
            check_span(&text, w.inner, "word's inner text");
            assert!(w.span.contains(w.inner), "inner text outside its word");
            assert!(c.span.contains(w.span), "word outside its command");
            assert!(w.span.start >= pos, "words out of order");
            pos = w.span.end;
        }
        if let Some(i) = c.program() {
            assert!(i < c.words.len(), "program index out of range");
        }
        let _ = c.inline_script();
    }
}

/// Command lines and CI steps through their formats (the first byte picks the file): every
/// platform command inside its line, and every literal secret inside a span that reports blank.
pub fn automation(data: &[u8]) {
    let Some((path, text)) = pick(data, AUTOMATION_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for p in &facts.platform_commands {
        check_span(&text, p.line, "command line");
        assert!(
            p.line.contains(p.at.span),
            "{path}: platform command outside its line"
        );
    }
    for s in &facts.literal_secrets {
        assert!(
            facts.secrets.iter().any(|m| m.contains(s.at.span)),
            "{path}: a literal secret {:?} that reports would not blank",
            s.at.span
        );
    }
}

/// `egress-ignore` directives in every comment syntax, extracted and then applied to the
/// file's findings by the engine; the first byte picks the file.
pub fn suppressions(data: &[u8]) {
    let Some((path, text)) = pick(data, SUPPRESSION_PATHS) else {
        return;
    };
    extract_file(path, &text);
    let (contract, findings) = crate::engine::lint_memory(&[(path, &text)], &every_rule());
    check_findings(&contract, &findings);
}

/// The schema and TLS facts that need context (appended queries, TLS verification switched
/// off, extensions enabled, Heroku Connect artefacts, the manifest's and contract's schema
/// errors): their spans, an appended query inside its placeholder's span and starting at its
/// `?`, and every rule's fixes applied leave text that checks again without a panic.
pub fn schema_tls(data: &[u8]) {
    let Some((path, text)) = pick(data, SCHEMA_TLS_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for a in &facts.appended_queries {
        assert!(
            a.at.span.contains(a.query),
            "appended query outside its span"
        );
        assert!(
            text[a.query.start..].starts_with('?'),
            "appended query does not start at `?`"
        );
        if let Some((at, _, _)) = &a.env_insert {
            assert!(
                *at >= a.query.end,
                "PGSSLMODE goes before the query it replaces"
            );
        }
    }
    for t in &facts.tls_verify_off {
        assert!(!t.at.span.is_empty(), "empty TLS setting");
    }
    for e in &facts.extensions_enabled {
        assert!(!e.name.is_empty(), "an extension without a name");
    }
    let (contract, findings) = crate::engine::lint_memory(&[(path, &text)], &every_rule());
    check_findings(&contract, &findings);
    let fixed = crate::fix::apply_all(&text, findings.iter().filter_map(|f| f.fix.as_ref()));
    let _ = crate::engine::lint_memory(&[(path, &fixed)], &every_rule());
}

/// Host refs (plain `redis://` URLs, `*.herokuapp.com`) and watched variables named in config
/// (`extract::hosts`); the first byte picks the file. A host ref covers what it says it is, its
/// shown form holds no password, and a mention covers a watched name.
pub fn hosts(data: &[u8]) {
    let Some((path, text)) = pick(data, HOSTS_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for h in &facts.host_refs {
        let at = &text[h.at.span.start..h.at.span.end];
        match h.kind {
            crate::facts::HostRefKind::PlainRedis => {
                assert!(at.starts_with("redis://"), "{path}: redis ref at {at:?}");
                for c in crate::redact::url_credentials(at) {
                    let pw = &at[c.password.start..c.password.end];
                    assert!(
                        pw.len() < 4 || !h.shown.contains(pw),
                        "{path}: password shown in {:?}",
                        h.shown
                    );
                }
            }
            crate::facts::HostRefKind::HerokuApp => {
                assert!(
                    at.to_ascii_lowercase().contains("herokuapp"),
                    "{path}: herokuapp ref at {at:?}"
                );
            }
        }
    }
    for m in &facts.env_mentions {
        assert_eq!(
            &text[m.at.span.start..m.at.span.end],
            m.name,
            "{path}: mention span"
        );
        assert!(
            crate::facts::platform_var(&m.name).is_some(),
            "{path}: {} is not watched",
            m.name
        );
    }
    let (contract, findings) = crate::engine::lint_memory(&[(path, &text)], &every_rule());
    check_findings(&contract, &findings);
}

/// `migration-manifest.yml`, through the extractor and the strict parser `verify` uses.
pub fn manifest(data: &[u8]) {
    let text = text(data);
    extract_file("migration-manifest.yml", &text);
    let Ok(docs) = yaml::parse(&text) else {
        return;
    };
    let Some(root) = docs.first() else { return };
    let (plan, errors) = crate::manifest::Manifest::parse(0, root);
    for e in &errors {
        check_span(&text, e.at.span, "manifest error");
    }
    let mut settings: Vec<&extract::Setting> = plan
        .source_db
        .iter()
        .chain(&plan.target_db)
        .chain(&plan.source_extensions)
        .chain(&plan.target_url)
        .chain(&plan.health_endpoint)
        .collect();
    for w in &plan.webhooks {
        settings.extend(w.current_url.iter().chain(&w.new_url).chain(&w.secret));
        check_span(&text, w.at.span, "webhook entry");
    }
    for s in settings {
        check_span(&text, s.at.span, "plan setting");
        let _ = crate::verify::expand::expand(&s.value);
    }
    if let Some(k) = plan.extensions_key {
        check_span(&text, k.span, "extensions key");
    }
    match &plan.tables {
        Some(crate::manifest::Tables::All(at)) => check_span(&text, at.span, "tables"),
        Some(crate::manifest::Tables::List(list)) => {
            for t in list {
                check_span(&text, t.at.span, "table entry");
            }
        }
        None => {}
    }
}

/// `migration-contract.json`.
pub fn contract(data: &[u8]) {
    let text = text(data);
    extract_file("migration-contract.json", &text);
}

/// `.egress.yml` from text (`extends:` is not followed), then everything the check asks of it.
pub fn config(data: &[u8]) {
    let text = text(data);
    let Ok(cfg) = crate::config::parse_text(Path::new(".egress.yml"), &text) else {
        return;
    };
    let _ = cfg.rule_set(&[], &[]);
    let _ = cfg.rule_set(&["ALL".into()], &["EG1".into()]);
    for id in RuleId::all() {
        let _ = cfg.severity_of(id);
        let _ = cfg.keeps(id, Path::new("app/models/user.rb"));
    }
}

/// A baseline file from text: what loads saves and loads back the same, and with no findings
/// every entry is stale and pruning leaves none.
pub fn baseline(data: &[u8]) {
    use crate::baseline as bl;
    let text = text(data);
    let file = Path::new("egress-baseline.json");
    let Ok(b) = bl::parse_text(file, &text) else {
        return;
    };
    let saved = serde_json::to_string_pretty(&b).expect("a baseline serialises");
    assert_eq!(
        bl::parse_text(file, &saved).as_ref(),
        Ok(&b),
        "saved baseline loads back differently"
    );
    let mut keyer = bl::Keyer::new(file);
    let stale = bl::apply(&b, &mut Vec::new(), &mut keyer, |_| true);
    assert_eq!(
        stale.len(),
        b.entries.len(),
        "with no findings every entry is stale"
    );
    assert!(
        bl::prune(&b, &stale).entries.is_empty(),
        "pruning every stale entry left some"
    );
}

// ---------------------------------------------------------------------------------------------
// The whole pipeline

/// Every rule, previews and deprecated ones included.
fn every_rule() -> RuleSet {
    let mut set = RuleSet::empty();
    RuleId::all().for_each(|id| set.insert(id));
    set
}

/// The text of a file of the contract (every file of `lint_memory` with facts keeps it).
fn file_text(c: &Contract, file: FileId) -> Option<&str> {
    c.files.get(file as usize).and_then(|f| f.text())
}

/// Facts and findings of a whole run point into the texts of their files.
fn check_findings(c: &Contract, findings: &[crate::rules::Finding]) {
    let check = |loc: Loc, what: &str| {
        let text =
            file_text(c, loc.file).unwrap_or_else(|| panic!("{what} in a file without text"));
        check_span(text, loc.span, what);
    };
    for (what, loc) in fact_locs(&c.facts) {
        check(loc, what);
    }
    for f in &c.files {
        if let Some(text) = f.text() {
            for s in f.secrets() {
                check_span(text, *s, "secret");
            }
        }
    }
    for f in findings {
        check(f.at, "finding");
        for r in &f.related {
            check(r.at, "related location");
        }
        for e in f.fix.iter().flat_map(|x| &x.edits) {
            check(
                Loc {
                    file: e.file,
                    span: e.span,
                },
                "fix edit",
            );
        }
    }
}

/// The files of an `engine` input: chunks separated by `ENGINE_SEPARATOR`, each a byte that
/// picks its path from `ENGINE_PATHS` and the text; a path already taken is skipped.
pub fn engine_files(data: &[u8]) -> Vec<(&'static str, String)> {
    let mut files: Vec<(&'static str, String)> = Vec::new();
    for chunk in data
        .split(|b| *b == ENGINE_SEPARATOR)
        .take(ENGINE_MAX_FILES)
    {
        let Some((path, text)) = pick(chunk, ENGINE_PATHS) else {
            continue;
        };
        if !files.iter().any(|(p, _)| *p == path) {
            files.push((path, text.into_owned()));
        }
    }
    files
}

/// Passwords of connection strings that a report must never show: long enough, and found
/// nowhere else in the files, the paths, the rule catalog or a report's fixed text, so that
/// seeing one in a report can only mean it leaked.
fn telltale_passwords(files: &[(&str, String)], fixed_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (_, text) in files {
        for p in extract::connstr::find_all(text, &[]) {
            let Some(pw) = p.password else { continue };
            let Some(secret) = text.get(pw.start..pw.end) else {
                continue;
            };
            let telltale = secret.len() >= 8
                && secret.bytes().all(|b| b.is_ascii_alphanumeric())
                && secret.bytes().any(|b| b.is_ascii_digit())
                && secret
                    .bytes()
                    .any(|b| matches!(b, b'g'..=b'z' | b'G'..=b'Z'))
                && files
                    .iter()
                    .map(|(_, t)| t.matches(secret).count())
                    .sum::<usize>()
                    == 1
                && !ENGINE_PATHS.iter().any(|p| p.contains(secret))
                && !crate::rules::CATALOG
                    .iter()
                    .any(|m| m.source.contains(secret))
                && !fixed_text.contains(secret);
            if telltale {
                out.push(secret.to_string());
            }
        }
    }
    out
}

/// Every report format of a report, by name.
fn render_all(report: &crate::report::Report) -> Vec<(&'static str, String)> {
    use crate::report::{concise, github, gitlab, human, json, junit, sarif};
    let style = human::Style {
        color: false,
        width: 80,
    };
    vec![
        ("human", human::render(report, style)),
        ("concise", concise::render(report)),
        ("json", json::render(report)),
        ("sarif", sarif::render(report, "0.0.0-fuzz")),
        ("github", github::render(report)),
        ("github step summary", github::step_summary(report)),
        ("gitlab", gitlab::render(report)),
        ("junit", junit::render(report)),
    ]
}

/// A small tree through the whole pipeline: `engine::lint_memory` with every rule, the fix
/// plan applied, the report built as `egress check` builds it, every reporter, a baseline of
/// the findings. JSON formats parse, JUnit is well-formed XML, GitHub commands and concise
/// findings take one line each, and no report shows a password.
pub fn engine(data: &[u8]) {
    let files = engine_files(data);
    if files.is_empty() {
        return;
    }
    let pairs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (contract, findings) = crate::engine::lint_memory(&pairs, &every_rule());
    check_findings(&contract, &findings);

    let plan = crate::fix::plan(&contract, &findings, true);
    for fp in &plan.files {
        let text = file_text(&contract, fp.file).expect("fixes edit files with text");
        let _ = crate::fix::apply_plan(text, fp);
    }

    let outcome = crate::engine::Outcome {
        contract,
        findings,
        skipped: Vec::new(),
        truncated: Vec::new(),
        files_scanned: files.len(),
        elapsed: Duration::ZERO,
    };
    let report = crate::cli::present::report(&outcome);
    assert_eq!(report.items.len(), outcome.findings.len(), "findings lost");
    let outputs = render_all(&report);
    for (format, out) in &outputs {
        match *format {
            "json" | "sarif" | "gitlab" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(out) {
                    panic!("{format} output is not JSON: {e}");
                }
            }
            "junit" => {
                if let Err(e) = check_xml(out) {
                    panic!("junit output is not well-formed XML: {e}");
                }
            }
            "github" => {
                for line in out.split('\n').filter(|l| !l.is_empty()) {
                    assert!(
                        line.starts_with("::"),
                        "github line not a command: {line:?}"
                    );
                }
            }
            "concise" => assert_eq!(
                out.matches('\n').count(),
                report.items.len(),
                "concise output is not one line per finding"
            ),
            _ => {}
        }
    }

    let empty = crate::report::Report::default();
    let fixed_text: String = render_all(&empty).into_iter().map(|(_, o)| o).collect();
    for secret in telltale_passwords(&files, &fixed_text) {
        for (format, out) in &outputs {
            assert!(
                !out.contains(&secret),
                "{format} report shows the password {secret:?}"
            );
        }
    }

    let mut keyer = crate::baseline::Keyer::new(Path::new("egress-baseline.json"));
    let b = crate::baseline::build(&report.items, &mut keyer);
    let mut items = report.items.clone();
    let stale = crate::baseline::apply(&b, &mut items, &mut keyer, |_| true);
    assert!(items.is_empty(), "a baseline of the findings left some");
    assert!(
        stale.is_empty(),
        "a baseline of the findings has stale entries"
    );
}

// ---------------------------------------------------------------------------------------------
// A small XML well-formedness check (no XML crate in the tree)

/// Whether a character may appear in an XML 1.0 document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Enough of XML 1.0 for what egress writes: a declaration, elements with double-quoted
/// attributes, text, the five named entities and character references. Names the first problem.
pub fn check_xml(doc: &str) -> Result<(), String> {
    if let Some((i, c)) = doc.char_indices().find(|(_, c)| !xml_char(*c)) {
        return Err(format!("character {c:?} at byte {i} is not allowed in XML"));
    }
    let b = doc.as_bytes();
    let mut i = 0;
    if doc.starts_with("<?xml") {
        i = doc.find("?>").ok_or("unterminated XML declaration")? + 2;
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let name_end = |from: usize| {
        let mut j = from;
        while j < b.len()
            && (b[j].is_ascii_alphanumeric() || b"_-.:".contains(&b[j]) || b[j] >= 0x80)
        {
            j += 1;
        }
        j
    };
    let text_ok = |s: &str, in_attr: bool| -> Result<(), String> {
        let mut rest = s;
        while let Some(n) = rest.find(['<', '&', '"']) {
            let c = rest.as_bytes()[n];
            if c == b'<' || (c == b'"' && in_attr) {
                return Err(format!("raw {:?} in text or attribute", c as char));
            }
            if c == b'&' {
                let after = &rest[n + 1..];
                let end = after.find(';').ok_or("unterminated entity")?;
                let ent = &after[..end];
                let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                    || ent
                        .strip_prefix("#x")
                        .is_some_and(|h| !h.is_empty() && h.bytes().all(|d| d.is_ascii_hexdigit()))
                    || ent
                        .strip_prefix('#')
                        .is_some_and(|d| !d.is_empty() && d.bytes().all(|d| d.is_ascii_digit()));
                if !ok {
                    return Err(format!("bad entity &{ent};"));
                }
            }
            rest = &rest[n + 1..];
        }
        Ok(())
    };
    while i < b.len() {
        if b[i] != b'<' {
            let next = doc[i..].find('<').map_or(b.len(), |n| i + n);
            let t = &doc[i..next];
            if stack.is_empty() && !t.trim().is_empty() {
                return Err(format!("text outside the root element: {t:?}"));
            }
            text_ok(t, false)?;
            i = next;
            continue;
        }
        if b.get(i + 1) == Some(&b'/') {
            let end = name_end(i + 2);
            let name = &doc[i + 2..end];
            let close = doc[end..].find('>').ok_or("unterminated end tag")? + end;
            if !doc[end..close].trim().is_empty() {
                return Err(format!("junk in end tag </{name}"));
            }
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            i = close + 1;
            continue;
        }
        let end = name_end(i + 1);
        if end == i + 1 {
            return Err(format!("bad tag at byte {i}"));
        }
        let name = &doc[i + 1..end];
        if stack.is_empty() {
            roots += 1;
        }
        let mut j = end;
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            match b.get(j) {
                None => return Err(format!("unterminated tag <{name}")),
                Some(b'>') => {
                    stack.push(name);
                    j += 1;
                    break;
                }
                Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                    j += 2;
                    break;
                }
                Some(_) => {
                    let an = name_end(j);
                    if an == j || b.get(an) != Some(&b'=') || b.get(an + 1) != Some(&b'"') {
                        return Err(format!("bad attribute in <{name}"));
                    }
                    let vstart = an + 2;
                    let vend = doc[vstart..]
                        .find('"')
                        .ok_or("unterminated attribute value")?
                        + vstart;
                    text_ok(&doc[vstart..vend], true)?;
                    j = vend + 1;
                    if !b
                        .get(j)
                        .is_some_and(|c| c.is_ascii_whitespace() || b"/>".contains(c))
                    {
                        return Err(format!("no space after an attribute of <{name}"));
                    }
                }
            }
        }
        i = j;
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
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
