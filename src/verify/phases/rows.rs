//! The rows phase: exact row counts (and, with `--checksum`, content hashes) of the manifest's
//! tables on both sides, each side over `--jobs` sessions sharing one snapshot; tables that
//! differ are then narrowed by key range (EG918) in those snapshots.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::{Phase, PhaseCx};
use crate::manifest::{Manifest, Tables};
use crate::rules::RuleId;
use crate::source::Loc;
use crate::verify::facts::{Count, PhaseFacts, Seen, TableFacts, Unverified};
use ::postgres::Client;

use crate::verify::probe::keydiff::{self, DiffLimits};
use crate::verify::probe::postgres::{self, Target};
use crate::verify::probe::with_deadline;
use crate::verify::rules::{self, Live};

pub struct Rows;

impl Phase for Rows {
    fn name(&self) -> &'static str {
        "rows"
    }

    fn probes(&self) -> &'static str {
        "row counts (and content hashes with --checksum) of row_count_tables, one snapshot per side; differing tables narrowed by key range"
    }

    fn needs(&self) -> &'static str {
        "verification.row_count_tables"
    }

    fn reads_databases(&self) -> bool {
        true
    }

    fn rules(&self) -> &'static [RuleId] {
        &[RuleId::EG911, RuleId::EG912, RuleId::EG913, RuleId::EG918]
    }

    fn observe(&self, cx: &PhaseCx, _live: &mut Live) -> PhaseFacts {
        PhaseFacts::Rows(count(cx))
    }

    fn judge(&self, manifest: &Manifest, facts: &PhaseFacts, live: &mut Live) {
        match facts {
            PhaseFacts::Rows(Ok(tables)) => rules::rows::check(tables, live),
            PhaseFacts::Rows(Err(why)) => {
                let at = match &manifest.tables {
                    Some(Tables::All(at)) => Some(*at),
                    _ => None,
                };
                live.unknown("all tables", why, at);
            }
            _ => {}
        }
    }
}

/// The tables to count (the manifest's list, or every user table of the source), counted on
/// both sides. `Err` when the source's tables could not be listed.
fn count(cx: &PhaseCx) -> Seen<Vec<TableFacts>> {
    let (opts, limits) = (cx.opts, cx.limits);
    let Some(tables) = &cx.manifest.tables else {
        return Ok(Vec::new());
    };
    let entries: Vec<(String, Loc, Option<i64>)> = match tables {
        Tables::List(list) => list
            .iter()
            .map(|e| (e.name.clone(), e.at, e.expected))
            .collect(),
        Tables::All(at) => {
            let names = cx.source.as_ref().map_err(Clone::clone).and_then(|s| {
                let owned = s.clone();
                with_deadline(
                    limits.connect_timeout + limits.statement_timeout,
                    move || postgres::user_tables(&owned, limits),
                )
                .unwrap_or_else(|| {
                    Err(Unverified::TimedOut(
                        "no answer while listing tables".into(),
                    ))
                })
            })?;
            names.into_iter().map(|n| (n, *at, None)).collect()
        }
    };
    let names: Vec<String> = entries.iter().map(|(n, ..)| n.clone()).collect();
    let done = AtomicUsize::new(0);
    let started = Instant::now();
    let total = names.len() * 2;
    let tick = |_: &str| {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if opts.progress {
            eprint!(
                "\r\x1b[2Kcounting rows: {n}/{total} tables, {:.1}s",
                started.elapsed().as_secs_f64()
            );
        }
    };
    let per_side = |side: &Seen<Target>| -> (Vec<Seen<Count>>, Option<Client>) {
        let counted = side.as_ref().map_err(Clone::clone).and_then(|t| {
            postgres::count_tables_held(
                t,
                limits,
                opts.count_timeout,
                &names,
                opts.jobs,
                opts.checksum,
                &tick,
            )
        });
        match counted {
            Ok((results, coordinator)) => (results, Some(coordinator)),
            Err(why) => (names.iter().map(|_| Err(why.clone())).collect(), None),
        }
    };
    let ((s, mut sc), (t, mut tc)) = std::thread::scope(|scope| {
        let s = scope.spawn(|| per_side(cx.source));
        let t = scope.spawn(|| per_side(cx.target));
        let failed = || (Vec::new(), None);
        (
            s.join().unwrap_or_else(|_| failed()),
            t.join().unwrap_or_else(|_| failed()),
        )
    });
    if opts.progress {
        eprint!("\r\x1b[2K");
    }
    let mut tables: Vec<TableFacts> = entries
        .into_iter()
        .zip(s.into_iter().zip(t))
        .map(|((name, at, expected), (source, target))| TableFacts {
            name,
            at,
            expected,
            source,
            target,
            diff: None,
        })
        .collect();
    // Tables that differ, narrowed by key in the snapshots they were counted in.
    if let (Some(sc), Some(tc)) = (sc.as_mut(), tc.as_mut()) {
        let limits = DiffLimits {
            budget: opts.diff_budget,
            statement: opts.count_timeout,
            lock: opts.count_timeout.min(limits.statement_timeout),
        };
        for t in tables.iter_mut().filter(|_| opts.diff_budget > 0) {
            let Some(rows) = differs(&t.source, &t.target) else {
                continue;
            };
            if opts.progress {
                eprint!("\r\x1b[2Knarrowing {} by key", t.name);
            }
            t.diff = Some(keydiff::diff_table(
                sc,
                tc,
                &t.name,
                rows,
                opts.checksum,
                limits,
            ));
        }
        if opts.progress {
            eprint!("\r\x1b[2K");
        }
    }
    for mut c in [sc, tc].into_iter().flatten() {
        let _ = c.batch_execute("COMMIT");
    }
    Ok(tables)
}

/// The larger count, when both sides counted the table and their counts or checksums differ.
fn differs(source: &Seen<Count>, target: &Seen<Count>) -> Option<i64> {
    match (source, target) {
        (
            Ok(Count::Rows {
                count: a,
                checksum: x,
            }),
            Ok(Count::Rows {
                count: b,
                checksum: y,
            }),
        ) if a != b || x != y => Some(*a.max(b)),
        _ => None,
    }
}
