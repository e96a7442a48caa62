//! The baseline file: findings accepted when swatch was adopted, and where
//! each entry is in the file's text.

use crate::finding::quantity::{Quantity, Recorded};
use crate::finding::{Finding, Subject};
use crate::source::{FileId, Loc, SourceFile, Sources};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A baseline file: findings accepted when swatch was adopted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
    /// The file's text in the run's sources ([`Baseline::add_to`]), where
    /// `stale-baseline` locates its entries; `None` leaves them unlocated.
    #[serde(skip)]
    pub file: Option<FileId>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct BaselineEntry {
    pub rule: String,
    pub subject: Subject,
    /// The finding's size when recorded, for findings that have one: a
    /// larger size is reported again. Absent (from baselines written before
    /// sizes were recorded) it accepts any size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Recorded>,
}

impl Baseline {
    pub(crate) fn of(findings: &[Finding]) -> Self {
        let entries: BTreeSet<BaselineEntry> = findings
            .iter()
            .map(|f| BaselineEntry {
                rule: f.rule.as_str().to_owned(),
                subject: f.subject.clone(),
                quantity: f.quantity.as_deref().map(Quantity::recorded),
            })
            .collect();
        Self {
            version: 1,
            findings: entries.into_iter().collect(),
            file: None,
        }
    }

    /// Keep the baseline's `text` in `sources` as `path` (relative to the
    /// workspace, or absolute), so `stale-baseline` points at the entry in
    /// it: that is where CI annotations land and where the fix is made.
    pub(crate) fn add_to(&mut self, sources: &mut Sources, path: String, text: String) {
        self.file = Some(sources.add(SourceFile::new(path, text)));
    }
}

/// Where each entry of a baseline's `text` is: its `rule` value, in file
/// order (the order of [`Baseline::findings`]). Empty when the text does
/// not parse the same way, so no entry gets a wrong place.
pub(super) fn entry_places(file: FileId, text: &str, entries: usize) -> Vec<Loc> {
    #[derive(Deserialize)]
    struct Entries<'a> {
        #[serde(borrow)]
        findings: Vec<&'a serde_json::value::RawValue>,
    }
    #[derive(Deserialize)]
    struct Entry<'a> {
        #[serde(borrow)]
        rule: &'a serde_json::value::RawValue,
    }
    let Ok(parsed) = serde_json::from_str::<Entries<'_>>(text) else {
        return Vec::new();
    };
    let places: Vec<Loc> = parsed
        .findings
        .iter()
        .filter_map(|raw| {
            let rule = serde_json::from_str::<Entry<'_>>(raw.get())
                .ok()?
                .rule
                .get();
            // A borrowed raw value is a slice of `text`: its place is its offset.
            let start = (rule.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
            (start + rule.len() <= text.len()).then(|| Loc::new(file, start..start + rule.len()))
        })
        .collect();
    if places.len() == entries {
        places
    } else {
        Vec::new()
    }
}
