//! `migration-manifest.yml`: the migration's own description, as one typed model shared by
//! `check` (whose rules read `target.timezone`, `target.process_type_env`, ...) and `verify`
//! (which connects to the databases and endpoints it names). Every setting keeps its span, so
//! each finding and check points at the manifest line it came from. `${VAR}` is left as written:
//! `verify` expands it from the environment at use, and a missing variable makes only the checks
//! that need it unknown.
//!
//! Numbers are validated here, once: a duration, retry count or expected row count that is not
//! a number, not whole where it must be, or outside its range is a [`ManifestError`] naming the
//! key and its place, never a panic or an endless wait later.

use std::time::Duration;

mod schema;

pub use schema::SCHEMA;

use crate::parse::{yaml, Tree};
use crate::source::{FileId, Loc, Span};

/// Allowed `--timeout` and `verification.health.timeout_seconds`, in seconds: connecting, a
/// catalog query, one HTTP request.
pub const TIMEOUT_RANGE: (f64, f64) = (0.1, 3600.0);
/// Allowed `--count-timeout`, in seconds: one row count or checksum statement.
pub const COUNT_TIMEOUT_RANGE: (f64, f64) = (0.1, 86400.0);
/// Allowed `verification.health.backoff_seconds`: the first wait between health tries.
pub const BACKOFF_RANGE: (f64, f64) = (0.0, 60.0);
/// Most `verification.health.retries`.
pub const MAX_RETRIES: u32 = 20;
/// No wait between two health tries is longer than this, however often the backoff doubled.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// Largest `cutover.dns_ttl_seconds`: a TTL is a 32-bit signed number of seconds (RFC 2181 §8).
pub const MAX_TTL: i64 = 2_147_483_647;

/// A scalar setting of the migration manifest, with its span.
#[derive(Debug, Clone)]
pub struct Setting {
    pub value: String,
    pub at: Loc,
}

/// One `row_count_tables` entry: a name, or `{table: users, expected: 14200}`.
#[derive(Debug, Clone)]
pub struct TableEntry {
    pub name: String,
    pub expected: Option<i64>,
    pub at: Loc,
}

#[derive(Debug, Clone)]
pub enum Tables {
    /// `row_count_tables: all`: every user table of the source.
    All(Loc),
    List(Vec<TableEntry>),
}

/// One `webhooks:` entry (the seed's `WebhookTarget`).
#[derive(Debug, Clone)]
pub struct WebhookEntry {
    pub provider: String,
    pub current_url: Option<Setting>,
    pub new_url: Option<Setting>,
    pub secret: Option<Setting>,
    /// `owner/repo` for GitHub's hook listing.
    pub repo: Option<String>,
    /// The provider's API base URL (tests and GitHub Enterprise); default: the provider's own.
    pub api_base: Option<String>,
    pub at: Loc,
}

/// Health-check policy: the seed's retries and backoff, all configurable.
#[derive(Debug, Clone, Copy)]
pub struct HealthSettings {
    pub retries: u32,
    pub backoff: Duration,
    pub timeout: Duration,
}

impl Default for HealthSettings {
    /// The seed's policy: 3 retries, 2 s backoff, 10 s per try.
    fn default() -> HealthSettings {
        HealthSettings {
            retries: 3,
            backoff: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
        }
    }
}

