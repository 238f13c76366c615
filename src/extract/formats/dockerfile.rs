//! Dockerfiles: the `FROM` image tag pins the runtime for Docker-based platforms,
//! `HEALTHCHECK` declares the check the container runtime runs, `ENV` declares the image's
//! variables, and each `RUN` is shell run at build time.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::pins::{image_family as family, record, requirement};
use super::super::{shell, Cx, PinSource, Requirement, Runtime};
use super::{declare_env, Declared};
use crate::facts::{leading_parts, CommandPhase, HealthCheck, Origin, VersionSlot};
use crate::source::Span;

static FROM: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?mi)^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(?P<img>\S+)").unwrap()
});
/// `HEALTHCHECK [--interval=30s ...] CMD curl -f http://localhost/up` (not `HEALTHCHECK NONE`).
static HEALTHCHECK: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?mi)^[ \t]*HEALTHCHECK[ \t]+(?:--\S+[ \t]+)*CMD[ \t]+(?P<cmd>[^\r\n]+)")
        .unwrap()
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    image_pins(cx);
    env_and_run(cx);
    let checks: Vec<(Span, String)> = HEALTHCHECK
        .captures_iter(cx.text)
        .filter_map(|c| c.name("cmd"))
        .map(|m| (Span::new(m.start(), m.end()), m.as_str().trim().to_string()))
        .collect();
    for (span, probe) in checks {
        cx.facts.health_checks.push(HealthCheck {
            at: cx.loc(span),
            service: None,
            probe,
            origin: Origin::Dockerfile,
        });
    }
}

/// `ARG PYTHON_VERSION=3.12.4` (quoted or not): a default `FROM` can use.
static ARG: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?mi)^[ \t]*ARG[ \t]+(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?:"(?P<dq>[^"\r\n]*)"|'(?P<sq>[^'\r\n]*)'|(?P<v>\S+))"#,
    )
    .unwrap()
});

/// `$NAME`, `${NAME}`, `${NAME:-default}`.
static VAR: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r"\$(?:\{(?P<b>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<d>[^}]*))?\}|(?P<n>[A-Za-z_][A-Za-z0-9_]*))",
    )
    .unwrap()
});

/// An `ARG` default: its value and where the value is written.
struct ArgDefault {
    name: String,
    value: String,
    span: Span,
    /// Offset of the `ARG` line: only `FROM` lines after it can use it.
    line: usize,
}

fn arg_defaults(text: &str) -> Vec<ArgDefault> {
    ARG.captures_iter(text)
        .filter_map(|c| {
            let v = c.name("dq").or(c.name("sq")).or(c.name("v"))?;
            Some(ArgDefault {
                name: c["name"].to_string(),
                value: v.as_str().to_string(),
                span: Span::new(v.start(), v.end()),
                line: c.get(0).map_or(0, |m| m.start()),
            })
        })
        .collect()
}

/// The image of a `FROM` with its `ARG` defaults filled in, and, when the whole text of one
/// variable is the image's version, that variable's default (where a new version is written).
fn resolve(
    image: &str,
    at: usize,
    args: &[ArgDefault],
) -> Option<(String, Option<(Span, String)>)> {
    let mut out = String::new();
    let mut last = 0;
    let mut from_arg = None;
    for c in VAR.captures_iter(image) {
        let m = c.get(0)?;
        let name = c.name("b").or(c.name("n"))?.as_str();
        let value = match args.iter().rev().find(|a| a.name == name && a.line < at) {
            Some(a) => {
                from_arg = Some((a.span, a.value.clone()));
                a.value.clone()
            }
            None => c.name("d")?.as_str().to_string(),
        };
        out.push_str(&image[last..m.start()]);
        out.push_str(&value);
        last = m.end();
    }
    out.push_str(&image[last..]);
    Some((out, from_arg))
}

/// Docker Hub's Node.js images name LTS lines by codename (`node:iron-slim`).
const NODE_CODENAMES: &[&str] = &["hydrogen", "iron", "jod", "krypton"];

