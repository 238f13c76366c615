//! Units of the monorepo (services, packages, libs): name, root, language, module names.

use std::collections::{BTreeSet, HashSet};

use crate::lang::Lang;
use crate::rng::Rng;
use crate::words::{ADJS, NOUNS, SERVICES, SVC_SUFFIX};

/// Where a unit lives: services/, packages/ or libs/.
#[derive(Clone, Copy, PartialEq)]
pub enum UnitKind {
    Service,
    Package,
    Lib,
}

/// A service, package or lib; its files share a root, a language and module names.
pub struct Unit {
    pub name: String,
    pub root: String,
    pub kind: UnitKind,
    pub lang: Lang,
    pub modules: Vec<&'static str>,
    pub subs: Vec<&'static str>,
}

/// Services, packages and libs in proportion to the `n_rest` files of the regular tree.
pub fn make_units(rng: &mut Rng, n_rest: usize) -> Vec<Unit> {
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
