//! The schema phase: EG914-EG917 over both catalogs, each read in one snapshot.

use super::Live;
use crate::diagnostic::Severity;
use crate::manifest::{Manifest, Tables};
use crate::rules::{Finding, RuleId};
use crate::source::Loc;
use crate::verify::facts::{
    Catalog, Constraint, Index, SchemaFacts, Sequence, Status, TableSchema,
};

/// Every table in scope (the manifest's list, or the source's tables with `all`) against the
/// target, then the objects outside tables.
pub fn check(m: &Manifest, facts: &SchemaFacts, out: &mut Live) {
    let Some(tables) = &m.tables else { return };
    let scope_at = match tables {
        Tables::All(at) => *at,
        Tables::List(list) => match list.first() {
            Some(e) => e.at,
            None => return,
        },
    };
    let (source, target) = match (&facts.source, &facts.target) {
        (Err(why), _) | (_, Err(why)) => {
            out.unknown("schema", why, Some(scope_at));
            return;
        }
        (Ok(s), Ok(t)) => (s, t),
    };
    let entries: Vec<(&str, Loc)> = match tables {
        Tables::List(list) => list.iter().map(|e| (e.name.as_str(), e.at)).collect(),
        Tables::All(at) => source
            .tables
            .iter()
            .map(|t| (t.name.as_str(), *at))
            .collect(),
    };
    let mut compared = 0;
    for (name, at) in entries {
        let subject = format!("{name} schema");
        let Some(s) = source.table(name) else {
            out.check(subject, Status::Unknown, "missing on the source", Some(at));
            continue;
        };
        compared += 1;
        let Some(t) = target.table(name) else {
            let why = "missing on the target (EG912, rows phase)";
            out.check(subject, Status::Unknown, why, Some(at));
            continue;
        };
        let mut found = Vec::new();
        sequences(s, t, at, &mut found);
        columns(s, t, at, &mut found);
        constraints(s, t, at, &mut found);
        indexes(s, t, at, &mut found);
        if found.is_empty() {
            let evidence = format!(
                "{} columns, {} constraints, {} indexes, {} sequences match",
                s.columns.len(),
                s.constraints.len(),
                s.indexes.len(),
                s.sequences.len()
            );
            out.check(subject.clone(), Status::Pass, evidence, Some(at));
        }
        for f in found {
            let evidence = f.label.clone().unwrap_or_default();
            out.fail(subject.clone(), evidence, f);
        }
    }
    if compared == 0 {
        // Nothing to compare is not a pass.
        let why = "the source has no tables in scope: nothing was compared";
        out.check("schema", Status::Fail, why, Some(scope_at));
        return;
    }
    let objects_at = m.target_db.as_ref().map_or(scope_at, |s| s.at);
    objects(source, target, objects_at, out);
}

fn warning(f: Finding) -> Finding {
    Finding {
        severity: Some(Severity::Warning),
        ..f
    }
}

/// `"name"`, doubling quotes inside.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `schema.table` (or `table`) quoted, as the manifest names it.
fn quote_table(name: &str) -> String {
    name.split('.').map(quote).collect::<Vec<_>>().join(".")
}

/// EG914: the target's sequence hands out a value the column already has, or is behind the
/// source's. Descending sequences are left alone.
fn sequences(s: &TableSchema, t: &TableSchema, at: Loc, found: &mut Vec<Finding>) {
    for ss in &s.sequences {
        let Some(ts) = t.sequences.iter().find(|q| q.column == ss.column) else {
            continue; // no sequence feeds it on the target: a default that differs (EG915)
        };
        if ts.increment <= 0 {
            continue;
        }
        let mut why = Vec::new();
        if let Some(max) = ts.column_max.filter(|m| ts.next <= *m) {
            why.push(format!("the column's largest value there is {max}"));
        }
        if ts.next < ss.next {
            why.push(format!("the source's next value is {}", ss.next));
        }
        if why.is_empty() {
            continue;
        }
        let f = Finding::new(
            RuleId::EG914,
            at,
            format!(
                "sequence `{}` ({}.{}) would return {} next on the target, but {}",
                ts.name,
                t.name,
                ts.column,
                ts.next,
                why.join(" and ")
            ),
        )
        .label(format!("sequence {} behind", ts.name))
        .help(setval(ts, ss));
        found.push(f);
    }
}

/// The `setval` after which the target's next value is past its column's largest value and
/// not behind the source.
fn setval(target: &Sequence, source: &Sequence) -> String {
    let inc = target.increment;
    let past_data = target
        .column_max
        .map_or(i64::MIN, |m| m.saturating_add(inc));
    let next = past_data.max(source.next).max(target.next);
    format!(
        "SELECT setval('{}', {});",
        target.name.replace('\'', "''"),
        next.saturating_sub(inc)
    )
}

/// `none` or the expression.
fn shown(e: &Option<String>) -> &str {
    e.as_deref().unwrap_or("none")
}

