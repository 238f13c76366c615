//! A small JSON reader that keeps byte spans. serde_json throws positions away once a value is
//! built; egress needs them to point at the exact key. `lenient` accepts what editors write in
//! tsconfig.json and friends (comments, trailing commas), so those never count as broken.

use super::Tree;
use crate::source::Span;

const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number,
    Str(String),
    Array(Vec<Node>),
    Object(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub offset: usize,
    pub message: String,
}

impl super::Tree for Node {
    fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
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
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(a) => a,
            _ => &[],
        }
    }
    /// Visit every string value with the chain of object keys above it.
    pub fn walk_strings<'a>(
        &'a self,
        keys: &mut Vec<&'a str>,
        f: &mut dyn FnMut(&[&'a str], &'a Node),
    ) {
        match &self.value {
            Value::Str(_) => f(keys, self),
            Value::Array(items) => items.iter().for_each(|n| n.walk_strings(keys, f)),
            Value::Object(entries) => {
                for (k, v) in entries {
                    keys.push(k.as_str().unwrap_or(""));
                    v.walk_strings(keys, f);
                    keys.pop();
                }
            }
            _ => {}
        }
    }
}

pub fn parse(text: &str, lenient: bool) -> Result<Node, Error> {
    let mut p = Reader {
        b: text.as_bytes(),
        text,
        i: 0,
        lenient,
        depth: 0,
    };
    p.skip_ws()?;
    let v = p.value()?;
    p.skip_ws()?;
    if p.i < p.b.len() {
        return p.err("unexpected text after the JSON value");
    }
    Ok(v)
}

struct Reader<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
    lenient: bool,
    depth: usize,
}

impl Reader<'_> {
    fn err<T>(&self, message: &str) -> Result<T, Error> {
        Err(Error {
            offset: self.i.min(self.b.len()),
            message: message.to_string(),
        })
    }

    fn skip_ws(&mut self) -> Result<(), Error> {
        loop {
            while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            }
            if self.lenient && self.b[self.i..].starts_with(b"//") {
                self.i =
                    memchr::memchr(b'\n', &self.b[self.i..]).map_or(self.b.len(), |n| self.i + n);
            } else if self.lenient && self.b[self.i..].starts_with(b"/*") {
                match memchr::memmem::find(&self.b[self.i + 2..], b"*/") {
                    Some(n) => self.i += n + 4,
                    None => return self.err("unterminated /* comment"),
                }
            } else {
                return Ok(());
            }
        }
    }

    fn value(&mut self) -> Result<Node, Error> {
        let start = self.i;
        let value = match self.b.get(self.i) {
            None => return self.err("unexpected end of input, expected a value"),
            Some(b'{') => self.container(b'}')?,
            Some(b'[') => self.container(b']')?,
            Some(b'"') => Value::Str(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(c) if *c == b'-' || c.is_ascii_digit() => self.number()?,
            Some(_) => return self.err("expected a value"),
        };
        Ok(Node {
            value,
            span: Span::new(start, self.i),
        })
    }

    fn container(&mut self, close: u8) -> Result<Value, Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("nested deeper than 256 levels");
        }
        self.i += 1;
        let mut items = Vec::new();
        let mut entries = Vec::new();
        loop {
            self.skip_ws()?;
            if self.b.get(self.i) == Some(&close) {
                self.i += 1;
                break;
            }
            if !(items.is_empty() && entries.is_empty()) {
                if self.b.get(self.i) != Some(&b',') {
                    return self.err(if close == b'}' {
                        "expected ',' or '}'"
                    } else {
                        "expected ',' or ']'"
                    });
                }
                self.i += 1;
                self.skip_ws()?;
                if self.b.get(self.i) == Some(&close) {
                    if !self.lenient {
                        return self.err("trailing comma");
                    }
                    self.i += 1;
                    break;
                }
            }
            if close == b'}' {
                if self.b.get(self.i) != Some(&b'"') {
                    return self.err("expected a string key");
                }
                let start = self.i;
                let key = self.string()?;
                let key = Node {
                    value: Value::Str(key),
                    span: Span::new(start, self.i),
                };
                self.skip_ws()?;
                if self.b.get(self.i) != Some(&b':') {
                    return self.err("expected ':' after the key");
                }
                self.i += 1;
                self.skip_ws()?;
                entries.push((key, self.value()?));
            } else {
                items.push(self.value()?);
            }
        }
        self.depth -= 1;
        Ok(if close == b'}' {
            Value::Object(entries)
        } else {
            Value::Array(items)
        })
    }

    fn string(&mut self) -> Result<String, Error> {
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'"' => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.i]);
                    let esc = self.b.get(self.i + 1).copied();
                    self.i += 2;
                    match esc {
                        Some(b'n') => out.push('\n'),
                        Some(b't') => out.push('\t'),
                        Some(b'r') => out.push('\r'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'u') => {
                            let Some(code) = self.hex4(self.i) else {
                                self.i -= 2;
                                return self.err("invalid \\u escape (four hex digits expected)");
                            };
                            self.i += 4;
                            // A UTF-16 surrogate pair is one character.
                            let low = (0xD800..0xDC00).contains(&code)
                                && self.b.get(self.i..self.i + 2) == Some(b"\\u")
                                && self
                                    .hex4(self.i + 2)
                                    .is_some_and(|l| (0xDC00..0xE000).contains(&l));
                            let c = if low {
                                let l = self.hex4(self.i + 2).unwrap_or(0);
                                self.i += 6;
                                0x10000 + ((code - 0xD800) << 10) + (l - 0xDC00)
                            } else {
                                code
                            };
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        Some(c @ (b'"' | b'\\' | b'/')) => out.push(c as char),
                        _ => {
                            self.i -= 1;
                            return self.err("invalid escape in string");
                        }
                    }
                    run = self.i.min(self.b.len());
                }
                b'\n' => return self.err("unterminated string"),
                _ => self.i += 1,
            }
        }
        self.err("unterminated string")
    }

    /// Four hex digits at byte `at`, as a number.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.b.get(at..at + 4)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        digits
            .iter()
            .try_fold(0u32, |n, d| Some(n * 16 + (*d as char).to_digit(16)?))
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, Error> {
        if self.b[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            self.err("expected a value")
        }
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.i;
        while self.i < self.b.len()
            && matches!(
                self.b[self.i],
                b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
            )
        {
            self.i += 1;
        }
        if self.text[start..self.i].parse::<f64>().is_err() {
            self.i = start;
            return self.err("invalid number");
        }
        Ok(Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = r#"{"engines": {"node": "20.x"}, "a": [1, true, null]}"#;
        let v = parse(text, false).unwrap();
        let (k, n) = v.get("engines").unwrap().entry("node").unwrap();
        assert_eq!(&text[k.span.start..k.span.end], "\"node\"");
        assert_eq!(&text[n.span.start..n.span.end], "\"20.x\"");
    }

    #[test]
    fn strict_rejects_trailing_commas_lenient_accepts_them_and_comments() {
        let text = "{\n  \"a\": 1,\n}\n";
        let e = parse(text, false).unwrap_err();
        assert_eq!(e.message, "trailing comma");
        assert!(parse("{ // c\n \"a\": [1,], /* x */ }", true).is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        assert!(parse(&text, false).is_err());
    }
}
