//! `swatch check --format sarif`: SARIF 2.1.0 for code scanning. Rules come
//! from the registry; each result carries a fingerprint of its identity
//! (rule + subject), so moving an entry keeps its alert.

use crate::finding::{Finding, Severity};
use crate::rules::RuleDoc;
use crate::source::Sources;
use serde_json::{Value, json};

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

pub fn check(
    findings: &[Finding],
    sources: &Sources,
    rules: &[RuleDoc<'_>],
    prefix: &str,
) -> Value {
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.docs, "markdown": r.docs},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": if f.help.is_empty() { f.message.clone() } else { format!("{}\nhelp: {}", f.message, f.help) }},
                "partialFingerprints": {"swatchIdentity/v1": fingerprint(f)},
                "properties": {"subject": f.subject},
            });
            if let Some(index) = rules.iter().position(|r| r.id == f.rule) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(loc) = f.loc {
                let p = sources.position(loc);
                let (end_line, end_column) = sources.get(loc.file).line_col(loc.end);
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": super::joined(prefix, p.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": p.line, "startColumn": p.column, "endLine": end_line, "endColumn": end_column},
                    }
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "swatch",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "results": results,
        }],
    })
}
