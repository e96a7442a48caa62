//! The GitHub Action's shell steps (scripts/action/), run locally with the
//! `GITHUB_*` and `RUNNER_*` variables they read. Downloads go through real
//! curl from a local folder (`file://`); only the GitHub API (`gh`) and the
//! crates.io build (`cargo install`) are test doubles. Also the release
//! notes script of the release workflow.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{git, root, tree};
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};

fn script(name: &str) -> std::path::PathBuf {
    root().join("scripts").join(name)
}

/// Make `to` an executable copy of `from` through a child process. A file
/// this test process writes is, for a moment, open for writing in every
/// child another test thread forks meanwhile; executing it then fails with
/// "Text file busy" (ETXTBSY), which a loaded machine makes likely. Written
/// by `install`, the file is never open in this process.
fn executable(from: &Path, to: &Path) {
    let status = Command::new("install")
        .args(["-m", "755"])
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "install {} {}",
        from.display(),
        to.display()
    );
}

/// A script at `path`, executable (see [`executable`]).
fn script_at(path: &Path, body: &str) {
    let source = path.with_extension("source");
    std::fs::write(&source, body).unwrap();
    executable(&source, path);
}

/// A folder on PATH holding a fake command that logs its arguments to
/// `log` and prints `reply`.
fn fake(dir: &Path, command: &str, reply: &str) {
    let body = format!(
        "#!/usr/bin/env bash\necho \"{command} $*\" >> \"{log}\"\nprintf '%s' '{reply}'\n",
        log = dir.join("calls.log").display()
    );
    script_at(&dir.join(command), &body);
}

