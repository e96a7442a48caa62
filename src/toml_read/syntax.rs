//! A TOML syntax error as one error, at its cause.
//!
//! After an unclosed `[`, `{` or string the parser recovers by reading on,
//! so one missing `]` became a dozen errors, the first on the next line,
//! none at the bracket. So a file with a syntax error reports only its
//! first one, and an unclosed bracket or string is reported where it was
//! opened, with where the parser noticed as a second label. toml's errors
//! drop what they are inside of, so on this (error-only) path the text is
//! parsed again with `toml_parser`, whose errors keep it.

use crate::error::InputError;
use crate::source::{FileId, Loc};
use crate::toml_read::DATE_HELP;
use std::ops::Range;
use toml_parser::decoder::Encoding;
use toml_parser::parser::{EventReceiver, RecursionGuard};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

use super::MAX_DEPTH;

/// The first of `errors` (toml's, for `text`), explained.
pub(super) fn first_error(file: FileId, text: &str, errors: &[toml::de::Error]) -> InputError {
    let first = errors
        .iter()
        .min_by_key(|e| e.span().map_or(0, |s| s.start))
        .map(|e| (e.span().unwrap_or(0..0), e.message().trim()));
    let Some((noticed, message)) = first else {
        return InputError::new("swatch::load::syntax", "invalid TOML");
    };
    let at = |span: Range<usize>| {
        // The end of a file that ends its last line is shown at the end of
        // that line: miette labels nothing on the empty line after it.
        let end_of_last_line = text.len().saturating_sub(1);
        if span.start == text.len() && text.ends_with('\n') {
            Loc::new(file, end_of_last_line..end_of_last_line)
        } else {
            Loc::new(file, span)
        }
    };
    if let Some((opener, what)) = unclosed(text, noticed.start, message) {
        let (name, help) = match what {
            Unclosed::Array => (
                "array: this `[` has no matching `]`",
                "add the `]` where the array ends: an array may span lines, so the parser reads \
                 the lines after it as elements until one cannot be (the second label)",
            ),
            Unclosed::InlineTable => (
                "inline table: this `{` has no matching `}`",
                "add the `}` where the inline table ends",
            ),
            Unclosed::String(Quote::Basic) => (
                "string: this `\"` has no closing `\"` on its line",
                "close the string on the line it starts; a string over several lines is \
                 written between `\"\"\"`",
            ),
            Unclosed::String(Quote::Literal) => (
                "string: this `'` has no closing `'` on its line",
                "close the string on the line it starts; a string over several lines is \
                 written between `'''`",
            ),
            Unclosed::String(Quote::MultiLine) => (
                "multi-line string: its closing quotes are missing",
                "end the string with the three quotes that opened it",
            ),
        };
        return InputError::at(
            "swatch::load::syntax",
            at(opener),
            format!("invalid TOML: unclosed {name}"),
        )
        .label("opened here")
        .also(at(noticed), format!("noticed here: {message}"))
        .help(help);
    }
    let date_like = written_like_a_date(text, noticed.start);
    let error = InputError::at(
        "swatch::load::syntax",
        at(noticed),
        format!("invalid TOML: {message}"),
    )
    .label("here");
    // The parser's own words ("expected day between 01 and 28") do not
    // say what a date looks like.
    if message.contains("date") || date_like {
        error.help(DATE_HELP)
    } else {
        error
    }
}

/// Whether the bare value around `at` is a date in another spelling
/// (`2026/11/03`, `01.02.2026`): toml then asks for quotes, and a quoted
/// date is a string, not a date, so the help must say how a date is written.
fn written_like_a_date(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let start = before.rfind(['=', '[', ',', '\n']).map_or(0, |i| i + 1);
    let value = text[start..]
        .split(['\n', '#', ',', ']'])
        .next()
        .unwrap_or("")
        .trim();
    let separators = value
        .chars()
        .filter(|c| matches!(c, '/' | '.' | '-'))
        .count();
    value.starts_with(|c: char| c.is_ascii_digit())
        && separators == 2
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | '.' | '-'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unclosed {
    Array,
    InlineTable,
    String(Quote),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Basic,
    Literal,
    MultiLine,
}

/// When the error toml noticed at `noticed` comes from a bracket or string
/// that is never closed: that opener's span, and what it opens.
fn unclosed(text: &str, noticed: usize, message: &str) -> Option<(Range<usize>, Unclosed)> {
    let errors = parse_errors(text);
    let cause = errors.iter().find(|e| {
        e.unexpected().is_some_and(|u| u.start() == noticed) && message.starts_with(e.description())
    })?;
    let context = cause.context()?;
    let opened = text.get(context.start()..context.end())?;
    let never_closed = |description: &str| {
        errors
            .iter()
            .any(|e| e.description() == description && e.context() == Some(context))
    };
    let what = match opened {
        "[" if never_closed("unclosed array") => Unclosed::Array,
        "{" if never_closed("unclosed inline table") => Unclosed::InlineTable,
        _ if cause.description().starts_with("invalid") => {
            let quote = if opened.starts_with("\"\"\"") || opened.starts_with("'''") {
                Quote::MultiLine
            } else if opened.starts_with('"') {
                Quote::Basic
            } else if opened.starts_with('\'') {
                Quote::Literal
            } else {
                return None;
            };
            let closed = match quote {
                Quote::MultiLine => opened.len() >= 6 && opened.ends_with(&opened[..3]),
                Quote::Basic => opened.len() >= 2 && opened.ends_with('"'),
                Quote::Literal => opened.len() >= 2 && opened.ends_with('\''),
            };
            if closed {
                return None;
            }
            let quote_len = if quote == Quote::MultiLine { 3 } else { 1 };
            return Some((
                context.start()..context.start() + quote_len,
                Unclosed::String(quote),
            ));
        }
        _ => return None,
    };
    Some((context.start()..context.end(), what))
}

/// The parser's errors for `text`, with their context, strings decoded
/// (an unclosed string is an error of its decoding).
fn parse_errors(text: &str) -> Vec<ParseError> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut strings = Strings::default();
    let mut errors: Vec<ParseError> = Vec::new();
    let mut guard = RecursionGuard::new(&mut strings, MAX_DEPTH);
    toml_parser::parser::parse_document(&tokens, &mut guard, &mut errors);
    for (span, encoding, is_key) in strings.0 {
        let Some(raw) = text.get(span.start()..span.end()) else {
            continue;
        };
        let raw = Raw::new_unchecked(raw, Some(encoding), span);
        if is_key {
            raw.decode_key(&mut (), &mut errors);
        } else {
            let _kind = raw.decode_scalar(&mut (), &mut errors);
        }
    }
    errors
}

/// The quoted keys and values of a document: (span, quoting, is a key).
#[derive(Default)]
struct Strings(Vec<(Span, Encoding, bool)>);

impl EventReceiver for Strings {
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _: &mut dyn ErrorSink) {
        if let Some(encoding) = encoding {
            self.0.push((span, encoding, true));
        }
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _: &mut dyn ErrorSink) {
        if let Some(encoding) = encoding {
            self.0.push((span, encoding, false));
        }
    }
}
