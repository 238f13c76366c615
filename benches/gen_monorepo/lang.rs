//! The file kinds the generator writes, one per generator.

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Lang {
    Ruby,
    Python,
    Js,
    Ts,
    Go,
    Java,
    Php,
    Yaml,
    K8s,
    Json,
    PackageJson,
    Toml,
    Sql,
    Markdown,
    Env,
    Procfile,
    Crontab,
    CiYaml,
    Log,
    MinJs,
    Png,
    So,
    Jar,
}

impl Lang {
    /// Name in the summary's "files by type" list.
    pub fn label(self) -> &'static str {
        match self {
            Lang::Ruby => "ruby",
            Lang::Python => "python",
            Lang::Js => "javascript",
            Lang::Ts => "typescript",
            Lang::Go => "go",
            Lang::Java => "java",
            Lang::Php => "php",
            Lang::Yaml => "yaml",
            Lang::K8s => "yaml (k8s)",
            Lang::Json => "json",
            Lang::PackageJson => "json (package.json)",
            Lang::Toml => "toml",
            Lang::Sql => "sql",
            Lang::Markdown => "markdown",
            Lang::Env => ".env",
            Lang::Procfile => "Procfile",
            Lang::Crontab => "crontab",
            Lang::CiYaml => "yaml (CI)",
            Lang::Log => "log (ignored)",
            Lang::MinJs => "javascript (minified)",
            Lang::Png => "binary png",
            Lang::So => "binary so",
            Lang::Jar => "binary jar",
        }
    }
    /// Written as bytes by the binary generator, not as text.
    pub fn is_binary(self) -> bool {
        matches!(self, Lang::Png | Lang::So | Lang::Jar)
    }
    /// Source code of a language the snippets know (the ones a DYNO read is planted in).
    pub fn is_code(self) -> bool {
        matches!(
            self,
            Lang::Ruby | Lang::Python | Lang::Js | Lang::Ts | Lang::Go | Lang::Java | Lang::Php
        )
    }
}
