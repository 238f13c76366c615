//! `egress inventory`: write the platform contract (`migration-contract.json`) from the
//! repository and the user's Heroku exports, or `--check` that the committed one is current.

use std::path::Path;

use crate::discover::WalkOptions;
use crate::engine::{self, Options};
use crate::inventory::{self, build, diff, heroku_json, Inventory};
use crate::rules::RuleSet;

use super::{write_stdout, InventoryArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

pub fn run(args: &InventoryArgs) -> i32 {
    let root = crate::discover::clean_path(&args.path);
    if !root.is_dir() {
        say!(
            "egress: error: {}: not a folder (inventory takes the app's folder)",
            root.display()
        );
        return EXIT_ERROR;
    }
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| root.join(inventory::FILE_NAME));
    let to_stdout = target.as_os_str() == "-";
    // Written to standard output, the contract still keeps what the committed one carries.
    let committed_at = if to_stdout {
        root.join(inventory::FILE_NAME)
    } else {
        target.clone()
    };
    let committed = match read_committed(&committed_at) {
        Ok(c) => c,
        Err(e) => {
            say!("egress: error: {e}");
            return EXIT_ERROR;
        }
    };
    let Some(mut fresh) = from_repository(&root, args.no_ignore) else {
        return EXIT_ERROR;
    };
    let loaded = match &args.heroku_json {
        Some(dir) => match heroku_json::load(dir) {
            Ok(l) if l.read.is_empty() => {
                for e in &l.errors {
                    say!("egress: error: {e}");
                }
                say!(
                    "egress: error: no export in {} could be read",
                    dir.display()
                );
                return EXIT_ERROR;
            }
            Ok(l) => {
                for e in &l.errors {
                    say!("egress: warning: {e}: left out of the contract");
                }
                Some(l)
            }
            Err(e) => {
                say!("egress: error: {e}");
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    // What only the committed contract knows, then what the exports say now (they win).
    if let Some(c) = &committed {
        let replaced = loaded.as_ref().map_or(&[][..], |l| &l.sources[..]);
        fresh.merge(c.carried(replaced));
    }
    if let Some(l) = loaded {
        fresh.merge(l.inventory);
    }
    fresh.normalise();
    if args.check {
        return check(&committed_at, committed.as_ref(), &fresh);
    }
    let text = fresh.render();
    if to_stdout {
        return if write_stdout(&text) {
            EXIT_OK
        } else {
            EXIT_ERROR
        };
    }
    if let Err(e) = std::fs::write(&target, &text) {
        say!("egress: error: {}: cannot write: {e}", target.display());
        return EXIT_ERROR;
    }
    if !args.quiet {
        say!("egress: wrote {}: {}", target.display(), summary(&fresh));
    }
    EXIT_OK
}

/// A contract lists each entry once: a few kilobytes for an app, megabytes for a tree of
/// thousands of process types.
const CONTRACT_LIMIT: u64 = 64 << 20;

/// The committed contract, if there is one. A file that cannot be read or parsed is an error:
/// overwriting it would lose what only it knows.
fn read_committed(path: &Path) -> Result<Option<Inventory>, String> {
    if !path.exists() {
        return Ok(None);
    }
    let text = crate::discover::open::read_text(path, CONTRACT_LIMIT)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Inventory::parse(&text)
        .map(Some)
        .map_err(|e| format!("{}: not a contract egress can read: {e}", path.display()))
}

/// The repository's side: the engine's facts, no rule run.
fn from_repository(root: &Path, no_ignore: bool) -> Option<Inventory> {
    let opts = Options {
        paths: vec![root.to_path_buf()],
        walk: WalkOptions {
            honour_ignore_files: !no_ignore,
            ..WalkOptions::default()
        },
        rules: RuleSet::empty(),
        progress: false,
        stdin: None,
        non_suppressible: Vec::new(),
        env_uses: true,
    };
    match engine::run(&opts) {
        Ok(outcome) => Some(build::from_facts(&outcome.contract, root)),
        Err(missing) => {
            say!("egress: error: `{}` does not exist", missing.0.display());
            None
        }
    }
}

fn check(target: &Path, committed: Option<&Inventory>, fresh: &Inventory) -> i32 {
    let Some(committed) = committed else {
        say!(
            "egress: error: {}: no contract to check (write it with `egress inventory`)",
            target.display()
        );
        return EXIT_ERROR;
    };
    let changes = diff::changes(committed, fresh);
    if changes.is_empty() {
        say!("egress: {} is up to date", target.display());
        return EXIT_OK;
    }
    let mut text = format!(
        "{} is stale ({} change{}); `egress inventory` rewrites it:\n",
        target.display(),
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    for c in &changes {
        // Commands may hold a credential: printed like every other message, masked.
        text.push_str(&format!("  {}\n", crate::printable::message(c)));
    }
    if write_stdout(&text) {
        EXIT_FINDINGS
    } else {
        EXIT_ERROR
    }
}

fn summary(inv: &Inventory) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    [
        count(inv.dynos.len(), "process type", "process types"),
        count(inv.addons.len(), "add-on", "add-ons"),
        count(inv.env_vars.len(), "variable", "variables"),
        count(
            inv.scheduled_jobs.len() + inv.schedules.len(),
            "schedule",
            "schedules",
        ),
        count(inv.extensions.len(), "extension", "extensions"),
    ]
    .join(", ")
}
