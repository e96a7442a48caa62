//! Every `swatch what-if` a finding's help suggests for a license does what
//! the help says: run as written, it lowers the member's license.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{run_in, tree};

/// The words of a command the way a POSIX shell splits it: the helps quote
/// values in single quotes, a quote inside written `'\''`.
fn shell_words(command: &str) -> Vec<String> {
    let (mut words, mut word, mut in_word) = (Vec::new(), String::new(), false);
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                word.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            ' ' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                }
                in_word = false;
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

fn rank(license: &serde_json::Value) -> u8 {
    match license.as_str() {
        Some("editor") => 3,
        Some("contributor") => 2,
        Some("explorer") => 1,
        _ => 0,
    }
}

/// The over-provisioned-editor findings of `path`: (member, help).
fn editor_findings(dir: &std::path::Path, path: &str) -> Vec<(String, String)> {
    let out = run_in(dir, &["check", path, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "over-provisioned-editor")
        .map(|f| {
            (
                f["subject"]["name"].as_str().unwrap().to_owned(),
                f["help"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Run the `swatch what-if` the help names on `path`; the member's license before and after.
fn run_suggestion(dir: &std::path::Path, path: &str, member: &str, help: &str) -> (u8, u8) {
    let start = help
        .find("`swatch what-if ")
        .unwrap_or_else(|| panic!("no what-if in {help}"));
    let command = &help[start + 1..];
    let command = &command[..command.find('`').unwrap()];
    let words = shell_words(command);
    let mut args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    args.extend([path, "--format", "json"]);
    let out = run_in(dir, &args);
    assert_eq!(out.code, 0, "{command}: {}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let change = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == member)
        .unwrap_or_else(|| panic!("`{command}` changes nothing for {member}"));
    (rank(&change["before"]), rank(&change["after"]))
}

#[test]
fn each_suggested_what_if_lowers_the_license_in_acme() {
    let root = common::root();
    let findings = editor_findings(&root, "examples/acme");
    assert!(findings.len() >= 2, "{findings:?}");
    for (member, help) in findings {
        let (before, after) = run_suggestion(&root, "examples/acme", &member, &help);
        assert!(after < before, "{member}: {help}");
    }
}

#[test]
fn a_member_with_a_role_and_a_builder_account_gets_both_flags_and_an_owner_gets_why() {
    let dir = tree(&[
        (
            "workspace.toml",
            b"[workspace]\nname = \"W\"\n".as_slice(),
        ),
        (
            "members.toml",
            br#"
[[member]]
email = "boss@w.co"
account_type = "primary_owner"
[[member]]
email = "both@w.co"
account_type = "builder"
seat = "contributor"
[[member]]
email = "owner@w.co"
account_type = "builder"
seat = "contributor"
"#,
        ),
        (
            "app.toml",
            b"[application]\nname = \"A\"\nowner = \"owner@w.co\"\n[members]\n\"both@w.co\" = \"Modeler\"\n\"owner@w.co\" = \"Contributor\"\n",
        ),
    ]);
    let findings = editor_findings(dir.path(), ".");
    let help_of = |who: &str| &findings.iter().find(|(m, _)| m == who).unwrap().1;
    let (before, after) = run_suggestion(dir.path(), ".", "both@w.co", help_of("both@w.co"));
    assert!(after < before, "{}", help_of("both@w.co"));
    assert!(
        help_of("owner@w.co").contains("no single `what-if`")
            && help_of("owner@w.co").contains("`swatch why 'owner@w.co'`"),
        "{}",
        help_of("owner@w.co")
    );
}
