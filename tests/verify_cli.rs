//! `egress verify` end to end against real databases on the test server: every EG9xx case of
//! the extensions and rows phases, unknowns, timeouts, consistency and secrets.

mod common;

use common::{server, Run, TestDb};
use egress::verify::probe::postgres::Target;

fn verify(manifest: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    common::run_verify(manifest, args, env)
}

fn json(run: &Run) -> serde_json::Value {
    run.json()
}

fn rules(v: &serde_json::Value) -> Vec<String> {
    let mut r: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    r.sort();
    r
}

fn check<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no check {name}: {v}"))
}

/// Source with heroku_ext, target without some extensions; tables that match and that do not.
fn fixture(server: &str) -> (TestDb, TestDb) {
    let source = TestDb::new(server, "src");
    source.sql(
        "CREATE SCHEMA heroku_ext;
         CREATE EXTENSION pg_trgm WITH SCHEMA heroku_ext;
         CREATE EXTENSION citext;
         CREATE EXTENSION \"uuid-ossp\";
         CREATE EXTENSION unaccent;
         CREATE TABLE users (id int PRIMARY KEY, email citext);
         INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 300) g;
         CREATE TABLE invoices (id int PRIMARY KEY, total numeric, issued timestamptz);
         INSERT INTO invoices SELECT g, g * 1.5, '2024-01-01'::timestamptz + g * interval '1 hour' FROM generate_series(1, 200) g;
         CREATE TABLE events (id int);
         INSERT INTO events SELECT generate_series(1, 50);",
    );
    let target = TestDb::new(server, "tgt");
    target.sql(
        "CREATE EXTENSION citext;
         CREATE EXTENSION pg_trgm VERSION '1.5';
         CREATE TABLE users (id int PRIMARY KEY, email citext);
         INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 300) g;
         CREATE TABLE invoices (id int PRIMARY KEY, total numeric, issued timestamptz);
         INSERT INTO invoices SELECT g, g * 1.5, '2024-01-01'::timestamptz + g * interval '1 hour' FROM generate_series(1, 199) g;",
    );
    (source, target)
}

fn manifest(source: &str, extensions: &str, tables: &str) -> String {
    format!(
        "source:\n  platform: heroku\n  db_url: {source}\n  extensions: [{extensions}]\ntarget:\n  platform: render\n  db_url: ${{EGRESS_T_TARGET}}\n\
         verification:\n  row_count_tables:\n{tables}\n"
    )
}

#[test]
fn extensions_phase_reports_every_case_with_spans() {
    let Some(server) = server() else { return };
    let (source, target) = fixture(&server);
    let m = manifest(
        &source.url,
        "citext, pg_trgm, pg_stat_statements, postgis_nonexistent",
        "    - users",
    );
    let run = verify(
        &m,
        &["--phase", "extensions", "--format", "json"],
        &[("EGRESS_T_TARGET", &target.url)],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = json(&run);
    let r = rules(&v);
    for expected in ["EG901", "EG902", "EG903", "EG904", "EG905", "EG906"] {
        assert!(
            r.contains(&expected.to_string()),
            "{expected} missing: {r:?}"
        );
    }
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "EG901")
        .unwrap();
    assert_eq!(f["line"], 4);
    assert!(f["help"]
        .as_str()
        .unwrap()
        .contains("CREATE EXTENSION IF NOT EXISTS \"pg_stat_statements\";"));
    let eg906: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "EG906")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        eg906.iter().any(|m| m.contains("uuid-ossp"))
            && eg906.iter().any(|m| m.contains("unaccent")),
        "{eg906:?}"
    );
    assert_eq!(check(&v, "citext on target")["status"], "pass");
    assert_eq!(check(&v, "database TimeZone")["status"], "pass");
    // Human output: snippet into the manifest and the checks table.
    let human = verify(
        &m,
        &["--phase", "extensions"],
        &[("EGRESS_T_TARGET", &target.url)],
    );
    assert!(
        human.stdout.contains("extension-missing-on-target") && human.stdout.contains("PHASE"),
        "{}",
        human.stdout
    );
}

#[test]
fn plaintext_sessions_to_remote_hosts_and_other_time_zones() {
    let Some(server) = server() else { return };
    let source = TestDb::new(&server, "src");
    let target = TestDb::new(&server, "tgt");
    target.sql(&format!(
        "ALTER DATABASE {} SET timezone TO 'Europe/Berlin'",
        target.name
    ));
    // libpq's hostaddr: connect to the local server while the host name says "remote".
    let remote = format!(
        "host=db.example.com hostaddr=127.0.0.1 port=5432 user=postgres dbname={} sslmode=disable",
        source.name
    );
    let m = format!(
        "source:\n  db_url: {remote}\n  extensions: []\ntarget:\n  db_url: {}\n",
        target.url
    );
    let run = verify(&m, &["--phase", "extensions", "--format", "json"], &[]);
    let v = json(&run);
    assert_eq!(rules(&v), ["EG941", "EG942"], "{}", run.stdout);
    assert_eq!(check(&v, "TLS to source")["status"], "fail");
    let eg941 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "EG941")
        .unwrap();
    assert_eq!(eg941["line"], 2);
}

/// `db_url: ${VAR}?sslmode=require` where the variable's URL has a query string of its own (the
/// seed template's form): the mode is joined with `&`, and the session uses TLS.
#[test]
fn an_appended_sslmode_joins_a_url_that_has_a_query() {
    let Some(server) = server() else { return };
    let source = TestDb::new(&server, "src");
    let target = TestDb::new(&server, "tgt");
    // A remote name reached locally (hostaddr), so a plaintext session would be EG941.
    let remote = format!(
        "postgres://postgres@db.example.com:5432/{}?hostaddr=127.0.0.1",
        source.name
    );
    let m = format!(
        "source:\n  db_url: ${{EGRESS_T_SOURCE}}?sslmode=require\n  extensions: []\ntarget:\n  db_url: {}\n",
        target.url
    );
    let run = verify(
        &m,
        &["--phase", "extensions", "--format", "json"],
        &[("EGRESS_T_SOURCE", &remote)],
    );
    let v = json(&run);
    assert!(!rules(&v).contains(&"EG941".to_string()), "{}", run.stdout);
    assert_eq!(
        check(&v, "TLS to source")["status"],
        "pass",
        "{}",
        run.stdout
    );
    // Every database check says whether its sessions were encrypted.
    let evidence = check(&v, "database TimeZone")["evidence"].as_str().unwrap();
    assert!(evidence.starts_with("Etc/UTC"), "{evidence}");
    assert!(
        evidence.ends_with(" · TLS") || evidence.ends_with("source TLS, target no TLS"),
        "{evidence}"
    );
}

