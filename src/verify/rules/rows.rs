//! The rows phase: EG911-EG913 over counts taken from one snapshot per side, EG918 over the
//! key ranges that differ.

use super::Live;
use crate::rules::{Finding, RuleId};
use crate::source::Loc;
use crate::verify::facts::{Count, KeyDiff, Keys, Status, TableFacts};

/// Each counted table against its manifest entry and expectation.
pub fn check(tables: &[TableFacts], out: &mut Live) {
    for t in tables {
        let (at, expected) = (&t.at, &t.expected);
        let subject = format!("{} rows", t.name);
        let (source, target) = match (&t.source, &t.target) {
            (Err(why), _) | (_, Err(why)) => {
                out.unknown(subject, why, Some(*at));
                continue;
            }
            (Ok(s), Ok(t)) => (s, t),
        };
        let (sc, ss, tc, ts) = match (source, target) {
            (Count::Missing, Count::Missing) => {
                // Most likely a misspelt name or a schema not on the search path.
                let why = "missing on both sides: check the name (and its schema)";
                out.check(subject, Status::Unknown, why, Some(*at));
                continue;
            }
            (_, Count::Missing) => {
                let f = Finding::new(
                    RuleId::EG912,
                    *at,
                    format!("table `{}` does not exist on the target", t.name),
                )
                .label("missing on target");
                out.fail(subject, "missing on target", f);
                continue;
            }
            (Count::Missing, _) => {
                out.check(subject, Status::Unknown, "missing on the source", Some(*at));
                continue;
            }
            (
                Count::Rows {
                    count: sc,
                    checksum: ss,
                },
                Count::Rows {
                    count: tc,
                    checksum: tt,
                },
            ) => (*sc, ss, *tc, tt),
        };
        let mut problems = Vec::new();
        if sc != tc {
            problems.push(format!("source {sc}, target {tc} ({:+})", tc - sc));
        }
        if let Some(e) = expected.filter(|e| *e != tc) {
            problems.push(format!("expected {e}, target {tc} ({:+})", tc - e));
        }
        // What the key diff found: a finding of its own, or why it could not narrow.
        let (keys, not_narrowed) = match &t.diff {
            None => (None, None),
            Some(d) => match key_finding(&t.name, d, at) {
                Ok(f) => (Some(f), None),
                Err(why) => (None, Some(why)),
            },
        };
        let with = |evidence: String| match &not_narrowed {
            Some(why) => format!("{evidence}; {why}"),
            None => evidence,
        };
        if !problems.is_empty() {
            let f = Finding::new(
                RuleId::EG911,
                *at,
                format!("`{}` row counts differ: {}", t.name, problems.join("; ")),
            )
            .label("row count differs");
            out.fail(subject, with(problems.join("; ")), f);
        } else {
            match (ss, ts) {
                (Some(a), Some(b)) if a != b => {
                    let f = Finding::new(
                        RuleId::EG913,
                        *at,
                        format!(
                            "`{}` has {tc} rows on both sides but different content",
                            t.name
                        ),
                    )
                    .label("content hash differs")
                    .help("compare the rows by primary key range to find the ones that differ");
                    out.fail(subject, with(format!("{tc} rows, content differs")), f);
                }
                (Some(_), Some(_)) => out.check(
                    subject,
                    Status::Pass,
                    format!("{tc} rows, same content"),
                    Some(*at),
                ),
                _ => out.check(subject, Status::Pass, format!("{tc} rows"), Some(*at)),
            }
        }
        if let Some((evidence, f)) = keys {
            out.fail(format!("{} keys", t.name), evidence, f);
        }
    }
}

/// EG918 and its evidence from what the key diff found, or why it did not narrow anything.
fn key_finding(table: &str, diff: &KeyDiff, at: &Loc) -> Result<(String, Finding), String> {
    let n = match diff {
        KeyDiff::NotNarrowed(why) => return Err(why.clone()),
        KeyDiff::Narrowed(n) => n,
    };
    if n.ranges.is_empty() {
        return Err("not narrowed: no key differs in the counted snapshots".into());
    }
    if let (Some(budget), 0) = (n.stopped, n.read) {
        return Err(format!(
            "not narrowed: a first pass over the table reads more than --diff-budget ({budget} rows per side)"
        ));
    }
    let ranges = list(n.ranges.iter().map(|&(a, b)| range(a, b)), n.ranges.len());
    let mut found = Vec::new();
    for (keys, what) in [
        (&n.missing, "missing on the target"),
        (&n.extra, "extra on the target"),
        (&n.changed, "changed"),
    ] {
        if keys.total > 0 {
            let shown = list(keys.first.iter().map(i64::to_string), keys.total as usize);
            found.push(format!("{} {what} ({shown})", keys.total));
        }
    }
    let key = &n.key;
    let (message, evidence) = match n.stopped {
        None => (
            format!(
                "`{table}` rows differ by `{key}` in {} key range{} ({ranges}): {}",
                n.ranges.len(),
                if n.ranges.len() == 1 { "" } else { "s" },
                found.join(", ")
            ),
            format!("{} in {key} {ranges}", found.join(", ")),
        ),
        Some(budget) => {
            let so_far = if found.is_empty() {
                String::new()
            } else {
                format!("; found so far: {}", found.join(", "))
            };
            let stop = format!(
                "stopped after {} rows (--diff-budget {budget}): narrowed to {key} {ranges}",
                n.read
            );
            (
                format!("`{table}` rows differ by `{key}`: {stop}{so_far}"),
                format!("{stop}{so_far}"),
            )
        }
    };
    let f = Finding::new(RuleId::EG918, *at, message)
        .label("rows differ by key")
        .help("copy the missing rows from the source by key, and compare the changed ones column by column");
    Ok((evidence, f))
}

