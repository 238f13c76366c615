//! Java source files (one class of repository-backed methods).

use std::fmt::Write as _;

use crate::case::{camel, pascal, snake};
use crate::rng::Rng;
use crate::words::{COMMENTS, FIELDS, JAVA_SUFFIX, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let n0 = r.pick(NOUNS);
    let class = format!("{}{}", pascal(n0), r.pick(JAVA_SUFFIX));
    let _ = write!(out, "package com.acme.{}.{};\n\nimport java.util.List;\nimport java.util.Optional;\nimport java.util.stream.Collectors;\n\n",
        snake(unit).replace('_', ""), r.pick(NOUNS));
    let _ = write!(out, "/**\n * {}.\n */\npublic class {class} {{\n    private static final int BATCH_SIZE = {};\n    private final {N}Repository repository;\n\n    public {class}({N}Repository repository) {{\n        this.repository = repository;\n    }}\n\n",
        r.pick(COMMENTS), r.range(10, 1000), N = pascal(n0));
    fill(out, target, r, plant, 2, |r, out| {
        let (v, n, f, f2) = (
            r.pick(VERBS),
            r.pick(NOUNS),
            pascal(r.pick(FIELDS)),
            pascal(r.pick(FIELDS)),
        );
        if r.pct(60.0) {
            let _ = write!(
                out,
                "    /** {c}. */
    public List<{N}> {m}(long id, String filter) {{
        return repository.findBy{f}(id).stream()
            .filter(x -> x.get{f2}() != null)
            .limit(BATCH_SIZE)
            .collect(Collectors.toList());
    }}

",
                c = r.pick(COMMENTS),
                N = pascal(n),
                m = camel(v, n)
            );
        } else {
            let _ = write!(
                out,
                "    public Optional<{N}> {m}(String key) {{
        // {c}
        if (key == null || key.isEmpty()) {{
            return Optional.empty();
        }}
        return repository.findFirstBy{f}(key);
    }}

",
                c = r.pick(COMMENTS),
                N = pascal(n),
                m = camel(v, n)
            );
        }
    });
    out.push_str("}\n");
}
