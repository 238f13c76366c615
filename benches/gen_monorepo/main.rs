//! Synthetic "legacy monorepo" generator for egress benchmarks (std only).
//!
//! Usage:
//!   cargo bench --bench gen_monorepo -- --out DIR [--files N] [--seed S]
//!                                       [--manifest FILE] [--force]
//!
//!   --out DIR        where to generate the tree (required)
//!   --files N        number of content files to write (default 100000)
//!   --seed S         PRNG seed (default 42); output is byte-identical for the same N/S
//!   --manifest FILE  also write a TSV of every file carrying a hazard literal
//!                    (path, kind, label; kind is hazard, decoy, ignored-literal or
//!                    binary-literal); put it OUTSIDE the tree
//!   --force          regenerate even if DIR is up to date / not a bench tree
//!
//! Unknown arguments (e.g. the `--bench` that `cargo bench` appends) are ignored.
//! It can also be built without cargo: `rustc -O --edition 2021 benches/gen_monorepo/main.rs`.
//!
//! Layout: services/<svc>/{app,config,db,docs,deploy,...}, packages/<pkg>/src,
//! libs/<lib>, docs/, infra/k8s/<env>/<svc>/, infra/cron/, db/, scripts/, ci/,
//! .github/workflows/. Mix of Ruby, Python, JS/TS, Go, Java, PHP, YAML, JSON,
//! TOML, SQL, Markdown, .env, Procfile, crontab. Mostly 1-8 KB files, a few
//! 256 KB-4 MB "large" files (minified bundles, SQL dumps, JSON fixtures).
//!
//! Of the N files: ~10% live under node_modules/ and ~0.3% are *.log files
//! (both listed in the root .gitignore, some of them contain hazard literals that
//! must NOT be reported); ~1% are binary (png/so/jar, some with literals after
//! NUL bytes); ~1% carry a planted hazard; ~1% carry a harmless mention (DYNO in
//! a comment/docs, postgres://localhost in CI/test config, sslmode=require).
//! A minimal `.git/` (HEAD, config, objects/, refs/) is written so that tools
//! which only honour .gitignore inside git repositories (rg, the `ignore`
//! crate's default) apply it.
//!
//! When DIR already holds `.egress-bench-complete` with the same version/N/seed,
//! nothing is rewritten (the summary is still printed).
//!
//! Modules: `plan` decides every file (path, kind, size, planted hazard or decoy, seed) from one
//! PRNG, in a fixed order; `render` turns one entry into bytes (a generator per format, each
//! seeded by the entry alone, so files can be written in any order); `write` writes the tree;
//! `summary` counts the plan and writes the manifest. `rng`, `words`, `case` and `lang` are
//! shared by both halves.

#![allow(clippy::write_with_newline)]

mod case;
mod lang;
mod plan;
mod render;
mod rng;
mod summary;
mod words;
mod write;

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use summary::{Run, Tally};

/// Bump when the output for a given N/seed changes, so that old trees are regenerated.
const GEN_VERSION: u32 = 1;
/// Written last, with version/N/seed/bytes: the tree is complete and reusable.
const MARKER: &str = ".egress-bench-complete";
/// Present while writing: a tree holding it is ours to replace.
const PARTIAL: &str = ".egress-bench-incomplete";

/// Command-line options.
struct Args {
    out: Option<PathBuf>,
    files: usize,
    seed: u64,
    manifest: Option<PathBuf>,
    force: bool,
}

/// Parse `std::env::args`, ignoring unknown arguments.
fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        out: None,
        files: 100_000,
        seed: 42,
        manifest: None,
        force: false,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let arg = argv[i].as_str();
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k, Some(v.to_string())),
            _ => (arg, None),
        };
        let value = |i: &mut usize| -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            *i += 1;
            argv.get(*i)
                .cloned()
                .ok_or_else(|| format!("{key} needs a value"))
        };
        match key {
            "--out" => a.out = Some(PathBuf::from(value(&mut i)?)),
            "--files" => {
                a.files = value(&mut i)?
                    .parse()
                    .map_err(|e| format!("--files: {e}"))?
            }
            "--seed" => a.seed = value(&mut i)?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--manifest" => a.manifest = Some(PathBuf::from(value(&mut i)?)),
            "--force" => a.force = true,
            "-h" | "--help" => {
                println!("usage: gen_monorepo --out DIR [--files N] [--seed S] [--manifest FILE] [--force]");
                std::process::exit(0);
            }
            _ => {} // e.g. `--bench` appended by cargo bench
        }
        i += 1;
    }
    if a.files == 0 {
        return Err("--files must be > 0".into());
    }
    Ok(a)
}

