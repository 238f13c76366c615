//! EG504 deprecated-runtime-file: `runtime.txt`, which Heroku's Python buildpack deprecated in
//! favour of `.python-version` (and its Cloud Native Buildpack ignores).

use super::{Finding, Fix, Rule, RuleId};
use crate::diagnostic::Applicability;
use crate::facts::{Contract, PinSource, Requirement};
use crate::role::Role;
use crate::source::Loc;

pub struct DeprecatedRuntimeFile;

impl Rule for DeprecatedRuntimeFile {
    fn id(&self) -> RuleId {
        RuleId::EG504
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for p in &c.facts.pins {
            if p.source != PinSource::RuntimeTxt || c.file(p.at.file).role == Role::Test {
                continue;
            }
            let dir = c.dir_of(p.at);
            let python_version = c
                .facts
                .pins
                .iter()
                .find(|o| o.source == PinSource::PythonVersion && c.dir_of(o.at) == dir);
            let f = Finding::new(
                RuleId::EG504,
                p.at,
                format!(
                    "runtime.txt is deprecated: Heroku's Python buildpack asks for .python-version, and its Cloud Native Buildpack ignores runtime.txt{}",
                    if python_version.is_some() { " (this app has both)" } else { "" }
                ),
            )
            .help("move the version to .python-version (`3.12` or `3.12.7`, without `python-`), which Heroku, Render and Railpack all read, and delete runtime.txt");
            // What Heroku runs today is runtime.txt's version (it wins over .python-version):
            // write it to .python-version and remove runtime.txt.
            let version = match &p.req {
                Requirement::Range(_) => Some(p.version.as_str()),
                _ => None,
            };
            let fix = match (version, python_version) {
                (None, _) => None,
                (Some(v), None) => Some(
                    Fix::new(
                        Applicability::Unsafe,
                        format!("write .python-version ({v}) and remove runtime.txt"),
                        Vec::new(),
                    )
                    .create(p.at.file, ".python-version", format!("{v}\n"))
                    .remove(p.at.file),
                ),
                // A .python-version that agrees: it takes runtime.txt's exact version.
                (Some(v), Some(pv)) if pv.req.intersect(&p.req).is_some() => {
                    let fix = match (&pv.slot, pv.version == v) {
                        (_, true) => Fix::new(
                            Applicability::Unsafe,
                            "remove runtime.txt (.python-version pins the same version)",
                            Vec::new(),
                        ),
                        (Some(slot), false) => Fix::replace(
                            Applicability::Unsafe,
                            format!("pin {v} in .python-version and remove runtime.txt"),
                            Loc {
                                file: pv.at.file,
                                span: slot.span,
                            },
                            slot.text(v),
                        ),
                        (None, false) => {
                            out.push(f);
                            continue;
                        }
                    };
                    Some(fix.remove(p.at.file))
                }
                // They disagree (EG503): which one is right is the team's call.
                (Some(_), Some(_)) => None,
            };
            out.push(f.fix_if(fix));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;
    use std::path::PathBuf;

    /// The files after every fix of the rule (None: removed).
    fn fixed(files: &[(&str, &str)]) -> Vec<(PathBuf, Option<String>)> {
        let (contract, found) = {
            let mut set = crate::rules::RuleSet::empty();
            set.insert(RuleId::EG504);
            crate::engine::lint_memory(files, &set)
        };
        crate::fix::apply_in_memory(&contract, found.iter().filter_map(|f| f.fix.as_ref()))
            .into_iter()
            .collect()
    }

    #[test]
    fn runtime_txt_moves_to_python_version() {
        assert_fires(RuleId::EG504, &[("runtime.txt", "python-3.12.4\n")], 1);
        assert_eq!(
            fixed(&[("app/runtime.txt", "python-3.12.4\n")]),
            [
                (
                    PathBuf::from("app/.python-version"),
                    Some("3.12.4\n".into())
                ),
                (PathBuf::from("app/runtime.txt"), None),
            ]
        );
        // An agreeing .python-version takes the exact version.
        assert_eq!(
            fixed(&[
                ("runtime.txt", "python-3.12.4\n"),
                (".python-version", "3.12\n")
            ]),
            [
                (PathBuf::from(".python-version"), Some("3.12.4\n".into())),
                (PathBuf::from("runtime.txt"), None),
            ]
        );
        // A disagreeing one: no fix.
        assert!(fixed(&[
            ("runtime.txt", "python-3.11.7\n"),
            (".python-version", "3.12\n")
        ])
        .is_empty());
    }

    #[test]
    fn test_fixtures_and_other_files_are_silent() {
        assert_clean(
            RuleId::EG504,
            &[("tests/fixtures/app/runtime.txt", "python-3.12.4\n")],
        );
        assert_clean(RuleId::EG504, &[(".python-version", "3.12\n")]);
        assert_clean(
            RuleId::EG504,
            &[("docs/runtime.md", "runtime.txt holds python-3.12.4\n")],
        );
    }
}
