//! Text building blocks that every output shares (the findings reports in
//! `report`, and the features that render their own results: diff, drift,
//! what-if, fix, why, the access review): markdown that renders inert, CSV
//! cells a spreadsheet cannot run, terminal tables, JSON.

pub(crate) mod csv;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod table;

use serde::Serialize;
use std::io::{self, Write};

pub(crate) fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
