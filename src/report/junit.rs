//! `swatch check --format junit`: `JUnit` XML for CI systems that show test
//! reports (GitLab, Jenkins, Azure). One test suite per rule, one test case
//! per finding; findings at or above `--fail-on` are failures.

use super::sarif::INVALID_INPUT;
use crate::error::Invalid;
use crate::finding::{Finding, Severity};
use crate::source::{Sources, escape_text};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Escape text for XML: markup characters, and characters XML 1.0 cannot
/// carry at all (controls, U+FFFE, U+FFFF) made visible.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn check(
    out: &mut dyn Write,
    findings: &[Finding],
    sources: &Sources,
    fail: Severity,
) -> io::Result<()> {
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_rule.entry(&f.rule).or_default().push(f);
    }
    let failures = findings.iter().filter(|f| f.severity >= fail).count();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"swatch\" tests=\"{}\" failures=\"{failures}\">",
        findings.len().max(1)
    )?;
    if findings.is_empty() {
        writeln!(
            out,
            "  <testsuite name=\"swatch\" tests=\"1\" failures=\"0\">"
        )?;
        writeln!(
            out,
            "    <testcase name=\"no findings\" classname=\"swatch\"/>"
        )?;
        writeln!(out, "  </testsuite>")?;
    }
    for (rule, findings) in by_rule {
        let failed = findings.iter().filter(|f| f.severity >= fail).count();
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\">",
            xml(rule),
            findings.len()
        )?;
        for f in findings {
            let place = f
                .loc
                .map(|l| sources.position(l).to_string())
                .unwrap_or_default();
            let name = format!("{} {}", f.subject.kind.as_str(), f.subject.name);
            let mut body = format!("{}\n{place}", f.message);
            if !f.help.is_empty() {
                body.push_str(&format!("\nhelp: {}", f.help));
            }
            write!(
                out,
                "    <testcase name=\"{}\" classname=\"swatch.{}\"",
                xml(&name),
                xml(rule)
            )?;
            if let Some(loc) = f.loc {
                let p = sources.position(loc);
                write!(out, " file=\"{}\" line=\"{}\"", xml(p.path), p.line)?;
            }
            if f.severity >= fail {
                writeln!(out, ">")?;
                writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    f.severity,
                    xml(&f.message),
                    xml(&body)
                )?;
                writeln!(out, "    </testcase>")?;
            } else {
                writeln!(out, ">")?;
                writeln!(
                    out,
                    "      <system-out>{}: {}</system-out>",
                    f.severity,
                    xml(&body)
                )?;
                writeln!(out, "    </testcase>")?;
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Invalid input: one failed test case per error, so the report says why
/// the job is red.
pub(crate) fn invalid(out: &mut dyn Write, invalid: &Invalid) -> io::Result<()> {
    let n = invalid.errors.len();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"swatch\" tests=\"{n}\" failures=\"{n}\">"
    )?;
    writeln!(
        out,
        "  <testsuite name=\"{INVALID_INPUT}\" tests=\"{n}\" failures=\"{n}\">"
    )?;
    for e in &invalid.errors {
        let position = e.loc.map(|loc| invalid.sources.position(loc));
        let mut body = e.message.clone();
        if let Some(p) = position {
            body.push_str(&format!("\n{p}"));
        }
        if let Some(help) = &e.help {
            body.push_str(&format!("\nhelp: {help}"));
        }
        write!(
            out,
            "    <testcase name=\"{}\" classname=\"swatch.{INVALID_INPUT}\"",
            xml(e.code)
        )?;
        if let Some(p) = position {
            write!(out, " file=\"{}\" line=\"{}\"", xml(p.path), p.line)?;
        }
        writeln!(out, ">")?;
        writeln!(
            out,
            "      <failure type=\"error\" message=\"{}\">{}</failure>",
            xml(&e.message),
            xml(&body)
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(xml("x\u{1b}y"), "x\\u{1b}y");
        assert_eq!(xml("a\u{fffe}b\u{ffff}"), "a\\u{fffe}b\\u{ffff}");
    }
}
