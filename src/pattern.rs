//! Globs on names and emails: one at a time ([`Pattern`]), or many against
//! one text at once ([`PatternSet`]), for `[[ignore]] subject` and policy
//! `glob` conditions.

use aho_corasick::AhoCorasick;
use globset::GlobMatcher;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A glob on names and emails. The common shapes (`prefix*`, `*@domain`,
/// `a*b`, no wildcard) are matched directly: globset builds a path candidate
/// (an allocation) for every match, and policies match every subject of a
/// 100k-member workspace.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    Exact(String),
    Around { prefix: String, suffix: String },
    Glob(GlobMatcher),
}

/// Characters that make a glob more than a literal.
const SPECIAL: [char; 7] = ['*', '?', '[', ']', '{', '}', '\\'];

impl Pattern {
    pub(crate) fn new(pattern: &str) -> Result<Self, globset::Error> {
        let glob = globset::Glob::new(pattern)?;
        Ok(match pattern.split_once('*') {
            None if !pattern.contains(SPECIAL) => Self::Exact(pattern.to_owned()),
            Some((prefix, suffix)) if !prefix.contains(SPECIAL) && !suffix.contains(SPECIAL) => {
                Self::Around {
                    prefix: prefix.to_owned(),
                    suffix: suffix.to_owned(),
                }
            }
            _ => Self::Glob(glob.compile_matcher()),
        })
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        match self {
            Self::Exact(s) => s == text,
            Self::Around { prefix, suffix } => {
                text.len() >= prefix.len() + suffix.len()
                    && text.starts_with(prefix.as_str())
                    && text.ends_with(suffix.as_str())
            }
            Self::Glob(g) => g.is_match(text),
        }
    }

    /// The glob as written.
    fn source(&self) -> Cow<'_, str> {
        match self {
            Self::Exact(s) => Cow::Borrowed(s),
            Self::Around { prefix, suffix } => Cow::Owned(format!("{prefix}*{suffix}")),
            Self::Glob(g) => Cow::Borrowed(g.glob().glob()),
        }
    }

    /// A literal every match must start with, end with, or contain, to find
    /// the pattern by: the longer of its literal prefix and suffix, else its
    /// longest literal run. None for a pattern without one (`*`, `?*`).
    fn key(&self) -> Option<Key> {
        let (prefix, suffix) = match self {
            Self::Exact(_) => return None,
            Self::Around { prefix, suffix } => (prefix.as_str(), suffix.as_str()),
            Self::Glob(g) => {
                let source = g.glob().glob();
                // `**/x` also matches `x`: its literals are not required as written.
                if source.contains("**") {
                    return None;
                }
                let prefix = &source[..source.find(SPECIAL).unwrap_or(source.len())];
                let suffix = &source[source.rfind(SPECIAL).map_or(0, |i| i + 1)..];
                if prefix.is_empty() && suffix.is_empty() {
                    // Runs between `*`, `?` and escapes are required in order;
                    // inside `[...]` or `{...}` they are alternatives.
                    if source.contains(['[', '{']) {
                        return None;
                    }
                    let longest = source.split(SPECIAL).max_by_key(|run| run.len())?;
                    return (!longest.is_empty()).then(|| Key::Inner(longest.to_owned()));
                }
                (prefix, suffix)
            }
        };
        if prefix.is_empty() && suffix.is_empty() {
            None
        } else if prefix.len() >= suffix.len() {
            Some(Key::Prefix(prefix.as_bytes().to_vec()))
        } else {
            Some(Key::Suffix(suffix.bytes().rev().collect()))
        }
    }
}

enum Key {
    Prefix(Vec<u8>),
    /// Reversed, so it is looked up like a prefix of the reversed text.
    Suffix(Vec<u8>),
    Inner(String),
}

/// Many patterns matched against one text at a time, in time that grows with
/// the text and with the patterns that could match it, not with how many
/// patterns there are.
///
/// globset's `GlobSet` puts every glob it cannot reduce to a literal, a
/// prefix or a suffix into one regex set, whose lazy DFA gives up on
/// thousands of them: 10,000 `u*x{N}@example.com` globs took 20 ms per
/// text. So each distinct pattern is filed under a literal it requires: the
/// whole text (exact), a prefix or a suffix (found by hashing the text's
/// prefixes and suffixes of the lengths filed), or a run inside (one
/// Aho-Corasick automaton); the few candidates are then confirmed by the
/// pattern itself. Only patterns without any literal (`?*`, `[ab]*`) are
/// tried on every text.
pub(crate) struct PatternSet {
    /// Distinct patterns, in the order of their first id, and the ids
    /// (positions in the input) that share each.
    slots: Vec<(Pattern, Vec<usize>)>,
    exact: BTreeMap<String, usize>,
    prefixes: Affixes,
    suffixes: Affixes,
    /// Inner runs, and the slots filed under each.
    inner: Option<(AhoCorasick, Vec<Vec<usize>>)>,
    unindexed: Vec<usize>,
}

