//! Live tests against a real PostgreSQL server (EGRESS_TEST_DATABASE_URL, default the local
//! server). Skipped with a notice when none is reachable, except under CI, where they fail.

use std::time::Duration;

mod common;

use common::{admin, server, with_db, Run, LIMITS};
use egress::verify::probe::postgres::{connect, Target};

fn server_cert(url: &str) -> String {
    admin(url)
        .query_one("SHOW ssl_cert_file", &[])
        .unwrap()
        .get(0)
}

#[test]
fn sslmode_require_uses_tls() {
    let Some(url) = server() else { return };
    let t = Target::parse(&format!("{url}?sslmode=require")).unwrap();
    let (_, evidence) = connect(&t, LIMITS).unwrap();
    assert!(evidence.tls, "{evidence:?}");
    assert!(evidence
        .server_version
        .chars()
        .next()
        .unwrap()
        .is_ascii_digit());
    let t = Target::parse(&format!("{url}?sslmode=disable")).unwrap();
    assert!(!connect(&t, LIMITS).unwrap().1.tls);
}

#[test]
fn verify_full_without_root_fails_clearly() {
    let Some(url) = server() else { return };
    let t = Target::parse(&format!("{url}?sslmode=verify-full")).unwrap();
    let err = connect(&t, LIMITS)
        .err()
        .expect("verify-full without a root must fail");
    assert!(err.contains("sslrootcert"), "{err}");
}

#[test]
fn verify_ca_with_the_server_certificate_passes() {
    let Some(url) = server() else { return };
    let cert = server_cert(&url);
    let t = Target::parse(&format!("{url}?sslmode=verify-ca&sslrootcert={cert}")).unwrap();
    let (_, evidence) = connect(&t, LIMITS).unwrap_or_else(|e| panic!("{e}"));
    assert!(evidence.tls);
}

#[test]
fn sessions_are_read_only() {
    let Some(url) = server() else { return };
    let name = format!("egress_ro_{}", std::process::id());
    let mut a = admin(&url);
    a.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    a.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let t = Target::parse(&with_db(&url, &name)).unwrap();
    let (mut client, _) = connect(&t, LIMITS).unwrap();
    let err = client
        .batch_execute("CREATE TABLE t (id int)")
        .expect_err("a write must fail");
    assert_eq!(err.code().map(|c| c.code()), Some("25006"), "{err}");
    drop(client);
    let tables: i64 = admin(&with_db(&url, &name))
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);
    a.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
}

#[test]
fn a_silent_listener_costs_at_most_the_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let t = Target::parse(&format!("postgres://u@127.0.0.1:{port}/db?sslmode=disable")).unwrap();
    let started = std::time::Instant::now();
    let limit = Duration::from_secs(2);
    let result =
        egress::verify::probe::with_deadline(limit, move || connect(&t, LIMITS).map(|_| ()));
    assert!(result.is_none(), "a silent server must not answer");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    drop(listener);
}

/// `url` with its user replaced.
fn with_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
    format!("{scheme}://{user}@{rest}")
}

