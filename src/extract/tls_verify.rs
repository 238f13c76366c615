//! TLS certificate verification switched off, and for which client. The setting itself is
//! easy to find (`VERIFY_NONE`, `ssl_cert_reqs=None`, `rejectUnauthorized: false`,
//! `InsecureSkipVerify: true`); what matters is whose it is, since the same words switch off
//! verification for SMTP and HTTP clients too. The enclosing call or config decides, from the
//! inside out: each bracket around the setting with the words before it (`ssl_params: {`,
//! `config.redis = {`, `new Pool({`), then the lines it is indented under (`Sidekiq.configure_server
//! do |config|`, `production:` with `adapter: redis`), then where the variable it is assigned to
//! is used (`ctx.verify_mode = ssl.CERT_NONE` ... `asyncpg.create_pool(dsn, ssl=ctx)`), then the
//! libraries the file imports. The first place that names a Redis or PostgreSQL client, or
//! another kind of client (mail, HTTP, a message broker, another database), decides; a place
//! that names both is no answer, and no answer records nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::parsed::{FileSyntax, Parsed};
use super::{Cx, TlsClient, TlsVerifyOff};
use crate::parse::lexer::{self, Lexed, Syntax};
use crate::source::{Lang, Span};

/// The settings, each a whole match. `ssl_cert_reqs` is redis-py's own keyword (also in URLs
/// and Celery's `broker_use_ssl`), so it names its client.
static SETTING: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?P<reqs>ssl_cert_reqs["']?\s*(?:=>|[=:])\s*["']?(?:None|none|CERT_NONE|ssl\.CERT_NONE)(?-u:\b)["']?)|(?:(?::?verify_mode["']?\s*(?:=>|[=:])\s*)?(?:OpenSSL::SSL::)?VERIFY_NONE)|(?:(?:ssl\.)?CERT_NONE)|(?:["']?rejectUnauthorized["']?\s*[:=]\s*false)|(?:InsecureSkipVerify["']?\s*[:=]\s*true)"#,
    )
    .unwrap()
});

/// Words that name a Redis client, a PostgreSQL client, or some other client.
const REDIS: &[&str] = &[
    "redis",
    "rediss",
    "ioredis",
    "sidekiq",
    "cable",
    "actioncable",
    "resque",
    "bull",
    "bullmq",
    "upstash",
    "rq",
    "kue",
];
const POSTGRES: &[&str] = &[
    "pg",
    "postgres",
    "postgresql",
    "psql",
    "pgx",
    "pgxpool",
    "pgconn",
    "psycopg",
    "psycopg2",
    "psycopg3",
    "asyncpg",
    "sequelize",
    "knex",
    "typeorm",
    "database",
    "sslmode",
    "libpq",
];
/// Other kinds of client, named anywhere in an identifier (`httpsAgent`, `smtp_settings`).
const OTHER: &[&str] = &[
    "smtp",
    "mail",
    "mailer",
    "mailers",
    "nodemailer",
    "sendgrid",
    "postmark",
    "mailgun",
    "imap",
    "ldap",
    "http",
    "https",
    "httpx",
    "httparty",
    "faraday",
    "axios",
    "undici",
    "urllib",
    "urllib3",
    "aiohttp",
    "websocket",
    "grpc",
    "kafka",
    "kafkajs",
    "rdkafka",
    "amqp",
    "amqps",
    "rabbitmq",
    "mqtt",
    "elasticsearch",
    "opensearch",
    "searchkick",
    "mongo",
    "mongodb",
    "mongoose",
    "mysql",
    "mysql2",
    "mariadb",
    "mssql",
    "memcache",
    "memcached",
    "dalli",
    "sftp",
    "savon",
    "webhook",
    "webhooks",
];
/// Other kinds of client whose names are common words: only a whole identifier counts
/// (`request`, not `maxRetriesPerRequest`).
const OTHER_WHOLE: &[&str] = &[
    "request",
    "requests",
    "agent",
    "transport",
    "transporter",
    "got",
    "ws",
    "wss",
    "ses",
    "s3",
    "aws",
    "ftp",
    "soap",
    "nats",
    "rabbit",
    "bunny",
    "tedious",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    Client(TlsClient),
    /// Another kind of client: not a database or Redis setting.
    Other,
    /// Both a Redis and a PostgreSQL client: no answer.
    Both,
}

