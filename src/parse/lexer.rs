//! Just enough lexing to tell comments from code and find string literals, for every language
//! egress reads. Comments are blanked to spaces (same byte length, newlines kept) so regexes
//! that run afterwards cannot match prose, and spans stay valid in the original text.

use crate::discover::Lang;
use crate::source::Span;

/// Comment and string syntax of a language family.
#[derive(Debug, Clone, Copy)]
pub struct Syntax {
    line_comments: &'static [&'static str],
    block_comment: Option<(&'static str, &'static str)>,
    /// Quote characters and whether strings in them may span lines.
    quotes: &'static [(u8, bool)],
    /// `"""` / `'''` strings (Python, Kotlin, Java text blocks, Elixir heredocs).
    triple_quotes: bool,
    /// `#` starts a comment only at the start of a word (shell: `$#`, `${#x}`).
    hash_at_word_start: bool,
    /// Interpolation opener inside strings whose braces may hold nested quotes.
    interpolation: Option<&'static str>,
    /// Ruby's `=begin` ... `=end` block comments.
    ruby_begin_end: bool,
}

impl Syntax {
    pub const SQL: Syntax = Syntax {
        line_comments: &["--"],
        block_comment: Some(("/*", "*/")),
        quotes: &[(b'\'', true), (b'"', true)],
        triple_quotes: false,
        hash_at_word_start: false,
        interpolation: None,
        ruby_begin_end: false,
    };

    pub fn for_lang(lang: Lang) -> Syntax {
        const NONE: Syntax = Syntax {
            line_comments: &[],
            block_comment: None,
            quotes: &[],
            triple_quotes: false,
            hash_at_word_start: false,
            interpolation: None,
            ruby_begin_end: false,
        };
        match lang {
            Lang::Ruby => Syntax {
                line_comments: &["#"],
                quotes: &[(b'"', true), (b'\'', true), (b'`', true)],
                interpolation: Some("#{"),
                ruby_begin_end: true,
                ..NONE
            },
            Lang::Python => Syntax {
                line_comments: &["#"],
                quotes: &[(b'"', false), (b'\'', false)],
                triple_quotes: true,
                ..NONE
            },
            Lang::JavaScript | Lang::TypeScript => Syntax {
                line_comments: &["//"],
                block_comment: Some(("/*", "*/")),
                quotes: &[(b'"', false), (b'\'', false), (b'`', true)],
                interpolation: Some("${"),
                ..NONE
            },
            Lang::Go => Syntax {
                line_comments: &["//"],
                block_comment: Some(("/*", "*/")),
                quotes: &[(b'"', false), (b'\'', false), (b'`', true)],
                ..NONE
            },
            Lang::Java | Lang::Kotlin => Syntax {
                line_comments: &["//"],
                block_comment: Some(("/*", "*/")),
                quotes: &[(b'"', false), (b'\'', false)],
                triple_quotes: true,
                interpolation: Some("${"),
                ..NONE
            },
            Lang::Php => Syntax {
                line_comments: &["//", "#"],
                block_comment: Some(("/*", "*/")),
                quotes: &[(b'"', true), (b'\'', true)],
                ..NONE
            },
            Lang::Elixir => Syntax {
                line_comments: &["#"],
                quotes: &[(b'"', true), (b'\'', true)],
                triple_quotes: true,
                interpolation: Some("#{"),
                ..NONE
            },
            Lang::Shell => Syntax {
                line_comments: &["#"],
                quotes: &[(b'"', true), (b'\'', true)],
                hash_at_word_start: true,
                ..NONE
            },
        }
    }
}

/// The text with comments blanked, and the spans of string literals (quotes included).
#[derive(Debug, Clone)]
pub struct Lexed {
    pub masked: String,
    pub strings: Vec<Span>,
}

pub fn lex(text: &str, syn: Syntax) -> Lexed {
    let b = text.as_bytes();
    let mut masked = b.to_vec();
    let mut strings = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if syn.ruby_begin_end && line_start && b[i..].starts_with(b"=begin") {
            let end = find_from(b, i, b"\n=end").map_or(b.len(), |n| line_end(b, n + 1));
            blank(&mut masked, i, end);
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
                i = end;
                continue;
            }
        }
        if let Some((open, close)) = syn.block_comment {
            if b[i..].starts_with(open.as_bytes()) {
                let end = find_from(b, i + open.len(), close.as_bytes())
                    .map_or(b.len(), |n| n + close.len());
                blank(&mut masked, i, end);
                i = end;
                continue;
            }
        }
        if syn.triple_quotes && (b[i..].starts_with(b"\"\"\"") || b[i..].starts_with(b"'''")) {
            let delim = &b[i..i + 3];
            let end = find_from(b, i + 3, delim).map_or(b.len(), |n| n + 3);
            strings.push(Span::new(i, end));
            i = end;
            continue;
        }
        if let Some(&(q, multiline)) = syn.quotes.iter().find(|(q, _)| *q == c) {
            let end = string_end(b, i + 1, q, multiline, syn.interpolation);
            strings.push(Span::new(i, end));
            i = end;
            continue;
        }
        i += 1;
    }
    // Blanking replaced whole comment byte ranges with ASCII spaces, so this cannot fail.
    let masked = String::from_utf8(masked).unwrap_or_else(|_| text.to_string());
    Lexed { masked, strings }
}

/// End (exclusive) of a string that opened before `i`.
fn string_end(b: &[u8], mut i: usize, q: u8, multiline: bool, interp: Option<&str>) -> usize {
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            i += 2;
            continue;
        }
        if c == q {
            return i + 1;
        }
        if c == b'\n' && !multiline {
            return i;
        }
        if let Some(open) = interp {
            if q != b'\'' && b[i..].starts_with(open.as_bytes()) {
                i = interpolation_end(b, i + open.len());
                continue;
            }
        }
        i += 1;
    }
    b.len()
}

/// Skip a `#{ ... }` / `${ ... }` body, which may hold its own quoted strings.
fn interpolation_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 1;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                i = string_end(b, i + 1, q, false, None);
                continue;
            }
            b'\n' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
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
