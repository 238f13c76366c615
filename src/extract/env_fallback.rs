//! Whether code that reads an environment variable copes with it being unset: the read's form
//! (`ENV.fetch` raises, `os.environ.get` returns `None`) and what surrounds it (`|| default`, a
//! comparison, an `if`). Shared by the watched reads and the inventory's.

use regex::Captures;

/// What a read does when the variable is unset: the forms differ in whether the code can boot
/// without it (`EnvUse::fallback`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Form {
    /// Yields nil, `undefined` or `""` (`ENV["X"]`, `process.env.X`, `os.Getenv`): the code
    /// around it decides (`|| default`, a comparison, an `if`).
    Plain,
    /// Asks whether it is set, or returns nothing quietly by design (`os.environ.get`,
    /// `ENV.key?`, `'X' in process.env`, `os.LookupEnv`).
    Optional,
    /// Raises when unset unless a default is passed (`ENV.fetch("X")`, `os.environ["X"]`,
    /// django-environ `env("X")`, `System.fetch_env!`, Spring `${X}`, envalid `str()`).
    Strict,
}

/// Whether the code copes with the variable being unset: the read has a default, asks whether
/// it is set, or its value is tested or given a fallback where it is read (`ENV["X"] || 2`,
/// `if (!process.env.X)`, `port := os.Getenv("PORT"); if port == ""`).
pub(super) fn copes(
    text: &str,
    start: usize,
    name_end: usize,
    end: usize,
    form: Form,
    c: &Captures,
) -> bool {
    match form {
        Form::Optional => true,
        Form::Strict => has_default(text, name_end, end, c),
        Form::Plain => tested(text, start, end),
    }
}

/// A default passed to a read that raises without one: a second argument or a block
/// (`ENV.fetch("X", 2)`, `ENV.fetch("X") { 2 }`, `env("X", default=...)`), Spring's
/// `${X:default}`, envalid's `str({ default: ... })`, pydantic's `Field("web", env="X")`.
fn has_default(text: &str, name_end: usize, end: usize, c: &Captures) -> bool {
    if let Some(args) = c.name("args") {
        let a = args.as_str().trim();
        return if c.get(0).is_some_and(|m| m.as_str().starts_with("Field")) {
            !(a.is_empty() || a.starts_with("..."))
        } else {
            a.contains("default")
        };
    }
    if text[name_end..].starts_with(':') {
        return true;
    }
    let rest = text[end..].trim_start_matches([' ', '\t']);
    if rest.starts_with(',') {
        return true;
    }
    let rest = rest.trim_start_matches(')').trim_start_matches([' ', '\t']);
    rest.starts_with('{') || rest.starts_with("do ") || rest.starts_with("do\n")
}

/// What follows or precedes a read that yields nil or `""` when unset, and shows the code
/// handles that: a fallback operator, a comparison, a presence test, a condition.
fn tested(text: &str, start: usize, end: usize) -> bool {
    const AFTER: &[&str] = &[
        "||",
        "??",
        "or ",
        "? ",
        "==",
        "!=",
        "=~",
        "&&",
        "&.",
        "?.",
        "and ",
        ".present?",
        ".blank?",
        ".nil?",
        ".presence",
        ".to_s",
        ".empty?",
        ".to_i",
        "is None",
        "is not None",
    ];
    const BEFORE: &[&str] = &[
        "!",
        "if",
        "if (",
        "if(",
        "unless",
        "elsif",
        "&&",
        "||",
        "??",
        "or",
        "and",
        "not",
        "Boolean(",
        "cmp.Or(",
        "present?(",
        "?",
    ];
    let after = text[end..].trim_start_matches([' ', '\t']);
    let after = after
        .trim_start_matches(')')
        .trim_start_matches([' ', '\t']);
    if AFTER.iter().any(|a| after.starts_with(a)) {
        return true;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..start].trim_end();
    if BEFORE
        .iter()
        .any(|b| before.ends_with(b) && word_boundary(before, b))
    {
        return true;
    }
    // `port := os.Getenv("PORT")` then `if port == "" {` a few lines on.
    assigned_then_tested(before, &text[end..])
}

/// `b` ends `before` as a word (`if`, not `gif`).
fn word_boundary(before: &str, b: &str) -> bool {
    if !b.chars().all(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    before[..before.len() - b.len()]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_')
}

fn assigned_then_tested(before: &str, after: &str) -> bool {
    let Some(lhs) = before
        .strip_suffix(":=")
        .or_else(|| before.strip_suffix('='))
        .filter(|l| !l.ends_with(['=', '!', '<', '>']))
    else {
        return false;
    };
    let var = lhs
        .trim_end()
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if var.is_empty() {
        return false;
    }
    let window = &after[..floor(after, 400)];
    let tests = [
        format!("{var} == \"\""),
        format!("{var} != \"\""),
        format!("len({var})"),
        format!("!{var}"),
        format!("{var} ||"),
        format!("{var} ??"),
        format!("{var}.nil?"),
        format!("{var}.blank?"),
        format!("{var}.present?"),
        format!("unless {var}"),
        format!("if {var}"),
        format!("not {var}"),
        format!("{var} is None"),
        format!("{var} == nil"),
        format!("{var} === undefined"),
    ];
    tests.iter().any(|t| window.contains(t.as_str()))
}

fn floor(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}
