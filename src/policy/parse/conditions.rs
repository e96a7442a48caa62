//! `[rule.where]`: conditions on the subject's fields, each compiled to a
//! [`Test`] of the field's type.

use super::{MAX_COUNT, MAX_DAYS};
use crate::error::InputError;
use crate::finding::SubjectKind;
use crate::model::{License, Permission, PermissionSet};
use crate::pattern::Pattern;
use crate::policy::condition::{Condition, Lit, Test, Where};
use crate::policy::fields::{Field, Type};
use crate::policy::operator::{Cmp, Operator};
use crate::toml_read::{Key, Reader, TableReader, Value, suggest};
use crate::toml_read::{TomlTable, TomlValue};

pub(super) fn where_(r: &mut Reader, kind: SubjectKind, table: &TomlTable<'_>) -> Where {
    let mut out = Where::default();
    for (key, value) in table {
        if key.get_ref() == "not" {
            if let Some(t) = r.table(value, "a table of conditions") {
                out.not.push(where_(r, kind, t));
            }
            continue;
        }
        let Some(field) = Field::named(kind, key.get_ref()) else {
            unknown_field(r, key, kind);
            continue;
        };
        if let Some(test) = test(r, field, value) {
            out.all.push(Condition { field, test });
        }
    }
    out
}

fn unknown_field(r: &mut Reader, key: &Key<'_>, kind: SubjectKind) {
    let names: Vec<&str> = Field::names(kind).collect();
    let help = suggest(key.get_ref(), names.iter().copied(), || {
        format!("a {} has: {}, and `not`", kind.as_str(), names.join(", "))
    });
    r.error(
        InputError::at(
            "swatch::policy::unknown_field",
            r.loc(key.span()),
            format!("a {} has no field `{}`", kind.as_str(), key.get_ref()),
        )
        .label("unknown field")
        .help(help),
    );
}

/// A condition on one field: a literal (equality), an array (any of), or a
/// table of operators, all of which must hold.
fn test(r: &mut Reader, field: Field, value: &Value<'_>) -> Option<Test> {
    match value.get_ref() {
        TomlValue::Array(_) => any_of(r, field, value),
        TomlValue::Table(ops) => {
            let mut tests = Vec::new();
            for (op, arg) in ops {
                tests.extend(operator(r, field, op, arg));
            }
            if ops.is_empty() {
                r.error(
                    InputError::at(
                        "swatch::policy::empty",
                        r.loc(value.span()),
                        "an empty condition",
                    )
                    .help("give an operator, e.g. `{ glob = \"*@acme.com\" }`"),
                );
            }
            Some(Test::All(tests))
        }
        _ => literal(r, field, value).map(Test::Eq),
    }
}

fn any_of(r: &mut Reader, field: Field, value: &Value<'_>) -> Option<Test> {
    if field.ty() == Type::Permissions {
        return permissions(r, value).map(|set| Test::Eq(Lit::Permissions(set)));
    }
    let items = r.array(value)?;
    Some(Test::AnyOf(
        items.iter().filter_map(|v| literal(r, field, v)).collect(),
    ))
}

fn operator(r: &mut Reader, field: Field, key: &Key<'_>, arg: &Value<'_>) -> Option<Test> {
    let name = key.get_ref().as_ref();
    let ty = field.ty();
    let Some(op) = Operator::named(name) else {
        let names = Operator::ALL.map(Operator::name);
        let help = suggest(name, names, || format!("operators: {}", names.join(", ")));
        r.error(
            InputError::at(
                "swatch::policy::unknown_operator",
                r.loc(key.span()),
                format!("unknown operator `{name}`"),
            )
            .label("unknown operator")
            .help(help),
        );
        return None;
    };
    if !op.applies_to(ty) {
        let help = match op.misuse(ty, field.name()) {
            Some(why) => format!("{why}; {}", Operator::help_for(ty)),
            None => Operator::help_for(ty),
        };
        r.error(
            InputError::at(
                "swatch::policy::wrong_operator",
                r.loc(key.span()),
                format!("`{name}` does not apply to {}", ty.describe()),
            )
            .label("not for this field")
            .help(help),
        );
        return None;
    }
    let compare = |r: &mut Reader, cmp: Cmp| {
        let limit = count(r, field, arg, &format!("`{name}`"))?;
        Some(Test::Number(cmp, limit))
    };
    match op {
        Operator::Equals => literal(r, field, arg).map(Test::Eq),
        Operator::AnyOf => any_of(r, field, arg),
        Operator::Not => test(r, field, arg).map(|t| Test::Not(Box::new(t))),
        Operator::Missing => r.boolean(arg).map(Test::Missing),
        Operator::Glob => glob(r, ty, arg),
        Operator::MoreThan => compare(r, Cmp::MoreThan),
        Operator::LessThan => compare(r, Cmp::LessThan),
        Operator::AtLeast if ty == Type::License => license(r, arg).map(Test::LicenseAtLeast),
        Operator::AtMost if ty == Type::License => license(r, arg).map(Test::LicenseAtMost),
        Operator::AtLeast => compare(r, Cmp::AtLeast),
        Operator::AtMost => compare(r, Cmp::AtMost),
        Operator::DaysSince => days(r, op, arg, Test::DaysSince),
        Operator::DaysUntil => days(r, op, arg, Test::DaysUntil),
        Operator::Before => r.date(arg).map(|d| Test::Before(d.value)),
        Operator::After => r.date(arg).map(|d| Test::After(d.value)),
        Operator::IncludesAny => permissions(r, arg).map(Test::IncludesAny),
        Operator::IncludesAll => permissions(r, arg).map(Test::IncludesAll),
        Operator::Only => permissions(r, arg).map(Test::Only),
    }
}

