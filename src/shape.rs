//! The shapes of egress's own documents, `migration-manifest.yml` and `migration-contract.json`:
//! which keys each mapping has and what each value must be. One declaration serves every use:
//! [`validate`] gives the errors that `check` reports (EG701) and that make `verify` refuse the
//! manifest, so the two commands agree, and [`json_schema`] prints it for editors
//! (`egress schema`). The manifest's declaration lives beside its model (`manifest::SCHEMA`);
//! the contract has no model beyond its facts, so its declaration is here ([`CONTRACT`]).

use std::borrow::Cow;

use serde_json::{json, Map as JsonMap, Value};

use crate::parse::{json as jsonp, yaml, Tree};
use crate::source::{FileId, Loc, Span};

/// A value of a document that cannot be used: its key (`verification.health.retries`), where it
/// is, and why (`1e20 is out of range (0 to 20 retries)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    pub key: String,
    pub at: Loc,
    pub message: String,
}

/// What a value must be.
#[derive(Debug)]
pub enum Shape {
    /// A single value: a YAML scalar; a JSON string, number or boolean.
    Text,
    /// A path appended to a URL: a single value that starts with `/`.
    Path,
    /// A number. `checked`: the model that reads it checks its type and range itself (it needs
    /// the value, and says why one is refused), so [`validate`] leaves it alone; the range is
    /// here for editors.
    Number {
        whole: bool,
        min: f64,
        max: Option<f64>,
        checked: bool,
    },
    /// Exactly this word (`all`).
    Word(&'static str),
    /// `true` or `false`.
    Flag,
    List {
        items: &'static Shape,
        /// An empty list would make the document say nothing where something must be said.
        non_empty: bool,
    },
    Map(&'static MapShape),
    /// One of several shapes, told apart by the kind of value (single value, list, mapping);
    /// the text says what is expected.
    OneOf(&'static [Shape], &'static str),
}

/// A mapping's keys.
#[derive(Debug)]
pub struct MapShape {
    pub fields: &'static [Field],
    /// Other keys are the team's own (the manifest's `cutover` plan): allowed, except one that
    /// looks like a misspelling of a key egress reads.
    pub open: bool,
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
    /// For editors.
    pub doc: &'static str,
}

impl Field {
    pub const fn new(name: &'static str, shape: Shape, doc: &'static str) -> Field {
        Field {
            name,
            shape,
            required: false,
            doc,
        }
    }
    pub const fn required(name: &'static str, shape: Shape, doc: &'static str) -> Field {
        Field {
            name,
            shape,
            required: true,
            doc,
        }
    }
}

/// A value as the validator sees it, whatever the syntax.
pub enum Kind<'a, N> {
    /// Null, `~`, or an empty plain YAML value: as if the key were absent.
    Absent,
    Scalar(Cow<'a, str>),
    List(&'a [N]),
    Map(&'a [(N, N)]),
    /// A YAML alias: never expanded, so nothing is known about it.
    Unknown,
}

/// A spanned tree that can be validated.
pub trait Doc: Tree {
    fn kind<'a>(&'a self, text: &'a str) -> Kind<'a, Self>;
}

impl Doc for yaml::Node {
    fn kind<'a>(&'a self, _text: &'a str) -> Kind<'a, Self> {
        match &self.value {
            yaml::Value::Scalar { .. } => match self.as_value_str() {
                Some(t) => Kind::Scalar(Cow::Borrowed(t)),
                None => Kind::Absent,
            },
            yaml::Value::Seq(items) => Kind::List(items),
            yaml::Value::Map(entries) => Kind::Map(entries),
            yaml::Value::Alias => Kind::Unknown,
        }
    }
}

impl Doc for jsonp::Node {
    fn kind<'a>(&'a self, text: &'a str) -> Kind<'a, Self> {
        match &self.value {
            jsonp::Value::Null => Kind::Absent,
            jsonp::Value::Bool(b) => Kind::Scalar(Cow::Borrowed(if *b { "true" } else { "false" })),
            jsonp::Value::Number => Kind::Scalar(Cow::Borrowed(
                text.get(self.span.start..self.span.end).unwrap_or(""),
            )),
            jsonp::Value::Str(s) => Kind::Scalar(Cow::Borrowed(s)),
            jsonp::Value::Array(items) => Kind::List(items),
            jsonp::Value::Object(entries) => Kind::Map(entries),
        }
    }
}

/// At most this much of an offending value is repeated in an error.
const SHOWN: usize = 60;

/// An offending value for a message: masked first (a value cut short would hide a password's
/// end from the redactor), then cut. Messages quote it with `"`, where the redactor's own
/// patterns stop, so masking the message again changes nothing.
pub fn shown(text: &str) -> String {
    let text = crate::redact::text(text);
    match text.char_indices().nth(SHOWN) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Every way `root` departs from `shape`, in document order. `document` names the file in the
/// error on a root that is not a mapping.
pub fn validate<N: Doc>(
    file: FileId,
    text: &str,
    root: &N,
    shape: &Shape,
    document: &str,
) -> Vec<DocError> {
    let mut v = Validator {
        file,
        text,
        document,
        errors: Vec::new(),
    };
    v.value(root, shape, "", root.span());
    v.errors.sort_by_key(|e| (e.at.span.start, e.at.span.end));
    v.errors
}

struct Validator<'t> {
    file: FileId,
    text: &'t str,
    document: &'t str,
    errors: Vec<DocError>,
}

/// What a shape is, for "must be ..." messages.
fn expected(shape: &Shape) -> Cow<'static, str> {
    match shape {
        Shape::Text => "a single value".into(),
        Shape::Path => "a path that starts with `/`".into(),
        Shape::Number { whole: true, .. } => "a whole number".into(),
        Shape::Number { .. } => "a number".into(),
        Shape::Word(w) => format!("`{w}`").into(),
        Shape::Flag => "true or false".into(),
        Shape::List { items, .. } => match items {
            Shape::Text => "a list of values".into(),
            Shape::Map(_) => "a list of mappings".into(),
            _ => "a list".into(),
        },
        Shape::Map(_) => "a mapping".into(),
        Shape::OneOf(_, what) => (*what).into(),
    }
}

fn kind_name<N>(k: &Kind<N>) -> &'static str {
    match k {
        Kind::Scalar(_) => "a single value",
        Kind::List(_) => "a list",
        Kind::Map(_) => "a mapping",
        Kind::Absent | Kind::Unknown => "nothing",
    }
}

/// Whether an unknown key of an open mapping looks like a misspelling of a known one: close
/// by edit distance, a part of it (`dns_ttl` for `dns_ttl_seconds`), or as many words with the
/// same first two (`dns_ttl_minutes`).
fn near_miss<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    if let Some(c) = crate::spelling::closest(key, known.iter().copied()) {
        return Some(c);
    }
    let words = |s: &str| s.split('_').take(2).collect::<Vec<_>>().join("_");
    let parts = |s: &str| s.split('_').count();
    known.iter().copied().find(|k| {
        (key.len() >= 3 && k.contains(key))
            || (key.contains('_') && words(key) == words(k) && parts(key) == parts(k))
    })
}

impl Validator<'_> {
    fn error(&mut self, key: &str, span: Span, message: impl Into<String>) {
        self.errors.push(DocError {
            key: if key.is_empty() {
                "(root)".into()
            } else {
                key.to_string()
            },
            at: Loc {
                file: self.file,
                span,
            },
            message: message.into(),
        });
    }

