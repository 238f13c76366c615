//! Drift tests for the live rules, as `tests/catalog.rs` is for the static ones: every live rule
//! belongs to exactly one phase of the table, and every `bad` example of a live rule's YAML fires
//! that rule (and no other) at the stated manifest line, every `good` one fires nothing.
//!
//! A live example is a manifest snippet and the live facts recorded from both sides (`live:`:
//! each database's extensions, preload libraries, time zone and encryption, over the defaults in
//! `testdata/live/databases.yml`; row counts; both catalogs; the health outcome; each webhook's
//! answers). The test reads the recordings with serde, builds the phase's facts from them and
//! runs the phase's live rules offline, through the same `Phase::judge` that `egress verify`
//! uses: no socket.

use std::collections::BTreeMap;
use std::fs;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value};

use egress::manifest::{Manifest, Tables};
use egress::parse::{yaml, Tree};
use egress::rules::{RuleId, CATALOG};
use egress::source::line_of;
use egress::verify::facts::{
    Catalog, Count, DbFacts, Evidence, ExtensionInfo, HealthFacts, HealthOutcome, KeyDiff,
    PhaseFacts, SchemaFacts, Seen, TableFacts, Unverified, WebhookFacts,
};
use egress::verify::phases::{self, health_url, Phase, PHASES};
use egress::verify::probe::http::redact_url;
use egress::verify::rules::Live;
use egress::verify::webhook::Provider;

// ------------------------------------------------------------------ recorded facts

/// A YAML tree as JSON, for serde: plain `true`/`false`, whole numbers and nulls are typed, every
/// other scalar is a string (so `server_version: 14.11` stays "14.11").
fn to_json(n: &yaml::Node) -> Value {
    match &n.value {
        yaml::Value::Scalar { text, plain: true } => match text.as_str() {
            "" | "~" | "null" => Value::Null,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            t => t
                .parse::<i64>()
                .map_or_else(|_| Value::String(t.to_string()), Value::from),
        },
        yaml::Value::Scalar { text, .. } => Value::String(text.clone()),
        yaml::Value::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        yaml::Value::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.as_str().unwrap_or("").to_string(), to_json(v)))
                .collect(),
        ),
        yaml::Value::Alias => Value::Null,
    }
}

/// What an example recorded (`live:`).
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct Recorded {
    /// Keys that differ from `testdata/live/databases.yml`, or `{unverified: why}`.
    source: Option<Map<String, Value>>,
    target: Option<Map<String, Value>>,
    /// Each table's count on both sides, by name.
    tables: Option<BTreeMap<String, TableRec>>,
    /// Why the source's tables could not be listed (`row_count_tables: all`).
    listing: Option<Why>,
    /// Both catalogs as the schema phase reads them.
    schema: Option<SchemaRec>,
    health: Option<HealthRec>,
    /// One entry per `webhooks:` entry of the manifest, in order.
    #[serde(default)]
    webhooks: Vec<WebhookRec>,
}

/// `{unverified: why}`: a side or probe egress could not look at.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct Why {
    unverified: String,
}

