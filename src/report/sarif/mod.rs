//! `swatch check --format sarif`: SARIF 2.1.0 for code scanning. Rules come
//! from the registry; each result carries a fingerprint of its identity
//! (rule + subject), so moving an entry keeps its alert.
//!
//! The log passes Microsoft's SARIF multitool with GitHub's ingestion rules
//! (`validate --rule-kind "Gh;Sarif"`, run by .ci/run): every result has a
//! location, URIs are relative to `%SRCROOT%` (the repository root, see
//! [`crate::load::work_tree::RepoPaths`]) and percent-encoded, rule names differ from ids.

mod fix;

use crate::error::Invalid;
use crate::finding::Severity;
use crate::load::work_tree::RepoPaths;
use crate::rules::RuleDoc;
use crate::source::{FileId, Loc, Sources};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Where a code-scanning user reads about swatch.
const INFORMATION_URI: &str = env!("CARGO_PKG_HOMEPAGE");

/// The rule id of invalid input (exit 2) in SARIF, GitLab and `JUnit`.
pub(crate) const INVALID_INPUT: &str = "invalid-input";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// FNV-1a: a stable 64-bit hash, the same on every platform and release.
fn fingerprint(finding: &crate::finding::Finding) -> String {
    let text = format!(
        "{}\0{}\0{}",
        finding.rule,
        finding.subject.kind.as_str(),
        finding.subject.name
    );
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// A rule's SARIF `name`: the id in `PascalCase` (`missing-app-owner` →
/// `MissingAppOwner`, `team/no-x` → `TeamNoX`), since a name equal to the
/// id is a warning (SARIF1001).
fn rule_name(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// A relative URI reference for a `/`-separated path: every byte but the
/// unreserved ones and `/` percent-encoded (RFC 3986), so spaces, `#`, `%`
/// and non-ASCII names stay one path (SARIF1002).
pub(crate) fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// Each file's URI, by [`FileId`], made once: a log names a file in each
/// of its results, and 400,000 results made 800,000 copies (#9).
struct Uris(Vec<String>);

impl Uris {
    fn of(sources: &Sources, paths: &RepoPaths) -> Self {
        Self(sources.files().map(|f| uri(&paths.path(&f.path))).collect())
    }

    fn get(&self, file: FileId) -> ArtifactLocation<'_> {
        ArtifactLocation {
            uri: &self.0[file.0 as usize],
            uri_base_id: "%SRCROOT%",
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation<'a> {
    uri: &'a str,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

fn location<'a>(uris: &'a Uris, sources: &Sources, loc: Loc) -> Location<'a> {
    let p = sources.position(loc);
    let (end_line, end_column) = sources.get(loc.file).line_col(loc.end);
    Location {
        physical_location: PhysicalLocation {
            artifact_location: uris.get(loc.file),
            region: Region {
                start_line: p.line,
                start_column: p.column,
                end_line,
                end_column,
            },
        },
    }
}

fn descriptor(id: &str, summary: &str, docs: &str, markdown: &str, severity: Severity) -> Value {
    json!({
        "id": id,
        "name": rule_name(id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": docs, "markdown": markdown},
        "defaultConfiguration": {"level": level(severity)},
    })
}

#[derive(Serialize)]
struct Message {
    text: String,
}

fn message(message: &str, help: &str) -> Message {
    let text = if help.is_empty() {
        message.to_owned()
    } else {
        format!("{message}\nhelp: {help}")
    };
    Message { text }
}

/// The log, written as it is serialized: `results` is an iterator's
/// sequence, so a result exists only while it is written (100,000 results
/// as one `Value` tree took gigabytes, #9).
#[derive(Serialize)]
struct Log<'a, R: Serialize> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a, R>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a, R: Serialize> {
    tool: Value,
    original_uri_base_ids: Value,
    invocations: [&'a Value; 1],
    results: R,
}

fn log<'a, R: Serialize>(rules: &[Value], results: R, invocation: &'a Value) -> Log<'a, R> {
    Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({"driver": {
                "name": "swatch",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }}),
            original_uri_base_ids: json!({
                "%SRCROOT%": {"description": {"text": "The root of the repository that holds the workspace."}},
            }),
            invocations: [invocation],
            results,
        }],
    }
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "swatchIdentity/v1")]
    identity: String,
}

#[derive(Serialize)]
struct Properties<'a> {
    subject: &'a crate::finding::Subject,
}

/// One result of `check`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Finding<'a> {
    rule_id: &'a str,
    level: &'static str,
    message: Message,
    partial_fingerprints: Fingerprints,
    properties: Properties<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[fix::Fix<'a>; 1]>,
}

