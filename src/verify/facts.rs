//! Live facts: what the probes saw, as plain data. The probes build them; live rules read these
//! (and the manifest) and nothing else, so they are tested offline against recorded facts.

use std::time::Duration;

use crate::source::Loc;

/// What a session saw of the server, for the evidence column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub server_version: String,
    pub tls: bool,
}

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

/// What a probe saw, or why it could not look (a missing variable, a refused connection, a
/// timeout). Checks that need it are `unknown`, never passed.
pub type Seen<T> = Result<T, Unverified>;

/// Why something was not verified. The text (`Display`) is the evidence of the `unknown`
/// check, word for word what egress printed before the reasons had kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unverified {
    /// A setting the check needs is not in the manifest: "`target.url` is not set", with the
    /// manifest's path when it is the database URL ("... is not set in migration-manifest.yml").
    NotConfigured { key: String, place: Option<String> },
    /// The webhook entry has no `secret` to sign a test delivery with.
    NoSecret,
    /// A `${VAR}` of the setting `key` is not set in the environment; `place` is where the
    /// setting is (`migration-manifest.yml:4`, `manifest line 4`).
    MissingVariable {
        var: String,
        key: String,
        place: String,
    },
    /// A setting egress cannot use (a connection string that does not parse).
    Invalid {
        key: String,
        place: String,
        detail: String,
    },
    /// A check egress cannot make itself (SendGrid signs deliveries with a key only it holds).
    Unsupported(String),
    /// The peer could not be reached, or the connection broke: refused, DNS, TLS, reset.
    Unreachable(String),
    /// No answer within a limit: connecting, a statement, a lock wait, a request.
    TimedOut(String),
    /// The peer answered and refused: an authentication or permission error (SQLSTATE class
    /// 28 or 42501, HTTP 401 or 403); `code` is the SQLSTATE or the status.
    Denied { code: String, detail: String },
    /// Anything else a probe ran into: an error the server reported, an answer egress cannot
    /// read, a probe that failed inside egress.
    Failed(String),
}

impl Unverified {
    /// The same reason with its text rewritten (a prefix naming the provider, a key scrubbed
    /// out); reasons built from manifest keys are kept as they are.
    pub fn map_detail(self, f: impl FnOnce(String) -> String) -> Unverified {
        use Unverified::*;
        match self {
            Unsupported(d) => Unsupported(f(d)),
            Unreachable(d) => Unreachable(f(d)),
            TimedOut(d) => TimedOut(f(d)),
            Denied { code, detail } => Denied {
                code,
                detail: f(detail),
            },
            Failed(d) => Failed(f(d)),
            other => other,
        }
    }
}

impl std::fmt::Display for Unverified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use Unverified::*;
        match self {
            NotConfigured { key, place: None } => write!(f, "`{key}` is not set"),
            NotConfigured {
                key,
                place: Some(p),
            } => write!(f, "`{key}` is not set in {p}"),
            NoSecret => f.write_str("no `secret` for this webhook"),
            MissingVariable { var, key, place } => {
                write!(f, "${{{var}}} is not set (`{key}`, {place})")
            }
            Invalid { key, place, detail } => write!(f, "`{key}` ({place}): {detail}"),
            Unsupported(d) | Unreachable(d) | TimedOut(d) | Failed(d) => f.write_str(d),
            Denied { detail, .. } => f.write_str(detail),
        }
    }
}

/// A table as one side's snapshot saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Count {
    Rows {
        count: i64,
        checksum: Option<String>,
    },
    Missing,
}

/// One table of `row_count_tables` as both sides counted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableFacts {
    pub name: String,
    /// Its manifest entry (or `all`).
    pub at: Loc,
    /// The entry's `expected` row count.
    pub expected: Option<i64>,
    pub source: Seen<Count>,
    pub target: Seen<Count>,
    /// What narrowing the difference by key ranges found (EG918): `None` when the sides agree,
    /// or with `--diff-budget 0`.
    pub diff: Option<KeyDiff>,
}

/// A differing table narrowed by hashing key ranges on both sides and bisecting, in the
/// snapshots the counts were taken in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum KeyDiff {
    /// Not narrowed, and why: no primary key, a key egress does not bisect (composite, not an
    /// integer), a query that failed, a first pass over the budget.
    NotNarrowed(String),
    Narrowed(Narrowed),
}

/// Where the rows of a table differ, by its single-column integer primary key.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Narrowed {
    /// The key column.
    pub key: String,
    /// The key ranges (inclusive) that differ: where keys were fetched, from the first to the
    /// last differing key; where the budget stopped the search, the whole segment.
    pub ranges: Vec<(i64, i64)>,
    /// Keys on the source only.
    pub missing: Keys,
    /// Keys on the target only.
    pub extra: Keys,
    /// Keys on both sides whose rows differ.
    pub changed: Keys,
    /// Rows hashed or fetched, on the side that read more.
    pub read: u64,
    /// The `--diff-budget` that stopped the search before every differing range was fetched.
    pub stopped: Option<u64>,
}

/// How many keys of one kind were found, and the first ones (at most [`Keys::SHOWN`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Keys {
    pub total: u64,
    pub first: Vec<i64>,
}

impl Keys {
    /// Keys kept (and shown) of each kind.
    pub const SHOWN: usize = 10;

    pub fn add(&mut self, key: i64) {
        self.total += 1;
        if self.first.len() < Self::SHOWN {
            self.first.push(key);
        }
    }
}

/// One database's catalog as the schema phase saw it, in one read-only snapshot. Recorded
/// examples (`live.schema` in rules/EG91x-*.yml) are read into it as they are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Catalog {
    /// The tables in scope that this side has: the manifest's names that resolve, or with
    /// `row_count_tables: all` every user table (named as the rows phase names them).
    pub tables: Vec<TableSchema>,
    /// Views, materialized views, functions, triggers, enum types and labels, and schemas,
    /// leaving out what belongs to an extension.
    pub objects: Vec<DbObject>,
}

