//! Problems with a file itself: it does not parse, or egress failed on it.

use crate::source::Loc;

/// A file that did not parse (or is unusable, like an empty Procfile).
#[derive(Debug, Clone)]
pub struct ParseError {
    pub at: Loc,
    pub message: String,
    /// The platform accepts the file as written (a Procfile whose lines Heroku all ignores):
    /// worth a note, not a fault.
    pub accepted: bool,
}

/// A file whose extraction failed inside egress (a bug): its facts are missing from the run.
#[derive(Debug, Clone)]
pub struct InternalError {
    pub at: Loc,
    /// The panic message and where it happened, redacted.
    pub message: String,
}

impl_located!(ParseError, InternalError);
