//! Query strings appended to a placeholder that holds a whole URL:
//! `${DATABASE_URL}?sslmode=require` in env files, YAML, TOML, JSON, Procfiles, Dockerfiles and
//! shell; `"#{ENV['DATABASE_URL']}?sslmode=require"`, `` `${process.env.DATABASE_URL}?...` ``,
//! `f"{os.environ['DATABASE_URL']}?..."`, `fmt.Sprintf("%s?sslmode=require", os.Getenv(...))`
//! and `ENV["DATABASE_URL"] + "?sslmode=require"` in code. A placeholder inside a URL
//! (`postgres://${HOST}/${DB}?sslmode=require`) is not one: the URL's own `?` is the first.

use std::sync::LazyLock;

use regex::Regex;

use super::parsed::{FileSyntax, Parsed};
use super::{AppendedQuery, Cx};
use crate::parse::lexer::{self, Lexed};
use crate::source::{Lang, SourceKind, Span};

/// The `?` of every query string in `text` that sets `sslmode`.
fn queries(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.match_indices('?').map(|(q, _)| q).filter(|&q| {
        let (end, _) = params(text, q);
        let query = &text[q + 1..end];
        query.starts_with("sslmode=") || query.contains("&sslmode=")
    })
}

/// An env read in code (`ENV["X"]`, `os.environ`, `process.env.X`, `os.Getenv`, ...).
static ENV_READ: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?-u:\b)(?:ENV(?:\[|\.fetch)|os\.environ|os\.getenv|os\.Getenv|getenv\(|process\.env|System\.getenv|System\.get_env|Deno\.env|env\(|\$_ENV|\$_SERVER)"#,
    )
    .unwrap()
});
/// The variable an env read names: a quoted name, or `process.env.NAME`.
static ENV_NAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"["'](?P<q>[A-Za-z_][A-Za-z0-9_]*)["']|process\.env\.(?P<d>[A-Za-z_][A-Za-z0-9_]*)"#,
    )
    .unwrap()
});
static IDENT: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"[A-Za-z_$@][A-Za-z0-9_$]*").unwrap());

/// Where a placeholder ends right before the `?`: its start, its body, and whether it is
/// positional (`%s`, `{}`), naming nothing itself.
struct Placeholder<'t> {
    start: usize,
    body: &'t str,
    positional: bool,
    /// `${X}`, `$X`, `$(X)`, `{{ }}`, `<%= %>`: a template's variable, never a plain value.
    template: bool,
}

