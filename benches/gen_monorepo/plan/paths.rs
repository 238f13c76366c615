//! File paths in the conventions of each language (Rails app/, Python packages, Java
//! src/main/java, ...) and config paths.

use crate::case::{camel, pascal, snake};
use crate::lang::Lang;
use crate::words::{
    ADJS, GO_CATS, JAVA_CATS, JAVA_SUFFIX, JS_CATS, NOUNS, PY_CATS, RB_CATS, RB_SUFFIX, VERBS,
};

use super::units::UnitKind;
use super::Planner;

impl Planner {
    /// A source (or test) file path of unit `u` in `lang`.
    pub fn code_path(&mut self, u: usize, lang: Lang) -> String {
        let (base, mods, subs, uname) = {
            let unit = &self.units[u];
            let base = match unit.kind {
                UnitKind::Service => format!("{}/app", unit.root),
                UnitKind::Package => format!("{}/src", unit.root),
                UnitKind::Lib => unit.root.clone(),
            };
            (
                base,
                unit.modules.clone(),
                unit.subs.clone(),
                unit.name.clone(),
            )
        };
        let r = &mut self.rng;
        let m = r.pick(&mods);
        let sub = if r.pct(30.0) {
            format!("/{}", r.pick(&subs))
        } else {
            String::new()
        };
        let noun = r.pick(NOUNS);
        let test = r.pct(18.0);
        match lang {
            Lang::Ruby => {
                let suf = r.pick(RB_SUFFIX);
                if test {
                    format!("{base}/spec/{}/{m}/{noun}_{suf}_spec.rb", r.pick(RB_CATS))
                } else {
                    format!("{base}/{}/{m}{sub}/{noun}_{suf}.rb", r.pick(RB_CATS))
                }
            }
            Lang::Python => {
                let pkg = snake(&uname);
                if test {
                    format!("{base}/tests/{m}/test_{noun}_{}.py", r.pick(VERBS))
                } else {
                    format!(
                        "{base}/{pkg}/{}/{m}{sub}/{noun}_{}.py",
                        r.pick(PY_CATS),
                        r.pick(ADJS)
                    )
                }
            }
            Lang::Js | Lang::Ts => {
                let ext = if lang == Lang::Js { "js" } else { "ts" };
                let f = camel(r.pick(VERBS), noun);
                if test {
                    format!("{base}/__tests__/{m}/{f}.test.{ext}")
                } else {
                    format!("{base}/{}/{m}{sub}/{f}.{ext}", r.pick(JS_CATS))
                }
            }
            Lang::Go => {
                let suf = if test { "_test" } else { "" };
                format!(
                    "{base}/{}/{m}{sub}/{noun}_{}{suf}.go",
                    r.pick(GO_CATS),
                    r.pick(VERBS)
                )
            }
            Lang::Java => {
                let pkg = snake(&uname).replace('_', "");
                let cls = format!("{}{}", pascal(noun), r.pick(JAVA_SUFFIX));
                if test {
                    format!("{base}/src/test/java/com/acme/{pkg}/{m}/{cls}Test.java")
                } else {
                    format!(
                        "{base}/src/main/java/com/acme/{pkg}/{}/{m}/{cls}.java",
                        r.pick(JAVA_CATS)
                    )
                }
            }
            Lang::Php => {
                let cls = format!("{}{}", pascal(noun), r.pick(JAVA_SUFFIX));
                if test {
                    format!("{base}/tests/{}/{cls}Test.php", pascal(m))
                } else {
                    format!("{base}/src/{}{}/{cls}.php", pascal(m), pascal(&sub))
                }
            }
            _ => unreachable!(),
        }
    }

    /// A config file of unit `u`; its format follows the unit's language.
    pub fn config_path(&mut self, u: usize) -> (String, Lang) {
        let root = self.units[u].root.clone();
        let r = &mut self.rng;
        let lang = match self.units[u].lang {
            Lang::Js | Lang::Ts => r.pick(&[Lang::Json, Lang::Json, Lang::Yaml]),
            Lang::Python => r.pick(&[Lang::Toml, Lang::Yaml, Lang::Yaml]),
            Lang::Go => r.pick(&[Lang::Toml, Lang::Yaml, Lang::Json]),
            _ => r.pick(&[Lang::Yaml, Lang::Yaml, Lang::Yaml, Lang::Json]),
        };
        let ext = match lang {
            Lang::Json => "json",
            Lang::Toml => "toml",
            _ => "yml",
        };
        let name = if r.pct(50.0) {
            r.pick(NOUNS)
        } else {
            r.pick(ADJS)
        };
        (format!("{root}/config/{name}.{ext}"), lang)
    }
}