fn with_path(dir: &Path) -> std::ffi::OsString {
    std::env::join_paths(std::iter::once(dir.to_owned()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A release folder as the release workflow publishes it, for `tag`.
fn release(site: &Path, tag: &str, target: &str) {
    let name = format!("swatch-{tag}-{target}");
    let folder = site.join(tag).join(&name);
    std::fs::create_dir_all(&folder).unwrap();
    executable(
        Path::new(env!("CARGO_BIN_EXE_swatch")),
        &folder.join("swatch"),
    );
    let archive = format!("{name}.tar.gz");
    let dir = site.join(tag);
    assert!(
        Command::new("tar")
            .args(["-czf", &archive, &name])
            .current_dir(&dir)
            .status()
            .unwrap()
            .success()
    );
    let sum = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(&dir)
        .output()
        .unwrap();
    std::fs::write(dir.join(format!("{archive}.sha256")), sum.stdout).unwrap();
}

fn install(runner_temp: &Path, site: &Path, reference: &str, bin: &Path) -> Output {
    Command::new("bash")
        .arg(script("action/install.sh"))
        .env("GITHUB_ACTION_REF", reference)
        .env("GITHUB_ACTION_REPOSITORY", "swatch-lint/swatch")
        .env("GITHUB_ACTION_PATH", root())
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", runner_temp)
        .env("SWATCH_DOWNLOAD_BASE", format!("file://{}", site.display()))
        .env("PATH", with_path(bin))
        .output()
        .unwrap()
}

#[test]
fn install_downloads_the_release_of_its_ref_and_checks_the_checksum() {
    let site = tree(&[]);
    let runner = tree(&[]);
    let bin = tree(&[]);
    fake(bin.path(), "cargo", "");
    release(site.path(), "v0.1.0", "x86_64-unknown-linux-musl");

    let out = install(runner.path(), site.path(), "v0.1.0", bin.path());
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("installed release v0.1.0 (x86_64-unknown-linux-musl)"),
        "{}",
        text(&out)
    );
    let installed = runner.path().join("swatch/bin/swatch");
    let version = Command::new(&installed).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("swatch "));
    assert!(
        !bin.path().join("calls.log").exists(),
        "no cargo install for a tag"
    );

    // A tampered archive is refused.
    let sum = site
        .path()
        .join("v0.1.0/swatch-v0.1.0-x86_64-unknown-linux-musl.tar.gz.sha256");
    std::fs::write(&sum, format!("{}  x.tar.gz\n", "0".repeat(64))).unwrap();
    let out = install(tree(&[]).path(), site.path(), "v0.1.0", bin.path());
    assert!(!out.status.success());
    assert!(text(&out).contains("checksum mismatch"), "{}", text(&out));

    // A missing release fails (curl --fail), rather than building silently.
    let out = install(tree(&[]).path(), site.path(), "v9.9.9", bin.path());
    assert!(!out.status.success(), "{}", text(&out));
}

#[test]
fn install_builds_from_source_for_an_untagged_ref() {
    let bin = tree(&[]);
    fake(bin.path(), "cargo", "");
    for reference in ["main", "", "4f2c1e0"] {
        let runner = tree(&[]);
        let out = install(
            runner.path(),
            Path::new("/nonexistent"),
            reference,
            bin.path(),
        );
        assert!(out.status.success(), "{}", text(&out));
    }
    let calls = std::fs::read_to_string(bin.path().join("calls.log")).unwrap();
    assert_eq!(calls.lines().count(), 3, "{calls}");
    assert!(
        calls
            .lines()
            .all(|l| l.starts_with("cargo install --locked --path ")),
        "{calls}"
    );
}

#[test]
fn diff_step_writes_the_summary_and_the_exit_code() {
    // A pull request's checkout: origin/main has the base, the work tree a new editor.
    let origin = tree(&[]);
    git(origin.path(), &["init", "-q", "--bare"]);
    let work = tree(&[(
        "pigment/members.toml",
        b"[workspace]\nname = \"W\"\n\n[[member]]\nemail = \"a@x.io\"\naccount_type = \"primary_owner\"\n\n[[member]]\nemail = \"b@x.io\"\naccount_type = \"security_admin\"\n",
    )]);
    git(work.path(), &["init", "-q"]);
    git(work.path(), &["add", "-A"]);
    git(work.path(), &["commit", "-qm", "base"]);
    git(
        work.path(),
        &["remote", "add", "origin", origin.path().to_str().unwrap()],
    );
    git(work.path(), &["push", "-q", "origin", "HEAD:main"]);
    std::fs::write(
        work.path().join("pigment/planning.toml"),
        "[application]\nname = \"P\"\nowner = \"a@x.io\"\n",
    )
    .unwrap();

    let runner = tree(&[]);
    std::fs::create_dir_all(runner.path().join("swatch/bin")).unwrap();
    executable(
        Path::new(env!("CARGO_BIN_EXE_swatch")),
        &runner.path().join("swatch/bin/swatch"),
    );
    let summary = runner.path().join("summary.md");
    let output = runner.path().join("output");
    let out = Command::new("bash")
        .arg(script("action/diff.sh"))
        .current_dir(work.path())
        .env("GITHUB_BASE_REF", "main")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &output)
        .env("RUNNER_TEMP", runner.path())
        .env("SWATCH_PATH", "pigment")
        .env(
            "SWATCH_DIFF_ARGS",
            "--fail-on-new error --max-new-seats editor=0",
        )
        .env("SWATCH_TODAY", "2026-11-28")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let markdown = std::fs::read_to_string(&summary).unwrap();
    assert!(markdown.starts_with("<!-- swatch-diff -->"), "{markdown}");
    let code = std::fs::read_to_string(&output).unwrap();
    assert!(code.starts_with("exit-code="), "{code}");

    // Invalid input fails the step at once (exit 2).
    std::fs::write(work.path().join("pigment/bad.toml"), "[[member]\n").unwrap();
    let out = Command::new("bash")
        .arg(script("action/diff.sh"))
        .current_dir(work.path())
        .env("GITHUB_BASE_REF", "main")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &output)
        .env("RUNNER_TEMP", runner.path())
        .env("SWATCH_PATH", "pigment")
        .env("SWATCH_DIFF_ARGS", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn release_notes_are_the_tags_changelog_section() {
    let dir = tree(&[(
        "CHANGELOG.md",
        b"# Changelog\n\n## [Unreleased]\n\n- next\n\n## [0.2.0] - 2027-01-10\n\n### Added\n\n- gitlab\n\n## [0.1.0]\n\n- first\n",
    )]);
    let changelog = dir.path().join("CHANGELOG.md");
    let notes = |version: &str| {
        Command::new("bash")
            .arg(script("release-notes.sh"))
            .arg(version)
            .arg(&changelog)
            .output()
            .unwrap()
    };
    let out = notes("v0.2.0");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "\n### Added\n\n- gitlab\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&notes("0.1.0").stdout),
        "\n- first\n"
    );
    assert!(!notes("v0.3.0").status.success());
}

