//! What the commands that write files say they wrote.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// `check --write-baseline`: how many findings went to `file`.
pub(crate) fn baseline(out: &mut dyn Write, findings: usize, file: &Path) -> io::Result<()> {
    writeln!(
        out,
        "swatch: wrote {findings} finding{} to {}",
        if findings == 1 { "" } else { "s" },
        file.display()
    )
}

/// `init`: one line per file written, in the order written.
pub(crate) fn files(out: &mut dyn Write, files: &[PathBuf]) -> io::Result<()> {
    for file in files {
        writeln!(
            out,
            "swatch: wrote {}",
            crate::source::escape(&file.display().to_string())
        )?;
    }
    Ok(())
}