    /// Check `node` against `shape`; `key` is its dotted path, `point` where a missing key is
    /// reported (the key above it).
    fn value<N: Doc>(&mut self, node: &N, shape: &Shape, key: &str, point: Span) {
        let kind = node.kind(self.text);
        if matches!(kind, Kind::Unknown) {
            return;
        }
        if let Kind::Absent = kind {
            if let Shape::List {
                non_empty: true, ..
            } = shape
            {
                self.error(key, node.span(), "is empty: list at least one entry");
            } else if let Shape::OneOf(options, what) = shape {
                if options.iter().any(|o| {
                    matches!(
                        o,
                        Shape::List {
                            non_empty: true,
                            ..
                        }
                    )
                }) {
                    self.error(key, node.span(), format!("is empty: write {what}"));
                }
            }
            return;
        }
        match (shape, &kind) {
            (Shape::Text, Kind::Scalar(_)) => {}
            (Shape::Path, Kind::Scalar(v)) => {
                if !v.trim().starts_with('/') {
                    self.error(
                        key,
                        node.span(),
                        format!(
                            "\"{}\" is not a path: it must start with `/` (it is appended to the URL)",
                            shown(v.trim())
                        ),
                    );
                }
            }
            (Shape::Number { checked: true, .. }, _) => {}
            (
                Shape::Number {
                    whole, min, max, ..
                },
                Kind::Scalar(v),
            ) => {
                let ok = v.trim().parse::<f64>().is_ok_and(|n| {
                    n.is_finite()
                        && (!whole || n.fract() == 0.0)
                        && n >= *min
                        && max.is_none_or(|m| n <= m)
                });
                if !ok {
                    self.error(
                        key,
                        node.span(),
                        format!("\"{}\" is not {}", shown(v.trim()), expected(shape))
                            + &if *min == 0.0 && max.is_none() {
                                " (0 or more)".to_string()
                            } else {
                                String::new()
                            },
                    );
                }
            }
            (Shape::Word(w), Kind::Scalar(v)) if v.trim() == *w => {}
            (Shape::Flag, Kind::Scalar(v)) if matches!(v.trim(), "true" | "false") => {}
            (
                Shape::List {
                    items, non_empty, ..
                },
                Kind::List(list),
            ) => {
                if list.is_empty() && *non_empty {
                    self.error(key, node.span(), "is empty: list at least one entry");
                }
                for (i, item) in list.iter().enumerate() {
                    self.value(item, items, &format!("{key}[{i}]"), item.span());
                }
            }
            (Shape::Map(map), Kind::Map(entries)) => self.map(map, entries, key, point),
            (Shape::OneOf(options, what), _) => {
                let fits = |o: &Shape| match (&kind, o) {
                    (Kind::Scalar(v), Shape::Word(w)) => v.trim() == *w,
                    (Kind::Scalar(v), Shape::Flag) => matches!(v.trim(), "true" | "false"),
                    (Kind::Scalar(_), Shape::Text | Shape::Path | Shape::Number { .. }) => true,
                    (Kind::List(_), Shape::List { .. }) => true,
                    (Kind::Map(_), Shape::Map(_)) => true,
                    _ => false,
                };
                match options.iter().find(|o| fits(o)) {
                    Some(o) => self.value(node, o, key, point),
                    None => self.error(
                        key,
                        node.span(),
                        match &kind {
                            Kind::Scalar(v) => format!("must be {what}, not \"{}\"", shown(v)),
                            k => format!("must be {what}, not {}", kind_name(k)),
                        },
                    ),
                }
            }
            (_, k) => {
                let message = match (shape, k) {
                    (Shape::Word(w), Kind::Scalar(v)) => {
                        format!("must be `{w}`, not \"{}\"", shown(v))
                    }
                    (Shape::Flag, Kind::Scalar(v)) => {
                        format!("must be true or false, not \"{}\"", shown(v))
                    }
                    _ => format!("must be {}, not {}", expected(shape), kind_name(k)),
                };
                let message = if key.is_empty() {
                    format!("{} must be {}", self.document, expected(shape))
                } else {
                    message
                };
                self.error(key, node.span(), message);
            }
        }
    }

