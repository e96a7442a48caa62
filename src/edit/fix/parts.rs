//! Large files are edited part by part: a `toml_edit` document takes some
//! seventy times its text, so a file of a hundred thousand roles is cut at
//! table headers into parts parsed, edited and printed one at a time,
//! wherever that prints what the whole document would.

use crate::error::InputError;
use crate::finding::FixEdit;
use crate::model::lowercase;
use foldhash::{HashMap, HashMapExt as _};
use toml_edit::{DocumentMut, Item};

/// About how many bytes of a file [`in_parts`] parses at a time: a
/// `toml_edit` document takes some seventy times its text.
pub(super) const PART_LEN: usize = 64 * 1024;

/// The file's text with `edits` made part by part: the text is cut at
/// table header lines into parts of about `part_len` bytes, and each part
/// is parsed alone, edited and printed, so a file of a hundred thousand
/// roles is never one `toml_edit` document (hundreds of megabytes). `None`
/// when the file or the edits need the whole document. `apply` makes a
/// part's edits in its document, as it would in the whole file's.
///
/// A part prints as the whole document prints that text when:
/// - it starts at a top-level header line: a cut inside a multi-line
///   string, array or inline table leaves the part before it unterminated,
///   and every part must parse;
/// - the line before it is neither blank nor a comment: those lines belong
///   to the header below them, and go with its table when it is removed;
/// - every edit's table or key is in the part holding the edit's line, and
///   in no other part (`[roles.X]` and `[roles.X.more]` in two parts are
///   removed together only by the whole document);
/// - the file has `\n` line ends, a line break at its end and no
///   byte-order mark, which [`Editing`] would otherwise put back; and the
///   edits do not count entries across the file (`[[ignore]]` indexes).
pub(super) fn in_parts(
    text: &str,
    edits: &[&FixEdit],
    part_len: usize,
    apply: impl Fn(&mut DocumentMut, &[&FixEdit]) -> Result<(), InputError>,
) -> Result<Option<String>, InputError> {
    if text.contains('\r') || !text.ends_with('\n') || text.starts_with('\u{feff}') {
        return Ok(None);
    }
    let parts = parts(text, part_len);
    if parts.len() == 1 {
        return Ok(None);
    }
    let mut by_part: Vec<Vec<&FixEdit>> = vec![Vec::new(); parts.len()];
    // The keys of `[roles]` and of `[members]` the edits target → the part
    // of the edits' lines, and whether that part holds the key.
    let mut targets: [HashMap<&str, (usize, bool)>; 2] = [HashMap::new(), HashMap::new()];
    for edit in edits {
        let (keys, key, loc) = match edit {
            FixEdit::RemoveRole { role, loc } | FixEdit::DefaultAccessRead { role, loc } => {
                (&mut targets[0], role.as_str(), loc)
            }
            FixEdit::RemoveAssignment { key, loc } | FixEdit::Reassign { key, loc, .. } => {
                (&mut targets[1], key.as_str(), loc)
            }
            FixEdit::RemoveIgnore { .. }
            | FixEdit::RemoveComment { .. }
            | FixEdit::DropBaselineEntry { .. } => return Ok(None),
        };
        let part = parts.partition_point(|&(start, _)| start <= loc.start as usize) - 1;
        if keys
            .insert(key, (part, false))
            .is_some_and(|(p, _)| p != part)
        {
            return Ok(None);
        }
        by_part[part].push(edit);
    }
    // The targets not yet found in their part.
    let mut missing = targets[0].len() + targets[1].len();
    let mut out = String::with_capacity(text.len());
    for (part, (&(start, end), edits)) in parts.iter().zip(&by_part).enumerate() {
        let Ok(mut doc) = text[start..end].parse::<DocumentMut>() else {
            return Ok(None);
        };
        for (table, targets) in ["roles", "members"].into_iter().zip(&mut targets) {
            let Some(keys) = doc.get_mut(table).and_then(Item::as_table_like_mut) else {
                continue;
            };
            for (key, _) in keys.iter() {
                let key = match table {
                    "members" => lowercase(key),
                    _ => key.into(),
                };
                if let Some((at, found)) = targets.get_mut(key.as_ref()) {
                    if *at != part {
                        return Ok(None);
                    }
                    if !*found {
                        *found = true;
                        missing -= 1;
                    }
                }
            }
        }
        if !edits.is_empty() {
            apply(&mut doc, edits)?;
        }
        out.push_str(&doc.to_string());
    }
    Ok((missing == 0).then_some(out))
}

/// Where [`in_parts`] cuts `text`: the start and end of each part. A part
/// ends before a header line once it holds `part_len` bytes, when the line
/// before that header is neither blank nor a comment.
fn parts(text: &str, part_len: usize) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let mut offset = 0;
    let mut after_content = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let from_last = offset - starts.last().copied().unwrap_or(0);
        if trimmed.starts_with('[') && after_content && from_last >= part_len {
            starts.push(offset);
        }
        after_content = !trimmed.is_empty() && !trimmed.starts_with('#');
        offset += line.len();
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts.iter().copied().zip(ends).collect()
}

#[cfg(test)]
mod tests {
    use super::super::edits::apply_file;
    use super::*;
    use crate::edit::files::Editing;
    use crate::source::FileId;
    use crate::source::Loc;

