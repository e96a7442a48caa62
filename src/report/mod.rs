//! Renderers: one file per output format. Renderers only read data
//! (licenses, findings, diffs) and write to a `&mut dyn Write`; nothing
//! else in swatch writes output.

pub(crate) mod csv;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod markdown;
pub(crate) mod sarif;

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
    match (finding.loc, finding.involved(), fallback) {
        (Some(loc), _, _) => vec![loc],
        (None, involved @ [_, ..], _) => involved.to_vec(),
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
pub(crate) struct Style {
    pub color: bool,
    pub width: usize,
}
