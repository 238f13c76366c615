//! Runtime version pins and the manifests that tell an app's language: what every pin-bearing
//! format records, and how.

use regex::Regex;

use super::{Cx, LanguageManifest, PinSource, Requirement, Runtime, RuntimePin, VersionSlot};
use crate::facts::leading_parts;
use crate::source::Span;

/// The file makes its folder an app of `runtime` (the first line is the fact's span).
pub fn language(cx: &mut Cx, runtime: Runtime) {
    language_of(cx, runtime, false);
}

/// `language`, for a manifest that may hold only development tooling.
pub fn language_of(cx: &mut Cx, runtime: Runtime, tooling: bool) {
    let at = cx.loc(Span::new(0, crate::source::line_end(cx.text, 0)));
    cx.facts.manifests_lang.push(LanguageManifest {
        at,
        runtime,
        tooling,
    });
}

/// An alias that names no version: "latest", "node", "system" and friends, and nvm's
/// `lts/*` and `lts/iron` (the newest LTS release, of a line).
pub fn is_alias(version: &str) -> bool {
    let v = version.trim();
    v.starts_with("lts/")
        || matches!(
            v,
            "latest" | "node" | "stable" | "system" | "lts" | "current"
        )
}

/// A pin of `runtime` at `span`, written there as it reads (`span` is also where another
/// version would be written), unless the value is empty.
pub fn pin(cx: &mut Cx, runtime: Runtime, source: PinSource, version: &str, span: Span) {
    let slot = slot_at(cx.text, span);
    pin_with(cx, runtime, source, version, span, Some(slot));
}

/// `pin`, with the slot a format computed itself (None: no edit can write another version).
pub fn pin_with(
    cx: &mut Cx,
    runtime: Runtime,
    source: PinSource,
    version: &str,
    span: Span,
    slot: Option<VersionSlot>,
) {
    let v = version.trim();
    if v.is_empty() {
        return;
    }
    let req = requirement(runtime, source, v);
    record(cx, runtime, source, v, req, is_alias(v), span, slot);
}

/// Record a pin whose requirement the format read itself (a Docker tag).
#[allow(clippy::too_many_arguments)]
pub fn record(
    cx: &mut Cx,
    runtime: Runtime,
    source: PinSource,
    version: &str,
    req: Requirement,
    alias: bool,
    span: Span,
    slot: Option<VersionSlot>,
) {
    cx.facts.pins.push(RuntimePin {
        at: cx.loc(span),
        runtime,
        version: version.to_string(),
        source,
        req,
        alias,
        slot,
    });
}

/// What a pin allows, read the way the platforms reading `source` read it.
pub fn requirement(runtime: Runtime, source: PinSource, version: &str) -> Requirement {
    // go.mod's `go 1.22` is the oldest Go the module builds with (Go 1.21 and later).
    if source == PinSource::GoMod {
        return Requirement::parse(&format!(">={version}"));
    }
    // Java 8 and older were `1.8`.
    if runtime == Runtime::Java {
        if let Some(rest) = version.strip_prefix("1.") {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Requirement::parse(rest);
            }
        }
    }
    Requirement::parse(version)
}

/// The slot of a value at `span`, keeping the quotes around it.
pub fn slot_at(text: &str, span: Span) -> VersionSlot {
    let raw = text.get(span.start..span.end).unwrap_or("");
    let quote = ["\"", "'"]
        .into_iter()
        .find(|q| raw.len() >= 2 && raw.starts_with(q) && raw.ends_with(q));
    match quote {
        Some(q) => VersionSlot {
            span,
            prefix: q,
            suffix: q,
        },
        None => VersionSlot::plain(span),
    }
}

/// Every match of `re` (its `v` or `f` group) as a pin; an `f` group (a file the version is
/// read from) is not a version.
pub fn line_pin(cx: &mut Cx, re: &Regex, runtime: Runtime, source: PinSource) {
    let found: Vec<(String, Span, bool)> = re
        .captures_iter(cx.text)
        .filter_map(|c| {
            c.name("v")
                .map(|m| (m, true))
                .or(c.name("f").map(|m| (m, false)))
        })
        .map(|(m, v)| (m.as_str().to_string(), Span::new(m.start(), m.end()), v))
        .collect();
    for (v, s, is_version) in found {
        if is_version {
            pin(cx, runtime, source, &v, s);
        } else {
            record(
                cx,
                runtime,
                source,
                &v,
                Requirement::Unknown,
                false,
                s,
                None,
            );
        }
    }
}

/// A runtime by the name version managers give it (`.tool-versions`, mise).
pub fn tool_runtime(tool: &str) -> Option<Runtime> {
    Some(match tool {
        "python" => Runtime::Python,
        "nodejs" | "node" => Runtime::Node,
        "ruby" => Runtime::Ruby,
        "golang" | "go" => Runtime::Go,
        "java" => Runtime::Java,
        "php" => Runtime::Php,
        "elixir" => Runtime::Elixir,
        _ => return None,
    })
}

/// The runtime an official image family provides (`python`, `library/node`,
/// `registry.docker.com/library/ruby`).
pub fn image_family(repo: &str) -> Option<Runtime> {
    let name = repo.split([':', '@']).next().unwrap_or(repo);
    // Dev container images (`mcr.microsoft.com/devcontainers/python:1-3.12`) tag their own
    // versions, and are no deploy image.
    if name.split('/').any(|s| s == "devcontainers") {
        return None;
    }
    Some(match name.rsplit('/').next().unwrap_or(name) {
        "python" => Runtime::Python,
        "node" => Runtime::Node,
        "ruby" => Runtime::Ruby,
        "golang" => Runtime::Go,
        "openjdk" | "eclipse-temurin" | "amazoncorretto" | "maven" | "gradle" => Runtime::Java,
        "php" => Runtime::Php,
        "elixir" => Runtime::Elixir,
        _ => return None,
    })
}

/// A language image a platform config runs or builds from (`python:3.11-slim`,
/// `docker.io/library/node:20-alpine`), at the value's `span`: a `PlatformImage` pin when its tag
/// starts with a version. The app's own image (`ghcr.io/acme/web:1.0`), a tag without a
/// version (`python:slim`, which EG502 judges in Dockerfiles), a tag set by a variable and
/// Maven's or Gradle's tags (the tool's version) say nothing about the runtime.
pub fn image_pin(cx: &mut Cx, image: &str, span: Span) {
    let image = image.trim();
    if image.contains('$') {
        return;
    }
    let named = image.split('@').next().unwrap_or(image);
    let Some((repo, tag)) = named.rsplit_once(':').filter(|(_, t)| !t.contains('/')) else {
        return;
    };
    let Some(runtime) = image_family(repo) else {
        return;
    };
    if matches!(repo.rsplit('/').next(), Some("maven" | "gradle")) {
        return;
    }
    let Some((_, used)) = leading_parts(tag) else {
        return;
    };
    let req = requirement(runtime, PinSource::PlatformImage, &tag[..used]);
    record(
        cx,
        runtime,
        PinSource::PlatformImage,
        tag,
        req,
        false,
        span,
        None,
    );
}