/// `FROM python:3.12-slim`: the image tag pins the image's runtime, or floats (`python:slim`,
/// `node:latest`, no tag at all).
fn image_pins(cx: &mut Cx) {
    let args = arg_defaults(cx.text);
    let found: Vec<(String, Span)> = FROM
        .captures_iter(cx.text)
        .map(|c| {
            let m = c.name("img").unwrap();
            (m.as_str().to_string(), Span::new(m.start(), m.end()))
        })
        .collect();
    for (written, span) in found {
        let literal = !written.contains('$');
        let Some((image, from_arg)) = resolve(&written, span.start, &args) else {
            // A variable without a default: the version is set at build time.
            if let Some(runtime) = family(&written) {
                let v = written.rsplit_once(':').map_or(&written[..], |(_, t)| t);
                record(
                    cx,
                    runtime,
                    PinSource::DockerFrom,
                    v,
                    Requirement::Unknown,
                    false,
                    span,
                    None,
                );
            }
            continue;
        };
        // `python:3.12-slim@sha256:...`: the digest comes after the tag.
        let (named, digest) = match image.split_once('@') {
            Some((n, _)) => (n, true),
            None => (&image[..], false),
        };
        let (repo, tag) = match named.rsplit_once(':') {
            Some((r, t)) if !t.contains('/') => (r, t),
            _ => (named, ""),
        };
        let Some(runtime) = family(repo) else {
            continue;
        };
        let tool_image = matches!(repo.rsplit('/').next(), Some("maven" | "gradle"));
        // Where the tag starts in the file, when the image is written literally.
        let tag_at = literal.then(|| span.start + repo.len() + 1);
        let version = if tag.is_empty() { named } else { tag };
        if let Some((_, used)) = leading_parts(tag) {
            let number = &tag[..used];
            // Maven and Gradle images are tagged with the tool's version, not Java's.
            let req = if tool_image {
                Requirement::Unknown
            } else {
                requirement(runtime, PinSource::DockerFrom, number)
            };
            let (at, slot) = match (tag_at, from_arg) {
                (Some(t), _) => {
                    let s = Span::new(t, t + used);
                    (span, Some(VersionSlot::plain(s)))
                }
                // The version is an `ARG` default: that is where it is written and changed.
                (None, Some((arg_span, value))) if value == number => {
                    (arg_span, Some(VersionSlot::plain(arg_span)))
                }
                _ => (span, None),
            };
            let slot = slot.filter(|_| !tool_image);
            record(
                cx,
                runtime,
                PinSource::DockerFrom,
                version,
                req,
                false,
                at,
                slot,
            );
            continue;
        }
        if digest && tag.is_empty() {
            // Pinned to one image, whatever version it holds.
            record(
                cx,
                runtime,
                PinSource::DockerFrom,
                version,
                Requirement::Unknown,
                false,
                span,
                None,
            );
            continue;
        }
        // No version in the tag: `latest` (or none), an LTS line, or a variant (`slim`).
        let word = tag.split('-').next().unwrap_or("");
        let codename = runtime == Runtime::Node && NODE_CODENAMES.contains(&word);
        let req = if codename {
            Requirement::parse(&format!("lts/{word}"))
        } else if tool_image {
            Requirement::Unknown
        } else {
            Requirement::Floating
        };
        let slot = match tag_at {
            None => None,
            Some(_) if tool_image => None,
            Some(_) if tag.is_empty() => Some(VersionSlot {
                span: Span::new(span.start + repo.len(), span.start + repo.len()),
                prefix: ":",
                suffix: "",
            }),
            Some(t) if codename || matches!(word, "latest" | "lts" | "current") => {
                Some(VersionSlot::plain(Span::new(t, t + word.len())))
            }
            Some(t) => Some(VersionSlot {
                span: Span::new(t, t),
                prefix: "",
                suffix: "-",
            }),
        };
        let version = if tag.is_empty() { "latest" } else { version };
        record(
            cx,
            runtime,
            PinSource::DockerFrom,
            version,
            req,
            true,
            span,
            slot,
        );
    }
}

/// One instruction: its keyword and the span of its arguments, continuation lines included
/// (comment lines inside a continued instruction are Docker's to drop; they stay in the span).
fn instructions(text: &str) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut lines = text.split_inclusive('\n').scan(0usize, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    });
    while let Some((start, line)) = lines.next() {
        let content = line.trim_end();
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - trimmed.len();
        let word_len = trimmed
            .find(|c: char| c.is_whitespace())
            .unwrap_or(trimmed.len());
        let keyword = &trimmed[..word_len];
        let args_start = start + indent + word_len;
        let mut end = start + content.len();
        let mut last = content;
        while last.ends_with('\\') {
            match lines.next() {
                Some((s, l)) => {
                    last = l.trim_end();
                    if !last.trim_start().is_empty() {
                        end = s + last.len();
                    }
                }
                None => break,
            }
        }
        let args = Span::new(args_start, end.max(args_start));
        out.push((keyword, args));
    }
    out
}

