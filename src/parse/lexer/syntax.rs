//! The comment, string and interpolation syntax of each language family egress lexes.

use crate::source::Lang;

/// Comment and string syntax of a language family.
#[derive(Debug, Clone, Copy)]
pub struct Syntax {
    pub(super) line_comments: &'static [&'static str],
    pub(super) block_comment: Option<(&'static str, &'static str)>,
    /// Quote characters and whether strings in them may span lines.
    pub(super) quotes: &'static [(u8, bool)],
    /// `"""` / `'''` strings (Python, Kotlin, Java text blocks, Elixir heredocs).
    pub(super) triple_quotes: bool,
    /// `#` starts a comment only at the start of a word (shell: `$#`, `${#x}`).
    pub(super) hash_at_word_start: bool,
    /// How strings embed code...
    pub(super) interpolation: Interp,
    /// ...and which quote characters allow it (Ruby: `"` and backticks; JavaScript: backticks).
    pub(super) interpolating_quotes: &'static [u8],
    /// Ruby's `=begin` ... `=end` block comments.
    pub(super) ruby_begin_end: bool,
    /// `<<~ID` / `<<-ID` / `<<ID` heredocs (Ruby, shell): the body lines are a string.
    pub(super) heredocs: bool,
}

/// How a string literal embeds code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interp {
    None,
    /// An opener (`#{`, `${`, `{$`) closed by its matching `}`; the braces may hold nested quotes.
    Braces(&'static str),
    /// Python f-strings: `{...}` but not `{{`, in strings whose prefix has an `f`.
    Format,
    /// Shell double quotes: `$NAME`, `${...}`, `$(...)`.
    Dollar,
}

impl Syntax {
    pub const SQL: Syntax = Syntax {
        line_comments: &["--"],
        block_comment: Some(("/*", "*/")),
        quotes: &[(b'\'', true), (b'"', true)],
        triple_quotes: false,
        hash_at_word_start: false,
        interpolation: Interp::None,
        interpolating_quotes: &[],
        ruby_begin_end: false,
        heredocs: false,
    };

    /// `#` comments at the start of a word, no strings: env files, YAML, TOML, Procfile,
    /// crontab, Dockerfile and the like (only comments are looked for in them).
    pub const HASH: Syntax = Syntax {
        line_comments: &["#"],
        block_comment: None,
        quotes: &[],
        triple_quotes: false,
        hash_at_word_start: true,
        interpolation: Interp::None,
        interpolating_quotes: &[],
        ruby_begin_end: false,
        heredocs: false,
    };

    /// `//` and `/* */` comments, no strings (go.mod, Gradle files).
    pub const SLASHES: Syntax = Syntax {
        line_comments: &["//"],
        block_comment: Some(("/*", "*/")),
        ..Syntax::HASH
    };

    /// `<!-- -->` comments (XML, HTML).
    pub const MARKUP: Syntax = Syntax {
        line_comments: &[],
        block_comment: Some(("<!--", "-->")),
        ..Syntax::HASH
    };

    pub fn for_lang(lang: Lang) -> Syntax {
        const NONE: Syntax = Syntax {
            line_comments: &[],
            block_comment: None,
            quotes: &[],
            triple_quotes: false,
            hash_at_word_start: false,
            interpolation: Interp::None,
            interpolating_quotes: &[],
            ruby_begin_end: false,
            heredocs: false,
        };
        match lang {
            Lang::Ruby => Syntax {
                line_comments: &["#"],
                quotes: &[(b'"', true), (b'\'', true), (b'`', true)],
                interpolation: Interp::Braces("#{"),
                interpolating_quotes: b"\"`",
                ruby_begin_end: true,
                heredocs: true,
                ..NONE
            },
            Lang::Python => Syntax {
                line_comments: &["#"],
                quotes: &[(b'"', false), (b'\'', false)],
                triple_quotes: true,
                interpolation: Interp::Format,
                interpolating_quotes: b"\"'",
                ..NONE
            },
            Lang::JavaScript | Lang::TypeScript => Syntax {
                line_comments: &["//"],
                block_comment: Some(("/*", "*/")),
                quotes: &[(b'"', false), (b'\'', false), (b'`', true)],
                interpolation: Interp::Braces("${"),
                interpolating_quotes: b"`",
                ..NONE
            },
            Lang::Go => Syntax {
                line_comments: &["//"],
                block_comment: Some(("/*", "*/")),
                quotes: &[(b'"', false), (b'\'', false), (b'`', true)],
                ..NONE
            },
            Lang::Java | Lang::Kotlin => Syntax {
                line_comments: &["//"],
                block_comment: Some(("/*", "*/")),
                quotes: &[(b'"', false), (b'\'', false)],
                triple_quotes: true,
                interpolation: Interp::Braces("${"),
                interpolating_quotes: b"\"",
                ..NONE
            },
            Lang::Php => Syntax {
                line_comments: &["//", "#"],
                block_comment: Some(("/*", "*/")),
                quotes: &[(b'"', true), (b'\'', true)],
                interpolation: Interp::Braces("{$"),
                interpolating_quotes: b"\"",
                ..NONE
            },
            Lang::Elixir => Syntax {
                line_comments: &["#"],
                quotes: &[(b'"', true), (b'\'', true)],
                triple_quotes: true,
                interpolation: Interp::Braces("#{"),
                interpolating_quotes: b"\"'",
                ..NONE
            },
            Lang::Shell => Syntax {
                line_comments: &["#"],
                quotes: &[(b'"', true), (b'\'', true)],
                hash_at_word_start: true,
                interpolation: Interp::Dollar,
                interpolating_quotes: b"\"",
                heredocs: true,
                ..NONE
            },
        }
    }
}

impl Syntax {
    /// How the string whose quote is at `i` interpolates.
    pub(super) fn interp_for(&self, b: &[u8], i: usize) -> Interp {
        if !self.interpolating_quotes.contains(&b[i]) {
            return Interp::None;
        }
        if self.interpolation == Interp::Format {
            // The prefix letters before the quote (`f`, `rf`, `Fr`, ...) must include an `f`.
            let prefix = b[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .collect::<Vec<_>>();
            let is_f = prefix.len() <= 2
                && prefix.iter().any(|c| c.eq_ignore_ascii_case(&b'f'))
                && prefix.iter().all(|c| b"rRbBfFuU".contains(c));
            return if is_f { Interp::Format } else { Interp::None };
        }
        self.interpolation
    }
}