/// The migration manifest. `check`'s rules read the `target` key, `target.timezone` and
/// `target.process_type_env`; `verify` reads the databases, extensions, health settings, tables
/// and webhooks.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    pub file: FileId,
    /// The `target` key itself (where a missing `target.timezone` would go).
    pub target: Option<Loc>,
    /// `target.timezone`; a quoted empty value (`timezone: ""`) sets nothing, like a missing one.
    pub target_timezone: Option<Setting>,
    /// `target.process_type_env` (empty: not set).
    pub process_type_env: Option<Setting>,
    /// `target.platform` (render, fly, ...; empty: not set).
    pub target_platform: Option<Setting>,
    /// `target.variables`: the names of variables the target sets outside the repository
    /// (`fly secrets`, Railway's variables); `None` when the key is absent.
    pub target_variables: Option<Vec<Setting>>,
    pub source_db: Option<Setting>,
    pub target_db: Option<Setting>,
    /// The `extensions` key under `source`.
    pub extensions_key: Option<Loc>,
    /// `source.extensions`, in order.
    pub source_extensions: Vec<Setting>,
    pub target_url: Option<Setting>,
    pub health_endpoint: Option<Setting>,
    pub health: HealthSettings,
    pub tables: Option<Tables>,
    pub webhooks: Vec<WebhookEntry>,
    /// `cutover.dns_ttl_seconds`, when it is a whole number of seconds.
    pub dns_ttl_seconds: Option<(i64, Loc)>,
    /// `source.platform` (`heroku` in the seed template; empty: not set).
    pub source_platform: Option<Setting>,
    /// `verification.webhook_providers` (or the seed template's top-level `webhook_providers`):
    /// providers whose webhooks must move; each needs a `webhooks:` entry.
    pub webhook_providers: Vec<Setting>,
}

impl Manifest {
    /// The app leaves Heroku: `source.platform` is `heroku`, or not given (egress's premise).
    pub fn source_is_heroku(&self) -> bool {
        self.source_platform
            .as_ref()
            .is_none_or(|s| s.value.trim().eq_ignore_ascii_case("heroku"))
    }
}

/// A manifest value that cannot be used: its key (`verification.health.retries`), where it is,
/// and why (`1e20 is out of range (0 to 20 retries)`). The same type carries the schema's
/// errors (unknown keys, wrong types), so `check` and `verify` report one list.
pub use crate::shape::DocError as ManifestError;

use crate::shape::shown;

/// A number of seconds within `range` (both ends included), as the command line and the
/// manifest give it. Negative, NaN, infinite and huge values are refused, so nothing later can
/// panic in `Duration::from_secs_f64` or wait for ever.
pub fn seconds(text: &str, (lo, hi): (f64, f64)) -> Result<Duration, String> {
    let t = text.trim();
    let n: f64 = t
        .parse()
        .map_err(|_| format!("{:?} is not a number of seconds ({lo} to {hi})", shown(t)))?;
    if !(n.is_finite() && lo <= n && n <= hi) {
        return Err(format!(
            "{} is out of range ({lo} to {hi} seconds)",
            shown(t)
        ));
    }
    Ok(Duration::from_secs_f64(n))
}

/// A whole number within `lo..=hi`; `what` names the unit in messages.
fn whole(text: &str, lo: i64, hi: i64, what: &str) -> Result<i64, String> {
    let t = text.trim();
    let range = if hi == i64::MAX {
        format!("{lo} or more {what}")
    } else {
        format!("{lo} to {hi} {what}")
    };
    if let Ok(n) = t.parse::<i64>() {
        return if (lo..=hi).contains(&n) {
            Ok(n)
        } else {
            Err(format!("{} is out of range ({range})", shown(t)))
        };
    }
    match t.parse::<f64>() {
        Ok(n) if !n.is_finite() || n.fract() == 0.0 => {
            Err(format!("{} is out of range ({range})", shown(t)))
        }
        _ => Err(format!("{:?} is not a whole number ({range})", shown(t))),
    }
}

/// A scalar's text, `None` for a null value, `Err` for a list or mapping.
fn scalar(n: &yaml::Node) -> Result<Option<&str>, String> {
    match &n.value {
        yaml::Value::Scalar { .. } => Ok(n.as_value_str()),
        _ => Err("must be a single value, not a list or mapping".into()),
    }
}

/// The values validated so far, and why the others were refused.
struct Check {
    file: FileId,
    errors: Vec<ManifestError>,
}

impl Check {
    /// `parse` the value of `key` (absent or null: `None`), or record why it cannot be used.
    fn value<T>(
        &mut self,
        key: &str,
        node: Option<&yaml::Node>,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let n = node?;
        match scalar(n).and_then(|t| t.map(parse).transpose()) {
            Ok(v) => v,
            Err(message) => {
                self.errors.push(ManifestError {
                    key: key.to_string(),
                    at: Loc {
                        file: self.file,
                        span: n.span,
                    },
                    message,
                });
                None
            }
        }
    }
}

