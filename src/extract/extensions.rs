//! Extensions in SQL, Rails schema dumps and migrations: those enabled, queries that rely on
//! `pg_stat_statements`, and references to the `heroku_ext` schema.

use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, ExtContext, ExtOrigin, ExtensionEnabled, ExtensionRef, ExtensionUse};
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

/// `CREATE EXTENSION [IF NOT EXISTS] name` (a quoted name may sit in a code string with escaped
/// quotes: `\"uuid-ossp\"`).
static CREATE_EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?-u:\b)CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:\\?["'`])?(?P<n>[A-Za-z_][A-Za-z0-9_-]*)"#,
    )
    .unwrap()
});
/// Rails `enable_extension "pgcrypto"` (`'...'`, `:hstore`, `("heroku_ext.pgcrypto")`).
static ENABLE_EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?-u:\b)enable_extension[\s(]+(?:["']|:)(?P<n>[A-Za-z_][A-Za-z0-9_.-]*)"#,
    )
    .unwrap()
});
/// Django's `CreateExtension("vector")` / `CreateExtension(name="postgis")`.
static DJANGO_CREATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?-u:\b)CreateExtension\(\s*(?:name\s*=\s*)?["'](?P<n>[A-Za-z_][A-Za-z0-9_-]*)["']"#,
    )
    .unwrap()
});
/// Django's named operations (`django.contrib.postgres.operations`) and their extensions.
const DJANGO_OPERATIONS: &[(&str, &str)] = &[
    ("BloomExtension", "bloom"),
    ("BtreeGinExtension", "btree_gin"),
    ("BtreeGistExtension", "btree_gist"),
    ("CITextExtension", "citext"),
    ("CryptoExtension", "pgcrypto"),
    ("HStoreExtension", "hstore"),
    ("TrigramExtension", "pg_trgm"),
    ("UnaccentExtension", "unaccent"),
];
static DJANGO_OPERATION: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"(?-u:\b)(?P<n>[A-Z][A-Za-z]*Extension)\s*\(").unwrap());

/// `masked` is the file with comments blanked (and, for SQL, string literals too): every
/// extension it enables.
pub fn enabled(cx: &mut Cx, masked: &str, origin: ExtOrigin) {
    let mut found: Vec<(Span, String)> = Vec::new();
    if cx.hits.has(super::Lit::Extension) {
        for re in [&*CREATE_EXTENSION, &*ENABLE_EXTENSION, &*DJANGO_CREATE] {
            for c in re.captures_iter(masked) {
                let n = c.name("n").unwrap();
                // Rails 8 writes `enable_extension "heroku_ext.pgcrypto"`: the name is the last part.
                let (offset, name) = match n.as_str().rsplit_once('.') {
                    Some((q, name)) => (q.len() + 1, name),
                    None => (0, n.as_str()),
                };
                if name.is_empty() {
                    continue;
                }
                let start = n.start() + offset;
                found.push((
                    Span::new(start, start + name.len()),
                    name.to_ascii_lowercase(),
                ));
            }
        }
        for c in DJANGO_OPERATION.captures_iter(masked) {
            let n = c.name("n").unwrap();
            if let Some((_, ext)) = DJANGO_OPERATIONS.iter().find(|(op, _)| *op == n.as_str()) {
                found.push((Span::new(n.start(), n.end()), ext.to_string()));
            }
        }
    }
    found.sort_by_key(|(s, _)| s.start);
    for (span, name) in found {
        let at = cx.loc(span);
        cx.facts
            .extensions_enabled
            .push(ExtensionEnabled { at, name, origin });
    }
}

/// Queries of `pg_stat_statements` (the view, `pg_stat_statements_info`, the reset function).
static STAT_STATEMENTS_USE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?:(?-u:\b)(?:FROM|JOIN)\s+(?:"?[A-Za-z_][A-Za-z0-9_]*"?\.)?"?(?P<v>pg_stat_statements(?:_info)?)(?-u:\b)|(?-u:\b)(?P<f>pg_stat_statements_reset)\s*\()"#,
    )
    .unwrap()
});

