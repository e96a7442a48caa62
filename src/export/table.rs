//! A CSV export read tolerantly: a UTF-8 byte-order mark, `,` or `;`
//! (detected from the header line), quoted fields, header names matched
//! case-, space- and underscore-insensitively, extra columns ignored.
//!
//! Parsing is the `csv` crate's; this file only keeps where each record is
//! in the file, so every error can point at its line and field.

use crate::error::InputError;
use crate::source::{FileId, Loc};

/// One record of the file, after the header.
#[derive(Debug)]
pub(crate) struct Row {
    /// 1-based line where the record starts.
    pub(crate) line: u64,
    /// Byte range of the whole record in the file's text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) record: csv::StringRecord,
}

/// A CSV file's header and records.
#[derive(Debug)]
pub(crate) struct Table<'t> {
    pub(crate) file: FileId,
    text: &'t str,
    delimiter: u8,
    /// Header names as written.
    pub(crate) headers: Vec<String>,
    /// The header record's place.
    pub(crate) header: Row,
    pub(crate) rows: Vec<Row>,
}

/// A header or value as compared: lower-case letters and digits only, so
/// `Account Type`, `account_type` and `ACCOUNT-TYPE` are one name.
pub(crate) fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The delimiter of a header line: `;` when it has more semicolons than
/// commas outside quotes, else `,`.
fn detect_delimiter(header_line: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

impl<'t> Table<'t> {
    /// Parse `text` (already checked to be UTF-8). An empty file, or one
    /// without a header, is an error.
    pub(crate) fn parse(file: FileId, text: &'t str, what: &str) -> Result<Self, InputError> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body = &text[bom..];
        let delimiter = detect_delimiter(body.lines().next().unwrap_or(""));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(body.as_bytes());
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            let read = reader.read_record(&mut record).map_err(|e| {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                InputError::at(
                    "swatch::export::bad_csv",
                    Loc::new(file, bom + at..bom + at),
                    format!("this {what} is not valid CSV: {e}"),
                )
                .help("export the file again from Pigment, or save it as CSV (UTF-8)")
            })?;
            if !read {
                break;
            }
            let (line, start) = record
                .position()
                .map_or((0, 0), |p| (p.line(), p.byte() as usize));
            let end = reader.position().byte() as usize;
            if record.iter().all(str::is_empty) {
                continue;
            }
            rows.push(Row {
                line,
                start: bom + start,
                end: bom + end,
                record: std::mem::take(&mut record),
            });
        }
        if rows.is_empty() {
            return Err(InputError::at(
                "swatch::export::empty",
                Loc::new(file, 0..0),
                format!("this {what} is empty: it has no header line"),
            )
            .help("export the file again from Pigment"));
        }
        let header = rows.remove(0);
        let headers = header.record.iter().map(str::to_owned).collect();
        Ok(Self {
            file,
            text,
            delimiter,
            headers,
            header,
            rows,
        })
    }

    /// The position of the first column whose header is one of `names`
    /// (compared normalized).
    pub(crate) fn column(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        self.headers
            .iter()
            .position(|h| wanted.contains(&normalize(h)))
    }

    /// The error for a required column that is missing, with "did you
    /// mean" when a header is close to one of `names`.
    pub(crate) fn missing_column(&self, names: &[&str], what: &str) -> InputError {
        let normalized: Vec<String> = self.headers.iter().map(|h| normalize(h)).collect();
        let close = names
            .iter()
            .find_map(|n| {
                crate::toml_read::did_you_mean(&normalize(n), normalized.iter().map(String::as_str))
            })
            .and_then(|c| normalized.iter().position(|h| h == c));
        let loc = close.map_or_else(
            || self.line_loc(&self.header),
            |i| self.field_loc(&self.header, i),
        );
        let close = close.map(|i| self.headers[i].as_str());
        let alternatives = if names.len() > 1 {
            format!(
                " (or {})",
                names[1..]
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        };
        let help = match close {
            Some(header) => format!(
                "unknown column `{}`: did you mean `{}`? Rename that header to `{}`",
                crate::source::escape(header),
                names[0],
                names[0]
            ),
            None => format!(
                "the header has {}; {what} need a `{}` column",
                self.headers
                    .iter()
                    .map(|h| format!("`{}`", crate::source::escape(h)))
                    .collect::<Vec<_>>()
                    .join(", "),
                names[0]
            ),
        };
        InputError::at(
            "swatch::export::missing_column",
            loc,
            format!("no `{}` column{alternatives} in the header", names[0]),
        )
        .label(if close.is_some() {
            "this header"
        } else {
            "the header"
        })
        .help(help)
    }

    /// The place of a record's first line.
    pub(crate) fn line_loc(&self, row: &Row) -> Loc {
        let raw = &self.text[row.start..row.end];
        let len = raw.find(['\r', '\n']).unwrap_or(raw.len());
        Loc::new(self.file, row.start..row.start + len)
    }

    /// The place of field `index` of a record (the record's line when the
    /// record is shorter).
    pub(crate) fn field_loc(&self, row: &Row, index: usize) -> Loc {
        let raw = &self.text[row.start..row.end];
        field_spans(raw, self.delimiter).nth(index).map_or_else(
            || self.line_loc(row),
            |span| Loc::new(self.file, row.start + span.start..row.start + span.end),
        )
    }
}

/// The byte ranges of a raw record's fields: a field starting with a quote
/// runs to its closing quote (a doubled quote is an escaped one).
fn field_spans(raw: &str, delimiter: u8) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = raw.as_bytes();
    let end_of_record = raw.find(['\r', '\n']).map_or(bytes.len(), |first| {
        // A quoted field may hold line breaks: the record ends at the first
        // line break outside quotes.
        let mut quoted = false;
        bytes
            .iter()
            .position(|&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                !quoted && (b == b'\n' || b == b'\r')
            })
            .unwrap_or(first)
    });
    let mut at = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = at;
        let mut quoted = false;
        while at < end_of_record {
            match bytes[at] {
                b'"' => quoted = !quoted,
                b if b == delimiter && !quoted => break,
                _ => {}
            }
            at += 1;
        }
        let span = start..at;
        if at >= end_of_record {
            done = true;
        } else {
            at += 1;
        }
        Some(span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_delimiter_from_the_header() {
        assert_eq!(detect_delimiter("Name;Email;Status"), b';');
        assert_eq!(detect_delimiter("Name,Email,Status"), b',');
        assert_eq!(detect_delimiter("\"a;b\",Email"), b',');
    }

    #[test]
    fn normalizes_case_spaces_and_underscores() {
        assert_eq!(normalize("Standard Member"), "standardmember");
        assert_eq!(normalize("standard_member"), "standardmember");
        assert_eq!(normalize(" STANDARD MEMBER "), "standardmember");
    }

    #[test]
    fn reads_a_bom_semicolons_and_quoted_fields() {
        let text =
            "\u{feff}Name;Email\n\"Lovelace; Ada, Countess\";ada@acme.com\r\n;\nBob;bob@acme.com\n";
        let table = Table::parse(FileId(0), text, "export").unwrap();
        assert_eq!(table.headers, ["Name", "Email"]);
        assert_eq!(table.rows.len(), 2, "the empty record is skipped");
        assert_eq!(&table.rows[0].record[0], "Lovelace; Ada, Countess");
        assert_eq!(table.rows[1].line, 4);
        let loc = table.field_loc(&table.rows[1], 1);
        assert_eq!(&text[loc.start as usize..loc.end as usize], "bob@acme.com");
        let quoted = table.field_loc(&table.rows[0], 1);
        assert_eq!(
            &text[quoted.start as usize..quoted.end as usize],
            "ada@acme.com"
        );
    }

    #[test]
    fn a_missing_column_suggests_the_close_header() {
        let table = Table::parse(FileId(0), "Name,Emial\n", "export").unwrap();
        assert_eq!(table.column(&["Email"]), None);
        let error = table.missing_column(&["Email"], "members exports");
        let help = error.help.unwrap();
        assert!(
            help.contains("unknown column `Emial`: did you mean `Email`?"),
            "{help}"
        );
    }
}
