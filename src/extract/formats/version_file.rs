//! Single-purpose version files: `.python-version`, `runtime.txt`, `.nvmrc`, `.node-version`,
//! `.ruby-version`, `.go-version`, `.java-version`, and the Elixir buildpack's
//! `elixir_buildpack.config`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::pins::{line_pin, pin, pin_with};
use super::super::{Cx, PinSource, Runtime};
use crate::facts::VersionSlot;
use crate::source::Span;

/// `elixir_version=1.16.2` (a version, not a `(branch main)`).
static ELIXIR_BUILDPACK: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^[ \t]*elixir_version[ \t]*=[ \t]*(?P<v>v?[0-9][^\s#]*)").unwrap()
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    let name = cx.src.file_name().to_string();
    let runtime = match name.as_str() {
        "elixir_buildpack.config" => {
            return line_pin(
                cx,
                &ELIXIR_BUILDPACK,
                Runtime::Elixir,
                PinSource::ElixirBuildpack,
            )
        }
        ".python-version" => (Runtime::Python, PinSource::PythonVersion),
        "runtime.txt" => (Runtime::Python, PinSource::RuntimeTxt),
        ".nvmrc" => (Runtime::Node, PinSource::Nvmrc),
        ".node-version" => (Runtime::Node, PinSource::NodeVersion),
        ".ruby-version" => (Runtime::Ruby, PinSource::RubyVersion),
        ".go-version" => (Runtime::Go, PinSource::GoVersion),
        _ => (Runtime::Java, PinSource::JavaVersion),
    };
    let (runtime, source) = runtime;
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
        let span = Span::new(off, off + t.len());
        match t.strip_prefix("python-") {
            // runtime.txt's `python-3.12.7`: a new version keeps the prefix.
            Some(v) => {
                let slot = VersionSlot {
                    span,
                    prefix: "python-",
                    suffix: "",
                };
                pin_with(cx, runtime, source, v, span, Some(slot));
            }
            None => pin(cx, runtime, source, t, span),
        }
        break;
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::{PinSource, Runtime};

    #[test]
    fn the_first_line_that_is_not_a_comment() {
        let cases = [
            (
                ".python-version",
                "# pyenv\n3.12.7\n",
                Runtime::Python,
                PinSource::PythonVersion,
                "3.12.7",
            ),
            (
                "runtime.txt",
                "python-3.11.9\n",
                Runtime::Python,
                PinSource::RuntimeTxt,
                "3.11.9",
            ),
            (
                ".nvmrc",
                "lts/iron\n",
                Runtime::Node,
                PinSource::Nvmrc,
                "lts/iron",
            ),
            (
                ".ruby-version",
                "  3.3.5\n",
                Runtime::Ruby,
                PinSource::RubyVersion,
                "3.3.5",
            ),
            (
                "elixir_buildpack.config",
                "erlang_version=26.2\nelixir_version=1.16.2\n",
                Runtime::Elixir,
                PinSource::ElixirBuildpack,
                "1.16.2",
            ),
        ];
        for (path, text, runtime, source, version) in cases {
            let f = facts(path, text);
            assert_eq!(f.pins.len(), 1, "{path}");
            let p = &f.pins[0];
            assert_eq!(
                (p.runtime, p.source, p.version.as_str()),
                (runtime, source, version),
                "{path}"
            );
        }
        // runtime.txt keeps its prefix when a fix writes another version.
        let text = "python-3.11.9\n";
        let f = facts("runtime.txt", text);
        let slot = f.pins[0].slot.as_ref().unwrap();
        assert_eq!(
            (at(text, f.pins[0].at), slot.prefix),
            ("python-3.11.9", "python-")
        );
    }
}
