//! Parsers that keep byte spans: YAML, JSON and TOML documents, and a comment/string lexer for code.

pub mod json;
pub mod lexer;
pub mod shell;
pub mod toml;
pub mod yaml;

/// Lookups shared by the spanned YAML and JSON trees.
pub trait Tree: Sized {
    /// The entries of a mapping/object (empty for anything else).
    fn entries(&self) -> &[(Self, Self)];
    /// The text of a string scalar.
    fn as_str(&self) -> Option<&str>;
    /// The items of a sequence/array (empty for anything else).
    fn items(&self) -> &[Self];
    /// The node's byte span in the text.
    fn span(&self) -> crate::source::Span;

    /// The entry for `key` in a mapping: (key node, value node).
    fn entry(&self, key: &str) -> Option<(&Self, &Self)> {
        self.entries()
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, v)| (k, v))
    }

    fn get(&self, key: &str) -> Option<&Self> {
        self.entry(key).map(|(_, v)| v)
    }

    /// Follow a path of keys through nested mappings.
    fn path(&self, keys: &[&str]) -> Option<&Self> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }
}

/// Compile one of egress's built-in patterns. The lazy DFA cache is capped: there are a few
/// dozen patterns, each with a cache per thread, and the default capacity would cost more
/// memory than the files being read.
pub fn regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(256 * 1024)
        .build()
}
