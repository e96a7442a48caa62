//! `swatch diff`'s access changes: typed in the JSON (a kind and fields
//! beside each sentence), deactivated members, unknown roles.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{Output, run_in, tree};
use serde_json::{Value, json};

const MEMBERS: &str = "[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"sa@x.com\"\naccount_type = \"security_admin\"\n";

const PLAN: &str = "[application]\nname = \"Plan\"\nowner = \"po@x.com\"\n[roles.Viewer]\npermissions = [\"display_application\"]\ndefault_access = \"read\"\n[roles.Guard]\npermissions = [\"display_application\", \"define_application_security\"]\ndefault_access = \"read\"\n[members]\n\"m@x.com\" = \"Viewer\"\n[[automation]]\nname = \"Nightly\"\nowner = \"po@x.com\"\n";

const OPS: &str = "[application]\nname = \"Ops\"\nowner = \"po@x.com\"\n";

/// Two sides: `m@x.com` becomes a workspace admin and gets a role with
/// `define_application_security`; `Ops` passes to `sa@x.com`; the API key
/// changes owner; an automation is renamed; `[pricing]` is edited.
fn typed_change() -> tempfile::TempDir {
    let member = |account_type: &str| {
        format!("[[member]]\nemail = \"m@x.com\"\naccount_type = \"{account_type}\"\n")
    };
    let key = |owner: &str| {
        format!("[[api_key]]\nname = \"K\"\nkind = \"import\"\nowner = \"{owner}\"\n")
    };
    let old = format!("{MEMBERS}{}{}", member("standard_member"), key("sa@x.com"));
    let new = format!(
        "[pricing]\neditor = 1\n{MEMBERS}{}{}",
        member("workspace_admin"),
        key("po@x.com")
    );
    let plan = PLAN
        .replace("\"m@x.com\" = \"Viewer\"", "\"m@x.com\" = \"Guard\"")
        .replace("Nightly", "Hourly");
    tree(&[
        ("old/w.toml", old.as_bytes()),
        ("old/plan.toml", PLAN.as_bytes()),
        ("old/ops.toml", OPS.as_bytes()),
        ("new/w.toml", new.as_bytes()),
        ("new/plan.toml", plan.as_bytes()),
        (
            "new/ops.toml",
            OPS.replace("po@x.com", "sa@x.com").as_bytes(),
        ),
    ])
}

#[test]
fn escalations_are_typed_with_their_sentence_as_message() {
    let dir = typed_change();
    let d = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]).json();
    let escalations = d["access"]["escalations"].as_array().unwrap();
    let kinds: Vec<&str> = escalations
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "top_license_gained",
            "write_gained",
            "security_gained",
            "security_gained",
            "admin_gained",
            "setting_edited"
        ]
    );
    let null = Value::Null;
    let entry = |kind: &str, email: &str| {
        escalations
            .iter()
            .find(|e| e["kind"] == kind && e["email"] == *email)
            .unwrap_or_else(|| panic!("no {kind} for {email}: {escalations:?}"))
    };
    assert_eq!(
        entry("security_gained", "m@x.com"),
        &json!({"kind": "security_gained", "email": "m@x.com", "application": "Plan",
                "permission": "define_application_security", "license": null,
                "account_type": null, "key": null,
                "message": "`m@x.com` gains `define_application_security` in `Plan`"})
    );
    assert_eq!(
        entry("top_license_gained", "m@x.com")["license"],
        json!("editor")
    );
    assert_eq!(
        entry("admin_gained", "m@x.com")["account_type"],
        json!("workspace_admin")
    );
    assert_eq!(
        entry("write_gained", "sa@x.com")["application"],
        json!("Ops")
    );
    let setting = &escalations[5];
    assert_eq!(
        (&setting["key"], &setting["email"]),
        (&json!("pricing.editor"), &null)
    );
    // The gate says the same sentences.
    let gated = run_in(
        dir.path(),
        &[
            "diff",
            "old",
            "new",
            "--format",
            "json",
            "--deny-escalation",
        ],
    )
    .json();
    let reason = gated["gates"][0]["reason"].as_str().unwrap();
    for e in &escalations[..5] {
        assert!(reason.contains(e["message"].as_str().unwrap()), "{reason}");
    }
}

