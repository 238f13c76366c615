//! What a config var's value looks like, without keeping it: its shape (`facts::value_shape`,
//! which env files' extraction uses too) and whether it holds a credential. The value is read
//! here and nowhere stored.

pub use crate::facts::value_shape as shape;

/// A command or probe as the contract writes it: a credential in it (`API_TOKEN=... bin/web`,
/// a URL's password) masked, as in every report.
pub fn masked(text: &str) -> String {
    crate::redact::text(text).into_owned()
}

/// Whether a config var holds a credential: its name says so (`*_KEY`, `*_TOKEN`,
/// `PASSWORD`), or its value has one (a password in a URL, a token of a known shape).
pub fn is_secret(name: &str, value: &str) -> bool {
    crate::extract::is_secret_key(name)
        || !crate::redact::find(value).is_empty()
        || !crate::redact::url_credentials(value).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for (v, s) in [
            ("postgres://u:p@h:5432/d", "postgres-url"),
            ("postgresql://h/d", "postgres-url"),
            ("rediss://:p@h:6380", "redis-url"),
            ("https://example.com/hook", "url"),
            ("amqps://u:p@h/v", "url"),
            ("5", "number"),
            ("0.25", "number"),
            ("TRUE", "bool"),
            ("false", "bool"),
            ("", "string"),
            ("inf", "string"),
            ("production", "string"),
            ("not a url://", "string"),
        ] {
            assert_eq!(shape(v), s, "{v}");
        }
    }

    #[test]
    fn commands_are_written_masked() {
        let m = masked("API_TOKEN=s3cr3tCANARYtoken bin/web --db postgres://u:pw0rdCANARY@h/d");
        assert!(!m.contains("CANARY") && m.contains("bin/web"), "{m}");
    }

    #[test]
    fn secrets_by_name_or_value() {
        assert!(is_secret("SECRET_KEY_BASE", "x"));
        assert!(is_secret("DATABASE_URL", "postgres://u:s3cr3t@h/d"));
        assert!(is_secret("WEBHOOK", "sk_live_0123456789abcdefABCDEF01"));
        assert!(!is_secret("DATABASE_URL", "postgres://h/d"));
        assert!(!is_secret("RAILS_ENV", "production"));
    }
}
