//! Text and structured matchers, run at extraction where the text is: one Aho-Corasick pass
//! over the literals of every text rule decides which regexes a file is searched with at all.

use std::path::Path;

use super::query::{self, Node};
use super::{in_scope, template, Matcher, NodeTest, Policy, PolicySet, Regions, ACTIVE};
use crate::facts::PolicyMatch;
use crate::parse::lexer::{self, Lexed, Syntax};
use crate::parse::{json, toml, yaml};
use crate::source::{Loc, SourceKind, Span};

/// The file a scan reads, and what it found.
struct Cx<'a> {
    text: &'a str,
    kind: SourceKind,
    path: &'a Path,
    /// Secrets the extractors found (the redactor's own are added).
    secrets: &'a [Span],
    found: Vec<PolicyMatch>,
}

/// Literals one of which every match of `pattern` holds (its possible prefixes, or suffixes,
/// whichever are fewer), exactly as they must appear (a case-insensitive pattern's in each
/// case); None when some are too short to be worth
/// a prefilter (or there is no finite set). Literals are cut short until the set is finite: a
/// case-insensitive word has 2^n spellings in full, and 16 in its first four letters.
pub fn literals(pattern: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut best: Option<Vec<String>> = None;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        for len in [64, 12, 8, 6, 4, 3] {
            let mut e = Extractor::new();
            e.kind(kind.clone()).limit_literal_len(len).limit_total(256);
            let seq = e.extract(&hir);
            let Some(lits) = seq.literals() else { continue };
            if lits.is_empty() || lits.iter().any(|l| l.as_bytes().len() < 3) {
                break;
            }
            let Some(mut out) = lits
                .iter()
                .map(|l| std::str::from_utf8(l.as_bytes()).ok().map(str::to_string))
                .collect::<Option<Vec<String>>>()
            else {
                break;
            };
            out.sort();
            out.dedup();
            // Fewer literals, then longer ones.
            let better = best.as_ref().is_none_or(|b| {
                (out.len(), std::cmp::Reverse(out[0].len()))
                    < (b.len(), std::cmp::Reverse(b[0].len()))
            });
            if better {
                best = Some(out);
            }
            break;
        }
    }
    best
}

/// The matches of every text and structured rule in one file (`kind` as its content refined
/// it), pointing at file 0.
pub fn scan(text: &str, kind: SourceKind, path: &Path, secrets: &[Span]) -> Vec<PolicyMatch> {
    scan_with(&ACTIVE, text, kind, path, secrets)
}

/// `scan` with another set of policies than the run's.
pub fn scan_with(
    set: &PolicySet,
    text: &str,
    kind: SourceKind,
    path: &Path,
    secrets: &[Span],
) -> Vec<PolicyMatch> {
    if !set.has_text() && !set.has_structured() {
        return Vec::new();
    }
    if path.components().any(|c| c.as_os_str() == ".egress") {
        return Vec::new();
    }
    let mut cx = Cx {
        text,
        kind,
        path,
        secrets,
        found: Vec::new(),
    };
    let cx = &mut cx;
    let mut file = FileState::default();
    if set.has_text() {
        let mut wanted = vec![false; set.policies.len()];
        if let Some(pre) = &set.prefilter {
            // Every literal starts at or after the leftmost one.
            if let Some(first) = pre.gate.find(cx.text) {
                let rest = aho_corasick::Input::new(cx.text).range(first.start()..);
                for m in pre.all.find_overlapping_iter(rest) {
                    wanted[pre.owners[m.pattern().as_usize()]] = true;
                }
            }
        }
        for i in &set.unfiltered {
            wanted[*i] = true;
        }
        for (i, p) in set.policies.iter().enumerate().filter(|(i, _)| wanted[*i]) {
            if let Matcher::Text(_) = p.matcher {
                if text_scope(p, cx.kind, path) {
                    text_matches(cx, i, p, &mut file);
                }
            }
        }
    }
    for (i, p) in set.policies.iter().enumerate() {
        if let Matcher::Structured(s) = &p.matcher {
            if in_scope(p, path) && s.files.is_match(super::relative(&p.base, path)) {
                structured(cx, i, p, &mut file);
            }
        }
    }
    std::mem::take(&mut cx.found)
}

/// Whether a text rule searches a file: in its `paths`/`not-paths`, and never prose or files
/// egress does not read unless `paths` names them.
fn text_scope(p: &Policy, kind: SourceKind, path: &Path) -> bool {
    in_scope(p, path) && (kind.is_read() || p.paths.is_some())
}

/// What a file's matches need, made once: its lexing and its secrets.
#[derive(Default)]
struct FileState {
    lexed: Option<Option<Lexed>>,
    secrets: Option<Vec<Span>>,
    doc: Option<Vec<Node>>,
}

impl FileState {
    fn secrets(&mut self, cx: &Cx) -> &[Span] {
        self.secrets.get_or_insert_with(|| {
            let mut s = crate::redact::secret_spans(cx.text);
            s.extend(cx.secrets.iter().copied());
            s.sort_by_key(|s| (s.start, s.end));
            s
        })
    }
    fn lexed(&mut self, cx: &Cx) -> Option<&Lexed> {
        self.lexed
            .get_or_insert_with(|| comment_syntax(cx.kind).map(|syn| lexer::lex(cx.text, syn)))
            .as_ref()
    }
}

