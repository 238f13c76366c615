//! The platform contract's processes: the services a platform runs for an app (a Procfile's
//! process types, a contract's dynos, app.json's formation), what runs before a deploy goes
//! live, the health checks a platform probes, and what makes a folder an app root.

use crate::source::Loc;

/// What a platform does with a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServiceKind {
    /// Receives HTTP traffic (Heroku routes to the `web` process type only).
    Web,
    /// Runs continuously without traffic (`worker`, `clock`, any other process type).
    Worker,
    /// Runs on a schedule.
    Cron,
    /// Runs once per release before it goes live (Heroku's `release` process type).
    Release,
}

impl ServiceKind {
    /// Heroku's reading of a process type name: `web` gets traffic, `release` runs in the
    /// release phase, anything else is a worker.
    pub fn of_process_type(name: &str) -> ServiceKind {
        match name {
            "web" => ServiceKind::Web,
            "release" => ServiceKind::Release,
            _ => ServiceKind::Worker,
        }
    }
}

/// Which file declared a service, health check or pre-deploy step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    Procfile,
    /// app.json (`formation`, `scripts.dokku.predeploy`).
    AppJson,
    /// migration-contract.json: what the app had on Heroku.
    MigrationContract,
    Dockerfile,
    Compose,
    /// package.json (`scripts`).
    PackageJson,
    /// A `.buildpacks` file (heroku-buildpack-multi, Dokku).
    BuildpacksFile,
    /// heroku.yml: Heroku's container-stack manifest (source side).
    HerokuYml,
    /// render.yaml, Render's Blueprint.
    RenderYaml,
    /// fly.toml.
    FlyToml,
    /// railway.json / railway.toml (config as code of one Railway service).
    Railway,
    /// A Kubernetes manifest (Deployment, StatefulSet, CronJob, Job, ConfigMap, ...).
    Kubernetes,
    /// A GitHub Actions workflow.
    GithubActions,
    /// `.gitlab-ci.yml`.
    GitlabCi,
}

impl Origin {
    /// The file as a reader names it in a message.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Procfile => "Procfile",
            Origin::AppJson => "app.json",
            Origin::MigrationContract => "migration-contract.json",
            Origin::Dockerfile => "Dockerfile",
            Origin::Compose => "compose file",
            Origin::PackageJson => "package.json",
            Origin::BuildpacksFile => ".buildpacks",
            Origin::HerokuYml => "heroku.yml",
            Origin::RenderYaml => "render.yaml",
            Origin::FlyToml => "fly.toml",
            Origin::Railway => "Railway config",
            Origin::Kubernetes => "Kubernetes manifest",
            Origin::GithubActions => "GitHub Actions workflow",
            Origin::GitlabCi => ".gitlab-ci.yml",
        }
    }

    /// The file configures the platform the app moves to (not Heroku, not CI): render.yaml,
    /// fly.toml, Railway's config, Kubernetes manifests, compose files and Dockerfiles.
    pub fn is_target(self) -> bool {
        matches!(
            self,
            Origin::RenderYaml
                | Origin::FlyToml
                | Origin::Railway
                | Origin::Kubernetes
                | Origin::Compose
                | Origin::Dockerfile
        )
    }
}

impl Origin {
    /// A config of the platform the app moves to that declares its services: render.yaml,
    /// fly.toml, Railway's config, Kubernetes workloads, compose files (a target only for an
    /// app that moves to a compose-based platform: `is_compose_platform`).
    pub fn is_target_config(self) -> bool {
        matches!(
            self,
            Origin::RenderYaml
                | Origin::FlyToml
                | Origin::Railway
                | Origin::Kubernetes
                | Origin::Compose
        )
    }
}

/// A manifest's `target.platform` that runs the app from its compose file. Most compose files
/// run the app on a developer's machine, beside its database: they are the target only then.
pub fn is_compose_platform(platform: &str) -> bool {
    const COMPOSE: &[&str] = &[
        "compose",
        "docker-compose",
        "docker",
        "swarm",
        "coolify",
        "dokploy",
    ];
    COMPOSE
        .iter()
        .any(|n| platform.trim().eq_ignore_ascii_case(n))
}

