//! Message and fix templates: `{name}` is a variable (`{match}`, a named group, a fact's field),
//! `{{` and `}}` are braces.

/// The variables a template names, or what is wrong with it.
pub fn placeholders(t: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find(['{', '}']) {
        let (c, after) = (rest.as_bytes()[i], &rest[i + 1..]);
        if after.as_bytes().first() == Some(&c) {
            rest = &after[1..];
            continue;
        }
        if c == b'}' {
            return Err("has a `}` that opens nothing (write `}}` for a brace)".into());
        }
        let end = after
            .find('}')
            .ok_or("has a `{` that is never closed (write `{{` for a brace)")?;
        let name = after[..end].trim();
        if name.is_empty() {
            return Err("has an empty `{}`".into());
        }
        out.push(name);
        rest = &after[end + 1..];
    }
    Ok(out)
}

/// The template with each variable replaced by its value (an unknown one by nothing: `load`
/// refuses templates that name one).
pub fn render(t: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let (c, after) = (rest.as_bytes()[i], &rest[i + 1..]);
        if after.as_bytes().first() == Some(&c) {
            out.push(c as char);
            rest = &after[1..];
            continue;
        }
        match (c, after.find('}')) {
            (b'{', Some(end)) => {
                out.push_str(&value(after[..end].trim()).unwrap_or_default());
                rest = &after[end + 1..];
            }
            _ => {
                out.push(c as char);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_and_braces() {
        assert_eq!(
            placeholders("a {match} {{x}} {env}").unwrap(),
            ["match", "env"]
        );
        assert!(placeholders("a {match").is_err());
        assert!(placeholders("a }").is_err());
        assert!(placeholders("{}").is_err());
        let v = |n: &str| (n == "match").then(|| "M".to_string());
        assert_eq!(render("<{match}> {{ok}} {other}", &v), "<M> {ok} ");
    }
}