/// How a file's comments (and, in code, strings) are told apart.
fn comment_syntax(kind: SourceKind) -> Option<Syntax> {
    if let Some(lang) = kind.lang() {
        return Some(Syntax::for_lang(lang));
    }
    match kind {
        SourceKind::Sql => Some(Syntax::SQL),
        k if k.is_yaml() => Some(Syntax::HASH),
        SourceKind::Toml
        | SourceKind::FlyToml
        | SourceKind::RailwayToml
        | SourceKind::MiseToml
        | SourceKind::PyProject
        | SourceKind::EnvFile
        | SourceKind::Procfile
        | SourceKind::Dockerfile
        | SourceKind::Makefile
        | SourceKind::Crontab
        | SourceKind::Aptfile
        | SourceKind::Gemfile
        | SourceKind::ToolVersions
        | SourceKind::BuildpacksFile
        | SourceKind::Script => Some(Syntax::HASH),
        _ => None,
    }
}

fn allowed(regions: Regions, lexed: Option<&Lexed>, code_file: bool, pos: usize) -> bool {
    if regions.code && regions.comments && regions.strings {
        return true;
    }
    let comment = lexed.is_some_and(|l| {
        let i = l.comments.partition_point(|s| s.start <= pos);
        i > 0 && pos < l.comments[i - 1].end
    });
    if comment {
        return regions.comments;
    }
    if !code_file {
        // Data and config files: every value is both the file's code and a string.
        return regions.code || regions.strings;
    }
    if lexed.is_some_and(|l| l.in_literal_text(pos)) {
        regions.strings
    } else {
        regions.code
    }
}

fn text_matches(cx: &mut Cx, index: usize, p: &Policy, file: &mut FileState) {
    let Matcher::Text(t) = &p.matcher else {
        return;
    };
    let code_file = cx.kind.lang().is_some();
    let needs_lexing = !(t.regions.code && t.regions.comments && t.regions.strings);
    let mut found = Vec::new();
    for caps in t.regex.captures_iter(cx.text) {
        let Some(m) = caps.get(0) else { continue };
        if m.as_str().is_empty() {
            continue;
        }
        if needs_lexing && !allowed(t.regions, file.lexed(cx), code_file, m.start()) {
            continue;
        }
        if let Some(not) = &t.not_regex {
            let start = cx.text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
            let end = crate::source::line_end(cx.text, m.start());
            if not.is_match(&cx.text[start..end.max(start)]) {
                continue;
            }
        }
        let vars: Vec<(String, Span)> =
            std::iter::once(("match".to_string(), Span::new(m.start(), m.end())))
                .chain(
                    t.regex
                        .capture_names()
                        .enumerate()
                        .skip(1)
                        .flat_map(|(i, name)| {
                            let g = caps.get(i).map(|g| Span::new(g.start(), g.end()));
                            let mut v = Vec::new();
                            if let Some(g) = g {
                                v.push((i.to_string(), g));
                                if let Some(n) = name {
                                    v.push((n.to_string(), g));
                                }
                            }
                            v
                        }),
                )
                .collect();
        found.push((Span::new(m.start(), m.end()), vars));
    }
    // The file's secrets, found once for all its matches (none when there is no match).
    let secrets = if found.is_empty() {
        Vec::new()
    } else {
        file.secrets(cx).to_vec()
    };
    for (span, vars) in found {
        let shown = |name: &str| {
            vars.iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| masked(cx.text, *s, &secrets))
        };
        let raw = |name: &str| {
            vars.iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| cx.text[s.start..s.end].to_string())
        };
        let fix = p
            .fix
            .as_ref()
            .map(|f| (span, template::render(&f.replace, &raw)));
        record(cx, index, p, span, &shown, fix);
    }
}

fn record(
    cx: &mut Cx,
    index: usize,
    p: &Policy,
    span: Span,
    value: &dyn Fn(&str) -> Option<String>,
    fix: Option<(Span, String)>,
) {
    let at = Loc { file: 0, span };
    let m = PolicyMatch {
        at,
        policy: index as u32,
        message: one_line(&template::render(&p.message, value)),
        label: p
            .label
            .as_ref()
            .map(|l| one_line(&template::render(l, value))),
        help: p.help.as_ref().map(|h| template::render(h, value)),
        fix,
    };
    cx.found.push(m);
}

/// Messages and labels are one line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// The text of `span` with any part of it that is a secret replaced by `****`.
fn masked(text: &str, span: Span, secrets: &[Span]) -> String {
    let inside: Vec<Span> = secrets
        .iter()
        .filter(|s| s.start < span.end && s.end > span.start)
        .map(|s| {
            Span::new(
                s.start.max(span.start) - span.start,
                s.end.min(span.end) - span.start,
            )
        })
        .collect();
    let part = &text[span.start..span.end];
    let out = if inside.is_empty() {
        part.to_string()
    } else {
        crate::redact::mask(part, &inside)
    };
    let out = crate::redact::text(&out).into_owned();
    match out.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &out[..i]),
        None => out,
    }
}

