//! EG001 unparsable-file: a file of a known kind that does not parse.

use super::{Finding, Rule, RuleId};
use crate::diagnostic::Severity;
use crate::facts::Contract;

pub struct UnparsableFile;

impl Rule for UnparsableFile {
    fn id(&self) -> RuleId {
        RuleId::EG001
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .parse_errors
            .iter()
            .map(|e| {
                let f = Finding::new(RuleId::EG001, e.at, e.message.clone()).label("here");
                if e.accepted {
                    // Heroku runs such a file without complaint: a note, never a fault.
                    f.severity(Severity::Info).help(
                        "the platform ignores lines that are not `name: command`; add one per process type, or remove the file",
                    )
                } else {
                    f.help("egress skipped the facts in this file; fix the syntax so the other rules can see it")
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_utils::*;

    #[test]
    fn broken_yaml_json_toml() {
        assert_fires(
            RuleId::EG001,
            &[("docker-compose.yml", "a: 1\nb: [1, 2\nc: 3\n")],
            3,
        );
        // A data file egress does not need is a note in the summary, not a finding.
        assert_clean(
            RuleId::EG001,
            &[("config/app.yml", "a: 1\nb: [1, 2\nc: 3\n")],
        );
        assert_fires(
            RuleId::EG001,
            &[("package.json", "{\n  \"name\": \"x\",\n}\n")],
            3,
        );
        assert_fires(
            RuleId::EG001,
            &[("fly.toml", "app = \"x\"\nbad = = 1\n")],
            2,
        );
    }

    #[test]
    fn a_procfile_heroku_accepts_is_a_note() {
        for text in ["# web moved to Render\nweb bundle exec puma\n", "\n"] {
            let f = findings(RuleId::EG001, &[("Procfile", text)]);
            assert_eq!(f.len(), 1, "{f:?}");
            assert_eq!(f[0].severity, Some(Severity::Info));
        }
        let f = findings(
            RuleId::EG001,
            &[("app.json", "{\n  \"name\": \"x\",,\n}\n")],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].severity, None,
            "a real syntax error keeps the rule's severity"
        );
    }

    #[test]
    fn templated_yaml_and_jsonc_are_not_broken() {
        assert_clean(
            RuleId::EG001,
            &[(
                "chart/templates/job.yaml",
                "{{- if .Values.cron }}\nkind: CronJob\n{{- end }}\n",
            )],
        );
        assert_clean(
            RuleId::EG001,
            &[(
                "tsconfig.json",
                "{\n  // comment\n  \"compilerOptions\": {},\n}\n",
            )],
        );
    }

    use super::{RuleId, Severity};
}
