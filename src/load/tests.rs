//! The loader's own tests.

use super::*;

/// An edited copy takes the files it leaves alone as the first load
/// parsed them, and parses again a file that is at another place; the
/// other side of a change takes only those with the same text.
#[test]
fn a_copy_takes_the_parses_of_files_at_the_same_place() {
    let dir = tempfile::tempdir().unwrap();
    let member = |email: &str| {
        format!("[[member]]\nemail = \"{email}\"\naccount_type = \"standard_member\"\n")
    };
    let (limit, selector) = (MaxFileSize::DEFAULT, Selector::default());
    let on_disk = |name: &str| (name.to_owned(), Content::Disk(dir.path().join(name)));
    let copy_of = |files: Vec<(String, Content)>, other_side: bool| {
        for (name, email) in [
            ("a.toml", "a@x.com"),
            ("b.toml", "b@x.com"),
            ("c.toml", "c@x.com"),
        ] {
            std::fs::write(dir.path().join(name), member(email)).unwrap();
        }
        let found = discover(dir.path(), &selector).unwrap();
        let (first, parses) =
            load_keeping_parses(Sources::default(), found, limit, &selector, None).unwrap();
        // Changed on disk after the first load: where the copy takes
        // the parse, it sees what the first load parsed.
        std::fs::write(dir.path().join("c.toml"), member("changed@x.com")).unwrap();
        let places = Some(Keep::Places);
        let first = (&first.sources, parses);
        let takes = if other_side {
            Earlier::SameText
        } else {
            Earlier::Copy
        };
        let (sources, first) = (Sources::default(), (takes, first.0, first.1));
        let copy = load_second_side(sources, files, limit, &selector, places, first).unwrap();
        let emails: Vec<String> = copy
            .model
            .members
            .iter()
            .map(|m| m.key.to_string())
            .collect();
        emails.join(" ")
    };
    let edited = (
        "a.toml".to_owned(),
        Content::Bytes(member("e@x.com").into_bytes()),
    );
    let same_places = copy_of(vec![edited, on_disk("b.toml"), on_disk("c.toml")], false);
    assert_eq!(same_places, "b@x.com c@x.com e@x.com");
    let shifted = copy_of(vec![on_disk("b.toml"), on_disk("c.toml")], false);
    assert_eq!(shifted, "b@x.com changed@x.com");
    // The other side of a change takes a parse only for the same text.
    let all = || vec![on_disk("a.toml"), on_disk("b.toml"), on_disk("c.toml")];
    assert_eq!(copy_of(all(), true), "a@x.com b@x.com changed@x.com");
}

#[test]
fn selector_follows_discovery_rules() {
    let s = Selector::new(&["archive/**".to_owned()]).unwrap();
    assert!(s.is_model_file("members.toml"));
    assert!(s.is_model_file("apps/fpa.toml"));
    assert!(s.is_model_file("apps/policies/x.toml"));
    assert!(!s.is_model_file("policies/x.toml"));
    assert!(!s.is_model_file("swatch.toml"));
    assert!(s.is_model_file("sub/swatch.toml"));
    assert!(!s.is_model_file(".hidden.toml"));
    assert!(!s.is_model_file("a/.hidden/x.toml"));
    assert!(!s.is_model_file("a/target/x.toml"));
    assert!(!s.is_model_file("archive/old.toml"));
    assert!(!s.is_model_file("notes.md"));
}
