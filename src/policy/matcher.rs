//! Reading `match:` of a rule file: which kind of matcher it is (text, structured, or one of
//! the fact matchers), its compiled parts, and the template variables it gives `message`,
//! `label`, `help` and `fix`.

use super::query::Query;
use super::reader::Reader;
use super::{FactMatch, Matcher, NodeTest, Regions, SslTest, StructuredMatch, TextMatch, ZoneTest};
use crate::parse::{yaml, Tree};

/// The matcher of `match:`, and the template variables it gives.
pub(super) fn read(r: &Reader, m: &yaml::Node) -> Result<(Matcher, Vec<String>), String> {
    let has = |k: &str| m.get(k).is_some();
    let facts = [
        "env-read",
        "connection",
        "schedule",
        "process",
        "runtime",
        "extension",
    ];
    let mut kinds: Vec<&str> = Vec::new();
    if has("regex") {
        kinds.push("regex");
    }
    if has("path-query") || has("files") {
        kinds.push("path-query");
    }
    kinds.extend(facts.iter().copied().filter(|f| has(f)));
    match kinds.as_slice() {
        [] => return Err(r.err(m, "`match` says nothing to match: give `regex`, `files` with `path-query`, or one of env-read, connection, schedule, process, runtime, extension")),
        [_] => {}
        several => return Err(r.err(m, format!("`match` mixes {}: one rule has one matcher (write two rules)", several.join(" and ")))),
    }
    let only = |allowed: &[&str]| -> Result<(), String> {
        for (k, _) in m.entries() {
            let k = k.as_str().unwrap_or("");
            let common = ["paths", "not-paths", "include-tests", "unless-target"];
            if !allowed.contains(&k) && !common.contains(&k) {
                return Err(r.err(
                    m.get(k).unwrap_or(m),
                    format!("`{k}` does not go with `{}`", kinds[0]),
                ));
            }
        }
        Ok(())
    };
    let g = |k: &str| m.get(k);
    let opt_regex = |n: Option<&yaml::Node>, k: &str| {
        n.and_then(|n| n.as_value_str().map(|_| n))
            .map(|n| r.regex(n, k))
            .transpose()
    };
    let names = |n: &yaml::Node| {
        r.texts(n)
            .into_iter()
            .map(|(_, t)| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
    };
    let strs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    Ok(match kinds[0] {
        "regex" => {
            only(&["regex", "not-regex", "in"])?;
            let regex = r.regex(g("regex").unwrap_or(m), "regex")?;
            let not_regex = opt_regex(g("not-regex"), "not-regex")?;
            let regions = match g("in") {
                None => Regions {
                    code: true,
                    comments: false,
                    strings: true,
                },
                Some(n) => {
                    let mut reg = Regions {
                        code: false,
                        comments: false,
                        strings: false,
                    };
                    for (item, t) in r.texts(n) {
                        match t.trim() {
                            "code" => reg.code = true,
                            "comments" => reg.comments = true,
                            "strings" => reg.strings = true,
                            "any" => {
                                reg = Regions {
                                    code: true,
                                    comments: true,
                                    strings: true,
                                }
                            }
                            other => {
                                return Err(r.err(
                                    item,
                                    format!(
                                        "`in`: `{other}` is not code, comments, strings or any"
                                    ),
                                ))
                            }
                        }
                    }
                    reg
                }
            };
            let mut vars = strs(&["match"]);
            for (i, name) in regex.capture_names().enumerate().skip(1) {
                vars.push(i.to_string());
                if let Some(n) = name {
                    vars.push(n.to_string());
                }
            }
            let literals = super::text::literals(regex.as_str());
            (
                Matcher::Text(TextMatch {
                    regex,
                    not_regex,
                    regions,
                    literals,
                }),
                vars,
            )
        }
        "path-query" => {
            only(&["files", "path-query", "equals", "matches", "absent"])?;
            let files = g("files").ok_or_else(|| {
                r.err(
                    m,
                    "`path-query` needs `files`: the YAML, JSON or TOML files to query",
                )
            })?;
            let q = g("path-query").ok_or_else(|| {
                r.err(
                    m,
                    "`files` needs `path-query`: the nodes to test (`services[*].plan`)",
                )
            })?;
            let query = Query::parse(q.as_value_str().unwrap_or(""))
                .map_err(|e| r.err(q, format!("`path-query` {e}")))?;
            let tests = ["equals", "matches", "absent"]
                .iter()
                .filter(|k| has(k))
                .count();
            if tests > 1 {
                return Err(r.err(m, "give one of `equals`, `matches` and `absent`"));
            }
            let test = if let Some(e) = g("equals") {
                NodeTest::Equals(e.as_value_str().unwrap_or("").to_string())
            } else if let Some(n) = g("matches") {
                NodeTest::Matches(r.regex(n, "matches")?)
            } else if g("absent").and_then(|a| a.as_value_str()) == Some("true") {
                NodeTest::Absent
            } else {
                NodeTest::Present
            };
            let vars = match test {
                NodeTest::Absent => strs(&["path", "key"]),
                _ => strs(&["match", "value", "path", "key"]),
            };
            (
                Matcher::Structured(StructuredMatch {
                    files: r.globs(files, "files")?,
                    query,
                    test,
                }),
                vars,
            )
        }
        "env-read" => {
            only(&["env-read"])?;
            let list = names(g("env-read").unwrap_or(m));
            for (item, n) in r.texts(g("env-read").unwrap_or(m)) {
                if !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(r.err(item, format!("`env-read`: `{n}` is not a variable name")));
                }
            }
            (
                Matcher::Fact(FactMatch::EnvRead(list)),
                strs(&["name", "process_type_env"]),
            )
        }
        "connection" => {
            only(&["connection"])?;
            let c = g("connection").unwrap_or(m);
            let sslmode = match c
                .get("sslmode")
                .and_then(|v| v.as_value_str())
                .map(str::trim)
            {
                None | Some("any") => SslTest::Any,
                Some("absent") => SslTest::Absent,
                Some("weak") => SslTest::Weak,
                Some("set") => SslTest::Set,
                Some(other) => {
                    return Err(r.err(
                        c,
                        format!("connection.sslmode `{other}` is not absent, weak, set or any"),
                    ))
                }
            };
            (
                Matcher::Fact(FactMatch::Connection {
                    host: opt_regex(c.get("host"), "connection.host")?,
                    sslmode,
                }),
                strs(&["host", "url", "sslmode"]),
            )
        }
        "schedule" => {
            only(&["schedule"])?;
            let s = g("schedule").unwrap_or(m);
            let timezone = match s.get("timezone") {
                None => None,
                Some(z) if z.as_value_str().map(str::trim) == Some("absent") => {
                    Some(ZoneTest::Absent)
                }
                Some(z) => Some(ZoneTest::Matches(r.regex(z, "schedule.timezone")?)),
            };
            (
                Matcher::Fact(FactMatch::Schedule {
                    expression: opt_regex(s.get("expression"), "schedule.expression")?,
                    command: opt_regex(s.get("command"), "schedule.command")?,
                    timezone,
                }),
                strs(&["expression", "command", "timezone"]),
            )
        }
        "process" => {
            only(&["process"])?;
            let p = g("process").unwrap_or(m);
            (
                Matcher::Fact(FactMatch::Process {
                    name: opt_regex(p.get("name"), "process.name")?,
                    command: opt_regex(p.get("command"), "process.command")?,
                }),
                strs(&["name", "command"]),
            )
        }
        "runtime" => {
            only(&["runtime"])?;
            let p = g("runtime").unwrap_or(m);
            let language = match p.get("language") {
                None => None,
                Some(l) => {
                    let t = l.as_value_str().unwrap_or("").trim().to_ascii_lowercase();
                    Some(crate::facts::Runtime::from_name(&t).ok_or_else(|| r.err(l, format!("runtime.language `{t}` is not one of python, node, ruby, go, java, php, elixir")))?)
                }
            };
            (
                Matcher::Fact(FactMatch::Runtime {
                    language,
                    version: opt_regex(p.get("version"), "runtime.version")?,
                }),
                strs(&["language", "version"]),
            )
        }
        _ => {
            only(&["extension"])?;
            (
                Matcher::Fact(FactMatch::Extension(names(g("extension").unwrap_or(m)))),
                strs(&["name"]),
            )
        }
    })
}
