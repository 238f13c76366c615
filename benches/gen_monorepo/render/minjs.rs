//! Minified JavaScript bundles (large files with very long lines).

use std::fmt::Write as _;

use crate::case::camel;
use crate::rng::Rng;
use crate::words::{FIELDS, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    out.push_str("/*! application bundle | (c) Acme */\n");
    let mut line_start = out.len();
    let line_len = r.range(64 << 10, 256 << 10);
    fill(out, target, r, plant, 0, |r, out| {
        let _ = write!(out, "{}:function(e,t,n){{\"use strict\";var r=n({}),o=n({});e.exports=function(e){{return r(e)&&o.{}(e,\"{}\")}}}},",
            r.range(1, 99_999), r.range(1, 9999), r.range(1, 9999), camel(r.pick(VERBS), r.pick(NOUNS)), r.pick(FIELDS));
        if out.len() - line_start > line_len {
            out.push('\n');
            line_start = out.len();
        }
    });
    out.push('\n');
}