/// The lowercase words of a text: each identifier whole (`true`), then its parts, split at
/// `_` and camel case (`REDIS_URL` → `redis url`, `TLSClientConfig` → `tls client config`).
fn words(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for ident in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if ident.is_empty() {
            continue;
        }
        out.push((ident.to_ascii_lowercase(), true));
        for w in ident.split('_').filter(|w| !w.is_empty()) {
            let b = w.as_bytes();
            let mut start = 0;
            for i in 1..b.len() {
                let lower_upper = b[i - 1].is_ascii_lowercase() && b[i].is_ascii_uppercase();
                let acronym_end = i + 1 < b.len()
                    && b[i - 1].is_ascii_uppercase()
                    && b[i].is_ascii_uppercase()
                    && b[i + 1].is_ascii_lowercase();
                if lower_upper || acronym_end {
                    out.push((w[start..i].to_ascii_lowercase(), false));
                    start = i;
                }
            }
            out.push((w[start..].to_ascii_lowercase(), false));
            if start > 0 {
                out.push((w.to_ascii_lowercase(), false));
            }
        }
    }
    out
}

fn verdict(text: &str) -> Option<Verdict> {
    let (mut redis, mut pg) = (false, false);
    for (w, whole) in words(text) {
        let w = w.as_str();
        if OTHER.contains(&w) || (whole && OTHER_WHOLE.contains(&w)) {
            return Some(Verdict::Other);
        }
        redis |= REDIS.contains(&w);
        pg |= POSTGRES.contains(&w);
    }
    match (redis, pg) {
        (true, true) => Some(Verdict::Both),
        (true, false) => Some(Verdict::Client(TlsClient::Redis)),
        (false, true) => Some(Verdict::Client(TlsClient::Postgres)),
        _ => None,
    }
}

/// At most this many settings are judged per file (each looks around itself).
const MAX_HITS: usize = 200;

/// A level bigger than this is judged by the words before its bracket only (a whole module
/// or function body names everything).
const MAX_LEVEL: usize = 1500;

/// The text to scan: comments blanked (`masked`), and a copy with string contents blanked too
/// (`shape`), where brackets can be matched.
struct Code<'t> {
    masked: &'t str,
    shape: Vec<u8>,
}