/// The start of the `{` that the `}` ending `before` closes.
fn open_brace(before: &str) -> Option<usize> {
    let b = before.as_bytes();
    let mut depth = 0usize;
    for i in (0..b.len()).rev() {
        match b[i] {
            b'}' => depth += 1,
            b'{' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

fn placeholder_before(text: &str, q: usize) -> Option<Placeholder<'_>> {
    let before = &text[..q];
    let b = before.as_bytes();
    if before.ends_with("%>") {
        let start = before.rfind("<%")?;
        let body = before[start + 2..q - 2]
            .trim_start_matches(['=', '-'])
            .trim();
        return Some(Placeholder {
            start,
            body,
            positional: false,
            template: true,
        });
    }
    if before.ends_with("}}") {
        let open = before.rfind("{{")?;
        // GitHub Actions writes `${{ secrets.DATABASE_URL }}`.
        let start = if open > 0 && b[open - 1] == b'$' {
            open - 1
        } else {
            open
        };
        return Some(Placeholder {
            start,
            body: before[open + 2..q - 2].trim_matches(|c: char| c == '-' || c.is_whitespace()),
            positional: false,
            template: true,
        });
    }
    if before.ends_with('}') {
        let open = open_brace(before)?;
        let body = &before[open + 1..q - 1];
        return Some(match open.checked_sub(1).map(|i| b[i]) {
            Some(b'$') | Some(b'#') => Placeholder {
                start: open - 1,
                body,
                positional: false,
                template: b[open - 1] == b'$',
            },
            _ => Placeholder {
                start: open,
                body,
                positional: body.trim().chars().all(|c| c.is_ascii_digit()),
                template: false,
            },
        });
    }
    if before.ends_with(')') {
        let start = before.rfind("$(")?;
        let body = &before[start + 2..q - 1];
        return body
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_')
            .then_some(Placeholder {
                start,
                body,
                positional: false,
                template: true,
            });
    }
    if before.ends_with("%s") || before.ends_with("%v") {
        return Some(Placeholder {
            start: q - 2,
            body: "",
            positional: true,
            template: false,
        });
    }
    // A bare `$NAME`.
    let name_start = before
        .bytes()
        .rposition(|c| !(c.is_ascii_alphanumeric() || c == b'_'))
        .map_or(0, |i| i + 1);
    (name_start > 0 && b[name_start - 1] == b'$' && name_start < q).then(|| Placeholder {
        start: name_start - 1,
        body: &before[name_start..],
        positional: false,
        template: true,
    })
}

/// The placeholder starts the value: nothing URL-like before it (no scheme, host or path).
fn starts_value(text: &str, start: usize) -> bool {
    match text[..start].bytes().last() {
        None => true,
        Some(c) => c.is_ascii_whitespace() || b"\"'`=([,{".contains(&c),
    }
}

/// The variable a placeholder body names: `DATABASE_URL` in `${DATABASE_URL:-...}`,
/// `ENV['DATABASE_URL']`, `process.env.DATABASE_URL`; else its last name (`settings.db_url`).
fn var_of(body: &str) -> Option<String> {
    let body = body.trim();
    if let Some(c) = ENV_NAME.captures(body) {
        return c.name("q").or(c.name("d")).map(|m| m.as_str().to_string());
    }
    let lead: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    if !lead.is_empty() && body[lead.len()..].trim_start().is_empty()
        || body[lead.len()..].starts_with([':', '-'])
    {
        return (!lead.is_empty()).then_some(lead);
    }
    IDENT.find_iter(body).last().map(|m| m.as_str().to_string())
}

/// A name that says it holds a URL.
fn urlish(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["url", "uri", "dsn"].iter().any(|w| n.contains(w))
}

/// The parameters after `?` up to the end of the value: `(end, params)`.
fn params(text: &str, q: usize) -> (usize, Vec<(String, String)>) {
    // A query string is short: looking further would make a file of `?`s quadratic.
    let rest = &text[q + 1..crate::source::floor_char(text, (q + 1 + 512).min(text.len()))];
    let len = rest
        .find(|c: char| c.is_whitespace() || "\"'`;,)]}>\\".contains(c))
        .unwrap_or(rest.len());
    let list = rest[..len]
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (q + 1 + len, list)
}

/// Every appended query of the file.
pub fn extract(cx: &mut Cx, syntax: FileSyntax, parsed: &Parsed) {
    // egress reads its own manifest and joins an appended query with `&` where the variable's
    // URL has one (`verify::expand`).
    if cx.kind == SourceKind::MigrationManifest {
        return;
    }
    match (syntax, parsed) {
        (FileSyntax::Code(lang), Parsed::Code(lexed)) if lang != Lang::Shell => {
            in_code(cx, lexed, lang)
        }
        (FileSyntax::Code(_), Parsed::Code(lexed)) => {
            let masked = lexed.masked.clone();
            in_text(cx, &masked);
        }
        (FileSyntax::Sql | FileSyntax::Code(_), _) => {}
        (FileSyntax::Json { .. }, _) => in_text(cx, cx.text),
        _ => {
            let masked = lexer::lex(cx.text, lexer::Syntax::HASH).masked;
            in_text(cx, &masked);
        }
    }
}

/// Values of configuration, env files and shell: any `${VAR}`, `$VAR`, `{{ }}` or `<%= %>`
/// counts (they are variables), a bare `{name}` only when its name says it holds a URL.
fn in_text(cx: &mut Cx, masked: &str) {
    for q in queries(masked) {
        let Some(p) = placeholder_before(masked, q) else {
            continue;
        };
        if p.positional || !starts_value(masked, p.start) {
            continue;
        }
        let var = var_of(p.body);
        if !p.template && !var.as_deref().is_some_and(urlish) {
            continue;
        }
        let (end, params) = params(masked, q);
        let env_insert = env_insert(cx, masked, q);
        cx.facts.appended_queries.push(AppendedQuery {
            at: cx.loc(Span::new(p.start, end)),
            var,
            query: Span::new(q, end),
            params,
            env_insert,
        });
    }
}

/// Code: in string literals, a placeholder that reads the environment or a URL-named value
/// (positional ones: from the arguments after the literal), or a literal that starts with
/// `?sslmode=` joined to such an expression.
fn in_code(cx: &mut Cx, lexed: &Lexed, lang: Lang) {
    let masked = &lexed.masked;
    for s in &lexed.strings {
        let Some(lit) = masked.get(s.start..s.end) else {
            continue;
        };
        let Some(rel) = queries(lit).next() else {
            continue;
        };
        let q = s.start + rel;
        let (end, params) = params(masked, q);
        let end = end.min(s.end);
        // The literal opens with the query: `expr + "?sslmode=require"`.
        let opening = lit[..rel]
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len()
            == 1;
        let found = if opening {
            joined_operand(masked, s.start, lang)
        } else {
            placeholder_before(masked, q).and_then(|p| {
                if p.start < s.start || !starts_value(masked, p.start) {
                    return None;
                }
                let var = if p.positional {
                    let line_end = masked[s.end..]
                        .find('\n')
                        .map_or(masked.len(), |i| s.end + i);
                    let args = &masked[s.end..line_end.min(s.end + 300)];
                    reads_url(args)?
                } else {
                    reads_url(p.body)?
                };
                Some((p.start, var))
            })
        };
        let Some((start, var)) = found else {
            continue;
        };
        cx.facts.appended_queries.push(AppendedQuery {
            at: cx.loc(Span::new(start, end)),
            var: Some(var),
            query: Span::new(q, end),
            params,
            env_insert: None,
        });
    }
}

/// What an expression reads, when it reads a URL: an env variable, or a URL-named value.
fn reads_url(expr: &str) -> Option<String> {
    if ENV_READ.is_match(expr) {
        return var_of(expr).or_else(|| Some("the environment".into()));
    }
    let name = IDENT
        .find_iter(expr)
        .map(|m| m.as_str())
        .find(|n| urlish(n))?;
    let whole = expr.trim();
    let simple = whole.len() <= 40
        && whole
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"_.$@".contains(&c));
    Some(
        if simple { whole } else { name }
            .trim_start_matches(['$', '@'])
            .to_string(),
    )
}

/// The expression a literal opening with `?sslmode=` is joined to (`x + "?..."`, `x += "?..."`,
/// PHP `.`, Elixir `<>`): its start and what it reads, when that is a URL. A literal on the
/// left is a URL written out, not a placeholder.
fn joined_operand(masked: &str, lit_start: usize, lang: Lang) -> Option<(usize, String)> {
    let ops: &[&str] = match lang {
        Lang::Php => &[".=", "."],
        Lang::Elixir => &["<>"],
        _ => &["+=", "+"],
    };
    let before = masked[..lit_start].trim_end();
    let op = ops.iter().find(|o| before.ends_with(**o))?;
    let left = before[..before.len() - op.len()].trim_end();
    if left.ends_with(['"', '\'', '`']) {
        return None;
    }
    // Back to where the expression starts: an unbalanced bracket, `=`, `,`, or the line start.
    let b = left.as_bytes();
    let mut depth = 0i32;
    let mut start = 0;
    for i in (0..b.len()).rev() {
        match b[i] {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' if depth == 0 => {
                start = i + 1;
                break;
            }
            b'(' | b'[' | b'{' => depth -= 1,
            b'\n' | b',' | b';' if depth == 0 => {
                start = i + 1;
                break;
            }
            b'=' if depth == 0 && !(i > 0 && b"=!<>".contains(&b[i - 1])) => {
                start = i + 1;
                break;
            }
            _ => {}
        }
    }
    let expr_start = start + (left[start..].len() - left[start..].trim_start().len());
    let expr = &left[expr_start..];
    let expr = expr.strip_prefix("return ").map_or(expr, str::trim_start);
    let at = left.len() - expr.len();
    reads_url(expr).map(|v| (at, v))
}

