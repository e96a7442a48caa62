//! Invalid input (format.md's list, one case each): exit 2, a message with
//! `file:line:column`, and every error of a file reported, not just the first.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{run_in, tree};

/// Run `licenses` on the files and return (exit code, stderr).
fn invalid(files: &[(&str, &[u8])]) -> (i32, String) {
    let dir = tree(files);
    let out = run_in(dir.path(), &["licenses", "."]);
    (out.code, out.stderr)
}

fn assert_invalid(files: &[(&str, &[u8])], expected: &[&str]) {
    let (code, stderr) = invalid(files);
    assert_eq!(code, 2, "exit code; stderr:\n{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

const MEMBER: &str = "[[member]]\nemail = \"a@x.com\"\naccount_type = \"builder\"\n";

#[test]
fn syntax_error() {
    assert_invalid(
        &[("a.toml", b"[[member]\nemail = 1\n")],
        &["a.toml:1:10", "invalid TOML"],
    );
}

#[test]
fn unknown_key_with_did_you_mean() {
    assert_invalid(
        &[(
            "m.toml",
            b"[[member]]\nemial = \"a@x.com\"\naccount_type = \"builder\"\n",
        )],
        &[
            "m.toml:2:1",
            "unknown key `emial`: did you mean `email`? ([[member]] needs `email`)",
        ],
    );
}

#[test]
fn unknown_top_level_key() {
    assert_invalid(
        &[("m.toml", b"[[members]]\nemail = \"a@x.com\"\n")],
        &["m.toml:1:1", "did you mean `[[member]]`?"],
    );
}

#[test]
fn wrong_type() {
    assert_invalid(
        &[(
            "w.toml",
            b"[workspace]\nname = 3\nsso_domains = \"acme.com\"\n",
        )],
        &[
            "w.toml:2:8",
            "expected a string, found an integer",
            "w.toml:3:15",
            "expected an array",
        ],
    );
}

#[test]
fn unknown_enum_values_with_did_you_mean() {
    assert_invalid(
        &[(
            "m.toml",
            b"[workspace]\nlicense_model = \"legacy-v3\"\n[[member]]\nemail = \"a@x.com\"\naccount_type = \"bulder\"\nstatus = \"actve\"\n",
        )],
        &[
            "m.toml:2:17",
            "unknown license model `legacy-v3`",
            "m.toml:5:16",
            "did you mean `builder`?",
            "m.toml:6:10",
            "did you mean `active`?",
        ],
    );
}

#[test]
fn unknown_permission_and_default_access() {
    assert_invalid(
        &[(
            "app.toml",
            b"[application]\nname = \"A\"\n[roles.R]\npermissions = [\"display_application\", \"import_dat\"]\ndefault_access = \"wirte\"\n",
        )],
        &["app.toml:4:39", "unknown permission `import_dat`", "did you mean `import_data`?", "app.toml:5:18", "did you mean `write`?"],
    );
}

#[test]
fn bad_dates() {
    assert_invalid(
        &[(
            "m.toml",
            b"[[api_key]]\nname = \"k\"\nkind = \"import\"\nowner = \"a@x.com\"\nexpires = \"2026-01-01\"\ncreated = 2026-01-01T10:00:00Z\n",
        )],
        &["m.toml:5:11", "dates are YYYY-MM-DD, unquoted", "m.toml:6:11", "expected a date, found the date-time"],
    );
    // A day that does not exist is already a TOML error.
    assert_invalid(
        &[("m.toml", b"[[member]]\nemail = \"a@x.com\"\naccount_type = \"builder\"\nlast_active = 2026-02-30\n")],
        &["m.toml:4:", "invalid date"],
    );
}

#[test]
fn a_license_the_model_lacks() {
    assert_invalid(
        &[
            ("w.toml", b"[workspace]\nlicense_model = \"legacy-v2\"\n[licenses]\ncontributor = 3\n[pricing]\ncontributor = 1000\n"),
            ("m.toml", b"[[member]]\nemail = \"a@x.com\"\naccount_type = \"builder\"\nseat = \"contributor\"\n"),
        ],
        &["w.toml:4:1", "w.toml:6:1", "m.toml:4:8", "the license model legacy-v2 has no `contributor` license"],
    );
}

#[test]
fn modeler_and_editor_are_one_license_everywhere() {
    let dir = tree(&[(
        "w.toml",
        b"[workspace]\nlicense_model = \"legacy-v2\"\n[licenses]\nmodeler = 3\n[[member]]\nemail = \"a@x.com\"\naccount_type = \"builder\"\nseat = \"editor\"\n",
    )]);
    assert_eq!(run_in(dir.path(), &["licenses", "."]).code, 0);
    assert_invalid(
        &[("w.toml", b"[licenses]\neditor = 3\nmodeler = 4\n")],
        &["w.toml:3:1", "`editor` and `modeler` name the same license"],
    );
}

#[test]
fn not_utf8() {
    assert_invalid(
        &[("m.toml", b"[workspace]\nname = \"caf\xe9\"\n")],
        &["m.toml:2:12", "not UTF-8"],
    );
}

#[test]
fn the_same_member_twice_points_at_both() {
    assert_invalid(
        &[
            ("a.toml", MEMBER.as_bytes()),
            (
                "b.toml",
                b"[[member]]\nemail = \"A@X.com\"\naccount_type = \"builder\"\n",
            ),
        ],
        &[
            "b.toml:2:1",
            "a.toml:2:1",
            "defined twice",
            "first definition",
        ],
    );
}

#[test]
fn the_same_application_twice() {
    assert_invalid(
        &[
            ("a.toml", b"[application]\nname = \"FP&A\"\n"),
            ("b.toml", b"[application]\nname = \"FP&A\"\n"),
        ],
        &[
            "b.toml:2:1",
            "a.toml:2:1",
            "the application `FP&A` is defined twice",
        ],
    );
}

#[test]
fn the_same_api_key_twice() {
    let key = b"[[api_key]]\nname = \"k\"\nkind = \"import\"\nowner = \"a@x.com\"\n";
    assert_invalid(
        &[("a.toml", key), ("b.toml", key)],
        &[
            "b.toml:2:1",
            "a.toml:2:1",
            "the API key `k` is defined twice",
        ],
    );
}

#[test]
fn workspace_licenses_pricing_in_two_files() {
    for table in ["workspace", "licenses", "pricing"] {
        let text = format!("[{table}]\n");
        assert_invalid(
            &[("a.toml", text.as_bytes()), ("b.toml", text.as_bytes())],
            &[
                "b.toml:1:1",
                "a.toml:1:1",
                &format!("[{table}] is defined in two files"),
            ],
        );
    }
}

#[test]
fn two_automations_with_one_name() {
    assert_invalid(
        &[(
            "app.toml",
            b"[application]\nname = \"A\"\n[[automation]]\nname = \"n\"\nowner = \"a@x.com\"\n[[automation]]\nname = \"n\"\nowner = \"a@x.com\"\n",
        )],
        &["app.toml:7:1", " 4 │ name = \"n\"", "first definition", "defined twice in this application"],
    );
}

#[test]
fn slash_in_application_name() {
    assert_invalid(
        &[("app.toml", b"[application]\nname = \"FP/A\"\n")],
        &["app.toml:2:8", "cannot contain `/`"],
    );
}

#[test]
fn members_key_that_is_not_an_email() {
    assert_invalid(
        &[("app.toml", b"[application]\nname = \"A\"\n[members]\n\"a@x.com\" = \"Reader\"\nowner = \"b@x.com\"\n")],
        &["app.toml:5:1", "`owner` under [members] is not an email", "move `owner` above [members]"],
    );
}

#[test]
fn members_keys_equal_but_for_case() {
    assert_invalid(
        &[("app.toml", b"[application]\nname = \"A\"\n[members]\n\"a@x.com\" = \"Reader\"\n\"A@x.com\" = \"Modeler\"\n")],
        &["app.toml:5:1", " 4 │ \"a@x.com\"", "first assignment", "assigned twice"],
    );
}

#[test]
fn application_parts_without_application() {
    assert_invalid(
        &[("r.toml", b"[roles.R]\npermissions = []\n[members]\n\"a@x.com\" = \"R\"\n[[automation]]\nname = \"n\"\nowner = \"a@x.com\"\n")],
        &["r.toml:1:2", "r.toml:3:2", "r.toml:5:3", "this file has no [application]"],
    );
}

#[test]
fn required_keys() {
    assert_invalid(
        &[(
            "a.toml",
            b"[[member]]\nname = \"x\"\n[[api_key]]\nname = \"k\"\n[application]\nowner = \"a@x.com\"\n[roles.R]\ndefault_access = \"read\"\n[[automation]]\nname = \"n\"\n",
        )],
        &[
            "[[member]] has no `email`",
            "[[member]] has no `account_type`",
            "[[api_key]] has no `kind`",
            "[[api_key]] has no `owner`",
            "[application] has no `name`",
            "[roles.R] has no `permissions`",
            "[[automation]] has no `owner`",
        ],
    );
}

#[test]
fn every_bad_file_and_every_error_in_a_file_is_reported() {
    let (code, stderr) = invalid(&[
        ("a.toml", b"[[member]]\nemail = 1\naccount_type = 2\n"),
        ("b.toml", b"x = \n"),
        (
            "c.toml",
            b"[application]\nname = \"A\"\nonwer = \"a@x.com\"\n",
        ),
    ]);
    assert_eq!(code, 2);
    for e in [
        "a.toml:2:9",
        "a.toml:3:16",
        "b.toml:1:5",
        "c.toml:3:1",
        "did you mean `owner`?",
        "4 invalid input errors",
    ] {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
}

#[test]
fn errors_are_in_the_same_order_whatever_the_file_names() {
    let bad = b"[[member]]\nemail = 1\naccount_type = \"x\"\n";
    let one = invalid(&[("a.toml", bad), ("b.toml", b"y = 1\n")]).1;
    let two = invalid(&[("b.toml", b"y = 1\n"), ("a.toml", bad)]).1;
    assert_eq!(one, two);
}

#[test]
fn a_missing_path_is_exit_2() {
    let dir = tree(&[]);
    let out = run_in(dir.path(), &["licenses", "no-such-folder"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
}

#[test]
fn a_bad_command_line_is_exit_2() {
    let dir = tree(&[]);
    assert_eq!(
        run_in(dir.path(), &["licenses", "--format", "yaml"]).code,
        2
    );
    assert_eq!(
        run_in(dir.path(), &["licenses", "--today", "2026-13-01"]).code,
        2
    );
    assert_eq!(run_in(dir.path(), &["--help"]).code, 0);
}

#[test]
fn discovery_skips_hidden_target_policies_and_excludes() {
    let junk = b"this is not toml";
    let dir = tree(&[
        ("members.toml", MEMBER.as_bytes()),
        (".hidden/x.toml", junk),
        (".x.toml", junk),
        ("target/x.toml", junk),
        ("sub/target/x.toml", junk),
        ("policies/p.toml", junk),
        ("archive/old.toml", junk),
        ("notes.txt", junk),
        ("swatch.toml", b"exclude = [\"archive/**\"]\n"),
    ]);
    let out = run_in(dir.path(), &["licenses", ".", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("a@x.com"));
}

#[test]
fn hostile_input_is_escaped_and_never_panics() {
    let deep = format!("a = {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let dir = tree(&[
        (
            "evil.toml",
            b"[workspace]\nname = \"\\u001b[31mred\\u202e\"\nbad = 1\n",
        ),
        ("deep.toml", deep.as_bytes()),
        ("ctl.toml", b"x = \"\x1b[2J\"\n"),
    ]);
    let out = run_in(dir.path(), &["licenses", "."]);
    assert_eq!(out.code, 2);
    assert!(
        !out.stderr.contains('\u{1b}'),
        "raw escape reached the terminal:\n{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{202e}'));
}

#[test]
fn a_quoted_or_foreign_date_says_dates_are_unquoted_yyyy_mm_dd() {
    let member = "[[member]]\nemail = \"a@x.com\"\naccount_type = \"primary_owner\"\nlast_active = \"01/02/2026\"\n";
    let dir = tree(&[("w.toml", member.as_bytes())]);
    let out = run_in(dir.path(), &["licenses", "."]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("quoted_date", out.stderr);
    assert_invalid(
        &[(
            "w.toml",
            b"[[member]]\nemail = \"a@x.com\"\naccount_type = \"primary_owner\"\nlast_active = 2026-02-30\n",
        )],
        &["expected day between 01 and 28", "dates are YYYY-MM-DD, unquoted"],
    );
}
