//! Synthetic "legacy monorepo" generator for egress benchmarks (std only).
//!
//! Usage:
//!   cargo bench --bench gen_monorepo -- --out DIR [--files N] [--seed S]
//!                                       [--manifest FILE] [--force]
//!
//!   --out DIR        where to generate the tree (required)
//!   --files N        number of content files to write (default 100000)
//!   --seed S         PRNG seed (default 42); output is byte-identical for the same N/S
//!   --manifest FILE  also write a TSV of every file carrying a hazard literal
//!                    (path, class, kind); put it OUTSIDE the tree
//!   --force          regenerate even if DIR is up to date / not a bench tree
//!
//! Unknown arguments (e.g. the `--bench` that `cargo bench` appends) are ignored.
//! It can also be built without cargo: `rustc -O --edition 2021 benches/gen_monorepo.rs`.
//!
//! Layout: services/<svc>/{app,config,db,docs,deploy,...}, packages/<pkg>/src,
//! libs/<lib>, docs/, infra/k8s/<env>/<svc>/, infra/cron/, db/, scripts/, ci/,
//! .github/workflows/. Mix of Ruby, Python, JS/TS, Go, Java, PHP, YAML, JSON,
//! TOML, SQL, Markdown, .env, Procfile, crontab. Mostly 1-8 KB files, a few
//! 256 KB-4 MB "large" files (minified bundles, SQL dumps, JSON fixtures).
//!
//! Of the N files: ~10% live under node_modules/ and ~0.3% are *.log files
//! (both listed in the root .gitignore, some of them contain hazard literals that
//! must NOT be reported); ~1% are binary (png/so/jar, some with literals after
//! NUL bytes); ~1% carry a planted hazard; ~1% carry a harmless mention (DYNO in
//! a comment/docs, postgres://localhost in CI/test config, sslmode=require).
//! A minimal `.git/` (HEAD, config, objects/, refs/) is written so that tools
//! which only honour .gitignore inside git repositories (rg, the `ignore`
//! crate's default) apply it.
//!
//! When DIR already holds `.egress-bench-complete` with the same version/N/seed,
//! nothing is rewritten (the summary is still printed).

#![allow(clippy::write_with_newline)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const GEN_VERSION: u32 = 1;
const MARKER: &str = ".egress-bench-complete";
const PARTIAL: &str = ".egress-bench-incomplete";

// ---------------------------------------------------------------- PRNG

