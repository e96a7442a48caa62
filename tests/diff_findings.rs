//! `swatch diff` and `what-if` on findings the base accepted or that change
//! size: a baselined finding the change resolves is resolved; a finding
//! that grows on both sides is listed as grown, with both sizes.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{Output, run_in, tree};
use serde_json::json;

const MEMBERS: &str = "[workspace]\nname = \"Acme\"\n[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"sa@x.com\"\naccount_type = \"security_admin\"\n";

const KEY: &str = "[[api_key]]\nname = \"K\"\nkind = \"import\"\nowner = \"gone@x.com\"\n";

const BASELINE: &str = r#"{"version": 1, "findings": [{"rule": "orphaned-api-key", "subject": {"kind": "api_key", "name": "K"}}]}"#;

/// A base whose baseline accepts the orphaned key `K`, and a new side with
/// or without it.
fn baselined_key(new_has_key: bool) -> tempfile::TempDir {
    let old = format!("{MEMBERS}{KEY}");
    let new = if new_has_key {
        old.clone()
    } else {
        MEMBERS.to_owned()
    };
    let config = "baseline = \"b.json\"\n";
    tree(&[
        ("old/w.toml", old.as_bytes()),
        ("old/swatch.toml", config.as_bytes()),
        ("old/b.json", BASELINE.as_bytes()),
        ("new/w.toml", new.as_bytes()),
        ("new/swatch.toml", config.as_bytes()),
        ("new/b.json", BASELINE.as_bytes()),
    ])
}

#[test]
fn a_baselined_finding_the_change_resolves_is_resolved() {
    let dir = baselined_key(false);
    let human = run_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(
        human.stdout.lines().nth(1).unwrap().ends_with("1 resolved"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(
            "  - error orphaned-api-key: the API key `K` is owned by `gone@x.com`, who is not a member (baselined) (old/w.toml:"
        ),
        "{}",
        human.stdout
    );
    let markdown = run_in(dir.path(), &["diff", "old", "new", "--format", "markdown"]).stdout;
    assert!(markdown.contains("1 new, 1 resolved |"), "{markdown}");
    assert!(
        markdown.contains("| error | `orphaned-api-key` | the API key `K` is owned by `gone@x.com`, who is not a member (baselined) |"),
        "{markdown}"
    );
    let d = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]).json();
    let resolved = d["findings"]["resolved"].as_array().unwrap();
    assert_eq!(resolved.len(), 1, "{resolved:?}");
    assert_eq!(resolved[0]["rule"], "orphaned-api-key");
    assert_eq!(resolved[0]["file"], "w.toml");
    // The baseline's entry is stale now: said as a new finding, as before.
    assert_eq!(d["findings"]["new"][0]["rule"], "stale-baseline");
}

#[test]
fn a_baselined_finding_that_stays_is_not_resolved() {
    let dir = baselined_key(true);
    let d = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]).json();
    assert_eq!(d["findings"], json!({"new": [], "resolved": []}));
}

