//! `egress rules` and `egress explain`.

use crate::rules::{select, CATALOG};

use super::{EXIT_ERROR, EXIT_OK};

pub fn list() -> i32 {
    let name_w = CATALOG
        .iter()
        .map(|m| m.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let id_w = CATALOG
        .iter()
        .map(|m| m.code.len())
        .max()
        .unwrap_or(6)
        .max(6);
    // Where each rule comes from: egress, or the project's rule file.
    let from = |m: &crate::rules::RuleMeta| {
        if m.id.index() < crate::rules::BUILTIN.len() {
            "built-in".to_string()
        } else {
            m.file.to_string()
        }
    };
    let from_w = CATALOG.iter().map(|m| from(m).len()).max().unwrap_or(8);
    let mut out = format!(
        "{:<id_w$} {:<name_w$} {:<8} {:<4} {:<from_w$} {}\n",
        "ID", "NAME", "SEVERITY", "FIX", "FROM", "SUMMARY"
    );
    for m in CATALOG.iter() {
        let fix = match m.fix {
            crate::diagnostic::FixKind::None => "",
            crate::diagnostic::FixKind::Safe => "safe",
            crate::diagnostic::FixKind::Unsafe => "unsf",
            crate::diagnostic::FixKind::Sometimes => "some",
        };
        out.push_str(&format!(
            "{:<id_w$} {:<name_w$} {:<8} {:<4} {:<from_w$} {}\n",
            m.code,
            m.name,
            m.severity.as_str(),
            fix,
            from(m),
            m.summary
        ));
    }
    print!("{out}");
    EXIT_OK
}

pub fn explain(rule: &str) -> i32 {
    match select::matching(rule) {
        Ok(ids) if ids.len() == 1 => {
            print!("{}", ids[0].meta().source);
            EXIT_OK
        }
        Ok(ids) => {
            say!(
                "egress: `{rule}` names {} rules ({}); give one id or name",
                ids.len(),
                ids.iter().map(|i| i.code()).collect::<Vec<_>>().join(", ")
            );
            EXIT_ERROR
        }
        Err(e) => {
            say!("egress: {e}");
            EXIT_ERROR
        }
    }
}
