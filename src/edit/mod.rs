//! `swatch what-if`: hypothetical edits applied to the files in memory, the
//! edited copy loaded like any workspace, and the two compared exactly as
//! `swatch diff` compares them. Because the report is computed from the
//! edited files themselves, `--write` writes precisely the workspace the
//! report described.

mod apply;
mod flags;

pub(crate) use flags::Edits;

use crate::exit::Exit;
use crate::load::sides::{SideError, load_edited};
use crate::load::{Content, MaxFileSize};
use crate::report;
use jiff::civil::Date;
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

/// Report what the edits do (and with `--write`, make them); exit 0.
pub(crate) fn what_if(request: &WhatIf<'_>, out: &mut dyn Write) -> Result<Exit, Failed> {
    let mut written: Vec<(String, String)> = Vec::new();
    let sides = load_edited(request.path, request.config, request.max_file_size, |config, old| {
        let edited = apply::apply(old, &request.edits.0).map_err(|e| SideError {
            side: None,
            invalid: crate::error::Invalid::single(e),
        })?;
        let files = old
            .sources
            .iter()
            .filter(|(id, _)| Some(*id) != config.file)
            .map(|(id, source)| {
                let text = edited.texts.get(&id).unwrap_or(&source.text);
                (source.path.clone(), Content::Bytes(text.clone().into_bytes()))
            })
            .collect();
        written = edited
            .texts
            .into_iter()
            .map(|(id, text)| (old.sources.get(id).path.clone(), text))
            .collect();
        Ok::<_, Failed>(files)
    })?;
    crate::review::review(&sides, request.today, |d, awaiting| -> io::Result<()> {
        match request.format {
            WhatIfFormat::Human => {
                report::human::diff(out, d, awaiting, &[], (&sides.old_label, &sides.new_label))
            }
            WhatIfFormat::Json => report::json::write(out, &report::json::diff(d, awaiting, &[])),
            WhatIfFormat::Markdown => report::markdown::diff(out, d, awaiting, &[]),
        }
    })?;
    if request.write {
        // Every file is prepared (and the edited copy loaded) before the
        // first write, so a failing edit writes nothing.
        let mut err = io::stderr().lock();
        for (rel, text) in &written {
            crate::write::write_atomic(&request.path.join(rel), text.as_bytes())?;
            writeln!(err, "swatch: wrote {}", crate::source::escape(rel))?;
        }
    }
    Ok(Exit::Clean)
}