/// EG915: columns missing, extra, or with another type (errors), nullability, default,
/// generation expression or identity (warnings).
fn columns(s: &TableSchema, t: &TableSchema, at: Loc, found: &mut Vec<Finding>) {
    let table = &s.name;
    for c in &s.columns {
        let Some(tc) = t.columns.iter().find(|x| x.name == c.name) else {
            let f = Finding::new(
                RuleId::EG915,
                at,
                format!(
                    "column `{table}.{}` ({}) is missing on the target",
                    c.name, c.type_name
                ),
            )
            .label(format!("column {} missing on target", c.name));
            found.push(f);
            continue;
        };
        let mut diffs = Vec::new();
        if c.type_name != tc.type_name {
            diffs.push(format!(
                "type {} on the source, {} on the target",
                c.type_name, tc.type_name
            ));
        }
        let type_changed = !diffs.is_empty();
        if c.not_null != tc.not_null {
            let null = |n: bool| if n { "NOT NULL" } else { "nullable" };
            diffs.push(format!(
                "{} on the source, {} on the target",
                null(c.not_null),
                null(tc.not_null)
            ));
        }
        for (what, a, b) in [
            ("default", &c.default, &tc.default),
            ("generated as", &c.generated, &tc.generated),
            ("identity", &c.identity, &tc.identity),
        ] {
            if a != b {
                diffs.push(format!(
                    "{what} {} on the source, {} on the target",
                    shown(a),
                    shown(b)
                ));
            }
        }
        if diffs.is_empty() {
            continue;
        }
        let f = Finding::new(
            RuleId::EG915,
            at,
            format!("column `{table}.{}` differs: {}", c.name, diffs.join("; ")),
        )
        .label(format!("column {} differs", c.name));
        found.push(if type_changed { f } else { warning(f) });
    }
    for tc in &t.columns {
        if !s.columns.iter().any(|c| c.name == tc.name) {
            let f = Finding::new(
                RuleId::EG915,
                at,
                format!(
                    "column `{table}.{}` ({}) is on the target only",
                    tc.name, tc.type_name
                ),
            )
            .label(format!("column {} only on target", tc.name));
            found.push(warning(f));
        }
    }
}

fn kind_name(kind: &str) -> &str {
    match kind {
        "p" => "primary key",
        "f" => "foreign key",
        "u" => "unique constraint",
        "c" => "check constraint",
        "x" => "exclusion constraint",
        other => other,
    }
}

/// EG916 for constraints: matched by kind and definition, not by name. Check constraints are
/// warnings.
fn constraints(s: &TableSchema, t: &TableSchema, at: Loc, found: &mut Vec<Finding>) {
    let same = |a: &Constraint, b: &Constraint| a.kind == b.kind && a.definition == b.definition;
    for c in &s.constraints {
        if t.constraints.iter().any(|x| same(c, x)) {
            continue;
        }
        let kind = kind_name(&c.kind);
        let f = Finding::new(
            RuleId::EG916,
            at,
            format!(
                "{kind} `{}` of `{}` is missing on the target: {}",
                c.name, s.name, c.definition
            ),
        )
        .label(format!("{kind} {} missing on target", c.name))
        .help(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} {};",
            quote_table(&s.name),
            quote(&c.name),
            c.definition
        ));
        found.push(if c.kind == "c" { warning(f) } else { f });
    }
}

/// An index definition without its own name and its table's: `UNIQUE USING btree (email)`.
pub fn normalised_index(ix: &Index) -> String {
    let body = ix
        .definition
        .split_once(" USING ")
        .map_or(ix.definition.as_str(), |(_, rest)| rest);
    format!("{}USING {body}", if ix.unique { "UNIQUE " } else { "" })
}

/// EG916 for indexes (those that back no constraint): matched by definition, not by name.
/// Plain indexes are warnings, unique ones errors.
fn indexes(s: &TableSchema, t: &TableSchema, at: Loc, found: &mut Vec<Finding>) {
    for ix in &s.indexes {
        let def = normalised_index(ix);
        if t.indexes.iter().any(|x| normalised_index(x) == def) {
            continue;
        }
        let kind = if ix.unique { "unique index" } else { "index" };
        let f = Finding::new(
            RuleId::EG916,
            at,
            format!(
                "{kind} `{}` of `{}` is missing on the target: {def}",
                ix.name, s.name
            ),
        )
        .label(format!("{kind} {} missing on target", ix.name))
        .help(format!("{};", ix.definition));
        found.push(if ix.unique { f } else { warning(f) });
    }
}