/// Code or SQL (`masked`: comments blanked) that queries `pg_stat_statements`.
pub fn uses(cx: &mut Cx, masked: &str) {
    if !cx.hits.has(super::Lit::PgStatStatements) {
        return;
    }
    for c in STAT_STATEMENTS_USE.captures_iter(masked) {
        let n = c.name("v").or(c.name("f")).unwrap();
        let at = cx.loc(Span::new(n.start(), n.end()));
        cx.facts.extension_uses.push(ExtensionUse {
            at,
            name: "pg_stat_statements".into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::ExtOrigin;

    fn enabled(path: &str, text: &str) -> Vec<(String, String, ExtOrigin)> {
        facts(path, text)
            .extensions_enabled
            .iter()
            .map(|e| (e.name.clone(), at(text, e.at).to_string(), e.origin))
            .collect()
    }

    #[test]
    fn every_way_a_schema_enables_an_extension() {
        let sql = "-- CREATE EXTENSION ignored;\nCREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\n\
                   CREATE EXTENSION \"uuid-ossp\";\nCOMMENT ON EXTENSION pgcrypto IS 'CREATE EXTENSION pgcrypto';\n\
                   DROP EXTENSION hstore;\n";
        assert_eq!(
            enabled("db/structure.sql", sql),
            [
                ("citext".into(), "citext".into(), ExtOrigin::Sql),
                ("uuid-ossp".into(), "uuid-ossp".into(), ExtOrigin::Sql),
            ]
        );
        let rb = "ActiveRecord::Schema[8.0].define(version: 2024_05_01_120000) do\n  enable_extension \"heroku_ext.pgcrypto\"\n  enable_extension \"plpgsql\"\n  # enable_extension \"hstore\"\nend\n";
        let e = enabled("db/schema.rb", rb);
        assert_eq!(
            e[0],
            ("pgcrypto".into(), "pgcrypto".into(), ExtOrigin::RailsSchema)
        );
        assert_eq!(e.len(), 2);
        let mig = "class AddTrgm < ActiveRecord::Migration[7.1]\n  def change\n    enable_extension :pg_trgm\n    execute 'CREATE EXTENSION IF NOT EXISTS \"unaccent\"'\n  end\nend\n";
        let e = enabled("db/migrate/20240101_add_trgm.rb", mig);
        assert_eq!(
            e.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["pg_trgm", "unaccent"]
        );
        let dj = "from django.contrib.postgres.operations import TrigramExtension, CreateExtension\n\n\
                  class Migration(migrations.Migration):\n    operations = [\n        TrigramExtension(),\n        CreateExtension(name=\"vector\"),\n        migrations.RunSQL(\"CREATE EXTENSION IF NOT EXISTS btree_gist\"),\n    ]\n";
        let e = enabled("search/migrations/0002_extensions.py", dj);
        assert_eq!(
            e.iter()
                .map(|x| (x.0.as_str(), x.1.as_str()))
                .collect::<Vec<_>>(),
            [
                ("pg_trgm", "TrigramExtension"),
                ("vector", "vector"),
                ("btree_gist", "btree_gist")
            ]
        );
        // Code outside migrations and schemas, and a Django import alone, enable nothing.
        assert!(enabled("lib/tasks/db.rake", "execute 'CREATE EXTENSION citext'\n").is_empty());
        assert!(enabled(
            "search/migrations/0003.py",
            "from django.contrib.postgres.operations import TrigramExtension\n"
        )
        .is_empty());
        let contract = r#"{"extensions": [{"name": "pgcrypto", "schema": "heroku_ext"}, {"name": "plpgsql"}]}"#;
        assert_eq!(
            enabled("migration-contract.json", contract)[0].2,
            ExtOrigin::Contract
        );
    }

    #[test]
    fn queries_of_pg_stat_statements() {
        let f = facts(
            "app/models/slow_query.rb",
            "# FROM pg_stat_statements\nconnection.select_all(\"SELECT query, calls FROM pg_stat_statements ORDER BY total_exec_time DESC\")\nconnection.execute('SELECT pg_stat_statements_reset()')\nNAME = 'pg_stat_statements'\n",
        );
        assert_eq!(f.extension_uses.len(), 2);
        let f = facts(
            "scripts/top.sql",
            "select * from public.pg_stat_statements;\n-- from pg_stat_statements\n",
        );
        assert_eq!(f.extension_uses.len(), 1);
    }
}
