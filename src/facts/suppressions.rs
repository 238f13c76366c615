//! Suppressions: inline `egress-ignore` directives.

use crate::source::{Loc, Span};

/// What an inline suppression covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionScope {
    /// Findings that start on this 1-based line.
    Line(usize),
    /// Every finding of the file (`egress-ignore-file:`).
    File,
}

/// One rule named by a suppression, as written (`EG201`, `dyno-env-read`); the rules resolve it.
#[derive(Debug, Clone)]
pub struct SuppressedRule {
    pub name: String,
    pub span: Span,
}

/// An `egress-ignore:` / `egress-ignore-file:` directive in a comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The directive, from `egress-ignore` to the end of the comment's text.
    pub at: Loc,
    pub scope: SuppressionScope,
    pub rules: Vec<SuppressedRule>,
    /// The text after ` -- `, when there is some.
    pub reason: Option<String>,
    /// Why the directive is malformed (it then still suppresses the rules it names, nothing more).
    pub problem: Option<String>,
}

impl_located!(Suppression);
