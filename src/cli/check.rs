//! `egress check`.

use std::io::IsTerminal;

use crate::diagnostic::Severity;
use crate::discover::WalkOptions;
use crate::engine::{self, Options};
use crate::report::{human, json};
use crate::rules;

use super::{
    human_style, present, write_stdout, CheckArgs, FailOn, Format, EXIT_ERROR, EXIT_FINDINGS,
    EXIT_OK,
};

pub fn run(args: &CheckArgs) -> i32 {
    let selected = match rules::resolve(&args.select, &args.ignore) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("egress: error: {e}");
            return EXIT_ERROR;
        }
    };
    let opts = Options {
        paths: args.paths.clone(),
        walk: WalkOptions {
            honour_ignore_files: !args.no_ignore,
            max_file_size: args.max_file_size,
            threads: 0,
        },
        rules: selected,
        progress: args.format == Format::Human && !args.quiet && std::io::stderr().is_terminal(),
    };
    let outcome = match engine::run(&opts) {
        Ok(o) => o,
        Err(missing) => {
            eprintln!("egress: error: `{}` does not exist", missing.0.display());
            return EXIT_ERROR;
        }
    };
    let report = present::report(&outcome);
    let text = match args.format {
        Format::Json => json::render(&report),
        Format::Human => {
            let mut s = human::render(&report, human_style(args.color));
            if args.quiet {
                // Quiet keeps the findings and drops the summary.
                let summary = human::summary_line(&report);
                s.truncate(s.len() - summary.len());
            }
            s
        }
    };
    if !write_stdout(&text) {
        return EXIT_ERROR;
    }
    if args.format != Format::Human && !args.quiet {
        for s in &report.skipped {
            eprintln!("egress: warning: skipped {}: {}", s.path, s.reason);
        }
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    if !args.exit_zero && report.items.iter().any(|i| i.severity >= threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
