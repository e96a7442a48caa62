//! `swatch fix`: every fix on a workspace with comments, odd quoting and
//! blank lines; the exact text after fixing and that every other line is
//! unchanged; a fix enabling another in a later pass; suppressed and
//! baselined findings left alone; `--diff`, `--rule`, `--unsafe`; a second
//! run changes nothing; CRLF and BOM kept; a symlink refused; SARIF's
//! replacements give the same text as the fix.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{Output, changed_lines, read, run_in, tree};
use std::path::Path;

const CONFIG: &str = r#"baseline = "baseline.json"

# Nobody matches this any more.
[[ignore]]
rule = "external-member"
subject = "nobody@*"
reason = "old contractor"

[[ignore]]
rule = "public-block"
reason = "reference data, until the review"
until = 2026-01-31

[[ignore]]
rule = "member-without-access"
reason = "the auditor reads exports only"
"#;

const WORKSPACE: &str = "[workspace]\nname = \"Fixes\"\n";

const MEMBERS: &str = r#"# People.
[[member]]
email = "ada@fixes.co"
account_type = "primary_owner"

[[member]]
email = "Bob@fixes.co"  # left in October
account_type = "standard_member"
status = "deactivated"

[[member]]
email = "cy@fixes.co"
account_type = "security_admin"

[[member]]
email = "dan@fixes.co"
account_type = "standard_member"
"#;

const PLAN: &str = r#"[application]
name = "Plan"
owner = "ada@fixes.co"  # accountable

# Planners import data.
[roles.Planner]
permissions = ["display_application", "open_boards", "import_data"]
default_access = 'write'  # too wide

# Only Bob used it.
[roles."Legacy"]
permissions = ["display_application"]
default_access = "read"

[roles.Empty]
permissions = ["display_application"]
default_access = "none"

# swatch: ignore unused-role -- kept for the Q1 reorganisation
[roles.Spare]
permissions = ["display_application"]
default_access = "none"

[members]
"cy@fixes.co" = "planner"   # reviewed 2026-10
# swatch: ignore unknown-member -- bob is real
"bob@FIXES.co" = "Legacy"
"ghost@fixes.co" = "Reader"
"#;

const OPS: &str = r#"[application]
name = "Ops"
owner = "ada@fixes.co"

[roles.Runner]
permissions = ["display_application", "open_boards"]

[members]
"cy@fixes.co" = "Runner"
"#;

/// One stale entry, and one that hides `Plan/Empty`'s unused-role (with a
/// field swatch does not know, which must survive).
const BASELINE: &str = r#"{
  "version": 1,
  "findings": [
    {
      "rule": "orphaned-api-key",
      "subject": {"kind": "api_key", "name": "Gone"}
    },
    {
      "rule": "unused-role",
      "subject": {"kind": "role", "name": "Plan/Empty"},
      "ticket": "SEC-9"
    }
  ]
}
"#;

const FILES: [&str; 6] = [
    "swatch.toml",
    "workspace.toml",
    "members.toml",
    "apps/plan.toml",
    "apps/ops.toml",
    "baseline.json",
];

fn workspace() -> tempfile::TempDir {
    tree(&[
        ("swatch.toml", CONFIG.as_bytes()),
        ("workspace.toml", WORKSPACE.as_bytes()),
        ("members.toml", MEMBERS.as_bytes()),
        ("apps/plan.toml", PLAN.as_bytes()),
        ("apps/ops.toml", OPS.as_bytes()),
        ("baseline.json", BASELINE.as_bytes()),
    ])
}

fn fix(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["fix", "."];
    args.extend(extra);
    run_in(dir, &args)
}

fn snapshot(dir: &Path) -> Vec<(&'static str, String)> {
    FILES.iter().map(|f| (*f, read(dir, f))).collect()
}

