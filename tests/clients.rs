//! The real clients of swatch's output, where they install from the
//! registries: Microsoft's SARIF multitool with GitHub's ingestion rules,
//! taplo with the printed schema, and `pre-commit try-repo` on both hook
//! forms. Each test needs its client: `.ci/run` installs them and points at
//! them with `SWATCH_SARIF_MULTITOOL`, `SWATCH_TAPLO` and `SWATCH_PRE_COMMIT`;
//! without the variable the test says it skipped, and passes.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{git, root, run_in, tree};
use serde_json::Value;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The client named by `variable`, or a printed skip. Written to the
/// process's stderr directly, so the message shows even under capture.
fn client(variable: &str, what: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {what} (set {variable} to the client's binary; .ci/run installs it)"
    );
    None
}

/// Every workspace the project ships, valid and invalid.
fn sarif_fixtures() -> (tempfile::TempDir, Vec<PathBuf>) {
    let invalid = tree(&[
        ("syntax/members.toml", b"[[member]\nemail = 1\n"),
        (
            "unknown-key/members.toml",
            b"[[member]]\nemal = \"a@x.io\"\naccount_type = \"primary_owner\"\n",
        ),
        (
            "bad-config/swatch.toml",
            b"[rules.no-such-rule]\nseverity = \"off\"\n",
        ),
        (
            "bad-config/members.toml",
            b"[[member]]\nemail = \"a@x.io\"\naccount_type = \"primary_owner\"\n",
        ),
        // No [workspace] table: workspace-wide findings have no line of their own.
        (
            "no-workspace-table/my file #1.toml",
            b"[[member]]\nemail = \"a@x.io\"\naccount_type = \"security_admin\"\n",
        ),
        (
            "two-primary-owners/members.toml",
            b"[[member]]\nemail = \"a@x.io\"\naccount_type = \"primary_owner\"\n\n[[member]]\nemail = \"b@x.io\"\naccount_type = \"primary_owner\"\n",
        ),
    ]);
    let mut folders: Vec<PathBuf> = ["examples/acme", "examples/clean", "examples/startup"]
        .iter()
        .map(|p| root().join(p))
        .collect();
    for group in ["tests/fixtures/licenses", "tests/fixtures/diff/role-edit"] {
        for entry in std::fs::read_dir(root().join(group)).unwrap() {
            folders.push(entry.unwrap().path());
        }
    }
    for name in [
        "syntax",
        "unknown-key",
        "bad-config",
        "no-workspace-table",
        "missing-folder",
    ] {
        folders.push(invalid.path().join(name));
    }
    folders.sort();
    (invalid, folders)
}

