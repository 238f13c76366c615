//! The text of planted hazards and decoys, per hazard/decoy and file format.

use crate::case::camel;
use crate::lang::Lang;
use crate::plan::hazards::{Decoy, Hazard, Plant};
use crate::rng::Rng;
use crate::words::{NOUNS, VERBS};

fn pg_host(r: &mut Rng) -> &'static str {
    r.pick(&[
        "db.example.com",
        "pg-primary.internal.example.com",
        "ec2-54-221-17-3.compute-1.amazonaws.com",
        "reporting-replica.example.net",
    ])
}

fn pg_url(r: &mut Rng, ssl: &str) -> String {
    let scheme = if r.pct(70.0) {
        "postgres"
    } else {
        "postgresql"
    };
    let user = r.pick(&["u", "app", "svc_rw", "report_ro"]);
    let host = pg_host(r);
    let db = r.pick(&["app", "billing_production", "core", "warehouse"]);
    let q = if ssl.is_empty() {
        String::new()
    } else {
        format!("?sslmode={ssl}")
    };
    format!("{scheme}://{user}:p@{host}:5432/{db}{q}")
}

fn localhost_url(r: &mut Rng) -> String {
    let db = r.pick(&["app_test", "app_development", "ci", "postgres"]);
    if r.pct(50.0) {
        format!("postgres://postgres:postgres@localhost:5432/{db}")
    } else {
        format!("postgres://localhost/{db}")
    }
}

