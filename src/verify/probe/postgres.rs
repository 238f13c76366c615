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

    /// `host/dbname` for messages.
    pub fn describe(&self) -> String {
        format!("{}/{}", self.host, self.config.get_dbname().unwrap_or(""))
    }
}

/// What a session saw of the server, for the evidence column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub server_version: String,
    pub tls: bool,
}

/// Session limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
}

/// Open a read-only session: `default_transaction_read_only` and `statement_timeout` are set in
/// the startup packet, so they hold before the first query runs.
pub fn connect(target: &Target, limits: Limits) -> Result<(Client, Evidence), String> {
    let mut config = target.config.clone();
    config
        .connect_timeout(limits.connect_timeout)
        .application_name("egress verify")
        .options(&format!(
            "-c default_transaction_read_only=on -c statement_timeout={}",
            limits.statement_timeout.as_millis()
        ));
    let what = target.describe();
    let fail = |e: postgres::Error| format!("cannot connect to {what}: {}", explain(&e));
    let mut client = match target.sslmode {
        SslMode::Disable => {
            config.ssl_mode(PgSslMode::Disable);
            config.connect(NoTls).map_err(fail)?
        }
        mode => {
            let (pg_mode, verify) = match mode {
                SslMode::Allow | SslMode::Prefer => (PgSslMode::Prefer, Verify::None),
                SslMode::Require => (PgSslMode::Require, Verify::None),
                SslMode::VerifyCa => (PgSslMode::Require, Verify::Ca),
                _ => (PgSslMode::Require, Verify::Full),
            };
            let tls_config = tls::client_config(verify, target.sslrootcert.as_deref())
                .map_err(|e| format!("cannot connect to {what}: {e}"))?;
            config.ssl_mode(pg_mode);
            config
                .connect(MakeRustlsConnect::new(tls_config))
                .map_err(fail)?
        }
    };
    let row = client
        .query_one(
            "SELECT current_setting('server_version'), \
             coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
            &[],
        )
        .map_err(|e| format!("{what}: {}", explain(&e)))?;
    Ok((
        client,
        Evidence {
            server_version: row.get(0),
            tls: row.get(1),
        },
    ))
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
