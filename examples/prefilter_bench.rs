//! The literal prefilter alone, on every text file of a tree (read into memory first), three
//! times: `cargo run --release --example prefilter_bench -- /tmp/egress-bench/monorepo` after
//! `benches/run.sh` has generated the tree. Used to choose how the literals are searched
//! (src/extract/prefilter.rs): on that tree 22 literals in one set took 36 ms, 61 in one set
//! ten times as long, 61 in two sets 120 ms.

use std::time::Instant;
fn main() {
    let root = std::env::args().nth(1).unwrap();
    let mut texts = Vec::new();
    for e in ignore::WalkBuilder::new(&root)
        .hidden(false)
        .build()
        .flatten()
    {
        if e.file_type().is_some_and(|f| f.is_file()) {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                if t.len() < 2_000_000 {
                    texts.push(t);
                }
            }
        }
    }
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    for _ in 0..3 {
        let t0 = Instant::now();
        let mut n = 0u32;
        for t in &texts {
            if egress::extract::Hits::scan(t).any() {
                n += 1;
            }
        }
        let el = t0.elapsed();
        println!(
            "{} files, {} MB, {} hit, {:?}, {:.2} GB/s",
            texts.len(),
            bytes / 1_000_000,
            n,
            el,
            bytes as f64 / el.as_secs_f64() / 1e9
        );
    }
}
