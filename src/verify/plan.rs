//! What `egress verify` reads from migration-manifest.yml: every setting with its span, so each
//! check and finding points at the manifest line it came from. `${VAR}` is expanded from the
//! environment at use, and a missing variable makes only the checks that need it unknown.

use std::time::Duration;

use crate::extract::Setting;
use crate::parse::{yaml, Tree};
use crate::source::{FileId, Loc, Span};

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

#[derive(Debug, Clone)]
pub struct Plan {
    pub file: FileId,
    pub source_db: Option<Setting>,
    pub target_db: Option<Setting>,
    pub extensions_key: Option<Loc>,
    pub extensions: Vec<Setting>,
    pub target_url: Option<Setting>,
    pub health_endpoint: Option<Setting>,
    pub health: HealthSettings,
    pub tables: Option<Tables>,
    pub webhooks: Vec<WebhookEntry>,
}

/// A `${VAR}` that the environment does not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingVar(pub String);

/// Expand `${VAR}` (and `${VAR:-default}`) from the environment.
pub fn expand(value: &str) -> Result<String, MissingVar> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let inner = &after[..end];
        let (name, default) = match inner.split_once(":-") {
            Some((n, d)) => (n, Some(d)),
            None => (inner, None),
        };
        match (std::env::var(name), default) {
            (Ok(v), _) if !v.is_empty() => out.push_str(&v),
            (_, Some(d)) => out.push_str(d),
            _ => return Err(MissingVar(name.to_string())),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

impl Plan {
    /// Read the manifest tree. Unknown keys are left to the config schema (issue 5).
    pub fn from_yaml(file: FileId, root: &yaml::Node) -> Plan {
        let loc = |span: Span| Loc { file, span };
        let setting = |n: Option<&yaml::Node>| {
            n.and_then(|n| {
                n.as_value_str().map(|v| Setting {
                    value: v.to_string(),
                    at: loc(n.span),
                })
            })
        };
        let number = |n: Option<&yaml::Node>| {
            n.and_then(|n| n.as_str())
                .and_then(|s| s.trim().parse::<f64>().ok())
        };
        let health_cfg = root.path(&["verification", "health"]);
        // A negative, NaN or huge number of seconds is no duration: it counts as unset, like
        // a value that is not a number (`Duration::from_secs_f64` would panic on it).
        let seconds = |key: &str, default: f64| {
            number(health_cfg.and_then(|h| h.get(key)))
                .and_then(|n| Duration::try_from_secs_f64(n).ok())
                .unwrap_or(Duration::from_secs_f64(default))
        };
        let health = HealthSettings {
            retries: number(health_cfg.and_then(|h| h.get("retries"))).map_or(3, |n| n as u32),
            backoff: seconds("backoff_seconds", 2.0),
            timeout: seconds("timeout_seconds", 10.0),
        };
        let tables = root.path(&["verification", "row_count_tables"]).map(|t| {
            if t.as_str() == Some("all") {
                return Tables::All(loc(t.span));
            }
            Tables::List(
                t.items()
                    .iter()
                    .filter_map(|item| match item.as_str() {
                        Some(name) => Some(TableEntry {
                            name: name.to_string(),
                            expected: None,
                            at: loc(item.span),
                        }),
                        None => {
                            let name = item.get("table")?.as_str()?.to_string();
                            let expected = item
                                .get("expected")
                                .and_then(|e| e.as_str())
                                .and_then(|e| e.parse().ok());
                            Some(TableEntry {
                                name,
                                expected,
                                at: loc(item.span),
                            })
                        }
                    })
                    .collect(),
            )
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
        Plan {
            file,
            source_db: setting(root.path(&["source", "db_url"])),
            target_db: setting(root.path(&["target", "db_url"])),
            extensions_key: root
                .get("source")
                .and_then(|s| s.entry("extensions"))
                .map(|(k, _)| loc(k.span)),
            extensions: root
                .path(&["source", "extensions"])
                .map(|l| l.items().iter().filter_map(|n| setting(Some(n))).collect())
                .unwrap_or_default(),
            target_url: setting(root.path(&["target", "url"])),
            health_endpoint: setting(root.path(&["verification", "health_endpoint"])),
            health,
            tables,
            webhooks,
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
        let plan = Plan::from_yaml(0, root);
        assert_eq!(
            plan.extensions
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>(),
            ["pg_trgm", "citext"]
        );
        let e = &plan.extensions[1];
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

    #[test]
    fn health_durations_that_are_no_duration_count_as_unset() {
        for (value, backoff) in [("-1", 2.0), ("NaN", 2.0), ("1e300", 2.0), ("0.5", 0.5)] {
            let text = format!("verification:\n  health:\n    backoff_seconds: {value}\n    timeout_seconds: {value}\n");
            let plan = Plan::from_yaml(0, &yaml::parse(&text).unwrap()[0]);
            assert_eq!(
                plan.health.backoff,
                Duration::from_secs_f64(backoff),
                "{value}"
            );
            let timeout = if backoff == 2.0 { 10.0 } else { backoff };
            assert_eq!(
                plan.health.timeout,
                Duration::from_secs_f64(timeout),
                "{value}"
            );
        }
    }

    #[test]
    fn expansion_names_the_missing_variable() {
        std::env::set_var("EGRESS_PLAN_TEST_HOST", "db.example.com");
        assert_eq!(
            expand("postgres://${EGRESS_PLAN_TEST_HOST}/x").unwrap(),
            "postgres://db.example.com/x"
        );
        assert_eq!(expand("${EGRESS_PLAN_NOPE:-fallback}").unwrap(), "fallback");
        assert_eq!(
            expand("${EGRESS_PLAN_NOPE}"),
            Err(MissingVar("EGRESS_PLAN_NOPE".into()))
        );
    }
}
