//! The plan: every file's path, kind, size, planted text and seed, fixed before anything is
//! written.

pub mod hazards;
mod node_modules;
mod paths;
mod quotas;
mod tree;
pub mod units;

use std::collections::HashSet;

use crate::lang::Lang;
use crate::rng::Rng;
use hazards::Plant;
use units::{make_units, Unit, UnitKind};

/// One file of the tree.
pub struct Entry {
    pub path: String,
    pub lang: Lang,
    pub size: usize,
    pub plant: Plant,
    /// lives under node_modules/ or is a *.log (excluded by .gitignore)
    pub ignored: bool,
    /// binary file with hazard literals embedded after NUL bytes
    pub bin_literal: bool,
    pub unit: u32,
    pub seed: u64,
}

/// The planner's state; `plan` fills it in a fixed order, every draw from one PRNG.
pub struct Planner {
    rng: Rng,
    pub entries: Vec<Entry>,
    taken: HashSet<String>,
    pub units: Vec<Unit>,
}

impl Planner {
    /// `path`, or `stem_2.ext`, `stem_3.ext`, ... when it is taken.
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

    /// Plan one file; its size is drawn by kind. Returns its index in `entries`.
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

    /// A random element of `xs` (usually a word list).
    fn word<T: Copy>(&mut self, xs: &[T]) -> T {
        self.rng.pick(xs)
    }
}

/// Plan `n` files for `seed`. The order of the steps is part of the output: each one draws from
/// the same PRNG.
pub fn plan(n: usize, seed: u64) -> Planner {
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

    tree::singletons(&mut p, &services, &packages);
    p.entries.truncate(n_rest);
    tree::bulk(&mut p, n_rest, &services, &packages);
    hazards::plant_regular(&mut p);
    quotas::ci_files(&mut p, n_ci, &services);
    quotas::large_files(&mut p, n_large, &services);
    quotas::binaries(&mut p, n_bin, &services);
    quotas::logs(&mut p, n_log, &services);
    node_modules::packages(&mut p, n, &packages);
    p.entries.truncate(n);
    p
}