/// Results of a multitool validation at level error or warning (a result
/// without a level is a warning in SARIF).
fn complaints(report: &Path) -> Vec<String> {
    let log: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    log["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|run| run["results"].as_array().cloned().unwrap_or_default())
        .filter(|r| !matches!(r["level"].as_str(), Some("note" | "none")))
        .map(|r| format!("{}: {}", r["ruleId"], r["message"]))
        .collect()
}

#[test]
fn sarif_multitool_accepts_every_fixture_with_github_rules() {
    let Some(multitool) = client("SWATCH_SARIF_MULTITOOL", "SARIF multitool validation") else {
        return;
    };
    let (_invalid, folders) = sarif_fixtures();
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, folder) in folders.iter().enumerate() {
        let out = run_in(
            &root(),
            &["check", folder.to_str().unwrap(), "--format", "sarif"],
        );
        assert!(out.code <= 2, "{}", out.stderr);
        assert!(
            !out.stdout.is_empty(),
            "{}: no SARIF on stdout",
            folder.display()
        );
        let log = scratch.path().join(format!("{i}.sarif"));
        std::fs::write(&log, &out.stdout).unwrap();
        let report = scratch.path().join(format!("{i}.validation.sarif"));
        let status = Command::new(&multitool)
            .arg("validate")
            .arg(&log)
            .args(["--rule-kind", "Gh;Sarif", "--output"])
            .arg(&report)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stdout)
        );
        for complaint in complaints(&report) {
            failures.push(format!("{}: {complaint}", folder.display()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn taplo_validates_every_example_file_with_the_printed_schema() {
    let Some(taplo) = client("SWATCH_TAPLO", "taplo schema validation") else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let schema = scratch.path().join("workspace.schema.json");
    std::fs::write(&schema, run_in(&root(), &["schema"]).stdout).unwrap();
    let init = scratch.path().join("init");
    assert_eq!(
        run_in(scratch.path(), &["init", init.to_str().unwrap()]).code,
        0
    );
    let mut files: Vec<PathBuf> = walk(&root().join("examples"));
    files.extend(walk(&init));
    files.retain(|f| {
        f.extension().is_some_and(|e| e == "toml")
            && f.file_name()
                .is_some_and(|n| n != "swatch.toml" && n != ".swatch.toml")
            && !f.components().any(|c| c.as_os_str() == "policies")
    });
    assert!(files.len() > 10, "{files:?}");
    let schema_url = format!("file://{}", schema.display());
    // One run for all files: each taplo start costs seconds.
    let out = Command::new(&taplo)
        .args(["check", "--schema", &schema_url])
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // And the schema does reject a wrong file, so the loop above means something.
    let wrong = scratch.path().join("wrong.toml");
    std::fs::write(&wrong, "[[member]]\nemial = \"a@x.io\"\n").unwrap();
    let out = Command::new(&taplo)
        .args(["check", "--schema", &schema_url])
        .arg(&wrong)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// A user's repository: a workspace with one finding at error level.
fn user_repository() -> tempfile::TempDir {
    let repo = tree(&[
        ("members.toml", b"[workspace]\nname = \"W\"\n\n[[member]]\nemail = \"a@x.io\"\naccount_type = \"primary_owner\"\n\n[[member]]\nemail = \"b@x.io\"\naccount_type = \"security_admin\"\n"),
    ]);
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "start"]);
    repo
}

fn try_repo(pre_commit: &Path, repo: &Path, hook: &str, path_dirs: &[PathBuf]) -> (bool, String) {
    let path = std::env::join_paths(path_dirs.iter().cloned().chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new(pre_commit)
        .arg("try-repo")
        .arg(root())
        .arg(hook)
        .args(["--all-files", "--verbose"])
        .current_dir(repo)
        .env("PATH", path)
        .env("SWATCH_TODAY", "2026-11-28")
        .env("PRE_COMMIT_HOME", repo.join(".pre-commit-cache"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn pre_commit_runs_both_hook_forms() {
    let Some(pre_commit) = client("SWATCH_PRE_COMMIT", "pre-commit try-repo") else {
        return;
    };
    let repo = user_repository();
    let binary_dir = PathBuf::from(env!("CARGO_BIN_EXE_swatch"))
        .parent()
        .unwrap()
        .to_owned();
    // An installed binary (language: system).
    let (ok, text) = try_repo(
        &pre_commit,
        repo.path(),
        "swatch-check-system",
        std::slice::from_ref(&binary_dir),
    );
    assert!(ok, "{text}");
    assert!(text.contains("swatch check"), "{text}");
    // A finding at error level fails the hook.
    std::fs::write(
        repo.path().join("keys.toml"),
        "[[api_key]]\nname = \"K\"\nkind = \"import\"\nowner = \"gone@x.io\"\n",
    )
    .unwrap();
    git(repo.path(), &["add", "-A"]);
    let (ok, text) = try_repo(
        &pre_commit,
        repo.path(),
        "swatch-check-system",
        &[binary_dir],
    );
    assert!(!ok, "{text}");
    assert!(text.contains("orphaned-api-key"), "{text}");

    // The source build (cargo build --locked in the hook's clone). The
    // test's own target folder and dev profile keep it to one crate's build.
    std::fs::remove_file(repo.path().join("keys.toml")).unwrap();
    git(repo.path(), &["add", "-A"]);
    let shared_target = root().join("target/pre-commit-hook");
    let out = Command::new(&pre_commit)
        .arg("try-repo")
        .arg(root())
        .arg("swatch-check")
        .args(["--all-files", "--verbose"])
        .current_dir(repo.path())
        .env("SWATCH_TODAY", "2026-11-28")
        .env("PRE_COMMIT_HOME", repo.path().join(".pre-commit-cache"))
        .env("CARGO_TARGET_DIR", &shared_target)
        .env("SWATCH_HOOK_PROFILE", "dev")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("swatch check"), "{text}");
}
