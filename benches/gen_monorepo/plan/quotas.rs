//! Files planned by quota, after the regular tree: CI configs, large files, binaries, logs.

use crate::lang::Lang;
use crate::words::{ADJS, ENVS, NOUNS, VERBS};

use super::hazards::{Decoy, Hazard, Plant};
use super::Planner;

/// `n` CI workflows, each with a harmless `postgres://localhost` test database (a decoy).
pub fn ci_files(p: &mut Planner, n: usize, services: &[usize]) {
    for i in 0..n {
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
}

/// `n` files of 256 KB-4 MB: minified bundles (30% read DYNO), SQL dumps, JSON fixtures.
pub fn large_files(p: &mut Planner, n: usize, services: &[usize]) {
    for i in 0..n {
        let u = p.word(services);
        let root = p.units[u].root.clone();
        let hash = format!("{:016x}", p.rng.next_u64());
        let idx = match i % 3 {
            0 => {
                let path = format!("{root}/public/assets/application-{hash}.min.js");
                p.push(path, Lang::MinJs, u, false)
            }
            1 => {
                let path = format!("db/dumps/{}_snapshot_{}.sql", p.word(NOUNS), &hash[..8]);
                p.push(path, Lang::Sql, 0, false)
            }
            _ => {
                let path = format!(
                    "{root}/spec/fixtures/{}s_{}.json",
                    p.word(NOUNS),
                    &hash[..6]
                );
                p.push(path, Lang::Json, u, false)
            }
        };
        let big = p.rng.log_uniform(262_144, 4 << 20);
        p.entries[idx].size = big;
        if p.entries[idx].lang == Lang::MinJs && p.rng.pct(30.0) {
            p.entries[idx].plant = Plant::Hazard(Hazard::DynoEnv);
        }
    }
}

/// `n` binaries (png, .so, .jar); 20% hold hazard literals after NUL bytes.
pub fn binaries(p: &mut Planner, n: usize, services: &[usize]) {
    for _ in 0..n {
        let u = p.word(services);
        let root = p.units[u].root.clone();
        let x = p.rng.below(100);
        let idx = if x < 70 {
            let path = format!(
                "{root}/app/assets/images/{}-{}.png",
                p.word(NOUNS),
                p.word(ADJS)
            );
            p.push(path, Lang::Png, u, false)
        } else if x < 85 {
            let path = format!("{root}/vendor/lib/lib{}.so", p.word(NOUNS));
            p.push(path, Lang::So, u, false)
        } else {
            let v = format!("{}.{}.{}", p.rng.below(5), p.rng.below(20), p.rng.below(10));
            let path = format!(
                "{root}/vendor/java/{}-{}-{v}.jar",
                p.word(NOUNS),
                p.word(&["core", "client", "driver"])
            );
            p.push(path, Lang::Jar, u, false)
        };
        p.entries[idx].bin_literal = p.rng.pct(20.0);
    }
}

/// `n` *.log files (git-ignored); half of them hold a hazard literal that must not be reported.
pub fn logs(p: &mut Planner, n: usize, services: &[usize]) {
    for _ in 0..n {
        let u = p.word(services);
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
}
