//! `package.json` (`engines.node`) and `composer.json` (`require.php`): the runtime, and the
//! `scripts`, which are shell commands.

use super::super::pins::{language_of, pin};
use super::super::syntax::Parsed;
use super::super::{env_reads, Cx, Lit, Runtime, SourceKind};
use crate::parse::{json, Tree};
use crate::source::Lang;

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Json(root) = parsed else { return };
    let (runtime, path) = if cx.kind == SourceKind::ComposerJson {
        (Runtime::Php, ["require", "php"])
    } else {
        (Runtime::Node, ["engines", "node"])
    };
    language_of(cx, runtime, runtime == Runtime::Node && tooling_only(root));
    if let Some(v) = root.path(&path) {
        if let Some(s) = v.as_str() {
            let s = s.to_string();
            pin(cx, runtime, &s, v.span);
        }
    }
    if cx.hits.has(Lit::Dyno) {
        scripts(cx, root);
    }
}

/// A package.json that builds and runs nothing: no dependencies, no `start` or `build` script,
/// no `engines` (linters and formatters for a Rails or Django app).
fn tooling_only(root: &json::Node) -> bool {
    let has = |key: &str| root.get(key).is_some_and(|v| !v.entries().is_empty());
    let script = |name: &str| root.path(&["scripts", name]).is_some();
    !has("dependencies") && !has("engines") && !script("start") && !script("build")
}

/// Env reads in `scripts`, each a shell command inside its JSON quotes.
fn scripts(cx: &mut Cx, root: &json::Node) {
    let Some(scripts) = root.get("scripts") else {
        return;
    };
    for (_, v) in scripts.entries() {
        let span = v.span;
        let (start, end) = match cx.text.get(span.start..span.end) {
            Some(raw) if raw.len() >= 2 && raw.starts_with('"') => (span.start + 1, span.end - 1),
            _ => (span.start, span.end),
        };
        let raw = crate::source::slice(cx.text, crate::source::Span::new(start, end)).to_string();
        env_reads::extract_in(cx, &raw, start, Lang::Shell);
    }
}
