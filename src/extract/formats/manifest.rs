//! `migration-manifest.yml`: the migration's own description (source, target, verification,
//! webhook_providers, cutover), read by the shared parser in `crate::manifest`. Rules read the
//! typed settings; every value keeps its span.

use super::super::syntax::Parsed;
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
    // The one manifest parser, shared with `verify`. Values it cannot accept (a duration out
    // of range) are `verify`'s to report; `check` reads the model as far as it goes.
    let (manifest, _errors) = Manifest::parse(cx.file, root);
    cx.facts.manifests.push(manifest);
}
