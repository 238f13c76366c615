//! Code that reads platform-injected environment variables (`DYNO`, `HEROKU_APP_NAME`, the
//! names of `facts::platform_var`, and the process-type variable a manifest names), in every
//! language egress reads. The patterns run on comment-masked text, so a comment that mentions
//! `ENV["DYNO"]` never counts, nor does prose in a string literal (outside its interpolations),
//! and they capture the variable name, so `DYNO_COUNT` is not `DYNO`.

use std::sync::LazyLock;

use regex::Regex;

use super::env_fallback::Form;
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

fn patterns(lang: Lang) -> &'static [(Regex, Form)] {
    use Form::*;
    static RUBY: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
        compile(&[
            (
                &format!(r"(?-u:\b)ENV\s*\[\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}\s*\]"),
                Plain,
            ),
            (
                &format!(r"(?-u:\b)ENV\s*\.\s*fetch\s*\(?\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"),
                Strict,
            ),
            (
                &format!(
                    r"(?-u:\b)ENV\s*\.\s*(?:key\?|has_key\?|include\?|member\?)\s*\(?\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
                ),
                Optional,
            ),
            (
                &format!(
                    r"(?-u:\b)ENV\s*\.\s*(?:dig|values_at)\s*\(?\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
                ),
                Plain,
            ),
        ])
    });
    static PYTHON: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
        compile(&[
            (
                &format!(r"(?-u:\b)environ\s*\[\s*[bf]?{Q}(?P<n>[0-9A-Za-z_]+){Q}\s*\]"),
                Strict,
            ),
            (
                &format!(
                    r"(?-u:\b)environ\s*\.\s*(?:get|pop|setdefault)\s*\(\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
                ),
                Optional,
            ),
            (
                &format!(r"(?-u:\b)getenv\s*\(\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"),
                Optional,
            ),
            (
                &format!(r"{Q}(?P<n>[0-9A-Za-z_]+){Q}\s+(?:not\s+)?in\s+(?:os\.)?environ(?-u:\b)"),
                Optional,
            ),
            // django-environ (`env("DYNO")`, `env.str("DYNO", default=...)`) and
            // python-decouple (`config("DYNO")`).
            (
                &format!(
                    r"(?-u:\b)(?:env(?:\s*\.\s*(?:str|bool|int|float|list|tuple|dict|json|url|path|db_url|db|cache_url|cache|email_url|email))?|config)\s*\(\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
                ),
                Strict,
            ),
            // pydantic: `Field(..., env="DYNO")`, `alias=` / `validation_alias=`.
            (
                &format!(
                    r"(?-u:\b)Field\s*\((?P<args>[^)]*?)(?-u:\b)(?:env|alias|validation_alias)\s*=\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
                ),
                Strict,
            ),
        ])
    });
    static JS: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
        compile(&[
            (
                r"(?-u:\b)process\s*\.\s*env\s*\??\.\s*(?P<n>[A-Za-z_$][[0-9A-Za-z_]$]*)",
                Plain,
            ),
            (
                &format!(
                    r"(?-u:\b)process\s*\.\s*env\s*(?:\?\.)?\[\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}\s*\]"
                ),
                Plain,
            ),
            (
                r"\{(?P<list>[^{}]*)\}\s*=\s*process\s*\.\s*env(?-u:\b)",
                Plain,
            ),
            (
                r"(?-u:\b)Deno\.env\.get\(\s*[`'\x22](?P<n>[0-9A-Za-z_]+)",
                Plain,
            ),
            // Membership: `'DYNO' in process.env`, `Object.hasOwn(process.env, 'DYNO')`,
            // `process.env.hasOwnProperty('DYNO')`, `Reflect.has(process.env, 'DYNO')`.
            (
                &format!(r"{Q}(?P<n>[0-9A-Za-z_]+){Q}\s+in\s+process\s*\.\s*env(?-u:\b)"),
                Optional,
            ),
            (
                &format!(
                    r"(?-u:\b)(?:Object\s*\.\s*(?:hasOwn|prototype\s*\.\s*hasOwnProperty\s*\.\s*call)|Reflect\s*\.\s*has)\s*\(\s*process\s*\.\s*env\s*,\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
                ),
                Optional,
            ),
            (
                &format!(
                    r"(?-u:\b)process\s*\.\s*env\s*\.\s*hasOwnProperty\s*\(\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"
                ),
                Optional,
            ),
            // Schemas that decode the environment: envalid `cleanEnv(process.env, { DYNO:
            // str() })` (required unless it has a `default`), convict `env: "DYNO"` (convict
            // requires a default for every key).
            (
                r"(?-u:\b)(?P<n>[A-Za-z_][0-9A-Za-z_]*)\s*:\s*(?:str|num|bool|port|host|url|email|json)\s*\((?P<args>[^)]*)\)",
                Strict,
            ),
            (
                &format!(r"(?-u:\b)env\s*:\s*{Q}(?P<n>[0-9A-Za-z_]+){Q}"),
                Optional,
            ),
        ])
    });
    static GO: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
        compile(&[
            (r#"(?-u:\b)os\.Getenv\(\s*"(?P<n>[0-9A-Za-z_]+)""#, Plain),
            (
                r#"(?-u:\b)os\.LookupEnv\(\s*"(?P<n>[0-9A-Za-z_]+)""#,
                Optional,
            ),
        ])
    });
    static JVM: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
        compile(&[
            (
                r#"(?-u:\b)System\.getenv\(\s*"(?P<n>[0-9A-Za-z_]+)""#,
                Plain,
            ),
            (r#"(?-u:\b)getenv\(\s*"(?P<n>[0-9A-Za-z_]+)""#, Plain),
            // Spring resolves `${DYNO}` placeholders from the environment; `${DYNO:x}` has a
            // default.
            (r#"@Value\(\s*"\$\{(?P<n>[0-9A-Za-z_]+)"#, Strict),
        ])
    });
    static PHP: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
        compile(&[
            (r#"(?-u:\b)getenv\(\s*['"](?P<n>[0-9A-Za-z_]+)['"]"#, Plain),
            (
                r#"(?-u:\b)array_key_exists\(\s*['"](?P<n>[0-9A-Za-z_]+)['"]\s*,\s*\$_(?:ENV|SERVER)"#,
                Optional,
            ),
            // `isset($_ENV['DYNO'])` tests whether it is set: before the plain index, which
            // names the same span.
            (
                r#"(?-u:\b)isset\(\s*\$_(?:ENV|SERVER)\s*\[\s*['"](?P<n>[0-9A-Za-z_]+)['"]\s*\]"#,
                Optional,
            ),
            (
                r#"\$_(?:ENV|SERVER)\s*\[\s*['"](?P<n>[0-9A-Za-z_]+)['"]\s*\]"#,
                Plain,
            ),
            (r#"(?-u:\b)env\(\s*['"](?P<n>[0-9A-Za-z_]+)['"]"#, Plain),
        ])
    });
    static ELIXIR: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
        compile(&[
            (
                r#"(?-u:\b)System\.get_env\(\s*"(?P<n>[0-9A-Za-z_]+)""#,
                Plain,
            ),
            (
                r#"(?-u:\b)System\.fetch_env!\(\s*"(?P<n>[0-9A-Za-z_]+)""#,
                Strict,
            ),
            (
                r#"(?-u:\b)System\.fetch_env\(\s*"(?P<n>[0-9A-Za-z_]+)""#,
                Optional,
            ),
        ])
    });
    static SHELL: LazyLock<Vec<(Regex, Form)>> =
        LazyLock::new(|| compile(&[(r"\$\{?(?P<n>[A-Za-z_][0-9A-Za-z_]*)", Plain)]));
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
fn literal_patterns(lang: Lang) -> &'static [(Regex, Form)] {
    static GO: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
        compile(&[(
            r#"(?-u:\b)(?:env|envconfig)\s*:\s*"(?P<n>[0-9A-Za-z_]+)(?P<opts>[^"]*)""#,
            Form::Optional,
        )])
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

