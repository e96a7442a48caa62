//! Renderers: one file per output format. Renderers only read data
//! (licenses, findings, diffs) and write to a `&mut dyn Write`; nothing
//! else in swatch writes output.

pub mod csv;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

pub(crate) mod gitlab;
pub(crate) mod graphical;
pub(crate) mod invalid;
pub(crate) mod policy_test;
pub(crate) mod rules;
pub(crate) mod written;

/// Where code scanning and GitLab show a finding: its line; else the
/// entries involved; else `fallback`, the workspace's first file (neither
/// accepts a finding without a location; JSON keeps `null`).
pub(crate) fn places(
    finding: &crate::finding::Finding,
    fallback: Option<crate::source::FileId>,
) -> Vec<crate::source::Loc> {
    match (finding.loc, finding.involved.as_slice(), fallback) {
        (Some(loc), _, _) => vec![loc],
        (None, [_, ..], _) => finding.involved.clone(),
        (None, [], Some(file)) => vec![crate::source::Loc {
            file,
            start: 0,
            end: 0,
        }],
        (None, [], None) => Vec::new(),
    }
}

/// How terminal output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}
