//! `swatch check --format sarif`: SARIF 2.1.0 for code scanning. Rules come
//! from the registry; each result carries a fingerprint of its identity
//! (rule + subject), so moving an entry keeps its alert.
//!
//! The log passes Microsoft's SARIF multitool with GitHub's ingestion rules
//! (`validate --rule-kind "Gh;Sarif"`, run by .ci/run): every result has a
//! location, URIs are relative to `%SRCROOT%` (the repository root, see
//! [`super::RepoPaths`]) and percent-encoded, rule names differ from ids.

use super::RepoPaths;
use crate::error::Invalid;
use crate::finding::{Finding, Severity};
use crate::rules::RuleDoc;
use crate::source::{FileId, Loc, Sources};
use serde_json::{Value, json};

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
fn fingerprint(finding: &Finding) -> String {
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

fn physical(paths: &RepoPaths, path: &str, region: &Value) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(&paths.path(path)), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }
    })
}

fn location(paths: &RepoPaths, sources: &Sources, loc: Loc) -> Value {
    let p = sources.position(loc);
    let (end_line, end_column) = sources.get(loc.file).line_col(loc.end);
    physical(
        paths,
        p.path,
        &json!({"startLine": p.line, "startColumn": p.column, "endLine": end_line, "endColumn": end_column}),
    )
}

fn descriptor(id: &str, summary: &str, docs: &str, severity: Severity) -> Value {
    json!({
        "id": id,
        "name": rule_name(id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": level(severity)},
    })
}

fn message(message: &str, help: &str) -> Value {
    let text = if help.is_empty() {
        message.to_owned()
    } else {
        format!("{message}\nhelp: {help}")
    };
    json!({ "text": text })
}

fn log(rules: &[Value], results: &[Value], invocation: &Value) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "swatch",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "originalUriBaseIds": {
                "%SRCROOT%": {"description": {"text": "The root of the repository that holds the workspace."}},
            },
            "invocations": [invocation],
            "results": results,
        }],
    })
}

/// `fallback` is the file a workspace-wide finding without a line of its
/// own points at (code scanning drops a result without a location).
pub fn check(
    findings: &[Finding],
    sources: &Sources,
    rules: &[RuleDoc<'_>],
    paths: &RepoPaths,
    fallback: Option<FileId>,
) -> Value {
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| descriptor(r.id, r.summary, r.docs, r.severity))
        .collect();
    let index: std::collections::BTreeMap<&str, usize> =
        rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": message(&f.message, &f.help),
                "partialFingerprints": {"swatchIdentity/v1": fingerprint(f)},
                "properties": {"subject": f.subject},
            });
            if let Some(&i) = index.get(f.rule.as_str()) {
                result["ruleIndex"] = json!(i);
            }
            let locations: Vec<Value> = super::places(f, fallback)
                .into_iter()
                .map(|loc| location(paths, sources, loc))
                .collect();
            if !locations.is_empty() {
                result["locations"] = Value::Array(locations);
            }
            if let Some(fix) = super::sarif_fix::fix(f, sources, paths) {
                result["fixes"] = json!([fix]);
            }
            result
        })
        .collect();
    log(
        &descriptors,
        &results,
        &json!({"executionSuccessful": true}),
    )
}

/// Invalid input as a valid log: a result per error that has a file, and
/// the others (an unreadable PATH, a bad command line) as tool execution
/// notifications.
pub(crate) fn invalid(invalid: &Invalid, paths: &RepoPaths) -> Value {
    let rule = descriptor(
        INVALID_INPUT,
        "the workspace, config or a user rule cannot be read",
        "swatch stopped before checking anything (exit 2): fix the input at the place shown; `swatch check` in a terminal shows each error with its snippet.",
        Severity::Error,
    );
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for e in &invalid.errors {
        let help = e.help.as_deref().unwrap_or("");
        match e.loc {
            Some(loc) => results.push(json!({
                "ruleId": INVALID_INPUT,
                "ruleIndex": 0,
                "level": "error",
                "message": message(&e.message, help),
                "locations": [location(paths, &invalid.sources, loc)],
                "properties": {"code": e.code},
            })),
            None => notifications.push(json!({
                "level": "error",
                "message": message(&e.message, help),
                "descriptor": {"id": e.code},
            })),
        }
    }
    let invocation = json!({
        "executionSuccessful": false,
        "toolExecutionNotifications": notifications,
    });
    log(&[rule], &results, &invocation)
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
