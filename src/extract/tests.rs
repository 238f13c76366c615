//! Facts each extractor records, checked directly (rules are tested in their own files).

use std::path::PathBuf;

use super::*;
use crate::discover::classify;

pub(crate) fn facts(path: &str, text: &str) -> Facts {
    let path = PathBuf::from(path);
    let src = Source {
        kind: classify(&path),
        root_depth: 0,
        path,
        text: text.into(),
        reported: true,
    };
    extract(&src, 0)
}

pub(crate) fn at(text: &str, loc: Loc) -> &str {
    &text[loc.span.start..loc.span.end]
}

/// The variables a file declares, as the platform format tests compare them.
pub(crate) fn env_decls(f: &Facts) -> Vec<(&str, crate::facts::EnvValue)> {
    f.env_decls
        .iter()
        .map(|d| (d.name.as_str(), d.value.clone()))
        .collect()
}

/// The services a file declares: name, kind and start command.
pub(crate) fn services(f: &Facts) -> Vec<(&str, crate::facts::ServiceKind, &str)> {
    f.services
        .iter()
        .map(|s| (s.name.as_str(), s.kind, s.command.as_str()))
        .collect()
}

#[test]
fn runtime_pins_from_every_file_platforms_read() {
    let cases: &[(&str, &str, Runtime, &str)] = &[
        (".python-version", "3.12\n", Runtime::Python, "3.12"),
        ("runtime.txt", "python-3.11.9\n", Runtime::Python, "3.11.9"),
        (".nvmrc", "v20.11.1\n", Runtime::Node, "v20.11.1"),
        (".node-version", "22\n", Runtime::Node, "22"),
        (
            "package.json",
            r#"{"engines": {"node": ">=20 <21"}}"#,
            Runtime::Node,
            ">=20 <21",
        ),
        (".ruby-version", "ruby-3.3.5\n", Runtime::Ruby, "ruby-3.3.5"),
        (
            "Gemfile",
            "source 'https://rubygems.org'\nruby '3.3.5'\n",
            Runtime::Ruby,
            "3.3.5",
        ),
        (
            "Gemfile.lock",
            "GEM\n  specs:\n\nRUBY VERSION\n   ruby 3.3.5p100\n",
            Runtime::Ruby,
            "3.3.5p100",
        ),
        (
            ".tool-versions",
            "nodejs 20.11.1\n",
            Runtime::Node,
            "20.11.1",
        ),
        (
            "mise.toml",
            "[tools]\npython = \"3.12\"\n",
            Runtime::Python,
            "\"3.12\"",
        ),
        (
            "Dockerfile",
            "FROM --platform=linux/amd64 python:3.12-slim AS base\n",
            Runtime::Python,
            "python:3.12-slim",
        ),
        (
            "Dockerfile",
            "FROM python:3.12-slim@sha256:abcdef0123456789 AS base\n",
            Runtime::Python,
            "python:3.12-slim@sha256:abcdef0123456789",
        ),
        (
            "elixir_buildpack.config",
            "# pins\nelixir_version=1.15.7\nerlang_version=26.1\n",
            Runtime::Elixir,
            "1.15.7",
        ),
        (
            "go.mod",
            "module x\n\ngo 1.22\ntoolchain go1.22.3\n",
            Runtime::Go,
            "1.22",
        ),
        (
            "system.properties",
            "java.runtime.version=21\n",
            Runtime::Java,
            "21",
        ),
        (
            "composer.json",
            r#"{"require": {"php": "^8.2"}}"#,
            Runtime::Php,
            "^8.2",
        ),
    ];
    for (path, text, runtime, span_text) in cases {
        let f = facts(path, text);
        let pin = f.pins.first().unwrap_or_else(|| panic!("{path}: no pin"));
        assert_eq!(pin.runtime, *runtime, "{path}");
        assert!(
            at(text, pin.at).contains(span_text.trim_matches('"')),
            "{path}: {:?}",
            at(text, pin.at)
        );
    }
    // Aliases are recorded as such (EG501 does not count them, EG502 judges them).
    for (path, text) in [
        ("Dockerfile", "FROM node:latest\n"),
        ("Dockerfile", "FROM python:slim\n"),
        ("Dockerfile", "FROM python\n"),
        (".nvmrc", "node\n"),
        (".nvmrc", "lts/*\n"),
        (".nvmrc", "lts/iron\n"),
    ] {
        let f = facts(path, text);
        assert!(
            f.pins.len() == 1 && f.pins[0].alias,
            "{path} {text}: {:?}",
            f.pins
        );
    }
    let f = facts("Dockerfile", "FROM python:3.12-slim@sha256:abcdef\n");
    assert_eq!(f.pins[0].version, "3.12-slim");
}

