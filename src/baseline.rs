//! Baselines: adopt egress in a legacy repository by recording today's findings and reporting
//! only new ones (`egress check --write-baseline FILE`, then `--baseline FILE`).
//!
//! An entry is keyed by content, never by line numbers: rule, path (relative to the baseline
//! file's folder, `/`-separated) and a hash of the finding's context, plus a count of findings
//! with that key. The hash is 64-bit FNV-1a, printed as 16 hex digits, over
//! `rule \0 path \0 context \0 span`, where `context` is the whole line(s) the finding's span
//! covers and `span` the text under it, both with secrets replaced by `****` (the report's
//! redaction) and whitespace runs collapsed to one space. Inserting lines above a finding or moving
//! it within its file keeps its key; no secret value (and no source text at all) is stored.
//!
//! A baseline only shrinks: entries that match fewer findings than their count are stale, and
//! `--prune-baseline` lowers their count or removes them, never adding any.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::report::Item;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub hash: String,
    pub count: usize,
}

/// The identity of a finding in a baseline.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub rule: String,
    pub path: String,
    pub hash: String,
}

/// An entry that matched fewer findings than its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub entry: Entry,
    pub matched: usize,
}

/// Read and validate a baseline file. Errors name the file.
pub fn load(file: &Path) -> Result<Baseline, String> {
    let text = crate::discover::open::read_text(file, crate::discover::open::BASELINE_LIMIT)
        .map_err(|e| format!("cannot read baseline {}: {e}", file.display()))?;
    parse_text(file, &text)
}

/// Parse and validate the text of a baseline file; errors name `file`.
pub fn parse_text(file: &Path, text: &str) -> Result<Baseline, String> {
    let b: Baseline = serde_json::from_str(text)
        .map_err(|e| format!("malformed baseline {}: {e}", file.display()))?;
    if b.version != VERSION {
        return Err(format!(
            "malformed baseline {}: version {} (this egress reads version {VERSION})",
            file.display(),
            b.version
        ));
    }
    for e in &b.entries {
        if e.hash.len() != 16 || !e.hash.bytes().all(|c| c.is_ascii_hexdigit()) || e.count == 0 {
            return Err(format!(
                "malformed baseline {}: entry {} {} has hash `{}` and count {} (16 hex digits and a count ≥ 1 expected)",
                file.display(),
                e.rule,
                e.path,
                e.hash,
                e.count
            ));
        }
    }
    Ok(b)
}