/// A phase that is asked for (or in the default set) and finds nothing to check is `unknown`
/// with the key it lacks, the run exits 1, and every format shows why.
#[test]
fn a_phase_with_nothing_to_check_is_unknown_in_every_format() {
    let Some(server) = server() else { return };
    let db = TestDb::new(&server, "one");
    let m = format!(
        "source:\n  db_url: {0}\n  extensions: []\ntarget:\n  db_url: {0}\n",
        db.url
    );
    let reason = "`verification.row_count_tables` is not set";
    let run = verify(&m, &["--phase", "rows", "--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = json(&run);
    let c = check(&v, "nothing to check");
    assert_eq!(c["status"], "unknown");
    assert!(c["evidence"].as_str().unwrap().contains(reason), "{c}");
    for format in ["human", "concise", "github", "gitlab", "junit", "sarif"] {
        let run = verify(&m, &["--phase", "rows", "--format", format], &[]);
        assert_eq!(run.code, 1, "{format}: {}", run.stdout);
        assert!(run.stdout.contains(reason), "{format}: {}", run.stdout);
    }
    let run = verify(&m, &["--phase", "rows", "--format", "junit"], &[]);
    assert!(run.stdout.contains("errors=\"1\""), "{}", run.stdout);
    assert!(
        run.stdout.contains("<error message=\"unknown\">"),
        "{}",
        run.stdout
    );
    let run = verify(&m, &["--phase", "rows", "--format", "github"], &[]);
    assert!(run.stdout.starts_with("::error file="), "{}", run.stdout);
    let run = verify(&m, &["--phase", "rows", "--format", "sarif"], &[]);
    common::validate_sarif(&run.stdout).unwrap();
    let v = json(&run);
    let notes = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes.as_array().unwrap().len(), 1, "{}", run.stdout);
    assert_eq!(v["runs"][0]["automationDetails"]["id"], "egress/verify/");
    // The seed template's `webhook_providers`: each provider listed needs an entry to test.
    let listed = format!(
        "{m}verification:\n  webhook_providers: [stripe, github]\nwebhook_providers: [sendgrid]\n"
    );
    let run = verify(&listed, &["--phase", "webhooks", "--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = json(&run);
    for p in ["stripe", "github", "sendgrid"] {
        let c = check(&v, &format!("{p} webhook"));
        assert_eq!(c["status"], "unknown", "{c}");
        assert!(
            c["evidence"]
                .as_str()
                .unwrap()
                .contains(&format!("`webhooks[provider: {p}]` is not set")),
            "{c}"
        );
    }
    // The same with a webhooks phase that has no `webhooks:` section.
    let run = verify(&m, &["--phase", "webhooks", "--format", "concise"], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("`webhooks` is not set"),
        "{}",
        run.stdout
    );
}

/// A database that cannot be reached is tried once and reported once, as its own check; the
/// checks that needed it say so briefly, in every phase.
#[test]
fn an_unreachable_database_is_one_check_with_the_reason() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener); // nothing listens there now: connection refused
    let m = format!(
        "source:\n  db_url: postgres://u:pw@127.0.0.1:{port}/db?sslmode=disable\n  extensions: [citext, pg_trgm]\n\
         target:\n  db_url: postgres://u@127.0.0.1:{port}/db2?sslmode=disable\n\
         verification:\n  row_count_tables: [users, orders]\n"
    );
    let args = [
        "--format",
        "json",
        "--phase",
        "extensions",
        "--phase",
        "rows",
        "--phase",
        "schema",
    ];
    let run = verify(&m, &args, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = json(&run);
    let checks = v["checks"].as_array().unwrap();
    for side in ["source", "target"] {
        let full: Vec<_> = checks
            .iter()
            .filter(|c| c["evidence"].as_str().unwrap().contains("refused"))
            .filter(|c| c["check"] == format!("connection to {side}"))
            .collect();
        assert_eq!(full.len(), 1, "{side}: {v}");
    }
    let refused = checks
        .iter()
        .filter(|c| c["evidence"].as_str().unwrap().contains("refused"))
        .count();
    assert_eq!(refused, 2, "the reason once per database: {v}");
    let brief = checks
        .iter()
        .filter(|c| {
            c["evidence"]
                .as_str()
                .unwrap()
                .contains("could not be reached (see `connection to source`)")
        })
        .count();
    assert!(
        brief >= 4,
        "extensions, rows and schema checks of the source: {v}"
    );
    assert!(checks.iter().all(|c| c["status"] == "unknown"), "{v}");
}

/// A `target.url` without a scheme is a setting egress cannot use: said at once, no retries.
#[test]
fn a_health_url_without_a_scheme_is_unknown_without_retries() {
    let m = "target:\n  url: staging.example.invalid\nverification:\n  health_endpoint: /up\n  health: {retries: 5, backoff_seconds: 2}\n";
    let started = std::time::Instant::now();
    let run = verify(m, &["--phase", "health", "--format", "json"], &[]);
    // Five retries with a 2 s backoff would take over 10 s.
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = json(&run);
    let c = &v["checks"][0];
    assert_eq!(c["status"], "unknown", "{v}");
    assert!(
        c["evidence"]
            .as_str()
            .unwrap()
            .contains("`staging.example.invalid` is not an http:// or https:// URL"),
        "{v}"
    );
}

#[test]
fn rows_phase_counts_and_checksums() {
    let Some(server) = server() else { return };
    let (source, target) = fixture(&server);
    // Same count, different content: one changed value in users on the target.
    target.sql("UPDATE users SET email = 'changed@example.com' WHERE id = 7");
    let tables = "    - users\n    - {table: invoices, expected: 200}\n    - events";
    let m = manifest(&source.url, "citext", tables);
    let env = [("EGRESS_T_TARGET", target.url.as_str())];
    let run = verify(
        &m,
        &["--phase", "rows", "--format", "json", "--jobs", "2"],
        &env,
    );
    let v = json(&run);
    // invoices has a primary key: EG918 names the row the target lacks.
    assert_eq!(rules(&v), ["EG911", "EG912", "EG918"], "{}", run.stdout);
    assert_eq!(check(&v, "users rows")["status"], "pass");
    assert_eq!(
        check(&v, "invoices keys")["evidence"],
        "1 missing on the target (200) in id 200 · TLS"
    );
    assert_eq!(
        check(&v, "events rows")["evidence"],
        "missing on target · TLS",
        "{}",
        run.stdout
    );
    let eg911 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "EG911")
        .unwrap();
    assert!(
        eg911["message"]
            .as_str()
            .unwrap()
            .contains("source 200, target 199"),
        "{eg911}"
    );
    assert_eq!(eg911["line"], 11);
    let run = verify(
        &m,
        &["--phase", "rows", "--format", "json", "--checksum"],
        &env,
    );
    let v = json(&run);
    assert_eq!(
        rules(&v),
        ["EG911", "EG912", "EG913", "EG918", "EG918"],
        "{}",
        run.stdout
    );
    assert_eq!(
        check(&v, "users keys")["evidence"],
        "1 changed (7) in id 7 · TLS"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn all_tables_and_a_clean_pass_exit_zero() {
    let Some(server) = server() else { return };
    let source = TestDb::new(&server, "src");
    let target = TestDb::new(&server, "tgt");
    for db in [&source, &target] {
        db.sql("CREATE EXTENSION citext; CREATE TABLE a (id int, t timestamptz, f float8); INSERT INTO a SELECT g, now() - g * interval '1 day', g / 3.0 FROM generate_series(1, 100) g;");
    }
    target.sql("UPDATE a SET t = t");
    // Identical data in both: the checksum must agree although rows were rewritten.
    target.sql("DELETE FROM a; ");
    let mut c = source.client();
    let rows = c.query("SELECT id, t, f FROM a", &[]).unwrap();
    let mut t = target.client();
    for r in rows {
        let (id, ts, f): (i32, std::time::SystemTime, f64) = (r.get(0), r.get(1), r.get(2));
        t.execute("INSERT INTO a VALUES ($1, $2, $3)", &[&id, &ts, &f])
            .unwrap();
    }
    let m = format!(
        "source:\n  db_url: {}\n  extensions: [citext]\ntarget:\n  db_url: {}\nverification:\n  row_count_tables: all\n",
        source.url, target.url
    );
    // The database phases (health and webhooks would have nothing to check: `unknown`).
    let run = verify(
        &m,
        &[
            "--format",
            "json",
            "--checksum",
            "--phase",
            "extensions",
            "--phase",
            "rows",
            "--phase",
            "schema",
        ],
        &[],
    );
    let v = json(&run);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        check(&v, "a rows")["evidence"],
        "100 rows, same content · TLS"
    );
    assert_eq!(v["summary"]["unknown"], 0);
}

#[test]
fn counts_come_from_one_snapshot_per_side() {
    let Some(server) = server() else { return };
    let source = TestDb::new(&server, "src");
    let target = TestDb::new(&server, "tgt");
    let mut tables = String::new();
    for db in [&source, &target] {
        for i in 0..6 {
            db.sql(&format!("CREATE TABLE t{i} (id bigserial, v int); INSERT INTO t{i} (v) SELECT generate_series(1, 20000);"));
        }
    }
    for i in 0..6 {
        tables.push_str(&format!("    - t{i}\n"));
    }
    // A writer adds one row to every table per transaction while the counts run: with a
    // shared snapshot all six source counts are always equal to each other.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let mut c = source.client();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && n < 5000 {
                let mut tx = c.transaction().unwrap();
                for i in 0..6 {
                    tx.batch_execute(&format!("INSERT INTO t{i} (v) VALUES (1)"))
                        .unwrap();
                }
                tx.commit().unwrap();
                n += 1;
            }
        })
    };
    let m = format!(
        "source:\n  db_url: {}\ntarget:\n  db_url: {}\nverification:\n  row_count_tables:\n{tables}",
        source.url, target.url
    );
    for _ in 0..5 {
        let run = verify(
            &m,
            &["--phase", "rows", "--format", "json", "--jobs", "3"],
            &[],
        );
        let v = json(&run);
        let sources: Vec<i64> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let msg = f["message"].as_str().unwrap();
                let n = msg
                    .split("source ")
                    .nth(1)
                    .unwrap()
                    .split(',')
                    .next()
                    .unwrap();
                n.parse().unwrap()
            })
            .collect();
        assert_eq!(sources.len(), 6, "{}", run.stdout);
        assert!(
            sources.windows(2).all(|w| w[0] == w[1]),
            "counts from different snapshots: {sources:?}"
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}