/// Slots filed under a literal prefix (or reversed suffix), by its length and hash.
#[derive(Default)]
struct Affixes {
    by_key: BTreeMap<(usize, u64), Vec<usize>>,
    /// The distinct lengths filed, ascending.
    lengths: Vec<usize>,
}

/// A polynomial hash modulo 2^61 − 1, extended one byte at a time, so every
/// prefix of a text is hashed in one pass. Collisions only add candidates.
fn extend_hash(hash: u64, byte: u8) -> u64 {
    const MODULUS: u128 = (1 << 61) - 1;
    const BASE: u128 = 1_000_003;
    ((u128::from(hash) * BASE + u128::from(byte) + 1) % MODULUS) as u64
}

impl Affixes {
    fn insert(&mut self, key: &[u8], slot: usize) {
        let hash = key.iter().fold(0, |h, &b| extend_hash(h, b));
        self.by_key.entry((key.len(), hash)).or_default().push(slot);
        if let Err(at) = self.lengths.binary_search(&key.len()) {
            self.lengths.insert(at, key.len());
        }
    }

    /// Slots whose key starts `bytes`.
    fn candidates(&self, bytes: impl Iterator<Item = u8>, out: &mut Vec<usize>) {
        let Some(&longest) = self.lengths.last() else {
            return;
        };
        let mut lengths = self.lengths.iter().peekable();
        let mut hash = 0;
        for (read, byte) in bytes.take(longest).enumerate() {
            hash = extend_hash(hash, byte);
            if lengths.next_if_eq(&&(read + 1)).is_some()
                && let Some(slots) = self.by_key.get(&(read + 1, hash))
            {
                out.extend_from_slice(slots);
            }
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Patterns confirmed against a text on this thread, so tests can check
    /// that a lookup tries the candidates, not every pattern.
    static CONFIRMED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many patterns were confirmed against a text on this thread so far.
#[cfg(test)]
pub(crate) fn confirmed() -> usize {
    CONFIRMED.with(std::cell::Cell::get)
}

impl PatternSet {
    pub(crate) fn new(patterns: impl IntoIterator<Item = Pattern>) -> Self {
        let mut slots: Vec<(Pattern, Vec<usize>)> = Vec::new();
        let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
        for (id, pattern) in patterns.into_iter().enumerate() {
            let source = pattern.source().into_owned();
            if let Some(&slot) = by_source.get(&source) {
                slots[slot].1.push(id);
            } else {
                by_source.insert(source, slots.len());
                slots.push((pattern, vec![id]));
            }
        }
        let mut set = Self {
            slots: Vec::new(),
            exact: BTreeMap::new(),
            prefixes: Affixes::default(),
            suffixes: Affixes::default(),
            inner: None,
            unindexed: Vec::new(),
        };
        let mut runs: Vec<String> = Vec::new();
        let mut run_slots: Vec<Vec<usize>> = Vec::new();
        let mut run_index: BTreeMap<String, usize> = BTreeMap::new();
        for (slot, (pattern, _)) in slots.iter().enumerate() {
            if let Pattern::Exact(text) = pattern {
                set.exact.insert(text.clone(), slot);
                continue;
            }
            match pattern.key() {
                Some(Key::Prefix(key)) => set.prefixes.insert(&key, slot),
                Some(Key::Suffix(key)) => set.suffixes.insert(&key, slot),
                Some(Key::Inner(run)) => {
                    let next = runs.len();
                    let at = *run_index.entry(run.clone()).or_insert(next);
                    if at == next {
                        runs.push(run);
                        run_slots.push(Vec::new());
                    }
                    run_slots[at].push(slot);
                }
                None => set.unindexed.push(slot),
            }
        }
        // Building only fails past the automaton's size limits, far above
        // what capped config and policy files hold; the runs are then tried
        // one by one instead.
        match AhoCorasick::new(&runs) {
            Ok(automaton) if !runs.is_empty() => set.inner = Some((automaton, run_slots)),
            Ok(_) => {}
            Err(_) => set.unindexed.extend(run_slots.into_iter().flatten()),
        }
        set.unindexed.sort_unstable();
        set.slots = slots;
        set
    }

    /// The slots that could match `text`, ascending and distinct.
    fn candidates(&self, text: &str) -> Vec<usize> {
        let mut out = self.unindexed.clone();
        if let Some(&slot) = self.exact.get(text) {
            out.push(slot);
        }
        self.prefixes.candidates(text.bytes(), &mut out);
        self.suffixes.candidates(text.bytes().rev(), &mut out);
        if let Some((automaton, run_slots)) = &self.inner {
            let mut runs: Vec<usize> = automaton
                .find_overlapping_iter(text)
                .map(|m| m.pattern().as_usize())
                .collect();
            runs.sort_unstable();
            runs.dedup();
            out.extend(runs.into_iter().flat_map(|r| run_slots[r].iter().copied()));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn confirm(&self, slot: usize, text: &str) -> bool {
        #[cfg(test)]
        CONFIRMED.with(|c| c.set(c.get() + 1));
        self.slots[slot].0.is_match(text)
    }

    /// The lowest id of the patterns that match `text`.
    pub(crate) fn first_match(&self, text: &str) -> Option<usize> {
        // Slots are in the order of their first id.
        self.candidates(text)
            .into_iter()
            .find(|&slot| self.confirm(slot, text))
            .map(|slot| self.slots[slot].1[0])
    }

    /// Every id whose pattern matches `text`, ascending.
    pub(crate) fn matches(&self, text: &str) -> Vec<usize> {
        let mut ids: Vec<usize> = self
            .candidates(text)
            .into_iter()
            .filter(|&slot| self.confirm(slot, text))
            .flat_map(|slot| self.slots[slot].1.iter().copied())
            .collect();
        ids.sort_unstable();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::{Pattern, PatternSet, confirmed};

    #[test]
    fn patterns_match_like_globs() {
        for (pattern, text, expected) in [
            ("*@acme.com", "a@acme.com", true),
            ("*@acme.com", "a@acme.co", false),
            ("user00*", "user001@x", true),
            ("a*b", "ab", true),
            ("ab*ba", "aba", false),
            ("exact", "exact", true),
            ("e?act", "exact", true),
            ("{a,b}@x", "b@x", true),
            ("[ab]*", "c", false),
        ] {
            let fast = Pattern::new(pattern).unwrap().is_match(text);
            let glob = globset::Glob::new(pattern)
                .unwrap()
                .compile_matcher()
                .is_match(text);
            assert_eq!(fast, expected, "{pattern} ~ {text}");
            assert_eq!(fast, glob, "{pattern} ~ {text} as globset has it");
        }
    }

    /// Every shape of pattern, against texts that each shape does and does
    /// not match: the set answers exactly what trying each pattern answers.
    #[test]
    fn a_set_matches_what_its_patterns_match_one_by_one() {
        let patterns = [
            "a@x.com",
            "*@x.com",
            "user-*",
            "u*m",
            "*",
            "u?er-*",
            "*@x.co?",
            "*se*",
            "?*",
            "[ab]*@x.com",
            "{user,admin}-*",
            "**/r",
            "a\\*b",
            "*@x.com",
            "*x.c*m*",
            "App/{Reader,Editor}",
            "Ü*ß",
        ];
        let texts = [
            "a@x.com",
            "b@x.com",
            "user-1",
            "um",
            "admin-2",
            "usex",
            "a*b",
            "App/Reader",
            "App/r",
            "r",
            "ÜberTaß",
            "",
            "zzz",
            "a@x.coo",
        ];
        let compiled: Vec<Pattern> = patterns.iter().map(|p| Pattern::new(p).unwrap()).collect();
        let set = PatternSet::new(compiled.clone());
        for text in texts {
            let expected: Vec<usize> = (0..compiled.len())
                .filter(|&i| compiled[i].is_match(text))
                .collect();
            assert_eq!(set.matches(text), expected, "{text}");
            assert_eq!(set.first_match(text), expected.first().copied(), "{text}");
        }
    }

    /// Thousands of globs that match nothing, of each indexed shape, cost
    /// each text a handful of confirmations, not one per glob.
    #[test]
    fn a_text_is_confirmed_only_against_candidates() {
        for shape in [
            "nomatch{i}-*",
            "*-{i}@else.com",
            "u*x{i}@example.com",
            "*a{i}b*",
            "x{i}?*",
        ] {
            let set = PatternSet::new(
                (0..3_000).map(|i| Pattern::new(&shape.replace("{i}", &i.to_string())).unwrap()),
            );
            let before = confirmed();
            for j in 0..3_000 {
                assert_eq!(set.first_match(&format!("user{j}@example.com")), None);
            }
            let tried = confirmed() - before;
            assert!(tried <= 3_000 * 2, "{shape}: {tried} confirmations");
        }
    }
}
