//! EG009 suppression-without-reason: an `egress-ignore` directive with no ` -- reason`.

use super::{Finding, Rule, RuleId};
use crate::facts::Contract;

pub struct SuppressionWithoutReason;

impl Rule for SuppressionWithoutReason {
    fn id(&self) -> RuleId {
        RuleId::EG009
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .suppressions
            .iter()
            .filter(|s| s.reason.is_none())
            .map(|s| {
                Finding::new(RuleId::EG009, s.at, "suppression gives no reason")
                    .label("why does this not apply here?")
                    .help("add ` -- ` and the reason after the rules, e.g. `egress-ignore: EG201 -- read only on Heroku review apps`")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn fires_without_reason_only() {
        assert_fires(
            RuleId::EG009,
            &[("a.py", "x = 1  # egress-ignore: EG201\n")],
            1,
        );
        assert_fires(
            RuleId::EG009,
            &[("a.py", "# egress-ignore: EG201 --\nx = 1\n")],
            1,
        );
        assert_clean(
            RuleId::EG009,
            &[("a.py", "x = 1  # egress-ignore: EG201 -- why\n")],
        );
    }
}