/// `ENV KEY=value OTHER="two words"` (or the older `ENV KEY value`), and `RUN` in its shell form.
fn env_and_run(cx: &mut Cx) {
    let text = cx.text;
    for (keyword, args) in instructions(text) {
        if keyword.eq_ignore_ascii_case("RUN") {
            let raw = &text[args.start..args.end];
            let lead = raw.len() - raw.trim_start().len();
            // The exec form (`RUN ["bash", "-c", "..."]`) and `--mount=...` flags are not shell.
            let mut body = Span::new(args.start + lead, args.end);
            let mut rest = &text[body.start..body.end];
            while let Some(flag) = rest.strip_prefix("--") {
                let n = flag.find(char::is_whitespace).map_or(flag.len(), |n| n + 2);
                let skip = rest[n..].len() - rest[n..].trim_start().len();
                body.start += n + skip;
                rest = &text[body.start..body.end];
            }
            if !rest.starts_with('[') {
                shell::verbatim(cx, body, CommandPhase::Build, Origin::Dockerfile);
            }
        } else if keyword.eq_ignore_ascii_case("ENV") {
            for (name, value) in env_pairs(text, args) {
                let v = &text[value.start..value.end];
                let v = v.trim_matches(|c| c == '"' || c == '\'');
                declare_env(
                    cx,
                    name,
                    &text[name.start..name.end],
                    Declared::Literal(v, value),
                    Origin::Dockerfile,
                );
            }
        }
    }
}

