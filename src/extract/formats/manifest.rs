//! `migration-manifest.yml`: the migration's own description (source, target, verification,
//! webhook_providers, cutover). Rules read the typed settings; every value keeps its span.

use super::super::syntax::Parsed;
use super::super::{AppMarker, Cx, Manifest, Setting};
use crate::parse::{yaml, Tree};
use crate::source::Span;

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    cx.facts.app_markers.push(AppMarker {
        at: cx.loc(Span::new(0, 0)),
        what: "migration-manifest.yml",
    });
    let Parsed::Yaml(docs) = parsed else { return };
    let Some(root) = docs.first() else {
        cx.parse_error(0, "empty migration manifest");
        return;
    };
    // A quoted empty value (`timezone: ""`) sets nothing, like a missing one.
    let setting = |cx: &Cx, n: Option<&yaml::Node>| {
        n.and_then(|n| {
            n.as_value_str()
                .filter(|v| !v.trim().is_empty())
                .map(|v| Setting {
                    value: v.to_string(),
                    at: cx.loc(n.span),
                })
        })
    };
    let target = root.entry("target");
    let manifest = Manifest {
        file: cx.file,
        target: target.map(|(k, _)| cx.loc(k.span)),
        target_timezone: setting(cx, root.path(&["target", "timezone"])),
        process_type_env: setting(cx, root.path(&["target", "process_type_env"])),
        source_extensions: root
            .path(&["source", "extensions"])
            .map(|l| {
                l.items()
                    .iter()
                    .filter_map(|n| setting(cx, Some(n)))
                    .collect()
            })
            .unwrap_or_default(),
    };
    cx.facts.manifests.push(manifest);
}
