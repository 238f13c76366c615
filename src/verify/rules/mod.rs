//! Live rules: plain functions over live facts (what the probes saw) and the manifest (what it
//! says). They hold no client and import no probe, so they are tested offline with recorded
//! facts.

pub mod extensions;
pub mod health;
pub mod rows;
pub mod webhooks;

use crate::rules::{Finding, RuleId};
use crate::source::Loc;
use crate::verify::facts::Status;

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

/// What live rules produce: findings for failures, and a check for everything looked at.
#[derive(Debug, Default)]
pub struct Live {
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckResult>,
}

impl Live {
    pub fn check(
        &mut self,
        phase: &'static str,
        subject: impl Into<String>,
        status: Status,
        evidence: impl Into<String>,
        at: Option<Loc>,
    ) {
        self.checks.push(CheckResult {
            phase,
            subject: subject.into(),
            status,
            evidence: evidence.into(),
            rule: None,
            at,
        });
    }

    /// A failed check and its finding.
    pub fn fail(
        &mut self,
        phase: &'static str,
        subject: impl Into<String>,
        evidence: impl Into<String>,
        finding: Finding,
    ) {
        self.checks.push(CheckResult {
            phase,
            subject: subject.into(),
            status: Status::Fail,
            evidence: evidence.into(),
            rule: Some(finding.rule),
            at: Some(finding.at),
        });
        self.findings.push(finding);
    }
}
