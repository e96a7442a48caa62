//! Tables declared once: each key's name, whether it is required, its
//! value type and what the JSON Schema says of it. A [`TableReader`]
//! made with [`TableReader::declared`] checks a table's keys against its
//! declaration, and [`Table::json_schema`] describes the same table to
//! editors, so what swatch reads and what the schema says cannot drift.
//!
//! [`TableReader`]: super::TableReader
//! [`TableReader::declared`]: super::TableReader::declared

use crate::model::Keyword;
use serde_json::{Map, Value as Json, json};

/// A table with a fixed set of keys.
pub(crate) struct Table {
    /// The table in messages: `[[member]]`, `a workspace file`.
    pub(crate) what: &'static str,
    /// Its keys, in the order they are read and listed ("… takes: a, b").
    pub(crate) keys: &'static [Field],
}

/// One key of a [`Table`].
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) required: bool,
    pub(crate) value: ValueType,
    /// What the schema says of the key, beyond what its type says.
    pub(crate) description: Option<&'static str>,
}

/// The accepted spellings of a [`Keyword`], in documentation order.
pub(crate) type KeywordNames = fn() -> Vec<&'static str>;

/// [`KeywordNames`] of `K`.
pub(crate) fn names_of<K: Keyword>() -> Vec<&'static str> {
    K::ALL.iter().map(|(name, _)| *name).collect()
}

/// What a key's value is.
pub(crate) enum ValueType {
    String,
    /// A string with something other than whitespace in it.
    NonEmptyString,
    /// A non-empty string without this character (one that is not special
    /// in a regular expression's `[^…]`).
    NonEmptyStringWithout(char),
    /// A non-empty string, compared case-insensitively.
    Email,
    /// A whole number of at least zero.
    Count,
    /// A number, whole or decimal, of at least zero.
    Amount,
    /// A TOML local date.
    Date,
    Strings,
    Keyword {
        names: KeywordNames,
        /// The value a key left out stands for.
        default: Option<&'static str>,
    },
    /// An array of keywords.
    Keywords(KeywordNames),
    Table(&'static Table),
    /// `[[key]]`: an array of tables.
    Tables(&'static Table),
    /// `[key.NAME]`: tables under names of the file's choosing.
    TablesByName(&'static Table),
    /// `"email" = value` lines.
    ByEmail(&'static ValueType),
    /// One optional key per name of a keyword.
    ByKeyword(KeywordNames, &'static ValueType),
}

impl Table {
    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.keys.iter().map(|field| field.name)
    }

    pub(crate) fn takes(&self, key: &str) -> bool {
        self.names().any(|name| name == key)
    }

    /// The JSON Schema of the table: an object of exactly these keys.
    pub(crate) fn json_schema(&self) -> Map<String, Json> {
        let mut properties = Map::new();
        for field in self.keys {
            let mut schema = field.value.json_schema();
            if let (Some(description), Json::Object(schema)) = (field.description, &mut schema) {
                schema.insert("description".to_owned(), description.into());
            }
            properties.insert(field.name.to_owned(), schema);
        }
        let mut schema = Map::new();
        schema.insert("type".to_owned(), "object".into());
        schema.insert("additionalProperties".to_owned(), false.into());
        let required: Vec<&str> = self
            .keys
            .iter()
            .filter(|field| field.required)
            .map(|field| field.name)
            .collect();
        if !required.is_empty() {
            schema.insert("required".to_owned(), required.into());
        }
        schema.insert("properties".to_owned(), properties.into());
        schema
    }
}

impl ValueType {
    fn json_schema(&self) -> Json {
        let date = "A TOML local date, unquoted: 2026-10-30.";
        let email = "An email; compared case-insensitively.";
        match self {
            Self::String => json!({"type": "string"}),
            Self::NonEmptyString => json!({"type": "string", "minLength": 1}),
            Self::NonEmptyStringWithout(c) => {
                json!({"type": "string", "minLength": 1, "pattern": format!("^[^{c}]*$")})
            }
            Self::Email => json!({"type": "string", "minLength": 1, "description": email}),
            Self::Count => json!({"type": "integer", "minimum": 0}),
            Self::Amount => json!({"type": "number", "minimum": 0}),
            Self::Date => json!({"type": "string", "format": "date", "description": date}),
            Self::Strings => json!({"type": "array", "items": {"type": "string"}}),
            Self::Keyword { names, default } => match default {
                Some(default) => json!({"enum": names(), "default": default}),
                None => json!({"enum": names()}),
            },
            Self::Keywords(names) => json!({"type": "array", "items": {"enum": names()}}),
            Self::Table(table) => table.json_schema().into(),
            Self::Tables(table) => json!({"type": "array", "items": table.json_schema()}),
            Self::TablesByName(table) => {
                json!({"type": "object", "additionalProperties": table.json_schema()})
            }
            Self::ByEmail(value) => json!({
                "type": "object",
                "propertyNames": {"pattern": "@"},
                "additionalProperties": value.json_schema(),
            }),
            Self::ByKeyword(names, value) => {
                let properties: Map<String, Json> = names()
                    .into_iter()
                    .map(|name| (name.to_owned(), value.json_schema()))
                    .collect();
                json!({"type": "object", "additionalProperties": false, "properties": properties})
            }
        }
    }
}
