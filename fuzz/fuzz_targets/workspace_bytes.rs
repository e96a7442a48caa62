//! Arbitrary bytes as a workspace's only model file: load → licenses →
//! check → every report format, and `diff` to and from an empty workspace.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| swatch::fuzzing::workspace_file(data));
