//! Plain YAML config files (nested settings mappings).

use std::fmt::Write as _;

use crate::rng::Rng;
use crate::words::{ADJS, COMMENTS, ENVS, FIELDS, NOUNS};

use super::fill;

pub fn generate(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(out, "# {}\n", r.pick(COMMENTS));
    fill(out, target, r, plant, 0, |r, out| {
        let _ = write!(
            out,
            "{}_{}:\n",
            r.pick(NOUNS),
            r.pick(&["settings", "limits", "queue", "client", "cache"])
        );
        for _ in 0..r.range(3, 8) {
            match r.below(4) {
                0 => {
                    let _ = write!(out, "  {}: {}\n", r.pick(FIELDS), r.range(1, 10_000));
                }
                1 => {
                    let _ = write!(out, "  {}_enabled: {}\n", r.pick(ADJS), r.pct(50.0));
                }
                2 => {
                    let _ = write!(
                        out,
                        "  {}: \"{}-{}\"\n",
                        r.pick(FIELDS),
                        r.pick(ADJS),
                        r.pick(NOUNS)
                    );
                }
                _ => {
                    let _ = write!(
                        out,
                        "  {}:\n    - {}\n    - {}\n",
                        r.pick(NOUNS),
                        r.pick(ENVS),
                        r.pick(ENVS)
                    );
                }
            }
        }
        out.push('\n');
    });
}
