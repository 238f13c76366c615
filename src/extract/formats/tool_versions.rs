//! asdf's `.tool-versions`: `nodejs 20.11.1` per line.

use super::super::parsed::Parsed;
use super::super::pins::{pin, tool_runtime};
use super::super::{Cx, PinSource};
use crate::source::Span;

pub fn extract(cx: &mut Cx, _: &Parsed) {
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
            pin(
                cx,
                rt,
                PinSource::ToolVersions,
                version,
                Span::new(off, off + version.len()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::Runtime;

    #[test]
    fn one_pin_per_runtime_line() {
        let text =
            "nodejs 20.11.1\nruby 3.3.5 # bundler needs it\nterraform 1.9.0\n# python 3.11\n";
        let f = facts(".tool-versions", text);
        let pins: Vec<_> = f.pins.iter().map(|p| (p.runtime, at(text, p.at))).collect();
        assert_eq!(pins, [(Runtime::Node, "20.11.1"), (Runtime::Ruby, "3.3.5")]);
    }
}