/// A process a platform runs: `web: bundle exec puma` in a Procfile, a dyno in the contract, a
/// process type in app.json's formation. `at` is the declaration (a Procfile line).
#[derive(Debug, Clone)]
pub struct Service {
    pub at: Loc,
    pub name: String,
    pub kind: ServiceKind,
    /// The command, when the declaration gives one (app.json's formation does not).
    pub command: String,
    /// The folder the service is built from, as declared relative to the declaring file's
    /// folder; `None` means that folder.
    pub root: Option<String>,
    pub origin: Origin,
}

/// A command that runs before a release goes live: Heroku's `release:` process type (which
/// gates the deploy and reruns on config changes and rollbacks), Dokku's
/// `scripts.dokku.predeploy`.
#[derive(Debug, Clone)]
pub struct PreDeploy {
    pub at: Loc,
    pub command: String,
    pub origin: Origin,
}

/// A health check a platform or container runtime runs against the app.
#[derive(Debug, Clone)]
pub struct HealthCheck {
    pub at: Loc,
    /// The service it belongs to, when the file says (a compose service's name).
    pub service: Option<String>,
    /// What is checked: a command (Dockerfile `HEALTHCHECK CMD`, compose `test`) or a path.
    pub probe: String,
    pub origin: Origin,
}

/// Something that makes its folder an app root: a Procfile, app.json or migration manifest.
#[derive(Debug, Clone)]
pub struct AppMarker {
    pub at: Loc,
    pub what: &'static str,
}

/// How a platform builds a service: from a Dockerfile, from a prebuilt image, or with its own
/// builder for a language (Render's `runtime: ruby`, Railway's `RAILPACK`, Fly's buildpacks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Builder {
    /// A Dockerfile, by its path as the file gives it.
    Dockerfile(String),
    /// An image built elsewhere (`image:` in a Kubernetes container, Render's `image.url`).
    Image(String),
    /// The platform's own builder, by the platform's name for it (`ruby`, `node`, `railpack`,
    /// `nixpacks`, `buildpacks`).
    Native(String),
}

/// What a platform file says about how a service is built.
#[derive(Debug, Clone)]
pub struct BuildSpec {
    pub at: Loc,
    /// The service it builds, when the file names one.
    pub service: Option<String>,
    pub builder: Builder,
    pub origin: Origin,
}

/// When a pipeline or platform runs a shell command that is neither a service nor a pre-deploy
/// step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommandPhase {
    /// A CI job's step (`run:` in GitHub Actions, `script:` in GitLab CI).
    Ci,
    /// Building the image or slug (Dockerfile `RUN`, Render's `buildCommand`).
    Build,
}

/// Shell text a CI pipeline or a build runs: a GitHub Actions `run:` step, a GitLab CI
/// `script:` line, a Dockerfile `RUN`, a build command. `text` is the script as the shell reads
/// it (a YAML block's indentation taken away, so heredocs close); `lines` maps it back into the
/// file. Extractors that look for commands (a `heroku` CLI call, ...) lex `text` as shell and
/// place what they find with [`ShellCommand::file_offset`].
#[derive(Debug, Clone)]
pub struct ShellCommand {
    /// The value in the file (a whole block scalar, a `RUN` instruction's arguments).
    pub at: Loc,
    pub text: String,
    /// For each line of `text`: its offset in `text` and, relative to `at.span.start`, where it
    /// starts in the file. Ascending; the first line is at (0, _).
    pub lines: Vec<(usize, usize)>,
    pub phase: CommandPhase,
    pub origin: Origin,
}

impl ShellCommand {
    /// Where byte `offset` of `text` is in the file (clamped to the command's span).
    pub fn file_offset(&self, offset: usize) -> usize {
        let i = self.lines.partition_point(|(t, _)| *t <= offset);
        let (t, f) = i.checked_sub(1).map_or((0, 0), |i| self.lines[i]);
        (self.at.span.start + f + (offset - t)).min(self.at.span.end)
    }
}

impl_located!(
    Service,
    PreDeploy,
    HealthCheck,
    AppMarker,
    BuildSpec,
    ShellCommand
);