impl Why {
    fn reason(&self) -> Unverified {
        Unverified::Failed(self.unverified.clone())
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct DbRec {
    host: String,
    local: bool,
    tls: bool,
    server_version: String,
    /// `name schema version`
    installed: Vec<String>,
    available: Vec<String>,
    shared_preload_libraries: String,
    timezone: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct TableRec {
    source: SideRec,
    target: SideRec,
    /// What the key diff found (EG918), as `KeyDiff` reads it.
    #[serde(default)]
    diff: Option<KeyDiff>,
}

/// One side's count: `300`, `{count: 300, checksum: "8a1f"}`, `missing` or `{unverified: why}`.
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum SideRec {
    Rows(i64),
    Hashed { count: i64, checksum: String },
    Word(String),
    Unverified(Why),
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct SchemaRec {
    source: CatalogRec,
    target: CatalogRec,
}

/// One side's catalog, or `{unverified: why}`.
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum CatalogRec {
    Unverified(Why),
    Catalog(Catalog),
}

impl CatalogRec {
    fn seen(&self) -> Seen<Catalog> {
        match self {
            CatalogRec::Unverified(why) => Err(why.reason()),
            CatalogRec::Catalog(c) => Ok(c.clone()),
        }
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct HealthRec {
    status: Option<u16>,
    error: Option<String>,
    #[serde(default = "one")]
    attempts: u32,
    #[serde(default)]
    elapsed_ms: u64,
    unverified: Option<String>,
}

fn one() -> u32 {
    1
}

/// A status (`400`) or `{unverified: why}`.
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
enum StatusRec {
    Status(u16),
    Unverified(Why),
}

#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
enum UrlsRec {
    Urls(Vec<String>),
    Unverified(Why),
}

/// What one webhook answered; a probe left out was not made.
#[derive(Deserialize, Debug, Default, Clone)]
#[serde(deny_unknown_fields)]
struct WebhookRec {
    /// The delivery with a wrong signature.
    unsigned: Option<StatusRec>,
    /// The correctly signed delivery (`--send-test-deliveries`).
    signed: Option<StatusRec>,
    /// The provider's registered endpoint URLs (its API key set).
    registered: Option<UrlsRec>,
}

fn status(r: &StatusRec) -> Seen<u16> {
    match r {
        StatusRec::Status(s) => Ok(*s),
        StatusRec::Unverified(why) => Err(why.reason()),
    }
}

/// One database: the defaults of `testdata/live/databases.yml` for `side`, with the example's
/// keys over them.
fn database(side: &str, over: Option<&Map<String, Value>>) -> Seen<DbFacts> {
    let text = fs::read_to_string("testdata/live/databases.yml").unwrap();
    let defaults = to_json(&yaml::parse(&text).unwrap()[0]);
    let mut db = defaults[side].as_object().cloned().unwrap();
    if let Some(over) = over {
        if over.contains_key("unverified") {
            let why: Why = serde_json::from_value(Value::Object(over.clone()))
                .unwrap_or_else(|e| panic!("live.{side}: {e}"));
            return Err(why.reason());
        }
        db.extend(over.clone());
    }
    let r: DbRec =
        serde_json::from_value(Value::Object(db)).unwrap_or_else(|e| panic!("live.{side}: {e}"));
    let installed = r
        .installed
        .iter()
        .map(|e| match e.split_whitespace().collect::<Vec<_>>()[..] {
            [name, schema, version] => ExtensionInfo {
                name: name.into(),
                schema: schema.into(),
                version: version.into(),
            },
            _ => panic!("live.{side}.installed: `{e}` is not `name schema version`"),
        })
        .collect();
    Ok(DbFacts {
        host: r.host,
        local: r.local,
        evidence: Evidence {
            server_version: r.server_version,
            tls: r.tls,
        },
        installed,
        available: r
            .available
            .into_iter()
            .map(|n| (n, "1.0".to_string()))
            .collect(),
        shared_preload_libraries: r.shared_preload_libraries,
        timezone: r.timezone,
    })
}

fn count(r: &SideRec) -> Seen<Count> {
    match r {
        SideRec::Rows(n) => Ok(Count::Rows {
            count: *n,
            checksum: None,
        }),
        SideRec::Hashed { count, checksum } => Ok(Count::Rows {
            count: *count,
            checksum: Some(checksum.clone()),
        }),
        SideRec::Word(w) if w == "missing" => Ok(Count::Missing),
        SideRec::Word(w) => panic!("a count is a number, {{count, checksum}} or `missing`: {w}"),
        SideRec::Unverified(why) => Err(why.reason()),
    }
}

/// The facts a phase's probes would have handed to its rules.
fn facts(phase: &dyn Phase, m: &Manifest, rec: &Recorded) -> PhaseFacts {
    match phase.name() {
        "extensions" => PhaseFacts::Extensions {
            source: database("source", rec.source.as_ref()),
            target: database("target", rec.target.as_ref()),
        },
        "rows" => {
            if let Some(why) = &rec.listing {
                return PhaseFacts::Rows(Err(why.reason()));
            }
            let recorded = rec
                .tables
                .as_ref()
                .expect("a rows example records `tables`");
            let table = |name: &str, at, expected| {
                let r = recorded
                    .get(name)
                    .unwrap_or_else(|| panic!("no counts recorded for table {name}"));
                TableFacts {
                    name: name.to_string(),
                    at,
                    expected,
                    source: count(&r.source),
                    target: count(&r.target),
                    diff: r.diff.clone(),
                }
            };
            PhaseFacts::Rows(Ok(match &m.tables {
                Some(Tables::List(list)) => list
                    .iter()
                    .map(|e| table(&e.name, e.at, e.expected))
                    .collect(),
                Some(Tables::All(at)) => recorded.keys().map(|n| table(n, *at, None)).collect(),
                None => Vec::new(),
            }))
        }
        "schema" => PhaseFacts::Schema(m.tables.as_ref().map(|_| {
            let r = rec
                .schema
                .as_ref()
                .expect("a schema example records `schema`");
            SchemaFacts {
                source: r.source.seen(),
                target: r.target.seen(),
            }
        })),
        "health" => PhaseFacts::Health(health_url(m, &|_| 1).map(|(url, at)| {
            let shown = url
                .as_deref()
                .map_or_else(|_| "health endpoint".to_string(), redact_url);
            let h = rec
                .health
                .as_ref()
                .expect("a health example records `health`");
            let outcome = match (&h.unverified, url) {
                (Some(why), _) => Err(Unverified::Failed(why.clone())),
                (None, Err(why)) => Err(why),
                (None, Ok(_)) => Ok(HealthOutcome {
                    status: h.status,
                    error: h.error.clone(),
                    attempts: h.attempts,
                    elapsed: Duration::from_millis(h.elapsed_ms),
                    ok: matches!(h.status, Some(200..=299)),
                }),
            };
            HealthFacts {
                url: shown,
                at: Some(at),
                outcome,
            }
        })),
        "webhooks" => PhaseFacts::Webhooks(
            m.webhooks
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let r = rec.webhooks.get(i).cloned().unwrap_or_default();
                    let provider = Provider::parse(&w.provider).unwrap_or(Provider::Generic);
                    WebhookFacts {
                        provider: provider.name().to_string(),
                        at: w.at,
                        new_url: w.new_url.as_ref().map(|s| redact_url(&s.value)).ok_or(
                            Unverified::NotConfigured {
                                key: "new_url".into(),
                                place: None,
                            },
                        ),
                        current_url: w.current_url.as_ref().map(|s| redact_url(&s.value)),
                        unsigned: r.unsigned.as_ref().map(status),
                        signed: r.signed.as_ref().map(status),
                        registered: r.registered.as_ref().map(|u| match u {
                            UrlsRec::Urls(urls) => Ok(urls.clone()),
                            UrlsRec::Unverified(why) => Err(why.reason()),
                        }),
                    }
                })
                .collect(),
        ),
        other => panic!("phase {other} has no reader of recorded facts in this test"),
    }
}

// ------------------------------------------------------------------ examples

struct Example {
    manifest: String,
    line: Option<usize>,
    /// Rules that fire with this one (`also:`): EG918 comes with the EG911 or EG913 it narrows.
    also: Vec<String>,
    live: Recorded,
}

fn load(file: &str) -> yaml::Node {
    let text = fs::read_to_string(format!("rules/{file}")).unwrap();
    yaml::parse(&text).unwrap().remove(0)
}

fn examples(code: &str, doc: &yaml::Node, kind: &str) -> Vec<Example> {
    let Some(list) = doc.path(&["examples", kind]) else {
        return Vec::new();
    };
    list.items()
        .iter()
        .enumerate()
        .map(|(i, ex)| {
            let live = ex.get("live").map_or_else(Recorded::default, |l| {
                serde_json::from_value(to_json(l))
                    .unwrap_or_else(|e| panic!("{code}: {kind} example {i}: live: {e}"))
            });
            Example {
                manifest: ex
                    .get("manifest")
                    .and_then(|m| m.as_str())
                    .unwrap_or_else(|| panic!("{code}: {kind} example {i} has no manifest"))
                    .to_string(),
                line: ex
                    .get("line")
                    .and_then(|l| l.as_str())
                    .map(|l| l.parse().expect("line is a number")),
                also: ex
                    .get("also")
                    .map(|a| {
                        a.items()
                            .iter()
                            .map(|r| r.as_str().expect("also: rule codes").to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                live,
            }
        })
        .collect()
}

/// The example's manifest judged by `phase` over its recorded facts.
fn judge(phase: &dyn Phase, ex: &Example) -> (Manifest, Live) {
    let root = &yaml::parse(&ex.manifest).unwrap()[0];
    let m = Manifest::from_yaml(0, root).unwrap_or_else(|e| panic!("manifest: {e:?}"));
    let facts = facts(phase, &m, &ex.live);
    let mut live = Live::for_phase(phase.name());
    phase.judge(&m, &facts, &mut live);
    assert!(
        live.checks.iter().all(|c| c.phase == phase.name()),
        "{:?}",
        live.checks
    );
    (m, live)
}

#[test]
fn every_live_rule_belongs_to_exactly_one_phase() {
    let mut names: Vec<&str> = PHASES.iter().map(|p| p.name()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), PHASES.len(), "two phases share a name");
    let mut owners: BTreeMap<RuleId, Vec<&str>> = BTreeMap::new();
    for p in PHASES {
        assert!(
            !p.probes().is_empty() && !p.probes().contains('\n'),
            "{}",
            p.name()
        );
        for r in p.rules() {
            assert!(
                r.meta().live,
                "phase {} lists {}, which is not `live: true` in rules/",
                p.name(),
                r.code()
            );
            owners.entry(*r).or_default().push(p.name());
        }
    }
    for (r, phases) in &owners {
        assert_eq!(phases.len(), 1, "{} is in phases {phases:?}", r.code());
    }
    for m in CATALOG.iter().filter(|m| m.live) {
        assert!(
            owners.contains_key(&m.id),
            "{} is `live: true` but no phase lists it in rules()",
            m.code
        );
        assert_eq!(
            phases::of_rule(m.id).map(|p| p.name()),
            owners[&m.id].first().copied()
        );
    }
}

#[test]
fn live_examples_match_behaviour() {
    for m in CATALOG.iter().filter(|m| m.live) {
        let doc = load(m.file);
        let phase = phases::of_rule(m.id).unwrap_or_else(|| panic!("{}: no phase", m.code));
        let bad = examples(m.code, &doc, "bad");
        let good = examples(m.code, &doc, "good");
        match doc.get("examples_tested_in").and_then(|t| t.as_str()) {
            Some(test) => {
                let text = fs::read_to_string(test)
                    .unwrap_or_else(|e| panic!("{}: examples_tested_in {test}: {e}", m.code));
                assert!(text.contains(m.code), "{}: {test} never names it", m.code);
            }
            None => {
                assert!(!bad.is_empty(), "{}: no bad example", m.code);
                assert!(!good.is_empty(), "{}: no good example", m.code);
            }
        }
        for (i, ex) in bad.iter().enumerate() {
            let (_, live) = judge(phase, ex);
            let mine: Vec<_> = live.findings.iter().filter(|f| f.rule == m.id).collect();
            assert!(
                !mine.is_empty(),
                "{}: bad example {i} did not fire: {:#?}",
                m.code,
                live.checks
            );
            for code in &ex.also {
                assert!(
                    live.findings.iter().any(|f| f.rule.code() == code),
                    "{}: bad example {i} did not fire {code} (also:)",
                    m.code
                );
            }
            let others: Vec<_> = live
                .findings
                .iter()
                .filter(|f| f.rule != m.id && !ex.also.iter().any(|c| c == f.rule.code()))
                .collect();
            assert!(
                others.is_empty(),
                "{}: bad example {i} fired other rules too: {others:#?}",
                m.code
            );
            if let Some(line) = ex.line {
                let l = line_of(&ex.manifest, mine[0].at.span.start);
                assert_eq!(
                    l, line,
                    "{}: bad example {i} fired at manifest line {l}, YAML says {line}",
                    m.code
                );
            }
        }
        for (i, ex) in good.iter().enumerate() {
            let (_, live) = judge(phase, ex);
            assert!(
                live.findings.is_empty(),
                "{}: good example {i} is not silent: {:#?}",
                m.code,
                live.findings
            );
        }
    }
}

/// A whole recorded run (`testdata/live/ledgerly.yml`) through every phase of the table.
#[test]
fn a_recorded_migration_replays_through_every_phase() {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Expect {
        rules: Vec<String>,
        checks: BTreeMap<String, BTreeMap<String, usize>>,
    }
    let text = fs::read_to_string("testdata/live/ledgerly.yml").unwrap();
    let doc = &yaml::parse(&text).unwrap()[0];
    let ex = Example {
        manifest: doc.get("manifest").and_then(|m| m.as_str()).unwrap().into(),
        line: None,
        also: Vec::new(),
        live: serde_json::from_value(to_json(doc.get("live").unwrap())).unwrap(),
    };
    let expect: Expect = serde_json::from_value(to_json(doc.get("expect").unwrap())).unwrap();
    let mut rules = Vec::new();
    let mut checks = BTreeMap::new();
    for phase in PHASES {
        let (_, live) = judge(*phase, &ex);
        rules.extend(live.findings.iter().map(|f| f.rule.code().to_string()));
        let mut by_status: BTreeMap<String, usize> = ["pass", "fail", "unknown"]
            .iter()
            .map(|s| (s.to_string(), 0))
            .collect();
        for c in &live.checks {
            *by_status.get_mut(c.status.as_str()).unwrap() += 1;
        }
        checks.insert(phase.name().to_string(), by_status);
    }
    rules.sort();
    assert_eq!(rules, expect.rules);
    assert_eq!(checks, expect.checks);
}
