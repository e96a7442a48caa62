use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::{FixEdit, Subject, Text};

declare_rule!(
    UnknownRole,
    id = "unknown-role",
    severity = Error,
    category = References,
    fix = Unsafe
);

impl Check for UnknownRole {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let mut budget = SIMILARITY_BUDGET;
        for app in &cx.model.applications {
            let mut unknown = app
                .assignments
                .iter()
                .filter(|s| app.role_ref_of(s).is_none())
                .peekable();
            if unknown.peek().is_none() {
                continue;
            }
            let names: Vec<&str> = app.all_roles().map(|r| r.name).collect();
            // One search per distinct unknown name: thousands of assignments
            // of one typo cost one, not one each. The budget is spent on a
            // name's first assignment, so the fixes do not depend on which
            // findings keep their words; the help is made the first time a
            // finding keeps it.
            let mut searched: std::collections::BTreeMap<&str, Searched<'_>> =
                std::collections::BTreeMap::new();
            for assignment in unknown {
                let email = cx.model.email_of(app, assignment);
                let loc = app.line_loc(assignment);
                let role = app.written_role(assignment).value;
                let search = searched.entry(role).or_insert_with(|| Searched {
                    replacement: unique_close(role, &names, &mut budget),
                    ranked: spend(&mut budget, names.len()),
                    help: None,
                });
                let replacement = search.replacement;
                let finding = cx
                    .report_with(Subject::assignment(&app.name, email), Some(loc), || {
                        let message = format!(
                            "{} is given the role {}, which {} does not have",
                            quote(email),
                            quote(role),
                            quote(&app.name)
                        );
                        let help = search
                            .help
                            .get_or_insert_with(|| {
                                Text::from(help(role, &names, search.ranked)).shared()
                            })
                            .clone();
                        let help = match replacement {
                            Some(_) => help,
                            None => Text::from(super::no_fix(
                                &help,
                                &format!(
                                    "--assign {}",
                                    super::quoted(&format!("{}/{email}=ROLE", app.name))
                                ),
                            )),
                        };
                        (message.into(), help)
                    })
                    .label("no such role");
                if let Some(close) = replacement {
                    finding.unsafe_fix(
                        format!("give `{email}` the role `{close}` instead (it grants that role's access)"),
                        smallvec::smallvec![FixEdit::Reassign {
                            key: email.to_owned(),
                            role: close.to_owned(),
                            loc,
                        }],
                    );
                }
            }
        }
    }
}

/// What is known of one unknown role name.
struct Searched<'n> {
    /// The one role close enough for `swatch fix` to reassign to.
    replacement: Option<&'n str>,
    /// Whether the budget let the help rank the roles by similarity.
    ranked: bool,
    /// The help, once a finding kept it.
    help: Option<Text>,
}

/// Role names shown in the help of one finding.
const SHOWN: usize = 5;
/// Name comparisons a run may spend ranking roles by similarity; past it,
/// roles are listed in name order, so a hostile file stays linear.
const SIMILARITY_BUDGET: usize = 2_000_000;

/// The edit distance within which `swatch fix` reassigns an unknown role.
const FIX_DISTANCE: usize = 2;
/// Longer names are not compared for a fix: the distance costs their
/// product, and a role name that long is no typo of another.
const FIX_NAME_LIMIT: usize = 256;

/// Role names are case-sensitive, but a difference in case only is one
/// edit however many letters it changes.
fn distance(a: &str, b: &str) -> usize {
    // ASCII names (nearly all) compare without lower-cased copies: this
    // runs for every name of the application's length.
    let same_but_case = if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    };
    if same_but_case {
        1
    } else {
        strsim::levenshtein(a, b)
    }
}

