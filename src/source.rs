//! The files a workspace was read from, and locations inside them.
//!
//! Spans are byte offsets (what toml and miette use); lines and columns are
//! computed only when something is reported, from a per-file line index
//! built once on first use, so a 100k-member workspace pays nothing for them
//! unless it has findings.

use std::sync::OnceLock;

/// Index of a file in its [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FileId(pub u32);

/// A place in a file: the file and a byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Loc {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Loc {
    pub(crate) fn new(file: FileId, span: std::ops::Range<usize>) -> Self {
        Self {
            file,
            start: span.start as u32,
            end: span.end as u32,
        }
    }
}

/// A value read from a file, with where it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Located<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Located<T> {
    pub(crate) fn new(value: T, loc: Loc) -> Self {
        Self { value, loc }
    }
}

/// One file: its path relative to the workspace root (with `/` separators)
/// and its text.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub path: String,
    pub text: String,
    line_starts: OnceLock<Vec<u32>>,
    /// Characters before every [`CHECKPOINT`]-th byte, so a column on a
    /// line of megabytes costs a few hundred bytes of counting, not the line.
    checkpoints: OnceLock<Vec<u32>>,
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 1024;

impl SourceFile {
    pub(crate) fn new(path: String, text: String) -> Self {
        Self {
            path,
            text,
            line_starts: OnceLock::new(),
            checkpoints: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.text
                        .bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i as u32 + 1),
                )
                .collect()
        })
    }

    /// Characters in the text before a byte offset (which may fall inside
    /// a character: only the bytes that start one are counted).
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut count = 0u32;
            bytes
                .chunks(CHECKPOINT)
                .map(|chunk| {
                    let before = count;
                    count += count_chars(chunk) as u32;
                    before
                })
                .collect()
        });
        let offset = offset.min(bytes.len());
        let block = offset / CHECKPOINT;
        let counted = checkpoints.get(block).map_or(0, |&c| c as usize);
        counted + count_chars(&bytes[block * CHECKPOINT..offset])
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: u32) -> (usize, usize) {
        let starts = self.line_starts();
        let line = starts.partition_point(|&start| start <= offset) - 1;
        let line_start = starts[line] as usize;
        let offset = (offset as usize).min(self.text.len());
        // A column on an ordinary line is counted from the line's start;
        // only a long line goes through the checkpoints.
        let column = if offset - line_start <= CHECKPOINT {
            count_chars(&self.text.as_bytes()[line_start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(line_start)
        };
        (line + 1, column + 1)
    }

    /// How many lines the text has (a final line break starts an empty one).
    pub(crate) fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// The byte range of a 0-based line, without its line ending.
    pub(crate) fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let starts = self.line_starts();
        let start = starts.get(line).map_or(self.text.len(), |&s| s as usize);
        let end = starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s as usize - 1);
        let end = if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// The text of a 1-based line, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> Option<&str> {
        let index = line.checked_sub(1)?;
        (index < self.line_count()).then(|| &self.text[self.line_range(index)])
    }
}

/// A UTF-8 byte that continues a character rather than starting one.
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Characters in UTF-8 bytes: the bytes that start one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| !is_continuation(b)).count()
}

