//! File formats: what a file means beyond its syntax. Every kind of file maps to one `Format`
//! here, in one exhaustive table: the syntax it is parsed with (once, in `syntax`), and the
//! module that reads its meaning from the parsed file. Content sniffing (shebangs, Kubernetes
//! kinds, sidekiq-cron job maps) happens here too, and nowhere else.

mod app_json;
mod buildpack_files;
mod compose;
mod contract;
mod crontab;
mod dockerfile;
mod env_file;
mod fly_toml;
mod gemfile;
mod github_actions;
mod gitlab_ci;
mod go_mod;
mod heroku_yml;
mod kubernetes;
mod language_manifest;
mod makefile;
mod manifest;
mod mise;
mod package_json;
mod procfile;
mod pyproject;
mod rails_schema;
mod railway;
mod rake;
mod render_yaml;
mod sidekiq_cron;
mod system_properties;
mod tool_versions;
mod version_file;
mod whenever;

use super::parsed::{FileSyntax, Parsed};
use super::Cx;
use crate::facts::{EnvDecl, EnvValue, Origin, PreDeploy, Service, ServiceKind};
use crate::parse::yaml;
use crate::source::{Lang, SourceKind, Span};

/// How one kind of file is read.
#[derive(Clone, Copy)]
pub struct Format {
    pub syntax: FileSyntax,
    /// Runs after the parse, before the syntax's own scan of values (compose names the hosts
    /// that are local to it).
    pub prepare: Option<fn(&mut Cx, &Parsed)>,
    /// Reads the format's meaning, after the syntax's scan.
    pub extract: Option<fn(&mut Cx, &Parsed)>,
    /// egress needs the file to read the platform contract, so a parse error is a finding
    /// (EG001); any other file that does not parse is a note in the run summary.
    pub required: bool,
}

/// A format egress reads for the contract.
const fn format(syntax: FileSyntax, extract: fn(&mut Cx, &Parsed)) -> Format {
    Format {
        syntax,
        prepare: None,
        extract: Some(extract),
        required: true,
    }
}

/// A file of some syntax, with no format of its own: its values are scanned, and nothing more
/// is asked of it.
const fn plain(syntax: FileSyntax) -> Format {
    Format {
        syntax,
        prepare: None,
        extract: None,
        required: false,
    }
}

/// Every kind of file and how it is read.
pub fn of(kind: SourceKind) -> Format {
    use FileSyntax as S;
    use SourceKind as K;
    let strict_json = S::Json { lenient: false };
    match kind {
        K::Procfile => format(S::Text, procfile::extract),
        K::AppJson => format(strict_json, app_json::extract),
        K::MigrationManifest => format(S::Yaml { rendered: true }, manifest::extract),
        K::MigrationContract => format(strict_json, contract::extract),
        K::VersionFile => format(S::Text, version_file::extract),
        K::ToolVersions => format(S::Text, tool_versions::extract),
        K::MiseToml => format(S::Toml, mise::extract),
        K::SystemProperties => format(S::Text, system_properties::extract),
        K::PackageJson | K::ComposerJson => format(strict_json, package_json::extract),
        K::Gemfile => format(S::Code(Lang::Ruby), gemfile::extract),
        K::GemfileLock => format(S::Text, gemfile::extract_lock),
        K::GoMod => format(S::Text, go_mod::extract),
        K::Dockerfile => format(S::Lines, dockerfile::extract),
        K::LanguageManifest => format(S::Text, language_manifest::extract),
        K::PyProject => format(S::Toml, pyproject::extract),
        K::HerokuYml => format(S::Yaml { rendered: false }, heroku_yml::extract),
        K::RenderYaml => format(S::Yaml { rendered: false }, render_yaml::extract),
        K::Kubernetes => format(S::Yaml { rendered: false }, kubernetes::extract),
        K::FlyToml => format(S::Toml, fly_toml::extract),
        K::RailwayToml => format(S::Toml, railway::extract_toml),
        K::RailwayJson => format(strict_json, railway::extract_json),
        K::GithubWorkflow => format(S::Yaml { rendered: false }, github_actions::extract),
        K::GitlabCi => format(S::Yaml { rendered: false }, gitlab_ci::extract),
        K::EnvFile => format(S::Text, env_file::extract),
        K::Compose => Format {
            syntax: S::Yaml { rendered: false },
            prepare: Some(compose::prepare),
            extract: Some(compose::extract),
            required: true,
        },
        K::Yaml => plain(S::Yaml { rendered: false }),
        K::Json => plain(S::Json { lenient: true }),
        K::Toml => plain(S::Toml),
        K::Crontab => format(S::Text, crontab::extract),
        K::Whenever => format(S::Code(Lang::Ruby), whenever::extract),
        K::Sql => plain(S::Sql),
        K::RailsSchema => format(S::Code(Lang::Ruby), rails_schema::extract),
        K::Code(Lang::Ruby) => Format {
            extract: Some(rake::extract),
            ..plain(S::Code(Lang::Ruby))
        },
        K::Code(lang) => plain(S::Code(lang)),
        K::Makefile => format(S::Lines, makefile::extract),
        K::Aptfile => format(S::Text, buildpack_files::aptfile),
        K::BuildpacksFile => format(S::Text, buildpack_files::buildpacks),
        K::Prose | K::Other | K::Script => plain(S::Text),
    }
}

