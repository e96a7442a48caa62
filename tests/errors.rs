//! The words of invalid-input errors (issue 15): each mistake a new user
//! makes gets one error at its cause that says what to do, not the
//! cascade or the misleading message it used to get.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{git, run_in, tree};
use std::path::Path;

/// Run `args` in a folder holding `files`: (exit code, stdout, stderr).
fn run_on(files: &[(&str, &[u8])], args: &[&str]) -> (i32, String, String) {
    let dir = tree(files);
    let out = run_in(dir.path(), args);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    (out.code, out.stdout, out.stderr)
}

/// `licenses .` on `files`, which must be invalid: its stderr.
fn invalid(files: &[(&str, &[u8])]) -> String {
    let (code, _, stderr) = run_on(files, &["licenses", "."]);
    assert_eq!(code, 2, "{stderr}");
    stderr
}

const OWNER: &[u8] = b"[[member]]\nemail = \"po@acme.com\"\naccount_type = \"primary_owner\"\n";

#[test]
fn a_mistyped_required_key_is_one_error_saying_it_is_the_missing_key() {
    let stderr = invalid(&[(
        "members.toml",
        b"[[member]]\nemail = \"a@acme.com\"\nacount_type = \"builder\"\n",
    )]);
    assert!(!stderr.contains("has no `account_type`"), "{stderr}");
    insta::assert_snapshot!("typo_of_required_key", stderr);
}

#[test]
fn an_unclosed_array_is_one_error_at_its_bracket() {
    let stderr = invalid(&[
        (
            "app.toml",
            b"[application]\nname = \"FP&A\"\npublic_blocks = [\"Payroll\", \"Bonus\"\n\n[roles.Viewer]\npermissions = [\"display_application\"]\n\n[members]\n\"a@acme.com\" = \"Viewer\"\n",
        ),
        // Another file's errors are still reported.
        ("members.toml", b"[[member]]\nemail = 1\naccount_type = \"builder\"\n"),
    ]);
    assert!(stderr.contains("2 invalid input errors"), "{stderr}");
    insta::assert_snapshot!("unclosed_array", stderr);
    // The README shows this error as it is printed.
    let trimmed = |text: &str| {
        text.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let first = &stderr[..stderr.find("\n\nswatch::load::wrong_type").unwrap()];
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    assert!(
        trimmed(&readme).contains(&trimmed(first)),
        "README.md lacks:\n{first}"
    );
}

#[test]
fn an_unclosed_string_or_inline_table_is_one_error_where_it_opens() {
    let stderr = invalid(&[
        (
            "a.toml",
            b"[[member]]\nemail = \"a@acme.com\nname = \"A\"\naccount_type = \"builder\"\n",
        ),
        ("b.toml", b"[workspace]\nname = \"W\"\nx = { a = 1\ny = 2\n"),
        ("c.toml", b"[workspace]\nname = '''W\n"),
    ]);
    assert!(stderr.contains("3 invalid input errors"), "{stderr}");
    insta::assert_snapshot!("unclosed_string_and_table", stderr);
}

#[test]
fn a_syntax_error_that_is_not_an_unclosed_bracket_keeps_its_place() {
    let stderr = invalid(&[("a.toml", b"[[member]\nemail = 1\n")]);
    assert!(stderr.contains("a.toml:1:10"), "{stderr}");
    assert!(stderr.contains("1 invalid input error;"), "{stderr}");
}

#[test]
fn an_unrelated_toml_file_gets_the_exclude_line_that_skips_it() {
    let files: &[(&str, &[u8])] = &[
        ("members.toml", OWNER),
        (
            "pyproject.toml",
            b"[project]\nname = \"tools\"\n\n[build-system]\nrequires = []\n",
        ),
        // A Cargo workspace shares `[workspace]` with ours: known by name.
        ("tools/Cargo.toml", b"[workspace]\nmembers = [\"a\"]\n"),
        ("swatch.toml", b"exclude = [\"archive/**\"]\n"),
    ];
    let stderr = invalid(files);
    insta::assert_snapshot!("unrelated_files", stderr);
    // The line shown, put in swatch.toml, makes the workspace valid.
    let line = stderr
        .lines()
        .find_map(|l| l.split("swatch.toml: ").nth(1))
        .unwrap();
    let line = format!("{line}\n");
    let mut fixed = files.to_vec();
    fixed[3] = ("swatch.toml", line.as_bytes());
    let (code, _, stderr) = run_on(&fixed, &["licenses", "."]);
    assert_eq!(code, 0, "{line}{stderr}");
}

#[test]
fn a_key_below_the_wrong_header_names_that_header_and_where_it_belongs() {
    let stderr = invalid(&[
        ("members.toml", OWNER),
        (
            "fpa.toml",
            b"[application]\nname = \"FP&A\"\n\n[roles.Viewer]\npermissions = [\"display_application\"]\n\n[members]\n\"po@acme.com\" = \"Viewer\"\n\n[[automation]]\nname = \"nightly\"\nowner = \"po@acme.com\"\n\"max@acme.com\" = \"Viewer\"\n",
        ),
    ]);
    insta::assert_snapshot!("key_below_wrong_header", stderr);
    // A member's key appended after [members] is no "not an email" either.
    let stderr = invalid(&[(
        "fpa.toml",
        b"[application]\nname = \"FP&A\"\n\n[members]\n\"po@acme.com\" = \"Viewer\"\naccount_type = \"builder\"\n",
    )]);
    assert!(
        stderr.contains("`account_type` is read as a key of [members] (line 4)"),
        "{stderr}"
    );
    assert!(stderr.contains("belongs under [[member]]"), "{stderr}");
}

#[test]
fn a_duplicate_shows_both_places_without_a_stray_heading() {
    let same_file = invalid(&[(
        "members.toml",
        b"[[member]]\nemail = \"a@acme.com\"\naccount_type = \"builder\"\n\n[[member]]\nemail = \"A@acme.com\"\naccount_type = \"builder\"\n",
    )]);
    let two_files = invalid(&[
        (
            "a.toml",
            b"[[member]]\nemail = \"a@acme.com\"\naccount_type = \"builder\"\n",
        ),
        (
            "b.toml",
            b"[[member]]\nemail = \"a@acme.com\"\naccount_type = \"builder\"\n",
        ),
    ]);
    for stderr in [&same_file, &two_files] {
        assert!(!stderr.contains("Advice"), "{stderr}");
    }
    insta::assert_snapshot!("duplicate_same_file", same_file);
    insta::assert_snapshot!("duplicate_two_files", two_files);
}

#[test]
fn no_model_file_is_exit_2_for_check_licenses_and_why() {
    let files: &[(&str, &[u8])] = &[
        ("swatch.toml", b"[rules.inactive-member]\ndays = 30\n"),
        ("policies/p.toml", b""),
    ];
    let (code, _, stderr) = run_on(files, &["check", "."]);
    assert_eq!(code, 2, "{stderr}");
    insta::assert_snapshot!("no_model_file", stderr);
    for args in [&["licenses", "."][..], &["why", "a@acme.com", "."]] {
        let (code, _, stderr) = run_on(files, args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            stderr.contains("no workspace file found under `.`"),
            "{stderr}"
        );
    }
    // In the machine formats too.
    let (code, stdout, _) = run_on(files, &["check", ".", "--format", "json"]);
    assert_eq!(code, 2);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["errors"][0]["code"], "swatch::load::no_model_file");
    let (code, stdout, _) = run_on(files, &["check", ".", "--format", "github"]);
    assert_eq!(code, 2);
    assert!(stdout.contains("::error"), "{stdout}");
    let (_, stdout, _) = run_on(files, &["licenses", ".", "--format", "json"]);
    assert!(stdout.contains("swatch::load::no_model_file"), "{stdout}");
    // `rules` and `test` need no model file.
    assert_eq!(run_on(files, &["rules", "."]).0, 0);
    assert_eq!(run_on(files, &["test", "."]).0, 0);
}

