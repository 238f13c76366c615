//! TOML through the `toml` crate's spanned document model.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::source::Span;

pub type Table<'i> = Spanned<DeTable<'i>>;

#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub offset: usize,
    pub message: String,
}

pub fn parse(text: &str) -> Result<Table<'_>, Error> {
    DeTable::parse(text).map_err(|e| Error {
        offset: e.span().map_or(0, |r| r.start),
        message: e.message().trim().to_string(),
    })
}

fn span<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

/// Visit every string value with its chain of keys and its span.
pub fn walk_strings<'a>(
    table: &'a DeTable<'a>,
    keys: &mut Vec<&'a str>,
    f: &mut dyn FnMut(&[&'a str], &'a str, Span),
) {
    for (k, v) in table.iter() {
        keys.push(k.get_ref());
        walk_value(v, keys, f);
        keys.pop();
    }
}

fn walk_value<'a>(
    v: &'a Spanned<DeValue<'a>>,
    keys: &mut Vec<&'a str>,
    f: &mut dyn FnMut(&[&'a str], &'a str, Span),
) {
    match v.get_ref() {
        DeValue::String(s) => f(keys, s, span(v)),
        DeValue::Array(items) => items.iter().for_each(|i| walk_value(i, keys, f)),
        DeValue::Table(t) => walk_strings(t, keys, f),
        _ => {}
    }
}

/// A string at a path of keys, with its span.
pub fn get_str<'a>(table: &'a DeTable<'a>, keys: &[&str]) -> Option<(&'a str, Span)> {
    let (last, parents) = keys.split_last()?;
    let mut t = table;
    for k in parents {
        match t.get(*k)?.get_ref() {
            DeValue::Table(inner) => t = inner,
            _ => return None,
        }
    }
    let v = t.get(*last)?;
    match v.get_ref() {
        DeValue::String(s) => Some((s, span(v))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_strings_with_spans() {
        let text = "[tools]\npython = \"3.12\"\n";
        let t = parse(text).unwrap();
        let (v, sp) = get_str(t.get_ref(), &["tools", "python"]).unwrap();
        assert_eq!(v, "3.12");
        assert_eq!(&text[sp.start..sp.end], "\"3.12\"");
    }

    #[test]
    fn error_has_offset() {
        let e = parse("a = 1\nb = = 2\n").unwrap_err();
        assert!(e.offset >= 6, "{e:?}");
    }
}
