//! `railway.json` / `railway.toml`: the config of one Railway service. `build.builder`
//! (`RAILPACK`, `NIXPACKS`, `DOCKERFILE` with `build.dockerfilePath`), `build.buildCommand`,
//! `deploy.startCommand`, `deploy.preDeployCommand` (a string or a list, run in its own
//! container before the deploy), `deploy.healthcheckPath` and `deploy.cronSchedule` (the service
//! then runs on that schedule; Railway's docs name no zone). Variables are not in the file.

use toml::de::{DeTable, DeValue};

use super::super::parsed::Parsed;
use super::super::{cron, CronJob, CronOrigin, Cx};
use crate::facts::{
    BuildSpec, Builder, CommandPhase, HealthCheck, Origin, PreDeploy, Service, ServiceKind,
    ShellCommand,
};
use crate::parse::{json, Tree};
use crate::source::Span;

/// The settings egress reads, whichever syntax held them.
#[derive(Default)]
struct Config {
    builder: Option<(String, Span)>,
    dockerfile: Option<String>,
    build_command: Option<(String, Span)>,
    start: Option<(String, Span)>,
    pre_deploy: Vec<(String, Span)>,
    healthcheck: Option<(String, Span)>,
    cron: Option<(String, Span)>,
}

pub fn extract_json(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Json(root) = parsed else { return };
    let s = |path: &[&str]| {
        root.path(path)
            .and_then(|n| n.as_str().map(|v| (v.to_string(), n.span)))
    };
    let pre_deploy = match root.path(&["deploy", "preDeployCommand"]) {
        Some(n) if n.as_str().is_some() => vec![(n.as_str().unwrap().to_string(), n.span)],
        Some(n) => n
            .items()
            .iter()
            .filter_map(|i: &json::Node| i.as_str().map(|v| (v.to_string(), i.span)))
            .collect(),
        None => Vec::new(),
    };
    let config = Config {
        builder: s(&["build", "builder"]),
        dockerfile: s(&["build", "dockerfilePath"]).map(|(v, _)| v),
        build_command: s(&["build", "buildCommand"]),
        start: s(&["deploy", "startCommand"]),
        pre_deploy,
        healthcheck: s(&["deploy", "healthcheckPath"]),
        cron: s(&["deploy", "cronSchedule"]),
    };
    record(cx, config);
}

