//! JSON config files and package.json manifests.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::rng::Rng;
use crate::words::{ADJS, FIELDS, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "{{\n  \"name\": \"{unit}\",\n  \"version\": \"{}.{}.{}\"",
        r.below(4),
        r.below(30),
        r.below(10)
    );
    // blocks are emitted with a leading ",\n" so the object stays valid
    let plant_owned = plant.map(|p| format!(",\n{p}"));
    fill(out, target, r, plant_owned.as_deref(), 4, |r, out| {
        let _ = write!(
            out,
            ",\n  \"{}_{}\": {{",
            r.pick(NOUNS),
            r.pick(&["settings", "limits", "flags", "mapping"])
        );
        let k = r.range(2, 7);
        for i in 0..k {
            let sep = if i + 1 == k { "" } else { "," };
            match r.below(3) {
                0 => {
                    let _ = write!(
                        out,
                        "\n    \"{}\": {}{sep}",
                        r.pick(FIELDS),
                        r.range(0, 100_000)
                    );
                }
                1 => {
                    let _ = write!(out, "\n    \"{}\": {}{sep}", r.pick(ADJS), r.pct(50.0));
                }
                _ => {
                    let _ = write!(
                        out,
                        "\n    \"{}\": \"{}-{}\"{sep}",
                        r.pick(FIELDS),
                        r.pick(VERBS),
                        r.pick(NOUNS)
                    );
                }
            }
        }
        out.push_str("\n  }");
    });
    out.push_str("\n}\n");
}

pub fn package_json(r: &mut Rng, unit: &str, target: usize, out: &mut String) {
    let _ = write!(out, "{{\n  \"name\": \"{unit}\",\n  \"version\": \"{}.{}.{}\",\n  \"private\": true,\n  \"main\": \"index.js\",\n  \"scripts\": {{\n    \"test\": \"jest\",\n    \"lint\": \"eslint .\",\n    \"start\": \"node index.js\"\n  }},\n  \"dependencies\": {{",
        r.below(4), r.below(30), r.below(10));
    let mut first = true;
    let mut seen = HashSet::new();
    while out.len() + 8 < target {
        let dep = format!("{}-{}", r.pick(ADJS), r.pick(NOUNS));
        if !seen.insert(dep.clone()) {
            if seen.len() > 40 {
                break;
            }
            continue;
        }
        let _ = write!(
            out,
            "{}\n    \"{dep}\": \"^{}.{}.{}\"",
            if first { "" } else { "," },
            r.below(9),
            r.below(20),
            r.below(10)
        );
        first = false;
    }
    out.push_str("\n  }\n}\n");
}
