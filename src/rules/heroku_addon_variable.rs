//! EG107 heroku-addon-variable: code or config reads a variable that a Heroku add-on injects and
//! nothing else sets (`KAFKA_PREFIX`, `KAFKA_TRUSTED_CERT`, `DATABASE_CONNECTION_POOL_URL`,
//! `HEROKU_REDIS_<COLOR>_URL`, ...).

use super::{Finding, Rule, RuleId};
use crate::facts::{platform_var, Contract, VarKind};
use crate::source::Loc;

pub struct HerokuAddonVariable;

impl Rule for HerokuAddonVariable {
    fn id(&self) -> RuleId {
        RuleId::EG107
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let f = &c.facts;
        // Reads: code and commands, and references in config values (not declarations).
        let mut reads: Vec<(Loc, &str)> = f
            .env_reads
            .iter()
            .map(|r| (r.at, r.name.as_str()))
            .collect();
        reads.extend(
            f.env_mentions
                .iter()
                .filter(|m| !m.key)
                .map(|m| (m.at, m.name.as_str())),
        );
        reads.sort_by_key(|(at, _)| (at.file, at.span.start));
        reads.dedup_by(|b, a| a.0 == b.0);
        reads
            .into_iter()
            .filter(|(at, _)| !c.in_test_or_example(*at))
            .filter_map(|(at, name)| {
                let v = platform_var(name).filter(|v| v.kind == VarKind::AddOn)?;
                Some(
                    Finding::new(
                        RuleId::EG107,
                        at,
                        format!("reads `{name}`, which only {} sets", v.injected_by),
                    )
                    .label("set by a Heroku add-on, not by the service itself")
                    .help(help(name)),
                )
            })
            .collect()
    }
}

fn help(name: &str) -> String {
    match name {
        "KAFKA_PREFIX" => "topic and consumer group names must not depend on a Heroku prefix: \
                           name them in config you own (`KAFKA_TOPIC_PREFIX`, empty on a dedicated \
                           broker) and rename the topics on the new broker to match"
            .to_string(),
        n if n.starts_with("KAFKA_") => "the new broker authenticates its own way (SASL, or \
                                          certificates it issues): set its credentials under \
                                          names you own and configure the client from them"
            .to_string(),
        "DATABASE_CONNECTION_POOL_URL" => "point the app at the new platform's pooler (or at \
                                           `DATABASE_URL` with a client-side pool) under a name \
                                           you set yourself"
            .to_string(),
        _ => "name the instance for what it holds (`CACHE_REDIS_URL`, `QUEUE_REDIS_URL`) and set \
              that on the new platform"
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn kafka_pool_and_redis_colours() {
        let cases = [
            ("src/kafka.js", "const prefix = process.env.KAFKA_PREFIX || '';\nconst ca = process.env.KAFKA_TRUSTED_CERT;\n", 2),
            ("app/kafka.py", "cert = os.environ['KAFKA_CLIENT_CERT']\nkey = os.environ['KAFKA_CLIENT_CERT_KEY']\n", 2),
            ("config/database.yml", "production:\n  url: <%= ENV['DATABASE_CONNECTION_POOL_URL'] %>\n", 1),
            ("app/cache.rb", "Redis.new(url: ENV['HEROKU_REDIS_MAROON_URL'])\n", 1),
        ];
        for (path, code, n) in cases {
            assert_fires_n(RuleId::EG107, &[(path, code)], n);
        }
    }

    #[test]
    fn generic_names_declarations_and_tests_are_silent() {
        assert_clean(
            RuleId::EG107,
            &[
                (
                    "src/kafka.js",
                    "const brokers = process.env.KAFKA_URL.split(',');\nprocess.env.KAFKA_TOPIC\n",
                ),
                (".env", "KAFKA_PREFIX=shipping-\n"),
                (
                    "app.json",
                    "{\"env\": {\"KAFKA_PREFIX\": {\"required\": true}}}\n",
                ),
                ("test/kafka.test.js", "process.env.KAFKA_PREFIX\n"),
                ("a.rb", "# ENV['KAFKA_PREFIX']\n"),
            ],
        );
    }
}
