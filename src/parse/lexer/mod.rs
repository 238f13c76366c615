//! Just enough lexing to tell comments from code and find string literals (heredocs included)
//! and the interpolations inside them, for every language egress reads. Comments are blanked to
//! spaces (same byte length, newlines kept) so regexes that run afterwards cannot match prose,
//! and spans stay valid in the original text.

mod syntax;

pub use syntax::{Interp, Syntax};

use crate::source::Span;

/// The text with comments blanked, the spans of string literals (quotes included), and the
/// spans of the interpolations inside them (`#{...}`, `${...}`, `$NAME`, f-string `{...}`).
#[derive(Debug, Clone)]
pub struct Lexed {
    pub masked: String,
    pub strings: Vec<Span>,
    pub interpolations: Vec<Span>,
    /// The spans of comments, delimiters included (what `masked` blanked), in order.
    pub comments: Vec<Span>,
}

impl Lexed {
    /// Whether `pos` lies in the text of a string literal (after its opening quote) and not in
    /// an interpolation: what is there is data or prose, not code.
    pub fn in_literal_text(&self, pos: usize) -> bool {
        let inside = |spans: &[Span], strict: bool| {
            let i = spans.partition_point(|s| {
                if strict {
                    s.start < pos
                } else {
                    s.start <= pos
                }
            });
            i > 0 && pos < spans[i - 1].end
        };
        inside(&self.strings, true) && !inside(&self.interpolations, false)
    }
}

pub fn lex(text: &str, syn: Syntax) -> Lexed {
    let b = text.as_bytes();
    let mut masked = b.to_vec();
    let mut strings = Vec::new();
    let mut interps = Vec::new();
    let mut comments = Vec::new();
    let mut pending: Vec<Heredoc> = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line_start = true;
            i += 1;
            // Heredoc bodies start on the line after their opener.
            for h in pending.drain(..) {
                if let Some((body_end, next)) = h.terminator(b, i) {
                    // From the newline before the body, so every body byte is strictly inside.
                    strings.push(Span::new(i - 1, body_end));
                    interps_in(b, i, body_end, h.interp, &mut interps);
                    i = next;
                }
            }
            continue;
        }
        if syn.ruby_begin_end && line_start && b[i..].starts_with(b"=begin") {
            let end = find_from(b, i, b"\n=end").map_or(b.len(), |n| line_end(b, n + 1));
            blank(&mut masked, i, end);
            comments.push(Span::new(i, end));
            i = end;
            continue;
        }
        if !c.is_ascii_whitespace() {
            line_start = false;
        }
        if let Some(tok) = syn
            .line_comments
            .iter()
            .find(|t| b[i..].starts_with(t.as_bytes()))
        {
            let word_start =
                i == 0 || b[i - 1].is_ascii_whitespace() || b";|&(".contains(&b[i - 1]);
            if !(syn.hash_at_word_start && *tok == "#" && !word_start) {
                let end = line_end(b, i);
                blank(&mut masked, i, end);
                comments.push(Span::new(i, end));
                i = end;
                continue;
            }
        }
        if let Some((open, close)) = syn.block_comment {
            if b[i..].starts_with(open.as_bytes()) {
                let end = find_from(b, i + open.len(), close.as_bytes())
                    .map_or(b.len(), |n| n + close.len());
                blank(&mut masked, i, end);
                comments.push(Span::new(i, end));
                i = end;
                continue;
            }
        }
        if syn.heredocs && b[i..].starts_with(b"<<") && !b[i..].starts_with(b"<<<") {
            if let Some((h, after)) = Heredoc::open(b, i + 2, &syn) {
                pending.push(h);
                i = after;
                continue;
            }
        }
        if syn.triple_quotes && (b[i..].starts_with(b"\"\"\"") || b[i..].starts_with(b"'''")) {
            let interp = syn.interp_for(b, i);
            let end = string_end(b, i + 3, &b[i..i + 3], true, interp, &mut interps);
            strings.push(Span::new(i, end));
            i = end;
            continue;
        }
        if let Some(&(q, multiline)) = syn.quotes.iter().find(|(q, _)| *q == c) {
            let interp = syn.interp_for(b, i);
            let end = string_end(b, i + 1, &[q], multiline, interp, &mut interps);
            strings.push(Span::new(i, end));
            i = end;
            continue;
        }
        i += 1;
    }
    // Blanking replaced whole comment byte ranges with ASCII spaces, so this cannot fail.
    let masked = String::from_utf8(masked).unwrap_or_else(|_| text.to_string());
    Lexed {
        masked,
        strings,
        interpolations: interps,
        comments,
    }
}

