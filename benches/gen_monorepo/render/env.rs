//! .env files (KEY=value lines).

use std::fmt::Write as _;

use crate::rng::Rng;
use crate::words::{ADJS, ENVS, FIELDS, NOUNS};

use super::fill;

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(out, "# {} environment for {unit}\n", r.pick(ENVS));
    fill(out, target, r, plant, 0, |r, out| match r.below(5) {
        0 => {
            let _ = write!(out, "REDIS_URL=redis://localhost:6379/{}\n", r.below(16));
        }
        1 => {
            let _ = write!(
                out,
                "{}_{}={}\n",
                r.pick(NOUNS).to_uppercase(),
                r.pick(FIELDS).to_uppercase(),
                r.range(1, 1000)
            );
        }
        2 => {
            let _ = write!(
                out,
                "FEATURE_{}_{}={}\n",
                r.pick(ADJS).to_uppercase(),
                r.pick(NOUNS).to_uppercase(),
                r.pct(50.0)
            );
        }
        3 => {
            let _ = write!(out, "LOG_LEVEL={}\n", r.pick(&["debug", "info", "warn"]));
        }
        _ => {
            let _ = write!(
                out,
                "{}_API_KEY=changeme-{:x}\n",
                r.pick(NOUNS).to_uppercase(),
                r.next_u64() & 0xffff_ffff
            );
        }
    });
}
