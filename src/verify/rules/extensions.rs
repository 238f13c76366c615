//! The extensions phase: EG901-EG906, EG941 and EG942 over what both databases showed.

use super::Live;
use crate::manifest::{Manifest, Setting};
use crate::rules::{Finding, RuleId};
use crate::verify::facts::{DbFacts, Seen, Status};

pub fn check(manifest: &Manifest, source: &Seen<DbFacts>, target: &Seen<DbFacts>, out: &mut Live) {
    for ext in &manifest.source_extensions {
        declared(ext, source, target, out);
    }
    if let (Ok(s), Some(key)) = (
        source,
        manifest
            .extensions_key
            .or(manifest.source_db.as_ref().map(|d| d.at)),
    ) {
        for e in s.installed.iter().filter(|e| e.name != "plpgsql") {
            if !manifest.source_extensions.iter().any(|d| d.value == e.name) {
                let f = Finding::new(
                    RuleId::EG906,
                    key,
                    format!(
                        "`{}` is installed on the source but not listed here",
                        e.name
                    ),
                )
                .label("not in source.extensions")
                .help(format!(
                    "add `{}` to source.extensions so the target is checked for it",
                    e.name
                ));
                out.fail(
                    format!("{} declared", e.name),
                    format!("installed on source ({} {})", e.schema, e.version),
                    f,
                );
            }
        }
    }
    for (side, facts, db) in [
        ("source", source, &manifest.source_db),
        ("target", target, &manifest.target_db),
    ] {
        encryption(side, facts, db.as_ref(), out);
    }
    timezone(manifest, source, target, out);
}

fn declared(ext: &Setting, source: &Seen<DbFacts>, target: &Seen<DbFacts>, out: &mut Live) {
    let name = ext.value.as_str();
    let subject = format!("{name} on target");
    match target {
        Err(why) => out.unknown(subject, why, Some(ext.at)),
        Ok(t) => match t.installed(name) {
            Some(e) => {
                out.check(
                    subject,
                    Status::Pass,
                    format!("{} in schema {}", e.version, e.schema),
                    Some(ext.at),
                );
                if let Some(s) = source.as_ref().ok().and_then(|s| s.installed(name)) {
                    if s.version != e.version {
                        out.findings.push(
                            Finding::new(
                                RuleId::EG905,
                                ext.at,
                                format!(
                                    "`{name}` is {} on the source and {} on the target",
                                    s.version, e.version
                                ),
                            )
                            .label("version differs"),
                        );
                    }
                }
            }
            None if t.available(name) => {
                let f = Finding::new(
                    RuleId::EG901,
                    ext.at,
                    format!("`{name}` is not installed on the target ({})", t.host),
                )
                .label("missing on target")
                .help(format!("CREATE EXTENSION IF NOT EXISTS \"{name}\";"));
                out.fail(subject, "available, not installed", f);
            }
            None => {
                let f = Finding::new(
                    RuleId::EG903,
                    ext.at,
                    format!(
                        "`{name}` is not available on the target ({}): it cannot be created",
                        t.host
                    ),
                )
                .label("not in pg_available_extensions")
                .help("pick a plan or platform that offers it, or replace what depends on it");
                out.fail(subject, "not in pg_available_extensions", f);
            }
        },
    }
    match source {
        Err(why) => out.unknown(format!("{name} schema on source"), why, Some(ext.at)),
        Ok(s) => match s.installed(name) {
            Some(e) if e.schema == "heroku_ext" => {
                let f = Finding::new(RuleId::EG902, ext.at, format!("`{name}` lives in `heroku_ext` on the source"))
                    .label("heroku_ext on the source")
                    .help(
                        "restore with `pg_restore --no-owner --no-acl`, then `ALTER EXTENSION ... SET SCHEMA public`; \
                         or create heroku_ext and add it to the database search_path first (egress explain EG902)",
                    );
                out.fail(format!("{name} schema on source"), "schema heroku_ext", f);
            }
            Some(e) => out.check(
                format!("{name} schema on source"),
                Status::Pass,
                format!("schema {}", e.schema),
                Some(ext.at),
            ),
            None => out.check(
                format!("{name} schema on source"),
                Status::Pass,
                "not installed on the source",
                Some(ext.at),
            ),
        },
    }
    if name == "pg_stat_statements" {
        if let Ok(t) = target {
            if t.preloads(name) {
                out.check(
                    "pg_stat_statements preloaded",
                    Status::Pass,
                    "in shared_preload_libraries",
                    Some(ext.at),
                );
            } else {
                let f = Finding::new(
                    RuleId::EG904,
                    ext.at,
                    "`pg_stat_statements` is not in the target's shared_preload_libraries",
                )
                .label("queries on the view will fail")
                .help("add it to shared_preload_libraries and restart the server");
                out.fail(
                    "pg_stat_statements preloaded",
                    format!(
                        "shared_preload_libraries = '{}'",
                        t.shared_preload_libraries
                    ),
                    f,
                );
            }
        }
    }
}

