//! What a runtime pin allows: the versions of a requirement as the platforms that read it
//! resolve them. One reader for every pin syntax (`3.12`, `python-3.12.7`, `20.x`, `^20.1`,
//! `>=18 <21`, `~> 3.3`, `18 || 20`, `3.3.5p100`), so rules can ask whether a pin lets the
//! runtime drift and whether two pins can both hold, without knowing where they came from.

/// A dotted version (`3.12.7` is `[3, 12, 7]`); missing trailing parts compare as zero.
type Parts = Vec<u64>;

/// The versions `lo <= v < hi` (`hi` None: no upper bound).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub lo: Parts,
    pub hi: Option<Parts>,
}

/// What a pin allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// Names no version: `latest`, `node`, `lts/*`, `*`, `x`, a Docker tag without one
    /// (`python:slim`).
    Floating,
    /// The versions allowed, as a union of intervals (never empty).
    Range(Vec<Interval>),
    /// Not understood (an unresolved `${VERSION}`, `file: ".ruby-version"`, an image digest
    /// alone): never judged.
    Unknown,
}

/// nvm's names of Node.js LTS lines (`lts/iron` is Node 20).
const LTS_LINES: &[(&str, u64)] = &[
    ("argon", 4),
    ("boron", 6),
    ("carbon", 8),
    ("dubnium", 10),
    ("erbium", 12),
    ("fermium", 14),
    ("gallium", 16),
    ("hydrogen", 18),
    ("iron", 20),
    ("jod", 22),
    ("krypton", 24),
];

/// Names that float to whatever release is newest (or whatever the machine has).
const FLOATING: &[&str] = &[
    "", "*", "x", "latest", "node", "stable", "system", "current", "lts", "lts/*",
];

fn cmp(a: &[u64], b: &[u64]) -> std::cmp::Ordering {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            a.get(i)
                .copied()
                .unwrap_or(0)
                .cmp(&b.get(i).copied().unwrap_or(0))
        })
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// The next version after every version that starts with `p`: `3.12` → `3.13`, `20` → `21`.
fn bump(p: &[u64]) -> Parts {
    let mut out = p.to_vec();
    if let Some(last) = out.last_mut() {
        *last = last.saturating_add(1);
    }
    out
}

/// The leading dotted number of `s` (`3.12.7-slim` → `[3, 12, 7]`, `3.3.5p100` → `[3, 3, 5]`),
/// with how much of `s` it took; a trailing `.x`/`.*` ends it. None when `s` does not start
/// with a digit.
pub fn leading_parts(s: &str) -> Option<(Parts, usize)> {
    let mut parts = Vec::new();
    let mut i = 0;
    let b = s.as_bytes();
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            // `3.` or `3.x`: the version ends before the dot.
            if !parts.is_empty() {
                i -= 1;
            }
            break;
        }
        parts.push(s[start..i].parse::<u64>().ok()?);
        if parts.len() == 4 || i >= b.len() || b[i] != b'.' {
            break;
        }
        i += 1;
    }
    (!parts.is_empty()).then_some((parts, i))
}

/// A version as written in a pin, without what names the runtime: `v20`, `python-3.12`,
/// `ruby-3.3.5`, `go1.22`.
fn strip_name(s: &str) -> &str {
    let s = s.trim();
    for prefix in [
        "python-", "ruby-", "node-", "nodejs-", "java-", "go", "v", "==",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return rest;
            }
        }
    }
    s.strip_prefix('=').unwrap_or(s).trim()
}

/// One comparator: `>=18`, `^20.1`, `~> 3.3`, `20.x`, `3.12.7`.
fn comparator(c: &str) -> Option<Interval> {
    let (op, rest) = ["~>", "~=", ">=", "<=", "^", "~", ">", "<", "="]
        .iter()
        .find_map(|op| c.strip_prefix(op).map(|r| (*op, r.trim())))
        .unwrap_or(("", c));
    let v = strip_name(rest);
    let (parts, used) = leading_parts(v)?;
    // What follows the number: nothing, `.x`/`.*` (an X-range), or a pre-release/build
    // suffix (`-rc1`, `p100`, `+13`), which does not change the interval.
    let tail = &v[used..];
    let wild = tail.starts_with(".x") || tail.starts_with(".X") || tail.starts_with(".*");
    let zero = vec![0];
    Some(match op {
        "" | "=" => Interval {
            hi: Some(bump(&parts)),
            lo: parts,
        },
        ">=" => Interval {
            lo: parts,
            hi: None,
        },
        ">" => Interval {
            lo: bump(&parts),
            hi: None,
        },
        "<" => Interval {
            lo: zero,
            hi: Some(parts),
        },
        "<=" => Interval {
            lo: zero,
            hi: Some(bump(&parts)),
        },
        "^" => {
            // The first part that is not zero is fixed (`^0.2.3` → `<0.3.0`).
            let fixed = parts
                .iter()
                .position(|p| *p != 0)
                .unwrap_or(parts.len() - 1);
            Interval {
                hi: Some(bump(&parts[..=fixed])),
                lo: parts,
            }
        }
        "~" if !wild => Interval {
            // npm: `~20.1.3` → `<20.2.0`, `~20` → `<21`.
            hi: Some(bump(&parts[..parts.len().min(2)])),
            lo: parts,
        },
        "~" => Interval {
            hi: Some(bump(&parts)),
            lo: parts,
        },
        // Ruby's and PEP 440's pessimistic operator: the last part may grow (`~> 3.3` →
        // `<4`, `~> 3.3.1` → `<3.4`).
        _ => Interval {
            hi: Some(bump(&parts[..(parts.len() - 1).max(1)])),
            lo: parts,
        },
    })
}