/// xorshift64 seeded through splitmix64; deterministic across platforms.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// 0..n (n > 0)
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n.max(1) as u64) as usize
    }
    /// lo..=hi
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// true with probability p percent
    fn pct(&mut self, p: f64) -> bool {
        self.unit() * 100.0 < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn log_uniform(&mut self, lo: usize, hi: usize) -> usize {
        let u = self.unit();
        (lo as f64 * (hi as f64 / lo as f64).powf(u)) as usize
    }
    /// index into `weights` chosen proportionally
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------- vocabulary

const NOUNS: &[&str] = &[
    "account",
    "invoice",
    "payment",
    "order",
    "customer",
    "shipment",
    "ledger",
    "report",
    "session",
    "token",
    "webhook",
    "subscription",
    "plan",
    "coupon",
    "refund",
    "audit",
    "notification",
    "export",
    "tenant",
    "user",
    "profile",
    "cart",
    "catalog",
    "product",
    "price",
    "tax",
    "inventory",
    "warehouse",
    "route",
    "batch",
    "metric",
    "event",
    "schedule",
    "document",
    "attachment",
    "message",
    "channel",
    "template",
    "setting",
    "feature",
    "region",
    "currency",
    "balance",
    "transfer",
    "statement",
    "receipt",
    "vendor",
    "address",
    "contact",
    "upload",
];
const VERBS: &[&str] = &[
    "fetch",
    "build",
    "sync",
    "load",
    "save",
    "update",
    "create",
    "delete",
    "find",
    "compute",
    "render",
    "validate",
    "normalize",
    "parse",
    "serialize",
    "enqueue",
    "process",
    "reconcile",
    "refresh",
    "publish",
    "archive",
    "notify",
    "resolve",
    "apply",
    "merge",
    "charge",
    "retry",
    "expire",
    "import",
    "export",
];
const ADJS: &[&str] = &[
    "pending", "active", "stale", "legacy", "primary", "cached", "remote", "local", "daily",
    "monthly", "default", "internal", "external", "bulk", "partial", "archived",
];
const FIELDS: &[&str] = &[
    "status",
    "created_at",
    "updated_at",
    "external_id",
    "amount_cents",
    "tenant_id",
    "user_id",
    "email",
    "name",
    "currency",
    "due_on",
    "processed_at",
    "state",
    "kind",
    "priority",
    "region",
    "locale",
    "reference",
    "checksum",
    "retries",
];
const SERVICES: &[&str] = &[
    "billing",
    "checkout",
    "accounts",
    "search",
    "notifications",
    "reporting",
    "payments",
    "inventory",
    "shipping",
    "catalog",
    "identity",
    "analytics",
    "webhooks",
    "scheduler",
    "admin",
    "storefront",
    "ledger",
    "pricing",
    "exports",
    "imports",
    "gateway",
    "media",
    "mailer",
    "support",
    "onboarding",
    "fraud",
    "tax",
    "loyalty",
    "partners",
    "compliance",
];
const SVC_SUFFIX: &[&str] = &[
    "api", "worker", "v2", "legacy", "sync", "web", "jobs", "edge",
];
const ENVS: &[&str] = &[
    "development",
    "test",
    "staging",
    "production",
    "ci",
    "review",
];
const COMMENTS: &[&str] = &[
    "TODO: remove once the v2 migration has shipped",
    "Legacy path kept for backwards compatibility with old mobile clients",
    "FIXME: this is quadratic for very large tenants",
    "See ADR-0042 for the rationale behind this approach",
    "Called from the nightly reconciliation job",
    "Keep in sync with the public API documentation",
    "Do not change without talking to the payments team first",
    "Returns an empty result when the record has been soft-deleted",
    "Cached for five minutes; invalidated on write",
    "Retries are handled by the caller",
    "This mirrors the behaviour of the old monolith",
    "Ordering matters here: the ledger must be written first",
    "Guard against duplicate webhook deliveries",
    "Intentionally not wrapped in a transaction",
    "Batch size tuned after the 2019 incident review",
    "Assumes amounts are stored in cents",
    "Feature flag removal tracked in OPS-1187",
    "Hot path: avoid allocations in this loop",
    "Owned by the platform team; ping #platform before editing",
    "Copied from the reporting service, keep both in sync",
];
const PROSE: &[&str] = &[
    "This service is deployed on every merge to main and rolled out region by region.",
    "The on-call engineer should check the dashboards before restarting any workers.",
    "Background jobs are idempotent and may be retried safely at any time.",
    "All monetary values are stored as integer cents together with an ISO currency code.",
    "Configuration is read once at boot; changing it requires a restart of the process.",
    "The nightly export runs after the ledger close and usually finishes within an hour.",
    "If the queue depth keeps growing, scale the worker deployment before anything else.",
    "Schema changes must be backwards compatible for at least one release.",
    "We keep the old endpoints alive until the last mobile client has been upgraded.",
    "Logs are shipped to the central aggregator and retained for thirty days.",
];
const RB_SUFFIX: &[&str] = &[
    "service",
    "worker",
    "job",
    "controller",
    "serializer",
    "policy",
    "query",
    "presenter",
    "form",
    "client",
];
const RB_CATS: &[&str] = &[
    "models",
    "controllers",
    "jobs",
    "services",
    "workers",
    "serializers",
    "policies",
    "lib",
];
const PY_CATS: &[&str] = &[
    "api", "models", "tasks", "services", "utils", "schemas", "views",
];
const JS_CATS: &[&str] = &[
    "routes",
    "handlers",
    "lib",
    "jobs",
    "models",
    "middleware",
    "utils",
];
const GO_CATS: &[&str] = &["internal", "pkg"];
const JAVA_SUFFIX: &[&str] = &[
    "Service",
    "Repository",
    "Controller",
    "Mapper",
    "Client",
    "Handler",
    "Factory",
    "Validator",
];
const JAVA_CATS: &[&str] = &["service", "web", "domain", "repository", "config", "client"];

fn pascal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut up = true;
    for c in s.chars() {
        if c == '_' || c == '-' || c == '/' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn camel(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(&pascal(b));
    s
}

fn snake(s: &str) -> String {
    s.replace('-', "_")
}

// ---------------------------------------------------------------- plan model

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Lang {
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
    fn label(self) -> &'static str {
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
    fn is_binary(self) -> bool {
        matches!(self, Lang::Png | Lang::So | Lang::Jar)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Hazard {
    DynoEnv,
    PgUrlNoSsl,
    SslModeDisable,
    PgSslModeDisable,
    HerokuExt,
    CrontabNoTz,
    CronSchedule,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Decoy {
    DynoComment,
    DocsMention,
    PgLocalhost,
    SslRequire,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Plant {
    None,
    Hazard(Hazard),
    Decoy(Decoy),
}

fn hazard_label(h: Hazard, lang: Lang) -> String {
    match h {
        Hazard::DynoEnv => {
            let how = match lang {
                Lang::Ruby => "ENV[\"DYNO\"]",
                Lang::Python => "os.environ.get(\"DYNO\")",
                Lang::Js | Lang::Ts | Lang::MinJs => "process.env.DYNO",
                Lang::Go => "os.Getenv(\"DYNO\")",
                Lang::Java => "System.getenv(\"DYNO\")",
                Lang::Php => "getenv('DYNO')",
                _ => "DYNO",
            };
            format!("DYNO read: {how}")
        }
        Hazard::PgUrlNoSsl => format!("postgres URL without sslmode ({})", lang.label()),
        Hazard::SslModeDisable => format!("sslmode=disable in URL ({})", lang.label()),
        Hazard::PgSslModeDisable => format!("PGSSLMODE=disable ({})", lang.label()),
        Hazard::HerokuExt => "CREATE EXTENSION ... WITH SCHEMA heroku_ext".to_string(),
        Hazard::CrontabNoTz => "crontab without CRON_TZ".to_string(),
        Hazard::CronSchedule => format!("cron.schedule(...) ({})", lang.label()),
    }
}

fn decoy_label(d: Decoy) -> &'static str {
    match d {
        Decoy::DynoComment => "DYNO mentioned in a code comment",
        Decoy::DocsMention => "DYNO / postgres://localhost in Markdown docs",
        Decoy::PgLocalhost => "postgres://...@localhost in CI / test config",
        Decoy::SslRequire => "remote postgres URL with sslmode=require",
    }
}

struct Entry {
    path: String,
    lang: Lang,
    size: usize,
    plant: Plant,
    /// lives under node_modules/ or is a *.log (excluded by .gitignore)
    ignored: bool,
    /// binary file with hazard literals embedded after NUL bytes
    bin_literal: bool,
    unit: u32,
    seed: u64,
}

#[derive(Clone, Copy, PartialEq)]
enum UnitKind {
    Service,
    Package,
    Lib,
}

struct Unit {
    name: String,
    root: String,
    kind: UnitKind,
    lang: Lang,
    modules: Vec<&'static str>,
    subs: Vec<&'static str>,
}

struct Planner {
    rng: Rng,
    entries: Vec<Entry>,
    taken: HashSet<String>,
    units: Vec<Unit>,
}

impl Planner {
    fn unique(&mut self, path: String) -> String {
        if self.taken.insert(path.clone()) {
            return path;
        }
        let (dir, file) = match path.rfind('/') {
            Some(i) => (&path[..=i], &path[i + 1..]),
            None => ("", path.as_str()),
        };
        let dot = file[1..].find('.').map(|i| i + 1).unwrap_or(file.len());
        let (stem, ext) = file.split_at(dot);
        let mut k = 2;
        loop {
            let cand = format!("{dir}{stem}_{k}{ext}");
            if self.taken.insert(cand.clone()) {
                return cand;
            }
            k += 1;
        }
    }

    fn push(&mut self, path: String, lang: Lang, unit: usize, ignored: bool) -> usize {
        let path = self.unique(path);
        let r = &mut self.rng;
        let size = match lang {
            Lang::Ruby | Lang::Python | Lang::Js | Lang::Ts | Lang::Go | Lang::Java | Lang::Php => {
                let x = r.below(100);
                if ignored {
                    r.log_uniform(300, 12_000)
                } else if x < 10 {
                    r.range(200, 1024)
                } else if x < 95 {
                    r.log_uniform(1024, 8192)
                } else {
                    r.log_uniform(8192, 32_768)
                }
            }
            Lang::Yaml | Lang::Json | Lang::Toml => r.log_uniform(300, 6000),
            Lang::K8s => r.log_uniform(800, 6000),
            Lang::Sql => r.log_uniform(400, 8000),
            Lang::Markdown => r.log_uniform(500, 8000),
            Lang::Env => r.range(100, 800),
            Lang::Procfile => 0,
            Lang::Crontab => r.range(200, 1500),
            Lang::CiYaml => r.range(800, 3000),
            Lang::Log => r.log_uniform(2048, 65_536),
            Lang::PackageJson => r.range(300, 1500),
            Lang::MinJs => r.log_uniform(262_144, 4 << 20),
            Lang::Png | Lang::So | Lang::Jar => r.log_uniform(2048, 131_072),
        };
        let seed = r.next_u64();
        self.entries.push(Entry {
            path,
            lang,
            size,
            plant: Plant::None,
            ignored,
            bin_literal: false,
            unit: unit as u32,
            seed,
        });
        self.entries.len() - 1
    }

    fn word<T: Copy>(&mut self, xs: &[T]) -> T {
        self.rng.pick(xs)
    }

    fn code_path(&mut self, u: usize, lang: Lang) -> String {
        let (base, mods, subs, uname) = {
            let unit = &self.units[u];
            let base = match unit.kind {
                UnitKind::Service => format!("{}/app", unit.root),
                UnitKind::Package => format!("{}/src", unit.root),
                UnitKind::Lib => unit.root.clone(),
            };
            (
                base,
                unit.modules.clone(),
                unit.subs.clone(),
                unit.name.clone(),
            )
        };
        let r = &mut self.rng;
        let m = r.pick(&mods);
        let sub = if r.pct(30.0) {
            format!("/{}", r.pick(&subs))
        } else {
            String::new()
        };
        let noun = r.pick(NOUNS);
        let test = r.pct(18.0);
        match lang {
            Lang::Ruby => {
                let suf = r.pick(RB_SUFFIX);
                if test {
                    format!("{base}/spec/{}/{m}/{noun}_{suf}_spec.rb", r.pick(RB_CATS))
                } else {
                    format!("{base}/{}/{m}{sub}/{noun}_{suf}.rb", r.pick(RB_CATS))
                }
            }
            Lang::Python => {
                let pkg = snake(&uname);
                if test {
                    format!("{base}/tests/{m}/test_{noun}_{}.py", r.pick(VERBS))
                } else {
                    format!(
                        "{base}/{pkg}/{}/{m}{sub}/{noun}_{}.py",
                        r.pick(PY_CATS),
                        r.pick(ADJS)
                    )
                }
            }
            Lang::Js | Lang::Ts => {
                let ext = if lang == Lang::Js { "js" } else { "ts" };
                let f = camel(r.pick(VERBS), noun);
                if test {
                    format!("{base}/__tests__/{m}/{f}.test.{ext}")
                } else {
                    format!("{base}/{}/{m}{sub}/{f}.{ext}", r.pick(JS_CATS))
                }
            }
            Lang::Go => {
                let suf = if test { "_test" } else { "" };
                format!(
                    "{base}/{}/{m}{sub}/{noun}_{}{suf}.go",
                    r.pick(GO_CATS),
                    r.pick(VERBS)
                )
            }
            Lang::Java => {
                let pkg = snake(&uname).replace('_', "");
                let cls = format!("{}{}", pascal(noun), r.pick(JAVA_SUFFIX));
                if test {
                    format!("{base}/src/test/java/com/acme/{pkg}/{m}/{cls}Test.java")
                } else {
                    format!(
                        "{base}/src/main/java/com/acme/{pkg}/{}/{m}/{cls}.java",
                        r.pick(JAVA_CATS)
                    )
                }
            }
            Lang::Php => {
                let cls = format!("{}{}", pascal(noun), r.pick(JAVA_SUFFIX));
                if test {
                    format!("{base}/tests/{}/{cls}Test.php", pascal(m))
                } else {
                    format!("{base}/src/{}{}/{cls}.php", pascal(m), pascal(&sub))
                }
            }
            _ => unreachable!(),
        }
    }

    fn config_path(&mut self, u: usize) -> (String, Lang) {
        let root = self.units[u].root.clone();
        let r = &mut self.rng;
        let lang = match self.units[u].lang {
            Lang::Js | Lang::Ts => r.pick(&[Lang::Json, Lang::Json, Lang::Yaml]),
            Lang::Python => r.pick(&[Lang::Toml, Lang::Yaml, Lang::Yaml]),
            Lang::Go => r.pick(&[Lang::Toml, Lang::Yaml, Lang::Json]),
            _ => r.pick(&[Lang::Yaml, Lang::Yaml, Lang::Yaml, Lang::Json]),
        };
        let ext = match lang {
            Lang::Json => "json",
            Lang::Toml => "toml",
            _ => "yml",
        };
        let name = if r.pct(50.0) {
            r.pick(NOUNS)
        } else {
            r.pick(ADJS)
        };
        (format!("{root}/config/{name}.{ext}"), lang)
    }
}

fn make_units(rng: &mut Rng, n_rest: usize) -> Vec<Unit> {
    let n_services = (n_rest / 1500).clamp(4, 240);
    let n_packages = (n_rest / 4000).clamp(2, 80);
    let n_libs = (n_rest / 5000).clamp(2, 60);
    let mut names = HashSet::new();
    let mut units = Vec::new();
    let mut mk = |rng: &mut Rng, kind: UnitKind, units: &mut Vec<Unit>| {
        let name = loop {
            let base = match kind {
                UnitKind::Service => rng.pick(SERVICES).to_string(),
                UnitKind::Package => format!("{}-{}", rng.pick(ADJS), rng.pick(NOUNS)),
                UnitKind::Lib => format!(
                    "{}-{}",
                    rng.pick(NOUNS),
                    rng.pick(&["core", "utils", "client", "sdk", "common"])
                ),
            };
            let cand = if names.contains(&base) {
                format!("{base}-{}", rng.pick(SVC_SUFFIX))
            } else {
                base
            };
            if names.insert(cand.clone()) {
                break cand;
            }
        };
        let lang = match kind {
            UnitKind::Service => [
                Lang::Ruby,
                Lang::Python,
                Lang::Js,
                Lang::Ts,
                Lang::Go,
                Lang::Java,
                Lang::Php,
            ][rng.weighted(&[30, 20, 15, 10, 10, 8, 7])],
            UnitKind::Package => {
                if rng.pct(60.0) {
                    Lang::Ts
                } else {
                    Lang::Js
                }
            }
            UnitKind::Lib => rng.pick(&[Lang::Go, Lang::Python, Lang::Ruby, Lang::Java, Lang::Js]),
        };
        let root = match kind {
            UnitKind::Service => format!("services/{name}"),
            UnitKind::Package => format!("packages/{name}"),
            UnitKind::Lib => format!("libs/{name}"),
        };
        let modules = (0..6)
            .map(|_| rng.pick(NOUNS))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let subs = (0..3)
            .map(|_| rng.pick(ADJS))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        units.push(Unit {
            name,
            root,
            kind,
            lang,
            modules,
            subs,
        });
    };
    for _ in 0..n_services {
        mk(rng, UnitKind::Service, &mut units);
    }
    for _ in 0..n_packages {
        mk(rng, UnitKind::Package, &mut units);
    }
    for _ in 0..n_libs {
        mk(rng, UnitKind::Lib, &mut units);
    }
    units
}

fn is_code(l: Lang) -> bool {
    matches!(
        l,
        Lang::Ruby | Lang::Python | Lang::Js | Lang::Ts | Lang::Go | Lang::Java | Lang::Php
    )
}

fn plan(n: usize, seed: u64) -> Planner {
    let mut rng = Rng::new(seed);
    let n_nm = n / 10;
    let n_bin = (n / 100).max(1);
    let n_log = (n / 300).max(1);
    let n_large = (n / 2000).max(1);
    let n_ci = (n / 1000).max(1);
    let n_rest = n.saturating_sub(n_nm + n_bin + n_log + n_large + n_ci);
    let units = make_units(&mut rng, n_rest);
    let mut p = Planner {
        rng,
        entries: Vec::with_capacity(n),
        taken: HashSet::new(),
        units,
    };
    let nu = p.units.len();
    let services: Vec<usize> = (0..nu)
        .filter(|&i| p.units[i].kind == UnitKind::Service)
        .collect();
    let packages: Vec<usize> = (0..nu)
        .filter(|&i| p.units[i].kind == UnitKind::Package)
        .collect();

    // ---- singletons
    p.push("README.md".into(), Lang::Markdown, 0, false);
    p.push("package.json".into(), Lang::PackageJson, 0, false);
    let dc = p.push("docker-compose.yml".into(), Lang::Yaml, 0, false);
    p.entries[dc].plant = Plant::Decoy(Decoy::PgLocalhost);
    for &u in &services {
        let root = p.units[u].root.clone();
        {
            let path_ = format!("{root}/Procfile");
            p.push(path_, Lang::Procfile, u, false)
        };
        {
            let path_ = format!("{root}/.env.example");
            p.push(path_, Lang::Env, u, false)
        };
        {
            let path_ = format!("{root}/README.md");
            p.push(path_, Lang::Markdown, u, false)
        };
        {
            let path_ = format!("{root}/config/app.yml");
            p.push(path_, Lang::Yaml, u, false)
        };
        if matches!(p.units[u].lang, Lang::Js | Lang::Ts) {
            {
                let path_ = format!("{root}/package.json");
                p.push(path_, Lang::PackageJson, u, false)
            };
        }
    }
    for &u in &packages {
        let root = p.units[u].root.clone();
        {
            let path_ = format!("{root}/package.json");
            p.push(path_, Lang::PackageJson, u, false)
        };
        {
            let path_ = format!("{root}/tsconfig.json");
            p.push(path_, Lang::Json, u, false)
        };
        {
            let path_ = format!("{root}/README.md");
            p.push(path_, Lang::Markdown, u, false)
        };
    }
    p.entries.truncate(n_rest);

    // ---- bulk of the tree
    while p.entries.len() < n_rest {
        let area = p.rng.weighted(&[62, 15, 10, 4, 5, 3, 1]);
        match area {
            0 => {
                let u = p.word(&services);
                let primary = p.units[u].lang;
                let root = p.units[u].root.clone();
                let x = p.rng.below(1000);
                match x {
                    0..=719 => {
                        let path = p.code_path(u, primary);
                        p.push(path, primary, u, false);
                    }
                    720..=779 => {
                        let sec = match primary {
                            Lang::Js | Lang::Ts | Lang::Go => Lang::Python,
                            _ => Lang::Js,
                        };
                        let path = if sec == Lang::Js {
                            let f = camel(p.word(VERBS), p.word(NOUNS));
                            format!("{root}/app/javascript/{}/{f}.js", p.word(JS_CATS))
                        } else {
                            format!("{root}/scripts/{}_{}.py", p.word(VERBS), p.word(NOUNS))
                        };
                        p.push(path, sec, u, false);
                    }
                    780..=869 => {
                        let (path, lang) = p.config_path(u);
                        p.push(path, lang, u, false);
                    }
                    870..=899 => {
                        let ts = 20_150_000_000_000u64 + p.rng.below(100_000_000_000) as u64;
                        let path = format!(
                            "{root}/db/migrate/{ts}_{}_{}s.sql",
                            p.word(VERBS),
                            p.word(NOUNS)
                        );
                        p.push(path, Lang::Sql, u, false);
                    }
                    900..=939 => {
                        let path = format!("{root}/docs/{}-{}.md", p.word(NOUNS), p.word(ADJS));
                        p.push(path, Lang::Markdown, u, false);
                    }
                    940..=954 => {
                        let env = p.word(ENVS);
                        let dot = format!("{root}/.env.{env}");
                        let path = if p.rng.pct(40.0) && !p.taken.contains(&dot) {
                            dot
                        } else {
                            format!("{root}/config/env/{}.{env}.env", p.word(NOUNS))
                        };
                        p.push(path, Lang::Env, u, false);
                    }
                    955..=964 => {
                        let top = format!("{root}/crontab");
                        let path = if p.rng.pct(30.0) && !p.taken.contains(&top) {
                            top
                        } else {
                            format!("{root}/config/cron/{}.crontab", p.word(NOUNS))
                        };
                        p.push(path, Lang::Crontab, u, false);
                    }
                    _ => {
                        let path = format!(
                            "{root}/deploy/{}-{}.yaml",
                            p.word(NOUNS),
                            p.word(&["deployment", "service", "configmap", "cronjob"])
                        );
                        p.push(path, Lang::K8s, u, false);
                    }
                }
            }
            1 | 2 => {
                let u = if area == 1 {
                    p.word(&packages)
                } else {
                    let libs: Vec<usize> = (0..nu)
                        .filter(|&i| p.units[i].kind == UnitKind::Lib)
                        .collect();
                    p.word(&libs)
                };
                let lang = p.units[u].lang;
                let root = p.units[u].root.clone();
                let x = p.rng.below(100);
                if x < 88 {
                    let path = p.code_path(u, lang);
                    p.push(path, lang, u, false);
                } else if x < 94 {
                    let path = format!("{root}/docs/{}.md", p.word(NOUNS));
                    p.push(path, Lang::Markdown, u, false);
                } else {
                    let (path, lang) = p.config_path(u);
                    p.push(path, lang, u, false);
                }
            }
            3 => {
                let sect = p.word(&[
                    "runbooks",
                    "adr",
                    "onboarding",
                    "architecture",
                    "api",
                    "incidents",
                ]);
                let path = format!(
                    "docs/{sect}/{}/{}-{}.md",
                    p.word(NOUNS),
                    p.word(VERBS),
                    p.word(NOUNS)
                );
                p.push(path, Lang::Markdown, 0, false);
            }
            4 => {
                let u = p.word(&services);
                let name = p.units[u].name.clone();
                let x = p.rng.below(100);
                if x < 75 {
                    let env = p.word(&["production", "staging", "development", "review"]);
                    let kind = p.word(&[
                        "deployment",
                        "service",
                        "configmap",
                        "cronjob",
                        "hpa",
                        "ingress",
                    ]);
                    {
                        let path_ = format!("infra/k8s/{env}/{name}/{kind}.yaml");
                        p.push(path_, Lang::K8s, u, false)
                    };
                } else if x < 85 {
                    {
                        let path_ = format!("infra/cron/{name}-{}.crontab", p.word(ADJS));
                        p.push(path_, Lang::Crontab, u, false)
                    };
                } else if x < 93 {
                    {
                        let path_ = format!("infra/config/{name}/{}.toml", p.word(NOUNS));
                        p.push(path_, Lang::Toml, u, false)
                    };
                } else {
                    {
                        let path_ = format!("infra/config/{name}/{}.json", p.word(NOUNS));
                        p.push(path_, Lang::Json, u, false)
                    };
                }
            }
            5 => {
                let x = p.rng.below(100);
                if x < 80 {
                    let ts = 20_120_000_000_000u64 + p.rng.below(100_000_000_000) as u64;
                    let path = format!(
                        "db/migrations/{ts}_{}_{}s.sql",
                        p.word(VERBS),
                        p.word(NOUNS)
                    );
                    p.push(path, Lang::Sql, 0, false);
                } else if x < 90 {
                    {
                        let path_ = format!("db/functions/{}_{}.sql", p.word(VERBS), p.word(NOUNS));
                        p.push(path_, Lang::Sql, 0, false)
                    };
                } else {
                    {
                        let path_ = format!("db/seeds/{}s.rb", p.word(NOUNS));
                        p.push(path_, Lang::Ruby, 0, false)
                    };
                }
            }
            _ => {
                let lang = p.word(&[Lang::Python, Lang::Ruby, Lang::Js]);
                let ext = match lang {
                    Lang::Python => "py",
                    Lang::Ruby => "rb",
                    _ => "js",
                };
                {
                    let path_ = format!("scripts/{}_{}.{ext}", p.word(VERBS), p.word(NOUNS));
                    p.push(path_, lang, 0, false)
                };
            }
        }
    }

    // ---- hazards and decoys on the regular tree
    for i in 0..p.entries.len() {
        let lang = p.entries[i].lang;
        if p.entries[i].plant != Plant::None {
            continue;
        }
        let r = &mut p.rng;
        let plant = match lang {
            l if is_code(l) => {
                if r.pct(1.0) {
                    let mut opts = vec![Hazard::DynoEnv, Hazard::DynoEnv, Hazard::PgUrlNoSsl];
                    if matches!(l, Lang::Js | Lang::Ts) {
                        opts.push(Hazard::CronSchedule);
                        opts.push(Hazard::CronSchedule);
                    }
                    if l == Lang::Python {
                        opts.push(Hazard::SslModeDisable);
                    }
                    Plant::Hazard(r.pick(&opts))
                } else if r.pct(0.5) {
                    Plant::Decoy(Decoy::DynoComment)
                } else {
                    Plant::None
                }
            }
            Lang::Yaml | Lang::Json | Lang::Toml | Lang::K8s => {
                if r.pct(1.2) {
                    Plant::Hazard(r.pick(&[
                        Hazard::PgUrlNoSsl,
                        Hazard::PgUrlNoSsl,
                        Hazard::SslModeDisable,
                        Hazard::PgSslModeDisable,
                    ]))
                } else if r.pct(1.0) {
                    Plant::Decoy(Decoy::SslRequire)
                } else {
                    Plant::None
                }
            }
            Lang::Env => {
                if r.pct(10.0) {
                    Plant::Hazard(r.pick(&[
                        Hazard::PgUrlNoSsl,
                        Hazard::SslModeDisable,
                        Hazard::PgSslModeDisable,
                    ]))
                } else if r.pct(20.0) {
                    Plant::Decoy(Decoy::PgLocalhost)
                } else {
                    Plant::None
                }
            }
            Lang::Sql => {
                if r.pct(3.0) {
                    Plant::Hazard(Hazard::HerokuExt)
                } else {
                    Plant::None
                }
            }
            Lang::Crontab => {
                if r.pct(12.0) {
                    Plant::Hazard(Hazard::CrontabNoTz)
                } else {
                    Plant::None
                }
            }
            Lang::Markdown => {
                if r.pct(5.0) {
                    Plant::Decoy(Decoy::DocsMention)
                } else {
                    Plant::None
                }
            }
            _ => Plant::None,
        };
        p.entries[i].plant = plant;
    }

    // ---- CI files (harmless postgres://localhost)
    for i in 0..n_ci {
        let u = services[i % services.len()];
        let name = p.units[u].name.clone();
        let path = if i % 2 == 0 {
            format!(".github/workflows/{name}-ci.yml")
        } else {
            format!("ci/{name}/test-{}.yml", p.word(ENVS))
        };
        let idx = p.push(path, Lang::CiYaml, u, false);
        p.entries[idx].plant = Plant::Decoy(Decoy::PgLocalhost);
    }

    // ---- large files
    for i in 0..n_large {
        let u = p.word(&services);
        let root = p.units[u].root.clone();
        let hash = format!("{:016x}", p.rng.next_u64());
        let idx = match i % 3 {
            0 => {
                let path_ = format!("{root}/public/assets/application-{hash}.min.js");
                p.push(path_, Lang::MinJs, u, false)
            }
            1 => {
                let path_ = format!("db/dumps/{}_snapshot_{}.sql", p.word(NOUNS), &hash[..8]);
                p.push(path_, Lang::Sql, 0, false)
            }
            _ => {
                let path_ = format!(
                    "{root}/spec/fixtures/{}s_{}.json",
                    p.word(NOUNS),
                    &hash[..6]
                );
                p.push(path_, Lang::Json, u, false)
            }
        };
        let big = p.rng.log_uniform(262_144, 4 << 20);
        p.entries[idx].size = big;
        if p.entries[idx].lang == Lang::MinJs && p.rng.pct(30.0) {
            p.entries[idx].plant = Plant::Hazard(Hazard::DynoEnv);
        }
    }

    // ---- binaries
    for _ in 0..n_bin {
        let u = p.word(&services);
        let root = p.units[u].root.clone();
        let lang = p.units[u].lang;
        let x = p.rng.below(100);
        let idx = if x < 70 {
            {
                let path_ = format!(
                    "{root}/app/assets/images/{}-{}.png",
                    p.word(NOUNS),
                    p.word(ADJS)
                );
                p.push(path_, Lang::Png, u, false)
            }
        } else if x < 85 {
            {
                let path_ = format!("{root}/vendor/lib/lib{}.so", p.word(NOUNS));
                p.push(path_, Lang::So, u, false)
            }
        } else {
            let v = format!("{}.{}.{}", p.rng.below(5), p.rng.below(20), p.rng.below(10));
            let _ = lang;
            {
                let path_ = format!(
                    "{root}/vendor/java/{}-{}-{v}.jar",
                    p.word(NOUNS),
                    p.word(&["core", "client", "driver"])
                );
                p.push(path_, Lang::Jar, u, false)
            }
        };
        p.entries[idx].bin_literal = p.rng.pct(20.0);
    }

    // ---- logs (ignored via *.log)
    for _ in 0..n_log {
        let u = p.word(&services);
        let root = p.units[u].root.clone();
        let path = if p.rng.pct(60.0) {
            format!("{root}/log/{}.log", p.word(ENVS))
        } else {
            format!("{root}/tmp/{}-{}.log", p.word(VERBS), p.word(NOUNS))
        };
        let idx = p.push(path, Lang::Log, u, true);
        if p.rng.pct(50.0) {
            let h = p.rng.pick(&[Hazard::DynoEnv, Hazard::PgUrlNoSsl]);
            p.entries[idx].plant = Plant::Hazard(h);
        }
    }

    // ---- node_modules (ignored via node_modules/)
    let mut nm_pkgs: Vec<String> = Vec::new();
    while p.entries.len() < n {
        let pkg = match p.rng.below(10) {
            0 => format!(
                "@acme/{}-{}",
                p.word(NOUNS),
                p.word(&["sdk", "client", "utils"])
            ),
            1 | 2 if !nm_pkgs.is_empty() => {
                // nested dependency
                let parent = nm_pkgs[p.rng.below(nm_pkgs.len())].clone();
                format!("{parent}/node_modules/{}-{}", p.word(ADJS), p.word(NOUNS))
            }
            _ => format!("{}-{}", p.word(ADJS), p.word(NOUNS)),
        };
        let prefix = if p.rng.pct(20.0) && !packages.is_empty() {
            let u = p.word(&packages);
            format!("{}/node_modules", p.units[u].root)
        } else {
            "node_modules".to_string()
        };
        nm_pkgs.push(pkg.clone());
        let files = p.rng.range(3, 25);
        for j in 0..files {
            if p.entries.len() >= n {
                break;
            }
            let (path, lang) = match j {
                0 => (format!("{prefix}/{pkg}/package.json"), Lang::PackageJson),
                1 => (format!("{prefix}/{pkg}/README.md"), Lang::Markdown),
                _ => {
                    let dir = p.word(&["lib", "dist", "src", "lib/internal", "build"]);
                    let ext = p.word(&["js", "js", "js", "ts"]);
                    let lang = if ext == "js" { Lang::Js } else { Lang::Ts };
                    (
                        format!("{prefix}/{pkg}/{dir}/{}.{ext}", p.word(NOUNS)),
                        lang,
                    )
                }
            };
            let idx = p.push(path, lang, 0, true);
            if is_code(lang) && p.rng.pct(5.0) {
                let h = p
                    .rng
                    .pick(&[Hazard::DynoEnv, Hazard::PgUrlNoSsl, Hazard::CronSchedule]);
                p.entries[idx].plant = Plant::Hazard(h);
            } else if lang == Lang::Markdown && p.rng.pct(20.0) {
                p.entries[idx].plant = Plant::Decoy(Decoy::DocsMention);
            }
        }
    }
    p.entries.truncate(n);
    p
}

// ---------------------------------------------------------------- snippets

fn pg_host(r: &mut Rng) -> &'static str {
    r.pick(&[
        "db.example.com",
        "pg-primary.internal.example.com",
        "ec2-54-221-17-3.compute-1.amazonaws.com",
        "reporting-replica.example.net",
    ])
}

fn pg_url(r: &mut Rng, ssl: &str) -> String {
    let scheme = if r.pct(70.0) {
        "postgres"
    } else {
        "postgresql"
    };
    let user = r.pick(&["u", "app", "svc_rw", "report_ro"]);
    let host = pg_host(r);
    let db = r.pick(&["app", "billing_production", "core", "warehouse"]);
    let q = if ssl.is_empty() {
        String::new()
    } else {
        format!("?sslmode={ssl}")
    };
    format!("{scheme}://{user}:p@{host}:5432/{db}{q}")
}

fn localhost_url(r: &mut Rng) -> String {
    let db = r.pick(&["app_test", "app_development", "ci", "postgres"]);
    if r.pct(50.0) {
        format!("postgres://postgres:postgres@localhost:5432/{db}")
    } else {
        format!("postgres://localhost/{db}")
    }
}

/// Text inserted at "block level" of the given language.
fn snippet(lang: Lang, plant: Plant, r: &mut Rng) -> Option<String> {
    let s = match plant {
        Plant::None => return None,
        Plant::Hazard(h) => match (h, lang) {
            (Hazard::DynoEnv, Lang::Ruby) => "    # Derive the worker slot from the process name\n    def worker_slot\n      ENV[\"DYNO\"].to_s.split(\".\").last.to_i\n    end\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Python) => "def worker_slot() -> int:\n    dyno = os.environ.get(\"DYNO\", \"web.1\")\n    return int(dyno.rsplit(\".\", 1)[-1])\n\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Js) | (Hazard::DynoEnv, Lang::Ts) => "const dynoName = process.env.DYNO || 'web.1';\nconst isWorkerOne = dynoName.endsWith('.1');\n\n".to_string(),
            (Hazard::DynoEnv, Lang::MinJs) => "var w=process.env.DYNO||\"web.1\";".to_string(),
            (Hazard::DynoEnv, Lang::Go) => "func workerSlot() string {\n\tif d := os.Getenv(\"DYNO\"); d != \"\" {\n\t\treturn d\n\t}\n\treturn \"web.1\"\n}\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Java) => "    private static String workerSlot() {\n        String dyno = System.getenv(\"DYNO\");\n        return dyno == null ? \"web.1\" : dyno;\n    }\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Php) => "    private function workerSlot(): string\n    {\n        return getenv('DYNO') ?: 'web.1';\n    }\n\n".to_string(),
            (Hazard::DynoEnv, Lang::Log) => format!("I, [2019-03-04T03:00:01.000000 #4] INFO -- : boot env DYNO=web.{} PORT=5000\n", r.range(1, 9)),
            (Hazard::PgUrlNoSsl, l) | (Hazard::SslModeDisable, l) => {
                let ssl = if h == Hazard::SslModeDisable { "disable" } else { "" };
                let url = pg_url(r, ssl);
                match l {
                    Lang::Ruby => format!("    FALLBACK_DATABASE_URL = \"{url}\"\n\n"),
                    Lang::Python => format!("FALLBACK_DATABASE_URL = \"{url}\"\n\n\n"),
                    Lang::Js | Lang::Ts => format!("const FALLBACK_DATABASE_URL = '{url}';\n\n"),
                    Lang::Go => format!("const fallbackDatabaseURL = \"{url}\"\n\n"),
                    Lang::Java => format!("    private static final String FALLBACK_DATABASE_URL = \"{url}\";\n\n"),
                    Lang::Php => format!("    private const FALLBACK_DATABASE_URL = '{url}';\n\n"),
                    Lang::Yaml => format!("reporting_replica:\n  url: {url}\n  pool: 5\n\n"),
                    Lang::K8s => format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: database-url\ndata:\n  DATABASE_URL: \"{url}\"\n"),
                    Lang::Json => format!("  \"database\": {{ \"url\": \"{url}\", \"pool\": 10 }}"),
                    Lang::Toml => format!("[database]\nurl = \"{url}\"\npool = 10\n\n"),
                    Lang::Env => format!("DATABASE_URL={url}\n"),
                    Lang::Log => format!("D, [2019-03-04T03:00:02.000000 #4] DEBUG -- : connecting to {url}\n"),
                    _ => format!("{url}\n"),
                }
            }
            (Hazard::PgSslModeDisable, l) => match l {
                Lang::Yaml => "database_env:\n  PGSSLMODE: disable\n\n".to_string(),
                Lang::K8s => "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pg-settings\ndata:\n  PGSSLMODE: \"disable\"\n".to_string(),
                Lang::Json => "  \"env\": { \"PGSSLMODE\": \"disable\" }".to_string(),
                Lang::Toml => "[env]\nPGSSLMODE = \"disable\"\n\n".to_string(),
                _ => "PGSSLMODE=disable\n".to_string(),
            },
            (Hazard::HerokuExt, _) => {
                let ext = r.pick(&["pg_trgm", "hstore", "citext", "pg_stat_statements", "unaccent"]);
                format!("CREATE EXTENSION IF NOT EXISTS {ext} WITH SCHEMA heroku_ext;\n\n")
            }
            (Hazard::CronSchedule, Lang::Js) | (Hazard::CronSchedule, Lang::Ts) => {
                let spec = r.pick(&["0 3 * * *", "*/15 * * * *", "30 2 * * 1", "0 0 1 * *"]);
                let f = camel(r.pick(VERBS), r.pick(NOUNS));
                format!("const cron = require('node-cron');\n\ncron.schedule('{spec}', async () => {{\n  await {f}();\n}});\n\n")
            }
            // CrontabNoTz is structural (handled by the crontab generator)
            _ => return None,
        },
        Plant::Decoy(d) => match (d, lang) {
            (Decoy::DynoComment, Lang::Ruby) => "    # NOTE: this used to read DYNO to pick a worker slot; see docs/runbooks.\n".to_string(),
            (Decoy::DynoComment, Lang::Python) => "# NOTE: this used to read DYNO to pick a worker slot; see docs/runbooks.\n".to_string(),
            (Decoy::DynoComment, _) => "// NOTE: this used to read DYNO to pick a worker slot; see docs/runbooks.\n".to_string(),
            (Decoy::DocsMention, _) => format!(
                "## Local development\n\nOn the old platform every process had a `DYNO` variable such as `web.1`; we no longer rely on it.\nRun the test suite against `{}`.\n\n",
                localhost_url(r)
            ),
            (Decoy::PgLocalhost, l) => {
                let url = localhost_url(r);
                match l {
                    Lang::Env => format!("DATABASE_URL={url}\n"),
                    Lang::Json => format!("  \"test_database\": {{ \"url\": \"{url}\" }}"),
                    Lang::Toml => format!("[test.database]\nurl = \"{url}\"\n\n"),
                    Lang::K8s => format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-db\ndata:\n  DATABASE_URL: \"{url}\"\n"),
                    _ => format!("test_database:\n  url: {url}\n\n"),
                }
            }
            (Decoy::SslRequire, l) => {
                let mode = r.pick(&["require", "verify-full"]);
                let url = pg_url(r, mode);
                match l {
                    Lang::Json => format!("  \"database\": {{ \"url\": \"{url}\" }}"),
                    Lang::Toml => format!("[database]\nurl = \"{url}\"\n\n"),
                    Lang::K8s => format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\ndata:\n  DATABASE_URL: \"{url}\"\n"),
                    _ => format!("database:\n  url: {url}\n\n"),
                }
            }
        },
    };
    Some(s)
}

// ---------------------------------------------------------------- text generators

/// Append blocks until `out` reaches `target` bytes (minus the footer), inserting
/// `plant` once at a random block boundary.
fn fill<F>(
    out: &mut String,
    target: usize,
    r: &mut Rng,
    plant: Option<&str>,
    footer: usize,
    mut block: F,
) where
    F: FnMut(&mut Rng, &mut String),
{
    let start = out.len();
    let body = target.saturating_sub(start + footer).max(1);
    let plant_at = start + r.below(body);
    let mut planted = plant.is_none();
    let mut n = 0;
    loop {
        if !planted && out.len() >= plant_at {
            out.push_str(plant.unwrap());
            planted = true;
        }
        if n > 0 && out.len() + footer >= target {
            break;
        }
        block(r, out);
        n += 1;
    }
    if !planted {
        out.push_str(plant.unwrap());
    }
}

fn gen_ruby(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let noun = r.pick(NOUNS);
    let class = format!("{}{}", pascal(noun), pascal(r.pick(RB_SUFFIX)));
    out.push_str("# frozen_string_literal: true\n\n");
    for _ in 0..r.range(1, 3) {
        let _ = writeln!(
            out,
            "require \"{}\"",
            r.pick(&[
                "json",
                "csv",
                "securerandom",
                "digest",
                "net/http",
                "set",
                "time"
            ])
        );
    }
    let _ = writeln!(out, "require_relative \"../{}\"\n", r.pick(NOUNS));
    let _ = writeln!(out, "module {}", pascal(unit));
    let _ = writeln!(out, "  # {}", r.pick(COMMENTS));
    let base = r.pick(&[
        "ApplicationRecord",
        "ApplicationJob",
        "BaseService",
        "ApplicationController",
    ]);
    let _ = writeln!(out, "  class {class} < {base}");
    let _ = writeln!(out, "    BATCH_SIZE = {}\n", r.range(50, 5000));
    fill(out, target, r, plant, 12, |r, out| {
        let (v, n, f, f2) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        match r.below(3) {
            0 => {
                let _ = write!(
                    out,
                    "    # {c}
    def {v}_{n}(scope, {f2}: nil)
      return [] if scope.nil?

      records = {N}.where({f}: scope).order(created_at: :desc).limit(BATCH_SIZE)
      records.each_with_object([]) do |record, acc|
        next if record.{f2}.blank?

        acc << {{ id: record.id, {f2}: record.{f2} || {f2} }}
      end
    rescue ActiveRecord::RecordNotFound => e
      Rails.logger.warn(\"[{class}] {v}_{n} failed: #{{e.message}}\")
      []
    end

",
                    c = r.pick(COMMENTS),
                    N = pascal(n)
                );
            }
            1 => {
                let a = r.pick(ADJS);
                let _ = write!(
                    out,
                    "    def {a}_{n}?
      {f} == \"{a}\" && {f2}.present?
    end

"
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "    # {c}
    def self.{v}_all(scope = all)
      scope.find_in_batches(batch_size: BATCH_SIZE) do |batch|
        batch.each {{ |item| item.{v}!({f}: item.{f}) }}
      end
      true
    end

",
                    c = r.pick(COMMENTS)
                );
            }
        }
    });
    out.push_str("  end\nend\n");
}

fn gen_python(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "\"\"\"{}.\"\"\"\nfrom __future__ import annotations\n\nimport logging\nimport os\n",
        r.pick(COMMENTS)
    );
    let _ = write!(
        out,
        "from dataclasses import dataclass\nfrom typing import Any, Dict, List, Optional\n\n"
    );
    let _ = write!(
        out,
        "from {}.{} import {}\n\nlogger = logging.getLogger(__name__)\nBATCH_SIZE = {}\n\n\n",
        snake(unit),
        r.pick(NOUNS),
        pascal(r.pick(NOUNS)),
        r.range(50, 5000)
    );
    fill(out, target, r, plant, 0, |r, out| {
        let (v, n, f, f2) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        match r.below(3) {
            0 => {
                let _ = write!(
                    out,
                    "def {v}_{n}(key: int, {f2}: Optional[str] = None) -> List[Dict[str, Any]]:
    \"\"\"{c}.\"\"\"
    results: List[Dict[str, Any]] = []
    for item in {N}.objects.filter({f}=key)[:BATCH_SIZE]:
        if item.{f2} is None:
            logger.debug(\"skipping %s\", item.pk)
            continue
        results.append({{\"id\": item.pk, \"{f}\": item.{f}, \"{f2}\": {f2} or item.{f2}}})
    return results


",
                    c = r.pick(COMMENTS),
                    N = pascal(n)
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "@dataclass
class {A}{N}:
    {f}: str
    {f2}: Optional[int] = None

    def is_{a}(self) -> bool:
        # {c}
        return self.{f} == \"{a}\" and self.{f2} is not None


",
                    A = pascal(r.pick(ADJS)),
                    N = pascal(n),
                    a = r.pick(ADJS),
                    c = r.pick(COMMENTS)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "def _{v}_{n}_batch(rows: List[Dict[str, Any]]) -> int:
    count = 0
    for row in rows:
        try:
            {n} = {N}.from_dict(row)
            {n}.{v}()
            count += 1
        except ValueError as exc:  # {c}
            logger.warning(\"{v} {n} failed: %s\", exc)
    return count


",
                    N = pascal(n),
                    c = r.pick(COMMENTS)
                );
            }
        }
    });
}

fn gen_js(r: &mut Rng, ts: bool, target: usize, plant: Option<&str>, out: &mut String) {
    let n0 = r.pick(NOUNS);
    if ts {
        let _ = write!(out, "import {{ {N} }} from '../models/{n0}';\nimport {{ logger }} from '../lib/logger';\nimport type {{ Context }} from '../types';\n\n", N = pascal(n0));
    } else {
        let _ = write!(out, "'use strict';\n\nconst {{ {N} }} = require('../models/{n0}');\nconst logger = require('../lib/logger');\n\n", N = pascal(n0));
    }
    let _ = write!(out, "const BATCH_SIZE = {};\n\n", r.range(10, 1000));
    let mut names: Vec<String> = Vec::new();
    fill(out, target, r, plant, 60, |r, out| {
        let (v, n, f, f2) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        let fname = camel(v, n);
        let (fc, f2c) = (camel("", f), camel("", f2));
        let fc = lower_first(&fc);
        let f2c = lower_first(&f2c);
        let exp = if ts { "export " } else { "" };
        match r.below(3) {
            0 => {
                let sig = if ts {
                    format!("(ctx: Context, id: string, opts: Partial<{N}> = {{}}): Promise<{N}[] | null>", N = pascal(n))
                } else {
                    "(ctx, id, opts = {})".to_string()
                };
                let _ = write!(
                    out,
                    "/**
 * {c}
 */
{exp}async function {fname}{sig} {{
  const rows = await {N}.findAll({{ where: {{ {fc}: id }}, limit: BATCH_SIZE }});
  if (!rows.length) {{
    logger.debug('{fname}: nothing to do', {{ id, requestId: ctx.requestId }});
    return null;
  }}
  return rows
    .filter((row) => row.{f2c} !== undefined)
    .map((row) => ({{ ...row, {f2c}: row.{f2c} ?? opts.{f2c} }}));
}}

",
                    c = r.pick(COMMENTS),
                    N = pascal(n)
                );
            }
            1 => {
                let a = r.pick(ADJS);
                let _ = write!(
                    out,
                    "{exp}const {fname} = (items{t}) => items.reduce((acc, item) => {{
  // {c}
  if (item.{fc} === '{a}') {{
    acc.push(item.{f2c});
  }}
  return acc;
}}, []);

",
                    t = if ts {
                        ": Array<Record<string, any>>"
                    } else {
                        ""
                    },
                    c = r.pick(COMMENTS)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "{exp}class {N}{A}Handler {{
  constructor(repo{t}) {{
    this.repo = repo;
  }}

  async handle(event{t2}) {{
    try {{
      await this.repo.{fname}(event.{fc});
    }} catch (err) {{
      logger.error('{fname} failed', {{ err, {fc}: event.{fc} }});
      throw err;
    }}
  }}
}}

",
                    N = pascal(n),
                    A = pascal(v),
                    t = if ts { ": any" } else { "" },
                    t2 = if ts { ": { [k: string]: any }" } else { "" }
                );
            }
        }
        names.push(fname);
    });
    if !ts {
        names.sort();
        names.dedup();
        names.truncate(4);
        let _ = write!(out, "module.exports = {{ {} }};\n", names.join(", "));
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn gen_go(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    let pkg = r.pick(NOUNS);
    let _ = write!(out, "// Package {pkg} {}.\npackage {pkg}\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\n\n", r.pick(COMMENTS).to_lowercase());
    let _ = write!(
        out,
        "var _ = os.Getpid\n\nconst batchSize = {}\n\n",
        r.range(10, 1000)
    );
    fill(out, target, r, plant, 0, |r, out| {
        let (v, n, f) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS));
        match r.below(3) {
            0 => {
                let _ = write!(
                    out,
                    "// {V}{N} {c}.
func (s *{N}Service) {V}{N}(ctx context.Context, id int64) (*{N}, error) {{
\tctx, cancel := context.WithTimeout(ctx, {t}*time.Second)
\tdefer cancel()
\trow, err := s.store.Get{N}(ctx, id)
\tif err != nil {{
\t\treturn nil, fmt.Errorf(\"{v} {n} %d: %w\", id, err)
\t}}
\tif row.{F} == \"\" {{
\t\treturn nil, errors.New(\"{n}: empty {f}\")
\t}}
\treturn row, nil
}}

",
                    V = pascal(v),
                    N = pascal(n),
                    F = pascal(f),
                    c = r.pick(COMMENTS).to_lowercase(),
                    t = r.range(1, 30)
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "// {N}{A} holds {a} {n} data.
type {N}{A} struct {{
\tID        int64     `json:\"id\"`
\t{F} string `json:\"{f}\"`
\tUpdatedAt time.Time `json:\"updated_at\"`
}}

",
                    N = pascal(n),
                    A = pascal(r.pick(ADJS)),
                    a = r.pick(ADJS),
                    F = pascal(f)
                );
            }
            _ => {
                let _ = write!(out,
"func {v}{N}Batch(ctx context.Context, ids []int64, fn func(context.Context, int64) error) (int, error) {{
\tdone := 0
\tfor i := 0; i < len(ids); i += batchSize {{
\t\tend := i + batchSize
\t\tif end > len(ids) {{
\t\t\tend = len(ids)
\t\t}}
\t\tfor _, id := range ids[i:end] {{
\t\t\tif err := fn(ctx, id); err != nil {{
\t\t\t\treturn done, err
\t\t\t}}
\t\t\tdone++
\t\t}}
\t}}
\treturn done, nil
}}

", N = pascal(n));
            }
        }
    });
}

fn gen_java(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let n0 = r.pick(NOUNS);
    let class = format!("{}{}", pascal(n0), r.pick(JAVA_SUFFIX));
    let _ = write!(out, "package com.acme.{}.{};\n\nimport java.util.List;\nimport java.util.Optional;\nimport java.util.stream.Collectors;\n\n",
        snake(unit).replace('_', ""), r.pick(NOUNS));
    let _ = write!(out, "/**\n * {}.\n */\npublic class {class} {{\n    private static final int BATCH_SIZE = {};\n    private final {N}Repository repository;\n\n    public {class}({N}Repository repository) {{\n        this.repository = repository;\n    }}\n\n",
        r.pick(COMMENTS), r.range(10, 1000), N = pascal(n0));
    fill(out, target, r, plant, 2, |r, out| {
        let (v, n, f, f2) = (
            r.pick(VERBS),
            r.pick(NOUNS),
            pascal(r.pick(FIELDS)),
            pascal(r.pick(FIELDS)),
        );
        if r.pct(60.0) {
            let _ = write!(
                out,
                "    /** {c}. */
    public List<{N}> {m}(long id, String filter) {{
        return repository.findBy{f}(id).stream()
            .filter(x -> x.get{f2}() != null)
            .limit(BATCH_SIZE)
            .collect(Collectors.toList());
    }}

",
                c = r.pick(COMMENTS),
                N = pascal(n),
                m = camel(v, n)
            );
        } else {
            let _ = write!(
                out,
                "    public Optional<{N}> {m}(String key) {{
        // {c}
        if (key == null || key.isEmpty()) {{
            return Optional.empty();
        }}
        return repository.findFirstBy{f}(key);
    }}

",
                c = r.pick(COMMENTS),
                N = pascal(n),
                m = camel(v, n)
            );
        }
    });
    out.push_str("}\n");
}

fn gen_php(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let n0 = r.pick(NOUNS);
    let class = format!("{}{}", pascal(n0), r.pick(JAVA_SUFFIX));
    let _ = write!(out, "<?php\n\ndeclare(strict_types=1);\n\nnamespace Acme\\{}\\{};\n\nuse Acme\\Support\\{N}Repository;\nuse Psr\\Log\\LoggerInterface;\n\n",
        pascal(unit), pascal(r.pick(NOUNS)), N = pascal(n0));
    let _ = write!(out, "/**\n * {}.\n */\nfinal class {class}\n{{\n    public function __construct(\n        private {N}Repository $repository,\n        private LoggerInterface $logger,\n    ) {{\n    }}\n\n",
        r.pick(COMMENTS), N = pascal(n0));
    fill(out, target, r, plant, 2, |r, out| {
        let (v, n, f, f2) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        let _ = write!(
            out,
            "    public function {m}(int $id, ?string ${fc} = null): array
    {{
        // {c}
        $rows = $this->repository->findBy{F}($id);
        if ($rows === []) {{
            $this->logger->info('{m}: no rows', ['id' => $id]);
            return [];
        }}
        return array_map(fn ($row) => ['id' => $row->id, '{f2}' => $row->{f2} ?? ${fc}], $rows);
    }}

",
            m = camel(v, n),
            fc = lower_first(&pascal(f)),
            F = pascal(f),
            c = r.pick(COMMENTS)
        );
    });
    out.push_str("}\n");
}

fn gen_yaml(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(out, "# {}\n", r.pick(COMMENTS));
    fill(out, target, r, plant, 0, |r, out| {
        let _ = write!(
            out,
            "{}_{}:\n",
            r.pick(NOUNS),
            r.pick(&["settings", "limits", "queue", "client", "cache"])
        );
        for _ in 0..r.range(3, 8) {
            match r.below(4) {
                0 => {
                    let _ = write!(out, "  {}: {}\n", r.pick(FIELDS), r.range(1, 10_000));
                }
                1 => {
                    let _ = write!(out, "  {}_enabled: {}\n", r.pick(ADJS), r.pct(50.0));
                }
                2 => {
                    let _ = write!(
                        out,
                        "  {}: \"{}-{}\"\n",
                        r.pick(FIELDS),
                        r.pick(ADJS),
                        r.pick(NOUNS)
                    );
                }
                _ => {
                    let _ = write!(
                        out,
                        "  {}:\n    - {}\n    - {}\n",
                        r.pick(NOUNS),
                        r.pick(ENVS),
                        r.pick(ENVS)
                    );
                }
            }
        }
        out.push('\n');
    });
}

fn gen_k8s(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    fill(out, target, r, plant, 0, |r, out| {
        let name = format!("{unit}-{}", r.pick(&["web", "worker", "scheduler", "api"]));
        match r.below(4) {
            0 => {
                let _ = write!(
                    out,
                    "---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {unit}
spec:
  replicas: {rep}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{unit}:{tag}
          ports:
            - containerPort: {port}
          envFrom:
            - secretRef:
                name: {unit}-secrets
          resources:
            limits:
              memory: {mem}Mi
              cpu: {cpu}m
",
                    rep = r.range(1, 12),
                    tag = r.range(100, 999),
                    port = r.pick(&[3000, 5000, 8000, 8080]),
                    mem = r.pick(&[256, 512, 1024]),
                    cpu = r.pick(&[250, 500, 1000])
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "---
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector:
    app: {name}
  ports:
    - port: 80
      targetPort: {port}
",
                    port = r.pick(&[3000, 5000, 8000, 8080])
                );
            }
            2 => {
                let _ = write!(
                    out,
                    "---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}-{v}
spec:
  schedule: \"{m} {h} * * *\"
  timeZone: \"Etc/UTC\"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: registry.example.com/{unit}:latest
              args: [\"bin/{v}-{n}\"]
",
                    v = r.pick(VERBS),
                    n = r.pick(NOUNS),
                    m = r.below(60),
                    h = r.below(24)
                );
            }
            _ => {
                let _ = write!(out, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-config\ndata:\n");
                for _ in 0..r.range(3, 10) {
                    let _ = write!(
                        out,
                        "  {}_{}: \"{}\"\n",
                        r.pick(NOUNS).to_uppercase(),
                        r.pick(FIELDS).to_uppercase(),
                        r.range(1, 500)
                    );
                }
            }
        }
    });
}

fn gen_json(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "{{\n  \"name\": \"{unit}\",\n  \"version\": \"{}.{}.{}\"",
        r.below(4),
        r.below(30),
        r.below(10)
    );
    // blocks are emitted with a leading ",\n" so the object stays valid
    let plant_owned = plant.map(|p| format!(",\n{p}"));
    fill(out, target, r, plant_owned.as_deref(), 4, |r, out| {
        let _ = write!(
            out,
            ",\n  \"{}_{}\": {{",
            r.pick(NOUNS),
            r.pick(&["settings", "limits", "flags", "mapping"])
        );
        let k = r.range(2, 7);
        for i in 0..k {
            let sep = if i + 1 == k { "" } else { "," };
            match r.below(3) {
                0 => {
                    let _ = write!(
                        out,
                        "\n    \"{}\": {}{sep}",
                        r.pick(FIELDS),
                        r.range(0, 100_000)
                    );
                }
                1 => {
                    let _ = write!(out, "\n    \"{}\": {}{sep}", r.pick(ADJS), r.pct(50.0));
                }
                _ => {
                    let _ = write!(
                        out,
                        "\n    \"{}\": \"{}-{}\"{sep}",
                        r.pick(FIELDS),
                        r.pick(VERBS),
                        r.pick(NOUNS)
                    );
                }
            }
        }
        out.push_str("\n  }");
    });
    out.push_str("\n}\n");
}

fn gen_package_json(r: &mut Rng, unit: &str, target: usize, out: &mut String) {
    let _ = write!(out, "{{\n  \"name\": \"{unit}\",\n  \"version\": \"{}.{}.{}\",\n  \"private\": true,\n  \"main\": \"index.js\",\n  \"scripts\": {{\n    \"test\": \"jest\",\n    \"lint\": \"eslint .\",\n    \"start\": \"node index.js\"\n  }},\n  \"dependencies\": {{",
        r.below(4), r.below(30), r.below(10));
    let mut first = true;
    let mut seen = HashSet::new();
    while out.len() + 8 < target {
        let dep = format!("{}-{}", r.pick(ADJS), r.pick(NOUNS));
        if !seen.insert(dep.clone()) {
            if seen.len() > 40 {
                break;
            }
            continue;
        }
        let _ = write!(
            out,
            "{}\n    \"{dep}\": \"^{}.{}.{}\"",
            if first { "" } else { "," },
            r.below(9),
            r.below(20),
            r.below(10)
        );
        first = false;
    }
    out.push_str("\n  }\n}\n");
}

fn gen_toml(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(out, "# {}\n\n", r.pick(COMMENTS));
    fill(out, target, r, plant, 0, |r, out| {
        let _ = write!(
            out,
            "[{}.{}]\n",
            r.pick(NOUNS),
            r.pick(&["settings", "limits", "queue", "client"])
        );
        for _ in 0..r.range(2, 7) {
            match r.below(3) {
                0 => {
                    let _ = write!(out, "{} = {}\n", r.pick(FIELDS), r.range(0, 10_000));
                }
                1 => {
                    let _ = write!(out, "{}_enabled = {}\n", r.pick(ADJS), r.pct(50.0));
                }
                _ => {
                    let _ = write!(
                        out,
                        "{} = \"{}-{}\"\n",
                        r.pick(FIELDS),
                        r.pick(VERBS),
                        r.pick(NOUNS)
                    );
                }
            }
        }
        out.push('\n');
    });
}

fn gen_sql(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "-- {}\n-- {}\nBEGIN;\n\n",
        r.pick(COMMENTS),
        r.pick(COMMENTS)
    );
    if r.pct(5.0) {
        out.push_str("CREATE EXTENSION IF NOT EXISTS pgcrypto;\n\n");
    }
    fill(out, target, r, plant, 8, |r, out| {
        let (n, f, f2) = (r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        match r.below(4) {
            0 => {
                let _ = write!(
                    out,
                    "CREATE TABLE IF NOT EXISTS {n}_{a} (
    id BIGSERIAL PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    {f} TEXT,
    {f2}_value INTEGER DEFAULT 0,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
    updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now()
);

",
                    a = r.pick(ADJS)
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS index_{n}s_on_{f} ON {n}s ({f});\n\n"
                );
            }
            2 => {
                let _ = write!(out, "ALTER TABLE {n}s ADD COLUMN IF NOT EXISTS {a}_{f} TEXT;\nCOMMENT ON COLUMN {n}s.{a}_{f} IS '{c}';\n\n", a = r.pick(ADJS), c = r.pick(COMMENTS).replace('\'', ""));
            }
            _ => {
                let _ = write!(
                    out,
                    "INSERT INTO {n}s (tenant_id, {f}, created_at) VALUES\n"
                );
                let k = r.range(2, 12);
                for i in 0..k {
                    let _ = write!(
                        out,
                        "    ({}, '{}-{}', now()){}\n",
                        r.range(1, 5000),
                        r.pick(ADJS),
                        r.range(1, 99_999),
                        if i + 1 == k { ";" } else { "," }
                    );
                }
                out.push('\n');
            }
        }
    });
    out.push_str("COMMIT;\n");
}

fn gen_markdown(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "# {} {}\n\n{}\n\n",
        pascal(unit),
        pascal(r.pick(NOUNS)),
        r.pick(PROSE)
    );
    fill(out, target, r, plant, 0, |r, out| match r.below(4) {
        0 => {
            let _ = write!(
                out,
                "## {} {}\n\n{} {}\n\n",
                pascal(r.pick(VERBS)),
                r.pick(NOUNS),
                r.pick(PROSE),
                r.pick(PROSE)
            );
        }
        1 => {
            for _ in 0..r.range(2, 6) {
                let _ = write!(
                    out,
                    "- {} the `{}` {}\n",
                    pascal(r.pick(VERBS)),
                    r.pick(FIELDS),
                    r.pick(NOUNS)
                );
            }
            out.push('\n');
        }
        2 => {
            let _ = write!(
                out,
                "```bash\nmake {}\nbin/{}-{} --{}\n```\n\n",
                r.pick(VERBS),
                r.pick(VERBS),
                r.pick(NOUNS),
                r.pick(ADJS)
            );
        }
        _ => {
            let _ = write!(
                out,
                "| {} | {} |\n|---|---|\n| {} | {} |\n| {} | {} |\n\n",
                r.pick(FIELDS),
                r.pick(FIELDS),
                r.range(1, 99),
                r.pick(ADJS),
                r.range(1, 99),
                r.pick(ADJS)
            );
        }
    });
}