fn encryption(side: &str, facts: &Seen<DbFacts>, db: Option<&Setting>, out: &mut Live) {
    let subject = format!("TLS to {side}");
    let at = db.map(|d| d.at);
    match facts {
        Err(why) => out.unknown(subject, why, at),
        Ok(f) if f.evidence.tls => out.check(
            subject,
            Status::Pass,
            format!("TLS, PostgreSQL {}", f.evidence.server_version),
            at,
        ),
        Ok(f) if f.local => out.check(
            subject,
            Status::Pass,
            format!("local host {}, no TLS needed", f.host),
            at,
        ),
        Ok(f) => match at {
            Some(at) => {
                let finding = Finding::new(
                    RuleId::EG941,
                    at,
                    format!("the session to {} ({side}) is not encrypted", f.host),
                )
                .label("pg_stat_ssl.ssl = false")
                .help("require TLS on the server and use sslmode=require or verify-full");
                out.fail(subject, "plaintext", finding);
            }
            None => out.check(subject, Status::Fail, "plaintext", None),
        },
    }
}

fn timezone(manifest: &Manifest, source: &Seen<DbFacts>, target: &Seen<DbFacts>, out: &mut Live) {
    let at = manifest.target_db.as_ref().map(|d| d.at);
    match (source, target) {
        (Ok(s), Ok(t)) if s.timezone == t.timezone => out.check(
            "database TimeZone",
            Status::Pass,
            format!("{} on both", t.timezone),
            at,
        ),
        (Ok(s), Ok(t)) => match at {
            Some(at) => {
                let f = Finding::new(
                    RuleId::EG942,
                    at,
                    format!(
                        "target TimeZone is `{}`, source is `{}`",
                        t.timezone, s.timezone
                    ),
                )
                .label("differs from the source")
                .help(format!(
                    "ALTER DATABASE <db> SET timezone TO '{}';",
                    s.timezone
                ));
                out.fail(
                    "database TimeZone",
                    format!("{} vs {}", t.timezone, s.timezone),
                    f,
                );
            }
            None => out.check(
                "database TimeZone",
                Status::Fail,
                format!("{} vs {}", t.timezone, s.timezone),
                None,
            ),
        },
        (Err(why), _) | (_, Err(why)) => out.unknown("database TimeZone", why, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml;
    use crate::verify::facts::{Evidence, ExtensionInfo, Unverified};

    fn db(
        host: &str,
        local: bool,
        tls: bool,
        installed: &[(&str, &str, &str)],
        preload: &str,
        tz: &str,
    ) -> DbFacts {
        DbFacts {
            host: host.into(),
            local,
            evidence: Evidence {
                server_version: "15.4".into(),
                tls,
            },
            installed: installed
                .iter()
                .map(|(n, s, v)| ExtensionInfo {
                    name: n.to_string(),
                    schema: s.to_string(),
                    version: v.to_string(),
                })
                .collect(),
            available: ["citext", "pg_trgm", "pg_stat_statements", "uuid-ossp"]
                .iter()
                .map(|n| (n.to_string(), "1.0".into()))
                .collect(),
            shared_preload_libraries: preload.into(),
            timezone: tz.into(),
        }
    }

    fn manifest() -> Manifest {
        let text = "source:\n  db_url: postgres://s/db\n  extensions: [citext, pg_trgm, pg_stat_statements, postgis]\ntarget:\n  db_url: postgres://t/db\n";
        Manifest::from_yaml(0, &yaml::parse(text).unwrap()[0]).unwrap()
    }

    fn rules(live: &Live) -> Vec<RuleId> {
        let mut r: Vec<_> = live.findings.iter().map(|f| f.rule).collect();
        r.sort();
        r
    }

    #[test]
    fn recorded_facts_give_each_rule() {
        let source = Ok(db(
            "ec2.example.com",
            false,
            false,
            &[
                ("citext", "heroku_ext", "1.6"),
                ("pg_trgm", "public", "1.6"),
                ("pg_stat_statements", "heroku_ext", "1.10"),
                ("hstore", "public", "1.8"),
            ],
            "pg_stat_statements",
            "Etc/UTC",
        ));
        let target = Ok(db(
            "db.render.com",
            false,
            true,
            &[("citext", "public", "1.5")],
            "",
            "Europe/Berlin",
        ));
        let mut live = Live::default();
        check(&manifest(), &source, &target, &mut live);
        assert_eq!(
            rules(&live),
            [
                RuleId::EG901,
                RuleId::EG901,
                RuleId::EG902,
                RuleId::EG902,
                RuleId::EG903,
                RuleId::EG904,
                RuleId::EG905,
                RuleId::EG906,
                RuleId::EG941,
                RuleId::EG942
            ]
        );
        let eg901 = live
            .findings
            .iter()
            .find(|f| f.rule == RuleId::EG901)
            .unwrap();
        assert_eq!(
            eg901.help.as_deref(),
            Some("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\";")
        );
    }

    #[test]
    fn an_unreachable_side_makes_checks_unknown_not_passed() {
        let target = Ok(db(
            "t",
            true,
            false,
            &[("citext", "public", "1.6")],
            "",
            "UTC",
        ));
        let mut live = Live::default();
        check(
            &manifest(),
            &Err(Unverified::Failed("missing variable SRC".into())),
            &target,
            &mut live,
        );
        assert!(live
            .checks
            .iter()
            .any(|c| c.status == Status::Unknown && c.evidence.contains("SRC")));
        assert!(!live
            .findings
            .iter()
            .any(|f| matches!(f.rule, RuleId::EG902 | RuleId::EG906 | RuleId::EG942)));
    }
}
