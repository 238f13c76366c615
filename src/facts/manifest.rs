//! The migration manifest, as check's rules read it.

use super::Located;
use crate::source::{FileId, Loc};

/// A scalar setting of the migration manifest, with its span.
#[derive(Debug, Clone)]
pub struct Setting {
    pub value: String,
    pub at: Loc,
}

/// `migration-manifest.yml`: what the rules need of it (issue-by-issue, the model grows).
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    pub file: FileId,
    pub target: Option<Loc>,
    pub target_timezone: Option<Setting>,
    pub process_type_env: Option<Setting>,
    pub source_extensions: Vec<Setting>,
}

impl Located for Manifest {
    fn locs(&mut self, f: &mut dyn FnMut(&mut Loc)) {
        let settings = self
            .target_timezone
            .iter_mut()
            .chain(&mut self.process_type_env)
            .chain(&mut self.source_extensions);
        settings.for_each(|s| f(&mut s.at));
        if let Some(t) = &mut self.target {
            f(t);
        }
    }
    fn set_file(&mut self, id: FileId) {
        self.file = id;
        self.locs(&mut |at| at.file = id);
    }
}
