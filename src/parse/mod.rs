//! Parsers that keep byte spans: YAML, JSON and TOML documents, and a comment/string lexer for code.

pub mod json;
pub mod lexer;
pub mod toml;
pub mod yaml;

/// Compile one of egress's built-in patterns. The lazy DFA cache is capped: there are a few
/// dozen patterns, each with a cache per thread, and the default capacity would cost more
/// memory than the files being read.
pub fn regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(256 * 1024)
        .build()
}
