//! One pass of fixes applied to the files in memory: comment lines are cut
//! from the text, everything else goes through `what-if`'s writer
//! (`toml_edit`, byte-order mark and CRLF kept), and baseline entries are
//! dropped from the baseline's JSON as values, so fields swatch does not
//! know survive. An edit whose target an earlier fix of the pass already
//! removed changes nothing.
//!
//! A pass can hold hundreds of thousands of edits to one file, so each
//! kind is applied in one sweep: the lines, entries, keys and tables to
//! remove are gathered first and dropped in a single pass over the text,
//! array or table (removing them one at a time shifts the rest each time:
//! quadratic), and `[members]` keys are found through one index of the
//! table rather than a scan per edit. A large file is edited in parts
//! (see `parts`) wherever that prints what its whole document would.

use super::super::apply::set_string;
use super::super::files::{Editing, bad};
use super::parts::{PART_LEN, in_parts};
use crate::error::InputError;
use crate::finding::{FixEdit, Subject};
use crate::load::Workspace;
use crate::model::lowercase;
use crate::source::FileId;
use serde::Deserialize as _;
use std::collections::{BTreeMap, BTreeSet};
use toml_edit::{DocumentMut, Item, TableLike, Value};

/// The edits of one pass, gathered from every fix applied in it.
#[derive(Default)]
pub(super) struct Pass<'f> {
    edits: Vec<&'f FixEdit>,
}

impl<'f> Pass<'f> {
    pub(super) fn add(&mut self, edits: &'f [FixEdit]) {
        self.edits.extend(edits);
    }

    /// The new text of every file the pass changes (by the file's id), and
    /// whether the baseline changed.
    pub(super) fn apply(
        mut self,
        workspace: &Workspace,
        baseline: Option<&mut serde_json::Value>,
    ) -> Result<(BTreeMap<FileId, String>, bool), InputError> {
        // Later entries first, file by file from the last: the order the
        // edits were once applied in one at a time, which decides which
        // file's error is reported first.
        self.edits.sort_by_key(|e| std::cmp::Reverse(order(e)));
        let mut comments: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
        let mut dropped: BTreeSet<(&str, &Subject)> = BTreeSet::new();
        let mut by_file: BTreeMap<FileId, Vec<&FixEdit>> = BTreeMap::new();
        for edit in &self.edits {
            match edit {
                FixEdit::RemoveComment { loc } => comments
                    .entry(loc.file)
                    .or_default()
                    .push(loc.start as usize),
                FixEdit::DropBaselineEntry { rule, subject } => {
                    dropped.insert((rule.as_str(), subject));
                }
                FixEdit::RemoveIgnore { loc, .. }
                | FixEdit::DefaultAccessRead { loc, .. }
                | FixEdit::RemoveAssignment { loc, .. }
                | FixEdit::Reassign { loc, .. }
                | FixEdit::RemoveRole { loc, .. } => {
                    by_file.entry(loc.file).or_default().push(edit);
                }
            }
        }
        let mut texts: BTreeMap<FileId, String> = comments
            .into_iter()
            .map(|(file, starts)| {
                (
                    file,
                    without_lines(workspace.sources.get(file).text(), starts),
                )
            })
            .collect();
        let baseline_changed = match baseline {
            Some(value) if !dropped.is_empty() => drop_entries(value, &dropped),
            _ => false,
        };
        for (file, edits) in by_file.into_iter().rev() {
            let source = workspace.sources.get(file);
            let in_parts = match texts.get(&file) {
                // The comment lines cut moved the offsets the parts are cut at.
                Some(_) => None,
                None => in_parts(source.text(), &edits, PART_LEN, apply_file)?,
            };
            let edited = if let Some(edited) = in_parts {
                edited
            } else {
                let text = texts.get(&file).map_or(source.text(), String::as_str);
                let mut editing = Editing::parse(&source.path, text)?;
                apply_file(&mut editing.doc, &edits)?;
                editing.text()
            };
            texts.insert(file, edited);
        }
        texts.retain(|id, text| text != workspace.sources.get(*id).text());
        Ok((texts, baseline_changed))
    }
}

/// Where an edit is, to apply a file's edits from its end backwards.
fn order(edit: &FixEdit) -> (u32, u32, usize) {
    match edit {
        FixEdit::RemoveIgnore { index, loc } => (loc.file.0, loc.start, *index),
        FixEdit::RemoveComment { loc }
        | FixEdit::DefaultAccessRead { loc, .. }
        | FixEdit::RemoveAssignment { loc, .. }
        | FixEdit::Reassign { loc, .. }
        | FixEdit::RemoveRole { loc, .. } => (loc.file.0, loc.start, 0),
        FixEdit::DropBaselineEntry { .. } => (u32::MAX, 0, 0),
    }
}

