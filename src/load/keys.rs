//! Every table of a workspace file, declared once: the reader checks each
//! table's keys against its declaration here (`TableReader::declared`),
//! and `swatch schema` prints the JSON Schema made from the same
//! declarations (committed as schema/workspace.schema.json for editors).
//! A key is added here and read in `parse`, in the order declared; the
//! reader asserts that order in debug builds, so tests catch a key
//! declared but not read, or read but not declared.

use crate::model::{
    AccountType, ApiKeyKind, DefaultAccess, License, LicenseModel, Permission, Status,
};
use crate::toml_read::{Field, Table, ValueType, names_of};

/// A key the table may leave out.
const fn optional(name: &'static str, value: ValueType) -> Field {
    Field {
        name,
        required: false,
        value,
        description: None,
    }
}

/// A key the table must have.
const fn required(name: &'static str, value: ValueType) -> Field {
    Field {
        required: true,
        ..optional(name, value)
    }
}

/// `field`, with what the schema says of it.
const fn described(description: &'static str, field: Field) -> Field {
    Field {
        description: Some(description),
        ..field
    }
}

pub(crate) const FILE: Table = Table {
    what: "a workspace file",
    keys: &[
        described(
            "At most once across all files.",
            optional("workspace", ValueType::Table(&WORKSPACE)),
        ),
        described(
            "Seats purchased; a license left out is not capped. At most once across all files.",
            optional(
                "licenses",
                ValueType::ByKeyword(names_of::<License>, &ValueType::Count),
            ),
        ),
        described(
            "USD per seat per year; keys left out keep the defaults (2750, 1600, 650).",
            optional(
                "pricing",
                ValueType::ByKeyword(names_of::<License>, &ValueType::Amount),
            ),
        ),
        optional("member", ValueType::Tables(&MEMBER)),
        optional("api_key", ValueType::Tables(&API_KEY)),
        described(
            "At most one per file.",
            optional("application", ValueType::Table(&APPLICATION)),
        ),
        described(
            "Roles of this file's application; a role named like a default one replaces it.",
            optional("roles", ValueType::TablesByName(&ROLE)),
        ),
        described(
            "Role assignments of this file's application: \"email\" = \"Role\".",
            optional("members", ValueType::ByEmail(&ValueType::String)),
        ),
        optional("automation", ValueType::Tables(&AUTOMATION)),
    ],
};

pub(crate) const WORKSPACE: Table = Table {
    what: "[workspace]",
    keys: &[
        optional("name", ValueType::String),
        optional(
            "license_model",
            ValueType::Keyword {
                names: names_of::<LicenseModel>,
                default: Some("current"),
            },
        ),
        optional("sso_domains", ValueType::Strings),
    ],
};

pub(crate) const MEMBER: Table = Table {
    what: "[[member]]",
    keys: &[
        required("email", ValueType::Email),
        optional("name", ValueType::String),
        required(
            "account_type",
            ValueType::Keyword {
                names: names_of::<AccountType>,
                default: None,
            },
        ),
        optional(
            "status",
            ValueType::Keyword {
                names: names_of::<Status>,
                default: Some("active"),
            },
        ),
        optional("last_active", ValueType::Date),
        optional(
            "seat",
            ValueType::Keyword {
                names: names_of::<License>,
                default: None,
            },
        ),
    ],
};

pub(crate) const API_KEY: Table = Table {
    what: "[[api_key]]",
    keys: &[
        required("name", ValueType::NonEmptyString),
        required(
            "kind",
            ValueType::Keyword {
                names: names_of::<ApiKeyKind>,
                default: None,
            },
        ),
        required("owner", ValueType::Email),
        optional("created", ValueType::Date),
        optional("expires", ValueType::Date),
        optional("last_used", ValueType::Date),
    ],
};

pub(crate) const APPLICATION: Table = Table {
    what: "[application]",
    keys: &[
        // `/` separates application and role in rule subjects.
        required("name", ValueType::NonEmptyStringWithout('/')),
        optional("owner", ValueType::Email),
        optional("public_blocks", ValueType::Strings),
    ],
};

/// `[roles.NAME]`; its reader names it by the role.
pub(crate) const ROLE: Table = Table {
    what: "[roles.NAME]",
    keys: &[
        required("permissions", ValueType::Keywords(names_of::<Permission>)),
        optional(
            "default_access",
            ValueType::Keyword {
                names: names_of::<DefaultAccess>,
                default: Some("unspecified"),
            },
        ),
    ],
};

