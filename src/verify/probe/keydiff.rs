//! Key-level row diffs (EG918): a table whose counts or checksums differ is narrowed by hashing
//! key ranges on both sides and bisecting into the ranges that differ (the reladiff/data-diff
//! approach), then fetching the keys of small differing ranges. It runs in the sessions that
//! exported each side's count snapshot, so it sees exactly the rows that were counted.

use std::collections::BTreeMap;
use std::time::Duration;

use postgres::Client;

use super::postgres::{explain, millis, quote_table};
use crate::verify::facts::{KeyDiff, Narrowed};

/// Segments each differing range is split into.
pub const SEGMENTS: i64 = 32;
/// A differing range with at most this many rows (on the larger side) has its keys fetched.
pub const LEAF_ROWS: i64 = 1000;
/// Bisection levels before a range is fetched whatever its size (the budget still applies).
pub const MAX_DEPTH: u32 = 12;

/// The limits of one table's diff.
#[derive(Debug, Clone, Copy)]
pub struct DiffLimits {
    /// Rows hashed or fetched per side (`--diff-budget`).
    pub budget: u64,
    /// Each statement (`--count-timeout`), lock wait included.
    pub statement: Duration,
    pub lock: Duration,
}

/// A range still to look at: inclusive bounds, bisection depth, and its rows on the larger side
/// (from the parent's segments; the table's count for the first one).
#[derive(Debug, Clone, Copy)]
struct Range {
    lo: i64,
    hi: i64,
    depth: u32,
    rows: i64,
}

/// The savepoint each table's diff runs in, so a failure leaves the snapshot usable.
const SAVEPOINT: &str = "egress_d";

/// Narrow `table`'s difference, `source` and `target` being sessions inside the transactions
/// (and snapshots) that counted it, with `rows` the larger of the two counts. With `content`
/// (`--checksum`) segments compare row hashes, so changed rows are found too; without, they
/// compare the key sets (a sum of key hashes), which finds missing and extra keys for a
/// fraction of the cost (no row is turned into text).
pub fn diff_table(
    source: &mut Client,
    target: &mut Client,
    table: &str,
    rows: i64,
    content: bool,
    limits: DiffLimits,
) -> KeyDiff {
    let begin = format!(
        "SAVEPOINT {SAVEPOINT}; SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = {}",
        millis(limits.statement),
        millis(limits.lock)
    );
    let end = format!("ROLLBACK TO SAVEPOINT {SAVEPOINT}; RELEASE SAVEPOINT {SAVEPOINT}");
    let (a, b) = both(source, target, |c| c.batch_execute(&begin));
    if let Some(e) = a.err().or(b.err()) {
        return KeyDiff::NotNarrowed(format!("not narrowed: {}", explain(&e)));
    }
    let diff = narrow(source, target, table, rows, content, limits).unwrap_or_else(|(side, e)| {
        KeyDiff::NotNarrowed(format!("not narrowed: {side}: {}", explain(&e)))
    });
    let _ = both(source, target, |c| c.batch_execute(&end));
    diff
}

type Failed = (&'static str, postgres::Error);

/// Run `f` on both sessions at once.
fn both<T: Send>(
    source: &mut Client,
    target: &mut Client,
    f: impl Fn(&mut Client) -> Result<T, postgres::Error> + Sync,
) -> (Result<T, postgres::Error>, Result<T, postgres::Error>) {
    std::thread::scope(|s| {
        let a = s.spawn(|| f(source));
        let b = f(target);
        (a.join().expect("a diff query panicked"), b)
    })
}

fn pair<T>(r: (Result<T, postgres::Error>, Result<T, postgres::Error>)) -> Result<(T, T), Failed> {
    match r {
        (Err(e), _) => Err(("source", e)),
        (_, Err(e)) => Err(("target", e)),
        (Ok(a), Ok(b)) => Ok((a, b)),
    }
}

/// The single-column primary key of `table` if it is an integer: `Ok(column)`, or why not.
fn integer_key(c: &mut Client, table: &str) -> Result<Result<String, String>, postgres::Error> {
    let rows = c.query(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), i.indnkeyatts::int \
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] \
         WHERE i.indrelid = to_regclass($1) AND i.indisprimary",
        &[&quote_table(table)],
    )?;
    let Some(r) = rows.first() else {
        return Ok(Err("no primary key".into()));
    };
    let (column, ty, n): (String, String, i32) = (r.get(0), r.get(1), r.get(2));
    Ok(if n > 1 {
        Err(format!(
            "the primary key has {n} columns (only single-column integer keys are bisected)"
        ))
    } else if !matches!(ty.as_str(), "smallint" | "integer" | "bigint") {
        Err(format!(
            "the primary key `{column}` is {ty} (only integer keys are bisected)"
        ))
    } else {
        Ok(column)
    })
}

