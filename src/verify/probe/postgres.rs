//! PostgreSQL sessions for live checks: libpq connection strings with full `sslmode` semantics
//! (TLS through rustls), read-only by construction, bounded by timeouts.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::SslMode as PgSslMode;
use postgres::{Client, Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::tls::{self, Verify};
use crate::extract::{classify_host, Host};
use crate::verify::facts::{Count, DbFacts, Evidence, ExtensionInfo, Seen, Unverified};

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl FromStr for SslMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => return Err(format!("unknown sslmode `{other}` (disable, allow, prefer, require, verify-ca, verify-full)")),
        })
    }
}

/// A database to connect to, parsed from a connection string. Holds the password only inside
/// `config`, which is never printed.
#[derive(Clone)]
pub struct Target {
    config: Config,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    /// The first host, for messages and the local/remote decision.
    pub host: String,
    pub local: bool,
}

/// The parameters egress handles itself rather than passing to the driver.
const OWN_PARAMS: &[&str] = &["sslmode", "sslrootcert"];

impl Target {
    /// Parse a `postgres://` URL or a libpq `key=value` string. Errors never include the text.
    pub fn parse(conn: &str) -> Result<Target, String> {
        let mut sslmode = SslMode::Prefer;
        let mut sslrootcert = None;
        let mut take = |k: &str, v: &str| -> Result<(), String> {
            match k {
                "sslmode" => sslmode = v.parse()?,
                "sslrootcert" => sslrootcert = Some(PathBuf::from(v)),
                _ => {}
            }
            Ok(())
        };
        let rest = if conn.starts_with("postgres://") || conn.starts_with("postgresql://") {
            let (base, query) = conn.split_once('?').unwrap_or((conn, ""));
            let mut kept = Vec::new();
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                if OWN_PARAMS.contains(&k) {
                    take(k, v)?;
                } else {
                    kept.push(pair);
                }
            }
            if kept.is_empty() {
                base.to_string()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        } else {
            let mut kept = Vec::new();
            for pair in conn.split_whitespace() {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                if OWN_PARAMS.contains(&k) {
                    take(k, v.trim_matches('\''))?;
                } else {
                    kept.push(pair);
                }
            }
            kept.join(" ")
        };
        let config =
            Config::from_str(&rest).map_err(|e| format!("not a valid connection string: {e}"))?;
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => "localhost".to_string(),
        };
        let local = !matches!(classify_host(&host, None, &[]), Host::Remote(_));
        Ok(Target {
            config,
            sslmode,
            sslrootcert,
            host,
            local,
        })
    }

    /// The password the driver sends (percent-decoded, unquoted), to mask in every output.
    pub fn password(&self) -> Option<String> {
        self.config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    }

    /// `host/dbname` for messages.
    pub fn describe(&self) -> String {
        format!("{}/{}", self.host, self.config.get_dbname().unwrap_or(""))
    }
}

/// Session limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
}

/// Open a read-only session (see [`session`]); `Err` is the reason as text.
pub fn connect(target: &Target, limits: Limits) -> Result<(Client, Evidence), String> {
    session(target, limits, "").map_err(|e| e.to_string())
}

/// A timeout in whole milliseconds for a setting, never 0 (which would mean no limit at all).
pub(crate) fn millis(d: Duration) -> u128 {
    d.as_millis().max(1)
}

