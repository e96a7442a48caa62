//! `swatch licenses --format csv`: one row per member, for spreadsheets.
//!
//! Written by hand (RFC 4180 quoting is a dozen lines), with one addition a
//! CSV crate would not make: cells that a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@` first) are prefixed with `'`, since names and emails
//! come from files anyone may have edited. Control characters are made
//! visible, as everywhere swatch prints user text.

use crate::license::Licenses;
use std::io::{self, Write};

const HEADER: [&str; 8] = [
    "email",
    "name",
    "account_type",
    "status",
    "license",
    "driver",
    "seat",
    "last_active",
];

pub fn licenses(out: &mut dyn Write, licenses: &Licenses<'_>) -> io::Result<()> {
    let lm = licenses.model.license_model;
    row(out, &HEADER.map(String::from))?;
    for (member, derived) in licenses.model.members.iter().zip(&licenses.members) {
        row(
            out,
            &[
                member.key.clone(),
                member.name.clone().unwrap_or_default(),
                member.account_type.value.as_str().to_owned(),
                member.status.as_str().to_owned(),
                derived
                    .license
                    .map(|l| lm.name(l))
                    .unwrap_or_default()
                    .to_owned(),
                derived.driver.map(|d| d.to_string()).unwrap_or_default(),
                member
                    .seat
                    .as_ref()
                    .map(|s| lm.name(s.value))
                    .unwrap_or_default()
                    .to_owned(),
                member
                    .last_active
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
            ],
        )?;
    }
    Ok(())
}

pub(crate) fn row<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> io::Result<()> {
    for (i, text) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_cell(out, text.as_ref())?;
    }
    out.write_all(b"\r\n")
}

/// Writes one cell without allocating in the common case (plain text), since
/// a report can have a row per member and application.
fn write_cell(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let text = crate::source::escape_text(text);
    let defuse = if text.starts_with(['=', '+', '-', '@']) {
        "'"
    } else {
        ""
    };
    if text.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{defuse}{}\"", text.replace('"', "\"\""))
    } else {
        write!(out, "{defuse}{text}")
    }
}

#[cfg(test)]
fn cell(text: &str) -> String {
    let mut out = Vec::new();
    write_cell(&mut out, text).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("cells are UTF-8")
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