fn gen_env(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(out, "# {} environment for {unit}\n", r.pick(ENVS));
    fill(out, target, r, plant, 0, |r, out| match r.below(5) {
        0 => {
            let _ = write!(out, "REDIS_URL=redis://localhost:6379/{}\n", r.below(16));
        }
        1 => {
            let _ = write!(
                out,
                "{}_{}={}\n",
                r.pick(NOUNS).to_uppercase(),
                r.pick(FIELDS).to_uppercase(),
                r.range(1, 1000)
            );
        }
        2 => {
            let _ = write!(
                out,
                "FEATURE_{}_{}={}\n",
                r.pick(ADJS).to_uppercase(),
                r.pick(NOUNS).to_uppercase(),
                r.pct(50.0)
            );
        }
        3 => {
            let _ = write!(out, "LOG_LEVEL={}\n", r.pick(&["debug", "info", "warn"]));
        }
        _ => {
            let _ = write!(
                out,
                "{}_API_KEY=changeme-{:x}\n",
                r.pick(NOUNS).to_uppercase(),
                r.next_u64() & 0xffff_ffff
            );
        }
    });
}

fn gen_procfile(lang: Lang, out: &mut String) {
    out.push_str(match lang {
        Lang::Ruby => "web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq -C config/sidekiq.yml\nrelease: bundle exec rails db:migrate\n",
        Lang::Python => "web: gunicorn app.wsgi --workers 3 --log-file -\nworker: celery -A app worker --loglevel=info\nrelease: python manage.py migrate\n",
        Lang::Js | Lang::Ts => "web: node dist/server.js\nworker: node dist/worker.js\n",
        Lang::Go => "web: bin/server\nworker: bin/worker\n",
        Lang::Java => "web: java -Dserver.port=$PORT $JAVA_OPTS -jar target/app.jar\n",
        _ => "web: vendor/bin/heroku-php-apache2 public/\n",
    });
}

