//! Text for a person may land in a CI log, and the GitHub Actions runner
//! reads every log line for workflow commands: a line that starts with
//! `::` after leading whitespace (`::add-mask::`, `::set-output`,
//! `::error`…), and the legacy `##[command]` anywhere in a line. A name
//! from a file that reached such a place would run a command in the
//! reviewer's job. [`LogSafe`] rewrites every line it writes: the first
//! `:` of a leading `::` becomes `\u{3a}`, the `[` of every `##[` becomes
//! `\u{5b}` (visible, like the other escapes of `source::escape`).
//!
//! Only text for a person goes through it (human output, stderr):
//! `--format github` writes commands on purpose, with its data
//! percent-encoded, and the other formats are data for programs.

use std::io::{self, Write};

/// A writer that neutralises workflow commands line by line. It holds an
/// unfinished line until its end (or until dropped), so a command split
/// across two writes is still seen whole.
pub(crate) struct LogSafe<W: Write> {
    inner: W,
    active: bool,
    line: Vec<u8>,
}

impl<W: Write> LogSafe<W> {
    /// `active: false` passes everything through unchanged.
    pub(crate) fn new(inner: W, active: bool) -> Self {
        Self {
            inner,
            active,
            line: Vec::new(),
        }
    }

    fn write_line(&mut self, end: usize) -> io::Result<()> {
        let safe = neutralise(&self.line[..end]);
        self.inner.write_all(&safe)?;
        self.line.drain(..end);
        Ok(())
    }
}

impl<W: Write> Write for LogSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.active {
            return self.inner.write(buf);
        }
        self.line.extend_from_slice(buf);
        // Only the new bytes can hold a line end not yet written.
        let searched = self.line.len() - buf.len();
        if let Some(last) = self.line[searched..].iter().rposition(|&b| b == b'\n') {
            let end = searched + last + 1;
            let mut start = 0;
            let mut safe = Vec::with_capacity(end + 8);
            while start < end {
                let stop = self.line[start..end]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(end, |i| start + i + 1);
                safe.extend(neutralise(&self.line[start..stop]));
                start = stop;
            }
            self.inner.write_all(&safe)?;
            self.line.drain(..end);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for LogSafe<W> {
    fn drop(&mut self) {
        if !self.line.is_empty() {
            let _ = self.write_line(self.line.len());
        }
        let _ = self.inner.flush();
    }
}

/// One line (with its `\n`, if any) with its workflow commands made inert.
fn neutralise(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len() + 8);
    // The runner trims leading whitespace (.NET's `TrimStart`: Unicode
    // whitespace) before looking for `::`.
    let text = String::from_utf8_lossy(line);
    let lead = text.len() - text.trim_start().len();
    let lead_bytes = if matches!(text, std::borrow::Cow::Borrowed(_)) {
        lead
    } else {
        line.iter().take_while(|b| b.is_ascii_whitespace()).count()
    };
    let mut rest = line;
    if line[lead_bytes..].starts_with(b"::") {
        out.extend_from_slice(&line[..lead_bytes]);
        out.extend_from_slice(b"\\u{3a}");
        rest = &line[lead_bytes + 1..];
    }
    let mut i = 0;
    while i < rest.len() {
        if rest[i..].starts_with(b"##[") {
            out.extend_from_slice(b"##\\u{5b}");
            i += 3;
        } else {
            out.push(rest[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::LogSafe;
    use std::io::Write;

    fn through(active: bool, chunks: &[&str]) -> String {
        let mut out = Vec::new();
        {
            let mut safe = LogSafe::new(&mut out, active);
            for chunk in chunks {
                safe.write_all(chunk.as_bytes()).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn leading_double_colons_and_legacy_commands_are_made_inert() {
        assert_eq!(
            through(
                true,
                &["ok\n  ::set-output name=a::b\nx ##[group]y ##[error]z\n"]
            ),
            "ok\n  \\u{3a}:set-output name=a::b\nx ##\\u{5b}group]y ##\\u{5b}error]z\n"
        );
        assert_eq!(
            through(true, &["\u{a0}\u{2003}::warning::x"]),
            "\u{a0}\u{2003}\\u{3a}:warning::x"
        );
        assert_eq!(through(true, &["a::b :: c\n"]), "a::b :: c\n");
    }

    #[test]
    fn a_command_split_across_writes_is_still_seen() {
        assert_eq!(
            through(true, &["line\n ", ":", ":error::x\n#", "#", "[group]\n"]),
            "line\n \\u{3a}:error::x\n##\\u{5b}group]\n"
        );
    }

    #[test]
    fn inactive_passes_everything_through() {
        assert_eq!(
            through(false, &["::error::x\n##[group]\n"]),
            "::error::x\n##[group]\n"
        );
    }
}
