//! EG603 dns-ttl-too-high: the manifest's `cutover.dns_ttl_seconds` is above 300.

use super::{Finding, Rule, RuleId};
use crate::facts::Contract;

/// The highest TTL that does not warn, in seconds.
const MAX: i64 = 300;

pub struct DnsTtlTooHigh;

/// `3600 s (1 h)`.
fn duration(s: i64) -> String {
    match s {
        s if s % 86_400 == 0 => format!("{s} s ({} d)", s / 86_400),
        s if s % 3_600 == 0 => format!("{s} s ({} h)", s / 3_600),
        s if s % 60 == 0 => format!("{s} s ({} min)", s / 60),
        s => format!("{s} s"),
    }
}

impl Rule for DnsTtlTooHigh {
    fn id(&self) -> RuleId {
        RuleId::EG603
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .manifests
            .iter()
            .filter_map(|m| m.dns_ttl_seconds)
            .filter(|(ttl, _)| *ttl > MAX)
            .map(|(ttl, at)| {
                let d = duration(ttl);
                Finding::new(
                    RuleId::EG603,
                    at,
                    format!(
                        "DNS TTL of {d}: resolvers may keep sending clients to the old platform for that long after the switch"
                    ),
                )
                .label(format!("above {MAX} s"))
                .help(format!(
                    "lower the records' TTL to {MAX} s or less at the DNS provider at least {d} before the \
                     maintenance window, then write the new value here"
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn above_300_only() {
        for (ttl, fires) in [
            ("301", true),
            ("300", false),
            ("0", false),
            ("604800", true),
        ] {
            let m = format!("cutover:\n  dns_ttl_seconds: {ttl}\n");
            let n = findings(RuleId::EG603, &[("migration-manifest.yml", &m)]).len();
            assert_eq!(n, usize::from(fires), "{ttl}");
        }
        // Not a number: EG701's, not a guess here.
        assert_clean(
            RuleId::EG603,
            &[(
                "migration-manifest.yml",
                "cutover:\n  dns_ttl_seconds: 1h\n",
            )],
        );
        let f = findings(
            RuleId::EG603,
            &[(
                "migration-manifest.yml",
                "cutover:\n  dns_ttl_seconds: 3600\n",
            )],
        );
        assert!(f[0].message.contains("3600 s (1 h)"), "{}", f[0].message);
    }
}
