//! Outputs do not depend on how the workspace path is spelled (proptest
//! over small random workspaces; the in-process properties are in
//! src/properties.rs).

mod common;
#[allow(unreachable_pub)] // pub for src/properties.rs, which shares the file
#[path = "common/random_workspace.rs"]
mod random_workspace;

use proptest::prelude::*;
use random_workspace::{workspace, write_workspace};

proptest! {
    // Each case runs the binary a few times: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn output_is_the_same_however_the_path_is_spelled(ws in workspace()) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        write_workspace(&dir.path().join("ws"), &ws.files());
        for format in ["human", "json", "sarif", "github", "gitlab", "junit"] {
            let outputs: Vec<String> = ["ws", "ws/", "./ws", "ws//", "./ws/"]
                .iter()
                .map(|path| {
                    common::run_in(dir.path(), &["check", path, "--format", format]).stdout
                })
                .collect();
            for output in &outputs[1..] {
                prop_assert_eq!(output, &outputs[0], "--format {}", format);
            }
        }
    }
}
