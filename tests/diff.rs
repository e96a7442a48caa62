//! `swatch diff` on two folders and on a git repository: all three formats,
//! the JSON contract, the gates, waivers governed by the base, and errors.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{Output, root, run_in, tree};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

fn fixtures() -> std::path::PathBuf {
    root().join("tests/fixtures/diff")
}

fn diff_folders(case: &str, extra: &[&str]) -> Output {
    let mut args = vec!["diff", "old", "new"];
    args.extend(extra);
    run_in(&fixtures().join(case), &args)
}

fn json_of(out: &Output) -> Value {
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr))
}

#[test]
fn a_role_edit_that_moves_many_members_in_every_format() {
    let human = diff_folders("role-edit", &[]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    insta::assert_snapshot!("role_edit_human", human.stdout);
    insta::assert_snapshot!(
        "role_edit_json",
        diff_folders("role-edit", &["--format", "json"]).stdout
    );
    insta::assert_snapshot!(
        "role_edit_markdown",
        diff_folders("role-edit", &["--format", "markdown"]).stdout
    );
}

#[test]
fn json_follows_the_contract() {
    let d = json_of(&diff_folders("role-edit", &["--format", "json"]));
    assert_eq!(
        d["changes"][0],
        json!({"email": "a@diff.co", "before": "contributor", "after": "editor",
               "driver_before": "role Planner in Plan (import_data)",
               "driver_after": "role Planner in Plan (configure_blocks)",
               "status_before": "active", "status_after": "active"})
    );
    // A member on one side only has null on the other.
    let leaver = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == "leaver@diff.co")
        .unwrap();
    assert_eq!(
        (&leaver["after"], &leaver["driver_after"]),
        (&Value::Null, &Value::Null)
    );
    // Every license of the model on both sides, zeros included.
    assert_eq!(
        d["totals"]["before"],
        json!({"editor": 3, "contributor": 3, "explorer": 0})
    );
    assert_eq!(
        d["totals"]["after"],
        json!({"editor": 5, "contributor": 0, "explorer": 0})
    );
    assert_eq!(
        d["annual_cost"],
        json!({"before": 13050, "after": 13750, "delta": 700})
    );
    // The member removed who still owns an API key: a new finding, located in NEW.
    let new = &d["findings"]["new"];
    assert_eq!(new[0]["rule"], "orphaned-api-key");
    assert_eq!(
        new[0]["subject"],
        json!({"kind": "api_key", "name": "Warehouse import"})
    );
    assert_eq!(
        (new[0]["file"].as_str(), new[0]["line"].as_u64()),
        (Some("workspace.toml"), Some(29))
    );
    assert_eq!(d["findings"]["resolved"], json!([]));
    assert_eq!(d["roles"][0]["members_moved"], 3);
    assert_eq!(d["roles"][0]["diff"], json!(["+ configure_blocks"]));
}

/// A git repository whose HEAD~1 is `old` and HEAD is `new`.
fn repo_with_two_commits(old: &Path, new: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args([
                "-c",
                "user.email=ci@example.com",
                "-c",
                "user.name=CI",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    let copy = |from: &Path| {
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() != ".git" {
                if path.is_dir() {
                    std::fs::remove_dir_all(path).unwrap();
                } else {
                    std::fs::remove_file(path).unwrap();
                }
            }
        }
        copy_tree(from, dir.path());
    };
    git(&["init", "-q", "-b", "main"]);
    copy(old);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    copy(new);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "change"]);
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn base_revision_against_the_working_tree() {
    let case = fixtures().join("role-edit");
    let repo = repo_with_two_commits(&case.join("old"), &case.join("new"));
    let git_side = run_in(
        repo.path(),
        &["diff", "--base", "HEAD~1", "--format", "json"],
    );
    assert_eq!(git_side.code, 0, "{}", git_side.stderr);
    let folders = diff_folders("role-edit", &["--format", "json"]);
    assert_eq!(
        git_side.stdout, folders.stdout,
        "the same change read from git or from folders"
    );
    // Against HEAD nothing changed; untracked files count, ignored ones do not.
    let clean = run_in(repo.path(), &["diff", "--base", "HEAD"]);
    assert!(clean.stdout.contains("No change"), "{}", clean.stdout);
    std::fs::write(
        repo.path().join("extra.toml"),
        "[[member]]\nemail = \"new@diff.co\"\naccount_type = \"builder\"\n",
    )
    .unwrap();
    std::fs::write(repo.path().join(".gitignore"), "ignored.toml\n").unwrap();
    std::fs::write(
        repo.path().join("ignored.toml"),
        "[[member]]\nemail = \"hidden@diff.co\"\naccount_type = \"builder\"\n",
    )
    .unwrap();
    let d = json_of(&run_in(
        repo.path(),
        &["diff", "--base", "HEAD", "--format", "json"],
    ));
    assert_eq!(d["members"]["added"], json!(["new@diff.co"]));
    // A subfolder of the repository is its own workspace.
    std::fs::create_dir(repo.path().join("sub")).unwrap();
    let sub = run_in(
        &repo.path().join("sub"),
        &["diff", "--base", "HEAD", "--format", "json"],
    );
    assert_eq!(sub.code, 0, "{}", sub.stderr);
    assert_eq!(json_of(&sub)["changes"], json!([]));
}