/// An inclusive key range: `7`, `1-40`, `-5 to 3`.
fn range(a: i64, b: i64) -> String {
    match (a == b, a < 0) {
        (true, _) => a.to_string(),
        (false, false) => format!("{a}-{b}"),
        (false, true) => format!("{a} to {b}"),
    }
}

/// Up to ten items, and how many more of `total` there are.
fn list(items: impl Iterator<Item = String>, total: usize) -> String {
    let shown: Vec<String> = items.take(Keys::SHOWN).collect();
    let more = total.saturating_sub(shown.len());
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{}, and {more} more", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;
    use crate::verify::facts::{Seen, Unverified};

    fn rows(count: i64, sum: Option<&str>) -> Seen<Count> {
        Ok(Count::Rows {
            count,
            checksum: sum.map(str::to_string),
        })
    }

    #[test]
    fn recorded_counts() {
        let at = Loc {
            file: 0,
            span: Span::new(0, 1),
        };
        let t = |name: &str, s, t| TableFacts {
            name: name.into(),
            at,
            expected: None,
            source: s,
            target: t,
            diff: None,
        };
        let mut cases = vec![
            t("same", rows(5, Some("1")), rows(5, Some("1"))),
            t("fewer", rows(5, None), rows(4, None)),
            t("gone", rows(5, None), Ok(Count::Missing)),
            t("edited", rows(5, Some("1")), rows(5, Some("2"))),
            t(
                "unreachable",
                rows(5, None),
                Err(Unverified::TimedOut("timeout".into())),
            ),
        ];
        cases.push(TableFacts {
            name: "expected".into(),
            at,
            expected: Some(4),
            source: rows(3, None),
            target: rows(3, None),
            diff: None,
        });
        let mut live = Live::default();
        check(&cases, &mut live);
        let rules: Vec<_> = live.findings.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            [RuleId::EG911, RuleId::EG912, RuleId::EG913, RuleId::EG911]
        );
        let statuses: Vec<_> = live.checks.iter().map(|c| c.status).collect();
        assert_eq!(
            statuses,
            [
                Status::Pass,
                Status::Fail,
                Status::Fail,
                Status::Fail,
                Status::Unknown,
                Status::Fail
            ]
        );
    }

    #[test]
    fn key_diffs_read_as_ranges_and_keys() {
        use crate::verify::facts::{KeyDiff, Keys, Narrowed};
        let at = Loc {
            file: 0,
            span: Span::new(0, 1),
        };
        let keys = |total, first: &[i64]| Keys {
            total,
            first: first.to_vec(),
        };
        let table = |diff| TableFacts {
            name: "t".into(),
            at,
            expected: None,
            source: rows(10, None),
            target: rows(12, None),
            diff: Some(diff),
        };
        let run = |diff| {
            let mut live = Live::default();
            check(&[table(diff)], &mut live);
            live
        };
        // Stopped with something found: the open ranges, then what was found so far.
        let live = run(KeyDiff::Narrowed(Narrowed {
            key: "id".into(),
            ranges: vec![(-40, -3), (5, 5)],
            extra: keys(2, &[5, 6]),
            read: 30,
            stopped: Some(40),
            ..Narrowed::default()
        }));
        assert_eq!(
            live.findings[1].message,
            "`t` rows differ by `id`: stopped after 30 rows (--diff-budget 40): narrowed to id \
             -40 to -3, 5; found so far: 2 extra on the target (5, 6)"
        );
        assert_eq!(live.checks[1].subject, "t keys");
        // More than ten ranges: the first ten and how many more.
        let live = run(KeyDiff::Narrowed(Narrowed {
            key: "id".into(),
            ranges: (1..=12).map(|i| (i * 10, i * 10)).collect(),
            missing: keys(12, &[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
            read: 100,
            ..Narrowed::default()
        }));
        assert!(live.findings[1].message.contains(
            "in 12 key ranges (10, 20, 30, 40, 50, 60, 70, 80, 90, 100, and 2 more): 12 missing"
        ));
        // Not narrowed: no EG918, the reason in the EG911 evidence.
        let live = run(KeyDiff::NotNarrowed("not narrowed: no primary key".into()));
        assert_eq!(live.findings.len(), 1);
        assert_eq!(
            live.checks[0].evidence,
            "source 10, target 12 (+2); not narrowed: no primary key"
        );
        let live = run(KeyDiff::Narrowed(Narrowed {
            key: "id".into(),
            ranges: vec![(1, 100)],
            stopped: Some(5),
            ..Narrowed::default()
        }));
        assert_eq!(live.findings.len(), 1);
        assert!(live.checks[0].evidence.ends_with("(5 rows per side)"));
    }
}
