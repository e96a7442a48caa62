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

/// `value` as pretty JSON and a line break. The serializer writes a few
/// bytes at a time (an indent is one write per level): through a buffer of
/// its own type each is a copy, not a call through `dyn Write`, which was
/// half of writing a large SARIF log (#9).
pub(crate) fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    writeln!(buffered)?;
    buffered.flush()
}
