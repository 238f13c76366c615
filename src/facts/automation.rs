//! Automation around the app: commands that scripts, Makefiles, rake tasks, CI steps,
//! Dockerfiles and package.json scripts run against a hosting platform, and the CI
//! integrations that deploy to one. Off the platform, each of them fails or deploys to the
//! old place.

use crate::source::{Lang, Loc, Span};

/// What runs a command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runner {
    /// A shell script (by extension or shebang).
    Script,
    /// A Makefile recipe (or a `$(shell ...)` of a Makefile).
    Makefile,
    /// Code that shells out: a rake task's `sh "..."`, Ruby backticks, Python's
    /// `subprocess.run([...])`, JavaScript's `execSync(...)`.
    Code(Lang),
    /// A step of a CI pipeline.
    Ci(CiSystem),
    /// A Dockerfile `RUN`.
    Dockerfile,
    /// A package.json script.
    PackageScript,
    /// A Procfile command.
    Procfile,
}

/// CI systems whose pipeline files egress reads steps from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CiSystem {
    GitHubActions,
    GitLab,
    CircleCi,
    Bitbucket,
    Travis,
}

impl CiSystem {
    pub fn name(self) -> &'static str {
        match self {
            CiSystem::GitHubActions => "GitHub Actions",
            CiSystem::GitLab => "GitLab CI",
            CiSystem::CircleCi => "CircleCI",
            CiSystem::Bitbucket => "Bitbucket Pipelines",
            CiSystem::Travis => "Travis CI",
        }
    }
}

impl Runner {
    /// Where the command is, for messages: "a Makefile recipe", "a GitHub Actions step".
    pub fn describe(self) -> String {
        match self {
            Runner::Script => "a shell script".into(),
            Runner::Makefile => "a Makefile recipe".into(),
            Runner::Code(Lang::Ruby) => "Ruby code".into(),
            Runner::Code(Lang::Python) => "Python code".into(),
            Runner::Code(Lang::JavaScript) => "JavaScript code".into(),
            Runner::Code(Lang::TypeScript) => "TypeScript code".into(),
            Runner::Code(_) => "code".into(),
            Runner::Ci(ci) => format!("a {} step", ci.name()),
            Runner::Dockerfile => "a Dockerfile `RUN`".into(),
            Runner::PackageScript => "a package.json script".into(),
            Runner::Procfile => "a Procfile command".into(),
        }
    }
}

/// How the automation reaches the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlatformCall {
    /// Its CLI, with the subcommand (`pg:backups:capture`, `run`, `container:release`).
    Cli { subcommand: String },
    /// `git push` to the platform's git remote: the remote's name, when it is a plain name
    /// (a URL is not kept: it may hold a token).
    GitPush { remote: Option<String> },
    /// A CI integration that deploys to it: a GitHub Action (`akhileshns/heroku-deploy`), a
    /// Travis CI deploy provider (`heroku`).
    Integration { name: String },
}

/// Automation that drives a hosting platform from the repository: `heroku pg:backups:capture`
/// in `bin/backup`, `git push heroku main` in a Makefile, `uses: akhileshns/heroku-deploy` in
/// a workflow.
#[derive(Debug, Clone)]
pub struct PlatformCommand {
    /// The command (from its program to its last word), or the integration's reference.
    pub at: Loc,
    /// The logical command line it is part of, in the same file: one line may run several.
    pub line: Span,
    /// `heroku`.
    pub platform: &'static str,
    pub call: PlatformCall,
    pub runner: Runner,
}

impl crate::facts::Located for PlatformCommand {
    fn locs(&mut self, f: &mut dyn FnMut(&mut Loc)) {
        f(&mut self.at);
        // The line shares the command's file; its span moves with it.
        let mut line = Loc {
            file: self.at.file,
            span: self.line,
        };
        f(&mut line);
        self.line = line.span;
    }
}
