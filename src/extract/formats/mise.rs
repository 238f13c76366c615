//! `mise.toml` / `.mise.toml`: `[tools] python = "3.12"`.

use super::super::parsed::Parsed;
use super::super::pins::{pin, tool_runtime};
use super::super::{Cx, PinSource, Runtime};
use crate::parse::toml;

const TOOLS: [&str; 9] = [
    "python", "node", "nodejs", "ruby", "go", "golang", "java", "php", "elixir",
];

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Toml(table) = parsed else { return };
    for tool in TOOLS {
        if let Some((v, span)) = toml::get_str(table.get_ref(), &["tools", tool]) {
            let v = v.to_string();
            pin(
                cx,
                tool_runtime(tool).unwrap_or(Runtime::Node),
                PinSource::Mise,
                &v,
                span,
            );
        }
    }
}
