//! `migration-manifest.yml`: the migration's own description (source, target, verification,
//! webhook_providers, cutover), read by the shared parser in `crate::manifest`. Rules read the
//! typed settings; every value keeps its span.

use super::super::parsed::Parsed;
use super::super::{AppMarker, Cx, Manifest};
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
    // The one manifest parser, shared with `verify`: what it cannot accept (an unknown key, a
    // duration out of range) is what `verify` refuses the manifest for, and EG701 here; `check`
    // reads the model as far as it goes.
    let (manifest, errors) = Manifest::parse(cx.file, root);
    cx.facts.manifests.push(manifest);
    cx.facts.document_errors.extend(errors);
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};

    #[test]
    fn manifest_model_keeps_spans() {
        let text = "source:\n  extensions: [citext, pg_trgm]\ntarget:\n  timezone: Europe/Berlin\n  process_type_env: ROLE\n";
        let f = facts("migration-manifest.yml", text);
        let m = &f.manifests[0];
        assert_eq!(
            at(text, m.target_timezone.as_ref().unwrap().at),
            "Europe/Berlin"
        );
        assert_eq!(m.process_type_env.as_ref().unwrap().value, "ROLE");
        assert_eq!(
            m.source_extensions
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>(),
            ["citext", "pg_trgm"]
        );
        assert_eq!(at(text, m.target.unwrap()), "target");
        for empty in ["\"\"", "''", "\"  \"", "~", ""] {
            let f = facts(
                "migration-manifest.yml",
                &format!("target:\n  timezone: {empty}\n"),
            );
            assert!(f.manifests[0].target_timezone.is_none(), "{empty}");
        }
    }
}
