//! Source excerpts for diagnostics: the lines around a span, each cut to a
//! window of at most [`WIDTH`] columns around it and made terminal-safe.
//!
//! miette prints every line it is given in full: a finding on a line of a
//! megabyte printed that megabyte once per finding, and a column past
//! 65,535 made miette panic (a format width is a `u16`). So miette only
//! ever sees an excerpt built here, in O([`WIDTH`]) per line whatever the
//! line's length, while the header still names the real line and column.

use crate::source::{Loc, SourceFile, is_unsafe_char};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The most characters of a line a diagnostic shows.
pub const WIDTH: usize = 120;
/// Characters kept before the span when a line is cut on the left.
const LEAD: usize = 40;
/// Lines shown before and after the span (miette's default context).
const CONTEXT: usize = 1;
/// A span over more lines than this is shown by its first line only.
const MAX_SPAN_LINES: usize = 8;
/// Marks where a line was cut.
const CUT: &str = "…";

/// The lines around one span, windowed, as miette reads them.
#[derive(Debug, Clone)]
pub struct Excerpt {
    text: String,
    /// Byte offset in `text` where each excerpt line starts.
    line_starts: Vec<usize>,
    /// 0-based number in the file of the first excerpt line.
    first_line: usize,
    /// The span in `text`, and its 0-based line and column in the file.
    primary: SourceSpan,
    line: usize,
    column: usize,
}

impl Excerpt {
    /// The excerpt around `loc` in `file`, and the span to label in it.
    pub fn around(file: &SourceFile, loc: Loc) -> (Self, SourceSpan) {
        let text = file.text.as_str();
        let start = floor_boundary(text, loc.start as usize);
        let end = floor_boundary(text, (loc.end as usize).max(start));
        let (line, column) = file.line_col(start as u32);
        let (first, last_of_span) = (line - 1, file.line_col(end as u32).0 - 1);
        let (end, last_of_span) = if last_of_span > first + MAX_SPAN_LINES {
            (file.line_range(first).end, first)
        } else {
            (end, last_of_span)
        };
        let shown_first = first.saturating_sub(CONTEXT);
        let shown_last = (last_of_span + CONTEXT).min(file.line_count() - 1);

        // The window of the span's first line decides how far right the
        // other lines are shown, so columns line up.
        let first_range = file.line_range(first);
        let window_start = window_start(text, first_range.start, start);
        let shift = window_start - first_range.start;

        let mut out = String::new();
        let mut line_starts = Vec::new();
        let (mut span_start, mut span_end) = (0, 0);
        for n in shown_first..=shown_last {
            let range = file.line_range(n);
            let from = ceil_boundary(text, (range.start + shift).min(range.end));
            let to = window_end(text, from, range.end);
            if n > shown_first {
                out.push('\n');
            }
            line_starts.push(out.len());
            if from > range.start {
                out.push_str(CUT);
            }
            let base = out.len();
            push_safe(&mut out, &text[from..to]);
            // Positions of the span, clamped into what this line shows.
            let at = |offset: usize| base + offset.clamp(from, to) - from;
            if n == first {
                span_start = at(start);
            }
            if n == last_of_span {
                span_end = at(end).max(span_start);
            }
            if to < range.end {
                out.push_str(CUT);
            }
        }
        let primary = SourceSpan::new(span_start.into(), span_end - span_start);
        let excerpt = Self {
            text: out,
            line_starts,
            first_line: shown_first,
            primary,
            line: line - 1,
            column: column - 1,
        };
        (excerpt, primary)
    }

    /// The excerpt's text (for tests and debugging).
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Where the shown part of a line starts: its start when the span is near
/// enough to it, else [`LEAD`] characters before the span.
fn window_start(text: &str, line_start: usize, span_start: usize) -> usize {
    let before = &text[line_start..span_start];
    if before.chars().rev().nth(WIDTH - LEAD).is_none() {
        return line_start;
    }
    let back = before
        .char_indices()
        .rev()
        .nth(LEAD - 1)
        .map_or(0, |(i, _)| i);
    line_start + back
}

/// The end of a window of at most [`WIDTH`] characters from `from`.
fn window_end(text: &str, from: usize, line_end: usize) -> usize {
    text[from..line_end]
        .char_indices()
        .nth(WIDTH)
        .map_or(line_end, |(i, _)| from + i)
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Control and bidi characters become `?`, one per byte, as before
/// windowing existed; tabs become a space so columns stay one wide.
fn push_safe(out: &mut String, part: &str) {
    for c in part.chars() {
        if is_unsafe_char(c) || c == '\r' {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else if c == '\t' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if span.offset() + span.len() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        if context_lines_before == 0 && context_lines_after == 0 {
            // miette reads the label alone for the header's line:column.
            let index = self
                .line_starts
                .partition_point(|&s| s <= span.offset())
                .saturating_sub(1);
            let (line, column) = if *span == self.primary {
                (self.line, self.column)
            } else {
                (self.first_line + index, 0)
            };
            let begin = self.line_starts[index];
            let end = self
                .line_starts
                .get(index + 1)
                .map_or(self.text.len(), |&s| s - 1);
            return Ok(Box::new(MietteSpanContents::new(
                &self.text.as_bytes()[begin..end],
                (begin, end - begin).into(),
                line,
                column,
                1,
            )));
        }
        Ok(Box::new(MietteSpanContents::new(
            self.text.as_bytes(),
            (0, self.text.len()).into(),
            self.first_line,
            0,
            self.line_starts.len(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn excerpt(text: &str, span: std::ops::Range<usize>) -> (Excerpt, String) {
        let file = SourceFile::new("a.toml".into(), text.into());
        let (excerpt, primary) = Excerpt::around(&file, Loc::new(FileId(0), span));
        let labelled =
            excerpt.text()[primary.offset()..primary.offset() + primary.len()].to_owned();
        (excerpt, labelled)
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let text = "a = 1\nb = \"x\"\nc = 3\nd = 4\n";
        let (e, labelled) = excerpt(text, 10..13);
        assert_eq!(e.text(), "a = 1\nb = \"x\"\nc = 3");
        assert_eq!(labelled, "\"x\"");
        assert_eq!((e.line, e.column), (1, 4));
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let text = format!(
            "k = \"{}\" # {}\n",
            "x".repeat(100_000),
            "y".repeat(100_000)
        );
        let at = text.find('#').expect("comment");
        let (e, labelled) = excerpt(&text, at..at + 1);
        assert_eq!(labelled, "#");
        let shown = e.text().lines().next().expect("a line");
        assert!(shown.starts_with(CUT) && shown.ends_with(CUT));
        assert!(e.text().lines().all(|l| l.chars().count() <= WIDTH + 2));
        assert_eq!(e.column, text[..at].chars().count());
    }

    #[test]
    fn context_lines_follow_the_window_and_stay_safe() {
        let text = format!(
            "{}\u{1b}]52;c;x\u{7}\n{}= 1\n",
            "a".repeat(500),
            "b".repeat(300)
        );
        let at = text.find('=').expect("=");
        let (e, labelled) = excerpt(&text, at..at + 1);
        assert_eq!(labelled, "=");
        assert!(!e.text().chars().any(is_unsafe_char));
        assert!(e.text().lines().all(|l| l.chars().count() <= WIDTH + 2));
    }

    #[test]
    fn a_span_at_the_end_of_a_file_without_newline() {
        let (e, labelled) = excerpt("a = 1", 5..5);
        assert_eq!(e.text(), "a = 1");
        assert_eq!(labelled, "");
    }
}
