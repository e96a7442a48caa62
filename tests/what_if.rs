//! `swatch what-if`: every edit flag on a workspace with comments, odd
//! quoting and blank lines; the written files (exact text, every other line
//! unchanged); the report equals `swatch diff` between the original and the
//! written copy; errors; CRLF and BOM kept.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{Output, changed_lines, read, run_in, tree};
use std::path::Path;

const WORKSPACE: &str = r#"# Settings.
[workspace]
name = "Edits"

[pricing]
editor = 2750
"#;

const MEMBERS: &str = r#"# People.
[[member]]
email = "Ada@edits.co"   # the owner
account_type = "primary_owner"

[[member]]
email = 'bob@edits.co'
account_type = "standard_member"
status = "active"  # still here

[[member]]
email = "cy@edits.co"
account_type = "standard_member"


[[member]]
email = "dee@edits.co"
account_type = "builder"
"#;

const APP: &str = r#"[application]
name = "Plan"
owner = "ada@edits.co"  # accountable

# Planners import data.
[roles.Planner]
permissions = [
  "display_application",
  "open_boards",
  "import_data",
]
default_access = "read"

[members]
"Bob@edits.co" = "Planner"   # reviewed 2026-10
"cy@edits.co" = "Reader"
"dee@edits.co" = "Admin"
"#;

fn workspace() -> tempfile::TempDir {
    tree(&[
        ("workspace.toml", WORKSPACE.as_bytes()),
        ("members.toml", MEMBERS.as_bytes()),
        ("apps/plan.toml", APP.as_bytes()),
    ])
}

fn what_if(dir: &Path, edits: &[&str], extra: &[&str]) -> Output {
    let mut args = vec!["what-if", "."];
    args.extend(edits);
    args.extend(extra);
    run_in(dir, &args)
}

