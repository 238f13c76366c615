//! EG001 unparsable-file: a file of a known kind that does not parse.

use super::{Finding, Rule, RuleId};
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
                Finding::new(RuleId::EG001, e.at, e.message.clone())
                    .label("here")
                    .help("egress skipped the facts in this file; fix the syntax so the other rules can see it")
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

    use super::RuleId;
}
