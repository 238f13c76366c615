//! Code that reads platform-injected environment variables (`DYNO`, `HEROKU_APP_NAME`, the
//! names of `facts::platform_var`, and the process-type variable a manifest names), in every
//! language egress reads. The patterns run on comment-masked text, so a comment that mentions
//! `ENV["DYNO"]` never counts, nor does prose in a string literal (outside its interpolations),
//! and they capture the variable name, so `DYNO_COUNT` is not `DYNO`.

use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, EnvRead};
use crate::parse::lexer::{self, Lexed, Syntax};
use crate::source::Lang;
use crate::source::Span;

const Q: &str = r#"["'`]"#;

/// Whether reading `name` is a hazard of the move: a variable only Heroku injects.
pub fn is_watched(name: &str) -> bool {
    crate::facts::platform_var(name).is_some()
}

/// Whether this file records reads of `name`: a watched name, or one the extraction was asked
/// for (`Cx::extra_env`: the process-type variable of a migration manifest).
pub fn wanted(cx: &Cx, name: &str) -> bool {
    is_watched(name) || cx.extra_env.iter().any(|e| e == name)
}

/// Whether `text` may name a variable this file records (a cheap test before a scan).
pub fn mentions(cx: &Cx, text: &str) -> bool {
    crate::facts::WATCHED_LITERALS
        .iter()
        .any(|l| text.contains(l))
        || cx.extra_env.iter().any(|e| text.contains(e.as_str()))
}

fn patterns(lang: Lang) -> &'static [Regex] {
    static RUBY: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        compile(&[
            &format!(r"(?-u:\b)ENV\s*\[\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}\s*\]"),
            &format!(
                r"(?-u:\b)ENV\s*\.\s*(?:fetch|key\?|has_key\?|include\?|member\?|dig|values_at)\s*\(?\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
            ),
        ])
    });
    static PYTHON: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        compile(&[
            &format!(r"(?-u:\b)environ\s*\[\s*[bf]?{Q}(?P<n>[0-9A-Za-z_]+){Q}\s*\]"),
            &format!(
                r"(?-u:\b)environ\s*\.\s*(?:get|pop|setdefault)\s*\(\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
            ),
            &format!(r"(?-u:\b)getenv\s*\(\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"),
            &format!(r"{Q}(?P<n>[0-9A-Za-z_]+){Q}\s+(?:not\s+)?in\s+(?:os\.)?environ(?-u:\b)"),
            // django-environ (`env("DYNO")`, `env.str("DYNO", default=...)`) and python-decouple
            // (`config("DYNO")`).
            &format!(
                r"(?-u:\b)(?:env(?:\s*\.\s*(?:str|bool|int|float|list|tuple|dict|json|url|path))?|config)\s*\(\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
            ),
            // pydantic: `Field(..., env="DYNO")`, `alias=` / `validation_alias=`.
            &format!(
                r"(?-u:\b)Field\s*\([^)]*?(?-u:\b)(?:env|alias|validation_alias)\s*=\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
            ),
        ])
    });
    static JS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        compile(&[
            r"(?-u:\b)process\s*\.\s*env\s*\??\.\s*(?P<n>[A-Za-z_$][[0-9A-Za-z_]$]*)",
            &format!(r"(?-u:\b)process\s*\.\s*env\s*(?:\?\.)?\[\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}\s*\]"),
            r"\{(?P<list>[^{}]*)\}\s*=\s*process\s*\.\s*env(?-u:\b)",
            r"(?-u:\b)Deno\.env\.get\(\s*[`'\x22](?P<n>[0-9A-Za-z_]+)",
            // Membership: `'DYNO' in process.env`, `Object.hasOwn(process.env, 'DYNO')`,
            // `process.env.hasOwnProperty('DYNO')`, `Reflect.has(process.env, 'DYNO')`.
            &format!(r"{Q}(?P<n>[0-9A-Za-z_]+){Q}\s+in\s+process\s*\.\s*env(?-u:\b)"),
            &format!(
                r"(?-u:\b)(?:Object\s*\.\s*(?:hasOwn|prototype\s*\.\s*hasOwnProperty\s*\.\s*call)|Reflect\s*\.\s*has)\s*\(\s*process\s*\.\s*env\s*,\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
            ),
            &format!(
                r"(?-u:\b)process\s*\.\s*env\s*\.\s*hasOwnProperty\s*\(\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
            ),
            // Schemas that decode the environment: envalid `cleanEnv(process.env, { DYNO:
            // str() })`, convict `env: "DYNO"`.
            r"(?-u:\b)(?P<n>[A-Za-z_][0-9A-Za-z_]*)\s*:\s*(?:str|num|bool|port|host|url|email|json)\s*\(",
            &format!(r"(?-u:\b)env\s*:\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"),
        ])
    });
    static GO: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        compile(&[r#"(?-u:\b)os\.(?:Getenv|LookupEnv)\(\s*"(?P<n>[0-9A-Za-z_]+)""#])
    });
    static JVM: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        compile(&[
            r#"(?-u:\b)System\.getenv\(\s*"(?P<n>[0-9A-Za-z_]+)""#,
            r#"(?-u:\b)getenv\(\s*"(?P<n>[0-9A-Za-z_]+)""#,
            // Spring resolves `${DYNO}` placeholders from the environment.
            r#"@Value\(\s*"\$\{(?P<n>[0-9A-Za-z_]+)"#,
        ])
    });
    static PHP: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        compile(&[
            r#"(?-u:\b)getenv\(\s*['"](?P<n>[0-9A-Za-z_]+)['"]"#,
            r#"(?-u:\b)array_key_exists\(\s*['"](?P<n>[0-9A-Za-z_]+)['"]\s*,\s*\$_(?:ENV|SERVER)"#,
            r#"\$_(?:ENV|SERVER)\s*\[\s*['"](?P<n>[0-9A-Za-z_]+)['"]\s*\]"#,
            r#"(?-u:\b)env\(\s*['"](?P<n>[0-9A-Za-z_]+)['"]"#,
        ])
    });
    static ELIXIR: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        compile(&[r#"(?-u:\b)System\.(?:get_env|fetch_env!?)\(\s*"(?P<n>[0-9A-Za-z_]+)""#])
    });
    static SHELL: LazyLock<Vec<Regex>> =
        LazyLock::new(|| compile(&[r"\$\{?(?P<n>[A-Za-z_][0-9A-Za-z_]*)"]));
    match lang {
        Lang::Ruby => &RUBY,
        Lang::Python => &PYTHON,
        Lang::JavaScript | Lang::TypeScript => &JS,
        Lang::Go => &GO,
        Lang::Java | Lang::Kotlin => &JVM,
        Lang::Php => &PHP,
        Lang::Elixir => &ELIXIR,
        Lang::Shell => &SHELL,
    }
}