impl Catalog {
    pub fn table(&self, name: &str) -> Option<&TableSchema> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// One table's columns, constraints, indexes and the sequences that feed its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableSchema {
    pub name: String,
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub sequences: Vec<Sequence>,
}

/// A column: `format_type()` of its type, its default and generation expression as
/// `pg_get_expr` prints them, its identity (`always`, `by default`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub generated: Option<String>,
    pub identity: Option<String>,
}

/// A primary key (`p`), foreign key (`f`), unique (`u`), check (`c`) or exclusion (`x`)
/// constraint and its `pg_get_constraintdef`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Constraint {
    pub name: String,
    pub kind: String,
    pub definition: String,
}

/// An index that backs no primary key, unique or exclusion constraint, and its
/// `pg_get_indexdef` (with its own and its table's names in it).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    pub definition: String,
}

/// A sequence (or identity) feeding a column: the value `nextval` would return next, and the
/// column's largest value.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sequence {
    /// As `regclass` prints it (schema-qualified when not on the search path).
    pub name: String,
    pub column: String,
    pub next: i64,
    pub increment: i64,
    pub column_max: Option<i64>,
}

/// A database object outside tables: `kind` is `schema`, `view`, `materialized view`,
/// `function`, `trigger`, `enum type` or `enum label`; `of` is a label's type.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DbObject {
    pub kind: String,
    pub name: String,
    pub of: Option<String>,
}

/// Both catalogs of the schema phase.
#[derive(Debug, Clone)]
pub struct SchemaFacts {
    pub source: Seen<Catalog>,
    pub target: Seen<Catalog>,
}

/// The result of a health check: the last attempt's status or error.
#[derive(Clone, Debug)]
pub struct HealthOutcome {
    pub status: Option<u16>,
    pub error: Option<String>,
    pub attempts: u32,
    pub elapsed: Duration,
    /// True only when an attempt answered 2xx.
    pub ok: bool,
}

/// What the health endpoint answered.
#[derive(Clone, Debug)]
pub struct HealthFacts {
    /// The URL asked, redacted (`health endpoint` when it could not be built).
    pub url: String,
    /// The manifest entry: `verification.health_endpoint`, else `target.url`.
    pub at: Option<Loc>,
    pub outcome: Seen<HealthOutcome>,
}

/// What the probes saw of one `webhooks:` entry. URLs are already redacted.
#[derive(Debug, Clone)]
pub struct WebhookFacts {
    pub provider: String,
    pub at: Loc,
    pub new_url: Seen<String>,
    pub current_url: Option<String>,
    /// Status of the delivery with a wrong signature (always probed).
    pub unsigned: Option<Seen<u16>>,
    /// Status of the correctly signed delivery (`--send-test-deliveries`).
    pub signed: Option<Seen<u16>>,
    /// The provider's registered endpoint URLs, when its API key was available.
    pub registered: Option<Seen<Vec<String>>>,
}

/// Everything one phase saw, handed from its probes to its live rules.
#[derive(Clone, Debug)]
pub enum PhaseFacts {
    /// Both databases' extensions, settings and session evidence.
    Extensions {
        source: Seen<DbFacts>,
        target: Seen<DbFacts>,
    },
    /// The counted tables, or why the source's tables could not be listed
    /// (`row_count_tables: all`).
    Rows(Seen<Vec<TableFacts>>),
    /// Both catalogs, when `row_count_tables` is set.
    Schema(Option<SchemaFacts>),
    /// The health check, when `target.url` is set.
    Health(Option<HealthFacts>),
    /// One entry per `webhooks:` entry, in order.
    Webhooks(Vec<WebhookFacts>),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_before_they_had_kinds() {
        let s = |u: Unverified| u.to_string();
        assert_eq!(
            s(Unverified::NotConfigured {
                key: "source.db_url".into(),
                place: Some("migration-manifest.yml".into())
            }),
            "`source.db_url` is not set in migration-manifest.yml"
        );
        assert_eq!(
            s(Unverified::NotConfigured {
                key: "target.url".into(),
                place: None
            }),
            "`target.url` is not set"
        );
        assert_eq!(s(Unverified::NoSecret), "no `secret` for this webhook");
        assert_eq!(
            s(Unverified::MissingVariable {
                var: "SRC".into(),
                key: "source.db_url".into(),
                place: "m.yml:2".into()
            }),
            "${SRC} is not set (`source.db_url`, m.yml:2)"
        );
        assert_eq!(
            s(Unverified::Invalid {
                key: "target.db_url".into(),
                place: "m.yml:5".into(),
                detail: "unknown sslmode `x`".into()
            }),
            "`target.db_url` (m.yml:5): unknown sslmode `x`"
        );
        let denied = Unverified::Denied {
            code: "42501".into(),
            detail: "h/db: permission denied for table t (42501)".into(),
        };
        assert_eq!(
            s(denied.clone()),
            "h/db: permission denied for table t (42501)"
        );
        assert_eq!(
            s(denied.map_detail(|d| format!("x: {d}"))),
            "x: h/db: permission denied for table t (42501)"
        );
        assert_eq!(
            Unverified::NoSecret.map_detail(|d| format!("x: {d}")),
            Unverified::NoSecret
        );
        for u in [
            Unverified::Unsupported("a".into()),
            Unverified::Unreachable("a".into()),
            Unverified::TimedOut("a".into()),
            Unverified::Failed("a".into()),
        ] {
            assert_eq!(s(u), "a");
        }
    }
}
