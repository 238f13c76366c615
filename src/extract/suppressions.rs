//! Inline suppressions: `egress-ignore: EG201, heroku-ext-reference -- reason` and
//! `egress-ignore-file: EG301 -- reason` in the comments of any file that can hold them.
//!
//! Runs only when the prefilter saw `egress-ignore`. The directive must open its comment (after
//! the comment marker), so prose that mentions it is not one. Names are kept as written: the
//! rules resolve them, and a name that resolves to nothing is a finding, never "ignore all".

use crate::parse::lexer::{self, Syntax};
use crate::source::SourceKind;
use crate::source::Span;

use super::{Cx, SuppressedRule, Suppression, SuppressionScope};

const DIRECTIVE: &str = "egress-ignore";

/// The comment syntax of a file, or None when it cannot hold comments (JSON).
fn syntax(cx: &Cx) -> Option<Syntax> {
    let kind = cx.kind;
    match kind {
        SourceKind::AppJson
        | SourceKind::PackageJson
        | SourceKind::ComposerJson
        | SourceKind::MigrationContract
        | SourceKind::Json
        | SourceKind::Prose => None,
        SourceKind::Sql => Some(Syntax::SQL),
        SourceKind::GoMod => Some(Syntax::SLASHES),
        SourceKind::LanguageManifest => Some(match cx.src.file_name() {
            "pom.xml" => Syntax::MARKUP,
            "build.gradle" | "build.gradle.kts" => Syntax::SLASHES,
            "setup.py" => Syntax::for_lang(crate::source::Lang::Python),
            _ => Syntax::HASH,
        }),
        // Scripts with a shebang were sniffed as code already.
        SourceKind::Other => None,
        _ => Some(kind.lang().map_or(Syntax::HASH, Syntax::for_lang)),
    }
}

/// A directive found in one comment, before its lines are resolved.
struct Found {
    sup: Suppression,
    /// 0-based lines where the comment starts and ends.
    first: usize,
    last: usize,
    /// Nothing but blanks shares the comment's lines.
    alone: bool,
}

pub fn extract(cx: &mut Cx) {
    let Some(syn) = syntax(cx) else { return };
    let text = cx.text;
    let lexed = lexer::lex(text, syn);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    let line_of = |off: usize| starts.partition_point(|s| *s <= off) - 1;
    let line_text = |l: usize| {
        let end = starts.get(l + 1).map_or(text.len(), |s| s - 1);
        &text[starts[l]..end]
    };
    let mut found: Vec<Found> = Vec::new();
    for c in &lexed.comments {
        let Some(sup) = parse(text, *c) else { continue };
        let (first, last) = (
            line_of(c.start),
            line_of(c.end.saturating_sub(1).max(c.start)),
        );
        let before = &text[starts[first]..c.start];
        let after_end = starts.get(last + 1).map_or(text.len(), |s| s - 1);
        let after = text.get(c.end.min(after_end)..after_end).unwrap_or("");
        let alone = before.trim().is_empty() && after.trim().is_empty();
        found.push(Found {
            sup: sup.into_fact(cx),
            first,
            last,
            alone,
        });
    }
    // A directive alone on its line covers the next line with code, past blank lines and other
    // directives stacked above it.
    let stacked: Vec<usize> = found.iter().filter(|f| f.alone).map(|f| f.first).collect();
    for f in found {
        let mut sup = f.sup;
        if let SuppressionScope::Line(_) = sup.scope {
            let mut line = f.first;
            if f.alone {
                line = f.last + 1;
                while line < starts.len()
                    && (line_text(line).trim().is_empty() || stacked.contains(&line))
                {
                    line += 1;
                }
            }
            sup.scope = SuppressionScope::Line(line + 1);
        }
        cx.facts.suppressions.push(sup);
    }
}

/// A directive as parsed from a comment, spans absolute.
struct Parsed {
    at: Span,
    scope: SuppressionScope,
    rules: Vec<SuppressedRule>,
    reason: Option<String>,
    problem: Option<String>,
}

impl Parsed {
    fn into_fact(self, cx: &Cx) -> Suppression {
        Suppression {
            at: cx.loc(self.at),
            scope: self.scope,
            rules: self.rules,
            reason: self.reason,
            problem: self.problem,
        }
    }
}

