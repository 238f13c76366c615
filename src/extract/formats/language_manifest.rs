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

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::{PinSource, Runtime};

    #[test]
    fn each_manifest_names_its_language() {
        for (path, runtime) in [
            ("requirements.txt", Runtime::Python),
            ("pom.xml", Runtime::Java),
            ("build.gradle.kts", Runtime::Java),
            ("mix.exs", Runtime::Elixir),
        ] {
            let f = facts(path, "x\n");
            assert_eq!(f.manifests_lang.len(), 1, "{path}");
            assert_eq!(f.manifests_lang[0].runtime, runtime, "{path}");
        }
        let f = facts(
            "Pipfile",
            "[packages]\ndjango = \"*\"\n\n[requires]\npython_version = \"3.12\"\n",
        );
        assert_eq!(f.pins[0].source, PinSource::Pipfile);
        assert_eq!(f.pins[0].version, "3.12");
    }
}
