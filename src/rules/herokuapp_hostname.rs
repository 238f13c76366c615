//! EG601 herokuapp-hostname: a literal `*.herokuapp.com` host in code or config (CORS origins,
//! allowed hosts, OAuth callbacks, API base URLs, webhook URLs), which stops answering for the
//! app once it leaves Heroku.

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, HostRefKind};

pub struct HerokuappHostname;

impl Rule for HerokuappHostname {
    fn id(&self) -> RuleId {
        RuleId::EG601
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .host_refs
            .iter()
            .filter(|h| h.kind == HostRefKind::HerokuApp && !c.in_test_or_example(h.at))
            .map(|h| {
                let (message, help) = if h.host.starts_with('*') {
                    (
                        "matches any `*.herokuapp.com` host".to_string(),
                        "list the new platform's host names (or your own domain) instead",
                    )
                } else {
                    (
                        format!("names `{}`, the app's Heroku host name", h.host),
                        "use your own domain, or read the host from the environment (`APP_HOST`), \
                         and update the callback or webhook at the provider that calls it",
                    )
                };
                Finding::new(RuleId::EG601, h.at, message)
                    .label("points at Heroku after the move")
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
    fn hosts_in_code_config_and_ci() {
        let cases = [
            ("config/settings.py", "ALLOWED_HOSTS = ['.herokuapp.com', 'example.com']\n", 1),
            ("src/cors.ts", "app.use(cors({ origin: [/\\.herokuapp\\.com$/] }));\n", 1),
            ("config/initializers/omniauth.rb", "CALLBACK = 'https://receipts.herokuapp.com/auth/callback'\n", 1),
            (
                ".github/workflows/smoke.yml",
                "on: push\njobs:\n  smoke:\n    runs-on: ubuntu-latest\n    env:\n      BASE_URL: https://receipts-staging.herokuapp.com\n    steps:\n      - run: ./bin/smoke\n",
                6,
            ),
        ];
        for (path, code, line) in cases {
            assert_fires(RuleId::EG601, &[(path, code)], line);
        }
    }

    #[test]
    fn docs_comments_fixtures_and_lookalikes_are_silent() {
        assert_clean(
            RuleId::EG601,
            &[
                ("README.md", "Staging: https://receipts.herokuapp.com\n"),
                (
                    "app/x.rb",
                    "# was https://receipts.herokuapp.com\nHOST = ENV.fetch('APP_HOST')\n",
                ),
                (
                    "spec/fixtures/webhooks.yml",
                    "url: https://receipts.herokuapp.com/hook\n",
                ),
                (
                    "test/cors.test.js",
                    "expect(origin('https://a.herokuapp.com')).toBe(true);\n",
                ),
                (
                    "a.py",
                    "X = 'herokuapp.com.example.org'\nY = 'myherokuapp.company.com'\n",
                ),
            ],
        );
    }
}