/// The `(name, value)` spans of an `ENV` instruction's arguments.
fn env_pairs(text: &str, args: Span) -> Vec<(Span, Span)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = args.start;
    let skip_space = |mut i: usize| {
        while i < args.end
            && (b[i].is_ascii_whitespace()
                || (b[i] == b'\\' && b.get(i + 1).is_some_and(|c| *c == b'\n' || *c == b'\r')))
        {
            i += 1;
        }
        i
    };
    i = skip_space(i);
    let name_start = i;
    while i < args.end && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    if i == name_start {
        return out;
    }
    if i < args.end && b[i] != b'=' {
        // `ENV KEY value`: the rest of the instruction is the value.
        let v = skip_space(i);
        let end = crate::source::line_end(text, v).min(args.end);
        out.push((Span::new(name_start, i), Span::new(v, end.max(v))));
        return out;
    }
    let mut name = Span::new(name_start, i);
    loop {
        // At `=`.
        if i >= args.end || b[i] != b'=' {
            break;
        }
        i += 1;
        let v = i;
        if i < args.end && (b[i] == b'"' || b[i] == b'\'') {
            let q = b[i];
            i += 1;
            while i < args.end && b[i] != q {
                i += if b[i] == b'\\' && q == b'"' { 2 } else { 1 };
            }
            i = (i + 1).min(args.end);
        } else {
            while i < args.end && !b[i].is_ascii_whitespace() {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = i.min(args.end);
        }
        out.push((name, Span::new(v, i)));
        i = skip_space(i);
        let n = i;
        while i < args.end && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        if i == n {
            break;
        }
        name = Span::new(n, i);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::{Requirement, Runtime};

    /// The pins of a Dockerfile: (runtime, version, alias, the text the slot replaces, what
    /// a slot writes for 3.12.7).
    type Pin = (Runtime, String, bool, Option<(String, String)>);

    fn pins(text: &str) -> Vec<Pin> {
        facts("Dockerfile", text)
            .pins
            .iter()
            .map(|p| {
                let slot = p
                    .slot
                    .as_ref()
                    .map(|s| (text[s.span.start..s.span.end].to_string(), s.text("3.12.7")));
                (p.runtime, p.version.clone(), p.alias, slot)
            })
            .collect()
    }

    #[test]
    fn from_tags_versions_and_aliases() {
        let slot = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            pins("FROM python:3-slim AS base\n"),
            [(Runtime::Python, "3-slim".into(), false, slot("3", "3.12.7"))]
        );
        assert_eq!(
            pins("FROM python:slim\n"),
            [(Runtime::Python, "slim".into(), true, slot("", "3.12.7-"))]
        );
        assert_eq!(
            pins("FROM node:lts-alpine\n"),
            [(
                Runtime::Node,
                "lts-alpine".into(),
                true,
                slot("lts", "3.12.7")
            )]
        );
        assert_eq!(
            pins("FROM docker.io/library/python\n"),
            [(Runtime::Python, "latest".into(), true, slot("", ":3.12.7"))]
        );
        // A Rails-generated Dockerfile: the version is the ARG's default, written there.
        let rails = "# syntax=docker/dockerfile:1\nARG RUBY_VERSION=3.3.0\nFROM registry.docker.com/library/ruby:$RUBY_VERSION-slim AS base\n";
        assert_eq!(
            pins(rails),
            [(
                Runtime::Ruby,
                "3.3.0-slim".into(),
                false,
                slot("3.3.0", "3.12.7")
            )]
        );
        let f = facts("Dockerfile", rails);
        assert_eq!(
            &rails[f.pins[0].at.span.start..f.pins[0].at.span.end],
            "3.3.0"
        );
        // Quoted, braced, and a default in the reference itself.
        let fly = "ARG PYTHON_VERSION=\"3.12.4\"\nFROM python:${PYTHON_VERSION}-slim-bookworm\nFROM node:${NODE:-20.11.0}\n";
        let p = pins(fly);
        assert_eq!(p[0].1, "3.12.4-slim-bookworm");
        assert_eq!(p[0].3, slot("3.12.4", "3.12.7"));
        assert_eq!((p[1].1.as_str(), p[1].3.clone()), ("20.11.0", None));
        // A variable without a default: set at build time, never judged.
        let f = facts("Dockerfile", "ARG BASE\nFROM python:${BASE}\n");
        assert_eq!(f.pins[0].req, Requirement::Unknown);
        assert!(!f.pins[0].alias);
        // Maven's tag is Maven's version; Node's codenames are LTS lines.
        let f = facts(
            "Dockerfile",
            "FROM maven:3.9-eclipse-temurin-21 AS build\nFROM node:iron-slim\n",
        );
        assert_eq!(f.pins[0].req, Requirement::Unknown);
        assert!(f.pins[1].alias && !f.pins[1].req.open_ended());
        assert!(facts(
            "Dockerfile",
            "FROM mcr.microsoft.com/devcontainers/python:1-3.12-bullseye\n"
        )
        .pins
        .is_empty());
        // Stages and other images are no runtime.
        assert!(facts(
            "Dockerfile",
            "FROM base AS app\nFROM gcr.io/distroless/static\n"
        )
        .pins
        .is_empty());
    }
    use crate::extract::tests::at;
    use crate::facts::EnvValue;

    #[test]
    fn healthchecks_with_options_but_not_none() {
        let f = facts(
            "Dockerfile",
            "FROM ruby:3.3.5\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:3000/up || exit 1\n",
        );
        assert_eq!(f.health_checks.len(), 1);
        assert_eq!(
            f.health_checks[0].probe,
            "curl -f http://localhost:3000/up || exit 1"
        );
        assert!(facts("Dockerfile", "FROM x\nHEALTHCHECK NONE\n")
            .health_checks
            .is_empty());
    }

    #[test]
    fn env_in_both_forms_and_run_as_shell() {
        let text = "FROM ruby:3.3.5-slim\nENV RAILS_ENV=production \\\n    BUNDLE_WITHOUT=\"development test\" \\\n    TZ=America/New_York\nENV LANG C.UTF-8\nRUN apt-get update -qq && \\\n    apt-get install -y libpq-dev\nRUN --mount=type=cache,target=/root/.cache bundle install\nRUN [\"bin/rails\", \"assets:precompile\"]\n# RUN heroku commented\n";
        let f = facts("Dockerfile", text);
        let env: Vec<_> = f
            .env_decls
            .iter()
            .map(|d| (at(text, d.at), d.value.clone()))
            .collect();
        assert_eq!(
            env,
            [
                ("RAILS_ENV", EnvValue::Literal("production".into())),
                (
                    "BUNDLE_WITHOUT",
                    EnvValue::Literal("development test".into())
                ),
                ("TZ", EnvValue::Literal("America/New_York".into())),
                ("LANG", EnvValue::Literal("C.UTF-8".into())),
            ]
        );
        let runs: Vec<_> = f.shell_commands.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            runs,
            [
                "apt-get update -qq && \\\n    apt-get install -y libpq-dev",
                "bundle install"
            ]
        );
        let s = &f.shell_commands[0];
        let i = s.text.find("apt-get install").unwrap();
        assert!(text[s.file_offset(i)..].starts_with("apt-get install"));
    }
}
