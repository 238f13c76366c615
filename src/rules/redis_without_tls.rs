//! EG106 redis-without-tls: a literal `redis://` URL to a remote host, or code reading
//! `REDIS_TLS_URL`, the TLS URL only a Heroku Redis mini plan had.

use super::{Finding, Rule, RuleId};
use crate::facts::{platform_var, Contract, HostRefKind, VarKind};

pub struct RedisWithoutTls;

impl Rule for RedisWithoutTls {
    fn id(&self) -> RuleId {
        RuleId::EG106
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let f = &c.facts;
        let urls = f
            .host_refs
            .iter()
            .filter(|h| h.kind == HostRefKind::PlainRedis && !c.in_test_or_example(h.at))
            .map(|h| {
                Finding::new(
                    RuleId::EG106,
                    h.at,
                    format!("`{}` connects to `{}` without TLS", h.shown, h.host),
                )
                .label("plain redis://: the password and data cross the network in clear")
                .help(
                    "use `rediss://` (and the provider's CA certificate), or keep the URL out of \
                     the code and read `REDIS_URL` from the environment",
                )
            });
        let reads = f
            .env_reads
            .iter()
            .filter(|r| {
                platform_var(&r.name).is_some_and(|v| v.kind == VarKind::RedisTls)
                    && !c.in_test_or_example(r.at)
            })
            .map(|r| {
                Finding::new(
                    RuleId::EG106,
                    r.at,
                    format!(
                        "reads `{}`, which only a Heroku Redis mini plan set",
                        r.name
                    ),
                )
                .label("unset elsewhere: the code falls back to whatever comes next")
                .help(
                    "read `REDIS_URL` with a `rediss://` URL and configure TLS on the client; \
                     check what the fallback branch connects to",
                )
            });
        urls.chain(reads).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn remote_plain_urls_and_tls_url_reads() {
        let cases = [
            (
                "app/cache.py",
                "r = redis.from_url('redis://cache.example.com:6379/0')\n",
                1,
            ),
            (
                "config/cable.yml",
                "production:\n  adapter: redis\n  url: redis://cache.example.com:6379/1\n",
                3,
            ),
            (
                "src/redis.js",
                "const url = process.env.REDIS_TLS_URL || process.env.REDIS_URL;\n",
                1,
            ),
            (
                "Procfile",
                "worker: REDIS=redis://10.1.2.3:6379 bin/worker\n",
                1,
            ),
        ];
        for (path, code, line) in cases {
            assert_fires(RuleId::EG106, &[(path, code)], line);
        }
    }

    #[test]
    fn local_private_tls_comments_and_tests_are_silent() {
        assert_clean(
            RuleId::EG106,
            &[
                ("a.py", "A = 'redis://localhost:6379'\nB = 'redis://127.0.0.1'\nC = 'redis://redis:6379/0'\nD = 'redis://cache.internal:6379'\nE = 'rediss://cache.example.com:6380'\n# F = 'redis://cache.example.com'\nG = 'redis://${REDIS_HOST}:6379'\n"),
                (
                    "docker-compose.yml",
                    "services:\n  web:\n    environment:\n      REDIS_URL: redis://cache:6379\n  cache:\n    image: redis:7\n",
                ),
                ("README.md", "Use redis://cache.example.com:6379.\n"),
                ("spec/fixtures/config.yml", "url: redis://cache.example.com:6379\n"),
                (".env.example", "REDIS_URL=redis://cache.example.com:6379\n"),
            ],
        );
    }

    #[test]
    fn passwords_never_reach_the_message() {
        let f = findings(
            RuleId::EG106,
            &[(
                "app/cache.rb",
                "Redis.new(url: 'redis://:hunter2@cache.example.com:6379')\n",
            )],
        );
        assert_eq!(f.len(), 1);
        assert!(!f[0].message.contains("hunter2"), "{}", f[0].message);
    }
}