fn gen_crontab(r: &mut Rng, target: usize, no_tz: bool, out: &mut String) {
    out.push_str("# m h dom mon dow command\n");
    if !no_tz {
        out.push_str(r.pick(&[
            "CRON_TZ=UTC\n",
            "CRON_TZ=Etc/UTC\n",
            "CRON_TZ=America/New_York\n",
        ]));
    }
    out.push_str("SHELL=/bin/bash\nPATH=/usr/local/bin:/usr/bin:/bin\nMAILTO=\"\"\n\n");
    while out.len() < target {
        let _ = write!(
            out,
            "# {}\n{} {} * * {} cd /app && bin/{}-{} >> /var/log/cron.log 2>&1\n",
            r.pick(COMMENTS),
            r.below(60),
            r.pick(&["*", "1", "3", "*/2", "22"]),
            r.pick(&["*", "1-5", "0"]),
            r.pick(VERBS),
            r.pick(NOUNS)
        );
    }
}

fn gen_ci(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "name: {unit} CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:15
        env:
          POSTGRES_PASSWORD: postgres
        ports: [\"5432:5432\"]
"
    );
    if let Some(p) = plant {
        // plant is a "test_database:\n  url: ..." block; CI uses env instead
        let url = p
            .split("url: ")
            .nth(1)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let _ = write!(out, "    env:\n      DATABASE_URL: {url}\n");
    }
    out.push_str("    steps:\n      - uses: actions/checkout@v4\n");
    while out.len() < target {
        let _ = write!(
            out,
            "      - name: {} {}\n        run: make {}-{}\n",
            pascal(r.pick(VERBS)),
            r.pick(NOUNS),
            r.pick(VERBS),
            r.pick(NOUNS)
        );
    }
}

