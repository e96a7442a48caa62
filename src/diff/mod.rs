//! Two analysed workspaces side by side → what a change does to licenses,
//! access, roles and findings. Everything is matched by identity (email,
//! application, role, finding rule + subject), never by file or line, so
//! moving or reformatting entries is no change.
//!
//! Members are compared by a merge of the two sorted lists; applications
//! whose roles, assignments and owner are unchanged are skipped whole, so
//! the cost follows the size of the change, not of the workspace.
//!
//! One file per concern: [`members`] (license changes, members added and
//! removed), [`access`] (who can do what), [`roles`] (grants of roles),
//! [`findings`] (new and resolved), [`gates`] (the thresholds); [`sides`]
//! loads both sides, [`base_settings`] holds the settings the base
//! governs, [`review`] runs the whole comparison.

pub(crate) mod access;
pub(crate) mod base_settings;
pub(crate) mod findings;
pub(crate) mod gates;
pub(crate) mod members;
pub(crate) mod review;
pub(crate) mod roles;
pub(crate) mod sides;

pub(crate) use access::{Access, Escalation, Grant, OwnerChange};
pub(crate) use findings::Grown;
pub(crate) use gates::{CostLimit, GateResult, Gates};
pub(crate) use members::LicenseChange;
pub(crate) use review::Awaiting;
pub(crate) use roles::RoleChange;

use crate::finding::{Finding, Severity};
use crate::license::{Licenses, Totals};
use crate::load::Workspace;
use crate::model::{Amount, Application, License, Model, Status};
use std::collections::BTreeSet;

/// One analysed side.
pub(crate) struct Side<'a> {
    pub workspace: &'a Workspace,
    pub licenses: &'a Licenses<'a>,
    /// After the base side's waivers.
    pub findings: &'a [Finding],
    /// The findings the base side's baseline hides on this side.
    pub baselined: &'a [&'a Finding],
}

pub(crate) struct Diff<'a> {
    pub old: Side<'a>,
    pub new: Side<'a>,
    pub changes: Vec<LicenseChange>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub totals_before: Totals,
    pub totals_after: Totals,
    pub access: Access,
    pub roles: Vec<RoleChange>,
    pub new_findings: Vec<&'a Finding>,
    /// Findings on both sides whose size grew (see [`Grown`]).
    pub grown_findings: Vec<Grown<'a>>,
    /// Including findings the base's baseline hid on the old side.
    pub resolved_findings: Vec<&'a Finding>,
    /// Which of `resolved_findings` the baseline hid.
    resolved_baselined: BTreeSet<findings::Identity<'a>>,
}

/// A role in an application: (application, role).
type RoleKey<'m> = (&'m str, &'m str);

pub(crate) fn diff<'a>(old: Side<'a>, new: Side<'a>) -> Diff<'a> {
    let members::MemberChanges {
        changes,
        added,
        removed,
        admin_gained,
        status_changes,
        account_type_changes,
        moved_by_role,
    } = members::members(&old, &new);
    let top_license_gained = changes
        .iter()
        .filter(|c| c.after == Some(License::Editor) && c.before != Some(License::Editor))
        .map(|c| c.email.clone())
        .collect();
    let mut access = Access {
        admin_gained,
        status_changes,
        account_type_changes,
        top_license_gained,
        ..Access::default()
    };
    let (a, b) = (&old.workspace.model, &new.workspace.model);
    // A deactivated member's roles give nothing: deactivating or
    // reactivating someone changes access in applications that are the same.
    let deactivated = |s: &Status| *s == Status::Deactivated;
    let reactivated_or_deactivated: BTreeSet<&str> = access
        .status_changes
        .iter()
        .filter(|(_, x, y)| deactivated(x) != deactivated(y))
        .map(|(email, ..)| email.as_str())
        .collect();
    let mut roles = Vec::new();
    for (name, before, after) in changed_applications(a, b, &reactivated_or_deactivated) {
        access::application(name, (before, a), (after, b), &mut access);
        roles.extend(roles::roles(name, before, after, &moved_by_role));
    }
    access::owned_things(a, b, &mut access);
    let findings::FindingChanges {
        introduced: new_findings,
        grown: grown_findings,
        resolved: resolved_findings,
        resolved_baselined,
    } = findings::findings(&old, &new);
    Diff {
        totals_before: old.licenses.totals(),
        totals_after: new.licenses.totals(),
        old,
        new,
        changes,
        added,
        removed,
        access,
        roles,
        new_findings,
        grown_findings,
        resolved_findings,
        resolved_baselined,
    }
}

/// An application by name, on each side (`None` where it does not exist).
type ApplicationPair<'m> = (&'m str, Option<&'m Application>, Option<&'m Application>);