/// End (exclusive) of a string whose text starts at `i` and that closes with `close`; the
/// interpolations inside it are added to `interps`.
fn string_end(
    b: &[u8],
    mut i: usize,
    close: &[u8],
    multiline: bool,
    interp: Interp,
    interps: &mut Vec<Span>,
) -> usize {
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            i += 2;
            continue;
        }
        if b[i..].starts_with(close) {
            return i + close.len();
        }
        if c == b'\n' && !multiline {
            return i;
        }
        match interp_at(b, i, interp) {
            Some((end, true)) => {
                interps.push(Span::new(i, end));
                i = end;
            }
            Some((end, false)) => i = end,
            None => i += 1,
        }
    }
    b.len()
}

/// An interpolation starting at `i`: its end, and whether it is one (`false` for an escape such
/// as an f-string's `{{`).
fn interp_at(b: &[u8], i: usize, interp: Interp) -> Option<(usize, bool)> {
    match interp {
        Interp::Braces(open) if b[i..].starts_with(open.as_bytes()) => {
            Some((group_end(b, i + open.len(), b'{', b'}'), true))
        }
        Interp::Format if b[i..].starts_with(b"{{") => Some((i + 2, false)),
        Interp::Format if b[i] == b'{' => Some((group_end(b, i + 1, b'{', b'}'), true)),
        Interp::Dollar if b[i] == b'$' => dollar_end(b, i).map(|e| (e, true)),
        _ => None,
    }
}

/// The interpolations of a heredoc body.
fn interps_in(b: &[u8], mut i: usize, end: usize, interp: Interp, interps: &mut Vec<Span>) {
    while i < end {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        match interp_at(b, i, interp) {
            Some((e, true)) => {
                interps.push(Span::new(i, e.min(end)));
                i = e.max(i + 1);
            }
            Some((e, false)) => i = e.max(i + 1),
            None => i += 1,
        }
    }
}

/// A heredoc opened on the current line: its terminator word, whether the terminator may be
/// indented (`<<~`, `<<-`), and how its body interpolates (not at all for a quoted `'ID'`).
struct Heredoc<'a> {
    id: &'a [u8],
    indented: bool,
    interp: Interp,
}

impl<'a> Heredoc<'a> {
    /// Parse `~ID`, `-ID`, `ID`, `'ID'`, `"ID"` after `<<` at `i`; the end of the opener.
    fn open(b: &'a [u8], mut i: usize, syn: &Syntax) -> Option<(Heredoc<'a>, usize)> {
        let shell = syn.interpolation == Interp::Dollar;
        let indented = matches!(b.get(i), Some(b'~' | b'-'));
        i += usize::from(indented);
        while shell && matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let quote = b.get(i).copied().filter(|q| b"'\"`".contains(q));
        i += usize::from(quote.is_some());
        let start = i;
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            i += 1;
        }
        let first = *b.get(start)?;
        // Ruby's bare `<<x` is a shift or an append unless an upper-case word follows.
        if i == start
            || first.is_ascii_digit()
            || (!shell && !indented && quote.is_none() && !first.is_ascii_uppercase())
        {
            return None;
        }
        let id = &b[start..i];
        if let Some(q) = quote {
            if b.get(i) != Some(&q) {
                return None;
            }
            i += 1;
        }
        let literal = quote == Some(b'\'') || (shell && quote.is_some());
        let interp = if literal {
            Interp::None
        } else {
            syn.interpolation
        };
        Some((
            Heredoc {
                id,
                indented,
                interp,
            },
            i,
        ))
    }

    /// From the body's first line at `from`: where the terminator line starts (the body's end)
    /// and where the line after it starts. None when the heredoc is never closed, which is then
    /// taken for something else (a shift in shell arithmetic, ...).
    fn terminator(&self, b: &[u8], from: usize) -> Option<(usize, usize)> {
        let mut ls = from;
        while ls < b.len() {
            let le = line_end(b, ls);
            let mut line = &b[ls..le];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            if self.indented {
                let n = line
                    .iter()
                    .take_while(|c| **c == b' ' || **c == b'\t')
                    .count();
                line = &line[n..];
            }
            if line == self.id {
                return Some((ls, (le + 1).min(b.len())));
            }
            ls = le + 1;
        }
        None
    }
}

/// Skip the body of a `#{ ... }` / `${ ... }` / `$( ... )` group that opened before `i`; it may
/// hold its own quoted strings. Brace groups end at the line's end; `$( ... )` may span lines.
fn group_end(b: &[u8], mut i: usize, open: u8, close: u8) -> usize {
    let mut depth = 1;
    while i < b.len() {
        match b[i] {
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                i = string_end(b, i + 1, &[q], open == b'(', Interp::None, &mut Vec::new());
                continue;
            }
            b'\n' if open == b'{' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Shell: the end of `$NAME`, `${...}`, `$(...)` or `$1`/`$@`/`$?` at `i`, if that is one.
fn dollar_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i + 1)? {
        b'{' => Some(group_end(b, i + 2, b'{', b'}')),
        b'(' => Some(group_end(b, i + 2, b'(', b')')),
        c if c.is_ascii_alphabetic() || c == b'_' => Some(
            b[i + 1..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                .map_or(b.len(), |n| i + 1 + n),
        ),
        c if c.is_ascii_digit() || b"@*#?$!-".contains(&c) => Some(i + 2),
        _ => None,
    }
}

fn line_end(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n)
}

