//! What a rule file's text or structured matcher found, rendered at extraction (where the text
//! is): the rules stage turns each into a finding of its rule.

use crate::source::{Loc, Span};

#[derive(Debug, Clone)]
pub struct PolicyMatch {
    pub at: Loc,
    /// The rule file's place in `policy::ACTIVE`.
    pub policy: u32,
    /// Rendered, with the file's secrets masked.
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    /// The replacement the rule's `fix` makes, and where (in the same file).
    pub fix: Option<(Span, String)>,
}

impl super::Located for PolicyMatch {
    fn locs(&mut self, f: &mut dyn FnMut(&mut Loc)) {
        f(&mut self.at);
    }
}