/// The marker's first lines; a tree whose marker starts with them is up to date.
fn marker_text(a: &Args) -> String {
    format!(
        "egress-bench-monorepo\nversion={GEN_VERSION}\nfiles={}\nseed={}\n",
        a.files, a.seed
    )
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_monorepo: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(root) = args.out.clone() else {
        eprintln!("gen_monorepo: --out DIR is required\nusage: cargo bench --bench gen_monorepo -- --out DIR [--files N] [--seed S]");
        return ExitCode::from(2);
    };

    let t0 = Instant::now();
    let p = plan::plan(args.files, args.seed);
    let plan_time = t0.elapsed();

    let marker = root.join(MARKER);
    let want = marker_text(&args);
    let existing = fs::read_to_string(&marker).ok();
    let up_to_date = !args.force
        && existing
            .as_deref()
            .map(|m| m.starts_with(&want))
            .unwrap_or(false);

    let bytes: u64;
    let mut gen_secs = None;
    let mut stale: Option<PathBuf> = None;
    if up_to_date {
        bytes = existing
            .as_deref()
            .and_then(|m| m.lines().find_map(|l| l.strip_prefix("bytes=")))
            .and_then(|b| b.parse().ok())
            .unwrap_or(0);
    } else {
        if root.exists() && !write::dir_is_empty(&root) {
            let ours = existing.is_some() || root.join(PARTIAL).exists();
            if !ours && !args.force {
                eprintln!(
                    "gen_monorepo: {} exists and is not a generated bench tree; refusing to delete it (pass --force)",
                    root.display()
                );
                return ExitCode::from(2);
            }
            // Move the old tree aside and delete it only after generating: on ext4,
            // allocating inodes right after a mass delete is very slow
            // (ext4 `recently_deleted()` skips inodes freed in the last minutes).
            let mut aside = root.clone().into_os_string();
            aside.push(format!(".stale-{}", std::process::id()));
            let aside = PathBuf::from(aside);
            if fs::rename(&root, &aside).is_ok() {
                stale = Some(aside);
            } else {
                eprintln!("gen_monorepo: removing stale tree {}", root.display());
                if let Err(e) = fs::remove_dir_all(&root) {
                    eprintln!("gen_monorepo: cannot remove {}: {e}", root.display());
                    return ExitCode::from(2);
                }
            }
        }
        let t1 = Instant::now();
        match write::generate(&root, &p) {
            Ok(b) => bytes = b,
            Err(e) => {
                eprintln!("gen_monorepo: write failed under {}: {e}", root.display());
                return ExitCode::from(2);
            }
        }
        if let Err(e) = fs::write(&marker, format!("{want}bytes={bytes}\n"))
            .and_then(|_| fs::remove_file(root.join(PARTIAL)))
        {
            eprintln!("gen_monorepo: cannot write marker: {e}");
            return ExitCode::from(2);
        }
        gen_secs = Some(t1.elapsed().as_secs_f64());
        if let Some(old) = stale {
            eprintln!("gen_monorepo: removing previous tree {}", old.display());
            if let Err(e) = fs::remove_dir_all(&old) {
                eprintln!(
                    "gen_monorepo: warning: cannot remove {}: {e}",
                    old.display()
                );
            }
        }
    }

    let tally = Tally::of(&p.entries);
    if let Some(m) = &args.manifest {
        if let Err(e) = fs::write(m, &tally.manifest) {
            eprintln!("gen_monorepo: cannot write manifest {}: {e}", m.display());
            return ExitCode::from(2);
        }
    }
    summary::print(
        &tally,
        &Run {
            root: &root,
            seed: args.seed,
            bytes,
            plan_secs: plan_time.as_secs_f64(),
            gen_secs,
            manifest: args.manifest.as_deref(),
        },
    );
    ExitCode::SUCCESS
}
