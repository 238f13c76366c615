//! EG008 unused-suppression, and the suppression filter itself: drop the findings that an
//! `egress-ignore` directive names, then report the directives (and names in them) that silenced
//! nothing. It needs every other rule's findings, so the engine runs it last (`apply`).

use std::collections::HashMap;

use super::{select, Finding, Rule, RuleId, RuleSet};
use crate::facts::{Contract, SuppressionScope};
use crate::source::FileId;

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn id(&self) -> RuleId {
        RuleId::EG008
    }

    /// Nothing on its own: see `apply`.
    fn check(&self, _: &Contract) -> Vec<Finding> {
        Vec::new()
    }
}

/// Rules whose findings no directive can silence.
pub fn is_suppressible(rule: RuleId) -> bool {
    !matches!(rule, RuleId::EG008 | RuleId::EG009)
}

/// The one rule a directive name means: an exact id, name or alias (no prefixes, no `ALL`).
pub fn resolve(name: &str) -> Result<RuleId, String> {
    let lower = name.to_ascii_lowercase();
    match select::matching(name) {
        Ok(ids)
            if ids.len() == 1
                && (ids[0].code().eq_ignore_ascii_case(name)
                    || ids[0].meta().name == lower
                    || ids[0].meta().aliases.contains(&lower.as_str())) =>
        {
            let id = ids[0];
            if id.meta().live {
                Err(format!(
                    "`{name}` is a live check of `egress verify`; inline suppressions apply to `egress check` rules"
                ))
            } else if !is_suppressible(id) {
                Err(format!("`{name}` cannot be suppressed"))
            } else {
                Ok(id)
            }
        }
        Ok(_) => Err(format!(
            "`{name}` names a group of rules; a suppression names exact rule ids or names"
        )),
        Err(e) => Err(match e.suggestion {
            Some(s) => format!("unknown rule `{name}` in suppression (did you mean `{s}`?)"),
            None => format!("unknown rule `{name}` in suppression"),
        }),
    }
}

/// Drop the findings a directive covers; add EG008 findings for directives that are malformed,
/// name unknown rules, or silenced nothing of a rule that ran.
/// `locked` rules (config `non-suppressible`) ignore directives, like EG008 and EG009 do.
pub fn apply(
    c: &Contract,
    findings: Vec<Finding>,
    selected: &RuleSet,
    locked: &[RuleId],
) -> Vec<Finding> {
    let sups = &c.facts.suppressions;
    if sups.is_empty() {
        return findings;
    }
    let report = selected.contains(RuleId::EG008);
    let mut out = Vec::with_capacity(findings.len());
    // (file, rule) → (suppression, rule index) of every directive entry that resolved.
    let mut index: HashMap<(FileId, RuleId), Vec<(usize, usize)>> = HashMap::new();
    let mut used: Vec<Vec<bool>> = Vec::with_capacity(sups.len());
    for (i, s) in sups.iter().enumerate() {
        used.push(vec![false; s.rules.len()]);
        if report {
            if let Some(p) = &s.problem {
                out.push(Finding::new(RuleId::EG008, s.at, p.clone()).label("malformed directive"));
            }
        }
        for (j, r) in s.rules.iter().enumerate() {
            match resolve(&r.name) {
                Ok(id) => index.entry((s.at.file, id)).or_default().push((i, j)),
                Err(msg) => {
                    used[i][j] = true;
                    if report {
                        let at = crate::source::Loc {
                            file: s.at.file,
                            span: r.span,
                        };
                        out.push(
                            Finding::new(RuleId::EG008, at, msg)
                                .label("this silences nothing")
                                .help("name rules by exact id (`EG201`) or name (`dyno-env-read`); `egress rules` lists them"),
                        );
                    }
                }
            }
        }
    }
    for f in findings {
        let covering = (is_suppressible(f.rule) && !locked.contains(&f.rule))
            .then(|| index.get(&(f.at.file, f.rule)))
            .flatten();
        let Some(entries) = covering else {
            out.push(f);
            continue;
        };
        let line = c.file(f.at.file).line_col(f.at.span.start).0;
        let mut hit = false;
        for &(i, j) in entries {
            if matches!(sups[i].scope, SuppressionScope::File)
                || sups[i].scope == SuppressionScope::Line(line)
            {
                used[i][j] = true;
                hit = true;
            }
        }
        if !hit {
            out.push(f);
        }
    }
    if report {
        for (i, s) in sups.iter().enumerate() {
            for (j, r) in s.rules.iter().enumerate() {
                let ran = resolve(&r.name).is_ok_and(|id| selected.contains(id));
                if used[i][j] || !ran {
                    continue;
                }
                let what = match s.scope {
                    SuppressionScope::File => "in this file",
                    SuppressionScope::Line(_) => "on the line it covers",
                };
                out.push(
                    Finding::new(
                        RuleId::EG008,
                        s.at,
                        format!("suppression of `{}` matches no finding {what}", r.name),
                    )
                    .label("unused suppression")
                    .help("delete the directive, or the rule's name from it, so it cannot hide a future finding"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::lint_memory;

    fn run(files: &[(&str, &str)], rules: &[RuleId]) -> Vec<(RuleId, usize, String)> {
        let mut set = RuleSet::empty();
        rules.iter().for_each(|r| set.insert(*r));
        let (c, found) = lint_memory(files, &set);
        found
            .into_iter()
            .map(|f| {
                (
                    f.rule,
                    c.file(f.at.file).line_col(f.at.span.start).0,
                    f.message,
                )
            })
            .collect()
    }

    #[test]
    fn resolves_exact_ids_and_names_only() {
        assert_eq!(resolve("EG201"), Ok(RuleId::EG201));
        assert_eq!(resolve("eg201"), Ok(RuleId::EG201));
        assert_eq!(resolve("dyno-env-read"), Ok(RuleId::EG201));
        assert!(resolve("EG2").is_err());
        assert!(resolve("ALL").is_err());
        assert!(resolve("EG008").is_err());
        assert!(resolve("EG911").is_err());
        assert!(resolve("dyno-env-reed")
            .unwrap_err()
            .contains("dyno-env-read"));
    }

    #[test]
    fn silences_its_rule_on_its_line_only() {
        let rb = "a = ENV['DYNO'] # egress-ignore: EG201 -- x\nb = ENV['DYNO']\n";
        let got = run(&[("a.rb", rb)], &[RuleId::EG201, RuleId::EG008]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (RuleId::EG201, 2));
    }

    #[test]
    fn unused_only_for_rules_that_ran() {
        let rb = "# egress-ignore: EG201 -- x\nputs 1\n";
        assert_eq!(run(&[("a.rb", rb)], &[RuleId::EG008]), vec![]);
        let got = run(&[("a.rb", rb)], &[RuleId::EG201, RuleId::EG008]);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1), (RuleId::EG008, 1));
    }
}
