//! Compiled conditions, and whether they hold for a subject.

use super::fields::{Facts, Field, Value};
use super::operator::Cmp;
use super::subject::Instance;
use crate::model::{License, PermissionSet};
use crate::pattern::Pattern;
use jiff::civil::Date;

/// A literal in a condition.
#[derive(Debug, Clone)]
pub(crate) enum Lit {
    Text(String),
    Bool(bool),
    Number(i64),
    License(License),
    Date(Date),
    Permissions(PermissionSet),
}

/// A test on one field's value.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    Eq(Lit),
    AnyOf(Vec<Lit>),
    Glob(Pattern),
    Not(Box<Test>),
    All(Vec<Test>),
    Missing(bool),
    Number(Cmp, i64),
    LicenseAtLeast(License),
    LicenseAtMost(License),
    DaysSince(Cmp, i64),
    DaysUntil(Cmp, i64),
    Before(Date),
    After(Date),
    IncludesAny(PermissionSet),
    IncludesAll(PermissionSet),
    Only(PermissionSet),
}

#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub(crate) field: Field,
    pub(crate) test: Test,
}

/// Conditions that must all hold, and groups that must not.
#[derive(Debug, Clone, Default)]
pub(crate) struct Where {
    pub(crate) all: Vec<Condition>,
    pub(crate) not: Vec<Where>,
}

impl Where {
    pub(crate) fn holds(&self, facts: &Facts<'_>, subject: &Instance<'_>, today: Date) -> bool {
        self.all.iter().all(|c| {
            facts
                .value(c.field, subject)
                .is_some_and(|value| c.test.holds(&value, today))
        }) && self.not.iter().all(|w| !w.holds(facts, subject, today))
    }
}

impl Lit {
    fn equals(&self, value: &Value<'_>) -> bool {
        match (self, value) {
            (Self::Text(t), Value::Text(v)) => t == v.as_ref(),
            (Self::Bool(b), Value::Bool(v)) => b == v,
            (Self::Number(n), Value::Number(v)) => n == v,
            (Self::License(l), Value::License(v)) => Some(*l) == *v,
            (Self::Date(d), Value::Date(v)) => Some(*d) == *v,
            (Self::Permissions(p), Value::Permissions(v)) => p == v,
            _ => false,
        }
    }
}

impl Test {
    /// Whether it holds for `value`; a test of another type than the
    /// value's (which the parser never compiles) does not.
    pub(crate) fn holds(&self, value: &Value<'_>, today: Date) -> bool {
        let days = |d: &Date| i64::from((today - *d).get_days());
        match (self, value) {
            (Self::Eq(lit), v) => lit.equals(v),
            (Self::AnyOf(lits), v) => lits.iter().any(|l| l.equals(v)),
            (Self::Glob(g), Value::Text(t)) => g.is_match(t.as_ref()),
            (Self::Not(inner), v) => !inner.holds(v, today),
            (Self::All(tests), v) => tests.iter().all(|t| t.holds(v, today)),
            (Self::Missing(want), v) => {
                let missing = match v {
                    Value::Text(t) => t.is_empty(),
                    Value::Date(d) => d.is_none(),
                    Value::License(l) => l.is_none(),
                    Value::Permissions(p) => p.is_empty(),
                    Value::Number(_) | Value::Bool(_) => false,
                };
                missing == *want
            }
            (Self::Number(cmp, n), Value::Number(v)) => cmp.holds(*v, *n),
            (Self::LicenseAtLeast(l), Value::License(Some(v))) => v >= l,
            (Self::LicenseAtMost(l), Value::License(Some(v))) => v <= l,
            // A date that is not there never matches a comparison: use `missing`.
            (Self::DaysSince(cmp, n), Value::Date(Some(d))) => cmp.holds(days(d), *n),
            (Self::DaysUntil(cmp, n), Value::Date(Some(d))) => cmp.holds(-days(d), *n),
            (Self::Before(limit), Value::Date(Some(d))) => d < limit,
            (Self::After(limit), Value::Date(Some(d))) => d > limit,
            (Self::IncludesAny(set), Value::Permissions(p)) => p.intersects(*set),
            (Self::IncludesAll(set), Value::Permissions(p)) => set.is_subset(*p),
            (Self::Only(set), Value::Permissions(p)) => p.is_subset(*set),
            _ => false,
        }
    }
}
