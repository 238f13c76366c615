//! Running `egress verify`: read the manifest, resolve its settings, learn its secrets, and run
//! the selected phases of the table in `phases`, in the table's order. Nothing here aborts other
//! checks: a side that cannot be reached makes its checks `unknown`.

use std::time::{Duration, Instant};

use super::expand::{expand, MissingVar};
use super::facts::{Seen, Unverified};
use super::phases::PhaseCx;
use super::probe::postgres::{Limits, Target};
use super::rules::{CheckResult, Live};
use super::secrets::Secrets;
use crate::discover::SourceKind;
use crate::extract::{Contract, FileInfo};
use crate::manifest::{Manifest, Setting};
use crate::parse::yaml;
use crate::rules::Finding;
use crate::source::{line_of, FileId, Loc};

/// The extensions `migration-contract.json` (beside the manifest: what `egress inventory` and
/// the Heroku export recorded) says the source had, checked on the target like
/// `source.extensions`: `check` and `verify` read the same contract. A contract that cannot be
/// read or parsed is a note, never a stop.
fn contract_extensions(
    manifest_path: &std::path::Path,
    contract: &mut Contract,
    manifest: &mut Manifest,
) -> Option<String> {
    let path = manifest_path
        .parent()
        .unwrap_or(std::path::Path::new(""))
        .join("migration-contract.json");
    if !path.is_file() {
        return None;
    }
    let text = match crate::discover::open::read_text(&path, crate::discover::open::MANIFEST_LIMIT)
    {
        Ok(t) => t,
        Err(e) => {
            return Some(format!(
                "{}: not read ({e}): its extensions were not checked",
                path.display()
            ))
        }
    };
    // The contract is read as `check` reads it: the extensions its extractor records.
    let src = crate::source::Source {
        path: path.clone(),
        kind: SourceKind::MigrationContract,
        root_depth: 0,
        text: text.clone(),
        reported: true,
    };
    let facts = crate::extract::extract(&src, contract.files.len() as FileId);
    if let Some(e) = facts.parse_errors.first() {
        return Some(format!(
            "{}:{}: {}: its extensions were not checked",
            path.display(),
            line_of(&text, e.at.span.start),
            e.message
        ));
    }
    let names: Vec<(String, crate::source::Span)> = facts
        .extensions_enabled
        .into_iter()
        .map(|e| (e.name.trim().to_string(), e.at.span))
        .filter(|(n, _)| !n.is_empty() && n != "plpgsql")
        .collect();
    if names.is_empty() {
        return None;
    }
    let file = contract.add_document(
        FileInfo::new(path.clone(), SourceKind::MigrationContract, true),
        text.clone().into(),
    );
    for (name, span) in names {
        if !manifest.source_extensions.iter().any(|s| s.value == name) {
            manifest.source_extensions.push(Setting {
                value: name,
                at: Loc { file, span },
            });
        }
    }
    None
}

