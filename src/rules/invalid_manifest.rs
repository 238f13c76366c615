//! EG701 invalid-manifest: a key, type or value of the migration manifest or contract that
//! egress cannot use (the errors `verify` refuses the manifest for).

use super::{Finding, Rule, RuleId};
use crate::facts::Contract;
use crate::source::SourceKind;

pub struct InvalidManifest;

impl Rule for InvalidManifest {
    fn id(&self) -> RuleId {
        RuleId::EG701
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .document_errors
            .iter()
            .map(|e| {
                let help = if c.file(e.at.file).kind == SourceKind::MigrationContract {
                    "the contract records what the app had on Heroku; `egress explain EG701` lists its keys"
                } else {
                    "`egress verify` refuses this manifest (exit 2) until it is fixed; the README's \
                     \"Manifest keys\" table lists every key"
                };
                Finding::new(RuleId::EG701, e.at, format!("{}: {}", e.key, e.message))
                    .label("not what egress can read")
                    .help(help)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn one_finding_per_problem_at_its_key() {
        let m = "source:\n  extensions: pgcrypto\nverification:\n  row_count_table: [users]\n  health: {retries: 1e20}\n";
        let f = findings(RuleId::EG701, &[("migration-manifest.yml", m)]);
        let msgs: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "source.extensions: must be a list of values, not a single value",
                "verification.row_count_table: unknown key `row_count_table` in `verification` (did you mean `row_count_tables`?)",
                "verification.health.retries: 1e20 is out of range (0 to 20 retries)",
            ]
        );
        // Broken YAML is EG001's, not a second finding here.
        assert_clean(RuleId::EG701, &[("migration-manifest.yml", "source: [\n")]);
    }

    #[test]
    fn secrets_in_refused_values_are_masked() {
        let m =
            "verification:\n  health_endpoint: postgres://app:hunter2hunter2@db.example.com/x\n";
        let f = findings(RuleId::EG701, &[("migration-manifest.yml", m)]);
        assert_eq!(f.len(), 1);
        assert!(!f[0].message.contains("hunter2hunter2"), "{}", f[0].message);
    }
}