/// A login role without privileges, for sessions that may not read everything. Declare it before
/// the databases it is granted on: it is dropped after them (roles belong to the cluster).
struct Role {
    name: String,
    server: String,
}

impl Role {
    fn new(server: &str) -> Role {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("egress_ro_{}_{nanos}", std::process::id());
        common::admin(server)
            .batch_execute(&format!("CREATE ROLE {name} LOGIN"))
            .unwrap();
        Role {
            name,
            server: server.to_string(),
        }
    }

    /// `url` connecting as this role.
    fn url(&self, url: &str) -> String {
        let (scheme, rest) = url.split_once("://").unwrap();
        let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
        format!("{scheme}://{}@{rest}", self.name)
    }
}

impl Drop for Role {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.name));
        }
    }
}

#[test]
fn a_table_the_role_cannot_read_is_unknown_and_the_others_are_counted() {
    let Some(server) = server() else { return };
    let role = Role::new(&server);
    let source = TestDb::new(&server, "src");
    let target = TestDb::new(&server, "tgt");
    let readable = ["a", "b", "c", "d", "e"];
    for db in [&source, &target] {
        for (i, t) in readable.iter().chain(&["secret"]).enumerate() {
            db.sql(&format!(
                "CREATE TABLE {t} (id int); INSERT INTO {t} SELECT generate_series(1, {})",
                (i + 1) * 10
            ));
        }
    }
    let r = &role.name;
    source.sql(&format!(
        "GRANT CONNECT ON DATABASE {} TO {r}; GRANT USAGE ON SCHEMA public TO {r};
         GRANT SELECT ON a, b, c, d, e TO {r}; REVOKE ALL ON secret FROM {r}",
        source.name
    ));
    // The denied table in the middle: before the fix every table counted after it in the same
    // session was `unknown 25P02` (the transaction was aborted).
    let m = format!(
        "source:\n  db_url: {}\ntarget:\n  db_url: {}\nverification:\n  row_count_tables: [a, b, c, secret, d, e]\n",
        role.url(&source.url),
        target.url
    );
    for args in [
        &["--jobs", "1"][..],
        &["--jobs", "3"],
        &["--jobs", "1", "--checksum"],
    ] {
        let mut args = args.to_vec();
        args.extend(["--phase", "rows", "--format", "json"]);
        let run = verify(&m, &args, &[]);
        let v = json(&run);
        assert!(!run.stdout.contains("25P02"), "{args:?}: {}", run.stdout);
        let denied = check(&v, "secret rows");
        assert_eq!(denied["status"], "unknown", "{args:?}: {v}");
        let why = denied["evidence"].as_str().unwrap();
        assert!(
            why.contains("permission denied for table secret") && why.contains("(42501)"),
            "{args:?}: {why}"
        );
        for (i, t) in readable.iter().enumerate() {
            let c = check(&v, &format!("{t} rows"));
            assert_eq!(c["status"], "pass", "{args:?}: {c}");
            assert!(
                c["evidence"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{} rows", (i + 1) * 10)),
                "{args:?}: {c}"
            );
        }
        assert_eq!(v["summary"]["unknown"], 1, "{args:?}: {v}");
        assert_eq!(run.code, 1);
    }
    drop((source, target));
}

#[test]
fn a_table_locked_by_another_session_is_unknown_within_the_limit() {
    use std::time::{Duration, Instant};
    let Some(server) = server() else { return };
    let source = TestDb::new(&server, "src");
    let target = TestDb::new(&server, "tgt");
    for db in [&source, &target] {
        db.sql(
            "CREATE TABLE a (id int); INSERT INTO a SELECT generate_series(1, 10);
             CREATE TABLE locked (id int); INSERT INTO locked SELECT generate_series(1, 20);
             CREATE TABLE b (id int); INSERT INTO b SELECT generate_series(1, 30);",
        );
    }
    // A second session holds the table for the whole run, as a migration or a VACUUM FULL would.
    let mut holder = source.client();
    holder
        .batch_execute("BEGIN; LOCK TABLE locked IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let m = format!(
        "source:\n  db_url: {}\ntarget:\n  db_url: {}\nverification:\n  row_count_tables: [a, locked, b]\n",
        source.url, target.url
    );
    let rows = ["--phase", "rows", "--format", "json", "--jobs", "1"];
    // --count-timeout bounds the count, lock wait included.
    let started = Instant::now();
    let mut args = rows.to_vec();
    args.extend(["--count-timeout", "2"]);
    let run = verify(&m, &args, &[]);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(8),
        "{took:?}"
    );
    let v = json(&run);
    let locked = check(&v, "locked rows");
    assert_eq!(locked["status"], "unknown", "{v}");
    let why = locked["evidence"].as_str().unwrap();
    assert!(
        why.contains("not counted within --count-timeout (2s)") && why.contains("(57014)")
            || why.contains("no lock within 2s") && why.contains("(55P03)"),
        "{why}"
    );
    assert_eq!(check(&v, "a rows")["evidence"], "10 rows · TLS");
    assert_eq!(check(&v, "b rows")["evidence"], "30 rows · TLS");
    // A lock wait also gives up after --timeout when that is shorter: the count itself may take
    // --count-timeout, waiting for someone else's lock may not.
    let started = Instant::now();
    let mut args = rows.to_vec();
    args.extend(["--timeout", "1", "--count-timeout", "60"]);
    let run = verify(&m, &args, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    let v = json(&run);
    let why = check(&v, "locked rows")["evidence"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        why.contains("locked by another session, no lock within 1s")
            && why.contains("lock timeout (55P03)"),
        "{why}"
    );
    assert_eq!(check(&v, "a rows")["status"], "pass");
    assert_eq!(check(&v, "b rows")["status"], "pass");
    holder.batch_execute("ROLLBACK").unwrap();
    // With the lock gone the table is counted.
    let run = verify(&m, &rows, &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn missing_variables_and_silent_servers_are_unknown_within_the_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let m = format!(
        "source:\n  db_url: postgres://u:topsecretpw@127.0.0.1:{port}/db?sslmode=disable\n  extensions: [citext]\n\
         target:\n  db_url: ${{EGRESS_T_UNSET_VAR}}\nverification:\n  row_count_tables: [users]\n"
    );
    let started = std::time::Instant::now();
    let run = verify(&m, &["--format", "json", "--timeout", "1"], &[]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(run.code, 1);
    let v = json(&run);
    let checks = v["checks"].as_array().unwrap();
    assert!(
        !checks.is_empty() && checks.iter().all(|c| c["status"] == "unknown"),
        "{v}"
    );
    assert!(checks.iter().any(|c| c["evidence"]
        .as_str()
        .unwrap()
        .contains("EGRESS_T_UNSET_VAR")
        && c["evidence"].as_str().unwrap().contains(":5")));
    assert!(!run.stdout.contains("topsecretpw") && !run.stderr.contains("topsecretpw"));
    let human = verify(&m, &["--timeout", "1"], &[]);
    assert!(!human.stdout.contains("topsecretpw"), "{}", human.stdout);
    drop(listener);
}

#[test]
fn a_manifest_that_does_not_parse_exits_2_naming_it() {
    let run = verify("source: [unclosed\n", &[], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("migration-manifest.yml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn durations_out_of_range_on_the_command_line_are_usage_errors() {
    let m = "verification:\n  health_endpoint: /up\n";
    for (args, flag, range) in [
        (&["--timeout=-1"][..], "--timeout", "(0.1 to 3600 seconds)"),
        (&["--timeout", "-1"], "--timeout", "(0.1 to 3600 seconds)"),
        (&["--timeout", "NaN"], "--timeout", "(0.1 to 3600 seconds)"),
        (&["--timeout", "0"], "--timeout", "(0.1 to 3600 seconds)"),
        (&["--timeout", "abc"], "--timeout", "(0.1 to 3600)"),
        (
            &["--count-timeout=inf"],
            "--count-timeout",
            "(0.1 to 86400 seconds)",
        ),
        (
            &["--count-timeout", "1e300"],
            "--count-timeout",
            "(0.1 to 86400 seconds)",
        ),
        (
            &["--count-timeout", "-0.5"],
            "--count-timeout",
            "(0.1 to 86400 seconds)",
        ),
    ] {
        let run = verify(m, args, &[]);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("'{flag} <SECS>'")) && run.stderr.contains(range),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    // Sessions per side: 1 to 64 (0 would count nothing, and wait for nothing).
    for jobs in ["0", "65", "many"] {
        let run = verify(m, &["--jobs", jobs], &[]);
        assert_eq!(run.code, 2, "--jobs {jobs}: {}", run.stderr);
        assert!(run.stderr.contains("'--jobs <JOBS>'"), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    // The ends of the ranges are allowed.
    let run = verify(
        "verification: {}\n",
        &[
            "--timeout",
            "3600",
            "--count-timeout",
            "0.1",
            "--phase",
            "health",
            "--format",
            "json",
        ],
        &[],
    );
    // Accepted (2 would be a usage error); the health phase has nothing to check: unknown, 1.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(json(&run)["summary"]["unknown"], 1, "{}", run.stdout);
}

#[test]
fn durations_and_retries_out_of_range_in_the_manifest_name_file_key_and_line() {
    let m = "source:\n  platform: heroku\n  app: ledgerly-production\n  db_url: ${HEROKU_DATABASE_URL}\n\
             \x20 extensions: [pgcrypto]\ntarget:\n  platform: render\n  url: https://ledgerly.onrender.com\n\
             \x20 db_url: ${RENDER_DATABASE_URL}\nverification:\n  health_endpoint: /up\n  health:\n    retries: 1e20\n\
             \x20   backoff_seconds: 1e300\n    timeout_seconds: -3\n  row_count_tables:\n    - {table: invoices, expected: -1}\n";
    let run = verify(m, &[], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let expected = [
        "migration-manifest.yml:13: verification.health.retries: 1e20 is out of range (0 to 20 retries)",
        "migration-manifest.yml:14: verification.health.backoff_seconds: 1e300 is out of range (0 to 60 seconds)",
        "migration-manifest.yml:15: verification.health.timeout_seconds: -3 is out of range (0.1 to 3600 seconds)",
        "migration-manifest.yml:17: verification.row_count_tables[0].expected: -1 is out of range (0 or more rows)",
    ];
    assert_eq!(lines.len(), expected.len(), "{}", run.stderr);
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with("egress: error: ") && line.ends_with(want),
            "{line}\n  wanted …{want}"
        );
    }
    for (value, why) in [
        (
            "retries: 2.5",
            "verification.health.retries: \"2.5\" is not a whole number",
        ),
        (
            "retries: -1",
            "verification.health.retries: -1 is out of range",
        ),
        (
            "backoff_seconds: .nan",
            "verification.health.backoff_seconds: \".nan\" is not a number",
        ),
        (
            "timeout_seconds: inf",
            "verification.health.timeout_seconds: inf is out of range",
        ),
    ] {
        let m = format!("verification:\n  health_endpoint: /up\n  health:\n    {value}\n");
        let run = verify(&m, &[], &[]);
        assert_eq!(run.code, 2, "{value}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("migration-manifest.yml:4: {why}")),
            "{value}: {}",
            run.stderr
        );
    }
}

/// `check` (EG701) and `verify` read the manifest with one validation: the same errors, one
/// per problem, with the same key and line.
#[test]
fn check_and_verify_agree_on_a_manifest_they_cannot_use() {
    let m = "source:\n  db_url: ${HEROKU_DATABASE_URL}\n  extensions: pgcrypto\ntarget:\n  timezone: UTC\n\
             verification:\n  health_endpoint: up\n  row_count_table: [users]\ncutover:\n  dns_ttl_second: 60\n";
    let run = verify(m, &[], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let refused: Vec<String> = run
        .stderr
        .lines()
        .map(|l| {
            l.trim_start_matches("egress: error: ")
                .split_once("migration-manifest.yml:")
                .map(|(_, rest)| rest.to_string())
                .unwrap_or_default()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("migration-manifest.yml"), m).unwrap();
    let out = common::egress()
        .args(["check", ".", "--format", "json", "--select", "EG701"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reported: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}: {}", f["line"], f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(refused, reported);
    assert_eq!(reported.len(), 4, "{reported:#?}");
    assert!(
        reported[2].starts_with("8: verification.row_count_table: unknown key"),
        "{reported:#?}"
    );
}

#[test]
fn errors_that_repeat_the_manifest_are_masked() {
    let long = format!(
        "postgres://user:canaryLong03{}@db.example.com/app",
        "x".repeat(80)
    );
    let m = format!(
        "verification:\n  health:\n    backoff_seconds: postgres://u:canaryErr01@db.example.com/app\n\
         \x20   retries: password=canaryErr02\n    timeout_seconds: \"{long}\"\n\
         \x20 row_count_tables:\n    - {{table: t, expected: sk_live_canaryErr04abcdef}}\n"
    );
    let run = verify(&m, &[], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 4, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "verification.health.backoff_seconds: \"postgres://u:****@db.example.com/app\" is not a number"
        ) && run.stderr.contains("verification.health.retries: \"password=****\" is not"),
        "{}",
        run.stderr
    );
    // A path that is really a URL, and a manifest that does not parse.
    let mut cmd = common::egress();
    let out = cmd
        .args([
            "verify",
            "--manifest",
            "postgres://u:canaryErr05@db.example.com/app",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("cannot read postgres://u:****@db.example.com/app"),
        "{stderr}"
    );
    let broken = verify(
        "source:\n  db_url: postgres://u:canaryErr06@h/db\n  x: [unclosed\n",
        &[],
        &[],
    );
    assert_eq!(broken.code, 2);
    for canary in [
        "canaryErr01",
        "canaryErr02",
        "canaryLong03",
        "canaryErr04",
        "canaryErr06",
    ] {
        assert!(!run.stderr.contains(canary), "{canary}: {}", run.stderr);
        assert!(
            !broken.stderr.contains(canary),
            "{canary}: {}",
            broken.stderr
        );
    }
    assert!(!stderr.contains("canaryErr05"), "{stderr}");
}

#[test]
fn twenty_health_retries_are_allowed_and_made() {
    use common::http::{reply, serve};
    let (down, server) = serve(21, |_| reply(503, "{}"));
    let m = format!(
        "target:\n  url: {down}\nverification:\n  health_endpoint: /up\n  health: {{retries: 20, backoff_seconds: 0}}\n"
    );
    let run = verify(&m, &["--phase", "health", "--format", "json"], &[]);
    let v = json(&run);
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("HTTP 503 after 21 tries"),
        "{v}"
    );
    assert_eq!(server.join().unwrap().len(), 21);
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn health_phase_follows_the_retry_policy() {
    use common::http::{reply, serve};
    let (ok, ok_server) = serve(1, |_| reply(200, "{\"status\":\"ok\"}"));
    let m = format!("target:\n  url: {ok}\nverification:\n  health_endpoint: /up\n");
    let run = verify(&m, &["--phase", "health", "--format", "json"], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(ok_server.join().unwrap()[0].target, "/up");
    let (down, down_server) = serve(2, |_| reply(503, "{}"));
    let m = format!(
        "target:\n  url: {down}\nverification:\n  health_endpoint: /up\n  health: {{retries: 1, backoff_seconds: 0.05, timeout_seconds: 2}}\n"
    );
    let run = verify(&m, &["--phase", "health", "--format", "json"], &[]);
    let v = json(&run);
    assert_eq!(rules(&v), ["EG921"]);
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("HTTP 503 after 2 tries"),
        "{v}"
    );
    assert_eq!(v["findings"][0]["line"], 4);
    assert_eq!(down_server.join().unwrap().len(), 2);
}

#[test]
fn webhooks_phase_probes_signatures_and_registration() {
    use common::http::{reply, serve};
    const SECRET: &str = "whsec_egress_test_secret_123";
    const KEY: &str = "sk_test_egress_key_456";
    // A receiver that verifies Stripe signatures: wrong signature 400, right one 200.
    let (good, good_server) = serve(2, |req| {
        let sig = req.header("stripe-signature").unwrap_or("");
        let ok = egress::verify::webhook::verify_stripe(SECRET, sig, &req.body, now(), 300);
        reply(if ok { 200 } else { 400 }, "{}")
    });
    // A receiver that accepts anything.
    let (lax, lax_server) = serve(1, |_| reply(200, "{}"));
    // A receiver that verifies with another secret: the signed delivery fails.
    let (other, other_server) = serve(2, |req| {
        let sig = req.header("stripe-signature").unwrap_or("");
        let ok =
            egress::verify::webhook::verify_stripe("whsec_rotated", sig, &req.body, now(), 300);
        reply(if ok { 200 } else { 400 }, "{}")
    });
    // The provider's API still lists the Heroku URL only.
    let (api, api_server) = serve(3, |_| {
        reply(200, "{\"object\":\"list\",\"has_more\":false,\"data\":[{\"url\":\"https://ledgerly.herokuapp.com/hooks/stripe\"}]}")
    });
    let m = format!(
        "webhooks:\n  - provider: stripe\n    current_url: https://ledgerly.herokuapp.com/hooks/stripe\n    new_url: {good}/hooks/stripe\n    secret: ${{EGRESS_T_WHSEC}}\n    api_base: {api}\n\
         \x20 - provider: stripe\n    new_url: {lax}/hooks/stripe\n    api_base: {api}\n\
         \x20 - provider: stripe\n    new_url: {other}/hooks/stripe\n    secret: ${{EGRESS_T_WHSEC}}\n    api_base: {api}\n"
    );
    let env = [("EGRESS_T_WHSEC", SECRET), ("STRIPE_API_KEY", KEY)];
    let run = verify(
        &m,
        &[
            "--phase",
            "webhooks",
            "--format",
            "json",
            "--send-test-deliveries",
        ],
        &env,
    );
    let v = json(&run);
    assert_eq!(
        rules(&v),
        ["EG933", "EG934", "EG934", "EG934", "EG935"],
        "{}",
        run.stdout
    );
    let eg935 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "EG935")
        .unwrap();
    assert_eq!(eg935["line"], 7, "the lax receiver's entry");
    let eg933 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "EG933")
        .unwrap();
    assert_eq!(eg933["line"], 10, "the receiver with the rotated secret");
    // The verifying receiver saw the wrong signature first, then a correctly signed ping.
    let seen = good_server.join().unwrap();
    assert_eq!(seen.len(), 2);
    assert!(String::from_utf8_lossy(&seen[1].body).contains("egress.ping"));
    let api_seen = api_server.join().unwrap();
    assert_eq!(
        api_seen[0].header("authorization"),
        Some(&*format!("Bearer {KEY}"))
    );
    assert_eq!(
        lax_server.join().unwrap().len(),
        1,
        "without a secret no signed delivery is sent"
    );
    assert_eq!(other_server.join().unwrap().len(), 2);
    for secret in [SECRET, KEY] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{secret} leaked"
        );
    }
}

/// A careless HTTP peer: answers every request (until dropped) with a status chosen by its path
/// and an error body that repeats everything it was sent, headers and body, in the shapes of
/// the providers' API errors (Stripe `error.message`, GitHub `message`, SendGrid `errors`).
struct Echo {
    base: String,
    seen: std::sync::Arc<std::sync::Mutex<Vec<common::http::Req>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Echo {
    fn new() -> Echo {
        use std::io::Write;
        use std::sync::atomic::Ordering;
        let (listener, base) = common::http::listen();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread = {
            let (seen, stop) = (seen.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(50);
                    let Some(mut stream) = common::http::accept(&listener, deadline) else {
                        continue;
                    };
                    let Some(req) = common::http::read_request(&mut stream) else {
                        continue;
                    };
                    let everything = format!(
                        "Invalid API Key provided: {} {} {:?} {}",
                        req.method,
                        req.target,
                        req.headers,
                        String::from_utf8_lossy(&req.body)
                    );
                    let status = if req.target.starts_with("/up") {
                        503
                    } else if req.target.starts_with("/hooks") {
                        400
                    } else {
                        401
                    };
                    let body = serde_json::json!({
                        "error": {"message": everything},
                        "message": everything,
                        "errors": [{"message": everything}],
                    })
                    .to_string();
                    let head = format!(
                        "HTTP/1.1 {status} Echo\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream
                        .write_all(head.as_bytes())
                        .and_then(|()| stream.write_all(body.as_bytes()));
                    seen.lock().unwrap().push(req);
                }
            })
        };
        Echo {
            base,
            seen,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Echo {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn no_secret_reaches_any_output_wherever_it_is_given() {
    let Some(server) = server() else { return };
    let db = TestDb::new(&server, "sec");
    let echo = Echo::new();
    let echo_hostport = echo.base.trim_start_matches("http://").to_string();
    // 127.0.0.1:<port> of the test server, a port that refuses, and one that never answers.
    let pg = Target::parse(&server).unwrap();
    let reachable = format!("{}:{}", pg.host, server_port(&server));
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let silent_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent = silent_listener.local_addr().unwrap().to_string();
    let env = [
        ("EGRESS_T_PW_ENV", "canaryEnvValue02"),
        (
            "EGRESS_T_WHOLE_URL",
            "postgres://postgres:canaryWholeUrl08@HOSTPORT/DB?sslmode=disable",
        ),
        ("EGRESS_T_GH_SECRET", "canaryGithubSecret12"),
        ("STRIPE_API_KEY", "canaryStripeKey11"),
        ("GITHUB_TOKEN", "canaryGithubToken13"),
        ("SENDGRID_API_KEY", "canarySendgridKey16"),
    ];
    let canaries = [
        "canaryUrlLiteral01",
        "canaryEnvValue02",
        "canaryDefault03",
        "canaryKeyValue04",
        "canary%40Encoded%2F05",
        "canary@Encoded/05",
        "canaryKvDefault06",
        "canary quoted 07",
        "canaryWholeUrl08",
        "canaryQueryToken09",
        "canaryWhsecDefault10",
        "canaryStripeKey11",
        "canaryGithubSecret12",
        "canaryGithubToken13",
        "canaryHookPw14",
        "canaryLiteralSecret15",
        "canarySendgridKey16",
        "canaryTargetPw17",
        "canaryHealthKey18",
    ];
    // Every way a database password can be written; HOSTPORT and DB are filled in per run.
    let forms = [
        "postgres://postgres:canaryUrlLiteral01@HOSTPORT/DB?sslmode=disable",
        "postgres://postgres:${EGRESS_T_PW_ENV}@HOSTPORT/DB?sslmode=disable",
        "postgres://postgres:${EGRESS_T_PW_UNSET:-canaryDefault03}@HOSTPORT/DB?sslmode=disable",
        "host=HOST port=PORT user=postgres dbname=DB password=canaryKeyValue04 sslmode=disable",
        "postgres://postgres:canary%40Encoded%2F05@HOSTPORT/DB?sslmode=disable",
        "host=HOST port=PORT user=postgres dbname=DB password=${EGRESS_T_KV_UNSET:-canaryKvDefault06} sslmode=disable",
        "host=HOST port=PORT user=postgres dbname=DB password='canary quoted 07' sslmode=disable",
        "${EGRESS_T_WHOLE_URL}",
    ];
    let fill = |form: &str, hostport: &str| {
        let (host, port) = hostport.rsplit_once(':').unwrap();
        form.replace("HOSTPORT", hostport)
            .replace("HOST", host)
            .replace("PORT", port)
            .replace("DB", &db.name)
    };
    let env_for = |hostport: &str| -> Vec<(String, String)> {
        env.iter()
            .map(|(k, v)| (k.to_string(), fill(v, hostport)))
            .collect()
    };
    let webhooks = format!(
        "webhooks:\n\
         \x20 - provider: stripe\n    new_url: {e}/hooks/stripe?token=canaryQueryToken09\n    secret: ${{EGRESS_T_WHSEC_UNSET:-canaryWhsecDefault10}}\n    api_base: {e}\n\
         \x20 - provider: github\n    new_url: {e}/hooks/github\n    secret: ${{EGRESS_T_GH_SECRET}}\n    repo: acme/shop\n    api_base: {e}\n\
         \x20 - provider: generic\n    new_url: http://hook:canaryHookPw14@{h}/hooks/generic\n    secret: canaryLiteralSecret15\n\
         \x20 - provider: sendgrid\n    new_url: {e}/hooks/sendgrid\n    api_base: {e}\n",
        e = echo.base,
        h = echo_hostport
    );
    let manifest = |source: &str, target: &str| {
        format!(
            "source:\n  db_url: \"{source}\"\n  extensions: [citext]\ntarget:\n  db_url: \"{target}\"\n  url: http://admin:canaryTargetPw17@{echo_hostport}\n\
             verification:\n  health_endpoint: /up?key=${{EGRESS_T_HEALTH_UNSET:-canaryHealthKey18}}\n  health: {{retries: 1, backoff_seconds: 0}}\n\
             \x20 row_count_tables: [users]\n{webhooks}"
        )
    };
    let assert_clean = |run: &Run, what: &str| {
        assert_ne!(run.code, 2, "{what}: {}", run.stderr);
        for c in canaries {
            assert!(
                !run.stdout.contains(c) && !run.stderr.contains(c),
                "{what}: {c} leaked:\n{}\n{}",
                run.stdout,
                run.stderr
            );
        }
    };
    let mut runs = 0;
    for (i, form) in forms.iter().enumerate() {
        let other = forms[(i + 1) % forms.len()];
        for (source, target) in [
            (reachable.as_str(), refused.as_str()),
            (&refused, &reachable),
        ] {
            let m = manifest(&fill(form, source), &fill(other, target));
            // `${EGRESS_T_WHOLE_URL}` points where its side should.
            let env = env_for(if other.contains("WHOLE") {
                target
            } else {
                source
            });
            let env: Vec<(&str, &str)> =
                env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            for format in ["human", "json"] {
                let run = verify(
                    &m,
                    &[
                        "--format",
                        format,
                        "--send-test-deliveries",
                        "--timeout",
                        "2",
                    ],
                    &env,
                );
                assert_clean(&run, &format!("{form} / {format}"));
                runs += 1;
                if format == "json" {
                    let v = json(&run);
                    // The peer's echo did reach the report (masked): the test saw real errors.
                    assert!(run.stdout.contains("Invalid API Key provided"), "{v}");
                    let side = if source == reachable {
                        "target"
                    } else {
                        "source"
                    };
                    assert_eq!(check(&v, &format!("TLS to {side}"))["status"], "unknown");
                }
            }
        }
    }
    // A server that accepts and never answers, and a connection string that does not parse.
    for (source, target) in [
        (
            fill(forms[0], &silent),
            fill(
                "postgres://postgres:canaryKeyValue04@HOST:notaport/DB",
                &refused,
            ),
        ),
        (fill(forms[6], &silent), fill(forms[5], &silent)),
    ] {
        let m = manifest(&source, &target);
        let env = env_for(&silent);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let run = verify(&m, &["--timeout", "1", "--phase", "extensions"], &env);
        assert_clean(&run, &source);
    }
    drop(silent_listener);
    // The peer really was sent the secrets it echoes.
    let seen = echo.seen.lock().unwrap();
    assert!(seen
        .iter()
        .any(|r| r.header("authorization") == Some("Bearer canaryStripeKey11")));
    assert!(seen.iter().any(|r| r.target.contains("canaryQueryToken09")));
    assert!(seen.len() >= runs * 6, "{}", seen.len());
}

/// The port of the test server's URL (default 5432).
fn server_port(url: &str) -> u16 {
    let authority = url.split("://").nth(1).unwrap().split('/').next().unwrap();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    hostport
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(5432)
}

#[test]
fn webhook_urls_still_on_heroku_or_plain_http() {
    let m = "webhooks:\n  - provider: github\n    current_url: https://ledgerly.herokuapp.com/hooks/github\n    new_url: http://ledgerly.herokuapp.com/hooks/github\n";
    let run = verify(
        m,
        &["--phase", "webhooks", "--format", "json", "--timeout", "2"],
        &[],
    );
    let v = json(&run);
    let r = rules(&v);
    assert!(
        r.contains(&"EG931".to_string()) && r.contains(&"EG932".to_string()),
        "{r:?}"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn phases_come_from_the_table() {
    use egress::verify::phases::PHASES;
    let help = common::egress()
        .args(["verify", "--help"])
        .env("COLUMNS", "400")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for p in PHASES {
        assert!(
            help.contains(&format!("- {}:", p.name())) && help.contains(p.probes()),
            "{} is not in --help: {help}",
            p.name()
        );
    }
    let run = verify("source: {}\n", &["--phase", "nope"], &[]);
    assert_eq!(run.code, 2);
    let names: Vec<&str> = PHASES.iter().map(|p| p.name()).collect();
    assert!(run.stderr.contains(&names.join(", ")), "{}", run.stderr);
    // Every phase runs by its name, and its checks carry it.
    let m = "target:\n  url: ${EGRESS_PHASES_UNSET}\nverification:\n  row_count_tables: [t]\nwebhooks:\n  - provider: generic\n";
    for p in PHASES {
        let v = json(&verify(m, &["--phase", p.name(), "--format", "json"], &[]));
        let checks = v["checks"].as_array().unwrap();
        assert!(!checks.is_empty(), "{}: {v}", p.name());
        assert!(
            checks.iter().all(|c| c["phase"] == p.name()),
            "{}: {v}",
            p.name()
        );
    }
}

/// `check` and `verify` read the same contract: the extensions `migration-contract.json` (beside
/// the manifest) records are checked on the target like `source.extensions`, with findings on
/// the contract's line; one listed nowhere is still EG906.
#[test]
fn extensions_listed_in_the_contract_are_checked_too() {
    let Some(server) = server() else { return };
    let (source, target) = fixture(&server);
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("migration-manifest.yml");
    std::fs::write(&manifest, manifest_text(&source.url)).unwrap();
    std::fs::write(
        dir.path().join("migration-contract.json"),
        "{\n  \"extensions\": [\n    {\"name\": \"citext\", \"schema\": \"public\"},\n    {\"name\": \"uuid-ossp\", \"schema\": \"heroku_ext\"}\n  ]\n}\n",
    )
    .unwrap();
    let run = || -> serde_json::Value {
        let out = common::egress()
            .args(["verify", "--manifest", manifest.to_str().unwrap()])
            .args([
                "--phase",
                "extensions",
                "--format",
                "json",
                "--timeout",
                "10",
            ])
            .env("EGRESS_T_TARGET", &target.url)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = run();
    let on = |rule: &str, what: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule && f["message"].as_str().unwrap().contains(what))
            .map(|f| {
                (
                    f["path"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string(),
                    f["line"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        on("EG901", "uuid-ossp"),
        [("migration-contract.json".to_string(), 4.into())],
        "{v}"
    );
    assert!(on("EG906", "uuid-ossp").is_empty(), "{v}");
    assert_eq!(on("EG906", "unaccent").len(), 1, "{v}");
    // A contract that does not parse is a note: the manifest's own checks still run.
    std::fs::write(
        dir.path().join("migration-contract.json"),
        "{\"extensions\": [",
    )
    .unwrap();
    let v = run();
    assert!(
        v["notes"]
            .to_string()
            .contains("migration-contract.json:1: invalid JSON"),
        "{v}"
    );
    assert!(
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["check"] == "citext on target"),
        "{v}"
    );
}

fn manifest_text(source: &str) -> String {
    format!(
        "source:\n  platform: heroku\n  db_url: {source}\n  extensions: [citext]\ntarget:\n  platform: render\n  db_url: ${{EGRESS_T_TARGET}}\n"
    )
}
