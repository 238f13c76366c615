//! Rails `db/schema.rb` (also Ruby code): `enable_extension "heroku_ext.pgcrypto"` is a
//! reference to the Heroku-only schema.

use super::super::parsed::Parsed;
use super::super::{extensions, Cx, ExtOrigin};

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    if let Parsed::Code(lexed) = parsed {
        if cx.hits.has(super::super::Lit::HerokuExt) {
            extensions::extract(cx, &lexed.masked, ExtOrigin::RailsSchema);
        }
    }
}
