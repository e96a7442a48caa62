//! `swatch check --format github`: GitHub Actions workflow commands, one
//! annotation per finding, shown on the pull request's diff.
//!
//! Workflow commands are parsed from the log, so every value is escaped the
//! way the runner expects (`%`, CR, LF; and `:` `,` in properties), and
//! control characters from hostile files are made visible first.

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

/// `prefix` is the workspace path as given, so paths match the repository.
pub fn check(
    out: &mut dyn Write,
    findings: &[Finding],
    sources: &Sources,
    prefix: &str,
) -> io::Result<()> {
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(loc) = f.loc {
            let p = sources.position(loc);
            properties.push(format!("file={}", property(&super::joined(prefix, p.path))));
            properties.push(format!("line={}", p.line));
            properties.push(format!("col={}", p.column));
        }
        properties.push(format!("title={}", property(&format!("swatch {}", f.rule))));
        let mut message = f.message.clone();
        if !f.help.is_empty() {
            message.push_str("\nhelp: ");
            message.push_str(&f.help);
        }
        writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
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
