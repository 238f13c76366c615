//! Python source files (functions and dataclasses).

use std::fmt::Write as _;

use crate::case::{pascal, snake};
use crate::rng::Rng;
use crate::words::{ADJS, COMMENTS, FIELDS, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "\"\"\"{}.\"\"\"\nfrom __future__ import annotations\n\nimport logging\nimport os\n",
        r.pick(COMMENTS)
    );
    let _ = write!(
        out,
        "from dataclasses import dataclass\nfrom typing import Any, Dict, List, Optional\n\n"
    );
    let _ = write!(
        out,
        "from {}.{} import {}\n\nlogger = logging.getLogger(__name__)\nBATCH_SIZE = {}\n\n\n",
        snake(unit),
        r.pick(NOUNS),
        pascal(r.pick(NOUNS)),
        r.range(50, 5000)
    );
    fill(out, target, r, plant, 0, |r, out| {
        let (v, n, f, f2) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        match r.below(3) {
            0 => {
                let _ = write!(
                    out,
                    "def {v}_{n}(key: int, {f2}: Optional[str] = None) -> List[Dict[str, Any]]:
    \"\"\"{c}.\"\"\"
    results: List[Dict[str, Any]] = []
    for item in {N}.objects.filter({f}=key)[:BATCH_SIZE]:
        if item.{f2} is None:
            logger.debug(\"skipping %s\", item.pk)
            continue
        results.append({{\"id\": item.pk, \"{f}\": item.{f}, \"{f2}\": {f2} or item.{f2}}})
    return results


",
                    c = r.pick(COMMENTS),
                    N = pascal(n)
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "@dataclass
class {A}{N}:
    {f}: str
    {f2}: Optional[int] = None

    def is_{a}(self) -> bool:
        # {c}
        return self.{f} == \"{a}\" and self.{f2} is not None


",
                    A = pascal(r.pick(ADJS)),
                    N = pascal(n),
                    a = r.pick(ADJS),
                    c = r.pick(COMMENTS)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "def _{v}_{n}_batch(rows: List[Dict[str, Any]]) -> int:
    count = 0
    for row in rows:
        try:
            {n} = {N}.from_dict(row)
            {n}.{v}()
            count += 1
        except ValueError as exc:  # {c}
            logger.warning(\"{v} {n} failed: %s\", exc)
    return count


",
                    N = pascal(n),
                    c = r.pick(COMMENTS)
                );
            }
        }
    });
}
