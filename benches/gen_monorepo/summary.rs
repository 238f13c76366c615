//! The ground-truth manifest (TSV of files carrying hazard literals) and the printed summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::lang::Lang;
use crate::plan::hazards::{decoy_label, hazard_label, Plant};
use crate::plan::Entry;

/// What the plan holds, counted for the summary, and its manifest.
pub struct Tally {
    files: usize,
    /// one `path<TAB>kind<TAB>label` line per file carrying a hazard literal; kind is
    /// `hazard`, `decoy`, `ignored-literal` or `binary-literal`
    pub manifest: String,
    by_lang: BTreeMap<Lang, usize>,
    hazards: BTreeMap<String, usize>,
    decoys: BTreeMap<&'static str, usize>,
    n_ignored: usize,
    n_ignored_lit: usize,
    n_nm: usize,
    n_bin: usize,
    n_bin_lit: usize,
    n_large: usize,
}

impl Tally {
    /// Count `entries` and write their manifest lines.
    pub fn of(entries: &[Entry]) -> Tally {
        let mut by_lang: BTreeMap<Lang, usize> = BTreeMap::new();
        let mut hazards: BTreeMap<String, usize> = BTreeMap::new();
        let mut decoys: BTreeMap<&str, usize> = BTreeMap::new();
        let (mut n_ignored, mut n_ignored_lit, mut n_nm, mut n_bin, mut n_bin_lit, mut n_large) =
            (0, 0, 0, 0, 0, 0);
        let mut manifest = String::new();
        for e in entries {
            *by_lang.entry(e.lang).or_default() += 1;
            if e.ignored {
                n_ignored += 1;
                if e.path.contains("node_modules/") {
                    n_nm += 1;
                }
            }
            if e.lang.is_binary() {
                n_bin += 1;
                if e.bin_literal {
                    n_bin_lit += 1;
                    let _ = writeln!(
                        manifest,
                        "{}\tbinary-literal\tDYNO/postgres:// after NUL bytes",
                        e.path
                    );
                }
            }
            if e.size >= 262_144 {
                n_large += 1;
            }
            match e.plant {
                Plant::Hazard(h) if e.ignored => {
                    n_ignored_lit += 1;
                    let _ = writeln!(
                        manifest,
                        "{}\tignored-literal\t{}",
                        e.path,
                        hazard_label(h, e.lang)
                    );
                }
                Plant::Hazard(h) => {
                    let l = hazard_label(h, e.lang);
                    let _ = writeln!(manifest, "{}\thazard\t{}", e.path, l);
                    *hazards.entry(l).or_default() += 1;
                }
                Plant::Decoy(d) => {
                    if e.ignored {
                        n_ignored_lit += 1;
                    }
                    let _ = writeln!(
                        manifest,
                        "{}\t{}\t{}",
                        e.path,
                        if e.ignored {
                            "ignored-literal"
                        } else {
                            "decoy"
                        },
                        decoy_label(d)
                    );
                    if !e.ignored {
                        *decoys.entry(decoy_label(d)).or_default() += 1;
                    }
                }
                Plant::None => {}
            }
        }
        Tally {
            files: entries.len(),
            manifest,
            by_lang,
            hazards,
            decoys,
            n_ignored,
            n_ignored_lit,
            n_nm,
            n_bin,
            n_bin_lit,
            n_large,
        }
    }
}

/// The run being summarised.
pub struct Run<'a> {
    pub root: &'a Path,
    pub seed: u64,
    pub bytes: u64,
    pub plan_secs: f64,
    /// None when the tree was up to date and nothing was written
    pub gen_secs: Option<f64>,
    pub manifest: Option<&'a Path>,
}

/// Print the summary of `t` for `run` to stdout.
pub fn print(t: &Tally, run: &Run) {
    let n_hazard: usize = t.hazards.values().sum();
    let n_decoy: usize = t.decoys.values().sum();
    println!("egress bench monorepo: {}", run.root.display());
    println!(
        "  seed {}  files {}  (+ .gitignore, minimal .git/, marker)",
        run.seed, t.files
    );
    match run.gen_secs {
        None => println!(
            "  status: up to date (marker matches), nothing rewritten; plan {:.2}s",
            run.plan_secs
        ),
        Some(gen_secs) => println!(
            "  status: generated in {:.2}s (plan {:.2}s)",
            gen_secs, run.plan_secs
        ),
    }
    println!(
        "  bytes written: {} ({:.1} MB)",
        run.bytes,
        run.bytes as f64 / 1_048_576.0
    );
    println!(
        "  scanned files: {}   ignored by .gitignore: {} (node_modules {}, *.log {})",
        t.files - t.n_ignored,
        t.n_ignored,
        t.n_nm,
        t.n_ignored - t.n_nm
    );
    println!(
        "  binary files: {} ({} with hazard literals after NULs)   large (>=256KB): {}",
        t.n_bin, t.n_bin_lit, t.n_large
    );
    println!("  files by type:");
    for (l, c) in &t.by_lang {
        println!("    {:<24} {c}", l.label());
    }
    let scanned = (t.files - t.n_ignored).max(1);
    println!(
        "  hazards planted (should be reported): {n_hazard} files ({:.2}% of scanned)",
        n_hazard as f64 * 100.0 / scanned as f64
    );
    for (k, c) in &t.hazards {
        println!("    {c:>6}  {k}");
    }
    println!(
        "  harmless mentions (should NOT be reported): {n_decoy} files ({:.2}% of scanned)",
        n_decoy as f64 * 100.0 / scanned as f64
    );
    for (k, c) in &t.decoys {
        println!("    {c:>6}  {k}");
    }
    println!(
        "  hazard literals in ignored files (must be skipped): {} files",
        t.n_ignored_lit
    );
    if let Some(m) = run.manifest {
        println!("  manifest: {}", m.display());
    }
}
