//! `--changed-since REV`: which lines a change added or modified, from `git diff`. Opt-in, so
//! the one subprocess egress runs is never on the default path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Changed line ranges per file (paths relative to the current directory); `None` means the
/// whole file is new.
pub struct Changed(HashMap<PathBuf, Option<Vec<(usize, usize)>>>);

impl Changed {
    pub fn touches(&self, path: &Path, line: usize) -> bool {
        match self.0.get(path) {
            Some(None) => true,
            Some(Some(ranges)) => ranges.iter().any(|(a, b)| (*a..=*b).contains(&line)),
            None => false,
        }
    }
}

fn git(args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn lines_since(rev: &str) -> Result<Changed, String> {
    // A revision that starts with `-` would be an option to git (`--output=FILE` writes a file
    // and empties the diff): refuse it, and mark the end of options for git as well.
    if rev.starts_with('-') || rev.is_empty() {
        return Err("not a revision (a revision cannot start with `-`)".into());
    }
    let diff = git(&[
        "diff",
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        "--relative",
        "--end-of-options",
        rev,
        "--",
    ])?;
    let mut map: HashMap<PathBuf, Option<Vec<(usize, usize)>>> = HashMap::new();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            current = path.strip_prefix("b/").map(PathBuf::from);
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            // `@@ -a,b +c,d @@`: the new side starts at c and spans d lines (1 when omitted).
            let new = hunk
                .split_whitespace()
                .find(|p| p.starts_with('+'))
                .unwrap_or("+0,0");
            let (start, len) = new[1..].split_once(',').unwrap_or((&new[1..], "1"));
            let (start, len): (usize, usize) =
                (start.parse().unwrap_or(0), len.parse().unwrap_or(0));
            if len > 0 {
                if let Some(ranges) = map.entry(path.clone()).or_insert_with(|| Some(Vec::new())) {
                    ranges.push((start, start.saturating_add(len - 1)));
                }
            }
        }
    }
    for path in git(&["ls-files", "--others", "--exclude-standard"])?.lines() {
        map.insert(PathBuf::from(path), None);
    }
    Ok(Changed(map))
}
