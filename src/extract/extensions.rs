//! References to the `heroku_ext` schema in SQL, Rails schema dumps and migrations.

use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, ExtContext, ExtOrigin, ExtensionRef};
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

/// Start of the statement holding `pos`: after the previous `;` (or 400 bytes back at most).
fn statement_start(text: &str, pos: usize) -> usize {
    let floor = pos.saturating_sub(400);
    let mut start = text[..pos].rfind(';').map_or(0, |i| i + 1).max(floor);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}