pub(crate) const AUTOMATION: Table = Table {
    what: "[[automation]]",
    keys: &[
        required("name", ValueType::NonEmptyString),
        required("owner", ValueType::Email),
    ],
};

/// The JSON Schema of a workspace file, as `swatch schema` prints it.
pub(crate) fn json_schema() -> String {
    let mut schema = serde_json::Map::new();
    for (key, text) in [
        ("$schema", "https://json-schema.org/draft/2020-12/schema"),
        ("$id", "https://swatch.dev/schema/workspace.schema.json"),
        ("title", "swatch workspace file"),
        (
            "description",
            "One TOML file of a Pigment workspace kept as code (docs/format.md). \
             Any file may hold any of these tables; the workspace is the union of all files.",
        ),
    ] {
        schema.insert(key.to_owned(), text.into());
    }
    schema.extend(FILE.json_schema());
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse::parse_file;
    use crate::source::{FileId, SourceFile};

    /// schema/workspace.schema.json is what `swatch schema` prints; it is
    /// committed for editors that point at it.
    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/workspace.schema.json");
        let generated = json_schema();
        if std::env::var_os("SWATCH_BLESS").is_some() {
            std::fs::write(path, &generated).expect("schema/ is writable");
        }
        let committed = std::fs::read_to_string(path).expect("the schema is committed");
        assert!(
            committed == generated,
            "schema/workspace.schema.json is stale: regenerate it with \
             `SWATCH_BLESS=1 cargo test --lib load::keys` (or `swatch schema > schema/workspace.schema.json`)"
        );
    }

    /// TOML values the reader and the schema both accept for `value` (a
    /// scalar: tables are written by [`document`]); the first is the usual one.
    fn accepted(value: &ValueType) -> Vec<String> {
        let quoted = |names: Vec<&str>| names.iter().map(|n| format!("\"{n}\"")).collect();
        match value {
            ValueType::String => vec!["\"x\"".to_owned(), "\"\"".to_owned()],
            ValueType::NonEmptyString | ValueType::NonEmptyStringWithout(_) => {
                vec!["\"x\"".to_owned(), "\"a b\"".to_owned()]
            }
            ValueType::Email => vec!["\"a@x.io\"".to_owned(), "\"A@X.io\"".to_owned()],
            ValueType::Count => vec!["3".to_owned(), "0".to_owned()],
            ValueType::Amount => vec!["12.5".to_owned(), "0".to_owned(), "2750".to_owned()],
            ValueType::Date => vec!["2026-10-30".to_owned()],
            ValueType::Strings => vec!["[\"x\", \"y\"]".to_owned(), "[]".to_owned()],
            ValueType::Keyword { names, .. } => quoted(names()),
            ValueType::Keywords(names) => {
                vec![format!("[\"{}\"]", names().join("\", \"")), "[]".to_owned()]
            }
            _ => unreachable!("a table is no scalar"),
        }
    }

    /// TOML values the schema rejects for `value`, each of which the
    /// reader must report.
    fn rejected(value: &ValueType) -> Vec<&'static str> {
        let mut wrong = match value {
            ValueType::String => vec![],
            ValueType::NonEmptyString | ValueType::Email => vec!["\"\""],
            ValueType::NonEmptyStringWithout(_) => vec!["\"\"", "\"a/b\""],
            ValueType::Count => vec!["-1", "1.5", "\"3\""],
            ValueType::Amount => vec!["-1", "\"3\""],
            ValueType::Date => vec!["\"2026-10-30\""],
            ValueType::Strings => vec!["[7]", "\"x\""],
            ValueType::Keyword { .. } => vec!["\"zz-none\""],
            ValueType::Keywords(_) => vec!["[\"zz-none\"]", "\"display_application\""],
            _ => unreachable!("a table is no scalar"),
        };
        wrong.push("true");
        wrong
    }

    /// A workspace file with every key of every table, each with a valid
    /// value but `key` (`table.key`), which has `replaced` (or is left
    /// out, for `None`).
    fn document(key: Option<(&str, &str)>, replaced: Option<&str>) -> String {
        let mut text = String::new();
        for field in FILE.keys {
            let name = field.name;
            let (header, table) = match &field.value {
                ValueType::Table(table) => (format!("[{name}]"), table),
                ValueType::Tables(table) => (format!("[[{name}]]"), table),
                ValueType::TablesByName(table) => (format!("[{name}.Viewer]"), table),
                ValueType::ByEmail(value) => {
                    text.push_str(&format!("[{name}]\n\"a@x.io\" = {}\n", usual(value)));
                    continue;
                }
                ValueType::ByKeyword(names, value) => {
                    text.push_str(&format!("[{name}]\n{} = {}\n", names()[0], usual(value)));
                    continue;
                }
                _ => unreachable!("a workspace file's top level holds tables"),
            };
            text.push_str(&header);
            text.push('\n');
            for inner in table.keys {
                let value = if key == Some((name, inner.name)) {
                    match replaced {
                        Some(value) => value.to_owned(),
                        None => continue,
                    }
                } else {
                    usual(&inner.value)
                };
                text.push_str(&format!("{} = {value}\n", inner.name));
            }
        }
        text
    }

    fn usual(value: &ValueType) -> String {
        accepted(value).swap_remove(0)
    }

    fn errors_of(text: &str) -> Vec<String> {
        let source = SourceFile::new("keys.toml".to_owned(), text.to_owned());
        let (_, errors) = parse_file(FileId(0), &source);
        errors.into_iter().map(|e| e.message).collect()
    }

    /// Every table's fields, as (`top-level key`, field).
    fn fields() -> impl Iterator<Item = (&'static str, &'static Field)> {
        FILE.keys.iter().flat_map(|top| {
            let table = match &top.value {
                ValueType::Table(t) | ValueType::Tables(t) | ValueType::TablesByName(t) => t.keys,
                _ => &[],
            };
            table.iter().map(move |field| (top.name, field))
        })
    }

    /// What the declarations make the schema say, the reader does: each
    /// value the schema takes reads quietly; each value it rejects, each
    /// required key left out and each key not declared is reported.
    #[test]
    fn the_reader_takes_what_the_schema_says() {
        for (table, field) in fields() {
            let key = Some((table, field.name));
            for value in accepted(&field.value) {
                let text = document(key, Some(&value));
                let errors = errors_of(&text);
                assert!(
                    errors.is_empty(),
                    "{table}.{} = {value}: {errors:?}",
                    field.name
                );
            }
            for value in rejected(&field.value) {
                let text = document(key, Some(value));
                assert!(
                    !errors_of(&text).is_empty(),
                    "{table}.{} = {value} is read",
                    field.name
                );
            }
            let left_out = errors_of(&document(key, None));
            assert_eq!(
                !left_out.is_empty(),
                field.required,
                "{table}.{} left out: {left_out:?}",
                field.name
            );
            let unknown = document(
                key,
                Some(&format!("{}\nzz_not_a_key = 1", usual(&field.value))),
            );
            assert!(
                errors_of(&unknown)
                    .iter()
                    .any(|e| e.contains("zz_not_a_key")),
                "{unknown}"
            );
        }
    }

    /// The same for the tables whose keys are names: `[licenses]` and
    /// `[pricing]` take a key per license name, `[members]` one per email.
    #[test]
    fn the_reader_takes_the_keys_the_schema_says() {
        let application = "[application]\nname = \"A\"\n";
        for top in FILE.keys {
            let name = top.name;
            let (keys, unknown, value) = match &top.value {
                ValueType::ByKeyword(names, value) => (names(), "zz_not_a_key", value),
                ValueType::ByEmail(value) => (vec!["\"a@x.io\""], "zz_not_an_email", value),
                _ => continue,
            };
            for key in keys {
                for accepted in accepted(value) {
                    let text = format!("{application}[{name}]\n{key} = {accepted}\n");
                    assert_eq!(errors_of(&text), Vec::<String>::new(), "{text}");
                }
                for rejected in rejected(value) {
                    let text = format!("{application}[{name}]\n{key} = {rejected}\n");
                    assert!(!errors_of(&text).is_empty(), "{text}");
                }
            }
            let text = format!("{application}[{name}]\n{unknown} = {}\n", usual(value));
            assert!(
                errors_of(&text).iter().any(|e| e.contains(unknown)),
                "{text}"
            );
        }
    }
}
