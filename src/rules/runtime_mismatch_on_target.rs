//! EG806 runtime-mismatch-on-target: a runtime version a target config sets (a version
//! variable, a build argument, a language image's tag) that no version the repository pins
//! satisfies.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::conflicting_runtime_pins::target_side;
use super::parity::{compose_is_the_target, same_app};
use super::{Finding, Rule, RuleId};
use crate::facts::{BuildSpec, Builder, Contract, Origin, PinSource, Requirement, RuntimePin};
use crate::role::Role;
use crate::source::{FileId, SourceKind};

pub struct RuntimeMismatchOnTarget;

fn origin_of(kind: SourceKind) -> Option<Origin> {
    Some(match kind {
        SourceKind::RenderYaml => Origin::RenderYaml,
        SourceKind::FlyToml => Origin::FlyToml,
        SourceKind::RailwayJson | SourceKind::RailwayToml => Origin::Railway,
        // Kubernetes objects are read in any YAML file, by their content.
        SourceKind::Kubernetes | SourceKind::Yaml => Origin::Kubernetes,
        SourceKind::Compose => Origin::Compose,
        _ => return None,
    })
}

/// A pin that counts: deployed (not a test fixture or a development file), with a version
/// egress can read.
fn counts(c: &Contract, p: &RuntimePin) -> bool {
    c.file(p.at.file).role == Role::Deploy && matches!(p.req, Requirement::Range(_))
}

/// The repository's own pins of the target pin's runtime in the app, by folder. A Dockerfile's
/// `FROM` is not among them: against the pin files beside it, it is EG503's.
fn repository_pins<'a>(
    c: &'a Contract,
    t: &RuntimePin,
    dir: &Path,
) -> BTreeMap<&'a Path, Vec<&'a RuntimePin>> {
    let mut folders: BTreeMap<&Path, Vec<&RuntimePin>> = BTreeMap::new();
    for p in c.facts.pins.iter().filter(|p| {
        p.runtime == t.runtime
            && !target_side(p.source)
            && p.source != PinSource::DockerFrom
            && counts(c, p)
            && same_app(dir, c.dir_of(p.at))
    }) {
        folders.entry(c.dir_of(p.at)).or_default().push(p);
    }
    folders
}

impl Rule for RuntimeMismatchOnTarget {
    fn id(&self) -> RuleId {
        RuleId::EG806
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for t in c
            .facts
            .pins
            .iter()
            .filter(|t| target_side(t.source) && counts(c, t))
        {
            let Some(origin) = origin_of(c.file(t.at.file).kind) else {
                continue;
            };
            let dir = c.dir_of(t.at);
            if origin == Origin::Compose && !compose_is_the_target(c, dir) {
                continue;
            }
            if let Some(pins) = judge(c, t, dir, None) {
                out.push(finding(c, t, origin, None, &pins));
            }
        }
        let mut seen: Vec<*const RuntimePin> = Vec::new();
        for (b, file) in built_dockerfiles(c) {
            let Some(origin) = origin_of(c.file(b.at.file).kind) else {
                continue;
            };
            let dir = c.dir_of(b.at);
            let beside = c.file(file).dir();
            for d in
                c.facts.pins.iter().filter(|p| {
                    p.at.file == file && p.source == PinSource::DockerFrom && counts(c, p)
                })
            {
                if seen.contains(&(d as *const RuntimePin)) {
                    continue;
                }
                seen.push(d);
                if let Some(pins) = judge(c, d, dir, Some(beside)) {
                    out.push(finding(c, d, origin, Some(b), &pins));
                }
            }
        }
        out
    }
}

/// The repository's pins the target's version `t` contradicts, for the app in `dir`: those of
/// the nearest folder, when no folder's pins allow it. A folder whose pins disagree among
/// themselves is EG503's, and so is a Dockerfile with pins beside it (`skip`, its folder: the
/// Dockerfile is that app root's, and EG503 compares them); in a monorepo the target's version
/// belongs to one app root, so any folder that allows it is enough.
fn judge<'a>(
    c: &'a Contract,
    t: &RuntimePin,
    dir: &Path,
    skip: Option<&Path>,
) -> Option<Vec<&'a RuntimePin>> {
    let folders = repository_pins(c, t, dir);
    if skip.is_some_and(|s| folders.contains_key(s)) {
        return None;
    }
    let agreeing: Vec<(&Path, Vec<&RuntimePin>, Requirement)> = folders
        .into_iter()
        .filter_map(|(f, pins)| {
            let both = pins
                .iter()
                .try_fold(Requirement::Floating, |acc, p| acc.intersect(&p.req))?;
            Some((f, pins, both))
        })
        .collect();
    if agreeing
        .iter()
        .any(|(_, _, both)| both.intersect(&t.req).is_some())
    {
        return None;
    }
    // The pins of the target file's own folder, else of the nearest one.
    let depth = |p: &Path| p.components().count();
    agreeing
        .into_iter()
        .min_by_key(|(f, _, _)| (*f != dir, depth(f).abs_diff(depth(dir))))
        .map(|(_, pins, _)| pins)
}

