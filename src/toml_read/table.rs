//! One table read key by key, in the manner of cargo-deny's `TableHelper`,
//! then [`TableReader::finalize`] reports the keys the table does not take
//! ("did you mean" among the ones it does) and the required ones that are
//! absent. The keys a table takes are either declared once
//! ([`TableReader::declared`], read with [`TableReader::value`] and
//! [`TableReader::entry`]; workspace files, whose JSON Schema is made from
//! the same declarations) or the ones its reader asks for
//! ([`TableReader::new`], read with [`TableReader::required`] and
//! [`TableReader::optional`]; the config and policies).

use super::declared::{Field, Table};
use super::{Key, Reader, Value, missing_key, typo_of_required};
use crate::error::InputError;
use crate::source::Loc;
use crate::toml_read::TomlTable;
use smallvec::SmallVec;
use std::borrow::Cow;

/// A better error for a key the table does not take (and that mistypes
/// none it does) than "unknown key": given the reader, the key, the
/// unknown-key error, the table's name and header, it returns the error to
/// report, or `None` when it reported the key its own way (a key that
/// belongs to another table).
pub(crate) type UnknownKeyHook =
    fn(&mut Reader, &Key<'_>, InputError, &str, Loc) -> Option<InputError>;

pub(crate) struct TableReader<'r, 't, 'i> {
    reader: &'r mut Reader,
    table: &'t TomlTable<'i>,
    /// Where a missing key is reported: the table's header.
    header: Loc,
    /// The table in messages: `[[rule]]`, `the config`.
    what: Cow<'static, str>,
    /// The keys the table takes, in order: an unknown key's help lists them.
    known: Known,
    /// How many of the keys read the table has: when that is all of its
    /// keys, none is unknown.
    present: usize,
    /// The required keys read and absent.
    missing: Vec<&'static str>,
    unknown_key: Option<UnknownKeyHook>,
}

enum Known {
    /// The keys asked for, in the order asked.
    Asked(SmallVec<[&'static str; 8]>),
    /// A declared table's keys, read in the order declared: `read` of them so far.
    Declared { keys: &'static [Field], read: usize },
}

impl<'r, 't, 'i> TableReader<'r, 't, 'i> {
    pub(crate) fn new(
        reader: &'r mut Reader,
        table: &'t TomlTable<'i>,
        header: Loc,
        what: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            reader,
            table,
            header,
            what: what.into(),
            known: Known::Asked(SmallVec::new()),
            present: 0,
            missing: Vec::new(),
            unknown_key: None,
        }
    }

    /// A reader of a table declared once: it takes `declaration`'s keys,
    /// each read in turn, in the order declared.
    pub(crate) fn declared(
        reader: &'r mut Reader,
        table: &'t TomlTable<'i>,
        header: Loc,
        declaration: &'static Table,
    ) -> Self {
        Self {
            known: Known::Declared {
                keys: declaration.keys,
                read: 0,
            },
            ..Self::new(reader, table, header, declaration.what)
        }
    }

    /// Name the table otherwise in messages: `[roles.Viewer]`.
    pub(crate) fn called(mut self, what: impl Into<Cow<'static, str>>) -> Self {
        self.what = what.into();
        self
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
        self.ask(key);
        self.read(key, false, read)
    }

    /// The same for a key the table must have.
    pub(crate) fn required_entry<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'t Key<'i>, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        self.ask(key);
        self.read(key, true, read)
    }

    fn ask(&mut self, key: &'static str) {
        match &mut self.known {
            Known::Asked(asked) => asked.push(key),
            Known::Declared { .. } => {
                unreachable!("a declared table's keys are read with value() and entry()")
            }
        }
    }

    /// The next declared key's value as `read` reads it, given the key too
    /// (for a location that spans `key = value`), if present; a required
    /// key absent is reported by [`Self::finalize`].
    pub(crate) fn entry<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'t Key<'i>, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        let Known::Declared { keys, read: done } = &mut self.known else {
            unreachable!("an undeclared table's keys are read with required() and optional()")
        };
        let field = &keys[*done];
        debug_assert_eq!(
            field.name, key,
            "{} reads its keys in the order declared",
            self.what
        );
        *done += 1;
        self.read(key, field.required, read)
    }

    /// The same, given the value alone.
    pub(crate) fn value<T>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        self.entry(key, |reader, _, value| read(reader, value))
    }

    fn read<T>(
        &mut self,
        name: &'static str,
        required: bool,
        read: impl FnOnce(&mut Reader, &'t Key<'i>, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        let Some((key, value)) = self.table.get_key_value(name) else {
            if required {
                self.missing.push(name);
            }
            return None;
        };
        self.present += 1;
        read(self.reader, key, value)
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
        if let Known::Declared { keys, read } = &self.known {
            debug_assert_eq!(*read, keys.len(), "{} reads every key declared", self.what);
        }
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
        let known = match known {
            Known::Asked(asked) => asked,
            Known::Declared { keys, .. } => keys.iter().map(|field| field.name).collect(),
        };
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
    use crate::error::InputError;
    use crate::source::FileId;
    use crate::toml_read::{Field, Reader, Table, ValueType, parse_document};

    /// The errors of reading `text`'s root as a table with a required
    /// `name`, an optional `kind` and an optional `size`, asked for; the
    /// same table read as declared reports them alike.
    fn errors_of(text: &str) -> Vec<(String, Option<String>)> {
        let mut reader = Reader::new(FileId(0));
        let document = parse_document(&mut reader, text).expect("valid TOML");
        let header = reader.loc(0..0);
        let mut table = TableReader::new(&mut reader, document.get_ref(), header, "[thing]");
        table.required("name", Reader::string);
        table.optional("kind", Reader::string);
        table.optional("size", Reader::count);
        table.finalize();
        let asked = std::mem::take(&mut reader.errors);
        let mut table = TableReader::declared(&mut reader, document.get_ref(), header, &THING);
        table.value("name", Reader::string);
        table.value("kind", Reader::string);
        table.value("size", Reader::count);
        table.finalize();
        let errors = |errors: Vec<InputError>| -> Vec<(String, Option<String>)> {
            errors.into_iter().map(|e| (e.message, e.help)).collect()
        };
        let (asked, declared) = (errors(asked), errors(reader.errors));
        assert_eq!(asked, declared);
        asked
    }

    const THING: Table = Table {
        what: "[thing]",
        keys: &[
            Field {
                name: "name",
                required: true,
                value: ValueType::String,
                description: None,
            },
            Field {
                name: "kind",
                required: false,
                value: ValueType::String,
                description: None,
            },
            Field {
                name: "size",
                required: false,
                value: ValueType::Count,
                description: None,
            },
        ],
    };

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