fn narrow(
    source: &mut Client,
    target: &mut Client,
    table: &str,
    rows: i64,
    content: bool,
    limits: DiffLimits,
) -> Result<KeyDiff, Failed> {
    let (ks, kt) = pair(both(source, target, |c| integer_key(c, table)))?;
    let key = match (ks, kt) {
        (Err(why), _) => return Ok(KeyDiff::NotNarrowed(format!("not narrowed: {why}"))),
        (Ok(_), Err(why)) => {
            return Ok(KeyDiff::NotNarrowed(format!(
                "not narrowed: on the target, {why}"
            )))
        }
        (Ok(a), Ok(b)) if a != b => {
            return Ok(KeyDiff::NotNarrowed(format!(
                "not narrowed: the primary key is `{a}` on the source, `{b}` on the target"
            )))
        }
        (Ok(a), Ok(_)) => a,
    };
    let q = quote_table(table);
    let k = format!("t.\"{}\"", key.replace('"', "\"\""));
    let bounds = format!("SELECT min({k})::int8, max({k})::int8 FROM {q} AS t");
    let (bs, bt) = pair(both(source, target, |c| {
        let r = c.query_one(&bounds, &[])?;
        Ok((r.get::<_, Option<i64>>(0), r.get::<_, Option<i64>>(1)))
    }))?;
    let lo = [bs.0, bt.0].into_iter().flatten().min();
    let hi = [bs.1, bt.1].into_iter().flatten().max();
    let mut out = Narrowed {
        key: key.clone(),
        ..Narrowed::default()
    };
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return Ok(KeyDiff::Narrowed(out));
    };
    // Hash: with `content` the same per-row hash as --checksum, so segments of a table whose
    // checksums differ always differ somewhere; without, a hash of the key alone.
    let hash = if content {
        "hashtextextended(t::text, 0)".to_string()
    } else {
        format!("hashint8extended({k}::int8, 0)")
    };
    let fetch = format!(
        "SELECT {k}::int8, {hash} FROM {q} AS t \
         WHERE {k} BETWEEN $1::int8 AND $2::int8 ORDER BY 1"
    );
    // Ranges by their lower bound: always the lowest first, so the keys kept are the first ones.
    let mut todo = BTreeMap::new();
    todo.insert(
        lo,
        Range {
            lo,
            hi,
            depth: 0,
            rows,
        },
    );
    let mut read: u64 = 0;
    while let Some((_, r)) = todo.pop_first() {
        let cost = r.rows.max(0) as u64;
        if read + cost > limits.budget {
            out.stopped = Some(limits.budget);
            out.ranges.push((r.lo, r.hi));
            out.ranges.extend(todo.values().map(|r| (r.lo, r.hi)));
            break;
        }
        read += cost;
        let width = r.hi as i128 - r.lo as i128 + 1;
        if r.rows <= LEAF_ROWS || r.depth >= MAX_DEPTH || width <= SEGMENTS as i128 {
            let (s, t) = pair(both(source, target, |c| {
                Ok(c.query(&fetch, &[&r.lo, &r.hi])?
                    .iter()
                    .map(|row| (row.get::<_, i64>(0), row.get::<_, i64>(1)))
                    .collect::<Vec<_>>())
            }))?;
            compare(&s, &t, &mut out);
            continue;
        }
        // One aggregate per segment, joined by UNION ALL: each reads its key range through the
        // primary key's index, and the server can run them in parallel (a GROUP BY over the
        // whole range is estimated at one group per key, so it never is).
        let step = (width + SEGMENTS as i128 - 1) / SEGMENTS as i128;
        let parts: Vec<(i64, i64)> = (0..SEGMENTS as i128)
            .map(|b| r.lo as i128 + b * step)
            .take_while(|a| *a <= r.hi as i128)
            .map(|a| (a as i64, (a + step - 1).min(r.hi as i128) as i64))
            .collect();
        let query = parts
            .iter()
            .enumerate()
            .map(|(b, (a, z))| {
                format!(
                    "SELECT {b}::int, count(*), sum({hash})::text FROM {q} AS t \
                     WHERE {k} BETWEEN '{a}'::int8 AND '{z}'::int8"
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let (s, t) = pair(both(source, target, |c| {
            let mut seen = vec![(0, None); parts.len()];
            for row in c.query(&query, &[])? {
                let b: i32 = row.get(0);
                seen[b as usize] = (row.get::<_, i64>(1), row.get::<_, Option<String>>(2));
            }
            Ok(seen)
        }))?;
        for (b, &(a, z)) in parts.iter().enumerate() {
            if s[b] == t[b] {
                continue;
            }
            todo.insert(
                a,
                Range {
                    lo: a,
                    hi: z,
                    depth: r.depth + 1,
                    rows: s[b].0.max(t[b].0),
                },
            );
        }
    }
    out.read = read;
    out.ranges = merged(std::mem::take(&mut out.ranges));
    Ok(KeyDiff::Narrowed(out))
}

/// Ranges sorted, with overlapping and adjacent ones joined (a run of missing keys that a
/// segment boundary split is one range again).
fn merged(mut ranges: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    ranges.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a as i128 <= last.1 as i128 + 1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Merge two key-ordered lists of (key, row hash): keys only on the source are missing, only on
/// the target extra, on both with different hashes changed. The range from the first to the last
/// differing key is recorded.
fn compare(source: &[(i64, i64)], target: &[(i64, i64)], out: &mut Narrowed) {
    let (mut i, mut j) = (0, 0);
    let mut span: Option<(i64, i64)> = None;
    let mut mark = |k: i64| {
        span = Some(span.map_or((k, k), |(a, b)| (a.min(k), b.max(k))));
    };
    while i < source.len() || j < target.len() {
        match (source.get(i), target.get(j)) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                if a.1 != b.1 {
                    out.changed.add(a.0);
                    mark(a.0);
                }
                i += 1;
                j += 1;
            }
            (Some(a), b) if b.is_none_or(|b| a.0 < b.0) => {
                out.missing.add(a.0);
                mark(a.0);
                i += 1;
            }
            (_, Some(b)) => {
                out.extra.add(b.0);
                mark(b.0);
                j += 1;
            }
            (None, None) => break,
            _ => unreachable!(),
        }
    }
    if let Some(s) = span {
        out.ranges.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_sorts_keys_into_missing_extra_and_changed() {
        let mut out = Narrowed::default();
        compare(
            &[(1, 10), (2, 20), (3, 30), (5, 50)],
            &[(2, 20), (3, 31), (4, 40), (5, 50), (6, 60)],
            &mut out,
        );
        assert_eq!(out.missing.first, [1]);
        assert_eq!(out.extra.first, [4, 6]);
        assert_eq!(out.changed.first, [3]);
        assert_eq!(out.ranges, [(1, 6)]);
        let mut out = Narrowed::default();
        compare(&[(1, 1)], &[(1, 1)], &mut out);
        assert!(out.ranges.is_empty() && out.missing.total == 0);
        assert_eq!(
            merged(vec![(50017, 50040), (7, 7), (50001, 50016), (9, 12)]),
            [(7, 7), (9, 12), (50001, 50040)]
        );
    }
}