/// Write a baseline, entries sorted, as pretty JSON ending in a newline.
pub fn save(file: &Path, b: &Baseline) -> Result<(), String> {
    let mut b = b.clone();
    b.entries.sort();
    let mut text = serde_json::to_string_pretty(&b).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// Computes keys: paths are made relative to the baseline file's folder, so the same baseline
/// works whatever folder egress runs from.
pub struct Keyer {
    base: Option<PathBuf>,
    cwd: PathBuf,
    paths: HashMap<String, String>,
}

impl Keyer {
    pub fn new(baseline_file: &Path) -> Keyer {
        let cwd = std::env::current_dir().unwrap_or_default();
        let dir = match baseline_file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Keyer {
            base: absolute(&cwd, &dir),
            cwd,
            paths: HashMap::new(),
        }
    }

    /// A reported path (as the report shows it) as the baseline stores it.
    pub fn path(&mut self, shown: &str) -> String {
        if let Some(p) = self.paths.get(shown) {
            return p.clone();
        }
        let rel = absolute(&self.cwd, Path::new(shown))
            .zip(self.base.as_ref())
            .and_then(|(abs, base)| {
                abs.strip_prefix(base)
                    .ok()
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
            })
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| shown.to_string());
        self.paths.insert(shown.to_string(), rel.clone());
        rel
    }

    /// Whether a stored path names a file that still exists.
    pub fn exists(&self, stored: &str) -> bool {
        self.base
            .as_ref()
            .map_or(Path::new(stored).exists(), |b| b.join(stored).exists())
    }

    pub fn key(&mut self, item: &Item) -> Key {
        let path = self.path(&item.path);
        let (context, span) = match &item.snippet {
            Some(snippet) => {
                let src = snippet.text.as_str();
                let (s, e) = snippet.span;
                let s = floor(src, s.min(src.len()));
                let e = floor(src, e.clamp(s, src.len()));
                let ls = src[..s].rfind('\n').map_or(0, |i| i + 1);
                let le = src[e..].find('\n').map_or(src.len(), |i| e + i);
                (&src[ls..le], &src[s..e])
            }
            // Lines too long for a snippet: the report's (redacted, cut) line and the message.
            None => (item.line_text.as_str(), item.message.as_str()),
        };
        Key {
            rule: item.code.to_string(),
            hash: hash(item.code, &path, context, span),
            path,
        }
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// An absolute, lexically cleaned path: the canonical one when it exists (symlinks resolved).
fn absolute(cwd: &Path, p: &Path) -> Option<PathBuf> {
    if let Ok(c) = std::fs::canonicalize(p) {
        return Some(c);
    }
    let joined = cwd.join(p);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // The file may not exist (standard input linted as a path): resolve its folder instead.
    match (out.parent(), out.file_name()) {
        (Some(dir), Some(name)) => Some(
            std::fs::canonicalize(dir)
                .unwrap_or_else(|_| dir.to_path_buf())
                .join(name),
        ),
        _ => Some(out),
    }
}

/// FNV-1a (64 bits) over rule, path, whitespace-normalised context and span, `\0`-separated.
pub fn hash(rule: &str, path: &str, context: &str, span: &str) -> String {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let context = norm(context);
    let span = norm(span);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in rule
        .bytes()
        .chain([0])
        .chain(path.bytes())
        .chain([0])
        .chain(context.bytes())
        .chain([0])
        .chain(span.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The baseline of these findings: one entry per key, with a count.
pub fn build(items: &[Item], keyer: &mut Keyer) -> Baseline {
    let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
    for i in items {
        *counts.entry(keyer.key(i)).or_default() += 1;
    }
    Baseline {
        version: VERSION,
        entries: counts
            .into_iter()
            .map(|(k, count)| Entry {
                rule: k.rule,
                path: k.path,
                hash: k.hash,
                count,
            })
            .collect(),
    }
}

/// Drop the findings the baseline covers (each entry up to its count, in report order) and
/// return the entries that matched fewer findings than their count. `in_scope` says which entries
/// this run could have matched (a run over some files must not call the others' entries stale).
pub fn apply(
    b: &Baseline,
    items: &mut Vec<Item>,
    keyer: &mut Keyer,
    in_scope: impl Fn(&Entry) -> bool,
) -> Vec<Stale> {
    let mut left: HashMap<Key, usize> = HashMap::new();
    for e in &b.entries {
        let k = Key {
            rule: e.rule.clone(),
            path: e.path.clone(),
            hash: e.hash.clone(),
        };
        *left.entry(k).or_default() += e.count;
    }
    items.retain(|i| match left.get_mut(&keyer.key(i)) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    });
    let mut remaining = left;
    let mut stale = Vec::new();
    for e in &b.entries {
        let k = Key {
            rule: e.rule.clone(),
            path: e.path.clone(),
            hash: e.hash.clone(),
        };
        let Some(n) = remaining.get_mut(&k) else {
            continue;
        };
        // Duplicate entries share one pool: charge what is left to the entries in order.
        let unmatched = (*n).min(e.count);
        *n -= unmatched;
        if unmatched > 0 && in_scope(e) {
            stale.push(Stale {
                entry: e.clone(),
                matched: e.count - unmatched,
            });
        }
    }
    stale
}

/// The baseline without its stale entries: their count lowered to what matched, or removed.
pub fn prune(b: &Baseline, stale: &[Stale]) -> Baseline {
    let mut entries = Vec::new();
    let mut stale = stale.iter().peekable();
    for e in &b.entries {
        match stale.peek() {
            Some(s) if s.entry == *e => {
                let s = stale.next().unwrap();
                if s.matched > 0 {
                    entries.push(Entry {
                        count: s.matched,
                        ..e.clone()
                    });
                }
            }
            _ => entries.push(e.clone()),
        }
    }
    Baseline {
        version: VERSION,
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_whitespace_but_not_content() {
        let a = hash("EG201", "a.rb", "  x = ENV[\"DYNO\"]", "ENV[\"DYNO\"]");
        let b = hash("EG201", "a.rb", "x  =  ENV[\"DYNO\"]  ", "ENV[\"DYNO\"]");
        assert_eq!(a, b);
        assert_eq!(a.len(), 16);
        assert_ne!(
            a,
            hash("EG201", "b.rb", "x = ENV[\"DYNO\"]", "ENV[\"DYNO\"]")
        );
        assert_ne!(
            a,
            hash("EG202", "a.rb", "x = ENV[\"DYNO\"]", "ENV[\"DYNO\"]")
        );
    }

    #[test]
    fn prune_only_shrinks() {
        let e = |path: &str, count| Entry {
            rule: "EG201".into(),
            path: path.into(),
            hash: "0123456789abcdef".into(),
            count,
        };
        let b = Baseline {
            version: VERSION,
            entries: vec![e("a", 2), e("b", 1), e("c", 1)],
        };
        let stale = [
            Stale {
                entry: e("a", 2),
                matched: 1,
            },
            Stale {
                entry: e("b", 1),
                matched: 0,
            },
        ];
        assert_eq!(prune(&b, &stale).entries, vec![e("a", 1), e("c", 1)]);
    }
}
