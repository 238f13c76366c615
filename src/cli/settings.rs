//! Command line and `.egress.yml` combined: flags override the config file, which overrides
//! the defaults.

use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::diagnostic::Severity;
use crate::engine::Outcome;
use crate::rules::RuleSet;

use super::{CheckArgs, FailOn};

/// Where the config and the project's rule files are looked up from: the first path (or
/// `--stdin-filename`), or the nearest folder of it that exists.
fn start(args: &CheckArgs) -> &Path {
    let start = args
        .stdin_filename
        .as_deref()
        .or(args.paths.first().map(PathBuf::as_path))
        .unwrap_or(Path::new("."));
    if start.exists() {
        start
    } else {
        start
            .parent()
            .filter(|p| p.exists())
            .unwrap_or(Path::new("."))
    }
}

/// Load the project's rule files into the catalog: before anything reads it (the config names
/// rules by id).
pub fn install_rules(args: &CheckArgs) -> Result<(), String> {
    install_for(start(args), args.config.as_deref())
}

/// The project's rule files for a run from `start` with `--config` (else the nearest config
/// file), in the catalog.
pub fn install_for(start: &Path, config: Option<&Path>) -> Result<(), String> {
    let config = config
        .map(Path::to_path_buf)
        .or_else(|| config::find(start));
    let loaded = crate::policy::load_for(start, config.as_deref())?;
    crate::rules::policies::install(loaded)
}

/// The config that applies: `--config FILE`, else the nearest `.egress.yml` above the first path.
pub fn load(args: &CheckArgs) -> Result<Config, String> {
    let path: Option<PathBuf> = match &args.config {
        Some(p) => Some(p.clone()),
        None => config::find(start(args)),
    };
    match path {
        Some(p) => config::load(&p),
        None => Ok(Config::default()),
    }
}

pub fn rule_set(cfg: &Config, args: &CheckArgs) -> Result<RuleSet, String> {
    cfg.rule_set(&args.select, &args.ignore)
        .map_err(|e| e.to_string())
}

/// `--fail-on`, else the config's `fail-on`, else warning.
pub fn threshold(cfg: &Config, args: &CheckArgs) -> Severity {
    match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => cfg.fail_on.unwrap_or(Severity::Warning),
    }
}

/// Drop findings `exclude` and `per-path` rule out, and apply severity overrides.
pub fn apply(cfg: &Config, outcome: &mut Outcome) {
    if cfg.path.is_none() {
        return;
    }
    let c = &outcome.contract;
    outcome
        .findings
        .retain(|f| cfg.keeps(f.rule, &c.file(f.at.file).path));
    for f in &mut outcome.findings {
        if let Some(s) = cfg.severity_of(f.rule) {
            f.severity = Some(s);
        }
    }
}
