//! The builder: toml's parser events into a document, by toml's rules.

use super::{Float, Integer, Key, TomlArray, TomlTable, TomlValue, Value};
use crate::toml_read::MAX_DEPTH;
use std::borrow::Cow;
use toml::Spanned;
use toml::value::Datetime;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

/// The tokens parsed at a time: the parser takes a slice of them, and a
/// file's all at once cost 24 bytes for every two or three bytes of text
/// (90 MB for a 6.6 MB file). 4,096 of them (96 KiB) stay below glibc's
/// threshold for a mapping of their own, so one buffer serves every chunk.
const CHUNK_TOKENS: usize = 4096;

/// The document of `text`, or `None` when it is not valid TOML (or uses a
/// table definition this builder leaves to toml's parser).
pub(crate) fn parse(text: &str) -> Option<Spanned<TomlTable<'_>>> {
    parse_in_chunks(text, CHUNK_TOKENS)
}

/// [`parse`], handing the parser the tokens in chunks of at least
/// `chunk_tokens`, each cut before a table header: a `[` that starts a
/// line outside any array or inline table. The parser carries nothing
/// from one expression to the next, so a file parses in chunks exactly as
/// whole (the builder carries the document), and a chunk with an error
/// refuses the file.
pub(super) fn parse_in_chunks(text: &str, chunk_tokens: usize) -> Option<Spanned<TomlTable<'_>>> {
    let source = Source::new(text);
    let mut builder = Builder::new(text);
    let mut sink = Failed(false);
    let mut chunk = Vec::with_capacity(chunk_tokens.min(text.len() / 2 + 1));
    let mut depth: i64 = 0;
    let mut line_start = true;
    for token in source.lex() {
        match token.kind() {
            TokenKind::LeftSquareBracket => {
                if depth == 0 && line_start && chunk.len() >= chunk_tokens {
                    builder.read(&chunk, source, &mut sink);
                    chunk.clear();
                }
                depth += 1;
            }
            TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => depth -= 1,
            _ => {}
        }
        line_start = match token.kind() {
            TokenKind::Newline => true,
            TokenKind::Whitespace => line_start,
            _ => false,
        };
        chunk.push(token);
    }
    builder.read(&chunk, source, &mut sink);
    drop(chunk);
    if sink.0 || builder.failed || !builder.frames.is_empty() || !builder.keys.is_empty() {
        return None;
    }
    let mut root = builder.root;
    root.finish();
    Some(Spanned::new(0..0, root))
}

/// Whether anything reported an error.
struct Failed(bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _: ParseError) {
        self.0 = true;
    }
}

/// An array or inline table being read.
enum Frame<'i> {
    Array {
        start: usize,
        items: Vec<Value<'i>>,
    },
    Inline {
        start: usize,
        table: TomlTable<'i>,
        keys: Vec<Key<'i>>,
    },
}

struct Builder<'i> {
    text: &'i str,
    root: TomlTable<'i>,
    /// The entries from the root to the table of the last header (through
    /// the last table of each array of tables on the way).
    current: Vec<usize>,
    /// The keys read outside any value: a header's, or a key-value's.
    keys: Vec<Key<'i>>,
    /// The start of the header being read, and whether it is `[[…]]`.
    header: Option<(usize, bool)>,
    frames: Vec<Frame<'i>>,
    failed: bool,
}

