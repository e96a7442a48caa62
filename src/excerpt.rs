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
pub(crate) const WIDTH: usize = 120;
/// Characters kept before the span when a line is cut on the left.
const LEAD: usize = 40;
/// Lines shown before and after the span (miette's default context).
const CONTEXT: usize = 1;
/// A span over more lines than this is shown by its first line only.
const MAX_SPAN_LINES: usize = 8;
/// Marks where a line was cut.
const CUT: &str = "…";

/// The lines around one or more spans of a file, windowed, as miette reads
/// them. Spans far apart are separate regions of lines, which miette shows
/// as separate boxes, each headed by its own line and column.
#[derive(Debug, Clone)]
pub(crate) struct Excerpt {
    text: String,
    /// Byte offset in `text` where each excerpt line starts.
    line_starts: Vec<usize>,
    /// 0-based number in the file of each excerpt line.
    line_numbers: Vec<usize>,
    /// Each span in `text`, and its 0-based line and column in the file.
    spans: Vec<(SourceSpan, usize, usize)>,
}

/// One span to show: its byte range and lines in the file.
struct Wanted {
    start: usize,
    end: usize,
    /// 0-based lines of its start and of its end (or of its start only
    /// when it runs over more than [`MAX_SPAN_LINES`]).
    first: usize,
    last: usize,
}

impl Excerpt {
    /// The excerpt around `loc` in `file`, and the span to label in it.
    pub(crate) fn around(file: &SourceFile, loc: Loc) -> (Self, SourceSpan) {
        let (excerpt, spans) = Self::around_all(file, &[loc]);
        let span = spans.first().copied().unwrap_or_else(|| (0, 0).into());
        (excerpt, span)
    }

    /// The excerpt around every one of `locs` (all in `file`), and the span
    /// to label for each, in order.
    pub(crate) fn around_all(file: &SourceFile, locs: &[Loc]) -> (Self, Vec<SourceSpan>) {
        let text = file.text();
        let wanted: Vec<Wanted> = locs
            .iter()
            .map(|loc| {
                let start = floor_boundary(text, loc.start as usize);
                let end = floor_boundary(text, (loc.end as usize).max(start));
                let first = file.line_col(start as u32).0 - 1;
                let last = file.line_col(end as u32).0 - 1;
                if last > first + MAX_SPAN_LINES {
                    let end = file.line_range(first).end.max(start);
                    Wanted {
                        start,
                        end,
                        first,
                        last: first,
                    }
                } else {
                    Wanted {
                        start,
                        end,
                        first,
                        last,
                    }
                }
            })
            .collect();
        // Regions of lines to show, in file order, merged where they touch
        // (one box); regions apart get a box each, headed by their own
        // line:column. Each is windowed like the line of its first span.
        let mut order: Vec<usize> = (0..wanted.len()).collect();
        order.sort_by_key(|&i| (wanted[i].first, wanted[i].start));
        let mut regions: Vec<(usize, usize, usize)> = Vec::new();
        for &i in &order {
            let w = &wanted[i];
            let (from, to) = (
                w.first.saturating_sub(CONTEXT),
                (w.last + CONTEXT).min(file.line_count() - 1),
            );
            match regions.last_mut() {
                Some((_, end, _)) if from <= *end + 1 => *end = (*end).max(to),
                _ => {
                    let line_start = file.line_range(w.first).start;
                    let shift = window_start(text, line_start, w.start) - line_start;
                    regions.push((from, to, shift));
                }
            }
        }

        let mut out = String::new();
        let mut line_starts = Vec::new();
        let mut line_numbers = Vec::new();
        let mut positions = vec![(0, 0); wanted.len()];
        for &(from_line, to_line, shift) in &regions {
            for n in from_line..=to_line {
                let range = file.line_range(n);
                let from = ceil_boundary(text, (range.start + shift).min(range.end));
                let to = window_end(text, from, range.end);
                if !line_starts.is_empty() {
                    out.push('\n');
                }
                line_starts.push(out.len());
                line_numbers.push(n);
                if from > range.start {
                    out.push_str(CUT);
                }
                let base = out.len();
                push_safe(&mut out, &text[from..to]);
                // Positions of a span, clamped into what this line shows.
                let at = |offset: usize| base + offset.clamp(from, to) - from;
                for (w, position) in wanted.iter().zip(positions.iter_mut()) {
                    if w.first == n {
                        position.0 = at(w.start);
                    }
                    if w.last == n {
                        position.1 = at(w.end).max(position.0);
                    }
                }
                if to < range.end {
                    out.push_str(CUT);
                }
            }
        }
        let spans: Vec<(SourceSpan, usize, usize)> = wanted
            .iter()
            .zip(&positions)
            .map(|(w, &(start, end))| {
                let (line, column) = file.line_col(w.start as u32);
                (
                    SourceSpan::new(start.into(), end - start),
                    line - 1,
                    column - 1,
                )
            })
            .collect();
        let labelled = spans.iter().map(|(span, _, _)| *span).collect();
        let excerpt = Self {
            text: out,
            line_starts,
            line_numbers,
            spans,
        };
        (excerpt, labelled)
    }