fn gen_log(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    fill(out, target, r, plant, 0, |r, out| {
        let _ = write!(out,
            "I, [2019-03-{:02}T{:02}:{:02}:{:02}.{:06} #{}]  INFO -- : Started GET \"/{}s/{}\" for 10.0.{}.{}\nI, [2019-03-04T03:00:01.000000 #4]  INFO -- : Completed 200 OK in {}ms (Views: {}ms | ActiveRecord: {}ms)\n",
            r.range(1, 28), r.below(24), r.below(60), r.below(60), r.below(1_000_000), r.range(2, 9999), r.pick(NOUNS), r.range(1, 99_999), r.below(256), r.below(256), r.range(1, 900), r.range(1, 300), r.range(1, 300));
    });
}

fn gen_minjs(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    out.push_str("/*! application bundle | (c) Acme */\n");
    let mut line_start = out.len();
    let line_len = r.range(64 << 10, 256 << 10);
    fill(out, target, r, plant, 0, |r, out| {
        let _ = write!(out, "{}:function(e,t,n){{\"use strict\";var r=n({}),o=n({});e.exports=function(e){{return r(e)&&o.{}(e,\"{}\")}}}},",
            r.range(1, 99_999), r.range(1, 9999), r.range(1, 9999), camel(r.pick(VERBS), r.pick(NOUNS)), r.pick(FIELDS));
        if out.len() - line_start > line_len {
            out.push('\n');
            line_start = out.len();
        }
    });
    out.push('\n');
}