/// A field whose `Field(...)` names the variable (`env=`, `alias=`, `validation_alias=`, also
/// inside `Annotated[...]` and across lines): pydantic reads that name instead of the field's,
/// so the field's own name is no read (and the `Field` pattern already records the alias).
static FIELD_NAMES_VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r"\A[^\n]*?(?-u:\b)Field\s*\([^)]*?(?-u:\b)(?:env|alias|validation_alias)\s*=",
    )
    .expect("field alias")
});

fn compile(pats: &[(&str, Form)]) -> Vec<(Regex, Form)> {
    pats.iter()
        .map(|(p, form)| (crate::parse::regex(p).expect("env read pattern"), *form))
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

/// A read found in lexed code: the name's span, the name, and whether the code copes with
/// the variable being unset.
pub(super) struct Found {
    pub span: Span,
    pub name: String,
    pub fallback: bool,
}

/// Every env read of `lexed`, one per name span (patterns that overlap name it once).
pub(super) fn reads(lexed: &Lexed, lang: Lang) -> Vec<Found> {
    let text = &lexed.masked;
    let mut found: Vec<Found> = Vec::new();
    for (re, form) in patterns(lang) {
        for c in re.captures_iter(text) {
            let whole = c.get(0).unwrap();
            if lexed.in_literal_text(whole.start()) {
                continue;
            }
            if is_assigned(text, whole.end()) {
                continue;
            }
            if let Some(n) = c.name("n") {
                let fallback = super::env_fallback::copes(
                    text,
                    whole.start(),
                    n.end(),
                    whole.end(),
                    *form,
                    &c,
                );
                found.push(Found {
                    span: Span::new(n.start(), n.end()),
                    name: n.as_str().to_string(),
                    fallback,
                });
            }
            if let Some(list) = c.name("list") {
                // `const { DYNO, PORT: port = 3000 } = process.env`
                let mut off = list.start();
                for part in list.as_str().split(',') {
                    let name = part.split([':', '=']).next().unwrap_or("").trim();
                    if let Some(pos) = part.find(name).filter(|_| !name.is_empty()) {
                        found.push(Found {
                            span: Span::new(off + pos, off + pos + name.len()),
                            name: name.to_string(),
                            fallback: part.contains('='),
                        });
                    }
                    off += part.len() + 1;
                }
            }
        }
    }
    for (re, _) in literal_patterns(lang) {
        for c in re.captures_iter(text) {
            if let Some(n) = c.name("n").filter(|n| lexed.in_literal_text(n.start())) {
                // caarlos0/env `env:"X,required"`; envconfig's `required:"true"` beside it.
                let opts = c.name("opts").map_or("", |o| o.as_str());
                let line_end = crate::source::line_end(text, n.end());
                let required = opts.contains("required")
                    || text[n.end()..line_end].contains(r#"required:"true""#);
                found.push(Found {
                    span: Span::new(n.start(), n.end()),
                    name: n.as_str().to_string(),
                    fallback: !required,
                });
            }
        }
    }
    if lang == Lang::Python && text.contains("BaseSettings") {
        for c in SETTINGS_FIELD.captures_iter(text) {
            let n = c.name("n").unwrap();
            if !lexed.in_literal_text(n.start()) {
                // `dyno: str` is required; `dyno: str = "web"` and `Optional[...]` are not.
                let line_end = crate::source::line_end(text, n.end());
                let rest = &text[n.end()..line_end];
                if FIELD_NAMES_VARIABLE.is_match(&text[n.end()..]) {
                    continue;
                }
                found.push(Found {
                    span: Span::new(n.start(), n.end()),
                    name: n.as_str().to_ascii_uppercase(),
                    fallback: rest.contains('=')
                        || rest.contains("Optional")
                        || rest.contains("None"),
                });
            }
        }
    }
    found.sort_by_key(|f| (f.span.start, f.span.end));
    found.dedup_by(|b, a| a.span == b.span);
    found
}

fn extract_lexed(cx: &mut Cx, lexed: &Lexed, base: usize, lang: Lang) {
    for f in reads(lexed, lang) {
        if wanted(cx, &f.name) {
            let at = cx.loc(f.span.offset(base));
            cx.facts.env_reads.push(EnvRead {
                at,
                name: f.name,
                lang,
            });
        }
    }
}