/// `text` without the lines holding the offsets `starts` (each line once).
fn without_lines(text: &str, mut starts: Vec<usize>) -> String {
    let mut cuts: Vec<(usize, usize)> = Vec::with_capacity(starts.len());
    starts.sort_unstable();
    for at in starts {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if cuts.last().is_some_and(|&(_, end)| start < end) {
            continue;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        cuts.push((start, end));
    }
    let mut kept = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in cuts {
        kept.push_str(&text[from..start]);
        from = end;
    }
    kept.push_str(&text[from..]);
    kept
}

fn not_a_table(what: &str) -> InputError {
    bad(
        format!("`{what}` is not a table"),
        "fix the file by hand first",
    )
}

fn table_like<'d>(doc: &'d mut DocumentMut, key: &str) -> Option<&'d mut dyn TableLike> {
    doc.get_mut(key).and_then(Item::as_table_like_mut)
}

/// One file's edits. An edit of something another edit of the pass removes
/// changes nothing (one at a time, the removal wins whichever comes first),
/// so the removals are gathered first, the other edits made to what stays,
/// and the removals made last, each kind in one sweep.
pub(super) fn apply_file(doc: &mut DocumentMut, edits: &[&FixEdit]) -> Result<(), InputError> {
    let mut ignores: BTreeSet<usize> = BTreeSet::new();
    let mut assignments: BTreeSet<&str> = BTreeSet::new();
    let mut roles: BTreeSet<&str> = BTreeSet::new();
    for edit in edits {
        match edit {
            FixEdit::RemoveIgnore { index, .. } => {
                ignores.insert(*index);
            }
            FixEdit::RemoveAssignment { key, .. } => {
                assignments.insert(key);
            }
            FixEdit::RemoveRole { role, .. } => {
                roles.insert(role);
            }
            _ => {}
        }
    }
    // The key as written in `[members]` for each lower-cased email (the
    // first, as a scan finds it; a valid file has one).
    let mut written: BTreeMap<String, String> = BTreeMap::new();
    let keyed = edits.iter().any(|e| {
        matches!(
            e,
            FixEdit::RemoveAssignment { .. } | FixEdit::Reassign { .. }
        )
    });
    if let Some(members) = table_like(doc, "members").filter(|_| keyed) {
        for (key, _) in members.iter() {
            written
                .entry(lowercase(key).into_owned())
                .or_insert_with(|| key.to_owned());
        }
    }
    for edit in edits {
        match edit {
            FixEdit::DefaultAccessRead { role, .. } if !roles.contains(role.as_str()) => {
                let Some(roles) = table_like(doc, "roles") else {
                    continue;
                };
                match roles.get_mut(role) {
                    Some(Item::Table(table)) => set_string(table, "default_access", "read"),
                    Some(item) => {
                        let table = item
                            .as_table_like_mut()
                            .ok_or_else(|| not_a_table(&format!("roles.{role}")))?;
                        table.insert("default_access", toml_edit::value("read"));
                    }
                    None => {}
                }
            }
            FixEdit::Reassign { key, role, .. } if !assignments.contains(key.as_str()) => {
                let (Some(members), Some(written)) = (table_like(doc, "members"), written.get(key))
                else {
                    continue;
                };
                let mut value = Value::from(role.as_str());
                if let Some(old) = members.get(written).and_then(Item::as_value) {
                    *value.decor_mut() = old.decor().clone();
                }
                members.insert(written, Item::Value(value));
            }
            _ => {}
        }
    }
    if !ignores.is_empty() {
        let mut index = 0;
        let mut keep = || {
            index += 1;
            !ignores.contains(&(index - 1))
        };
        match doc.get_mut("ignore") {
            Some(Item::ArrayOfTables(entries)) => entries.retain(|_| keep()),
            Some(Item::Value(Value::Array(entries))) => entries.retain(|_| keep()),
            _ => {}
        }
    }
    if !assignments.is_empty() {
        let gone: BTreeSet<&str> = assignments
            .iter()
            .filter_map(|key| written.get(*key).map(String::as_str))
            .collect();
        if let Some(members) = doc.get_mut("members") {
            retain_keys(members, |key| !gone.contains(key));
        }
    }
    if !roles.is_empty() {
        if let Some(table) = doc.get_mut("roles") {
            retain_keys(table, |key| !roles.contains(key));
        }
    }
    Ok(())
}

/// Keep the keys of a table (or inline table) that `keep` accepts.
fn retain_keys(item: &mut Item, keep: impl Fn(&str) -> bool) {
    match item {
        Item::Table(table) => table.retain(|key, _| keep(key)),
        Item::Value(Value::InlineTable(table)) => table.retain(|key, _| keep(key)),
        _ => {}
    }
}

/// Drop the baseline's entries for a (rule, subject) of `dropped`; whether any went.
fn drop_entries(baseline: &mut serde_json::Value, dropped: &BTreeSet<(&str, &Subject)>) -> bool {
    let Some(entries) = baseline
        .get_mut("findings")
        .and_then(serde_json::Value::as_array_mut)
    else {
        return false;
    };
    let before = entries.len();
    entries.retain(|entry| {
        let Some(rule) = entry.get("rule").and_then(serde_json::Value::as_str) else {
            return true;
        };
        let subject = entry
            .get("subject")
            .and_then(|s| Subject::deserialize(s).ok());
        !subject.is_some_and(|s| dropped.contains(&(rule, &s)))
    });
    entries.len() != before
}
