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

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};

    #[test]
    fn heroku_ext_in_enable_extension() {
        let text = "ActiveRecord::Schema[7.1].define(version: 2024_05_01) do\n  # enable_extension \"heroku_ext.citext\" (a comment)\n  enable_extension \"heroku_ext.pgcrypto\"\n  enable_extension \"plpgsql\"\nend\n";
        let f = facts("db/schema.rb", text);
        assert_eq!(f.extension_refs.len(), 1, "{:?}", f.extension_refs);
        assert!(at(text, f.extension_refs[0].at).contains("heroku_ext"));
    }
}
