//! Rule files as rules: the matches their text and structured matchers recorded at extraction
//! become findings, and their fact matchers run here, over the facts the built-ins read. Also
//! where loaded rule files join the catalog.

use std::sync::LazyLock;

use super::{Finding, Fix, RuleId, RuleMeta, RuleSet, BUILTIN, CATALOG};
use crate::facts::{Contract, Host};
use crate::policy::{template, FactMatch, Loaded, Matcher, Policy, SslTest, ZoneTest, ACTIVE};
use crate::source::Loc;

/// Each policy's rule, by its place in `ACTIVE`.
static IDS: LazyLock<Vec<Option<RuleId>>> = LazyLock::new(|| {
    ACTIVE
        .policies
        .iter()
        .map(|p| CATALOG.iter().find(|m| m.code == p.code).map(|m| m.id))
        .collect()
});

/// Add a project's rule files to the catalog and the run: at start-up, before anything reads
/// the catalog. Their names must not be the built-ins'.
pub fn install(loaded: Vec<Loaded>) -> Result<(), String> {
    if loaded.is_empty() {
        return Ok(());
    }
    for l in &loaded {
        for (key, value) in std::iter::once(("name", l.meta.name))
            .chain(l.meta.aliases.iter().map(|a| ("aliases", *a)))
        {
            if let Some(m) = BUILTIN
                .iter()
                .find(|m| m.name == value || m.aliases.contains(&value))
            {
                return Err(format!(
                    "{}:{}: {key} `{value}` is the built-in {}'s",
                    l.path.display(),
                    crate::policy::key_line(l.meta.source, key),
                    m.code
                ));
            }
        }
    }
    let metas = loaded
        .iter()
        .map(|l| {
            let m = &l.meta;
            RuleMeta {
                id: RuleId::from_index(0),
                code: m.code,
                name: m.name,
                aliases: m.aliases,
                tags: m.tags,
                category: m.category,
                severity: m.severity,
                status: m.status,
                fix: m.fix,
                live: false,
                summary: m.summary,
                why: m.why,
                how_to_fix: m.how_to_fix,
                file: m.file,
                source: m.source,
            }
        })
        .collect();
    super::register(metas).map_err(str::to_string)?;
    crate::policy::install(loaded)
}

/// Every finding of the selected policies.
pub fn check(c: &Contract, selected: &RuleSet) -> Vec<Finding> {
    let set = &*ACTIVE;
    let mut out = Vec::new();
    for m in &c.facts.policy_matches {
        let i = m.policy as usize;
        let (Some(p), Some(Some(id))) = (set.policies.get(i), IDS.get(i)) else {
            continue;
        };
        if !selected.contains(*id) || !reported(c, p, m.at) {
            continue;
        }
        let mut f = Finding::new(*id, m.at, m.message.clone());
        f.label = m.label.clone();
        f.help = m.help.clone();
        if let (Some((span, text)), Some(t)) = (&m.fix, &p.fix) {
            let at = Loc {
                file: m.at.file,
                span: *span,
            };
            f = f.fix(Fix::replace(
                t.applicability,
                t.description.clone(),
                at,
                text.clone(),
            ));
        }
        out.push(f);
    }
    for (p, id) in set.policies.iter().zip(IDS.iter()) {
        let Some(id) = id.filter(|id| selected.contains(*id)) else {
            continue;
        };
        if let Matcher::Fact(fm) = &p.matcher {
            facts(c, id, p, fm, &mut out);
        }
    }
    out
}

/// Whether a match is reported: test code and examples only when the rule asks, never in an
/// app moving to a platform the rule leaves alone.
fn reported(c: &Contract, p: &Policy, at: Loc) -> bool {
    if !p.include_tests && c.in_test_or_example(at) {
        return false;
    }
    if !p.unless_target.is_empty() {
        let target = c
            .manifest_for(c.dir_of(at))
            .and_then(|m| m.target_platform.as_ref())
            .map(|t| t.value.trim().to_ascii_lowercase());
        if target.is_some_and(|t| p.unless_target.contains(&t)) {
            return false;
        }
    }
    p.in_scope(&c.file(at.file).path)
}

