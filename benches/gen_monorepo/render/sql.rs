//! SQL migrations, functions and dumps (DDL and INSERTs in a transaction).

use std::fmt::Write as _;

use crate::rng::Rng;
use crate::words::{ADJS, COMMENTS, FIELDS, NOUNS};

use super::fill;

pub fn generate(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "-- {}\n-- {}\nBEGIN;\n\n",
        r.pick(COMMENTS),
        r.pick(COMMENTS)
    );
    if r.pct(5.0) {
        out.push_str("CREATE EXTENSION IF NOT EXISTS pgcrypto;\n\n");
    }
    fill(out, target, r, plant, 8, |r, out| {
        let (n, f, f2) = (r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        match r.below(4) {
            0 => {
                let _ = write!(
                    out,
                    "CREATE TABLE IF NOT EXISTS {n}_{a} (
    id BIGSERIAL PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    {f} TEXT,
    {f2}_value INTEGER DEFAULT 0,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
    updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now()
);

",
                    a = r.pick(ADJS)
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS index_{n}s_on_{f} ON {n}s ({f});\n\n"
                );
            }
            2 => {
                let _ = write!(out, "ALTER TABLE {n}s ADD COLUMN IF NOT EXISTS {a}_{f} TEXT;\nCOMMENT ON COLUMN {n}s.{a}_{f} IS '{c}';\n\n", a = r.pick(ADJS), c = r.pick(COMMENTS).replace('\'', ""));
            }
            _ => {
                let _ = write!(
                    out,
                    "INSERT INTO {n}s (tenant_id, {f}, created_at) VALUES\n"
                );
                let k = r.range(2, 12);
                for i in 0..k {
                    let _ = write!(
                        out,
                        "    ({}, '{}-{}', now()){}\n",
                        r.range(1, 5000),
                        r.pick(ADJS),
                        r.range(1, 99_999),
                        if i + 1 == k { ";" } else { "," }
                    );
                }
                out.push('\n');
            }
        }
    });
    out.push_str("COMMIT;\n");
}
