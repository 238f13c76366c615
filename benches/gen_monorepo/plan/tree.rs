//! The scanned tree: per-unit singletons, then the bulk of code, config, docs and migrations.

use crate::case::camel;
use crate::lang::Lang;
use crate::words::{ADJS, ENVS, JS_CATS, NOUNS, VERBS};

use super::hazards::{Decoy, Plant};
use super::units::UnitKind;
use super::Planner;

/// Root files and the files every service and package has (Procfile, README, manifests).
pub fn singletons(p: &mut Planner, services: &[usize], packages: &[usize]) {
    p.push("README.md".into(), Lang::Markdown, 0, false);
    p.push("package.json".into(), Lang::PackageJson, 0, false);
    let dc = p.push("docker-compose.yml".into(), Lang::Yaml, 0, false);
    p.entries[dc].plant = Plant::Decoy(Decoy::PgLocalhost);
    for &u in services {
        let root = p.units[u].root.clone();
        p.push(format!("{root}/Procfile"), Lang::Procfile, u, false);
        p.push(format!("{root}/.env.example"), Lang::Env, u, false);
        p.push(format!("{root}/README.md"), Lang::Markdown, u, false);
        p.push(format!("{root}/config/app.yml"), Lang::Yaml, u, false);
        if matches!(p.units[u].lang, Lang::Js | Lang::Ts) {
            p.push(format!("{root}/package.json"), Lang::PackageJson, u, false);
        }
    }
    for &u in packages {
        let root = p.units[u].root.clone();
        p.push(format!("{root}/package.json"), Lang::PackageJson, u, false);
        p.push(format!("{root}/tsconfig.json"), Lang::Json, u, false);
        p.push(format!("{root}/README.md"), Lang::Markdown, u, false);
    }
}

/// Plan files until there are `n_rest`: services 62%, packages 15%, libs 10%, docs 4%,
/// infra 5%, db 3%, scripts 1%.
pub fn bulk(p: &mut Planner, n_rest: usize, services: &[usize], packages: &[usize]) {
    let libs: Vec<usize> = (0..p.units.len())
        .filter(|&i| p.units[i].kind == UnitKind::Lib)
        .collect();
    while p.entries.len() < n_rest {
        match p.rng.weighted(&[62, 15, 10, 4, 5, 3, 1]) {
            0 => service_file(p, services),
            1 => unit_file(p, packages),
            2 => unit_file(p, &libs),
            3 => docs_file(p),
            4 => infra_file(p, services),
            5 => db_file(p),
            _ => script_file(p),
        }
    }
}

/// A file of a service: mostly its primary language, some secondary code, config,
/// migrations, docs, .env, crontabs and k8s manifests.
fn service_file(p: &mut Planner, services: &[usize]) {
    let u = p.word(services);
    let primary = p.units[u].lang;
    let root = p.units[u].root.clone();
    let x = p.rng.below(1000);
    match x {
        0..=719 => {
            let path = p.code_path(u, primary);
            p.push(path, primary, u, false);
        }
        720..=779 => {
            let sec = match primary {
                Lang::Js | Lang::Ts | Lang::Go => Lang::Python,
                _ => Lang::Js,
            };
            let path = if sec == Lang::Js {
                let f = camel(p.word(VERBS), p.word(NOUNS));
                format!("{root}/app/javascript/{}/{f}.js", p.word(JS_CATS))
            } else {
                format!("{root}/scripts/{}_{}.py", p.word(VERBS), p.word(NOUNS))
            };
            p.push(path, sec, u, false);
        }
        780..=869 => {
            let (path, lang) = p.config_path(u);
            p.push(path, lang, u, false);
        }
        870..=899 => {
            let ts = 20_150_000_000_000u64 + p.rng.below(100_000_000_000) as u64;
            let path = format!(
                "{root}/db/migrate/{ts}_{}_{}s.sql",
                p.word(VERBS),
                p.word(NOUNS)
            );
            p.push(path, Lang::Sql, u, false);
        }
        900..=939 => {
            let path = format!("{root}/docs/{}-{}.md", p.word(NOUNS), p.word(ADJS));
            p.push(path, Lang::Markdown, u, false);
        }
        940..=954 => {
            let env = p.word(ENVS);
            let dot = format!("{root}/.env.{env}");
            let path = if p.rng.pct(40.0) && !p.taken.contains(&dot) {
                dot
            } else {
                format!("{root}/config/env/{}.{env}.env", p.word(NOUNS))
            };
            p.push(path, Lang::Env, u, false);
        }
        955..=964 => {
            let top = format!("{root}/crontab");
            let path = if p.rng.pct(30.0) && !p.taken.contains(&top) {
                top
            } else {
                format!("{root}/config/cron/{}.crontab", p.word(NOUNS))
            };
            p.push(path, Lang::Crontab, u, false);
        }
        _ => {
            let path = format!(
                "{root}/deploy/{}-{}.yaml",
                p.word(NOUNS),
                p.word(&["deployment", "service", "configmap", "cronjob"])
            );
            p.push(path, Lang::K8s, u, false);
        }
    }
}