impl Interval {
    fn intersect(&self, other: &Interval) -> Option<Interval> {
        let lo = if cmp(&self.lo, &other.lo).is_ge() {
            self.lo.clone()
        } else {
            other.lo.clone()
        };
        let hi = match (&self.hi, &other.hi) {
            (Some(a), Some(b)) => Some(if cmp(a, b).is_le() { a } else { b }.clone()),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        match &hi {
            Some(h) if cmp(&lo, h).is_ge() => None,
            _ => Some(Interval { lo, hi }),
        }
    }
}

impl Requirement {
    /// Read a pin as written (`3.12`, `>=18 <21 || 22`, `~> 3.3, >= 3.3.1`, `lts/iron`).
    pub fn parse(text: &str) -> Requirement {
        let t = text.trim().trim_matches(['"', '\'']).trim();
        let lower = t.to_ascii_lowercase();
        if FLOATING.contains(&lower.as_str()) {
            return Requirement::Floating;
        }
        if let Some(line) = lower.strip_prefix("lts/") {
            return match LTS_LINES.iter().find(|(n, _)| *n == line) {
                Some((_, major)) => Requirement::Range(vec![Interval {
                    lo: vec![*major],
                    hi: Some(vec![major + 1]),
                }]),
                None => Requirement::Unknown,
            };
        }
        let mut alternatives = Vec::new();
        for alt in t.split("||") {
            let alt = alt.trim();
            if FLOATING.contains(&alt.to_ascii_lowercase().as_str()) {
                return Requirement::Floating;
            }
            // A hyphen range: `18 - 20` is `>=18 <21`.
            if let Some((a, b)) = alt.split_once(" - ") {
                match (comparator(a.trim()), comparator(b.trim())) {
                    (Some(a), Some(b)) => {
                        let range = Interval { lo: a.lo, hi: b.hi };
                        // `9 - 3` allows nothing: no pin egress can judge.
                        if range.hi.as_ref().is_some_and(|h| cmp(&range.lo, h).is_ge()) {
                            return Requirement::Unknown;
                        }
                        alternatives.push(range);
                    }
                    _ => return Requirement::Unknown,
                }
                continue;
            }
            let mut all = Interval {
                lo: vec![0],
                hi: None,
            };
            let mut any = false;
            // Comparators are separated by spaces (npm) or commas (Ruby, PEP 440); an operator
            // may stand apart from its version (`>= 3.1`).
            let mut pending = String::new();
            for word in alt.split([' ', ',', '\t']).filter(|w| !w.is_empty()) {
                if word.chars().all(|c| "<>=~^".contains(c)) {
                    pending.push_str(word);
                    continue;
                }
                let c = std::mem::take(&mut pending) + word;
                let Some(i) = comparator(&c) else {
                    return Requirement::Unknown;
                };
                any = true;
                match all.intersect(&i) {
                    Some(both) => all = both,
                    // Nothing satisfies this alternative.
                    None => {
                        any = false;
                        break;
                    }
                }
            }
            if any {
                alternatives.push(all);
            }
        }
        if alternatives.is_empty() {
            Requirement::Unknown
        } else {
            Requirement::Range(alternatives)
        }
    }

    /// The versions both allow (Floating and Unknown allow anything, as far as egress knows);
    /// None when no version satisfies both.
    pub fn intersect(&self, other: &Requirement) -> Option<Requirement> {
        match (self, other) {
            (Requirement::Range(a), Requirement::Range(b)) => {
                let both: Vec<Interval> = a
                    .iter()
                    .flat_map(|x| b.iter().filter_map(move |y| x.intersect(y)))
                    .collect();
                (!both.is_empty()).then_some(Requirement::Range(both))
            }
            (Requirement::Range(_), _) => Some(self.clone()),
            _ => Some(other.clone()),
        }
    }

    /// Some version has no upper bound: a new major release is taken as soon as it exists.
    pub fn open_ended(&self) -> bool {
        match self {
            Requirement::Floating => true,
            Requirement::Range(r) => r.iter().any(|i| i.hi.is_none()),
            Requirement::Unknown => false,
        }
    }

