//! Sizes of findings (seats over purchase, a counting policy's count): a
//! baseline and `[[ignore]] max` accept a finding only up to a size, so it
//! is reported again when it grows.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{run_in, tree};
use serde_json::Value;
use std::path::Path;

/// Other rules off, so each test sees only the findings it is about.
const QUIET: &str =
    "[rules.over-provisioned-editor]\nseverity = \"off\"\n[rules.last-admin]\nseverity = \"off\"\n";

/// A workspace with 4 editor seats bought and `editors` held: the primary
/// owner and builders.
fn workspace(editors: usize) -> String {
    let mut text = "[workspace]\nname = \"Acme\"\n\n[licenses]\neditor = 4\n\n[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n".to_owned();
    for n in 1..editors {
        text.push_str(&format!(
            "\n[[member]]\nemail = \"b{n}@x.com\"\naccount_type = \"builder\"\n"
        ));
    }
    text
}

/// (rule, message) of each finding `check --format json` reports.
fn reported(dir: &Path) -> (i32, Vec<(String, String)>) {
    let out = run_in(
        dir,
        &["check", ".", "--format", "json", "--fail-on", "info"],
    );
    let json: Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let findings = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (out.code, findings)
}

fn messages_of<'a>(findings: &'a [(String, String)], rule: &str) -> Vec<&'a str> {
    findings
        .iter()
        .filter(|(r, _)| r == rule)
        .map(|(_, m)| m.as_str())
        .collect()
}

#[test]
fn a_baselined_size_stays_hidden_until_it_grows() {
    let dir = tree(&[
        ("w.toml", workspace(5).as_bytes()),
        ("swatch.toml", QUIET.as_bytes()),
    ]);
    let p = dir.path();
    let wrote = run_in(p, &["check", ".", "--write-baseline", "b.json"]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(p.join("b.json")).unwrap()).unwrap();
    assert_eq!(
        baseline["findings"][0]["quantity"],
        serde_json::json!({"editor": 5})
    );
    std::fs::write(
        p.join("swatch.toml"),
        format!("baseline = \"b.json\"\n{QUIET}"),
    )
    .unwrap();
    assert_eq!(
        reported(p),
        (0, vec![]),
        "5 of 4 is what the baseline accepted"
    );

    std::fs::write(p.join("w.toml"), workspace(6)).unwrap();
    let (code, findings) = reported(p);
    assert_eq!(code, 1);
    assert_eq!(
        messages_of(&findings, "license-over-purchased"),
        [
            "more members hold a license than were purchased: editor 6 used of 4 purchased; the baseline accepts at most 5 editor seats used"
        ]
    );
    insta::assert_snapshot!("grown_past_the_baseline", run_in(p, &["check", "."]).stdout);

    // Back within what was accepted: hidden again.
    std::fs::write(p.join("w.toml"), workspace(5)).unwrap();
    assert_eq!(reported(p), (0, vec![]));
    // Within the purchase: nothing to hide, the entry is stale.
    std::fs::write(p.join("w.toml"), workspace(4)).unwrap();
    let (_, findings) = reported(p);
    assert_eq!(messages_of(&findings, "license-over-purchased"), [""; 0]);
    assert_eq!(
        messages_of(&findings, "stale-baseline"),
        ["the baseline entry for `license-over-purchased` on workspace `Acme` matches no finding"]
    );
}

const OLD_BASELINE: &str = r#"{"version": 1, "findings": [{"rule": "license-over-purchased", "subject": {"kind": "workspace", "name": "Acme"}}]}"#;

#[test]
fn an_entry_without_a_size_accepts_any_and_asks_to_record_one() {
    let dir = tree(&[
        ("w.toml", workspace(9).as_bytes()),
        ("b.json", OLD_BASELINE.as_bytes()),
        (
            "swatch.toml",
            format!("baseline = \"b.json\"\n{QUIET}").as_bytes(),
        ),
    ]);
    let (code, findings) = reported(dir.path());
    assert_eq!(messages_of(&findings, "license-over-purchased"), [""; 0]);
    assert_eq!(
        messages_of(&findings, "stale-baseline"),
        [
            "the baseline entry for `license-over-purchased` on workspace `Acme` records no size, so it accepts the finding however large it grows (today editor 9)"
        ]
    );
    assert_eq!(
        code, 1,
        "stale-baseline is info: it fails only --fail-on info"
    );
    assert_eq!(run_in(dir.path(), &["check", "."]).code, 0);
}

