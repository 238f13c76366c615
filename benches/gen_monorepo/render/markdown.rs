//! Markdown docs (sections, lists, code blocks, tables).

use std::fmt::Write as _;

use crate::case::pascal;
use crate::rng::Rng;
use crate::words::{ADJS, FIELDS, NOUNS, PROSE, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "# {} {}\n\n{}\n\n",
        pascal(unit),
        pascal(r.pick(NOUNS)),
        r.pick(PROSE)
    );
    fill(out, target, r, plant, 0, |r, out| match r.below(4) {
        0 => {
            let _ = write!(
                out,
                "## {} {}\n\n{} {}\n\n",
                pascal(r.pick(VERBS)),
                r.pick(NOUNS),
                r.pick(PROSE),
                r.pick(PROSE)
            );
        }
        1 => {
            for _ in 0..r.range(2, 6) {
                let _ = write!(
                    out,
                    "- {} the `{}` {}\n",
                    pascal(r.pick(VERBS)),
                    r.pick(FIELDS),
                    r.pick(NOUNS)
                );
            }
            out.push('\n');
        }
        2 => {
            let _ = write!(
                out,
                "```bash\nmake {}\nbin/{}-{} --{}\n```\n\n",
                r.pick(VERBS),
                r.pick(VERBS),
                r.pick(NOUNS),
                r.pick(ADJS)
            );
        }
        _ => {
            let _ = write!(
                out,
                "| {} | {} |\n|---|---|\n| {} | {} |\n| {} | {} |\n\n",
                r.pick(FIELDS),
                r.pick(FIELDS),
                r.range(1, 99),
                r.pick(ADJS),
                r.range(1, 99),
                r.pick(ADJS)
            );
        }
    });
}
