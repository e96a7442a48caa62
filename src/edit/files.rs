//! The files `what-if` edits. An edit of a member changes its `[[member]]`
//! table only: that table's text is parsed alone and put back in place, so
//! a member file of 10 MB is not one `toml_edit` document (hundreds of
//! megabytes and half a second to parse and print). Any other edit, and a
//! table that does not read back as exactly that member's, goes through the
//! whole file's document, with the tables edited so far put back first.

use crate::error::InputError;
use crate::load::Workspace;
use crate::model::{Member, lowercase};
use crate::source::{FileId, escape};
use std::collections::BTreeMap;
use toml_edit::{DocumentMut, Item, Table};

const BOM: &str = "\u{feff}";

/// One file being edited: parsed without its byte-order mark and with `\n`
/// line ends, both put back by [`Editing::text`].
pub(super) struct Editing {
    pub doc: DocumentMut,
    bom: bool,
    crlf: bool,
}

impl Editing {
    pub(super) fn parse(path: &str, text: &str) -> Result<Self, InputError> {
        let without_bom = text.strip_prefix(BOM);
        let bom = without_bom.is_some();
        let text = without_bom.unwrap_or(text);
        let crlf = text.contains("\r\n");
        let normalised = if crlf {
            text.replace("\r\n", "\n")
        } else {
            text.to_owned()
        };
        let doc = normalised.parse::<DocumentMut>().map_err(|e| {
            bad(
                format!(
                    "{} cannot be edited: {}",
                    escape(path),
                    escape(&e.to_string())
                ),
                "fix the file by hand first",
            )
        })?;
        Ok(Self { doc, bom, crlf })
    }

    /// The edited text, with the file's line ends and byte-order mark.
    pub(super) fn text(&self) -> String {
        let mut text = self.doc.to_string();
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        if self.bom {
            text.insert_str(0, BOM);
        }
        text
    }
}

pub(super) fn bad(message: String, help: impl Into<String>) -> InputError {
    InputError::new("swatch::what_if::unknown", message).help(help)
}

pub(super) fn string_of<'t>(table: &'t Table, key: &str) -> Option<&'t str> {
    table.get(key).and_then(Item::as_str)
}

pub(super) fn missing_member(m: &Member) -> InputError {
    bad(
        format!(
            "the [[member]] entry of {} cannot be edited",
            escape(&m.email)
        ),
        "write it as a [[member]] table",
    )
}

/// One file being edited.
#[derive(Default)]
pub(super) struct File {
    /// The whole file as one document, once an edit needs it.
    whole: Option<Editing>,
    /// Until then, `[[member]]` tables cut from the file's text, each
    /// parsed alone: where it starts → where it ends, and its document.
    tables: BTreeMap<usize, (usize, DocumentMut)>,
}

impl File {
    /// The edited text of the file whose text was `text`.
    pub(super) fn text(&self, text: &str) -> String {
        match &self.whole {
            Some(editing) => editing.text(),
            None => spliced(text, &self.tables),
        }
    }
}

/// `text` with each cut table's edited text in its place.
fn spliced(text: &str, tables: &BTreeMap<usize, (usize, DocumentMut)>) -> String {
    let mut out = String::with_capacity(text.len() + 64 * tables.len());
    let mut from = 0;
    for (&start, (end, doc)) in tables {
        out.push_str(&text[from..start]);
        out.push_str(&doc.to_string());
        from = *end;
    }
    out.push_str(&text[from..]);
    out
}

/// The whole document of file `id`, parsed now if it is not yet (with the
/// tables edited so far in its text).
pub(super) fn document<'f>(
    workspace: &Workspace,
    files: &'f mut BTreeMap<FileId, File>,
    id: FileId,
) -> Result<&'f mut DocumentMut, InputError> {
    let source = workspace.sources.get(id);
    let file = files.entry(id).or_default();
    let editing = match &mut file.whole {
        Some(editing) => editing,
        slot @ None => {
            let editing = Editing::parse(&source.path, &spliced(source.text(), &file.tables))?;
            file.tables.clear();
            slot.insert(editing)
        }
    };
    Ok(&mut editing.doc)
}

/// The `[[member]]` table of `m`, cut from its file when it can be.
pub(super) fn member_table<'f>(
    workspace: &Workspace,
    files: &'f mut BTreeMap<FileId, File>,
    m: &Member,
) -> Result<&'f mut Table, InputError> {
    let id = m.loc.file;
    let text = workspace.sources.get(id).text();
    let file = files.entry(id).or_default();
    let cut = header_start(text, m.loc.start as usize).filter(|at| {
        file.whole.is_none()
            && (file.tables.contains_key(at)
                || cut_table(text, *at, &m.key)
                    .map(|table| file.tables.insert(*at, table))
                    .is_some())
    });
    let missing = || missing_member(m);
    match cut {
        Some(at) => files
            .get_mut(&id)
            .and_then(|file| file.tables.get_mut(&at))
            .and_then(|(_, doc)| first_member(doc, &m.key))
            .ok_or_else(missing),
        None => first_member(document(workspace, files, id)?, &m.key).ok_or_else(missing),
    }
}

