//! Hostile input built from scratch: output stays bounded, nothing panics.

mod common;
use common::{run_in, tree};

const MEMBER: &str = "[[member]]\nemail = \"a@x.com\"\naccount_type = \"standard_member\"\n";

#[test]
fn a_syntax_error_past_column_65535_is_exit_2_with_a_short_snippet() {
    let text = format!("{MEMBER}name = \"{}\" = 1\n", "x".repeat(70_000));
    let dir = tree(&[("members.toml", text.as_bytes())]);
    for format in ["human", "github"] {
        let out = run_in(dir.path(), &["check", ".", "--format", format]);
        assert_eq!(out.code, 2, "{format}: {}", out.stderr);
        assert!(out.stderr.contains("members.toml:4:"), "{}", out.stderr);
        assert!(
            out.stderr.len() < 2_000,
            "{format}: {} bytes",
            out.stderr.len()
        );
        assert!(out.stderr.lines().all(|l| l.chars().count() < 200));
    }
}

#[test]
fn a_finding_on_a_long_line_prints_a_window_of_it() {
    let mut text = MEMBER.to_owned();
    for i in 0..50 {
        text.push_str(&format!(
            "[[member]] # {long}\nemail = \"m{i}@x.com\" # {long}\naccount_type = \"standard_member\"\nstatus = \"deactivated\"\n",
            long = "y".repeat(70_000)
        ));
    }
    let dir = tree(&[("members.toml", text.as_bytes())]);
    for format in ["human", "github"] {
        let out = run_in(dir.path(), &["check", ".", "--format", format]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(all.len() < 100_000, "{format}: {} bytes", all.len());
    }
}

#[test]
fn unknown_role_help_is_capped() {
    let mut app = "[application]\nname = \"A\"\nowner = \"a@x.com\"\n".to_owned();
    for i in 0..3_000 {
        app.push_str(&format!(
            "[roles.R{i:05}]\npermissions = []\ndefault_access = \"read\"\n"
        ));
    }
    app.push_str("[members]\n");
    for i in 0..300 {
        app.push_str(&format!("\"u{i}@x.com\" = \"Nope{i}\"\n"));
    }
    let mut members = MEMBER.to_owned();
    for i in 0..300 {
        members.push_str(&format!(
            "[[member]]\nemail = \"u{i}@x.com\"\naccount_type = \"standard_member\"\n"
        ));
    }
    let dir = tree(&[
        ("members.toml", members.as_bytes()),
        ("apps/a.toml", app.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let helps: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "unknown-role")
        .filter_map(|f| f["help"].as_str())
        .collect();
    assert_eq!(helps.len(), 300);
    for help in helps {
        assert!(help.len() < 300 && help.contains("more"), "{help}");
    }
}

#[test]
fn a_rule_id_with_an_osc_52_sequence_is_refused() {
    // OSC 52 would write the reviewer's clipboard if it reached a terminal raw.
    let policy = "[[rule]]\nid = \"acme/x\\u001B]52;c;aGk=\\u0007\"\nseverity = \"error\"\nsubject = \"member\"\nmessage = \"m\"\n";
    let dir = tree(&[
        ("members.toml", MEMBER.as_bytes()),
        ("policies/p.toml", policy.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("characters a rule id cannot have"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{1b}') && !out.stdout.contains('\u{1b}'));
}

#[test]
fn nesting_past_128_is_refused_before_parsing_naming_the_limit_and_where() {
    // A million `[` took the parser 390 MB before it gave up (#9).
    let depth = 1_000_000;
    let text = format!("{MEMBER}x = {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let dir = tree(&[("members.toml", text.as_bytes())]);
    for format in ["human", "github"] {
        let out = run_in(dir.path(), &["check", ".", "--format", format]);
        assert_eq!(out.code, 2, "{format}: {}", out.stderr);
        assert!(
            out.stderr.contains("nested more than 128 deep"),
            "{format}: {}",
            out.stderr
        );
        // The 129th `[`: line 4, after `x = ` and 128 others.
        assert!(out.stderr.contains("members.toml:4:133"), "{}", out.stderr);
    }
}
