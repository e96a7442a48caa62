//! Helpers shared by unit and integration tests: build a workspace from
//! inline TOML files.

use crate::error::Invalid;
use crate::load::{self, Content, Workspace};
use crate::source::Sources;

/// Load a workspace from `(path, text)` pairs.
pub(crate) fn try_workspace(files: &[(&str, &str)]) -> Result<Workspace, Invalid> {
    let files = files
        .iter()
        .map(|(path, text)| ((*path).to_owned(), Content::Bytes(text.as_bytes().to_vec())))
        .collect();
    load::load(Sources::default(), files, load::MaxFileSize::DEFAULT)
}

/// Load a workspace that must be valid; panics with the errors otherwise.
pub(crate) fn workspace(files: &[(&str, &str)]) -> Workspace {
    match try_workspace(files) {
        Ok(w) => w,
        Err(invalid) => {
            let errors: Vec<String> = invalid
                .errors
                .iter()
                .map(|e| match e.loc {
                    Some(loc) => format!("{}: {}", invalid.sources.position(loc), e.message),
                    None => e.message.clone(),
                })
                .collect();
            panic!("invalid test workspace:\n{}", errors.join("\n"))
        }
    }
}
