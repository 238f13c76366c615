//! The phases of `egress verify`, in one table: each phase's name (what `--phase` takes and every
//! check carries), the one line `egress verify --help` shows of what it probes, the live rules it
//! runs, and how it runs in two steps: `observe` (the probes, the only step that opens sockets)
//! turns what the databases and endpoints show into [`PhaseFacts`], and `judge` runs the phase's
//! live rules over them, offline. `tests/live_catalog.rs` judges recorded facts the same way.

mod extensions;
mod health;
mod rows;
mod schema;
mod webhooks;

pub use extensions::Extensions;
pub use health::{health_url, Health};
pub use rows::Rows;
pub use schema::Schema;
pub use webhooks::Webhooks;

use std::path::PathBuf;
use std::time::Duration;

use crate::manifest::{Manifest, Setting};
use crate::rules::RuleId;
use crate::source::Loc;
use crate::verify::expand::{expand, MissingVar};
use crate::verify::facts::{PhaseFacts, Seen, Unverified};
use crate::verify::probe::postgres::{Limits, Target};
use crate::verify::rules::Live;

/// One phase of `egress verify`.
pub trait Phase: Sync {
    /// Its name: what `--phase` takes, and the `phase` of each of its checks.
    fn name(&self) -> &'static str;
    /// One line: what it looks at.
    fn probes(&self) -> &'static str;
    /// The live rules it runs: every live rule belongs to exactly one phase.
    fn rules(&self) -> &'static [RuleId];
    /// The manifest key whose entries it checks: a phase that was asked for and found nothing
    /// to check is `unknown` for want of it, never a silent pass.
    fn needs(&self) -> &'static str;
    /// Whether it reads the databases (then `run` connects to each once before it).
    fn reads_databases(&self) -> bool {
        false
    }
    /// Look at the live systems. Checks that cannot even start (nothing to probe) and notes
    /// of optional checks that did not run go to `live`.
    fn observe(&self, cx: &PhaseCx, live: &mut Live) -> PhaseFacts;
    /// Run the phase's live rules over what was seen (no socket).
    fn judge(&self, manifest: &Manifest, facts: &PhaseFacts, live: &mut Live);
    /// Observe, then judge.
    fn run(&self, cx: &PhaseCx, live: &mut Live) {
        let facts = self.observe(cx, live);
        self.judge(cx.manifest, &facts, live);
    }
}

/// Every phase, in the order they run and are reported.
pub static PHASES: &[&dyn Phase] = &[&Extensions, &Rows, &Schema, &Health, &Webhooks];

/// The phase whose `rules()` hold `rule`.
pub fn of_rule(rule: RuleId) -> Option<&'static dyn Phase> {
    PHASES.iter().copied().find(|p| p.rules().contains(&rule))
}

/// What a phase runs with: the manifest, both databases as resolved from it, the command line's
/// options and limits.
pub struct PhaseCx<'a> {
    pub manifest: &'a Manifest,
    pub source: &'a Seen<Target>,
    pub target: &'a Seen<Target>,
    pub opts: &'a Options,
    /// PostgreSQL sessions: connecting and each catalog query (`--timeout`).
    pub limits: Limits,
    /// The manifest line of a location, for reasons that name it.
    pub line: &'a dyn Fn(Loc) -> usize,
}

/// `${VAR}`-expand a setting, or say which variable is missing and on which manifest line.
fn expanded(s: &Setting, key: &str, line: &dyn Fn(Loc) -> usize) -> Seen<String> {
    expand(&s.value).map_err(|MissingVar(var)| Unverified::MissingVariable {
        var,
        key: key.to_string(),
        place: format!("manifest line {}", line(s.at)),
    })
}

/// What a run of `egress verify` is asked to do: which phases, and the limits and switches
/// the phases read.
pub struct Options {
    pub manifest: PathBuf,
    /// The phases to run (from `phases::PHASES`); they run in the table's order.
    pub phases: Vec<&'static dyn Phase>,
    /// Connecting, each catalog query, each lock wait and each HTTP request (`--timeout`).
    pub timeout: Duration,
    /// Each row count (or checksum) statement, which reads a whole table, lock wait included
    /// (`--count-timeout`).
    pub count_timeout: Duration,
    pub jobs: usize,
    pub checksum: bool,
    /// Rows each side may hash or fetch to narrow one differing table by key (EG918); 0 turns
    /// the key diff off (`--diff-budget`).
    pub diff_budget: u64,
    /// Send correctly signed test deliveries to webhook endpoints (EG933).
    pub send_test_deliveries: bool,
    /// Show progress on stderr (the caller decides: a terminal, not quiet).
    pub progress: bool,
}