#[test]
fn reasons_have_kinds_and_the_texts_of_connect() {
    use egress::verify::facts::Unverified;
    use egress::verify::probe::postgres::{count_tables, session, Limits};

    let t = Target::parse("postgres://u@127.0.0.1:1/db?sslmode=disable").unwrap();
    let refused = session(&t, LIMITS, "").err().unwrap();
    assert!(matches!(refused, Unverified::Unreachable(_)), "{refused:?}");
    assert_eq!(refused.to_string(), connect(&t, LIMITS).err().unwrap());
    assert!(refused
        .to_string()
        .starts_with("cannot connect to 127.0.0.1/db: "));

    let Some(url) = server() else { return };
    let t = Target::parse(&with_user(&url, "egress_no_such_role")).unwrap();
    let denied = session(&t, LIMITS, "").err().unwrap();
    assert!(
        matches!(&denied, Unverified::Denied { code, .. } if code == "28000"),
        "{denied:?}"
    );
    let t = Target::parse(&common::with_db(&url, "egress_no_such_database")).unwrap();
    let missing = session(&t, LIMITS, "").err().unwrap();
    assert!(matches!(missing, Unverified::Failed(_)), "{missing:?}");
    assert!(missing.to_string().contains("(3D000)"), "{missing}");

    // A table another session holds locked: not counted within the lock wait.
    let db = common::TestDb::new(&url, "kinds");
    db.sql("CREATE TABLE t (id int)");
    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let limits = Limits {
        connect_timeout: Duration::from_secs(5),
        statement_timeout: Duration::from_millis(500),
    };
    let t = Target::parse(&db.url).unwrap();
    let counted = count_tables(
        &t,
        limits,
        Duration::from_secs(5),
        &["t".to_string()],
        1,
        false,
        &|_| {},
    )
    .unwrap();
    let locked = counted[0].clone().unwrap_err();
    assert!(matches!(locked, Unverified::TimedOut(_)), "{locked:?}");
    assert!(locked.to_string().contains("(55P03)"), "{locked}");
    tx.rollback().unwrap();
}

// ------------------------------------------------------------------ the schema phase

/// `url` with a password the local trust server ignores (or the one it has), and that password.
fn with_password(url: &str) -> (String, String) {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (userinfo, host) = rest.split_once('@').unwrap_or(("postgres", rest));
    if let Some((_, pw)) = userinfo.split_once(':') {
        return (url.to_string(), pw.to_string());
    }
    let pw = "Sch3maCanaryPw77".to_string();
    (format!("{scheme}://{userinfo}:{pw}@{host}"), pw)
}

/// `egress verify` over a manifest with both databases and `tables` as `row_count_tables`.
fn verify(source: &str, target: &str, tables: &str, args: &[&str]) -> Run {
    let manifest = format!(
        "source:\n  db_url: {source}\ntarget:\n  db_url: {target}\nverification:\n  row_count_tables: {tables}\n"
    );
    let timeout = ["--timeout", "10"];
    common::run_verify(&manifest, &[&timeout[..], args].concat(), &[])
}

fn json(run: &Run) -> serde_json::Value {
    run.json()
}

/// (rule, severity, message) of every finding, sorted.
fn findings(v: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut f: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("severity"), s("message"))
        })
        .collect();
    f.sort();
    f
}