/// The one role within [`FIX_DISTANCE`] of `role`, if exactly one is.
fn unique_close<'n>(role: &str, names: &[&'n str], budget: &mut usize) -> Option<&'n str> {
    if role.len() > FIX_NAME_LIMIT || !spend(budget, names.len()) {
        return None;
    }
    let mut close = names.iter().copied().filter(|name| {
        // The distance is at least the difference in length: skip the rest cheaply.
        name.len() <= FIX_NAME_LIMIT
            && name.len().abs_diff(role.len()) <= FIX_DISTANCE
            && distance(role, name) <= FIX_DISTANCE
    });
    match (close.next(), close.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Take `cost` comparisons from the budget, if it has them.
fn spend(budget: &mut usize, cost: usize) -> bool {
    let enough = *budget >= cost;
    if enough {
        *budget -= cost;
    }
    enough
}

/// "did you mean", else the closest few roles (`ranked`: by similarity,
/// else in name order) and how many more there are.
fn help(role: &str, names: &[&str], ranked: bool) -> String {
    // Unranked, the roles are listed straight from `names`: copying 150,000
    // names for each unknown one was quadratic (#9).
    let mut closest: Option<Vec<&str>> = None;
    if ranked {
        // Each name scored once, for the suggestion and for the ranking.
        let mut scored: Vec<(f64, &str)> = names
            .iter()
            .map(|&n| (strsim::jaro_winkler(role, n), n))
            .collect();
        if let Some(close) = crate::toml_read::closest(scored.iter().copied()) {
            return format!("did you mean `{close}`? Role names are case-sensitive");
        }
        // Only the first few are shown: select them, then sort those alone
        // (a full sort of 150,000 scores for each unknown name was a
        // quarter of this rule's time on a hostile file).
        let closer = |a: &(f64, &str), b: &(f64, &str)| b.0.total_cmp(&a.0).then(a.1.cmp(b.1));
        if scored.len() > SHOWN {
            scored.select_nth_unstable_by(SHOWN, closer);
        }
        let shown = &mut scored[..SHOWN.min(names.len())];
        shown.sort_by(closer);
        closest = Some(shown.iter().map(|&(_, n)| n).collect());
    }
    let which = if names.len() > SHOWN {
        format!("one of the {SHOWN} closest")
    } else {
        "one of".to_owned()
    };
    format!(
        "define [roles.\"{role}\"] in this file, or use {which}: {}",
        crate::finding::listed_of(
            closest
                .as_deref()
                .unwrap_or(&names[..SHOWN.min(names.len())]),
            names.len()
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    #[test]
    fn fires_for_a_missing_role_and_a_case_mismatch() {
        let app = "[application]\nname = \"A\"\n[roles.Planner]\npermissions = []\ndefault_access = \"read\"\n[members]\n\"a@x.com\" = \"Sales Lead\"\n\"b@x.com\" = \"planner\"\n";
        let findings = check(&UnknownRole, &[("a.toml", app)]);
        assert_eq!(subjects(&findings), ["A/a@x.com", "A/b@x.com"]);
        assert!(findings[1].help.contains("did you mean `Planner`?"));
    }

    #[test]
    fn the_fix_reassigns_only_to_a_unique_close_role() {
        let app = "[application]\nname = \"A\"\n[roles.Planner]\npermissions = []\ndefault_access = \"read\"\n[roles.Planer2]\npermissions = []\ndefault_access = \"read\"\n[members]\n\"a@x.com\" = \"PLANNER\"\n\"b@x.com\" = \"Planer\"\n\"c@x.com\" = \"Sales\"\n\"d@x.com\" = \"Readr\"\n";
        let findings = check(&UnknownRole, &[("a.toml", app)]);
        let fixed: Vec<Option<&str>> = findings
            .iter()
            .map(|f| match f.fix().map(|x| &x.edits[..]) {
                Some([FixEdit::Reassign { role, .. }]) => Some(role.as_str()),
                _ => None,
            })
            .collect();
        // Case only: one edit. `Planer` is within 2 of Planner and Planer2. `Readr` of Reader only.
        assert_eq!(fixed, [Some("Planner"), None, None, Some("Reader")]);
        assert!(
            findings[2].help.contains("no automatic fix"),
            "{}",
            findings[2].help
        );
    }

    #[test]
    fn the_help_names_five_roles_and_counts_the_rest() {
        let mut app = "[application]\nname = \"A\"\n".to_owned();
        for i in 0..2_000 {
            app.push_str(&format!(
                "[roles.R{i:04}]\npermissions = []\ndefault_access = \"read\"\n"
            ));
        }
        app.push_str("[members]\n\"a@x.com\" = \"zzz\"\n");
        let findings = check(&UnknownRole, &[("a.toml", &app)]);
        let help = &findings[0].help;
        assert!(help.contains("the 5 closest"), "{help}");
        assert!(
            help.contains(", and 2,000 more; no automatic fix"),
            "{help}"
        );
        assert!(help.len() < 300, "{help}");
    }

    #[test]
    fn the_closest_roles_are_those_a_full_ranking_puts_first() {
        // Many equal scores: the tie on the name must order them as a full sort does.
        let names: Vec<String> = (0..500).map(|i| format!("R{:03}x", i % 250 * 4)).collect();
        let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
        names.sort_unstable();
        names.dedup();
        // Out of name order, so that the order shown comes from the ranking.
        names.sort_by_key(|n| n.bytes().rev().collect::<Vec<u8>>());
        let mut full: Vec<(f64, &str)> = names
            .iter()
            .map(|&n| (strsim::jaro_winkler("Qz1", n), n))
            .collect();
        full.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let expected: Vec<&str> = full.iter().take(SHOWN).map(|&(_, n)| n).collect();
        let help = help("Qz1", &names, true);
        assert!(
            help.ends_with(&format!("{}, and 245 more", expected.join(", "))),
            "{help}"
        );
    }

    #[test]
    fn silent_for_defined_and_default_roles() {
        let app = "[application]\nname = \"A\"\n[roles.Planner]\npermissions = []\ndefault_access = \"read\"\n[members]\n\"a@x.com\" = \"Planner\"\n\"b@x.com\" = \"Designer\"\n";
        assert!(check(&UnknownRole, &[("a.toml", app)]).is_empty());
    }
}
