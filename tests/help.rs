//! `--help` texts and `swatch explain`'s terminal rendering: what a new user
//! reads before anything else.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::run;

#[test]
fn top_level_help_has_exit_codes_and_examples() {
    let out = run(&["--help"]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!("top_level", out.stdout);
}

#[test]
fn every_command_help_has_exit_codes_and_two_examples() {
    for command in subcommands() {
        let out = run(&[&command, "--help"]);
        assert_eq!(out.code, 0, "{command}");
        assert!(
            out.stdout.contains("Exit codes:\n  0  "),
            "`swatch {command} --help` has no exit codes: give it `#[command(after_help = crate::help::…)]` with a text in src/help/mod.rs\n{}",
            out.stdout
        );
        assert!(out.stdout.contains("\n  2  invalid input"), "{command}");
        let examples = out.stdout.split("Examples:\n").nth(1).unwrap_or_default();
        let count = examples
            .lines()
            .filter(|l| l.starts_with(&format!("  swatch {command}")))
            .count();
        assert!(
            count >= 2,
            "{command} has {count} examples:\n{}",
            out.stdout
        );
    }
}

/// The subcommand names, from the top-level help (so a new command is checked too).
fn subcommands() -> Vec<String> {
    let out = run(&["--help"]);
    out.stdout
        .split("Commands:\n")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn format_is_described_with_its_values() {
    let out = run(&["diff", "--help"]);
    insta::assert_snapshot!("diff", out.stdout);
    let out = run(&["check", "--help"]);
    assert!(out.stdout.contains("- sarif:"), "{}", out.stdout);
}

#[test]
fn today_is_accepted_everywhere_but_shown_only_where_it_matters() {
    for (command, shown) in [
        (&["check"][..], true),
        (&["diff"], true),
        (&["test"], true),
        (&["licenses"], false),
        (&["rules"], false),
        (&["why", "x@y.z"], false),
        (&["explain", "x"], false),
        (&["init"], false),
        (&["schema"], false),
        (&["completions", "bash"], false),
        (&["man"], false),
        (&["drift"], false),
        (&["import"], true),
    ] {
        let mut help = command[..1].to_vec();
        help.push("--help");
        let out = run(&help);
        assert_eq!(out.stdout.contains("--today"), shown, "{command:?}");
    }
    let out = run(&["schema", "--today", "2026-01-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(&["explain", "last-admin", "--today", "2026-01-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn today_before_the_command_is_today_after_it() {
    // A date other than the tests' SWATCH_TODAY, so the flag is what counts.
    let today = ["--today", "2027-06-01"];
    for command in [
        &["check", "examples/acme", "--format", "json"][..],
        &["licenses", "examples/acme", "--format", "json"],
        &["why", "dave@acme.com", "examples/acme"],
        &["report", "examples/acme", "--format", "markdown"],
        &["test", "."],
        &["rules"],
        &["explain", "last-admin"],
        &["schema"],
    ] {
        let before = run(&[&today[..], command].concat());
        let after = run(&[command, &today[..]].concat());
        assert_ne!(before.code, 2, "{command:?}: {}", before.stderr);
        assert_eq!(
            (before.code, &before.stdout),
            (after.code, &after.stdout),
            "{command:?}"
        );
    }
    let check =
        |args: &[&str]| run(&[&["check", "examples/acme", "--format", "json"], args].concat());
    let before = run(&[&today[..], &["check", "examples/acme", "--format", "json"]].concat());
    assert_ne!(
        before.stdout,
        check(&[]).stdout,
        "--today before the command is used"
    );
    // Given on both sides, the one after the command wins, as a repeated flag does.
    let both = run(&[
        "--today",
        "2026-11-28",
        "check",
        "examples/acme",
        "--format",
        "json",
        "--today",
        "2027-06-01",
    ]);
    assert_eq!(both.stdout, check(&today).stdout);
    let bad = run(&["--today", "28/11/2026", "check", "examples/clean"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("expected a date like 2026-11-28"),
        "{}",
        bad.stderr
    );
}

#[test]
fn explain_renders_markdown_for_the_terminal() {
    let out = run(&["explain", "orphaned-api-key"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("## "), "{}", out.stdout);
    assert!(!out.stdout.contains("**"));
    assert!(!out.stdout.contains("```"));
    insta::assert_snapshot!("explain_orphaned_api_key", out.stdout);
}

#[test]
fn explain_takes_path_as_a_positional_argument_or_a_flag() {
    let positional = run(&["explain", "acme/scim-keys-expire", "."]);
    assert_eq!(positional.code, 0, "{}", positional.stderr);
    let flag = run(&["explain", "acme/scim-keys-expire", "--path", "."]);
    assert_eq!(flag.stdout, positional.stdout);
    assert!(positional.stdout.starts_with("acme/scim-keys-expire\n"));
}