fn glob(r: &mut Reader, ty: Type, arg: &Value<'_>) -> Option<Test> {
    let pattern = r.string(arg)?;
    let text = if ty == Type::Email {
        pattern.value.to_lowercase()
    } else {
        pattern.value.clone()
    };
    match Pattern::new(&text) {
        Ok(pattern) => Some(Test::Glob(pattern)),
        Err(e) => {
            r.error(
                InputError::at(
                    "swatch::policy::bad_glob",
                    pattern.loc,
                    format!("invalid glob `{}`: {}", pattern.value, e.kind()),
                )
                .label("invalid glob")
                .help("globs use `*`, `?`, `[abc]` and `{a,b}`"),
            );
            None
        }
    }
}

/// `days_since = { more_than = 90, … }`: comparisons of a number of days.
fn days(r: &mut Reader, op: Operator, arg: &Value<'_>, test: fn(Cmp, i64) -> Test) -> Option<Test> {
    let table = r.table(arg, "a table like `{ more_than = 90 }`")?;
    let header = r.loc(arg.span());
    let mut t = TableReader::new(r, table, header, op.name());
    let tests = Cmp::ALL
        .into_iter()
        .filter_map(|cmp| {
            t.optional(cmp.name(), |r, n| {
                let what = format!("`{}` in `{}`", cmp.name(), op.name());
                let days = threshold(
                    r,
                    n,
                    &what,
                    MAX_DAYS,
                    "a number of days, at most a hundred years; compare a date further away with `before` or `after`",
                )?;
                Some(test(cmp, i64::from(days)))
            })
        })
        .collect();
    t.finalize();
    Some(Test::All(tests))
}

/// A number a policy compares with, from 0 to `max`: refused outside it,
/// naming the range.
pub(super) fn threshold(
    r: &mut Reader,
    value: &Value<'_>,
    what: &str,
    max: u32,
    help: &str,
) -> Option<u32> {
    let range = format!("0 to {}", crate::finding::grouped(max));
    r.integer_in(value, 0..=max, |found, loc| {
        InputError::at(
            "swatch::policy::out_of_range",
            loc,
            format!("{what} must be {range}, found {found}"),
        )
        .label(format!("not {range}"))
        .help(help)
    })
    .map(|n| n.value)
}

/// A number a number field is compared with.
fn count(r: &mut Reader, field: Field, value: &Value<'_>, what: &str) -> Option<i64> {
    let help = format!(
        "`{}` counts, so it is compared with a whole number from 0 to {}",
        field.name(),
        crate::finding::grouped(MAX_COUNT)
    );
    threshold(r, value, what, MAX_COUNT, &help).map(i64::from)
}

fn license(r: &mut Reader, value: &Value<'_>) -> Option<License> {
    let text = r.string(value)?;
    r.keyword_text::<License>(&text)
}

fn permissions(r: &mut Reader, value: &Value<'_>) -> Option<PermissionSet> {
    let list = r.strings(value)?;
    let mut set = PermissionSet::default();
    for item in &list.value {
        set = set.with(r.keyword_text::<Permission>(item)?);
    }
    Some(set)
}

/// A literal of the field's type.
fn literal(r: &mut Reader, field: Field, value: &Value<'_>) -> Option<Lit> {
    match field.ty() {
        Type::Text => r.string(value).map(|s| Lit::Text(s.value)),
        Type::Email => r.string(value).map(|s| Lit::Text(s.value.to_lowercase())),
        Type::Keyword(allowed) => {
            let s = r.string(value)?;
            if allowed.contains(&s.value.as_str()) || s.value.is_empty() {
                return Some(Lit::Text(s.value));
            }
            let help = suggest(&s.value, allowed.iter().copied(), || {
                format!("expected one of: {}", allowed.join(", "))
            });
            r.error(
                InputError::at(
                    "swatch::policy::unknown_value",
                    s.loc,
                    format!("unknown value `{}`", s.value),
                )
                .label("not a value of this field")
                .help(help),
            );
            None
        }
        Type::Date => r.date(value).map(|d| Lit::Date(d.value)),
        Type::Number => count(r, field, value, &format!("`{}`", field.name())).map(Lit::Number),
        Type::Bool => r.boolean(value).map(Lit::Bool),
        Type::License => license(r, value).map(Lit::License),
        Type::Permissions => permissions(r, value).map(Lit::Permissions),
    }
}
