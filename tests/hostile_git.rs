//! `swatch diff --base` on a hostile pull request: a bare repository
//! committed into the workspace must neither run its commands (a promisor
//! remote's `uploadpack`, `core.fsmonitor`) nor forge the base.

mod common;

use common::{git, run_in};
use std::path::Path;
use std::process::Command;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

const BASE: &str = "[workspace]\nname = \"X\"\n\n[[member]]\nemail = \"po@x.co\"\naccount_type = \"primary_owner\"\n";
const ESCALATED: &str = "[workspace]\nname = \"X\"\n\n[[member]]\nemail = \"po@x.co\"\naccount_type = \"primary_owner\"\n\n[[member]]\nemail = \"mallory@x.co\"\naccount_type = \"security_admin\"\n";

/// A repository whose one commit holds `BASE` at `ws_rel/workspace.toml`,
/// with the working tree changed to `ESCALATED`.
fn repository(ws_rel: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    write(&dir.path().join(ws_rel).join("workspace.toml"), BASE);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    write(&dir.path().join(ws_rel).join("workspace.toml"), ESCALATED);
    dir
}

/// The files of a bare repository whose config makes git run `touch
/// MARKER` (fsmonitor on `ls-files`, the promisor remote's uploadpack on a
/// lazy fetch of a missing object), planted in `into`.
fn plant_hostile_bare_repository(into: &Path, marker: &Path) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let bare = scratch.path().join("evil");
    git(scratch.path(), &["init", "-q", "--bare", "evil"]);
    let touch = format!("touch '{}'; false", marker.display());
    for (key, value) in [
        ("core.repositoryformatversion", "1"),
        ("extensions.partialClone", "origin"),
        ("remote.origin.url", "file:///nonexistent"),
        ("remote.origin.promisor", "true"),
        ("remote.origin.uploadpack", touch.as_str()),
        ("core.fsmonitor", touch.as_str()),
        ("core.bare", "false"),
        ("core.worktree", "."),
    ] {
        git(&bare, &["config", key, value]);
    }
    // HEAD names a commit the repository lacks: reading it fetches lazily.
    write(
        &bare.join("refs/heads/main"),
        "1234567890123456789012345678901234567890\n",
    );
    for name in ["HEAD", "config"] {
        std::fs::copy(bare.join(name), into.join(name)).expect("copy");
    }
    for folder in ["objects", "refs/heads"] {
        std::fs::create_dir_all(into.join(folder)).expect("mkdir");
    }
    std::fs::copy(bare.join("refs/heads/main"), into.join("refs/heads/main")).expect("copy");
}

#[test]
fn an_embedded_bare_repository_runs_nothing_and_is_exit_2() {
    let repo = repository("ws");
    let ws = repo.path().join("ws");
    let marker = repo.path().join("MARKER");
    plant_hostile_bare_repository(&ws, &marker);
    // Git itself, run there, would run the planted commands.
    let plain = Command::new("git")
        .args(["ls-files", "--cached", "--others"])
        .current_dir(&ws)
        .output()
        .expect("git runs");
    assert!(
        marker.exists(),
        "the planted fsmonitor runs under plain git: {plain:?}"
    );
    std::fs::remove_file(&marker).expect("rm");

    for (dir, args) in [
        (repo.path(), &["diff", "--base", "HEAD", "ws"][..]),
        (
            ws.as_path(),
            &["diff", "--base", "HEAD", "--deny-escalation"][..],
        ),
    ] {
        let out = run_in(dir, args);
        assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
        assert!(
            out.stderr
                .contains("is a git repository inside the workspace folder"),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains("ws"),
            "names the folder: {}",
            out.stderr
        );
        assert!(!marker.exists(), "no planted command ran");
    }
}

#[test]
fn a_bare_repository_above_the_workspace_cannot_forge_the_base() {
    let repo = repository("infra/ws");
    let infra = repo.path().join("infra");
    let marker = repo.path().join("MARKER");
    plant_hostile_bare_repository(&infra, &marker);
    // git's own discovery from infra/ws would stop at the planted `infra`.
    let out = run_in(
        &infra.join("ws"),
        &["diff", "--base", "HEAD", "--deny-escalation"],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("mallory@x.co"), "{}", out.stdout);
    assert!(!marker.exists(), "no planted command ran");
}

#[test]
fn the_git_environment_cannot_redirect_git() {
    let repo = repository("ws");
    let marker = repo.path().join("MARKER");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    plant_hostile_bare_repository(elsewhere.path(), &marker);
    let out = Command::new(env!("CARGO_BIN_EXE_swatch"))
        .args(["diff", "--base", "HEAD", "--deny-escalation", "ws"])
        .current_dir(repo.path())
        .env("SWATCH_TODAY", "2026-11-28")
        .env("GIT_DIR", elsewhere.path())
        .env(
            "GIT_CONFIG_PARAMETERS",
            format!("'core.fsmonitor'='touch {}'", marker.display()),
        )
        .output()
        .expect("swatch runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!marker.exists(), "GIT_* of the caller is cleared");
}
