//! `swatch drift` end to end: the fixture exports imported, then compared
//! with the same exports (in sync) and with exports that plant exactly one
//! difference of each kind.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{fixture, run_in};
use serde_json::Value;
use std::path::Path;

const EXPORTS: [&str; 4] = ["members.csv", "fpa.csv", "sales.csv", "scim.json"];

/// A folder with the fixture exports copied in and imported into `ws/`.
fn imported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in EXPORTS {
        std::fs::copy(fixture(&format!("exports/{name}")), dir.path().join(name)).unwrap();
    }
    let out = run_in(
        dir.path(),
        &[
            "import",
            "--members",
            "members.csv",
            "--assignments",
            "FP&A=fpa.csv",
            "--assignments",
            "Sales=sales.csv",
            "--scim",
            "scim.json",
            "--out",
            "ws",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    dir
}

fn drift(dir: &Path, format: &str) -> common::Output {
    run_in(
        dir,
        &[
            "drift",
            "ws",
            "--members",
            "members.csv",
            "--assignments",
            "FP&A=fpa.csv",
            "--assignments",
            "Sales=sales.csv",
            "--scim",
            "scim.json",
            "--format",
            format,
        ],
    )
}

/// Replace `from` by `to` in one file of `dir` (the text must be there).
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn differences(dir: &Path) -> Vec<Value> {
    let out = drift(dir, "json");
    assert_ne!(out.code, 2, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        json["summary"]["differences"].as_u64().unwrap() as usize,
        json["drift"].as_array().unwrap().len()
    );
    assert_eq!(
        out.code,
        i32::from(!json["drift"].as_array().unwrap().is_empty())
    );
    json["drift"].as_array().unwrap().clone()
}

#[test]
fn a_fresh_import_is_in_sync_with_its_exports() {
    let dir = imported();
    let out = drift(dir.path(), "human");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout,
        "swatch drift: in sync: 9 members in git, 9 in Pigment's export\n"
    );
    assert!(differences(dir.path()).is_empty());
}

/// Plant one edit and expect exactly one difference, of `kind`, about `email`.
fn planted(file: &str, from: &str, to: &str, kind: &str, email: &str) -> Value {
    let dir = imported();
    edit(dir.path(), file, from, to);
    let found = differences(dir.path());
    assert_eq!(found.len(), 1, "{kind}: {found:#?}");
    assert_eq!(found[0]["kind"], kind);
    assert_eq!(found[0]["email"], email);
    found[0].clone()
}

#[test]
fn only_live() {
    let d = planted(
        "members.csv",
        "\"Heidi",
        "Zed;zed@acme.com;Active;Builder;Editor;0;\n\"Heidi",
        "only_live",
        "zed@acme.com",
    );
    assert_eq!(d["git"], Value::Null);
    assert_eq!(d["live"], "active");
    assert_eq!(d["live_at"], "members.csv:10");
    assert_eq!(d["git_at"], Value::Null);
}

#[test]
fn only_git() {
    let d = planted(
        "members.csv",
        ";frank@acme.com;Pending;STANDARD MEMBER;Explorer;0;\n",
        "",
        "only_git",
        "frank@acme.com",
    );
    assert_eq!(d["git"], "invited");
    assert_eq!(d["live"], Value::Null);
    assert_eq!(d["git_at"], "members.toml:35");
}

#[test]
fn account_type() {
    let d = planted(
        "members.csv",
        "bob@acme.com;Active;Builder",
        "bob@acme.com;Active;Workspace Admin",
        "account_type",
        "bob@acme.com",
    );
    assert_eq!(
        (d["git"].as_str(), d["live"].as_str()),
        (Some("builder"), Some("workspace_admin"))
    );
    assert_eq!(d["git_at"], "members.toml:13", "the account_type line");
    assert_eq!(d["live_at"], "members.csv:4");
}

#[test]
fn status() {
    let d = planted(
        "members.csv",
        "erin@acme.com;active",
        "erin@acme.com;Deactivated",
        "status",
        "erin@acme.com",
    );
    assert_eq!(
        (d["git"].as_str(), d["live"].as_str()),
        (Some("active"), Some("deactivated"))
    );
}

