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

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::Runtime;

    #[test]
    fn tools_table_pins() {
        let text = "[tools]\npython = \"3.12.4\"\nnode = \"20\"\nterraform = \"1.9\"\n";
        let f = facts("mise.toml", text);
        let pins: Vec<_> = f.pins.iter().map(|p| (p.runtime, at(text, p.at))).collect();
        assert!(
            pins.contains(&(Runtime::Python, "\"3.12.4\""))
                || pins.contains(&(Runtime::Python, "3.12.4")),
            "{pins:?}"
        );
        assert_eq!(f.pins.len(), 2, "terraform is not a runtime: {pins:?}");
        assert!(facts(".mise.toml", "[tools\n").pins.is_empty());
    }
}
