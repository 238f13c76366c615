//! Replays every input of the fuzz corpora (`fuzz/corpus/<target>/`) and every crash the fuzzer
//! ever found (`fuzz/regressions/<target>/`) through the same `egress::fuzzing` functions the fuzz
//! targets call, on stable, as part of `cargo test`.

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egress::fuzzing::TARGETS;

/// Regression inputs known to fail still, each with the panic it triggers (none today). An input
/// listed here must fail (remove it once it passes); any other failing input fails the test.
const KNOWN_CRASHES: &[(&str, &str)] = &[];

/// A sanity bound, not a benchmark: the fuzzer's own timeout is 10 s as well.
const SLOW: Duration = Duration::from_secs(10);

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

static PANIC: Mutex<Option<String>> = Mutex::new(None);

type PanicHook = Box<dyn Fn(&panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

#[test]
fn corpora_and_regressions_replay() {
    let root = fuzz_dir();
    // Panics of this thread are expected (and recorded); other tests' panics print as usual.
    let previous: Arc<PanicHook> = Arc::new(panic::take_hook());
    let replaying = std::thread::current().id();
    let forward = previous.clone();
    panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != replaying {
            return forward(info);
        }
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let at = info.location().map(|l| l.to_string()).unwrap_or_default();
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{msg} (at {at})"));
    }));
    let mut problems = Vec::new();
    let mut known_seen = Vec::new();
    let mut replayed = 0;
    for (name, target) in TARGETS {
        for dir in ["corpus", "regressions"] {
            for path in inputs(&root.join(dir).join(name)) {
                let data = fs::read(&path).unwrap();
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                let started = Instant::now();
                let result = panic::catch_unwind(|| target(&data));
                let took = started.elapsed();
                replayed += 1;
                let shown = format!("fuzz/{dir}/{name}/{file}");
                let known = KNOWN_CRASHES.contains(&(*name, file.as_str()));
                match result {
                    Err(_) if known => known_seen.push((*name, file.clone())),
                    Err(_) => {
                        let why = PANIC.lock().unwrap().take().unwrap_or_default();
                        problems.push(format!("{shown}: panicked: {why}"));
                    }
                    Ok(()) if known => {
                        problems.push(format!("{shown}: passes now: remove it from KNOWN_CRASHES"))
                    }
                    Ok(()) => {}
                }
                if took > SLOW {
                    problems.push(format!("{shown}: took {took:.1?}"));
                }
            }
        }
    }
    panic::set_hook(Box::new(move |info| previous(info)));
    for (t, f) in KNOWN_CRASHES {
        if !known_seen.iter().any(|(kt, kf)| kt == t && kf == f)
            && !root.join("regressions").join(t).join(f).exists()
            && !root.join("corpus").join(t).join(f).exists()
        {
            problems.push(format!("KNOWN_CRASHES lists {t}/{f}, which does not exist"));
        }
    }
    assert!(
        replayed > 0,
        "no fuzz inputs found under {}",
        root.display()
    );
    assert!(
        problems.is_empty(),
        "{} of {replayed} fuzz inputs failed:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every target has a fuzz target file, a `[[bin]]` in fuzz/Cargo.toml and a seed corpus, and
/// nothing in fuzz/ names a target the library does not have.
#[test]
fn fuzz_crate_matches_the_targets() {
    let root = fuzz_dir();
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let mut files: Vec<String> = inputs(&root.join("fuzz_targets"))
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut names: Vec<String> = TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(
        files, names,
        "fuzz/fuzz_targets/*.rs and egress::fuzzing::TARGETS"
    );
    for n in &names {
        let body = fs::read_to_string(root.join(format!("fuzz_targets/{n}.rs"))).unwrap();
        assert!(
            body.contains(&format!("egress::fuzzing::{n}(data)")),
            "fuzz_targets/{n}.rs does not call egress::fuzzing::{n}"
        );
        assert!(
            manifest.contains(&format!("name = \"{n}\"\npath = \"fuzz_targets/{n}.rs\"")),
            "fuzz/Cargo.toml has no [[bin]] for {n}"
        );
        assert!(
            !inputs(&root.join("corpus").join(n)).is_empty(),
            "fuzz/corpus/{n}/ is empty"
        );
    }
}
