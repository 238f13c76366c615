//! Connections: PostgreSQL connection strings and the settings that decide their TLS, and
//! what TLS values mean.

use crate::source::{Lang, Loc, Span};

/// Whether a connection goes to this machine, elsewhere, or somewhere only known at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Local,
    Remote(String),
    /// The host is a template (`${DB_HOST}`, `<%= ... %>`): nothing to say statically.
    Templated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnForm {
    Url,
    /// libpq `host=... dbname=...`
    KeyValue,
    /// Keys of a config object (`host:`, `ssl:` in database.yml, Django's `DATABASES`, a
    /// Sequelize or knex config, keyword arguments of `psycopg2.connect`).
    Keys,
}

/// A connection string's TLS parameter: libpq's `sslmode`, or `ssl` (JDBC, node-postgres) when
/// there is no `sslmode`.
#[derive(Debug, Clone, PartialEq)]
pub struct TlsParam {
    /// `sslmode` or `ssl`.
    pub key: &'static str,
    pub value: String,
    /// The span of the value.
    pub span: Span,
}

impl TlsParam {
    /// Whether the value lets the connection go unencrypted (`disable`, `allow`, `prefer`,
    /// `ssl=false`).
    pub fn is_weak(&self) -> bool {
        is_weak_tls(&self.value)
    }
}

/// A PostgreSQL connection string. The password is never stored.
#[derive(Debug, Clone)]
pub struct ConnectionString {
    pub at: Loc,
    pub form: ConnForm,
    pub host: Host,
    pub database: Option<String>,
    pub user: Option<String>,
    /// The string's own TLS parameter, if it has one.
    pub tls_param: Option<TlsParam>,
    /// TLS is asked for outside the string: `PGSSLMODE` in the same file, an `sslmode`/`ssl` key
    /// in the same mapping, or TLS options in the same code file (`ssl_require=True`,
    /// `ssl: { rejectUnauthorized: false }`). Settings that turn TLS off do not count.
    pub tls_elsewhere: bool,
    /// Where a new parameter goes, and the separator it needs there (`?`, `&` or ` `); none
    /// when the string's text ends in code (`"postgres://.../" + db`), where no edit of the
    /// literal could add one.
    pub param_insert: Option<(usize, &'static str)>,
    /// The URL holds template syntax, so an edit to it may not survive rendering.
    pub templated: bool,
    /// The client the string configures, as far as its place tells.
    pub client: Client,
    /// Printable form with the password replaced by `****`.
    pub redacted: String,
}

/// Which client library reads a connection string: their TLS defaults and quirks differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// libpq, or a driver that follows its parameters (psycopg, pg gem, pgx, asyncpg...); also
    /// what egress assumes when the place says nothing.
    Libpq,
    /// node-postgres (`pg`), which reads `sslmode=require` as `verify-full`: a string in
    /// JavaScript or TypeScript code.
    NodePostgres,
    /// The PostgreSQL JDBC driver (`jdbc:postgresql://`).
    Jdbc,
}

impl Client {
    /// The client of a string found in code of `lang` (None: not in code), with `prefix`
    /// the text right before the URL's scheme.
    pub fn of(lang: Option<Lang>, prefix: &str) -> Client {
        if prefix.ends_with("jdbc:") {
            Client::Jdbc
        } else if matches!(lang, Some(Lang::JavaScript | Lang::TypeScript)) {
            Client::NodePostgres
        } else {
            Client::Libpq
        }
    }
}

/// `PGSSLMODE=...` set in an env file or a YAML env map.
#[derive(Debug, Clone)]
pub struct SslModeSetting {
    pub at: Loc,
    pub value: String,
    /// The file is for development, tests or CI, or every host named in it is local.
    pub local_context: bool,
}

/// A connection URL made by appending a query string to a placeholder that holds a whole URL:
/// `${DATABASE_URL}?sslmode=require`, `"#{ENV['DATABASE_URL']}?sslmode=require"`,
/// `os.environ["DATABASE_URL"] + "?sslmode=require"`. When the variable's URL already has a
/// query string (Heroku's does not, other providers' often do), the result has two `?`.
#[derive(Debug, Clone)]
pub struct AppendedQuery {
    /// From the placeholder to the end of the appended parameters.
    pub at: Loc,
    /// The variable, when the placeholder names one (`DATABASE_URL`).
    pub var: Option<String>,
    /// The appended literal, `?` included (`?sslmode=require`).
    pub query: Span,
    /// Its parameters, in order.
    pub params: Vec<(String, String)>,
    /// Where a `PGSSLMODE` setting can go beside the variable (after an env file line, or a
    /// YAML env map entry): the offset, the text before the name (`"\n    "`), and what joins
    /// name and value (`=` or `: `).
    pub env_insert: Option<(usize, String, &'static str)>,
}

impl AppendedQuery {
    /// The value of an appended parameter (`sslmode`).
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The kind of client a TLS setting configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsClient {
    Redis,
    Postgres,
}

/// TLS certificate verification switched off for a Redis or PostgreSQL client in code or
/// configuration: `ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE }` (Ruby Redis, Sidekiq,
/// Action Cable, the Redis cache store), `ssl_cert_reqs=None` (redis-py), `ssl:
/// { rejectUnauthorized: false }` (node-postgres, ioredis, node-redis), `InsecureSkipVerify:
/// true` in a go-redis or pgx TLS config. The client is what the enclosing call or config
/// shows; settings of other clients (SMTP, HTTP) are not recorded. (`sslmode=no-verify` is a
/// connection string's own TLS parameter.) Span: the setting.
#[derive(Debug, Clone)]
pub struct TlsVerifyOff {
    pub at: Loc,
    pub client: TlsClient,
}

impl_located!(
    ConnectionString,
    SslModeSetting,
    AppendedQuery,
    TlsVerifyOff
);

/// TLS values that let a connection go unencrypted: libpq's `disable`, `allow` and `prefer`, and
/// `ssl=false` / `ssl=0`.
const WEAK_TLS: &[&str] = &["disable", "allow", "prefer", "false", "0"];

fn tls_value(value: &str) -> String {
    value
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .to_ascii_lowercase()
}

/// Whether a TLS setting lets the connection go unencrypted.
pub fn is_weak_tls(value: &str) -> bool {
    WEAK_TLS.contains(&tls_value(value).as_str())
}

/// Whether a TLS setting asks for encryption: anything but a weak value or an empty one. A value
/// that is a variable or an options object counts, since it states TLS explicitly.
pub fn states_tls(value: &str) -> bool {
    let v = tls_value(value);
    !(v.is_empty()
        || matches!(v.as_str(), "none" | "nil" | "null" | "undefined")
        || is_weak_tls(&v))
}
