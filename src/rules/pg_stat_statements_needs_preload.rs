//! EG303 pg-stat-statements-needs-preload: the schema enables `pg_stat_statements`, or code
//! queries it; off Heroku it works only where the server preloads it.

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, ExtOrigin};
use crate::source::{FileId, Loc};

pub struct PgStatStatementsNeedsPreload;

const NAME: &str = "pg_stat_statements";

/// What the target platform is known to do (FIELD-NOTES §7).
fn on_target(platform: &str) -> Option<&'static str> {
    let p = platform.trim().to_ascii_lowercase();
    Some(match p.as_str() {
        "render" => "Render allows it, but does not document whether it preloads it: check `SHOW shared_preload_libraries` there",
        "fly" | "fly.io" => "Fly Managed Postgres preloads pg_stat_monitor; whether it preloads pg_stat_statements is not documented: check `SHOW shared_preload_libraries` there",
        "railway" => "Railway runs a stock Postgres image, which preloads nothing (Railway's docs do not say): set shared_preload_libraries and restart",
        "rds" | "aws" | "aurora" => "RDS preloads it by default: `CREATE EXTENSION` after the restore is enough",
        "supabase" => "Supabase enables it by default, in the `extensions` schema",
        "neon" => "Neon supports it; its statistics reset when the compute suspends",
        "cloud-sql" | "cloudsql" | "gcp" | "google" => "Cloud SQL offers it through `CREATE EXTENSION`",
        _ => return None,
    })
}

impl Rule for PgStatStatementsNeedsPreload {
    fn id(&self) -> RuleId {
        RuleId::EG303
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        // The contract lists what Heroku pre-installs on every database: no sign the app needs it.
        let enabled = c
            .facts
            .extensions_enabled
            .iter()
            .filter(|e| e.name == NAME && e.origin != ExtOrigin::Contract)
            .map(|e| (e.at, true));
        let used = c
            .facts
            .extension_uses
            .iter()
            .filter(|u| u.name == NAME)
            .map(|u| (u.at, false));
        // One finding per file, at its first mention.
        let mut seen: Vec<FileId> = Vec::new();
        let mut places: Vec<(Loc, bool)> = enabled.chain(used).collect();
        places.sort_by_key(|(at, _)| (at.file, at.span.start));
        let mut out = Vec::new();
        for (at, is_enabled) in places {
            if seen.contains(&at.file) || c.in_test_code(at) {
                continue;
            }
            seen.push(at.file);
            let message = if is_enabled {
                "`pg_stat_statements` is enabled here: off Heroku it works only where the server preloads it"
            } else {
                "queries `pg_stat_statements`: off Heroku this fails unless the server preloads it"
            };
            let target = c
                .manifest_for(c.dir_of(at))
                .and_then(|m| m.target_platform.as_ref())
                .and_then(|p| on_target(&p.value).map(|note| (p.value.trim().to_string(), note)));
            let help = match target {
                Some((platform, note)) => format!("on {platform}: {note}; then `CREATE EXTENSION IF NOT EXISTS pg_stat_statements` after the restore"),
                None => "add `pg_stat_statements` to the target's `shared_preload_libraries` (a restart), then \
                         `CREATE EXTENSION IF NOT EXISTS pg_stat_statements` after the restore"
                    .to_string(),
            };
            out.push(
                Finding::new(RuleId::EG303, at, message)
                    .label("needs shared_preload_libraries")
                    .help(help),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn enabled_or_queried_once_per_file() {
        assert_fires(
            RuleId::EG303,
            &[(
                "db/structure.sql",
                "CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA public;\nSELECT * FROM pg_stat_statements;\n",
            )],
            1,
        );
        assert_fires(
            RuleId::EG303,
            &[(
                "app/jobs/slow_queries_job.rb",
                "class SlowQueriesJob\n  SQL = \"SELECT query FROM pg_stat_statements LIMIT 20\"\nend\n",
            )],
            2,
        );
    }

    #[test]
    fn the_help_names_what_the_target_does() {
        let f = findings(
            RuleId::EG303,
            &[
                ("migration-manifest.yml", "target:\n  platform: railway\n  timezone: UTC\n"),
                ("db/schema.rb", "ActiveRecord::Schema[7.1].define(version: 1) do\n  enable_extension \"pg_stat_statements\"\nend\n"),
            ],
        );
        assert!(
            f[0].help
                .as_deref()
                .unwrap()
                .starts_with("on railway: Railway runs a stock"),
            "{f:#?}"
        );
    }

    #[test]
    fn contract_comments_names_and_tests_are_silent() {
        for (path, text) in [
            ("migration-contract.json", r#"{"extensions": [{"name": "pg_stat_statements", "schema": "heroku_ext"}]}"#),
            ("db/structure.sql", "-- CREATE EXTENSION pg_stat_statements;\nCOMMENT ON EXTENSION pg_stat_statements IS 'track planning';\n"),
            ("app/models/query_stat.rb", "# reads pg_stat_statements\nTABLE = 'pg_stat_statements'\n"),
            ("spec/support/stats.rb", "execute 'SELECT * FROM pg_stat_statements'\n"),
            ("lib/tasks/db.rake", "execute 'CREATE EXTENSION pg_stat_statements'\n"),
        ] {
            assert_clean(RuleId::EG303, &[(path, text)]);
        }
    }
}
