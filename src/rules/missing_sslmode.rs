//! EG101 missing-sslmode: a connection string to a non-local host that does not ask for TLS.

use super::{Finding, Fix, Rule, RuleId};
use crate::diagnostic::Applicability;
use crate::facts::{Client, ConnForm, Contract, Host};
use crate::source::{Loc, Span};

pub struct MissingSslmode;

impl Rule for MissingSslmode {
    fn id(&self) -> RuleId {
        RuleId::EG101
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for conn in &c.facts.connections {
            let Host::Remote(host) = &conn.host else {
                continue;
            };
            if conn.tls_param.is_some() || conn.tls_elsewhere {
                continue;
            }
            // Test code is not the deployment contract: a fixture's URL moves nowhere.
            if c.in_test_code(conn.at) {
                continue;
            }
            let fix = conn.param_insert.map(|(at, sep)| {
                let insert = match conn.form {
                    ConnForm::Url => format!("{sep}sslmode=require"),
                    ConnForm::KeyValue | ConnForm::Keys => " sslmode=require".to_string(),
                };
                (at, insert)
            });
            let applicability = if conn.templated {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            let mut help =
                "add `sslmode=require` (or `verify-full` with the provider's CA certificate): \
                            Heroku Postgres forced TLS, the new host may not"
                    .to_string();
            if conn.client == Client::NodePostgres {
                help.push_str(
                    "; node-postgres treats `require` as `verify-full`, so add `uselibpqcompat=true` \
                     or give it the CA when the server's certificate is self-signed",
                );
            }
            let finding = Finding::new(
                RuleId::EG101,
                conn.at,
                format!("connection to `{host}` does not set `sslmode`"),
            )
            .label("no sslmode: TLS is whatever the client defaults to")
            .help(help);
            out.push(match fix {
                Some((at, insert)) => finding.fix(Fix::replace(
                    applicability,
                    "append `sslmode=require`",
                    Loc {
                        file: conn.at.file,
                        span: Span::new(at, at),
                    },
                    insert,
                )),
                None => finding,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn fires_on_remote_urls_and_dsns() {
        assert_fires(
            RuleId::EG101,
            &[(".env", "DATABASE_URL=postgres://u:p@db.example.com/app\n")],
            1,
        );
        assert_fires(
            RuleId::EG101,
            &[("db.py", "DSN = \"host=db.example.com dbname=app user=u\"\n")],
            1,
        );
    }

    #[test]
    fn fix_appends_with_the_right_separator() {
        assert_fix(
            RuleId::EG101,
            ".env",
            "A=postgres://db.example.com/app?connect_timeout=5\n",
            "A=postgres://db.example.com/app?connect_timeout=5&sslmode=require\n",
        );
        assert_fix(
            RuleId::EG101,
            "x.yml",
            "url: postgres://db.example.com/app\n",
            "url: postgres://db.example.com/app?sslmode=require\n",
        );
    }

    #[test]
    fn silent_on_local_templated_and_commented() {
        assert_clean(
            RuleId::EG101,
            &[("config/test.yml", "url: postgres://localhost/dev\n")],
        );
        assert_clean(
            RuleId::EG101,
            &[("db.js", "const u = `postgres://${user}@${host}/app`;\n")],
        );
        assert_clean(
            RuleId::EG101,
            &[("db.rb", "# postgres://u@db.example.com/app\n")],
        );
        assert_clean(
            RuleId::EG101,
            &[("README.md", "postgres://u@db.example.com/app\n")],
        );
        assert_clean(
            RuleId::EG101,
            &[("docker-compose.yml", "services:\n  pg:\n    image: postgres:16\n  web:\n    environment:\n      DATABASE_URL: postgres://postgres@pg:5432/app\n")],
        );
    }

    #[test]
    fn tls_stated_outside_the_url() {
        let url = "postgres://app@db.example.com/app";
        // (a) PGSSLMODE in the same env file; a weak one states nothing.
        assert_clean(
            RuleId::EG101,
            &[(
                ".env",
                &format!("DATABASE_URL={url}\nPGSSLMODE=verify-full\n"),
            )],
        );
        assert_fires(
            RuleId::EG101,
            &[(".env", &format!("DATABASE_URL={url}\nPGSSLMODE=prefer\n"))],
            1,
        );
        // (b) `ssl=` of JDBC and node-postgres, `sslmode=no-verify`.
        for q in ["ssl=true", "ssl=require", "sslmode=no-verify"] {
            assert_clean(RuleId::EG101, &[("x.yml", &format!("url: {url}?{q}\n"))]);
        }
        // (c) a sibling key of the same mapping, not of another one.
        assert_clean(
            RuleId::EG101,
            &[(
                "config/database.yml",
                &format!("staging:\n  url: {url}\n  sslmode: require\n"),
            )],
        );
        assert_clean(
            RuleId::EG101,
            &[(
                "config/db.json",
                &format!("{{\"connectionString\": \"{url}\", \"ssl\": {{\"rejectUnauthorized\": false}}}}"),
            )],
        );
        assert_fires_n(
            RuleId::EG101,
            &[(
                "config/database.yml",
                &format!(
                    "a:\n  url: {url}\nb:\n  sslmode: require\nc:\n  url: {url}\n  ssl: false\n"
                ),
            )],
            2,
        );
        // (d) TLS set in the code of the same file, not in a comment or another URL.
        for code in [
            format!("DATABASES = {{'default': dj_database_url.parse('{url}', ssl_require=True)}}\n"),
            format!("const pool = new Pool({{ connectionString: '{url}', ssl: {{ rejectUnauthorized: false }} }});\n"),
            format!("engine = create_engine('{url}', connect_args={{'sslmode': 'require'}})\n"),
            format!("DB = Sequel.connect('{url}', sslmode: 'require')\n"),
        ] {
            let path = match code.as_bytes()[0] {
                b'c' => "db.js",
                b'D' if code.contains("Sequel") => "db.rb",
                _ => "db.py",
            };
            assert_clean(RuleId::EG101, &[(path, &code)]);
        }
        assert_fires_n(
            RuleId::EG101,
            &[(
                "db.py",
                &format!("# ssl_require=True\nA = '{url}'\nB = '{url}?sslmode=require'\nC = connect(ssl=False)\n"),
            )],
            1,
        );
    }

    #[test]
    fn compose_service_names_are_local() {
        assert_clean(
            RuleId::EG101,
            &[("docker-compose.yml", "services:\n  db.local.test:\n    image: postgres\n  web:\n    environment:\n      DATABASE_URL: postgres://u@db.local.test/app\n")],
        );
    }
}