/// What a run of `egress verify` is asked to do (the phases' settings live beside them).
pub use super::phases::Options;

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
    let mut manifest = Manifest::from_yaml(file, root).map_err(|errors| {
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
    let contract_note = contract_extensions(path, &mut contract, &mut manifest);
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
    let limits = Limits {
        connect_timeout: opts.timeout,
        statement_timeout: opts.timeout,
    };
    let mut live = Live::default();
    let mut source = resolve("source.db_url", &manifest.source_db);
    let mut target = resolve("target.db_url", &manifest.target_db);
    // Whether each side's session was encrypted, once it was reached.
    let mut tls: (Option<bool>, Option<bool>) = (None, None);
    let db_phase = super::phases::PHASES
        .iter()
        .find(|p| p.reads_databases() && opts.phases.iter().any(|q| q.name() == p.name()));
    if let Some(phase) = db_phase {
        let mut reached = Live::for_phase(phase.name());
        let (s, t) = (source.clone(), target.clone());
        let (rs, rt) = std::thread::scope(|scope| {
            let s = scope.spawn(move || reach(s, limits));
            let t = scope.spawn(move || reach(t, limits));
            (s.join(), t.join())
        });
        let sides = [
            ("source", rs, &mut source, &mut tls.0),
            ("target", rt, &mut target, &mut tls.1),
        ];
        for (side, seen, out, encrypted) in sides {
            let seen = seen.unwrap_or_else(|_| {
                Err(Unverified::Failed(
                    "the connection check failed inside egress".into(),
                ))
            });
            match seen {
                Ok(on) => *encrypted = Some(on),
                Err(why) => {
                    reached.unknown(format!("connection to {side}"), &why, None);
                    *out = Err(brief(side, &why));
                }
            }
        }
        live.append(reached);
    }
    let cx = PhaseCx {
        manifest: &manifest,
        source: &source,
        target: &target,
        opts,
        limits,
        line: &line,
    };
    for phase in super::phases::PHASES {
        if opts.phases.iter().any(|p| p.name() == phase.name()) {
            let mut this = Live::for_phase(phase.name());
            phase.run(&cx, &mut this);
            if this.checks.is_empty() {
                let why = Unverified::NotConfigured {
                    key: phase.needs().to_string(),
                    place: Some(path.display().to_string()),
                };
                this.unknown("nothing to check", &why, None);
            }
            live.append(this);
        }
    }

    // Every check a database phase made says whether its sessions were encrypted (the TLS
    // checks say it themselves; an unusable database has no session).
    let reads_databases = |name: &str| {
        super::phases::PHASES
            .iter()
            .any(|p| p.name() == name && p.reads_databases())
    };
    if tls != (None, None) {
        let suffix = transport(tls.0, tls.1);
        for c in &mut live.checks {
            let own = c.subject.starts_with("TLS to ") || c.subject.starts_with("connection to ");
            if reads_databases(c.phase) && !own && c.subject != "nothing to check" {
                c.evidence.push_str(&suffix);
            }
        }
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
    live.findings
        .sort_by_key(|f| (f.at.file, f.at.span.start, f.rule));
    let notes = contract_note
        .into_iter()
        .chain(live.notes.iter().map(|n| secrets.clean(n)))
        .collect();
    Ok(Outcome {
        contract,
        findings: live.findings,
        checks: live.checks,
        notes,
        elapsed: started.elapsed(),
    })
}

/// Connect to one database once, before the phases that read it: a database that cannot be
/// used is one `unknown` check with the whole reason (returned here), and every check of it
/// then says so in a few words ([`brief`]) instead of repeating the error (and waiting out the
/// timeout again).
fn reach(seen: Seen<Target>, limits: Limits) -> Result<bool, Unverified> {
    let (_, evidence) = super::probe::postgres::session(&seen?, limits, "")?;
    Ok(evidence.tls)
}

/// What a database check's evidence ends with: whether the sessions it used were encrypted
/// (`None`: that side was not reached).
fn transport(source: Option<bool>, target: Option<bool>) -> String {
    match (source, target) {
        (Some(true), Some(true)) => " · TLS".to_string(),
        (Some(false), Some(false)) => " · no TLS".to_string(),
        _ => {
            let side = |name: &str, tls: Option<bool>| match tls {
                Some(true) => format!("{name} TLS"),
                Some(false) => format!("{name} no TLS"),
                None => String::new(),
            };
            let parts: Vec<String> = [side("source", source), side("target", target)]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            format!(" · {}", parts.join(", "))
        }
    }
}

/// What the checks of a database that cannot be used say.
fn brief(side: &str, why: &Unverified) -> Unverified {
    Unverified::Unreachable(match why {
        Unverified::NotConfigured { .. }
        | Unverified::MissingVariable { .. }
        | Unverified::Invalid { .. } => format!("no {side} database to read ({why})"),
        _ => format!("the {side} database could not be reached (see `connection to {side}`)"),
    })
}
