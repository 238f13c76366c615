//! Planted hazards (must be reported) and decoys (harmless mentions, must not be), their
//! manifest labels, and the pass that plants them in the regular tree.

use crate::lang::Lang;

use super::Planner;

/// A platform-contract hazard egress should report.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Hazard {
    DynoEnv,
    PgUrlNoSsl,
    SslModeDisable,
    PgSslModeDisable,
    HerokuExt,
    CrontabNoTz,
    CronSchedule,
}

/// A harmless mention of a hazard literal egress should not report.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Decoy {
    DynoComment,
    DocsMention,
    PgLocalhost,
    SslRequire,
}

/// What a file carries.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Plant {
    None,
    Hazard(Hazard),
    Decoy(Decoy),
}

/// The manifest's label for a planted hazard (the third TSV column).
pub fn hazard_label(h: Hazard, lang: Lang) -> String {
    match h {
        Hazard::DynoEnv => {
            let how = match lang {
                Lang::Ruby => "ENV[\"DYNO\"]",
                Lang::Python => "os.environ.get(\"DYNO\")",
                Lang::Js | Lang::Ts | Lang::MinJs => "process.env.DYNO",
                Lang::Go => "os.Getenv(\"DYNO\")",
                Lang::Java => "System.getenv(\"DYNO\")",
                Lang::Php => "getenv('DYNO')",
                _ => "DYNO",
            };
            format!("DYNO read: {how}")
        }
        Hazard::PgUrlNoSsl => format!("postgres URL without sslmode ({})", lang.label()),
        Hazard::SslModeDisable => format!("sslmode=disable in URL ({})", lang.label()),
        Hazard::PgSslModeDisable => format!("PGSSLMODE=disable ({})", lang.label()),
        Hazard::HerokuExt => "CREATE EXTENSION ... WITH SCHEMA heroku_ext".to_string(),
        Hazard::CrontabNoTz => "crontab without CRON_TZ".to_string(),
        Hazard::CronSchedule => format!("cron.schedule(...) ({})", lang.label()),
    }
}

/// The manifest's label for a decoy.
pub fn decoy_label(d: Decoy) -> &'static str {
    match d {
        Decoy::DynoComment => "DYNO mentioned in a code comment",
        Decoy::DocsMention => "DYNO / postgres://localhost in Markdown docs",
        Decoy::PgLocalhost => "postgres://...@localhost in CI / test config",
        Decoy::SslRequire => "remote postgres URL with sslmode=require",
    }
}

/// Plant hazards and decoys in the regular tree (everything planned so far that carries
/// nothing yet): ~1% of code files get a hazard and 0.5% a DYNO comment, config files
/// 1.2% / 1%, .env files 10% / 20%, SQL 3% heroku_ext, crontabs 12% no CRON_TZ, docs 5% decoys.
pub fn plant_regular(p: &mut Planner) {
    for i in 0..p.entries.len() {
        let lang = p.entries[i].lang;
        if p.entries[i].plant != Plant::None {
            continue;
        }
        let r = &mut p.rng;
        let plant = match lang {
            l if l.is_code() => {
                if r.pct(1.0) {
                    let mut opts = vec![Hazard::DynoEnv, Hazard::DynoEnv, Hazard::PgUrlNoSsl];
                    if matches!(l, Lang::Js | Lang::Ts) {
                        opts.push(Hazard::CronSchedule);
                        opts.push(Hazard::CronSchedule);
                    }
                    if l == Lang::Python {
                        opts.push(Hazard::SslModeDisable);
                    }
                    Plant::Hazard(r.pick(&opts))
                } else if r.pct(0.5) {
                    Plant::Decoy(Decoy::DynoComment)
                } else {
                    Plant::None
                }
            }
            Lang::Yaml | Lang::Json | Lang::Toml | Lang::K8s => {
                if r.pct(1.2) {
                    Plant::Hazard(r.pick(&[
                        Hazard::PgUrlNoSsl,
                        Hazard::PgUrlNoSsl,
                        Hazard::SslModeDisable,
                        Hazard::PgSslModeDisable,
                    ]))
                } else if r.pct(1.0) {
                    Plant::Decoy(Decoy::SslRequire)
                } else {
                    Plant::None
                }
            }
            Lang::Env => {
                if r.pct(10.0) {
                    Plant::Hazard(r.pick(&[
                        Hazard::PgUrlNoSsl,
                        Hazard::SslModeDisable,
                        Hazard::PgSslModeDisable,
                    ]))
                } else if r.pct(20.0) {
                    Plant::Decoy(Decoy::PgLocalhost)
                } else {
                    Plant::None
                }
            }
            Lang::Sql => {
                if r.pct(3.0) {
                    Plant::Hazard(Hazard::HerokuExt)
                } else {
                    Plant::None
                }
            }
            Lang::Crontab => {
                if r.pct(12.0) {
                    Plant::Hazard(Hazard::CrontabNoTz)
                } else {
                    Plant::None
                }
            }
            Lang::Markdown => {
                if r.pct(5.0) {
                    Plant::Decoy(Decoy::DocsMention)
                } else {
                    Plant::None
                }
            }
            _ => Plant::None,
        };
        p.entries[i].plant = plant;
    }
}
