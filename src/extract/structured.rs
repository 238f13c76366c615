//! YAML, JSON and TOML files: parsed once with spans; every string value is searched for
//! connection strings, and YAML documents are checked for schedules (Kubernetes CronJob,
//! sidekiq-cron) and `PGSSLMODE` settings.

use super::connections::{self, is_secret_key};
use super::{connstr, cron, Cx, Lit, SourceKind, SslModeSetting};
use crate::parse::Tree;
use crate::parse::{json, toml, yaml};
use crate::source::Span;

/// Templated YAML (Helm, Jinja, ERB) is not YAML until rendered: parse what we can, never
/// report it as broken.
fn is_templated(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("<%")
}

fn wants_values(cx: &Cx) -> bool {
    cx.hits.has(Lit::Postgres) || cx.hits.has(Lit::HostEq)
}

pub fn yaml(cx: &mut Cx) {
    let h = cx.hits;
    // "cron" alone is common in prose and keys; only a CronJob or a sidekiq-cron `cron:` key
    // makes a schedule.
    let schedules = h.has(Lit::Cron) && (cx.text.contains("CronJob") || cx.text.contains("cron:"));
    let relevant = schedules
        || [Lit::Postgres, Lit::HostEq, Lit::SslMode]
            .iter()
            .any(|l| h.has(*l));
    if !relevant && cx.src.kind == SourceKind::Yaml {
        // Nothing to extract: only check that it parses (no tree, no allocations per node).
        if let Err(e) = yaml::validate(cx.text) {
            if !is_templated(cx.text) {
                cx.parse_error(e.offset, format!("invalid YAML: {}", e.message));
            }
        }
        return;
    }
    let docs = match yaml::parse(cx.text) {
        Ok(d) => d,
        Err(e) => {
            if !is_templated(cx.text) {
                cx.parse_error(e.offset, format!("invalid YAML: {}", e.message));
            }
            return;
        }
    };
    yaml_docs(cx, &docs);
}

/// The checks shared by every YAML file, manifests included.
pub fn yaml_docs(cx: &mut Cx, docs: &[yaml::Node]) {
    let local_names: Vec<String> = if cx.src.kind == SourceKind::Compose {
        docs.iter()
            .flat_map(|d| d.get("services").map_or(d.entries(), |s| s.entries()))
            .filter_map(|(k, _)| k.as_str().map(str::to_string))
            .collect()
    } else {
        Vec::new()
    };
    let scan_values = wants_values(cx);
    let mut sslmodes: Vec<(Span, String)> = Vec::new();
    for doc in docs {
        let mut scalars: Vec<(Span, bool)> = Vec::new();
        doc.walk_scalars(&mut Vec::new(), &mut |keys, node| {
            let key = keys.last().copied().unwrap_or("");
            if key == "PGSSLMODE" {
                sslmodes.push((node.span, node.as_str().unwrap_or("").to_string()));
            }
            scalars.push((node.span, is_secret_key(key)));
        });
        // Kubernetes-style env lists: `- name: PGSSLMODE` / `value: disable`.
        visit_maps(doc, &mut |m| {
            if m.get("name").and_then(|n| n.as_str()) == Some("PGSSLMODE") {
                if let Some(v) = m.get("value") {
                    sslmodes.push((v.span, v.as_str().unwrap_or("").to_string()));
                }
            }
        });
        for (span, secret) in scalars {
            if secret {
                cx.facts.secrets.push(span);
            }
            if scan_values {
                connections::scan(cx, span, None, &local_names);
            }
        }
        cron::from_yaml(cx, doc);
        if scan_values {
            tls_siblings(cx, doc);
        }
    }
    // After the scan, so that local_context sees every connection string of the file.
    for (span, value) in sslmodes {
        push_sslmode(cx, span, value);
    }
}

/// A connection string in a mapping that also asks for TLS in an `sslmode` or `ssl` key (Rails
/// database.yml `url:` beside `sslmode: require`, knex `ssl: {...}`) states its TLS there.
fn tls_siblings<T: Tree>(cx: &mut Cx, root: &T) {
    fn collect<T: Tree>(node: &T, text: &str, out: &mut Vec<Span>) {
        let entries = node.entries();
        let tls = entries.iter().any(|(k, v)| {
            matches!(k.as_str(), Some("sslmode" | "ssl"))
                && text
                    .get(v.span().start..v.span().end)
                    .is_some_and(connstr::states_tls)
        });
        for (_, v) in entries {
            if tls {
                out.push(v.span());
            }
            collect(v, text, out);
        }
        node.items().iter().for_each(|i| collect(i, text, out));
    }
    let mut spans = Vec::new();
    collect(root, cx.text, &mut spans);
    if !spans.is_empty() {
        connections::mark_tls_elsewhere(cx, |c| spans.iter().any(|s| s.contains(c)));
    }
}

fn push_sslmode(cx: &mut Cx, span: Span, value: String) {
    let local = connections::local_context(cx, &[]);
    cx.facts.sslmode_settings.push(SslModeSetting {
        at: cx.loc(span),
        value,
        local_context: local,
    });
}

/// Call `f` on every mapping of a YAML tree.
pub fn visit_maps<'a>(node: &'a yaml::Node, f: &mut dyn FnMut(&'a yaml::Node)) {
    match &node.value {
        yaml::Value::Map(entries) => {
            f(node);
            for (_, v) in entries {
                visit_maps(v, f);
            }
        }
        yaml::Value::Seq(items) => items.iter().for_each(|i| visit_maps(i, f)),
        _ => {}
    }
}

/// Parse JSON (strictly for files whose consumers are strict); returns the tree for callers
/// that read more of it.
pub fn json(cx: &mut Cx, lenient: bool) -> Option<json::Node> {
    let root = match json::parse(cx.text, lenient) {
        Ok(r) => r,
        Err(e) => {
            cx.parse_error(e.offset, format!("invalid JSON: {}", e.message));
            return None;
        }
    };
    let mut strings = Vec::new();
    root.walk_strings(&mut Vec::new(), &mut |keys, node| {
        strings.push((node.span, keys.last().is_some_and(|k| is_secret_key(k))));
    });
    let scan_values = wants_values(cx);
    for (span, secret) in strings {
        if secret {
            cx.facts.secrets.push(span);
        }
        if scan_values {
            connections::scan(cx, span, None, &[]);
        }
    }
    if scan_values {
        tls_siblings(cx, &root);
    }
    Some(root)
}

pub fn toml(cx: &mut Cx) {
    let table = match toml::parse(cx.text) {
        Ok(t) => t,
        Err(e) => {
            cx.parse_error(e.offset, format!("invalid TOML: {}", e.message));
            return;
        }
    };
    let mut strings = Vec::new();
    toml::walk_strings(
        table.get_ref(),
        &mut Vec::new(),
        &mut |keys, value, span| {
            let key = keys.last().copied().unwrap_or("");
            strings.push((
                span,
                is_secret_key(key),
                (key == "PGSSLMODE").then(|| value.to_string()),
            ));
        },
    );
    let scan_values = wants_values(cx);
    let mut sslmodes = Vec::new();
    for (span, secret, sslmode) in strings {
        if secret {
            cx.facts.secrets.push(span);
        }
        if scan_values {
            connections::scan(cx, span, None, &[]);
        }
        sslmodes.extend(sslmode.map(|v| (span, v)));
    }
    for (span, value) in sslmodes {
        push_sslmode(cx, span, value);
    }
}
