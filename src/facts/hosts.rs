//! Hosts written literally in string values: plain `redis://` URLs to remote servers and
//! `*.herokuapp.com` host names.

use crate::source::Loc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostRefKind {
    /// A `redis://` URL (no TLS) to a host that is not local or private (EG106).
    PlainRedis,
    /// A Heroku app host name, `myapp.herokuapp.com` or a `.herokuapp.com` pattern (EG601).
    HerokuApp,
}

/// A host in a literal: code strings and regexes, values of structured files, env files,
/// command lines. Comments and prose never hold one.
#[derive(Debug, Clone)]
pub struct HostRef {
    pub at: Loc,
    pub kind: HostRefKind,
    /// The host, lower-cased (`myapp.herokuapp.com`, `*.herokuapp.com` for a pattern).
    pub host: String,
    /// The text as a report may show it: a URL with its password masked.
    pub shown: String,
}

impl_located!(HostRef);
