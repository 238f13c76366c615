//! The shapes of egress's own documents, `migration-manifest.yml` and `migration-contract.json`:
//! which keys each mapping has and what each value must be. One declaration serves every use:
//! [`validate`] gives the errors that `check` reports (EG701) and that make `verify` refuse the
//! manifest, so the two commands agree, and [`json_schema`] prints it for editors
//! (`egress schema`). The manifest's declaration lives beside its model (`manifest::SCHEMA`);
//! the contract has no model beyond its facts, so its declaration is in `contract.rs`
//! ([`CONTRACT`]).

use std::borrow::Cow;

use serde_json::{json, Map as JsonMap, Value};

use crate::parse::{json as jsonp, yaml, Tree};
use crate::source::{FileId, Loc, Span};

mod contract;

pub use contract::CONTRACT;

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
