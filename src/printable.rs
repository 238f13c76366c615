//! Text made safe to print: control characters escaped, so a file name or a message cannot
//! forge output lines, move the terminal's cursor or make an XML report invalid.

use std::borrow::Cow;

/// `s` with every control character but the tab written as an escape (`\n`, `\r`, `\u{1b}`).
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c != '\t' && (c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// A text shown as a snippet, with its layout kept: line ends and tabs stay, any other control
/// character becomes `?` (one byte for one byte, so offsets into the text stay valid).
pub fn snippet(s: &str) -> Cow<'_, str> {
    let bad = |b: &u8| (b.is_ascii_control() && !matches!(b, b'\n' | b'\r' | b'\t')) || *b == 0x7f;
    if !s.as_bytes().iter().any(bad) {
        return Cow::Borrowed(s);
    }
    let bytes: Vec<u8> = s.bytes().map(|b| if bad(&b) { b'?' } else { b }).collect();
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    Cow::Owned(
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// What every message egress prints goes through: secrets masked, control characters escaped.
pub fn message(s: &str) -> String {
    escape(&crate::redact::text(s)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_line_breaks_and_terminal_codes() {
        assert_eq!(escape("a\nb\rc\u{1b}[2J\td"), "a\\nb\\rc\\u{1b}[2J\td");
        assert_eq!(escape("plain é"), "plain é");
        assert_eq!(snippet("a\u{1b}b\n\u{7f}"), "a?b\n?");
    }
}
