//! A YAML tree that keeps a byte span for every key and value.
//!
//! Built from saphyr-parser's event stream rather than a loader, so that aliases are kept as
//! references and never expanded: an alias bomb ("billion laughs") costs its size in text, no
//! more. Depth and node count are bounded too.

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::Tree;
use crate::source::Span;

const MAX_DEPTH: usize = 200;
const MAX_NODES: usize = 2_000_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar; `plain` is false when it was quoted or a block scalar.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// `*name`: left unexpanded on purpose.
    Alias,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// A parse error with the byte offset it was found at.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub offset: usize,
    pub message: String,
}

impl super::Tree for Node {
    fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    fn items(&self) -> &[Node] {
        Node::items(self)
    }

    fn span(&self) -> Span {
        self.span
    }
}

impl Node {
    /// Move every span through `map` (offsets of a padded text back to the original).
    fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        self.span = Span::new(map(self.span.start), map(self.span.end));
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.remap(map)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.remap(map);
                v.remap(map);
            }),
            Value::Scalar { .. } | Value::Alias => {}
        }
    }

    /// A non-null scalar (plain `~`, `null` and the empty plain scalar count as absent).
    pub fn as_value_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, plain: true }
                if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL") =>
            {
                None
            }
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    /// Visit every scalar with the chain of mapping keys above it.
    pub fn walk_scalars<'a>(
        &'a self,
        keys: &mut Vec<&'a str>,
        f: &mut dyn FnMut(&[&'a str], &'a Node),
    ) {
        match &self.value {
            Value::Scalar { .. } => f(keys, self),
            Value::Seq(items) => items.iter().for_each(|n| n.walk_scalars(keys, f)),
            Value::Map(entries) => {
                for (k, v) in entries {
                    keys.push(k.as_str().unwrap_or(""));
                    v.walk_scalars(keys, f);
                    keys.pop();
                }
            }
            Value::Alias => {}
        }
    }
}

/// A scalar's text as the file writes it, with where it starts: a block scalar from its first
/// line of content (past its `|` or `>` header), a quoted one inside its quotes, a plain one as
/// it is. For
/// readers that need offsets into the file (a command line in a CI step, a start command):
/// the decoded value has none. Escapes and folding are left as written.
pub fn scalar_source<'t>(text: &'t str, node: &Node) -> Option<(usize, &'t str)> {
    let span = node.span;
    let raw = text.get(span.start..span.end)?;
    let (start, end) = if raw.starts_with(['|', '>']) {
        let body = raw.find('\n').map_or(raw.len(), |n| n + 1);
        (span.start + body, span.end)
    } else if raw.len() >= 2 && raw.starts_with(['"', '\'']) {
        (span.start + 1, span.end - 1)
    } else {
        (span.start, span.end)
    };
    Some((start, text.get(start..end)?))
}

/// Parse every document of a YAML stream, as the apps' own parsers would (see `like_libyaml`).
pub fn parse(text: &str) -> Result<Vec<Node>, Error> {
    like_libyaml(text, parse_exact, |docs, map| {
        for d in docs {
            d.remap(map);
        }
    })
}

/// saphyr follows YAML 1.2 strictly: the continuation lines of a quoted scalar must be indented
/// past the mapping that holds it. libyaml (which Psych and PyYAML use, so Rails and Django
/// read the file) accepts them at any column, and real files rely on it. When that is the only
/// complaint, the continuation lines get spaces (folded away inside a quoted scalar, so no
/// value changes), and the result's offsets are mapped back to the original text.
fn like_libyaml<T>(
    text: &str,
    parse: fn(&str) -> Result<T, Error>,
    remap: fn(&mut T, &dyn Fn(usize) -> usize),
) -> Result<T, Error> {
    const QUOTED_INDENT: &str = "invalid indentation in quoted scalar";
    const MAX_FIXES: usize = 64;
    const PAD: &str = "                                                                ";
    let first = match parse(text) {
        Err(e) if e.message == QUOTED_INDENT => e,
        done => return done,
    };
    // Insertion points in the original text, ascending.
    let mut inserts: Vec<usize> = Vec::new();
    let mut error = first;
    let to_original = |inserts: &[usize], at: usize| {
        // `at` is an offset of the padded text: take away the padding before it.
        let mut shift = 0;
        for (i, &pos) in inserts.iter().enumerate() {
            if pos + i * PAD.len() < at {
                shift += PAD.len().min(at - (pos + i * PAD.len()));
            }
        }
        at - shift
    };
    for _ in 0..MAX_FIXES {
        // The error points at the scalar's opening quote: pad every line it continues on.
        let open = to_original(&inserts, error.offset).min(text.len());
        let lines = continuation_lines(text, open);
        if lines.is_empty() || lines.iter().any(|l| inserts.contains(l)) {
            break;
        }
        inserts.extend(lines);
        inserts.sort_unstable();
        let mut padded = String::with_capacity(text.len() + inserts.len() * PAD.len());
        let mut last = 0;
        for &pos in &inserts {
            padded.push_str(&text[last..pos]);
            padded.push_str(PAD);
            last = pos;
        }
        padded.push_str(&text[last..]);
        match parse(&padded) {
            Ok(mut done) => {
                remap(&mut done, &|at| to_original(&inserts, at));
                return Ok(done);
            }
            Err(e) if e.message == QUOTED_INDENT => error = e,
            Err(mut e) => {
                e.offset = to_original(&inserts, e.offset);
                return Err(e);
            }
        }
    }
    Err(Error {
        offset: to_original(&inserts, error.offset),
        ..error
    })
}

