//! Rails-style *.log files (git-ignored).

use std::fmt::Write as _;

use crate::rng::Rng;
use crate::words::NOUNS;

use super::fill;

pub fn generate(r: &mut Rng, target: usize, plant: Option<&str>, out: &mut String) {
    fill(out, target, r, plant, 0, |r, out| {
        let _ = write!(out,
            "I, [2019-03-{:02}T{:02}:{:02}:{:02}.{:06} #{}]  INFO -- : Started GET \"/{}s/{}\" for 10.0.{}.{}\nI, [2019-03-04T03:00:01.000000 #4]  INFO -- : Completed 200 OK in {}ms (Views: {}ms | ActiveRecord: {}ms)\n",
            r.range(1, 28), r.below(24), r.below(60), r.below(60), r.below(1_000_000), r.range(2, 9999), r.pick(NOUNS), r.range(1, 99_999), r.below(256), r.below(256), r.range(1, 900), r.range(1, 300), r.range(1, 300));
    });
}
