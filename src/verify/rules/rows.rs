//! The rows phase: EG911-EG913 over counts taken from one snapshot per side.

use super::Live;
use crate::rules::{Finding, RuleId};
use crate::verify::facts::{Count, Status, TableFacts};

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
        if !problems.is_empty() {
            let f = Finding::new(
                RuleId::EG911,
                *at,
                format!("`{}` row counts differ: {}", t.name, problems.join("; ")),
            )
            .label("row count differs");
            out.fail(subject, problems.join("; "), f);
            continue;
        }
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
                out.fail(subject, format!("{tc} rows, content differs"), f);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Loc, Span};
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
}