/// The schema both tests start from: an enum, a serial and an identity, a foreign key, an
/// index, a view, a trigger and its function, and rows.
const SCHEMA: &str = "
    CREATE TYPE plan AS ENUM ('free', 'team', 'enterprise');
    CREATE TABLE accounts (id serial PRIMARY KEY, name varchar(40) NOT NULL, plan plan NOT NULL DEFAULT 'free');
    CREATE TABLE users (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        account_id int REFERENCES accounts (id),
        email varchar(80) NOT NULL CHECK (email LIKE '%@%'),
        legacy_code text,
        created_at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX users_email_idx ON users (email);
    CREATE VIEW active_users AS SELECT id, email FROM users;
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.created_at := now(); RETURN NEW; END$$;
    CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();
    INSERT INTO accounts (name) SELECT 'a' || g FROM generate_series(1, 20) g;
    INSERT INTO users (account_id, email) SELECT 1 + g % 20, 'u' || g || '@example.com' FROM generate_series(1, 50) g;";

#[test]
fn a_careless_restore_gives_exactly_its_schema_findings() {
    let Some(url) = server() else { return };
    let source = common::TestDb::new(&url, "schema_src");
    source.sql(SCHEMA);
    // The target as a careless restore leaves it: the rows copied with their ids and the
    // sequence set back to 1, a type changed, a column dropped, no foreign key, no index, no
    // view, no trigger, one enum label short.
    let target = common::TestDb::new(&url, "schema_tgt");
    target.sql(
        "CREATE TYPE plan AS ENUM ('free', 'team');
         CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, plan plan NOT NULL DEFAULT 'free');
         CREATE TABLE users (
             id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             account_id int,
             email varchar(80) NOT NULL CHECK (email LIKE '%@%'),
             created_at timestamptz NOT NULL DEFAULT now());
         CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.created_at := now(); RETURN NEW; END$$;
         INSERT INTO accounts (id, name) SELECT g, 'a' || g FROM generate_series(1, 20) g;
         INSERT INTO users (id, account_id, email) SELECT g, 1 + g % 20, 'u' || g || '@example.com' FROM generate_series(1, 50) g;
         SELECT setval('accounts_id_seq', 1);
         SELECT setval(pg_get_serial_sequence('users', 'id'), 50);",
    );
    let (src, pw) = with_password(&source.url);
    let (tgt, _) = with_password(&target.url);
    let run = verify(
        &src,
        &tgt,
        "[accounts, users]",
        &["--phase", "schema", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = json(&run);
    let f = findings(&v);
    let rules: Vec<(&str, &str)> = f.iter().map(|(r, s, _)| (r.as_str(), s.as_str())).collect();
    assert_eq!(
        rules,
        [
            ("EG914", "error"),
            ("EG915", "error"),
            ("EG915", "error"),
            ("EG916", "error"),
            ("EG916", "warning"),
            ("EG917", "warning"),
            ("EG917", "warning"),
            ("EG917", "warning"),
        ],
        "{f:#?}"
    );
    let messages: Vec<&str> = f.iter().map(|(_, _, m)| m.as_str()).collect();
    let has = |i: usize, parts: &[&str]| {
        for p in parts {
            assert!(messages[i].contains(p), "{} lacks {p}", messages[i]);
        }
    };
    has(
        0,
        &[
            "accounts_id_seq",
            "accounts.id",
            "2 next",
            "largest value there is 20",
            "next value is 21",
        ],
    );
    has(
        1,
        &[
            "accounts.name",
            "character varying(40) on the source, text on the target",
        ],
    );
    has(2, &["users.legacy_code", "missing"]);
    has(
        3,
        &[
            "foreign key `users_account_id_fkey`",
            "FOREIGN KEY (account_id) REFERENCES accounts(id)",
        ],
    );
    has(4, &["index `users_email_idx`", "USING btree (email)"]);
    has(5, &["enum label 'enterprise' of `plan`"]);
    has(6, &["trigger `users_touch ON users`"]);
    has(7, &["view `active_users`"]);
    // The fix travels with the finding in JSON.
    let eg914 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "EG914")
        .unwrap();
    assert_eq!(eg914["help"], "SELECT setval('accounts_id_seq', 20);");
    let human = verify(&src, &tgt, "[accounts, users]", &["--phase", "schema"]);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains("setval('accounts_id_seq', 20)"),
        "{}",
        human.stdout
    );
    for out in [&run.stdout, &run.stderr, &human.stdout, &human.stderr] {
        assert!(!out.contains(&pw), "the password reached the output: {out}");
    }
}

#[test]
fn equal_databases_pass_every_check() {
    let Some(url) = server() else { return };
    let source = common::TestDb::new(&url, "schema_eq_src");
    let target = common::TestDb::new(&url, "schema_eq_tgt");
    for db in [&source, &target] {
        db.sql(SCHEMA);
    }
    let (src, pw) = with_password(&source.url);
    let (tgt, _) = with_password(&target.url);
    // Every database phase, every user table (health and webhooks have nothing to check here,
    // which is `unknown`).
    let phases = [
        "--phase",
        "extensions",
        "--phase",
        "rows",
        "--phase",
        "schema",
    ];
    let run = verify(
        &src,
        &tgt,
        "all",
        &[&phases[..], &["--format", "json"]].concat(),
    );
    let v = json(&run);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(v["summary"]["failed"], 0, "{v}");
    assert_eq!(v["summary"]["unknown"], 0, "{v}");
    let schema: Vec<&serde_json::Value> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["phase"] == "schema")
        .collect();
    let subjects: Vec<&str> = schema
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["accounts schema", "users schema", "objects"],
        "{v}"
    );
    assert!(schema.iter().all(|c| c["status"] == "pass"), "{v}");
    for out in [&run.stdout, &run.stderr] {
        assert!(!out.contains(&pw), "the password reached the output: {out}");
    }
}

