//! The files a workspace was read from, and locations inside them.
//!
//! Spans are byte offsets (what toml and miette use); lines and columns are
//! computed only when something is reported, from a per-file line index
//! built once on first use, so a 100k-member workspace pays nothing for them
//! unless it has findings, or when the text is forgotten: a command whose
//! output names places but shows no line drops each file's text as soon as
//! it is parsed (35 MB on a 100k-member workspace, #16).

mod lines;

use lines::LineIndex;
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
/// and its text, or, once the text is forgotten, what lines and columns
/// need and how to read the text again.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub path: String,
    /// Empty once forgotten ([`SourceFile::forget_text`]), until read again.
    text: OnceLock<String>,
    /// How to read the text again; `None` for a text that is always kept
    /// (from git, from memory).
    reread: Option<Reread>,
    /// The text as it was parsed, set when it is forgotten: a text read
    /// again must be this one, or its spans would point elsewhere.
    parsed: Option<Fingerprint>,
    lines: OnceLock<LineIndex>,
}

/// What a file keeps of a forgotten text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// What line and column need: for output that names places.
    Places,
    /// Nothing but how to check a text read again: for output that names
    /// no place (a place asked for after all reads the text again).
    Nothing,
}

/// Reads a file's text again, if it still can.
pub(crate) struct Reread(Box<dyn Fn() -> Option<String> + Send + Sync>);

impl Reread {
    pub(crate) fn new(read: impl Fn() -> Option<String> + Send + Sync + 'static) -> Self {
        Self(Box::new(read))
    }
}

impl std::fmt::Debug for Reread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reread")
    }
}

/// A text's length and a hash keyed for this run, so a file rewritten
/// while swatch runs cannot be crafted to pass for the one parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    fn of(text: &str) -> Self {
        use std::hash::BuildHasher;
        static KEYS: OnceLock<std::hash::RandomState> = OnceLock::new();
        Self {
            len: text.len(),
            hash: KEYS.get_or_init(std::hash::RandomState::new).hash_one(text),
        }
    }
}

impl SourceFile {
    pub(crate) fn new(path: String, text: String) -> Self {
        Self {
            path,
            text: OnceLock::from(text),
            reread: None,
            parsed: None,
            lines: OnceLock::new(),
        }
    }

    /// A file whose text may be forgotten, to be read again by `reread`.
    pub(crate) fn rereadable(self, reread: Reread) -> Self {
        Self {
            reread: Some(reread),
            ..self
        }
    }

    /// The text. One forgotten is read again, and must be the text parsed;
    /// a file changed (or gone) meanwhile reads as [`SourceFile::blank`]
    /// rather than show lines its spans do not point at. Commands that
    /// forget texts show none: this is for a path that does after all.
    pub(crate) fn text(&self) -> &str {
        self.text
            .get_or_init(|| self.read_again().unwrap_or_else(|| self.blank()))
    }

    fn read_again(&self) -> Option<String> {
        let (Some(reread), Some(parsed)) = (&self.reread, self.parsed) else {
            return None;
        };
        let text = (reread.0)()?;
        (Fingerprint::of(&text) == parsed).then_some(text)
    }

    /// What stands for a text that cannot be read again: spaces, with line
    /// breaks where the parsed text had them, so every span, line and
    /// column still holds and nothing of the changed file is shown.
    fn blank(&self) -> String {
        let len = self.parsed.map_or(0, |p| p.len);
        let mut text = vec![b' '; len];
        if let Some(lines) = self.lines.get() {
            for line in 1..lines.count() {
                text[lines.start(line) - 1] = b'\n';
            }
        }
        String::from_utf8(text).unwrap_or_default()
    }

    /// Whether `text` is this file's text: compared whole while it is
    /// kept, else by the fingerprint kept of it (a hash keyed for this
    /// run, which a file cannot be crafted to match).
    pub(crate) fn has_text(&self, text: &str) -> bool {
        match (self.text.get(), self.parsed) {
            (Some(kept), _) => kept == text,
            (None, Some(parsed)) => parsed == Fingerprint::of(text),
            (None, None) => false,
        }
    }

    /// Drop the text, if it can be read again, keeping what `keep` says.
    /// A text is read again only when something shows it after all.
    pub(crate) fn forget_text(&mut self, keep: Keep) {
        if self.reread.is_none() {
            return;
        }
        let Some(text) = self.text.take() else {
            return;
        };
        if keep == Keep::Places {
            self.lines.get_or_init(|| LineIndex::of(&text));
        }
        self.parsed = Some(Fingerprint::of(&text));
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::of(self.text()))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: u32) -> (usize, usize) {
        self.lines().line_col(offset)
    }

    /// How many lines the text has (a final line break starts an empty one).
    pub(crate) fn line_count(&self) -> usize {
        self.lines().count()
    }

    /// The byte range of a 0-based line, without its line ending.
    pub(crate) fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let lines = self.lines();
        let start = lines.start(line);
        let end = if line + 1 < lines.count() {
            lines.start(line + 1) - 1
        } else {
            lines.len()
        };
        let text = self.text();
        let end = if text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// The text of a 1-based line, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> Option<&str> {
        let index = line.checked_sub(1)?;
        (index < self.line_count()).then(|| &self.text()[self.line_range(index)])
    }
}

