//! Running the phases: resolve the manifest's settings, probe both sides in parallel, hand the
//! live facts to the live rules. Nothing here aborts other checks: a side that cannot be reached
//! makes its checks `unknown`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::expand::{expand, MissingVar};
use super::facts::{DbFacts, Seen, TableFacts, Unverified};
use super::probe::postgres::{self, Limits, Target};
use super::probe::{http, with_deadline};
use super::rules::{self, CheckResult, Live};
use super::secrets::Secrets;
use super::webhook::{self, Provider};
use crate::discover::SourceKind;
use crate::extract::{Contract, FileInfo};
use crate::manifest::Setting;
use crate::manifest::{Manifest, Tables};
use crate::parse::yaml;
use crate::rules::Finding;
use crate::source::{line_of, FileId, Loc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Extensions,
    Rows,
    Health,
    Webhooks,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::Extensions,
        Phase::Rows,
        Phase::Health,
        Phase::Webhooks,
    ];
}

pub struct Options {
    pub manifest: PathBuf,
    pub phases: Vec<Phase>,
    /// Connecting, each catalog query, each lock wait and each HTTP request (`--timeout`).
    pub timeout: Duration,
    /// Each row count (or checksum) statement, which reads a whole table, lock wait included
    /// (`--count-timeout`).
    pub count_timeout: Duration,
    pub jobs: usize,
    pub checksum: bool,
    /// Send correctly signed test deliveries to webhook endpoints (EG933).
    pub send_test_deliveries: bool,
    /// Show progress on stderr (the caller decides: a terminal, not quiet).
    pub progress: bool,
}

pub struct Outcome {
    pub contract: Contract,
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckResult>,
    /// Optional checks that did not run, and why (no API key, deliveries not requested).
    pub notes: Vec<String>,
    pub elapsed: Duration,
}

