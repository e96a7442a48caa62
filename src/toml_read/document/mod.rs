//! A valid TOML file's document, built straight from the parser's events.
//!
//! toml's own document (`DeTable`) is a `BTreeMap` per table, whose first
//! node holds room for eleven entries: about a kilobyte for every table,
//! even one with a single key. A file of 140,000 one-line role tables made
//! 190 MB of nodes, on top of a vector of every event of the file (50 MB),
//! for 6.6 MB of text (#9). Here a table is one vector of its entries,
//! sorted by key once the file is read (the order `BTreeMap` iterates in,
//! so everything read from it comes out in the same order), and the events
//! are taken as the parser makes them rather than stored.
//!
//! Only a valid file is built here: on any error, or any table definition
//! the rules below refuse, [`parse`] gives up, and the caller runs toml's
//! own parser, which explains the error (or, should this builder ever
//! refuse a valid file, gives the document). The rules are toml's, read
//! from its document builder: a header may reopen a table only made
//! implicitly by another header's path, dotted keys extend only tables
//! they made, an inline table is closed, and an array of tables is
//! extended by `[[header]]` alone, through its last table.

mod build;
#[cfg(test)]
mod tests;

pub(crate) use build::parse;

use foldhash::{HashMap, HashMapExt as _};
use std::borrow::Cow;
use std::fmt;
use toml::Spanned;
use toml::value::Datetime;

/// A key with its place (quotes included, as written).
pub(crate) type Key<'i> = Spanned<Cow<'i, str>>;
/// A value with its place.
pub(crate) type Value<'i> = Spanned<TomlValue<'i>>;

/// A table's entries past which it is searched through a hash index while
/// it is built (a `[members]` table can hold 100,000 keys).
const INDEXED_FROM: usize = 16;

#[derive(Debug)]
pub(crate) enum TomlValue<'i> {
    String(Cow<'i, str>),
    Integer(Integer<'i>),
    Float(Float<'i>),
    Boolean(bool),
    Datetime(Datetime),
    Array(TomlArray<'i>),
    Table(TomlTable<'i>),
}

/// An integer as written: its digits without prefix or sign of the radix,
/// read by whoever needs its value in whatever width.
#[derive(Debug)]
pub(crate) struct Integer<'i> {
    digits: Cow<'i, str>,
    radix: u32,
}

impl Integer<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.digits
    }

    pub(crate) fn radix(&self) -> u32 {
        self.radix
    }
}

/// As written, with the prefix of its radix (`0x1f`), like toml's own.
impl fmt::Display for Integer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.radix {
            2 => "0b",
            8 => "0o",
            16 => "0x",
            _ => "",
        };
        write!(f, "{prefix}{}", self.digits)
    }
}

/// A float as written (underscores removed by whoever reads it).
#[derive(Debug)]
pub(crate) struct Float<'i>(Cow<'i, str>);

impl Float<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Default)]
pub(crate) struct TomlArray<'i> {
    items: Vec<Value<'i>>,
    /// Made by `[[header]]` tables, so the next such header extends it.
    of_tables: bool,
}

impl<'i> std::ops::Deref for TomlArray<'i> {
    type Target = [Value<'i>];

    fn deref(&self) -> &Self::Target {
        &self.items
    }
}

impl<'t, 'i> IntoIterator for &'t TomlArray<'i> {
    type Item = &'t Value<'i>;
    type IntoIter = std::slice::Iter<'t, Value<'i>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A table: its entries, sorted by key once the document is read.
#[derive(Debug, Default)]
pub(crate) struct TomlTable<'i> {
    entries: Vec<(Key<'i>, Value<'i>)>,
    /// Key → entry, for a big table while it is built.
    index: Option<Box<HashMap<Cow<'i, str>, usize>>>,
    /// Made by the path of a header or a dotted key, not defined itself.
    implicit: bool,
    /// Made (or extended) by dotted keys.
    dotted: bool,
    /// Written `{ … }`, or made by dotted keys inside one: closed.
    inline: bool,
}

impl<'i> TomlTable<'i> {
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub(crate) fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&Key<'i>, &Value<'i>)> + ExactSizeIterator {
        self.entries.iter().map(|(key, value)| (key, value))
    }

    pub(crate) fn get_key_value(&self, key: &str) -> Option<(&Key<'i>, &Value<'i>)> {
        let at = self
            .entries
            .binary_search_by(|(k, _)| k.get_ref().as_ref().cmp(key))
            .ok()?;
        self.entries.get(at).map(|(key, value)| (key, value))
    }

    fn made(implicit: bool, dotted: bool, inline: bool) -> Self {
        Self {
            implicit,
            dotted,
            inline,
            ..Self::default()
        }
    }