#[test]
fn renaming_a_file_changes_nothing() {
    let case = fixtures().join("role-edit/old");
    let dir = tree(&[]);
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::create_dir_all(new.join("apps")).unwrap();
    copy_tree(&case, &old);
    std::fs::copy(case.join("workspace.toml"), new.join("everything.toml")).unwrap();
    std::fs::copy(case.join("plan.toml"), new.join("apps/planning.toml")).unwrap();
    let d = json_of(&run_in(
        dir.path(),
        &["diff", "old", "new", "--format", "json"],
    ));
    assert_eq!(d["changes"], json!([]));
    assert_eq!(d["findings"], json!({"new": [], "resolved": []}));
    assert_eq!(d["roles"], json!([]));
    let human = run_in(dir.path(), &["diff", "old", "new"]);
    insta::assert_snapshot!("rename_human", human.stdout);
    let markdown = run_in(dir.path(), &["diff", "old", "new", "--format", "markdown"]);
    insta::assert_snapshot!("rename_markdown", markdown.stdout);
}

#[test]
fn gates_pass_and_fail_and_say_why() {
    let cases: [(&[&str], i32, &str); 10] = [
        (&["--max-cost-increase", "700"], 0, "max-cost-increase"),
        (&["--max-cost-increase", "699"], 1, "the limit is $699/yr"),
        (&["--max-cost-increase", "10%"], 0, "max-cost-increase"),
        (
            &["--max-cost-increase", "5%"],
            1,
            "the limit is 5% of $13,050, $652.50/yr",
        ),
        (
            &["--fail-on-new", "error"],
            1,
            // The editors now over their purchase grow license-over-purchased.
            "2 new or grown findings at error or above: orphaned-api-key (`Warehouse import`), license-over-purchased (`Diffco`, grown)",
        ),
        (&["--fail-on-new", "info"], 1, "fail-on-new"),
        (
            &["--deny-escalation"],
            1,
            "`a@diff.co` gains the editor license",
        ),
        (
            &["--max-new-seats", "editor=2"],
            0,
            "+2 editor seats (at most 2)",
        ),
        (
            &["--max-new-seats", "editor=1"],
            1,
            "+2 editor seats (at most 1)",
        ),
        (
            &["--max-new-seats", "contributor=0"],
            0,
            "-3 contributor seats",
        ),
    ];
    for (flags, code, reason) in cases {
        let out = diff_folders("role-edit", flags);
        assert_eq!(out.code, code, "{flags:?}\n{}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains(reason),
            "{flags:?}: expected {reason:?} in\n{}",
            out.stdout
        );
        let d = json_of(&diff_folders(
            "role-edit",
            &[flags, &["--format", "json"]].concat(),
        ));
        assert_eq!(d["gates"][0]["passed"], code == 0, "{flags:?}");
    }
    let clean = diff_folders("role-edit", &[]);
    assert_eq!(
        clean.code, 0,
        "no gate, no failure, even though licenses changed"
    );
    assert_eq!(
        diff_folders("role-edit", &["--max-new-seats", "wizard=1"]).code,
        2
    );
    // Seat counts are 0 to 1,000,000: the bounds pass, past them is exit 2 naming the range.
    for (seats, code) in [("0", 1), ("1000000", 0)] {
        let flag = format!("editor={seats}");
        let out = diff_folders("role-edit", &["--max-new-seats", &flag]);
        assert_eq!(out.code, code, "{flag}: {}", out.stderr);
    }
    for seats in ["1000001", "18446744073709551616", "-1", "two"] {
        let flag = format!("editor={seats}");
        let out = diff_folders("role-edit", &["--max-new-seats", &flag]);
        assert_eq!(out.code, 2, "{flag}");
        assert!(
            out.stderr.contains("from 0 to 1,000,000"),
            "{flag}: {}",
            out.stderr
        );
    }
    assert_eq!(
        diff_folders("role-edit", &["--max-cost-increase", "lots"]).code,
        2
    );
}