/// Text inserted at "block level" of the given language.
pub fn snippet(lang: Lang, plant: Plant, r: &mut Rng) -> Option<String> {
    let s = match plant {
        Plant::None => return None,
        Plant::Hazard(h) => match (h, lang) {
            (Hazard::DynoEnv, Lang::Ruby) => "    # Derive the worker slot from the process name\n    def worker_slot\n      ENV[\"DYNO\"].to_s.split(\".\").last.to_i\n    end\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Python) => "def worker_slot() -> int:\n    dyno = os.environ.get(\"DYNO\", \"web.1\")\n    return int(dyno.rsplit(\".\", 1)[-1])\n\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Js) | (Hazard::DynoEnv, Lang::Ts) => "const dynoName = process.env.DYNO || 'web.1';\nconst isWorkerOne = dynoName.endsWith('.1');\n\n".to_string(),
            (Hazard::DynoEnv, Lang::MinJs) => "var w=process.env.DYNO||\"web.1\";".to_string(),
            (Hazard::DynoEnv, Lang::Go) => "func workerSlot() string {\n\tif d := os.Getenv(\"DYNO\"); d != \"\" {\n\t\treturn d\n\t}\n\treturn \"web.1\"\n}\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Java) => "    private static String workerSlot() {\n        String dyno = System.getenv(\"DYNO\");\n        return dyno == null ? \"web.1\" : dyno;\n    }\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Php) => "    private function workerSlot(): string\n    {\n        return getenv('DYNO') ?: 'web.1';\n    }\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Log) => format!("I, [2019-03-04T03:00:01.000000 #4] INFO -- : boot env DYNO=web.{} PORT=5000\n", r.range(1, 9)),
            (Hazard::PgUrlNoSsl, l) | (Hazard::SslModeDisable, l) => {
                let ssl = if h == Hazard::SslModeDisable { "disable" } else { "" };
                let url = pg_url(r, ssl);
                match l {
                    Lang::Ruby => format!("    FALLBACK_DATABASE_URL = \"{url}\"\n\n"),
                    Lang::Python => format!("FALLBACK_DATABASE_URL = \"{url}\"\n\n\n"),
                    Lang::Js | Lang::Ts => format!("const FALLBACK_DATABASE_URL = '{url}';\n\n"),
                    Lang::Go => format!("const fallbackDatabaseURL = \"{url}\"\n\n"),
                    Lang::Java => format!("    private static final String FALLBACK_DATABASE_URL = \"{url}\";\n\n"),
                    Lang::Php => format!("    private const FALLBACK_DATABASE_URL = '{url}';\n\n"),
                    Lang::Yaml => format!("reporting_replica:\n  url: {url}\n  pool: 5\n\n"),
                    Lang::K8s => format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: database-url\ndata:\n  DATABASE_URL: \"{url}\"\n"),
                    Lang::Json => format!("  \"database\": {{ \"url\": \"{url}\", \"pool\": 10 }}"),
                    Lang::Toml => format!("[database]\nurl = \"{url}\"\npool = 10\n\n"),
                    Lang::Env => format!("DATABASE_URL={url}\n"),
                    Lang::Log => format!("D, [2019-03-04T03:00:02.000000 #4] DEBUG -- : connecting to {url}\n"),
                    _ => format!("{url}\n"),
                }
            }
            (Hazard::PgSslModeDisable, l) => match l {
                Lang::Yaml => "database_env:\n  PGSSLMODE: disable\n\n".to_string(),
                Lang::K8s => "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pg-settings\ndata:\n  PGSSLMODE: \"disable\"\n".to_string(),
                Lang::Json => "  \"env\": { \"PGSSLMODE\": \"disable\" }".to_string(),
                Lang::Toml => "[env]\nPGSSLMODE = \"disable\"\n\n".to_string(),
                _ => "PGSSLMODE=disable\n".to_string(),
            },
            (Hazard::HerokuExt, _) => {
                let ext = r.pick(&["pg_trgm", "hstore", "citext", "pg_stat_statements", "unaccent"]);
                format!("CREATE EXTENSION IF NOT EXISTS {ext} WITH SCHEMA heroku_ext;\n\n")
            }
            (Hazard::CronSchedule, Lang::Js) | (Hazard::CronSchedule, Lang::Ts) => {
                let spec = r.pick(&["0 3 * * *", "*/15 * * * *", "30 2 * * 1", "0 0 1 * *"]);
                let f = camel(r.pick(VERBS), r.pick(NOUNS));
                format!("const cron = require('node-cron');\n\ncron.schedule('{spec}', async () => {{\n  await {f}();\n}});\n\n")
            }
            // CrontabNoTz is structural (handled by the crontab generator)
            _ => return None,
        },
        Plant::Decoy(d) => match (d, lang) {
            (Decoy::DynoComment, Lang::Ruby) => "    # NOTE: this used to read DYNO to pick a worker slot; see docs/runbooks.\n".to_string(),
            (Decoy::DynoComment, Lang::Python) => "# NOTE: this used to read DYNO to pick a worker slot; see docs/runbooks.\n".to_string(),
            (Decoy::DynoComment, _) => "// NOTE: this used to read DYNO to pick a worker slot; see docs/runbooks.\n".to_string(),
            (Decoy::DocsMention, _) => format!(
                "## Local development\n\nOn the old platform every process had a `DYNO` variable such as `web.1`; we no longer rely on it.\nRun the test suite against `{}`.\n\n",
                localhost_url(r)
            ),
            (Decoy::PgLocalhost, l) => {
                let url = localhost_url(r);
                match l {
                    Lang::Env => format!("DATABASE_URL={url}\n"),
                    Lang::Json => format!("  \"test_database\": {{ \"url\": \"{url}\" }}"),
                    Lang::Toml => format!("[test.database]\nurl = \"{url}\"\n\n"),
                    Lang::K8s => format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-db\ndata:\n  DATABASE_URL: \"{url}\"\n"),
                    _ => format!("test_database:\n  url: {url}\n\n"),
                }
            }
            (Decoy::SslRequire, l) => {
                let mode = r.pick(&["require", "verify-full"]);
                let url = pg_url(r, mode);
                match l {
                    Lang::Json => format!("  \"database\": {{ \"url\": \"{url}\" }}"),
                    Lang::Toml => format!("[database]\nurl = \"{url}\"\n\n"),
                    Lang::K8s => format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\ndata:\n  DATABASE_URL: \"{url}\"\n"),
                    _ => format!("database:\n  url: {url}\n\n"),
                }
            }
        },
    };
    Some(s)
}