/// Seconds for messages: `2s`, `0.5s`.
fn secs(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

/// Settings that make equal data hash equally on both sides (`--checksum`).
pub const PINNED: &str = "-c TimeZone=UTC -c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=3 -c bytea_output=hex";

/// Open a read-only session: `default_transaction_read_only`, `statement_timeout` and
/// `lock_timeout` (both `limits.statement_timeout`) are set in the startup packet, so they hold
/// before the first query runs. `extra` adds startup options (`-c name=value`).
pub fn session(target: &Target, limits: Limits, extra: &str) -> Seen<(Client, Evidence)> {
    let mut config = target.config.clone();
    config
        .connect_timeout(limits.connect_timeout)
        .application_name("egress verify")
        .options(&format!(
            "-c default_transaction_read_only=on -c statement_timeout={ms} -c lock_timeout={ms} {extra}",
            ms = millis(limits.statement_timeout)
        ));
    let what = target.describe();
    let tls_config = match target.sslmode {
        SslMode::Disable => None,
        SslMode::Allow | SslMode::Prefer => Some((PgSslMode::Prefer, Verify::None)),
        SslMode::Require => Some((PgSslMode::Require, Verify::None)),
        SslMode::VerifyCa => Some((PgSslMode::Require, Verify::Ca)),
        SslMode::VerifyFull => Some((PgSslMode::Require, Verify::Full)),
    };
    let tls_config = match tls_config {
        None => None,
        Some((mode, verify)) => {
            config.ssl_mode(mode);
            Some(
                tls::client_config(verify, target.sslrootcert.as_deref())
                    .map_err(|e| Unverified::Failed(format!("cannot connect to {what}: {e}")))?,
            )
        }
    };
    if tls_config.is_none() {
        config.ssl_mode(PgSslMode::Disable);
    }
    // The driver's connect_timeout covers the TCP connect only; a server that accepts and then
    // never answers the startup would hang it. The whole handshake runs under a deadline.
    let deadline = limits.connect_timeout + Duration::from_secs(1);
    let connected = super::with_deadline(deadline, move || match tls_config {
        None => config.connect(NoTls),
        Some(c) => config.connect(MakeRustlsConnect::new(c)),
    });
    let mut client = match connected {
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            let detail = format!("cannot connect to {what}: {}", explain(&e));
            return Err(match classify(&e, detail) {
                Unverified::Failed(d) if e.as_db_error().is_none() => Unverified::Unreachable(d),
                other => other,
            });
        }
        None => {
            return Err(Unverified::TimedOut(format!(
                "no answer from {what} within {deadline:?}"
            )))
        }
    };
    let row = client
        .query_one(
            "SELECT current_setting('server_version'), \
             coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
            &[],
        )
        .map_err(|e| classify(&e, format!("{what}: {}", explain(&e))))?;
    Ok((
        client,
        Evidence {
            server_version: row.get(0),
            tls: row.get(1),
        },
    ))
}

