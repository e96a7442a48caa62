//! Formats that name places but show no line drop the files' texts once the
//! model is built (#16): their lines and columns must be the ones a format
//! that keeps the texts (SARIF, for its fixes) computes.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{run_in, tree};
use serde_json::Value;

/// Members on one line of thousands of characters, after wide characters,
/// with CRLF line ends; a file with an inline suppression (which keeps its
/// text) and one of plain ASCII.
fn workspace() -> tempfile::TempDir {
    let contractors = format!("# Ünïcode\r\n{}\r\n", contractors_line());
    tree(&[
        (
            "workspace.toml",
            b"[workspace]\nname = \"W\"\nsso_domains = [\"acme.com\"]\n\n[[member]]\nemail = \"ada@acme.com\"\n\
              account_type = \"primary_owner\"\nlast_active = 2026-11-20\n",
        ),
        ("members/contractors.toml", contractors.as_bytes()),
        (
            "members/ignored.toml",
            "# Çà\n# swatch: ignore external-member -- a partner\n[[member]]\n\
             email = \"x@gmail.com\"\nname = \"Ève\"\naccount_type = \"standard_member\"\n\
             last_active = 2026-11-15\n\n[[member]]\nemail = \"y@gmail.com\"\n\
             account_type = \"standard_member\"\nlast_active = 2026-11-15\n"
                .as_bytes(),
        ),
    ])
}

/// The second line of `members/contractors.toml`.
fn contractors_line() -> String {
    let members: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "{{ email = \"p{i}@gmail.com\", name = \"Zoë Ŝtraße 日本 {i} 🦀\", \
                 account_type = \"standard_member\", last_active = 2026-11-15 }}"
            )
        })
        .collect();
    format!("member = [{}]", members.join(", "))
}

/// (file, line, column, rule) of every finding, sorted.
fn places(
    findings: impl Iterator<Item = (String, u64, u64, String)>,
) -> Vec<(String, u64, u64, String)> {
    let mut places: Vec<_> = findings.collect();
    places.sort();
    places
}

#[test]
fn json_places_are_those_of_the_texts() {
    let dir = workspace();
    let json = run_in(dir.path(), &["check", "--format", "json", "."]);
    let sarif = run_in(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(
        (json.code, sarif.code),
        (0, 0),
        "{}{}",
        json.stderr,
        sarif.stderr
    );
    let (json, sarif) = (json.json(), sarif.json());
    let from_json = places(json["findings"].as_array().unwrap().iter().map(|f| {
        (
            f["file"].as_str().unwrap().to_owned(),
            f["line"].as_u64().unwrap(),
            f["column"].as_u64().unwrap(),
            f["rule"].as_str().unwrap().to_owned(),
        )
    }));
    let from_sarif = places(
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["locations"][0]["physicalLocation"]["region"].is_object())
            .map(|r| {
                let location = &r["locations"][0]["physicalLocation"];
                let region: &Value = &location["region"];
                (
                    location["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    region["startLine"].as_u64().unwrap(),
                    region["startColumn"].as_u64().unwrap(),
                    r["ruleId"].as_str().unwrap().to_owned(),
                )
            }),
    );
    assert_eq!(from_json, from_sarif);
    // Columns count characters, where each member's `email` starts.
    let line = contractors_line();
    let expected: Vec<u64> = (0..60)
        .map(|i| {
            let at = line.find(&format!("email = \"p{i}@")).unwrap();
            line[..at].chars().count() as u64 + 1
        })
        .collect();
    let mut columns: Vec<u64> = from_json
        .iter()
        .filter(|(file, _, _, rule)| {
            file == "members/contractors.toml" && rule == "external-member"
        })
        .map(|&(_, line, column, _)| {
            assert_eq!(line, 2);
            column
        })
        .collect();
    columns.sort_unstable();
    assert_eq!(columns, expected);
    // The suppression, which reads its file's lines, still holds.
    let external: Vec<_> = from_json
        .iter()
        .filter(|(file, _, _, rule)| file == "members/ignored.toml" && rule == "external-member")
        .collect();
    assert_eq!(external.len(), 1, "{from_json:?}");
}
