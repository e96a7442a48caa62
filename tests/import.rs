//! `swatch import` end to end: the fixture exports under
//! tests/fixtures/exports (a BOM, `;` and `,` delimiters, quoted names with
//! commas, every account type, status and license) become a workspace that
//! `swatch check` loads; bad exports are exit 2 with file and line.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{fixture, run_in, tree};
use std::path::Path;

/// Import the fixture exports into `dir/out` with extra flags.
fn import(dir: &Path, extra: &[&str]) -> common::Output {
    let members = fixture("exports/members.csv");
    let fpa = format!("FP&A={}", fixture("exports/fpa.csv"));
    let sales = format!("Sales={}", fixture("exports/sales.csv"));
    let scim = fixture("exports/scim.json");
    let mut args = vec![
        "import",
        "--members",
        &members,
        "--assignments",
        &fpa,
        "--assignments",
        &sales,
        "--scim",
        &scim,
        "--out",
        "out",
    ];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

/// Every file below `dir`, as `=== path` and its text, sorted by path.
fn files(dir: &Path) -> String {
    let mut paths: Vec<_> = walk(dir);
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            format!("=== {rel}\n{}", std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_fixture_exports_import_into_a_workspace_that_check_loads() {
    let dir = tempfile::tempdir().unwrap();
    let imported = import(dir.path(), &[]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    insta::assert_snapshot!("fixture_output", imported.stdout);
    insta::assert_snapshot!("fixture_files", files(&dir.path().join("out")));
    let check = run_in(dir.path(), &["check", "out", "--format", "json"]);
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    // What the exports cannot say is left for check to report.
    let findings: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let rules: Vec<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"missing-app-owner"));
    assert!(rules.contains(&"unknown-member"), "ghost@acme.com is kept");
}

#[test]
fn today_dates_the_files_given_before_the_command_or_after_it() {
    let header = |dir: &Path| {
        let text = std::fs::read_to_string(dir.join("out/members.toml")).unwrap();
        text.lines().next().unwrap_or_default().to_owned()
    };
    let after = tempfile::tempdir().unwrap();
    assert_eq!(import(after.path(), &["--today", "2027-01-02"]).code, 0);
    assert!(
        header(after.path()).contains(" on 2027-01-02 "),
        "{}",
        header(after.path())
    );
    let before = tempfile::tempdir().unwrap();
    let members = fixture("exports/members.csv");
    let out = run_in(
        before.path(),
        &[
            "--today",
            "2027-01-02",
            "import",
            "--members",
            &members,
            "--out",
            "out",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        header(before.path()).contains(" on 2027-01-02 "),
        "{}",
        header(before.path())
    );
}

#[test]
fn seats_come_from_the_export_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(import(dir.path(), &[]).code, 0);
    let members = std::fs::read_to_string(dir.path().join("out/members.toml")).unwrap();
    assert!(!members.contains("seat"));

    let dir = tempfile::tempdir().unwrap();
    let imported = import(
        dir.path(),
        &["--seats-from-export", "--license-model", "legacy-v1"],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let members = std::fs::read_to_string(dir.path().join("out/members.toml")).unwrap();
    let seats = members.matches("seat = ").count();
    // Nine rows, but no seat for the deactivated one (which also has an
    // unknown license).
    assert_eq!(seats, 8, "{members}");
    assert!(members.contains("seat = \"modeler\""), "legacy-v1 spelling");
    let workspace = std::fs::read_to_string(dir.path().join("out/workspace.toml")).unwrap();
    assert!(workspace.contains("license_model = \"legacy-v1\""));
    let check = run_in(dir.path(), &["check", "out"]);
    assert_ne!(check.code, 2, "{}", check.stderr);
}

#[test]
fn a_license_the_model_lacks_is_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let imported = import(
        dir.path(),
        &["--seats-from-export", "--license-model", "legacy-v2"],
    );
    assert_eq!(imported.code, 2);
    assert!(
        imported.stderr.contains("members.csv:6"),
        "{}",
        imported.stderr
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn import_never_overwrites() {
    let dir = tree(&[("out/notes.md", b"mine")]);
    let imported = import(dir.path(), &[]);
    assert_eq!(imported.code, 2);
    assert!(imported.stderr.contains("not empty"), "{}", imported.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("out/notes.md")).unwrap(),
        b"mine"
    );
    // An empty folder is fine.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    assert_eq!(import(dir.path(), &[]).code, 0);
}

#[test]
fn two_applications_with_one_slug_are_invalid() {
    let dir = tree(&[
        ("a.csv", b"Email,Role\n"),
        ("m.csv", b"Email,Status,Account Type\n"),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "import",
            "--members",
            "m.csv",
            "--assignments",
            "FP&A=a.csv",
            "--assignments",
            "FP-A=a.csv",
            "--out",
            "out",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("apps/fp-a.toml"), "{}", out.stderr);
}

#[test]
fn big_exports_are_split_in_member_files_of_a_thousand() {
    let mut csv = String::from("Email,Status,Account Type\n");
    for i in 0..2_500 {
        csv.push_str(&format!("user{i:04}@acme.com,Active,Standard Member\n"));
    }
    csv.push_str("boss@acme.com,Active,Primary Owner\n");
    let dir = tree(&[("members.csv", csv.as_bytes())]);
    let out = run_in(
        dir.path(),
        &["import", "--members", "members.csv", "--out", "ws"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    for file in ["01", "02", "03"] {
        assert!(dir.path().join(format!("ws/members/{file}.toml")).is_file());
    }
    assert!(!dir.path().join("ws/members.toml").exists());
    let first = std::fs::read_to_string(dir.path().join("ws/members/01.toml")).unwrap();
    assert!(first.contains("\"boss@acme.com\""), "sorted by email");
    let check = run_in(dir.path(), &["check", "ws"]);
    assert_ne!(check.code, 2, "{}", check.stderr);
}

/// Import one members export and return stderr, asserting exit 2.
fn bad_members(content: &[u8]) -> String {
    let dir = tree(&[("bad.csv", content)]);
    let out = run_in(
        dir.path(),
        &["import", "--members", "bad.csv", "--out", "out"],
    );
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(!dir.path().join("out").exists());
    out.stderr
}

#[test]
fn a_missing_column_names_the_file_line_and_a_close_header() {
    let stderr = bad_members(b"Name;Emial;Status;Account Type\nAda;ada@acme.com;Active;Builder\n");
    insta::assert_snapshot!("missing_column", stderr);
}

#[test]
fn an_unknown_account_type_is_exit_2_at_its_field() {
    let stderr = bad_members(
        b"Email,Status,Account Type\nada@acme.com,Active,Primary Owner\n\"bob@acme.com\",Active,Guest Member\n",
    );
    assert!(stderr.contains("bad.csv:3:23"), "{stderr}");
    assert!(stderr.contains("unknown account type `Guest Member` in column `Account Type`"));
}

#[test]
fn a_duplicate_email_points_at_both_lines() {
    let stderr = bad_members(
        b"Email,Status,Account Type\nada@acme.com,Active,Primary Owner\nADA@acme.com,Active,Builder\n",
    );
    assert!(stderr.contains("bad.csv:3:1"), "{stderr}");
    // Line 2 is labelled in the same excerpt.
    assert!(stderr.contains(" 2 │ ada@acme.com"), "{stderr}");
    assert!(stderr.contains("first here"), "{stderr}");
    assert!(stderr.contains("twice"));
}

#[test]
fn an_export_that_is_not_utf8_is_exit_2_at_the_byte() {
    let stderr = bad_members(b"Email,Status,Account Type\nren\xe9@acme.com,Active,Builder\n");
    assert!(stderr.contains("bad.csv:2:4"), "{stderr}");
    assert!(stderr.contains("not UTF-8"));
}

#[test]
fn a_bad_assignments_export_and_a_bad_scim_file_are_exit_2() {
    let dir = tree(&[
        (
            "m.csv",
            b"Email,Status,Account Type\nada@acme.com,Active,Primary Owner\n",
        ),
        ("a.csv", b"Member;Rol\nada@acme.com;Admin\n"),
        ("scim.json", b"{\"Resources\": [{\"active\": true}]}"),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "import",
            "--members",
            "m.csv",
            "--assignments",
            "X=a.csv",
            "--scim",
            "scim.json",
            "--out",
            "out",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("a.csv:1:8"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("unknown column `Rol`: did you mean `Role`? Rename that header to `Role`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("scim.json:1"), "{}", out.stderr);
    assert!(out.stderr.contains("userName"), "{}", out.stderr);
}

#[test]
fn hostile_names_become_valid_toml_and_escaped_output() {
    let dir = tree(&[
        (
            "m.csv",
            "Name,Email,Status,Account Type\n\"Ada \"\"\\\"\" \u{1b}[2J\",ada@acme.com,Active,Primary Owner\n".as_bytes(),
        ),
        ("a.csv", "Email,Role\nada@acme.com,\"Line\nbreak]\\\"\"\"\"\n".as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "import",
            "--members",
            "m.csv",
            "--assignments",
            "X\u{7}=a.csv",
            "--out",
            "out",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
        "{}",
        out.stdout
    );
    let check = run_in(dir.path(), &["check", "out", "--format", "json"]);
    assert_ne!(check.code, 2, "{}", check.stderr);
    let drift = run_in(
        dir.path(),
        &[
            "drift",
            "out",
            "--members",
            "m.csv",
            "--assignments",
            "X\u{7}=a.csv",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&drift.stdout).unwrap();
    let kinds: Vec<&str> = json["drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert!(
        !kinds.contains(&"role"),
        "the role name survives the round trip: {kinds:?}"
    );
}

#[test]
fn the_size_limit_applies_to_exports() {
    // An export bigger than the limit, and a workspace smaller than it.
    let csv = format!(
        "Email,Status,Account Type,Notes\nada@acme.com,Active,Primary Owner,{}\n",
        "x".repeat(3_000)
    );
    let dir = tree(&[("m.csv", csv.as_bytes())]);
    let base = ["import", "--members", "m.csv", "--out", "out"];
    let small = run_in(
        dir.path(),
        &[&base[..], &["--max-file-size", "2KiB"]].concat(),
    );
    assert_eq!(small.code, 2);
    assert!(small.stderr.contains("m.csv"), "{}", small.stderr);
    assert!(small.stderr.contains("--max-file-size"), "{}", small.stderr);
    assert!(!dir.path().join("out").exists());
    assert_eq!(run_in(dir.path(), &base).code, 0);
    let drift = run_in(
        dir.path(),
        &[
            "drift",
            "out",
            "--members",
            "m.csv",
            "--max-file-size",
            "2KiB",
        ],
    );
    assert_eq!(drift.code, 2, "{}", drift.stdout);
    assert!(drift.stderr.contains("m.csv"), "{}", drift.stderr);
    assert_eq!(
        run_in(dir.path(), &["drift", "out", "--members", "m.csv"]).code,
        0
    );
}

/// `file:line:column` of every error in `import`'s human diagnostics, in
/// the order printed.
fn places(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|line| {
            let start = line.find("╭─[")? + "╭─[".len();
            Some(line[start..line.rfind(']')?].to_owned())
        })
        .collect()
}

#[test]
fn every_error_of_the_exports_is_reported_in_one_run() {
    // Line 3 and 4 differ only in case, and line 4 has a bad status too;
    // line 5 has a bad email, account type, license and count at once;
    // line 6 a license the model lacks.
    let members = "Email;Status;Account Type;License Type;Application Access\n\
        ada@acme.com;Active;Primary Owner;Editor;1\n\
        Bob@acme.com;Active;Builder;Editor;0\n\
        bob@acme.com;Actve;Builder;Editor;0\n\
        carol;Active;Bilder;Editr;two\n\
        dave@acme.com;Active;Standard Member;Contributor;1\n";
    let dir = tree(&[
        ("m.csv", members.as_bytes()),
        (
            "a.csv",
            b"Email,Role\nada@acme.com,Admin\nADA@acme.com,Reader\n",
        ),
        ("out/keep.md", b"mine"),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "import",
            "--members",
            "m.csv",
            "--assignments",
            "FP/A=a.csv",
            "--seats-from-export",
            "--license-model",
            "legacy-v2",
            "--out",
            "out",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        places(&out.stderr),
        [
            "a.csv:3:1",
            "m.csv:4:1",
            "m.csv:4:14",
            "m.csv:5:1",
            "m.csv:5:14",
            "m.csv:5:21",
            "m.csv:5:27",
            "m.csv:6:38",
        ],
        "{}",
        out.stderr
    );
    for said in [
        "`FP/A` has a `/`",
        "out is not empty",
        "`bob@acme.com` is in this export twice",
        "unknown status `Actve`",
        "`carol` in column `Email` is not an email",
        "unknown account type `Bilder`",
        "unknown license `Editr`",
        "`two` in column `Application Access` is not a count",
        "the license contributor does not exist in legacy-v2",
    ] {
        assert!(out.stderr.contains(said), "{said}: {}", out.stderr);
    }
    assert!(
        out.stderr.contains("swatch: 10 invalid input errors"),
        "{}",
        out.stderr
    );
    insta::assert_snapshot!("every_error_at_once", out.stderr);
}

#[test]
fn a_missing_column_does_not_hide_the_other_columns_errors() {
    let stderr = bad_members(b"Email,Account Type\nada@acme.com,Guest\n");
    assert_eq!(places(&stderr), ["bad.csv:1:1", "bad.csv:2:14"], "{stderr}");
}