    fn map<N: Doc>(&mut self, map: &MapShape, entries: &[(N, N)], key: &str, point: Span) {
        let join = |k: &str| {
            if key.is_empty() {
                k.to_string()
            } else {
                format!("{key}.{k}")
            }
        };
        let names: Vec<&str> = map.fields.iter().map(|f| f.name).collect();
        let mut seen: Vec<&str> = Vec::new();
        // Unknown keys that are misspellings of a required key stand in for it.
        let mut meant: Vec<&str> = Vec::new();
        for (k, v) in entries {
            // `<<: *defaults` merges another mapping (YAML 1.1): not a key of its own.
            let Some(name) = k.as_str().filter(|n| *n != "<<") else {
                continue;
            };
            if seen.contains(&name) {
                self.error(
                    &join(name),
                    k.span(),
                    format!("`{name}` is given twice; readers disagree on which one counts"),
                );
                continue;
            }
            seen.push(name);
            if let Some(field) = map.fields.iter().find(|f| f.name == name) {
                self.value(v, &field.shape, &join(name), k.span());
                continue;
            }
            let place = if key.is_empty() {
                String::new()
            } else {
                format!(" in `{key}`")
            };
            if map.open {
                if let Some(c) = near_miss(name, &names) {
                    meant.push(c);
                    self.error(
                        &join(name),
                        k.span(),
                        format!("`{name}`{place} is not a key egress reads (did you mean `{c}`?)"),
                    );
                }
                continue;
            }
            let hint = match crate::spelling::closest(name, names.iter().copied()) {
                Some(c) => {
                    meant.push(c);
                    format!(" (did you mean `{c}`?)")
                }
                None => format!(" (known keys: {})", names.join(", ")),
            };
            self.error(
                &join(name),
                k.span(),
                format!("unknown key `{name}`{place}{hint}"),
            );
        }
        for f in map.fields.iter().filter(|f| f.required) {
            if !seen.contains(&f.name) && !meant.contains(&f.name) {
                let at = if key.is_empty() {
                    "the document".to_string()
                } else {
                    format!("`{key}`")
                };
                self.error(&join(f.name), point, format!("{at} has no `{}`", f.name));
            }
        }
    }
}

