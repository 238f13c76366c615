//! `egress test-rules`: every example of every rule in scope, the project's own included,
//! through the engine.

use std::path::Path;

use crate::rules::{select, CATALOG};

use super::{settings, TestRulesArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

pub fn run(args: &TestRulesArgs) -> i32 {
    if let Err(e) = settings::install_for(&args.path, args.config.as_deref()) {
        super::say_errors(&e);
        return EXIT_ERROR;
    }
    let mut wanted = Vec::new();
    for r in &args.rule {
        match select::matching(r) {
            Ok(ids) => wanted.extend(ids),
            Err(e) => {
                say!("egress: error: --rule: {e}");
                return EXIT_ERROR;
            }
        }
    }
    // `examples_tested_in` names a test of egress's own source tree.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut rules, mut examples, mut failed_rules) = (0, 0, 0);
    let mut failures = Vec::new();
    for m in CATALOG
        .iter()
        .filter(|m| !m.live && (wanted.is_empty() || wanted.contains(&m.id)))
    {
        let n = example_count(m.source);
        if n == 0 {
            continue;
        }
        rules += 1;
        examples += n;
        let f = crate::examples::run(m, root);
        if !f.is_empty() {
            failed_rules += 1;
        }
        failures.extend(f);
    }
    let mut out = String::new();
    for f in &failures {
        out.push_str(&crate::printable::message(&f.to_string()));
        out.push('\n');
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let failed_examples = {
        let mut seen: Vec<(&str, &str, usize)> =
            failures.iter().map(|f| (f.rule, f.kind, f.index)).collect();
        seen.dedup();
        seen.len()
    };
    if failures.is_empty() {
        out.push_str(&format!(
            "{}, {}: all pass\n",
            plural(rules, "rule", "rules"),
            plural(examples, "example", "examples")
        ));
    } else {
        out.push_str(&format!(
            "{failed_examples} of {} failed, in {}\n",
            plural(examples, "example", "examples"),
            plural(failed_rules, "rule", "rules")
        ));
    }
    if (!args.quiet || !failures.is_empty()) && !super::write_stdout(&out) {
        return EXIT_ERROR;
    }
    if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

fn example_count(source: &str) -> usize {
    use crate::parse::{yaml, Tree};
    yaml::parse(source)
        .ok()
        .and_then(|d| d.into_iter().next())
        .map(|doc| {
            ["bad", "good"]
                .iter()
                .map(|k| doc.path(&["examples", k]).map_or(0, |l| l.items().len()))
                .sum()
        })
        .unwrap_or(0)
}
