//! Files only Heroku's buildpacks read: `Aptfile` (system packages heroku-buildpack-apt
//! installs) and `.buildpacks` (the buildpacks heroku-buildpack-multi and Dokku run, one URL a
//! line). Elsewhere nothing installs them: they are the build's contract, for the inventory.

use super::super::parsed::Parsed;
use super::super::Cx;
use crate::facts::{Buildpack, Origin, SystemPackage};
use crate::source::Span;

/// Lines that are not blank or a comment, trimmed, with their spans.
fn lines(text: &str) -> Vec<(Span, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let ls = start;
        start += line.len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let off = ls + (line.len() - line.trim_start().len());
        out.push((Span::new(off, off + t.len()), t));
    }
    out
}

/// `Aptfile`: a package (or a `.deb` URL) per word, and `:repo:deb ...` lines that add an
/// apt source, each kept whole.
pub fn aptfile(cx: &mut Cx, _: &Parsed) {
    for (span, line) in lines(cx.text) {
        if line.starts_with(":repo:") {
            cx.facts.system_packages.push(SystemPackage {
                at: cx.loc(span),
                name: line.to_string(),
            });
            continue;
        }
        let mut pos = 0;
        for word in line.split_whitespace() {
            let at = line[pos..].find(word).map_or(0, |i| pos + i);
            pos = at + word.len();
            cx.facts.system_packages.push(SystemPackage {
                at: cx.loc(Span::new(span.start + at, span.start + pos)),
                name: word.to_string(),
            });
        }
    }
}

/// `.buildpacks`: one buildpack URL a line (`#v250` after a URL is a git ref, not a comment).
pub fn buildpacks(cx: &mut Cx, _: &Parsed) {
    for (span, line) in lines(cx.text) {
        cx.facts.buildpacks.push(Buildpack {
            at: cx.loc(span),
            url: line.to_string(),
            origin: Origin::BuildpacksFile,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};

    #[test]
    fn aptfile_packages_and_repositories() {
        let text = "# for pdf rendering\nlibpq-dev\n  wkhtmltopdf  ghostscript\n:repo:deb http://archive.ubuntu.com/ubuntu/ jammy multiverse\nhttps://example.com/pkg.deb\n";
        let f = facts("Aptfile", text);
        let names: Vec<_> = f.system_packages.iter().map(|p| at(text, p.at)).collect();
        assert_eq!(
            names,
            [
                "libpq-dev",
                "wkhtmltopdf",
                "ghostscript",
                ":repo:deb http://archive.ubuntu.com/ubuntu/ jammy multiverse",
                "https://example.com/pkg.deb",
            ]
        );
    }

    #[test]
    fn buildpacks_file_keeps_git_refs() {
        let text = "# order matters\nhttps://github.com/heroku/heroku-buildpack-nodejs\nhttps://github.com/heroku/heroku-buildpack-ruby.git#v250\n";
        let f = facts(".buildpacks", text);
        let urls: Vec<_> = f.buildpacks.iter().map(|b| b.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://github.com/heroku/heroku-buildpack-nodejs",
                "https://github.com/heroku/heroku-buildpack-ruby.git#v250",
            ]
        );
    }
}