#[test]
fn a_smaller_size_stays_hidden_and_the_entry_is_asked_to_shrink() {
    let baseline = OLD_BASELINE.replace("}}]", r#"}, "quantity": {"editor": 7}}]"#);
    let dir = tree(&[
        ("w.toml", workspace(6).as_bytes()),
        ("b.json", baseline.as_bytes()),
        (
            "swatch.toml",
            format!("baseline = \"b.json\"\n{QUIET}").as_bytes(),
        ),
    ]);
    let (_, findings) = reported(dir.path());
    assert_eq!(
        findings,
        [(
            "stale-baseline".to_owned(),
            "the baseline entry for `license-over-purchased` on workspace `Acme` accepts editor 7, more than today's editor 6".to_owned()
        )]
    );
    insta::assert_snapshot!(
        "baseline_could_shrink",
        run_in(dir.path(), &["check", "."]).stdout
    );
}

fn ignore(max: &str) -> String {
    format!(
        "{QUIET}\n[[ignore]]\nrule = \"license-over-purchased\"\nreason = \"renewal in March, SEC-7\"\n{max}"
    )
}

#[test]
fn an_ignore_with_max_suppresses_only_up_to_it() {
    let dir = tree(&[
        ("w.toml", workspace(5).as_bytes()),
        ("swatch.toml", ignore("max = 5\n").as_bytes()),
    ]);
    let p = dir.path();
    assert_eq!(reported(p), (0, vec![]));
    std::fs::write(p.join("w.toml"), workspace(6)).unwrap();
    let (code, findings) = reported(p);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [(
            "license-over-purchased".to_owned(),
            "more members hold a license than were purchased: editor 6 used of 4 purchased; the ignore accepts at most 5 editor seats used".to_owned()
        )],
        "and the ignore is not reported unused: it matched"
    );
    insta::assert_snapshot!("above_the_ignore_max", run_in(p, &["check", "."]).stdout);
    // Without `max`, any size.
    std::fs::write(p.join("swatch.toml"), ignore("")).unwrap();
    assert_eq!(reported(p), (0, vec![]));
}

#[test]
fn max_on_a_rule_without_sizes_is_invalid() {
    let config = "[[ignore]]\nrule = \"last-admin\"\nreason = \"one admin for now\"\nmax = 2\n";
    let dir = tree(&[
        ("w.toml", workspace(1).as_bytes()),
        ("swatch.toml", config.as_bytes()),
        ("policies/p.toml", COUNTING.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("swatch.toml:4:7"), "{}", out.stderr);
    insta::assert_snapshot!("max_without_a_size", out.stderr);
}

const COUNTING: &str = r#"
[[rule]]
id = "acme/few-builders"
severity = "warning"
subject = "member"
message = "{count} builders (limit {limit})"

[rule.where]
account_type = "builder"

[rule.count]
per = "workspace"
more_than = 2
"#;

#[test]
fn a_counting_policy_is_accepted_up_to_its_count() {
    let dir = tree(&[
        ("w.toml", workspace(4).as_bytes()),
        ("swatch.toml", QUIET.as_bytes()),
        ("policies/p.toml", COUNTING.as_bytes()),
    ]);
    let p = dir.path();
    let wrote = run_in(p, &["check", ".", "--write-baseline", "b.json"]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let baseline = std::fs::read_to_string(p.join("b.json")).unwrap();
    assert!(baseline.contains("\"count\": 3"), "{baseline}");
    std::fs::write(
        p.join("swatch.toml"),
        format!("baseline = \"b.json\"\n{QUIET}"),
    )
    .unwrap();
    assert_eq!(reported(p), (0, vec![]), "3 builders were accepted");
    std::fs::write(
        p.join("w.toml"),
        workspace(5).replace("editor = 4", "editor = 9"),
    )
    .unwrap();
    assert_eq!(
        reported(p).1,
        [(
            "acme/few-builders".to_owned(),
            "4 builders (limit 2); the baseline accepts a count of at most 3".to_owned()
        )]
    );

    // The same through an ignore's `max`.
    let config =
        format!("{QUIET}[[ignore]]\nrule = \"acme/few-builders\"\nreason = \"hiring\"\nmax = 4\n");
    std::fs::write(p.join("swatch.toml"), &config).unwrap();
    assert_eq!(reported(p), (0, vec![]));
    std::fs::write(p.join("swatch.toml"), config.replace("max = 4", "max = 3")).unwrap();
    assert_eq!(
        reported(p).1,
        [(
            "acme/few-builders".to_owned(),
            "4 builders (limit 2); the ignore accepts a count of at most 3".to_owned()
        )]
    );
}
