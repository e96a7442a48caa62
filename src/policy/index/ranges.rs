//! Ordered conditions (numbers, dates, licenses, booleans) as ranges of one
//! integer key per value, filed in a segment tree: a subject's value finds
//! the policies whose range holds it in O(log n + matches), so 10,000
//! number-only rules are not each tested on every subject (#9).

use crate::model::License;
use crate::policy::condition::{Lit, Test};
use crate::policy::fields::Value;
use crate::policy::operator::Cmp;
use jiff::civil::Date;

/// An inclusive range of keys.
pub(super) type Range = (i64, i64);

/// Dates as days since this one: `days_since` and `before` compare in days.
const EPOCH: Date = jiff::civil::date(1970, 1, 1);

pub(super) fn day(date: Date) -> i64 {
    i64::from((date - EPOCH).get_days())
}

fn license_rank(license: License) -> i64 {
    match license {
        License::Explorer => 0,
        License::Contributor => 1,
        License::Editor => 2,
    }
}

/// The key of a value, if it is ordered and present (a missing date or
/// license holds no comparison, so it is in no range).
pub(super) fn key(value: &Value<'_>) -> Option<i64> {
    match value {
        Value::Number(n) => Some(*n),
        Value::Date(Some(d)) => Some(day(*d)),
        Value::License(Some(l)) => Some(license_rank(*l)),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn lit_key(lit: &Lit) -> Option<i64> {
    match lit {
        Lit::Number(n) => Some(*n),
        Lit::Date(d) => Some(day(*d)),
        Lit::License(l) => Some(license_rank(*l)),
        Lit::Bool(b) => Some(i64::from(*b)),
        Lit::Text(_) | Lit::Permissions(_) => None,
    }
}

/// `value cmp limit` as a range of `value`.
fn compared(cmp: Cmp, limit: i64) -> Range {
    match cmp {
        Cmp::MoreThan => (limit.saturating_add(1), i64::MAX),
        Cmp::LessThan => (i64::MIN, limit.saturating_sub(1)),
        Cmp::AtLeast => (limit, i64::MAX),
        Cmp::AtMost => (i64::MIN, limit),
    }
}

/// The same comparison with the sides swapped: `limit cmp value`.
fn flipped(cmp: Cmp) -> Cmp {
    match cmp {
        Cmp::MoreThan => Cmp::LessThan,
        Cmp::LessThan => Cmp::MoreThan,
        Cmp::AtLeast => Cmp::AtMost,
        Cmp::AtMost => Cmp::AtLeast,
    }
}

/// At most this many pieces are intersected pairwise; a larger union is
/// left as it is (the range only narrows the candidates, `holds` decides).
const INTERSECTED: usize = 1_000;

/// The keys a test can hold for, as a union of ranges (empty: none), if
/// the test is an ordered comparison; `today` in days.
pub(super) fn ranges(test: &Test, today: i64) -> Option<Vec<Range>> {
    let one = |r: Range| Some(vec![r]);
    match test {
        Test::Eq(lit) => lit_key(lit).map(|k| vec![(k, k)]),
        Test::AnyOf(lits) => lits.iter().map(|l| lit_key(l).map(|k| (k, k))).collect(),
        Test::Number(cmp, n) => one(compared(*cmp, *n)),
        Test::LicenseAtLeast(l) => one((license_rank(*l), i64::MAX)),
        Test::LicenseAtMost(l) => one((i64::MIN, license_rank(*l))),
        // today - day cmp n  ⇔  day (flipped cmp) today - n
        Test::DaysSince(cmp, n) => one(compared(flipped(*cmp), today.saturating_sub(*n))),
        // day - today cmp n  ⇔  day cmp today + n
        Test::DaysUntil(cmp, n) => one(compared(*cmp, today.saturating_add(*n))),
        Test::Before(limit) => one(compared(Cmp::LessThan, day(*limit))),
        Test::After(limit) => one(compared(Cmp::MoreThan, day(*limit))),
        Test::All(tests) => {
            let mut parts = tests.iter().filter_map(|t| ranges(t, today));
            let mut union = parts.next()?;
            for other in parts {
                if union.len().saturating_mul(other.len()) > INTERSECTED {
                    continue;
                }
                union = union
                    .iter()
                    .flat_map(|a| other.iter().map(move |b| (a.0.max(b.0), a.1.min(b.1))))
                    .filter(|(lo, hi)| lo <= hi)
                    .collect();
            }
            Some(union)
        }
        Test::Glob(_)
        | Test::Not(_)
        | Test::Missing(_)
        | Test::IncludesAny(_)
        | Test::IncludesAll(_)
        | Test::Only(_) => None,
    }
}

/// Ranges, each owned by a policy, queried by a key: a segment tree over
/// the elementary segments between the ranges' bounds, each range stored
/// at the O(log n) nodes that together cover it.
pub(super) struct RangeSet {
    /// Sorted distinct starts of the elementary segments, `i64::MIN` first:
    /// segment `j` is `starts[j]..starts[j + 1]`.
    starts: Vec<i64>,
    /// Per tree node (1 the root, `2i` and `2i + 1` its halves), the owners
    /// of the ranges covering all of its segments.
    nodes: Vec<Vec<usize>>,
}

impl RangeSet {
    pub(super) fn new(ranges: &[(Range, usize)]) -> Self {
        let mut starts = vec![i64::MIN];
        for &((lo, hi), _) in ranges {
            starts.push(lo);
            if hi < i64::MAX {
                starts.push(hi + 1);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let mut set = Self {
            nodes: vec![Vec::new(); 4 * starts.len()],
            starts,
        };
        let last = set.starts.len() - 1;
        for &((lo, hi), owner) in ranges.iter().filter(|((lo, hi), _)| lo <= hi) {
            let first = set.segment(lo);
            let end = if hi == i64::MAX {
                last
            } else {
                set.segment(hi + 1) - 1
            };
            set.insert(1, 0, last, first, end, owner);
        }
        set
    }

    /// The elementary segment holding `key`.
    fn segment(&self, key: i64) -> usize {
        self.starts.partition_point(|&s| s <= key) - 1
    }

    /// Store `owner` at the nodes under `node` (covering segments
    /// `from..=to`) that together cover `first..=end`.
    fn insert(
        &mut self,
        node: usize,
        from: usize,
        to: usize,
        first: usize,
        end: usize,
        owner: usize,
    ) {
        if end < from || to < first {
            return;
        }
        if first <= from && to <= end {
            self.nodes[node].push(owner);
            return;
        }
        let mid = from + (to - from) / 2;
        self.insert(2 * node, from, mid, first, end, owner);
        self.insert(2 * node + 1, mid + 1, to, first, end, owner);
    }

    /// Push the owners of every range holding `key`.
    pub(super) fn stab(&self, key: i64, out: &mut Vec<usize>) {
        let target = self.segment(key);
        let (mut node, mut from, mut to) = (1, 0, self.starts.len() - 1);
        loop {
            out.extend_from_slice(&self.nodes[node]);
            if from == to {
                return;
            }
            let mid = from + (to - from) / 2;
            if target <= mid {
                (node, to) = (2 * node, mid);
            } else {
                (node, from) = (2 * node + 1, mid + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Range, RangeSet};

    #[test]
    fn a_key_finds_exactly_the_ranges_holding_it() {
        let ranges: Vec<(Range, usize)> = vec![
            ((i64::MIN, 3), 0),
            ((2, 2), 1),
            ((5, i64::MAX), 2),
            ((0, 10), 3),
            ((7, 6), 4),
            ((i64::MIN, i64::MAX), 5),
        ];
        let set = RangeSet::new(&ranges);
        for key in [i64::MIN, -1, 0, 1, 2, 3, 4, 5, 6, 7, 10, 11, i64::MAX] {
            let mut found = Vec::new();
            set.stab(key, &mut found);
            found.sort_unstable();
            let expected: Vec<usize> = ranges
                .iter()
                .filter(|((lo, hi), _)| *lo <= key && key <= *hi)
                .map(|(_, owner)| *owner)
                .collect();
            assert_eq!(found, expected, "key {key}");
        }
    }
}