/// The offset after the closing quote of the quoted scalar opened at `open`.
fn quoted_end(text: &str, open: usize) -> Option<usize> {
    let b = text.as_bytes();
    let quote = *b.get(open).filter(|q| matches!(q, b'"' | b'\''))?;
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == quote => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Starts of the lines a quoted scalar opened at `open` continues on, up to its closing quote.
fn continuation_lines(text: &str, open: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let Some(&quote) = b.get(open).filter(|q| matches!(q, b'"' | b'\'')) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == quote => break,
            b'\n' => out.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    out
}

fn parse_exact(text: &str) -> Result<Vec<Node>, Error> {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder {
        stack: Vec::new(),
        docs: Vec::new(),
        nodes: 0,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| Error {
            offset: offsets.byte(e.marker().index()),
            message: e.info().to_string(),
        })?;
        let mut span = Span::new(
            offsets.byte(span.start.index()),
            offsets.byte(span.end.index()),
        );
        // saphyr ends a quoted scalar's span after the blanks and comment that follow it; the
        // value ends at its closing quote (a fix appended to it must not land in the comment).
        if let Event::Scalar(_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, ..) = &event
        {
            span.end = quoted_end(text, span.start).unwrap_or(span.end);
        }
        builder.push(event, span).map_err(|message| Error {
            offset: span.start,
            message,
        })?;
    }
    Ok(builder.docs)
}

/// Read and parse a YAML file (config, manifest); errors name the file and the line.
pub fn load_file(path: &std::path::Path, limit: u64) -> Result<(String, Vec<Node>), String> {
    let text = crate::discover::open::read_text(path, limit)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let docs = parse_named(path, &text)?;
    Ok((text, docs))
}

/// Parse the text of the file at `path`; an error names the file and the line.
pub fn parse_named(path: &std::path::Path, text: &str) -> Result<Vec<Node>, String> {
    parse(text).map_err(|e| {
        format!(
            "{}:{}: invalid YAML: {}",
            path.display(),
            crate::source::line_of(text, e.offset),
            e.message
        )
    })
}

/// Check that a YAML stream parses, without building a tree (for files with nothing to extract).
pub fn validate(text: &str) -> Result<(), Error> {
    like_libyaml(text, validate_exact, |_, _| {})
}

fn validate_exact(text: &str) -> Result<(), Error> {
    for event in Parser::new_from_str(text) {
        if let Err(e) = event {
            return Err(Error {
                offset: CharOffsets::new(text).byte(e.marker().index()),
                message: e.info().to_string(),
            });
        }
    }
    Ok(())
}

enum Frame {
    Seq(Vec<Node>, Span),
    Map(Vec<(Node, Node)>, Option<Node>, Span),
}

struct Builder {
    stack: Vec<Frame>,
    docs: Vec<Node>,
    nodes: usize,
}

