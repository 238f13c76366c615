//! EG301 heroku-ext-reference: a reference to the `heroku_ext` schema, which exists only on
//! Heroku Postgres databases from 2022-23.

use super::{Finding, Fix, Rule, RuleId};
use crate::diagnostic::Applicability;
use crate::facts::{Contract, ExtContext, ExtOrigin};
use crate::source::{Loc, Span};

pub struct HerokuExtReference;

impl Rule for HerokuExtReference {
    fn id(&self) -> RuleId {
        RuleId::EG301
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for r in &c.facts.extension_refs {
            let applicability = match r.origin {
                ExtOrigin::Migration => Applicability::Unsafe,
                ExtOrigin::Sql | ExtOrigin::RailsSchema | ExtOrigin::Contract => {
                    Applicability::Safe
                }
            };
            let (message, fix) = match r.context {
                ExtContext::WithSchema => (
                    "extension created in schema `heroku_ext`, which only exists on Heroku",
                    Some(Fix::replace(applicability, "create it in `public`", r.at, "public")),
                ),
                ExtContext::Qualifier if r.origin == ExtOrigin::RailsSchema => (
                    "`heroku_ext.` qualifier: loading this schema fails where `heroku_ext` does not exist",
                    Some(Fix::replace(
                        applicability,
                        "drop the `heroku_ext.` qualifier",
                        Loc { file: r.at.file, span: Span::new(r.at.span.start, r.at.span.end + 1) },
                        "",
                    )),
                ),
                ExtContext::Qualifier => (
                    "object qualified with `heroku_ext`, which only exists on Heroku",
                    Some(Fix::replace(applicability, "qualify it with `public`", r.at, "public")),
                ),
                ExtContext::CreateSchema => ("creates the `heroku_ext` schema, a Heroku-only artefact", None),
                ExtContext::Other => ("references the `heroku_ext` schema, which only exists on Heroku", None),
            };
            let f = Finding::new(RuleId::EG301, r.at, message)
                .label("Heroku-only schema")
                .help(
                    "restore with `pg_restore --no-owner --no-acl` and move extensions with \
                     `ALTER EXTENSION <name> SET SCHEMA public`; see `egress explain EG301`",
                );
            out.push(f.fix_if(fix));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn dump_statements() {
        let sql = "CREATE SCHEMA heroku_ext;\nCREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA heroku_ext;\n\
                   CREATE TABLE u (email heroku_ext.citext);\n-- Schema: heroku_ext\n/* heroku_ext */\n";
        assert_fires_n(RuleId::EG301, &[("db/structure.sql", sql)], 3);
        assert_fix(
            RuleId::EG301,
            "db/structure.sql",
            "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA heroku_ext;\n",
            "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\n",
        );
    }

    #[test]
    fn rails_schema_qualifier_is_dropped() {
        assert_fix(
            RuleId::EG301,
            "db/schema.rb",
            "ActiveRecord::Schema[8.0].define do\n  enable_extension \"heroku_ext.pgcrypto\"\nend\n",
            "ActiveRecord::Schema[8.0].define do\n  enable_extension \"pgcrypto\"\nend\n",
        );
    }

    #[test]
    fn only_sql_schema_and_migrations() {
        assert_clean(
            RuleId::EG301,
            &[("lib/tasks/db.rake", "puts 'heroku_ext cleanup'\n")],
        );
        assert_fires_n(
            RuleId::EG301,
            &[(
                "db/migrate/1_ext.rb",
                "execute 'CREATE EXTENSION x WITH SCHEMA heroku_ext'\n",
            )],
            1,
        );
    }
}
