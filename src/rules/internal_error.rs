//! EG002 internal-error: egress failed on a file (a bug in egress, contained to that file).

use super::{Finding, Rule, RuleId};
use crate::facts::Contract;
use crate::source::{Loc, Span};

pub struct InternalError;

const HELP: &str = "this is a bug in egress, not in the file: please report it with the file \
                    (or a copy with its secrets removed); the other files were checked";

impl Rule for InternalError {
    fn id(&self) -> RuleId {
        RuleId::EG002
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .internal_errors
            .iter()
            .map(|e| {
                Finding::new(
                    RuleId::EG002,
                    e.at,
                    format!("egress could not check this file: {}", e.message),
                )
                .label("not checked")
                .help(HELP)
            })
            .collect()
    }
}

/// A rule that panicked: reported on the first reported file, since it belongs to none.
pub fn in_rule(c: &Contract, rule: RuleId, message: &str) -> Option<Finding> {
    let file = c.files.iter().position(|f| f.reported)?;
    let at = Loc {
        file: file as u32,
        span: Span::new(0, 0),
    };
    Some(
        Finding::new(
            RuleId::EG002,
            at,
            format!(
                "rule {} failed, so its findings are missing from this run: {message}",
                rule.code()
            ),
        )
        .help(HELP),
    )
}
