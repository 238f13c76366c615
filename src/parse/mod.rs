//! Parsers that keep byte spans: YAML, JSON and TOML documents, and a comment/string lexer for code.

pub mod json;
pub mod lexer;
pub mod toml;
pub mod yaml;
