//! `egress verify`.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use crate::report::{human, json};
use crate::verify::run::{self, Phase};

use super::{present, Color, Format, VerifyArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

pub fn run(args: &VerifyArgs) -> i32 {
    let mut phases: Vec<Phase> = args.phase.iter().map(|p| p.0).collect();
    if phases.is_empty() {
        phases = Phase::ALL.to_vec();
    }
    let opts = run::Options {
        manifest: args.manifest.clone(),
        phases,
        timeout: Duration::from_secs_f64(args.timeout),
        count_timeout: Duration::from_secs_f64(args.count_timeout),
        jobs: args.jobs.max(1),
        checksum: args.checksum,
        send_test_deliveries: args.send_test_deliveries,
        progress: args.format == Format::Human && !args.quiet && std::io::stderr().is_terminal(),
    };
    let outcome = match run::run(&opts) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("egress: error: {e}");
            return EXIT_ERROR;
        }
    };
    let report = present::verify_report(&outcome);
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
            human::render(&report, human::Style { color, width })
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
    if args.format == Format::Json && !args.quiet {
        for n in &report.skipped {
            eprintln!("egress: note: {}", n.reason);
        }
    }
    // Only a run where every check passed is a pass: unknown is not.
    if report.checks.iter().flatten().all(|c| c.status == "pass") {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}