impl Builder {
    fn push(&mut self, event: Event<'_>, span: Span) -> Result<(), String> {
        match event {
            Event::Scalar(text, style, _, _) => {
                let plain = matches!(style, ScalarStyle::Plain);
                self.add(Node {
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain,
                    },
                    span,
                })?
            }
            Event::Alias(_) => self.add(Node {
                value: Value::Alias,
                span,
            })?,
            Event::SequenceStart(..) => self.open(Frame::Seq(Vec::new(), span))?,
            Event::MappingStart(..) => self.open(Frame::Map(Vec::new(), None, span))?,
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq(items, start)) => {
                        let end = items.last().map_or(span.end, |n| n.span.end).max(start.end);
                        Node {
                            value: Value::Seq(items),
                            span: Span::new(start.start, end),
                        }
                    }
                    Some(Frame::Map(entries, _, start)) => {
                        let end = entries
                            .last()
                            .map_or(span.end, |(_, v)| v.span.end)
                            .max(start.end);
                        Node {
                            value: Value::Map(entries),
                            span: Span::new(start.start, end),
                        }
                    }
                    None => return Err("unbalanced collection end".into()),
                };
                self.add(node)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn add(&mut self, node: Node) -> Result<(), String> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(format!("more than {MAX_NODES} nodes"));
        }
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Frame::Seq(items, _)) => items.push(node),
            Some(Frame::Map(entries, pending, _)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

/// saphyr reports character indices; spans everywhere else are bytes.
struct CharOffsets {
    map: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let map = (!text.is_ascii()).then(|| {
            let mut m: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            m.push(text.len());
            m
        });
        CharOffsets {
            map,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.map {
            None => char_index.min(self.len),
            Some(m) => m.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

/// Call `f` on every mapping of a YAML tree.
pub fn visit_maps<'a>(node: &'a Node, f: &mut dyn FnMut(&'a Node)) {
    match &node.value {
        Value::Map(entries) => {
            f(node);
            for (_, v) in entries {
                visit_maps(v, f);
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| visit_maps(i, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_source_is_the_text_as_written() {
        let text = "a: |\n  heroku ps\n  echo x\nb: \"heroku run x\"\nc: plain text\n";
        let doc = &parse(text).unwrap()[0];
        let src = |k: &str| scalar_source(text, doc.get(k).unwrap()).unwrap();
        assert_eq!(src("a"), (7, "heroku ps\n  echo x\n"));
        assert_eq!(src("b").1, "heroku run x");
        assert_eq!(src("c").1, "plain text");
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        let text = "a: \"0 6 * * 1\"  # mondays\nb: 'it''s'   # x\nc: plain # y\n";
        let root = &parse(text).unwrap()[0];
        for (k, want) in [("a", "\"0 6 * * 1\""), ("b", "'it''s'"), ("c", "plain")] {
            let v = root.get(k).unwrap();
            assert_eq!(&text[v.span.start..v.span.end], want);
        }
    }

    #[test]
    fn quoted_scalars_continued_at_column_zero_parse_as_libyaml_reads_them() {
        let text = "production:\n  url: \"postgres://app@db.example.com/app\nhttps://x\"\n  pool: 5\nb: 'it''s\nfine'\n";
        let docs = parse(text).unwrap();
        let root = &docs[0];
        let url = root.path(&["production", "url"]).unwrap();
        assert_eq!(
            url.as_str(),
            Some("postgres://app@db.example.com/app https://x")
        );
        assert!(text[url.span.start..url.span.end].starts_with("\"postgres://"));
        assert!(text[url.span.start..url.span.end].ends_with("https://x\""));
        let (pool_key, pool) = root.get("production").unwrap().entry("pool").unwrap();
        assert_eq!(&text[pool_key.span.start..pool_key.span.end], "pool");
        assert_eq!(&text[pool.span.start..pool.span.end], "5");
        assert_eq!(root.get("b").unwrap().as_str(), Some("it's fine"));
        assert!(validate(text).is_ok());
        // Other errors still are errors, at their own place.
        let bad = "a: \"x\ny\"\nb: [1, 2\n";
        let e = parse(bad).unwrap_err();
        assert!(e.offset >= bad.find("b:").unwrap(), "{e:?}");
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "target:\n  timezone: UTC\n  url: \"https://x\"\n";
        let docs = parse(text).unwrap();
        let (k, v) = docs[0].get("target").unwrap().entry("timezone").unwrap();
        assert_eq!(&text[k.span.start..k.span.end], "timezone");
        assert_eq!(&text[v.span.start..v.span.end], "UTC");
        let url = docs[0].path(&["target", "url"]).unwrap();
        assert_eq!(url.as_str(), Some("https://x"));
        assert!(text[url.span.start..url.span.end].contains("https://x"));
    }

    #[test]
    fn multibyte_text_keeps_byte_spans() {
        let text = "name: café\nurl: postgres://h/db\n";
        let docs = parse(text).unwrap();
        let v = docs[0].get("url").unwrap();
        assert_eq!(&text[v.span.start..v.span.end], "postgres://h/db");
    }

    #[test]
    fn errors_carry_an_offset() {
        let text = "a: 1\nb: [1, 2\nc: 3\n";
        let err = parse(text).unwrap_err();
        assert!(err.offset > 4, "{err:?}");
    }

    #[test]
    fn aliases_are_not_expanded() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            prev = name;
        }
        let docs = parse(&text).unwrap();
        assert_eq!(docs[0].entries().len(), 9);
    }
}
