//! The migration manifest, as check's rules read it.

use super::Located;
use crate::source::{FileId, Loc};

/// `migration-manifest.yml` and its settings: one model, shared with `verify`.
pub use crate::manifest::{Manifest, Setting};

impl Located for Manifest {
    fn locs(&mut self, f: &mut dyn FnMut(&mut Loc)) {
        self.each_loc(f);
    }
    fn set_file(&mut self, id: FileId) {
        self.file = id;
        self.locs(&mut |at| at.file = id);
    }
}
