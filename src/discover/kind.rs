//! Classifying a path into the one kind of source it is, by name and place alone.

use std::path::Path;

pub use crate::source::{Lang, SourceKind};

/// Classify a path. Pure function of the path, so the same file always gets the same kind.
pub fn classify(path: &Path) -> SourceKind {
    // Names that are not UTF-8 are classified by their lossy form (`bad\u{fffd}.rb` is Ruby):
    // skipping them would hide a file from the run without a word.
    let name = match path.file_name() {
        Some(n) => n.to_string_lossy(),
        None => return SourceKind::Other,
    };
    let name: &str = &name;
    let lower = name.to_ascii_lowercase();
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let parent: &str = &parent;

    match name {
        "Procfile" => return SourceKind::Procfile,
        "app.json" => return SourceKind::AppJson,
        "migration-manifest.yml" | "migration-manifest.yaml" => {
            return SourceKind::MigrationManifest
        }
        "migration-contract.json" => return SourceKind::MigrationContract,
        ".python-version"
        | "runtime.txt"
        | ".nvmrc"
        | ".node-version"
        | ".ruby-version"
        | ".go-version"
        | ".java-version"
        | "elixir_buildpack.config" => return SourceKind::VersionFile,
        ".tool-versions" => return SourceKind::ToolVersions,
        "mise.toml" | ".mise.toml" => return SourceKind::MiseToml,
        "system.properties" => return SourceKind::SystemProperties,
        "package.json" => return SourceKind::PackageJson,
        "composer.json" => return SourceKind::ComposerJson,
        "Gemfile" | "gems.rb" => return SourceKind::Gemfile,
        "Gemfile.lock" | "gems.locked" => return SourceKind::GemfileLock,
        "go.mod" => return SourceKind::GoMod,
        "requirements.txt" | "Pipfile" | "pom.xml" | "build.gradle" | "build.gradle.kts"
        | "mix.exs" | "setup.py" => return SourceKind::LanguageManifest,
        "pyproject.toml" => return SourceKind::PyProject,
        "heroku.yml" | "heroku.yaml" => return SourceKind::HerokuYml,
        "render.yaml" | "render.yml" => return SourceKind::RenderYaml,
        "fly.toml" => return SourceKind::FlyToml,
        "railway.json" => return SourceKind::RailwayJson,
        "railway.toml" => return SourceKind::RailwayToml,
        "crontab" | "Cronfile" => return SourceKind::Crontab,
        "Containerfile" | "Dockerfile" => return SourceKind::Dockerfile,
        "Rakefile" | "Guardfile" | "config.ru" => return SourceKind::Code(Lang::Ruby),
        "Makefile" | "makefile" | "GNUmakefile" => return SourceKind::Makefile,
        "Aptfile" => return SourceKind::Aptfile,
        ".buildpacks" => return SourceKind::BuildpacksFile,
        _ => {}
    }
    if name.starts_with("Dockerfile.") || lower.ends_with(".dockerfile") {
        return SourceKind::Dockerfile;
    }
    if (name == ".env" || name.starts_with(".env.") || lower.ends_with(".env"))
        && !lower.ends_with(".envrc")
    {
        return SourceKind::EnvFile;
    }
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    if yaml && parent == "workflows" && grandparent(path) == ".github" {
        return SourceKind::GithubWorkflow;
    }
    if lower == ".gitlab-ci.yml"
        || lower.ends_with(".gitlab-ci.yml")
        || lower.ends_with(".gitlab-ci.yaml")
    {
        return SourceKind::GitlabCi;
    }
    if (lower.starts_with("docker-compose") || lower.starts_with("compose"))
        && (lower.ends_with(".yml") || lower.ends_with(".yaml"))
    {
        return SourceKind::Compose;
    }
    if parent == "cron.d" || lower.ends_with(".cron") || lower.ends_with(".crontab") {
        return SourceKind::Crontab;
    }
    if name == "schedule.rb" && parent == "config" {
        return SourceKind::Whenever;
    }
    if name == "schema.rb" && parent == "db" {
        return SourceKind::RailsSchema;
    }
    if lower.starts_with("requirements") && lower.ends_with(".txt") {
        return SourceKind::LanguageManifest;
    }

    let ext = match lower.rsplit_once('.') {
        Some((_, e)) => e,
        None if matches!(parent, "bin" | "script" | "scripts") => return SourceKind::Script,
        None => return SourceKind::Other,
    };
    match ext {
        "yml" | "yaml" => SourceKind::Yaml,
        "json" => SourceKind::Json,
        "toml" => SourceKind::Toml,
        "sql" | "psql" | "pgsql" => SourceKind::Sql,
        "rb" | "rake" | "gemspec" | "ru" => SourceKind::Code(Lang::Ruby),
        "py" => SourceKind::Code(Lang::Python),
        "js" | "mjs" | "cjs" | "jsx" => SourceKind::Code(Lang::JavaScript),
        "ts" | "mts" | "cts" | "tsx" => SourceKind::Code(Lang::TypeScript),
        "go" => SourceKind::Code(Lang::Go),
        "java" => SourceKind::Code(Lang::Java),
        "kt" | "kts" => SourceKind::Code(Lang::Kotlin),
        "php" => SourceKind::Code(Lang::Php),
        "ex" | "exs" => SourceKind::Code(Lang::Elixir),
        "sh" | "bash" | "zsh" => SourceKind::Code(Lang::Shell),
        "mk" => SourceKind::Makefile,
        "md" | "markdown" | "txt" | "rst" | "adoc" => SourceKind::Prose,
        _ => SourceKind::Other,
    }
}