impl Manifest {
    /// Read the manifest tree. Unknown keys are left to the config schema (issue 5); a value
    /// egress uses but cannot accept (a duration out of range, retries that are not a whole
    /// number, ...) is an error, all of them reported at once.
    pub fn from_yaml(file: FileId, root: &yaml::Node) -> Result<Manifest, Vec<ManifestError>> {
        match Manifest::parse(file, root) {
            (m, errors) if errors.is_empty() => Ok(m),
            (_, errors) => Err(errors),
        }
    }

    /// The one parser: the model, and why each value it leaves at its default could not be
    /// used. `verify` refuses a manifest with errors ([`Manifest::from_yaml`]); `check` reads
    /// what it needs and leaves the errors to `verify`.
    pub fn parse(file: FileId, root: &yaml::Node) -> (Manifest, Vec<ManifestError>) {
        let loc = |span: Span| Loc { file, span };
        let setting = |n: Option<&yaml::Node>| {
            n.and_then(|n| {
                n.as_value_str().map(|v| Setting {
                    value: v.to_string(),
                    at: loc(n.span),
                })
            })
        };
        // For the keys `check` reads, a quoted empty value sets nothing, like a missing one.
        let non_empty = |n: Option<&yaml::Node>| setting(n).filter(|s| !s.value.trim().is_empty());
        let mut check = Check {
            file,
            errors: Vec::new(),
        };
        let health_cfg = root.path(&["verification", "health"]);
        let health_key = |k: &str| health_cfg.and_then(|h| h.get(k));
        let dflt = HealthSettings::default();
        let health = HealthSettings {
            retries: check
                .value("verification.health.retries", health_key("retries"), |t| {
                    whole(t, 0, MAX_RETRIES.into(), "retries")
                })
                .map_or(dflt.retries, |n| n as u32),
            backoff: check
                .value(
                    "verification.health.backoff_seconds",
                    health_key("backoff_seconds"),
                    |t| seconds(t, BACKOFF_RANGE),
                )
                .unwrap_or(dflt.backoff),
            timeout: check
                .value(
                    "verification.health.timeout_seconds",
                    health_key("timeout_seconds"),
                    |t| seconds(t, TIMEOUT_RANGE),
                )
                .unwrap_or(dflt.timeout),
        };
        let tables = root.path(&["verification", "row_count_tables"]).map(|t| {
            if t.as_str() == Some("all") {
                return Tables::All(loc(t.span));
            }
            let mut list = Vec::new();
            for (i, item) in t.items().iter().enumerate() {
                let at = loc(item.span);
                if let Some(name) = item.as_str() {
                    list.push(TableEntry {
                        name: name.to_string(),
                        expected: None,
                        at,
                    });
                    continue;
                }
                let key = format!("verification.row_count_tables[{i}]");
                // An entry of another shape is the schema's error.
                let Some(name) = item.get("table").and_then(|n| n.as_value_str()) else {
                    continue;
                };
                let expected = check.value(&format!("{key}.expected"), item.get("expected"), |t| {
                    whole(t, 0, i64::MAX, "rows")
                });
                list.push(TableEntry {
                    name: name.to_string(),
                    expected,
                    at,
                });
            }
            Tables::List(list)
        });
        let webhooks = root
            .get("webhooks")
            .map(|w| w.items())
            .unwrap_or_default()
            .iter()
            .map(|w| WebhookEntry {
                provider: w
                    .get("provider")
                    .and_then(|p| p.as_str())
                    .unwrap_or("generic")
                    .to_string(),
                current_url: setting(w.get("current_url")),
                new_url: setting(w.get("new_url")),
                secret: setting(w.get("secret")),
                repo: w.get("repo").and_then(|r| r.as_str()).map(str::to_string),
                api_base: w
                    .get("api_base")
                    .and_then(|r| r.as_str())
                    .map(str::to_string),
                at: loc(w.span),
            })
            .collect();
        let dns_ttl_seconds = root.path(&["cutover", "dns_ttl_seconds"]).and_then(|n| {
            check
                .value("cutover.dns_ttl_seconds", Some(n), |t| {
                    whole(t, 0, MAX_TTL, "seconds")
                })
                .map(|v| (v, loc(n.span)))
        });
        let manifest = Manifest {
            file,
            target: root.entry("target").map(|(k, _)| loc(k.span)),
            target_timezone: non_empty(root.path(&["target", "timezone"])),
            process_type_env: non_empty(root.path(&["target", "process_type_env"])),
            target_platform: non_empty(root.path(&["target", "platform"])),
            target_variables: root.path(&["target", "variables"]).map(|l| {
                l.items()
                    .iter()
                    .filter_map(|n| non_empty(Some(n)))
                    .collect()
            }),
            source_db: setting(root.path(&["source", "db_url"])),
            target_db: setting(root.path(&["target", "db_url"])),
            extensions_key: root
                .get("source")
                .and_then(|s| s.entry("extensions"))
                .map(|(k, _)| loc(k.span)),
            source_extensions: root
                .path(&["source", "extensions"])
                .map(|l| l.items().iter().filter_map(|n| setting(Some(n))).collect())
                .unwrap_or_default(),
            target_url: setting(root.path(&["target", "url"])),
            health_endpoint: setting(root.path(&["verification", "health_endpoint"])),
            health,
            tables,
            webhooks,
            dns_ttl_seconds,
            source_platform: non_empty(root.path(&["source", "platform"])),
            webhook_providers: root
                .path(&["verification", "webhook_providers"])
                .into_iter()
                .chain(root.get("webhook_providers"))
                .flat_map(|l| l.items())
                .filter_map(|n| non_empty(Some(n)))
                .collect(),
        };
        // The schema's errors (unknown keys, wrong types) and the values refused above, in
        // document order: one list for `check` (EG701) and `verify` alike.
        let mut errors = crate::shape::validate(file, "", root, &SCHEMA, "the manifest");
        errors.append(&mut check.errors);
        errors.sort_by_key(|e| (e.at.span.start, e.at.span.end));
        (manifest, errors)
    }

