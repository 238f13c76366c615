//! Path queries over YAML, JSON and TOML documents (`services[*].plan`, `jobs.*.steps[0].run`,
//! `scripts["heroku-postbuild"]`), on one tree shape for the three syntaxes.

use crate::parse::{json, toml, yaml, Tree};
use crate::source::Span;

/// A document node: what a query walks.
#[derive(Debug)]
pub enum Node {
    /// A scalar's text (numbers and booleans as written), and whether it was quoted.
    Scalar(String, Span, bool),
    Seq(Vec<Node>, Span),
    Map(Vec<(String, Node)>, Span),
}

impl Node {
    pub fn span(&self) -> Span {
        match self {
            Node::Scalar(_, s, _) | Node::Seq(_, s) | Node::Map(_, s) => *s,
        }
    }

    pub fn scalar(&self) -> Option<&str> {
        match self {
            Node::Scalar(t, _, _) => Some(t),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    AnyKey,
    Index(usize),
    AnyItem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query(pub Vec<Step>);

impl Query {
    /// `a.b[*].c`, `a.*`, `a[0]`, `a["key.with.dots"]`.
    pub fn parse(q: &str) -> Result<Query, String> {
        let mut steps = Vec::new();
        let b = q.trim().as_bytes();
        let mut i = 0;
        let text = q.trim();
        if b.is_empty() {
            return Err("is empty".into());
        }
        while i < b.len() {
            match b[i] {
                b'.' if !steps.is_empty() => i += 1,
                b'[' => {
                    let end = text[i..]
                        .find(']')
                        .map(|e| i + e)
                        .ok_or("has a `[` that is never closed")?;
                    let inner = text[i + 1..end].trim();
                    steps.push(if inner == "*" {
                        Step::AnyItem
                    } else if let Ok(n) = inner.parse::<usize>() {
                        Step::Index(n)
                    } else if inner.len() >= 2
                        && (inner.starts_with('"') && inner.ends_with('"')
                            || inner.starts_with('\'') && inner.ends_with('\''))
                    {
                        Step::Key(inner[1..inner.len() - 1].to_string())
                    } else {
                        return Err(format!(
                            "`[{inner}]` is not `[*]`, an index or a quoted key"
                        ));
                    });
                    i = end + 1;
                    continue;
                }
                _ => {}
            }
            if i >= b.len() {
                break;
            }
            let end = text[i..].find(['.', '[']).map_or(text.len(), |e| i + e);
            let key = text[i..end].trim();
            if key.is_empty() {
                return Err(format!("has an empty key at column {}", i + 1));
            }
            steps.push(if key == "*" {
                Step::AnyKey
            } else {
                Step::Key(key.to_string())
            });
            i = end;
        }
        Ok(Query(steps))
    }

    /// The key the last step looks up (`healthCheckPath` of `services[*].healthCheckPath`).
    pub fn last_key(&self) -> String {
        match self.0.last() {
            Some(Step::Key(k)) => k.clone(),
            Some(Step::Index(i)) => i.to_string(),
            _ => "*".into(),
        }
    }

    /// Every node the query reaches, with the chain of keys to it.
    pub fn select<'a>(&self, root: &'a Node) -> Vec<(String, &'a Node)> {
        let mut out = Vec::new();
        walk(root, &self.0, String::new(), &mut out);
        out
    }

    /// The nodes the query's last step is looked up in that do not have it (for `absent`):
    /// each with its path.
    pub fn missing<'a>(&self, root: &'a Node) -> Vec<(String, &'a Node)> {
        let Some((last, parents)) = self.0.split_last() else {
            return Vec::new();
        };
        let mut holders = Vec::new();
        walk(root, parents, String::new(), &mut holders);
        holders
            .into_iter()
            .filter(|(p, n)| {
                let mut found = Vec::new();
                walk(n, std::slice::from_ref(last), p.clone(), &mut found);
                found.is_empty() && matches!(n, Node::Map(..) | Node::Seq(..))
            })
            .collect()
    }
}

fn walk<'a>(node: &'a Node, steps: &[Step], path: String, out: &mut Vec<(String, &'a Node)>) {
    let Some((step, rest)) = steps.split_first() else {
        out.push((path, node));
        return;
    };
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (step, node) {
        (Step::Key(k), Node::Map(entries, _)) => {
            for (key, v) in entries.iter().filter(|(key, _)| key == k) {
                walk(v, rest, join(key), out);
            }
        }
        (Step::AnyKey, Node::Map(entries, _)) => {
            for (key, v) in entries {
                walk(v, rest, join(key), out);
            }
        }
        (Step::Index(i), Node::Seq(items, _)) => {
            if let Some(v) = items.get(*i) {
                walk(v, rest, format!("{path}[{i}]"), out);
            }
        }
        (Step::AnyItem, Node::Seq(items, _)) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, rest, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Bounds a hostile document's cost: deeper nodes are left out.
const MAX_DEPTH: usize = 64;

pub fn from_yaml(n: &yaml::Node) -> Node {
    from_yaml_at(n, 0)
}

fn from_yaml_at(n: &yaml::Node, depth: usize) -> Node {
    match &n.value {
        yaml::Value::Scalar { text: t, plain } => Node::Scalar(t.clone(), n.span, !plain),
        yaml::Value::Seq(items) if depth < MAX_DEPTH => Node::Seq(
            items.iter().map(|i| from_yaml_at(i, depth + 1)).collect(),
            n.span,
        ),
        yaml::Value::Map(entries) if depth < MAX_DEPTH => Node::Map(
            entries
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), from_yaml_at(v, depth + 1))))
                .collect(),
            n.span,
        ),
        _ => Node::Seq(Vec::new(), n.span),
    }
}

