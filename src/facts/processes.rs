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

impl_located!(Service, PreDeploy, HealthCheck, AppMarker);
