//! EG103 sslmode-appended-to-placeholder: `${VAR}?sslmode=require`, where the variable's URL
//! may already carry a query string.

use super::{Finding, Fix, Rule, RuleId};
use crate::diagnostic::Applicability;
use crate::facts::Contract;
use crate::source::{Loc, Span};

pub struct SslmodeAppendedToPlaceholder;

impl Rule for SslmodeAppendedToPlaceholder {
    fn id(&self) -> RuleId {
        RuleId::EG103
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for a in &c.facts.appended_queries {
            if c.in_test_code(a.at) {
                continue;
            }
            let Some(mode) = a.param("sslmode") else {
                continue;
            };
            let var = a.var.as_deref().unwrap_or("the placeholder");
            let help = format!(
                "set `PGSSLMODE={mode}` in the environment instead (libpq and node-postgres read it), or join \
                 with `&` when the URL already has a `?`"
            );
            let mut f = Finding::new(
                RuleId::EG103,
                a.at,
                format!(
                    "`?sslmode={mode}` appended to `{var}`: when its URL already has a query string, the result has two `?`"
                ),
            )
            .label(format!("a second `?` if {var} has a query"))
            .help(help);
            // Mechanical only where the environment is written right here, and the query holds
            // nothing but sslmode.
            if let (Some((at, prefix, sep)), 1) = (&a.env_insert, a.params.len()) {
                // One edit from the query to the end of its line, so that removing the query and
                // adding the setting after the line cannot be split or reordered.
                let tail = Loc {
                    file: a.at.file,
                    span: Span::new(a.query.end, *at),
                };
                if let Some(rest) = c.text_at(tail) {
                    f = f.fix(Fix::replace(
                        Applicability::Unsafe,
                        format!("move `sslmode={mode}` to `PGSSLMODE`"),
                        Loc {
                            file: a.at.file,
                            span: Span::new(a.query.start, *at),
                        },
                        format!("{rest}{prefix}PGSSLMODE{sep}{mode}"),
                    ));
                }
            }
            out.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn fixes_move_the_mode_into_the_environment() {
        assert_fix(
            RuleId::EG103,
            ".env.production",
            "RAILS_ENV=production\nDATABASE_URL=\"${DATABASE_URL}?sslmode=require\"\nWEB_CONCURRENCY=2\n",
            "RAILS_ENV=production\nDATABASE_URL=\"${DATABASE_URL}\"\nPGSSLMODE=require\nWEB_CONCURRENCY=2\n",
        );
        assert_fix(
            RuleId::EG103,
            "docker-compose.yml",
            "services:\n  web:\n    environment:\n      DATABASE_URL: ${DATABASE_URL}?sslmode=verify-full\n      PORT: 3000\n",
            "services:\n  web:\n    environment:\n      DATABASE_URL: ${DATABASE_URL}\n      PGSSLMODE: verify-full\n      PORT: 3000\n",
        );
    }

    #[test]
    fn no_fix_in_code_or_with_other_parameters() {
        for (path, text) in [
            (
                "config/initializers/db.rb",
                "URL = \"#{ENV['DATABASE_URL']}?sslmode=require\"\n",
            ),
            (
                ".env",
                "DATABASE_URL=${DATABASE_URL}?sslmode=require&connect_timeout=5\n",
            ),
        ] {
            let f = findings(RuleId::EG103, &[(path, text)]);
            assert_eq!(f.len(), 1, "{path}");
            assert!(f[0].fix.is_none(), "{path}");
        }
        // egress's own manifest: `egress verify` joins with `&` itself.
        assert_clean(
            RuleId::EG103,
            &[(
                "migration-manifest.yml",
                "target:\n  db_url: ${RENDER_DATABASE_URL}?sslmode=require\n",
            )],
        );
    }

    #[test]
    fn other_parameters_and_test_code_are_silent() {
        assert_clean(
            RuleId::EG103,
            &[(".env", "DATABASE_URL=${DATABASE_URL}?pool=5\n")],
        );
        assert_fires(
            RuleId::EG103,
            &[(
                ".env",
                "DATABASE_URL=${DATABASE_URL}?connect_timeout=10&sslmode=require\n",
            )],
            1,
        );
        assert_clean(
            RuleId::EG103,
            &[(
                "spec/support/db.rb",
                "URL = \"#{ENV['DATABASE_URL']}?sslmode=disable\"\n",
            )],
        );
    }
}
