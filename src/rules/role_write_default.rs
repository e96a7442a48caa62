use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::{FixEdit, Subject, Text};
use crate::license::Driver;
use crate::model::{DefaultAccess, RoleRef};

/// The help of every finding; one that moves members adds by how much.
const HELP: &str = "set `default_access = \"read\"` (or \"none\") and grant write only through data access rights where it is needed (`swatch fix --unsafe` sets read)";
/// What the fix does, then what it moves (a macro, for `concat!`).
macro_rules! fix_summary {
    () => {
        "set `default_access = \"read\"`: holders lose write access by default"
    };
}

declare_rule!(
    RoleWriteDefault,
    id = "role-write-default",
    severity = Warning,
    category = Licenses,
    fix = Unsafe
);

impl Check for RoleWriteDefault {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for (a, app) in cx.model.applications.iter().enumerate() {
            // Holders of each defined role, in one pass over the assignments.
            let mut holders: Vec<Vec<usize>> = vec![Vec::new(); app.roles.len()];
            for assignment in &app.assignments {
                if let (Some(RoleRef::Defined(r)), Some(i)) =
                    (app.role_ref_of(assignment), assignment.member())
                {
                    holders[r as usize].push(i as usize);
                }
            }
            for (r, role) in app.roles.iter().enumerate() {
                let access = role.grants.default_access;
                if !access.grants_write() {
                    continue;
                }
                // What `read` would save: re-derive each active holder's
                // license with this role's default access set to read.
                let this = RoleRef::Defined(r as u32);
                let mut moved = 0;
                let mut saving = 0;
                for &i in &holders[r] {
                    let member = &cx.model.members[i];
                    let derived = cx.license_of(i);
                    let (Some(now), true) = (derived.license, member.is_active()) else {
                        continue;
                    };
                    // A license is the highest any source gives: one that
                    // this role does not drive stays where it is.
                    let driven_here = matches!(
                        derived.driver,
                        Some(Driver::Role { role: by, application, .. })
                            if application == app.name && by == role.name
                    );
                    if !driven_here {
                        continue;
                    }
                    let after =
                        cx.licenses
                            .what_if(i, member.account_type.value, |held, grants| {
                                if held.application as usize == a
                                    && app.role_ref_of(&app.assignments[held.assignment as usize])
                                        == Some(this)
                                {
                                    crate::model::Grants {
                                        default_access: DefaultAccess::Read,
                                        ..grants
                                    }
                                } else {
                                    grants
                                }
                            });
                    if after.license < Some(now) {
                        moved += 1;
                        saving += cx.saving(now, after.license);
                    }
                }
                let how = if role.default_access_written {
                    format!("`default_access = \"{access}\"`")
                } else {
                    "no `default_access`, which means unspecified".to_owned()
                };
                let unspecified = if access == DefaultAccess::Unspecified {
                    "; Pigment counts unspecified as write, so holders need a paid write license"
                } else {
                    ""
                };
                let message = format!(
                    "the role {} in {} has {how}{unspecified}",
                    quote(&role.name),
                    quote(&app.name)
                );
                // Most roles move nobody: their texts are the same for all.
                let (help, summary) = if moved > 0 {
                    let impact = format!(
                        "{moved} member{} would move to a lower license, saving {}",
                        if moved == 1 { "" } else { "s" },
                        cx.money(saving)
                    );
                    (
                        Text::from(format!("{HELP}; with read, {impact}")),
                        Text::from(format!("{}; {impact}", fix_summary!())),
                    )
                } else {
                    (
                        Text::from(HELP),
                        Text::from(concat!(fix_summary!(), "; no license changes")),
                    )
                };
                let label = if access == DefaultAccess::Unspecified {
                    "default access unspecified"
                } else {
                    "default access write"
                };
                let finding = cx
                    .report(
                        Subject::role(&app.name, &role.name),
                        Some(role.loc),
                        message,
                    )
                    .label(label)
                    .help(help)
                    .unsafe_fix(
                        summary,
                        smallvec::smallvec![FixEdit::DefaultAccessRead {
                            role: role.name.clone(),
                            loc: role.loc,
                        }],
                    );
                if saving > 0 {
                    finding.saving(saving);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    #[test]
    fn fires_for_write_and_for_an_omitted_default_with_the_saving() {
        let app = r#"
[application]
name = "A"
[roles.W]
permissions = ["display_application"]
default_access = "write"
[roles.U]
permissions = ["display_application"]
[members]
"m@x.com" = "U"
"#;
        let member = "[[member]]\nemail = \"m@x.com\"\naccount_type = \"standard_member\"\n";
        let findings = check(&RoleWriteDefault, &[("a.toml", app), ("m.toml", member)]);
        assert_eq!(subjects(&findings), ["A/W", "A/U"]);
        assert!(
            findings[1].message.contains("unspecified as write"),
            "{}",
            findings[1].message
        );
        // contributor (1600) → explorer (650)
        assert_eq!(findings[1].yearly_saving(), Some(95_000));
        assert_eq!(findings[0].yearly_saving(), None);
    }

    #[test]
    fn silent_for_read_none_and_default_roles() {
        let app = "[application]\nname = \"A\"\n[roles.R]\npermissions = []\ndefault_access = \"read\"\n[roles.N]\npermissions = []\ndefault_access = \"none\"\n[members]\n\"m@x.com\" = \"Modeler\"\n";
        assert!(check(&RoleWriteDefault, &[("a.toml", app)]).is_empty());
    }
}
