//! Live facts: what the probes saw, as plain data. Live rules read these and nothing else, so
//! they are tested offline against recorded facts.

use crate::verify::probe::postgres::Evidence;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionInfo {
    pub name: String,
    pub schema: String,
    pub version: String,
}

/// One database as the extensions phase saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbFacts {
    pub host: String,
    pub local: bool,
    pub evidence: Evidence,
    pub installed: Vec<ExtensionInfo>,
    /// `pg_available_extensions`: name and default version.
    pub available: Vec<(String, String)>,
    pub shared_preload_libraries: String,
    pub timezone: String,
}

impl DbFacts {
    pub fn installed(&self, name: &str) -> Option<&ExtensionInfo> {
        self.installed.iter().find(|e| e.name == name)
    }
    pub fn available(&self, name: &str) -> bool {
        self.available.iter().any(|(n, _)| n == name)
    }
    pub fn preloads(&self, library: &str) -> bool {
        self.shared_preload_libraries
            .split(',')
            .any(|l| l.trim().trim_matches('"') == library)
    }
}

/// A side that could not be looked at, and why (a missing variable, a refused connection, a
/// timeout). Checks that need it are `unknown`, never passed.
pub type Seen<T> = Result<T, String>;

/// A table as one side's snapshot saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Count {
    Rows {
        count: i64,
        checksum: Option<String>,
    },
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableFacts {
    pub name: String,
    pub source: Seen<Count>,
    pub target: Seen<Count>,
}

/// Status of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Pass,
    Fail,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }
}