/// The name of the folder above the file's folder.
fn grandparent(path: &Path) -> std::borrow::Cow<'_, str> {
    path.parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name_and_place() {
        let cases = [
            ("Procfile", SourceKind::Procfile),
            ("elixir_buildpack.config", SourceKind::VersionFile),
            ("app/.env.production", SourceKind::EnvFile),
            (".envrc", SourceKind::Other),
            ("docker-compose.override.yml", SourceKind::Compose),
            ("ops/cron.d/billing", SourceKind::Crontab),
            ("deploy/app.cron", SourceKind::Crontab),
            ("config/schedule.rb", SourceKind::Whenever),
            ("lib/schedule.rb", SourceKind::Code(Lang::Ruby)),
            ("db/schema.rb", SourceKind::RailsSchema),
            ("db/structure.sql", SourceKind::Sql),
            ("requirements-dev.txt", SourceKind::LanguageManifest),
            ("notes.txt", SourceKind::Prose),
            ("README.md", SourceKind::Prose),
            ("Dockerfile.worker", SourceKind::Dockerfile),
            ("src/index.tsx", SourceKind::Code(Lang::TypeScript)),
            ("logo.png", SourceKind::Other),
            ("Makefile", SourceKind::Makefile),
            ("ops/release.mk", SourceKind::Makefile),
            ("bin/worker", SourceKind::Script),
            ("LICENSE", SourceKind::Other),
            ("Aptfile", SourceKind::Aptfile),
            (".buildpacks", SourceKind::BuildpacksFile),
            (".github/workflows/ci.yml", SourceKind::GithubWorkflow),
            (
                "api/.github/workflows/nightly.yaml",
                SourceKind::GithubWorkflow,
            ),
            ("docs/workflows/ci.yml", SourceKind::Yaml),
            (".github/dependabot.yml", SourceKind::Yaml),
            (".gitlab-ci.yml", SourceKind::GitlabCi),
            ("ci/deploy.gitlab-ci.yml", SourceKind::GitlabCi),
        ];
        for (path, kind) in cases {
            assert_eq!(classify(Path::new(path)), kind, "{path}");
        }
    }
}