#[test]
fn language_manifests() {
    for (path, text, rt) in [
        ("requirements.txt", "django\n", Runtime::Python),
        ("pyproject.toml", "[project]\nname='x'\n", Runtime::Python),
        ("Pipfile", "[packages]\n", Runtime::Python),
        ("package.json", "{}", Runtime::Node),
        ("Gemfile", "gem 'rails'\n", Runtime::Ruby),
        ("go.mod", "module x\n", Runtime::Go),
        ("pom.xml", "<project/>\n", Runtime::Java),
        ("build.gradle.kts", "plugins {}\n", Runtime::Java),
        ("composer.json", "{}", Runtime::Php),
        ("mix.exs", "defmodule X do end\n", Runtime::Elixir),
    ] {
        assert_eq!(
            facts(path, text).manifests_lang.first().map(|m| m.runtime),
            Some(rt),
            "{path}"
        );
    }
}

#[test]
fn connection_strings_in_every_container() {
    let cases = [
        (
            ".env",
            "export DATABASE_URL=\"postgres://u:pw@db.example.com/app\" # prod\n",
        ),
        (
            "config/db.yml",
            "production:\n  url: 'postgresql://u@db.example.com/app'\n",
        ),
        (
            "config/db.json",
            "{\"url\": \"postgres://u@db.example.com/app\"}",
        ),
        (
            "config/db.toml",
            "[db]\nurl = \"postgres://u@db.example.com/app\"\n",
        ),
        (
            "app/db.go",
            "db, _ := sql.Open(\"pgx\", \"postgres://u@db.example.com/app\")\n",
        ),
        (
            "Dockerfile",
            "ENV DATABASE_URL=postgres://u@db.example.com/app\n",
        ),
    ];
    for (path, text) in cases {
        let f = facts(path, text);
        assert_eq!(f.connections.len(), 1, "{path}");
        let c = &f.connections[0];
        assert_eq!(c.host, Host::Remote("db.example.com".into()), "{path}");
        assert!(
            at(text, c.at).starts_with("postgres") && at(text, c.at).ends_with("/app"),
            "{path}: {:?}",
            at(text, c.at)
        );
        assert!(!c.redacted.contains("pw"));
    }
    let f = facts(".env", "DATABASE_URL=postgres://u:pw@db.example.com/app\n");
    assert!(f
        .secrets
        .iter()
        .any(
            |s| &".env DATABASE_URL=postgres://u:pw@db.example.com/app"[s.start + 5..s.end + 5]
                == "pw"
        ));
}

#[test]
fn env_reads_name_the_variable() {
    let f = facts(
        "a.ts",
        "const { DYNO: dyno = 'web.1', PORT } = process.env;\n",
    );
    assert_eq!(f.env_reads.len(), 1);
    assert_eq!(f.env_reads[0].name, "DYNO");
    let f = facts(
        "package.json",
        r#"{"scripts": {"start": "node server.js --id $DYNO"}}"#,
    );
    assert_eq!(f.env_reads.len(), 1);
}

