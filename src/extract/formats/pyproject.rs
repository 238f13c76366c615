//! `pyproject.toml`: makes its folder a Python app. A broken one tells nothing (EG001 says so),
//! so it does not count as a manifest to pin for.

use super::super::parsed::Parsed;
use super::super::pins::language;
use super::super::{Cx, Runtime};

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    if matches!(parsed, Parsed::Toml(_)) {
        language(cx, Runtime::Python);
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;

    #[test]
    fn only_a_parsed_file_makes_a_python_app() {
        let ok = facts(
            "pyproject.toml",
            "[project]\nname = \"harbor\"\nrequires-python = \">=3.12\"\n",
        );
        assert_eq!(ok.manifests_lang.len(), 1);
        let broken = facts("pyproject.toml", "[project]\nrequires-python = \">=3.12\n");
        assert!(broken.manifests_lang.is_empty());
        assert_eq!(
            broken.parse_errors.len(),
            1,
            "a required file that does not parse is EG001"
        );
    }
}
