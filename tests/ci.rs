//! What CI channels see: invalid input in every machine format, paths from
//! the repository root, GitLab Code Quality, `init`, `schema`,
//! `completions`, `man`, and the examples' self-check on any calendar day.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{root, run, run_in, tree};
use serde_json::Value;
use std::process::Command;

const BAD_MEMBER: &[u8] = b"[workspace]\nname = \"W\"\n\n[[member]]\nemal = \"a@x.io\"\naccount_type = \"primary_owner\"\n";

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// A repository with the workspace in `infra/pigment`, its member file invalid.
fn repository_with_bad_workspace() -> tempfile::TempDir {
    tree(&[
        (".git/HEAD", b"ref: refs/heads/main\n"),
        ("infra/pigment/members.toml", BAD_MEMBER),
    ])
}

#[test]
fn invalid_input_reaches_every_machine_format() {
    let repo = repository_with_bad_workspace();
    let ws = "infra/pigment";
    let check = |format: &str| {
        let out = run_in(repo.path(), &["check", ws, "--format", format]);
        assert_eq!(out.code, 2, "{format}: {}", out.stderr);
        // The human diagnostics stay on stderr.
        assert!(
            out.stderr.contains("swatch::load::unknown_key"),
            "{format}: {}",
            out.stderr
        );
        out.stdout
    };

    let report = json(&check("json"));
    assert_eq!(report["findings"], serde_json::json!([]));
    let errors = report["errors"].as_array().unwrap();
    let error = errors
        .iter()
        .find(|e| e["code"] == "swatch::load::unknown_key")
        .unwrap();
    assert_eq!(error["code"], "swatch::load::unknown_key");
    assert_eq!(
        error["file"], "members.toml",
        "JSON keeps paths relative to PATH"
    );
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert!(error["help"].as_str().unwrap().contains("email"));
    assert_eq!(report["summary"]["error"], 0);

    let sarif = json(&check("sarif"));
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["properties"]["code"] == "swatch::load::unknown_key")
        .unwrap();
    assert_eq!(result["ruleId"], "invalid-input");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "infra/pigment/members.toml"
    );
    assert_eq!(location["region"]["startLine"], 5);
    assert!(sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"].is_object());

    let github = check("github");
    assert!(
        github.lines().any(|l| l.starts_with("::error file=infra/pigment/members.toml,line=5,col=1,title=swatch invalid-input (swatch%3A%3Aload%3A%3Aunknown_key)::unknown key")),
        "{github}"
    );
    assert_eq!(
        github.lines().count(),
        errors.len(),
        "one annotation per error"
    );

    let junit = check("junit");
    let n = errors.len();
    assert!(
        junit.contains(&format!(
            "<testsuite name=\"invalid-input\" tests=\"{n}\" failures=\"{n}\">"
        )),
        "{junit}"
    );
    assert!(junit.contains("<failure type=\"error\""), "{junit}");

    let gitlab = json(&check("gitlab"));
    assert_eq!(gitlab.as_array().unwrap().len(), n);
    let gitlab = gitlab
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["description"]
                .as_str()
                .unwrap()
                .starts_with("unknown key")
        })
        .unwrap();
    let gitlab = std::slice::from_ref(gitlab);
    assert_eq!(gitlab[0]["check_name"], "invalid-input");
    assert_eq!(gitlab[0]["severity"], "major");
    assert_eq!(gitlab[0]["location"]["path"], "infra/pigment/members.toml");
    assert_eq!(gitlab[0]["location"]["lines"]["begin"], 5);
    assert_eq!(gitlab[0]["fingerprint"].as_str().unwrap().len(), 64);

    // licenses and diff JSON carry the errors too; diff names the side.
    let licenses = run_in(repo.path(), &["licenses", ws, "--format", "json"]);
    assert_eq!(licenses.code, 2);
    assert_eq!(
        json(&licenses.stdout)["errors"].as_array().unwrap().len(),
        n
    );
    let good = tree(&[(
        "members.toml",
        b"[[member]]\nemail = \"a@x.io\"\naccount_type = \"primary_owner\"\n",
    )]);
    let diff = run_in(
        repo.path(),
        &[
            "diff",
            good.path().to_str().unwrap(),
            ws,
            "--format",
            "json",
        ],
    );
    assert_eq!(diff.code, 2, "{}", diff.stderr);
    let diff = json(&diff.stdout);
    assert_eq!(diff["errors"][0]["file"], "members.toml");
    assert!(diff["errors"][0]["side"].is_string(), "{diff}");
}