#[test]
fn extension_contexts() {
    let text = "CREATE SCHEMA IF NOT EXISTS heroku_ext;\nGRANT USAGE ON SCHEMA heroku_ext TO app;\n\
                CREATE EXTENSION citext WITH SCHEMA heroku_ext;\nSELECT heroku_ext.gen_random_uuid();\n";
    let f = facts("dump.sql", text);
    let ctx: Vec<_> = f.extension_refs.iter().map(|r| r.context).collect();
    assert_eq!(
        ctx,
        [
            ExtContext::CreateSchema,
            ExtContext::Other,
            ExtContext::WithSchema,
            ExtContext::Qualifier
        ]
    );
    // String literals are data, unless they set search_path.
    let text = "COMMENT ON EXTENSION x IS 'see heroku_ext docs';\n\
                CREATE TABLE t (n text DEFAULT 'from heroku_ext'::text, e heroku_ext.citext);\n\
                SELECT pg_catalog.set_config('search_path', '\"$user\", public, heroku_ext', false);\n\
                CREATE EXTENSION citext WITH SCHEMA \"heroku_ext\";\n";
    let f = facts("db/structure.sql", text);
    let lines: Vec<usize> = f
        .extension_refs
        .iter()
        .map(|r| text[..r.at.span.start].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [2, 3, 4]);
}

#[test]
fn cron_jobs_and_zones() {
    let f = facts(
        "crontab",
        "0 1 * * * a\nCRON_TZ=America/New_York\n0 2 * * * b\n",
    );
    let tz: Vec<_> = f.cron_jobs.iter().map(|j| j.timezone.clone()).collect();
    assert_eq!(tz, [None, Some("America/New_York".to_string())]);
    let f = facts("src/x.js", "new CronJob('0 3 * * *', tick, null, true, 'Europe/Paris');\nCronJob.from({ cronTime: '* * * * *', onTick, timeZone: 'UTC' });\n");
    assert!(
        f.cron_jobs.iter().all(|j| j.timezone.is_some()),
        "{:?}",
        f.cron_jobs
    );
    let f = facts(
        "migration-contract.json",
        r#"{"scheduledJobs": [{"command": "x", "schedule": "0 9 * * *", "target": {"timezone": "UTC"}}]}"#,
    );
    assert_eq!(f.cron_jobs[0].origin, CronOrigin::HerokuScheduler);
    assert_eq!(f.cron_jobs[0].timezone.as_deref(), Some("UTC"));
}

#[test]
fn prefilter_skips_files_without_literals() {
    let f = facts("big.rb", &"def x\n  1 + 2\nend\n".repeat(1000));
    assert!(f.is_empty());
    assert!(!Hits::scan("plain text").any());
    assert!(Hits::scan("x = ENV['DYNO']").has(Lit::EnvName));
    // The prefilter must let every scheme the URL parser accepts through.
    let f = facts(
        "geo.py",
        "engine = create_engine(\"postgis://app@db.example.com/geo\")\n",
    );
    assert_eq!(f.connections.len(), 1);
}

#[test]
fn secret_values_whole_literals_and_short_keys() {
    let text = "DB_PASSWORD = \"#kP9!xz2q\"\nPASSWORD2 = 'ab,cdef-long-secret'\npass: \"s3cr3t-value\"\n\
                DB_PASS=Zx9s3cretvalue\nPG_PW=zzTopSecret99\ntoken: \"a}b\"\nsecret = 'xyz'\napi_key => \"k1\"\n\
                COMPASS=north\nbypass: yes\nPGPASSWORD=${PGPASSWORD}\n";
    let found: Vec<&str> = secret_spans(text)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect();
    assert_eq!(
        found,
        [
            "#kP9!xz2q",
            "ab,cdef-long-secret",
            "s3cr3t-value",
            "Zx9s3cretvalue",
            "zzTopSecret99",
            "a}b",
            "xyz",
            "k1"
        ]
    );
    // Structured files use the same keys.
    let text = "production:\n  pass: \"ab\"\n  url: postgres://app@db.example.com/app\n";
    let f = facts("config/database.yml", text);
    assert!(
        f.secrets
            .iter()
            .any(|s| text[s.start..s.end].contains("ab")),
        "{:?}",
        f.secrets
    );
}