#[test]
fn owner_changes_and_role_moves_are_typed() {
    let dir = typed_change();
    let d = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]).json();
    let access = &d["access"];
    assert_eq!(
        access["api_keys"],
        json!([{"name": "K", "status": "owner_changed", "owner_before": "sa@x.com",
                "owner_after": "po@x.com", "kind": "api_key", "application": null,
                "message": "API key `K` changes owner from `sa@x.com` to `po@x.com`"}])
    );
    assert_eq!(
        access["automations"][0],
        json!({"name": "Plan/Hourly", "status": "added", "owner_before": null,
               "owner_after": "po@x.com", "kind": "automation", "application": "Plan",
               "automation": "Hourly",
               "message": "automation `Plan/Hourly` added, owned by `po@x.com`"})
    );
    assert_eq!(access["automations"][1]["status"], "removed");
    assert_eq!(
        access["applications"][0],
        json!({"name": "Ops", "status": "owner_changed", "owner_before": "po@x.com",
               "owner_after": "sa@x.com", "kind": "application", "application": "Ops",
               "message": "application `Ops` changes owner from `po@x.com` to `sa@x.com`"})
    );
    let moved = &access["roles"][0];
    assert_eq!(
        (&moved["kind"], &moved["before"], &moved["after"]),
        (&json!("reassigned"), &json!("Viewer"), &json!("Guard"))
    );
    assert_eq!(
        moved["message"],
        "`m@x.com` moves from `Viewer` to `Guard` in `Plan`"
    );
    // The human report's lines about roles, owners and gains are the JSON's messages.
    let human = run_in(dir.path(), &["diff", "old", "new"]).stdout;
    let section = &human[human.find("Access changes\n").unwrap()..];
    let messages = d.to_string();
    let untyped = [
        " changes account type ",
        " changes status ",
        " loses write access ",
    ];
    for line in section.lines().skip(1).take_while(|l| !l.is_empty()) {
        let line = line.trim();
        if untyped.iter().any(|u| line.contains(u)) {
            continue;
        }
        assert!(
            messages.contains(&serde_json::to_string(line).unwrap()),
            "{line}"
        );
    }
}

/// `d@x.com` with `status` (omitted: active) and, when given, the role
/// `Writer` (write by default) in `A`.
fn deactivation_side(status: &str, role: bool) -> (String, String) {
    let status = if status == "active" {
        String::new()
    } else {
        format!("status = \"{status}\"\n")
    };
    let members = format!(
        "{MEMBERS}[[member]]\nemail = \"d@x.com\"\naccount_type = \"standard_member\"\n{status}"
    );
    let mut app = String::from(
        "[application]\nname = \"A\"\nowner = \"po@x.com\"\n[roles.Writer]\npermissions = [\"display_application\", \"import_data\"]\ndefault_access = \"write\"\n[members]\n\"sa@x.com\" = \"Writer\"\n",
    );
    if role {
        app.push_str("\"d@x.com\" = \"Writer\"\n");
    }
    (members, app)
}

fn deactivation_diff(old: (&str, bool), new: (&str, bool), extra: &[&str]) -> Output {
    let (old_members, old_app) = deactivation_side(old.0, old.1);
    let (new_members, new_app) = deactivation_side(new.0, new.1);
    let dir = tree(&[
        ("old/w.toml", old_members.as_bytes()),
        ("old/a.toml", old_app.as_bytes()),
        ("new/w.toml", new_members.as_bytes()),
        ("new/a.toml", new_app.as_bytes()),
    ]);
    let mut args = vec!["diff", "old", "new", "--deny-escalation"];
    args.extend(extra);
    run_in(dir.path(), &args)
}

