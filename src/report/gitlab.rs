//! `swatch check --format gitlab`: a GitLab Code Quality report, the JSON
//! array a `codequality` artifact holds, shown on the merge request.
//!
//! Each issue's fingerprint is the SHA-256 of its rule and subject, so it is
//! stable across pushes (GitLab tells new issues from fixed ones by it) and
//! unique (one finding per rule and subject).

use super::sarif::INVALID_INPUT;
use crate::error::Invalid;
use crate::finding::{Finding, Severity};
use crate::load::work_tree::RepoPaths;
use crate::source::{FileId, Loc, Sources};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

fn fingerprint(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        // A separator no part contains, so ("a", "bc") and ("ab", "c") differ.
        hash.update([0]);
    }
    let mut hex = String::with_capacity(64);
    for b in hash.finalize() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

fn description(message: &str, help: &str) -> String {
    if help.is_empty() {
        message.to_owned()
    } else {
        format!("{message} (help: {help})")
    }
}

fn location(paths: &RepoPaths, sources: &Sources, loc: Option<Loc>) -> Location {
    match loc {
        Some(loc) => {
            let p = sources.position(loc);
            Location {
                path: paths.path(p.path),
                lines: Lines { begin: p.line },
            }
        }
        // GitLab needs a path: the workspace folder stands for the whole workspace.
        None => Location {
            path: paths.workspace(),
            lines: Lines { begin: 1 },
        },
    }
}

/// `fallback` is the file a workspace-wide finding without a line of its own
/// points at, as in SARIF.
pub(crate) fn check(
    out: &mut dyn std::io::Write,
    findings: &[Finding],
    sources: &Sources,
    paths: &RepoPaths,
    fallback: Option<FileId>,
) -> std::io::Result<()> {
    crate::text::write_json(
        out,
        &Issues {
            findings,
            sources,
            paths,
            fallback,
        },
    )
}

/// The issues, each made as it is written (100,000 findings collected
/// first took 150 MB more, #9).
struct Issues<'a> {
    findings: &'a [Finding],
    sources: &'a Sources,
    paths: &'a RepoPaths,
    fallback: Option<FileId>,
}

impl Serialize for Issues<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.findings.iter().map(|f| Issue {
            description: description(&f.message, &f.help),
            check_name: f.rule.as_str().to_owned(),
            fingerprint: fingerprint(&[&f.rule, f.subject.kind.as_str(), &f.subject.name]),
            severity: severity(f.severity),
            location: location(
                self.paths,
                self.sources,
                super::places(f, self.fallback).first().copied(),
            ),
        }))
    }
}

/// One `major` issue per piece of invalid input.
pub(crate) fn invalid(
    out: &mut dyn std::io::Write,
    invalid: &Invalid,
    paths: &RepoPaths,
) -> std::io::Result<()> {
    let issues: Vec<Issue> = invalid
        .errors
        .iter()
        .map(|e| {
            let location = location(paths, &invalid.sources, e.loc);
            Issue {
                description: description(&e.message, e.help.as_deref().unwrap_or("")),
                check_name: INVALID_INPUT.to_owned(),
                fingerprint: fingerprint(&[
                    INVALID_INPUT,
                    e.code,
                    &location.path,
                    &location.lines.begin.to_string(),
                    &e.message,
                ]),
                severity: "major",
                location,
            }
        })
        .collect();
    crate::text::write_json(out, &issues)
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_are_sha256_of_the_separated_parts() {
        // printf 'a\0b\0' | sha256sum
        assert_eq!(
            fingerprint(&["a", "b"]),
            "8fb20ef63ced4145fc2e983ffe597d1dcff39154c3bf21f0fa9dde6a0c50fdc9"
        );
        assert_ne!(fingerprint(&["a", "bc"]), fingerprint(&["ab", "c"]));
    }
}
