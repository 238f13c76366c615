//! `heroku.yml`, the manifest of Heroku's container stack: `setup.config` (config vars set when
//! the app is created), `build.docker` (a Dockerfile per process type), `release` (the release
//! phase: a command, run in the image of a process type) and `run` (the process types and their
//! commands). It is Heroku's side of the contract, like the Procfile.

use super::super::parsed::Parsed;
use super::super::{env_reads, Cx};
use super::{command_text, declare_env, Declared};
use crate::facts::{BuildSpec, Builder, Origin};
use crate::parse::{yaml, Tree};
use crate::source::{Lang, Span};

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Yaml(docs) = parsed else { return };
    let Some(root) = docs.first() else { return };
    for (name, value) in root
        .path(&["setup", "config"])
        .map_or(&[][..], |c| c.entries())
    {
        let (Some(n), Some(v)) = (name.as_str(), value.as_value_str()) else {
            continue;
        };
        declare_env(
            cx,
            name.span,
            n,
            Declared::Literal(v, value.span),
            Origin::HerokuYml,
        );
    }
    for (process, dockerfile) in root
        .path(&["build", "docker"])
        .map_or(&[][..], |d| d.entries())
    {
        if let (Some(p), Some(path)) = (process.as_str(), dockerfile.as_value_str()) {
            let at = cx.loc(dockerfile.span);
            cx.facts.builds.push(BuildSpec {
                at,
                service: Some(p.to_string()),
                builder: Builder::Dockerfile(path.to_string()),
                origin: Origin::HerokuYml,
            });
        }
    }
    if let Some(release) = root.get("release") {
        // `release: {command: [...], image: web}`; the command may be a string too.
        let cmd = release.get("command").unwrap_or(release);
        if let Some(command) = command_text(cmd) {
            process(cx, "release", cmd, &command);
        }
    }
    for (name, run) in root.get("run").map_or(&[][..], |r| r.entries()) {
        let Some(name) = name.as_str() else { continue };
        // `web: bundle exec puma` or `worker: {command: [...], image: worker}`.
        let cmd = run.get("command").unwrap_or(run);
        if let Some(command) = command_text(cmd) {
            process(cx, name, cmd, &command);
        }
    }
}

/// A process type of heroku.yml; `DYNO` (or another watched variable) read in its command
/// counts like a Procfile's.
fn process(cx: &mut Cx, name: &str, node: &yaml::Node, command: &str) {
    super::process_type(cx, node.span, name, command, Origin::HerokuYml);
    if env_reads::mentions(cx, command) {
        // Offsets of a plain one-line scalar are the file's; a list or a quoted string is read
        // from the start of its node.
        let base = match node.as_str() {
            Some(_) if is_plain(cx.text, node.span) => node.span.start,
            _ => node.span.start + 1,
        };
        let found = cx.facts.env_reads.len();
        env_reads::extract_in(cx, command, base, Lang::Shell);
        // A read the offsets cannot place inside the node points at the node.
        for r in &mut cx.facts.env_reads[found..] {
            if !node.span.contains(r.at.span) {
                r.at.span = Span::new(node.span.start, node.span.start);
            }
        }
    }
}

fn is_plain(text: &str, span: Span) -> bool {
    text.get(span.start..span.end)
        .is_some_and(|t| !t.starts_with(['"', '\'', '[', '-', '|', '>']) && !t.contains('\n'))
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, env_decls, facts, services};
    use crate::facts::{Builder, EnvValue, Origin, ServiceKind};

    const HEROKU_YML: &str = "setup:\n  addons:\n    - plan: heroku-postgresql\n  config:\n    S3_BUCKET: harbor-uploads\n    API_TOKEN: abc123secret\nbuild:\n  docker:\n    web: Dockerfile\n    worker: worker/Dockerfile\nrelease:\n  command:\n    - bundle exec rails db:migrate\n  image: web\nrun:\n  web: bundle exec puma -C config/puma.rb\n  worker:\n    command:\n      - bundle exec sidekiq\n    image: worker\n";

    #[test]
    fn processes_release_builds_and_config() {
        let f = facts("heroku.yml", HEROKU_YML);
        assert_eq!(
            services(&f),
            [
                (
                    "release",
                    ServiceKind::Release,
                    "bundle exec rails db:migrate"
                ),
                (
                    "web",
                    ServiceKind::Web,
                    "bundle exec puma -C config/puma.rb"
                ),
                ("worker", ServiceKind::Worker, "bundle exec sidekiq"),
            ]
        );
        assert!(f.services.iter().all(|s| s.origin == Origin::HerokuYml));
        assert_eq!(f.pre_deploys.len(), 1);
        assert_eq!(
            at(HEROKU_YML, f.pre_deploys[0].at),
            "- bundle exec rails db:migrate"
        );
        let builds: Vec<_> = f.builds.iter().map(|b| b.builder.clone()).collect();
        assert_eq!(
            builds,
            [
                Builder::Dockerfile("Dockerfile".into()),
                Builder::Dockerfile("worker/Dockerfile".into())
            ]
        );
        assert_eq!(
            env_decls(&f),
            [
                ("S3_BUCKET", EnvValue::Literal("harbor-uploads".into())),
                ("API_TOKEN", EnvValue::Literal("****".into())),
            ]
        );
        assert!(f
            .secrets
            .iter()
            .any(|s| at(HEROKU_YML, crate::source::Loc { file: 0, span: *s }) == "abc123secret"));
    }

    #[test]
    fn dyno_in_a_run_command_is_a_read() {
        let text = "run:\n  worker: celery worker --hostname=$DYNO@%h\n";
        let f = facts("heroku.yml", text);
        assert_eq!(f.env_reads.len(), 1);
        assert_eq!(at(text, f.env_reads[0].at), "DYNO");
    }
}