/// The JSON Schema (draft-07) of a shape, for editors.
pub fn json_schema(shape: &Shape) -> Value {
    match shape {
        Shape::Text => json!({ "type": "string" }),
        Shape::Path => json!({ "type": "string", "pattern": "^/" }),
        Shape::Number {
            whole, min, max, ..
        } => {
            let mut o = JsonMap::new();
            o.insert(
                "type".into(),
                json!(if *whole { "integer" } else { "number" }),
            );
            let num = |n: f64| {
                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    json!(n as i64)
                } else {
                    json!(n)
                }
            };
            o.insert("minimum".into(), num(*min));
            if let Some(m) = max {
                o.insert("maximum".into(), num(*m));
            }
            Value::Object(o)
        }
        Shape::Word(w) => json!({ "const": w }),
        Shape::Flag => json!({ "type": "boolean" }),
        Shape::List { items, non_empty } => {
            let mut o = json!({ "type": "array", "items": json_schema(items) });
            if *non_empty {
                o["minItems"] = json!(1);
            }
            o
        }
        Shape::Map(map) => {
            let mut props = JsonMap::new();
            for f in map.fields {
                let mut s = json_schema(&f.shape);
                if !f.doc.is_empty() {
                    s["description"] = json!(f.doc);
                }
                props.insert(f.name.into(), s);
            }
            let mut o = json!({ "type": "object", "properties": props });
            if !map.open {
                o["additionalProperties"] = json!(false);
            }
            let required: Vec<&str> = map
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect();
            if !required.is_empty() {
                o["required"] = json!(required);
            }
            o
        }
        Shape::OneOf(options, what) => json!({
            "anyOf": options.iter().map(json_schema).collect::<Vec<_>>(),
            "description": what,
        }),
    }
}

const NAMES: Shape = Shape::List {
    items: &Shape::Text,
    non_empty: false,
};

