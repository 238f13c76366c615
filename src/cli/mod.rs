//! The command line: `egress check`, `egress rules`, `egress explain`.

/// Print a line to stderr the way every message of egress is printed: secrets masked, control
/// characters escaped (errors quote paths and configuration text).
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::printable::message(&format!($($arg)*)))
    };
}

mod catalog;
mod changed;
mod check;
mod inventory;
pub(crate) mod present;
mod settings;
mod test_rules;
mod verify;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// An error of several lines (every broken rule file), each printed as its own line.
fn say_errors(e: &str) {
    for line in e.lines() {
        say!("egress: error: {line}");
    }
}

/// Exit codes a CI system can trust.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "egress",
    version,
    about = "Find the implicit Heroku platform contracts in a repository before you move it"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and folders for platform-contract hazards.
    Check(CheckArgs),
    /// Write the platform contract (migration-contract.json) from the repository and, with
    /// --heroku-json, the app's Heroku CLI exports: process types, add-ons, config var names
    /// (never values), schedules, extensions, runtimes, health checks and release steps.
    Inventory(InventoryArgs),
    /// List the rule catalog.
    Rules,
    /// Run the live checks of the migration phases against the databases and endpoints in the
    /// migration manifest. Never writes; every probe is bounded by --timeout (row counts by
    /// --count-timeout).
    Verify(VerifyArgs),
    /// Print the JSON Schema of `.egress.yml` (config), `migration-manifest.yml` (manifest),
    /// `migration-contract.json` (contract) or a rule file (rule), for editors.
    Schema {
        #[arg(value_parser = ["config", "manifest", "contract", "rule"])]
        which: String,
    },
    /// Run every example of every rule in scope (built-in and the project's own) through the
    /// engine: exit 1 when one does not hold.
    TestRules(TestRulesArgs),
    /// Print a rule's full documentation.
    Explain {
        /// Rule id (EG101) or name (missing-sslmode).
        rule: String,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// miette diagnostics with snippets and fixes, and a summary.
    Human,
    /// One line per finding: `path:line:col: EG101 [error] message`.
    Concise,
    /// The versioned JSON report.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub workflow commands (annotations), plus a table in $GITHUB_STEP_SUMMARY.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML: one test case per rule per file.
    Junit,
}

/// `FORMAT=PATH` of `--output-file`.
fn parse_output(s: &str) -> Result<(Format, std::path::PathBuf), String> {
    let (format, path) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not FORMAT=PATH (e.g. sarif=egress.sarif)"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        format!("unknown format `{format}` (human, concise, json, sarif, github, gitlab, junit)")
    })?;
    Ok((format, std::path::PathBuf::from(path)))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("apply").args(["fix", "diff"]).multiple(true)))]
pub struct CheckArgs {
    /// Files or folders to check (default: the current folder). Files named here are always
    /// checked, even when ignored.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Rules to run: ids, id prefixes (EG1) or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Rules to skip: ids, id prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Lowest severity that makes the exit code 1.
    /// (default: the config's `fail-on`, else warning)
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Use this config file instead of the nearest `.egress.yml` / `egress.yml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Do not honour .gitignore, .ignore and git excludes.
    #[arg(long)]
    pub no_ignore: bool,
    /// Colour: auto (terminal and no NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print findings only: no summary, no progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Lint standard input as if it were the file at this path (its app root is read from disk).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["fix", "diff"])]
    pub stdin_filename: Option<PathBuf>,
    /// Report only findings on lines added or changed since this git revision (`git diff REV`,
    /// plus untracked files): a pull-request gate for legacy code.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Also write the report in another format to a file: FORMAT=PATH, repeatable
    /// (`--output-file sarif=egress.sarif --output-file junit=report.xml`).
    #[arg(long, value_parser = parse_output, value_name = "FORMAT=PATH")]
    pub output_file: Vec<(Format, std::path::PathBuf)>,
    /// Skip files larger than this (bytes, or with K/M/G suffix).
    #[arg(long, default_value = "2M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Apply safe fixes to the files, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (fixes that may change behaviour; read them). Needs --fix or --diff.
    #[arg(long, requires = "apply")]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing (exit 1 if there is
    /// any change).
    #[arg(long)]
    pub diff: bool,
    /// Record every current finding in this baseline file (keyed by content, not line numbers;
    /// no source text or secret is stored), report nothing and exit 0.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["baseline", "fix", "diff", "changed_since"]
    )]
    pub write_baseline: Option<PathBuf>,
    /// Leave out the findings this baseline file records; report entries that no longer match.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Rewrite the --baseline file without its stale entries (it only ever shrinks).
    #[arg(long, requires = "baseline")]
    pub prune_baseline: bool,
    /// Exit 1 while the --baseline file has stale entries.
    #[arg(long, requires = "baseline")]
    pub strict_baseline: bool,
}

#[derive(clap::Args, Debug)]
pub struct TestRulesArgs {
    /// Where the project's rule files are looked up from (`.egress/rules/`, `custom-rules:`).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Only these rules: ids, id prefixes or names (repeatable).
    #[arg(long)]
    pub rule: Vec<String>,
    /// Use this config file instead of the nearest `.egress.yml` / `egress.yml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print only failures.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct InventoryArgs {
    /// The app's folder.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// A folder of Heroku CLI exports to merge: ps.json, addons.json, config.json,
    /// apps-info.json (or info.json), scheduler.json, extensions.csv (see the README).
    #[arg(long, value_name = "DIR")]
    pub heroku_json: Option<PathBuf>,
    /// Where the contract is (default: PATH/migration-contract.json; `-` writes to standard
    /// output).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write nothing: exit 1 and print what changed when the contract is stale, 0 when it is
    /// current, 2 when it cannot be read.
    #[arg(long)]
    pub check: bool,
    /// Do not honour .gitignore, .ignore and git excludes.
    #[arg(long)]
    pub no_ignore: bool,
    /// No summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// A phase of `egress verify`: an entry of the phase table, so `--phase`'s values and their
/// help (`egress verify --help`) come from `verify::phases::PHASES`.
#[derive(Clone, Copy)]
pub struct PhaseArg(pub &'static dyn crate::verify::phases::Phase);

impl std::fmt::Debug for PhaseArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PhaseArg").field(&self.0.name()).finish()
    }
}

impl ValueEnum for PhaseArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::LazyLock<Vec<PhaseArg>> = std::sync::LazyLock::new(|| {
            crate::verify::phases::PHASES
                .iter()
                .map(|p| PhaseArg(*p))
                .collect()
        });
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()).help(self.0.probes()))
    }
}

fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    crate::manifest::seconds(s, crate::manifest::TIMEOUT_RANGE)
}

fn parse_count_timeout(s: &str) -> Result<std::time::Duration, String> {
    crate::manifest::seconds(s, crate::manifest::COUNT_TIMEOUT_RANGE)
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The migration manifest.
    #[arg(long, default_value = "migration-manifest.yml")]
    pub manifest: std::path::PathBuf,
    /// Phases to run (default: all). Repeat for several.
    #[arg(long, value_enum)]
    pub phase: Vec<PhaseArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Seconds (0.1 to 3600) for connecting to a database, each catalog query, each wait for a
    /// table lock, and each HTTP request (one health try, one webhook delivery, one provider API
    /// call).
    #[arg(
        long,
        value_name = "SECS",
        default_value = "10",
        value_parser = parse_timeout,
        allow_negative_numbers = true
    )]
    pub timeout: std::time::Duration,
    /// Seconds (0.1 to 86400) for each row count or checksum statement, which reads a whole
    /// table; waiting for a lock counts, and gives up after --timeout if that is shorter.
    #[arg(
        long,
        value_name = "SECS",
        default_value = "300",
        value_parser = parse_count_timeout,
        allow_negative_numbers = true
    )]
    pub count_timeout: std::time::Duration,
    /// Sessions per database for the rows phase (they share one snapshot): 1 to 64.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// Also compare an order-independent content hash of each table.
    #[arg(long)]
    pub checksum: bool,
    /// Rows each side may hash or fetch to narrow a table whose counts or checksums differ
    /// to the keys that differ (EG918); 0 turns the key diff off. Equal tables cost nothing.
    #[arg(long, value_name = "ROWS", default_value_t = 10_000_000)]
    pub diff_budget: u64,
    /// Also send each webhook a correctly signed, harmless test event (GitHub `ping`, an
    /// `egress.ping` event otherwise). By default only the wrong-signature probe is sent.
    #[arg(long)]
    pub send_test_deliveries: bool,
    /// Colour: auto (terminal and no NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// No progress on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 2M, 500K, 1048576)"))?;
    let mult: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1024,
        "M" | "MB" | "MIB" => 1024 * 1024,
        "G" | "GB" | "GIB" => 1024 * 1024 * 1024,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too large (at most {} bytes)", u64::MAX))
}

/// How to draw human output: `--color` (with `auto` meaning a terminal and no `NO_COLOR`) and
/// the terminal width from `COLUMNS`.
fn human_style(color: Color) -> crate::report::human::Style {
    use std::io::IsTerminal;
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    crate::report::human::Style { color, width }
}

/// One report in one format.
fn render(report: &crate::report::Report, format: Format, color: Color, quiet: bool) -> String {
    use crate::report::{concise, github, gitlab, human, json, junit, sarif};
    match format {
        Format::Json => json::render(report),
        Format::Concise => concise::render(report),
        Format::Sarif => sarif::render(report, env!("CARGO_PKG_VERSION")),
        Format::Github => github::render(report),
        Format::Gitlab => gitlab::render(report),
        Format::Junit => junit::render(report),
        Format::Human => {
            let mut s = human::render(report, human_style(color));
            if quiet {
                // Quiet keeps the findings and drops the summary.
                let summary = human::summary_line(report);
                s.truncate(s.len() - summary.len());
            }
            s
        }
    }
}

/// Write a rendered report; false when stdout is gone (a closed pipe).
fn write_stdout(text: &str) -> bool {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_ok()
}

/// Run the command line and return the exit code.
pub fn main() -> i32 {
    crate::contain::install_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            // clap quotes the offending argument: masked like every other output.
            let text = e.render().to_string();
            if e.use_stderr() {
                eprint!("{}", crate::redact::text(&text));
            } else {
                print!("{text}");
            }
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Inventory(args) => inventory::run(&args),
        Command::TestRules(args) => test_rules::run(&args),
        // The project's own rules are listed and explained beside the built-ins.
        Command::Rules | Command::Explain { .. } => {
            if let Err(e) = settings::install_for(std::path::Path::new("."), None) {
                say_errors(&e);
                return EXIT_ERROR;
            }
            match cli.command {
                Command::Explain { rule } => catalog::explain(&rule),
                _ => catalog::list(),
            }
        }
        Command::Verify(args) => verify::run(&args),
        Command::Schema { which } => {
            let schema = match which.as_str() {
                "config" => crate::config::schema::config(),
                "contract" => crate::config::schema::contract(),
                "rule" => crate::config::schema::rule(),
                _ => crate::config::schema::manifest(),
            };
            if write_stdout(&format!(
                "{}\n",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            )) {
                EXIT_OK
            } else {
                EXIT_ERROR
            }
        }
    }
}