/// A UTF-8 byte that continues a character rather than starting one.
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
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

    /// Every file, in [`FileId`] order.
    pub(crate) fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
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

    /// `text` in a file whose text is forgotten, read again as `again`.
    fn forgotten(text: &str, again: &str) -> SourceFile {
        let again = again.to_owned();
        let mut file = SourceFile::new("a.toml".into(), text.into())
            .rereadable(Reread::new(move || Some(again.clone())));
        file.forget_text(Keep::Places);
        assert!(file.text.get().is_none());
        file
    }

    #[test]
    fn line_and_column_outlive_the_text() {
        let long_ascii = format!("{}\nk = 1", "a".repeat(5000));
        let long_wide = format!("{}x\r\n{}y", "é".repeat(3000), "日本".repeat(2000));
        // Lines around a byte's worth of length, past many anchors.
        let many: String = (0..80)
            .map(|i| {
                format!(
                    "{}{}\n",
                    "x".repeat(i * 7 % 300),
                    if i % 3 == 0 { "é" } else { "" }
                )
            })
            .collect();
        let texts = [
            many.as_str(),
            "ab\ncd = 1\n\n",
            "ab\nçé = 1\n",
            "a\r\n🦀 = \"ü\"\r\nlast",
            "",
            long_ascii.as_str(),
            long_wide.as_str(),
        ];
        for text in texts {
            let file = forgotten(text, text);
            // Counted along the text, byte by byte; offsets past its end
            // are its end.
            let (mut line, mut column) = (1, 1);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    file.line_col(offset as u32),
                    (line, column),
                    "{offset} in {text:?}"
                );
                match text.as_bytes().get(offset) {
                    Some(b'\n') => (line, column) = (line + 1, 1),
                    Some(&b) if !is_continuation(b) => column += 1,
                    _ => {}
                }
            }
            assert_eq!(file.line_count(), line);
            for (n, expected) in text.split('\n').enumerate() {
                assert_eq!(file.line_text(n + 1), Some(expected.trim_end_matches('\r')));
            }
        }
        let file = forgotten(&long_wide, &long_wide);
        let y = long_wide.find('y').expect("y") as u32;
        assert_eq!(file.line_col(y), (2, 4001));
        // Its lines are read again when something shows them.
        assert_eq!(
            file.line_text(2),
            Some(&*"日本".repeat(2000))
                .map(|l| l.to_owned() + "y")
                .as_deref()
        );
        assert_eq!(file.line_range(0), 0..6001);
    }

    #[test]
    fn places_asked_of_a_text_kept_for_none_read_it_again() {
        let text = "a = 1\nb = \"ü\"\n";
        let mut file = SourceFile::new("a.toml".into(), text.into())
            .rereadable(Reread::new(move || Some(text.to_owned())));
        file.forget_text(Keep::Nothing);
        assert!(file.text.get().is_none() && file.lines.get().is_none());
        assert_eq!(file.line_col(13), (2, 7));
    }

    #[test]
    fn a_text_read_again_must_be_the_one_parsed() {
        let file = forgotten("a = 1\nbé = 2\n", "a = 2\nbé = 3\n");
        // Blank, with the parsed text's lines: nothing of the new text.
        assert_eq!(file.text(), "     \n       \n");
        assert_eq!(file.line_col(9), (2, 3));
    }

    /// Another side's file is compared with this one's text, kept or not.
    #[test]
    fn a_text_is_compared_whole_or_by_its_fingerprint() {
        let kept = SourceFile::new("a.toml".into(), "a = 1\n".into());
        assert!(kept.has_text("a = 1\n") && !kept.has_text("a = 2\n"));
        let gone = forgotten("a = 1\n", "a = 1\n");
        assert!(gone.text.get().is_none());
        assert!(gone.has_text("a = 1\n"));
        assert!(!gone.has_text("a = 2\n") && !gone.has_text("a = 1\n\n"));
    }

    #[test]
    fn a_text_that_cannot_be_read_again_is_kept() {
        let mut file = SourceFile::new("a.toml".into(), "a = 1".into());
        file.forget_text(Keep::Places);
        assert_eq!(file.text(), "a = 1");
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
