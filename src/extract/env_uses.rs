//! Every environment variable the code reads, not only the ones Heroku injects: the contract
//! inventory lists them, and EG802 holds a target config against the ones the app cannot boot
//! without. Recorded in a second look (`engine`), only where it is needed, with the same
//! patterns as the watched reads (`env_reads`), plus whether the code copes with the variable
//! being unset.

use super::env_reads;
use super::EnvUse;
use crate::parse::lexer::{self, Syntax};
use crate::source::{Lang, Source, SourceKind};

/// The env reads of one source: code in a language egress reads, not shell (a script's `$X`
/// is mostly its own variables; only `${X:?}` says the environment must set it).
pub fn of(src: &Source) -> Vec<EnvUse> {
    let SourceKind::Code(lang) = src.kind else {
        return Vec::new();
    };
    if !may_read(&src.text, lang) {
        return Vec::new();
    }
    let lexed = lexer::lex(&src.text, Syntax::for_lang(lang));
    if lang == Lang::Shell {
        return shell(&lexed.masked);
    }
    env_reads::reads(&lexed, lang)
        .into_iter()
        // `process.env.hasOwnProperty(...)` calls a method; it reads nothing.
        .filter(|f| {
            !f.name.starts_with('$') && !lexed.masked[f.span.end..].trim_start().starts_with('(')
        })
        .map(|f| EnvUse {
            at: crate::source::Loc {
                file: 0,
                span: f.span,
            },
            name: f.name,
            lang,
            fallback: f.fallback,
        })
        .collect()
}

/// A cheap test before lexing: the file names an environment API of its language.
fn may_read(text: &str, lang: Lang) -> bool {
    let needles: &[&str] = match lang {
        Lang::Ruby => &["ENV"],
        Lang::Python => &["environ", "getenv", "env", "config", "BaseSettings"],
        Lang::JavaScript | Lang::TypeScript => &["process.env", "Deno.env", "process"],
        Lang::Go => &["Getenv", "LookupEnv", "env:", "envconfig:"],
        Lang::Java | Lang::Kotlin => &["getenv", "@Value"],
        Lang::Php => &["getenv", "$_ENV", "$_SERVER", "env("],
        Lang::Elixir => &["System."],
        Lang::Shell => &["${"],
    };
    needles.iter().any(|n| text.contains(n))
}

