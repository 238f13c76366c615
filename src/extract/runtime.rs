//! Runtime version pins and the manifests that tell an app's language.

use crate::parse::Tree;
use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, LanguageManifest, Runtime, RuntimePin, SourceKind};
use crate::parse::{json, toml};
use crate::source::Span;

pub fn extract(cx: &mut Cx) {
    let name = cx.src.file_name().to_string();
    match cx.src.kind {
        SourceKind::VersionFile if name == "elixir_buildpack.config" => {
            line_pin(cx, &ELIXIR_BUILDPACK, Runtime::Elixir);
        }
        SourceKind::VersionFile => version_file(cx, &name),
        SourceKind::ToolVersions => tool_versions(cx),
        SourceKind::MiseToml => mise(cx),
        SourceKind::SystemProperties => {
            line_pin(cx, &JAVA_PROP, Runtime::Java);
        }
        SourceKind::Gemfile => {
            manifest(cx, Runtime::Ruby);
            line_pin(cx, &GEMFILE_RUBY, Runtime::Ruby);
        }
        SourceKind::GemfileLock => {
            line_pin(cx, &LOCK_RUBY, Runtime::Ruby);
        }
        SourceKind::GoMod => {
            manifest(cx, Runtime::Go);
            line_pin(cx, &GO_DIRECTIVE, Runtime::Go);
        }
        SourceKind::Dockerfile => dockerfile(cx),
        SourceKind::LanguageManifest => {
            let runtime = match name.as_str() {
                "pom.xml" | "build.gradle" | "build.gradle.kts" => Runtime::Java,
                "mix.exs" => Runtime::Elixir,
                _ => Runtime::Python,
            };
            manifest(cx, runtime);
            if name == "Pipfile" {
                line_pin(cx, &PIPFILE_PYTHON, Runtime::Python);
            }
        }
        _ => {}
    }
}

fn manifest(cx: &mut Cx, runtime: Runtime) {
    let at = cx.loc(Span::new(0, crate::source::line_end(cx.text, 0)));
    cx.facts
        .manifests_lang
        .push(LanguageManifest { at, runtime });
}

fn pin(cx: &mut Cx, runtime: Runtime, version: &str, span: Span) {
    let v = version.trim();
    // "latest", "node", "system" and friends name no version at all; nvm's `lts/*` and
    // `lts/iron` follow the newest LTS release (of a line).
    if v.is_empty()
        || v.starts_with("lts/")
        || matches!(
            v,
            "latest" | "node" | "stable" | "system" | "lts" | "current"
        )
    {
        return;
    }
    cx.facts.pins.push(RuntimePin {
        at: cx.loc(span),
        runtime,
        version: v.to_string(),
    });
}

static GEMFILE_RUBY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?m)^[ \t]*ruby[ \t(]+(?:['"](?P<v>[^'"]+)['"]|file:\s*['"](?P<f>[^'"]+)['"])"#,
    )
    .unwrap()
});
static LOCK_RUBY: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"(?m)^RUBY VERSION\r?\n[ \t]+ruby (?P<v>\S+)").unwrap());
static GO_DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^(?:go|toolchain)[ \t]+(?:go)?(?P<v>[0-9][[0-9A-Za-z_].]*)").unwrap()
});
static JAVA_PROP: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^[ \t]*java\.runtime\.version[ \t]*[=:][ \t]*(?P<v>\S+)").unwrap()
});
/// The Elixir buildpack's `elixir_buildpack.config`: `elixir_version=1.16.2` (a version, not a
/// `(branch main)`).
static ELIXIR_BUILDPACK: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^[ \t]*elixir_version[ \t]*=[ \t]*(?P<v>v?[0-9][^\s#]*)").unwrap()
});
static PIPFILE_PYTHON: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?m)^[ \t]*python_(?:full_)?version[ \t]*=[ \t]*"(?P<v>[^"]+)""#)
        .unwrap()
});

fn line_pin(cx: &mut Cx, re: &Regex, runtime: Runtime) {
    let found: Vec<(String, Span)> = re
        .captures_iter(cx.text)
        .filter_map(|c| c.name("v").or(c.name("f")))
        .map(|m| (m.as_str().to_string(), Span::new(m.start(), m.end())))
        .collect();
    for (v, s) in found {
        pin(cx, runtime, &v, s);
    }
}

fn version_file(cx: &mut Cx, name: &str) {
    let runtime = match name {
        ".python-version" | "runtime.txt" => Runtime::Python,
        ".nvmrc" | ".node-version" => Runtime::Node,
        ".ruby-version" => Runtime::Ruby,
        ".go-version" => Runtime::Go,
        _ => Runtime::Java,
    };
    let mut start = 0;
    for line in cx.text.split_inclusive('\n') {
        let ls = start;
        start += line.len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let off = ls + (line.len() - line.trim_start().len());
        let v = t.strip_prefix("python-").unwrap_or(t);
        pin(cx, runtime, v, Span::new(off, off + t.len()));
        break;
    }
}

fn tool_runtime(tool: &str) -> Option<Runtime> {
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

fn tool_versions(cx: &mut Cx) {
    let mut start = 0;
    let text = cx.text;
    for line in text.split_inclusive('\n') {
        let ls = start;
        start += line.len();
        let content = line.split('#').next().unwrap_or("");
        let mut parts = content.split_whitespace();
        let (Some(tool), Some(version)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let Some(rt) = tool_runtime(tool) {
            let off = ls + line.find(version).unwrap_or(0);
            pin(cx, rt, version, Span::new(off, off + version.len()));
        }
    }
}

fn mise(cx: &mut Cx) {
    let Ok(table) = toml::parse(cx.text) else {
        return;
    };
    let tools = [
        "python", "node", "nodejs", "ruby", "go", "golang", "java", "php", "elixir",
    ];
    for tool in tools {
        if let Some((v, span)) = toml::get_str(table.get_ref(), &["tools", tool]) {
            let v = v.to_string();
            pin(cx, tool_runtime(tool).unwrap_or(Runtime::Node), &v, span);
        }
    }
}

static FROM: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?mi)^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(?P<img>\S+)").unwrap()
});

/// `FROM python:3.12-slim`: the image tag pins the runtime for Docker-based platforms.
fn dockerfile(cx: &mut Cx) {
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

/// package.json `engines.node` and composer.json `require.php`.
pub fn from_package_json(cx: &mut Cx, root: &json::Node) {
    let (runtime, path) = if cx.src.kind == SourceKind::ComposerJson {
        (Runtime::Php, ["require", "php"])
    } else {
        (Runtime::Node, ["engines", "node"])
    };
    manifest(cx, runtime);
    if let Some(v) = root.path(&path) {
        if let Some(s) = v.as_str() {
            let s = s.to_string();
            pin(cx, runtime, &s, v.span);
        }
    }
}