/// Where `PGSSLMODE` can go beside the variable: after its env file line, or after its entry in
/// a YAML env map (`environment:`, `env:`, `variables:`), unless the file sets it already.
fn env_insert(cx: &Cx, masked: &str, q: usize) -> Option<(usize, String, &'static str)> {
    if cx.text.contains("PGSSLMODE") {
        return None;
    }
    let line_start = masked[..q].rfind('\n').map_or(0, |i| i + 1);
    let line_end = masked[q..].find('\n').map_or(masked.len(), |i| q + i);
    let line = masked[line_start..line_end].trim_end_matches('\r');
    let indent = &line[..line.len() - line.trim_start().len()];
    let body = line.trim_start();
    let end = line_start + line.len();
    match cx.kind {
        SourceKind::EnvFile => {
            let export = if body.starts_with("export ") {
                "export "
            } else {
                ""
            };
            let key = body.trim_start_matches("export ").split('=').next()?;
            (is_env_name(key) && indent.is_empty()).then(|| (end, format!("\n{export}"), "="))
        }
        SourceKind::Compose | SourceKind::Yaml => {
            let parent = masked[..line_start]
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty() && l.len() - l.trim_start().len() < indent.len())?;
            let parent_key = parent.trim().strip_suffix(':')?;
            if !matches!(parent_key, "environment" | "env" | "variables") {
                return None;
            }
            if let Some(item) = body.strip_prefix("- ") {
                let key = item.trim_start_matches(['"', '\'']).split('=').next()?;
                return is_env_name(key).then(|| (end, format!("\n{indent}- "), "="));
            }
            let key = body.split(':').next()?.trim_matches(['"', '\'']);
            is_env_name(key).then(|| (end, format!("\n{indent}"), ": "))
        }
        _ => None,
    }
}

