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
            for assignment in unknown {
                let help = match crate::load::reader::did_you_mean(
                    &assignment.role.value,
                    names.iter().copied(),
                ) {
                    Some(close) => format!("did you mean `{close}`? Role names are case-sensitive"),
                    None => format!(
                        "define [roles.\"{}\"] in this file, or use one of: {}",
                        assignment.role.value,
                        names.join(", ")
                    ),
                };
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
    fn silent_for_defined_and_default_roles() {
        let app = "[application]\nname = \"A\"\n[roles.Planner]\npermissions = []\ndefault_access = \"read\"\n[members]\n\"a@x.com\" = \"Planner\"\n\"b@x.com\" = \"Designer\"\n";
        assert!(check(&UnknownRole, &[("a.toml", app)]).is_empty());
    }
}
