//! `egress verify`.

use std::io::IsTerminal;

use crate::verify::phases::{Phase, PHASES};
use crate::verify::run;

use super::{
    present, render, write_stdout, Format, VerifyArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK,
};

pub fn run(args: &VerifyArgs) -> i32 {
    let mut phases: Vec<&'static dyn Phase> = args.phase.iter().map(|p| p.0).collect();
    if phases.is_empty() {
        phases = PHASES.to_vec();
    }
    let opts = run::Options {
        manifest: args.manifest.clone(),
        phases,
        timeout: args.timeout,
        count_timeout: args.count_timeout,
        jobs: usize::from(args.jobs),
        checksum: args.checksum,
        diff_budget: args.diff_budget,
        send_test_deliveries: args.send_test_deliveries,
        progress: args.format == Format::Human && !args.quiet && std::io::stderr().is_terminal(),
    };
    let outcome = match run::run(&opts) {
        Ok(o) => o,
        Err(e) => {
            // One error per line (the manifest's errors come together), each masked and
            // escaped like every other output.
            for line in e.lines() {
                say!("egress: error: {line}");
            }
            return EXIT_ERROR;
        }
    };
    let report = present::verify_report(&outcome);
    let text = render(&report, args.format, args.color, false);
    if !write_stdout(&text) {
        return EXIT_ERROR;
    }
    // Only a run where every check passed is a pass: unknown is not.
    if report.checks.iter().flatten().all(|c| c.status == "pass") {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}
