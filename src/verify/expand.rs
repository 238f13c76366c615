//! `${VAR}` and `${VAR:-default}` in manifest settings, expanded from the environment when a
//! check needs the value (the manifest model keeps them as written).

/// A `${VAR}` that the environment does not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingVar(pub String);

/// One `${VAR}` or `${VAR:-default}` of a setting, and what it expanded to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    pub var: String,
    pub default: Option<String>,
    /// `None` when the variable is unset (or empty) and there is no default.
    pub value: Option<String>,
    /// Where the value (or the reference left as written) is in the expanded text.
    pub at: std::ops::Range<usize>,
}

/// Expand `${VAR}` and `${VAR:-default}` with `lookup` (an unset or empty variable takes the
/// default), keeping every substitution. One that cannot be resolved stays as written.
pub fn expand_with(
    value: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> (String, Vec<Substitution>) {
    let mut out = String::new();
    let mut subs = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return (out, subs);
        };
        let inner = &after[..end];
        let (name, default) = match inner.split_once(":-") {
            Some((n, d)) => (n, Some(d)),
            None => (inner, None),
        };
        let value = lookup(name)
            .filter(|v| !v.is_empty())
            .or_else(|| default.map(str::to_string));
        let from = out.len();
        out.push_str(value.as_deref().unwrap_or(&rest[start..start + 3 + end]));
        let to = out.len();
        rest = &after[end + 1..];
        // `${DATABASE_URL}?sslmode=require` where the URL has a query string of its own: join
        // the appended one with `&`, or libpq refuses the URL and lenient parsers drop the mode.
        if value.as_deref().is_some_and(|v| v.contains('?')) {
            if let Some(query) = rest.strip_prefix('?') {
                out.push('&');
                rest = query;
            }
        }
        subs.push(Substitution {
            var: name.to_string(),
            default: default.map(str::to_string),
            value,
            at: from..to,
        });
    }
    out.push_str(rest);
    (out, subs)
}

/// The environment, as `expand` reads it.
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Expand `${VAR}` (and `${VAR:-default}`) from the environment.
pub fn expand(value: &str) -> Result<String, MissingVar> {
    let (text, subs) = expand_with(value, &env_var);
    match subs.into_iter().find(|s| s.value.is_none()) {
        Some(s) => Err(MissingVar(s.var)),
        None => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutions_are_kept_with_their_defaults() {
        let lookup = |v: &str| (v == "SET").then(|| "value".to_string());
        let (text, subs) = expand_with("a${SET}b${UNSET:-dflt}c${GONE}d${OPEN", &lookup);
        assert_eq!(text, "avaluebdfltc${GONE}d${OPEN");
        assert_eq!(
            subs,
            [
                Substitution {
                    var: "SET".into(),
                    default: None,
                    value: Some("value".into()),
                    at: 1..6,
                },
                Substitution {
                    var: "UNSET".into(),
                    default: Some("dflt".into()),
                    value: Some("dflt".into()),
                    at: 7..11,
                },
                Substitution {
                    var: "GONE".into(),
                    default: None,
                    value: None,
                    at: 12..19,
                },
            ]
        );
    }

    #[test]
    fn a_query_appended_to_a_url_with_one_is_joined_with_an_ampersand() {
        let lookup = |v: &str| match v {
            "NEON" => Some("postgres://u@ep-1.neon.tech/app?channel_binding=require".to_string()),
            "PLAIN" => Some("postgres://u@db.example.com/app".to_string()),
            _ => None,
        };
        let (text, _) = expand_with("${NEON}?sslmode=require", &lookup);
        assert_eq!(
            text,
            "postgres://u@ep-1.neon.tech/app?channel_binding=require&sslmode=require"
        );
        let (text, _) = expand_with("${PLAIN}?sslmode=require", &lookup);
        assert_eq!(text, "postgres://u@db.example.com/app?sslmode=require");
        // A default with a query string joins the same way; an unset variable stays as written.
        let (text, _) = expand_with("${GONE:-postgres://h/d?a=1}?sslmode=require", &lookup);
        assert_eq!(text, "postgres://h/d?a=1&sslmode=require");
        let (text, _) = expand_with("${GONE}?sslmode=require", &lookup);
        assert_eq!(text, "${GONE}?sslmode=require");
    }

    #[test]
    fn expansion_names_the_missing_variable() {
        std::env::set_var("EGRESS_PLAN_TEST_HOST", "db.example.com");
        assert_eq!(
            expand("postgres://${EGRESS_PLAN_TEST_HOST}/x").unwrap(),
            "postgres://db.example.com/x"
        );
        assert_eq!(expand("${EGRESS_PLAN_NOPE:-fallback}").unwrap(), "fallback");
        assert_eq!(
            expand("${EGRESS_PLAN_NOPE}"),
            Err(MissingVar("EGRESS_PLAN_NOPE".into()))
        );
    }
}
