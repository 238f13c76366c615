//! How the platform builds an app: the buildpacks it runs, the system packages a buildpack
//! installs, and the named scripts it runs at steps of a build or of an app's life.

use super::Origin;
use crate::source::Loc;

/// When a platform runs a named script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BuildStep {
    /// Before dependencies are installed (package.json `heroku-prebuild`).
    PreBuild,
    /// The app's own build (package.json `build`), which Heroku's Node.js buildpack runs only
    /// when there is no `heroku-postbuild`.
    Build,
    /// After dependencies are installed, in place of `build` (`heroku-postbuild`).
    PostBuild,
    /// After development dependencies are pruned (`heroku-cleanup`).
    Cleanup,
    /// Once, after an app is created (app.json `postdeploy`: review apps, Heroku Button), not
    /// on every deploy.
    AfterCreate,
    /// Before a review app is destroyed (app.json `pr-predestroy`).
    BeforeDestroy,
    /// Heroku CI's `test-setup` and `test`.
    Test,
}

/// A named script a platform runs at a step: `"heroku-postbuild": "npm run build:assets"`,
/// app.json `scripts.postdeploy`. `at` is the script's name.
#[derive(Debug, Clone)]
pub struct BuildHook {
    pub at: Loc,
    pub name: String,
    pub command: String,
    pub step: BuildStep,
    /// The app.json environment it belongs to (`review`, `test`), None for the app itself.
    pub environment: Option<String>,
    pub origin: Origin,
}

/// A buildpack the platform runs (app.json `buildpacks`, a `.buildpacks` line): `heroku/python`,
/// `https://github.com/heroku/heroku-buildpack-apt`.
#[derive(Debug, Clone)]
pub struct Buildpack {
    pub at: Loc,
    pub url: String,
    pub origin: Origin,
}

/// A system package Heroku's apt buildpack installs from an `Aptfile` line (a package name, a
/// `.deb` URL or a `:repo:` line as written).
#[derive(Debug, Clone)]
pub struct SystemPackage {
    pub at: Loc,
    pub name: String,
}

impl_located!(BuildHook, Buildpack, SystemPackage);
