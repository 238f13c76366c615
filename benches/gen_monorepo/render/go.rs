//! Go source files (service methods, structs, batch helpers).

use std::fmt::Write as _;

use crate::case::pascal;
use crate::rng::Rng;
use crate::words::{ADJS, COMMENTS, FIELDS, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    let pkg = r.pick(NOUNS);
    let _ = write!(out, "// Package {pkg} {}.\npackage {pkg}\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\n\n", r.pick(COMMENTS).to_lowercase());
    let _ = write!(
        out,
        "var _ = os.Getpid\n\nconst batchSize = {}\n\n",
        r.range(10, 1000)
    );
    fill(out, target, r, plant, 0, |r, out| {
        let (v, n, f) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS));
        match r.below(3) {
            0 => {
                let _ = write!(
                    out,
                    "// {V}{N} {c}.
func (s *{N}Service) {V}{N}(ctx context.Context, id int64) (*{N}, error) {{
\tctx, cancel := context.WithTimeout(ctx, {t}*time.Second)
\tdefer cancel()
\trow, err := s.store.Get{N}(ctx, id)
\tif err != nil {{
\t\treturn nil, fmt.Errorf(\"{v} {n} %d: %w\", id, err)
\t}}
\tif row.{F} == \"\" {{
\t\treturn nil, errors.New(\"{n}: empty {f}\")
\t}}
\treturn row, nil
}}

",
                    V = pascal(v),
                    N = pascal(n),
                    F = pascal(f),
                    c = r.pick(COMMENTS).to_lowercase(),
                    t = r.range(1, 30)
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "// {N}{A} holds {a} {n} data.
type {N}{A} struct {{
\tID        int64     `json:\"id\"`
\t{F} string `json:\"{f}\"`
\tUpdatedAt time.Time `json:\"updated_at\"`
}}

",
                    N = pascal(n),
                    A = pascal(r.pick(ADJS)),
                    a = r.pick(ADJS),
                    F = pascal(f)
                );
            }
            _ => {
                let _ = write!(out,
"func {v}{N}Batch(ctx context.Context, ids []int64, fn func(context.Context, int64) error) (int, error) {{
\tdone := 0
\tfor i := 0; i < len(ids); i += batchSize {{
\t\tend := i + batchSize
\t\tif end > len(ids) {{
\t\t\tend = len(ids)
\t\t}}
\t\tfor _, id := range ids[i:end] {{
\t\t\tif err := fn(ctx, id); err != nil {{
\t\t\t\treturn done, err
\t\t\t}}
\t\t\tdone++
\t\t}}
\t}}
\treturn done, nil
}}

", N = pascal(n));
            }
        }
    });
}
