//! `egress check`.

use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::baseline;
use crate::config::Config;
use crate::discover::WalkOptions;
use crate::engine::{self, Options, Outcome};
use crate::fix as fixes;
use crate::report::{github, Item};
use crate::rules::Finding;

use super::{
    changed, present, render, settings, write_stdout, CheckArgs, Format, EXIT_ERROR, EXIT_FINDINGS,
    EXIT_OK,
};

pub fn run(args: &CheckArgs) -> i32 {
    if let Err(e) = settings::install_rules(args) {
        super::say_errors(&e);
        return EXIT_ERROR;
    }
    let cfg = match settings::load(args) {
        Ok(c) => c,
        Err(e) => {
            say!("egress: error: {e}");
            return EXIT_ERROR;
        }
    };
    let selected = match settings::rule_set(&cfg, args) {
        Ok(s) => s,
        Err(e) => {
            say!("egress: error: {e}");
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
        stdin: None,
        non_suppressible: cfg.non_suppressible.clone(),
        env_uses: false,
    };
    // Read the baseline first: a missing or malformed one is an error before any work.
    let recorded = match &args.baseline {
        Some(file) => match baseline::load(file) {
            Ok(b) => Some(b),
            Err(e) => {
                say!("egress: error: {e}");
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let mut opts = opts;
    if let Some(path) = &args.stdin_filename {
        let read = crate::discover::open::read_limited(std::io::stdin().lock(), args.max_file_size)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|_| "not valid UTF-8".to_string()));
        match read {
            Ok(text) => opts.stdin = Some((path.clone(), text)),
            Err(e) => {
                say!(
                    "egress: error: cannot read standard input (as {}): {e} (see --max-file-size)",
                    path.display()
                );
                return EXIT_ERROR;
            }
        }
    }
    let changed = match &args.changed_since {
        Some(rev) => match changed::lines_since(rev) {
            Ok(c) => Some(c),
            Err(e) => {
                say!("egress: error: --changed-since {rev}: {e}");
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let human = args.format == Format::Human && !args.quiet;
    let outcome = if args.diff {
        return diff(&opts, &cfg, args.unsafe_fixes, human);
    } else if args.fix {
        match fix(&opts, &cfg, args.unsafe_fixes, human) {
            Some(o) => o,
            None => return EXIT_ERROR,
        }
    } else {
        match check(&opts, &cfg) {
            Some(o) => o,
            None => return EXIT_ERROR,
        }
    };
    let mut outcome = outcome;
    if let Some(changed) = &changed {
        // Pull-request gates on legacy code: only what this change touched.
        let c = &outcome.contract;
        outcome.findings.retain(|f| {
            let file = c.file(f.at.file);
            changed.touches(&file.path, file.line_col(f.at.span.start).0)
        });
    }
    outcome.truncated = engine::cap_per_file(&mut outcome.findings);
    let mut report = present::report(&outcome);
    if let Some(file) = &args.write_baseline {
        return write_baseline(file, &report.items, args.quiet);
    }
    let mut stale_left = 0;
    if let (Some(file), Some(recorded)) = (&args.baseline, &recorded) {
        // Non-suppressible rules cannot be baselined either.
        let (locked, mut open): (Vec<_>, Vec<_>) = std::mem::take(&mut report.items)
            .into_iter()
            .partition(|i| cfg.non_suppressible.iter().any(|r| r.code() == i.code));
        let result = use_baseline(file, recorded, &outcome, &mut open, args);
        open.extend(locked);
        open.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code))
        });
        report.items = open;
        match result {
            Some(n) => stale_left = n,
            None => return EXIT_ERROR,
        }
    }
    let text = render(&report, args.format, args.color, args.quiet);
    if !write_stdout(&text) {
        return EXIT_ERROR;
    }
    for (format, path) in &args.output_file {
        if let Err(e) = std::fs::write(path, render(&report, *format, args.color, args.quiet)) {
            say!("egress: error: cannot write {}: {e}", path.display());
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
            say!("egress: warning: cannot append to $GITHUB_STEP_SUMMARY: {e}");
        }
    }
    if args.format != Format::Human && !args.quiet {
        for s in &report.skipped {
            say!("egress: warning: skipped {}: {}", s.path, s.reason);
        }
        for (path, n) in &report.truncated {
            say!(
                "egress: note: {path}: {n} more findings not reported (at most {} per file)",
                crate::report::MAX_FINDINGS_PER_FILE
            );
        }
    }
    let threshold = settings::threshold(&cfg, args);
    if !args.exit_zero && report.items.iter().any(|i| i.severity >= threshold) {
        EXIT_FINDINGS
    } else if args.strict_baseline && stale_left > 0 {
        say!("egress: baseline: --strict-baseline fails the run while stale entries remain");
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `--write-baseline`: record every finding, report nothing, exit 0.
fn write_baseline(file: &Path, items: &[Item], quiet: bool) -> i32 {
    let mut keyer = baseline::Keyer::new(file);
    let b = baseline::build(items, &mut keyer);
    if let Err(e) = baseline::save(file, &b) {
        say!("egress: error: {e}");
        return EXIT_ERROR;
    }
    if !quiet {
        say!(
            "egress: baseline: wrote {} ({}) to {}",
            plural(b.entries.len(), "entry", "entries"),
            plural(items.len(), "finding", "findings"),
            file.display()
        );
    }
    EXIT_OK
}

/// `--baseline`: drop the recorded findings, report stale entries (and prune them with
/// `--prune-baseline`). Returns the number of stale entries left, None on a write error.
fn use_baseline(
    file: &Path,
    recorded: &baseline::Baseline,
    outcome: &Outcome,
    items: &mut Vec<Item>,
    args: &CheckArgs,
) -> Option<usize> {
    let mut keyer = baseline::Keyer::new(file);
    // Only entries on files this run reported, or on files that are gone, can be judged stale:
    // a run over two files must not condemn the rest. `--changed-since` hides findings, so
    // nothing can be judged then.
    let reported: HashSet<String> = outcome
        .contract
        .files
        .iter()
        .filter(|f| f.reported)
        .map(|f| keyer.path(&present::display(&f.path)))
        .collect();
    let judge = args.changed_since.is_none();
    let exists = |p: &str| keyer.exists(p);
    let gone: HashSet<String> = recorded
        .entries
        .iter()
        .filter(|e| !reported.contains(&e.path) && !exists(&e.path))
        .map(|e| e.path.clone())
        .collect();
    let stale = baseline::apply(recorded, items, &mut keyer, |e| {
        judge && (reported.contains(&e.path) || gone.contains(&e.path))
    });
    if stale.is_empty() {
        return Some(0);
    }
    for s in &stale {
        say!(
            "egress: baseline: stale: {} {} ({} of {} recorded findings left)",
            s.entry.rule,
            s.entry.path,
            s.matched,
            s.entry.count
        );
    }
    if args.prune_baseline {
        let pruned = baseline::prune(recorded, &stale);
        if let Err(e) = baseline::save(file, &pruned) {
            say!("egress: error: {e}");
            return None;
        }
        say!(
            "egress: baseline: pruned {} from {}",
            plural(stale.len(), "stale entry", "stale entries"),
            file.display()
        );
        return Some(0);
    }
    say!(
        "egress: baseline: {} (fixed since the baseline was written); --prune-baseline removes them",
        plural(stale.len(), "stale entry", "stale entries")
    );
    Some(stale.len())
}

/// The findings `check` reports: the engine's, less those `exclude` and `per-path` drop (with
/// severity overrides applied). `--fix` and `--diff` plan from these too, so they never touch
/// what the config leaves out.
fn check(opts: &Options, cfg: &Config) -> Option<Outcome> {
    match engine::run(opts) {
        Ok(mut o) => {
            settings::apply(cfg, &mut o);
            Some(o)
        }
        Err(missing) => {
            say!("egress: error: `{}` does not exist", missing.0.display());
            None
        }
    }
}

/// Passes of `--fix`: fixes whose edits overlap one taken before them wait for the next pass,
/// which re-runs the check on the written files.
const MAX_PASSES: usize = 3;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The fixes one pass would make for the reported findings. A fix that would also edit another
/// file is left out when the config drops that file for the finding's rule (no rule does so
/// today; the config must not be bypassed when one does).
fn fix_plan(cfg: &Config, outcome: &Outcome, unsafe_fixes: bool) -> fixes::Plan {
    let c = &outcome.contract;
    let fixable: Vec<Finding> = outcome
        .findings
        .iter()
        .filter(|f| {
            f.fix.as_ref().is_none_or(|fix| {
                let keeps = |id| id == f.at.file || cfg.keeps(f.rule, &c.file(id).path);
                fix.edits.iter().all(|e| keeps(e.file))
                    && fix.changes.iter().all(|ch| match ch {
                        crate::rules::FileChange::Create { beside, name, .. } => {
                            cfg.keeps(f.rule, &c.file(*beside).dir().join(name))
                        }
                        crate::rules::FileChange::Remove { file } => keeps(*file),
                    })
            })
        })
        .cloned()
        .collect();
    fixes::plan(c, &fixable, unsafe_fixes)
}

/// `--fix`: apply, re-check and apply again up to MAX_PASSES times; the outcome of the last
/// check (on the fixed files) is what gets reported. A file that cannot be written safely
/// (changed on disk, read-only, ...) is named in a warning, counted by reason in the summary
/// and left alone in later passes.
fn fix(opts: &Options, cfg: &Config, unsafe_fixes: bool, human: bool) -> Option<Outcome> {
    let mut fixed: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut findings_fixed = 0;
    let mut skipped: BTreeMap<PathBuf, &'static str> = BTreeMap::new();
    let mut skipped_files = HashSet::new();
    let mut created: Vec<PathBuf> = Vec::new();
    let mut removed: Vec<PathBuf> = Vec::new();
    let mut passes = 0;
    let mut outcome = check(opts, cfg)?;
    while passes < MAX_PASSES {
        let mut plan = fix_plan(cfg, &outcome, unsafe_fixes);
        plan.files
            .retain(|p| !skipped.contains_key(&outcome.contract.file(p.file).path));
        plan.changes.retain(|ch| {
            let path = match &ch.change {
                fixes::Change::Create { path, .. } => path,
                fixes::Change::Remove { file } => &outcome.contract.file(*file).path,
            };
            !skipped.contains_key(path)
        });
        if plan.is_empty() {
            break;
        }
        passes += 1;
        // Two names of one file (a symlink and its target, two hard links): the first is
        // fixed, the other is re-read by the next pass; a file skipped under one name is
        // skipped under all. Looked up before any write, since a write by rename gives the
        // file a new inode.
        let keys: Vec<_> = plan
            .files
            .iter()
            .map(|p| fixes::file_key(&outcome.contract.file(p.file).path))
            .collect();
        let mut seen = HashSet::new();
        let mut wrote = false;
        // What this pass wrote: a removal waits for the other parts of its fix.
        let mut written: HashSet<PathBuf> = HashSet::new();
        for (p, key) in plan.files.iter().zip(keys) {
            let file = outcome.contract.file(p.file);
            let Some(text) = file.text() else { continue };
            if let Some(k) = &key {
                if skipped_files.contains(k) || !seen.insert(k.clone()) {
                    continue;
                }
            }
            match fixes::write_fixed(&file.path, text, p) {
                Ok(()) => {
                    wrote = true;
                    written.insert(file.path.clone());
                    findings_fixed += p.fixes;
                    *fixed.entry(file.path.clone()).or_default() += p.fixes;
                }
                Err(e) => {
                    say!(
                        "egress: warning: not fixing {}: {e}",
                        present::display(&file.path)
                    );
                    skipped.insert(file.path.clone(), e.reason());
                    skipped_files.extend(key);
                }
            }
        }
        for ch in &plan.changes {
            let (path, result) = match &ch.change {
                fixes::Change::Create { path, text } => {
                    (path.clone(), fixes::create_file(path, text))
                }
                fixes::Change::Remove { file } => {
                    let info = outcome.contract.file(*file);
                    let Some(text) = info.text() else { continue };
                    if let Some(missing) = ch.requires.iter().find(|r| !written.contains(*r)) {
                        say!(
                            "egress: warning: not removing {}: {} was not written",
                            present::display(&info.path),
                            present::display(missing)
                        );
                        skipped.insert(info.path.clone(), "its fix was not completed");
                        continue;
                    }
                    (info.path.clone(), fixes::remove_file(&info.path, text))
                }
            };
            match result {
                Ok(()) => {
                    wrote = true;
                    findings_fixed += ch.fixes;
                    written.insert(path.clone());
                    match ch.change {
                        fixes::Change::Create { .. } => created.push(path),
                        fixes::Change::Remove { .. } => removed.push(path),
                    }
                }
                Err(e) => {
                    say!(
                        "egress: warning: not fixing {}: {e}",
                        present::display(&path)
                    );
                    skipped.insert(path, e.reason());
                }
            }
        }
        if !wrote {
            break;
        }
        outcome = check(opts, cfg)?;
    }
    if human {
        for (path, n) in &fixed {
            say!(
                "fixed {} ({})",
                present::display(path),
                plural(*n, "fix", "fixes")
            );
        }
        for path in &created {
            say!("created {}", present::display(path));
        }
        for path in &removed {
            say!("removed {}", present::display(path));
        }
        let rest = fix_plan(cfg, &outcome, unsafe_fixes);
        let mut notes = Vec::new();
        if rest.unsafe_skipped > 0 {
            notes.push(format!(
                "{} not applied: pass --unsafe-fixes",
                plural(rest.unsafe_skipped, "unsafe fix", "unsafe fixes")
            ));
        }
        let left = rest.applied + rest.deferred;
        if left > 0 && passes == MAX_PASSES {
            notes.push(format!(
                "{} left after {MAX_PASSES} passes: run --fix again",
                plural(left, "fix", "fixes")
            ));
        }
        let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
        for reason in skipped.values() {
            *by_reason.entry(reason).or_default() += 1;
        }
        for (reason, n) in by_reason {
            notes.push(format!(
                "{} not fixed: {reason}",
                plural(n, "file", "files")
            ));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        let touched = fixed.len() + created.len() + removed.len();
        say!(
            "Fixed {} in {}{notes}",
            plural(findings_fixed, "finding", "findings"),
            plural(touched, "file", "files")
        );
    }
    Some(outcome)
}

/// `--diff`: the changes of the first `--fix` pass as a unified diff, secrets masked; nothing is
/// written. Exit 1 when there is a change.
fn diff(opts: &Options, cfg: &Config, unsafe_fixes: bool, human: bool) -> i32 {
    let Some(outcome) = check(opts, cfg) else {
        return EXIT_ERROR;
    };
    let plan = fix_plan(cfg, &outcome, unsafe_fixes);
    let mut text = String::new();
    let mut masked = false;
    for p in &plan.files {
        let file = outcome.contract.file(p.file);
        masked |= !file.secrets().is_empty();
        if let Some((old, new)) = present::redacted_change(file, &p.edits) {
            text.push_str(&fixes::unified_diff(
                &present::display(&file.path),
                &old,
                &new,
            ));
        }
    }
    for ch in &plan.changes {
        match &ch.change {
            fixes::Change::Create { path, text: new } => {
                text.push_str(&fixes::file_diff(
                    None,
                    Some(&present::display(path)),
                    "",
                    new,
                ));
            }
            fixes::Change::Remove { file } => {
                let info = outcome.contract.file(*file);
                masked |= !info.secrets().is_empty();
                if let Some((old, _)) = present::redacted_change(info, &[]) {
                    let shown = present::display(&info.path);
                    text.push_str(&fixes::file_diff(Some(&shown), None, &old, ""));
                }
            }
        }
    }
    if !write_stdout(&text) {
        return EXIT_ERROR;
    }
    if human {
        let mut notes = Vec::new();
        if plan.deferred > 0 {
            notes.push(format!(
                "{} overlapping others, applied by --fix in a later pass, not shown",
                plural(plan.deferred, "fix", "fixes")
            ));
        }
        if masked {
            notes.push("secrets are shown as `****`; --fix keeps their real text".to_string());
        }
        if plan.unsafe_skipped > 0 {
            notes.push(format!(
                "{} not shown: pass --unsafe-fixes",
                plural(plan.unsafe_skipped, "unsafe fix", "unsafe fixes")
            ));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        say!(
            "Would fix {} in {}{notes}",
            plural(plan.applied, "finding", "findings"),
            plural(plan.files.len() + plan.changes.len(), "file", "files")
        );
    }
    if text.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}
