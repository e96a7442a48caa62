//! #9's counts: at most 10,000 ignores ([[ignore]] and inline together) and
//! 10,000 user rules, exit 2 past them; baselines are not capped. Built
//! from scratch in a temporary folder.

mod common;
use common::{run_in, tree};

const MEMBER: &str = "[[member]]\nemail = \"a@x.com\"\naccount_type = \"standard_member\"\n";

fn ignores(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "[[ignore]]\nrule = \"external-member\"\nsubject = \"nobody{i}@x.com\"\nreason = \"r\"\n"
            )
        })
        .collect()
}

#[test]
fn ten_thousand_ignores_are_read_and_one_more_is_exit_2_at_it() {
    let dir = tree(&[
        ("members.toml", MEMBER.as_bytes()),
        ("swatch.toml", ignores(10_000).as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.contains("unused-ignore"));

    let dir = tree(&[
        ("members.toml", MEMBER.as_bytes()),
        ("swatch.toml", ignores(10_001).as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // The 10,001st entry's header, 4 lines each.
    assert!(out.stderr.contains("swatch.toml:40001:1"), "{}", out.stderr);
    assert!(out.stderr.contains("10001 ignores"), "{}", out.stderr);
    assert!(out.stderr.contains("at most 10000"), "{}", out.stderr);
    assert!(out.stderr.contains("--write-baseline"), "{}", out.stderr);
}

#[test]
fn inline_comments_count_with_the_config_entries() {
    let mut members = String::new();
    for i in 0..5_001 {
        members.push_str(&format!(
            "# swatch: ignore external-member -- contractor\n[[member]]\nemail = \"m{i}@x.com\"\naccount_type = \"standard_member\"\n"
        ));
    }
    let dir = tree(&[
        ("members.toml", members.as_bytes()),
        ("swatch.toml", ignores(5_000).as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // The 5,001st inline comment is the 10,001st ignore.
    assert!(
        out.stderr.contains("members.toml:20001:1"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("10001 ignores"), "{}", out.stderr);
}

#[test]
fn ten_thousand_and_one_user_rules_are_exit_2() {
    let rules: String = (0..10_001)
        .map(|i| {
            format!(
                "[[rule]]\nid = \"t/r{i}\"\nseverity = \"warning\"\nsubject = \"member\"\nmessage = \"m\"\n[rule.where]\nemail = \"nobody{i}@x.com\"\n"
            )
        })
        .collect();
    let dir = tree(&[
        ("members.toml", MEMBER.as_bytes()),
        ("policies/p.toml", rules.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // The 10,001st rule's `id`, 7 lines each.
    assert!(out.stderr.contains("p.toml:70002:"), "{}", out.stderr);
    assert!(out.stderr.contains("10001 user rules"), "{}", out.stderr);
    assert!(out.stderr.contains("any_of"), "{}", out.stderr);
}

#[test]
fn a_baseline_has_no_limit() {
    let entries: Vec<String> = (0..10_001)
        .map(|i| {
            format!(
                "{{\"rule\": \"external-member\", \"subject\": {{\"kind\": \"member\", \"name\": \"m{i}@gmail.com\"}}}}"
            )
        })
        .collect();
    let baseline = format!("{{\"version\": 1, \"findings\": [{}]}}", entries.join(","));
    let dir = tree(&[
        ("members.toml", MEMBER.as_bytes()),
        ("baseline.json", baseline.as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.contains("stale-baseline"));
}
