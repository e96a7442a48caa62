//! The operators of a condition (`{ more_than = 5 }`, `{ glob = "…" }`),
//! each knowing the field types it applies to: the parser refuses an
//! operator on any other type, and the help listing what a type takes is
//! generated from the same answer, so the two cannot drift apart.

use super::fields::Type;

/// An operator of a condition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operator {
    Equals,
    AnyOf,
    Glob,
    MoreThan,
    LessThan,
    AtLeast,
    AtMost,
    DaysSince,
    DaysUntil,
    Before,
    After,
    IncludesAny,
    IncludesAll,
    Only,
    Missing,
    Not,
}

impl Operator {
    /// Every operator, in the order help lists them.
    pub(crate) const ALL: [Self; 16] = [
        Self::Equals,
        Self::AnyOf,
        Self::Glob,
        Self::MoreThan,
        Self::LessThan,
        Self::AtLeast,
        Self::AtMost,
        Self::DaysSince,
        Self::DaysUntil,
        Self::Before,
        Self::After,
        Self::IncludesAny,
        Self::IncludesAll,
        Self::Only,
        Self::Missing,
        Self::Not,
    ];

    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Equals => "equals",
            Self::AnyOf => "any_of",
            Self::Glob => "glob",
            Self::MoreThan => "more_than",
            Self::LessThan => "less_than",
            Self::AtLeast => "at_least",
            Self::AtMost => "at_most",
            Self::DaysSince => "days_since",
            Self::DaysUntil => "days_until",
            Self::Before => "before",
            Self::After => "after",
            Self::IncludesAny => "includes_any",
            Self::IncludesAll => "includes_all",
            Self::Only => "only",
            Self::Missing => "missing",
            Self::Not => "not",
        }
    }

    pub(crate) fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }

    /// Whether a condition on a field of type `ty` may use it.
    pub(crate) const fn applies_to(self, ty: Type) -> bool {
        match self {
            Self::Equals | Self::AnyOf | Self::Not => true,
            Self::Glob => matches!(ty, Type::Text | Type::Email | Type::Keyword(_)),
            Self::MoreThan | Self::LessThan => matches!(ty, Type::Number),
            Self::AtLeast | Self::AtMost => matches!(ty, Type::Number | Type::License),
            Self::DaysSince | Self::DaysUntil | Self::Before | Self::After => {
                matches!(ty, Type::Date)
            }
            Self::IncludesAny | Self::IncludesAll | Self::Only => matches!(ty, Type::Permissions),
            // A number or a boolean always has a value: `missing` would never hold.
            Self::Missing => !matches!(ty, Type::Number | Type::Bool),
        }
    }

    /// The operators a field of type `ty` takes, in words.
    pub(crate) fn help_for(ty: Type) -> String {
        let names: Vec<&str> = Self::ALL
            .into_iter()
            .filter(|op| op.applies_to(ty))
            .map(Self::name)
            .collect();
        format!("{} takes: {}", ty.describe(), names.join(", "))
    }

    /// Why the operator does not apply to a field of type `ty` named
    /// `field`, when there is more to say than the list of those that do.
    pub(crate) fn misuse(self, ty: Type, field: &str) -> Option<String> {
        match (self, ty) {
            (Self::Missing, Type::Number) => Some(format!(
                "a number is always set (a count of nothing is 0), so `missing` never holds: \
                 compare it instead, e.g. `{field} = 0`"
            )),
            (Self::Missing, Type::Bool) => Some(format!(
                "true or false is always set, so `missing` never holds: \
                 compare it instead, e.g. `{field} = false`"
            )),
            _ => None,
        }
    }
}

/// How a value compares with a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    MoreThan,
    LessThan,
    AtLeast,
    AtMost,
}

impl Cmp {
    pub(crate) const ALL: [Self; 4] = [Self::MoreThan, Self::LessThan, Self::AtLeast, Self::AtMost];

    /// Its key in a table: `days_since = { more_than = 90 }`.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::MoreThan => "more_than",
            Self::LessThan => "less_than",
            Self::AtLeast => "at_least",
            Self::AtMost => "at_most",
        }
    }

    pub(crate) fn holds(self, value: i64, limit: i64) -> bool {
        match self {
            Self::MoreThan => value > limit,
            Self::LessThan => value < limit,
            Self::AtLeast => value >= limit,
            Self::AtMost => value <= limit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cmp, Operator};
    use crate::policy::fields::Type;

    #[test]
    fn help_lists_what_the_parser_accepts() {
        assert_eq!(
            Operator::help_for(Type::Text),
            "text takes: equals, any_of, glob, missing, not"
        );
        assert_eq!(
            Operator::help_for(Type::Number),
            "a number takes: equals, any_of, more_than, less_than, at_least, at_most, not"
        );
        assert_eq!(
            Operator::help_for(Type::Bool),
            "true or false takes: equals, any_of, not"
        );
        assert_eq!(
            Operator::help_for(Type::Date),
            "a date takes: equals, any_of, days_since, days_until, before, after, missing, not"
        );
    }

    #[test]
    fn names_read_back() {
        for op in Operator::ALL {
            assert_eq!(Operator::named(op.name()), Some(op));
        }
        assert_eq!(Operator::named("globb"), None);
        for cmp in Cmp::ALL {
            assert!(Operator::named(cmp.name()).is_some(), "{cmp:?}");
        }
    }

    #[test]
    fn missing_applies_only_where_a_value_can_be_absent() {
        for ty in [Type::Number, Type::Bool] {
            assert!(!Operator::Missing.applies_to(ty));
            assert!(Operator::Missing.misuse(ty, "f").is_some());
        }
        for ty in [
            Type::Text,
            Type::Email,
            Type::Date,
            Type::License,
            Type::Permissions,
        ] {
            assert!(Operator::Missing.applies_to(ty));
        }
    }

    /// docs/policies.md's table of operators per type is what the parser takes.
    #[test]
    fn the_documented_operators_are_the_ones_taken() {
        let docs = include_str!("../../docs/policies.md");
        let rows = [
            (
                "text, email, a name from a fixed list",
                vec![Type::Text, Type::Email, Type::Keyword(&[])],
            ),
            ("number", vec![Type::Number]),
            ("true or false", vec![Type::Bool]),
            ("date", vec![Type::Date]),
            ("license", vec![Type::License]),
            ("permissions", vec![Type::Permissions]),
        ];
        for (label, types) in rows {
            let row = docs
                .lines()
                .find(|l| l.starts_with(&format!("| {label} |")))
                .unwrap_or_else(|| panic!("docs/policies.md has no operator row for {label}"));
            let documented: Vec<&str> = row.split('`').skip(1).step_by(2).collect();
            for ty in types {
                let taken: Vec<&str> = Operator::ALL
                    .into_iter()
                    .filter(|op| op.applies_to(ty))
                    .map(Operator::name)
                    .collect();
                assert_eq!(documented, taken, "{label}");
            }
        }
    }
}
