//! The size of a finding that can grow without changing its identity: the
//! seats held of each license over its purchase (`license-over-purchased`),
//! the count of a counting policy. A baseline records it and `[[ignore]]
//! max` bounds it, so accepting a finding at one size never hides it at a
//! larger one. Findings about dates have none: a member inactive one more
//! day is the same finding.

use std::collections::BTreeMap;

/// What a baseline entry records: each measure's value by name, e.g.
/// `{"editor": 5}` or `{"count": 7}`.
pub(crate) type Recorded = BTreeMap<String, u64>;

/// The measures of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quantity {
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Measure {
    /// What is measured: a license name (seats held), or `count`.
    pub name: String,
    pub value: u64,
    /// How to state it where the finding's message does not, e.g. `8
    /// matching, at most 5 allowed`.
    pub text: String,
    pub unit: Unit,
}

/// What a measure counts, for saying what a suppression accepts of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Seats of the license `name` held: "at most 5 editor seats used".
    SeatsUsed,
    /// A plain number: "a count of at most 7".
    Plain,
}

impl Measure {
    /// "at most 5 editor seats used", "a count of at most 7".
    fn at_most(&self, limit: u64) -> String {
        match self.unit {
            Unit::SeatsUsed => format!("at most {limit} {} seats used", self.name),
            Unit::Plain => format!("a {} of at most {limit}", self.name),
        }
    }

    /// What an entry that does not name the measure accepts of it.
    fn none(&self) -> String {
        match self.unit {
            Unit::SeatsUsed => format!("no {} seats over the purchase", self.name),
            Unit::Plain => format!("no {}", self.name),
        }
    }
}

impl Quantity {
    /// One plain measure; `text` says it where the message does not.
    pub(crate) fn of(name: impl Into<String>, value: u64, text: impl Into<String>) -> Self {
        Self {
            measures: vec![Measure {
                name: name.into(),
                value,
                text: text.into(),
                unit: Unit::Plain,
            }],
        }
    }

    /// The seats held of each license over its purchase, from (license,
    /// held, purchased): `license-over-purchased`.
    pub(crate) fn seats<'a>(over: impl IntoIterator<Item = (&'a str, u64, u64)>) -> Self {
        Self {
            measures: over
                .into_iter()
                .map(|(license, held, bought)| Measure {
                    name: license.to_owned(),
                    value: held,
                    text: format!("{license} {held} of {bought}"),
                    unit: Unit::SeatsUsed,
                })
                .collect(),
        }
    }

    /// The form a baseline stores.
    pub(crate) fn recorded(&self) -> Recorded {
        self.measures
            .iter()
            .map(|m| (m.name.clone(), m.value))
            .collect()
    }

    /// The finding's `message` saying what grew past what a baseline entry
    /// `accepted` ("editor 6 used of 4 purchased; the baseline accepts at
    /// most 5 editor seats used"), or `None` when every measure is within
    /// it. A measure the entry does not name (a license that was not over
    /// its purchase then) grew too.
    pub(crate) fn above_baseline(&self, message: &str, accepted: &Recorded) -> Option<String> {
        self.above(message, "the baseline", |m| match accepted.get(&m.name) {
            Some(&limit) if m.value <= limit => None,
            Some(&limit) => Some(m.at_most(limit)),
            None => Some(m.none()),
        })
    }

    /// The finding's `message` saying what is above an `[[ignore]]`'s
    /// `max`, or `None` when nothing is.
    pub(crate) fn above_max(&self, message: &str, max: u64) -> Option<String> {
        self.above(message, "the ignore", |m| {
            (m.value > max).then(|| m.at_most(max))
        })
    }

    /// `message`, the size of each measure `accepts` has a bound for that
    /// the message does not already give, and what `by` accepts of them:
    /// every number is said once.
    fn above(
        &self,
        message: &str,
        by: &str,
        accepts: impl Fn(&Measure) -> Option<String>,
    ) -> Option<String> {
        let mut unstated = Vec::new();
        let mut bounds = Vec::new();
        for measure in &self.measures {
            let Some(bound) = accepts(measure) else {
                continue;
            };
            if !states(message, measure.value) {
                unstated.push(measure.text.as_str());
            }
            bounds.push(bound);
        }
        if bounds.is_empty() {
            return None;
        }
        let sizes = if unstated.is_empty() {
            String::new()
        } else {
            format!(" ({})", unstated.join(", "))
        };
        Some(format!(
            "{message}{sizes}; {by} accepts {}",
            bounds.join(" and ")
        ))
    }

    /// Whether a baseline entry accepts more than this (within it, since it
    /// is not above it): a measure is smaller, or one it names is gone.
    pub(crate) fn shrank_from(&self, accepted: &Recorded) -> bool {
        let now = self.recorded();
        accepted
            .iter()
            .any(|(name, &limit)| now.get(name).is_none_or(|&value| value < limit))
    }
}

