//! `swatch licenses` on fixture workspaces: human, JSON and CSV snapshots.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{fixture, run};

fn licenses(case: &str, format: &str) -> String {
    let out = run(&[
        "licenses",
        &fixture(&format!("licenses/{case}")),
        "--format",
        format,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn current_model_in_every_format() {
    insta::assert_snapshot!("current_human", licenses("current", "human"));
    insta::assert_snapshot!("current_json", licenses("current", "json"));
    insta::assert_snapshot!("current_csv", licenses("current", "csv"));
}

#[test]
fn legacy_models_name_their_licenses() {
    insta::assert_snapshot!("legacy_v1_json", licenses("legacy-v1", "json"));
    insta::assert_snapshot!("legacy_v2_json", licenses("legacy-v2", "json"));
}

#[test]
fn json_follows_the_contract() {
    let json: serde_json::Value = serde_json::from_str(&licenses("current", "json")).unwrap();
    assert_eq!(json["license_model"], "current");
    assert_eq!(
        json["totals"],
        serde_json::json!({"editor": 4, "contributor": 1, "explorer": 1})
    );
    assert_eq!(json["invited"], 1);
    // 4 × 2750 + 1 × 1600.50 + 1 × 650: a decimal price makes amounts decimal.
    assert_eq!(json["annual_cost"], serde_json::json!(13250.5));
    assert_eq!(
        json["seats"],
        serde_json::json!({"editor": {"purchased": 2, "used": 4}, "explorer": {"purchased": 5, "used": 1}})
    );
    let members = json["members"].as_array().unwrap();
    let emails: Vec<&str> = members
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    let mut sorted = emails.clone();
    sorted.sort_unstable();
    assert_eq!(emails, sorted, "members are sorted by email");
    let gone = members.iter().find(|m| m["email"] == "gone@x.com").unwrap();
    assert_eq!(gone["license"], serde_json::Value::Null);
    assert_eq!(gone["driver"], serde_json::Value::Null);
    let writer = members
        .iter()
        .find(|m| m["email"] == "writer@x.com")
        .unwrap();
    assert_eq!(
        writer["driver"],
        "role Inputs in Plan (default access unspecified)"
    );
}

#[test]
fn the_example_workspace_runs() {
    let out = run(&["licenses", "examples/acme"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("acme_human", out.stdout);
}
