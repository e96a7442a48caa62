//! `swatch why`: the fix it suggests says what the ownership rules would
//! report once it is made, counts the changes that go together, and lists
//! the assignments that grant nothing.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::run;

fn why(email: &str, path: &str) -> String {
    let out = run(&["why", email, path]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn the_only_primary_owner_is_told_to_switch_it_not_to_demote_it() {
    // Before: "change account_type to standard_member", which leaves the
    // workspace without a primary owner, and "transfer ownership of Runway
    // to someone else".
    let out = why("founder@startup.io", "examples/startup");
    insta::assert_snapshot!("only_primary_owner", out);
}

#[test]
fn demoting_the_other_admin_warns_of_last_admin() {
    let out = why("security@clean.example", "examples/clean");
    insta::assert_snapshot!("last_admin", out);
}

#[test]
fn one_of_two_primary_owners_can_be_demoted_without_a_warning() {
    // acme has two primary owners: demoting Linus leaves exactly one.
    let out = why("linus@acme.com", "examples/acme");
    assert!(
        out.contains("this one change is enough:\n  - change account_type to standard_member\n"),
        "{out}"
    );
    assert!(!out.contains("primary-owner"), "{out}");
}

#[test]
fn three_causes_need_three_changes_and_an_unknown_role_grants_nothing() {
    let out = why("lead@why.co", "tests/fixtures/why");
    insta::assert_snapshot!("three_changes", out);
}

#[test]
fn erin_s_sales_lead_is_listed_as_granting_nothing() {
    let out = why("erin@acme.com", "examples/acme");
    insta::assert_snapshot!("erin", out);
}

#[test]
fn demoting_an_api_key_owner_says_the_key_needs_an_admin() {
    let out = why("grace@acme.com", "examples/acme");
    let fix = &out[out.find("To bring").unwrap()..];
    insta::assert_snapshot!("api_key_owner", fix);
}

#[test]
fn an_invited_member_holds_the_license_once_they_accept() {
    let out = why("niaj@acme.com", "examples/acme");
    assert!(
        out.contains("status        invited\n")
            && out.contains(" (once they accept the invitation)\n"),
        "{out}"
    );
    let active = why("dave@acme.com", "examples/acme");
    assert!(!active.contains("invitation"), "{active}");
}
