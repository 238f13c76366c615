//! Findings as rules build them: a rule id, a primary location, a message, and optional
//! related locations, help and fix.

use crate::diagnostic::Applicability;
use crate::source::{FileId, Loc, Span};

use super::RuleId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub description: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(
        applicability: Applicability,
        description: impl Into<String>,
        edits: Vec<Edit>,
    ) -> Fix {
        Fix {
            applicability,
            description: description.into(),
            edits,
        }
    }

    /// One edit: replace `at` with `replacement`.
    pub fn replace(
        applicability: Applicability,
        description: impl Into<String>,
        at: Loc,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix::new(
            applicability,
            description,
            vec![Edit {
                file: at.file,
                span: at.span,
                replacement: replacement.into(),
            }],
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub at: Loc,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    pub at: Loc,
    pub message: String,
    /// Text under the primary span in the human report.
    pub label: Option<String>,
    pub help: Option<String>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    /// A severity other than the rule's default (from `.egress.yml`).
    pub severity: Option<crate::diagnostic::Severity>,
}

impl Finding {
    pub fn new(rule: RuleId, at: Loc, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            at,
            message: message.into(),
            label: None,
            help: None,
            related: Vec::new(),
            fix: None,
            severity: None,
        }
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn related(mut self, at: Loc, message: impl Into<String>) -> Self {
        self.related.push(Related {
            at,
            message: message.into(),
        });
        self
    }
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}
