//! The migration manifest, as check's rules read it, and what its documents hold that egress
//! cannot use.

use super::Located;
use crate::source::{FileId, Loc};

/// `migration-manifest.yml` and its settings: one model, shared with `verify`.
pub use crate::manifest::{Manifest, Setting};

/// A value of the migration manifest or contract that egress cannot use: an unknown key, a
/// wrong type, a value out of range (the errors `verify` refuses a manifest for).
pub use crate::shape::DocError;

impl_located!(DocError);

impl Located for Manifest {
    fn locs(&mut self, f: &mut dyn FnMut(&mut Loc)) {
        self.each_loc(f);
    }
    fn set_file(&mut self, id: FileId) {
        self.file = id;
        self.locs(&mut |at| at.file = id);
    }
}