/// The Dockerfiles target configs build from (`dockerfilePath`, fly.toml `[build]
/// dockerfile`), by the file's id, with the build setting that names them.
fn built_dockerfiles(c: &Contract) -> Vec<(&BuildSpec, FileId)> {
    let mut out = Vec::new();
    for b in c.facts.builds.iter().filter(|b| !c.in_test_code(b.at)) {
        let Builder::Dockerfile(path) = &b.builder else {
            continue;
        };
        let mut want = PathBuf::new();
        for part in c.dir_of(b.at).join(path.trim()).components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir => {
                    want.pop();
                }
                other => want.push(other),
            }
        }
        if let Some(id) = c.files.iter().position(|f| f.path == want) {
            out.push((b, id as FileId));
        }
    }
    out
}

fn finding(
    c: &Contract,
    t: &RuntimePin,
    origin: Origin,
    built: Option<&BuildSpec>,
    pins: &[&RuntimePin],
) -> Finding {
    let file = c.file(t.at.file).path.display().to_string();
    let rt = t.runtime.name();
    let pin = pins[0];
    let seen = match (t.source, built) {
        (_, Some(b)) => format!(
            "(which {} builds) runs {rt} from the image tag `{}`",
            c.file(b.at.file).path.display(),
            t.version
        ),
        (PinSource::PlatformImage, _) => {
            format!("runs {rt} from the image tag `{}`", t.version)
        }
        _ => format!("builds with {rt} `{}`", t.version),
    };
    let more = match pins.len() {
        1 => String::new(),
        n => format!(" (and {} more pin{})", n - 1, if n == 2 { "" } else { "s" }),
    };
    let want = pin.req.exact().unwrap_or_else(|| pin.version.clone());
    let help = match (origin, t.source) {
        (Origin::RenderYaml, PinSource::PlatformEnv) => format!(
            "set the variable to `{want}`, or remove it: Render then reads the repository's pin file"
        ),
        (Origin::FlyToml, PinSource::PlatformEnv) => format!(
            "set the build argument to `{want}`, or remove it so the Dockerfile's own `ARG` default applies (and make that `{want}` too)"
        ),
        _ => format!("use the image tag of the {rt} the repository pins (`{want}`, with the same variant)"),
    };
    let mut f = Finding::new(
        RuleId::EG806,
        t.at,
        format!(
            "{file} {seen}, but {} pins `{}`{more}: no version satisfies both",
            pin.source.describe(),
            pin.version
        ),
    )
    .label(format!("{rt} {}", t.version))
    .help(format!(
        "{help}; if the app is meant to move to another {rt} with the migration, change the repository's pin in the same commit, so Heroku and the target run one version"
    ));
    for p in pins {
        f = f.related(p.at, format!("{} pins {}", p.source.describe(), p.version));
    }
    if let Some(b) = built {
        f = f.related(
            b.at,
            format!("{} builds from this Dockerfile", origin.describe()),
        );
    }
    f
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    const TO_COMPOSE: (&str, &str) = (
        "migration-manifest.yml",
        "target:\n  platform: compose\n  timezone: UTC\n",
    );

    fn k8s(image: &str) -> String {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: wait\n          image: python:3.9\n      containers:\n        - name: web\n          image: {image}\n          ports: [{{containerPort: 3000}}]\n")
    }

    #[test]
    fn each_target_with_another_version() {
        let render = "services:\n  - type: web\n    name: app\n    runtime: python\n    startCommand: gunicorn app.wsgi\n    envVars:\n      - key: PYTHON_VERSION\n        value: 3.11.9\n";
        let fly = "app = \"x\"\n[build]\n  [build.args]\n    PYTHON_VERSION = \"3.11\"\n";
        let fly_image = "app = \"x\"\n[build]\n  image = \"python:3.11-slim\"\n";
        let compose = "services:\n  web:\n    image: python:3.11\n    command: gunicorn app.wsgi\n    ports: [\"8000:8000\"]\n";
        let k = k8s("docker.io/library/python:3.11-slim");
        for (path, text) in [
            ("render.yaml", render),
            ("fly.toml", fly),
            ("fly.toml", fly_image),
            ("k8s/web.yaml", &k),
            ("docker-compose.yml", compose),
        ] {
            let files: Vec<_> = [(".python-version", "3.12.7\n"), (path, text)]
                .into_iter()
                .chain((path == "docker-compose.yml").then_some(TO_COMPOSE))
                .collect();
            let f = findings(RuleId::EG806, &files);
            assert_eq!(f.len(), 1, "{path}: {f:#?}");
            assert!(
                f[0].message.contains(path)
                    && f[0].message.contains(".python-version pins `3.12.7`"),
                "{}",
                f[0].message
            );
            assert_eq!(f[0].related.len(), 1);
        }
        // A Ruby build argument against the Gemfile and its lock.
        let f = findings(
            RuleId::EG806,
            &[
                ("Gemfile", "ruby \"~> 3.3\"\n"),
                ("Gemfile.lock", "RUBY VERSION\n   ruby 3.3.5p100\n"),
                (
                    "fly.toml",
                    "app = \"x\"\n[build.args]\n  RUBY_VERSION = \"3.2.2\"\n",
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].related.len(), 2);
    }

    #[test]
    fn a_dockerfile_in_another_folder_the_target_builds() {
        let files = [
            (".python-version", "3.12.7\n"),
            ("docker/web.Dockerfile", "FROM python:3.11-slim AS app\n"),
            (
                "render.yaml",
                "services:\n  - type: web\n    name: app\n    runtime: docker\n    dockerfilePath: ./docker/web.Dockerfile\n",
            ),
            (
                "fly.toml",
                "app = \"x\"\n[build]\n  dockerfile = \"docker/web.Dockerfile\"\n",
            ),
        ];
        let f = findings(RuleId::EG806, &files);
        // Once, though two configs build it.
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].message
                .starts_with("docker/web.Dockerfile (which fly.toml builds)"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].related.len(), 2);
        // The Dockerfile's own folder pins another Node: it is that app's (EG503 compares).
        assert_clean(
            RuleId::EG806,
            &[
                ("api/.nvmrc", "18\n"),
                ("package.json", r#"{"engines": {"node": "20.x"}}"#),
                ("Dockerfile", "FROM node:20-alpine\n"),
                (
                    "render.yaml",
                    "services:\n  - type: web\n    name: app\n    runtime: docker\n",
                ),
            ],
        );
        // Nothing builds it: a Dockerfile elsewhere may be for anything.
        assert_clean(RuleId::EG806, &files[..2]);
        assert_clean(
            RuleId::EG806,
            &[
                (".python-version", "3.12.7\n"),
                ("docker/web.Dockerfile", "FROM python:3.12-slim AS app\n"),
                (
                    "render.yaml",
                    "services:\n  - type: web\n    name: app\n    runtime: docker\n    dockerfilePath: ./docker/web.Dockerfile\n",
                ),
            ],
        );
    }

    #[test]
    fn compatible_spellings() {
        for files in [
            &[
                (".python-version", "3.12\n"),
                (
                    "render.yaml",
                    "services:\n  - type: web\n    name: app\n    envVars:\n      - key: PYTHON_VERSION\n        value: 3.12.7\n",
                ),
            ][..],
            &[("runtime.txt", "python-3.12.7\n"), ("k8s/web.yaml", &k8s("python:3.12"))],
            &[
                ("package.json", r#"{"engines": {"node": "20.x"}}"#),
                ("k8s/web.yaml", &k8s("node:20-alpine")),
            ],
            &[
                (".ruby-version", "3.3.5\n"),
                ("fly.toml", "app = \"x\"\n[build]\n  image = \"ruby:3.3-slim\"\n"),
            ],
        ] {
            assert_clean(RuleId::EG806, files);
        }
    }

    #[test]
    fn nothing_to_compare() {
        for files in [
            // No repository pin; an app image; a floating tag; another runtime.
            &[("k8s/web.yaml", k8s("python:3.11").as_str())][..],
            &[(".python-version", "3.12\n"), ("k8s/web.yaml", &k8s("ghcr.io/acme/web:3.11"))],
            &[(".python-version", "3.12\n"), ("k8s/web.yaml", &k8s("python:slim"))],
            &[(".python-version", "3.12\n"), ("k8s/web.yaml", &k8s("node:18"))],
            // A development compose file: not the target.
            &[
                (".python-version", "3.12\n"),
                ("docker-compose.yml", "services:\n  web:\n    image: python:3.11\n    command: python app.py\n"),
            ],
            // A compose service that builds the app names its image, not a runtime.
            &[
                (".python-version", "3.12\n"),
                TO_COMPOSE,
                ("docker-compose.yml", "services:\n  web:\n    build: .\n    image: python:3.11\n    command: python app.py\n"),
            ],
            // The Dockerfile against the pins beside it is EG503's, even when a target
            // builds from it.
            &[
                (".python-version", "3.12\n"),
                ("Dockerfile", "FROM python:3.11-slim\n"),
                ("fly.toml", "app = \"x\"\n[build]\n  dockerfile = \"Dockerfile\"\n"),
            ],
            // The Dockerfile against the pins beside it is EG503's.
            &[(".python-version", "3.12\n"), ("Dockerfile", "FROM python:3.11-slim\n")],
            // A monorepo: the worker's own pin allows the target's version.
            &[
                ("api/.python-version", "3.12\n"),
                ("worker/.python-version", "3.11\n"),
                (
                    "render.yaml",
                    "services:\n  - type: worker\n    name: w\n    rootDir: worker\n    envVars:\n      - key: PYTHON_VERSION\n        value: 3.11.9\n",
                ),
            ],
            // Test fixtures.
            &[(".python-version", "3.12\n"), ("spec/fixtures/k8s.yaml", &k8s("python:3.11"))],
        ] {
            assert_clean(RuleId::EG806, files);
        }
    }
}