#[test]
fn a_source_with_no_tables_in_scope_fails() {
    let Some(url) = server() else { return };
    let source = common::TestDb::new(&url, "schema_empty_src");
    let target = common::TestDb::new(&url, "schema_empty_tgt");
    target.sql("CREATE TABLE users (id int)");
    for tables in ["all", "[users]"] {
        let run = verify(
            &source.url,
            &target.url,
            tables,
            &["--phase", "schema", "--format", "json"],
        );
        assert_eq!(run.code, 1, "{tables}: {}", run.stdout);
        let v = json(&run);
        let check = v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "schema")
            .unwrap_or_else(|| panic!("{tables}: {v}"));
        assert_eq!(check["status"], "fail", "{tables}: {v}");
        assert!(
            check["evidence"]
                .as_str()
                .unwrap()
                .contains("no tables in scope"),
            "{v}"
        );
        assert!(
            !v["checks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["status"] == "pass"),
            "{tables}: nothing compared must pass nothing: {v}"
        );
    }
}

#[test]
fn the_schema_phase_reads_in_a_read_only_session_and_a_failed_query_is_unknown() {
    let Some(url) = server() else { return };
    // A "table" whose column a sequence feeds is a view that writes when it is read: reading
    // its largest value runs the write, which the read-only session refuses.
    let db = common::TestDb::new(&url, "schema_ro");
    db.sql(
        "CREATE TABLE log (n int);
         CREATE SEQUENCE s;
         CREATE FUNCTION sneaky() RETURNS int LANGUAGE plpgsql VOLATILE AS
           $$BEGIN INSERT INTO log VALUES (1); RETURN 1; END$$;
         CREATE VIEW v AS SELECT sneaky() AS id;
         ALTER VIEW v ALTER COLUMN id SET DEFAULT nextval('s');",
    );
    let run = verify(
        &db.url,
        &db.url,
        "[v]",
        &["--phase", "schema", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = json(&run);
    let checks = v["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 1, "{v}");
    assert_eq!(checks[0]["check"], "schema");
    assert_eq!(checks[0]["status"], "unknown", "{v}");
    assert!(
        checks[0]["evidence"].as_str().unwrap().contains("(25006)"),
        "{v}"
    );
    let written: i64 = db
        .client()
        .query_one("SELECT count(*) FROM log", &[])
        .unwrap()
        .get(0);
    assert_eq!(written, 0);
}

// ------------------------------------------------------------------ the key diff (EG918)

/// (check, status, evidence) of the rows phase's checks, in order.
fn row_checks(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["phase"] == "rows")
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
            (s("check"), s("status"), s("evidence"))
        })
        .collect()
}

