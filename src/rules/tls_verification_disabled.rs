//! EG105 tls-verification-disabled: certificate verification switched off for a database or
//! Redis client.

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, Host, TlsClient};
use crate::role::Role;
use crate::source::Loc;

pub struct TlsVerificationDisabled;

const HELP: &str = "give the client the provider's CA certificate (or use an endpoint with a CA-signed \
                    certificate) and remove the setting: Heroku needed it only because its certificates are self-signed";

impl Rule for TlsVerificationDisabled {
    fn id(&self) -> RuleId {
        RuleId::EG105
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        // What the app deploys with: not tests, development or CI files.
        let deployed = |at: Loc| c.file(at.file).role == Role::Deploy;
        let mut out = Vec::new();
        for t in c.facts.tls_verify_off.iter().filter(|t| deployed(t.at)) {
            let client = match t.client {
                TlsClient::Redis => "Redis",
                TlsClient::Postgres => "PostgreSQL",
            };
            out.push(
                Finding::new(
                    RuleId::EG105,
                    t.at,
                    format!("TLS certificate verification is switched off for a {client} client"),
                )
                .label("any certificate is accepted")
                .help(HELP),
            );
        }
        let no_verify = |at: Loc, what: &str| {
            Finding::new(
                RuleId::EG105,
                at,
                format!("{what}: TLS without certificate verification (node-postgres only; libpq rejects it)"),
            )
            .label("any certificate is accepted")
            .help(HELP)
        };
        for conn in &c.facts.connections {
            let Some(p) = &conn.tls_param else { continue };
            if p.value.eq_ignore_ascii_case("no-verify")
                && conn.host != Host::Local
                && deployed(conn.at)
            {
                let at = Loc {
                    file: conn.at.file,
                    span: p.span,
                };
                out.push(no_verify(at, &format!("`{}=no-verify`", p.key)));
            }
        }
        for s in &c.facts.sslmode_settings {
            if s.value.trim().eq_ignore_ascii_case("no-verify") && !s.local_context {
                out.push(no_verify(s.at, "`PGSSLMODE=no-verify`"));
            }
        }
        for a in &c.facts.appended_queries {
            if a.param("sslmode")
                .is_some_and(|m| m.eq_ignore_ascii_case("no-verify"))
                && deployed(a.at)
            {
                let at = Loc {
                    file: a.at.file,
                    span: a.query,
                };
                out.push(no_verify(at, "`sslmode=no-verify`"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn every_form() {
        for (path, text, line) in [
            ("config/initializers/sidekiq.rb", "Sidekiq.configure_client do |config|\n  config.redis = { url: ENV[\"REDIS_URL\"], ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE } }\nend\n", 2),
            (".env", "DATABASE_URL=postgres://app@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d1?sslmode=no-verify\n", 1),
            (".env.production", "RAILS_ENV=production\nPGSSLMODE=no-verify\n", 2),
            ("src/db.js", "const url = `${process.env.DATABASE_URL}?sslmode=no-verify`;\n", 1),
        ] {
            assert_fires(RuleId::EG105, &[(path, text)], line);
        }
    }

    #[test]
    fn local_development_and_test_files_are_silent() {
        for (path, text) in [
            (".env", "DATABASE_URL=postgres://localhost/app?sslmode=no-verify\n"),
            ("config/environments/development.rb", "config.cache_store = :redis_cache_store, { url: ENV[\"REDIS_URL\"], ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE } }\n"),
            ("spec/support/redis.rb", "Redis.new(ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE })\n"),
            ("test/db.test.js", "new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });\n"),
        ] {
            assert_clean(RuleId::EG105, &[(path, text)]);
        }
    }
}