/// `${X:?message}` and `${X?}` stop the script when `X` is unset; `${X:-default}` has a default.
fn shell(masked: &str) -> Vec<EnvUse> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::parse::regex(r"\$\{(?P<n>[A-Z_][0-9A-Z_]*)(?P<op>:?[?\-=])").expect("shell env")
    });
    RE.captures_iter(masked)
        .map(|c| {
            let n = c.name("n").unwrap();
            EnvUse {
                at: crate::source::Loc {
                    file: 0,
                    span: crate::source::Span::new(n.start(), n.end()),
                },
                name: n.as_str().to_string(),
                lang: Lang::Shell,
                fallback: !c["op"].ends_with('?'),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(path: &str, text: &str) -> Vec<(String, bool)> {
        let path = std::path::PathBuf::from(path);
        let src = Source {
            kind: crate::discover::classify(&path),
            path,
            root_depth: 0,
            text: text.into(),
            reported: true,
        };
        of(&src).into_iter().map(|u| (u.name, u.fallback)).collect()
    }

    fn req(n: &str) -> (String, bool) {
        (n.to_string(), false)
    }
    fn opt(n: &str) -> (String, bool) {
        (n.to_string(), true)
    }

    #[test]
    fn ruby_forms() {
        let text = "key = ENV.fetch(\"SECRET_KEY_BASE\")\nthreads = ENV.fetch(\"RAILS_MAX_THREADS\") { 5 }\nw = ENV.fetch('WEB_CONCURRENCY', 2)\nhost = ENV[\"APP_HOST\"]\nlevel = ENV[\"LOG_LEVEL\"] || \"info\"\nconfig.x = true if ENV[\"FEATURE_X\"]\nstatic = ENV[\"RAILS_SERVE_STATIC_FILES\"].present?\n# ENV.fetch(\"IN_COMMENT\")\nputs \"ENV['IN_PROSE']\"\n";
        assert_eq!(
            uses("config/app.rb", text),
            vec![
                req("SECRET_KEY_BASE"),
                opt("RAILS_MAX_THREADS"),
                opt("WEB_CONCURRENCY"),
                req("APP_HOST"),
                opt("LOG_LEVEL"),
                opt("FEATURE_X"),
                opt("RAILS_SERVE_STATIC_FILES"),
            ]
        );
    }

    #[test]
    fn python_forms() {
        let text = "import os\nSECRET = os.environ[\"DJANGO_SECRET_KEY\"]\nDEBUG = os.environ.get(\"DEBUG\")\nURL = os.getenv(\"SENTRY_DSN\")\nDB = env.db_url(\"DATABASE_URL\")\nALLOWED = env.list(\"ALLOWED_HOSTS\", default=[])\nKEY = config(\"STRIPE_KEY\")\n";
        assert_eq!(
            uses("settings.py", text),
            vec![
                req("DJANGO_SECRET_KEY"),
                opt("DEBUG"),
                opt("SENTRY_DSN"),
                req("DATABASE_URL"),
                opt("ALLOWED_HOSTS"),
                req("STRIPE_KEY"),
            ]
        );
    }

    #[test]
    fn javascript_forms() {
        let text = "const url = process.env.DATABASE_URL;\nconst port = process.env.PORT || 3000;\nif (!process.env.SENTRY_DSN) {}\nconst { REDIS_URL, LOG_LEVEL = 'info' } = process.env;\nconst env = cleanEnv(process.env, { API_KEY: str(), MODE: str({ default: 'x' }) });\nconst region = process.env.AWS_REGION ?? 'us-east-1';\n";
        assert_eq!(
            uses("src/config.js", text),
            vec![
                req("DATABASE_URL"),
                opt("PORT"),
                opt("SENTRY_DSN"),
                req("REDIS_URL"),
                opt("LOG_LEVEL"),
                req("API_KEY"),
                opt("MODE"),
                opt("AWS_REGION"),
            ]
        );
    }

    #[test]
    fn go_forms() {
        let text = "package main\nfunc main() {\n\tdsn := os.Getenv(\"DATABASE_URL\")\n\tport := os.Getenv(\"PORT\")\n\tif port == \"\" {\n\t\tport = \"8080\"\n\t}\n\tif v, ok := os.LookupEnv(\"DEBUG\"); ok {}\n}\ntype C struct {\n\tKey string `env:\"API_KEY,required\"`\n\tLevel string `env:\"LOG_LEVEL\" envDefault:\"info\"`\n}\n";
        assert_eq!(
            uses("main.go", text),
            vec![
                req("DATABASE_URL"),
                opt("PORT"),
                opt("DEBUG"),
                req("API_KEY"),
                opt("LOG_LEVEL"),
            ]
        );
    }

    #[test]
    fn other_languages() {
        assert_eq!(
            uses(
                "config/runtime.exs",
                "url = System.fetch_env!(\"DATABASE_URL\")\nhost = System.get_env(\"PHX_HOST\") || \"example.com\"\n"
            ),
            vec![req("DATABASE_URL"), opt("PHX_HOST")]
        );
        assert_eq!(
            uses(
                "src/main/java/App.java",
                "class A { @Value(\"${STRIPE_KEY}\") String k; @Value(\"${LEVEL:info}\") String l; String u = System.getenv(\"API_URL\"); }\n"
            ),
            vec![req("STRIPE_KEY"), opt("LEVEL"), req("API_URL")]
        );
        assert_eq!(
            uses(
                "bin/release.sh",
                "#!/bin/sh\npsql \"${DATABASE_URL:?set it}\" -c 'select 1'\necho \"${LOG_LEVEL:-info}\" $HOME\n"
            ),
            vec![req("DATABASE_URL"), opt("LOG_LEVEL")]
        );
    }
}