fn find_from(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|n| from + n)
}

fn blank(masked: &mut [u8], start: usize, end: usize) {
    for c in &mut masked[start..end] {
        if *c != b'\n' {
            *c = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Lang;

    fn masked(text: &str, lang: Lang) -> String {
        lex(text, Syntax::for_lang(lang)).masked
    }

    #[test]
    fn blanks_comments_but_not_strings() {
        let m = masked("x = ENV['DYNO'] # DYNO here\n# ENV['DYNO']\n", Lang::Ruby);
        assert_eq!(m.matches("DYNO").count(), 1);
        let m = masked(
            "url = \"postgres://h/db\" // postgres://c\n",
            Lang::JavaScript,
        );
        assert!(m.contains("postgres://h/db") && !m.contains("postgres://c"));
    }

    #[test]
    fn shell_hash_needs_word_start() {
        let m = masked("echo ${#DYNO} $# # $DYNO\n", Lang::Shell);
        assert!(m.contains("${#DYNO}") && !m.contains("$DYNO"));
    }

    #[test]
    fn ruby_interpolation_holds_nested_quotes() {
        let text = "s = \"id-#{ENV[\"DYNO\"]}\" # note\n";
        let l = lex(text, Syntax::for_lang(Lang::Ruby));
        assert_eq!(l.strings.len(), 1);
        assert_eq!(
            &text[l.strings[0].start..l.strings[0].end],
            "\"id-#{ENV[\"DYNO\"]}\""
        );
    }

    #[test]
    fn interpolations_per_language_and_quote() {
        let interps = |text: &str, lang: Lang| {
            let l = lex(text, Syntax::for_lang(lang));
            l.interpolations
                .iter()
                .map(|s| text[s.start..s.end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(interps("a = \"x#{b}\" + 'y#{c}'\n", Lang::Ruby), ["#{b}"]);
        assert_eq!(
            interps("a = `x${b}` + \"${c}\"\n", Lang::JavaScript),
            ["${b}"]
        );
        assert_eq!(
            interps("a = f\"{b['k']}{{c}}\" + \"{d}\" + rf'{e}'\n", Lang::Python),
            ["{b['k']}", "{e}"]
        );
        assert_eq!(
            interps("echo \"$A ${B:-x} $(c \"d\")\" '$E'\n", Lang::Shell),
            ["$A", "${B:-x}", "$(c \"d\")"]
        );
        let l = lex("x = \"a #{ENV['D']} b\"\n", Syntax::for_lang(Lang::Ruby));
        assert!(!l.in_literal_text(4) && l.in_literal_text(5));
        assert!(!l.in_literal_text(8) && l.in_literal_text(18));
    }

    #[test]
    fn heredoc_bodies_are_strings() {
        let text = "sql = <<~SQL.strip\n  SELECT 1 -- don't\n  #{x}\n  SQL\nz = ENV['DYNO']\n";
        let l = lex(text, Syntax::for_lang(Lang::Ruby));
        let spans: Vec<_> = l.strings.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(spans, ["\n  SELECT 1 -- don't\n  #{x}\n", "'DYNO'"]);
        assert_eq!(l.interpolations.len(), 1);
        let text = "cat <<'EOF'\n$A\nEOF\ncat <<-EOF\n$B\n\tEOF\necho $((1 << 2))\n";
        let l = lex(text, Syntax::for_lang(Lang::Shell));
        let interps: Vec<_> = l
            .interpolations
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(interps, ["$B"]);
        assert_eq!(l.strings.len(), 2);
        // A shift is not a heredoc.
        let l = lex(
            "a <<b\nclass << self\nx = 'y'\n",
            Syntax::for_lang(Lang::Ruby),
        );
        assert_eq!(l.strings.len(), 1);
    }

    #[test]
    fn python_docstrings_are_strings() {
        let l = lex(
            "'''doc # not a comment'''\nx = 1 # c\n",
            Syntax::for_lang(Lang::Python),
        );
        assert_eq!(l.strings.len(), 1);
        assert!(l.masked.contains("not a comment"));
    }

    #[test]
    fn sql_comments() {
        let l = lex(
            "-- heroku_ext\nCREATE x; /* heroku_ext */ SELECT 'a--b';\n",
            Syntax::SQL,
        );
        assert!(!l.masked.contains("heroku_ext"));
        assert!(l.masked.contains("'a--b'"));
    }
}
