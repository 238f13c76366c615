//! EG102 weak-sslmode: `sslmode` (or `PGSSLMODE`) that allows an unencrypted connection to a
//! non-local host.

use super::{Finding, Fix, Rule, RuleId};
use crate::diagnostic::Applicability;
use crate::facts::{is_weak_tls, Contract, Host};
use crate::source::Loc;

pub struct WeakSslmode;

/// `key=value` is what was seen (`sslmode=prefer`, `ssl=false`); the fix sets `replacement`.
fn finding(
    at: Loc,
    (key, value): (&str, &str),
    replacement: &str,
    what: String,
    applicability: Applicability,
) -> Finding {
    Finding::new(RuleId::EG102, at, format!("`{key}={value}` lets {what} fall back to an unencrypted connection"))
        .label(format!("`{value}` does not require TLS"))
        .help("use `require` (encrypt) or `verify-full` (encrypt and check the certificate); Heroku Postgres refused plain connections")
        .fix(Fix::replace(applicability, format!("use `{key}={replacement}`"), at, replacement))
}

impl Rule for WeakSslmode {
    fn id(&self) -> RuleId {
        RuleId::EG102
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for conn in &c.facts.connections {
            let (Host::Remote(host), Some(tls)) = (&conn.host, &conn.tls_param) else {
                continue;
            };
            if !tls.is_weak() {
                continue;
            }
            // Test code is not the deployment contract: a fixture's URL moves nowhere.
            if c.in_test_code(conn.at) {
                continue;
            }
            let at = Loc {
                file: conn.at.file,
                span: tls.span,
            };
            let applicability = if conn.templated {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            // `ssl` is a boolean (JDBC, node-postgres); `sslmode` takes libpq's modes.
            let replacement = if tls.key == "ssl" { "true" } else { "require" };
            out.push(finding(
                at,
                (tls.key, &tls.value),
                replacement,
                format!("the connection to `{host}`"),
                applicability,
            ));
        }
        for s in &c.facts.sslmode_settings {
            if s.local_context || !is_weak_tls(&s.value) {
                continue;
            }
            out.push(finding(
                s.at,
                ("PGSSLMODE", &s.value),
                "require",
                "every libpq client using this environment".into(),
                Applicability::Safe,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn weak_modes_on_remote_hosts() {
        assert_fires(
            RuleId::EG102,
            &[(
                ".env",
                "DATABASE_URL=postgres://db.example.com/app?sslmode=prefer\n",
            )],
            1,
        );
        assert_fires(
            RuleId::EG102,
            &[(".env.production", "PGSSLMODE=disable\n")],
            1,
        );
        let f = findings(RuleId::EG102, &[(".env.production", "PGSSLMODE=disable\n")]);
        assert!(
            f[0].message.starts_with("`PGSSLMODE=disable` lets"),
            "{}",
            f[0].message
        );
        assert_fix(
            RuleId::EG102,
            ".env",
            "U=postgres://db.example.com/a?sslmode=disable\n",
            "U=postgres://db.example.com/a?sslmode=require\n",
        );
    }

    #[test]
    fn ssl_false_is_weak_and_fixed_to_true() {
        assert_fix(
            RuleId::EG102,
            "config/application.yml",
            "url: jdbc:postgresql://db.example.com:5432/app?ssl=false\n",
            "url: jdbc:postgresql://db.example.com:5432/app?ssl=true\n",
        );
        assert_clean(
            RuleId::EG102,
            &[(
                "knexfile.js",
                "module.exports = 'postgres://app@db.example.com/app?sslmode=no-verify';\n",
            )],
        );
    }

    #[test]
    fn pgsslmode_context_is_the_file_not_path_substrings() {
        let prod = "PGSSLMODE=disable\nDATABASE_URL=${DATABASE_URL}\n";
        for path in [
            "src/dev/ledger/.env.production",
            "apps/svc-latest/.env.production",
            "apps/financial-api/.env.production",
        ] {
            assert_fires(RuleId::EG102, &[(path, prod)], 1);
        }
        // A test file is exempt even when it names a remote host (the YAML's promise).
        assert_clean(
            RuleId::EG102,
            &[(
                ".env.test",
                "DATABASE_URL=postgres://app@staging-db.example.com/app?sslmode=require\nPGSSLMODE=disable\n",
            )],
        );
        assert_fires(
            RuleId::EG102,
            &[(".env", "PGHOST=db.example.com\nPGSSLMODE=disable\n")],
            2,
        );
        assert_clean(
            RuleId::EG102,
            &[(".env", "PGHOST=localhost\nPGSSLMODE=disable\n")],
        );
    }

    #[test]
    fn local_and_ci_settings_are_fine() {
        assert_clean(
            RuleId::EG102,
            &[(
                ".env",
                "DATABASE_URL=postgres://localhost/app?sslmode=disable\n",
            )],
        );
        assert_clean(RuleId::EG102, &[(".env.test", "PGSSLMODE=disable\n")]);
        assert_clean(
            RuleId::EG102,
            &[(
                ".env",
                "PGHOST=localhost\nPGSSLMODE=disable\nDATABASE_URL=postgres://localhost/x\n",
            )],
        );
        assert_clean(
            RuleId::EG102,
            &[(
                ".env",
                "DATABASE_URL=postgres://db.example.com/app?sslmode=verify-full\n",
            )],
        );
    }
}