    /// Where `key` is, while the table is built (unsorted).
    fn find(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k.get_ref() == key),
        }
    }

    fn push(&mut self, key: Key<'i>, value: Value<'i>) -> usize {
        let at = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(key.get_ref().clone(), at);
        } else if at + 1 >= INDEXED_FROM {
            let mut index = HashMap::with_capacity(2 * INDEXED_FROM);
            for (i, (k, _)) in self.entries.iter().enumerate() {
                index.insert(k.get_ref().clone(), i);
            }
            index.insert(key.get_ref().clone(), at);
            self.index = Some(Box::new(index));
        }
        self.entries.push((key, value));
        at
    }

    /// The table of entry `at`, or the last table of the array of tables
    /// there.
    fn table_in(&mut self, at: usize) -> Option<&mut Self> {
        match self.entries.get_mut(at)?.1.get_mut() {
            TomlValue::Table(table) => Some(table),
            TomlValue::Array(array) if array.of_tables => match array.items.last_mut()?.get_mut() {
                TomlValue::Table(table) => Some(table),
                _ => None,
            },
            _ => None,
        }
    }

    /// Drops the build index and sorts every table under this one.
    fn finish(&mut self) {
        self.index = None;
        self.entries
            .sort_unstable_by(|(a, _), (b, _)| a.get_ref().cmp(b.get_ref()));
        for (_, value) in &mut self.entries {
            value.get_mut().finish();
        }
    }
}

impl<'t, 'i> IntoIterator for &'t TomlTable<'i> {
    type Item = (&'t Key<'i>, &'t Value<'i>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'t, (Key<'i>, Value<'i>)>,
        fn(&'t (Key<'i>, Value<'i>)) -> (&'t Key<'i>, &'t Value<'i>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(key, value)| (key, value))
    }
}

impl TomlValue<'_> {
    fn finish(&mut self) {
        match self {
            Self::Table(table) => table.finish(),
            Self::Array(array) => array.items.iter_mut().for_each(|v| v.get_mut().finish()),
            _ => {}
        }
    }
}

/// toml's document as one of these, for a file this builder refused and
/// toml's parser read without error, and for the tests comparing the two.
pub(crate) fn from_toml(table: toml::de::DeTable<'_>) -> TomlTable<'_> {
    use toml::de::DeValue;
    fn convert(value: Spanned<DeValue<'_>>) -> Value<'_> {
        let span = value.span();
        let converted = match value.into_inner() {
            DeValue::String(text) => TomlValue::String(text),
            DeValue::Integer(int) => TomlValue::Integer(Integer {
                digits: Cow::Owned(int.as_str().to_owned()),
                radix: int.radix(),
            }),
            DeValue::Float(float) => TomlValue::Float(Float(Cow::Owned(float.as_str().to_owned()))),
            DeValue::Boolean(b) => TomlValue::Boolean(b),
            DeValue::Datetime(datetime) => TomlValue::Datetime(datetime),
            DeValue::Array(array) => TomlValue::Array(TomlArray {
                items: array.into_iter().map(convert).collect(),
                of_tables: false,
            }),
            DeValue::Table(table) => TomlValue::Table(from_toml(table)),
        };
        Spanned::new(span, converted)
    }
    let mut converted = TomlTable::default();
    for (key, item) in table {
        converted.entries.push((key, convert(item)));
    }
    converted
}

/// Every key, value and place of `text`'s document: as this builder reads
/// it whole, as it reads it cut before every header, and as toml reads it
/// (`None` for a refusal). The tests and the `toml_document` fuzz target
/// hold the three equal.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn described(text: &str) -> [Option<String>; 3] {
    let describe_root = |table: &TomlTable<'_>| {
        let mut out = String::new();
        describe(table, &mut out);
        out
    };
    [
        parse(text).map(|doc| describe_root(doc.get_ref())),
        build::parse_in_chunks(text, 1).map(|doc| describe_root(doc.get_ref())),
        toml::de::DeTable::parse(text)
            .ok()
            .map(|doc| describe_root(&from_toml(doc.into_inner()))),
    ]
}

#[cfg(any(test, feature = "fuzzing"))]
fn describe(table: &TomlTable<'_>, out: &mut String) {
    use std::fmt::Write as _;
    out.push('{');
    for (key, value) in table {
        let _ = write!(out, "{:?}@{:?}=", key.get_ref(), key.span());
        describe_value(value, out);
        out.push(',');
    }
    out.push('}');
}

#[cfg(any(test, feature = "fuzzing"))]
fn describe_value(value: &Value<'_>, out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(out, "@{:?}:", value.span());
    match value.get_ref() {
        TomlValue::Table(table) => describe(table, out),
        TomlValue::Array(array) => {
            out.push('[');
            for item in array {
                describe_value(item, out);
                out.push(',');
            }
            out.push(']');
        }
        TomlValue::Integer(int) => {
            let _ = write!(out, "int {} {} {int}", int.as_str(), int.radix());
        }
        TomlValue::Float(float) => {
            let _ = write!(out, "float {}", float.as_str());
        }
        other => {
            let _ = write!(out, "{other:?}");
        }
    }
}
