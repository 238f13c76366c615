//! The extensions phase: both databases' extensions, preload libraries, time zone and session
//! encryption, probed in parallel.

use super::{Phase, PhaseCx};
use crate::manifest::Manifest;
use crate::rules::RuleId;
use crate::verify::facts::{DbFacts, PhaseFacts, Seen, Unverified};
use crate::verify::probe::postgres::{self, Limits, Target};
use crate::verify::probe::with_deadline;
use crate::verify::rules::{self, Live};

pub struct Extensions;

impl Phase for Extensions {
    fn name(&self) -> &'static str {
        "extensions"
    }

    fn probes(&self) -> &'static str {
        "both databases: installed and available extensions, preload libraries, TimeZone, TLS"
    }

    fn needs(&self) -> &'static str {
        "source.db_url"
    }

    fn reads_databases(&self) -> bool {
        true
    }

    fn rules(&self) -> &'static [RuleId] {
        &[
            RuleId::EG901,
            RuleId::EG902,
            RuleId::EG903,
            RuleId::EG904,
            RuleId::EG905,
            RuleId::EG906,
            RuleId::EG941,
            RuleId::EG942,
        ]
    }

    fn observe(&self, cx: &PhaseCx, _live: &mut Live) -> PhaseFacts {
        let limits = cx.limits;
        let (source, target) = std::thread::scope(|scope| {
            let s = scope.spawn(|| probe_db(cx.source, limits));
            let t = scope.spawn(|| probe_db(cx.target, limits));
            let failed = || Err(Unverified::Failed("probe failed".into()));
            (
                s.join().unwrap_or_else(|_| failed()),
                t.join().unwrap_or_else(|_| failed()),
            )
        });
        PhaseFacts::Extensions { source, target }
    }

    fn judge(&self, manifest: &Manifest, facts: &PhaseFacts, live: &mut Live) {
        if let PhaseFacts::Extensions { source, target } = facts {
            rules::extensions::check(manifest, source, target, live);
        }
    }
}

fn probe_db(target: &Seen<Target>, limits: Limits) -> Seen<DbFacts> {
    let t = target.as_ref().map_err(Clone::clone)?;
    let host = t.describe();
    let owned = t.clone();
    with_deadline(
        limits.connect_timeout + limits.statement_timeout,
        move || postgres::db_facts(&owned, limits),
    )
    .unwrap_or_else(|| {
        Err(Unverified::TimedOut(format!(
            "no answer from {host} within {:?}",
            limits.connect_timeout + limits.statement_timeout
        )))
    })
}