/// Characters that must never reach a terminal or a CI log raw: C0/C1
/// controls (but tab and line breaks) and the bidi overrides of
/// "Trojan Source".
pub(crate) fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Escape a user-provided string for a terminal or a log line.
pub(crate) fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII, the usual text, needs no look at characters.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return std::borrow::Cow::Borrowed(text);
    }
    if !text
        .chars()
        .any(|c| is_unsafe_char(c) || c == '\n' || c == '\r')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) || c == '\n' || c == '\r' {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Escape control and bidi characters but keep line breaks and tabs: for
/// multi-line user text (a policy's description) printed to a terminal.
pub(crate) fn escape_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if is_unsafe_char(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Every file of one side of a workspace, indexed by [`FileId`].
#[derive(Debug, Default)]
pub(crate) struct Sources {
    files: Vec<SourceFile>,
    /// The workspace folder as the user gave it, with a trailing `/` (empty
    /// for `.`): human output names files from the current folder, so they
    /// can be opened as printed (README, "Paths in the output").
    shown_root: String,
}

/// `root` as human output prefixes the files in it: as given, with a
/// trailing `/`, empty for `.`.
fn shown_root(root: &std::path::Path) -> String {
    let text = root.to_string_lossy();
    let folder = text.trim_end_matches('/');
    let folder = folder.strip_prefix("./").unwrap_or(folder);
    match folder {
        "" if text.starts_with('/') => "/".to_owned(),
        "" | "." => String::new(),
        _ => format!("{folder}/"),
    }
}

/// The file `rel` of the workspace at `root`, named from the current
/// folder as human output names it, escaped for the terminal.
pub(crate) fn shown_in(root: &std::path::Path, rel: &str) -> String {
    escape(&format!("{}{rel}", shown_root(root))).into_owned()
}

impl Sources {
    /// Name files in human output from the current folder: `root` as given.
    pub(crate) fn show_from(&mut self, root: &std::path::Path) {
        self.shown_root = shown_root(root);
    }

    /// A file's path as human output prints it (see [`Sources::show_from`]);
    /// a path outside the workspace (`--config /elsewhere`) is kept whole.
    pub(crate) fn shown_path(&self, id: FileId) -> String {
        let path = &self.get(id).path;
        if std::path::Path::new(path).is_absolute() {
            path.clone()
        } else {
            format!("{}{path}", self.shown_root)
        }
    }

    /// `file:line:column` as human output prints it: the file named as
    /// [`Sources::shown_path`] names it, escaped for the terminal.
    pub(crate) fn shown_position(&self, loc: Loc) -> String {
        let p = self.position(loc);
        format!(
            "{}:{}:{}",
            escape(&self.shown_path(loc.file)),
            p.line,
            p.column
        )
    }

    pub(crate) fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    pub(crate) fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// File, line and column of a location, as reported to users.
    pub(crate) fn position(&self, loc: Loc) -> Position<'_> {
        let file = self.get(loc.file);
        let (line, column) = file.line_col(loc.start);
        Position {
            path: &file.path,
            line,
            column,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Position<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", escape(self.path), self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("a.toml".into(), "ab\nçé = 1\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        // "çé " is 5 bytes but 3 characters.
        assert_eq!(file.line_col(8), (2, 4));
        assert_eq!(file.line_text(2), Some("çé = 1"));
    }

    #[test]
    fn columns_on_a_long_line_count_characters() {
        let text = format!("{}\n{}x", "é".repeat(3000), "ç".repeat(5000));
        let file = SourceFile::new("a.toml".into(), text.clone());
        let x = text.find('x').expect("x");
        assert_eq!(file.line_col(x as u32), (2, 5001));
        assert_eq!(file.line_col(2 * 3000), (1, 3001));
        assert_eq!(file.line_range(0), 0..6000);
    }

    #[test]
    fn human_paths_start_from_the_folder_as_given() {
        let shown = |root: &str| {
            let mut sources = Sources::default();
            let id = sources.add(SourceFile::new("members/a.toml".into(), String::new()));
            sources.show_from(std::path::Path::new(root));
            sources.shown_path(id)
        };
        assert_eq!(shown("."), "members/a.toml");
        assert_eq!(shown("./"), "members/a.toml");
        assert_eq!(shown("examples/acme/"), "examples/acme/members/a.toml");
        assert_eq!(shown("./examples/acme"), "examples/acme/members/a.toml");
        assert_eq!(shown("/srv/ws"), "/srv/ws/members/a.toml");
        assert_eq!(shown("/"), "/members/a.toml");
    }

    #[test]
    fn escape_makes_controls_visible() {
        assert_eq!(escape("ok"), "ok");
        assert_eq!(escape("a\u{1b}b\nc"), "a\\u{1b}b\\u{a}c");
    }
}