#[test]
fn a_diff_side_that_does_not_exist_is_an_empty_workspace() {
    let dir = tree(&[("new/members.toml", OWNER)]);
    let out = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(out.stdout.contains("po@acme.com"), "{json}");
    let removed = run_in(dir.path(), &["diff", "new", "old"]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert!(removed.stdout.contains("Members removed: po@acme.com"));
    let neither = run_in(dir.path(), &["diff", "old", "older"]);
    assert_eq!(neither.code, 2);
    // And with --base: the pull request that adds the workspace folder.
    git(dir.path(), &["init", "-q"]);
    git(
        dir.path(),
        &["commit", "-q", "--allow-empty", "-m", "empty"],
    );
    let out = run_in(dir.path(), &["diff", "--base", "HEAD", "new"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Members added: po@acme.com"),
        "{}",
        out.stdout
    );
    // The pull request that removes it.
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "workspace"]);
    std::fs::remove_dir_all(dir.path().join("new")).unwrap();
    let out = run_in(dir.path(), &["diff", "--base", "HEAD", "new"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Members removed: po@acme.com"),
        "{}",
        out.stdout
    );
    // A PATH on neither side is a mistake.
    let out = run_in(dir.path(), &["diff", "--base", "HEAD", "typo"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("exists neither in the working tree nor at HEAD"),
        "{}",
        out.stderr
    );
}

/// A repository whose one commit holds the workspace in `ws/`.
fn one_commit_repository() -> tempfile::TempDir {
    let dir = tree(&[("ws/members.toml", OWNER)]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "workspace"]);
    dir
}

#[test]
fn base_head_1_in_a_one_commit_repository_says_so_and_what_to_pass() {
    let dir = one_commit_repository();
    let out = run_in(dir.path(), &["diff", "--base", "HEAD~1", "ws"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("one_commit_repository", out.stderr);
    // What it suggests works: the empty tree as the base.
    let json = run_in(
        dir.path(),
        &["diff", "--base", "HEAD~1", "ws", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let empty_tree = json["errors"][0]["help"]
        .as_str()
        .unwrap()
        .split('`')
        .find_map(|part| part.strip_prefix("--base "))
        .filter(|id| id.len() >= 40)
        .unwrap()
        .to_owned();
    let added = run_in(dir.path(), &["diff", "--base", &empty_tree, "ws"]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(
        added.stdout.contains("Members added: po@acme.com"),
        "{}",
        added.stdout
    );
}

#[test]
fn base_head_1_in_a_shallow_clone_says_to_fetch_more() {
    let origin = one_commit_repository();
    std::fs::write(
        origin.path().join("ws/members.toml"),
        [OWNER, b"\n"].concat(),
    )
    .unwrap();
    git(origin.path(), &["commit", "-q", "-am", "second"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let out = run_in(&clone.path().join("c"), &["diff", "--base", "HEAD~1", "ws"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("this clone is shallow"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("fetch-depth: 0"), "{}", out.stderr);
    // Any base it lacks, not only HEAD~1.
    let out = run_in(
        &clone.path().join("c"),
        &["diff", "--base", "origin/base", "ws"],
    );
    assert!(
        out.stderr.contains("this clone is shallow"),
        "{}",
        out.stderr
    );
    assert!(Path::new(&clone.path().join("c/.git/shallow")).exists());
}

#[test]
fn base_head_in_a_repository_without_commits_says_so_and_what_to_pass() {
    let dir = tree(&[("ws/members.toml", OWNER)]);
    git(dir.path(), &["init", "-q"]);
    let out = run_in(dir.path(), &["diff", "--base", "HEAD", "ws"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("this repository has no commits yet"),
        "{}",
        out.stderr
    );
    // It does not suggest `--base HEAD~1`, which cannot work either.
    assert!(!out.stderr.contains("HEAD~1"), "{}", out.stderr);
    assert!(out.stderr.contains("empty tree"), "{}", out.stderr);
}

#[test]
fn a_date_written_with_slashes_or_dots_is_told_how_dates_are_written() {
    for date in ["2026/11/03", "03.11.2026", "01/02/2026"] {
        let member = format!(
            "[[member]]\nemail = \"po@acme.com\"\naccount_type = \"primary_owner\"\nlast_active = {date}\n"
        );
        let stderr = invalid(&[("members.toml", member.as_bytes())]);
        assert!(
            stderr.contains("dates are YYYY-MM-DD, unquoted"),
            "{date}: {stderr}"
        );
    }
}

#[test]
fn pigments_pending_status_points_at_invited() {
    let stderr = invalid(&[(
        "members.toml",
        b"[[member]]\nemail = \"po@acme.com\"\naccount_type = \"primary_owner\"\nstatus = \"pending\"\n",
    )]);
    assert!(stderr.contains("`status = \"invited\"`"), "{stderr}");
}

#[test]
fn an_application_key_below_members_or_a_role_labels_that_header() {
    for (header, line) in [
        ("[members]", "[members]\n"),
        ("[roles.Viewer]", "[roles.Viewer]\npermissions = []\n"),
    ] {
        let app = format!("[application]\nname = \"FP&A\"\n\n{line}owner = \"po@acme.com\"\n");
        let stderr = invalid(&[("members.toml", OWNER), ("app.toml", app.as_bytes())]);
        assert!(
            stderr.contains("the last table header above it"),
            "{header}: {stderr}"
        );
    }
}

#[test]
fn an_unrelated_file_with_one_table_says_it_is_not_a_workspace_table() {
    let stderr = invalid(&[
        ("members.toml", OWNER),
        ("tool.toml", b"[project]\nname = \"x\"\n"),
    ]);
    assert!(
        stderr.contains("its table `project` is not a table of a"),
        "{stderr}"
    );
}

#[test]
fn days_out_of_range_names_the_range() {
    let stderr = invalid(&[
        ("members.toml", OWNER),
        (
            "swatch.toml",
            b"[rules.inactive-member]\ndays = 18446744073709551615\n",
        ),
    ]);
    insta::assert_snapshot!("days_out_of_range", stderr);
}

#[test]
fn a_policy_threshold_out_of_range_names_the_range() {
    let (code, _, stderr) = run_on(
        &[
            ("members.toml", OWNER),
            (
                "policies/p.toml",
                b"[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"m\"\n[rule.where]\nroles_held = { more_than = 18446744073709551615 }\n",
            ),
        ],
        &["check", "."],
    );
    assert_eq!(code, 2, "{stderr}");
    insta::assert_snapshot!("policy_threshold_out_of_range", stderr);
}
