//! Every markdown output (diff, what-if, drift, report) with names built
//! to be live markup on GitHub: a team mention, a link, an autolinked URL,
//! backticks that would close a code span, and `|` that would split a
//! table row. Each output must keep them inert (in code spans) and keep
//! every table row's cell count; the table lines are snapshotted.

mod common;

use common::{assert_inert_markdown, run_in, tree};

const ROLE: &str = "@acme/security-team [x](https://evil.example/a) `x` | y";
const EMAIL: &str = "m`|`x@evil.example";
const APP: &str = "Plan | @acme-app-team www.evil.example ``";

/// Text that is live outside a code span.
const NEEDLES: &[&str] = &["@acme/", "@acme-", "evil.example", "](", "<b>"];

fn workspace(extra_member: &str) -> String {
    format!(
        r#"[workspace]
name = "@acme/ws-team [w](https://evil.example/w)"
sso_domains = ["acme.com", "@acme/dom [d](https://evil.example/d)", "b.com", "c.com", "d.com", "e.com", "f.com"]

[[member]]
email = "po@acme.com"
account_type = "primary_owner"

[[member]]
email = "{EMAIL}"
name = "[n](https://evil.example/n) @acme/name-team <b>x</b>"
account_type = "standard_member"
{extra_member}
"#
    )
}

fn app(extra_permission: &str, extra_assignment: &str) -> String {
    format!(
        r#"[application]
name = "{APP}"
owner = "po@acme.com"
public_blocks = ["@acme/block [b](https://evil.example/b2) |"]

[roles."{ROLE}"]
permissions = ["display_application", "open_boards"{extra_permission}]
default_access = "read"

[members]
"{EMAIL}" = "{ROLE}"
"ghost|`@evil.example" = "Nope [z](https://evil.example/z) |"
{extra_assignment}

[[automation]]
name = "auto | [a](https://evil.example/auto)"
owner = "gone|@acme.com"
"#
    )
}

const KEYS: &str = r#"[[api_key]]
name = "key | [k](https://evil.example/k) @acme/key-team"
kind = "export"
owner = "m`|`x@evil.example"
"#;

const POLICY: &str = r#"[[rule]]
id = "acme/hostile"
severity = "warning"
subject = "member"
message = "@acme/policy-team see [p](https://evil.example/p) | {email}"
help = "none"

[rule.where]
email = { glob = "new*" }
"#;

fn side(extra_permission: &str, with_new_member: bool) -> Vec<(String, String)> {
    let (member, assignment) = if with_new_member {
        (
            "[[member]]\nemail = \"new`|`[q](https://evil.example/q)@acme.com\"\naccount_type = \"standard_member\"\n",
            format!("\"new`|`[q](https://evil.example/q)@acme.com\" = \"{ROLE}\"\n"),
        )
    } else {
        ("", String::new())
    };
    vec![
        ("workspace.toml".into(), workspace(member)),
        ("apps/a.toml".into(), app(extra_permission, &assignment)),
        ("keys.toml".into(), KEYS.into()),
        ("policies/p.toml".into(), POLICY.into()),
    ]
}

fn hostile_tree() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = Vec::new();
    for (name, text) in side("", false) {
        files.push((format!("old/{name}"), text));
    }
    for (name, text) in side(", \"configure_blocks\"", true) {
        files.push((format!("new/{name}"), text));
    }
    files.push((
        "members.csv".into(),
        format!(
            "Name;Email;Status;Account Type;License Type;Application Access;Last login\n\
             Po;po@acme.com;Active;Primary Owner;Editor;1;\n\
             M;\"{EMAIL}\";Deactivated;Standard Member;Editor;1;\n\
             L;\"live`|`[l](https://evil.example/l)@acme.com\";Active;Standard Member;Explorer;0;\n",
        ),
    ));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    tree(&refs)
}

