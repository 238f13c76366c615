//! Values of a rule file as `load` and `matcher` read them: each error names the file and line.

use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;

use crate::parse::yaml;
use crate::source::line_of;

pub(super) struct Reader<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Reader<'_> {
    pub(super) fn at(&self, n: &yaml::Node) -> String {
        format!(
            "{}:{}",
            self.path.display(),
            line_of(self.text, n.span.start)
        )
    }
    pub(super) fn err(&self, n: &yaml::Node, message: impl std::fmt::Display) -> String {
        format!("{}: {message}", self.at(n))
    }
    pub(super) fn regex(&self, n: &yaml::Node, key: &str) -> Result<Regex, String> {
        let p = n.as_value_str().unwrap_or("");
        regex::RegexBuilder::new(p)
            .size_limit(4 << 20)
            .dfa_size_limit(1 << 20)
            .build()
            .map_err(|e| {
                let first = e.to_string();
                let why = first.lines().last().unwrap_or("").trim().to_string();
                self.err(
                    n,
                    format!("`{key}` is not a valid regular expression: {why}"),
                )
            })
    }
    pub(super) fn texts<'n>(&self, n: &'n yaml::Node) -> Vec<(&'n yaml::Node, String)> {
        match n.as_value_str() {
            Some(s) => vec![(n, s.to_string())],
            None => n
                .items()
                .iter()
                .filter_map(|i| i.as_value_str().map(|s| (i, s.to_string())))
                .collect(),
        }
    }
    pub(super) fn globs(&self, n: &yaml::Node, key: &str) -> Result<GlobSet, String> {
        let mut b = GlobSetBuilder::new();
        for (item, g) in self.texts(n) {
            let g = g.trim_start_matches("./");
            b.add(
                Glob::new(g)
                    .map_err(|e| self.err(item, format!("`{key}`: bad glob `{g}`: {e}")))?,
            );
            // `dir/` and `dir` also mean everything below.
            if let Ok(sub) = Glob::new(&format!("{}/**", g.trim_end_matches('/'))) {
                b.add(sub);
            }
        }
        b.build().map_err(|e| self.err(n, e))
    }
}
