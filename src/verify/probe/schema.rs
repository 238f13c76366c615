//! The schema phase's probe: one database's catalog (columns, constraints, indexes, sequences
//! of the tables in scope, and the objects outside tables) read in one `REPEATABLE READ READ
//! ONLY` transaction, so every query sees the same snapshot.

use std::time::Duration;

use postgres::Client;

use super::postgres::{classify, explain, millis, quote_table, session, Limits, Target};
use crate::verify::facts::{
    Catalog, Column, Constraint, DbObject, Index, Seen, Sequence, TableSchema,
};

/// Which tables to read: the manifest's names, or every user table (`row_count_tables: all`).
#[derive(Debug, Clone)]
pub enum Scope {
    Tables(Vec<String>),
    All,
}

/// Read one database's catalog. A query that fails makes the whole side `Err`, with the
/// server's message and SQLSTATE: a catalog half read is never compared. Each `max()` of a
/// column a sequence feeds reads data, so it runs under `count_timeout` like a row count.
pub fn catalog(
    target: &Target,
    limits: Limits,
    count_timeout: Duration,
    scope: &Scope,
) -> Seen<Catalog> {
    let (mut client, _) = session(target, limits, "")?;
    let what = target.describe();
    let err = |e: postgres::Error| classify(&e, format!("{what}: {}", explain(&e)));
    client
        .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .map_err(err)?;
    let read = read(&mut client, count_timeout, scope).map_err(err);
    let _ = client.batch_execute("COMMIT");
    read
}

/// The tables in scope that exist here, as (name, oid).
fn tables(client: &mut Client, scope: &Scope) -> Result<Vec<(String, u32)>, postgres::Error> {
    let rows = match scope {
        Scope::Tables(names) => {
            let quoted: Vec<String> = names.iter().map(|n| quote_table(n)).collect();
            client.query(
                "SELECT u.name, to_regclass(u.q)::oid FROM unnest($1::text[], $2::text[]) \
                 WITH ORDINALITY AS u(name, q, i) WHERE to_regclass(u.q) IS NOT NULL ORDER BY u.i",
                &[names, &quoted],
            )?
        }
        Scope::All => client.query(
            "SELECT CASE WHEN n.nspname = 'public' THEN c.relname \
                    ELSE n.nspname || '.' || c.relname END, c.oid \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
             ORDER BY n.nspname, c.relname",
            &[],
        )?,
    };
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

const COLUMNS: &str = "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), \
       a.attnotnull, \
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END, \
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END, \
       CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END \
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
     WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped \
     ORDER BY a.attrelid, a.attnum";

/// Not-null constraints (`n`, PostgreSQL 18) are the columns' nullability, and constraint
/// triggers (`t`) are triggers: both are left to the other checks.
const CONSTRAINTS: &str = "SELECT conrelid, conname, contype::text, pg_get_constraintdef(oid) \
     FROM pg_constraint WHERE conrelid = ANY($1) AND contype IN ('p', 'f', 'u', 'c', 'x') \
     ORDER BY conrelid, conname";

/// Indexes that back a constraint of their own table are compared as that constraint.
const INDEXES: &str = "SELECT i.indrelid, c.relname, i.indisunique, pg_get_indexdef(i.indexrelid) \
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
     WHERE i.indrelid = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint k \
       WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) \
     ORDER BY i.indrelid, c.relname";

/// Sequences that feed a column: owned by it (`serial`, `OWNED BY`: deptype `a`; identity:
/// `i`) or named by its default (`nextval('s')`).
const SEQUENCES: &str = "SELECT x.rel, s.oid::regclass::text, a.attname, q.seqincrement, \
       q.seqstart, pg_sequence_last_value(s.oid), x.rel::regclass::text, quote_ident(a.attname) \
     FROM (SELECT d.refobjid AS rel, d.refobjsubid AS col, d.objid AS seq FROM pg_depend d \
             WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass \
               AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0 \
           UNION \
           SELECT ad.adrelid, ad.adnum, d.refobjid FROM pg_depend d \
             JOIN pg_attrdef ad ON ad.oid = d.objid \
             WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass) x \
     JOIN pg_class s ON s.oid = x.seq AND s.relkind = 'S' \
     JOIN pg_sequence q ON q.seqrelid = s.oid \
     JOIN pg_attribute a ON a.attrelid = x.rel AND a.attnum = x.col \
     WHERE x.rel = ANY($1) ORDER BY x.rel, a.attnum, 2";

