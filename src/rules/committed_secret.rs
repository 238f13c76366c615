//! EG702 committed-secret: a credential written literally in a committed file.

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, SecretKind};

pub struct CommittedSecret;

impl Rule for CommittedSecret {
    fn id(&self) -> RuleId {
        RuleId::EG702
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out: Vec<Finding> = Vec::new();
        for s in &c.facts.literal_secrets {
            let file = c.file(s.at.file);
            if c.in_test_code(s.at) || is_template(&file.path) {
                continue;
            }
            if out.iter().any(|f| f.at == s.at) {
                continue;
            }
            // Never the secret, nor any part of it: only what kind it is.
            let message = match (s.kind, &s.scheme) {
                (SecretKind::UrlPassword, Some(scheme)) => {
                    format!("a password for a remote `{scheme}` server is written into a URL")
                }
                (kind, _) => format!("{} is written into this file", kind.describe()),
            };
            out.push(
                Finding::new(RuleId::EG702, s.at, message)
                    .label("committed: everyone with the repository (and its history) has it")
                    .help(
                        "rotate it, then keep it only in the new platform's secret store (an \
                         environment variable set there) and read it from the environment; \
                         deleting the line does not take it out of the git history",
                    ),
            );
        }
        out
    }
}

/// Files that show a configuration's shape with placeholder values: `.env.example`,
/// `config/database.yml.sample`, `app.json.template`.
fn is_template(path: &std::path::Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.split(['.', '-', '_']).any(|w| {
        ["example", "sample", "template", "tmpl", "dist"]
            .iter()
            .any(|t| w.eq_ignore_ascii_case(t))
    })
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    fn live_key() -> String {
        format!("{}_live_{}", "sk", "51Qz8Hn2Wv5Lr9Tk3Pm6Bd")
    }

    #[test]
    fn messages_name_the_kind_never_the_value() {
        let key = live_key();
        let text = format!("STRIPE_SECRET_KEY={key}\n");
        let f = findings(RuleId::EG702, &[(".env", &text)]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "a Stripe live secret key is written into this file"
        );
        for part in [&key[..], &key[8..], &key[8..14]] {
            assert!(!f[0].message.contains(part));
            assert!(!f[0].help.as_deref().unwrap_or("").contains(part));
        }
    }

    #[test]
    fn templates_and_test_code_are_silent() {
        let key = live_key();
        let text = format!("STRIPE_SECRET_KEY={key}\n");
        for path in [
            ".env.example",
            ".env.sample",
            "spec/fixtures/stripe.env",
            "config/app.json.template",
        ] {
            assert_clean(RuleId::EG702, &[(path, &text)]);
        }
        assert_fires(RuleId::EG702, &[(".env.production", &text)], 1);
    }
}