/// The table rows of `markdown` that hold a hostile name.
fn hostile_rows(markdown: &str) -> String {
    markdown
        .lines()
        .filter(|l| l.starts_with('|') && (l.contains("evil") || l.contains("@acme")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn markdown_of(dir: &std::path::Path, args: &[&str]) -> String {
    let out = run_in(dir, args);
    assert_ne!(out.code, 2, "{args:?}: {}", out.stderr);
    assert!(
        out.stdout.contains("evil.example"),
        "{args:?} shows the names:\n{}",
        out.stdout
    );
    assert_inert_markdown(&out.stdout, NEEDLES);
    out.stdout
}

#[test]
fn diff_markdown_keeps_hostile_names_inert() {
    let dir = hostile_tree();
    let md = markdown_of(
        dir.path(),
        &[
            "diff",
            "old",
            "new",
            "--format",
            "markdown",
            "--deny-escalation",
            "--fail-on-new",
            "info",
        ],
    );
    // The role section and the findings are there, not just the tables.
    assert!(
        md.contains("Role changes") && md.contains("acme/hostile"),
        "{md}"
    );
    insta::assert_snapshot!("diff_rows", hostile_rows(&md));
}

#[test]
fn what_if_markdown_keeps_hostile_names_inert() {
    let dir = hostile_tree();
    let status = format!("{EMAIL}=deactivated");
    let md = markdown_of(
        dir.path(),
        &[
            "what-if", "old", "--status", &status, "--format", "markdown",
        ],
    );
    insta::assert_snapshot!("what_if_rows", hostile_rows(&md));
}

#[test]
fn drift_markdown_keeps_hostile_names_inert() {
    let dir = hostile_tree();
    let md = markdown_of(
        dir.path(),
        &[
            "drift",
            "new",
            "--members",
            "members.csv",
            "--format",
            "markdown",
        ],
    );
    insta::assert_snapshot!("drift_rows", hostile_rows(&md));
}

#[test]
fn report_markdown_keeps_hostile_names_inert() {
    // The old side committed, the new side in the work tree: `--base HEAD`
    // adds the changes section.
    let dir = hostile_tree();
    let repo = dir.path().join("repo");
    let write = |files: Vec<(String, String)>| {
        for (name, text) in files {
            let path = repo.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    };
    write(side("", false));
    common::git(&repo, &["init", "-q"]);
    common::git(&repo, &["add", "-A"]);
    common::git(&repo, &["commit", "-qm", "base"]);
    write(side(", \"configure_blocks\"", true));
    let md = markdown_of(
        &repo,
        &["report", ".", "--format", "markdown", "--base", "HEAD"],
    );
    assert!(md.contains("Changes since"), "{md}");
    insta::assert_snapshot!("report_rows", hostile_rows(&md));
}

/// A name that is live markup outside a code span, tagged to tell them apart.
fn hostile(tag: &str) -> String {
    format!("{tag} @acme/t-{tag} [l](https://evil.example/{tag}) `|` x")
}

/// An application name of the same kind (no `/`: it separates APP/ROLE).
fn hostile_app(tag: &str) -> String {
    format!("{tag} @acme-t-{tag} www.evil.example `|` x")
}

/// An email of the same kind, at `domain`.
fn hostile_email(tag: &str, domain: &str) -> String {
    format!("{tag}`|`[l](https://evil.example/{tag})@{domain}")
}

/// Built-in rules' messages: each name in a code span, whatever the rule.
/// The base has one primary owner and the settings; the change adds a
/// workspace that sets off nearly every rule, so every finding is new and
/// in the comment.
#[test]
fn every_rule_message_keeps_its_names_in_code_spans() {
    let settings = format!(
        "[workspace]\nname = \"W\"\nsso_domains = [\"acme.com\", \"{}\"]\n[licenses]\neditor = 1\n",
        hostile("domain")
    );
    let base = format!(
        "{settings}[[member]]\nemail = \"po@acme.com\"\naccount_type = \"primary_owner\"\n"
    );
    let (owner2, gone, idle, builder, outsider, std_member, unassigned) = (
        hostile_email("owner2", "acme.com"),
        hostile_email("gone", "acme.com"),
        hostile_email("idle", "acme.com"),
        hostile_email("builder", "acme.com"),
        hostile_email("out", "gmail.com"),
        hostile_email("std", "acme.com"),
        hostile_email("none", "acme.com"),
    );
    let member = |email: &str, rest: &str| {
        format!("[[member]]\nemail = \"{email}\"\naccount_type = {rest}\n")
    };
    let members = [
        member("po@acme.com", "\"primary_owner\""),
        member(&owner2, "\"primary_owner\""),
        member(&gone, "\"standard_member\"\nstatus = \"deactivated\""),
        member(&idle, "\"standard_member\"\nlast_active = 2026-01-01"),
        member(&builder, "\"builder\""),
        member(&outsider, "\"standard_member\""),
        member(&std_member, "\"standard_member\"\nseat = \"explorer\""),
        member(&unassigned, "\"standard_member\""),
    ]
    .concat();
    let (app, orphan_app, writer, unused, security) = (
        hostile_app("app"),
        hostile_app("orphan-app"),
        hostile("writer"),
        hostile("unused"),
        hostile("security"),
    );
    let apps = format!(
        r#"[application]
name = "{app}"
owner = "{gone}"
public_blocks = ["{block}", "b2", "b3", "b4", "b5", "b6", "b7"]

[roles."{writer}"]
permissions = ["display_application", "configure_blocks"]
default_access = "write"

[roles."{unused}"]
permissions = ["display_application"]
default_access = "read"

[roles."{security}"]
permissions = ["display_application", "define_application_security"]
default_access = "read"

[members]
"{gone}" = "{writer}"
"{idle}" = "{writer}"
"{std_member}" = "{security}"
"{outsider}" = "Reader"
"{ghost}" = "Reader"
"{builder}" = "{nope}"

[[automation]]
name = "{automation}"
owner = "{gone}"
"#,
        block = hostile("block"),
        ghost = hostile_email("ghost", "acme.com"),
        nope = hostile("nope"),
        automation = hostile("automation"),
    );
    let orphan = format!("[application]\nname = \"{orphan_app}\"\n");
    let keys = format!(
        r#"[[api_key]]
name = "{expired}"
kind = "import"
owner = "{gone}"
created = 2025-01-01
expires = 2026-01-01
last_used = 2026-01-01

[[api_key]]
name = "{stale}"
kind = "export"
owner = "{std_member}"
created = 2025-01-01
last_used = 2026-01-01
"#,
        expired = hostile("expired-key"),
        stale = hostile("stale-key"),
    );
    let files = [
        ("old/workspace.toml".to_owned(), base),
        (
            "new/workspace.toml".to_owned(),
            format!("{settings}{members}"),
        ),
        ("new/apps/a.toml".to_owned(), apps),
        ("new/apps/orphan.toml".to_owned(), orphan),
        ("new/keys.toml".to_owned(), keys),
    ];
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let dir = tree(&refs);
    let md = markdown_of(dir.path(), &["diff", "old", "new", "--format", "markdown"]);
    let rules: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("| ")?.split(" | ").nth(1))
        .filter(|rule| rule.starts_with('`'))
        .collect();
    for rule in [
        "api-key-owner-not-admin",
        "app-security-delegated",
        "deactivated-member-assigned",
        "expired-api-key",
        "external-member",
        "inactive-member",
        "license-over-purchased",
        "member-without-access",
        "missing-app-owner",
        "orphaned-api-key",
        "orphaned-automation",
        "over-provisioned-editor",
        "primary-owner",
        "public-block",
        "role-write-default",
        "stale-api-key",
        "unknown-member",
        "unknown-role",
        "unused-role",
    ] {
        assert!(
            rules.contains(&format!("`{rule}`").as_str()),
            "no {rule} finding in\n{md}"
        );
    }
}

/// Code scanning renders a rule's `help.markdown`: a user rule's texts come
/// from a policy file of the pull request, so they stay inert there, while
/// `help.text` keeps them as written and built-in rules keep their markdown.
#[test]
fn sarif_help_of_a_user_rule_keeps_its_texts_inert() {
    let policy = r#"[[rule]]
id = "acme/hostile"
severity = "warning"
subject = "member"
summary = "@acme/sum-team [s](https://evil.example/s)"
description = """
Ping @acme/desc-team <b>x</b> ![i](https://evil.example/i.png)

```
closed
```
[d](https://evil.example/d)"""
message = "{email} [m](https://evil.example/m)"
help = "@acme/help-team www.evil.example"
[rule.where]
email = { glob = "*@x.com" }
"#;
    let dir = tree(&[
        ("workspace.toml", b"[workspace]\nname = \"W\"\n"),
        (
            "members.toml",
            b"[[member]]\nemail = \"a@x.com\"\naccount_type = \"standard_member\"\n",
        ),
        ("policies/p.toml", policy.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", ".", "--format", "sarif"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let log: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    let user = &rule("acme/hostile")["help"];
    let markdown = user["markdown"].as_str().unwrap();
    assert!(markdown.contains("@acme/desc-team"), "{markdown}");
    assert_inert_markdown(markdown, &["@acme/", "evil.example", "](", "<b>"]);
    assert!(
        user["text"]
            .as_str()
            .unwrap()
            .contains("\n```\nclosed\n```\n")
    );
    let builtin = &rule("external-member")["help"];
    assert_eq!(builtin["markdown"], builtin["text"]);
    assert!(
        builtin["markdown"]
            .as_str()
            .unwrap()
            .starts_with("# external-member\n")
    );
}
