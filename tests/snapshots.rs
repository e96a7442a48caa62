//! Every stored snapshot belongs to a test: an orphan would pass forever
//! without checking anything (cargo-insta's `--unreferenced=reject`, without
//! needing cargo-insta). A named snapshot is referenced by its name in its
//! test file; a `glob!` one (`file__function@input.snap`) by its function
//! and by its input, which must still exist.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

use std::path::Path;

#[test]
fn every_snapshot_is_referenced_by_its_test_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(root.join("snapshots")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(stem) = name.strip_suffix(".snap") else {
            continue;
        };
        let (file, snapshot) = stem.split_once("__").unwrap();
        let source = std::fs::read_to_string(root.join(format!("{file}.rs"))).unwrap_or_default();
        let referenced = match snapshot.split_once('@') {
            // `insta::glob!` in the test `function`, one snapshot per input:
            // the input it names must still exist.
            Some((function, _)) => {
                let text = std::fs::read_to_string(root.join("snapshots").join(&name)).unwrap();
                let header = text.split_once("\n---\n").map_or("", |(header, _)| header);
                let input = header.lines().find_map(|l| l.strip_prefix("input_file: "));
                source.contains(&format!("fn {function}()"))
                    && source.contains("insta::glob!")
                    && input.is_some_and(|path| root.join("..").join(path).exists())
            }
            None => source.contains(&format!("\"{snapshot}\"")),
        };
        if !referenced {
            orphans.push(name);
        }
    }
    assert!(orphans.is_empty(), "snapshots no test writes: {orphans:?}");
}