pub fn extract_toml(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Toml(doc) = parsed else { return };
    let root = doc.get_ref();
    let section = |name: &str| root.get(name).and_then(|v| v.get_ref().as_table());
    let s = |t: Option<&DeTable>, key: &str| {
        let v = t?.get(key)?;
        let r = v.span();
        v.get_ref()
            .as_str()
            .map(|s| (s.to_string(), Span::new(r.start, r.end)))
    };
    let (build, deploy) = (section("build"), section("deploy"));
    let pre_deploy = match deploy.and_then(|d| d.get("preDeployCommand")) {
        Some(v) => match v.get_ref() {
            DeValue::String(s) => vec![(s.to_string(), Span::new(v.span().start, v.span().end))],
            DeValue::Array(items) => items
                .iter()
                .filter_map(|i| {
                    let r = i.span();
                    i.get_ref()
                        .as_str()
                        .map(|s| (s.to_string(), Span::new(r.start, r.end)))
                })
                .collect(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    let config = Config {
        builder: s(build, "builder"),
        dockerfile: s(build, "dockerfilePath").map(|(v, _)| v),
        build_command: s(build, "buildCommand"),
        start: s(deploy, "startCommand"),
        pre_deploy,
        healthcheck: s(deploy, "healthcheckPath"),
        cron: s(deploy, "cronSchedule"),
    };
    record(cx, config);
}

fn record(cx: &mut Cx, c: Config) {
    // The file configures one service; the dashboard names it. Its folder names it here.
    let name = cx
        .src
        .dir()
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty() && *n != ".")
        .unwrap_or("app")
        .to_string();
    if c.start.is_some() || c.cron.is_some() {
        let at = c
            .start
            .as_ref()
            .or(c.cron.as_ref())
            .map_or(Span::new(0, 0), |s| s.1);
        cx.facts.services.push(Service {
            at: cx.loc(at),
            name: name.clone(),
            kind: if c.cron.is_some() {
                ServiceKind::Cron
            } else {
                ServiceKind::Web
            },
            command: c.start.as_ref().map_or(String::new(), |s| s.0.clone()),
            root: None,
            origin: Origin::Railway,
        });
    }
    for (command, at) in c.pre_deploy {
        if !command.trim().is_empty() {
            cx.facts.pre_deploys.push(PreDeploy {
                at: cx.loc(at),
                command,
                origin: Origin::Railway,
            });
        }
    }
    if let Some((command, at)) = c.build_command {
        let at = at.snap(cx.text);
        if !command.trim().is_empty() {
            // A JSON or TOML string on one line: the text from its opening quote on.
            cx.facts.shell_commands.push(ShellCommand {
                at: cx.loc(at),
                text: command,
                lines: vec![(0, usize::from(at.len() > 1))],
                phase: CommandPhase::Build,
                origin: Origin::Railway,
            });
        }
    }
    if let Some((path, at)) = c.healthcheck {
        cx.facts.health_checks.push(HealthCheck {
            at: cx.loc(at),
            service: Some(name.clone()),
            probe: path,
            origin: Origin::Railway,
        });
    }
    if let Some((schedule, at)) = c.cron {
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(at),
            zone_sensitive: cron::zone_sensitive(&schedule),
            schedule,
            timezone: None,
            origin: CronOrigin::Railway,
            name: Some(name.clone()),
            zone_fix: None,
        });
    }
    if let Some((builder, at)) = c.builder {
        let builder = match builder.to_ascii_uppercase().as_str() {
            "DOCKERFILE" => {
                Builder::Dockerfile(c.dockerfile.unwrap_or_else(|| "Dockerfile".to_string()))
            }
            _ => Builder::Native(builder.to_ascii_lowercase()),
        };
        cx.facts.builds.push(BuildSpec {
            at: cx.loc(at),
            service: Some(name),
            builder,
            origin: Origin::Railway,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::{Builder, CronOrigin, ServiceKind};

    #[test]
    fn json_and_toml_read_alike() {
        let json = r#"{
  "$schema": "https://railway.com/railway.schema.json",
  "build": {"builder": "RAILPACK", "buildCommand": "npm run build"},
  "deploy": {
    "startCommand": "node dist/worker.js",
    "preDeployCommand": ["npm run migrate"],
    "healthcheckPath": "/healthz",
    "cronSchedule": "30 6 * * 1-5"
  }
}"#;
        let toml = "[build]\nbuilder = \"RAILPACK\"\nbuildCommand = \"npm run build\"\n\n[deploy]\nstartCommand = \"node dist/worker.js\"\npreDeployCommand = [\"npm run migrate\"]\nhealthcheckPath = \"/healthz\"\ncronSchedule = \"30 6 * * 1-5\"\n";
        for (path, text) in [
            ("reports/railway.json", json),
            ("reports/railway.toml", toml),
        ] {
            let f = facts(path, text);
            assert_eq!(f.services.len(), 1, "{path}");
            let s = &f.services[0];
            assert_eq!((s.name.as_str(), s.kind), ("reports", ServiceKind::Cron));
            assert_eq!(s.command, "node dist/worker.js");
            assert_eq!(f.pre_deploys[0].command, "npm run migrate");
            assert_eq!(f.health_checks[0].probe, "/healthz");
            let j = &f.cron_jobs[0];
            assert_eq!(
                (j.schedule.as_str(), j.origin),
                ("30 6 * * 1-5", CronOrigin::Railway)
            );
            assert_eq!(at(text, j.at), "\"30 6 * * 1-5\"");
            assert_eq!(f.builds[0].builder, Builder::Native("railpack".into()));
            let b = &f.shell_commands[0];
            assert_eq!(b.text, "npm run build");
            assert!(text[b.file_offset(4)..].starts_with("run build"), "{path}");
        }
    }
}