/// `migration-contract.json`: what the app had on Heroku, as the seed's template writes it. A
/// tool writes it, and may record more than egress reads, so every mapping is open: a key
/// egress does not know is fine unless it looks like a misspelling of one it reads.
pub static CONTRACT: Shape = Shape::Map(&MapShape {
    open: true,
    fields: &[
        Field::new("app", Shape::Text, "The Heroku app's name."),
        Field::new("stack", Shape::Text, "The Heroku stack (heroku-22, ...)."),
        Field::new("region", Shape::Text, "The Heroku region (us, eu)."),
        Field::new(
            "dynos",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: true,
                    fields: &[
                        Field::required(
                            "type",
                            Shape::Text,
                            "The process type (web, worker, release).",
                        ),
                        Field::new("command", Shape::Text, "The command the dyno runs."),
                        Field::new(
                            "quantity",
                            Shape::Number {
                                whole: true,
                                min: 0.0,
                                max: None,
                                checked: false,
                            },
                            "How many dynos run it.",
                        ),
                        Field::new("size", Shape::Text, "The dyno size (standard-1x, ...)."),
                        SOURCES,
                    ],
                }),
                non_empty: false,
            },
            "The process types and their formation.",
        ),
        Field::new(
            "addons",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: true,
                    fields: &[
                        Field::required(
                            "service",
                            Shape::Text,
                            "The add-on service (heroku-postgresql, ...).",
                        ),
                        Field::new("name", Shape::Text, "The add-on's own name."),
                        Field::new("plan", Shape::Text, "The plan (standard-0, ...)."),
                        Field::new("attachments", NAMES, "The config vars the add-on sets."),
                        SOURCES,
                    ],
                }),
                non_empty: false,
            },
            "The add-ons attached to the app.",
        ),
        Field::new(
            "envVars",
            Shape::List {
                items: &Shape::OneOf(&[Shape::Text, Shape::Map(&ENV_VAR)], "a name, or an entry with `name`"),
                non_empty: false,
            },
            "The app's config vars, by name (never values): names, or entries with `name`, `secret`, `shape`, `sources`, `readAt`.",
        ),
        Field::new(
            "scheduledJobs",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: true,
                    fields: &[
                        Field::required("command", Shape::Text, "The command the job runs."),
                        Field::new(
                            "schedule",
                            Shape::Text,
                            "A cron expression (UTC on Heroku).",
                        ),
                        Field::new(
                            "frequency",
                            Shape::Text,
                            "Heroku Scheduler's frequency (every 10 minutes, hourly, daily).",
                        ),
                        Field::new("dyno_size", Shape::Text, "The one-off dyno's size."),
                        Field::new(
                            "source",
                            Shape::Text,
                            "Where the job is defined (heroku-scheduler).",
                        ),
                        SOURCES,
                        Field::new(
                            "target",
                            Shape::Map(&MapShape {
                                open: true,
                                fields: &[
                                    Field::new(
                                        "platform",
                                        Shape::Text,
                                        "The platform the job moves to.",
                                    ),
                                    Field::new(
                                        "timezone",
                                        Shape::Text,
                                        "The zone the job keeps on the target.",
                                    ),
                                ],
                            }),
                            "The job on the target.",
                        ),
                    ],
                }),
                non_empty: false,
            },
            "Heroku Scheduler jobs (they ran in UTC).",
        ),
        Field::new(
            "extensions",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: true,
                    fields: &[
                        Field::required("name", Shape::Text, "The extension."),
                        Field::new(
                            "schema",
                            Shape::Text,
                            "The schema it is installed in (heroku_ext on 2022-23 databases).",
                        ),
                        Field::new("version", Shape::Text, "The installed version."),
                        SOURCES,
                    ],
                }),
                non_empty: false,
            },
            "The extensions of the Heroku database: installed (an export) or enabled by the schema files.",
        ),
        Field::new(
            "schedules",
            Shape::List { non_empty: false, items: &Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::required("kind", Shape::Text, "What schedules it (crontab entry, Kubernetes CronJob, ...)."),
                    Field::required("schedule", Shape::Text, "The schedule as written."),
                    Field::new("command", Shape::Text, "The job's command or name."),
                    Field::new("zone", Shape::Text, "The zone it runs in: the one it names, else UTC, host or undocumented."),
                    SOURCES,
                ],
            })},
            "The repository's own scheduled jobs (not Heroku Scheduler's: those are `scheduledJobs`).",
        ),
        Field::new(
            "runtimes",
            Shape::List { non_empty: false, items: &Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::required("runtime", Shape::Text, "The runtime (Ruby, Node.js, Python, ...)."),
                    Field::required("version", Shape::Text, "The version as pinned."),
                    SOURCES,
                ],
            })},
            "Runtime versions the repository pins.",
        ),
        Field::new(
            "health",
            Shape::List { non_empty: false, items: &Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::required("probe", Shape::Text, "The path or command checked."),
                    SOURCES,
                ],
            })},
            "Health checks the platform configs declare.",
        ),
        Field::new(
            "release",
            Shape::List { non_empty: false, items: &Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::required("command", Shape::Text, "The command that runs before a release goes live."),
                    SOURCES,
                ],
            })},
            "Release steps (Heroku's `release` process type, pre-deploy commands).",
        ),
    ],
});

const SOURCES: Field = Field::new(
    "sources",
    NAMES,
    "Where the entry came from: `path:line` in the repository, or a Heroku CLI export (`heroku ps --json`).",
);