/// EG917: objects the source has and the target lacks. A label of an enum type that is
/// missing altogether is not reported on its own.
fn objects(source: &Catalog, target: &Catalog, at: Loc, out: &mut Live) {
    let mut missing = 0;
    for o in &source.objects {
        if target.objects.contains(o) {
            continue;
        }
        let type_missing = o.of.as_ref().is_some_and(|ty| {
            !target
                .objects
                .iter()
                .any(|x| x.kind == "enum type" && &x.name == ty)
        });
        if type_missing {
            continue;
        }
        missing += 1;
        let (what, help) = match &o.of {
            Some(ty) => (
                format!("{} {} of `{ty}`", o.kind, o.name),
                format!("ALTER TYPE {ty} ADD VALUE {};", o.name),
            ),
            None => (
                format!("{} `{}`", o.kind, o.name),
                "restore its definition from the source's `pg_dump --schema-only`".to_string(),
            ),
        };
        let f = Finding::new(
            RuleId::EG917,
            at,
            format!("{what} is missing on the target"),
        )
        .label(format!("{} missing on target", o.kind))
        .help(help);
        out.fail("objects", format!("{what} missing"), f);
    }
    if missing == 0 {
        let evidence = format!(
            "{} views, functions, triggers, enum types and labels, schemas: all on the target",
            source.objects.len()
        );
        out.check("objects", Status::Pass, evidence, Some(at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;
    use crate::verify::facts::{Column, DbObject};

    fn at() -> Loc {
        Loc {
            file: 0,
            span: Span::new(0, 1),
        }
    }

    fn column(name: &str, ty: &str) -> Column {
        Column {
            name: name.into(),
            type_name: ty.into(),
            ..Column::default()
        }
    }

    #[test]
    fn nothing_in_scope_fails_and_an_unread_side_is_unknown() {
        use crate::verify::facts::Unverified;
        let m = Manifest {
            tables: Some(Tables::All(at())),
            ..Manifest::default()
        };
        let statuses = |facts: SchemaFacts| {
            let mut live = Live::default();
            check(&m, &facts, &mut live);
            assert!(live.findings.is_empty());
            live.checks
                .iter()
                .map(|c| (c.subject.clone(), c.status))
                .collect::<Vec<_>>()
        };
        let empty = SchemaFacts {
            source: Ok(Catalog::default()),
            target: Ok(Catalog::default()),
        };
        assert_eq!(statuses(empty), [("schema".to_string(), Status::Fail)]);
        let unread = SchemaFacts {
            source: Ok(Catalog::default()),
            target: Err(Unverified::Failed("x (42501)".into())),
        };
        assert_eq!(statuses(unread), [("schema".to_string(), Status::Unknown)]);
    }

    #[test]
    fn indexes_match_without_their_names() {
        let ix = |name: &str, table: &str| Index {
            name: name.into(),
            unique: false,
            definition: format!("CREATE INDEX {name} ON public.{table} USING btree (email)"),
        };
        assert_eq!(
            normalised_index(&ix("a_idx", "users")),
            normalised_index(&ix("users_email_idx", "users"))
        );
        assert_eq!(normalised_index(&ix("a", "t")), "USING btree (email)");
    }

    #[test]
    fn setval_gets_past_the_data_and_the_source() {
        let seq = |next, max| Sequence {
            name: "users_id_seq".into(),
            column: "id".into(),
            next,
            increment: 1,
            column_max: max,
        };
        assert_eq!(
            setval(&seq(1, Some(300)), &seq(301, Some(300))),
            "SELECT setval('users_id_seq', 300);"
        );
        assert_eq!(
            setval(&seq(1, Some(300)), &seq(501, Some(500))),
            "SELECT setval('users_id_seq', 500);"
        );
    }

    #[test]
    fn columns_differ_by_kind_and_severity() {
        let mut s = TableSchema {
            name: "users".into(),
            columns: vec![
                column("id", "integer"),
                column("email", "character varying(40)"),
            ],
            ..TableSchema::default()
        };
        s.columns[0].not_null = true;
        let mut t = s.clone();
        t.columns[0].not_null = false;
        t.columns[1].type_name = "text".into();
        t.columns.push(column("extra", "text"));
        let mut found = Vec::new();
        columns(&s, &t, at(), &mut found);
        let sev: Vec<_> = found.iter().map(|f| f.severity).collect();
        assert_eq!(
            sev,
            [Some(Severity::Warning), None, Some(Severity::Warning)]
        );
        assert!(found[1]
            .message
            .contains("character varying(40) on the source, text"));
    }

    #[test]
    fn a_label_of_a_missing_type_is_not_reported_twice() {
        let obj = |kind: &str, name: &str, of: Option<&str>| DbObject {
            kind: kind.into(),
            name: name.into(),
            of: of.map(Into::into),
        };
        let source = Catalog {
            tables: vec![],
            objects: vec![
                obj("enum type", "mood", None),
                obj("enum label", "'sad'", Some("mood")),
                obj("enum type", "size", None),
                obj("enum label", "'xl'", Some("size")),
            ],
        };
        let target = Catalog {
            tables: vec![],
            objects: vec![obj("enum type", "size", None)],
        };
        let mut live = Live::default();
        objects(&source, &target, at(), &mut live);
        let msgs: Vec<_> = live.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "enum type `mood` is missing on the target",
                "enum label 'xl' of `size` is missing on the target"
            ]
        );
        assert_eq!(
            live.findings[1].help.as_deref(),
            Some("ALTER TYPE size ADD VALUE 'xl';")
        );
    }
}