impl<'i> Builder<'i> {
    fn new(text: &'i str) -> Self {
        Self {
            text,
            root: TomlTable::default(),
            current: Vec::new(),
            keys: Vec::new(),
            header: None,
            frames: Vec::new(),
            failed: false,
        }
    }

    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Option<Raw<'i>> {
        let text = self.text.get(span.start()..span.end())?;
        Some(Raw::new_unchecked(text, encoding, span))
    }

    /// The table of the last header.
    fn current_table(&mut self) -> Option<&mut TomlTable<'i>> {
        let mut table = &mut self.root;
        for &at in &self.current {
            table = table.table_in(at)?;
        }
        Some(table)
    }

    /// The header just closed: its table made (or reopened, or added to
    /// its array of tables), and the current table from now on; `None`
    /// where toml refuses it.
    fn header(&mut self, close: Span) -> Option<()> {
        let keys = std::mem::take(&mut self.keys);
        let (start, is_array) = self.header.take()?;
        let span = start..close.end();
        let (key, path) = keys.split_last()?;
        let mut steps = Vec::with_capacity(keys.len());
        let parent = descend(&mut self.root, path, false, Some(&mut steps))?;
        let defined = || TomlValue::Table(TomlTable::made(false, false, false));
        let at = match (parent.find(key.get_ref()), is_array) {
            (None, false) => parent.push(key.clone(), Spanned::new(span, defined())),
            (None, true) => {
                let array = TomlArray {
                    items: vec![Spanned::new(span.clone(), defined())],
                    of_tables: true,
                };
                parent.push(key.clone(), Spanned::new(span, TomlValue::Array(array)))
            }
            (Some(at), false) => {
                // Reopening a table a header's path made: it takes this
                // header's key and place, as in toml's document.
                let entry = parent.entries.get_mut(at)?;
                let TomlValue::Table(table) = entry.1.get_mut() else {
                    return None;
                };
                if !table.implicit || table.dotted {
                    return None;
                }
                let mut table = std::mem::take(table);
                table.implicit = false;
                *entry = (key.clone(), Spanned::new(span, TomlValue::Table(table)));
                at
            }
            (Some(at), true) => {
                let TomlValue::Array(array) = parent.entries.get_mut(at)?.1.get_mut() else {
                    return None;
                };
                if !array.of_tables {
                    return None;
                }
                array.items.push(Spanned::new(span, defined()));
                at
            }
        };
        steps.push(at);
        self.current = steps;
        Some(())
    }

    /// A finished value: into the array or inline table being read, or
    /// under the keys just read in the table of the last header.
    fn value(&mut self, value: Value<'i>) {
        match self.frames.last_mut() {
            Some(Frame::Array { items, .. }) => items.push(value),
            Some(Frame::Inline { table, keys, .. }) => {
                let keys = std::mem::take(keys);
                if !insert_inline(table, &keys, value) {
                    self.failed = true;
                }
            }
            None => {
                let keys = std::mem::take(&mut self.keys);
                let inserted = self
                    .current_table()
                    .is_some_and(|table| insert_key_value(table, &keys, value));
                if !inserted {
                    self.failed = true;
                }
            }
        }
    }
}

