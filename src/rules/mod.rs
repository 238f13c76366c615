//! rules: small checks over the Contract. The catalog (ids, names, severities, docs) is
//! generated from `rules/*.yml`; this file holds the one table of checks.

mod finding;
pub mod select;

mod buildpack_binary_in_procfile;
mod committed_secret;
mod conflicting_runtime_pins;
mod cron_without_timezone;
mod deprecated_runtime_file;
mod dns_ttl_too_high;
#[cfg(test)]
mod dyno_env_read;
mod env_var_missing_on_target;
mod follower_database_url;
mod health_check_path_mismatch;
mod heroku_addon_variable;
mod heroku_build_hook;
mod heroku_cli_in_automation;
mod heroku_connect_schema;
mod heroku_dyno_metadata_read;
mod heroku_ext_reference;
mod herokuapp_hostname;
mod internal_error;
mod invalid_manifest;
mod loose_runtime_pin;
mod manifest_timezone_not_utc;
mod missing_sslmode;
mod parity;
mod pg_stat_statements_needs_preload;
pub mod policies;
mod process_missing_on_target;
mod process_type_env_undeclared;
mod redis_without_tls;
mod release_phase;
mod release_step_missing_on_target;
mod runtime_mismatch_on_target;
mod schedule_missing_on_target;
mod scheduler_jobs_outside_repo;
mod schema_extension_undeclared;
mod sslmode_appended_to_placeholder;
mod suppression_without_reason;
mod tls_verification_disabled;
mod unparsable_file;
mod unpinned_runtime;
pub mod unused_suppression;
mod weak_sslmode;

#[cfg(test)]
mod test_utils;

pub use finding::{is_plain_file_name, Edit, FileChange, Finding, Fix, Related};
pub use select::{resolve, RuleSet, SelectError};

use crate::diagnostic::{FixKind, Severity};
use crate::facts::Contract;

/// A rule: its key into the catalog. Built-in rules come first, in id order, and have
/// constants (`RuleId::EG101`); rules loaded at run time follow them and are found by code or
/// name like any other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(u16);

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// A rule's metadata, from its YAML file. Strings are `'static`: built-ins are embedded, and
/// rules loaded at run time are interned once for the life of the process.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: RuleId,
    pub code: &'static str,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// `security`: GitHub code scanning ranks it by `security-severity`.
    pub tags: &'static [&'static str],
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

/// Rules loaded at run time (a team's own policies), set once before the catalog is first read.
static EXTRA: std::sync::OnceLock<Vec<RuleMeta>> = std::sync::OnceLock::new();

static IN_USE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The catalog of the run: every built-in rule, then the rules registered with `register`.
pub static CATALOG: std::sync::LazyLock<Vec<RuleMeta>> = std::sync::LazyLock::new(|| {
    IN_USE.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut all = BUILTIN.to_vec();
    for (i, mut m) in EXTRA
        .get()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        m.id = RuleId((BUILTIN.len() + i) as u16);
        all.push(m);
    }
    all
});

/// Add rules loaded at run time to the catalog; only before it is first read (start-up).
pub fn register(rules: Vec<RuleMeta>) -> Result<(), &'static str> {
    if BUILTIN.len() + rules.len() > usize::from(u16::MAX) {
        return Err("too many rules");
    }
    if IN_USE.load(std::sync::atomic::Ordering::SeqCst) {
        return Err("the rule catalog is already in use");
    }
    EXTRA
        .set(rules)
        .map_err(|_| "rules were already registered")
}

impl RuleId {
    /// The rule at this position of the catalog (a loaded rule file's, before `register` gives
    /// it its place).
    pub(crate) fn from_index(i: usize) -> RuleId {
        RuleId(i as u16)
    }
    pub fn meta(self) -> &'static RuleMeta {
        &CATALOG[self.index()]
    }
    /// Position in the catalog.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
    pub fn has_tag(self, tag: &str) -> bool {
        self.meta().tags.contains(&tag)
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
    &sslmode_appended_to_placeholder::SslmodeAppendedToPlaceholder,
    &follower_database_url::FollowerDatabaseUrl,
    &tls_verification_disabled::TlsVerificationDisabled,
    &redis_without_tls::RedisWithoutTls,
    &heroku_addon_variable::HerokuAddonVariable,
    &heroku_dyno_metadata_read::HerokuDynoMetadataRead,
    &process_type_env_undeclared::ProcessTypeEnvUndeclared,
    &buildpack_binary_in_procfile::BuildpackBinaryInProcfile,
    &heroku_ext_reference::HerokuExtReference,
    &schema_extension_undeclared::SchemaExtensionUndeclared,
    &pg_stat_statements_needs_preload::PgStatStatementsNeedsPreload,
    &heroku_connect_schema::HerokuConnectSchema,
    &cron_without_timezone::CronWithoutTimezone,
    &scheduler_jobs_outside_repo::SchedulerJobsOutsideRepo,
    &unpinned_runtime::UnpinnedRuntime,
    &dns_ttl_too_high::DnsTtlTooHigh,
    &invalid_manifest::InvalidManifest,
    &herokuapp_hostname::HerokuappHostname,
    &heroku_cli_in_automation::HerokuCliInAutomation,
    &committed_secret::CommittedSecret,
    &loose_runtime_pin::LooseRuntimePin,
    &conflicting_runtime_pins::ConflictingRuntimePins,
    &deprecated_runtime_file::DeprecatedRuntimeFile,
    &heroku_build_hook::HerokuBuildHook,
    &manifest_timezone_not_utc::ManifestTimezoneNotUtc,
    &release_phase::ReleasePhase,
    &process_missing_on_target::ProcessMissingOnTarget,
    &env_var_missing_on_target::EnvVarMissingOnTarget,
    &schedule_missing_on_target::ScheduleMissingOnTarget,
    &release_step_missing_on_target::ReleaseStepMissingOnTarget,
    &health_check_path_mismatch::HealthCheckPathMismatch,
    &runtime_mismatch_on_target::RuntimeMismatchOnTarget,
];

/// Run the selected rules. A rule that panics (a bug) loses its own findings, not the run's:
/// it is reported as EG002 on the first file.
pub fn check(contract: &Contract, selected: &RuleSet) -> Vec<Finding> {
    use rayon::prelude::*;
    let mut out: Vec<Finding> = RULES
        .par_iter()
        .filter(|r| selected.contains(r.id()))
        .flat_map_iter(|r| {
            crate::contain::contain(|| r.check(contract)).unwrap_or_else(|message| {
                internal_error::in_rule(contract, r.id(), &message)
                    .into_iter()
                    .collect()
            })
        })
        .collect();
    let policies = crate::contain::contain(|| policies::check(contract, selected));
    match policies {
        Ok(found) => out.extend(found),
        Err(message) => out.extend(internal_error::in_rule(contract, RuleId::EG002, &message)),
    }
    out
}