/// The first `[[member]]` table of `doc` whose email is `key` in any case.
pub(super) fn first_member<'d>(doc: &'d mut DocumentMut, key: &str) -> Option<&'d mut Table> {
    doc.get_mut("member")?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| string_of(t, "email").is_some_and(|e| lowercase(e) == key))
}

/// Where the line of the last table header at or before `at` starts.
fn header_start(text: &str, at: usize) -> Option<usize> {
    let mut end = at.min(text.len());
    loop {
        let start = text.get(..end)?.rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..].split('\n').next().unwrap_or("");
        if line.trim_start().starts_with('[') {
            return Some(start);
        }
        end = start.checked_sub(1)?;
    }
}

/// The table whose header line starts at `start`, up to the next header
/// line, parsed alone; `None` unless it reads back as exactly one
/// `[[member]]` table, the one of `key` (a `[` that starts a line inside a
/// multi-line value cuts a table that does not parse). A file with CRLF
/// line ends, or without a line break at its end, is edited whole: its
/// document prints every line with `\n`, which [`Editing`] turns back into
/// CRLF, and ends the last line.
fn cut_table(text: &str, start: usize, key: &str) -> Option<(usize, DocumentMut)> {
    if text.contains('\r') || !text.ends_with('\n') {
        return None;
    }
    let rest = &text[start..];
    let body = rest.find('\n')? + 1;
    let mut end = rest.len();
    let mut offset = body;
    for line in rest[body..].split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            end = offset;
            break;
        }
        offset += line.len();
    }
    let mut doc: DocumentMut = rest[..end].parse().ok()?;
    let only_this = doc.len() == 1
        && doc
            .get("member")
            .and_then(Item::as_array_of_tables)
            .is_some_and(|tables| tables.len() == 1)
        && first_member(&mut doc, key).is_some();
    only_this.then_some((start + end, doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with `key`'s status set, through the whole document and
    /// through its cut table (`None` when it is not cut).
    fn edited_both_ways(text: &str, key: &str) -> (String, Option<String>) {
        let set = |table: &mut Table| {
            table.insert("status", toml_edit::value("deactivated"));
        };
        let mut whole = Editing::parse("m.toml", text).expect("parses");
        set(first_member(&mut whole.doc, key).expect("member"));
        let at = text.find(&format!("\"{key}\"")).expect("email");
        let cut = header_start(text, at).and_then(|start| {
            let (end, mut doc) = cut_table(text, start, key)?;
            set(first_member(&mut doc, key)?);
            Some(spliced(text, &BTreeMap::from([(start, (end, doc))])))
        });
        (whole.text(), cut)
    }

    #[test]
    fn a_cut_member_table_is_edited_as_the_whole_document_edits_it() {
        let text = "[workspace]\nname = \"W\"\n\n[[member]]\nemail = \"a@x.com\"\naccount_type = \"builder\"\n# about b\n\n  [[member]]\n  email = \"b@x.com\" # b\n  account_type = \"builder\"\n\n# last\n[[member]]\nemail = \"c@x.com\"\naccount_type = \"builder\"\nstatus = \"invited\"\n";
        for key in ["a@x.com", "b@x.com", "c@x.com"] {
            let (whole, cut) = edited_both_ways(text, key);
            assert_eq!(cut.as_deref(), Some(whole.as_str()), "{key}");
        }
    }

    #[test]
    fn files_whose_document_prints_otherwise_are_not_cut() {
        // A document ends the last line and prints `\n` line ends.
        for text in [
            "[[member]]\nemail = \"a@x.com\"\naccount_type = \"builder\"",
            "[[member]]\r\nemail = \"a@x.com\"\r\naccount_type = \"builder\"\r\n",
        ] {
            assert_eq!(edited_both_ways(text, "a@x.com").1, None);
        }
    }

    #[test]
    fn a_bracket_inside_a_multi_line_value_cuts_nothing_wrong() {
        let text = "[[member]]\nemail = \"a@x.com\"\nname = \"\"\"\n[[member]]\n\"\"\"\naccount_type = \"builder\"\n[[member]]\nemail = \"b@x.com\"\naccount_type = \"builder\"\n";
        let (whole, cut) = edited_both_ways(text, "a@x.com");
        assert!(cut.is_none_or(|cut| cut == whole));
        let (whole, cut) = edited_both_ways(text, "b@x.com");
        assert_eq!(cut.as_deref(), Some(whole.as_str()));
    }
}
