//! rules: small checks over the Contract. The catalog (ids, names, severities, docs) is
//! generated from `rules/*.yml`; this file holds the one table of checks.

mod finding;
pub mod select;

mod cron_without_timezone;
mod dyno_env_read;
mod heroku_ext_reference;
mod internal_error;
mod missing_sslmode;
mod suppression_without_reason;
mod unparsable_file;
mod unpinned_runtime;
pub mod unused_suppression;
mod weak_sslmode;

#[cfg(test)]
mod test_utils;

pub use finding::{Edit, Finding, Fix, Related};
pub use select::{resolve, RuleSet, SelectError};

use crate::diagnostic::{FixKind, Severity};
use crate::extract::Contract;

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// A rule's metadata, from its YAML file.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: RuleId,
    pub code: &'static str,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub category: &'static str,
    pub severity: Severity,
    pub status: &'static str,
    pub fix: FixKind,
    pub live: bool,
    pub summary: &'static str,
    pub why: &'static str,
    pub how_to_fix: &'static str,
    pub file: &'static str,
    /// The whole YAML file, for `egress explain` and the drift tests.
    pub source: &'static str,
}

impl RuleId {
    pub fn meta(self) -> &'static RuleMeta {
        &CATALOG[self as usize]
    }
    pub fn code(self) -> &'static str {
        self.meta().code
    }
    pub fn all() -> impl Iterator<Item = RuleId> {
        CATALOG.iter().map(|m| m.id)
    }
}

/// A static rule: a check over the facts of a run.
pub trait Rule: Sync {
    fn id(&self) -> RuleId;
    fn check(&self, contract: &Contract) -> Vec<Finding>;
}

/// Every static rule. Live rules (EG9xx) belong to `verify` and are not here.
pub static RULES: &[&dyn Rule] = &[
    &unparsable_file::UnparsableFile,
    &internal_error::InternalError,
    &unused_suppression::UnusedSuppression,
    &suppression_without_reason::SuppressionWithoutReason,
    &missing_sslmode::MissingSslmode,
    &weak_sslmode::WeakSslmode,
    &dyno_env_read::DynoEnvRead,
    &heroku_ext_reference::HerokuExtReference,
    &cron_without_timezone::CronWithoutTimezone,
    &unpinned_runtime::UnpinnedRuntime,
];

/// Run the selected rules. A rule that panics (a bug) loses its own findings, not the run's:
/// it is reported as EG002 on the first file.
pub fn check(contract: &Contract, selected: &RuleSet) -> Vec<Finding> {
    use rayon::prelude::*;
    RULES
        .par_iter()
        .filter(|r| selected.contains(r.id()))
        .flat_map_iter(|r| {
            crate::contain::contain(|| r.check(contract)).unwrap_or_else(|message| {
                internal_error::in_rule(contract, r.id(), &message)
                    .into_iter()
                    .collect()
            })
        })
        .collect()
}