/// Objects outside tables, leaving out members of extensions (pg_depend deptype `e`), the
/// system schemas and `heroku_ext` (EG902's).
const OBJECTS: &str = "WITH ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e'), \
     ns AS (SELECT oid, nspname FROM pg_namespace \
            WHERE nspname NOT IN ('information_schema', 'heroku_ext') AND nspname NOT LIKE 'pg\\_%') \
     SELECT 'schema', n.nspname, NULL::text FROM ns n \
       WHERE NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_namespace'::regclass AND objid = n.oid) \
     UNION ALL \
     SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized view' END, \
            c.oid::regclass::text, NULL FROM pg_class c JOIN ns n ON n.oid = c.relnamespace \
       WHERE c.relkind IN ('v', 'm') \
         AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_class'::regclass AND objid = c.oid) \
     UNION ALL \
     SELECT 'function', p.oid::regprocedure::text, NULL FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace \
       WHERE NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_proc'::regclass AND objid = p.oid) \
     UNION ALL \
     SELECT 'trigger', quote_ident(t.tgname) || ' ON ' || t.tgrelid::regclass::text, NULL \
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN ns n ON n.oid = c.relnamespace \
       WHERE NOT t.tgisinternal \
         AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_trigger'::regclass AND objid = t.oid) \
         AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_class'::regclass AND objid = c.oid) \
     UNION ALL \
     SELECT 'enum type', y.oid::regtype::text, NULL FROM pg_type y JOIN ns n ON n.oid = y.typnamespace \
       WHERE y.typtype = 'e' \
         AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_type'::regclass AND objid = y.oid) \
     UNION ALL \
     SELECT 'enum label', quote_literal(e.enumlabel), y.oid::regtype::text \
       FROM pg_enum e JOIN pg_type y ON y.oid = e.enumtypid JOIN ns n ON n.oid = y.typnamespace \
       WHERE NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_type'::regclass AND objid = y.oid) \
     ORDER BY 1, 2, 3";

fn read(
    client: &mut Client,
    count_timeout: Duration,
    scope: &Scope,
) -> Result<Catalog, postgres::Error> {
    let found = tables(client, scope)?;
    let oids: Vec<u32> = found.iter().map(|(_, o)| *o).collect();
    let mut schemas: Vec<TableSchema> = found
        .iter()
        .map(|(name, _)| TableSchema {
            name: name.clone(),
            ..TableSchema::default()
        })
        .collect();
    let at = |oid: u32| oids.iter().position(|o| *o == oid);
    for r in client.query(COLUMNS, &[&oids])? {
        if let Some(i) = at(r.get(0)) {
            schemas[i].columns.push(Column {
                name: r.get(1),
                type_name: r.get(2),
                not_null: r.get(3),
                default: r.get(4),
                generated: r.get(5),
                identity: r.get(6),
            });
        }
    }
    for r in client.query(CONSTRAINTS, &[&oids])? {
        if let Some(i) = at(r.get(0)) {
            schemas[i].constraints.push(Constraint {
                name: r.get(1),
                kind: r.get(2),
                definition: r.get(3),
            });
        }
    }
    for r in client.query(INDEXES, &[&oids])? {
        if let Some(i) = at(r.get(0)) {
            schemas[i].indexes.push(Index {
                name: r.get(1),
                unique: r.get(2),
                definition: r.get(3),
            });
        }
    }
    let objects = client
        .query(OBJECTS, &[])?
        .iter()
        .map(|r| DbObject {
            kind: r.get(0),
            name: r.get(1),
            of: r.get(2),
        })
        .collect();
    let sequences = client.query(SEQUENCES, &[&oids])?;
    // The largest value of each fed column: data, not catalog, so under --count-timeout.
    client.batch_execute(&format!(
        "SET LOCAL statement_timeout = {}",
        millis(count_timeout)
    ))?;
    for r in sequences {
        let Some(i) = at(r.get(0)) else { continue };
        let (table, column): (String, String) = (r.get(6), r.get(7));
        let column_max: Option<i64> = client
            .query_one(&format!("SELECT max({column})::bigint FROM {table}"), &[])?
            .get(0);
        let (increment, start, last): (i64, i64, Option<i64>) = (r.get(3), r.get(4), r.get(5));
        schemas[i].sequences.push(Sequence {
            name: r.get(1),
            column: r.get(2),
            next: last.map_or(start, |l| l.saturating_add(increment)),
            increment,
            column_max,
        });
    }
    Ok(Catalog {
        tables: schemas,
        objects,
    })
}