#[test]
fn pending_is_invited() {
    let dir = imported();
    edit(
        dir.path(),
        "ws/members.toml",
        "status = \"invited\"",
        "status = \"active\"",
    );
    let found = differences(dir.path());
    let kinds: Vec<&str> = found.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["status"], "{found:#?}");
    assert_eq!(found[0]["live"], "invited");
}

#[test]
fn license() {
    let d = planted(
        "members.csv",
        "dave@acme.com;Active;Standard Member;Contributor",
        "dave@acme.com;Active;Standard Member;Editor",
        "license",
        "dave@acme.com",
    );
    assert_eq!(
        (d["git"].as_str(), d["live"].as_str()),
        (Some("contributor"), Some("editor"))
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("role Planner in FP&A (default access unspecified)"),
        "{message}"
    );
}

#[test]
fn application_count() {
    let d = planted(
        "members.csv",
        "standard_member;Explorer;2",
        "standard_member;Explorer;5",
        "application_count",
        "erin@acme.com",
    );
    assert_eq!((d["git"].as_u64(), d["live"].as_u64()), (Some(2), Some(5)));
}

#[test]
fn role() {
    let d = planted(
        "sales.csv",
        "erin@acme.com,Reader",
        "erin@acme.com,Contributor",
        "role",
        "erin@acme.com",
    );
    assert_eq!(d["application"], "Sales");
    assert_eq!(
        (d["git"].as_str(), d["live"].as_str()),
        (Some("Reader"), Some("Contributor"))
    );
    assert_eq!(d["git_at"], "apps/sales.toml:17");
    assert_eq!(d["live_at"], "sales.csv:4");
}

#[test]
fn role_on_one_side_only() {
    let d = planted(
        "fpa.csv",
        "bob@acme.com;\n",
        "bob@acme.com;Reader\n",
        "role",
        "bob@acme.com",
    );
    assert_eq!(
        (d["git"].as_str(), d["live"].as_str()),
        (None, Some("Reader"))
    );
    let d = planted(
        "sales.csv",
        "erin@acme.com,Reader,\n",
        "",
        "role",
        "erin@acme.com",
    );
    assert_eq!(
        (d["git"].as_str(), d["live"].as_str()),
        (Some("Reader"), None)
    );
}

#[test]
fn idp_inactive() {
    let d = planted(
        "scim.json",
        "\"erin@acme.com\", \"active\": true",
        "\"erin@acme.com\", \"active\": false",
        "idp_inactive",
        "erin@acme.com",
    );
    assert_eq!(d["live_at"], Value::Null);
}

#[test]
fn idp_unknown() {
    planted(
        "scim.json",
        "{\"userName\": \"erin@acme.com\", \"active\": true},",
        "",
        "idp_unknown",
        "erin@acme.com",
    );
}

