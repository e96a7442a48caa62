use super::{Rule, RuleContext, RuleMeta, declare_rule};
use crate::finding::SubjectKind;

declare_rule!(
    UnknownRole,
    id = "unknown-role",
    severity = Error,
    category = References
);

impl Rule for UnknownRole {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut RuleContext<'_>) {
        let mut budget = SIMILARITY_BUDGET;
        for app in &cx.model.applications {
            let mut unknown = app
                .assignments
                .iter()
                .filter(|s| s.role_ref.is_none())
                .peekable();
            if unknown.peek().is_none() {
                continue;
            }
            let names: Vec<&str> = app.all_roles().map(|r| r.name).collect();
            // One help per distinct unknown name: thousands of assignments of
            // one typo cost one search, not one each.
            let mut helps: std::collections::BTreeMap<&str, String> =
                std::collections::BTreeMap::new();
            for assignment in unknown {
                let role = assignment.role.value.as_str();
                let help = helps
                    .entry(role)
                    .or_insert_with(|| help(role, &names, &mut budget))
                    .clone();
                cx.report(
                    SubjectKind::Assignment,
                    format!("{}/{}", app.name, assignment.key),
                    Some(assignment.loc),
                    format!(
                        "`{}` is given the role `{}`, which `{}` does not have",
                        assignment.key, assignment.role.value, app.name
                    ),
                )
                .label("no such role")
                .help(help);
            }
        }
    }
}

/// Role names shown in the help of one finding.
const SHOWN: usize = 5;
/// Name comparisons a run may spend ranking roles by similarity; past it,
/// roles are listed in name order, so a hostile file stays linear.
const SIMILARITY_BUDGET: usize = 2_000_000;

/// "did you mean", else the closest few roles and how many more there are.
fn help(role: &str, names: &[&str], budget: &mut usize) -> String {
    let mut ranked: Vec<&str> = names.to_vec();
    if *budget >= names.len() {
        *budget -= names.len();
        if let Some(close) = crate::load::reader::did_you_mean(role, names.iter().copied()) {
            return format!("did you mean `{close}`? Role names are case-sensitive");
        }
        let mut scored: Vec<(f64, &str)> = names
            .iter()
            .map(|&n| (strsim::jaro_winkler(role, n), n))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        ranked = scored.into_iter().map(|(_, n)| n).collect();
    }
    let which = if names.len() > SHOWN {
        format!("one of the {SHOWN} closest")
    } else {
        "one of".to_owned()
    };
    format!(
        "define [roles.\"{role}\"] in this file, or use {which}: {}",
        crate::finding::capped_list(&ranked, SHOWN)
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
        assert!(help.ends_with(", and 2,000 more"), "{help}");
        assert!(help.len() < 200, "{help}");
    }

    #[test]
    fn silent_for_defined_and_default_roles() {
        let app = "[application]\nname = \"A\"\n[roles.Planner]\npermissions = []\ndefault_access = \"read\"\n[members]\n\"a@x.com\" = \"Planner\"\n\"b@x.com\" = \"Designer\"\n";
        assert!(check(&UnknownRole, &[("a.toml", app)]).is_empty());
    }
}
