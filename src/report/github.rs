//! `swatch check --format github`: GitHub Actions workflow commands, one
//! annotation per finding, shown on the pull request's diff.
//!
//! Workflow commands are parsed from the log, so every value is escaped the
//! way the runner expects (`%`, CR, LF; and `:` `,` in properties), and
//! control characters from hostile files are made visible first.

use super::sarif::INVALID_INPUT;
use crate::error::Invalid;
use crate::finding::{Finding, Severity};
use crate::load::work_tree::RepoPaths;
use crate::source::{Sources, is_unsafe_char};
use std::io::{self, Write};

/// A value for the runner: `%`, CR and LF percent-encoded (and, in a
/// property, `:` and `,`), every other control character made visible.
/// One pass into one string: this runs on every finding.
fn encode(out: &mut String, text: &str, property: bool) {
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if is_unsafe_char(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
fn data(text: &str) -> String {
    let mut out = String::new();
    encode(&mut out, text, false);
    out
}

#[cfg(test)]
fn property(text: &str) -> String {
    let mut out = String::new();
    encode(&mut out, text, true);
    out
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
    let mut line = String::with_capacity(64 + message.len() + help.len());
    line.push_str("::");
    line.push_str(command);
    line.push(' ');
    if let Some((path, row, column)) = place {
        line.push_str("file=");
        encode(&mut line, &path, true);
        line.push_str(&format!(",line={row},col={column},"));
    }
    line.push_str("title=swatch ");
    encode(&mut line, title, true);
    line.push_str("::");
    encode(&mut line, message, false);
    if !help.is_empty() {
        line.push_str("%0Ahelp: ");
        encode(&mut line, help, false);
    }
    line.push('\n');
    out.write_all(line.as_bytes())
}

pub(crate) fn check(
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
