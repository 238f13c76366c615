//! Shared by the EG8xx parity rules: an app's target configs (render.yaml, fly.toml, a Railway
//! config, its Kubernetes manifests, compose files), one per platform file.

use std::path::Path;

use crate::facts::{Contract, Origin, Service};
use crate::source::Loc;

/// One target config of an app: a platform file (all Kubernetes manifests of the app count as
/// one) and the services it declares.
pub(super) struct Target<'a> {
    pub origin: Origin,
    /// Where the finding goes: its first service.
    pub first: Loc,
    pub services: Vec<&'a Service>,
}

/// Two folders of one app: one holds the other (render.yaml at the repository root, the
/// Procfile in the service's `rootDir`).
pub(super) fn same_app(a: &Path, b: &Path) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

fn is_config(o: Origin) -> bool {
    matches!(
        o,
        Origin::RenderYaml | Origin::FlyToml | Origin::Railway | Origin::Kubernetes | Origin::Compose
    )
}

/// The target configs of the app in `dir` that declare at least one service, in file order.
pub(super) fn targets<'a>(c: &'a Contract, dir: &Path) -> Vec<Target<'a>> {
    let mut out: Vec<(Origin, Option<crate::source::FileId>, Target<'a>)> = Vec::new();
    let mut services: Vec<&Service> = c
        .facts
        .services
        .iter()
        .filter(|s| is_config(s.origin) && !c.in_test_code(s.at) && same_app(dir, c.dir_of(s.at)))
        .collect();
    services.sort_by_key(|s| (s.at.file, s.at.span.start));
    for s in services {
        let file = (s.origin != Origin::Kubernetes).then_some(s.at.file);
        match out.iter_mut().find(|(o, f, _)| *o == s.origin && *f == file) {
            Some((_, _, t)) => t.services.push(s),
            None => out.push((
                s.origin,
                file,
                Target {
                    origin: s.origin,
                    first: s.at,
                    services: vec![s],
                },
            )),
        }
    }
    out.into_iter().map(|(_, _, t)| t).collect()
}

/// A command with its white space collapsed, for comparing two files' spelling of it.
pub(super) fn norm(command: &str) -> String {
    command.split_whitespace().collect::<Vec<_>>().join(" ")
}
