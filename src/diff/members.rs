//! The members of both sides, compared: license changes, members added and
//! removed, and the changes of status and account type. One merge of the
//! two member lists, both sorted by email.

use super::{RoleKey, Side};
use crate::model::{AccountType, License, Member, Status};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LicenseChange {
    pub email: String,
    pub before: Option<License>,
    pub after: Option<License>,
    pub driver_before: Option<String>,
    pub driver_after: Option<String>,
    /// The member's status on each side (`None` where absent): an invited
    /// member holds a license but is not counted in the totals.
    pub status_before: Option<Status>,
    pub status_after: Option<Status>,
}

impl LicenseChange {
    /// ` (invited)` after a member who is invited on the side that gives the
    /// license shown, so a change that the totals do not count is explained.
    pub(crate) fn invited_mark(&self) -> &'static str {
        use crate::model::Status::Invited;
        match (self.status_before, self.status_after) {
            (_, Some(Invited)) | (Some(Invited), None) => " (invited)",
            (Some(Invited), Some(_)) => " (was invited)",
            _ => "",
        }
    }

    /// [`Self::invited_mark`], or ` (deactivated)` after a member who is
    /// deactivated on the side shown (a deactivated member holds no
    /// license), ` (was deactivated)` after one reactivated.
    pub(crate) fn status_mark(&self) -> &'static str {
        use crate::model::Status::Deactivated;
        match (self.status_before, self.status_after) {
            (_, Some(Deactivated)) | (Some(Deactivated), None) => " (deactivated)",
            (Some(Deactivated), Some(_)) => " (was deactivated)",
            _ => self.invited_mark(),
        }
    }
}

#[derive(Default)]
pub(super) struct MemberChanges<'m> {
    pub changes: Vec<LicenseChange>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub admin_gained: Vec<(String, AccountType)>,
    pub status_changes: Vec<(String, Status, Status)>,
    pub account_type_changes: Vec<(String, AccountType, AccountType)>,
    /// License changes per role that drives them: a license that rose counts
    /// under the role driving it after the change, one that fell under the
    /// role driving it before. A member who holds an edited role but moved
    /// because of another one is not counted under the edited role.
    pub moved_by_role: BTreeMap<RoleKey<'m>, usize>,
}

/// License changes, members added and removed, and new admins: one merge of
/// the two member lists (both sorted by email).
pub(super) fn members<'m>(old: &Side<'m>, new: &Side<'m>) -> MemberChanges<'m> {
    use std::cmp::Ordering;
    let (a, b) = (&old.workspace.model.members, &new.workspace.model.members);
    let mut out = MemberChanges::default();
    let license =
        |side: &Side<'_>, k: Option<usize>| k.and_then(|k| side.licenses.members[k].license);
    // Drivers are formatted only for members whose license changes.
    let driver = |side: &Side<'_>, k: Option<usize>| {
        k.and_then(|k| side.licenses.members[k].driver)
            .map(|d| d.to_string())
    };
    let can_manage = |m: &Member| m.is_active() && m.account_type.value.can_manage_members();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.key.cmp(&y.key),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let (before, after) = match order {
            Ordering::Less => {
                out.removed.push(a[i].key.to_string());
                (Some(i), None)
            }
            Ordering::Greater => {
                out.added.push(b[j].key.to_string());
                if can_manage(&b[j]) {
                    out.admin_gained
                        .push((b[j].key.to_string(), b[j].account_type.value));
                }
                (None, Some(j))
            }
            Ordering::Equal => {
                let (x, y) = (&a[i], &b[j]);
                if can_manage(y) && !can_manage(x) {
                    out.admin_gained
                        .push((y.key.to_string(), y.account_type.value));
                }
                if x.status != y.status {
                    out.status_changes
                        .push((y.key.to_string(), x.status, y.status));
                }
                if x.account_type.value != y.account_type.value {
                    out.account_type_changes.push((
                        y.key.to_string(),
                        x.account_type.value,
                        y.account_type.value,
                    ));
                }
                (Some(i), Some(j))
            }
        };
        let email = match (before, after) {
            (_, Some(k)) => &b[k].key,
            (Some(k), None) => &a[k].key,
            (None, None) => unreachable!("one side has the member"),
        };
        if license(old, before) != license(new, after) {
            let rose = license(new, after) > license(old, before);
            let (side, k) = if rose { (new, after) } else { (old, before) };
            if let Some(crate::license::Driver::Role {
                role, application, ..
            }) = k.and_then(|k| side.licenses.members[k].driver)
            {
                *out.moved_by_role.entry((application, role)).or_default() += 1;
            }
            out.changes.push(LicenseChange {
                email: email.to_string(),
                before: license(old, before),
                after: license(new, after),
                driver_before: driver(old, before),
                driver_after: driver(new, after),
                status_before: before.map(|k| a[k].status),
                status_after: after.map(|k| b[k].status),
            });
        }
        i += usize::from(before.is_some());
        j += usize::from(after.is_some());
    }
    out
}
