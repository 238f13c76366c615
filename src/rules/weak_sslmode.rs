//! EG102 weak-sslmode: `sslmode` (or `PGSSLMODE`) that allows an unencrypted connection to a
//! non-local host.

use super::{Finding, Fix, Rule, RuleId};
use crate::diagnostic::Applicability;
use crate::extract::{Contract, Host};
use crate::source::Loc;

pub struct WeakSslmode;

const WEAK: &[&str] = &["disable", "allow", "prefer"];

fn finding(at: Loc, value: &str, what: String, applicability: Applicability) -> Finding {
    Finding::new(RuleId::EG102, at, format!("`sslmode={value}` lets {what} fall back to an unencrypted connection"))
        .label(format!("`{value}` does not require TLS"))
        .help("use `require` (encrypt) or `verify-full` (encrypt and check the certificate); Heroku Postgres refused plain connections")
        .fix(Fix::replace(applicability, "use `sslmode=require`", at, "require"))
}

impl Rule for WeakSslmode {
    fn id(&self) -> RuleId {
        RuleId::EG102
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for conn in &c.facts.connections {
            let (Host::Remote(host), Some((mode, span))) = (&conn.host, &conn.sslmode) else {
                continue;
            };
            if !WEAK.contains(&mode.to_ascii_lowercase().as_str()) {
                continue;
            }
            let at = Loc {
                file: conn.at.file,
                span: *span,
            };
            let applicability = if conn.templated {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            out.push(finding(
                at,
                mode,
                format!("the connection to `{host}`"),
                applicability,
            ));
        }
        for s in &c.facts.sslmode_settings {
            if s.local_context || !WEAK.contains(&s.value.to_ascii_lowercase().as_str()) {
                continue;
            }
            out.push(finding(
                s.at,
                &s.value,
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
        assert_fix(
            RuleId::EG102,
            ".env",
            "U=postgres://db.example.com/a?sslmode=disable\n",
            "U=postgres://db.example.com/a?sslmode=require\n",
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