    /// Every location of the model, to rewrite in place (the file id extraction gives it
    /// later, spans snapped to whole characters).
    pub fn each_loc(&mut self, f: &mut dyn FnMut(&mut Loc)) {
        let settings = self
            .target_timezone
            .iter_mut()
            .chain(&mut self.process_type_env)
            .chain(&mut self.target_platform)
            .chain(self.target_variables.iter_mut().flatten())
            .chain(&mut self.source_db)
            .chain(&mut self.target_db)
            .chain(&mut self.source_extensions)
            .chain(&mut self.target_url)
            .chain(&mut self.health_endpoint)
            .chain(&mut self.source_platform);
        settings.for_each(|s| f(&mut s.at));
        for at in self.target.iter_mut().chain(&mut self.extensions_key) {
            f(at);
        }
        if let Some((_, at)) = &mut self.dns_ttl_seconds {
            f(at);
        }
        match &mut self.tables {
            Some(Tables::All(at)) => f(at),
            Some(Tables::List(list)) => list.iter_mut().for_each(|t| f(&mut t.at)),
            None => {}
        }
        for w in &mut self.webhooks {
            f(&mut w.at);
            let settings = w
                .current_url
                .iter_mut()
                .chain(&mut w.new_url)
                .chain(&mut w.secret);
            settings.for_each(|s| f(&mut s.at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_seed_template_with_spans() {
        let text = "source:\n  db_url: ${SRC_URL}\n  extensions: [pg_trgm, citext]\ntarget:\n  db_url: postgres://t/db\n  url: https://new.example.com\n\
                    verification:\n  health_endpoint: /healthz\n  row_count_tables:\n    - users\n    - {table: invoices, expected: 14200}\n\
                    webhooks:\n  - provider: stripe\n    new_url: https://new.example.com/hooks/stripe\n    secret: ${STRIPE_WHSEC}\n";
        let root = &yaml::parse(text).unwrap()[0];
        let plan = Manifest::from_yaml(0, root).unwrap();
        assert_eq!(
            plan.source_extensions
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>(),
            ["pg_trgm", "citext"]
        );
        let e = &plan.source_extensions[1];
        assert_eq!(&text[e.at.span.start..e.at.span.end], "citext");
        let Some(Tables::List(t)) = &plan.tables else {
            panic!()
        };
        assert_eq!(
            (t[1].name.as_str(), t[1].expected),
            ("invoices", Some(14200))
        );
        assert_eq!(plan.webhooks[0].provider, "stripe");
        assert_eq!(plan.health.retries, 3);
    }

    fn errors(text: &str) -> Vec<(String, usize, String)> {
        let root = &yaml::parse(text).unwrap()[0];
        Manifest::from_yaml(0, root)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| {
                let line = crate::source::line_of(text, e.at.span.start);
                (e.key, line, e.message)
            })
            .collect()
    }

    #[test]
    fn numbers_out_of_range_are_errors_naming_key_and_line() {
        let text = "verification:\n  health:\n    retries: 1e20\n    backoff_seconds: 1e300\n    timeout_seconds: -3\n\
                    \x20 row_count_tables:\n    - {table: a, expected: lots}\n    - {tabel: b}\n";
        let e = errors(text);
        assert_eq!(
            e,
            [
                (
                    "verification.health.retries".into(),
                    3,
                    "1e20 is out of range (0 to 20 retries)".into()
                ),
                (
                    "verification.health.backoff_seconds".into(),
                    4,
                    "1e300 is out of range (0 to 60 seconds)".into()
                ),
                (
                    "verification.health.timeout_seconds".into(),
                    5,
                    "-3 is out of range (0.1 to 3600 seconds)".into()
                ),
                (
                    "verification.row_count_tables[0].expected".into(),
                    7,
                    "\"lots\" is not a whole number (0 or more rows)".into()
                ),
                (
                    "verification.row_count_tables[1].tabel".into(),
                    8,
                    "unknown key `tabel` in `verification.row_count_tables[1]` (did you mean `table`?)".into()
                ),
            ]
        );
        for (value, why) in [
            ("retries: -1", "out of range"),
            ("retries: 2.5", "not a whole number"),
            ("retries: 21", "out of range"),
            ("retries: .inf", "not a whole number"),
            ("backoff_seconds: .nan", "not a number"),
            ("backoff_seconds: NaN", "out of range"),
            ("backoff_seconds: inf", "out of range"),
            ("backoff_seconds: -0.5", "out of range"),
            ("backoff_seconds: 61", "out of range"),
            ("timeout_seconds: 0", "out of range"),
            ("timeout_seconds: 1e-9", "out of range"),
            ("timeout_seconds: [1]", "not a list or mapping"),
        ] {
            let e = errors(&format!("verification:\n  health:\n    {value}\n"));
            assert!(e.len() == 1 && e[0].2.contains(why), "{value}: {e:?}");
        }
    }

    #[test]
    fn the_schema_unknown_keys_types_paths_and_empty_lists() {
        let e = errors(
            "source:\n  extensions: pgcrypto\ntarget:\n  url: https://x.example.com\n  timzone: UTC\n\
             verification:\n  health_endpoint: up\n  row_count_table: [users]\n  row_count_tables: []\n\
             webhook_provider: [stripe]\ncutover:\n  dns_ttl_second: 60\n  owner: ops\n  dns_ttl_seconds: soon\n",
        );
        let got: Vec<(&str, usize, &str)> = e
            .iter()
            .map(|(k, l, m)| (k.as_str(), *l, m.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("source.extensions", 2, "must be a list of values, not a single value"),
                ("target.timzone", 5, "unknown key `timzone` in `target` (did you mean `timezone`?)"),
                (
                    "verification.health_endpoint",
                    7,
                    "\"up\" is not a path: it must start with `/` (it is appended to the URL)"
                ),
                (
                    "verification.row_count_table",
                    8,
                    "unknown key `row_count_table` in `verification` (did you mean `row_count_tables`?)"
                ),
                ("verification.row_count_tables", 9, "is empty: list at least one entry"),
                ("webhook_provider", 10, "unknown key `webhook_provider` (did you mean `webhook_providers`?)"),
                (
                    "cutover.dns_ttl_second",
                    12,
                    "`dns_ttl_second` in `cutover` is not a key egress reads (did you mean `dns_ttl_seconds`?)"
                ),
                ("cutover.dns_ttl_seconds", 14, "\"soon\" is not a whole number (0 to 2147483647 seconds)"),
            ]
        );
        // The seed's template is valid as it is.
        let seed = include_str!("../../testdata/manifests/migration-manifest.yml");
        assert_eq!(errors(seed), []);
        assert_eq!(errors("- a\n")[0].2, "the manifest must be a mapping");
        // A YAML merge key is no key of its own.
        let merged = "x-db: &db\n  db_url: ${SRC}\nsource:\n  <<: *db\n  extensions: [citext]\n";
        assert_eq!(errors(merged).len(), 1, "{:?}", errors(merged));
        assert_eq!(
            errors("verification:\n  row_count_tables:\n")[0].2,
            "is empty: write `all` or a list of tables"
        );
        assert_eq!(
            errors("verification:\n  row_count_tables: users\n")[0].2,
            "must be `all` or a list of tables, not \"users\""
        );
    }

    #[test]
    fn dns_ttl_is_read_with_its_span() {
        let text = "cutover:\n  dns_ttl_seconds: 3600\n";
        let root = &yaml::parse(text).unwrap()[0];
        let (m, errors) = Manifest::parse(0, root);
        assert!(errors.is_empty());
        let (ttl, at) = m.dns_ttl_seconds.unwrap();
        assert_eq!((ttl, &text[at.span.start..at.span.end]), (3600, "3600"));
    }

    #[test]
    fn the_json_schema_is_the_same_declaration() {
        let s = crate::shape::json_schema(&SCHEMA);
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(
            s["properties"]["verification"]["properties"]["health_endpoint"]["pattern"],
            "^/"
        );
        assert!(s["properties"]["cutover"]["additionalProperties"].is_null());
    }

    #[test]
    fn valid_numbers_and_defaults() {
        let text = "verification:\n  health: {retries: 20, backoff_seconds: 0, timeout_seconds: \"2.5\"}\n";
        let plan = Manifest::from_yaml(0, &yaml::parse(text).unwrap()[0]).unwrap();
        assert_eq!(plan.health.retries, 20);
        assert_eq!(plan.health.backoff, Duration::ZERO);
        assert_eq!(plan.health.timeout, Duration::from_millis(2500));
        let text = "verification:\n  health: {retries: ~}\n";
        let plan = Manifest::from_yaml(0, &yaml::parse(text).unwrap()[0]).unwrap();
        assert_eq!(
            (
                plan.health.retries,
                plan.health.backoff,
                plan.health.timeout
            ),
            (3, Duration::from_secs(2), Duration::from_secs(10))
        );
        assert_eq!(
            seconds(" 300 ", COUNT_TIMEOUT_RANGE),
            Ok(Duration::from_secs(300))
        );
        assert!(seconds("86401", COUNT_TIMEOUT_RANGE).is_err());
    }

    #[test]
    fn one_model_for_check_and_verify() {
        let text = "source:\n  db_url: ${SRC}\n  extensions: [citext]\ntarget:\n  timezone: \"\"\n  process_type_env: ROLE\n\
                    verification:\n  health: {retries: 99}\n  row_count_tables: all\n";
        let root = &yaml::parse(text).unwrap()[0];
        // `check` reads the model even where `verify` refuses a value.
        let (m, errors) = Manifest::parse(3, root);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].key, "verification.health.retries");
        assert!(Manifest::from_yaml(3, root).is_err());
        assert_eq!(m.file, 3);
        assert!(m.target_timezone.is_none());
        assert_eq!(m.process_type_env.as_ref().unwrap().value, "ROLE");
        assert_eq!(m.source_db.as_ref().unwrap().value, "${SRC}");
        assert!(matches!(m.tables, Some(Tables::All(_))));
        assert_eq!(m.health.retries, HealthSettings::default().retries);
        let at = |l: Loc| &text[l.span.start..l.span.end];
        assert_eq!(at(m.target.unwrap()), "target");
        assert_eq!(at(m.extensions_key.unwrap()), "extensions");
        // Every location is visited, so extraction can renumber and snap them all.
        let mut m = m;
        let mut seen = 0;
        m.each_loc(&mut |l| {
            l.file = 7;
            seen += 1;
        });
        assert_eq!(seen, 6);
        assert_eq!(m.source_extensions[0].at.file, 7);
    }
}
