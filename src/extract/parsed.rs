//! A file's syntax and the file as that syntax parsed it: what the syntax pass hands on to the
//! format and to the cross-syntax scans (TLS verification, appended query strings), kept apart
//! so that those scans need not import the pass that calls them.

use crate::parse::lexer::Lexed;
use crate::parse::{json, toml, yaml};
use crate::source::Lang;

/// The syntax a file is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileSyntax {
    /// Text a format reads itself (Procfile, crontab, version files).
    Text,
    /// Lines of which any may hold a connection string (Dockerfile `ENV`, `RUN`).
    Lines,
    /// `rendered`: the file is read as it is, so template syntax in it is an error, not a
    /// template (egress reads its manifest itself; Helm charts are rendered first).
    Yaml {
        rendered: bool,
    },
    /// `lenient`: comments and trailing commas allowed (editor JSON like `tsconfig.json`).
    Json {
        lenient: bool,
    },
    Toml,
    Code(Lang),
    Sql,
}

/// A file as its syntax parsed it (`None`: nothing was parsed, or it did not parse).
pub enum Parsed<'t> {
    None,
    Yaml(Vec<yaml::Node>),
    Json(json::Node),
    Toml(toml::Table<'t>),
    /// Code with comments (and, for the patterns that need it, strings) masked.
    Code(Lexed),
}
