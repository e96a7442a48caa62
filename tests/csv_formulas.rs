//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
//! formula (`=HYPERLINK(...)` leaks data when clicked). Every CSV output
//! keeps such a name inside one quoted field, prefixed with `'` so it is
//! text, and keeps each row's column count.

mod common;

use common::{run_in, tree};

/// (email, name) pairs that read as formulas (emails are kept lowercase).
const MEMBERS: [(&str, &str); 4] = [
    (
        "=hyperlink(\"http://evil.example\")@acme.com",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
    ),
    ("+1@acme.com", "+1"),
    ("-2@acme.com", "-2"),
    ("@sum(1)@acme.com", "@SUM(1)"),
];
const APP: &str = "=cmd|' -C calc'!A0";

fn workspace() -> tempfile::TempDir {
    let escape = |s: &str| s.replace('"', "\\\"");
    let mut members =
        String::from("[[member]]\nemail = \"po@acme.com\"\naccount_type = \"primary_owner\"\n");
    let mut assignments = String::new();
    for (email, name) in MEMBERS {
        members.push_str(&format!(
            "[[member]]\nemail = \"{}\"\nname = \"{}\"\naccount_type = \"standard_member\"\n",
            escape(email),
            escape(name)
        ));
        assignments.push_str(&format!("\"{}\" = \"Reader\"\n", escape(email)));
    }
    let app = format!(
        "[application]\nname = \"{}\"\nowner = \"po@acme.com\"\n[members]\n{assignments}",
        escape(APP)
    );
    tree(&[
        ("members.toml", members.as_bytes()),
        ("apps/a.toml", app.as_bytes()),
    ])
}

/// Every record of `csv`, each as long as the header.
fn records(csv: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect();
    let width = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == width), "{csv}");
    rows
}

/// Each hostile value is one whole field, quoted and prefixed with `'`.
fn assert_defused(what: &str, csv: &str, values: &[&str]) {
    let cells: Vec<String> = records(csv).into_iter().flatten().collect();
    for value in values {
        assert!(
            cells.iter().any(|c| *c == format!("'{value}")),
            "{what}: no cell `'{value}` in\n{csv}"
        );
        assert!(
            !cells.iter().any(|c| c == value),
            "{what}: `{value}` is a cell as is"
        );
        let quoted = format!("\"'{}\"", value.replace('"', "\"\""));
        assert!(
            csv.contains(&quoted),
            "{what}: {quoted} is not quoted in\n{csv}"
        );
    }
}

#[test]
fn formula_looking_names_are_text_in_every_csv() {
    let dir = workspace();
    let mut values: Vec<&str> = MEMBERS.iter().flat_map(|(e, n)| [*e, *n]).collect();
    let licenses = run_in(dir.path(), &["licenses", ".", "--format", "csv"]);
    assert_eq!(licenses.code, 0, "{}", licenses.stderr);
    assert_defused("licenses", &licenses.stdout, &values);

    values.push(APP);
    let report = run_in(dir.path(), &["report", ".", "--format", "csv"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert_defused("report", &report.stdout, &values);
}
