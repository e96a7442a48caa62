//! `swatch what-if`: hypothetical edits applied to the files in memory, the
//! edited copy loaded like any workspace, and the two compared exactly as
//! `swatch diff` compares them. Because the report is computed from the
//! edited files themselves, `--write` writes precisely the workspace the
//! report described.

mod apply;
mod files;
pub(crate) mod fix;
mod flags;
mod render;

pub(crate) use flags::Edits;

use crate::diff::sides::{SideError, Sides, load_edited};
use crate::exit::Exit;
use crate::load::MaxFileSize;
use jiff::civil::Date;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum WhatIfFormat {
    /// For a terminal.
    Human,
    /// `swatch diff --format json`'s shape.
    Json,
    /// A comment to paste into a change request.
    Markdown,
}

/// Why `what-if` stopped.
pub(crate) enum Failed {
    Invalid(SideError),
    Io(io::Error),
}

impl From<SideError> for Failed {
    fn from(e: SideError) -> Self {
        Self::Invalid(e)
    }
}

impl From<io::Error> for Failed {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// What `what-if` is asked to do.
pub(crate) struct WhatIf<'a> {
    pub path: &'a Path,
    pub edits: &'a Edits,
    pub format: WhatIfFormat,
    pub write: bool,
    pub config: Option<&'a Path>,
    pub max_file_size: Option<MaxFileSize>,
    pub today: Date,
}

type Identity = (String, crate::finding::Subject);

/// The edited copy: both sides loaded, the files that changed (relative
/// path, new text), and the default roles written out (application, role).
type EditedCopy = (Sides, Vec<(String, String)>, Vec<(String, String)>);

/// The edited copy of the workspace at `request.path`.
fn edited(request: &WhatIf<'_>, pass: apply::Pass) -> Result<EditedCopy, Failed> {
    let mut changed = Vec::new();
    let mut materialised = Vec::new();
    let sides = load_edited(request.path, request.config, request.max_file_size, |old| {
        let edited = apply::apply(old, &request.edits.0, pass).map_err(|e| SideError {
            side: None,
            invalid: crate::error::Invalid::single(e),
        })?;
        changed = edited
            .texts
            .into_iter()
            .map(|(id, text)| (old.sources.get(id).path.clone(), text))
            .collect();
        materialised = edited.materialised;
        Ok::<_, Failed>(changed.iter().cloned().collect())
    })?;
    Ok((sides, changed, materialised))
}

/// Report what the edits do (and with `--write`, make them); exit 0.
pub(crate) fn what_if(request: &WhatIf<'_>, out: &mut dyn Write) -> Result<Exit, Failed> {
    let (sides, changed, materialised) = edited(request, apply::Pass::Edits)?;
    // Findings that writing out the default roles alone would cause: the
    // same workspace with only those tables added, compared the same way.
    let caused_by_defaults: BTreeSet<Identity> = if materialised.is_empty() {
        BTreeSet::new()
    } else {
        let (only_defaults, ..) = edited(request, apply::Pass::MaterialiseOnly)?;
        crate::diff::review::review_counts(&only_defaults, request.today, |d, _| {
            d.new_findings
                .iter()
                .map(|f| (f.rule.as_str().to_owned(), f.subject.clone()))
                .collect()
        })
    };
    crate::diff::review::review_mut(&sides, request.today, |d, awaiting| -> io::Result<()> {
        let (apart, new): (Vec<_>, Vec<_>) = d.new_findings.drain(..).partition(|f| {
            caused_by_defaults.contains(&(f.rule.as_str().to_owned(), f.subject.clone()))
        });
        d.new_findings = new;
        render::report(
            out,
            request.format,
            request.edits,
            d,
            awaiting,
            &apart,
            &materialised,
            &sides,
        )
    })?;
    if request.write {
        // Every file is prepared (and the edited copy loaded) before the
        // first write, so a failing edit writes nothing.
        let mut err = crate::ci_log::stderr();
        for (rel, text) in &changed {
            crate::write::write_atomic(&request.path.join(rel), text.as_bytes())?;
            writeln!(
                err,
                "swatch: wrote {}",
                crate::source::shown_in(request.path, rel)
            )?;
        }
        err.flush()?;
    }
    Ok(Exit::Clean)
}
