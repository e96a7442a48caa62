//! Renderers: one file per output format. Renderers only read data
//! (licenses, findings, diffs) and write to a `&mut dyn Write`; nothing
//! else in swatch writes output.

pub mod csv;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub(crate) mod md_text;
pub mod sarif;
mod sarif_fix;

pub(crate) mod gitlab;
pub(crate) mod invalid;
pub(crate) mod policy_test;
pub(crate) mod rules;
pub(crate) mod written;

/// Paths as CI tools match them: from the root of the repository work tree
/// that holds PATH (PATH itself outside a repository), whatever PATH was
/// given as. The rule for every output is in README.md, "Paths in the output".
#[derive(Debug, Clone, Default)]
pub struct RepoPaths {
    /// PATH relative to the work tree's root, with a trailing `/`, or empty.
    prefix: String,
}

impl RepoPaths {
    pub(crate) fn of(workspace: &std::path::Path) -> Self {
        Self {
            prefix: crate::load::work_tree::repository_prefix(workspace),
        }
    }

    /// A workspace-relative path (as in [`crate::source::Sources`]) from the repository root.
    pub(crate) fn path(&self, workspace_relative: &str) -> String {
        format!("{}{workspace_relative}", self.prefix)
    }

    /// The workspace folder itself from the repository root (`.` at the root).
    pub(crate) fn workspace(&self) -> String {
        let folder = self.prefix.trim_end_matches('/');
        if folder.is_empty() {
            ".".to_owned()
        } else {
            folder.to_owned()
        }
    }
}

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

use serde::Serialize;

/// How terminal output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// A yearly amount in cents, as a JSON number: an integer when every price
/// is a whole number of dollars (cli.md), else a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub cents: i64,
    pub whole: bool,
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.whole {
            s.serialize_i64(self.cents / 100)
        } else {
            s.serialize_f64(self.cents as f64 / 100.0)
        }
    }
}

impl std::fmt::Display for Amount {
    /// `$12,500` or `-$1,600.50`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        let dollars = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, digit) in dollars.chars().enumerate() {
            if i > 0 && (dollars.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        if abs % 100 == 0 && self.whole {
            write!(f, "{sign}${grouped}")
        } else {
            write!(f, "{sign}${grouped}.{:02}", abs % 100)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_like_money() {
        let a = |cents, whole| Amount { cents, whole }.to_string();
        assert_eq!(a(275_000, true), "$2,750");
        assert_eq!(a(123_456_700, true), "$1,234,567");
        assert_eq!(a(-160_050, false), "-$1,600.50");
        assert_eq!(a(0, true), "$0");
        assert_eq!(
            serde_json::to_string(&Amount {
                cents: 160_050,
                whole: false
            })
            .unwrap(),
            "1600.5"
        );
    }
}