#[test]
fn what_if_counts_a_baselined_finding_it_resolves() {
    let members = format!(
        "{MEMBERS}[[member]]\nemail = \"d@x.com\"\naccount_type = \"standard_member\"\nstatus = \"deactivated\"\n"
    );
    let app =
        "[application]\nname = \"A\"\nowner = \"po@x.com\"\n[members]\n\"d@x.com\" = \"Reader\"\n";
    let baseline = r#"{"version": 1, "findings": [{"rule": "deactivated-member-assigned", "subject": {"kind": "member", "name": "d@x.com"}}]}"#;
    let dir = tree(&[
        ("w.toml", members.as_bytes()),
        ("a.toml", app.as_bytes()),
        ("swatch.toml", b"baseline = \"b.json\"\n"),
        ("b.json", baseline.as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "what-if",
            ".",
            "--unassign",
            "A/d@x.com",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let d = out.json();
    assert_eq!(
        d["findings"]["resolved"][0]["rule"], "deactivated-member-assigned",
        "{}",
        d["findings"]
    );
}

/// `[licenses] editor = 1` and `editors` members holding it.
fn over_purchased(editors: usize) -> String {
    let mut text = format!("[licenses]\neditor = 1\n{MEMBERS}");
    for n in 2..editors {
        text.push_str(&format!(
            "[[member]]\nemail = \"b{n}@x.com\"\naccount_type = \"builder\"\n"
        ));
    }
    text
}

fn seat_change(before: usize, after: usize, extra: &[&str]) -> Output {
    let config = "[rules.over-provisioned-editor]\nseverity = \"off\"\n";
    let dir = tree(&[
        ("old/w.toml", over_purchased(before).as_bytes()),
        ("old/swatch.toml", config.as_bytes()),
        ("new/w.toml", over_purchased(after).as_bytes()),
        ("new/swatch.toml", config.as_bytes()),
    ]);
    let mut args = vec!["diff", "old", "new"];
    args.extend(extra);
    run_in(dir.path(), &args)
}

#[test]
fn a_finding_that_grows_on_both_sides_is_listed_as_grown() {
    let human = seat_change(3, 5, &[]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert_eq!(
        human.stdout.lines().nth(1),
        Some("+2 editors, +$5,500/yr, 1 grown"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("Findings: 0 new, 1 grown, 0 resolved\n  ~ error license-over-purchased: more members hold a license than were purchased: editor 5 used of 1 purchased (grew from editor 3 of 1 to editor 5 of 1) (new/w.toml:1:1)\n"),
        "{}",
        human.stdout
    );
    let markdown = seat_change(3, 5, &["--format", "markdown"]).stdout;
    assert!(
        markdown.contains("| findings | 1 | 1 | 0 new, 1 grown, 0 resolved |"),
        "{markdown}"
    );
    assert!(markdown.contains("**Grown**"), "{markdown}");
    assert!(
        markdown.contains("(grew from editor 3 of 1 to editor 5 of 1) | `w.toml:1` |"),
        "{markdown}"
    );
    let d = seat_change(3, 5, &["--format", "json"]).json();
    let grown = &d["findings"]["grown"];
    assert_eq!(grown.as_array().unwrap().len(), 1, "{grown}");
    assert_eq!(grown[0]["rule"], "license-over-purchased");
    assert_eq!(grown[0]["file"], "w.toml");
    assert_eq!(grown[0]["quantity_before"], json!({"editor": 3}));
    assert_eq!(grown[0]["quantity_after"], json!({"editor": 5}));
    assert_eq!(d["findings"]["new"], json!([]));
}

#[test]
fn a_grown_finding_fails_fail_on_new() {
    let out = seat_change(3, 4, &["--fail-on-new", "error", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(
        out.json()["gates"][0]["reason"],
        "1 new or grown finding at error or above: license-over-purchased (`Acme`, grown)"
    );
}

#[test]
fn a_finding_of_the_same_size_or_smaller_is_not_grown() {
    for (before, after) in [(4, 4), (5, 4)] {
        let out = seat_change(
            before,
            after,
            &["--fail-on-new", "error", "--format", "json"],
        );
        assert_eq!(out.code, 0, "{before} → {after}: {}", out.stdout);
        let d = out.json();
        assert_eq!(d["findings"].get("grown"), None, "{}", d["findings"]);
        assert_eq!(d["gates"][0]["reason"], "no new finding at error or above");
    }
}

/// A base whose `[[ignore]]` accepts `rule` up to `max`, `before`
/// editors on the old side and `after` on the new; `files` are added to
/// both sides.
fn within_the_max(
    rule: &str,
    max: usize,
    before: usize,
    after: usize,
    files: &[(&str, &str)],
) -> Output {
    let config = format!(
        "[rules.over-provisioned-editor]\nseverity = \"off\"\n[[ignore]]\nrule = \"{rule}\"\nreason = \"renewal in March\"\nmax = {max}\n"
    );
    let (old, new) = (over_purchased(before), over_purchased(after));
    let mut entries: Vec<(String, &[u8])> = vec![
        ("old/w.toml".into(), old.as_bytes()),
        ("old/swatch.toml".into(), config.as_bytes()),
        ("new/w.toml".into(), new.as_bytes()),
        ("new/swatch.toml".into(), config.as_bytes()),
    ];
    for (path, text) in files {
        for side in ["old", "new"] {
            entries.push((format!("{side}/{path}"), text.as_bytes()));
        }
    }
    let entries: Vec<(&str, &[u8])> = entries.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let dir = tree(&entries);
    run_in(dir.path(), &["diff", "old", "new", "--format", "json"])
}

/// The new side makes the finding too, but its size is within the
/// ignore's `max` there: resolved, with the words the ignore added on the
/// base side (`diff` keeps the words of sized findings, #9).
#[test]
fn a_finding_the_new_side_hides_under_an_ignore_max_is_resolved_with_its_words() {
    let out = within_the_max("license-over-purchased", 4, 5, 4, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let d = out.json();
    let resolved = d["findings"]["resolved"].as_array().unwrap();
    assert_eq!(resolved.len(), 1, "{resolved:?}");
    assert_eq!(resolved[0]["rule"], "license-over-purchased");
    assert_eq!(
        resolved[0]["message"],
        "more members hold a license than were purchased: editor 5 used of 1 purchased; the ignore accepts at most 4 editor seats used"
    );
    assert!(
        resolved[0]["help"].as_str().is_some_and(|h| !h.is_empty()),
        "{}",
        resolved[0]
    );
    assert_eq!(d["findings"]["new"], json!([]));
}

#[test]
fn a_user_rule_finding_the_new_side_hides_under_an_ignore_max_is_resolved_with_its_words() {
    let policy = "[[rule]]\nid = \"acme/few-builders\"\nseverity = \"warning\"\nsubject = \"member\"\nmessage = \"{count} builders (limit {limit})\"\n\n[rule.where]\naccount_type = \"builder\"\n\n[rule.count]\nper = \"workspace\"\nmore_than = 1\n";
    let out = within_the_max("acme/few-builders", 2, 5, 4, &[("policies/p.toml", policy)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let d = out.json();
    let resolved = d["findings"]["resolved"].as_array().unwrap();
    let few: Vec<_> = resolved
        .iter()
        .filter(|f| f["rule"] == "acme/few-builders")
        .collect();
    assert_eq!(few.len(), 1, "{resolved:?}");
    assert_eq!(
        few[0]["message"],
        "3 builders (limit 1); the ignore accepts a count of at most 2"
    );
}