#[test]
fn an_unreadable_path_is_a_notification_not_a_result() {
    let sarif = run(&["check", "no/such/folder", "--format", "sarif"]);
    assert_eq!(sarif.code, 2);
    let run0 = &json(&sarif.stdout)["runs"][0];
    assert_eq!(run0["results"], serde_json::json!([]));
    let notification = &run0["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["descriptor"]["id"], "swatch::load::bad_path");
    assert_eq!(run0["invocations"][0]["executionSuccessful"], false);
    let github = run(&["check", "no/such/folder", "--format", "github"]);
    assert!(
        github
            .stdout
            .starts_with("::error title=swatch invalid-input"),
        "{}",
        github.stdout
    );
    let json_out = json(&run(&["check", "no/such/folder", "--format", "json"]).stdout);
    assert_eq!(json_out["errors"][0]["file"], Value::Null);
    // Human output prints nothing on stdout.
    assert_eq!(run(&["check", "no/such/folder"]).stdout, "");
}

#[test]
fn valid_input_has_an_empty_errors_array() {
    for args in [
        &["check", "examples/clean", "--format", "json"][..],
        &["licenses", "examples/clean", "--format", "json"],
        &[
            "diff",
            "examples/clean",
            "examples/clean",
            "--format",
            "json",
        ],
    ] {
        let out = run(args);
        assert_eq!(
            json(&out.stdout)["errors"],
            serde_json::json!([]),
            "{args:?}"
        );
    }
}

/// A repository holding a valid workspace in `infra/pigment` with findings.
fn repository_with_findings() -> tempfile::TempDir {
    tree(&[
        (".git/HEAD", b"ref: refs/heads/main\n"),
        (
            "infra/pigment/members.toml",
            b"[[member]]\nemail = \"a@x.io\"\naccount_type = \"standard_member\"\n",
        ),
    ])
}

#[test]
fn ci_paths_start_at_the_repository_root_however_path_is_given() {
    let repo = repository_with_findings();
    let absolute = repo.path().join("infra/pigment");
    let absolute = absolute.to_str().unwrap();
    let from_subfolder = repo.path().join("infra");
    for (cwd, path) in [
        (repo.path(), "infra/pigment"),
        (repo.path(), "./infra/pigment/"),
        (from_subfolder.as_path(), "pigment"),
        (from_subfolder.as_path(), absolute),
        (repo.path(), absolute),
    ] {
        let github = run_in(
            cwd,
            &["check", path, "--format", "github", "--fail-on", "info"],
        );
        assert_eq!(github.code, 1, "{}", github.stderr);
        assert!(
            github
                .stdout
                .contains("::notice file=infra/pigment/members.toml,line=2,col=1,"),
            "{path}: {}",
            github.stdout
        );
        let sarif = json(&run_in(cwd, &["check", path, "--format", "sarif"]).stdout);
        for result in sarif["runs"][0]["results"].as_array().unwrap() {
            let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
            assert_eq!(uri, "infra/pigment/members.toml", "{path}");
        }
        let gitlab = json(&run_in(cwd, &["check", path, "--format", "gitlab"]).stdout);
        for issue in gitlab.as_array().unwrap() {
            assert_eq!(
                issue["location"]["path"], "infra/pigment/members.toml",
                "{path}"
            );
        }
        // Human output names the file so it opens from the current folder.
        let human = run_in(cwd, &["check", path, "--fail-on", "info"]);
        let shown = human
            .stdout
            .lines()
            .find_map(|l| l.split("─[").nth(1))
            .and_then(|rest| rest.split(':').next())
            .unwrap_or_else(|| panic!("{path}: {}", human.stdout));
        assert!(cwd.join(shown).is_file(), "{path}: {shown}");
        // JSON stays relative to PATH.
        let report = json(&run_in(cwd, &["check", path, "--format", "json"]).stdout);
        assert_eq!(report["findings"][0]["file"], "members.toml", "{path}");
    }
}

#[test]
fn gitlab_code_quality_report() {
    let out = run(&["check", "examples/acme", "--format", "gitlab"]);
    assert_eq!(out.code, 1);
    let issues = json(&out.stdout);
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::BTreeSet::new();
    for issue in issues {
        assert!(["major", "minor", "info"].contains(&issue["severity"].as_str().unwrap()));
        assert!(
            issue["location"]["path"]
                .as_str()
                .unwrap()
                .starts_with("examples/acme/")
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()));
    }
    let orphan = issues
        .iter()
        .find(|i| i["check_name"] == "orphaned-api-key")
        .unwrap();
    assert_eq!(orphan["severity"], "major");
    // Stable: the same on the next run.
    assert_eq!(
        json(&run(&["check", "examples/acme", "--format", "gitlab"]).stdout)
            .as_array()
            .unwrap(),
        issues
    );
}

