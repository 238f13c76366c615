//! Manifests that tell an app's language: `requirements*.txt`, `Pipfile` (which can pin
//! Python), `setup.py`, `pyproject.toml`, `pom.xml`, `build.gradle(.kts)`, `mix.exs`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::pins::{language, line_pin};
use super::super::{Cx, PinSource, Runtime};

static PIPFILE_PYTHON: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?m)^[ \t]*python_(?:full_)?version[ \t]*=[ \t]*"(?P<v>[^"]+)""#)
        .unwrap()
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    let name = cx.src.file_name();
    let runtime = match name {
        "pom.xml" | "build.gradle" | "build.gradle.kts" => Runtime::Java,
        "mix.exs" => Runtime::Elixir,
        _ => Runtime::Python,
    };
    let pipfile = name == "Pipfile";
    language(cx, runtime);
    if pipfile {
        line_pin(cx, &PIPFILE_PYTHON, Runtime::Python, PinSource::Pipfile);
    }
}
