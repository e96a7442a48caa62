//! One table read key by key, in the manner of cargo-deny's `TableHelper`:
//! ask for each key with [`TableReader::required`] or
//! [`TableReader::optional`], then [`TableReader::finalize`] reports the
//! keys nobody asked for ("did you mean" among the asked ones) and the
//! required ones that are absent. The keys a table takes are the ones its
//! reader asks for, so no list of them is kept beside the reading code.

use super::{Key, Reader, Value, missing_key, typo_of_required};
use crate::error::InputError;
use crate::source::Loc;
use smallvec::SmallVec;
use std::borrow::Cow;
use toml::de::DeTable;

/// A better error for a key the table does not take (and that mistypes
/// none it does) than "unknown key": given the reader, the key, the
/// unknown-key error, the table's name and header, it returns the error to
/// report, or `None` when it reported the key its own way (a key that
/// belongs to another table).
pub(crate) type UnknownKeyHook =
    fn(&mut Reader, &Key<'_>, InputError, &str, Loc) -> Option<InputError>;

pub(crate) struct TableReader<'r, 't, 'i> {
    reader: &'r mut Reader,
    table: &'t DeTable<'i>,
    /// Where a missing key is reported: the table's header.
    header: Loc,
    /// The table in messages: `[[rule]]`, `the config`.
    what: Cow<'static, str>,
    /// The keys asked for, in the order asked: an unknown key's help lists them.
    known: SmallVec<[&'static str; 8]>,
    /// How many of the keys asked for the table has: when that is all of
    /// its keys, none is unknown.
    present: usize,
    /// The required keys asked for and absent.
    missing: Vec<&'static str>,
    unknown_key: Option<UnknownKeyHook>,
}

impl<'r, 't, 'i> TableReader<'r, 't, 'i> {
    pub(crate) fn new(
        reader: &'r mut Reader,
        table: &'t DeTable<'i>,
        header: Loc,
        what: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            reader,
            table,
            header,
            what: what.into(),
            known: SmallVec::new(),
            present: 0,
            missing: Vec::new(),
            unknown_key: None,
        }
    }

    /// Report keys the table does not take through `hook` first.
    pub(crate) fn on_unknown_key(mut self, hook: UnknownKeyHook) -> Self {
        self.unknown_key = Some(hook);
        self
    }

    /// `key`'s value as `read` reads it, given the key too (for a location
    /// that spans `key = value`), if present.
    pub(crate) fn optional_entry<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'t Key<'i>, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        self.known.push(key);
        let (key, value) = self.table.get_key_value(key)?;
        self.present += 1;
        read(self.reader, key, value)
    }

    /// The same for a key the table must have.
    pub(crate) fn required_entry<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'t Key<'i>, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        if self.table.get(key).is_none() {
            self.known.push(key);
            self.missing.push(key);
            return None;
        }
        self.optional_entry(key, read)
    }

    /// `key`'s value as `read` reads it (reporting a bad one), if present.
    pub(crate) fn optional<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        self.optional_entry(key, |reader, _, value| read(reader, value))
    }

    /// The same for a key the table must have: [`Self::finalize`] reports
    /// it when absent.
    pub(crate) fn required<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        self.required_entry(key, |reader, _, value| read(reader, value))
    }

    /// Report every key not asked for, and every required key absent. A
    /// required key that an unknown one likely mistypes is reported once,
    /// as that typo ("did you mean `email`? ([[member]] needs `email`)").
    pub(crate) fn finalize(self) {
        if self.present == self.table.len() && self.missing.is_empty() {
            return;
        }
        let Self {
            reader,
            table,
            header,
            what,
            known,
            present: _,
            mut missing,
            unknown_key,
        } = self;
        for (key, _) in table {
            if known.contains(&key.get_ref().as_ref()) {
                continue;
            }
            let (mut error, close) = reader.unknown_key_error(key, &known, &what);
            if let Some(at) = close.and_then(|close| missing.iter().position(|m| *m == close)) {
                typo_of_required(&mut error, key.get_ref(), missing.remove(at), &what);
            } else if let (None, Some(hook)) = (close, unknown_key) {
                match hook(reader, key, error, &what, header) {
                    Some(better) => error = better,
                    None => continue,
                }
            }
            reader.error(error);
        }
        for key in missing {
            reader.error(missing_key(header, key, &what));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TableReader;
    use crate::source::FileId;
    use crate::toml_read::{Reader, parse_document};

    /// The errors of reading `text`'s root as a table with a required
    /// `name`, an optional `kind` and an optional `size`.
    fn errors_of(text: &str) -> Vec<(String, Option<String>)> {
        let mut reader = Reader::new(FileId(0));
        let document = parse_document(&mut reader, text).expect("valid TOML");
        let header = reader.loc(0..0);
        let mut table = TableReader::new(&mut reader, document.get_ref(), header, "[thing]");
        table.required("name", Reader::string);
        table.optional("kind", Reader::string);
        table.optional("size", Reader::count);
        table.finalize();
        reader
            .errors
            .into_iter()
            .map(|e| (e.message, e.help))
            .collect()
    }

    #[test]
    fn known_keys_read_quietly() {
        assert!(errors_of("name = \"a\"\nsize = 3\n").is_empty());
        assert!(errors_of("name = \"a\"\n").is_empty());
    }

    #[test]
    fn unknown_keys_are_reported_with_the_asked_ones() {
        let errors = errors_of("name = \"a\"\nknd = \"x\"\nzzz = 1\n");
        assert_eq!(
            errors,
            [
                (
                    "unknown key `knd` in [thing]".to_owned(),
                    Some("did you mean `kind`?".to_owned())
                ),
                (
                    "unknown key `zzz` in [thing]".to_owned(),
                    Some("[thing] takes: name, kind, size".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn a_missing_required_key_is_reported_once_as_its_typo_or_as_missing() {
        let typo = errors_of("nam = \"a\"\nnme = \"b\"\n");
        assert_eq!(typo.len(), 2, "{typo:?}");
        assert_eq!(
            typo[0].0,
            "unknown key `nam`: did you mean `name`? ([thing] needs `name`)"
        );
        assert_eq!(typo[1].0, "unknown key `nme` in [thing]");
        assert_eq!(
            errors_of("kind = \"x\"\n"),
            [(
                "[thing] has no `name`".to_owned(),
                Some("add `name = …` to this table".to_owned())
            )]
        );
    }

    #[test]
    fn a_present_but_bad_required_key_is_not_also_missing() {
        let errors = errors_of("name = 3\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "expected a string, found an integer");
    }
}