/// The kind a file's content shows it to be, where its name does not tell: an extensionless
/// script is code in the language its shebang names, and a YAML file with `apiVersion:` and
/// `kind:` keys is a Kubernetes manifest (which egress needs, so a parse error is a finding).
pub fn sniff(kind: SourceKind, text: &str) -> SourceKind {
    match kind {
        SourceKind::Prose | SourceKind::Other | SourceKind::Script => {
            shebang_lang(text).map_or(kind, SourceKind::Code)
        }
        SourceKind::Yaml if is_kubernetes(text) => SourceKind::Kubernetes,
        _ => kind,
    }
}

/// Top-level `apiVersion:` and `kind:` keys.
fn is_kubernetes(text: &str) -> bool {
    let key = |k: &str| {
        text.starts_with(k)
            || text.contains(&format!("\n{k}"))
            || text.contains(&format!("\r\n{k}"))
    };
    key("apiVersion:") && key("kind:")
}

/// Extensionless scripts (`bin/start`) are shell when their shebang says so.
fn shebang_lang(text: &str) -> Option<Lang> {
    let first = text.lines().next()?;
    if !first.starts_with("#!") {
        return None;
    }
    if first.contains("sh")
        && !first.contains("python")
        && !first.contains("ruby")
        && !first.contains("node")
    {
        return Some(Lang::Shell);
    }
    [
        ("python", Lang::Python),
        ("ruby", Lang::Ruby),
        ("node", Lang::JavaScript),
    ]
    .into_iter()
    .find(|(n, _)| first.contains(n))
    .map(|(_, l)| l)
}

/// A process type a platform runs (a Procfile line, a contract dyno); a `release` one is also
/// the step that runs before each release goes live.
fn process_type(cx: &mut Cx, at: Span, name: &str, command: &str, origin: Origin) {
    // A key of white space (`"": cmd`, a tab before the colon) names no process type.
    if name.trim().is_empty() {
        return;
    }
    let kind = ServiceKind::of_process_type(name);
    let at = cx.loc(at);
    if kind == ServiceKind::Release {
        cx.facts.pre_deploys.push(PreDeploy {
            at,
            command: command.to_string(),
            origin,
        });
    }
    cx.facts.services.push(Service {
        at,
        name: name.to_string(),
        kind,
        command: command.to_string(),
        root: None,
        origin,
    });
}

/// Formats recognised inside any YAML document by their content: a Kubernetes object by its
/// `kind` (in a file its content did not make a Kubernetes manifest: `sniff`; those are read by
/// their format), sidekiq-cron style job maps by their shape.
pub fn yaml_document(cx: &mut Cx, doc: &yaml::Node) {
    super::ci_steps::in_ci(cx, doc);
    if kubernetes::is_object(doc) {
        if cx.kind != SourceKind::Kubernetes {
            kubernetes::extract_doc(cx, doc);
        }
    } else {
        sidekiq_cron::extract_doc(cx, doc);
    }
}

/// A declared variable's value as the file gives it.
#[derive(Clone, Copy)]
enum Declared<'a> {
    /// Written in the file, at the span.
    Literal(&'a str, Span),
    Generated,
    SecretStore,
    PlatformProvided,
}

/// A variable a platform file declares, at its name. Values of secret-looking names are kept
/// out of the fact and out of every report (their span is a secret); other values are kept
/// with any password in them masked.
fn declare_env(cx: &mut Cx, at: Span, name: &str, value: Declared, origin: Origin) {
    // `"": value` declares nothing a process could read.
    if name.trim().is_empty() {
        return;
    }
    let secret = super::connections::is_secret_key(name);
    let value = match value {
        Declared::Literal(v, span) => {
            if secret {
                cx.facts.secrets.push(span);
                EnvValue::Literal(crate::redact::MASK.to_string())
            } else {
                EnvValue::Literal(crate::redact::text(v).into_owned())
            }
        }
        Declared::Generated => EnvValue::Generated,
        Declared::SecretStore => EnvValue::SecretStore,
        Declared::PlatformProvided => EnvValue::PlatformProvided,
    };
    cx.facts.env_decls.push(EnvDecl {
        at: cx.loc(at),
        name: name.to_string(),
        value,
        secret,
        origin,
    });
}

/// A command string of a YAML or JSON value: a string, or a list of strings joined by spaces
/// (heroku.yml's `command:` lists, Kubernetes `command` + `args`, Railway's pre-deploy list).
fn command_text<T: crate::parse::Tree>(node: &T) -> Option<String> {
    if let Some(s) = node.as_str() {
        return Some(s.to_string()).filter(|s| !s.trim().is_empty());
    }
    let parts: Vec<&str> = node.items().iter().filter_map(|i| i.as_str()).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A variable name as shells and platforms accept it (`TZ`, `RAILS_ENV`): not a file name
/// (`nginx.conf`) in a ConfigMap.
fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