impl<'t> Code<'t> {
    fn new(masked: &'t str, strings: &[Span]) -> Code<'t> {
        let mut shape = masked.as_bytes().to_vec();
        for s in strings {
            for c in shape
                .iter_mut()
                .take(s.end.saturating_sub(1))
                .skip(s.start + 1)
            {
                if *c != b'\n' {
                    *c = b' ';
                }
            }
        }
        Code { masked, shape }
    }

    /// The brackets that enclose `pos`, innermost first (the nearest few: a client's options
    /// are never nested deeper, and more would make deeply nested text quadratic).
    fn openers(&self, pos: usize) -> Vec<usize> {
        const LEVELS: usize = 8;
        let mut out = Vec::new();
        let mut depth = 0usize;
        let floor = pos.saturating_sub(20_000);
        for i in (floor..pos).rev() {
            match self.shape[i] {
                b')' | b']' | b'}' => depth += 1,
                b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
                b'(' | b'[' | b'{' => {
                    out.push(i);
                    if out.len() == LEVELS {
                        break;
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The bracket closing the one at `open` (or the end of the text).
    fn closer(&self, open: usize) -> usize {
        let mut depth = 0usize;
        for i in open..self.shape.len().min(open + 20_000) {
            match self.shape[i] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        }
        self.shape.len()
    }

    /// Where the expression ending at `end` starts: after `,` or `;` at its depth, an
    /// unclosed bracket, or the start of its line when it is not inside one.
    fn head_start(&self, end: usize) -> usize {
        let mut depth = 0usize;
        for i in (end.saturating_sub(2_000)..end).rev() {
            match self.shape[i] {
                b')' | b']' | b'}' => depth += 1,
                b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
                b'(' | b'[' | b'{' | b',' | b';' if depth == 0 => return i + 1,
                b'\n' if depth == 0 && !continued(&self.shape[..i]) => return i + 1,
                _ => {}
            }
        }
        end.saturating_sub(2_000)
    }

    fn text(&self, span: Span) -> &'t str {
        crate::source::slice(self.masked, span)
    }
}

/// Whether the line ending at the end of `before` continues on the next one (an operator, a
/// `=`, a `\`): the expression's start is further up.
fn continued(before: &[u8]) -> bool {
    let line = before.trim_ascii_end();
    matches!(
        line.last(),
        Some(b'=' | b'+' | b'\\' | b'|' | b'&' | b'.' | b'?')
    )
}

/// The lines `pos` is indented under, nearest first (at most 30 lines up, 6 levels).
fn ancestors(text: &str, pos: usize) -> Vec<&str> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    let mut indent = indent_of(&text[line_start..]);
    let mut out = Vec::new();
    for line in text[..line_start].lines().rev().take(30) {
        if line.trim().is_empty() {
            continue;
        }
        let i = indent_of(line);
        if i < indent {
            out.push(line.trim());
            indent = i;
            if i == 0 || out.len() == 6 {
                break;
            }
        }
    }
    out
}

/// Whose verification the setting at `at` switches off.
fn client_at(code: &Code, at: Span, imports: Option<TlsClient>) -> Option<TlsClient> {
    let decide = |v: Option<Verdict>| -> Option<Option<TlsClient>> {
        match v? {
            Verdict::Client(c) => Some(Some(c)),
            Verdict::Other | Verdict::Both => Some(None),
        }
    };
    // The setting's own expression (`ctx.verify_mode = ssl.CERT_NONE`).
    let own = code.text(Span::new(code.head_start(at.start), at.end));
    if let Some(answer) = decide(verdict(own)) {
        return answer;
    }
    // The statement: the outermost level's words before its bracket, and its extent.
    let mut head = own;
    let mut statement = Span::new(code.head_start(at.start), at.end);
    for open in code.openers(at.start) {
        let start = code.head_start(open);
        let close = code.closer(open);
        let level = if close - start > MAX_LEVEL {
            code.text(Span::new(start, open))
        } else {
            code.text(Span::new(start, close))
        };
        head = code.text(Span::new(start, open));
        statement = Span::new(start, close);
        if let Some(answer) = decide(verdict(level)) {
            return answer;
        }
    }
    for line in ancestors(code.masked, at.start) {
        if let Some(answer) = decide(verdict(line)) {
            return answer;
        }
    }
    if let Some(answer) = decide(assigned_to(code, head, statement)) {
        return answer;
    }
    imports
}

/// The name a statement assigns to (`opt` in `opt.TLSConfig = ...`, `ssl_ctx` in
/// `self.ssl_ctx = ...`).
static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r"^\s*(?:(?:const|let|var|my|local|export)\s+)*(?P<chain>[A-Za-z_$@][\w$@]*(?:\s*(?:\.|->|::)\s*[A-Za-z_][\w]*)*)\s*(?::=|\|\|=|=[^=>~])",
    )
    .unwrap()
});

/// What the places that use the variable a setting is assigned to say about it.
fn assigned_to(code: &Code, head: &str, statement: Span) -> Option<Verdict> {
    let chain = TARGET.captures(head)?.name("chain")?.as_str();
    let parts: Vec<&str> = chain
        .split(['.', ':', '-', '>'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let name = match parts.as_slice() {
        [first, second, ..] if matches!(*first, "self" | "this" | "@") => second,
        [first, ..] => first.trim_start_matches(['$', '@']),
        [] => return None,
    };
    if name.len() < 2 {
        return None;
    }
    let word = crate::parse::regex(&format!(r"(?-u:\b){}(?-u:\b)", regex::escape(name))).ok()?;
    let mut found: Option<Verdict> = None;
    for m in word.find_iter(code.masked).take(50) {
        if statement.start <= m.start() && m.start() < statement.end {
            continue;
        }
        let line_start = code.masked[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let line_end = code.masked[m.end()..]
            .find('\n')
            .map_or(code.masked.len(), |i| m.end() + i);
        let mut text = code.text(Span::new(line_start, line_end)).to_string();
        if let Some(open) = code.openers(m.start()).first() {
            text.push(' ');
            text.push_str(code.text(Span::new(code.head_start(*open), *open)));
        }
        match (verdict(&text), found) {
            (None, _) => {}
            (Some(Verdict::Other | Verdict::Both), _) => return Some(Verdict::Other),
            (Some(v), None) => found = Some(v),
            (Some(v), Some(f)) if v != f => return Some(Verdict::Both),
            _ => {}
        }
    }
    found
}

/// The one kind of client a file's imports name, when they name no other kind.
static IMPORT_REDIS: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?m)(?:require\(?\s*|from\s+|import\s+)["'](?:ioredis|redis|bull|bullmq|@upstash/redis|redis-client)["']|^\s*(?:import|from)\s+redis(?-u:\b)|"github\.com/(?:redis/go-redis|go-redis/redis|gomodule/redigo)"#,
    )
    .unwrap()
});
static IMPORT_POSTGRES: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?m)(?:require\(?\s*|from\s+|import\s+)["'](?:pg|pg-pool|postgres|pg-promise|sequelize|knex|typeorm)["']|^\s*(?:import|from)\s+(?:psycopg2?|psycopg|asyncpg)(?-u:\b)|"github\.com/(?:jackc/pgx|lib/pq)"#,
    )
    .unwrap()
});
static IMPORT_OTHER: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?m)(?:require\(?\s*|from\s+|import\s+)["'](?:https?|node:https?|axios|node-fetch|got|undici|nodemailer|ws|kafkajs|amqplib|mysql2?|mongodb|mongoose|net/http|faraday|mail)["']|^\s*(?:import|from)\s+(?:requests|httpx|aiohttp|urllib3|smtplib|kombu|pymongo|pymysql)(?-u:\b)|"net/(?:http|smtp)""#,
    )
    .unwrap()
});