/// Read the manifest and run the phases. `Err` is a usage problem (exit 2): the manifest cannot
/// be read or parsed, or a value it sets is out of range (one `path:line: key: why` per line).
pub fn run(opts: &Options) -> Result<Outcome, String> {
    let started = Instant::now();
    let path = &opts.manifest;
    let (text, docs) = yaml::load_file(path, crate::discover::open::MANIFEST_LIMIT)?;
    let root = docs
        .first()
        .ok_or_else(|| format!("{}: the manifest is empty", path.display()))?;
    let mut contract = Contract::default();
    let file = contract.files.len() as FileId;
    let manifest = Manifest::from_yaml(file, root).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                format!(
                    "{}:{}: {}: {}",
                    path.display(),
                    line_of(&text, e.at.span.start),
                    e.key,
                    e.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    // Every secret is known before the first probe, and the manifest's text is kept with them
    // overwritten: snippets and messages alike are cleaned of them.
    let secrets = Secrets::learn(&manifest);
    let added = contract.add_document(
        FileInfo::new(path.clone(), SourceKind::MigrationManifest, true),
        secrets.mask_manifest(&text).into(),
    );
    debug_assert_eq!(added, file);
    let line = |at: Loc| line_of(&text, at.span.start);
    let resolve = |key: &str, s: &Option<Setting>| -> Seen<Target> {
        let s = s.as_ref().ok_or_else(|| Unverified::NotConfigured {
            key: key.to_string(),
            place: Some(path.display().to_string()),
        })?;
        let place = format!("{}:{}", path.display(), line(s.at));
        let url = expand(&s.value).map_err(|MissingVar(var)| Unverified::MissingVariable {
            var,
            key: key.to_string(),
            place: place.clone(),
        })?;
        Target::parse(&url).map_err(|detail| Unverified::Invalid {
            key: key.to_string(),
            place,
            detail,
        })
    };
    let source = resolve("source.db_url", &manifest.source_db);
    let target = resolve("target.db_url", &manifest.target_db);
    let limits = Limits {
        connect_timeout: opts.timeout,
        statement_timeout: opts.timeout,
    };
    let mut live = Live::default();

    if opts.phases.contains(&Phase::Extensions) {
        let (s, t) = std::thread::scope(|scope| {
            let s = scope.spawn(|| probe_db(&source, limits));
            let t = scope.spawn(|| probe_db(&target, limits));
            (
                s.join()
                    .unwrap_or_else(|_| Err(Unverified::Failed("probe failed".into()))),
                t.join()
                    .unwrap_or_else(|_| Err(Unverified::Failed("probe failed".into()))),
            )
        });
        rules::extensions::check(&manifest, &s, &t, &mut live);
    }
    if opts.phases.contains(&Phase::Rows) {
        rows_phase(&manifest, &source, &target, opts, limits, &mut live);
    }
    let mut notes = Vec::new();
    if opts.phases.contains(&Phase::Health) {
        health_phase(&manifest, opts, &line, &mut live);
    }
    if opts.phases.contains(&Phase::Webhooks) {
        webhooks_phase(&manifest, opts, &line, &mut live, &mut notes);
    }

    for c in &mut live.checks {
        c.evidence = secrets.clean(&c.evidence);
        c.subject = secrets.clean(&c.subject);
    }
    for f in &mut live.findings {
        f.message = secrets.clean(&f.message);
        f.help = f.help.as_deref().map(|h| secrets.clean(h));
        f.label = f.label.as_deref().map(|l| secrets.clean(l));
    }
    live.findings.sort_by_key(|f| (f.at.span.start, f.rule));
    let notes = notes.iter().map(|n| secrets.clean(n)).collect();
    Ok(Outcome {
        contract,
        findings: live.findings,
        checks: live.checks,
        notes,
        elapsed: started.elapsed(),
    })
}

fn probe_db(target: &Seen<Target>, limits: Limits) -> Seen<DbFacts> {
    let t = target.as_ref().map_err(Clone::clone)?;
    let host = t.describe();
    let owned = t.clone();
    with_deadline(
        limits.connect_timeout + limits.statement_timeout,
        move || postgres::db_facts(&owned, limits),
    )
    .unwrap_or_else(|| {
        Err(Unverified::TimedOut(format!(
            "no answer from {host} within {:?}",
            limits.connect_timeout + limits.statement_timeout
        )))
    })
}

fn rows_phase(
    manifest: &Manifest,
    source: &Seen<Target>,
    target: &Seen<Target>,
    opts: &Options,
    limits: Limits,
    live: &mut Live,
) {
    let Some(tables) = &manifest.tables else {
        return;
    };
    let entries: Vec<(String, Loc, Option<i64>)> = match tables {
        Tables::List(list) => list
            .iter()
            .map(|e| (e.name.clone(), e.at, e.expected))
            .collect(),
        Tables::All(at) => {
            let listed = source.as_ref().map_err(Clone::clone).and_then(|s| {
                let owned = s.clone();
                with_deadline(
                    limits.connect_timeout + limits.statement_timeout,
                    move || postgres::user_tables(&owned, limits),
                )
                .unwrap_or_else(|| {
                    Err(Unverified::TimedOut(
                        "no answer while listing tables".into(),
                    ))
                })
            });
            match listed {
                Ok(names) => names.into_iter().map(|n| (n, *at, None)).collect(),
                Err(why) => {
                    live.check(
                        "rows",
                        "all tables",
                        super::facts::Status::Unknown,
                        why.to_string(),
                        Some(*at),
                    );
                    return;
                }
            }
        }
    };
    let names: Vec<String> = entries.iter().map(|(n, ..)| n.clone()).collect();
    let done = AtomicUsize::new(0);
    let started = Instant::now();
    let total = names.len() * 2;
    let tick = |_: &str| {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if opts.progress {
            eprint!(
                "\r\x1b[2Kcounting rows: {n}/{total} tables, {:.1}s",
                started.elapsed().as_secs_f64()
            );
        }
    };
    let per_side = |side: &Seen<Target>| -> Vec<Seen<super::facts::Count>> {
        let counted = side.as_ref().map_err(Clone::clone).and_then(|t| {
            postgres::count_tables(
                t,
                limits,
                opts.count_timeout,
                &names,
                opts.jobs,
                opts.checksum,
                &tick,
            )
        });
        match counted {
            Ok(results) => results,
            Err(why) => names.iter().map(|_| Err(why.clone())).collect(),
        }
    };
    let (s, t) = std::thread::scope(|scope| {
        let s = scope.spawn(|| per_side(source));
        let t = scope.spawn(|| per_side(target));
        (s.join().unwrap_or_default(), t.join().unwrap_or_default())
    });
    if opts.progress {
        eprint!("\r\x1b[2K");
    }
    let facts: Vec<(TableFacts, Loc, Option<i64>)> = entries
        .into_iter()
        .zip(s.into_iter().zip(t))
        .map(|((name, at, expected), (source, target))| {
            (
                TableFacts {
                    name,
                    source,
                    target,
                },
                at,
                expected,
            )
        })
        .collect();
    rules::rows::check(&facts, live);
}

/// `${VAR}`-expand a setting, or say which variable is missing and where.
fn expanded(s: &Setting, key: &str, line: &dyn Fn(Loc) -> usize) -> Seen<String> {
    expand(&s.value).map_err(|MissingVar(var)| Unverified::MissingVariable {
        var,
        key: key.to_string(),
        place: format!("manifest line {}", line(s.at)),
    })
}

fn health_phase(manifest: &Manifest, opts: &Options, line: &dyn Fn(Loc) -> usize, live: &mut Live) {
    let (Some(base), endpoint) = (&manifest.target_url, &manifest.health_endpoint) else {
        if let Some(e) = &manifest.health_endpoint {
            live.check(
                "health",
                "health endpoint",
                super::facts::Status::Unknown,
                Unverified::NotConfigured {
                    key: "target.url".into(),
                    place: None,
                }
                .to_string(),
                Some(e.at),
            );
        }
        return;
    };
    let at = endpoint.as_ref().map_or(base.at, |e| e.at);
    let url = expanded(base, "target.url", line).and_then(|b| match endpoint {
        Some(e) => expanded(e, "verification.health_endpoint", line)
            .map(|p| format!("{}/{}", b.trim_end_matches('/'), p.trim_start_matches('/'))),
        None => Ok(b),
    });
    let shown = url
        .as_deref()
        .map_or_else(|_| "health endpoint".to_string(), http::redact_url);
    let policy = http::HealthPolicy {
        retries: manifest.health.retries,
        backoff: manifest.health.backoff,
        timeout: manifest.health.timeout.min(opts.timeout),
    };
    let outcome = url.map(|u| http::health(&u, &policy));
    rules::health::check(&shown, &outcome, Some(at), live);
}

fn webhooks_phase(
    manifest: &Manifest,
    opts: &Options,
    line: &dyn Fn(Loc) -> usize,
    live: &mut Live,
    notes: &mut Vec<String>,
) {
    let limits = http::Limits {
        timeout: opts.timeout,
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    for w in &manifest.webhooks {
        let provider = Provider::parse(&w.provider).unwrap_or(Provider::Generic);
        let secret = w
            .secret
            .as_ref()
            .map(|s| expanded(s, "webhooks[].secret", line));
        let new_url = match &w.new_url {
            Some(s) => expanded(s, "webhooks[].new_url", line),
            None => Err(Unverified::NotConfigured {
                key: "new_url".into(),
                place: None,
            }),
        };
        let current_url = w.current_url.as_ref().and_then(|s| expand(&s.value).ok());
        let body = webhook::ping_body(provider);
        let post = |headers: &[(String, String)]| -> Seen<u16> {
            let url = new_url.as_ref().map_err(Clone::clone)?;
            http::send("POST", url, headers, Some(&body), &limits).map(|r| r.status)
        };
        let unsigned = new_url
            .is_ok()
            .then(|| post(&webhook::wrong_signature_headers(provider, &body, now)));
        let signed = match (opts.send_test_deliveries, &secret) {
            (false, _) => {
                notes.push(format!(
                    "{}: signed test delivery not sent (pass --send-test-deliveries)",
                    provider.name()
                ));
                None
            }
            (true, None) => Some(Err(Unverified::NoSecret)),
            (true, Some(Err(why))) => Some(Err(why.clone())),
            (true, Some(Ok(s))) => match webhook::signed_headers(provider, s, &body, now) {
                Some(headers) => Some(post(&headers)),
                None => Some(Err(Unverified::Unsupported(format!(
                    "{} signs deliveries with its own key: send a test event from its dashboard",
                    provider.name()
                )))),
            },
        };
        let key_var = match provider {
            Provider::Stripe => Some("STRIPE_API_KEY"),
            Provider::GitHub => Some("GITHUB_TOKEN"),
            Provider::SendGrid => Some("SENDGRID_API_KEY"),
            Provider::Generic => None,
        };
        let key = key_var
            .and_then(|v| std::env::var(v).ok())
            .filter(|k| !k.is_empty());
        let registered = match (key, provider.default_api_base()) {
            (Some(key), Some(default_base)) => {
                let api = webhook::Api {
                    base: w
                        .api_base
                        .clone()
                        .unwrap_or_else(|| default_base.to_string()),
                    key,
                };
                Some(webhook::registrations(
                    provider,
                    &api,
                    w.repo.as_deref(),
                    &limits,
                ))
            }
            _ => {
                if let Some(var) = key_var {
                    notes.push(format!(
                        "{}: endpoint registration not checked ({var} is not set)",
                        provider.name()
                    ));
                }
                None
            }
        };
        let facts = super::facts::WebhookFacts {
            provider: provider.name().to_string(),
            at: w.at,
            new_url: new_url
                .as_deref()
                .map(http::redact_url)
                .map_err(Clone::clone),
            current_url: current_url.as_deref().map(http::redact_url),
            unsigned,
            signed,
            registered,
        };
        rules::webhooks::check(&facts, live);
    }
}
