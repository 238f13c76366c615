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
