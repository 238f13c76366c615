//! Runtimes: which language an app root needs and which version some file pins.

use crate::source::Loc;

/// A runtime a platform has to pick a version of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Runtime {
    Python,
    Node,
    Ruby,
    Go,
    Java,
    Php,
    Elixir,
}

impl Runtime {
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Python => "Python",
            Runtime::Node => "Node.js",
            Runtime::Ruby => "Ruby",
            Runtime::Go => "Go",
            Runtime::Java => "Java",
            Runtime::Php => "PHP",
            Runtime::Elixir => "Elixir",
        }
    }
}

/// A file that tells which runtime an app needs (Gemfile, package.json, requirements.txt, ...).
#[derive(Debug, Clone)]
pub struct LanguageManifest {
    pub at: Loc,
    pub runtime: Runtime,
    /// The file holds only development tooling (a `package.json` with no dependencies, no
    /// `start` or `build` script and no `engines`): beside another language's manifest or a
    /// Dockerfile it is not a runtime the platform builds.
    pub tooling: bool,
}

/// A version pin for a runtime, from any file some platform reads.
#[derive(Debug, Clone)]
pub struct RuntimePin {
    pub at: Loc,
    pub runtime: Runtime,
    pub version: String,
}

impl_located!(LanguageManifest, RuntimePin);

/// A web framework an app root is built on, when a manifest names it: some libraries behave
/// differently inside one (Fugit schedulers take Rails' `config.time_zone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    Rails,
}

/// The app root of the manifest at `at` uses `framework` (`gem "rails"` in its Gemfile).
#[derive(Debug, Clone)]
pub struct AppFramework {
    pub at: Loc,
    pub framework: Framework,
}

impl_located!(AppFramework);
