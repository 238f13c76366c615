//! The real pre-commit client runs this repository's hook (`.pre-commit-hooks.yaml`) on a
//! throwaway git repository made from testdata/node-app: it fails on exactly the two files passed,
//! and passes once they are fixed.
//!
//! Nothing is installed here: `pre-commit` must be on PATH (or importable by `python3`). Without it
//! the test prints a notice and returns, unless `CI` is set, where it fails. pre-commit builds the
//! hook with `cargo install --path .` (`language: rust`); its cache lives in
//! `target/pre-commit-home` and the build artifacts in `target/pre-commit-target`, so reruns only
//! recompile egress itself.
//!
//! The hook repository handed to try-repo is a snapshot of this working tree (tracked and untracked,
//! not ignored files) committed with fixed dates in `target/pre-commit-hook-repo`, not this
//! repository itself: on a dirty tree try-repo commits only tracked and staged changes (`git add
//! -u`), so new, untracked source files would be missing from what it builds. The same tree gives
//! the same commit, so pre-commit's cache is reused until the sources change.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Upper bound for one `pre-commit try-repo`. The first one compiles egress in release mode,
/// which takes about two minutes on an idle 2-core machine and four times that on a busy one
/// (seen: 240 s was not enough while other builds ran); the bound only guards against a hang.
const DEADLINE: Duration = Duration::from_secs(900);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `pre-commit`, or `python3 -m pre_commit`, whichever answers `--version`.
fn find_pre_commit() -> Option<Vec<String>> {
    let candidates: [&[&str]; 2] = [&["pre-commit"], &["python3", "-m", "pre_commit"]];
    candidates.iter().find_map(|argv| {
        let ok = Command::new(argv[0])
            .args(&argv[1..])
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| argv.iter().map(|s| s.to_string()).collect())
    })
}

/// Skip with a notice outside CI, fail under CI.
fn unavailable(why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {why}; install it with `python3 -m pip install pre-commit`");
    }
    eprintln!("skipping the pre-commit test: {why} (`python3 -m pip install pre-commit`)");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=egress test",
            "-c",
            "user.email=test@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_AUTHOR_DATE", "2000-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2000-01-01T00:00:00Z")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Commits a copy of the working tree (what `cargo test` builds) to `target/pre-commit-hook-repo`.
fn snapshot_hook_repo() -> PathBuf {
    let snapshot = root().join("target/pre-commit-hook-repo");
    if snapshot.exists() {
        fs::remove_dir_all(&snapshot).unwrap();
    }
    fs::create_dir_all(&snapshot).unwrap();
    let out = Command::new("git")
        .current_dir(root())
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git ls-files failed");
    for name in out.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = std::str::from_utf8(name).expect("UTF-8 file names");
        let from = root().join(name);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = snapshot.join(name);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&from, &to).unwrap();
    }
    git(&snapshot, &["init", "-q"]);
    git(&snapshot, &["add", "-A"]);
    git(
        &snapshot,
        &["commit", "-q", "--no-verify", "-m", "snapshot"],
    );
    snapshot
}

/// Runs `pre-commit try-repo <hook repo> egress --files <files>` in `repo`; returns success and
/// the combined output. Output goes to files so that a hung run can be killed at the deadline.
fn try_repo(
    pre_commit: &[String],
    hooks: &Path,
    repo: &Path,
    logs: &Path,
    files: &[&str],
) -> (bool, String) {
    let out_path = logs.join("try-repo.log");
    let log = fs::File::create(&out_path).unwrap();
    let mut child = Command::new(&pre_commit[0])
        .args(&pre_commit[1..])
        .args(["try-repo", "--color=never"])
        .arg(hooks)
        .args(["egress", "--verbose", "--files"])
        .args(files)
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", root().join("target/pre-commit-home"))
        .env("CARGO_TARGET_DIR", root().join("target/pre-commit-target"))
        .env("CARGO_TERM_COLOR", "never")
        // The hook's behaviour does not depend on LTO; skipping it halves the build.
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("PRE_COMMIT_COLOR")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("pre-commit starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "pre-commit try-repo did not finish within {DEADLINE:?}:\n{}",
                fs::read_to_string(&out_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut output = String::new();
    fs::File::open(&out_path)
        .unwrap()
        .read_to_string(&mut output)
        .unwrap();
    (status.success(), output)
}

/// The `path:line:col: EGxxx` lines of the hook's (concise) output.
fn findings(output: &str) -> Vec<String> {
    output
        .lines()
        .filter(|line| {
            let mut parts = line.splitn(4, ':');
            let (Some(_), Some(l), Some(c), Some(rest)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return false;
            };
            l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok() && rest.starts_with(" EG")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn pre_commit_try_repo_runs_the_hook_on_the_files_passed() {
    let Some(pre_commit) = find_pre_commit() else {
        unavailable(
            "pre-commit is not installed (neither `pre-commit` nor `python3 -m pre_commit`)",
        );
        return;
    };
    let is_git_repo = Command::new("git")
        .current_dir(root())
        .args(["rev-parse", "--verify", "-q", "HEAD"])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !is_git_repo {
        unavailable("this checkout is not a git repository with a commit, which try-repo needs");
        return;
    }

    let hooks = snapshot_hook_repo();
    let tmp = tempfile::tempdir().unwrap();
    let repo: PathBuf = tmp.path().join("app");
    copy_dir(&root().join("testdata/node-app"), &repo);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "node app"]);

    let files = ["src/lib/worker-id.js", "src/server.js"];

    // Both files read DYNO; the app's other hazards (package.json's missing Node pin, cron
    // schedules in k8s/) are in files that were not passed, so they must not appear.
    let (ok, output) = try_repo(&pre_commit, &hooks, &repo, tmp.path(), &files);
    assert!(!ok, "the hook should fail on DYNO reads:\n{output}");
    let found = findings(&output);
    assert_eq!(
        found,
        [
            "src/lib/worker-id.js:9:28: EG201 [warning] reads `DYNO`, which only Heroku sets (`web.1`, `worker.2`)",
            "src/server.js:5:9: EG201 [warning] reads `DYNO`, which only Heroku sets (`web.1`, `worker.2`)",
        ],
        "exactly the two files' findings:\n{output}"
    );

    // Fix both: read an explicit PROCESS_TYPE instead.
    for file in files {
        let path = repo.join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("DYNO", "PROCESS_TYPE")).unwrap();
    }
    let (ok, output) = try_repo(&pre_commit, &hooks, &repo, tmp.path(), &files);
    assert!(ok, "the hook should pass once DYNO is gone:\n{output}");
    assert!(findings(&output).is_empty(), "{output}");
}
