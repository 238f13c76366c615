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
