//! EG002 internal-error: a panic while extracting one file becomes a finding on that file, the
//! run goes on and exits 0/1, and the panic message (which quotes a URL with a password) is
//! redacted in every format. `EGRESS_INTERNAL_PANIC_ON` makes extraction panic on chosen files.

mod common;

use std::path::Path;

const FORMATS: [&str; 7] = [
    "human", "concise", "json", "sarif", "github", "gitlab", "junit",
];

fn app(dir: &Path) {
    std::fs::write(dir.join("Procfile"), "web: bundle exec puma\n").unwrap();
    std::fs::write(dir.join(".ruby-version"), "3.3.5\n").unwrap();
    std::fs::create_dir_all(dir.join("config")).unwrap();
    // The file egress will "crash" on, with secrets in its first lines (shown as a snippet).
    std::fs::write(
        dir.join("config/crashy.rb"),
        "DB = \"postgres://app:hunter2-canary@db.example.com/app\"\nSTRIPE = \"sk_live_51CanaryCanaryCanary\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("config/worker.rb"), "role = ENV[\"DYNO\"]\n").unwrap();
}

fn run(dir: &Path, format: &str) -> (i32, String, String) {
    let out = common::egress()
        .current_dir(dir)
        .args(["check", "--format", format, "--color", "never", "."])
        .env("EGRESS_INTERNAL_PANIC_ON", "crashy")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_panic_in_one_file_is_eg002_on_it_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    app(dir.path());
    let (code, stdout, stderr) = run(dir.path(), "json");
    assert_eq!(code, 1, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found = common::rules_and_paths(&v);
    assert!(
        found.contains(&("EG002".into(), "config/crashy.rb".into())),
        "{found:?}"
    );
    // The other file was still checked.
    assert!(
        found.contains(&("EG201".into(), "config/worker.rb".into())),
        "{found:?}"
    );
    let eg002 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "EG002")
        .unwrap();
    let message = eg002["message"].as_str().unwrap();
    assert!(message.contains("injected fault"), "{message}");
}

#[test]
fn no_secret_of_the_crashed_file_or_the_panic_reaches_any_format() {
    let dir = tempfile::tempdir().unwrap();
    app(dir.path());
    for format in FORMATS {
        let (code, stdout, stderr) = run(dir.path(), format);
        assert_eq!(code, 1, "{format}: {stderr}");
        for canary in ["hunter2-canary", "s3cret-canary", "sk_live_51Canary"] {
            assert!(
                !stdout.contains(canary),
                "{format} stdout: {canary}\n{stdout}"
            );
            assert!(
                !stderr.contains(canary),
                "{format} stderr: {canary}\n{stderr}"
            );
        }
        assert!(stdout.contains("EG002"), "{format}: {stdout}");
    }
}