fn is_env_name(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};

    fn found(path: &str, text: &str) -> Vec<(String, Option<String>)> {
        facts(path, text)
            .appended_queries
            .iter()
            .map(|a| (at(text, a.at).to_string(), a.var.clone()))
            .collect()
    }

    #[test]
    fn placeholders_in_configuration() {
        for (path, text, whole, var) in [
            (".env.production", "DATABASE_URL=\"${DATABASE_URL}?sslmode=require\"\n", "${DATABASE_URL}?sslmode=require", "DATABASE_URL"),
            ("docker-compose.yml", "services:\n  web:\n    environment:\n      DATABASE_URL: $DATABASE_URL?sslmode=require&connect_timeout=5\n", "$DATABASE_URL?sslmode=require&connect_timeout=5", "DATABASE_URL"),
            ("config/database.yml", "production:\n  url: <%= ENV['DATABASE_URL'] %>?sslmode=require\n", "<%= ENV['DATABASE_URL'] %>?sslmode=require", "DATABASE_URL"),
            ("Procfile", "release: DATABASE_URL=${DATABASE_URL}?sslmode=require bin/rails db:migrate\n", "${DATABASE_URL}?sslmode=require", "DATABASE_URL"),
            ("bin/migrate.sh", "#!/bin/sh\npsql \"${DATABASE_URL:-postgres://localhost/dev}?sslmode=require\" -f db/seed.sql\n", "${DATABASE_URL:-postgres://localhost/dev}?sslmode=require", "DATABASE_URL"),
            ("charts/api/values.yaml", "db:\n  url: \"{{ .Values.databaseUrl }}?sslmode=require\"\n", "{{ .Values.databaseUrl }}?sslmode=require", ".Values.databaseUrl"),
            (".github/workflows/migrate.yml", "env:\n  DATABASE_URL: ${{ secrets.DATABASE_URL }}?sslmode=require\n", "${{ secrets.DATABASE_URL }}?sslmode=require", "secrets.DATABASE_URL"),
        ] {
            assert_eq!(found(path, text), [(whole.to_string(), Some(var.to_string()))], "{path}");
        }
    }

    #[test]
    fn placeholders_in_code() {
        for (path, text, var) in [
            ("config/initializers/db.rb", "url = \"#{ENV['DATABASE_URL']}?sslmode=require\"\n", "DATABASE_URL"),
            ("config/initializers/db2.rb", "url = ENV.fetch(\"DATABASE_URL\") + '?sslmode=require'\n", "DATABASE_URL"),
            ("app/db.py", "url = f\"{os.environ['DATABASE_URL']}?sslmode=require\"\n", "DATABASE_URL"),
            ("app/db2.py", "DATABASES = {\"default\": dj_database_url.parse(os.environ[\"DATABASE_URL\"] + \"?sslmode=require\")}\n", "DATABASE_URL"),
            ("src/db.ts", "const pool = new Pool({ connectionString: `${process.env.DATABASE_URL}?sslmode=require` });\n", "DATABASE_URL"),
            ("src/db.js", "const url = process.env.DATABASE_URL + '?sslmode=no-verify';\n", "DATABASE_URL"),
            ("db/db.go", "dsn := fmt.Sprintf(\"%s?sslmode=require\", os.Getenv(\"DATABASE_URL\"))\n", "DATABASE_URL"),
            ("db/db2.go", "dsn := os.Getenv(\"DATABASE_URL\") + \"?sslmode=require\"\n", "DATABASE_URL"),
            ("app/db3.py", "engine = create_engine(settings.database_url + \"?sslmode=require\")\n", "settings.database_url"),
        ] {
            let f = found(path, text);
            assert_eq!(f.len(), 1, "{path}: {f:?}");
            assert_eq!(f[0].1.as_deref(), Some(var), "{path}");
        }
    }

    #[test]
    fn urls_written_out_comments_and_other_values_are_not_placeholders() {
        for (path, text) in [
            (".env", "DATABASE_URL=postgres://u@${DB_HOST}/${DB_NAME}?sslmode=require\n"),
            (".env", "# DATABASE_URL=${DATABASE_URL}?sslmode=require\n"),
            ("config/db.rb", "# url = \"#{ENV['DATABASE_URL']}?sslmode=require\"\nurl = \"postgres://#{host}/app?sslmode=require\"\n"),
            ("app/db.py", "url = \"postgresql://db.example.com/app\" + \"?sslmode=require\"\nhelp = \"append ?sslmode=require to the URL\"\n"),
            ("app/db2.py", "label = f\"{name}?sslmode=require\"\n"),
            ("src/db.ts", "const u = `postgres://${host}:${port}/${db}?sslmode=require`;\n"),
            ("config/app.yml", "docs: \"see {section}?sslmode=require\"\n"),
        ] {
            assert!(found(path, text).is_empty(), "{path}: {:?}", found(path, text));
        }
    }

    #[test]
    fn where_pgsslmode_can_go() {
        let ins = |path: &str, text: &str| facts(path, text).appended_queries[0].env_insert.clone();
        let end = |t: &str| t.len() - 1;
        let t = "export DATABASE_URL=${DATABASE_URL}?sslmode=require\n";
        assert_eq!(ins(".env", t), Some((end(t), "\nexport ".into(), "=")));
        let t = "services:\n  web:\n    environment:\n      DATABASE_URL: ${DATABASE_URL}?sslmode=require\n";
        assert_eq!(
            ins("docker-compose.yml", t),
            Some((end(t), "\n      ".into(), ": "))
        );
        let t = "services:\n  web:\n    environment:\n      - DATABASE_URL=${DATABASE_URL}?sslmode=require\n";
        assert_eq!(
            ins("docker-compose.yml", t),
            Some((end(t), "\n      - ".into(), "="))
        );
        // Not an env map, not an env file, or PGSSLMODE already set.
        let t = "services:\n  web:\n    command: psql ${DATABASE_URL}?sslmode=require\n";
        assert_eq!(ins("docker-compose.yml", t), None);
        let t = "PGSSLMODE=prefer\nDATABASE_URL=${DATABASE_URL}?sslmode=require\n";
        assert_eq!(ins(".env", t), None);
    }
}
