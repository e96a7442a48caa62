//! Every stored snapshot belongs to a test: an orphan would pass forever
//! without checking anything (cargo-insta's `--unreferenced=reject`, without
//! needing cargo-insta).

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
        if !source.contains(&format!("\"{snapshot}\"")) {
            orphans.push(name);
        }
    }
    assert!(orphans.is_empty(), "snapshots no test writes: {orphans:?}");
}
