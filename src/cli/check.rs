//! `egress check`.

use std::io::IsTerminal;

use crate::diagnostic::Severity;
use crate::discover::WalkOptions;
use crate::engine::{self, Options};
use crate::report::github;
use crate::rules;

use super::{
    present, render, write_stdout, CheckArgs, FailOn, Format, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK,
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
    let text = render(&report, args.format, args.color, args.quiet);
    if !write_stdout(&text) {
        return EXIT_ERROR;
    }
    for (format, path) in &args.output_file {
        if let Err(e) = std::fs::write(path, render(&report, *format, args.color, args.quiet)) {
            eprintln!("egress: error: cannot write {}: {e}", path.display());
            return EXIT_ERROR;
        }
    }
    let wants_summary =
        args.format == Format::Github || args.output_file.iter().any(|(f, _)| *f == Format::Github);
    if let (true, Some(summary)) = (wants_summary, std::env::var_os("GITHUB_STEP_SUMMARY")) {
        use std::io::Write;
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&summary)
            .and_then(|mut f| f.write_all(github::step_summary(&report).as_bytes()));
        if let Err(e) = appended {
            eprintln!("egress: warning: cannot append to $GITHUB_STEP_SUMMARY: {e}");
        }
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
