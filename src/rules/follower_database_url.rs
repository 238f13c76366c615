//! EG104 follower-database-url: code, config, env files, app.json or CI read or name
//! `HEROKU_POSTGRESQL_<COLOR>_URL`, the attachment name of a follower (or a second database)
//! that only Heroku gives.

use super::{Finding, Rule, RuleId};
use crate::facts::{platform_var, Contract, Origin, VarKind};
use crate::source::Loc;

pub struct FollowerDatabaseUrl;

impl Rule for FollowerDatabaseUrl {
    fn id(&self) -> RuleId {
        RuleId::EG104
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let f = &c.facts;
        let mut seen: Vec<(Loc, &str, &str)> = Vec::new();
        seen.extend(f.env_reads.iter().map(|r| (r.at, r.name.as_str(), "reads")));
        // migration-contract.json records the Heroku app as it was: not config to change.
        seen.extend(
            f.env_decls
                .iter()
                .filter(|d| d.origin != Origin::MigrationContract)
                .map(|d| (d.at, d.name.as_str(), "declares")),
        );
        seen.extend(f.env_mentions.iter().map(|m| {
            (
                m.at,
                m.name.as_str(),
                if m.key { "declares" } else { "names" },
            )
        }));
        seen.retain(|(at, name, _)| {
            platform_var(name).is_some_and(|v| v.kind == VarKind::FollowerUrl)
                && !c.in_test_or_example(*at)
        });
        // One finding per place: a compose `- NAME=value` entry is a declaration and a value.
        seen.sort_by_key(|(at, _, _)| (at.file, at.span.start));
        seen.dedup_by(|b, a| a.0.file == b.0.file && a.0.span.contains(b.0.span));
        seen.into_iter()
            .map(|(at, name, verb)| {
                Finding::new(
                    RuleId::EG104,
                    at,
                    format!("{verb} `{name}`, a follower attachment whose colour only this Heroku app has"),
                )
                .label("no other platform sets it")
                .help(
                    "give the replica a name of your own (`DATABASE_REPLICA_URL`), set it on the new \
                     platform to the replica's URL, and fall back to `DATABASE_URL` where there is none",
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn reads_declarations_and_references() {
        let cases = [
            ("app/db.rb", "ENV['HEROKU_POSTGRESQL_CHARCOAL_URL']\n", 1),
            ("db.py", "os.environ.get('HEROKU_POSTGRESQL_RED_URL')\n", 1),
            ("config/database.yml", "replica:\n  url: <%= ENV['HEROKU_POSTGRESQL_RED_URL'] %>\n", 2),
            (".env", "HEROKU_POSTGRESQL_RED_URL=postgres://u@h/db\n", 1),
            (
                "app.json",
                "{\"env\": {\"HEROKU_POSTGRESQL_BLUE_URL\": {\"required\": true}}}\n",
                1,
            ),
            (
                ".github/workflows/ci.yml",
                "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      REPLICA_URL: ${{ secrets.HEROKU_POSTGRESQL_RED_URL }}\n    steps:\n      - run: make test\n",
                6,
            ),
        ];
        for (path, code, line) in cases {
            assert_fires(RuleId::EG104, &[(path, code)], line);
        }
    }

    #[test]
    fn prose_comments_placeholders_and_tests_are_silent() {
        assert_clean(
            RuleId::EG104,
            &[
                ("README.md", "Set `HEROKU_POSTGRESQL_RED_URL`.\n"),
                (
                    "app/db.rb",
                    "# ENV['HEROKU_POSTGRESQL_RED_URL']\nENV['HEROKU_POSTGRESQL_URL']\n",
                ),
                (".env.example", "HEROKU_POSTGRESQL_RED_URL=\n"),
                ("spec/db_spec.rb", "ENV['HEROKU_POSTGRESQL_RED_URL']\n"),
                (
                    "config/x.yml",
                    "note: move HEROKU_POSTGRESQL_RED_URL to DATABASE_REPLICA_URL\n",
                ),
                (
                    "migration-contract.json",
                    "{\"envVars\": [\"HEROKU_POSTGRESQL_RED_URL\"], \"addons\": [{\"attachments\": [\"HEROKU_POSTGRESQL_RED_URL\"]}]}\n",
                ),
            ],
        );
    }
}