#[test]
fn gates_pass_when_access_only_shrinks() {
    let app = |role: &str| {
        format!(
            "[application]\nname = \"A\"\nowner = \"po@x.com\"\n[members]\n\"m@x.com\" = \"{role}\"\n"
        )
    };
    let members = "[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"sa@x.com\"\naccount_type = \"security_admin\"\n[[member]]\nemail = \"m@x.com\"\naccount_type = \"standard_member\"\n";
    let dir = tree(&[
        ("old/m.toml", members.as_bytes()),
        ("old/a.toml", app("Modeler").as_bytes()),
        ("new/m.toml", members.as_bytes()),
        ("new/a.toml", app("Reader").as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "diff",
            "old",
            "new",
            "--deny-escalation",
            "--fail-on-new",
            "info",
            "--max-cost-increase",
            "0",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("nobody gains rights"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("`m@x.com` moves from `Modeler` to `Reader` in `A`"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("-$2,100"), "{}", out.stdout);
}

const BASE: &str = "[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"sa@x.com\"\naccount_type = \"security_admin\"\n";

#[test]
fn a_change_cannot_waive_its_own_findings() {
    let old = BASE.to_owned();
    let new = format!(
        "{BASE}# swatch: ignore external-member -- please\n[[member]]\nemail = \"x@gmail.com\"\naccount_type = \"standard_member\"\n"
    );
    let dir = tree(&[
        (
            "old/w.toml",
            format!("[workspace]\nsso_domains = [\"x.com\"]\n{old}").as_bytes(),
        ),
        (
            "new/w.toml",
            format!("[workspace]\nsso_domains = [\"x.com\"]\n{new}").as_bytes(),
        ),
        (
            "new/swatch.toml",
            b"[[ignore]]\nrule = \"member-without-access\"\nreason = \"trust me\"\n",
        ),
    ]);
    let d = json_of(&run_in(
        dir.path(),
        &[
            "diff",
            "old",
            "new",
            "--format",
            "json",
            "--fail-on-new",
            "warning",
        ],
    ));
    let new_rules: Vec<&str> = d["findings"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(new_rules.contains(&"external-member"), "{new_rules:?}");
    assert!(
        new_rules.contains(&"member-without-access"),
        "{new_rules:?}"
    );
    assert_eq!(
        d["awaiting_approval"],
        json!([
            {"kind": "ignore", "rule": "member-without-access", "subject": "*", "reason": "trust me"},
            {"kind": "inline", "rule": "external-member", "subject": "x@gmail.com", "reason": "please"},
        ])
    );
    assert_eq!(d["gates"][0]["passed"], false);
}

#[test]
fn waivers_of_the_base_carry_over() {
    let waived = format!(
        "[workspace]\nsso_domains = [\"x.com\"]\n{BASE}# swatch: ignore external-member -- contractor\n[[member]]\nemail = \"x@gmail.com\"\naccount_type = \"builder\"\n"
    );
    // The entry moves to another file: its inline comment moves with it; the identity matches.
    let dir = tree(&[
        ("old/w.toml", waived.as_bytes()),
        ("new/a.toml", waived.as_bytes()),
    ]);
    let d = json_of(&run_in(
        dir.path(),
        &["diff", "old", "new", "--format", "json"],
    ));
    assert_eq!(d["findings"], json!({"new": [], "resolved": []}));
    assert_eq!(d["awaiting_approval"], json!([]));
}

#[test]
fn errors_are_exit_2_and_name_the_side() {
    let dir = tree(&[
        ("old/w.toml", BASE.as_bytes()),
        ("new/w.toml", b"[[member]]\nemail = 3\n"),
    ]);
    let out = run_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("in NEW (new)"), "{}", out.stderr);
    assert!(out.stderr.contains("w.toml:2:9"), "{}", out.stderr);
    let out = run_in(dir.path(), &["diff", "--base", "HEAD", "."]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not inside a git repository"),
        "{}",
        out.stderr
    );
    assert_eq!(run_in(dir.path(), &["diff", "old"]).code, 2);
    // A missing side is an empty workspace (tests/errors.rs); a file is no side.
    assert_eq!(run_in(dir.path(), &["diff", "old", "old/w.toml"]).code, 2);
    let case = fixtures().join("role-edit");
    let repo = repo_with_two_commits(&case.join("old"), &case.join("new"));
    let out = run_in(repo.path(), &["diff", "--base", "no-such-rev"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown revision `no-such-rev`"),
        "{}",
        out.stderr
    );
    // Nothing was left behind in the repository.
    let status = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert!(
        status.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}

#[test]
fn a_status_change_that_keeps_the_license_is_an_access_change() {
    let member = |status: &str| {
        format!(
            "{BASE}[[member]]\nemail = \"m@x.com\"\naccount_type = \"builder\"\nstatus = \"{status}\"\n"
        )
    };
    let dir = tree(&[
        ("old/w.toml", member("active").as_bytes()),
        ("new/w.toml", member("invited").as_bytes()),
    ]);
    let d = json_of(&run_in(
        dir.path(),
        &["diff", "old", "new", "--format", "json"],
    ));
    assert_eq!(d["changes"], json!([]));
    assert_eq!(
        d["access"]["status_changes"],
        json!([{"email": "m@x.com", "before": "active", "after": "invited"}])
    );
    // Invited members are counted apart: the seat total drops.
    assert_eq!(d["totals"]["after"]["editor"], 2);
}

#[test]
fn invited_members_are_marked_and_the_totals_say_they_are_not_counted() {
    let app = |role: &str| {
        format!(
            "[application]\nname = \"A\"\nowner = \"po@x.com\"\n[roles.Viewer]\npermissions = [\"display_application\"]\ndefault_access = \"read\"\n[roles.Writer]\npermissions = [\"display_application\", \"import_data\"]\ndefault_access = \"read\"\n[members]\n\"inv@x.com\" = \"{role}\"\n"
        )
    };
    let members = format!(
        "{BASE}[[member]]\nemail = \"inv@x.com\"\naccount_type = \"standard_member\"\nstatus = \"invited\"\n"
    );
    let dir = tree(&[
        ("old/w.toml", members.as_bytes()),
        ("old/a.toml", app("Viewer").as_bytes()),
        ("new/w.toml", members.as_bytes()),
        ("new/a.toml", app("Writer").as_bytes()),
    ]);
    let human = run_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    insta::assert_snapshot!("invited_human", human.stdout);
    let markdown = run_in(dir.path(), &["diff", "old", "new", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains("| `inv@x.com` (invited) |"),
        "{}",
        markdown.stdout
    );
    assert!(markdown.stdout.contains("Totals count active members only"));
    let d = json_of(&run_in(
        dir.path(),
        &["diff", "old", "new", "--format", "json"],
    ));
    assert_eq!(d["changes"][0]["status_before"], "invited");
    assert_eq!(d["changes"][0]["status_after"], "invited");
}

#[test]
fn members_added_are_followed_by_a_blank_line() {
    let member = "[[member]]\nemail = \"new@x.com\"\naccount_type = \"standard_member\"\n";
    let dir = tree(&[
        ("old/w.toml", BASE.as_bytes()),
        ("new/w.toml", format!("{BASE}{member}").as_bytes()),
    ]);
    let out = run_in(dir.path(), &["diff", "old", "new"]);
    assert!(
        out.stdout.contains("Members added: new@x.com\n\nLICENSE"),
        "{}",
        out.stdout
    );
}

#[test]
fn markdown_lists_new_errors_before_warnings() {
    // In file order the warning (external member) comes first.
    let new = format!(
        "{BASE}[workspace]\nsso_domains = [\"x.com\"]\n[[member]]\nemail = \"ext@gmail.com\"\naccount_type = \"standard_member\"\n[[api_key]]\nname = \"K\"\nkind = \"import\"\nowner = \"gone@x.com\"\n"
    );
    let old = format!("{BASE}[workspace]\nsso_domains = [\"x.com\"]\n");
    let dir = tree(&[
        ("old/w.toml", old.as_bytes()),
        ("new/w.toml", new.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["diff", "old", "new", "--format", "markdown"]);
    let error = out.stdout.find("| error |").expect("an error row");
    let warning = out.stdout.find("| warning |").expect("a warning row");
    assert!(error < warning, "{}", out.stdout);
}

#[test]
fn a_baselined_finding_that_grows_is_new() {
    let base = |editors: usize| {
        let mut members = String::from(
            "[workspace]\nname = \"Acme\"\n[licenses]\neditor = 4\n[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"sa@x.com\"\naccount_type = \"security_admin\"\n",
        );
        for n in 2..editors {
            members.push_str(&format!(
                "[[member]]\nemail = \"b{n}@x.com\"\naccount_type = \"builder\"\n"
            ));
        }
        members
    };
    let config = "baseline = \"b.json\"\n[rules.over-provisioned-editor]\nseverity = \"off\"\n";
    let baseline = r#"{"version": 1, "findings": [{"rule": "license-over-purchased", "subject": {"kind": "workspace", "name": "Acme"}, "quantity": {"editor": 5}}]}"#;
    let side = |editors: usize| {
        tree(&[
            ("w.toml", base(editors).as_bytes()),
            ("swatch.toml", config.as_bytes()),
            ("b.json", baseline.as_bytes()),
        ])
    };
    let (old, grown, same) = (side(5), side(6), side(5));
    std::fs::write(
        same.path().join("w.toml"),
        base(5).replace("security_admin", "workspace_admin"),
    )
    .unwrap();
    let gate = |new: &tempfile::TempDir| {
        let repo = repo_with_two_commits(old.path(), new.path());
        run_in(
            repo.path(),
            &[
                "diff",
                "--base",
                "HEAD~1",
                "--fail-on-new",
                "error",
                "--format",
                "json",
            ],
        )
    };
    let out = gate(&grown);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let new = &json_of(&out)["findings"]["new"];
    assert_eq!(new[0]["rule"], "license-over-purchased", "{new}");
    assert!(
        new[0]["message"].as_str().unwrap().ends_with(
            "editor 6 used of 4 purchased; the baseline accepts at most 5 editor seats used"
        ),
        "{new}"
    );
    let out = gate(&same);
    assert_eq!(out.code, 0, "5 of 4 stays accepted: {}", out.stdout);
}

#[test]
fn role_sections_count_only_the_changes_each_role_drives() {
    // mixed@ holds two edited roles and rises because of Alpha/Lead only;
    // falling@ holds two cut roles and falls from the one that drove her
    // old license, Alpha/Keeper. Before the fix Beta/Helper counted 2 and
    // Beta/Clerk 1: five movers for three changes.
    let human = diff_folders("role-attribution", &[]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    let section = &human.stdout[human.stdout.find("Role changes").unwrap()..];
    insta::assert_snapshot!("role_attribution_human", section);
    let json = json_of(&diff_folders("role-attribution", &["--format", "json"]));
    let moved: Vec<(String, u64)> = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!(
                    "{}/{}",
                    r["application"].as_str().unwrap(),
                    r["role"].as_str().unwrap()
                ),
                r["members_moved"].as_u64().unwrap(),
            )
        })
        .collect();
    let total: u64 = moved.iter().map(|(_, n)| n).sum();
    assert_eq!(total, json["changes"].as_array().unwrap().len() as u64);
    assert_eq!(
        moved,
        [
            ("Alpha/Keeper".to_owned(), 1),
            ("Alpha/Lead".to_owned(), 1),
            ("Beta/Clerk".to_owned(), 0),
            ("Beta/Helper".to_owned(), 1)
        ]
    );
    let markdown = diff_folders("role-attribution", &["--format", "markdown"]).stdout;
    assert!(
        markdown.contains("moves 0 members to another license"),
        "{markdown}"
    );
    assert!(!markdown.contains("moves 2 members"), "{markdown}");
}

#[test]
fn gate_reasons_name_five_and_count_the_rest() {
    let owner = "[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n";
    let builders: String = (0..1_000)
        .map(|i| format!("[[member]]\nemail = \"b{i:04}@x.com\"\naccount_type = \"builder\"\n"))
        .collect();
    let dir = tree(&[
        ("old/m.toml", owner.as_bytes()),
        ("new/m.toml", format!("{owner}{builders}").as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "diff",
            "old",
            "new",
            "--deny-escalation",
            "--fail-on-new",
            "info",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let d: Value = serde_json::from_str(&out.stdout).expect("json");
    for gate in d["gates"].as_array().expect("gates") {
        let reason = gate["reason"].as_str().expect("a reason");
        assert!(reason.len() < 500, "{reason}");
        assert!(reason.contains(" more"), "{reason}");
    }
    assert!(
        d["gates"][1]["reason"]
            .as_str()
            .unwrap()
            .ends_with("`b0004@x.com` gains the editor license; and 995 more"),
        "{}",
        d["gates"][1]
    );
}
