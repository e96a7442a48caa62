//! The GitHub Actions runner reads workflow commands from every log line:
//! `::command` at the start of a line (after whitespace) and the legacy
//! `##[command]` anywhere in it. Names from files that try both, after a
//! line break, must reach no line of the text swatch writes for a person,
//! on stdout or stderr.

mod common;

use common::{Output, run_in, tree};

/// A role name, an email and an application name that would each start
/// a command on a new line.
const ROLE: &str = r"r\n::set-output name=pwned::1";
const EMAIL: &str = r"e\n##[group]x@acme.com";
const APP: &str = r"A\n##[error]pwned";

fn workspace() -> String {
    format!(
        r#"[workspace]
name = "W"
sso_domains = ["acme.com"]

[[member]]
email = "po@acme.com"
account_type = "primary_owner"

[[member]]
email = "{EMAIL}"
account_type = "standard_member"
last_active = 2026-01-01

[[member]]
email = "::warning::lead@acme.com"
account_type = "standard_member"
"#
    )
}

fn app(permissions: &str) -> String {
    format!(
        r###"[application]
name = "{APP}"
owner = "po@acme.com"

[roles."{ROLE}"]
permissions = [{permissions}]
default_access = "read"

[members]
"{EMAIL}" = "{ROLE}"
"::warning::lead@acme.com" = "##[group]nope"
"###
    )
}

/// No line of `text` is a workflow command.
fn assert_no_command(what: &str, text: &str) {
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::") && !line.contains("##["),
            "{what}: a workflow command in {line:?}\n{text}"
        );
    }
}

fn both(what: &str, out: &Output) {
    assert_no_command(&format!("{what} stdout"), &out.stdout);
    assert_no_command(&format!("{what} stderr"), &out.stderr);
}

fn hostile() -> tempfile::TempDir {
    let read = "\"display_application\"";
    let write = "\"display_application\", \"configure_blocks\"";
    tree(&[
        ("ws/workspace.toml", workspace().as_bytes()),
        ("ws/apps/a.toml", app(read).as_bytes()),
        ("new/workspace.toml", workspace().as_bytes()),
        ("new/apps/a.toml", app(write).as_bytes()),
    ])
}

#[test]
fn human_outputs_carry_no_workflow_command() {
    let dir = hostile();
    let check = run_in(dir.path(), &["check", "ws", "--fail-on", "info"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    // The names are there, made visible, not dropped.
    assert!(
        check.stdout.contains(r"##\u{5b}group]nope"),
        "{}",
        check.stdout
    );
    both("check", &check);

    let licenses = run_in(dir.path(), &["licenses", "ws"]);
    assert_eq!(licenses.code, 0, "{}", licenses.stderr);
    assert!(
        licenses.stdout.contains(r"\u{3a}:warning::lead@acme.com"),
        "{}",
        licenses.stdout
    );
    both("licenses", &licenses);

    let why = run_in(dir.path(), &["why", "::warning::lead@acme.com", "ws"]);
    assert_eq!(why.code, 0, "{}", why.stderr);
    both("why", &why);
    let why = run_in(dir.path(), &["why", "e\n##[group]x@acme.com", "ws"]);
    assert_eq!(why.code, 0, "{}", why.stderr);
    both("why", &why);

    let diff = run_in(dir.path(), &["diff", "ws", "new", "--deny-escalation"]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert!(diff.stdout.contains("pwned"), "{}", diff.stdout);
    both("diff", &diff);
}

#[test]
fn diagnostics_on_stderr_carry_no_workflow_command() {
    // A syntax error on a line holding a command: the snippet shows it.
    let dir = tree(&[(
        "members.toml",
        b"[[member]]\nemail = \"a@acme.com\" ##[error]pwned\n::set-output name=x::y\n",
    )]);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains(r"##\u{5b}error]pwned"),
        "{}",
        out.stderr
    );
    both("a syntax error", &out);

    // An unknown key named like a command.
    let dir = tree(&[(
        "members.toml",
        b"[[member]]\nemail = \"a@acme.com\"\n\"\\n::error::x ##[group]\" = 1\n",
    )]);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    both("an unknown key", &out);
}

#[test]
fn fix_lists_its_fixes_and_writes_with_no_workflow_command() {
    // Each fix's line on stderr starts with the file's path.
    let app = "[application]\nname = \"A\"\nowner = \"po@acme.com\"\n\n[members]\n\"ghost@acme.com\" = \"Reader\"\n";
    let dir = tree(&[
        ("ws/workspace.toml", workspace().as_bytes()),
        ("ws/apps/##[error]a.toml", app.as_bytes()),
    ]);
    // The path is there, made visible, on the line `fix` writes.
    for (args, line) in [
        (
            &["fix", "ws", "--diff", "--unsafe"][..],
            r"apps/##\u{5b}error]a.toml:6:1: unknown-member",
        ),
        (
            &["fix", "ws", "--unsafe"][..],
            r"swatch: wrote apps/##\u{5b}error]a.toml",
        ),
    ] {
        let fix = run_in(dir.path(), args);
        assert!(fix.stderr.contains(line), "{args:?}: {}", fix.stderr);
        both(&args.join(" "), &fix);
    }
}

#[test]
fn github_annotations_keep_their_data_on_one_line() {
    let dir = hostile();
    let out = run_in(dir.path(), &["check", "ws", "--format", "github"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // Every line is one of swatch's own commands (the runner parses it as
    // such, so a `##[` inside its data is not read as a second command),
    // and no name's line break started a line of its own.
    for line in out.stdout.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line:?}"
        );
    }
    assert!(out.stdout.contains("pwned"), "{}", out.stdout);
}