/// A file of a package or lib (one of `units`): code, docs or config.
fn unit_file(p: &mut Planner, units: &[usize]) {
    let u = p.word(units);
    let lang = p.units[u].lang;
    let root = p.units[u].root.clone();
    let x = p.rng.below(100);
    if x < 88 {
        let path = p.code_path(u, lang);
        p.push(path, lang, u, false);
    } else if x < 94 {
        let path = format!("{root}/docs/{}.md", p.word(NOUNS));
        p.push(path, Lang::Markdown, u, false);
    } else {
        let (path, lang) = p.config_path(u);
        p.push(path, lang, u, false);
    }
}

/// A page of the top-level docs/.
fn docs_file(p: &mut Planner) {
    let sect = p.word(&[
        "runbooks",
        "adr",
        "onboarding",
        "architecture",
        "api",
        "incidents",
    ]);
    let path = format!(
        "docs/{sect}/{}/{}-{}.md",
        p.word(NOUNS),
        p.word(VERBS),
        p.word(NOUNS)
    );
    p.push(path, Lang::Markdown, 0, false);
}

/// A file under infra/: k8s manifests, crontabs, TOML and JSON config.
fn infra_file(p: &mut Planner, services: &[usize]) {
    let u = p.word(services);
    let name = p.units[u].name.clone();
    let x = p.rng.below(100);
    if x < 75 {
        let env = p.word(&["production", "staging", "development", "review"]);
        let kind = p.word(&[
            "deployment",
            "service",
            "configmap",
            "cronjob",
            "hpa",
            "ingress",
        ]);
        p.push(
            format!("infra/k8s/{env}/{name}/{kind}.yaml"),
            Lang::K8s,
            u,
            false,
        );
    } else if x < 85 {
        let path = format!("infra/cron/{name}-{}.crontab", p.word(ADJS));
        p.push(path, Lang::Crontab, u, false);
    } else if x < 93 {
        let path = format!("infra/config/{name}/{}.toml", p.word(NOUNS));
        p.push(path, Lang::Toml, u, false);
    } else {
        let path = format!("infra/config/{name}/{}.json", p.word(NOUNS));
        p.push(path, Lang::Json, u, false);
    }
}

/// A file under the top-level db/: migrations, functions, seeds.
fn db_file(p: &mut Planner) {
    let x = p.rng.below(100);
    if x < 80 {
        let ts = 20_120_000_000_000u64 + p.rng.below(100_000_000_000) as u64;
        let path = format!(
            "db/migrations/{ts}_{}_{}s.sql",
            p.word(VERBS),
            p.word(NOUNS)
        );
        p.push(path, Lang::Sql, 0, false);
    } else if x < 90 {
        let path = format!("db/functions/{}_{}.sql", p.word(VERBS), p.word(NOUNS));
        p.push(path, Lang::Sql, 0, false);
    } else {
        let path = format!("db/seeds/{}s.rb", p.word(NOUNS));
        p.push(path, Lang::Ruby, 0, false);
    }
}

/// A script under the top-level scripts/.
fn script_file(p: &mut Planner) {
    let lang = p.word(&[Lang::Python, Lang::Ruby, Lang::Js]);
    let ext = match lang {
        Lang::Python => "py",
        Lang::Ruby => "rb",
        _ => "js",
    };
    let path = format!("scripts/{}_{}.{ext}", p.word(VERBS), p.word(NOUNS));
    p.push(path, lang, 0, false);
}
