//! Roles whose grants differ between the sides: a line diff of each, and
//! how many license changes it drives.

use super::RoleKey;
use crate::model::{Application, Grants};
use std::collections::{BTreeMap, BTreeSet};

/// A role whose grants differ between the sides.
#[derive(Debug)]
pub(crate) struct RoleChange {
    pub application: String,
    pub role: String,
    pub before: Option<Grants>,
    pub after: Option<Grants>,
    /// `+ permission` / `- permission` lines, from `similar`.
    pub lines: Vec<String>,
    /// License changes this role drives (see `MemberChanges::moved_by_role`):
    /// each change counts under one role at most, so the sections add up.
    pub moved: usize,
}

/// Roles of one application whose grants differ.
pub(super) fn roles(
    name: &str,
    before: Option<&Application>,
    after: Option<&Application>,
    moved_by_role: &BTreeMap<RoleKey<'_>, usize>,
) -> Vec<RoleChange> {
    let defined: BTreeSet<&str> = before
        .iter()
        .chain(after.iter())
        .flat_map(|app| app.roles.iter().map(|r| r.name.as_str()))
        .collect();
    let mut out = Vec::new();
    for role in defined {
        // An application that does not exist has no roles, not even defaults.
        let x = before.and_then(|app| app.role(role)).map(|r| r.grants);
        let y = after.and_then(|app| app.role(role)).map(|r| r.grants);
        if x == y {
            continue;
        }
        let moved = moved_by_role.get(&(name, role)).copied().unwrap_or(0);
        out.push(RoleChange {
            application: name.to_owned(),
            role: role.to_owned(),
            before: x,
            after: y,
            lines: grant_lines(x, y),
            moved,
        });
    }
    out
}

/// A role's grants as lines, one permission each, then the default access.
fn grants_text(grants: Option<Grants>) -> String {
    let Some(g) = grants else {
        return String::new();
    };
    let permissions: String = g.permissions.iter().map(|p| format!("{p}\n")).collect();
    format!("{permissions}default_access = {}\n", g.default_access)
}

/// `+ line` / `- line` for what changed between two grants.
fn grant_lines(before: Option<Grants>, after: Option<Grants>) -> Vec<String> {
    let (x, y) = (grants_text(before), grants_text(after));
    similar::TextDiff::from_lines(&x, &y)
        .iter_all_changes()
        .filter_map(|change| {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => return None,
            };
            Some(format!("{sign} {}", change.value().trim_end()))
        })
        .collect()
}
