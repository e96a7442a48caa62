//! User rules in `policies/`: every condition kind, aggregates, placeholders,
//! validation errors, severity and suppression, and `swatch test`.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{run, run_in, tree};
use serde_json::Value;

const WORKSPACE: &str = r#"
[workspace]
name = "Policyco"

[[member]]
email = "ann@acme.com"
account_type = "standard_member"
last_active = 2026-11-20

[[member]]
email = "bob@partner.com"
account_type = "builder"
last_active = 2026-06-01

[[member]]
email = "cat@acme.com"
account_type = "standard_member"
status = "invited"

[[api_key]]
name = "Okta SCIM"
kind = "scim"
owner = "ann@acme.com"
expires = 2027-03-01

[[api_key]]
name = "Import"
kind = "import"
owner = "bob@partner.com"

[application]
name = "FP&A"
owner = "ann@acme.com"
public_blocks = ["FX"]

[roles.Planner]
permissions = ["display_application", "import_data", "open_boards"]
default_access = "read"

[members]
"bob@partner.com" = "Planner"
"cat@acme.com" = "Modeler"

[[automation]]
name = "Nightly"
owner = "bob@partner.com"
"#;

/// The subjects a single policy fires on, checked against WORKSPACE.
fn fires(subject: &str, conditions: &str) -> Vec<String> {
    let policy = format!(
        "[[rule]]\nid = \"t/rule\"\nseverity = \"info\"\nsubject = \"{subject}\"\nmessage = \"hit\"\n[rule.where]\n{conditions}\n"
    );
    let dir = tree(&[
        ("w.toml", WORKSPACE.as_bytes()),
        ("policies/p.toml", policy.as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &["check", ".", "--format", "json", "--fail-on", "error"],
    );
    assert!(out.code < 2, "{policy}\n{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "t/rule")
        .map(|f| f["subject"]["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn equality_any_of_and_glob() {
    assert_eq!(
        fires("member", "account_type = \"builder\""),
        ["bob@partner.com"]
    );
    assert_eq!(
        fires("member", "status = [\"invited\", \"deactivated\"]"),
        ["cat@acme.com"]
    );
    assert_eq!(
        fires("member", "email = { glob = \"*@ACME.com\" }"),
        ["ann@acme.com", "cat@acme.com"]
    );
    assert_eq!(
        fires("member", "email = \"ANN@acme.com\""),
        ["ann@acme.com"],
        "emails compare case-insensitively"
    );
    assert_eq!(
        fires("role", "role = { any_of = [\"Planner\"] }\ndefined = true"),
        ["FP&A/Planner"]
    );
    assert_eq!(
        fires("api_key", "kind = { equals = \"scim\" }"),
        ["Okta SCIM"]
    );
}

#[test]
fn numbers_and_dates() {
    assert_eq!(
        fires(
            "member",
            "roles_held = { at_least = 1 }\nstatus = \"active\""
        ),
        ["bob@partner.com"]
    );
    assert_eq!(
        fires("application", "public_blocks = { more_than = 0 }"),
        ["FP&A"]
    );
    assert_eq!(
        fires("application", "public_blocks = { less_than = 1 }"),
        Vec::<String>::new()
    );
    assert_eq!(
        fires("role", "holders = { at_most = 0 }\ndefined = false"),
        [
            "FP&A/Admin",
            "FP&A/Contributor",
            "FP&A/Designer",
            "FP&A/Reader"
        ]
    );
    assert_eq!(
        fires(
            "member",
            "last_active = { days_since = { more_than = 90 } }"
        ),
        ["bob@partner.com"]
    );
    assert_eq!(
        fires("api_key", "expires = { days_until = { less_than = 120 } }"),
        ["Okta SCIM"]
    );
    assert_eq!(fires("api_key", "expires = { missing = true }"), ["Import"]);
    assert_eq!(
        fires("member", "last_active = { before = 2026-07-01 }"),
        ["bob@partner.com"]
    );
    assert_eq!(
        fires("member", "last_active = { after = 2026-07-01 }"),
        ["ann@acme.com"]
    );
}

#[test]
fn licenses_permissions_default_access_and_derived_facts() {
    assert_eq!(
        fires("member", "license = { at_least = \"editor\" }"),
        ["ann@acme.com", "bob@partner.com", "cat@acme.com"]
    );
    assert_eq!(
        fires("assignment", "license = { at_most = \"contributor\" }"),
        Vec::<String>::new()
    );
    assert_eq!(fires("member", "driver_kind = \"owner\""), ["ann@acme.com"]);
    assert_eq!(
        fires("member", "owns_anything = true"),
        ["ann@acme.com", "bob@partner.com"]
    );
    assert_eq!(
        fires("assignment", "grants_write = true"),
        ["FP&A/cat@acme.com"]
    );
    assert_eq!(
        fires(
            "assignment",
            "permissions = { includes_any = [\"import_data\", \"view_history\"] }"
        ),
        ["FP&A/bob@partner.com", "FP&A/cat@acme.com"]
    );
    assert_eq!(
        fires(
            "role",
            "permissions = { includes_all = [\"define_application_security\", \"view_history\"] }"
        ),
        ["FP&A/Admin"]
    );
    assert_eq!(
        fires(
            "role",
            "permissions = { only = [\"display_application\", \"import_data\", \"open_boards\", \"comment_boards\"] }"
        ),
        ["FP&A/Reader", "FP&A/Planner"]
    );
    // A default role is located at its application's name; a defined one at its header.
    assert_eq!(
        fires("role", "default_access = \"read\""),
        ["FP&A/Reader", "FP&A/Planner"]
    );
}

#[test]
fn negation() {
    assert_eq!(
        fires("automation", "not = { owner = { glob = \"*@acme.com\" } }"),
        ["FP&A/Nightly"]
    );
    assert_eq!(
        fires("member", "status = { not = \"active\" }"),
        ["cat@acme.com"]
    );
    assert_eq!(
        fires(
            "api_key",
            "kind = \"scim\"\nnot = { expires = { days_until = { at_most = 365 } } }"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn aggregates_per_application_and_workspace() {
    let per_app = "[[rule]]\nid = \"t/many\"\nseverity = \"warning\"\nsubject = \"assignment\"\nmessage = \"{application}: {count} > {limit}\"\n[rule.count]\nper = \"application\"\nmore_than = 1\n";
    let per_ws = "[[rule]]\nid = \"t/members\"\nseverity = \"warning\"\nsubject = \"member\"\nmessage = \"{count} members, limit {limit}\"\n[rule.count]\nper = \"workspace\"\nmore_than = 2\n";
    let dir = tree(&[
        ("w.toml", WORKSPACE.as_bytes()),
        ("policies/a.toml", per_app.as_bytes()),
        ("policies/b.toml", per_ws.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let many = findings.iter().find(|f| f["rule"] == "t/many").unwrap();
    assert_eq!(many["message"], "FP&A: 2 > 1");
    assert_eq!(
        many["subject"],
        serde_json::json!({"kind": "application", "name": "FP&A"})
    );
    let members = findings.iter().find(|f| f["rule"] == "t/members").unwrap();
    assert_eq!(members["message"], "3 members, limit 2");
    assert_eq!(
        members["subject"],
        serde_json::json!({"kind": "workspace", "name": "Policyco"})
    );
}

#[test]
fn placeholders_fill_message_and_help() {
    let policy = "[[rule]]\nid = \"t/p\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"{email} is {license} via {driver} ({{braces}})\"\nhelp = \"ask {name}\"\n[rule.where]\naccount_type = \"builder\"\n";
    let dir = tree(&[
        ("w.toml", WORKSPACE.as_bytes()),
        ("policies/p.toml", policy.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.code, 1, "an error-severity user rule fails the check");
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "t/p")
        .unwrap();
    assert_eq!(
        f["message"],
        "bob@partner.com is editor via account type builder ({braces})"
    );
    assert_eq!(f["help"], "ask ");
    assert_eq!(
        (f["file"].as_str(), f["line"].as_u64()),
        (Some("w.toml"), Some(11))
    );
}

#[test]
fn every_validation_error_is_exit_2_with_a_place() {
    let rule = |extra: &str| {
        format!(
            "[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"m\"\n{extra}"
        )
    };
    let cases: Vec<(String, &str)> = vec![
        (rule("[rule.where]\nemial = \"a\"\n"), "did you mean `email`?"),
        (rule("[rule.where]\nemail = { glob = \"[\" }\n"), "invalid glob"),
        (rule("[rule.where]\nlast_active = { before = 2026-02-30 }\n"), "invalid date"),
        (rule("[rule.where]\nlast_active = { before = \"2026-01-01\" }\n"), "dates are YYYY-MM-DD, unquoted"),
        (rule("[rule.where]\naccount_type = \"bulder\"\n"), "did you mean `builder`?"),
        (rule("[rule.where]\nemail = { globb = \"*\" }\n"), "did you mean `glob`?"),
        (rule("[rule.where]\nlast_active = { glob = \"*\" }\n"), "`glob` does not apply to a date"),
        (rule("[rule.where]\nlicense = { at_least = \"wizard\" }\n"), "unknown license `wizard`"),
        (rule("help = \"{emali}\"\n"), "did you mean `{email}`?"),
        ("[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"role\"\nmessage = \"m\"\n[rule.where]\npermissions = { includes_any = [\"import_dat\"] }\n".to_owned(), "did you mean `import_data`?"),
        ("[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"memebr\"\nmessage = \"m\"\n".to_owned(), "did you mean `member`?"),
        ("[[rule]]\nid = \"no-namespace\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"m\"\n".to_owned(), "namespaced with a `/`"),
        ("[[rule]]\nid = \"t/x\"\nsubject = \"member\"\nmessage = \"m\"\n".to_owned(), "[[rule]] has no `severity`"),
        (format!("{}{}", rule(""), rule("")), "the rule id `t/x` is used twice"),
        ("[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"m\"\n[rule.count]\nper = \"application\"\nmore_than = 1\n".to_owned(), "only assignments, roles and automations belong to an application"),
    ];
    for (policy, expected) in cases {
        let dir = tree(&[
            ("w.toml", WORKSPACE.as_bytes()),
            ("policies/p.toml", policy.as_bytes()),
        ]);
        let out = run_in(dir.path(), &["check", "."]);
        assert_eq!(out.code, 2, "{policy}\n{}", out.stderr);
        assert!(
            out.stderr.contains(expected),
            "expected {expected:?} for\n{policy}\nin:\n{}",
            out.stderr
        );
        assert!(out.stderr.contains("policies/p.toml:"), "{}", out.stderr);
    }
}

#[test]
fn user_rules_can_be_switched_off_and_suppressed() {
    let policy = "[[rule]]\nid = \"t/builders\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"builder\"\n[rule.where]\naccount_type = \"builder\"\n";
    let check = |config: &[u8], workspace: &str| {
        let dir = tree(&[
            ("w.toml", workspace.as_bytes()),
            ("policies/p.toml", policy.as_bytes()),
            ("swatch.toml", config),
        ]);
        let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
        assert!(out.code < 2, "{}", out.stderr);
        out.stdout.contains("\"t/builders\"")
    };
    assert!(check(b"", WORKSPACE));
    assert!(!check(
        b"[rules.\"t/builders\"]\nseverity = \"off\"\n",
        WORKSPACE
    ));
    assert!(!check(
        b"[[ignore]]\nrule = \"t/builders\"\nsubject = \"bob@*\"\nreason = \"approved\"\n",
        WORKSPACE
    ));
    let inline = WORKSPACE.replace(
        "email = \"bob@partner.com\"",
        "# swatch: ignore t/builders -- approved by SEC-1\nemail = \"bob@partner.com\"",
    );
    assert!(!check(b"", &inline));
    // The severity override shows in `swatch rules`.
    let dir = tree(&[
        ("policies/p.toml", policy.as_bytes()),
        (
            "swatch.toml",
            b"[rules.\"t/builders\"]\nseverity = \"info\"\n",
        ),
    ]);
    let rules: Value =
        serde_json::from_str(&run_in(dir.path(), &["rules", ".", "--format", "json"]).stdout)
            .unwrap();
    let user = rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "t/builders")
        .unwrap();
    assert_eq!(
        (user["severity"].as_str(), user["source"].as_str()),
        (Some("info"), Some("user"))
    );
}

#[test]
fn swatch_test_runs_examples_and_fails_like_a_test_runner() {
    let out = run(&["test"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("result: 11 passed, 0 failed"),
        "{}",
        out.stdout
    );
    let wrong = "[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"m\"\n[rule.where]\naccount_type = \"builder\"\n[[rule.example]]\nname = \"expects the wrong member\"\nfires_on = [\"someone@else.com\"]\nworkspace = '''\n[[member]]\nemail = \"b@x.com\"\naccount_type = \"builder\"\n'''\n[[rule.example]]\nname = \"a broken workspace\"\nfires_on = []\nworkspace = '''\n[[member]]\nemail = 3\n'''\n";
    let dir = tree(&[("policies/p.toml", wrong.as_bytes())]);
    let out = run_in(dir.path(), &["test", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    insta::assert_snapshot!("failing_examples", out.stdout);
}

#[test]
fn explain_prints_a_user_rule() {
    let out = run(&["explain", "acme/scim-keys-expire", "--format", "markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("# acme/scim-keys-expire"));
    assert!(out.stdout.contains("policies/integrations.toml:4:6"));
}

#[test]
fn hostile_policy_text_is_escaped() {
    let policy = "[[rule]]\nid = \"t/evil\"\nseverity = \"info\"\nsubject = \"member\"\nmessage = \"\\u001b[2J{email}\"\ndescription = \"line one\\nline \\u202e two \\u001b[31m\"\n[rule.where]\nstatus = \"active\"\n";
    let workspace = "[[member]]\nemail = \"a@x.com\"\nname = \"=cmd|' /C calc'!A0 \\u001b[31m\"\naccount_type = \"primary_owner\"\n";
    let dir = tree(&[
        ("w.toml", workspace.as_bytes()),
        ("policies/p.toml", policy.as_bytes()),
    ]);
    for args in [
        &["explain", "t/evil", "--path", "."][..],
        &["check", "."][..],
        &["check", ".", "--format", "github"][..],
        &["licenses", ".", "--format", "csv"][..],
        &["rules", "."][..],
    ] {
        let out = run_in(dir.path(), args);
        assert!(out.code < 2, "{args:?}: {}", out.stderr);
        assert!(
            !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{202e}'),
            "{args:?} printed a raw control character:\n{}",
            out.stdout
        );
    }
    let csv = run_in(dir.path(), &["licenses", ".", "--format", "csv"]).stdout;
    assert!(csv.contains("'=cmd"), "formulas are defused: {csv}");
}

/// `swatch check`'s stderr for WORKSPACE and `policy`, which must be invalid.
fn invalid_policy(policy: &str) -> String {
    let dir = tree(&[
        ("w.toml", WORKSPACE.as_bytes()),
        ("policies/p.toml", policy.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{policy}\n{}", out.stderr);
    out.stderr
}

/// A member rule whose `[rule.where]` (line 7) is `condition`.
fn member_rule(condition: &str) -> String {
    format!(
        "[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"m\"\n[rule.where]\n{condition}\n"
    )
}

/// `u64::MAX` wrapped to -1, so `{ more_than = 18446744073709551615 }`
/// fired on everyone. Every number a policy compares with is now 0 to
/// 1,000,000 (days 0 to 36,500), refused at its place with the range.
#[test]
fn every_threshold_is_range_checked_at_its_place() {
    let counts = "0 to 1,000,000";
    let days = "0 to 36,500";
    let cases = [
        (
            "roles_held = { more_than = 18446744073709551615 }",
            "18446744073709551615",
            "`more_than`",
            counts,
        ),
        (
            "roles_held = { less_than = 1000001 }",
            "1000001",
            "`less_than`",
            counts,
        ),
        ("roles_held = { at_least = -1 }", "-1", "`at_least`", counts),
        (
            "roles_held = { at_most = 99999999999999999999999 }",
            "99999999999999999999999",
            "`at_most`",
            counts,
        ),
        ("roles_held = 1000001", "1000001", "`roles_held`", counts),
        (
            "applications_owned = [1, 2000000]",
            "2000000",
            "`applications_owned`",
            counts,
        ),
        (
            "roles_held = { not = { equals = -5 } }",
            "-5",
            "`roles_held`",
            counts,
        ),
        (
            "last_active = { days_since = { more_than = 36501 } }",
            "36501",
            "`more_than` in `days_since`",
            days,
        ),
        (
            "last_active = { days_until = { at_most = -1 } }",
            "-1",
            "`at_most` in `days_until`",
            days,
        ),
    ];
    for (condition, number, what, range) in cases {
        let stderr = invalid_policy(&member_rule(condition));
        let column = condition.find(number).unwrap() + 1;
        for expected in [
            "swatch::policy::out_of_range".to_owned(),
            format!("{what} must be {range}, found {number}"),
            format!("policies/p.toml:7:{column}]"),
            format!("not {range}"),
            "help: ".to_owned(),
        ] {
            assert!(
                stderr.contains(&expected),
                "{condition}: expected {expected:?} in\n{stderr}"
            );
        }
    }
    let count = "[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"assignment\"\nmessage = \"m\"\n[rule.count]\nper = \"workspace\"\nmore_than = 1000001\n";
    let stderr = invalid_policy(count);
    assert!(
        stderr.contains("`more_than` in [rule.count] must be 0 to 1,000,000, found 1000001"),
        "{stderr}"
    );
    assert!(stderr.contains("policies/p.toml:8:13]"), "{stderr}");
    assert!(stderr.contains("e.g. `more_than = 5`"), "{stderr}");
}

#[test]
fn thresholds_at_the_ends_of_their_range_are_read() {
    assert_eq!(
        fires("member", "roles_held = { at_most = 1000000 }").len(),
        3
    );
    assert_eq!(fires("member", "roles_held = { at_least = 0 }").len(), 3);
    assert!(fires("member", "roles_held = 1000000").is_empty());
    assert_eq!(
        fires(
            "member",
            "last_active = { days_since = { at_most = 36500 } }"
        ),
        ["ann@acme.com", "bob@partner.com"]
    );
    assert_eq!(
        fires("api_key", "expires = { days_until = { at_least = 0 } }"),
        ["Okta SCIM"]
    );
}

/// A number or a boolean always has a value, so `missing` never held
/// there; the parser accepted it and the help did not list it. It is now
/// refused, saying what to compare instead; the help lists what is taken.
#[test]
fn missing_on_a_number_or_boolean_is_refused_with_what_to_write() {
    for (subject, condition, expected) in [
        (
            "member",
            "roles_held = { missing = true }",
            "`missing` does not apply to a number",
        ),
        (
            "member",
            "roles_held = { not = { missing = true } }",
            "compare it instead, e.g. `roles_held = 0`",
        ),
        (
            "role",
            "holders = { missing = false }",
            "a number takes: equals, any_of, more_than, less_than, at_least, at_most, not",
        ),
        (
            "member",
            "owns_anything = { missing = true }",
            "`missing` does not apply to true or false",
        ),
        (
            "assignment",
            "grants_write = { missing = true }",
            "compare it instead, e.g. `grants_write = false`",
        ),
    ] {
        let policy = format!(
            "[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"{subject}\"\nmessage = \"m\"\n[rule.where]\n{condition}\n"
        );
        let stderr = invalid_policy(&policy);
        // The hint is wrapped at the terminal's width: compare it unwrapped.
        let unwrapped = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            unwrapped.contains(expected),
            "{condition}: expected {expected:?} in\n{stderr}"
        );
        assert!(
            stderr.contains("swatch::policy::wrong_operator"),
            "{stderr}"
        );
    }
    // Where a value can be absent, `missing` still applies.
    assert_eq!(fires("member", "name = { missing = true }").len(), 3);
    assert_eq!(fires("role", "permissions = { missing = true }").len(), 0);
}

/// `[rule.count]` without `per` or `more_than` used to count nothing and
/// fire per subject, silently; both keys are required.
#[test]
fn a_count_needs_per_and_more_than() {
    let count = |body: &str| {
        format!(
            "[[rule]]\nid = \"t/x\"\nseverity = \"error\"\nsubject = \"assignment\"\nmessage = \"m\"\n[rule.count]\n{body}"
        )
    };
    let stderr = invalid_policy(&count("per = \"workspace\"\n"));
    assert!(
        stderr.contains("[rule.count] has no `more_than`"),
        "{stderr}"
    );
    let stderr = invalid_policy(&count("more_than = 2\n"));
    assert!(stderr.contains("[rule.count] has no `per`"), "{stderr}");
    let stderr = invalid_policy(&count("per = \"workspace\"\nmore_tan = 2\n"));
    assert!(
        stderr.contains("did you mean `more_than`? ([rule.count] needs `more_than`)"),
        "{stderr}"
    );
}
