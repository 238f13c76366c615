//! Makefiles: their recipes are shell commands (`psql "$(DATABASE_URL)"`, `migrate -database
//! postgres://...`), and `$(NAME)` / `${NAME}` read the environment (make imports it). The
//! connection strings on every line are scanned by the `Lines` syntax; this reads env reads.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::{commands, env_reads, Cx, EnvRead, Lit};
use crate::source::{Lang, Span};

/// `$(DYNO)` and `${DYNO}`: make's own references, which fall back to the environment.
static MAKE_REF: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"\$[({](?P<n>[A-Za-z_][0-9A-Za-z_]*)[)}]").expect("make reference")
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    if cx.hits.has(Lit::Heroku) {
        commands::in_makefile(cx);
    }
    if !cx.hits.has(Lit::EnvName) {
        return;
    }
    let mut start = 0;
    let text = cx.text;
    let mut refs = Vec::new();
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let code = line.split('#').next().unwrap_or("");
        for c in MAKE_REF.captures_iter(code) {
            let n = c.name("n").unwrap();
            refs.push((
                Span::new(line_start + n.start(), line_start + n.end()),
                n.as_str(),
            ));
        }
        // A recipe line is shell: `$$DYNO` is the shell's variable.
        if let Some(recipe) = line.strip_prefix('\t') {
            let shell = recipe.trim_end().replace("$$", " $");
            env_reads::extract_in(cx, &shell, line_start + 1, Lang::Shell);
        }
    }
    for (span, name) in refs {
        if env_reads::wanted(cx, name) && !cx.facts.env_reads.iter().any(|r| r.at.span == span) {
            let at = cx.loc(span);
            cx.facts.env_reads.push(EnvRead {
                at,
                name: name.to_string(),
                lang: Lang::Shell,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};

    #[test]
    fn make_references_and_shell_variables_in_recipes() {
        let text = "# uses $(DYNO) in a comment\nrole := $(DYNO)\nrun:\n\techo $$DYNO ${DYNO}\n";
        let f = facts("Makefile", text);
        let reads: Vec<_> = f.env_reads.iter().map(|r| at(text, r.at)).collect();
        assert_eq!(reads, ["DYNO", "DYNO", "DYNO"]);
        assert_eq!(f.env_reads.len(), 3);
    }
}
