//! Live rules: plain functions over live facts (what the probes saw) and the manifest (what it
//! says). They hold no client and import no probe, so they are tested offline with recorded
//! facts.

pub mod extensions;
pub mod health;
pub mod rows;
pub mod schema;
pub mod webhooks;

use crate::rules::{Finding, RuleId};
use crate::source::Loc;
use crate::verify::facts::{Status, Unverified};

/// One check of the final table: what was checked, how it went, and the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub phase: &'static str,
    pub subject: String,
    pub status: Status,
    pub evidence: String,
    pub rule: Option<RuleId>,
    pub at: Option<Loc>,
}

/// What a phase produces: findings for failures, a check for everything looked at, and notes
/// for optional checks that did not run. Every check carries the name of the phase that made
/// it, which the runner gives ([`Live::for_phase`]); rules never name their phase.
#[derive(Debug, Default)]
pub struct Live {
    phase: &'static str,
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckResult>,
    /// Optional checks that did not run, and why (no API key, deliveries not requested).
    pub notes: Vec<String>,
}

impl Live {
    /// The results of the phase `name` (a name from the phase table).
    pub fn for_phase(phase: &'static str) -> Live {
        Live {
            phase,
            ..Live::default()
        }
    }

    pub fn phase(&self) -> &'static str {
        self.phase
    }

    pub fn check(
        &mut self,
        subject: impl Into<String>,
        status: Status,
        evidence: impl Into<String>,
        at: Option<Loc>,
    ) {
        self.checks.push(CheckResult {
            phase: self.phase,
            subject: subject.into(),
            status,
            evidence: evidence.into(),
            rule: None,
            at,
        });
    }

    /// A check that could not be made, and why.
    pub fn unknown(&mut self, subject: impl Into<String>, why: &Unverified, at: Option<Loc>) {
        self.check(subject, Status::Unknown, why.to_string(), at);
    }

    /// A failed check and its finding.
    pub fn fail(
        &mut self,
        subject: impl Into<String>,
        evidence: impl Into<String>,
        finding: Finding,
    ) {
        self.checks.push(CheckResult {
            phase: self.phase,
            subject: subject.into(),
            status: Status::Fail,
            evidence: evidence.into(),
            rule: Some(finding.rule),
            at: Some(finding.at),
        });
        self.findings.push(finding);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// Add another phase's results after these.
    pub fn append(&mut self, mut other: Live) {
        self.findings.append(&mut other.findings);
        self.checks.append(&mut other.checks);
        self.notes.append(&mut other.notes);
    }
}
