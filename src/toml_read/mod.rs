//! Typed reading of a span-keeping TOML document, collecting every error.
//!
//! serde's derive stops at the first bad key, but users fixing a file want
//! every problem at once. So files are parsed into a span-keeping document
//! borrowed from the text (`document`: built from toml's parser events,
//! a sorted vector per table) and read here with small
//! helpers that record an error and carry on. The same reader serves
//! workspace files, `swatch.toml` and policies; [`TableReader`] reads one
//! table's keys and reports the unknown and missing ones, against the
//! table's declaration (`declared`) where it has one.

mod declared;
mod depth;
mod document;
mod syntax;
mod table;

pub(crate) use declared::{Field, Table, ValueType, names_of};
#[cfg(feature = "fuzzing")]
pub(crate) use document::described;
pub(crate) use document::{Key, TomlArray, TomlTable, TomlValue, Value};
pub(crate) use table::TableReader;

use crate::error::InputError;
use crate::model::Keyword;
use crate::source::{FileId, Loc, Located};
use jiff::civil::Date;
use toml::Spanned;

/// toml's nesting limit (arrays, inline tables, keys of a path), past which
/// its parser skips: a hostile `[[[[…` must not exhaust the stack, and
/// swatch's document builder accepts exactly what toml's parser does.
const MAX_DEPTH: u32 = 80;

/// Collects errors for one file.
pub(crate) struct Reader {
    pub(crate) file: FileId,
    pub(crate) errors: Vec<InputError>,
    /// Keys read under the wrong table header, made errors by `load`.
    pub(crate) misplaced: Vec<Misplaced>,
}

/// A key read under a table header other than the one that takes it;
/// the loader turns it into an error once the header's line is known.
#[derive(Debug)]
pub(crate) struct Misplaced {
    pub(crate) key: Loc,
    pub(crate) name: String,
    pub(crate) table: String,
    pub(crate) header: Loc,
    pub(crate) home: &'static str,
}

/// The closest of `candidates` to `text`, if close enough to be a likely typo.
pub(crate) fn did_you_mean<'c>(
    text: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    closest(
        candidates
            .into_iter()
            .map(|c| (strsim::jaro_winkler(text, c), c)),
    )
}

/// The candidate of [`did_you_mean`] among candidates already scored
/// (Jaro-Winkler similarity, in the candidates' order).
pub(crate) fn closest<'c>(scored: impl IntoIterator<Item = (f64, &'c str)>) -> Option<&'c str> {
    scored
        .into_iter()
        .filter(|&(score, _)| score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// How to write a date, for every error about one.
pub(crate) const DATE_HELP: &str =
    "dates are YYYY-MM-DD, unquoted, like `last_active = 2026-10-30`";

/// "did you mean `x`?" for the closest candidate, or `otherwise` when none is close.
pub(crate) fn suggest<'c>(
    text: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    did_you_mean(text, candidates)
        .map_or_else(otherwise, |close| format!("did you mean `{close}`?"))
}

