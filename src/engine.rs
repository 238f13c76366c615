//! The pipeline: discover → extract (in parallel, each file read and parsed once) → rules.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::discover::{self, Candidate, MissingPath, Skipped, WalkOptions};
use crate::extract::{self, Contract, Facts, FileInfo};
use crate::rules::{self, Finding, RuleSet};
use crate::source::Source;

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub walk: WalkOptions,
    pub rules: RuleSet,
    /// Show a progress bar on stderr (the caller decides: terminal, human format, not quiet).
    pub progress: bool,
}

pub struct Outcome {
    pub contract: Contract,
    /// Findings on reported files, sorted by path, line, column, rule.
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    pub files_scanned: usize,
    pub elapsed: Duration,
}

pub fn run(opts: &Options) -> Result<Outcome, MissingPath> {
    let started = Instant::now();
    let walk = discover::walk(&opts.paths, &opts.walk)?;
    let mut candidates = walk.candidates;
    let explicit: Vec<Candidate> = opts
        .paths
        .iter()
        .filter(|p| !p.is_dir())
        .map(|p| discover::clean_path(p))
        .filter_map(|p| candidates.iter().find(|c| c.path == p).cloned())
        .collect();
    if !explicit.is_empty() {
        candidates.extend(discover::context_for(&explicit));
        // Reported copies sort after context copies of the same path; keep the reported one.
        candidates.sort_by(|a, b| a.path.cmp(&b.path).then(b.reported.cmp(&a.reported)));
        candidates.dedup_by(|a, b| a.path == b.path);
    }

    let bar = opts.progress.then(|| progress_bar(candidates.len() as u64));
    let max = opts.walk.max_file_size;
    let results: Vec<Result<(FileInfo, Facts), Skipped>> = candidates
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let r = discover::read(c, max).map(|src| extract_one(&src, i as u32));
            if let Some(b) = &bar {
                b.inc(1);
            }
            r
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let mut skipped = walk.skipped;
    let mut contract = Contract::default();
    for (c, r) in candidates.iter().zip(results) {
        match r {
            Ok((info, facts)) => contract.add(info, facts),
            Err(s) => {
                if c.reported {
                    skipped.push(s);
                }
                // Keep ids aligned with candidate indexes.
                contract.add(
                    FileInfo {
                        path: c.path.clone(),
                        kind: c.kind,
                        reported: false,
                        text: None,
                        lines: None,
                        secrets: Vec::new(),
                    },
                    Facts::default(),
                );
            }
        }
    }
    let files_scanned = contract.files.iter().filter(|f| f.reported).count();
    let findings = finish(&contract, &opts.rules);
    Ok(Outcome {
        contract,
        findings,
        skipped,
        files_scanned,
        elapsed: started.elapsed(),
    })
}

fn extract_one(src: &Source, id: u32) -> (FileInfo, Facts) {
    let facts = extract::extract(src, id);
    // Text is kept only where a report may need it: files with facts.
    let text = (!facts.is_empty()).then(|| src.text.clone());
    (
        FileInfo {
            path: src.path.clone(),
            kind: src.kind,
            reported: src.reported,
            text,
            lines: None,
            secrets: Vec::new(),
        },
        facts,
    )
}

/// Run the rules and keep the findings on reported files, in report order.
fn finish(contract: &Contract, selected: &RuleSet) -> Vec<Finding> {
    let mut findings: Vec<Finding> = rules::check(contract, selected)
        .into_iter()
        .filter(|f| contract.file(f.at.file).reported)
        .collect();
    let key = |f: &Finding| {
        let file = contract.file(f.at.file);
        let (line, col) = match (&file.lines, &file.text) {
            (Some(l), Some(t)) => l.line_col(t, f.at.span.start),
            _ => (1, 1),
        };
        (file.path.clone(), line, col, f.rule)
    };
    findings.sort_by_cached_key(key);
    findings
}

/// Lint files held in memory (tests, rule examples): the same extractors and rules, no disk.
pub fn lint_memory(files: &[(&str, &str)], selected: &RuleSet) -> (Contract, Vec<Finding>) {
    let mut sorted: Vec<_> = files.to_vec();
    sorted.sort();
    let mut contract = Contract::default();
    for (i, (path, text)) in sorted.iter().enumerate() {
        let path = PathBuf::from(path);
        let src = Source {
            kind: discover::classify(&path),
            path,
            text: (*text).into(),
            reported: true,
        };
        let (info, facts) = extract_one(&src, i as u32);
        contract.add(info, facts);
    }
    let findings = finish(&contract, selected);
    (contract, findings)
}

fn progress_bar(len: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr_with_hz(10),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} checking {pos}/{len} files [{elapsed}] {wide_bar}",
    ) {
        bar.set_style(style);
    }
    bar
}