fn imports(masked: &str) -> Option<TlsClient> {
    if IMPORT_OTHER.is_match(masked) {
        return None;
    }
    match (
        IMPORT_REDIS.is_match(masked),
        IMPORT_POSTGRES.is_match(masked),
    ) {
        (true, false) => Some(TlsClient::Redis),
        (false, true) => Some(TlsClient::Postgres),
        _ => None,
    }
}

/// A setting on an import line or compared with (`from ssl import CERT_NONE`,
/// `if ctx.verify_mode == ssl.CERT_NONE`) switches nothing off.
fn switches_off(masked: &str, at: Span) -> bool {
    let line_start = masked[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let before = masked[line_start..at.start].trim();
    let is_import = ["import ", "from ", "require", "use "]
        .iter()
        .any(|k| before.starts_with(k));
    let compared = before.ends_with("==") || before.ends_with("!=") || before.ends_with("===");
    let after = masked[at.end..].trim_start();
    !(is_import || compared || after.starts_with("==") || after.starts_with("!="))
}

/// Every setting of the file that switches verification off, with its client.
pub fn extract(cx: &mut Cx, syntax: FileSyntax, parsed: &Parsed) {
    match (syntax, parsed) {
        (FileSyntax::Code(_), Parsed::Code(lexed)) => in_code(cx, lexed),
        (FileSyntax::Json { .. }, _) => {
            let lexed = lexer::lex(cx.text, Syntax::for_lang(Lang::JavaScript));
            in_code(cx, &lexed);
        }
        (FileSyntax::Yaml { .. }, _) => {
            let masked = lexer::lex(cx.text, Syntax::HASH).masked;
            in_yaml(cx, &masked);
        }
        (FileSyntax::Sql | FileSyntax::Code(_), _) => {}
        // Env files, Procfiles, Dockerfiles: only a setting that names its client (a
        // `rediss://...?ssl_cert_reqs=none` URL).
        _ => {
            let masked = lexer::lex(cx.text, Syntax::HASH).masked;
            for c in SETTING.captures_iter(&masked) {
                if let Some(m) = c.name("reqs") {
                    push(cx, Span::new(m.start(), m.end()), TlsClient::Redis);
                }
            }
        }
    }
}

fn push(cx: &mut Cx, span: Span, client: TlsClient) {
    let at = cx.loc(span);
    cx.facts.tls_verify_off.push(TlsVerifyOff { at, client });
}

fn in_code(cx: &mut Cx, lexed: &Lexed) {
    let masked = lexed.masked.as_str();
    let code = Code::new(masked, &lexed.strings);
    let file_imports = imports(masked);
    for c in SETTING.captures_iter(masked).take(MAX_HITS) {
        let m = c.get(0).unwrap();
        let span = Span::new(m.start(), m.end());
        if !switches_off(masked, span) {
            continue;
        }
        let client = if c.name("reqs").is_some() {
            Some(TlsClient::Redis)
        } else {
            client_at(&code, span, file_imports)
        };
        if let Some(client) = client {
            push(cx, span, client);
        }
    }
}

/// YAML (comments blanked): the setting's own line, then each mapping it is indented under,
/// with its whole block (`production:` with `adapter: redis` decides for `ssl_params:`).
fn in_yaml(cx: &mut Cx, masked: &str) {
    let mut start = 0;
    let lines: Vec<(usize, &str)> = masked
        .split_inclusive('\n')
        .map(|l| {
            let s = start;
            start += l.len();
            (s, l)
        })
        .collect();
    for c in SETTING.captures_iter(masked).take(MAX_HITS) {
        let m = c.get(0).unwrap();
        let span = Span::new(m.start(), m.end());
        if c.name("reqs").is_some() {
            push(cx, span, TlsClient::Redis);
            continue;
        }
        if let Some(client) = yaml_client(&lines, span.start) {
            push(cx, span, client);
        }
    }
}

/// `lines`: each line of the file with its offset.
fn yaml_client(lines: &[(usize, &str)], pos: usize) -> Option<TlsClient> {
    let here = lines.partition_point(|(s, _)| *s <= pos).checked_sub(1)?;
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    let mut indent = indent_of(lines[here].1);
    let own = lines[here].1;
    let mut levels = vec![own.to_string()];
    for i in (0..here).rev() {
        let l = lines[i].1;
        if l.trim().is_empty() || indent_of(l) >= indent {
            continue;
        }
        indent = indent_of(l);
        // The block: this line and every deeper one after it.
        let mut block = String::new();
        for (_, b) in &lines[i..] {
            if b.trim().is_empty() {
                continue;
            }
            if !block.is_empty() && indent_of(b) <= indent {
                break;
            }
            block.push_str(b);
            if block.len() > MAX_LEVEL {
                block.truncate(l.len());
                break;
            }
        }
        levels.push(block);
        if indent == 0 {
            break;
        }
    }
    for level in levels {
        match verdict(&level) {
            Some(Verdict::Client(c)) => return Some(c),
            Some(_) => return None,
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::TlsClient;

    fn found(path: &str, text: &str) -> Vec<(String, TlsClient)> {
        facts(path, text)
            .tls_verify_off
            .iter()
            .map(|t| (at(text, t.at).to_string(), t.client))
            .collect()
    }

    fn one(path: &str, text: &str, client: TlsClient) {
        let f = found(path, text);
        assert_eq!(f.len(), 1, "{path}: {f:?}");
        assert_eq!(f[0].1, client, "{path}");
    }

    #[test]
    fn words_split_identifiers() {
        let w = |t: &str| {
            super::words(t)
                .into_iter()
                .map(|(w, _)| w)
                .collect::<Vec<_>>()
        };
        assert_eq!(w("REDIS_TLS_URL"), ["redis_tls_url", "redis", "tls", "url"]);
        assert_eq!(
            w("TLSClientConfig"),
            [
                "tlsclientconfig",
                "tls",
                "client",
                "config",
                "tlsclientconfig"
            ]
        );
        assert_eq!(super::verdict("maxRetriesPerRequest: null"), None);
        assert_eq!(
            super::verdict("request.get(url)"),
            Some(super::Verdict::Other)
        );
    }

    #[test]
    fn redis_clients() {
        use TlsClient::Redis;
        one("config/initializers/sidekiq.rb", "Sidekiq.configure_server do |config|\n  config.redis = {\n    url: ENV[\"REDIS_URL\"],\n    ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE }\n  }\nend\n", Redis);
        one("config/initializers/redis.rb", "$redis = Redis.new(url: ENV.fetch(\"REDIS_URL\"), ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE })\n", Redis);
        one("config/environments/production.rb", "Rails.application.configure do\n  config.cache_store = :redis_cache_store, {\n    url: ENV[\"REDIS_URL\"],\n    ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE }\n  }\nend\n", Redis);
        one("config/cable.yml", "development:\n  adapter: async\n\nproduction:\n  adapter: redis\n  url: <%= ENV.fetch(\"REDIS_URL\") %>\n  ssl_params:\n    verify_mode: <%= OpenSSL::SSL::VERIFY_NONE %>\n", Redis);
        one(
            "app/cache.py",
            "r = redis.from_url(os.environ[\"REDIS_URL\"], ssl_cert_reqs=None)\n",
            Redis,
        );
        one("app/settings.py", "CACHES = {\"default\": {\"BACKEND\": \"django_redis.cache.RedisCache\", \"OPTIONS\": {\"CONNECTION_POOL_KWARGS\": {\"ssl_cert_reqs\": None}}}}\n", Redis);
        one("app/celery.py", "app = Celery(\"tasks\", broker=os.environ[\"REDIS_URL\"])\napp.conf.broker_use_ssl = {\"cert_reqs\": ssl.CERT_NONE}\n", Redis);
        one("src/queue.js", "const connection = new IORedis(process.env.REDIS_URL, {\n  tls: { rejectUnauthorized: false },\n  maxRetriesPerRequest: null,\n});\n", Redis);
        one("src/redis.ts", "export const client = createClient({\n  url: process.env.REDIS_URL,\n  socket: { tls: true, rejectUnauthorized: false },\n});\n", Redis);
        one("internal/cache/redis.go", "func New() *redis.Client {\n\topt, _ := redis.ParseURL(os.Getenv(\"REDIS_URL\"))\n\topt.TLSConfig = &tls.Config{InsecureSkipVerify: true}\n\treturn redis.NewClient(opt)\n}\n", Redis);
        one(
            ".env.production",
            "REDIS_URL=rediss://:pw@ec2-1-2-3-4.compute-1.amazonaws.com:6380?ssl_cert_reqs=none\n",
            Redis,
        );
    }

    #[test]
    fn postgres_clients() {
        use TlsClient::Postgres;
        one("src/db.js", "const { Pool } = require(\"pg\");\nconst pool = new Pool({\n  connectionString: process.env.DATABASE_URL,\n  ssl: { rejectUnauthorized: false },\n});\n", Postgres);
        one("knexfile.js", "module.exports = {\n  production: {\n    client: \"pg\",\n    connection: { connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } },\n  },\n};\n", Postgres);
        one("src/models/index.js", "const sequelize = new Sequelize(process.env.DATABASE_URL, {\n  dialect: \"postgres\",\n  dialectOptions: { ssl: { require: true, rejectUnauthorized: false } },\n});\n", Postgres);
        one("src/db.ts", "import { Pool } from \"pg\";\nconst ssl = { rejectUnauthorized: false };\nexport const pool = new Pool({ connectionString, ssl });\n", Postgres);
        one("app/db.py", "import asyncpg\nimport ssl\n\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n\nasync def connect():\n    return await asyncpg.create_pool(dsn, ssl=ctx)\n", Postgres);
        one("internal/db/pool.go", "func Pool(ctx context.Context) (*pgxpool.Pool, error) {\n\tcfg, err := pgxpool.ParseConfig(os.Getenv(\"DATABASE_URL\"))\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tcfg.ConnConfig.TLSConfig = &tls.Config{InsecureSkipVerify: true}\n\treturn pgxpool.NewWithConfig(ctx, cfg)\n}\n", Postgres);
    }

    #[test]
    fn mail_http_other_clients_comments_imports_and_comparisons_are_not_recorded() {
        for (path, text) in [
            ("config/environments/production.rb", "config.action_mailer.smtp_settings = {\n  address: \"smtp.sendgrid.net\",\n  openssl_verify_mode: OpenSSL::SSL::VERIFY_NONE\n}\n"),
            ("lib/client.rb", "http = Net::HTTP.new(uri.host, uri.port)\nhttp.use_ssl = true\nhttp.verify_mode = OpenSSL::SSL::VERIFY_NONE\n"),
            ("src/mail.js", "const transporter = nodemailer.createTransport({\n  host: process.env.SMTP_HOST,\n  tls: { rejectUnauthorized: false },\n});\n"),
            ("src/api.js", "const api = axios.create({ httpsAgent: new https.Agent({ rejectUnauthorized: false }) });\n"),
            ("src/kafka.js", "const kafka = new Kafka({ brokers, ssl: { rejectUnauthorized: false } });\n"),
            ("main.go", "client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}\n"),
            ("app/tls.py", "from ssl import CERT_NONE, CERT_REQUIRED\nif ctx.verify_mode == ssl.CERT_NONE:\n    warn()\n"),
            ("config/initializers/redis.rb", "# ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE } for Heroku Redis\n$redis = Redis.new(url: ENV[\"REDIS_URL\"])\n"),
            ("src/db.js", "const pool = new Pool({ ssl: { rejectUnauthorized: true } });\n"),
            ("src/mysql.js", "const conn = mysql.createConnection({ host, ssl: { rejectUnauthorized: false } });\n"),
            ("lib/tls.rb", "VERIFY = OpenSSL::SSL::VERIFY_NONE\n"),
            ("config/mailer.yml", "production:\n  smtp:\n    address: smtp.mailgun.org\n    openssl_verify_mode: <%= OpenSSL::SSL::VERIFY_NONE %>\n"),
        ] {
            assert!(found(path, text).is_empty(), "{path}: {:?}", found(path, text));
        }
    }
}