/// Everything the extensions phase needs from one database.
pub fn db_facts(target: &Target, limits: Limits) -> Seen<DbFacts> {
    let (mut client, evidence) = session(target, limits, "")?;
    let what = target.describe();
    let err = |e: postgres::Error| classify(&e, format!("{what}: {}", explain(&e)));
    let installed = client
        .query(
            "SELECT e.extname, n.nspname, e.extversion FROM pg_extension e \
             JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY 1",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| ExtensionInfo {
            name: r.get(0),
            schema: r.get(1),
            version: r.get(2),
        })
        .collect();
    let available = client
        .query(
            "SELECT name, coalesce(default_version, '') FROM pg_available_extensions ORDER BY 1",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let row = client
        .query_one(
            "SELECT current_setting('shared_preload_libraries'), current_setting('TimeZone')",
            &[],
        )
        .map_err(err)?;
    Ok(DbFacts {
        host: target.host.clone(),
        local: target.local,
        evidence,
        installed,
        available,
        shared_preload_libraries: row.get(0),
        timezone: row.get(1),
    })
}

/// Quote `schema.table` (or `table`) as identifiers.
pub fn quote_table(name: &str) -> String {
    name.split('.')
        .map(|p| format!("\"{}\"", p.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(".")
}

/// User tables of a database, as `schema.table` (`public.` left out).
pub fn user_tables(target: &Target, limits: Limits) -> Seen<Vec<String>> {
    let (mut client, _) = session(target, limits, "")?;
    let rows = client
        .query(
            "SELECT schemaname, tablename FROM pg_tables \
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
            &[],
        )
        .map_err(|e| classify(&e, format!("{}: {}", target.describe(), explain(&e))))?;
    Ok(rows
        .iter()
        .map(|r| {
            let (schema, table): (String, String) = (r.get(0), r.get(1));
            if schema == "public" {
                table
            } else {
                format!("{schema}.{table}")
            }
        })
        .collect())
}

/// Count (and optionally hash) tables over `jobs` sessions that share one snapshot, the way
/// `pg_dump -j` does: a coordinator exports its snapshot and every worker adopts it, so counts
/// of related tables agree with each other even while the database is being written to.
///
/// Each table is counted in its own savepoint: one that fails (permission denied, a timeout)
/// is not verified with the server's message and SQLSTATE, and the others are still counted in the
/// same snapshot. `Err` for the whole side only when the coordinator cannot start.
///
/// Sessions connect and run their catalog queries under `limits`; each count (or checksum)
/// statement runs with `count_timeout` as its `statement_timeout` and the shorter of the two as
/// its `lock_timeout`, so a table another session holds locked is `unknown` after that, not a
/// hang.
pub fn count_tables(
    target: &Target,
    limits: Limits,
    count_timeout: Duration,
    tables: &[String],
    jobs: usize,
    checksum: bool,
    on_done: &(dyn Fn(&str) + Sync),
) -> Seen<Vec<Seen<Count>>> {
    count_tables_held(
        target,
        limits,
        count_timeout,
        tables,
        jobs,
        checksum,
        on_done,
    )
    .map(|(counts, mut coordinator)| {
        let _ = coordinator.batch_execute("COMMIT");
        counts
    })
}

/// [`count_tables`], handing back the coordinator still inside the transaction whose snapshot
/// the counts were taken in (with the [`PINNED`] settings), for the key diff (EG918) to read
/// the same rows. The caller commits it.
pub fn count_tables_held(
    target: &Target,
    limits: Limits,
    count_timeout: Duration,
    tables: &[String],
    jobs: usize,
    checksum: bool,
    on_done: &(dyn Fn(&str) + Sync),
) -> Seen<(Vec<Seen<Count>>, Client)> {
    let pinned = if checksum { PINNED } else { "" };
    let (mut coordinator, _) = session(target, limits, PINNED)?;
    let what = target.describe();
    let err = |e: postgres::Error| classify(&e, format!("{what}: {}", explain(&e)));
    coordinator
        .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .map_err(err)?;
    let snapshot: String = coordinator
        .query_one("SELECT pg_export_snapshot()", &[])
        .map_err(err)?
        .get(0);
    let queue = std::sync::Mutex::new(tables.iter().enumerate().collect::<Vec<_>>());
    let results = std::sync::Mutex::new(vec![None; tables.len()]);
    let jobs = jobs.clamp(1, tables.len().max(1));
    let worker_error = std::sync::Mutex::new(None);
    let count = CountTimeouts {
        statement: count_timeout,
        lock: count_timeout.min(limits.statement_timeout),
    };
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                let mut client = match session(target, limits, pinned) {
                    Ok((c, _)) => c,
                    Err(e) => {
                        *worker_error.lock().unwrap() = Some(e);
                        return;
                    }
                };
                let begin = format!(
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{}'",
                    snapshot.replace('\'', "")
                );
                if let Err(e) = client.batch_execute(&begin) {
                    *worker_error.lock().unwrap() = Some(err(e));
                    return;
                }
                loop {
                    let Some((i, table)) = queue.lock().unwrap().pop() else { break };
                    let (counted, usable) =
                        count_in_savepoint(&mut client, table, checksum, count);
                    let counted = counted.map_err(|e| count.explain(&what, &e));
                    on_done(table);
                    if !usable {
                        // The session is gone (or its transaction cannot be recovered): leave
                        // the rest of the queue to the other workers.
                        *worker_error.lock().unwrap() = counted.clone().err();
                    }
                    results.lock().unwrap()[i] = Some(counted);
                    if !usable {
                        return;
                    }
                }
                let _ = client.batch_execute("COMMIT");
            });
        }
    });
    // Tables no worker could take: every session failed.
    let why = worker_error
        .into_inner()
        .unwrap()
        .unwrap_or_else(|| Unverified::Failed(format!("{what}: not counted")));
    let counts = results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(why.clone())))
        .collect();
    Ok((counts, coordinator))
}

/// The savepoint each table is counted in.
const SAVEPOINT: &str = "egress_t";

/// The limits of one count or checksum statement.
#[derive(Debug, Clone, Copy)]
struct CountTimeouts {
    statement: Duration,
    lock: Duration,
}