#[test]
fn a_differing_table_is_narrowed_to_its_keys_in_the_counted_snapshot() {
    let Some(url) = server() else { return };
    let source = common::TestDb::new(&url, "keydiff_src");
    let target = common::TestDb::new(&url, "keydiff_tgt");
    for db in [&source, &target] {
        db.sql(
            "CREATE TABLE orders (id bigint PRIMARY KEY, account int, note text, at timestamptz);
             INSERT INTO orders SELECT g, g % 97, 'order ' || g, '2024-01-01'::timestamptz + g * interval '1 minute'
               FROM generate_series(1, 100000) g;
             CREATE TABLE same (id int PRIMARY KEY, v text);
             INSERT INTO same SELECT g, md5(g::text) FROM generate_series(1, 5000) g;
             CREATE TABLE logs (id int, line text);
             INSERT INTO logs SELECT g, 'line ' || g FROM generate_series(1, 300) g;
             CREATE TABLE pairs (a int, b int, PRIMARY KEY (a, b));
             INSERT INTO pairs SELECT g, g FROM generate_series(1, 30) g;",
        );
    }
    // 40 rows lost in one range, 3 written on the target only, 2 changed.
    target.sql(
        "DELETE FROM orders WHERE id BETWEEN 50001 AND 50040;
         INSERT INTO orders VALUES (100001, 1, 'late', now()), (100002, 2, 'late', now()), (100003, 3, 'late', now());
         UPDATE orders SET note = 'edited' WHERE id IN (7, 77777);
         DELETE FROM logs WHERE id = 5;
         DELETE FROM pairs WHERE a = 3;",
    );
    let (src, pw) = with_password(&source.url);
    let tables = "[orders, same, logs, pairs]";
    let rows = ["--phase", "rows", "--format", "json"];
    let run = verify(
        &src,
        &target.url,
        tables,
        &[&rows[..], &["--checksum"]].concat(),
    );
    let v = json(&run);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let eg918: Vec<_> = findings(&v)
        .into_iter()
        .filter(|f| f.0 == "EG918")
        .collect();
    assert_eq!(
        eg918,
        [(
            "EG918".to_string(),
            "error".to_string(),
            "`orders` rows differ by `id` in 4 key ranges (7, 50001-50040, 77777, 100001-100003): \
             40 missing on the target (50001, 50002, 50003, 50004, 50005, 50006, 50007, 50008, \
             50009, 50010, and 30 more), 3 extra on the target (100001, 100002, 100003), \
             2 changed (7, 77777)"
                .to_string()
        )],
        "{}",
        run.stdout
    );
    let checks = row_checks(&v);
    let by = |name: &str| {
        checks
            .iter()
            .find(|c| c.0 == name)
            .unwrap_or_else(|| panic!("no check {name}: {checks:?}"))
            .clone()
    };
    assert_eq!(by("orders rows").1, "fail");
    assert_eq!(by("orders keys").1, "fail");
    assert!(
        by("orders keys").2.starts_with("40 missing on the target"),
        "{checks:?}"
    );
    // Equal tables are neither diffed nor reported; tables without a usable key say why.
    assert_eq!(by("same rows").1, "pass");
    assert!(checks
        .iter()
        .all(|c| c.0 != "same keys" && c.0 != "logs keys"));
    assert_eq!(
        by("logs rows").2,
        "source 300, target 299 (-1); not narrowed: no primary key · TLS"
    );
    assert!(
        by("pairs rows").2.ends_with(
            "not narrowed: the primary key has 2 columns (only single-column integer keys are bisected) · TLS"
        ),
        "{checks:?}"
    );
    for out in [&run.stdout, &run.stderr] {
        assert!(!out.contains(&pw), "the password reached the output: {out}");
    }
    // Without --checksum the key sets are compared: the same missing and extra keys, and
    // changed rows are not looked for.
    let run = verify(&src, &target.url, tables, &rows);
    let v = json(&run);
    let eg918: Vec<_> = findings(&v)
        .into_iter()
        .filter(|f| f.0 == "EG918")
        .map(|f| f.2)
        .collect();
    assert_eq!(
        eg918,
        [
            "`orders` rows differ by `id` in 2 key ranges (50001-50040, 100001-100003): \
          40 missing on the target (50001, 50002, 50003, 50004, 50005, 50006, 50007, 50008, \
          50009, 50010, and 30 more), 3 extra on the target (100001, 100002, 100003)"
        ],
        "{}",
        run.stdout
    );

    // With --checksum and equal counts the changed rows alone are found.
    target.sql(
        "INSERT INTO orders SELECT g, g % 97, 'order ' || g, '2024-01-01'::timestamptz + g * interval '1 minute'
           FROM generate_series(50001, 50040) g;
         DELETE FROM orders WHERE id > 100000;",
    );
    let run = verify(
        &src,
        &target.url,
        "[orders]",
        &["--phase", "rows", "--format", "json", "--checksum"],
    );
    let v = json(&run);
    let rules: Vec<String> = findings(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["EG913", "EG918"], "{}", run.stdout);
    assert!(
        findings(&v)[1]
            .2
            .ends_with("in 2 key ranges (7, 77777): 2 changed (7, 77777)"),
        "{}",
        run.stdout
    );

    // A tiny budget: the first pass fits, the narrowing does not, and the finding says so.
    let run = verify(
        &src,
        &target.url,
        "[orders]",
        &[
            "--phase",
            "rows",
            "--format",
            "json",
            "--checksum",
            "--diff-budget",
            "100500",
        ],
    );
    let v = json(&run);
    let f = findings(&v);
    assert_eq!(f[1].0, "EG918", "{}", run.stdout);
    assert!(
        f[1].2.starts_with(
            "`orders` rows differ by `id`: stopped after 100000 rows (--diff-budget 100500): \
             narrowed to id 1-3125, 75001-78125"
        ),
        "{}",
        run.stdout
    );
    // A budget smaller than the table: not narrowed, in the EG913 evidence.
    let run = verify(
        &src,
        &target.url,
        "[orders]",
        &[
            "--phase",
            "rows",
            "--format",
            "json",
            "--checksum",
            "--diff-budget",
            "1000",
        ],
    );
    let v = json(&run);
    let rules: Vec<String> = findings(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["EG913"], "{}", run.stdout);
    assert!(
        row_checks(&v)[0].2.contains("not narrowed: a first pass over the table reads more than --diff-budget (1000 rows per side)"),
        "{}",
        run.stdout
    );
    // --diff-budget 0: no key diff at all.
    let run = verify(
        &src,
        &target.url,
        "[orders]",
        &[
            "--phase",
            "rows",
            "--format",
            "json",
            "--checksum",
            "--diff-budget",
            "0",
        ],
    );
    assert_eq!(
        row_checks(&json(&run))[0].2,
        "100000 rows, content differs · TLS"
    );
}

