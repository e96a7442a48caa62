//! Findings (and input errors of the same shape) in miette's graphical
//! layout, written straight into one buffer.
//!
//! `check` prints one diagnostic per finding, and a large workspace has tens
//! of thousands. Through miette each one cost a report handler, a
//! `Snippet`, an excerpt and three passes of textwrap with a Unicode line
//! segmenter: the human output took twice as long as the JSON (#16). A
//! finding always has the same shape (a code, a message, at most one
//! labelled span, a help), so this module writes that shape itself, byte
//! for byte as miette 7.6 does with `GraphicalTheme::unicode_nocolor()`,
//! wrapping as textwrap 0.16 does under miette (first fit, words split
//! after their hyphens, words longer than a line broken, UAX #14 line
//! break opportunities).
//!
//! What it does not reproduce is left to miette: colour, wrapped text that
//! is not printable ASCII, a span over more than one line, a line with
//! other than ASCII before its span's end. [`finding`] then writes nothing
//! and says so. The tests render generated findings both ways and compare.

use super::Style;
use crate::error::InputError;
use crate::excerpt::Excerpt;
use crate::finding::{Finding, Severity, Text};
use crate::source::{FileId, Loc, Sources, escape};
use miette::SourceSpan;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use wrap::fill;

mod wrap;

/// Draws findings one after the other (in `check`'s order, by file).
pub(crate) struct Drawer {
    style: Style,
    /// The last file named, as the header names it: findings come by file.
    shown: Option<(FileId, String)>,
    /// Each help written into the program (the same for every finding of
    /// its rule) as drawn, or `None` when miette has to draw it: 140,000
    /// `role-write-default` findings wrapped the same help each (#9).
    static_helps: BTreeMap<&'static str, Option<String>>,
}

impl Drawer {
    pub(crate) fn new(style: Style) -> Self {
        Self {
            style,
            shown: None,
            static_helps: BTreeMap::new(),
        }
    }

    /// Append `f`'s diagnostic, headed by `code` and followed by the empty
    /// line `check` leaves after each, to `out` and return true; or leave
    /// `out` as it was and return false when miette has to draw it.
    pub(crate) fn finding(
        &mut self,
        out: &mut String,
        f: &Finding,
        code: &str,
        sources: &Sources,
    ) -> bool {
        let help = match &f.help {
            _ if f.help.is_empty() => Help::None,
            Text::Static(help) => Help::Static(help),
            help => Help::Other(help),
        };
        let parts = Parts {
            code,
            message: &f.message,
            severity: f.severity,
            loc: f.loc,
            label: &f.label,
            help,
        };
        self.draw(out, &parts, sources)
    }

    /// [`Drawer::finding`] for a piece of invalid input: the same shape,
    /// as an error. One that points at other places too ("first defined
    /// here") is left to miette, which draws each place.
    pub(crate) fn error(&mut self, out: &mut String, e: &InputError, sources: &Sources) -> bool {
        if !e.also.is_empty() {
            return false;
        }
        let help = match e.help.as_deref() {
            None => Help::None,
            // miette draws an empty help line; findings never have one.
            Some("") => return false,
            Some(help) => Help::Other(help),
        };
        let parts = Parts {
            code: e.code,
            message: &e.message,
            severity: Severity::Error,
            loc: e.loc,
            label: &e.label,
            help,
        };
        self.draw(out, &parts, sources)
    }

    fn draw(&mut self, out: &mut String, parts: &Parts<'_>, sources: &Sources) -> bool {
        if self.style.color {
            return false;
        }
        let mark = out.len();
        if self.write(out, parts, sources).is_none() {
            out.truncate(mark);
            return false;
        }
        true
    }

    fn write(&mut self, out: &mut String, parts: &Parts<'_>, sources: &Sources) -> Option<()> {
        let message = escape(parts.message);
        if !printable_ascii(&message) {
            return None;
        }
        // miette: the code, an empty line, the message after the severity's icon.
        out.push_str(parts.code);
        out.push_str("\n\n");
        let first = match parts.severity {
            Severity::Error => "  × ",
            Severity::Warning => "  ⚠ ",
            Severity::Info => "  ☞ ",
        };
        let wrap_width = self.style.width.saturating_sub(2);
        fill(out, &message, wrap_width, first, "  │ ", INDENT_COLUMNS);
        out.push('\n');
        if let Some(loc) = parts.loc {
            let shown = match &self.shown {
                Some((file, shown)) if *file == loc.file => shown,
                _ => {
                    let shown = escape(&sources.shown_path(loc.file)).into_owned();
                    &self.shown.insert((loc.file, shown)).1
                }
            };
            snippet(out, sources, shown, loc, parts.label)?;
        }
        // A help miette has to draw returns `None` here: `draw` takes
        // back what was written.
        match parts.help {
            Help::None => {}
            Help::Static(help) => {
                let drawn = self.static_helps.entry(help).or_insert_with(|| {
                    let mut drawn = String::new();
                    draw_help(&mut drawn, help, wrap_width).map(|()| drawn)
                });
                out.push_str(drawn.as_deref()?);
            }
            Help::Other(help) => draw_help(out, help, wrap_width)?,
        }
        // The empty line after each diagnostic.
        out.push('\n');
        Some(())
    }
}

