//! Writing the tree: the .gitignore and minimal .git/, then every planned file on a pool of
//! threads.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use crate::plan::Planner;
use crate::render::render;
use crate::PARTIAL;

/// The root .gitignore (node_modules/, *.log) and a minimal .git/ so that tools which honour
/// .gitignore only inside a git repository (rg, the `ignore` crate) apply it.
fn write_meta(root: &Path) -> std::io::Result<()> {
    fs::write(root.join(".gitignore"), "node_modules/\n*.log\n")?;
    let git = root.join(".git");
    fs::create_dir_all(git.join("objects/info"))?;
    fs::create_dir_all(git.join("objects/pack"))?;
    fs::create_dir_all(git.join("refs/heads"))?;
    fs::create_dir_all(git.join("refs/tags"))?;
    fs::write(git.join("HEAD"), "ref: refs/heads/main\n")?;
    fs::write(
        git.join("config"),
        "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n",
    )?;
    fs::write(
        git.join("description"),
        "synthetic egress benchmark monorepo\n",
    )?;
    Ok(())
}

/// Write every entry of `p` under `root`; returns the bytes written.
/// `GEN_MONOREPO_THREADS` overrides the number of writer threads.
pub fn generate(root: &Path, p: &Planner) -> std::io::Result<u64> {
    fs::create_dir_all(root)?;
    fs::write(root.join(PARTIAL), "generation in progress\n")?;
    write_meta(root)?;
    let mut dirs = BTreeSet::new();
    for e in &p.entries {
        if let Some(i) = e.path.rfind('/') {
            dirs.insert(&e.path[..i]);
        }
    }
    for d in &dirs {
        fs::create_dir_all(root.join(d))?;
    }
    let threads = match std::env::var("GEN_MONOREPO_THREADS")
        .ok()
        .and_then(|t| t.parse::<usize>().ok())
    {
        Some(t) if t > 0 => t,
        _ => {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .clamp(2, 8)
                * 2
        }
    };
    let entries = &p.entries;
    let units = &p.units;
    let total = std::thread::scope(|s| -> std::io::Result<u64> {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || -> std::io::Result<u64> {
                    let mut buf = Vec::with_capacity(64 << 10);
                    let mut bytes = 0u64;
                    let mut i = t;
                    while i < entries.len() {
                        let e = &entries[i];
                        render(e, units, &mut buf);
                        let mut f = fs::File::create(root.join(&e.path))?;
                        f.write_all(&buf)?;
                        bytes += buf.len() as u64;
                        i += threads;
                    }
                    Ok(bytes)
                })
            })
            .collect();
        let mut sum = 0;
        for h in handles {
            sum += h.join().expect("writer thread panicked")?;
        }
        Ok(sum)
    })?;
    Ok(total)
}

/// `p` is a readable, empty directory.
pub fn dir_is_empty(p: &Path) -> bool {
    fs::read_dir(p)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}
