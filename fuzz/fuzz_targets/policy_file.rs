//! Arbitrary bytes as a policy file (`policies/*.toml`) of the `acme`
//! example workspace, so that valid policies have members, roles, keys and
//! applications to match.
#![no_main]

use std::sync::LazyLock;

macro_rules! example {
    ($($path:literal),*) => {
        vec![$(($path.to_owned(), include_bytes!(concat!("../../examples/acme/", $path)).to_vec())),*]
    };
}

static ACME: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    example!(
        "workspace.toml",
        "members/it.toml",
        "members/contractors.toml",
        "members/sales.toml",
        "members/finance.toml",
        "apps/workforce.toml",
        "apps/board-reporting.toml",
        "apps/fpa.toml",
        "apps/legacy-capex.toml",
        "apps/sales-planning.toml",
        "keys/api-keys.toml"
    )
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| swatch::fuzzing::policy_file(&ACME, data));
