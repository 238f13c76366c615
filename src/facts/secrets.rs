//! Credentials written literally in the repository: what must move into a secret store (and
//! be rotated) before the code moves anywhere. The secret itself is never stored, only where
//! it is and what it is.

use crate::source::Loc;

pub use crate::redact::SecretKind;

/// A credential written into a file: a token whose shape gives it away (`sk_live_`, `ghp_`, a
/// PEM private key), or the password of a URL to a host that is not this machine.
/// Placeholders (`sk_live_XXXX`, `postgres://u:password@...`, `${PASSWORD}`) are not recorded.
#[derive(Debug, Clone)]
pub struct LiteralSecret {
    /// The secret's span (reports blank it).
    pub at: Loc,
    pub kind: SecretKind,
    /// For a URL password, the URL's scheme (`postgres`, `redis`).
    pub scheme: Option<String>,
}

impl_located!(LiteralSecret);

/// A name that says its value is a credential (`*_PASSWORD`, `*_TOKEN`, `SECRET_KEY_BASE`,
/// `STRIPE_API_KEY`): reports keep its value out, the inventory marks it `secret`.
pub fn is_secret_key(key: &str) -> bool {
    // Short words count only as the whole key or its last part (`pass`, `DB_PASS`, `db.pwd`),
    // never inside a word (`COMPASS`, `bypass`).
    const LAST_WORDS: &[&[u8]] = &[b"pass", b"pwd", b"pw"];
    // Called for every key of every structured file: one pass, compared in place, and only the
    // words that start with the byte at hand (no lowercased copy).
    let k = key.as_bytes();
    let starts =
        |rest: &[u8], w: &[u8]| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w);
    let word_at = |i: usize| {
        let rest = &k[i..];
        match rest[0].to_ascii_lowercase() {
            b'p' => {
                starts(rest, b"password") || starts(rest, b"passwd") || starts(rest, b"private_key")
            }
            b's' => starts(rest, b"secret"),
            b't' => starts(rest, b"token"),
            b'a' => {
                starts(rest, b"api_key") || starts(rest, b"apikey") || starts(rest, b"access_key")
            }
            b'c' => starts(rest, b"credential"),
            _ => false,
        }
    };
    let has = |w: &[u8]| k.windows(w.len()).any(|win| win.eq_ignore_ascii_case(w));
    let last_word = |w: &[u8]| {
        k.len() >= w.len()
            && k[k.len() - w.len()..].eq_ignore_ascii_case(w)
            && (k.len() == w.len() || b"_-.".contains(&k[k.len() - w.len() - 1]))
    };
    (0..k.len()).any(word_at)
        || LAST_WORDS.iter().any(|w| last_word(w))
        || (k.len() >= 4 && k[k.len() - 4..].eq_ignore_ascii_case(b"_key") && !has(b"public_key"))
}
