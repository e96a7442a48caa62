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

/// `value` as pretty JSON and a line break: the JSON a person may read.
pub(crate) fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    buffered(out, |w| serde_json::to_writer_pretty(w, value))
}

/// `value` as JSON on one line and a line break: a log only programs read
/// (SARIF), where an indent is most of the bytes. A large log is half the
/// size, and GitHub's upload limit is on its size (#9).
pub(crate) fn write_compact_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    buffered(out, |w| serde_json::to_writer(w, value))
}

/// The serializer writes a few bytes at a time (an indent is one write per
/// level): through a buffer of its own type each is a copy, not a call
/// through `dyn Write`, which was half of writing a large SARIF log (#9).
fn buffered(
    out: &mut dyn Write,
    write: impl FnOnce(&mut io::BufWriter<&mut dyn Write>) -> serde_json::Result<()>,
) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    write(&mut buffered)?;
    writeln!(buffered)?;
    buffered.flush()
}