/// A rule's descriptor. A user rule's documentation is text from a file
/// of the repository (its summary, description, message and help, written
/// by whoever opened the pull request): code scanning renders
/// `help.markdown`, so it is one fenced block there, inert like every name
/// in swatch's markdown, and kept as it is in `help.text`.
fn rule_descriptor(rule: &RuleDoc<'_>) -> Value {
    if rule.source == "user" {
        let lines: Vec<String> = rule.docs.lines().map(str::to_owned).collect();
        let markdown = crate::text::markdown::fenced_block("markdown", &lines);
        descriptor(rule.id, rule.summary, rule.docs, &markdown, rule.severity)
    } else {
        descriptor(rule.id, rule.summary, rule.docs, rule.docs, rule.severity)
    }
}

/// `check`'s results, each made as it is written.
struct Results<'a> {
    findings: &'a [crate::finding::Finding],
    sources: &'a Sources,
    uris: Uris,
    fallback: Option<FileId>,
    index: BTreeMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.findings.iter().map(|f| {
            Finding {
                rule_id: &f.rule,
                level: level(f.severity),
                message: message(&f.message, &f.help),
                partial_fingerprints: Fingerprints {
                    identity: fingerprint(f),
                },
                properties: Properties {
                    subject: &f.subject,
                },
                rule_index: self.index.get(f.rule.as_str()).copied(),
                locations: super::places(f, self.fallback)
                    .into_iter()
                    .map(|loc| location(&self.uris, self.sources, loc))
                    .collect(),
                fixes: fix::fix(f, self.sources, &self.uris).map(|fix| [fix]),
            }
        }))
    }
}

/// Write `check`'s log. `fallback` is the file a workspace-wide finding
/// without a line of its own points at (code scanning drops a result
/// without a location).
pub(crate) fn check(
    out: &mut dyn Write,
    findings: &[crate::finding::Finding],
    sources: &Sources,
    rules: &[RuleDoc<'_>],
    paths: &RepoPaths,
    fallback: Option<FileId>,
) -> io::Result<()> {
    let descriptors: Vec<Value> = rules.iter().map(rule_descriptor).collect();
    let results = Results {
        findings,
        sources,
        uris: Uris::of(sources, paths),
        fallback,
        index: rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect(),
    };
    let invocation = json!({"executionSuccessful": true});
    crate::text::write_compact_json(out, &log(&descriptors, results, &invocation))
}

/// Invalid input as a valid log: a result per error that has a file, and
/// the others (an unreadable PATH, a bad command line) as tool execution
/// notifications.
pub(crate) fn invalid(out: &mut dyn Write, invalid: &Invalid, paths: &RepoPaths) -> io::Result<()> {
    let help = "swatch stopped before checking anything (exit 2): fix the input at the place shown; `swatch check` in a terminal shows each error with its snippet.";
    let rule = descriptor(
        INVALID_INPUT,
        "the workspace, config or a user rule cannot be read",
        help,
        help,
        Severity::Error,
    );
    let notifications: Vec<Value> = invalid
        .errors
        .iter()
        .filter(|e| e.loc.is_none())
        .map(|e| {
            json!({
                "level": "error",
                "message": error_message(e),
                "descriptor": {"id": e.code},
            })
        })
        .collect();
    let invocation = json!({
        "executionSuccessful": false,
        "toolExecutionNotifications": notifications,
    });
    let results = InvalidResults {
        invalid,
        uris: Uris::of(&invalid.sources, paths),
    };
    crate::text::write_compact_json(out, &log(&[rule], results, &invocation))
}

/// An input error's message, its help after it.
fn error_message(e: &crate::error::InputError) -> Message {
    message(&e.message, e.help.as_deref().unwrap_or(""))
}

/// The errors of invalid input that have a file, each made as it is
/// written, like `check`'s results: a bad 10 MB file holds 180,000 (#9).
struct InvalidResults<'a> {
    invalid: &'a Invalid,
    uris: Uris,
}

/// One error of invalid input with a file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InvalidResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: [Location<'a>; 1],
    properties: ErrorCode,
}

#[derive(Serialize)]
struct ErrorCode {
    code: &'static str,
}

impl Serialize for InvalidResults<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.invalid.errors.iter().filter_map(|e| {
            Some(InvalidResult {
                rule_id: INVALID_INPUT,
                rule_index: 0,
                level: "error",
                message: error_message(e),
                locations: [location(&self.uris, &self.invalid.sources, e.loc?)],
                properties: ErrorCode { code: e.code },
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differ_from_ids_and_uris_are_encoded() {
        assert_eq!(rule_name("missing-app-owner"), "MissingAppOwner");
        assert_eq!(rule_name("team/no-x.y"), "TeamNoXY");
        assert_eq!(
            uri("infra/my ws/ménage#1.toml"),
            "infra/my%20ws/m%C3%A9nage%231.toml"
        );
        assert_eq!(uri("a%b"), "a%25b");
    }
}
