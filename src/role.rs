//! What a file is for, judged from its path within the linted folder: code and config the app
//! deploys with, files for development, CI and tests (`.env.test`, `.github/`), or test code
//! itself. Test code is not a deployment contract: a remote URL in a fixture is no hazard of the
//! move. Judged by whole words and folder names, never substrings: `financial-api/` is not `ci`,
//! `svc-latest/` is not `test`, `contest/` is not `test`.

use std::path::Path;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// What the app runs with.
    #[default]
    Deploy,
    /// Development, CI or test configuration (`.env.development`, `docker-compose.dev.yml`,
    /// `.gitlab-ci.yml`, `*.example`).
    Dev,
    /// Test code, fixtures and factories (`spec/`, `__tests__/`, `*_test.go`, `*.test.ts`).
    Test,
}

/// Folders that hold tests, fixtures and factories.
const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "spec",
    "specs",
    "__tests__",
    "__mocks__",
    "__fixtures__",
    "fixtures",
    "factories",
    "e2e",
];

/// Words of a file name (split at `.`, `-`, `_`) that mark development, test or CI files.
const DEV_NAME_WORDS: &[&str] = &[
    "test",
    "tests",
    "testing",
    "dev",
    "development",
    "ci",
    "local",
    "example",
    "sample",
];

/// Folders of CI configuration (and tests, which count as development too).
const DEV_DIRS: &[&str] = &[".github", ".gitlab", ".circleci", "ci"];

/// The role of a file whose path begins with `root_depth` components of the folder being
/// linted.
pub fn below(path: &Path, root_depth: usize) -> Role {
    if root_depth == 0 {
        return of(path);
    }
    let rel: std::path::PathBuf = path.components().skip(root_depth).collect();
    of(&rel)
}

/// The role of a file at `path`, relative to the folder being linted. Called for every file
/// of a walk: it compares in place and allocates only for names that are not UTF-8.
pub fn of(path: &Path) -> Role {
    let original = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let is = |word: &str, list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    let dirs = || {
        path.parent()
            .into_iter()
            .flat_map(|p| p.components())
            .map(|c| c.as_os_str().to_string_lossy())
    };
    if is_test_code(&original) || dirs().any(|d| is(&d, TEST_DIRS)) {
        return Role::Test;
    }
    let dev_name = original
        .split(['.', '-', '_'])
        .any(|w| is(w, DEV_NAME_WORDS));
    if dev_name || dirs().any(|d| is(&d, DEV_DIRS)) {
        return Role::Dev;
    }
    Role::Deploy
}

/// A template of settings rather than settings (`.env.example`, `app.sample.json`,
/// `config.yml.template`): its values are placeholders someone copies and fills in.
pub fn is_example(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| {
            n.split(['.', '-', '_']).any(|w| {
                ["example", "sample", "template", "dist"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            })
        })
}

/// Test files by the naming conventions of their test runners (`FooTest.java` keeps its case:
/// `Latest.java` is not a test).
fn is_test_code(original: &str) -> bool {
    let Some((stem_case, ext)) = original.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    let ext = ext.as_str();
    let stem = stem_case.to_ascii_lowercase();
    let code = matches!(
        ext,
        "go" | "py"
            | "rb"
            | "js"
            | "mjs"
            | "cjs"
            | "jsx"
            | "ts"
            | "mts"
            | "cts"
            | "tsx"
            | "java"
            | "kt"
            | "php"
            | "ex"
            | "exs"
    );
    code && (stem.ends_with("_test")
        || stem.ends_with("_spec")
        || stem.ends_with(".test")
        || stem.ends_with(".spec")
        || (stem_case.ends_with("Test") || stem_case.ends_with("Tests"))
            && matches!(ext, "java" | "kt" | "php")
        || stem.starts_with("test_") && ext == "py"
        || stem == "conftest")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_code_dev_files_and_the_rest() {
        for p in [
            "spec/models/user_spec.rb",
            "app/models/user_spec.rb",
            "internal/db/db_test.go",
            "src/db.test.ts",
            "src/__tests__/db.js",
            "tests/conftest.py",
            "app/test_settings.py",
            "test/fixtures/users.yml",
            "spec/factories/accounts.rb",
            "src/test/java/app/DbTest.java",
            "e2e/db.spec.ts",
        ] {
            assert_eq!(of(Path::new(p)), Role::Test, "{p}");
        }
        for p in [
            ".env.test",
            "app/.env.development",
            ".env.ci",
            ".env.local",
            ".env.example",
            "config/database.yml.sample",
            "docker-compose.dev.yml",
            ".gitlab-ci.yml",
            ".github/workflows/ci.yml",
            "ci/.env",
        ] {
            assert_eq!(of(Path::new(p)), Role::Dev, "{p}");
        }
        for p in [
            "apps/financial-api/.env.production",
            "apps/svc-latest/.env.production",
            "src/dev/ledger/.env.production",
            "contest/.env",
            ".env.production",
            "config/latest.yml",
            "app/testimonials.rb",
            "lib/latest.go",
            "src/protest.ts",
            "src/main/java/app/Latest.java",
        ] {
            assert_eq!(of(Path::new(p)), Role::Deploy, "{p}");
        }
    }
}