/// A fake `gh` for the sticky comment: `gh api user` prints `login` (or
/// fails, as it does for the workflow's `GITHUB_TOKEN`), a `--jq` listing is
/// answered by running the filter with jq over `comments`, like gh does.
fn fake_gh(dir: &Path, login: Option<&str>, comments: &str) {
    std::fs::write(dir.join("comments.json"), comments).unwrap();
    let user = login.map_or_else(|| "exit 1".to_owned(), |l| format!("echo '{l}'"));
    let body = format!(
        r#"#!/usr/bin/env bash
echo "gh $*" >> "{dir}/calls.log"
if [ "$1 $2" = "api user" ]; then {user}; exit 0; fi
args=("$@")
for i in "${{!args[@]}}"; do
  if [ "${{args[$i]}}" = "--jq" ]; then jq -r "${{args[$((i + 1))]}}" "{dir}/comments.json"; exit; fi
done
"#,
        dir = dir.display()
    );
    script_at(&dir.join("gh"), &body);
}

#[test]
fn the_sticky_comment_edits_only_a_comment_of_its_own_user() {
    if Command::new("jq").arg("--version").output().is_err() {
        let _ = writeln!(std::io::stderr(), "skipped: the fake gh needs jq");
        return;
    }
    let runner = tree(&[("swatch-diff.md", b"<!-- swatch-diff -->\n### swatch\n")]);
    // Someone else's comment starts with the marker too, and comes first.
    let comments = r#"[
        {"id": 1, "user": {"login": "mallory"}, "body": "<!-- swatch-diff -->\nfake"},
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "<!-- swatch-diff -->\nours"},
        {"id": 3, "user": {"login": "swatch-bot"}, "body": "<!-- swatch-diff -->\nours too"}
    ]"#;
    let only_mallory =
        r#"[{"id": 1, "user": {"login": "mallory"}, "body": "<!-- swatch-diff -->"}]"#;
    for (login, comments, expected) in [
        // GITHUB_TOKEN: /user is refused, the bot's own comment is edited.
        (
            None,
            comments,
            "gh api -X PATCH repos/o/r/issues/comments/2 -F body=@",
        ),
        // A personal or app token: its user's comment.
        (
            Some("swatch-bot"),
            comments,
            "gh api -X PATCH repos/o/r/issues/comments/3 -F body=@",
        ),
        // Only another user's marker: a new comment, theirs untouched.
        (
            None,
            only_mallory,
            "gh api repos/o/r/issues/7/comments -F body=@",
        ),
        (
            Some("swatch-bot"),
            "[]",
            "gh api repos/o/r/issues/7/comments -F body=@",
        ),
    ] {
        let bin = tree(&[]);
        fake_gh(bin.path(), login, comments);
        let out = Command::new("bash")
            .arg(script("action/comment.sh"))
            .env("GITHUB_REPOSITORY", "o/r")
            .env("PR", "7")
            .env("RUNNER_TEMP", runner.path())
            .env("PATH", with_path(bin.path()))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let calls = std::fs::read_to_string(bin.path().join("calls.log")).unwrap();
        let lines: Vec<&str> = calls.lines().collect();
        assert_eq!(lines.len(), 3, "{calls}");
        assert!(lines[0].starts_with("gh api user"), "{calls}");
        assert!(
            lines[1].starts_with("gh api repos/o/r/issues/7/comments --paginate --jq"),
            "{calls}"
        );
        assert!(lines[2].starts_with(expected), "{login:?}: {calls}");
        assert!(
            !calls.contains("comments/1 "),
            "mallory's comment is never edited"
        );
    }
}