#[test]
fn the_key_diff_reads_the_snapshot_the_counts_were_taken_in() {
    let Some(url) = server() else { return };
    let source = common::TestDb::new(&url, "keydiff_rw_src");
    let target = common::TestDb::new(&url, "keydiff_rw_tgt");
    for db in [&source, &target] {
        db.sql(
            "CREATE TABLE events (id bigserial PRIMARY KEY, v int);
             INSERT INTO events (v) SELECT generate_series(1, 20000);",
        );
    }
    // A writer adds rows to the source while egress counts and narrows: the keys it reports
    // missing must be exactly the difference of the counts, from the same snapshot.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let mut c = source.client();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && n < 20000 {
                c.batch_execute("INSERT INTO events (v) VALUES (1)")
                    .unwrap();
                n += 1;
            }
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    for _ in 0..3 {
        let run = verify(
            &source.url,
            &target.url,
            "[events]",
            &["--phase", "rows", "--format", "json"],
        );
        let f = findings(&json(&run));
        assert_eq!(f.len(), 2, "{}", run.stdout);
        let behind: i64 = f[0]
            .2
            .split('(')
            .nth(1)
            .and_then(|s| s.split(')').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{}", f[0].2));
        let missing = format!(": {} missing on the target (20001, ", -behind);
        assert!(f[1].2.contains(&missing), "{} / {}", f[0].2, f[1].2);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}

#[test]
fn keys_across_the_whole_bigint_range_are_bisected() {
    let Some(url) = server() else { return };
    let source = common::TestDb::new(&url, "keydiff_wide_src");
    let target = common::TestDb::new(&url, "keydiff_wide_tgt");
    for db in [&source, &target] {
        db.sql(
            "CREATE TABLE wide (id bigint PRIMARY KEY, v int);
             INSERT INTO wide SELECT g * 4611686018427387, g FROM generate_series(-2000, 2000) g;
             INSERT INTO wide VALUES (-9223372036854775808, 0), (9223372036854775807, 0);",
        );
    }
    target.sql("DELETE FROM wide WHERE id IN (-9223372036854775808, 0, 9223372036854775807)");
    let run = verify(
        &source.url,
        &target.url,
        "[wide]",
        &["--phase", "rows", "--format", "json", "--checksum"],
    );
    let f = findings(&json(&run));
    assert_eq!(
        f.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["EG911", "EG918"],
        "{}",
        run.stdout
    );
    assert!(
        f[1].2
            .ends_with("3 missing on the target (-9223372036854775808, 0, 9223372036854775807)"),
        "{}",
        run.stdout
    );
}