#[test]
fn a_workspace_wide_finding_without_a_line_still_has_a_location() {
    // No [workspace] table and no primary owner: `primary-owner` has no line of its own.
    let dir = tree(&[(
        "members.toml",
        b"[[member]]\nemail = \"a@x.io\"\naccount_type = \"security_admin\"\n",
    )]);
    let sarif = json(&run_in(dir.path(), &["check", "--format", "sarif"]).stdout);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let primary = results
        .iter()
        .find(|r| r["ruleId"] == "primary-owner")
        .unwrap();
    assert_eq!(
        primary["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "members.toml"
    );
    let report = json(&run_in(dir.path(), &["check", "--format", "json"]).stdout);
    let primary = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "primary-owner")
        .unwrap();
    assert_eq!(primary["file"], Value::Null, "JSON keeps null (cli.md)");

    // Two primary owners: the entries involved are their `email =` lines.
    let dir = tree(&[(
        "members.toml",
        b"[[member]]\nemail = \"a@x.io\"\naccount_type = \"primary_owner\"\n\n[[member]]\nemail = \"b@x.io\"\naccount_type = \"primary_owner\"\n",
    )]);
    let sarif = json(&run_in(dir.path(), &["check", "--format", "sarif"]).stdout);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let primary = results
        .iter()
        .find(|r| r["ruleId"] == "primary-owner")
        .unwrap();
    let lines: Vec<u64> = primary["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [2, 6]);
    let gitlab = json(&run_in(dir.path(), &["check", "--format", "gitlab"]).stdout);
    let primary = gitlab
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check_name"] == "primary-owner")
        .unwrap();
    assert_eq!(primary["location"]["lines"]["begin"], 2);
}

#[test]
fn init_writes_a_clean_workspace_and_never_overwrites() {
    let repo = tree(&[(".git/HEAD", b"ref: refs/heads/main\n")]);
    let out = run_in(repo.path(), &["init", "pigment"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for file in [
        "pigment/swatch.toml",
        "pigment/members.toml",
        "pigment/planning.toml",
        ".pre-commit-config.yaml",
        ".github/workflows/swatch.yml",
    ] {
        assert!(repo.path().join(file).is_file(), "{file}");
    }
    let hooks = std::fs::read_to_string(repo.path().join(".pre-commit-config.yaml")).unwrap();
    assert!(
        hooks.contains(&format!("rev: v{}", env!("CARGO_PKG_VERSION"))),
        "{hooks}"
    );
    assert!(hooks.contains("args: [\"pigment\"]"), "{hooks}");
    let workflow =
        std::fs::read_to_string(repo.path().join(".github/workflows/swatch.yml")).unwrap();
    assert!(workflow.contains("path: \"pigment\""), "{workflow}");
    // Clean whatever the day: no dates in the example.
    for today in ["2026-11-28", "2031-06-01"] {
        let check = run_in(
            repo.path(),
            &["check", "pigment", "--fail-on", "info", "--today", today],
        );
        assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    }

    // A second run refuses, names what exists, and writes nothing.
    let before = std::fs::read_to_string(repo.path().join("pigment/members.toml")).unwrap();
    std::fs::remove_file(repo.path().join("pigment/planning.toml")).unwrap();
    let again = run_in(repo.path(), &["init", "pigment"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("swatch.toml"), "{}", again.stderr);
    assert!(
        !repo.path().join("pigment/planning.toml").exists(),
        "nothing written"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("pigment/members.toml")).unwrap(),
        before
    );
}

#[test]
fn init_outside_a_repository_puts_everything_in_path() {
    let dir = tree(&[]);
    let target = dir.path().join("ws");
    let out = run_in(dir.path(), &["init", target.to_str().unwrap()]);
    if common_root_is_a_repository(dir.path()) {
        return;
    }
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(target.join(".pre-commit-config.yaml").is_file());
    assert!(target.join(".github/workflows/swatch.yml").is_file());
    assert!(target.join("members.toml").is_file());
}

/// Whether a folder is inside a work tree (a temp folder inside a checkout).
fn common_root_is_a_repository(dir: &std::path::Path) -> bool {
    dir.ancestors().any(|d| d.join(".git").exists())
}

#[test]
fn schema_prints_the_committed_schema() {
    let out = run(&["schema"]);
    assert_eq!(out.code, 0);
    let committed = std::fs::read_to_string(root().join("schema/workspace.schema.json")).unwrap();
    assert!(
        out.stdout == committed,
        "schema/workspace.schema.json is stale: regenerate it with \
         `SWATCH_BLESS=1 cargo test --lib load::keys`"
    );
}

#[test]
fn completions_and_man_page_come_from_the_clap_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}");
        assert!(out.stdout.contains("licenses"), "{shell}");
        assert!(out.stdout.contains("fail-on"), "{shell}");
    }
    assert_eq!(run(&["completions", "tcsh"]).code, 2);
    let man = run(&["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &man.stdout[..100]
    );
    assert!(man.stdout.contains(".TH swatch 1"), "roff title");
    assert!(man.stdout.contains("completions"));
}

/// `swatch completions bash | head -1` and the like: the reader goes away
/// before the output is written, which ends the command quietly, not in a panic.
#[test]
fn completions_and_man_page_to_a_closed_pipe_exit_quietly() {
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["man"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_swatch"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end at once, before the command writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// The examples' self-check of .ci/run, pinned to `--today`, gives the same
/// results whatever `SWATCH_TODAY` (and so the calendar) says.
#[test]
fn the_examples_self_check_does_not_depend_on_the_calendar() {
    let self_check = |env_today: &str| -> Vec<(i32, String)> {
        [
            &["check", "examples/clean", "--fail-on", "info"][..],
            &["check", "examples/acme", "--format", "json"],
            &["licenses", "examples/acme"],
            &["test", "."],
        ]
        .iter()
        .map(|args| {
            let out = Command::new(env!("CARGO_BIN_EXE_swatch"))
                .args(*args)
                .args(["--today", "2026-11-28"])
                .current_dir(root())
                .env("SWATCH_TODAY", env_today)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            (
                out.status.code().unwrap(),
                String::from_utf8(out.stdout).unwrap(),
            )
        })
        .collect()
    };
    let pinned = self_check("2026-11-28");
    assert_eq!(pinned[0].0, 0, "examples/clean is clean");
    assert_eq!(pinned[1].0, 1, "examples/acme fires");
    assert_eq!(self_check("2028-11-28"), pinned, "two years ahead");
    // And the variable alone does move the date: the pin is what holds it.
    let unpinned = Command::new(env!("CARGO_BIN_EXE_swatch"))
        .args(["check", "examples/clean", "--fail-on", "info"])
        .current_dir(root())
        .env("SWATCH_TODAY", "2028-11-28")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(unpinned.status.code(), Some(1));
}

/// An explicit `--today`, before or after the command, wins over
/// `SWATCH_TODAY`, which is then not read: a bad value left in a CI
/// job's environment does not fail a run that names its date. Without
/// `--today`, the bad value is exit 2, named.
#[test]
fn an_explicit_today_is_not_failed_by_a_bad_swatch_today() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_swatch"))
            .args(args)
            .current_dir(root())
            .env("SWATCH_TODAY", "not-a-date")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    for args in [
        &["--today", "2026-11-28", "check", "examples/clean"][..],
        &["check", "examples/clean", "--today", "2026-11-28"],
        &["check", "examples/clean", "--today=2026-11-28"],
        &["--today", "2026-11-28", "licenses", "examples/clean"],
    ] {
        let (code, stderr) = run(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
    let (code, stderr) = run(&["check", "examples/clean"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("'not-a-date'"), "{stderr}");
}