/// The kind and application of each difference folded into `d`.
fn folded(d: &Value) -> Vec<(String, Value)> {
    d["also"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_owned(),
                a["application"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_member_gone_from_pigment_is_one_difference_with_the_rest_folded_in() {
    let dir = imported();
    let p = dir.path();
    edit(
        p,
        "members.csv",
        "Erin Explorer;erin@acme.com;active;standard_member;Explorer;2;\n",
        "",
    );
    edit(p, "fpa.csv", "erin@acme.com;Reader\n", "");
    edit(p, "sales.csv", "erin@acme.com,Reader,\n", "");
    edit(
        p,
        "scim.json",
        "{\"userName\": \"erin@acme.com\", \"active\": true},",
        "",
    );
    let found = differences(p);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(
        (&d["kind"], &d["email"]),
        (&Value::from("only_git"), &Value::from("erin@acme.com"))
    );
    assert_eq!(
        folded(d),
        [
            ("role".to_owned(), Value::from("FP&A")),
            ("role".to_owned(), Value::from("Sales")),
            ("idp_unknown".to_owned(), Value::Null),
        ]
    );
    assert_eq!(
        d["message"],
        "`erin@acme.com` is in git (active) but not in Pigment's members export, nor are their roles in `FP&A`, `Sales` in its assignments exports, nor does the IdP know them"
    );
    assert_eq!(
        d["also"][0]["git_at"], "apps/fp-a.toml:18",
        "each folded place is kept"
    );
    let human = drift(p, "human").stdout;
    assert!(
        human.starts_with("swatch drift: 1 difference: 1 member only in git\n"),
        "{human}"
    );
    assert!(
        human.contains(
            "    also role in `Sales`: git: Reader (apps/sales.toml:17); Pigment: none\n"
        ),
        "{human}"
    );
    assert!(
        human.contains("    also idp_unknown: git: active (members.toml:29); IdP: none\n"),
        "{human}"
    );

    // Someone new in Pigment, with a role there: one difference too.
    edit(
        p,
        "members.csv",
        "\"Heidi",
        "Zed;zed@acme.com;Active;Builder;Editor;1;\n\"Heidi",
    );
    edit(
        p,
        "sales.csv",
        "heidi@acme.com",
        "zed@acme.com,Reader,\nheidi@acme.com",
    );
    let found = differences(p);
    let zed: Vec<&Value> = found
        .iter()
        .filter(|d| d["email"] == "zed@acme.com")
        .collect();
    assert_eq!(zed.len(), 1, "{found:#?}");
    assert_eq!(zed[0]["kind"], "only_live");
    assert_eq!(folded(zed[0]), [("role".to_owned(), Value::from("Sales"))]);
}

#[test]
fn deactivated_in_pigment_and_the_idp_is_one_status_difference() {
    let dir = imported();
    let p = dir.path();
    edit(
        p,
        "members.csv",
        "heidi@acme.com;Active",
        "heidi@acme.com;Deactivated",
    );
    edit(
        p,
        "scim.json",
        "\"heidi@acme.com\", \"name\": {\"formatted\": \"Heidi Modeler\"}, \"active\": true",
        "\"heidi@acme.com\", \"active\": false",
    );
    let found = differences(p);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["kind"], "status");
    assert_eq!(
        folded(&found[0]),
        [("idp_inactive".to_owned(), Value::Null)]
    );
    assert_eq!(
        found[0]["message"],
        "`heidi@acme.com` is active in git but deactivated in Pigment, and the IdP has `active: false`"
    );
    // Only the IdP says so: that stays its own difference.
    edit(
        p,
        "members.csv",
        "heidi@acme.com;Deactivated",
        "heidi@acme.com;Active",
    );
    let found = differences(p);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["kind"], "idp_inactive");
    assert_eq!(folded(&found[0]), []);
}

#[test]
fn an_application_git_lacks_is_exit_2_with_did_you_mean() {
    let dir = imported();
    let out = run_in(
        dir.path(),
        &[
            "drift",
            "ws",
            "--members",
            "members.csv",
            "--assignments",
            "Sale=sales.csv",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `Sales`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_export_is_exit_2_with_file_and_line() {
    let dir = imported();
    edit(
        dir.path(),
        "members.csv",
        "Workspace Admin",
        "Workspace Boss",
    );
    let out = drift(dir.path(), "json");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("members.csv:5:"), "{}", out.stderr);
    // The machine format gets the errors too.
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["errors"][0]["file"], "members.csv");
    assert_eq!(json["errors"][0]["line"], 5);
}

#[test]
fn every_kind_at_once_in_every_format() {
    let dir = imported();
    edit(
        dir.path(),
        "members.csv",
        "\"Heidi",
        "Zed;zed@acme.com;Active;Builder;Editor;0;\n\"Heidi",
    );
    edit(
        dir.path(),
        "members.csv",
        ";frank@acme.com;Pending;STANDARD MEMBER;Explorer;0;\n",
        "",
    );
    edit(
        dir.path(),
        "members.csv",
        "bob@acme.com;Active;Builder",
        "bob@acme.com;Active;Workspace Admin",
    );
    edit(
        dir.path(),
        "members.csv",
        "gina@acme.com;Deactivated",
        "gina@acme.com;Active",
    );
    edit(
        dir.path(),
        "members.csv",
        "Standard Member;Contributor",
        "Standard Member;Editor",
    );
    edit(
        dir.path(),
        "members.csv",
        "standard_member;Explorer;2",
        "standard_member;Explorer;1",
    );
    edit(
        dir.path(),
        "sales.csv",
        "erin@acme.com,Reader",
        "erin@acme.com,Contributor",
    );
    edit(
        dir.path(),
        "scim.json",
        "\"heidi@acme.com\", \"name\": {\"formatted\": \"Heidi Modeler\"}, \"active\": true",
        "\"heidi@acme.com\", \"active\": false",
    );
    edit(
        dir.path(),
        "scim.json",
        "{\"userName\": \"grace@acme.com\", \"active\": true},",
        "",
    );
    let human = drift(dir.path(), "human");
    assert_eq!(human.code, 1, "{}", human.stderr);
    insta::assert_snapshot!("every_kind_human", human.stdout);
    let json = drift(dir.path(), "json");
    assert_eq!(json.code, 1);
    insta::assert_snapshot!("every_kind_json", json.stdout);
    let markdown = drift(dir.path(), "markdown");
    assert_eq!(markdown.code, 1);
    insta::assert_snapshot!("every_kind_markdown", markdown.stdout);
    let kinds: Vec<String> = differences(dir.path())
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_owned())
        .collect();
    let mut unique = kinds.clone();
    unique.dedup();
    assert_eq!(
        unique,
        [
            "only_live",
            "only_git",
            "account_type",
            "status",
            "license",
            "application_count",
            "role",
            "idp_inactive",
            "idp_unknown"
        ],
        "sorted in the table's order"
    );
}

#[test]
fn strings_from_exports_are_escaped_in_every_output() {
    let dir = imported();
    edit(
        dir.path(),
        "members.csv",
        "\"Heidi",
        "Evil;\"e\u{1b}[31m|vil`*@acme.com\";Active;Builder;Editor;0;\n\"Heidi",
    );
    let human = drift(dir.path(), "human");
    assert_eq!(human.code, 1);
    assert!(!human.stdout.contains('\u{1b}'), "{}", human.stdout);
    assert!(
        human.stdout.contains("e\\u{1b}[31m|vil"),
        "{}",
        human.stdout
    );
    let markdown = drift(dir.path(), "markdown");
    assert!(!markdown.stdout.contains('\u{1b}'));
    assert!(
        markdown
            .stdout
            .contains("``e\\u{1b}[31m\\|vil`*@acme.com``"),
        "{}",
        markdown.stdout
    );
    let json: Value = serde_json::from_str(&drift(dir.path(), "json").stdout).unwrap();
    assert_eq!(json["drift"][0]["email"], "e\u{1b}[31m|vil`*@acme.com");
}

#[test]
fn every_error_of_the_flags_and_exports_is_reported_in_one_run() {
    let dir = imported();
    edit(
        dir.path(),
        "members.csv",
        "Workspace Admin",
        "Workspace Boss",
    );
    // legacy-v2 has no contributor, which dave holds in the export.
    edit(
        dir.path(),
        "ws/workspace.toml",
        "license_model = \"current\"",
        "license_model = \"legacy-v2\"",
    );
    let out = run_in(
        dir.path(),
        &[
            "drift",
            "ws",
            "--members",
            "members.csv",
            "--assignments",
            "Sale=sales.csv",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let errors: Vec<(String, Value, Value)> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_owned(),
                e["line"].clone(),
                e["column"].clone(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "swatch::drift::unknown_application".to_owned(),
                Value::Null,
                Value::Null
            ),
            (
                "swatch::export::bad_value".to_owned(),
                Value::from(5),
                Value::from(35)
            ),
            (
                "swatch::drift::no_such_license".to_owned(),
                Value::from(6),
                Value::from(53)
            ),
        ],
        "{}",
        out.stderr
    );
}
