//! Heroku Connect's artefacts: the `salesforce` schema and its tables, the `_hc_lastop` and
//! `_hc_err` sync columns, the `_trigger_log` its triggers write. In SQL (dumps,
//! `structure.sql`) every mention counts; in code only the forms that name the database's
//! objects: SQL in strings, table-name literals, `schema: "salesforce"`, the sync columns.
//! `salesforce.com` hosts and the django-salesforce backend (`"salesforce.backend"`) are not
//! Heroku Connect.

use std::sync::LazyLock;

use regex::Regex;

use super::{ConnectArtefact, Cx, HerokuConnectRef, Lit};
use crate::parse::lexer::Lexed;
use crate::source::Span;

/// `salesforce.account`, `"salesforce"."contact"`: the name after a character that cannot
/// precede a schema name (not a host's `login.`, a path's `/`, an address's `@`).
static QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?:^|[^A-Za-z0-9_./@:\-])(?P<s>"?salesforce"?)\s*\.\s*"?(?P<o>[A-Za-z_][A-Za-z0-9_]*)"#,
    )
    .unwrap()
});
static CREATE_SCHEMA: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?-u:\b)CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(?P<s>salesforce)(?-u:\b)"#,
    )
    .unwrap()
});
static SYNC_COLUMN: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"(?-u:\b)(?P<c>_hc_lastop|_hc_err)(?-u:\b)").unwrap());
static TRIGGER_LOG: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?-u:\b)(?P<t>_trigger_log(?:_archive)?)(?-u:\b)").unwrap()
});
/// In code: `create_schema "salesforce"` (Rails), `schema: "salesforce"` / `schema="salesforce"`
/// (Sequelize, TypeORM, SQLAlchemy, knex `withSchema('salesforce')`).
static CODE_SCHEMA: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?:(?-u:\b)create_schema[\s(]+|(?-u:\b)withSchema\(\s*|(?-u:\b)schema["']?\s*(?:=>|[:=])\s*)["'](?P<s>salesforce)["']"#,
    )
    .unwrap()
});
/// The SQL keyword right before a table name in a string (`FROM salesforce.account`).
static SQL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?i)(?-u:\b)(?:FROM|JOIN|INTO|UPDATE|TABLE|ON)\s+$").unwrap()
});
/// Code that names a table right before a string (`self.table_name = `, `db_table = `,
/// `__tablename__ = `, `tableName: `, `knex(`, `.from(`).
static TABLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?:table_?name|db_table|__tablename__|(?-u:\b)knex|\.from|\.table|(?-u:\b)create_table|(?-u:\b)Table)["']?\s*(?:=>|[:=(])?\s*\(?\s*$"#,
    )
    .unwrap()
});

/// Top-level-domain words: `salesforce.com` is a host, not a table.
fn is_host_part(object: &str) -> bool {
    matches!(
        object.to_ascii_lowercase().as_str(),
        "com" | "net" | "org" | "io" | "co" | "my" | "lightning" | "force"
    )
}

fn push(cx: &mut Cx, span: Span, artefact: ConnectArtefact) {
    let at = cx.loc(span);
    cx.facts
        .heroku_connect_refs
        .push(HerokuConnectRef { at, artefact });
}

fn qualified(text: &str, base: usize, out: &mut Vec<(Span, ConnectArtefact)>) {
    for c in QUALIFIED.captures_iter(text) {
        let (s, o) = (c.name("s").unwrap(), c.name("o").unwrap());
        if is_host_part(o.as_str()) {
            continue;
        }
        let span = Span::new(base + s.start(), base + o.end());
        let artefact = if o.as_str().starts_with("_trigger_log") {
            ConnectArtefact::TriggerLog
        } else {
            ConnectArtefact::Object(o.as_str().to_ascii_lowercase())
        };
        out.push((span, artefact));
    }
}

/// SQL with comments and string literals blanked.
pub fn in_sql(cx: &mut Cx, masked: &str) {
    if !cx.hits.has(Lit::HerokuConnect) {
        return;
    }
    let mut found = Vec::new();
    for c in CREATE_SCHEMA.captures_iter(masked) {
        let s = c.name("s").unwrap();
        found.push((Span::new(s.start(), s.end()), ConnectArtefact::Schema));
    }
    let schema_spans: Vec<Span> = found.iter().map(|(s, _)| *s).collect();
    let mut q = Vec::new();
    qualified(masked, 0, &mut q);
    found.extend(
        q.into_iter()
            .filter(|(s, _)| !schema_spans.iter().any(|x| x.start == s.start)),
    );
    columns(masked, &mut found, true);
    record(cx, found);
}

fn columns(text: &str, out: &mut Vec<(Span, ConnectArtefact)>, trigger_log: bool) {
    for c in SYNC_COLUMN.captures_iter(text) {
        let m = c.name("c").unwrap();
        let name = if m.as_str() == "_hc_lastop" {
            "_hc_lastop"
        } else {
            "_hc_err"
        };
        out.push((
            Span::new(m.start(), m.end()),
            ConnectArtefact::SyncColumn(name),
        ));
    }
    if trigger_log {
        for c in TRIGGER_LOG.captures_iter(text) {
            let m = c.name("t").unwrap();
            // Inside `salesforce._trigger_log`, already recorded with its schema.
            if !out
                .iter()
                .any(|(s, _)| s.contains(Span::new(m.start(), m.end())))
            {
                out.push((Span::new(m.start(), m.end()), ConnectArtefact::TriggerLog));
            }
        }
    }
}

