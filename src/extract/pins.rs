//! Runtime version pins and the manifests that tell an app's language: what every pin-bearing
//! format records, and how.

use regex::Regex;

use super::{Cx, LanguageManifest, Runtime, RuntimePin};
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

/// A pin of `runtime` at `span`, unless the value names no version at all.
pub fn pin(cx: &mut Cx, runtime: Runtime, version: &str, span: Span) {
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

/// Every match of `re` (its `v` or `f` group) as a pin.
pub fn line_pin(cx: &mut Cx, re: &Regex, runtime: Runtime) {
    let found: Vec<(String, Span)> = re
        .captures_iter(cx.text)
        .filter_map(|c| c.name("v").or(c.name("f")))
        .map(|m| (m.as_str().to_string(), Span::new(m.start(), m.end())))
        .collect();
    for (v, s) in found {
        pin(cx, runtime, &v, s);
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