    /// More than one minor release is allowed (`3`, `3.x`, `>=3.10 <3.13`): for Python, a new
    /// interpreter.
    pub fn spans_minors(&self) -> bool {
        match self {
            Requirement::Floating => true,
            Requirement::Range(r) => r.iter().any(|i| match &i.hi {
                None => true,
                Some(hi) => {
                    let major = i.lo.first().copied().unwrap_or(0);
                    let minor = i.lo.get(1).copied().unwrap_or(0);
                    cmp(hi, &[major, minor.saturating_add(1)]).is_gt()
                }
            }),
            Requirement::Unknown => false,
        }
    }

    /// The one release the pin allows, when it names one with three or more parts (`3.12.7`,
    /// `v20.17.0`, `3.3.5p100` → `3.3.5`). None for ranges and partial versions.
    pub fn exact(&self) -> Option<String> {
        let Requirement::Range(r) = self else {
            return None;
        };
        let [i] = &r[..] else { return None };
        let exact = i.lo.len() >= 3 && i.hi.as_ref() == Some(&bump(&i.lo));
        exact.then(|| {
            i.lo.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(".")
        })
    }

    /// Whether `version` (a dotted version) satisfies the requirement.
    pub fn allows(&self, version: &str) -> bool {
        let Some((v, _)) = leading_parts(strip_name(version)) else {
            return false;
        };
        match self {
            Requirement::Range(r) => r.iter().any(|i| {
                cmp(&v, &i.lo).is_ge() && i.hi.as_ref().is_none_or(|h| cmp(&v, h).is_lt())
            }),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Requirement {
        Requirement::parse(s)
    }

    fn agree(a: &str, b: &str) -> bool {
        r(a).intersect(&r(b)).is_some()
    }

    #[test]
    fn partial_versions_agree_with_their_releases() {
        assert!(agree("3.12.1", "3.12"));
        assert!(agree("python-3.12.7", "3.12"));
        assert!(!agree("3.11.7", "3.12"));
        assert!(!agree("20.17.0", "20.18.0"));
        assert!(agree("v20.17.0", "20.x"));
        assert!(agree("20", "^20.1"));
        assert!(agree("3.3.5p100", "3.3.5"));
        assert!(agree("~> 3.3", "3.4.1"));
        assert!(!agree("~> 3.3.0", "3.4.1"));
        assert!(agree(">= 3.1", "3.3.5"));
        assert!(!agree(">=22", "20.17.0"));
        assert!(agree(">=18 <21", "20.17.0"));
        assert!(!agree(">=18 <20", "20.17.0"));
        assert!(agree("18 || 20", "20.1.0"));
        assert!(agree("18 - 20", "20.9.9"));
        assert!(agree("lts/iron", "20.17.0"));
        assert!(!agree("lts/iron", "22.1.0"));
        assert!(agree("latest", "3.12"));
        assert!(agree("${PYTHON_VERSION}", "3.12"));
        assert!(agree("~20.1", "20.1.9") && !agree("~20.1", "20.2.0"));
        assert!(agree("^0.2.3", "0.2.9") && !agree("^0.2.3", "0.3.0"));
        assert!(agree("< 3.13", "3.12.9") && !agree("<3.12", "3.12.0"));
        assert!(agree(">20.1", "20.2.0") && !agree(">20.1", "20.1.5"));
    }

    #[test]
    fn what_lets_the_runtime_drift() {
        for open in [
            ">=18", ">18", "*", "x", "latest", "node", "lts/*", ">= 3.1", "",
        ] {
            assert!(r(open).open_ended(), "{open}");
        }
        for bounded in [
            "20.x", "^20", "~20.1", "20", ">=18 <21", "~> 3.3", "lts/iron",
        ] {
            assert!(!r(bounded).open_ended(), "{bounded}");
        }
        for loose in ["3", "3.x", "^3.10", ">=3.10 <3.13"] {
            assert!(r(loose).spans_minors(), "{loose}");
        }
        for tight in ["3.12", "3.12.7", "~=3.12.1", "3.12.x"] {
            assert!(!r(tight).spans_minors(), "{tight}");
        }
        assert_eq!(r("file: .ruby-version"), Requirement::Unknown);
        assert_eq!(r(">=20 <19"), Requirement::Unknown);
    }

    #[test]
    fn exact_versions() {
        let exact = |s: &str| r(s).exact();
        assert_eq!(exact("3.12.7").as_deref(), Some("3.12.7"));
        assert_eq!(exact("v20.17.0").as_deref(), Some("20.17.0"));
        assert_eq!(exact("python-3.12.4").as_deref(), Some("3.12.4"));
        assert_eq!(exact("3.3.5p100").as_deref(), Some("3.3.5"));
        for not in [
            "3.12",
            "20.x",
            ">=20.1.0",
            "~3.12.7",
            "latest",
            "18 || 20.1.1",
        ] {
            assert_eq!(exact(not), None, "{not}");
        }
        assert!(r("3.12").allows("3.12.7") && !r("3.12").allows("3.13.0"));
    }
}
