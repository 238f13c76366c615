//! Runtimes: which language an app root needs and which version some file pins.

use super::Requirement;
use crate::source::{Loc, Span};

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

    /// The runtime a rule file names (`python`, `node`, `nodejs`, ...).
    pub fn from_name(name: &str) -> Option<Runtime> {
        Some(match name {
            "python" => Runtime::Python,
            "node" | "nodejs" | "node.js" => Runtime::Node,
            "ruby" => Runtime::Ruby,
            "go" | "golang" => Runtime::Go,
            "java" => Runtime::Java,
            "php" => Runtime::Php,
            "elixir" => Runtime::Elixir,
            _ => return None,
        })
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

/// The file (and key) a pin is read from: platforms differ in which they read, and in which
/// order (FIELD-NOTES §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PinSource {
    /// `runtime.txt` (`python-3.12.7`), deprecated by Heroku's Python buildpack.
    RuntimeTxt,
    PythonVersion,
    Nvmrc,
    NodeVersion,
    RubyVersion,
    GoVersion,
    JavaVersion,
    ElixirBuildpack,
    ToolVersions,
    Mise,
    SystemProperties,
    /// `package.json` `engines.node`.
    Engines,
    /// `composer.json` `require.php`.
    Composer,
    /// The Gemfile's `ruby` line.
    Gemfile,
    /// `RUBY VERSION` in Gemfile.lock: the exact Ruby Bundler resolved.
    GemfileLock,
    /// go.mod's `go` or `toolchain` directive: the oldest Go the module builds with.
    GoMod,
    /// Pipfile's `python_version` / `python_full_version`.
    Pipfile,
    /// A Dockerfile's `FROM` image tag.
    DockerFrom,
    /// A version variable a platform's config sets (render.yaml `PYTHON_VERSION`, `NODE_VERSION`;
    /// fly.toml `[build.args]` `RUBY_VERSION`, which the Dockerfile's `ARG` takes).
    PlatformEnv,
    /// A language image's tag in a platform's config: the image a Kubernetes container or a
    /// compose service runs (`python:3.11-slim`), fly.toml `[build] image`, render.yaml
    /// `image.url`.
    PlatformImage,
}

impl PinSource {
    /// How a report names the source.
    pub fn describe(self) -> &'static str {
        match self {
            PinSource::RuntimeTxt => "runtime.txt",
            PinSource::PlatformEnv => "a platform config's version variable",
            PinSource::PlatformImage => "a platform config's image tag",
            PinSource::PythonVersion => ".python-version",
            PinSource::Nvmrc => ".nvmrc",
            PinSource::NodeVersion => ".node-version",
            PinSource::RubyVersion => ".ruby-version",
            PinSource::GoVersion => ".go-version",
            PinSource::JavaVersion => ".java-version",
            PinSource::ElixirBuildpack => "elixir_buildpack.config",
            PinSource::ToolVersions => ".tool-versions",
            PinSource::Mise => "mise.toml",
            PinSource::SystemProperties => "system.properties",
            PinSource::Engines => "package.json `engines.node`",
            PinSource::Composer => "composer.json `require.php`",
            PinSource::Gemfile => "the Gemfile's `ruby`",
            PinSource::GemfileLock => "Gemfile.lock",
            PinSource::GoMod => "go.mod",
            PinSource::Pipfile => "Pipfile",
            PinSource::DockerFrom => "the Dockerfile's `FROM`",
        }
    }
}

/// A version pin for a runtime, from any file some platform reads.
#[derive(Debug, Clone)]
pub struct RuntimePin {
    pub at: Loc,
    pub runtime: Runtime,
    /// As written (without a `python-` prefix; a Docker tag whole: `3.12-slim`).
    pub version: String,
    pub source: PinSource,
    /// What the pin allows.
    pub req: Requirement,
    /// An alias rather than a version (`latest`, `node`, `lts/*`, `lts/iron`, a Docker tag
    /// without a version): EG501 does not count it as a pin.
    pub alias: bool,
    /// Where the version is written, to rewrite it (None where no edit can say it: a value
    /// built from several variables).
    pub slot: Option<VersionSlot>,
}

/// How to write another version into a pin: replace `span` (in the pin's file) with
/// `prefix + version + suffix`. The extractor that read the format computes it, so rules do
/// no text surgery (`"20.17.0"` in JSON keeps its quotes; `python:slim` becomes
/// `python:3.12.7-slim` by inserting `3.12.7-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSlot {
    pub span: Span,
    pub prefix: &'static str,
    pub suffix: &'static str,
}

impl VersionSlot {
    pub fn plain(span: Span) -> VersionSlot {
        VersionSlot {
            span,
            prefix: "",
            suffix: "",
        }
    }

    pub fn text(&self, version: &str) -> String {
        format!("{}{version}{}", self.prefix, self.suffix)
    }
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
