//! Environment: code reading variables a platform injects.

use crate::source::{Lang, Loc};

/// Code reading an environment variable that a platform injects.
#[derive(Debug, Clone)]
pub struct EnvRead {
    pub at: Loc,
    pub name: String,
    pub lang: Lang,
}

impl_located!(EnvRead);