fn gen_binary(lang: Lang, r: &mut Rng, size: usize, literal: bool, out: &mut Vec<u8>) {
    match lang {
        Lang::Png => out.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66\0\0\x20\0IDAT"),
        Lang::So => {
            out.extend_from_slice(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0");
            out.extend_from_slice(b"\0.text\0.data\0.rodata\0.bss\0libc.so.6\0GLIBC_2.17\0");
        }
        _ => out.extend_from_slice(b"PK\x03\x04\x14\0\x08\x08\x08\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x14\0\0\0META-INF/MANIFEST.MF"),
    }
    let lit_at = if literal { size / 2 } else { usize::MAX };
    while out.len() < size {
        if out.len() >= lit_at {
            out.extend_from_slice(b"\0\0DYNO\0postgres://u:p@db.example.com:5432/app\0\0");
            // only once
            let rest = size.saturating_sub(out.len());
            let mut tail = Vec::with_capacity(rest);
            while tail.len() < rest {
                push_noise(r, &mut tail);
            }
            out.extend_from_slice(&tail);
            break;
        }
        push_noise(r, out);
    }
    out.truncate(size);
}

fn push_noise(r: &mut Rng, out: &mut Vec<u8>) {
    let x = r.next_u64();
    if x & 7 < 2 {
        out.extend_from_slice(&[0u8; 8]); // runs of NULs
    } else {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn render(e: &Entry, units: &[Unit], out: &mut Vec<u8>) {
    let mut r = Rng::new(e.seed);
    out.clear();
    if e.lang.is_binary() {
        gen_binary(e.lang, &mut r, e.size, e.bin_literal, out);
        return;
    }
    let unit = &units[e.unit as usize];
    let uname = unit.name.as_str();
    let snip = snippet(e.lang, e.plant, &mut r);
    let p = snip.as_deref();
    let mut s = String::with_capacity(e.size + 1024);
    match e.lang {
        Lang::Ruby => gen_ruby(&mut r, uname, e.size, p, &mut s),
        Lang::Python => gen_python(&mut r, uname, e.size, p, &mut s),
        Lang::Js => gen_js(&mut r, false, e.size, p, &mut s),
        Lang::Ts => gen_js(&mut r, true, e.size, p, &mut s),
        Lang::Go => gen_go(&mut r, e.size, p, &mut s),
        Lang::Java => gen_java(&mut r, uname, e.size, p, &mut s),
        Lang::Php => gen_php(&mut r, uname, e.size, p, &mut s),
        Lang::Yaml => gen_yaml(&mut r, e.size, p, &mut s),
        Lang::K8s => gen_k8s(&mut r, uname, e.size, p, &mut s),
        Lang::Json => gen_json(&mut r, uname, e.size, p, &mut s),
        Lang::PackageJson => gen_package_json(&mut r, uname, e.size, &mut s),
        Lang::Toml => gen_toml(&mut r, e.size, p, &mut s),
        Lang::Sql => gen_sql(&mut r, e.size, p, &mut s),
        Lang::Markdown => gen_markdown(&mut r, uname, e.size, p, &mut s),
        Lang::Env => gen_env(&mut r, uname, e.size, p, &mut s),
        Lang::Procfile => gen_procfile(unit.lang, &mut s),
        Lang::Crontab => gen_crontab(
            &mut r,
            e.size,
            e.plant == Plant::Hazard(Hazard::CrontabNoTz),
            &mut s,
        ),
        Lang::CiYaml => gen_ci(&mut r, uname, e.size, p, &mut s),
        Lang::Log => gen_log(&mut r, e.size, p, &mut s),
        Lang::MinJs => gen_minjs(&mut r, e.size, p, &mut s),
        Lang::Png | Lang::So | Lang::Jar => unreachable!(),
    }
    out.extend_from_slice(s.as_bytes());
}

// ---------------------------------------------------------------- driver

struct Args {
    out: Option<PathBuf>,
    files: usize,
    seed: u64,
    manifest: Option<PathBuf>,
    force: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        out: None,
        files: 100_000,
        seed: 42,
        manifest: None,
        force: false,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let arg = argv[i].as_str();
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k, Some(v.to_string())),
            _ => (arg, None),
        };
        let value = |i: &mut usize| -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            *i += 1;
            argv.get(*i)
                .cloned()
                .ok_or_else(|| format!("{key} needs a value"))
        };
        match key {
            "--out" => a.out = Some(PathBuf::from(value(&mut i)?)),
            "--files" => {
                a.files = value(&mut i)?
                    .parse()
                    .map_err(|e| format!("--files: {e}"))?
            }
            "--seed" => a.seed = value(&mut i)?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--manifest" => a.manifest = Some(PathBuf::from(value(&mut i)?)),
            "--force" => a.force = true,
            "-h" | "--help" => {
                println!("usage: gen_monorepo --out DIR [--files N] [--seed S] [--manifest FILE] [--force]");
                std::process::exit(0);
            }
            _ => {} // e.g. `--bench` appended by cargo bench
        }
        i += 1;
    }
    if a.files == 0 {
        return Err("--files must be > 0".into());
    }
    Ok(a)
}

