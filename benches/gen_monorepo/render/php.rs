//! PHP source files (one final class of repository-backed methods).

use std::fmt::Write as _;

use crate::case::{camel, lower_first, pascal};
use crate::rng::Rng;
use crate::words::{COMMENTS, FIELDS, JAVA_SUFFIX, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let n0 = r.pick(NOUNS);
    let class = format!("{}{}", pascal(n0), r.pick(JAVA_SUFFIX));
    let _ = write!(out, "<?php\n\ndeclare(strict_types=1);\n\nnamespace Acme\\{}\\{};\n\nuse Acme\\Support\\{N}Repository;\nuse Psr\\Log\\LoggerInterface;\n\n",
        pascal(unit), pascal(r.pick(NOUNS)), N = pascal(n0));
    let _ = write!(out, "/**\n * {}.\n */\nfinal class {class}\n{{\n    public function __construct(\n        private {N}Repository $repository,\n        private LoggerInterface $logger,\n    ) {{\n    }}\n\n",
        r.pick(COMMENTS), N = pascal(n0));
    fill(out, target, r, plant, 2, |r, out| {
        let (v, n, f, f2) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        let _ = write!(
            out,
            "    public function {m}(int $id, ?string ${fc} = null): array
    {{
        // {c}
        $rows = $this->repository->findBy{F}($id);
        if ($rows === []) {{
            $this->logger->info('{m}: no rows', ['id' => $id]);
            return [];
        }}
        return array_map(fn ($row) => ['id' => $row->id, '{f2}' => $row->{f2} ?? ${fc}], $rows);
    }}

",
            m = camel(v, n),
            fc = lower_first(&pascal(f)),
            F = pascal(f),
            c = r.pick(COMMENTS)
        );
    });
    out.push_str("}\n");
}