fn facts(c: &Contract, id: RuleId, p: &Policy, m: &FactMatch, out: &mut Vec<Finding>) {
    let f = &c.facts;
    let mut emit = |at: Loc, vars: &[(&str, String)]| {
        if !reported(c, p, at) {
            return;
        }
        let value = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| crate::redact::text(v).into_owned())
                .or_else(|| (name == "process_type_env").then(|| process_type_env(c, at)))
        };
        let mut finding = Finding::new(id, at, template::render(&p.message, &value));
        if let Some(l) = &p.label {
            finding = finding.label(template::render(l, &value));
        }
        if let Some(h) = &p.help {
            finding = finding.help(template::render(h, &value));
        }
        out.push(finding);
    };
    match m {
        FactMatch::EnvRead(names) => {
            for r in f.env_reads.iter().filter(|r| names.contains(&r.name)) {
                emit(r.at, &[("name", r.name.clone())]);
            }
        }
        FactMatch::Connection { host, sslmode } => {
            for s in &f.connections {
                let name = match &s.host {
                    Host::Remote(h) => h.as_str(),
                    Host::Local | Host::Templated => {
                        if host.is_some() {
                            continue;
                        }
                        ""
                    }
                };
                if host.as_ref().is_some_and(|r| !r.is_match(name)) {
                    continue;
                }
                let tls = s.tls_param.as_ref();
                let keep = match sslmode {
                    SslTest::Any => true,
                    SslTest::Absent => tls.is_none() && !s.tls_elsewhere,
                    SslTest::Weak => tls.is_some_and(|t| t.is_weak()),
                    SslTest::Set => tls.is_some() || s.tls_elsewhere,
                };
                if keep {
                    let mode = tls.map(|t| t.value.clone()).unwrap_or_default();
                    emit(
                        s.at,
                        &[
                            ("host", name.to_string()),
                            ("url", s.redacted.clone()),
                            ("sslmode", mode),
                        ],
                    );
                }
            }
        }
        FactMatch::Schedule {
            expression,
            command,
            timezone,
        } => {
            for j in &f.cron_jobs {
                let name = j.name.clone().unwrap_or_default();
                let zone_ok = match timezone {
                    None => true,
                    Some(ZoneTest::Absent) => j.timezone.is_none(),
                    Some(ZoneTest::Matches(r)) => {
                        j.timezone.as_deref().is_some_and(|z| r.is_match(z))
                    }
                };
                if zone_ok
                    && expression.as_ref().is_none_or(|r| r.is_match(&j.schedule))
                    && command.as_ref().is_none_or(|r| r.is_match(&name))
                {
                    emit(
                        j.at,
                        &[
                            ("expression", j.schedule.clone()),
                            ("command", name),
                            ("timezone", j.timezone.clone().unwrap_or_default()),
                        ],
                    );
                }
            }
        }
        FactMatch::Process { name, command } => {
            for s in &f.services {
                if name.as_ref().is_none_or(|r| r.is_match(&s.name))
                    && command.as_ref().is_none_or(|r| r.is_match(&s.command))
                {
                    emit(
                        s.at,
                        &[("name", s.name.clone()), ("command", s.command.clone())],
                    );
                }
            }
        }
        FactMatch::Runtime { language, version } => {
            for pin in &f.pins {
                if language.is_none_or(|l| l == pin.runtime)
                    && version.as_ref().is_none_or(|r| r.is_match(&pin.version))
                {
                    emit(
                        pin.at,
                        &[
                            ("language", pin.runtime.name().to_string()),
                            ("version", pin.version.clone()),
                        ],
                    );
                }
            }
        }
        FactMatch::Extension(names) => {
            for e in f
                .extensions_enabled
                .iter()
                .filter(|e| names.iter().any(|n| n.eq_ignore_ascii_case(&e.name)))
            {
                emit(e.at, &[("name", e.name.clone())]);
            }
        }
    }
}

/// The variable that tells processes apart on the target: the migration manifest's
/// `target.process_type_env`, else `PROCESS_TYPE`.
fn process_type_env(c: &Contract, at: Loc) -> String {
    c.manifest_for(c.dir_of(at))
        .and_then(|m| m.process_type_env.as_ref())
        .map_or("PROCESS_TYPE", |s| s.value.as_str())
        .to_string()
}