fn record(cx: &mut Cx, mut found: Vec<(Span, ConnectArtefact)>) {
    found.sort_by_key(|(s, _)| (s.start, s.end));
    found.dedup_by_key(|(s, _)| s.start);
    for (span, artefact) in found {
        push(cx, span, artefact);
    }
}

/// Code (comments blanked): table names and SQL in strings, the schema in ORM options, the
/// sync columns anywhere. `_hc_err` and `_trigger_log` are common enough words (a health
/// check's error, a private method) that they count only beside a surer sign in the same file.
pub fn in_code(cx: &mut Cx, lexed: &Lexed) {
    if !cx.hits.has(Lit::HerokuConnect) {
        return;
    }
    let masked = &lexed.masked;
    let mut found = Vec::new();
    for s in &lexed.strings {
        let Some(body) = masked.get(s.start..s.end) else {
            continue;
        };
        let mut q = Vec::new();
        qualified(body, s.start, &mut q);
        for (span, artefact) in q {
            let before_in_string = &masked[s.start..span.start];
            let before_string =
                &masked[masked[..s.start].rfind('\n').map_or(0, |i| i + 1)..s.start];
            let whole = masked[s.start..span.start]
                .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '_')
                .is_empty();
            let sql = SQL_BEFORE.is_match(before_in_string.trim_end_matches('"'));
            if sql || (whole && TABLE_BEFORE.is_match(before_string)) {
                found.push((span, artefact));
            }
        }
        if let Some(body) = masked.get(s.start..s.end) {
            for c in TRIGGER_LOG.captures_iter(body) {
                let m = c.name("t").unwrap();
                let span = Span::new(s.start + m.start(), s.start + m.end());
                if !found.iter().any(|(x, _)| x.contains(span)) {
                    found.push((span, ConnectArtefact::TriggerLog));
                }
            }
        }
    }
    for c in CODE_SCHEMA.captures_iter(masked) {
        let s = c.name("s").unwrap();
        found.push((Span::new(s.start(), s.end()), ConnectArtefact::Schema));
    }
    columns(masked, &mut found, false);
    let sure = found.iter().any(|(_, a)| {
        matches!(
            a,
            ConnectArtefact::Schema
                | ConnectArtefact::Object(_)
                | ConnectArtefact::SyncColumn("_hc_lastop")
        )
    });
    if sure {
        record(cx, found);
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::ConnectArtefact;

    fn found(path: &str, text: &str) -> Vec<(String, ConnectArtefact)> {
        facts(path, text)
            .heroku_connect_refs
            .iter()
            .map(|r| (at(text, r.at).to_string(), r.artefact.clone()))
            .collect()
    }

    #[test]
    fn dumps_name_the_schema_its_tables_columns_and_trigger_log() {
        let sql = "CREATE SCHEMA salesforce;\n-- salesforce.ignored in a comment\n\
                   CREATE TABLE salesforce.account (\n    sfid character varying(18),\n    _hc_lastop character varying(32),\n    _hc_err text\n);\n\
                   CREATE TABLE salesforce._trigger_log (id integer);\n\
                   COMMENT ON TABLE salesforce.contact IS 'see login.salesforce.com';\n";
        let f = found("db/structure.sql", sql);
        assert_eq!(
            f,
            [
                ("salesforce".into(), ConnectArtefact::Schema),
                (
                    "salesforce.account".into(),
                    ConnectArtefact::Object("account".into())
                ),
                (
                    "_hc_lastop".into(),
                    ConnectArtefact::SyncColumn("_hc_lastop")
                ),
                ("_hc_err".into(), ConnectArtefact::SyncColumn("_hc_err")),
                (
                    "salesforce._trigger_log".into(),
                    ConnectArtefact::TriggerLog
                ),
                (
                    "salesforce.contact".into(),
                    ConnectArtefact::Object("contact".into())
                ),
            ]
        );
    }

    #[test]
    fn code_names_tables_sql_schemas_and_sync_columns() {
        let rb = "class Account < ApplicationRecord\n  self.table_name = \"salesforce.account\"\n  scope :synced, -> { where(_hc_lastop: \"SYNCED\") }\nend\n";
        assert_eq!(found("app/models/account.rb", rb).len(), 2);
        let py =
            "cursor.execute(\"SELECT sfid FROM salesforce.contact WHERE _hc_err IS NOT NULL\")\n";
        assert_eq!(found("app/sync.py", py).len(), 2);
        let ts =
            "@Entity({ schema: \"salesforce\", name: \"account\" })\nexport class Account {}\n";
        assert_eq!(found("src/entities/account.ts", ts).len(), 1);
        let dj = "class Meta:\n    db_table = '\"salesforce\".\"account\"'\n";
        assert_eq!(found("crm/models.py", dj).len(), 1);
    }

    #[test]
    fn salesforce_apis_hosts_and_lookalike_names_are_not_heroku_connect() {
        for (path, text) in [
            ("config/settings.py", "DATABASES = {\"salesforce\": {\"ENGINE\": \"salesforce.backend\"}}\nINSTALLED_APPS = [\"salesforce\"]\n"),
            ("app/clients/sf.rb", "Restforce.new(host: \"login.salesforce.com\", instance_url: \"https://acme.my.salesforce.com\")\n"),
            ("lib/health.py", "def _trigger_log(self):\n    self._hc_err = None\n"),
            ("src/sf.js", "const conn = new jsforce.Connection({ loginUrl: 'https://test.salesforce.com' });\n// salesforce.account is synced by Heroku Connect\n"),
            ("app/models/lead.rb", "# self.table_name = \"salesforce.lead\"\nself.table_name = \"leads\"\n"),
        ] {
            assert!(found(path, text).is_empty(), "{path}: {:?}", found(path, text));
        }
    }
}
