//! CSV cells, written by hand (RFC 4180 quoting is a dozen lines) with one
//! addition a CSV crate would not make: cells that a spreadsheet would run
//! as a formula (`=`, `+`, `-`, `@`, tab or carriage return first) are
//! prefixed with `'` and quoted, since names and emails come from files
//! anyone may have edited. Control characters are made visible, as
//! everywhere swatch prints user text.

use crate::license::MemberLicense;
use crate::model::Member;
use std::io::{self, Write};

/// The cells that describe a member in every per-member CSV (`licenses`
/// and `report`): the six leading columns, and `last_active`.
pub(crate) struct MemberCells<'m> {
    email: &'m str,
    name: &'m str,
    account_type: &'static str,
    status: &'static str,
    license: &'static str,
    driver: String,
    pub(crate) last_active: String,
}

impl<'m> MemberCells<'m> {
    pub(crate) fn of(
        member: &'m Member,
        derived: &MemberLicense<'_>,
        lm: crate::model::LicenseModel,
    ) -> Self {
        Self {
            email: &member.key,
            name: member.name.as_deref().unwrap_or_default(),
            account_type: member.account_type.value.as_str(),
            status: member.status.as_str(),
            license: derived.license.map(|l| lm.name(l)).unwrap_or_default(),
            driver: derived.driver.map(|d| d.to_string()).unwrap_or_default(),
            last_active: member
                .last_active
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
        }
    }

    /// `email`, `name`, `account_type`, `status`, `license`, `driver`.
    pub(crate) fn leading(&self) -> [&str; 6] {
        [
            self.email,
            self.name,
            self.account_type,
            self.status,
            self.license,
            &self.driver,
        ]
    }
}

pub(crate) fn row<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> io::Result<()> {
    write_cells(out, cells)?;
    out.write_all(b"\r\n")
}

/// Cells without the line end, comma-separated.
fn write_cells<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> io::Result<()> {
    for (i, text) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_cell(out, text.as_ref())?;
    }
    Ok(())
}

/// Cells encoded once (quoted, defused, comma-separated, no line end) into
/// `buffer`, for text that repeats on many rows: a member's columns on
/// every row of theirs in `report --format csv`.
pub(crate) fn encode_into<S: AsRef<str>>(buffer: &mut Vec<u8>, cells: &[S]) {
    buffer.clear();
    write_cells(buffer, cells).expect("writing to a Vec cannot fail");
}

/// One cell, quoted and defused, without allocating in the common case
/// (plain text), since a report can have a row per member and application.
pub(crate) fn write_cell(out: &mut dyn Write, text: &str) -> io::Result<()> {
    // Printable ASCII that needs no quoting and cannot start a formula is
    // written as is, after one byte scan; the general path below decodes
    // characters and formats.
    let plain = text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b',' && b != b'"');
    if plain && !text.starts_with(['=', '+', '-', '@']) {
        return out.write_all(text.as_bytes());
    }
    let text = crate::source::escape_text(text);
    // OWASP's list of the characters a spreadsheet reads a formula after.
    let defuse = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let defuse = if defuse { "'" } else { "" };
    // A defused cell is quoted too, so it reads as one text field.
    if !defuse.is_empty() || text.contains([',', '"', '\n', '\r']) {
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
        // The plain fast path leaves exactly these to the general one.
        assert_eq!(cell("-1+1"), "\"'-1+1\"");
        assert_eq!(cell("@sum"), "\"'@sum\"");
        assert_eq!(cell("Zoë Ngu"), "Zoë Ngu");
        assert_eq!(cell("tab\tkept"), "tab\tkept");
        assert_eq!(cell("bell\u{7}"), "bell\\u{7}");
        assert_eq!(cell("del\u{7f}"), "del\\u{7f}");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell(""), "");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("\t=1"), "\"'\t=1\"");
    }
}