#[test]
fn a_deactivated_member_who_gets_a_role_gains_no_access() {
    let out = deactivation_diff(("deactivated", false), ("deactivated", true), &[]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("`d@x.com` gets `Writer` in `A` (deactivated)\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("gate deny-escalation: passed (nobody gains rights)"),
        "{}",
        out.stdout
    );
    let markdown = deactivation_diff(
        ("deactivated", false),
        ("deactivated", true),
        &["--format", "markdown"],
    );
    assert!(
        markdown
            .stdout
            .contains("- `d@x.com` gets `Writer` in `A` (deactivated)\n"),
        "{}",
        markdown.stdout
    );
    let d = deactivation_diff(
        ("deactivated", false),
        ("deactivated", true),
        &["--format", "json"],
    )
    .json();
    assert_eq!(d["access"]["write_gained"], json!([]));
    assert_eq!(d["access"]["escalations"], json!([]));
    let moved = &d["access"]["roles"][0];
    assert_eq!(
        (
            &moved["kind"],
            &moved["status_before"],
            &moved["status_after"]
        ),
        (
            &json!("assigned"),
            &json!("deactivated"),
            &json!("deactivated")
        )
    );
}

#[test]
fn reactivating_a_member_who_holds_roles_gains_access() {
    let out = deactivation_diff(
        ("deactivated", true),
        ("active", true),
        &["--format", "json"],
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    let d = out.json();
    assert_eq!(
        d["access"]["write_gained"],
        json!([{"application": "A", "email": "d@x.com"}])
    );
    assert_eq!(d["access"]["escalations"][0]["kind"], "write_gained");
    assert_eq!(d["gates"][0]["passed"], false);
    // The license table says why the member had none.
    let human = deactivation_diff(("deactivated", true), ("active", true), &[]);
    assert!(
        human.stdout.contains("d@x.com (was deactivated)  -"),
        "{}",
        human.stdout
    );
}

#[test]
fn deactivating_a_member_takes_their_access() {
    let out = deactivation_diff(
        ("active", true),
        ("deactivated", true),
        &["--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    let d = out.json();
    assert_eq!(
        d["access"]["write_lost"],
        json!([{"application": "A", "email": "d@x.com"}])
    );
    let human = deactivation_diff(("active", true), ("deactivated", true), &[]);
    assert!(
        human.stdout.contains("d@x.com (deactivated)  contributor"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("`d@x.com` loses write access in `A`\n"),
        "{}",
        human.stdout
    );
}

const PLANNERS: &str = "[[member]]\nemail = \"g@x.com\"\naccount_type = \"standard_member\"\n[[member]]\nemail = \"n@x.com\"\naccount_type = \"standard_member\"\n[[member]]\nemail = \"u@x.com\"\naccount_type = \"standard_member\"\n";

fn planning(assignments: &str) -> String {
    format!(
        "[application]\nname = \"A\"\nowner = \"po@x.com\"\n[roles.Planner]\npermissions = [\"display_application\", \"import_data\"]\ndefault_access = \"read\"\n[members]\n{assignments}"
    )
}

#[test]
fn assignments_to_unknown_roles_are_shown_when_they_change() {
    let members = format!("{MEMBERS}{PLANNERS}");
    let old = planning("\"g@x.com\" = \"Ghost\"\n\"u@x.com\" = \"Plnner\"\n");
    let new = planning("\"n@x.com\" = \"Nope\"\n\"u@x.com\" = \"Planner\"\n");
    let dir = tree(&[
        ("old/w.toml", members.as_bytes()),
        ("old/a.toml", old.as_bytes()),
        ("new/w.toml", members.as_bytes()),
        ("new/a.toml", new.as_bytes()),
    ]);
    let human = run_in(dir.path(), &["diff", "old", "new"]).stdout;
    for line in [
        "`g@x.com` loses `Ghost` (unknown role) in `A`",
        "`n@x.com` gets `Nope` (unknown role) in `A`",
        "`u@x.com` moves from `Plnner` (unknown role) to `Planner` in `A`",
    ] {
        assert!(human.contains(&format!("  {line}\n")), "{line}:\n{human}");
    }
    let d = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]).json();
    let moves: Vec<Value> = d["access"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            json!([
                m["email"],
                m["kind"],
                m["before"],
                m["after"],
                m["unknown_before"],
                m["unknown_after"]
            ])
        })
        .collect();
    assert_eq!(
        moves,
        [
            json!(["g@x.com", "unassigned", "Ghost", null, true, false]),
            json!(["n@x.com", "assigned", null, "Nope", false, true]),
            json!(["u@x.com", "reassigned", "Plnner", "Planner", true, false]),
        ]
    );
    // An unknown role grants nothing: nobody gains write or security.
    assert_eq!(d["access"]["write_gained"], json!([]));
}

#[test]
fn a_role_that_comes_to_exist_is_a_move_from_unknown() {
    let members = format!("{MEMBERS}{PLANNERS}");
    let old = planning("\"u@x.com\" = \"Extra\"\n");
    let new = format!(
        "{}[roles.Extra]\npermissions = [\"display_application\"]\ndefault_access = \"write\"\n",
        planning("\"u@x.com\" = \"Extra\"\n")
    );
    let dir = tree(&[
        ("old/w.toml", members.as_bytes()),
        ("old/a.toml", old.as_bytes()),
        ("new/w.toml", members.as_bytes()),
        ("new/a.toml", new.as_bytes()),
    ]);
    let human = run_in(dir.path(), &["diff", "old", "new"]).stdout;
    assert!(
        human.contains("  `u@x.com` moves from `Extra` (unknown role) to `Extra` in `A`\n"),
        "{human}"
    );
    assert!(
        human.contains("  `u@x.com` gains write access in `A`\n"),
        "{human}"
    );
}

#[test]
fn what_if_shows_the_unknown_role_it_replaces_or_removes() {
    let members = format!("{MEMBERS}{PLANNERS}");
    let app = planning("\"u@x.com\" = \"Plnner\"\n");
    let dir = tree(&[("w.toml", members.as_bytes()), ("a.toml", app.as_bytes())]);
    let assign = run_in(
        dir.path(),
        &["what-if", ".", "--assign", "A/u@x.com=Planner"],
    );
    assert_eq!(assign.code, 0, "{}", assign.stderr);
    assert!(
        assign
            .stdout
            .contains("  `u@x.com` moves from `Plnner` (unknown role) to `Planner` in `A`\n"),
        "{}",
        assign.stdout
    );
    let unassign = run_in(dir.path(), &["what-if", ".", "--unassign", "A/u@x.com"]);
    assert_eq!(unassign.code, 0, "{}", unassign.stderr);
    assert!(
        unassign
            .stdout
            .contains("  `u@x.com` loses `Plnner` (unknown role) in `A`\n"),
        "{}",
        unassign.stdout
    );
}
