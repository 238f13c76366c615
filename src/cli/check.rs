//! `egress check`.

use std::io::{IsTerminal, Write};

use crate::diagnostic::Severity;
use crate::discover::WalkOptions;
use crate::engine::{self, Options};
use crate::report::{human, json};
use crate::rules;

use super::{present, CheckArgs, Color, FailOn, Format, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

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
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let width = std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(100);
            let mut s = human::render(&report, human::Style { color, width });
            if args.quiet {
                // Quiet keeps the findings and drops the summary.
                let summary = human::summary_line(&report);
                s.truncate(s.len() - summary.len());
            }
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
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
