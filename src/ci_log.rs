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

/// stderr as text for a person goes to it: workflow commands made inert,
/// buffered (a run can write a line for each of hundreds of thousands of
/// errors or fixes; stderr itself writes each piece at once).
pub(crate) fn stderr() -> io::BufWriter<LogSafe<io::StderrLock<'static>>> {
    io::BufWriter::new(LogSafe::new(io::stderr().lock(), true))
}

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
        let mut safe = Vec::new();
        neutralise(&self.line[..end], &mut safe);
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
        let Some(last) = buf.iter().rposition(|&b| b == b'\n') else {
            self.line.extend_from_slice(buf);
            return Ok(buf.len());
        };
        let end = last + 1;
        let mut safe = Vec::with_capacity(self.line.len() + end + 8);
        let mut lines = &buf[..end];
        if !self.line.is_empty() {
            // The line held back ends in this write.
            let first = lines
                .iter()
                .position(|&b| b == b'\n')
                .map_or(end, |i| i + 1);
            self.line.extend_from_slice(&lines[..first]);
            neutralise(&self.line, &mut safe);
            self.line.clear();
            lines = &lines[first..];
        }
        if lines.contains(&b'#') {
            for line in lines.split_inclusive(|&b| b == b'\n') {
                neutralise(line, &mut safe);
            }
        } else {
            // No `##[` anywhere: only the lines that may start with `::`
            // need a look.
            for line in lines.split_inclusive(|&b| b == b'\n') {
                if may_lead(line) {
                    neutralise(line, &mut safe);
                } else {
                    safe.extend_from_slice(line);
                }
            }
        }
        self.inner.write_all(&safe)?;
        self.line.extend_from_slice(&buf[end..]);
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

/// One line (with its `\n`, if any) with its workflow commands made
/// inert, appended to `out`. Most lines hold neither a leading `::` nor a
/// `##[`: they are copied after one scan, without decoding.
/// Whether a line may start with `::` once the runner trims it: its first
/// byte that is no ASCII whitespace is `:`, or not ASCII (the runner trims
/// Unicode whitespace too).
fn may_lead(line: &[u8]) -> bool {
    // ASCII's White_Space characters: tab to carriage return, and space.
    let Some(first) = line.iter().position(|b| !matches!(b, b'\t'..=b'\r' | b' ')) else {
        return false;
    };
    match line[first] {
        b':' => true,
        b if b.is_ascii() => false,
        // A character past ASCII ends the trimming unless it is Unicode
        // whitespace; a snippet line's box-drawing `│` is not.
        _ => {
            let window = &line[first..line.len().min(first + 4)];
            String::from_utf8_lossy(window)
                .chars()
                .next()
                .is_some_and(char::is_whitespace)
        }
    }
}

fn neutralise(line: &[u8], out: &mut Vec<u8>) {
    if !may_lead(line) && !contains(line, b"##[") {
        out.extend_from_slice(line);
        return;
    }
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
    // Copied between the `##[`s, not byte by byte: every line of a
    // finding's snippet starts with a box-drawing character, not ASCII, so
    // most lines of human output come this way.
    while let Some(at) = find(rest, b"##[") {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(b"##\\u{5b}");
        rest = &rest[at + 3..];
    }
    out.extend_from_slice(rest);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if !haystack.contains(&needle[0]) {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
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
        assert_eq!(through(true, &["\u{b}::x\n"]), "\u{b}\\u{3a}:x\n");
        // Past ASCII: whitespace is trimmed like the runner does, any other
        // character (a snippet's `│`) starts the line.
        assert_eq!(through(true, &["\u{3000}::x\n"]), "\u{3000}\\u{3a}:x\n");
        assert_eq!(through(true, &["│ ::x\n"]), "│ ::x\n");
        assert_eq!(through(true, &["\u{ff}::x\n"]), "\u{ff}::x\n");
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
