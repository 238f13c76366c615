//! Processes: what a platform runs for an app (Procfile entries, the contract's dynos) and
//! what makes a folder an app root.

use crate::source::Loc;

/// `web: bundle exec puma` in a Procfile (or a dyno in the contract).
#[derive(Debug, Clone)]
pub struct ProcessType {
    pub at: Loc,
    pub name: String,
    pub command: String,
}

/// Something that makes its folder an app root: a Procfile, app.json or migration manifest.
#[derive(Debug, Clone)]
pub struct AppMarker {
    pub at: Loc,
    pub what: &'static str,
}

impl_located!(ProcessType, AppMarker);