    /// The excerpt's text, as miette reads it.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The excerpt lines `[first, end)` of the region (consecutive lines of
    /// the file) holding excerpt line `index`.
    fn region(&self, index: usize) -> (usize, usize) {
        let follows = |i: usize| self.line_numbers[i] == self.line_numbers[i - 1] + 1;
        let mut first = index;
        while first > 0 && follows(first) {
            first -= 1;
        }
        let mut end = index + 1;
        while end < self.line_numbers.len() && follows(end) {
            end += 1;
        }
        (first, end)
    }

    /// The byte offset in `text` where excerpt line `index` ends.
    fn line_end(&self, index: usize) -> usize {
        self.line_starts
            .get(index + 1)
            .map_or(self.text.len(), |&s| s - 1)
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

impl Excerpt {
    /// The excerpt line holding byte `offset` of the text.
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The 0-based line and column in the file that the header of a
    /// diagnostic names for `span`: the labelled span's own.
    pub(crate) fn position_of(&self, span: &SourceSpan) -> (usize, usize) {
        self.spans.iter().find(|(s, _, _)| s == span).map_or(
            (self.line_numbers[self.line_index(span.offset())], 0),
            |&(_, line, column)| (line, column),
        )
    }

    /// What miette shows around `span` when it reads it with context: the
    /// byte range in the text of the span's region of lines (whole), the
    /// 0-based number in the file of the region's first line, and how many
    /// lines it has. `None` when the span runs past the region (or the text).
    pub(crate) fn region_of(
        &self,
        span: &SourceSpan,
    ) -> Option<(std::ops::Range<usize>, usize, usize)> {
        if span.offset() + span.len() > self.text.len() || self.line_starts.is_empty() {
            return None;
        }
        // A span over two regions cannot be shown as one (miette then
        // shows them apart).
        let (first, end) = self.region(self.line_index(span.offset()));
        let (begin, finish) = (self.line_starts[first], self.line_end(end - 1));
        (span.offset() + span.len() <= finish).then_some((
            begin..finish,
            self.line_numbers[first],
            end - first,
        ))
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if span.offset() + span.len() > self.text.len() || self.line_starts.is_empty() {
            return Err(MietteError::OutOfBounds);
        }
        if context_lines_before == 0 && context_lines_after == 0 {
            // miette reads the label alone for the header's line:column.
            let (line, column) = self.position_of(span);
            let index = self.line_index(span.offset());
            let (begin, end) = (self.line_starts[index], self.line_end(index));
            return Ok(Box::new(MietteSpanContents::new(
                &self.text.as_bytes()[begin..end],
                (begin, end - begin).into(),
                line,
                column,
                1,
            )));
        }
        let (range, first_line, lines) = self.region_of(span).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new(
            &self.text.as_bytes()[range.clone()],
            (range.start, range.len()).into(),
            first_line,
            0,
            lines,
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
        assert_eq!((e.spans[0].1, e.spans[0].2), (1, 4));
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
        assert_eq!(e.spans[0].2, text[..at].chars().count());
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

    #[test]
    fn spans_far_apart_are_regions_each_read_alone() {
        let text: String = (1..=20).map(|n| format!("k{n} = {n}\n")).collect();
        let file = SourceFile::new("a.toml".into(), text.clone());
        let at = |key: &str| {
            let start = text.find(key).unwrap();
            Loc::new(FileId(0), start..start + key.len())
        };
        let (e, spans) = Excerpt::around_all(&file, &[at("k15 "), at("k2 ")]);
        assert_eq!(
            e.text(),
            "k1 = 1\nk2 = 2\nk3 = 3\nk14 = 14\nk15 = 15\nk16 = 16"
        );
        let label = |span: SourceSpan| &e.text()[span.offset()..span.offset() + span.len()];
        assert_eq!((label(spans[0]), label(spans[1])), ("k15 ", "k2 "));
        // Each region is read alone, from its own first line; one span over
        // both regions cannot be read as one.
        let region = e.read_span(&spans[0], 1, 1).unwrap();
        assert_eq!((region.line(), region.line_count()), (13, 3));
        let header = e.read_span(&spans[0], 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (14, 0));
        let both = SourceSpan::new(
            spans[1].offset().into(),
            spans[0].offset() - spans[1].offset(),
        );
        assert!(e.read_span(&both, 1, 1).is_err());
        // Spans on touching lines are one region.
        let (e, _) = Excerpt::around_all(&file, &[at("k4 "), at("k6 ")]);
        assert_eq!(e.text().lines().count(), 5);
    }
}
