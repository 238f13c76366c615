//! Single-purpose version files: `.python-version`, `runtime.txt`, `.nvmrc`, `.node-version`,
//! `.ruby-version`, `.go-version`, `.java-version`, and the Elixir buildpack's
//! `elixir_buildpack.config`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::pins::{line_pin, pin};
use super::super::syntax::Parsed;
use super::super::{Cx, Runtime};
use crate::source::Span;

/// `elixir_version=1.16.2` (a version, not a `(branch main)`).
static ELIXIR_BUILDPACK: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^[ \t]*elixir_version[ \t]*=[ \t]*(?P<v>v?[0-9][^\s#]*)").unwrap()
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    let name = cx.src.file_name().to_string();
    let runtime = match name.as_str() {
        "elixir_buildpack.config" => return line_pin(cx, &ELIXIR_BUILDPACK, Runtime::Elixir),
        ".python-version" | "runtime.txt" => Runtime::Python,
        ".nvmrc" | ".node-version" => Runtime::Node,
        ".ruby-version" => Runtime::Ruby,
        ".go-version" => Runtime::Go,
        _ => Runtime::Java,
    };
    // The first line that is not blank or a comment holds the version.
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