/// Every file's changed lines after fixing a fresh copy with `flags`.
fn fixed(flags: &[&str]) -> (tempfile::TempDir, Output, Vec<(&'static str, Vec<String>)>) {
    let dir = workspace();
    let before = snapshot(dir.path());
    let out = fix(dir.path(), flags);
    let changes = before
        .iter()
        .map(|(file, text)| (*file, changed_lines(text, &read(dir.path(), file))))
        .filter(|(_, lines)| !lines.is_empty())
        .collect();
    (dir, out, changes)
}

#[test]
fn every_fix_with_unsafe_in_two_passes() {
    let (dir, out, changes) = fixed(&["--unsafe"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let lines = |file: &str| {
        changes
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        lines("swatch.toml"),
        [
            "-# Nobody matches this any more.",
            "-[[ignore]]",
            "-rule = \"external-member\"",
            "-subject = \"nobody@*\"",
            "-reason = \"old contractor\"",
            "-",
            "-[[ignore]]",
            "-rule = \"public-block\"",
            "-reason = \"reference data, until the review\"",
            "-until = 2026-01-31",
            "-",
        ]
    );
    assert_eq!(
        lines("apps/plan.toml"),
        [
            "-default_access = 'write'  # too wide",
            "-",
            "-# Only Bob used it.",
            "-[roles.\"Legacy\"]",
            "-permissions = [\"display_application\"]",
            "-default_access = \"read\"",
            "+default_access = \"read\"  # too wide",
            "-\"cy@fixes.co\" = \"planner\"   # reviewed 2026-10",
            "-# swatch: ignore unknown-member -- bob is real",
            "-\"bob@FIXES.co\" = \"Legacy\"",
            "-\"ghost@fixes.co\" = \"Reader\"",
            "+\"cy@fixes.co\" = \"Planner\"   # reviewed 2026-10",
        ]
    );
    assert_eq!(lines("apps/ops.toml"), ["+default_access = \"read\""]);
    assert!(lines("members.toml").is_empty(), "members are never edited");
    assert!(lines("workspace.toml").is_empty());
    insta::assert_snapshot!("unsafe_swatch.toml", read(dir.path(), "swatch.toml"));
    insta::assert_snapshot!("unsafe_apps_plan.toml", read(dir.path(), "apps/plan.toml"));
    insta::assert_snapshot!("unsafe_apps_ops.toml", read(dir.path(), "apps/ops.toml"));
    insta::assert_snapshot!("unsafe_baseline.json", read(dir.path(), "baseline.json"));
    insta::assert_snapshot!("unsafe_report", out.stdout);
    // The fixed workspace loads, and the baselined and suppressed roles stay.
    let check = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let plan = read(dir.path(), "apps/plan.toml");
    assert!(plan.contains("[roles.Empty]") && plan.contains("[roles.Spare]"));
}

#[test]
fn a_second_run_changes_nothing() {
    let (dir, _, _) = fixed(&["--unsafe"]);
    let before = snapshot(dir.path());
    let again = fix(dir.path(), &["--unsafe"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.starts_with("swatch fix: nothing to fix\n"),
        "{}",
        again.stdout
    );
    assert_eq!(snapshot(dir.path()), before);
    let diff = fix(dir.path(), &["--unsafe", "--diff"]);
    assert_eq!((diff.code, diff.stdout.as_str()), (0, ""));
}

#[test]
fn safe_fixes_only_by_default() {
    let (_dir, out, changes) = fixed(&[]);
    assert_eq!(
        out.code, 1,
        "unknown-member and unknown-role remain: {}",
        out.stdout
    );
    let files: Vec<&str> = changes.iter().map(|(f, _)| *f).collect();
    assert_eq!(files, ["swatch.toml", "apps/plan.toml", "baseline.json"]);
    let plan = &changes
        .iter()
        .find(|(f, _)| *f == "apps/plan.toml")
        .unwrap()
        .1;
    assert_eq!(plan, &["-# swatch: ignore unknown-member -- bob is real"]);
    assert!(
        out.stdout.contains("6 more fixes with --unsafe"),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!("safe_report", out.stdout);
}

#[test]
fn the_baseline_keeps_its_order_and_unknown_fields() {
    let (dir, _, _) = fixed(&["--rule", "stale-baseline"]);
    assert_eq!(
        read(dir.path(), "baseline.json"),
        r#"{
  "version": 1,
  "findings": [
    {
      "rule": "unused-role",
      "subject": {
        "kind": "role",
        "name": "Plan/Empty"
      },
      "ticket": "SEC-9"
    }
  ]
}
"#
    );
    assert_eq!(read(dir.path(), "swatch.toml"), CONFIG, "--rule restricts");
}

#[test]
fn rule_restricts_and_an_unknown_rule_is_exit_2() {
    let (_dir, out, changes) = fixed(&["--unsafe", "--rule", "unknown-member"]);
    assert_eq!(out.code, 1, "unknown-role remains: {}", out.stdout);
    assert_eq!(
        changes,
        [(
            "apps/plan.toml",
            vec!["-\"ghost@fixes.co\" = \"Reader\"".to_owned()]
        )]
    );
    let dir = workspace();
    let bad = fix(dir.path(), &["--rule", "unknown-membr"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("did you mean `unknown-member`?"),
        "{}",
        bad.stderr
    );
}

#[test]
fn diff_writes_nothing_and_exits_1() {
    let dir = workspace();
    let before = snapshot(dir.path());
    let out = fix(dir.path(), &["--unsafe", "--diff"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(snapshot(dir.path()), before, "--diff writes nothing");
    insta::assert_snapshot!("diff", out.stdout);
    assert!(
        out.stderr.contains("would apply 10 fixes in 2 passes"),
        "{}",
        out.stderr
    );
    // The diff is the change the fix then makes.
    let (fixed_dir, ..) = fixed(&["--unsafe"]);
    for (file, text) in snapshot(fixed_dir.path()) {
        let original = before.iter().find(|(f, _)| *f == file).unwrap();
        if original.1 != text {
            assert!(out.stdout.contains(&format!("+++ b/{file}\n")), "{file}");
        }
    }
}

#[test]
fn crlf_and_bom_are_kept() {
    let crlf = format!("\u{feff}{}", PLAN.replace('\n', "\r\n"));
    let dir = tree(&[
        ("workspace.toml", WORKSPACE.as_bytes()),
        ("members.toml", MEMBERS.as_bytes()),
        ("apps/plan.toml", crlf.as_bytes()),
    ]);
    let out = fix(dir.path(), &["--unsafe"]);
    assert!(out.code < 2, "{}", out.stderr);
    let text = read(dir.path(), "apps/plan.toml");
    assert!(text.starts_with('\u{feff}'), "BOM kept");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "CRLF kept: {text:?}"
    );
    assert!(text.contains("\"cy@fixes.co\" = \"Planner\"   # reviewed 2026-10\r\n"));
    assert!(!text.contains("ghost@"));
}

#[cfg(unix)]
#[test]
fn a_symlinked_baseline_is_refused_and_nothing_is_written() {
    let dir = workspace();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("baseline.json");
    std::fs::write(&target, BASELINE).unwrap();
    std::fs::remove_file(dir.path().join("baseline.json")).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("baseline.json")).unwrap();
    let config = read(dir.path(), "swatch.toml");
    let out = fix(dir.path(), &["--unsafe"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("symlink"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), BASELINE);
    assert_eq!(read(dir.path(), "swatch.toml"), config, "nothing written");
}

/// A 1-based SARIF line and column as a byte offset of `text`.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(usize::try_from(line).unwrap() - 1)
        .map(str::len)
        .sum();
    start
        + text[start..]
            .char_indices()
            .nth(usize::try_from(column).unwrap() - 1)
            .map_or(text.len() - start, |(i, _)| i)
}

#[test]
fn sarif_replacements_give_the_fixed_text() {
    // One pass, no two fixes on the same lines: each is its own replacement.
    let rules = [
        "unused-ignore",
        "expired-ignore",
        "unknown-member",
        "unknown-role",
        "role-write-default",
    ];
    let dir = workspace();
    let sarif = run_in(dir.path(), &["check", ".", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let mut by_file: std::collections::BTreeMap<String, Vec<(usize, usize, String)>> =
        std::collections::BTreeMap::new();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        if !rules.contains(&result["ruleId"].as_str().unwrap()) {
            continue;
        }
        for change in result["fixes"][0]["artifactChanges"].as_array().unwrap() {
            let file = change["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_owned();
            let text = read(dir.path(), &file);
            for r in change["replacements"].as_array().unwrap() {
                let d = &r["deletedRegion"];
                let n = |k: &str| d[k].as_u64().unwrap();
                let (start, end) = (
                    offset(&text, n("startLine"), n("startColumn")),
                    offset(&text, n("endLine"), n("endColumn")),
                );
                let inserted = r["insertedContent"]["text"].as_str().unwrap().to_owned();
                by_file
                    .entry(file.clone())
                    .or_default()
                    .push((start, end, inserted));
            }
        }
    }
    let mut flags = vec!["--unsafe"];
    for rule in rules {
        flags.extend(["--rule", rule]);
    }
    let (fixed_dir, out, _) = fixed(&flags);
    assert!(out.stdout.contains("in 1 pass\n"), "{}", out.stdout);
    assert_eq!(
        by_file.keys().collect::<Vec<_>>(),
        ["apps/ops.toml", "apps/plan.toml", "swatch.toml"]
    );
    for (file, mut replacements) in by_file {
        let mut text = read(dir.path(), &file);
        replacements.sort_by_key(|r| std::cmp::Reverse(r.0));
        for (start, end, inserted) in replacements {
            text.replace_range(start..end, &inserted);
        }
        assert_eq!(text, read(fixed_dir.path(), &file), "{file}");
    }
}