/// Apply `edits` with --write to a fresh copy; check the report equals
/// `diff --format json` between the original and the written copy, and
/// that only `file` changed, exactly by `expected` lines. Returns the text.
fn write_and_check(edits: &[&str], file: &str, expected: &[&str]) -> String {
    let original = workspace();
    let edited = workspace();
    let report = what_if(edited.path(), edits, &["--format", "json"]);
    let written = what_if(edited.path(), edits, &["--format", "json", "--write"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(report.stdout, written.stdout, "--write reports the same");
    let diff = run_in(
        original.path(),
        &[
            "diff",
            ".",
            &edited.path().display().to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert_eq!(
        written.stdout, diff.stdout,
        "what-if JSON is diff's between the copies"
    );
    for other in ["workspace.toml", "members.toml", "apps/plan.toml"] {
        let (before, after) = (read(original.path(), other), read(edited.path(), other));
        if other == file {
            assert_eq!(changed_lines(&before, &after), expected);
        } else {
            assert_eq!(before, after, "{other} is untouched");
        }
    }
    read(edited.path(), file)
}

#[test]
fn remove_permission() {
    let text = write_and_check(
        &["--remove-permission", "Plan/Planner=import_data"],
        "apps/plan.toml",
        &["-  \"import_data\","],
    );
    insta::assert_snapshot!("remove_permission", text);
}

#[test]
fn add_permission() {
    let text = write_and_check(
        &["--add-permission", "Plan/Planner=configure_blocks"],
        "apps/plan.toml",
        &["+  \"configure_blocks\","],
    );
    insta::assert_snapshot!("add_permission", text);
}

#[test]
fn default_access() {
    let text = write_and_check(
        &["--default-access", "Plan/Planner=write"],
        "apps/plan.toml",
        &["-default_access = \"read\"", "+default_access = \"write\""],
    );
    insta::assert_snapshot!("default_access", text);
}

#[test]
fn account_type() {
    let text = write_and_check(
        &["--account-type", "CY@edits.co=builder"],
        "members.toml",
        &[
            "-account_type = \"standard_member\"",
            "+account_type = \"builder\"",
        ],
    );
    insta::assert_snapshot!("account_type", text);
}

#[test]
fn status_keeps_the_comment() {
    let text = write_and_check(
        &["--status", "bob@edits.co=deactivated"],
        "members.toml",
        &[
            "-status = \"active\"  # still here",
            "+status = \"deactivated\"  # still here",
        ],
    );
    insta::assert_snapshot!("status", text);
}

#[test]
fn assign_replaces_the_key_whatever_its_case() {
    let text = write_and_check(
        &["--assign", "Plan/bob@EDITS.co=Reader"],
        "apps/plan.toml",
        &[
            "-\"Bob@edits.co\" = \"Planner\"   # reviewed 2026-10",
            "+\"Bob@edits.co\" = \"Reader\"   # reviewed 2026-10",
        ],
    );
    insta::assert_snapshot!("assign", text);
}

#[test]
fn assign_a_new_member_adds_a_line() {
    write_and_check(
        &["--assign", "Plan/Ada@edits.co=Reader"],
        "apps/plan.toml",
        &["+\"Ada@edits.co\" = \"Reader\""],
    );
}

#[test]
fn unassign() {
    let text = write_and_check(
        &["--unassign", "Plan/CY@edits.co"],
        "apps/plan.toml",
        &["-\"cy@edits.co\" = \"Reader\""],
    );
    insta::assert_snapshot!("unassign", text);
}

#[test]
fn owner_keeps_the_comment() {
    let text = write_and_check(
        &["--owner", "Plan=DEE@edits.co"],
        "apps/plan.toml",
        &[
            "-owner = \"ada@edits.co\"  # accountable",
            "+owner = \"dee@edits.co\"  # accountable",
        ],
    );
    insta::assert_snapshot!("owner", text);
}

#[test]
fn a_default_role_is_written_out_with_a_comment() {
    let original = workspace();
    let edited = workspace();
    let edits = ["--remove-permission", "Plan/Admin=formula_playground"];
    let out = what_if(edited.path(), &edits, &["--format", "json", "--write"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = read(edited.path(), "apps/plan.toml");
    insta::assert_snapshot!("materialised_admin", text);
    // Editing Admin never changes the owner.
    assert!(text.contains("owner = \"ada@edits.co\"  # accountable"));
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        report["materialised_roles"],
        serde_json::json!([{"application": "Plan", "role": "Admin"}])
    );
    // Apart from the materialisation keys, the report is diff's.
    let diff = run_in(
        original.path(),
        &[
            "diff",
            ".",
            &edited.path().display().to_string(),
            "--format",
            "json",
        ],
    );
    let mut diff: serde_json::Value = serde_json::from_str(&diff.stdout).unwrap();
    let mut ours = report.clone();
    let apart = ours["findings"]
        .as_object_mut()
        .unwrap()
        .remove("materialised")
        .unwrap();
    ours.as_object_mut().unwrap().remove("materialised_roles");
    let new = diff["findings"]["new"].as_array_mut().unwrap();
    new.retain(|f| !apart.as_array().unwrap().contains(f));
    assert_eq!(ours, diff);
}

#[test]
fn findings_caused_only_by_a_written_out_default_are_listed_apart() {
    let dir = workspace();
    // A default Modeler has default_access = "write": role-write-default
    // fires once it is a table, whatever the edit.
    let out = what_if(
        dir.path(),
        &["--remove-permission", "Plan/Modeler=formula_playground"],
        &["--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rules = |key: &str| -> Vec<String> {
        report["findings"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(rules("materialised").contains(&"role-write-default".to_owned()));
    assert!(!rules("new").contains(&"role-write-default".to_owned()));
    let human = what_if(
        dir.path(),
        &["--remove-permission", "Plan/Modeler=formula_playground"],
        &[],
    );
    assert!(
        human
            .stdout
            .contains("Findings only because a default role was written out: "),
        "{}",
        human.stdout
    );
}

#[test]
fn edits_apply_in_command_line_order() {
    let dir = workspace();
    let out = what_if(
        dir.path(),
        &[
            "--assign",
            "Plan/cy@edits.co=Planner",
            "--unassign",
            "Plan/cy@edits.co",
        ],
        &["--write"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!read(dir.path(), "apps/plan.toml").contains("cy@edits.co"));
    // The other order fails: after the unassign there is nothing to … keep,
    // and a reassignment to the same role changes nothing.
    let dir = workspace();
    let out = what_if(
        dir.path(),
        &[
            "--unassign",
            "Plan/cy@edits.co",
            "--unassign",
            "Plan/cy@edits.co",
        ],
        &[],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cy@edits.co has no role in Plan"),
        "{}",
        out.stderr
    );
}

#[test]
fn unknown_names_are_exit_2_with_did_you_mean() {
    let dir = workspace();
    for (edit, expected) in [
        (
            ["--assign", "Plan/bob@edits.co=Planer"],
            "did you mean `Planner`?",
        ),
        (
            ["--assign", "Plna/bob@edits.co=Planner"],
            "did you mean `Plan`?",
        ),
        (
            ["--status", "bbo@edits.co=invited"],
            "did you mean `bob@edits.co`?",
        ),
        (
            ["--add-permission", "Plan/Planner=import_dat"],
            "did you mean `import_data`?",
        ),
        (
            ["--default-access", "Plan/Planner=reed"],
            "did you mean `read`?",
        ),
    ] {
        let out = what_if(dir.path(), &edit, &[]);
        assert_eq!(out.code, 2, "{edit:?}");
        assert!(out.stderr.contains(expected), "{edit:?}: {}", out.stderr);
    }
}

#[test]
fn an_edit_that_changes_nothing_is_exit_2_and_nothing_is_written() {
    let dir = workspace();
    for edit in [
        ["--status", "cy@edits.co=active"],
        ["--default-access", "Plan/Planner=read"],
        ["--add-permission", "Plan/Planner=open_boards"],
        ["--owner", "Plan=ADA@edits.co"],
        ["--assign", "Plan/cy@edits.co=Reader"],
    ] {
        let out = what_if(dir.path(), &edit, &[]);
        assert_eq!(out.code, 2, "{edit:?}");
        assert!(
            out.stderr.contains("this edit changes nothing"),
            "{edit:?}: {}",
            out.stderr
        );
    }
    // All or nothing: the first edit is fine, the second fails.
    let out = what_if(
        dir.path(),
        &[
            "--status",
            "cy@edits.co=deactivated",
            "--status",
            "bob@edits.co=active",
        ],
        &["--write"],
    );
    assert_eq!(out.code, 2);
    assert_eq!(read(dir.path(), "members.toml"), MEMBERS);
}

#[test]
fn crlf_and_bom_are_kept() {
    let crlf = APP.replace('\n', "\r\n");
    let bom = format!("\u{feff}{MEMBERS}");
    let dir = tree(&[
        ("workspace.toml", WORKSPACE.as_bytes()),
        ("members.toml", bom.as_bytes()),
        ("apps/plan.toml", crlf.as_bytes()),
    ]);
    let out = what_if(
        dir.path(),
        &[
            "--status",
            "cy@edits.co=invited",
            "--default-access",
            "Plan/Planner=none",
        ],
        &["--write"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(dir.path(), "apps/plan.toml"),
        crlf.replace("default_access = \"read\"", "default_access = \"none\"")
    );
    let members = read(dir.path(), "members.toml");
    assert!(members.starts_with('\u{feff}'));
    assert_eq!(changed_lines(&bom, &members), ["+status = \"invited\""]);
}

#[test]
fn markdown_is_a_comment_for_a_change_request() {
    let dir = workspace();
    let out = what_if(
        dir.path(),
        &["--default-access", "Plan/Planner=write"],
        &["--format", "markdown"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("markdown", out.stdout);
}