impl CountTimeouts {
    /// The driver's error, and what a timeout means here.
    fn explain(&self, what: &str, e: &postgres::Error) -> Unverified {
        let why = explain(e);
        let detail = match e.code().map(|c| c.code()) {
            Some("55P03") => format!(
                "{what}: locked by another session, no lock within {}: {why}",
                secs(self.lock)
            ),
            Some("57014") => format!(
                "{what}: not counted within --count-timeout ({}), lock waits included: {why}",
                secs(self.statement)
            ),
            _ => format!("{what}: {why}"),
        };
        classify(e, detail)
    }
}

/// Count one table between `SAVEPOINT` and `ROLLBACK TO SAVEPOINT` + `RELEASE`: nothing is
/// written, and rolling back ends the count's own `SET LOCAL` timeouts and any error, so the
/// transaction and its snapshot stay usable for the next table. The flag is false when the
/// session cannot go on (the connection broke, the rollback failed).
fn count_in_savepoint(
    client: &mut Client,
    table: &str,
    checksum: bool,
    count: CountTimeouts,
) -> (Result<Count, postgres::Error>, bool) {
    if let Err(e) = client.batch_execute(&format!("SAVEPOINT {SAVEPOINT}")) {
        return (Err(e), false);
    }
    let counted = count_one(client, table, checksum, count);
    let usable = client
        .batch_execute(&format!(
            "ROLLBACK TO SAVEPOINT {SAVEPOINT}; RELEASE SAVEPOINT {SAVEPOINT}"
        ))
        .is_ok();
    (counted, usable)
}

fn count_one(
    client: &mut Client,
    table: &str,
    checksum: bool,
    count: CountTimeouts,
) -> Result<Count, postgres::Error> {
    // A catalog lookup, under the session's limits; it takes no lock on the table.
    let exists: Option<String> = client
        .query_one("SELECT to_regclass($1)::text", &[&quote_table(table)])?
        .get(0);
    if exists.is_none() {
        return Ok(Count::Missing);
    }
    client.batch_execute(&format!(
        "SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = {}",
        millis(count.statement),
        millis(count.lock)
    ))?;
    let q = quote_table(table);
    if checksum {
        // Order-independent: a sum of per-row 64-bit hashes of the row's text form.
        let row = client.query_one(
            &format!("SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)), 0)::text FROM {q} AS t"),
            &[],
        )?;
        Ok(Count::Rows {
            count: row.get(0),
            checksum: Some(row.get(1)),
        })
    } else {
        let row = client.query_one(&format!("SELECT count(*) FROM {q}"), &[])?;
        Ok(Count::Rows {
            count: row.get(0),
            checksum: None,
        })
    }
}

/// What kind of reason a driver error is; `detail` is its text.
pub(crate) fn classify(e: &postgres::Error, detail: String) -> Unverified {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return match code {
            "57014" | "55P03" => Unverified::TimedOut(detail),
            _ if code.starts_with("28") || code == "42501" => Unverified::Denied {
                code: code.to_string(),
                detail,
            },
            _ => Unverified::Failed(detail),
        };
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return Unverified::TimedOut(detail);
            }
        }
        source = s.source();
    }
    if e.is_closed() {
        Unverified::Unreachable(detail)
    } else {
        Unverified::Failed(detail)
    }
}

/// The driver's error with its cause chain, which is where TLS and network reasons live.
pub fn explain(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{} ({})", db.message(), db.code().code());
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_params_are_taken_out_and_secrets_stay_in() {
        let t = Target::parse("postgres://u:pw@db.example.com:5433/app?sslmode=verify-full&sslrootcert=/ca.pem&connect_timeout=3").unwrap();
        assert_eq!(t.sslmode, SslMode::VerifyFull);
        assert_eq!(
            t.sslrootcert.as_deref(),
            Some(std::path::Path::new("/ca.pem"))
        );
        assert_eq!(t.describe(), "db.example.com/app");
        assert!(!t.local);
        let t = Target::parse("host=127.0.0.1 dbname=x sslmode=require").unwrap();
        assert!(t.local && t.sslmode == SslMode::Require);
        let e = Target::parse("postgres://u:hunter2@h/db?sslmode=bogus")
            .err()
            .unwrap();
        assert!(!e.contains("hunter2") && e.contains("bogus"));
    }
}
