//! Dockerfiles: the `FROM` image tag pins the runtime for Docker-based platforms, and
//! `HEALTHCHECK` declares the check the container runtime runs.

use std::sync::LazyLock;

use regex::Regex;

use super::super::pins::pin;
use super::super::syntax::Parsed;
use super::super::{Cx, Runtime};
use crate::facts::{HealthCheck, Origin};
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

/// `FROM python:3.12-slim`: a version tag (or a digest) pins the image's runtime.
fn image_pins(cx: &mut Cx) {
    let found: Vec<(String, Span)> = FROM
        .captures_iter(cx.text)
        .map(|c| {
            let m = c.name("img").unwrap();
            (m.as_str().to_string(), Span::new(m.start(), m.end()))
        })
        .collect();
    for (image, span) in found {
        // `python:3.12-slim@sha256:...`: the digest comes after the tag.
        let named = image.split('@').next().unwrap_or(&image);
        let (repo, tag) = match named.rsplit_once(':') {
            Some((r, t)) if !t.contains('/') => (r, t),
            _ => (named, ""),
        };
        let family = repo.rsplit('/').next().unwrap_or(repo);
        let runtime = match family {
            "python" => Runtime::Python,
            "node" => Runtime::Node,
            "ruby" => Runtime::Ruby,
            "golang" => Runtime::Go,
            "openjdk" | "eclipse-temurin" | "amazoncorretto" | "maven" | "gradle" => Runtime::Java,
            "php" => Runtime::Php,
            "elixir" => Runtime::Elixir,
            _ => continue,
        };
        if image.contains('@') || tag.starts_with(|c: char| c.is_ascii_digit()) || tag.contains('$')
        {
            pin(cx, runtime, if tag.is_empty() { &image } else { tag }, span);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;

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
}
