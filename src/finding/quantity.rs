//! The size of a finding that can grow without changing its identity: the
//! seats held of each license over its purchase (`license-over-purchased`),
//! the count of a counting policy. A baseline records it and `[[ignore]]
//! max` bounds it, so accepting a finding at one size never hides it at a
//! larger one. Findings about dates have none: a member inactive one more
//! day is the same finding.

use std::collections::BTreeMap;

/// What a baseline entry records: each measure's value by name, e.g.
/// `{"editor": 5}` or `{"count": 7}`.
pub type Recorded = BTreeMap<String, u64>;

/// The measures of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// What is measured: a license name (seats held), or `count`.
    pub name: String,
    pub value: u64,
    /// How the finding states it, e.g. `editor 6 of 4`.
    pub text: String,
}

impl Quantity {
    /// One measure.
    pub fn of(name: impl Into<String>, value: u64, text: impl Into<String>) -> Self {
        Self {
            measures: vec![Measure {
                name: name.into(),
                value,
                text: text.into(),
            }],
        }
    }

    /// The seats held of each license over its purchase, from (license,
    /// held, purchased): `license-over-purchased`.
    pub fn seats<'a>(over: impl IntoIterator<Item = (&'a str, u64, u64)>) -> Self {
        Self {
            measures: over
                .into_iter()
                .map(|(license, held, bought)| Measure {
                    name: license.to_owned(),
                    value: held,
                    text: format!("{license} {held} of {bought}"),
                })
                .collect(),
        }
    }

    /// The form a baseline stores.
    pub fn recorded(&self) -> Recorded {
        self.measures
            .iter()
            .map(|m| (m.name.clone(), m.value))
            .collect()
    }

    /// What grew past what a baseline entry `accepted`, said for the
    /// finding's message ("editor 6 of 4; the baseline accepted 5"), or
    /// `None` when every measure is within it. A measure the entry does not
    /// name (a license that was not over its purchase then) grew too.
    pub fn above_baseline(&self, accepted: &Recorded) -> Option<String> {
        self.above(|m| match accepted.get(&m.name) {
            Some(&limit) if m.value <= limit => None,
            Some(&limit) => Some(format!("{}; the baseline accepted {limit}", m.text)),
            None => Some(format!("{}; the baseline recorded no {}", m.text, m.name)),
        })
    }

    /// What is above an `[[ignore]]`'s `max`, said for the finding's message.
    pub fn above_max(&self, max: u64) -> Option<String> {
        self.above(|m| {
            (m.value > max).then(|| format!("{}; the ignore accepted at most {max}", m.text))
        })
    }

    fn above(&self, excess: impl Fn(&Measure) -> Option<String>) -> Option<String> {
        let notes: Vec<String> = self
            .measures
            .iter()
            .filter_map(excess)
            .map(|note| format!("({note})"))
            .collect();
        (!notes.is_empty()).then(|| notes.join(" "))
    }

    /// Whether a baseline entry accepts more than this (within it, since it
    /// is not above it): a measure is smaller, or one it names is gone.
    pub fn shrank_from(&self, accepted: &Recorded) -> bool {
        let now = self.recorded();
        accepted
            .iter()
            .any(|(name, &limit)| now.get(name).is_none_or(|&value| value < limit))
    }
}

/// `editor 5, viewer 12` (a baseline's entry can name anything: at most
/// 10, then how many more).
pub fn describe(recorded: &Recorded) -> String {
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

    #[test]
    fn a_baseline_accepts_up_to_what_it_recorded() {
        let accepted = recorded(&[("editor", 5)]);
        assert_eq!(seats(&[("editor", 5, 4)]).above_baseline(&accepted), None);
        assert_eq!(
            seats(&[("editor", 6, 4)])
                .above_baseline(&accepted)
                .as_deref(),
            Some("(editor 6 of 4; the baseline accepted 5)")
        );
        assert_eq!(
            seats(&[("editor", 5, 4), ("viewer", 11, 10)])
                .above_baseline(&accepted)
                .as_deref(),
            Some("(viewer 11 of 10; the baseline recorded no viewer)")
        );
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
        assert_eq!(q.above_max(7), None);
        assert_eq!(
            q.above_max(6).as_deref(),
            Some("(viewer 7 of 6; the ignore accepted at most 6)")
        );
    }
}
