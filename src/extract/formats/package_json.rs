//! `package.json` (`engines.node`) and `composer.json` (`require.php`): the runtime, and the
//! `scripts`, which are shell commands; those Heroku's Node.js buildpack runs at steps of the
//! build (`heroku-prebuild`, `build` or `heroku-postbuild`, `heroku-cleanup`) are build hooks.

use super::super::parsed::Parsed;
use super::super::pins::{language_of, pin, record, slot_at};
use super::super::{
    commands, env_reads, Cx, Lit, PinSource, Requirement, Runner, Runtime, SourceKind,
};
use crate::facts::{BuildHook, BuildStep, Origin};
use crate::parse::{json, Tree};
use crate::source::Lang;

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Json(root) = parsed else { return };
    let (runtime, path, source) = if cx.kind == SourceKind::ComposerJson {
        (Runtime::Php, ["require", "php"], PinSource::Composer)
    } else {
        (Runtime::Node, ["engines", "node"], PinSource::Engines)
    };
    language_of(cx, runtime, runtime == Runtime::Node && tooling_only(root));
    if let Some(v) = root.path(&path) {
        if let Some(s) = v.as_str() {
            let s = s.to_string();
            if runtime == Runtime::Node && published_library(root) {
                // The range a library supports, for its users: not what a platform builds with.
                let slot = slot_at(cx.text, v.span);
                record(
                    cx,
                    runtime,
                    source,
                    &s,
                    Requirement::Unknown,
                    false,
                    v.span,
                    Some(slot),
                );
            } else {
                pin(cx, runtime, source, &s, v.span);
            }
        }
    }
    if runtime == Runtime::Node {
        build_hooks(cx, root);
    }
    if cx.hits.has(Lit::EnvName) || cx.hits.has(Lit::Heroku) {
        scripts(cx, root);
    }
}

/// The scripts the Node.js buildpack runs while building: `heroku-prebuild` before installing
/// dependencies, `heroku-postbuild` after it (in place of `build`), `heroku-cleanup` after
/// pruning development dependencies.
fn build_hooks(cx: &mut Cx, root: &json::Node) {
    for (name, cmd) in root.get("scripts").map_or(&[][..], |s| s.entries()) {
        let (Some(name_text), Some(command)) = (name.as_str(), cmd.as_str()) else {
            continue;
        };
        let step = match name_text {
            "heroku-prebuild" => BuildStep::PreBuild,
            "build" => BuildStep::Build,
            "heroku-postbuild" => BuildStep::PostBuild,
            "heroku-cleanup" => BuildStep::Cleanup,
            _ => continue,
        };
        cx.facts.build_hooks.push(BuildHook {
            at: cx.loc(name.span),
            name: name_text.to_string(),
            command: command.to_string(),
            step,
            environment: None,
            origin: Origin::PackageJson,
        });
    }
}

/// A package published for others to use (not `private`, no `start` script, and an entry point
/// or a file list: `main`, `exports`, `files`, ...): its `engines` is the range it supports.
fn published_library(root: &json::Node) -> bool {
    let private = matches!(
        root.get("private").map(|p| &p.value),
        Some(json::Value::Bool(true))
    );
    let start = root.path(&["scripts", "start"]).is_some();
    let entry = [
        "main",
        "exports",
        "module",
        "types",
        "typings",
        "files",
        "publishConfig",
        "bin",
    ]
    .iter()
    .any(|k| root.get(k).is_some());
    !private && !start && entry
}

/// A package.json that builds and runs nothing: no dependencies, no `start` or `build` script,
/// no `engines` (linters and formatters for a Rails or Django app).
fn tooling_only(root: &json::Node) -> bool {
    let has = |key: &str| root.get(key).is_some_and(|v| !v.entries().is_empty());
    let script = |name: &str| root.path(&["scripts", name]).is_some();
    !has("dependencies") && !has("engines") && !script("start") && !script("build")
}

/// Env reads and platform commands in `scripts`, each a shell command inside its JSON quotes.
fn scripts(cx: &mut Cx, root: &json::Node) {
    let Some(scripts) = root.get("scripts") else {
        return;
    };
    for (_, v) in scripts.entries() {
        let span = v.span;
        let (start, end) = match cx.text.get(span.start..span.end) {
            Some(raw) if raw.len() >= 2 && raw.starts_with('"') => (span.start + 1, span.end - 1),
            _ => (span.start, span.end),
        };
        let raw = crate::source::slice(cx.text, crate::source::Span::new(start, end)).to_string();
        if cx.hits.has(Lit::EnvName) {
            env_reads::extract_in(cx, &raw, start, Lang::Shell);
        }
        if cx.hits.has(Lit::Heroku) {
            commands::in_shell(cx, &raw, start, Runner::PackageScript);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::BuildStep;

    #[test]
    fn build_hooks_of_the_node_buildpack() {
        let f = facts(
            "package.json",
            r#"{"scripts": {"build": "vite build", "heroku-postbuild": "npm run build && npm run db:migrate",
                "heroku-prebuild": "echo prebuild", "postinstall": "patch-package", "heroku-cleanup": "rm -rf .cache"}}"#,
        );
        let hooks: Vec<_> = f
            .build_hooks
            .iter()
            .map(|h| (h.name.as_str(), h.step))
            .collect();
        assert_eq!(
            hooks,
            [
                ("build", BuildStep::Build),
                ("heroku-postbuild", BuildStep::PostBuild),
                ("heroku-prebuild", BuildStep::PreBuild),
                ("heroku-cleanup", BuildStep::Cleanup),
            ]
        );
        // A published library's `engines` is recorded but never judged.
        let lib = facts(
            "packages/ui/package.json",
            r#"{"name": "@acme/ui", "main": "dist/index.js", "engines": {"node": ">=18"}}"#,
        );
        assert_eq!(lib.pins[0].req, crate::facts::Requirement::Unknown);
        let app = facts(
            "package.json",
            r#"{"name": "api", "main": "index.js", "scripts": {"start": "node index.js"}, "engines": {"node": ">=18"}}"#,
        );
        assert!(app.pins[0].req.open_ended());
        // composer.json's scripts are not the Node.js buildpack's.
        let f = facts("composer.json", r#"{"scripts": {"heroku-postbuild": "x"}}"#);
        assert!(f.build_hooks.is_empty());
    }
}
