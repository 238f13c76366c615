//! CI workflow YAML (GitHub Actions style, with a postgres service on localhost).

use std::fmt::Write as _;

use crate::case::pascal;
use crate::rng::Rng;
use crate::words::{NOUNS, VERBS};

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let _ = write!(
        out,
        "name: {unit} CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:15
        env:
          POSTGRES_PASSWORD: postgres
        ports: [\"5432:5432\"]
"
    );
    if let Some(p) = plant {
        // plant is a "test_database:\n  url: ..." block; CI uses env instead
        let url = p
            .split("url: ")
            .nth(1)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let _ = write!(out, "    env:\n      DATABASE_URL: {url}\n");
    }
    out.push_str("    steps:\n      - uses: actions/checkout@v4\n");
    while out.len() < target {
        let _ = write!(
            out,
            "      - name: {} {}\n        run: make {}-{}\n",
            pascal(r.pick(VERBS)),
            r.pick(NOUNS),
            r.pick(VERBS),
            r.pick(NOUNS)
        );
    }
}
