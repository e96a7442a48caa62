//! `swatch check`, `rules`, `explain` and `why` end to end: snapshots of
//! every format on examples/acme, exit codes, config, suppressions, baseline.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{run, run_in, tree};
use serde_json::Value;

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("valid JSON")
}

/// (rule, subject name) of every finding in `check --format json` output.
fn identities(stdout: &str) -> Vec<(String, String)> {
    json(stdout)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["subject"]["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(stdout: &str, rule: &str, subject: &str) -> bool {
    identities(stdout)
        .iter()
        .any(|(r, s)| r == rule && s == subject)
}

#[test]
fn acme_in_every_format() {
    let human = run(&["check", "examples/acme"]);
    assert_eq!(human.code, 1);
    insta::assert_snapshot!("acme_human", human.stdout);
    let json_out = run(&["check", "examples/acme", "--format", "json"]);
    assert_eq!(json_out.code, 1);
    insta::assert_snapshot!("acme_json", json_out.stdout);
    let sarif = run(&["check", "examples/acme", "--format", "sarif"]);
    // SARIF is written on one line, for programs; the snapshot is the same
    // log indented, for the person reviewing a change to it.
    assert_eq!(sarif.stdout.lines().count(), 1, "{}", sarif.stdout);
    let sarif_log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    insta::assert_snapshot!(
        "acme_sarif",
        serde_json::to_string_pretty(&sarif_log).unwrap() + "\n"
    );
    let github = run(&["check", "examples/acme", "--format", "github"]);
    insta::assert_snapshot!("acme_github", github.stdout);
    let junit = run(&[
        "check",
        "examples/acme",
        "--format",
        "junit",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(junit.code, 1);
    insta::assert_snapshot!("acme_junit", junit.stdout);
}

#[test]
fn every_builtin_rule_fires_in_the_examples() {
    let acme = run(&["check", "examples/acme", "--format", "json"]);
    let startup = run(&["check", "examples/startup", "--format", "json"]);
    let fired: std::collections::BTreeSet<String> = identities(&acme.stdout)
        .into_iter()
        .chain(identities(&startup.stdout))
        .map(|(rule, _)| rule)
        .collect();
    let rules = json(&run(&["rules", "--format", "json"]).stdout);
    for rule in rules["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        if rule["source"] != "builtin"
            || ["unused-ignore", "expired-ignore", "stale-baseline"].contains(&id)
        {
            continue;
        }
        assert!(fired.contains(id), "{id} fires in no example");
    }
}

#[test]
fn the_clean_example_has_no_finding() {
    let out = run(&["check", "examples/clean", "--fail-on", "info"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("no findings"));
}

#[test]
fn json_follows_the_contract() {
    let out = run(&["check", "examples/acme", "--format", "json"]);
    let report = json(&out.stdout);
    let findings = report["findings"].as_array().unwrap();
    let key = findings
        .iter()
        .find(|f| f["rule"] == "orphaned-api-key")
        .unwrap();
    assert_eq!(key["severity"], "error");
    assert_eq!(key["file"], "keys/api-keys.toml");
    assert_eq!(key["line"], 10);
    assert_eq!(key["column"], 1);
    assert_eq!(
        key["subject"],
        serde_json::json!({"kind": "api_key", "name": "Salesforce export"})
    );
    let workspace = findings
        .iter()
        .find(|f| f["rule"] == "license-over-purchased")
        .unwrap();
    assert_eq!(
        workspace["subject"],
        serde_json::json!({"kind": "workspace", "name": "Acme"})
    );
    assert_eq!(
        (workspace["file"].as_str(), workspace["line"].as_u64()),
        (Some("workspace.toml"), Some(9))
    );
    let summary = &report["summary"];
    let count = |s: &str| findings.iter().filter(|f| f["severity"] == s).count() as u64;
    assert_eq!(summary["error"].as_u64(), Some(count("error")));
    assert_eq!(summary["warning"].as_u64(), Some(count("warning")));
    assert_eq!(summary["info"].as_u64(), Some(count("info")));
}

#[test]
fn fail_on_levels() {
    let warnings_only = tree(&[(
        "w.toml",
        b"[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"b@x.com\"\naccount_type = \"workspace_admin\"\nlast_active = 2020-01-01\n",
    )]);
    let dir = warnings_only.path();
    assert_eq!(run_in(dir, &["check", "."]).code, 0);
    assert_eq!(run_in(dir, &["check", ".", "--fail-on", "error"]).code, 0);
    assert_eq!(run_in(dir, &["check", ".", "--fail-on", "warning"]).code, 1);
    assert_eq!(run_in(dir, &["check", ".", "--fail-on", "info"]).code, 1);
    assert_eq!(run_in(dir, &["check", ".", "--fail-on", "fatal"]).code, 2);
}

const ONE_ADMIN: &str = "[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\nlast_active = 2026-01-01\n";

#[test]
fn severity_overrides_and_off() {
    let dir = tree(&[
        ("w.toml", ONE_ADMIN.as_bytes()),
        ("swatch.toml", b"[rules.last-admin]\nseverity = \"error\"\n[rules.inactive-member]\nseverity = \"off\"\n"),
    ]);
    let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.code, 1);
    let report = json(&out.stdout);
    assert_eq!(report["findings"][0]["rule"], "last-admin");
    assert_eq!(report["findings"][0]["severity"], "error");
    assert!(!has(&out.stdout, "inactive-member", "po@x.com"));
    let rules = json(&run_in(dir.path(), &["rules", ".", "--format", "json"]).stdout);
    let inactive = rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "inactive-member")
        .unwrap();
    assert_eq!(inactive["severity"], "off");
    assert_eq!(inactive["source"], "builtin");
}

#[test]
fn rule_options() {
    let dir = tree(&[
        ("w.toml", ONE_ADMIN.as_bytes()),
        ("swatch.toml", b"[rules.inactive-member]\ndays = 400\n"),
    ]);
    assert!(!has(
        &run_in(dir.path(), &["check", ".", "--format", "json"]).stdout,
        "inactive-member",
        "po@x.com"
    ));
    let dir = tree(&[("w.toml", ONE_ADMIN.as_bytes())]);
    assert!(has(
        &run_in(dir.path(), &["check", ".", "--format", "json"]).stdout,
        "inactive-member",
        "po@x.com"
    ));
}

/// `days` is 1 to 36,500: `u64::MAX` used to wrap to -1 and flag every
/// active member, 0 flagged everyone active before today.
#[test]
fn days_out_of_range_is_exit_2_naming_the_place_and_range() {
    for days in ["18446744073709551615", "0"] {
        let config = format!("[rules.inactive-member]\ndays = {days}\n");
        let dir = tree(&[
            ("w.toml", ONE_ADMIN.as_bytes()),
            ("swatch.toml", config.as_bytes()),
        ]);
        let out = run_in(dir.path(), &["check", "."]);
        assert_eq!(out.code, 2, "{days}: {}", out.stderr);
        for expected in [
            "swatch.toml:2:8",
            &format!("`days` must be 1 to 36,500, found {days}"),
            "help: the number of days before today a date counts as stale, e.g. `days = 90` (the default)",
        ] {
            assert!(
                out.stderr.contains(expected),
                "{expected:?} in:\n{}",
                out.stderr
            );
        }
        assert!(out.stdout.is_empty(), "nothing was checked: {}", out.stdout);
    }
    // At the top of the range the member last active on 2026-01-01 is not inactive.
    let dir = tree(&[
        ("w.toml", ONE_ADMIN.as_bytes()),
        ("swatch.toml", b"[rules.inactive-member]\ndays = 36500\n"),
    ]);
    let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert!(!has(&out.stdout, "inactive-member", "po@x.com"));
}

#[test]
fn bad_config_is_exit_2_with_a_place() {
    let cases: [(&[u8], &str); 6] = [
        (
            b"[rules.inactive-membr]\nseverity = \"off\"\n",
            "did you mean `inactive-member`?",
        ),
        (
            b"[rules.last-admin]\nseverity = \"loud\"\n",
            "swatch.toml:2:12",
        ),
        (b"[rules.last-admin]\ndays = 3\n", "has no option `days`"),
        (b"exclude = [\"[\"]\n", "invalid glob"),
        (
            b"[[ignore]]\nrule = \"last-admin\"\n",
            "[[ignore]] has no `reason`",
        ),
        (b"ignroe = 1\n", "did you mean `ignore`?"),
    ];
    for (config, expected) in cases {
        let dir = tree(&[("w.toml", ONE_ADMIN.as_bytes()), ("swatch.toml", config)]);
        let out = run_in(dir.path(), &["check", "."]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr.contains(expected),
            "expected {expected:?} in:\n{}",
            out.stderr
        );
    }
    let both = tree(&[
        ("w.toml", ONE_ADMIN.as_bytes()),
        ("swatch.toml", b""),
        (".swatch.toml", b""),
    ]);
    assert_eq!(run_in(both.path(), &["check", "."]).code, 2);
}

#[test]
fn explicit_config_file() {
    let dir = tree(&[("ws/w.toml", ONE_ADMIN.as_bytes()), ("ci.toml", b"[rules.last-admin]\nseverity = \"off\"\n[rules.inactive-member]\nseverity = \"off\"\n")]);
    let out = run_in(
        dir.path(),
        &["check", "ws", "--config", "ci.toml", "--fail-on", "info"],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

#[test]
fn ignore_entries_and_their_own_findings() {
    let config = br#"
[[ignore]]
rule = "last-admin"
subject = "po@*"
reason = "founder-run workspace"

[[ignore]]
rule = "inactive-member"
reason = "accepted until the review"
until = 2026-11-01

[[ignore]]
rule = "external-member"
subject = "*"
reason = "nothing matches this"
"#;
    let dir = tree(&[("w.toml", ONE_ADMIN.as_bytes()), ("swatch.toml", config)]);
    let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert!(
        !has(&out.stdout, "last-admin", "po@x.com"),
        "suppressed by the first entry"
    );
    assert!(
        has(&out.stdout, "inactive-member", "po@x.com"),
        "the expired entry no longer applies"
    );
    assert!(has(&out.stdout, "expired-ignore", "inactive-member *"));
    assert!(has(&out.stdout, "unused-ignore", "external-member *"));
    let unused = json(&out.stdout)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unused-ignore")
        .cloned()
        .unwrap();
    assert_eq!(
        (unused["file"].as_str(), unused["line"].as_u64()),
        (Some("swatch.toml"), Some(12))
    );
}

#[test]
fn inline_suppressions() {
    let workspace = br#"
# swatch: ignore last-admin -- founder-run workspace, see SEC-9
[[member]]
email = "po@x.com"
account_type = "primary_owner"
# swatch: ignore inactive-member -- on parental leave until January
last_active = 2026-01-01

[[member]]
# swatch: ignore external-member -- nothing to suppress here
email = "b@x.com"
account_type = "builder"
"#;
    let dir = tree(&[("w.toml", workspace)]);
    let out = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let ids = identities(&out.stdout);
    assert!(!has(&out.stdout, "last-admin", "po@x.com"), "{ids:?}");
    // The comment is not above the identifying line nor the table header.
    assert!(has(&out.stdout, "inactive-member", "po@x.com"), "{ids:?}");
    assert!(
        ids.iter().filter(|(r, _)| r == "unused-ignore").count() == 2,
        "{ids:?}"
    );

    let malformed = tree(&[("w.toml", b"# swatch: ignore last-admin\n[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n")]);
    let out = run_in(malformed.path(), &["check", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("w.toml:1:1"), "{}", out.stderr);
    let unknown = tree(&[("w.toml", b"# swatch: ignore last-admn -- x\n[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n")]);
    let out = run_in(unknown.path(), &["check", "."]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `last-admin`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_rule_switched_off_needs_no_suppression() {
    let dir = tree(&[("w.toml", ONE_ADMIN.as_bytes()), ("swatch.toml", b"[rules.unused-ignore]\nseverity = \"off\"\n[[ignore]]\nrule = \"public-block\"\nreason = \"r\"\n")]);
    assert!(!has(
        &run_in(dir.path(), &["check", ".", "--format", "json"]).stdout,
        "unused-ignore",
        "public-block *"
    ));
}

#[test]
fn baseline_hides_known_findings_and_reports_stale_entries() {
    let dir = tree(&[("w.toml", ONE_ADMIN.as_bytes())]);
    let p = dir.path();
    let wrote = run_in(p, &["check", ".", "--write-baseline", "baseline.json"]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert!(
        wrote.stdout.contains("wrote 2 findings"),
        "{}",
        wrote.stdout
    );
    let out = run_in(
        p,
        &[
            "check",
            ".",
            "--baseline",
            "baseline.json",
            "--fail-on",
            "info",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("2 hidden by the baseline"));
    // The member becomes active again: the inactive-member entry is stale.
    std::fs::write(
        p.join("w.toml"),
        ONE_ADMIN.replace("2026-01-01", "2026-11-27"),
    )
    .unwrap();
    std::fs::write(p.join("swatch.toml"), "baseline = \"baseline.json\"\n").unwrap();
    let out = run_in(p, &["check", ".", "--format", "json"]);
    assert!(
        has(&out.stdout, "stale-baseline", "po@x.com"),
        "{}",
        out.stdout
    );
    assert!(!has(&out.stdout, "last-admin", "po@x.com"));
    std::fs::write(p.join("broken.json"), "{").unwrap();
    assert_eq!(
        run_in(p, &["check", ".", "--baseline", "broken.json"]).code,
        2
    );
}

/// A baseline whose second entry (`inactive-member`, line 9) matches
/// nothing: `ONE_ADMIN`'s member was active the day before.
const STALE_BASELINE: &str = r#"{
  "version": 1,
  "findings": [
    {
      "rule": "last-admin",
      "subject": { "kind": "member", "name": "po@x.com" }
    },
    {
      "rule": "inactive-member",
      "subject": { "kind": "member", "name": "po@x.com" }
    }
  ]
}
"#;

#[test]
fn a_stale_baseline_entry_is_reported_at_its_line_in_the_baseline() {
    let dir = tree(&[
        (
            "ws/w.toml",
            ONE_ADMIN.replace("2026-01-01", "2026-11-27").as_bytes(),
        ),
        ("ws/ci/baseline.json", STALE_BASELINE.as_bytes()),
        ("ws/swatch.toml", b"baseline = \"./ci/baseline.json\"\n"),
        ("outside.json", STALE_BASELINE.as_bytes()),
    ]);
    let ws = dir.path().join("ws");
    let out = run_in(&ws, &["check", ".", "--format", "json"]);
    let findings = json(&out.stdout)["findings"].clone();
    let stale: Vec<&Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "stale-baseline")
        .collect();
    assert_eq!(stale.len(), 1, "{}", out.stdout);
    assert_eq!(
        (&stale[0]["file"], &stale[0]["line"], &stale[0]["column"]),
        (
            &Value::from("ci/baseline.json"),
            &Value::from(9),
            &Value::from(15)
        ),
        "at the entry's rule"
    );
    let github = run_in(&ws, &["check", ".", "--format", "github"]);
    assert!(
        github
            .stdout
            .contains("::notice file=ci/baseline.json,line=9,col=15"),
        "{}",
        github.stdout
    );
    let human = run_in(dir.path(), &["check", "ws"]);
    assert!(
        human.stdout.contains("[ws/ci/baseline.json:9:15]"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("in 1 file checked"),
        "the baseline is no model file: {}",
        human.stdout
    );
    // `--baseline` outside the workspace: named from where swatch runs.
    std::fs::remove_file(ws.join("swatch.toml")).unwrap();
    let human = run_in(dir.path(), &["check", "ws", "--baseline", "outside.json"]);
    assert!(
        human.stdout.contains("outside.json:9:15]"),
        "{}",
        human.stdout
    );
}

#[test]
fn moving_an_entry_keeps_its_identity() {
    let a = tree(&[("w.toml", ONE_ADMIN.as_bytes())]);
    let b = tree(&[(
        "sub/other.toml",
        format!("\n\n# moved\n{ONE_ADMIN}").as_bytes(),
    )]);
    assert_eq!(
        identities(&run_in(a.path(), &["check", ".", "--format", "json"]).stdout),
        identities(&run_in(b.path(), &["check", ".", "--format", "json"]).stdout)
    );
}

#[test]
fn output_is_byte_identical_whatever_order_files_are_written_in() {
    let files: [(&str, &[u8]); 3] = [
        (
            "b/app.toml",
            b"[application]\nname = \"B\"\n[members]\n\"x@y.z\" = \"Reader\"\n",
        ),
        (
            "a.toml",
            b"[application]\nname = \"A\"\n[members]\n\"x@y.z\" = \"Nope\"\n",
        ),
        ("m.toml", ONE_ADMIN.as_bytes()),
    ];
    let mut reversed = files;
    reversed.reverse();
    for format in ["human", "json", "sarif", "github", "junit"] {
        let one = run_in(tree(&files).path(), &["check", ".", "--format", format]);
        let two = run_in(tree(&reversed).path(), &["check", ".", "--format", format]);
        assert_eq!(one.stdout, two.stdout, "{format}");
    }
}

#[test]
fn explain_prints_the_rule_docs() {
    let out = run(&["explain", "orphaned-api-key", "--format", "markdown"]);
    assert_eq!(out.code, 0);
    for section in [
        "# orphaned-api-key",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## How to fix",
    ] {
        assert!(out.stdout.contains(section), "{section}");
    }
    let out = run(&["explain", "orphaned-api-keys"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("did you mean `orphaned-api-key`?"));
}

#[test]
fn rules_lists_every_rule() {
    // The project's own policies/ are listed too.
    let out = run(&["rules"]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!("rules_human", out.stdout);
}

#[test]
fn rules_print_the_effective_options() {
    let dir = tree(&[("swatch.toml", b"[rules.inactive-member]\ndays = 30\n")]);
    let out = run_in(dir.path(), &["rules", ".", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rules = json(&out.stdout);
    let rule = |id: &str| {
        rules["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        rule("inactive-member")["options"],
        serde_json::json!({"days": 30})
    );
    assert_eq!(
        rule("stale-api-key")["options"],
        serde_json::json!({"days": 90})
    );
    assert_eq!(rule("last-admin")["options"], serde_json::json!({}));
    let human = run_in(dir.path(), &["rules", "."]);
    let line = human
        .stdout
        .lines()
        .find(|l| l.starts_with("inactive-member"))
        .unwrap();
    assert!(line.contains("days = 30"), "{line}");
    assert!(line.contains("more than 30 days before today"), "{line}");
    assert!(!line.contains("configurable"), "{line}");
}

#[test]
fn why_explains_a_license() {
    let out = run(&["why", "DAVE@acme.com", "examples/acme"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("why_dave", out.stdout);
    assert_eq!(run(&["why", "nobody@acme.com", "examples/acme"]).code, 2);
    let typo = run(&["why", "Dvae@acme.com", "examples/acme"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `dave@acme.com`?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn github_annotations_escape_hostile_text() {
    let dir = tree(&[(
        "w.toml",
        b"[workspace]\nsso_domains = [\"x.com\"]\n[[member]]\nemail = \"evil%0A::error::pwned\\u001b@y.com\"\naccount_type = \"primary_owner\"\n",
    )]);
    let out = run_in(dir.path(), &["check", ".", "--format", "github"]);
    for line in out.stdout.lines() {
        assert!(line.starts_with("::"), "{line}");
        assert!(!line.contains('\u{1b}'));
    }
    assert!(out.stdout.contains("evil%250a"), "{}", out.stdout);
    assert!(out.stdout.contains("%0Ahelp: "), "{}", out.stdout);
}
