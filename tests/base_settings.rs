//! `swatch diff` prices and judges a change with the base's `[pricing]`,
//! `[licenses]`, `sso_domains` and `license_model`: a pull request cannot
//! lower the gates it is checked by.

mod common;

use common::{fixture, run};
use serde_json::{Value, json};
use std::path::Path;

/// A copy of `tests/fixtures/diff/role-edit/<side>` whose workspace.toml is
/// edited by `edit`.
fn side(side: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(&fixture("diff/role-edit")).join(side);
    for name in ["plan.toml", "workspace.toml"] {
        let text = std::fs::read_to_string(from.join(name)).expect("fixture");
        let text = if name == "workspace.toml" {
            edit(text)
        } else {
            text
        };
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

fn diff(old: &Path, new: &Path, flags: &[&str]) -> common::Output {
    let (old, new) = (old.display().to_string(), new.display().to_string());
    run(&[&["diff", old.as_str(), new.as_str()], flags].concat())
}

fn cheap_editors(text: &str) -> String {
    format!("{text}\n[pricing]\neditor = 1\n")
}

#[test]
fn a_change_cannot_price_its_own_editors() {
    let old = side("old", |t| t);
    // The role edit adds editors; the change also makes editors cost $1.
    let new = side("new", |t| cheap_editors(&t));
    let out = diff(old.path(), new.path(), &["--max-cost-increase", "0"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("yearly cost changes by $700/yr; the limit is $0/yr"),
        "priced with the base's prices: {}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("edits pricing.editor (the base's settings apply)"),
        "{}",
        out.stdout
    );
}

#[test]
fn every_governed_setting_is_listed_and_fails_deny_escalation() {
    let old = side("old", |t| t);
    let new = side("old", |t| {
        cheap_editors(&t.replace("editor = 3", "editor = 30").replace(
            "name = \"Diffco\"",
            "name = \"Diffco\"\nlicense_model = \"legacy-v1\"\nsso_domains = []",
        ))
    });
    let clean = diff(old.path(), old.path(), &["--deny-escalation"]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);

    let out = diff(
        old.path(),
        new.path(),
        &["--deny-escalation", "--format", "json"],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let d: Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(
        d["access"]["settings"],
        json!([
            {"key": "pricing.editor", "before": 2750, "after": 1},
            {"key": "licenses.editor", "before": 3, "after": 30},
            {"key": "license_model", "before": "current", "after": "legacy-v1"},
        ])
    );
    let human = diff(old.path(), new.path(), &["--deny-escalation"]);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains(
            "edits pricing.editor, licenses.editor, license_model (the base's settings apply)"
        ) && human
            .stdout
            .contains("the change edits `licenses.editor` `3` → `30` (the base's value applies)"),
        "{}",
        human.stdout
    );
    let markdown = diff(old.path(), new.path(), &["--format", "markdown"]);
    assert!(
        markdown.stdout.contains("pricing.editor"),
        "{}",
        markdown.stdout
    );
}

#[test]
fn emptying_sso_domains_is_a_listed_change() {
    let with_domains = |t: String| {
        t.replace(
            "name = \"Diffco\"",
            "name = \"Diffco\"\nsso_domains = [\"diff.co\"]",
        )
    };
    let old = side("old", with_domains);
    let new = side("old", |t| t);
    let out = diff(
        old.path(),
        new.path(),
        &["--deny-escalation", "--format", "json"],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let d: Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(
        d["access"]["settings"],
        json!([{"key": "sso_domains", "before": ["diff.co"], "after": []}])
    );
}