/// What a diagnostic shows: a finding's or an input error's.
struct Parts<'a> {
    code: &'a str,
    message: &'a str,
    severity: Severity,
    loc: Option<Loc>,
    label: &'a str,
    help: Help<'a>,
}

/// A diagnostic's help: one written into the program is drawn once.
enum Help<'a> {
    None,
    Static(&'static str),
    Other(&'a str),
}

/// Append the help's lines, or `None` when they are not printable ASCII.
fn draw_help(out: &mut String, help: &str, wrap_width: usize) -> Option<()> {
    let help = escape(help);
    if !printable_ascii(&help) {
        return None;
    }
    fill(
        out,
        &help,
        wrap_width,
        "  help: ",
        "        ",
        HELP_INDENT_COLUMNS,
    );
    out.push('\n');
    Some(())
}

/// Columns of the message's indents (`  ⚠ `, `  │ `: every icon is one
/// column wide) and of the help's (`  help: `).
const INDENT_COLUMNS: usize = 4;
const HELP_INDENT_COLUMNS: usize = 8;

fn printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// One line of a snippet as miette's `get_lines` cuts it: `offset` and
/// `length` (with its line break) in the excerpt's text, its 1-based number.
struct Line<'a> {
    number: usize,
    offset: usize,
    length: usize,
    text: &'a str,
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.offset + self.length
    }

    /// miette's `span_applies`: the span starts, passes through or ends here.
    fn applies(&self, offset: usize, len: usize) -> bool {
        let spanlen = len.max(1);
        (offset >= self.offset && offset < self.end())
            || (offset < self.offset && offset + spanlen > self.end())
            || (offset + spanlen > self.offset && offset + spanlen <= self.end())
    }

    /// miette's `span_line_only`.
    fn holds(&self, offset: usize, len: usize) -> bool {
        offset >= self.offset && offset + len <= self.end()
    }

    /// miette's `span_applies_gutter`: applies, but does not both start and end here.
    fn needs_gutter(&self, offset: usize, len: usize) -> bool {
        let spanlen = len.max(1);
        self.applies(offset, len)
            && !((offset >= self.offset && offset < self.end())
                && (offset + spanlen > self.offset && offset + spanlen <= self.end()))
    }

    /// miette's `visual_offset` on an ASCII line: the column of `offset`,
    /// one past the text for an offset past it.
    fn column(&self, offset: usize) -> usize {
        let index = offset - self.offset;
        if index > self.text.len() {
            self.text.len() + 1
        } else {
            index
        }
    }
}

/// miette's `get_lines` over `text`, the excerpt's bytes from `begin`,
/// whose first line is line `first` (0-based) of the file. The excerpt has
/// no carriage returns (they are shown as `?`).
fn lines_of(text: &str, begin: usize, first: usize) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(3);
    let mut line = first;
    let mut line_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let offset = at + c.len_utf8();
        let last = chars.peek().is_none();
        let mut at_end_of_file = false;
        let mut column_zero = false;
        if c == '\n' {
            at_end_of_file = last;
            line += 1;
            column_zero = true;
        }
        if last && !at_end_of_file {
            line += 1;
        }
        if column_zero || last {
            let text_end = if c == '\n' { at } else { offset };
            lines.push(Line {
                number: line,
                offset: begin + line_start,
                length: offset - line_start,
                text: &text[line_start..text_end],
            });
            line_start = offset;
        }
    }
    lines
}

