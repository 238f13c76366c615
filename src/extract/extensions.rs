//! References to the `heroku_ext` schema in SQL, Rails schema dumps and migrations.

use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, ExtContext, ExtOrigin, ExtensionRef};
use crate::parse::lexer::Lexed;
use crate::source::Span;

static WORD: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r#"(?i)(?-u:\b)heroku_ext(?-u:\b)"#).unwrap());
static WITH_SCHEMA: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r#"(?i)(?-u:\b)SCHEMA\s+["']?$"#).unwrap());
static CREATE_SCHEMA: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?i)(?-u:\b)CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?["']?$"#).unwrap()
});
static EXTENSION_STMT: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r#"(?i)(?-u:\b)EXTENSION(?-u:\b)"#).unwrap());

/// `masked` is the file with comments blanked.
pub fn extract(cx: &mut Cx, masked: &str, origin: ExtOrigin) {
    for m in WORD.find_iter(masked) {
        let before = &masked[statement_start(masked, m.start())..m.start()];
        let after = &masked[m.end()..];
        let context = if CREATE_SCHEMA.is_match(before) {
            ExtContext::CreateSchema
        } else if WITH_SCHEMA.is_match(before) && EXTENSION_STMT.is_match(before) {
            ExtContext::WithSchema
        } else if after.starts_with('.')
            && after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"')
        {
            ExtContext::Qualifier
        } else {
            ExtContext::Other
        };
        let at = cx.loc(Span::new(m.start(), m.end()));
        cx.facts.extension_refs.push(ExtensionRef {
            at,
            context,
            origin,
        });
    }
}

/// SQL string literals are data (`COMMENT ... IS '...'`, `DEFAULT '...'`), not schema
/// references: blank their text in the comment-masked SQL, except in statements that set
/// `search_path`, whose value is a schema list in a string
/// (`set_config('search_path', '"$user", public, heroku_ext', false)`).
pub fn mask_sql_strings(lexed: &Lexed) -> String {
    let text = &lexed.masked;
    let mut b = text.clone().into_bytes();
    for s in &lexed.strings {
        if text.as_bytes()[s.start] != b'\'' {
            continue; // "quoted identifiers" are names
        }
        let before = &text[statement_start(text, s.start)..s.start];
        if before.to_ascii_lowercase().contains("search_path") {
            continue;
        }
        let closed = s.end > s.start + 1 && text.as_bytes()[s.end - 1] == b'\'';
        let end = if closed { s.end - 1 } else { s.end };
        for c in &mut b[s.start + 1..end] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    }
    // Whole characters between ASCII quotes were replaced, so this cannot fail.
    String::from_utf8(b).unwrap_or_else(|_| text.clone())
}

/// Start of the statement holding `pos`: after the previous `;` (or 400 bytes back at most).
fn statement_start(text: &str, pos: usize) -> usize {
    let floor = pos.saturating_sub(400);
    let mut start = text[..pos].rfind(';').map_or(0, |i| i + 1).max(floor);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}