#[cfg(test)]
thread_local! {
    /// Emails compared by [`did_you_mean_email`] on this thread, so tests
    /// can check a finding's suggestion looks at a few candidates.
    pub(crate) static EMAILS_COMPARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The closest email to `email` among `candidates`: same domain, and a
/// local part close enough to be a typo (a shared domain alone is no match).
pub(crate) fn did_you_mean_email<'c>(
    email: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let (local, domain) = email.rsplit_once('@')?;
    candidates
        .into_iter()
        .filter_map(|c| {
            #[cfg(test)]
            EMAILS_COMPARED.with(|n| n.set(n.get() + 1));
            let (l, d) = c.rsplit_once('@')?;
            (d == domain).then(|| (strsim::jaro_winkler(local, l), c))
        })
        .filter(|&(score, _)| score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn type_name(value: &TomlValue<'_>) -> &'static str {
    match value {
        TomlValue::String(_) => "a string",
        TomlValue::Integer(_) => "an integer",
        TomlValue::Float(_) => "a float",
        TomlValue::Boolean(_) => "a boolean",
        TomlValue::Datetime(_) => "a date-time",
        TomlValue::Array(_) => "an array",
        TomlValue::Table(_) => "a table",
    }
}

impl Reader {
    pub(crate) fn new(file: FileId) -> Self {
        Self {
            file,
            errors: Vec::new(),
            misplaced: Vec::new(),
        }
    }

    pub(crate) fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        Loc::new(self.file, span)
    }

    /// The span of `key = value`, from the key to the end of the value.
    pub(crate) fn entry_loc(&self, key: &Key<'_>, value: &Value<'_>) -> Loc {
        let end = if value.span().start >= key.span().start {
            value.span().end
        } else {
            // A table header's value span starts before its key.
            key.span().end
        };
        self.loc(key.span().start..end)
    }

    pub(crate) fn error(&mut self, error: InputError) {
        self.errors.push(error);
    }

    /// Report a key that `table` does not have, suggesting a close one.
    pub(crate) fn unknown_key(&mut self, key: &Key<'_>, known: &[&str], table: &str) {
        let (error, _) = self.unknown_key_error(key, known, table);
        self.error(error);
    }

    /// The error for a key `table` does not take, and the known key it
    /// likely mistypes.
    fn unknown_key_error<'k>(
        &self,
        key: &Key<'_>,
        known: &[&'k str],
        table: &str,
    ) -> (InputError, Option<&'k str>) {
        let name = key.get_ref().as_ref();
        let close = did_you_mean(name, known.iter().copied());
        let help = close.map_or_else(
            || format!("{table} takes: {}", known.join(", ")),
            |close| format!("did you mean `{close}`?"),
        );
        let error = InputError::at(
            "swatch::load::unknown_key",
            self.loc(key.span()),
            format!("unknown key `{name}` in {table}"),
        )
        .label("unknown key")
        .help(help);
        (error, close)
    }

    fn wrong_type(&mut self, value: &Value<'_>, expected: &str) {
        let found = type_name(value.get_ref());
        let help = match (expected, value.get_ref()) {
            // A quoted date (or a US/European spelling) is the usual mistake.
            ("a date", TomlValue::String(_)) => Some(DATE_HELP.to_owned()),
            _ => None,
        };
        self.error(
            InputError::at(
                "swatch::load::wrong_type",
                self.loc(value.span()),
                format!("expected {expected}, found {found}"),
            )
            .label(format!("expected {expected}"))
            .maybe_help(help),
        );
    }

    pub(crate) fn string(&mut self, value: &Value<'_>) -> Option<Located<String>> {
        if let TomlValue::String(s) = value.get_ref() {
            Some(Located::new(s.to_string(), self.loc(value.span())))
        } else {
            self.wrong_type(value, "a string");
            None
        }
    }

    pub(crate) fn non_empty_string(&mut self, value: &Value<'_>) -> Option<Located<String>> {
        let text = self.string(value)?;
        if text.value.trim().is_empty() {
            self.error(
                InputError::at(
                    "swatch::load::empty",
                    text.loc,
                    "this value must not be empty",
                )
                .label("empty"),
            );
            return None;
        }
        Some(text)
    }

    /// One of a closed set of names, with "did you mean" for a near miss.
    pub(crate) fn keyword<K: Keyword>(&mut self, value: &Value<'_>) -> Option<Located<K>> {
        let text = self.string(value)?;
        if let Some(k) = K::from_keyword(&text.value) {
            return Some(Located::new(k, text.loc));
        }
        self.error(unknown_keyword::<K>(&text.value, text.loc));
        None
    }

    pub(crate) fn table<'t, 'i>(
        &mut self,
        value: &'t Value<'i>,
        what: &str,
    ) -> Option<&'t TomlTable<'i>> {
        if let TomlValue::Table(t) = value.get_ref() {
            Some(t)
        } else {
            self.wrong_type(value, what);
            None
        }
    }

    pub(crate) fn array<'t, 'i>(&mut self, value: &'t Value<'i>) -> Option<&'t TomlArray<'i>> {
        if let TomlValue::Array(a) = value.get_ref() {
            Some(a)
        } else {
            self.wrong_type(value, "an array");
            None
        }
    }

    /// `key = [...]` written with `[[header]]` tables: each of its items, or
    /// `code`'s error telling to write each `noun` under its own header.
    pub(crate) fn array_of_tables<'t, 'i>(
        &mut self,
        value: &'t Value<'i>,
        code: &'static str,
        key: &str,
        noun: &str,
        header: &str,
    ) -> Option<&'t TomlArray<'i>> {
        if let TomlValue::Array(items) = value.get_ref() {
            return Some(items);
        }
        self.error(
            InputError::at(
                code,
                self.loc(value.span()),
                format!("`{key}` must be an array of tables"),
            )
            .help(format!("write each {noun} under its own {header} header")),
        );
        None
    }

    /// An array of strings; bad elements are reported and skipped.
    pub(crate) fn strings(&mut self, value: &Value<'_>) -> Option<Located<Vec<Located<String>>>> {
        let array = self.array(value)?;
        let items = array.iter().filter_map(|v| self.string(v)).collect();
        Some(Located::new(items, self.loc(value.span())))
    }

    /// A TOML local date (no time, no offset), checked to exist.
    pub(crate) fn date(&mut self, value: &Value<'_>) -> Option<Located<Date>> {
        let TomlValue::Datetime(datetime) = value.get_ref() else {
            self.wrong_type(value, "a date");
            return None;
        };
        let loc = self.loc(value.span());
        let (Some(date), None, None) = (datetime.date, datetime.time, datetime.offset) else {
            self.error(
                InputError::at(
                    "swatch::load::bad_date",
                    loc,
                    format!("expected a date, found the date-time {datetime}"),
                )
                .label("not a plain date")
                .help("write a local date with no time: 2026-10-30"),
            );
            return None;
        };
        // toml has already checked the ranges; jiff checks the calendar.
        if let Ok(d) = Date::new(date.year as i16, date.month as i8, date.day as i8) {
            Some(Located::new(d, loc))
        } else {
            self.error(
                InputError::at(
                    "swatch::load::bad_date",
                    loc,
                    format!("{datetime} is not a date of the calendar"),
                )
                .label("no such day")
                .help(DATE_HELP),
            );
            None
        }
    }

    /// A whole number of at least zero.
    pub(crate) fn count(&mut self, value: &Value<'_>) -> Option<Located<u64>> {
        let loc = self.loc(value.span());
        let TomlValue::Integer(int) = value.get_ref() else {
            self.wrong_type(value, "an integer");
            return None;
        };
        if let Ok(n) = u64::from_str_radix(int.as_str(), int.radix()) {
            Some(Located::new(n, loc))
        } else {
            self.error(
                InputError::at(
                    "swatch::load::bad_number",
                    loc,
                    format!("expected a whole number of at least 0, found {int}"),
                )
                .label("not a count"),
            );
            None
        }
    }

    /// A whole number within `range`. One outside it is reported by
    /// `out_of_range`, given the number as written and its place; it is read
    /// wider than any `N`, so that `-1` and `2^64` are out of range, not unreadable.
    pub(crate) fn integer_in<N: TryFrom<i128> + PartialOrd>(
        &mut self,
        value: &Value<'_>,
        range: std::ops::RangeInclusive<N>,
        out_of_range: impl FnOnce(&str, Loc) -> InputError,
    ) -> Option<Located<N>> {
        let TomlValue::Integer(int) = value.get_ref() else {
            self.wrong_type(value, "an integer");
            return None;
        };
        let loc = self.loc(value.span());
        let number = i128::from_str_radix(int.as_str(), int.radix())
            .ok()
            .and_then(|n| N::try_from(n).ok())
            .filter(|n| range.contains(n));
        if number.is_none() {
            self.error(out_of_range(&int.to_string(), loc));
        }
        number.map(|n| Located::new(n, loc))
    }

    pub(crate) fn boolean(&mut self, value: &Value<'_>) -> Option<bool> {
        if let TomlValue::Boolean(b) = value.get_ref() {
            Some(*b)
        } else {
            self.error(
                InputError::at(
                    "swatch::load::wrong_type",
                    self.loc(value.span()),
                    "expected true or false",
                )
                .label("expected a boolean"),
            );
            None
        }
    }

    /// An amount of dollars (integer or decimal, at least zero), in cents.
    pub(crate) fn amount(&mut self, value: &Value<'_>) -> Option<Located<i64>> {
        let loc = self.loc(value.span());
        let dollars = match value.get_ref() {
            TomlValue::Integer(int) => i64::from_str_radix(int.as_str(), int.radix())
                .ok()
                .map(|d| d as f64),
            TomlValue::Float(float) => float.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(value, "a number");
                return None;
            }
        };
        match dollars {
            Some(d) if d.is_finite() && (0.0..1e12).contains(&d) => {
                Some(Located::new((d * 100.0).round() as i64, loc))
            }
            _ => {
                self.error(
                    InputError::at(
                        "swatch::load::bad_number",
                        loc,
                        "expected an amount of US dollars of at least 0",
                    )
                    .label("not a price"),
                );
                None
            }
        }
    }
}

/// An unknown key's error, once it is known to mistype the required `key`:
/// the missing key is reported as the typo, once.
fn typo_of_required(error: &mut InputError, typed: &str, key: &str, what: &str) {
    error.message = format!("unknown key `{typed}`: did you mean `{key}`? ({what} needs `{key}`)");
    error.label = format!("did you mean `{key}`?");
    error.help = Some(format!(
        "rename `{typed}` to `{key}`: every {what} needs it"
    ));
}

/// A required key that is not in the table (nor mistyped in it).
fn missing_key(header: Loc, key: &str, what: &str) -> InputError {
    InputError::at(
        "swatch::load::missing_key",
        header,
        format!("{what} has no `{key}`"),
    )
    .label(format!("`{key}` is required here"))
    .help(format!("add `{key} = …` to this table"))
}

/// An unknown value of a closed set, with "did you mean".
pub(crate) fn unknown_keyword<K: Keyword>(text: &str, loc: Loc) -> InputError {
    let names = || K::ALL.iter().map(|(n, _)| *n);
    if let Some(help) = pigment_spelling(K::WHAT, text) {
        return InputError::at(
            "swatch::load::unknown_value",
            loc,
            format!("unknown {} `{text}`", K::WHAT),
        )
        .label(format!("not a known {}", K::WHAT))
        .help(help);
    }
    let help = suggest(text, names(), || {
        format!(
            "expected one of: {}",
            names().collect::<Vec<_>>().join(", ")
        )
    });
    InputError::at(
        "swatch::load::unknown_value",
        loc,
        format!("unknown {} `{text}`", K::WHAT),
    )
    .label(format!("not a known {}", K::WHAT))
    .help(help)
}

/// Words of Pigment's screens that the files spell otherwise: the Members
/// page shows an invited member as "Pending".
fn pigment_spelling(what: &str, text: &str) -> Option<&'static str> {
    (what == "status" && text.trim().eq_ignore_ascii_case("pending")).then_some(
        "Pigment's Members page shows an invitation not yet accepted as Pending; \
         the file writes it `status = \"invited\"`",
    )
}

/// Parse TOML text into its span-keeping document; on a syntax error, the
/// one error that explains it (what follows is misread, so not read).
/// Nesting too deep is refused before the parser runs (see `depth`).
pub(crate) fn parse_document<'i>(
    reader: &mut Reader,
    text: &'i str,
) -> Option<Spanned<TomlTable<'i>>> {
    if let Some(error) = depth::too_deep(reader.file, text) {
        reader.error(error);
        return None;
    }
    if let Some(document) = document::parse(text) {
        return Some(document);
    }
    // Invalid: toml's own parser explains it. (Should it read the file
    // without error, its document is taken: this builder refusing a valid
    // file must cost time, never a diagnostic.)
    let (document, errors) = toml::de::DeTable::parse_recoverable(text);
    if errors.is_empty() {
        let span = document.span();
        return Some(Spanned::new(
            span,
            document::from_toml(document.into_inner()),
        ));
    }
    reader.error(syntax::first_error(reader.file, text, &errors));
    None
}
