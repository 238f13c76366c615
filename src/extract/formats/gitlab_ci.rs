//! GitLab CI (`.gitlab-ci.yml`): `variables:` (global and per job; a value or
//! `{value, description}`) and every `script`, `before_script` and `after_script` line of every
//! job (hidden `.templates` included) and of `default:`, as shell. Scheduled pipelines live in
//! GitLab's settings, not in the file.

use super::super::parsed::Parsed;
use super::super::{shell, Cx};
use super::{declare_env, Declared};
use crate::facts::{CommandPhase, Origin};
use crate::parse::{yaml, Tree};

/// Top-level keys that are not jobs.
const GLOBAL: &[&str] = &[
    "stages",
    "variables",
    "include",
    "workflow",
    "image",
    "services",
    "cache",
    "spec",
];

const SCRIPTS: &[&str] = &["before_script", "script", "after_script"];

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Yaml(docs) = parsed else { return };
    // A CI/CD component's `spec:` header is a document of its own, before the jobs.
    for root in docs {
        variables(cx, root.get("variables"));
        for (key, value) in root.entries() {
            let Some(k) = key.as_str() else { continue };
            if GLOBAL.contains(&k) {
                continue;
            }
            if SCRIPTS.contains(&k) {
                // Top-level (deprecated) before_script / after_script.
                scripts(cx, value);
                continue;
            }
            // A job, a hidden job (`.deploy`) or `default:`.
            if value.entries().is_empty() {
                continue;
            }
            variables(cx, value.get("variables"));
            for s in SCRIPTS {
                if let Some(lines) = value.get(s) {
                    scripts(cx, lines);
                }
            }
        }
    }
}

/// A script: one line, or a list of lines (nested lists, from anchors, flattened).
fn scripts(cx: &mut Cx, node: &yaml::Node) {
    if node.as_str().is_some() {
        shell::from_yaml(cx, node, CommandPhase::Ci, Origin::GitlabCi);
        return;
    }
    for item in node.items() {
        scripts(cx, item);
    }
}

fn variables(cx: &mut Cx, node: Option<&yaml::Node>) {
    for (key, value) in node.map_or(&[][..], |v| v.entries()) {
        let Some(name) = key.as_str() else { continue };
        let v = value.get("value").unwrap_or(value);
        let Some(text) = v.as_value_str() else {
            continue;
        };
        declare_env(
            cx,
            key.span,
            name,
            Declared::Literal(text, v.span),
            Origin::GitlabCi,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{env_decls, facts};
    use crate::facts::EnvValue;

    #[test]
    fn variables_and_script_lines_of_every_job() {
        let text = r#"stages: [test, deploy]
variables:
  RAILS_ENV: test
  DEPLOY_REGION:
    value: "eu"
    description: where to deploy
default:
  before_script:
    - bundle install
.heroku: &heroku
  script:
    - dpl --provider=heroku --app=$HEROKU_APP
test:
  script: bundle exec rspec
deploy:
  stage: deploy
  variables:
    HEROKU_APP: harbor-notes
  script:
    - *heroku
    - |
      heroku run rails db:migrate --app $HEROKU_APP
"#;
        let f = facts(".gitlab-ci.yml", text);
        assert_eq!(
            env_decls(&f),
            [
                ("RAILS_ENV", EnvValue::Literal("test".into())),
                ("DEPLOY_REGION", EnvValue::Literal("eu".into())),
                ("HEROKU_APP", EnvValue::Literal("harbor-notes".into())),
            ]
        );
        let lines: Vec<_> = f.shell_commands.iter().map(|s| s.text.trim_end()).collect();
        assert_eq!(
            lines,
            [
                "bundle install",
                "dpl --provider=heroku --app=$HEROKU_APP",
                "bundle exec rspec",
                "heroku run rails db:migrate --app $HEROKU_APP"
            ]
        );
    }
}
