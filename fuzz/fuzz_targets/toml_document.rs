//! Arbitrary bytes as TOML: swatch's document builder against toml's own
//! parser, whole and in chunks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| swatch::fuzzing::toml_document(data));
