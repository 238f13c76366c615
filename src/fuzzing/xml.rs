//! A small XML checker for the JUnit report.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// A small XML well-formedness check (no XML crate in the tree)

/// Whether a character may appear in an XML 1.0 document.
pub(super) fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Enough of XML 1.0 for what egress writes: a declaration, elements with double-quoted
/// attributes, text, the five named entities and character references. Names the first problem.
pub fn check_xml(doc: &str) -> Result<(), String> {
    if let Some((i, c)) = doc.char_indices().find(|(_, c)| !xml_char(*c)) {
        return Err(format!("character {c:?} at byte {i} is not allowed in XML"));
    }
    let b = doc.as_bytes();
    let mut i = 0;
    if doc.starts_with("<?xml") {
        i = doc.find("?>").ok_or("unterminated XML declaration")? + 2;
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let name_end = |from: usize| {
        let mut j = from;
        while j < b.len()
            && (b[j].is_ascii_alphanumeric() || b"_-.:".contains(&b[j]) || b[j] >= 0x80)
        {
            j += 1;
        }
        j
    };
    let text_ok = |s: &str, in_attr: bool| -> Result<(), String> {
        let mut rest = s;
        while let Some(n) = rest.find(['<', '&', '"']) {
            let c = rest.as_bytes()[n];
            if c == b'<' || (c == b'"' && in_attr) {
                return Err(format!("raw {:?} in text or attribute", c as char));
            }
            if c == b'&' {
                let after = &rest[n + 1..];
                let end = after.find(';').ok_or("unterminated entity")?;
                let ent = &after[..end];
                let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                    || ent
                        .strip_prefix("#x")
                        .is_some_and(|h| !h.is_empty() && h.bytes().all(|d| d.is_ascii_hexdigit()))
                    || ent
                        .strip_prefix('#')
                        .is_some_and(|d| !d.is_empty() && d.bytes().all(|d| d.is_ascii_digit()));
                if !ok {
                    return Err(format!("bad entity &{ent};"));
                }
            }
            rest = &rest[n + 1..];
        }
        Ok(())
    };
    while i < b.len() {
        if b[i] != b'<' {
            let next = doc[i..].find('<').map_or(b.len(), |n| i + n);
            let t = &doc[i..next];
            if stack.is_empty() && !t.trim().is_empty() {
                return Err(format!("text outside the root element: {t:?}"));
            }
            text_ok(t, false)?;
            i = next;
            continue;
        }
        if b.get(i + 1) == Some(&b'/') {
            let end = name_end(i + 2);
            let name = &doc[i + 2..end];
            let close = doc[end..].find('>').ok_or("unterminated end tag")? + end;
            if !doc[end..close].trim().is_empty() {
                return Err(format!("junk in end tag </{name}"));
            }
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            i = close + 1;
            continue;
        }
        let end = name_end(i + 1);
        if end == i + 1 {
            return Err(format!("bad tag at byte {i}"));
        }
        let name = &doc[i + 1..end];
        if stack.is_empty() {
            roots += 1;
        }
        let mut j = end;
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            match b.get(j) {
                None => return Err(format!("unterminated tag <{name}")),
                Some(b'>') => {
                    stack.push(name);
                    j += 1;
                    break;
                }
                Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                    j += 2;
                    break;
                }
                Some(_) => {
                    let an = name_end(j);
                    if an == j || b.get(an) != Some(&b'=') || b.get(an + 1) != Some(&b'"') {
                        return Err(format!("bad attribute in <{name}"));
                    }
                    let vstart = an + 2;
                    let vend = doc[vstart..]
                        .find('"')
                        .ok_or("unterminated attribute value")?
                        + vstart;
                    text_ok(&doc[vstart..vend], true)?;
                    j = vend + 1;
                    if !b
                        .get(j)
                        .is_some_and(|c| c.is_ascii_whitespace() || b"/>".contains(c))
                    {
                        return Err(format!("no space after an attribute of <{name}"));
                    }
                }
            }
        }
        i = j;
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}
