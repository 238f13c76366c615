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

/// A file a fix creates or removes, beside its edits of files the run read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileChange {
    /// Create `name` in the folder of file `beside`, holding `text`. `name` is a plain file name
    /// (`is_plain_file_name`), so the new file lands in a folder the run read and a fix cannot
    /// reach outside the linted tree; an existing file is never overwritten.
    Create {
        beside: FileId,
        name: String,
        text: String,
    },
    /// Remove file `file`, which must still hold the text the run read; it goes only after the
    /// fix's other edits and files are written.
    Remove { file: FileId },
}

/// One name in a folder: not empty, not `.` or `..`, no separator, drive or NUL.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':', '\0'])
        && name.trim() == name
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub description: String,
    pub edits: Vec<Edit>,
    /// Files created or removed (most fixes only edit).
    pub changes: Vec<FileChange>,
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
            changes: Vec::new(),
        }
    }

    /// Also create file `name` (a plain file name) beside file `beside`.
    pub fn create(
        mut self,
        beside: FileId,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> Fix {
        let name = name.into();
        debug_assert!(
            is_plain_file_name(&name),
            "{name:?} is not a plain file name"
        );
        self.changes.push(FileChange::Create {
            beside,
            name,
            text: text.into(),
        });
        self
    }

    /// Also remove file `file` (after the fix's other parts are written).
    pub fn remove(mut self, file: FileId) -> Fix {
        self.changes.push(FileChange::Remove { file });
        self
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

    /// A severity other than the rule's default for this finding (a note where the rule's
    /// usual case is a fault); `.egress.yml` overrides still win.
    pub fn severity(mut self, severity: crate::diagnostic::Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// The fix when there is one (a rule that can fix only some of its findings).
    pub fn fix_if(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix.or(self.fix);
        self
    }
}
