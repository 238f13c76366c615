//! Live tests against a real PostgreSQL server (EGRESS_TEST_DATABASE_URL, default the local
//! server). Skipped with a notice when none is reachable, except under CI, where they fail.

use std::time::Duration;

mod common;

use common::{admin, server, with_db, LIMITS};
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
