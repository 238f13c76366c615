//! EG304 heroku-connect-schema: Heroku Connect's schema, sync columns or trigger log in a
//! dump, schema, migration or code.

use super::{Finding, Rule, RuleId};
use crate::facts::{ConnectArtefact, Contract, HerokuConnectRef};

pub struct HerokuConnectSchema;

/// What a file shows, in a few words: `schema salesforce (account, contact, +3 more), _hc_lastop`.
fn summary(refs: &[&HerokuConnectRef]) -> String {
    let mut objects: Vec<&str> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    let mut schema = false;
    for r in refs {
        match &r.artefact {
            ConnectArtefact::Schema => schema = true,
            ConnectArtefact::Object(o) => {
                schema = true;
                if !objects.contains(&o.as_str()) {
                    objects.push(o);
                }
            }
            ConnectArtefact::SyncColumn(c) => {
                let c = format!("`{c}`");
                if !parts.contains(&c) {
                    parts.push(c);
                }
            }
            ConnectArtefact::TriggerLog => {
                let t = "`_trigger_log`".to_string();
                if !parts.contains(&t) {
                    parts.push(t);
                }
            }
        }
    }
    if schema {
        let list = match objects.len() {
            0 => String::new(),
            n if n <= 3 => format!(" ({})", objects.join(", ")),
            n => format!(" ({}, +{} more)", objects[..3].join(", "), n - 3),
        };
        parts.insert(0, format!("schema `salesforce`{list}"));
    }
    parts.join(", ")
}

impl Rule for HerokuConnectSchema {
    fn id(&self) -> RuleId {
        RuleId::EG304
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut by_file: std::collections::BTreeMap<_, Vec<&HerokuConnectRef>> = Default::default();
        for r in &c.facts.heroku_connect_refs {
            by_file.entry(r.at.file).or_default().push(r);
        }
        let mut out = Vec::new();
        // One finding per file, at its first artefact (a dump holds hundreds).
        for (_, mut of_file) in by_file {
            of_file.sort_by_key(|r| r.at.span.start);
            if c.in_test_code(of_file[0].at) {
                continue;
            }
            out.push(
                Finding::new(
                    RuleId::EG304,
                    of_file[0].at,
                    format!("Heroku Connect artefacts: {}", summary(&of_file)),
                )
                .label("synced by Heroku Connect")
                .help(
                    "Heroku Connect's sync engine does not move with the database: plan the Salesforce sync \
                     on the target (or drop the `salesforce` schema and its triggers) before the cutover",
                ),
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
    fn one_finding_per_file_summing_up_what_it_holds() {
        let sql = "CREATE SCHEMA salesforce;\nCREATE TABLE salesforce.account (_hc_lastop character varying(32), _hc_err text);\n\
                   CREATE TABLE salesforce.contact (id integer);\nCREATE TABLE salesforce.opportunity (id integer);\n\
                   CREATE TABLE salesforce.lead (id integer);\nCREATE TABLE salesforce._trigger_log (id integer);\n";
        let f = findings(RuleId::EG304, &[("db/structure.sql", sql)]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "Heroku Connect artefacts: schema `salesforce` (account, contact, opportunity, +1 more), `_hc_lastop`, `_hc_err`, `_trigger_log`"
        );
        assert_fires(
            RuleId::EG304,
            &[("app/models/contact.rb", "class Contact < ApplicationRecord\n  self.table_name = 'salesforce.contact'\nend\n")],
            2,
        );
        assert_clean(
            RuleId::EG304,
            &[("spec/fixtures/connect.sql", "CREATE SCHEMA salesforce;\n")],
        );
    }
}
