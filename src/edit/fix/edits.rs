//! One pass of fixes applied to the files in memory: comment lines are cut
//! from the text, everything else goes through `what-if`'s writer
//! (`toml_edit`, byte-order mark and CRLF kept), and baseline entries are
//! dropped from the baseline's JSON as values, so fields swatch does not
//! know survive. An edit whose target an earlier fix of the pass already
//! removed changes nothing.

use super::super::apply::{Editing, bad, set_string};
use crate::error::InputError;
use crate::finding::{FixEdit, Subject};
use crate::load::Workspace;
use crate::model::lowercase;
use crate::source::FileId;
use serde::Deserialize as _;
use std::collections::BTreeMap;
use toml_edit::{Item, TableLike};

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
        // Later entries first: removing one leaves the places and indices
        // of the earlier ones as they were.
        self.edits.sort_by_key(|e| std::cmp::Reverse(order(e)));
        let mut texts: BTreeMap<FileId, String> = BTreeMap::new();
        for edit in &self.edits {
            if let FixEdit::RemoveComment { loc } = edit {
                let text = texts
                    .entry(loc.file)
                    .or_insert_with(|| workspace.sources.get(loc.file).text.clone());
                let start = text[..loc.start as usize].rfind('\n').map_or(0, |i| i + 1);
                let end = text[start..]
                    .find('\n')
                    .map_or(text.len(), |i| start + i + 1);
                text.replace_range(start..end, "");
            }
        }
        let mut files: BTreeMap<FileId, Editing> = BTreeMap::new();
        let mut baseline_changed = false;
        let mut baseline = baseline;
        for edit in &self.edits {
            let file = match edit {
                FixEdit::RemoveComment { .. } => continue,
                FixEdit::DropBaselineEntry { rule, subject } => {
                    if let Some(value) = baseline.as_deref_mut() {
                        baseline_changed |= drop_entry(value, rule, subject);
                    }
                    continue;
                }
                FixEdit::RemoveIgnore { loc, .. }
                | FixEdit::DefaultAccessRead { loc, .. }
                | FixEdit::RemoveAssignment { loc, .. }
                | FixEdit::Reassign { loc, .. }
                | FixEdit::RemoveRole { loc, .. } => loc.file,
            };
            let editing = match files.entry(file) {
                std::collections::btree_map::Entry::Occupied(slot) => slot.into_mut(),
                std::collections::btree_map::Entry::Vacant(slot) => {
                    let source = workspace.sources.get(file);
                    let text = texts.get(&file).unwrap_or(&source.text);
                    slot.insert(Editing::parse(&source.path, text)?)
                }
            };
            apply_one(editing, edit)?;
        }
        for (id, editing) in files {
            texts.insert(id, editing.text());
        }
        texts.retain(|id, text| *text != workspace.sources.get(*id).text);
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

fn not_a_table(what: &str) -> InputError {
    bad(
        format!("`{what}` is not a table"),
        "fix the file by hand first",
    )
}

fn table_like<'d>(doc: &'d mut toml_edit::DocumentMut, key: &str) -> Option<&'d mut dyn TableLike> {
    doc.get_mut(key).and_then(Item::as_table_like_mut)
}

fn apply_one(editing: &mut Editing, edit: &FixEdit) -> Result<(), InputError> {
    let doc = &mut editing.doc;
    match edit {
        FixEdit::RemoveIgnore { index, .. } => match doc.get_mut("ignore") {
            Some(Item::ArrayOfTables(entries)) if *index < entries.len() => {
                entries.remove(*index);
            }
            Some(Item::Value(toml_edit::Value::Array(entries))) if *index < entries.len() => {
                entries.remove(*index);
            }
            _ => {}
        },
        FixEdit::DefaultAccessRead { role, .. } => {
            let Some(roles) = table_like(doc, "roles") else {
                return Ok(());
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
        FixEdit::RemoveAssignment { key, .. } => {
            if let Some(members) = table_like(doc, "members") {
                if let Some(written) = written_key(members, key) {
                    members.remove(&written);
                }
            }
        }
        FixEdit::Reassign { key, role, .. } => {
            if let Some(members) = table_like(doc, "members") {
                if let Some(written) = written_key(members, key) {
                    let mut value = toml_edit::Value::from(role.as_str());
                    if let Some(old) = members.get(&written).and_then(Item::as_value) {
                        *value.decor_mut() = old.decor().clone();
                    }
                    members.insert(&written, Item::Value(value));
                }
            }
        }
        FixEdit::RemoveRole { role, .. } => {
            if let Some(roles) = table_like(doc, "roles") {
                roles.remove(role);
            }
        }
        FixEdit::RemoveComment { .. } | FixEdit::DropBaselineEntry { .. } => {}
    }
    Ok(())
}

/// The key as written in `[members]` for the lower-cased email `key`.
fn written_key(members: &dyn TableLike, key: &str) -> Option<String> {
    members
        .iter()
        .find(|(k, _)| lowercase(k) == key)
        .map(|(k, _)| k.to_owned())
}

/// Drop the baseline's entries for `rule` on `subject`; whether any went.
fn drop_entry(baseline: &mut serde_json::Value, rule: &str, subject: &Subject) -> bool {
    let Some(entries) = baseline
        .get_mut("findings")
        .and_then(serde_json::Value::as_array_mut)
    else {
        return false;
    };
    let before = entries.len();
    entries.retain(|entry| {
        let same_rule = entry.get("rule").and_then(serde_json::Value::as_str) == Some(rule);
        let same_subject = entry
            .get("subject")
            .and_then(|s| Subject::deserialize(s).ok())
            .is_some_and(|s| s == *subject);
        !(same_rule && same_subject)
    });
    entries.len() != before
}