/// The file as a document tree (each YAML document), parsed once for every structured rule.
fn documents<'f>(cx: &Cx, file: &'f mut FileState) -> &'f [Node] {
    file.doc
        .get_or_insert_with(|| parse_documents(cx.text, cx.kind, cx.path))
}

fn parse_documents(text: &str, kind: SourceKind, path: &Path) -> Vec<Node> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let syntax = match ext {
        "json" => "json",
        "toml" => "toml",
        "yml" | "yaml" => "yaml",
        _ if kind.is_yaml() => "yaml",
        _ => match kind {
            SourceKind::AppJson
            | SourceKind::PackageJson
            | SourceKind::ComposerJson
            | SourceKind::MigrationContract
            | SourceKind::RailwayJson
            | SourceKind::Json => "json",
            SourceKind::FlyToml
            | SourceKind::RailwayToml
            | SourceKind::MiseToml
            | SourceKind::PyProject
            | SourceKind::Toml => "toml",
            _ => "",
        },
    };
    match syntax {
        "yaml" => yaml::parse(text)
            .map(|docs| docs.iter().map(query::from_yaml).collect())
            .unwrap_or_default(),
        "json" => json::parse(text, true)
            .map(|root| vec![query::from_json(&root, text)])
            .unwrap_or_default(),
        "toml" => toml::parse(text)
            .map(|t| vec![query::from_toml(&t, text)])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn structured(cx: &mut Cx, index: usize, p: &Policy, file: &mut FileState) {
    let Matcher::Structured(s) = &p.matcher else {
        return;
    };
    let mut hits: Vec<(Span, String, Option<String>, Option<Span>)> = Vec::new();
    for doc in documents(cx, file) {
        let reached = match s.test {
            NodeTest::Absent => s.query.missing(doc),
            _ => s.query.select(doc),
        };
        for (path, node) in reached {
            let value = node.scalar().map(str::to_string);
            let keep = match &s.test {
                NodeTest::Present | NodeTest::Absent => true,
                NodeTest::Equals(v) => value.as_deref().map(str::trim) == Some(v.trim()),
                NodeTest::Matches(r) => value.as_deref().is_some_and(|v| r.is_match(v)),
            };
            if keep {
                let scalar = value.is_some().then(|| node.span());
                hits.push((node.span(), path, value, scalar));
            }
        }
    }
    for (span, path, value, scalar) in hits {
        // A mapping is reported at its first line.
        let span = match scalar {
            Some(s) => s,
            None => Span::new(
                span.start,
                crate::source::line_end(cx.text, span.start).max(span.start),
            ),
        };
        let secrets = file.secrets(cx);
        let key = match s.test {
            NodeTest::Absent => s.query.last_key(),
            _ => path
                .rsplit(['.', '['])
                .next()
                .unwrap_or("")
                .trim_end_matches(']')
                .to_string(),
        };
        let shown_value = scalar
            .map(|s| masked(cx.text, s, secrets))
            .unwrap_or_default();
        let var = |name: &str| match name {
            "match" | "value" => Some(shown_value.clone()),
            "path" => Some(path.clone()),
            "key" => Some(key.clone()),
            _ => None,
        };
        let fix = match (&p.fix, scalar) {
            (Some(f), Some(at)) => {
                let raw = value.clone().unwrap_or_default();
                let raw_var = |name: &str| match name {
                    "match" | "value" => Some(raw.clone()),
                    "path" => Some(path.clone()),
                    "key" => Some(key.clone()),
                    _ => None,
                };
                Some((
                    at,
                    quoted_like(
                        &cx.text[at.start..at.end],
                        &template::render(&f.replace, &raw_var),
                    ),
                ))
            }
            _ => None,
        };
        record(cx, index, p, span, &var, fix);
    }
}

/// A replacement value written with the quotes the old one had.
fn quoted_like(old: &str, new: &str) -> String {
    match old.chars().next() {
        Some('"') => format!("\"{}\"", new.replace('\\', "\\\\").replace('"', "\\\"")),
        Some('\'') => format!("'{}'", new.replace('\'', "''")),
        _ => new.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_of_patterns() {
        assert_eq!(literals("acme-legacy-[a-z]+").unwrap(), ["acme-legacy-"]);
        assert_eq!(literals("(?:foo|barbaz)qux").unwrap().len(), 2);
        assert!(literals(r"\d+").is_none());
        assert!(literals("a.").is_none());
        // A case-insensitive word: cut until its spellings are few, each one a literal (the
        // Kelvin sign too, which `(?i)k` matches).
        let l = literals("(?i)heroku").unwrap();
        assert!(l.contains(&"HeRoKu".to_string()) && l.contains(&"hero\u{212a}u".to_string()));
    }

    #[test]
    fn masks_secrets_in_values() {
        let text = "url = \"postgres://u:hunter2secret@db.example.com/app\"";
        let span = Span::new(7, text.len() - 1);
        let secrets = crate::redact::secret_spans(text);
        assert!(!masked(text, span, &secrets).contains("hunter2"));
    }
}
