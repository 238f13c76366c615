//! TOML config files (tables of settings).

use std::fmt::Write as _;

use crate::rng::Rng;
use crate::words::{ADJS, COMMENTS, FIELDS, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(out, "# {}\n\n", r.pick(COMMENTS));
    fill(out, target, r, plant, 0, |r, out| {
        let _ = write!(
            out,
            "[{}.{}]\n",
            r.pick(NOUNS),
            r.pick(&["settings", "limits", "queue", "client"])
        );
        for _ in 0..r.range(2, 7) {
            match r.below(3) {
                0 => {
                    let _ = write!(out, "{} = {}\n", r.pick(FIELDS), r.range(0, 10_000));
                }
                1 => {
                    let _ = write!(out, "{}_enabled = {}\n", r.pick(ADJS), r.pct(50.0));
                }
                _ => {
                    let _ = write!(
                        out,
                        "{} = \"{}-{}\"\n",
                        r.pick(FIELDS),
                        r.pick(VERBS),
                        r.pick(NOUNS)
                    );
                }
            }
        }
        out.push('\n');
    });
}