pub fn from_json(n: &json::Node, text: &str) -> Node {
    from_json_at(n, text, 0)
}

fn from_json_at(n: &json::Node, text: &str, depth: usize) -> Node {
    let raw = || text.get(n.span.start..n.span.end).unwrap_or("").to_string();
    match &n.value {
        json::Value::Str(s) => Node::Scalar(s.clone(), n.span, true),
        json::Value::Array(items) if depth < MAX_DEPTH => Node::Seq(
            items
                .iter()
                .map(|i| from_json_at(i, text, depth + 1))
                .collect(),
            n.span,
        ),
        json::Value::Object(entries) if depth < MAX_DEPTH => Node::Map(
            entries
                .iter()
                .filter_map(|(k, v)| {
                    Some((k.as_str()?.to_string(), from_json_at(v, text, depth + 1)))
                })
                .collect(),
            n.span,
        ),
        json::Value::Array(_) | json::Value::Object(_) => Node::Seq(Vec::new(), n.span),
        json::Value::Null => Node::Scalar("null".into(), n.span, false),
        _ => Node::Scalar(raw(), n.span, false),
    }
}

pub fn from_toml(t: &toml::Table<'_>, text: &str) -> Node {
    let r = t.span();
    table(t.get_ref(), Span::new(r.start, r.end), text, 0)
}

fn table(t: &::toml::de::DeTable<'_>, span: Span, text: &str, depth: usize) -> Node {
    if depth >= MAX_DEPTH {
        return Node::Seq(Vec::new(), span);
    }
    Node::Map(
        t.iter()
            .map(|(k, v)| (k.get_ref().to_string(), toml_value(v, text, depth + 1)))
            .collect(),
        span,
    )
}

fn toml_value(v: &::toml::Spanned<::toml::de::DeValue<'_>>, text: &str, depth: usize) -> Node {
    use ::toml::de::DeValue;
    let r = v.span();
    let span = Span::new(r.start, r.end);
    match v.get_ref() {
        DeValue::String(s) => Node::Scalar(s.to_string(), span, true),
        DeValue::Array(items) if depth < MAX_DEPTH => Node::Seq(
            items
                .iter()
                .map(|i| toml_value(i, text, depth + 1))
                .collect(),
            span,
        ),
        DeValue::Table(t) => table(t, span, text, depth),
        DeValue::Array(_) => Node::Seq(Vec::new(), span),
        _ => Node::Scalar(
            text.get(span.start..span.end).unwrap_or("").to_string(),
            span,
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(y: &str) -> Node {
        from_yaml(&yaml::parse(y).unwrap()[0])
    }

    #[test]
    fn parses_steps() {
        assert_eq!(
            Query::parse("services[*].plan").unwrap().0,
            [
                Step::Key("services".into()),
                Step::AnyItem,
                Step::Key("plan".into())
            ]
        );
        assert_eq!(
            Query::parse("scripts[\"heroku-postbuild\"]").unwrap().0,
            [
                Step::Key("scripts".into()),
                Step::Key("heroku-postbuild".into())
            ]
        );
        assert_eq!(
            Query::parse("jobs.*.steps[0]").unwrap().0,
            [
                Step::Key("jobs".into()),
                Step::AnyKey,
                Step::Key("steps".into()),
                Step::Index(0)
            ]
        );
        assert!(Query::parse("a[").is_err());
        assert!(Query::parse("a..b").is_err());
        assert!(Query::parse("").is_err());
    }

    #[test]
    fn selects_and_finds_missing() {
        let d = doc("services:\n  - name: web\n    plan: free\n  - name: worker\n");
        let q = Query::parse("services[*].plan").unwrap();
        let found = q.select(&d);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "services[0].plan");
        assert_eq!(found[0].1.scalar(), Some("free"));
        let missing = q.missing(&d);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].0, "services[1]");
    }

    #[test]
    fn json_and_toml_too() {
        let j = r#"{"scripts": {"heroku-postbuild": "npm run build"}}"#;
        let n = from_json(&json::parse(j, false).unwrap(), j);
        let q = Query::parse("scripts.heroku-postbuild").unwrap();
        assert_eq!(q.select(&n)[0].1.scalar(), Some("npm run build"));
        let t = "[http_service]\ninternal_port = 8080\n";
        let n = from_toml(&toml::parse(t).unwrap(), t);
        let q = Query::parse("http_service.internal_port").unwrap();
        assert_eq!(q.select(&n)[0].1.scalar(), Some("8080"));
    }
}
