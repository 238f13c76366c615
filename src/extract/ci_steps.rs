//! CI pipelines (GitHub Actions, GitLab CI, CircleCI, Bitbucket Pipelines, Travis CI): their
//! command lines, read for the platform commands they run, and the integrations that deploy to
//! Heroku (`uses: akhileshns/heroku-deploy@...`, a Bitbucket pipe, Travis CI's `provider:
//! heroku`). GitHub workflows and GitLab CI files record their steps as shell facts of their
//! own formats, which read them for commands (`shell::from_yaml`); here only the integrations
//! and the other systems' steps are walked.

use std::path::Path;

use super::commands::{in_yaml_scalar, is_heroku_provider};
use super::{CiSystem, Cx, Lit, PlatformCall, PlatformCommand, Runner};
use crate::parse::{yaml, Tree};
use crate::source::SourceKind;

/// The CI system a pipeline file belongs to, by its path.
pub fn ci_system(path: &Path) -> Option<CiSystem> {
    let name = path.file_name()?.to_str()?;
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let grand = path
        .parent()
        .and_then(|p| p.parent())
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    match name {
        _ if yaml && parent == "workflows" && grand == ".github" => Some(CiSystem::GitHubActions),
        "action.yml" | "action.yaml" => Some(CiSystem::GitHubActions),
        _ if name == ".gitlab-ci.yml" || name.ends_with(".gitlab-ci.yml") => Some(CiSystem::GitLab),
        "config.yml" if parent == ".circleci" => Some(CiSystem::CircleCi),
        "bitbucket-pipelines.yml" => Some(CiSystem::Bitbucket),
        ".travis.yml" => Some(CiSystem::Travis),
        _ => None,
    }
}

/// Whether a YAML file is a CI pipeline that mentions `heroku` (it needs its tree).
pub fn wants_ci_tree(cx: &Cx) -> bool {
    cx.hits.has(Lit::Heroku) && ci_system(&cx.src.path).is_some()
}

/// Keys whose values are command lines, per CI system (`run` for GitHub Actions and CircleCI
/// is handled apart: it may be a map).
fn script_keys(ci: CiSystem) -> &'static [&'static str] {
    match ci {
        CiSystem::GitHubActions | CiSystem::CircleCi => &[],
        CiSystem::GitLab => &["script", "before_script", "after_script"],
        CiSystem::Bitbucket => &["script", "after-script"],
        CiSystem::Travis => &[
            "before_install",
            "install",
            "before_script",
            "script",
            "after_success",
            "after_failure",
            "before_deploy",
            "after_deploy",
            "after_script",
        ],
    }
}

/// The steps of a CI pipeline document: its command lines and its Heroku integrations.
pub fn in_ci(cx: &mut Cx, doc: &yaml::Node) {
    if !cx.hits.has(Lit::Heroku) {
        return;
    }
    let Some(ci) = ci_system(&cx.src.path) else {
        return;
    };
    // Workflow steps and GitLab scripts are shell facts of their formats, which read them for
    // commands as they record them (`shell::from_yaml`).
    let steps = !matches!(cx.kind, SourceKind::GithubWorkflow | SourceKind::GitlabCi);
    walk_ci(cx, doc, ci, steps);
}

/// `steps`: read the command lines too (not only the integrations).
fn walk_ci(cx: &mut Cx, node: &yaml::Node, ci: CiSystem, steps: bool) {
    let runner = Runner::Ci(ci);
    for (k, v) in node.entries() {
        let key = k.as_str().unwrap_or("");
        match (ci, key) {
            (CiSystem::GitHubActions | CiSystem::CircleCi, "run") if steps => {
                // CircleCI: `run: {name: ..., command: ...}`.
                let cmd = if v.entries().is_empty() {
                    Some(v)
                } else {
                    v.get("command")
                };
                if let Some(c) = cmd.filter(|c| c.as_str().is_some()) {
                    in_yaml_scalar(cx, c, runner);
                }
            }
            (CiSystem::GitHubActions, "uses") | (CiSystem::Bitbucket, "pipe") => {
                integration(cx, v, runner);
            }
            (CiSystem::Travis, "deploy") => travis_deploy(cx, v),
            _ if steps && script_keys(ci).contains(&key) => each_scalar(v, &mut |s| {
                in_yaml_scalar(cx, s, runner);
            }),
            _ => {}
        }
        walk_ci(cx, v, ci, steps);
    }
    for item in node.items() {
        walk_ci(cx, item, ci, steps);
    }
}

/// Every string of a value that is one, or a (nested) list of them.
fn each_scalar<'n>(node: &'n yaml::Node, f: &mut dyn FnMut(&'n yaml::Node)) {
    if node.as_str().is_some() {
        f(node);
    }
    for item in node.items() {
        each_scalar(item, f);
    }
}

/// A reusable step that deploys to Heroku: an action (`akhileshns/heroku-deploy@v3.13.15`),
/// a Bitbucket pipe (`atlassian/heroku-deploy:2.4.0`), named with `heroku` as a word.
fn integration(cx: &mut Cx, node: &yaml::Node, runner: Runner) {
    let Some(value) = node.as_str() else { return };
    let name = value.split(['@', ':']).next().unwrap_or(value).trim();
    if name.starts_with("docker") || name.starts_with('.') {
        return;
    }
    let heroku = name
        .split(['/', '-', '_', '.'])
        .any(|p| p.eq_ignore_ascii_case("heroku"));
    let plain = name
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"/-_.".contains(&c));
    if heroku && plain && !name.is_empty() {
        let at = cx.loc(node.span);
        cx.facts.platform_commands.push(PlatformCommand {
            at,
            line: node.span,
            platform: "heroku",
            call: PlatformCall::Integration {
                name: name.to_string(),
            },
            runner,
        });
    }
}

/// Travis CI's `deploy: {provider: heroku, ...}` (or a list of such maps).
fn travis_deploy(cx: &mut Cx, node: &yaml::Node) {
    let maps = std::iter::once(node).chain(node.items());
    for m in maps {
        if let Some(p) = m.get("provider").filter(|p| is_heroku_provider(p.as_str())) {
            let at = cx.loc(p.span);
            cx.facts.platform_commands.push(PlatformCommand {
                at,
                line: p.span,
                platform: "heroku",
                call: PlatformCall::Integration {
                    name: "heroku".into(),
                },
                runner: Runner::Ci(CiSystem::Travis),
            });
        }
    }
}