/// The table at `path` under `table`, making the missing ones; the entry
/// taken at each step goes into `steps`. `None` where toml refuses the
/// path: through a value that is no table, an inline table, an array
/// other than of tables, or (for dotted keys) a table defined by a header.
fn descend<'t, 'i>(
    mut table: &'t mut TomlTable<'i>,
    path: &[Key<'i>],
    dotted: bool,
    mut steps: Option<&mut Vec<usize>>,
) -> Option<&'t mut TomlTable<'i>> {
    for key in path {
        let at = match table.find(key.get_ref()) {
            Some(at) => {
                if let TomlValue::Table(child) = table.entries.get_mut(at)?.1.get_mut() {
                    if child.inline || (dotted && !child.implicit) {
                        return None;
                    }
                    child.dotted |= dotted;
                }
                at
            }
            None => table.push(
                key.clone(),
                Spanned::new(
                    key.span(),
                    TomlValue::Table(TomlTable::made(true, dotted, false)),
                ),
            ),
        };
        if let Some(steps) = steps.as_deref_mut() {
            steps.push(at);
        }
        table = table.table_in(at)?;
    }
    Some(table)
}

/// `keys = value` in a table of the document.
fn insert_key_value<'i>(table: &mut TomlTable<'i>, keys: &[Key<'i>], value: Value<'i>) -> bool {
    let Some((key, path)) = keys.split_last() else {
        return false;
    };
    let dotted = !path.is_empty();
    let Some(parent) = descend(table, path, dotted, None) else {
        return false;
    };
    if (dotted && !parent.implicit) || parent.find(key.get_ref()).is_some() {
        return false;
    }
    parent.push(key.clone(), value);
    true
}

/// `keys = value` inside an inline table: its dotted keys make inline
/// tables of their own, and extend only those.
fn insert_inline<'i>(table: &mut TomlTable<'i>, keys: &[Key<'i>], value: Value<'i>) -> bool {
    let Some((key, path)) = keys.split_last() else {
        return false;
    };
    let mut parent = table;
    for step in path {
        let at = match parent.find(step.get_ref()) {
            Some(at) => at,
            None => parent.push(
                step.clone(),
                Spanned::new(
                    step.span(),
                    TomlValue::Table(TomlTable::made(true, true, true)),
                ),
            ),
        };
        let Some((_, child)) = parent.entries.get_mut(at) else {
            return false;
        };
        match child.get_mut() {
            TomlValue::Table(child) if child.implicit => parent = child,
            _ => return false,
        }
    }
    if parent.dotted == path.is_empty() || parent.find(key.get_ref()).is_some() {
        return false;
    }
    parent.push(key.clone(), value);
    true
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.header_open(span, false);
    }

    fn std_table_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.close_header(span);
    }

    fn array_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.header_open(span, true);
    }

    fn array_table_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.close_header(span);
    }

    fn inline_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) -> bool {
        self.frames.push(Frame::Inline {
            start: span.start(),
            table: TomlTable::made(false, false, true),
            keys: Vec::new(),
        });
        true
    }

    fn inline_table_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        match self.frames.pop() {
            Some(Frame::Inline { start, table, keys }) if keys.is_empty() => {
                self.value(Spanned::new(start..span.end(), TomlValue::Table(table)));
            }
            _ => self.failed = true,
        }
    }

    fn array_open(&mut self, span: Span, _: &mut dyn ErrorSink) -> bool {
        self.frames.push(Frame::Array {
            start: span.start(),
            items: Vec::new(),
        });
        true
    }

    fn array_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        match self.frames.pop() {
            Some(Frame::Array { start, items }) => {
                let array = TomlArray {
                    items,
                    of_tables: false,
                };
                self.value(Spanned::new(start..span.end(), TomlValue::Array(array)));
            }
            _ => self.failed = true,
        }
    }

    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        let Some(raw) = self.raw(span, encoding) else {
            self.failed = true;
            return;
        };
        let mut decoded = Cow::Borrowed("");
        raw.decode_key(&mut decoded, error);
        let key = Spanned::new(span.start()..span.end(), decoded);
        let keys = match self.frames.last_mut() {
            None => &mut self.keys,
            Some(Frame::Inline { keys, .. }) if self.header.is_none() => keys,
            Some(_) => {
                self.failed = true;
                return;
            }
        };
        keys.push(key);
        // toml refuses a path as long as its nesting limit.
        if keys.len() > MAX_DEPTH as usize {
            self.failed = true;
        }
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        let Some(raw) = self.raw(span, encoding) else {
            self.failed = true;
            return;
        };
        let mut decoded = Cow::Borrowed("");
        let value = match raw.decode_scalar(&mut decoded, error) {
            ScalarKind::String => TomlValue::String(decoded),
            ScalarKind::Boolean(value) => TomlValue::Boolean(value),
            ScalarKind::DateTime => {
                let Ok(value) = decoded.parse::<Datetime>() else {
                    self.failed = true;
                    return;
                };
                TomlValue::Datetime(value)
            }
            ScalarKind::Float => TomlValue::Float(Float(decoded)),
            ScalarKind::Integer(radix) => TomlValue::Integer(Integer {
                digits: decoded,
                radix: radix.value(),
            }),
        };
        self.value(Spanned::new(span.start()..span.end(), value));
    }

    fn error(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.failed = true;
    }
}

impl Builder<'_> {
    /// Parses `tokens`, a run of whole expressions, into the document.
    fn read(&mut self, tokens: &[Token], source: Source<'_>, sink: &mut Failed) {
        let mut whitespace = ValidateWhitespace::new(self, source);
        let mut guard = RecursionGuard::new(&mut whitespace, MAX_DEPTH);
        toml_parser::parser::parse_document(tokens, &mut guard, sink);
    }

    fn close_header(&mut self, close: Span) {
        if self.header(close).is_none() {
            self.failed = true;
        }
    }

    fn header_open(&mut self, span: Span, is_array: bool) {
        if self.header.is_some() || !self.frames.is_empty() || !self.keys.is_empty() {
            self.failed = true;
        }
        self.header = Some((span.start(), is_array));
    }
}