/// Whether `message` gives `value` as a number of its own (`editor 6 used`
/// and `6, 7` give 6; `16`, `6.5` and `6,000` do not): a rule's message
/// states its size, a policy's template may not (`{count}` is optional).
fn states(message: &str, value: u64) -> bool {
    let value = value.to_string();
    message
        .split(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')
        .any(|number| number.trim_matches(['.', ',']) == value)
}

/// `editor 5, viewer 12` (a baseline's entry can name anything: at most
/// 10, then how many more).
pub(crate) fn describe(recorded: &Recorded) -> String {
    let parts: Vec<String> = recorded
        .iter()
        .map(|(name, value)| format!("{name} {value}"))
        .collect();
    crate::finding::capped_list(&parts, 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seats(parts: &[(&str, u64, u64)]) -> Quantity {
        Quantity::seats(parts.iter().copied())
    }

    fn recorded(parts: &[(&str, u64)]) -> Recorded {
        parts.iter().map(|&(n, v)| (n.to_owned(), v)).collect()
    }

    const OVER: &str = "editor 6 used of 4 purchased";

    #[test]
    fn above_a_baseline_each_number_is_said_once() {
        let accepted = recorded(&[("editor", 5)]);
        assert_eq!(
            seats(&[("editor", 5, 4)]).above_baseline(OVER, &accepted),
            None
        );
        assert_eq!(
            seats(&[("editor", 6, 4)])
                .above_baseline(OVER, &accepted)
                .as_deref(),
            Some("editor 6 used of 4 purchased; the baseline accepts at most 5 editor seats used")
        );
        assert_eq!(
            seats(&[("editor", 5, 4), ("viewer", 11, 10)])
                .above_baseline(
                    "editor 5 used of 4 purchased; viewer 11 used of 10 purchased",
                    &accepted
                )
                .as_deref(),
            Some(
                "editor 5 used of 4 purchased; viewer 11 used of 10 purchased; the baseline accepts no viewer seats over the purchase"
            )
        );
    }

    #[test]
    fn a_size_the_message_does_not_give_is_said_with_the_bound() {
        let count = Quantity::of("count", 8, "8 matching, at most 5 allowed");
        let accepted = recorded(&[("count", 7)]);
        assert_eq!(
            count
                .above_baseline("8 editors (limit 5)", &accepted)
                .as_deref(),
            Some("8 editors (limit 5); the baseline accepts a count of at most 7")
        );
        assert_eq!(
            count
                .above_baseline("too many editors in FY2026", &accepted)
                .as_deref(),
            Some(
                "too many editors in FY2026 (8 matching, at most 5 allowed); the baseline accepts a count of at most 7"
            )
        );
        assert_eq!(
            count.above_max("18 editors, $8.5k", 7).as_deref(),
            Some(
                "18 editors, $8.5k (8 matching, at most 5 allowed); the ignore accepts a count of at most 7"
            )
        );
    }

    #[test]
    fn numbers_in_a_message_are_read_whole() {
        assert!(states("editor 6 used", 6));
        assert!(states("6, 7 and 8.", 6));
        assert!(states("(limit 6)", 6));
        assert!(!states("16 used", 6));
        assert!(!states("6.5 used", 6));
        assert!(!states("6,000 used", 6));
    }

    #[test]
    fn shrinking_is_noticed_per_measure() {
        let accepted = recorded(&[("editor", 5), ("viewer", 12)]);
        assert!(!seats(&[("editor", 5, 4), ("viewer", 12, 10)]).shrank_from(&accepted));
        assert!(seats(&[("editor", 4, 3), ("viewer", 12, 10)]).shrank_from(&accepted));
        assert!(seats(&[("editor", 5, 4)]).shrank_from(&accepted));
        assert_eq!(describe(&accepted), "editor 5, viewer 12");
    }

    #[test]
    fn max_bounds_every_measure() {
        let q = seats(&[("editor", 5, 4), ("viewer", 7, 6)]);
        let message = "editor 5 used of 4 purchased; viewer 7 used of 6 purchased";
        assert_eq!(q.above_max(message, 7), None);
        assert_eq!(
            q.above_max(message, 6).as_deref(),
            Some(
                "editor 5 used of 4 purchased; viewer 7 used of 6 purchased; the ignore accepts at most 6 viewer seats used"
            )
        );
    }
}