/// Patterns that only count inside a string literal: Go struct tags that decode the environment
/// (caarlos0/env and envdecode `env:"DYNO"`, kelseyhightower/envconfig `envconfig:"DYNO"`).
fn literal_patterns(lang: Lang) -> &'static [Regex] {
    static GO: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        compile(&[r#"(?-u:\b)(?:env|envconfig)\s*:\s*"(?P<n>[0-9A-Za-z_]+)[",]"#])
    });
    match lang {
        Lang::Go => &GO,
        _ => &[],
    }
}

/// pydantic settings read a field from the variable of the same name, whatever its case: a
/// `dyno` field of a `BaseSettings` class reads `DYNO`, `heroku_app_name` reads
/// `HEROKU_APP_NAME`.
static SETTINGS_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^[ \t]+(?P<n>[A-Za-z_][0-9A-Za-z_]*)[ \t]*:[ \t]*[A-Za-z_\[]")
        .expect("settings field")
});

fn compile(pats: &[&str]) -> Vec<Regex> {
    pats.iter()
        .map(|p| crate::parse::regex(p).expect("env read pattern"))
        .collect()
}

/// Env reads in lexed code. A match that starts inside a plain string literal is prose
/// (`puts "set ENV['DYNO']"`, a docstring); one inside an interpolation (`"#{ENV['DYNO']}"`,
/// `f"{os.environ['DYNO']}"`, shell `"$DYNO"`) is a read.
pub fn extract(cx: &mut Cx, lexed: &Lexed, lang: Lang) {
    extract_lexed(cx, lexed, 0, lang);
}

/// Env reads in a slice of the file (a Procfile command, an npm script), at `base`.
pub fn extract_in(cx: &mut Cx, text: &str, base: usize, lang: Lang) {
    let lexed = lexer::lex(text, Syntax::for_lang(lang));
    extract_lexed(cx, &lexed, base, lang);
}

/// `ENV["DYNO"] = "web.1"`, `process.env.DYNO = ...`, `os.environ["DYNO"] = ...`: the access
/// ending at `end` is written, not read (a test setting the variable up). `==`, `=~`, `=>` and
/// `||=` are reads.
fn is_assigned(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    rest.starts_with('=') && !rest[1..].starts_with(['=', '~', '>'])
}

fn extract_lexed(cx: &mut Cx, lexed: &Lexed, base: usize, lang: Lang) {
    let text = &lexed.masked;
    let mut found: Vec<(Span, String)> = Vec::new();
    for re in patterns(lang) {
        for c in re.captures_iter(text) {
            if lexed.in_literal_text(c.get(0).unwrap().start()) {
                continue;
            }
            if is_assigned(text, c.get(0).unwrap().end()) {
                continue;
            }
            if let Some(n) = c.name("n") {
                found.push((Span::new(n.start(), n.end()), n.as_str().to_string()));
            }
            if let Some(list) = c.name("list") {
                // `const { DYNO, PORT: port = 3000 } = process.env`
                let mut off = list.start();
                for part in list.as_str().split(',') {
                    let name = part.split([':', '=']).next().unwrap_or("").trim();
                    if let Some(pos) = part.find(name).filter(|_| !name.is_empty()) {
                        found.push((
                            Span::new(off + pos, off + pos + name.len()),
                            name.to_string(),
                        ));
                    }
                    off += part.len() + 1;
                }
            }
        }
    }
    for re in literal_patterns(lang) {
        for c in re.captures_iter(text) {
            if let Some(n) = c.name("n").filter(|n| lexed.in_literal_text(n.start())) {
                found.push((Span::new(n.start(), n.end()), n.as_str().to_string()));
            }
        }
    }
    if lang == Lang::Python && text.contains("BaseSettings") {
        for c in SETTINGS_FIELD.captures_iter(text) {
            let n = c.name("n").unwrap();
            if !lexed.in_literal_text(n.start()) {
                found.push((
                    Span::new(n.start(), n.end()),
                    n.as_str().to_ascii_uppercase(),
                ));
            }
        }
    }
    // One finding per read: patterns that overlap name the same span once.
    found.sort();
    found.dedup_by(|b, a| a.0 == b.0);
    for (span, name) in found {
        if wanted(cx, &name) {
            let at = cx.loc(span.offset(base));
            cx.facts.env_reads.push(EnvRead { at, name, lang });
        }
    }
}
