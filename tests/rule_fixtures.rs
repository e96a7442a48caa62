//! One snapshot per built-in rule: `tests/fixtures/rules/<id>/` is a
//! workspace where that rule fires and no other, checked in human and JSON
//! output. Changing a rule's wording rewrites its own snapshot here
//! (`rule_fixtures__check@<id>.snap`); the acme snapshots show every format
//! on one realistic workspace.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{root, run, run_in};
use serde_json::Value;
use std::collections::BTreeSet;

const TODAY: &str = "2026-11-28";

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("valid JSON")
}

/// The ids of the built-in rules, as `swatch rules` lists them.
fn builtin_rules() -> BTreeSet<String> {
    json(&run(&["rules", "--format", "json"]).stdout)["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "builtin")
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_builtin_rule_has_a_fixture_and_every_fixture_a_rule() {
    let fixtures: BTreeSet<String> = std::fs::read_dir(root().join("tests/fixtures/rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let rules = builtin_rules();
    let missing: Vec<&String> = rules.difference(&fixtures).collect();
    assert!(
        missing.is_empty(),
        "add a workspace where the rule fires to tests/fixtures/rules/: {missing:?}"
    );
    let stray: Vec<&String> = fixtures.difference(&rules).collect();
    assert!(stray.is_empty(), "fixtures of no rule: {stray:?}");
}

#[test]
fn check() {
    insta::glob!("fixtures/rules/*", |dir| {
        let id = dir.file_name().unwrap().to_str().unwrap();
        let human = run_in(dir, &["check", ".", "--today", TODAY]);
        let machine = run_in(dir, &["check", ".", "--today", TODAY, "--format", "json"]);
        for out in [&human, &machine] {
            assert!(out.stderr.is_empty(), "{id}: {}", out.stderr);
        }
        let report = json(&machine.stdout);
        let fired: BTreeSet<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(
            fired,
            BTreeSet::from([id]),
            "the fixture of {id} sets off that rule and no other"
        );
        let outputs = format!(
            "$ swatch check . --today {TODAY}  # exit {}\n{}\n$ swatch check . --today {TODAY} --format json  # exit {}\n{}",
            human.code, human.stdout, machine.code, machine.stdout
        );
        insta::assert_snapshot!(outputs);
    });
}