/// The directive that opens the comment at `c`, if it holds one.
fn parse(text: &str, c: Span) -> Option<Parsed> {
    let comment = &text[c.start..c.end];
    let body = comment.trim_start_matches(|ch: char| "#/*-!<;".contains(ch) || ch.is_whitespace());
    if !body.starts_with(DIRECTIVE) {
        return None;
    }
    let body = body
        .trim_end()
        .trim_end_matches("*/")
        .trim_end_matches("-->")
        .trim_end();
    let base = offset(text, body);
    let at = Span::new(base, base + body.len());
    let rest = &body[DIRECTIVE.len()..];
    let (scope, rest) = if let Some(r) = rest.strip_prefix("-file:") {
        (SuppressionScope::File, r)
    } else if let Some(r) = rest.strip_prefix(':') {
        (SuppressionScope::Line(0), r)
    } else {
        return Some(Parsed {
            at,
            scope: SuppressionScope::Line(0),
            rules: Vec::new(),
            reason: None,
            problem: Some(
                "malformed suppression: write `egress-ignore: RULE -- reason` or \
                 `egress-ignore-file: RULE -- reason`"
                    .into(),
            ),
        });
    };
    let (list, reason) = match rest.find("--") {
        Some(n) => (
            &rest[..n],
            Some(rest[n + 2..].trim()).filter(|r| !r.is_empty()),
        ),
        None => (rest, None),
    };
    let mut rules = Vec::new();
    let mut problem = None;
    for item in list.split(',') {
        let item = item.trim();
        let mut words = item.split_whitespace();
        let Some(name) = words.next() else { continue };
        let start = offset(text, name);
        rules.push(SuppressedRule {
            name: name.to_string(),
            span: Span::new(start, start + name.len()),
        });
        let extra = item[name.len()..].trim();
        if !extra.is_empty() && problem.is_none() {
            problem = Some(format!(
                "unexpected `{extra}` after the rule `{name}`: separate rules with `,` and \
                 give the reason after ` -- `"
            ));
        }
    }
    if rules.is_empty() {
        problem = Some("suppression names no rule: write the rule ids or names it silences".into());
    }
    Some(Parsed {
        at,
        scope,
        rules,
        reason: reason.map(str::to_string),
        problem,
    })
}

/// Byte offset of `sub` (a slice of `text`) in `text`.
fn offset(text: &str, sub: &str) -> usize {
    sub.as_ptr() as usize - text.as_ptr() as usize
}

#[cfg(test)]
mod tests {
    use crate::engine::lint_memory;
    use crate::extract::SuppressionScope;
    use crate::rules::RuleSet;

    fn sups(path: &str, text: &str) -> Vec<crate::extract::Suppression> {
        let (contract, _) = lint_memory(&[(path, text)], &RuleSet::empty());
        contract.facts.suppressions
    }

    #[test]
    fn line_and_file_forms_in_each_comment_syntax() {
        let s = sups("a.rb", "x = 1 # egress-ignore: EG201 -- why\n");
        assert_eq!(s[0].scope, SuppressionScope::Line(1));
        assert_eq!(s[0].reason.as_deref(), Some("why"));
        assert_eq!(s[0].rules[0].name, "EG201");
        let s = sups(
            "a.js",
            "// egress-ignore: EG201, missing-sslmode\n\n/* egress-ignore: EG101 */\nx();\n",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].scope, SuppressionScope::Line(4));
        assert_eq!(s[0].rules.len(), 2);
        assert!(s[0].reason.is_none() && s[0].problem.is_none());
        assert_eq!(s[1].scope, SuppressionScope::Line(4));
        let s = sups("db/structure.sql", "-- egress-ignore-file: EG301 -- dump\n");
        assert_eq!(s[0].scope, SuppressionScope::File);
        let s = sups("pom.xml", "<!-- egress-ignore-file: EG501 -- x -->\n");
        assert_eq!(s[0].reason.as_deref(), Some("x"));
        assert_eq!(
            sups(".env", "URL=postgres://h/db # egress-ignore: EG101 -- x\n")[0].scope,
            SuppressionScope::Line(1)
        );
        assert!(sups("package.json", "{\"a\": \"# egress-ignore: EG201\"}").is_empty());
    }

    #[test]
    fn prose_and_malformed_directives() {
        assert!(sups("a.py", "# see the egress-ignore docs\n").is_empty());
        let s = sups("a.py", "# egress-ignore-file: EG301 trailing text\n");
        assert_eq!(s[0].rules.len(), 1);
        assert!(s[0].problem.as_deref().unwrap().contains("trailing text"));
        let s = sups("a.py", "# egress-ignore EG301\n");
        assert!(s[0].rules.is_empty() && s[0].problem.is_some());
        let s = sups("a.py", "# egress-ignore: -- because\n");
        assert!(s[0].rules.is_empty() && s[0].problem.is_some());
    }
}