/// An `envVars` entry of `egress inventory`.
static ENV_VAR: MapShape = MapShape {
    open: true,
    fields: &[
        Field::required("name", Shape::Text, "The config var's name."),
        Field::new("secret", Shape::Flag, "The name or the value looks like a credential."),
        Field::new("shape", Shape::Text, "What the value looks like: postgres-url, redis-url, url, number, bool, string."),
        Field::new("sources", NAMES, "Where the Heroku side declares it (app.json, an env file, an export); empty when only code reads it or only the target sets it."),
        Field::new("readAt", NAMES, "Code that reads it (one place per file)."),
        Field::new("targetAt", NAMES, "The target's configs that set it (one place per file)."),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(String, String)> {
        let root = jsonp::parse(text, false).unwrap();
        validate(0, text, &root, &CONTRACT, "migration-contract.json")
            .into_iter()
            .map(|e| (e.key, e.message))
            .collect()
    }

    #[test]
    fn contract_keys_types_and_required_entries() {
        assert!(errors(r#"{"app": "x", "dynos": [{"type": "web", "quantity": 2}], "extensions": [{"name": "citext", "schema": "heroku_ext"}]}"#).is_empty());
        assert_eq!(
            errors(
                r#"{"dyno": [], "envVars": "DATABASE_URL", "extensions": [{"nmae": "citext"}, {"schema": "public"}], "dynos": [{"type": "web", "quantity": "two"}]}"#
            ),
            [
                (
                    "dyno".into(),
                    "`dyno` is not a key egress reads (did you mean `dynos`?)".into()
                ),
                (
                    "envVars".into(),
                    "must be a list, not a single value".into()
                ),
                (
                    "extensions[0].nmae".into(),
                    "`nmae` in `extensions[0]` is not a key egress reads (did you mean `name`?)"
                        .into()
                ),
                (
                    "extensions[1].name".into(),
                    "`extensions[1]` has no `name`".into()
                ),
                (
                    "dynos[0].quantity".into(),
                    "\"two\" is not a whole number (0 or more)".into()
                ),
            ]
        );
        // `egress inventory`'s entries beside plain names.
        assert!(errors(r#"{"envVars": ["A", {"name": "B", "secret": true, "shape": "url", "sources": ["heroku config --json"], "readAt": [], "targetAt": []}]}"#).is_empty());
        assert_eq!(
            errors(r#"{"envVars": [{"name": "B", "secret": "yes"}, {"secret": false}]}"#),
            [
                (
                    "envVars[0].secret".into(),
                    "must be true or false, not \"yes\"".into()
                ),
                (
                    "envVars[1].name".into(),
                    "`envVars[1]` has no `name`".into()
                ),
            ]
        );
        // Keys a tool records beyond what egress reads are fine.
        assert!(errors(r#"{"app": "x", "pipeline": "ledgerly", "addons": [{"service": "scheduler", "plan": "standard", "billing_entity": "team"}]}"#).is_empty());
        assert_eq!(
            errors("[1]"),
            [(
                "(root)".into(),
                "migration-contract.json must be a mapping".into()
            )]
        );
    }

    #[test]
    fn open_mappings_report_only_near_misses() {
        static OPEN: Shape = Shape::Map(&MapShape {
            open: true,
            fields: &[Field::new(
                "dns_ttl_seconds",
                Shape::Number {
                    whole: true,
                    min: 0.0,
                    max: None,
                    checked: true,
                },
                "",
            )],
        });
        for (key, reported) in [
            ("dns_ttl_second", true),
            ("dns_ttl", true),
            ("dns_ttl_minutes", true),
            ("ttl_seconds", true),
            ("owner", false),
            ("dns_ttl_seconds_before", false),
            ("rollback_plan", false),
        ] {
            let text = format!("{{\"{key}\": 1}}");
            let root = jsonp::parse(&text, false).unwrap();
            let e = validate(0, &text, &root, &OPEN, "x");
            assert_eq!(e.len(), usize::from(reported), "{key}: {e:?}");
        }
    }

    #[test]
    fn json_schema_of_the_contract() {
        let s = json_schema(&CONTRACT);
        assert!(s["additionalProperties"].is_null());
        assert_eq!(
            s["properties"]["dynos"]["items"]["required"],
            json!(["type"])
        );
        assert_eq!(
            s["properties"]["dynos"]["items"]["properties"]["quantity"],
            json!({"type": "integer", "minimum": 0, "description": "How many dynos run it."})
        );
    }
}
