//! `swatch check --format github`: GitHub Actions workflow commands, one
//! annotation per finding, shown on the pull request's diff.
//!
//! Workflow commands are parsed from the log, so every value is escaped the
//! way the runner expects (`%`, CR, LF; and `:` `,` in properties), and
//! control characters from hostile files are made visible first.

use super::RepoPaths;
use super::sarif::INVALID_INPUT;
use crate::error::Invalid;
use crate::finding::{Finding, Severity};
use crate::source::{Sources, is_unsafe_char};
use std::io::{self, Write};

fn data(text: &str) -> String {
    // Line breaks are encoded below; every other control character is made visible.
    let visible: String = text
        .chars()
        .map(|c| {
            if is_unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    visible
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command; `place` is (path from the repository root, line, column).
fn annotation(
    out: &mut dyn Write,
    command: &str,
    place: Option<(String, usize, usize)>,
    title: &str,
    message: &str,
    help: &str,
) -> io::Result<()> {
    let mut properties = Vec::new();
    if let Some((path, line, column)) = place {
        properties.push(format!("file={}", property(&path)));
        properties.push(format!("line={line}"));
        properties.push(format!("col={column}"));
    }
    properties.push(format!("title={}", property(&format!("swatch {title}"))));
    let mut message = message.to_owned();
    if !help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    writeln!(
        out,
        "::{command} {}::{}",
        properties.join(","),
        data(&message)
    )
}

pub fn check(
    out: &mut dyn Write,
    findings: &[Finding],
    sources: &Sources,
    paths: &RepoPaths,
) -> io::Result<()> {
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let place = f.loc.map(|loc| {
            let p = sources.position(loc);
            (paths.path(p.path), p.line, p.column)
        });
        annotation(out, command, place, &f.rule, &f.message, &f.help)?;
    }
    Ok(())
}

/// One `::error` per piece of invalid input, at its file, line and column.
pub(crate) fn invalid(out: &mut dyn Write, invalid: &Invalid, paths: &RepoPaths) -> io::Result<()> {
    for e in &invalid.errors {
        let place = e.loc.map(|loc| {
            let p = invalid.sources.position(loc);
            (paths.path(p.path), p.line, p.column)
        });
        let title = format!("{INVALID_INPUT} ({})", e.code);
        annotation(
            out,
            "error",
            place,
            &title,
            &e.message,
            e.help.as_deref().unwrap_or(""),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_for_the_runner() {
        assert_eq!(data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(data("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(data("x\u{1b}[2J"), "x\\u{1b}[2J");
    }
}