    /// The place of the first line of `text` holding `needle`.
    fn line_of(text: &str, needle: &str) -> Loc {
        let start = text
            .to_lowercase()
            .find(&needle.to_lowercase())
            .expect("line");
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        Loc::new(FileId(0), start..end)
    }

    fn remove_assignment(text: &str, key: &str) -> FixEdit {
        let loc = line_of(text, &format!("\"{key}\" ="));
        FixEdit::RemoveAssignment {
            key: key.into(),
            loc,
        }
    }

    fn reassign(text: &str, key: &str, role: &str) -> FixEdit {
        let loc = line_of(text, &format!("\"{key}\" ="));
        FixEdit::Reassign {
            key: key.into(),
            role: role.into(),
            loc,
        }
    }

    fn remove_role(text: &str, role: &str) -> FixEdit {
        let loc = line_of(text, &format!("[roles.{role}]"));
        FixEdit::RemoveRole {
            role: role.into(),
            loc,
        }
    }

    fn read_only(text: &str, role: &str) -> FixEdit {
        let loc = line_of(text, &format!("[roles.{role}]"));
        FixEdit::DefaultAccessRead {
            role: role.into(),
            loc,
        }
    }

    fn whole(text: &str, edits: &[&FixEdit]) -> String {
        let mut editing = Editing::parse("apps/a.toml", text).expect("parses");
        apply_file(&mut editing.doc, edits).expect("applies");
        editing.text()
    }

    /// The text edited in parts of every size (a part per table up to one
    /// for the file, which is left to the whole document), each time the
    /// text the whole document prints where it is edited in parts.
    fn in_parts_of_every_size(text: &str, edits: &[FixEdit]) -> Vec<Option<String>> {
        let edits: Vec<&FixEdit> = edits.iter().collect();
        let whole = whole(text, &edits);
        let by_size: Vec<Option<String>> = (0..=text.len())
            .map(|len| in_parts(text, &edits, len, apply_file).expect("applies"))
            .collect();
        for (len, edited) in by_size.iter().enumerate() {
            if let Some(edited) = edited {
                assert_eq!(edited, &whole, "parts of {len} bytes");
            }
        }
        by_size
    }

    const APP: &str = "[application]\nname = \"A\"\n\n# viewer\n[roles.Viewer]\npermissions = []\n[roles.Unused]\npermissions = []\n\n# unused too\n[roles.Other] # other\npermissions = [\n  \"read\",\n]\n[roles.Kept]\npermissions = []\n# who\n[members]\n# first\n\"a@x.com\" = \"Viewer\"\n\"B@x.com\" = \"Ghost\" # b\n\n# above c\n  \"c@x.com\" = \"Viewer\"\n# trailing\n\n[[automation]]\nname = \"n\"\n# end\n";

    #[test]
    fn a_file_edited_in_parts_prints_as_its_whole_document_does() {
        let cases: Vec<Vec<FixEdit>> = vec![
            vec![remove_assignment(APP, "a@x.com")],
            vec![reassign(APP, "b@x.com", "Viewer")],
            vec![remove_role(APP, "Unused"), remove_role(APP, "Other")],
            vec![read_only(APP, "Viewer"), read_only(APP, "Kept")],
            vec![
                remove_role(APP, "Viewer"),
                read_only(APP, "Viewer"),
                remove_assignment(APP, "c@x.com"),
                remove_assignment(APP, "a@x.com"),
                reassign(APP, "b@x.com", "Kept"),
                remove_assignment(APP, "b@x.com"),
            ],
            vec![
                remove_role(APP, "Viewer"),
                remove_role(APP, "Unused"),
                remove_role(APP, "Other"),
                remove_role(APP, "Kept"),
            ],
        ];
        for edits in &cases {
            // Every size that cuts the file edits it in parts.
            let by_size = in_parts_of_every_size(APP, edits);
            for (len, edited) in by_size.iter().enumerate() {
                let cut = parts(APP, len).len() > 1;
                assert_eq!(edited.is_some(), cut, "parts of {len} bytes: {edits:?}");
            }
            assert!(by_size[0].is_some());
        }
    }

    #[test]
    fn files_that_parts_would_print_otherwise_are_edited_whole() {
        // Cut at every header, these print otherwise or do not parse.
        for text in [
            // A `[` line inside a multi-line string or array is no header.
            "[application]\nname = \"\"\"\n[roles.Fake]\n\"\"\"\n[roles.R]\npermissions = []\n",
            "[application]\nname = \"A\"\n[roles.R]\npermissions = [\n[\"x\"],\n]\n[roles.S]\npermissions = []\n",
            // A role's table and a table inside it.
            "[application]\nname = \"A\"\n[roles.R]\npermissions = []\n[roles.R.more]\nx = 1\n",
        ] {
            let by_size = in_parts_of_every_size(text, &[remove_role(text, "R")]);
            assert_eq!(by_size[0], None, "{text:?}");
        }
        // The document would print these otherwise however they are cut.
        for text in [
            "[application]\r\nname = \"A\"\r\n[roles.R]\r\npermissions = []\r\n",
            "[application]\nname = \"A\"\n[roles.R]\npermissions = []",
            "\u{feff}[application]\nname = \"A\"\n[roles.R]\npermissions = []\n",
        ] {
            let by_size = in_parts_of_every_size(text, &[remove_role(text, "R")]);
            assert!(by_size.iter().all(Option::is_none), "{text:?}");
        }
    }
}