fn marker_text(a: &Args) -> String {
    format!(
        "egress-bench-monorepo\nversion={GEN_VERSION}\nfiles={}\nseed={}\n",
        a.files, a.seed
    )
}

fn write_meta(root: &Path) -> std::io::Result<()> {
    fs::write(root.join(".gitignore"), "node_modules/\n*.log\n")?;
    let git = root.join(".git");
    fs::create_dir_all(git.join("objects/info"))?;
    fs::create_dir_all(git.join("objects/pack"))?;
    fs::create_dir_all(git.join("refs/heads"))?;
    fs::create_dir_all(git.join("refs/tags"))?;
    fs::write(git.join("HEAD"), "ref: refs/heads/main\n")?;
    fs::write(
        git.join("config"),
        "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n",
    )?;
    fs::write(
        git.join("description"),
        "synthetic egress benchmark monorepo\n",
    )?;
    Ok(())
}

fn generate(root: &Path, p: &Planner) -> std::io::Result<u64> {
    fs::create_dir_all(root)?;
    fs::write(root.join(PARTIAL), "generation in progress\n")?;
    write_meta(root)?;
    let mut dirs = BTreeSet::new();
    for e in &p.entries {
        if let Some(i) = e.path.rfind('/') {
            dirs.insert(&e.path[..i]);
        }
    }
    for d in &dirs {
        fs::create_dir_all(root.join(d))?;
    }
    let threads = match std::env::var("GEN_MONOREPO_THREADS")
        .ok()
        .and_then(|t| t.parse::<usize>().ok())
    {
        Some(t) if t > 0 => t,
        _ => {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .clamp(2, 8)
                * 2
        }
    };
    let entries = &p.entries;
    let units = &p.units;
    let total = std::thread::scope(|s| -> std::io::Result<u64> {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || -> std::io::Result<u64> {
                    let mut buf = Vec::with_capacity(64 << 10);
                    let mut bytes = 0u64;
                    let mut i = t;
                    while i < entries.len() {
                        let e = &entries[i];
                        render(e, units, &mut buf);
                        let mut f = fs::File::create(root.join(&e.path))?;
                        f.write_all(&buf)?;
                        bytes += buf.len() as u64;
                        i += threads;
                    }
                    Ok(bytes)
                })
            })
            .collect();
        let mut sum = 0;
        for h in handles {
            sum += h.join().expect("writer thread panicked")?;
        }
        Ok(sum)
    })?;
    Ok(total)
}