/// The applications whose roles, assignments or owner differ, or that
/// give a role to one of `members` (or are owned by one), by name.
fn changed_applications<'m>(
    a: &'m Model,
    b: &'m Model,
    members: &BTreeSet<&str>,
) -> Vec<ApplicationPair<'m>> {
    let names: BTreeSet<&str> = a
        .applications
        .iter()
        .chain(&b.applications)
        .map(|app| app.name.as_str())
        .collect();
    let involves = |app: &Application| {
        let named = |email: &str| members.contains(crate::model::lowercase(email).as_ref());
        !members.is_empty()
            && (app.assignments.iter().any(|x| named(b.email_of(app, x)))
                || app.owner.as_ref().is_some_and(|o| named(&o.value)))
    };
    names
        .into_iter()
        .map(|name| (name, a.application(name), b.application(name)))
        .filter(|(_, before, after)| match (before, after) {
            (Some(x), Some(y)) => !same_setup((a, x), (b, y)) || involves(y),
            _ => true,
        })
        .collect()
}

/// Whether an application gives the same rights on both sides (no allocation:
/// this runs for every application of a 100k-member workspace).
fn same_setup((a_model, a): (&Model, &Application), (b_model, b): (&Model, &Application)) -> bool {
    let owner = |app: &Application| {
        app.owner
            .as_ref()
            .map(|o| crate::model::lowercase(&o.value).into_owned())
    };
    a.roles.len() == b.roles.len()
        && a.roles
            .iter()
            .zip(&b.roles)
            .all(|(x, y)| x.name == y.name && x.grants == y.grants)
        && a.assignments.len() == b.assignments.len()
        && a.assignments.iter().zip(&b.assignments).all(|(x, y)| {
            a_model.email_of(a, x) == b_model.email_of(b, y)
                && a.written_role(x).value == b.written_role(y).value
        })
        && owner(a) == owner(b)
}

impl Diff<'_> {
    pub(crate) fn cost_before(&self) -> i64 {
        self.totals_before.annual_cost(&self.old.workspace.model)
    }

    pub(crate) fn cost_after(&self) -> i64 {
        self.totals_after.annual_cost(&self.new.workspace.model)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.access.is_empty()
            && self.roles.is_empty()
            && self.new_findings.is_empty()
            && self.grown_findings.is_empty()
            && self.resolved_findings.is_empty()
    }

    /// ` (baselined)` after a resolved finding the baseline hid, which the
    /// base side's own report never showed.
    pub(crate) fn resolved_mark(&self, f: &Finding) -> &'static str {
        if self.resolved_baselined.contains(&f.identity()) {
            " (baselined)"
        } else {
            ""
        }
    }

    /// "1 new, 2 resolved", and "1 grown" between them when a finding grew.
    pub(crate) fn finding_counts(&self) -> String {
        let grown = match self.grown_findings.len() {
            0 => String::new(),
            n => format!("{n} grown, "),
        };
        format!(
            "{} new, {grown}{} resolved",
            self.new_findings.len(),
            self.resolved_findings.len()
        )
    }

    /// `cents` as every part of a diff prints money: whole dollars only
    /// when both sides' prices are.
    pub(crate) fn amount(&self, cents: i64) -> Amount {
        let (old, new) = (&self.old.workspace.model, &self.new.workspace.model);
        Amount {
            cents,
            whole: old.prices.whole_dollars() && new.prices.whole_dollars(),
        }
    }

    /// Whether a listed license change is one the totals leave out.
    pub(crate) fn counts_invited_changes(&self) -> bool {
        self.changes.iter().any(|c| !c.invited_mark().is_empty())
    }

    /// "+2 editors, -1 explorer, +$5,500/yr, 1 new error".
    pub(crate) fn headline(&self) -> String {
        let lm = self.new.workspace.model.license_model;
        let mut parts = Vec::new();
        for &license in lm.licenses() {
            let delta =
                self.totals_after.get(license) as i64 - self.totals_before.get(license) as i64;
            if delta != 0 {
                let name = lm.name(license);
                parts.push(format!(
                    "{delta:+} {name}{}",
                    if delta.abs() == 1 { "" } else { "s" }
                ));
            }
        }
        let cost = self.cost_after() - self.cost_before();
        if cost != 0 {
            let sign = if cost > 0 { "+" } else { "" };
            parts.push(format!("{sign}{}/yr", self.amount(cost)));
        }
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let n = self
                .new_findings
                .iter()
                .filter(|f| f.severity == severity)
                .count();
            if n > 0 {
                parts.push(format!(
                    "{n} new {}",
                    if n == 1 {
                        severity.to_string()
                    } else {
                        format!("{severity}s")
                    }
                ));
            }
        }
        let grown = self.grown_findings.len();
        if grown > 0 {
            parts.push(format!("{grown} grown"));
        }
        let resolved = self.resolved_findings.len();
        if resolved > 0 {
            parts.push(format!("{resolved} resolved"));
        }
        let settings = &self.access.settings;
        if !settings.is_empty() {
            let keys: Vec<&str> = settings.iter().map(|c| c.key.as_str()).collect();
            parts.push(format!(
                "edits {} (the base's settings apply)",
                keys.join(", ")
            ));
        }
        if parts.is_empty() {
            if self.is_empty() {
                "no change".to_owned()
            } else {
                "access changes only".to_owned()
            }
        } else {
            parts.join(", ")
        }
    }
}
