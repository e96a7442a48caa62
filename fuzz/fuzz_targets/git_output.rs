//! Arbitrary bytes as git's output: the `git ls-tree -r -z` listing and the
//! `git cat-file --batch` answers `swatch diff --base` parses.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| swatch::fuzzing::git_output(data));