fn dir_is_empty(p: &Path) -> bool {
    fs::read_dir(p)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_monorepo: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(root) = args.out.clone() else {
        eprintln!("gen_monorepo: --out DIR is required\nusage: cargo bench --bench gen_monorepo -- --out DIR [--files N] [--seed S]");
        return ExitCode::from(2);
    };

    let t0 = Instant::now();
    let p = plan(args.files, args.seed);
    let plan_time = t0.elapsed();

    let marker = root.join(MARKER);
    let want = marker_text(&args);
    let existing = fs::read_to_string(&marker).ok();
    let up_to_date = !args.force
        && existing
            .as_deref()
            .map(|m| m.starts_with(&want))
            .unwrap_or(false);

    let bytes: u64;
    let mut gen_secs = 0.0;
    let mut stale: Option<PathBuf> = None;
    if up_to_date {
        bytes = existing
            .as_deref()
            .and_then(|m| m.lines().find_map(|l| l.strip_prefix("bytes=")))
            .and_then(|b| b.parse().ok())
            .unwrap_or(0);
    } else {
        if root.exists() && !dir_is_empty(&root) {
            let ours = existing.is_some() || root.join(PARTIAL).exists();
            if !ours && !args.force {
                eprintln!(
                    "gen_monorepo: {} exists and is not a generated bench tree; refusing to delete it (pass --force)",
                    root.display()
                );
                return ExitCode::from(2);
            }
            // Move the old tree aside and delete it only after generating: on ext4,
            // allocating inodes right after a mass delete is very slow
            // (ext4 `recently_deleted()` skips inodes freed in the last minutes).
            let mut aside = root.clone().into_os_string();
            aside.push(format!(".stale-{}", std::process::id()));
            let aside = PathBuf::from(aside);
            if fs::rename(&root, &aside).is_ok() {
                stale = Some(aside);
            } else {
                eprintln!("gen_monorepo: removing stale tree {}", root.display());
                if let Err(e) = fs::remove_dir_all(&root) {
                    eprintln!("gen_monorepo: cannot remove {}: {e}", root.display());
                    return ExitCode::from(2);
                }
            }
        }
        let t1 = Instant::now();
        match generate(&root, &p) {
            Ok(b) => bytes = b,
            Err(e) => {
                eprintln!("gen_monorepo: write failed under {}: {e}", root.display());
                return ExitCode::from(2);
            }
        }
        if let Err(e) = fs::write(&marker, format!("{want}bytes={bytes}\n"))
            .and_then(|_| fs::remove_file(root.join(PARTIAL)))
        {
            eprintln!("gen_monorepo: cannot write marker: {e}");
            return ExitCode::from(2);
        }
        gen_secs = t1.elapsed().as_secs_f64();
        if let Some(old) = stale {
            eprintln!("gen_monorepo: removing previous tree {}", old.display());
            if let Err(e) = fs::remove_dir_all(&old) {
                eprintln!(
                    "gen_monorepo: warning: cannot remove {}: {e}",
                    old.display()
                );
            }
        }
    }

    // ---- summary
    let mut by_lang: BTreeMap<Lang, usize> = BTreeMap::new();
    let mut hazards: BTreeMap<String, usize> = BTreeMap::new();
    let mut decoys: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut n_ignored, mut n_ignored_lit, mut n_nm, mut n_bin, mut n_bin_lit, mut n_large) =
        (0, 0, 0, 0, 0, 0);
    let mut manifest = String::new();
    for e in &p.entries {
        *by_lang.entry(e.lang).or_default() += 1;
        if e.ignored {
            n_ignored += 1;
            if e.path.contains("node_modules/") {
                n_nm += 1;
            }
        }
        if e.lang.is_binary() {
            n_bin += 1;
            if e.bin_literal {
                n_bin_lit += 1;
                let _ = writeln!(
                    manifest,
                    "{}\tbinary-literal\tDYNO/postgres:// after NUL bytes",
                    e.path
                );
            }
        }
        if e.size >= 262_144 {
            n_large += 1;
        }
        match e.plant {
            Plant::Hazard(h) if e.ignored => {
                n_ignored_lit += 1;
                let _ = writeln!(
                    manifest,
                    "{}\tignored-literal\t{}",
                    e.path,
                    hazard_label(h, e.lang)
                );
            }
            Plant::Hazard(h) => {
                let l = hazard_label(h, e.lang);
                let _ = writeln!(manifest, "{}\thazard\t{}", e.path, l);
                *hazards.entry(l).or_default() += 1;
            }
            Plant::Decoy(d) => {
                if e.ignored {
                    n_ignored_lit += 1;
                }
                let _ = writeln!(
                    manifest,
                    "{}\t{}\t{}",
                    e.path,
                    if e.ignored {
                        "ignored-literal"
                    } else {
                        "decoy"
                    },
                    decoy_label(d)
                );
                if !e.ignored {
                    *decoys.entry(decoy_label(d)).or_default() += 1;
                }
            }
            Plant::None => {}
        }
    }
    if let Some(m) = &args.manifest {
        if let Err(e) = fs::write(m, &manifest) {
            eprintln!("gen_monorepo: cannot write manifest {}: {e}", m.display());
            return ExitCode::from(2);
        }
    }

    let n_hazard: usize = hazards.values().sum();
    let n_decoy: usize = decoys.values().sum();
    println!("egress bench monorepo: {}", root.display());
    println!(
        "  seed {}  files {}  (+ .gitignore, minimal .git/, marker)",
        args.seed,
        p.entries.len()
    );
    if up_to_date {
        println!(
            "  status: up to date (marker matches), nothing rewritten; plan {:.2}s",
            plan_time.as_secs_f64()
        );
    } else {
        println!(
            "  status: generated in {:.2}s (plan {:.2}s)",
            gen_secs,
            plan_time.as_secs_f64()
        );
    }
    println!(
        "  bytes written: {} ({:.1} MB)",
        bytes,
        bytes as f64 / 1_048_576.0
    );
    println!(
        "  scanned files: {}   ignored by .gitignore: {} (node_modules {}, *.log {})",
        p.entries.len() - n_ignored,
        n_ignored,
        n_nm,
        n_ignored - n_nm
    );
    println!(
        "  binary files: {} ({} with hazard literals after NULs)   large (>=256KB): {}",
        n_bin, n_bin_lit, n_large
    );
    println!("  files by type:");
    for (l, c) in &by_lang {
        println!("    {:<24} {c}", l.label());
    }
    let scanned = (p.entries.len() - n_ignored).max(1);
    println!(
        "  hazards planted (should be reported): {n_hazard} files ({:.2}% of scanned)",
        n_hazard as f64 * 100.0 / scanned as f64
    );
    for (k, c) in &hazards {
        println!("    {c:>6}  {k}");
    }
    println!(
        "  harmless mentions (should NOT be reported): {n_decoy} files ({:.2}% of scanned)",
        n_decoy as f64 * 100.0 / scanned as f64
    );
    for (k, c) in &decoys {
        println!("    {c:>6}  {k}");
    }
    println!("  hazard literals in ignored files (must be skipped): {n_ignored_lit} files");
    if let Some(m) = &args.manifest {
        println!("  manifest: {}", m.display());
    }
    ExitCode::SUCCESS
}
