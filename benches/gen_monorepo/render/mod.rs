//! Rendering one planned file: a generator per file format, each filling to the planned size.

mod binary;
mod ci;
mod crontab;
mod env;
mod go;
mod java;
mod js;
mod json;
mod k8s;
mod log;
mod markdown;
mod minjs;
mod php;
mod procfile;
mod python;
mod ruby;
mod snippets;
mod sql;
mod toml;
mod yaml;

use crate::lang::Lang;
use crate::plan::hazards::{Hazard, Plant};
use crate::plan::units::Unit;
use crate::plan::Entry;
use crate::rng::Rng;

/// Append blocks until `out` reaches `target` bytes (minus the footer), inserting
/// `plant` once at a random block boundary.
fn fill<F>(
    out: &mut String,
    target: usize,
    r: &mut Rng,
    plant: Option<&str>,
    footer: usize,
    mut block: F,
) where
    F: FnMut(&mut Rng, &mut String),
{
    let start = out.len();
    let body = target.saturating_sub(start + footer).max(1);
    let plant_at = start + r.below(body);
    let mut planted = plant.is_none();
    let mut n = 0;
    loop {
        if !planted && out.len() >= plant_at {
            out.push_str(plant.unwrap());
            planted = true;
        }
        if n > 0 && out.len() + footer >= target {
            break;
        }
        block(r, out);
        n += 1;
    }
    if !planted {
        out.push_str(plant.unwrap());
    }
}

/// Render `e` into `out` (cleared first); the same entry always gives the same bytes.
pub fn render(e: &Entry, units: &[Unit], out: &mut Vec<u8>) {
    let mut r = Rng::new(e.seed);
    out.clear();
    if e.lang.is_binary() {
        binary::generate(e.lang, &mut r, e.size, e.bin_literal, out);
        return;
    }
    let unit = &units[e.unit as usize];
    let uname = unit.name.as_str();
    let snip = snippets::snippet(e.lang, e.plant, &mut r);
    let p = snip.as_deref();
    let mut s = String::with_capacity(e.size + 1024);
    match e.lang {
        Lang::Ruby => ruby::generate(&mut r, uname, e.size, p, &mut s),
        Lang::Python => python::generate(&mut r, uname, e.size, p, &mut s),
        Lang::Js => js::generate(&mut r, false, e.size, p, &mut s),
        Lang::Ts => js::generate(&mut r, true, e.size, p, &mut s),
        Lang::Go => go::generate(&mut r, e.size, p, &mut s),
        Lang::Java => java::generate(&mut r, uname, e.size, p, &mut s),
        Lang::Php => php::generate(&mut r, uname, e.size, p, &mut s),
        Lang::Yaml => yaml::generate(&mut r, e.size, p, &mut s),
        Lang::K8s => k8s::generate(&mut r, uname, e.size, p, &mut s),
        Lang::Json => json::generate(&mut r, uname, e.size, p, &mut s),
        Lang::PackageJson => json::package_json(&mut r, uname, e.size, &mut s),
        Lang::Toml => toml::generate(&mut r, e.size, p, &mut s),
        Lang::Sql => sql::generate(&mut r, e.size, p, &mut s),
        Lang::Markdown => markdown::generate(&mut r, uname, e.size, p, &mut s),
        Lang::Env => env::generate(&mut r, uname, e.size, p, &mut s),
        Lang::Procfile => procfile::generate(unit.lang, &mut s),
        Lang::Crontab => crontab::generate(
            &mut r,
            e.size,
            e.plant == Plant::Hazard(Hazard::CrontabNoTz),
            &mut s,
        ),
        Lang::CiYaml => ci::generate(&mut r, uname, e.size, p, &mut s),
        Lang::Log => log::generate(&mut r, e.size, p, &mut s),
        Lang::MinJs => minjs::generate(&mut r, e.size, p, &mut s),
        Lang::Png | Lang::So | Lang::Jar => unreachable!(),
    }
    out.extend_from_slice(s.as_bytes());
}