/// The excerpt around `loc` with its one label, as miette's
/// `render_snippets` draws it; `None` for what only miette draws.
fn snippet(out: &mut String, sources: &Sources, shown: &str, loc: Loc, label: &str) -> Option<()> {
    let (excerpt, span) = Excerpt::around(sources.get(loc.file), loc);
    let (range, first_line, _) = excerpt.region_of(&span)?;
    let lines = lines_of(&excerpt.text()[range.clone()], range.start, first_line);
    let (offset, len) = (span.offset(), span.len());
    if lines
        .iter()
        .any(|line| !line.holds(offset, len) && line.needs_gutter(offset, len))
    {
        return None;
    }
    let label = (!label.is_empty()).then(|| escape(label));
    let linum_width = digits(lines.last().map_or(0, |l| l.number));
    let (line, column) = excerpt.position_of(&SourceSpan::new(offset.into(), len));
    push_spaces(out, linum_width + 2);
    let _ = writeln!(out, "╭─[{shown}:{}:{}]", line + 1, column + 1);
    for line in &lines {
        let _ = write!(out, " {:>linum_width$} │ ", line.number);
        out.push_str(line.text);
        out.push('\n');
        if !line.applies(offset, len) {
            continue;
        }
        if !line.holds(offset, len) || !line.text.is_ascii() {
            return None;
        }
        // The underline, its middle marked where the label hangs.
        push_spaces(out, linum_width + 1);
        out.push_str(" · ");
        let start = line.column(offset);
        let end = if len == 0 {
            start + 1
        } else {
            line.column(offset + len).max(start + 1)
        };
        let middle = usize::midpoint(start, end);
        push_spaces(out, start);
        push_repeated(out, "─", middle - start);
        out.push_str(match (len, &label) {
            (0, _) => "▲",
            (_, Some(_)) => "┬",
            (_, None) => "─",
        });
        push_repeated(out, "─", end - middle - 1);
        out.push('\n');
        if let Some(label) = &label {
            push_spaces(out, linum_width + 1);
            out.push_str(" · ");
            push_spaces(out, middle);
            out.push_str("╰── ");
            out.push_str(label);
            out.push('\n');
        }
    }
    push_spaces(out, linum_width + 2);
    out.push_str("╰────\n");
    Some(())
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn push_repeated(out: &mut String, text: &str, n: usize) {
    for _ in 0..n {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Subject, SubjectKind};
    use crate::source::SourceFile;
    use proptest::prelude::*;

    /// miette's own drawing of `snippet`, as `check` prints it.
    fn miette_drawing(style: Style, snippet: &crate::error::Snippet) -> String {
        let mut out = Vec::new();
        super::super::human::diagnostic(&mut out, style, snippet).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn miette_text(style: Style, f: &Finding, sources: &Sources) -> String {
        let mut snippet = super::super::human::finding_snippet(f, sources);
        snippet.code = Some(f.rule.as_str().to_owned());
        miette_drawing(style, &snippet)
    }

    fn finding(message: &str, label: &str, help: &str, loc: Option<Loc>) -> Finding {
        let mut finding = Finding::new(
            "some-rule",
            Severity::Warning,
            Subject {
                kind: SubjectKind::Member,
                name: "a@example.com".into(),
            },
            loc,
            message.to_owned(),
        );
        finding.label = label.to_owned().into();
        finding.help = help.to_owned().into();
        finding
    }

    /// Both renderings, or `None` when the direct one leaves it to miette.
    fn both(style: Style, f: &Finding, sources: &Sources) -> Option<(String, String)> {
        let mut direct = String::new();
        Drawer::new(style)
            .finding(&mut direct, f, &f.rule, sources)
            .then(|| (direct, miette_text(style, f, sources)))
    }

    fn sources(text: &str) -> Sources {
        let mut sources = Sources::default();
        sources.add(SourceFile::new("members/a.toml".into(), text.into()));
        sources
    }

    const STYLE: Style = Style {
        color: false,
        width: 100,
    };

    #[test]
    fn a_finding_is_drawn_as_miette_draws_it() {
        let text = "[[member]]\nemail = \"dave@acme.com\"\nname = \"Dave\"\n";
        let sources = sources(text);
        let start = text.find("email").unwrap();
        let loc = Loc::new(crate::source::FileId(0), start..start + 23);
        let f = finding(
            "`dave@acme.com` holds the editor license (role Modeler in FP&A (configure_application)) but their seat is contributor",
            "seat is contributor",
            "take away what gives the editor license (role Modeler in FP&A (configure_application)), or change `seat` if editor is intended; as contributor this saves $1,150/yr",
            Some(loc),
        );
        let (direct, miette) = both(STYLE, &f, &sources).expect("drawn directly");
        assert_eq!(direct, miette);
        let without_place = finding("no place", "", "", None);
        let (direct, miette) = both(STYLE, &without_place, &sources).expect("drawn directly");
        assert_eq!(direct, miette);
    }

    #[test]
    fn an_input_error_is_drawn_as_miette_draws_it() {
        let text = "[[member]]\nemail = \"a@acme.com\"\nbogus = 1\n";
        let sources = sources(text);
        let start = text.find("bogus").unwrap();
        let loc = Loc::new(crate::source::FileId(0), start..start + 5);
        let miette =
            |e: &InputError| miette_drawing(STYLE, &crate::error::Snippet::from_error(e, &sources));
        let mut unknown = InputError::at(
            "swatch::load::unknown_key",
            loc,
            "unknown key `bogus` in a `[[member]]` table",
        );
        unknown.label = "not a key of a member".into();
        unknown.help = Some(
            "the keys of a member are email, account_type, status; did you mean `status`?".into(),
        );
        let without_place = InputError::new("swatch::load::unreadable", "cannot read `x`");
        for e in [&unknown, &without_place] {
            let mut direct = String::new();
            assert!(Drawer::new(STYLE).error(&mut direct, e, &sources));
            assert_eq!(direct, miette(e));
        }
        // Other places to show: miette's.
        let mut twice = unknown.clone();
        twice.also.push((loc, "first here".into()));
        assert!(!Drawer::new(STYLE).error(&mut String::new(), &twice, &sources));
    }

    #[test]
    fn what_it_cannot_draw_is_left_to_miette() {
        let sources = sources("a = 1\nb = 2\n");
        let colour = Style {
            color: true,
            width: 100,
        };
        assert!(both(colour, &finding("m", "", "", None), &sources).is_none());
        assert!(both(STYLE, &finding("café", "", "", None), &sources).is_none());
        let over_lines = Loc::new(crate::source::FileId(0), 0..9);
        assert!(both(STYLE, &finding("m", "l", "", Some(over_lines)), &sources).is_none());
    }

    /// Text built from pieces that exercise the line break rules: words,
    /// numbers and prices, brackets, quotes, hyphens, slashes, spaces.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(" ".to_owned()),
            Just("  ".to_owned()),
            "[a-z]{1,12}",
            "[A-Za-z0-9]{1,30}",
            "[0-9]{1,4}",
            Just("-".to_owned()),
            Just("--".to_owned()),
            "[ -~]",
            "[ -~]{1,4}",
            Just("$1,150/yr".to_owned()),
            Just("(configure_application)".to_owned()),
            Just("`user@acme.com`".to_owned()),
            Just("--remove-permission".to_owned()),
            Just("'App 0001/Analyst=define'".to_owned()),
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        #[test]
        fn generated_findings_are_drawn_as_miette_draws_them(
            message in text(),
            label in "[ -~]{0,20}",
            help in text(),
            width in 8usize..120,
            line in "[ -~]{0,60}",
            span in (0usize..70, 0usize..30),
        ) {
            let file = format!("[[member]]\n{line}\nname = \"x\"\n");
            let sources = sources(&file);
            let start = 11 + span.0.min(line.len());
            // Up to the line's end or its line break.
            let end = (start + span.1).min(12 + line.len());
            let loc = Loc::new(crate::source::FileId(0), start..end);
            let style = Style { color: false, width };
            let f = finding(&message, &label, &help, Some(loc));
            let (direct, miette) = both(style, &f, &sources).expect("drawn directly");
            prop_assert_eq!(direct, miette);
        }

        #[test]
        fn findings_on_any_line_are_drawn_as_miette_draws_them(
            message in text(),
            before in "[ -~]{0,3}(\n[ -~]{0,150}){0,3}",
            line in "[ -~\t]{0,300}",
            after in "(\n[ -~]{0,10}){0,2}\n?",
            span in (0usize..310, 0usize..30),
            width in 40usize..120,
        ) {
            let file = format!("{before}\n{line}{after}");
            let sources = sources(&file);
            let start = (before.len() + 1 + span.0).min(file.len());
            let end = (start + span.1).min(file.len());
            let loc = Loc::new(crate::source::FileId(0), start..end);
            let style = Style { color: false, width };
            let f = finding(&message, "a label", "", Some(loc));
            if let Some((direct, miette)) = both(style, &f, &sources) {
                prop_assert_eq!(direct, miette);
            }
        }
    }

    /// Every pair and triple of break classes, as the segmenter sees them.
    #[test]
    fn break_rules_match_textwrap_on_short_texts() {
        let samples = b" !\"a$%([)}.-/0|";
        let width = 12;
        let style = Style {
            color: false,
            width,
        };
        let sources = sources("");
        let mut texts = Vec::new();
        for &x in samples {
            for &y in samples {
                for &z in samples {
                    for word in ["ab", "abcdef"] {
                        texts.push(format!(
                            "{word}{}{}{}{word} {word}",
                            x as char, y as char, z as char
                        ));
                    }
                }
            }
        }
        for text in texts {
            let f = finding(&text, "", "", None);
            let (direct, miette) = both(style, &f, &sources).expect("ASCII");
            assert_eq!(direct, miette, "{text:?}");
        }
    }
}
