//! The SARIF egress writes for testdata/rails-app passes Microsoft's SARIF multitool
//! (`validate --rule-kind Gh Sarif`: GitHub code scanning's ingestion rules plus the SARIF
//! correctness rules), where the tool can be installed.
//!
//! The npm package `@microsoft/sarif-multitool` is a small wrapper whose optional dependency
//! `@microsoft/sarif-multitool-linux` (`-darwin`, `-win32`) carries a self-contained .NET build
//! (about 100 MB, no .NET runtime needed), fetched by `npx --yes` on first use. The tool exits 0
//! even when it finds errors, so the test reads its SARIF log (`-o`) and fails on any result of
//! level `error`; a deliberately broken copy checks that the validator really reports them.
//!
//! Without `npx` the test prints a notice and returns. When `npx` is there but the tool cannot be
//! fetched or run, it does the same outside CI and fails under `CI`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

/// Pinned so that a new multitool release cannot change the verdict on an unchanged egress.
const MULTITOOL: &str = "@microsoft/sarif-multitool@5.7.0";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn npx_available() -> bool {
    Command::new("npx")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Validates `dir/<name>`; returns the (rule id, level, message) of each result, or why the tool
/// did not run. File names are relative to `dir` because the npm wrapper runs the binary through
/// a shell.
fn validate(dir: &Path, name: &str) -> Result<Vec<(String, String, String)>, String> {
    let log = format!("{name}.validation.sarif");
    let out = Command::new("npx")
        .current_dir(dir)
        .args(["--yes", MULTITOOL, "validate", name, "-o", &log])
        .args(["--log", "ForceOverwrite"])
        // A list option: it takes every value up to the next option, so it goes last.
        .args(["--rule-kind", "Gh", "Sarif"])
        // The native build needs libicu unless globalization is invariant.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .env("npm_config_update_notifier", "false")
        .output()
        .map_err(|e| format!("npx did not start: {e}"))?;
    let text = fs::read_to_string(dir.join(&log)).map_err(|e| {
        format!(
            "{MULTITOOL} wrote no log ({e}); exit {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let log: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mut results = Vec::new();
    for run in log["runs"].as_array().into_iter().flatten() {
        if run["invocations"][0]["executionSuccessful"] == false {
            return Err(format!("{MULTITOOL} reported an unsuccessful run:\n{text}"));
        }
        for result in run["results"].as_array().into_iter().flatten() {
            // The validator's messages are templates; its console lines carry the text, the log
            // the arguments. Either is enough to name the problem.
            let message = result["message"]["text"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| result["message"]["arguments"].to_string());
            results.push((
                result["ruleId"].as_str().unwrap_or("?").to_string(),
                result["level"].as_str().unwrap_or("warning").to_string(),
                message,
            ));
        }
    }
    Ok(results)
}

#[test]
fn rails_app_sarif_passes_the_multitool_github_rules() {
    if !npx_available() {
        eprintln!("skipping the SARIF multitool test: npx (Node.js) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = common::egress()
        .current_dir(root())
        .args(["check", "testdata/rails-app", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the rails app has findings");
    fs::write(dir.path().join("egress.sarif"), &out.stdout).unwrap();

    // A broken copy: a result without locations and a message without text, both of which
    // GitHub rejects. The validator must flag it, or a clean verdict below means nothing.
    let mut broken: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &mut broken["runs"][0]["results"][0];
    result.as_object_mut().unwrap().remove("locations");
    result["message"] = serde_json::json!({ "id": "default" });
    fs::write(
        dir.path().join("broken.sarif"),
        serde_json::to_vec(&broken).unwrap(),
    )
    .unwrap();

    let broken_results = match validate(dir.path(), "broken.sarif") {
        Ok(results) => results,
        Err(why) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping the SARIF multitool test: {why}");
            return;
        }
        Err(why) => panic!("CI is set, npx is installed, but the multitool did not run: {why}"),
    };
    assert!(
        broken_results
            .iter()
            .any(|(id, level, _)| id.starts_with("GH") && level == "error"),
        "the multitool should reject a result without locations: {broken_results:?}"
    );

    let results = validate(dir.path(), "egress.sarif").expect("the multitool ran a moment ago");
    let errors: Vec<_> = results
        .iter()
        .filter(|(_, level, _)| level == "error")
        .collect();
    assert!(
        errors.is_empty(),
        "{MULTITOOL} validate --rule-kind Gh Sarif reports errors: {errors:#?}"
    );
    for (id, level, message) in &results {
        eprintln!("multitool {level} {id}: {message}");
    }
}
