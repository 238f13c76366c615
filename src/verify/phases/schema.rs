//! The schema phase: both catalogs (columns, constraints, indexes, sequences of the tables in
//! `row_count_tables`, and views, functions, triggers, enum types and schemas), each read in
//! one read-only snapshot, the two sides in parallel.

use super::{Phase, PhaseCx};
use crate::manifest::{Manifest, Tables};
use crate::rules::RuleId;
use crate::verify::facts::{Catalog, PhaseFacts, SchemaFacts, Seen, Unverified};
use crate::verify::probe::postgres::Target;
use crate::verify::probe::schema::{self, Scope};
use crate::verify::rules::{self, Live};

pub struct Schema;

impl Phase for Schema {
    fn name(&self) -> &'static str {
        "schema"
    }

    fn probes(&self) -> &'static str {
        "catalogs of row_count_tables (columns, constraints, indexes, sequences) and views, functions, triggers, enums, schemas"
    }

    fn needs(&self) -> &'static str {
        "verification.row_count_tables"
    }

    fn reads_databases(&self) -> bool {
        true
    }

    fn rules(&self) -> &'static [RuleId] {
        &[RuleId::EG914, RuleId::EG915, RuleId::EG916, RuleId::EG917]
    }

    fn observe(&self, cx: &PhaseCx, live: &mut Live) -> PhaseFacts {
        let Some(tables) = &cx.manifest.tables else {
            live.note("schema: not compared, `verification.row_count_tables` is not set");
            return PhaseFacts::Schema(None);
        };
        let scope = match tables {
            Tables::All(_) => Scope::All,
            Tables::List(list) => Scope::Tables(list.iter().map(|e| e.name.clone()).collect()),
        };
        let (limits, count_timeout) = (cx.limits, cx.opts.count_timeout);
        let read = |side: &Seen<Target>| -> Seen<Catalog> {
            let t = side.as_ref().map_err(Clone::clone)?;
            schema::catalog(t, limits, count_timeout, &scope)
        };
        let (source, target) = std::thread::scope(|scope| {
            let s = scope.spawn(|| read(cx.source));
            let t = scope.spawn(|| read(cx.target));
            let failed = || Err(Unverified::Failed("probe failed".into()));
            (
                s.join().unwrap_or_else(|_| failed()),
                t.join().unwrap_or_else(|_| failed()),
            )
        });
        PhaseFacts::Schema(Some(SchemaFacts { source, target }))
    }

    fn judge(&self, manifest: &Manifest, facts: &PhaseFacts, live: &mut Live) {
        if let PhaseFacts::Schema(Some(f)) = facts {
            rules::schema::check(manifest, f, live);
        }
    }
}
