//! Two analysed workspaces side by side → what a change does to licenses,
//! access, roles and findings. Everything is matched by identity (email,
//! application, role, finding rule + subject), never by file or line, so
//! moving or reformatting entries is no change.
//!
//! Members are compared by a merge of the two sorted lists; applications
//! whose roles, assignments and owner are unchanged are skipped whole, so
//! the cost follows the size of the change, not of the workspace.

pub mod base_settings;
pub mod review;
pub mod sides;

use crate::code_span::quote;
use crate::finding::{Finding, Severity, Subject};
use crate::finding::{LISTED, capped_list};
use crate::license::{Licenses, Totals};
use crate::load::Workspace;
use crate::model::{AccountType, Amount, Application, Grants, License, Permission, Status};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One analysed side.
pub struct Side<'a> {
    pub workspace: &'a Workspace,
    pub licenses: &'a Licenses<'a>,
    /// After the base side's waivers.
    pub findings: &'a [Finding],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseChange {
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

/// A role held by a member in an application, before → after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMove {
    pub application: String,
    pub email: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Who gains (or loses) a right in an application.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grant {
    pub application: String,
    pub email: String,
}

/// An entity whose owner changes; `None` where it does not exist on a side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerChange {
    pub name: String,
    pub before: Option<Option<String>>,
    pub after: Option<Option<String>>,
}

#[derive(Debug, Default)]
pub struct Access {
    pub roles: Vec<RoleMove>,
    pub write_gained: Vec<Grant>,
    pub write_lost: Vec<Grant>,
    pub security_gained: Vec<Grant>,
    /// Members who can now manage members: (email, new account type).
    pub admin_gained: Vec<(String, AccountType)>,
    /// Members whose status changes: (email, before, after).
    pub status_changes: Vec<(String, Status, Status)>,
    /// Members whose account type changes: (email, before, after).
    pub account_type_changes: Vec<(String, AccountType, AccountType)>,
    pub top_license_gained: Vec<String>,
    pub api_keys: Vec<OwnerChange>,
    pub automations: Vec<OwnerChange>,
    pub applications: Vec<OwnerChange>,
    /// Edits of the settings the base governs (its values apply).
    pub settings: Vec<base_settings::SettingChange>,
}

/// A role whose grants differ between the sides.
#[derive(Debug)]
pub struct RoleChange {
    pub application: String,
    pub role: String,
    pub before: Option<Grants>,
    pub after: Option<Grants>,
    /// `+ permission` / `- permission` lines, from `similar`.
    pub lines: Vec<String>,
    /// License changes this role drives (see [`MemberChanges::moved_by_role`]):
    /// each change counts under one role at most, so the sections add up.
    pub moved: usize,
}

pub struct Diff<'a> {
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
    pub resolved_findings: Vec<&'a Finding>,
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
}

impl Diff<'_> {
    pub fn cost_before(&self) -> i64 {
        self.totals_before.annual_cost(&self.old.workspace.model)
    }

    pub fn cost_after(&self) -> i64 {
        self.totals_after.annual_cost(&self.new.workspace.model)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.access.is_empty()
            && self.roles.is_empty()
            && self.new_findings.is_empty()
            && self.resolved_findings.is_empty()
    }

    /// Anyone gains the top license, write access, security or admin rights.
    pub fn escalations(&self) -> Vec<String> {
        let a = &self.access;
        let top = self.new.workspace.model.license_model.name(License::Editor);
        let mut out: Vec<String> = a
            .top_license_gained
            .iter()
            .map(|e| format!("{} gains the {top} license", quote(e)))
            .collect();
        out.extend(a.write_gained.iter().map(|g| {
            format!(
                "{} gains write access in {}",
                quote(&g.email),
                quote(&g.application)
            )
        }));
        out.extend(a.security_gained.iter().map(|g| {
            format!(
                "{} gains `define_application_security` in {}",
                quote(&g.email),
                quote(&g.application)
            )
        }));
        out.extend(
            a.admin_gained
                .iter()
                .map(|(e, t)| format!("{} becomes {t} (can manage members)", quote(e))),
        );
        // A change that edits what it is priced and judged by is escalating too.
        out.extend(a.settings.iter().map(|c| {
            format!(
                "the change edits {} (the base's value applies)",
                c.describe()
            )
        }));
        out
    }
}

impl Access {
    fn is_empty(&self) -> bool {
        self.roles.is_empty()
            && self.write_gained.is_empty()
            && self.write_lost.is_empty()
            && self.security_gained.is_empty()
            && self.admin_gained.is_empty()
            && self.status_changes.is_empty()
            && self.account_type_changes.is_empty()
            && self.top_license_gained.is_empty()
            && self.api_keys.is_empty()
            && self.automations.is_empty()
            && self.applications.is_empty()
            && self.settings.is_empty()
    }
}

pub fn diff<'a>(old: Side<'a>, new: Side<'a>) -> Diff<'a> {
    let MemberChanges {
        changes,
        added,
        removed,
        admin_gained,
        status_changes,
        account_type_changes,
        moved_by_role,
    } = members(&old, &new);
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
    let roles = applications(&old, &new, &moved_by_role, &mut access);
    owned_things(&old, &new, &mut access);
    let (new_findings, resolved_findings) = findings(&old, &new);
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
        resolved_findings,
    }
}

/// A role in an application: (application, role).
type RoleKey<'m> = (&'m str, &'m str);

#[derive(Default)]
struct MemberChanges<'m> {
    changes: Vec<LicenseChange>,
    added: Vec<String>,
    removed: Vec<String>,
    admin_gained: Vec<(String, AccountType)>,
    status_changes: Vec<(String, Status, Status)>,
    account_type_changes: Vec<(String, AccountType, AccountType)>,
    /// License changes per role that drives them: a license that rose counts
    /// under the role driving it after the change, one that fell under the
    /// role driving it before. A member who holds an edited role but moved
    /// because of another one is not counted under the edited role.
    moved_by_role: BTreeMap<RoleKey<'m>, usize>,
}

/// License changes, members added and removed, and new admins: one merge of
/// the two member lists (both sorted by email).
fn members<'m>(old: &Side<'m>, new: &Side<'m>) -> MemberChanges<'m> {
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
    let can_manage =
        |m: &crate::model::Member| m.is_active() && m.account_type.value.can_manage_members();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.key.cmp(&y.key),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let (before, after) = match order {
            Ordering::Less => {
                out.removed.push(a[i].key.clone());
                (Some(i), None)
            }
            Ordering::Greater => {
                out.added.push(b[j].key.clone());
                if can_manage(&b[j]) {
                    out.admin_gained
                        .push((b[j].key.clone(), b[j].account_type.value));
                }
                (None, Some(j))
            }
            Ordering::Equal => {
                let (x, y) = (&a[i], &b[j]);
                if can_manage(y) && !can_manage(x) {
                    out.admin_gained.push((y.key.clone(), y.account_type.value));
                }
                if x.status != y.status {
                    out.status_changes.push((y.key.clone(), x.status, y.status));
                }
                if x.account_type.value != y.account_type.value {
                    out.account_type_changes.push((
                        y.key.clone(),
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
                email: email.clone(),
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

/// What an application gives each member: role, write, security.
#[derive(Clone, PartialEq, Eq)]
struct Rights<'m> {
    role: Option<&'m str>,
    write: bool,
    security: bool,
}

fn rights(app: &Application) -> BTreeMap<Cow<'_, str>, Rights<'_>> {
    let mut map = BTreeMap::new();
    for assignment in &app.assignments {
        let Some(role) = app.assigned_role(assignment) else {
            continue;
        };
        map.insert(
            Cow::Borrowed(assignment.key.as_str()),
            Rights {
                role: Some(role.name),
                write: role.grants.default_access.grants_write(),
                security: role
                    .grants
                    .permissions
                    .contains(Permission::DefineApplicationSecurity),
            },
        );
    }
    // The owner is the application's Admin, whatever else is written.
    if let Some(owner) = &app.owner {
        let entry = map
            .entry(crate::model::lowercase(&owner.value))
            .or_insert(Rights {
                role: None,
                write: true,
                security: true,
            });
        entry.write = true;
        entry.security = true;
    }
    map
}

/// Whether an application gives the same rights on both sides (no allocation:
/// this runs for every application of a 100k-member workspace).
fn same_setup(a: &Application, b: &Application) -> bool {
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
        && a.assignments
            .iter()
            .zip(&b.assignments)
            .all(|(x, y)| x.key == y.key && x.role.value == y.role.value)
        && owner(a) == owner(b)
}

/// Access and role changes, application by application.
fn applications(
    old: &Side<'_>,
    new: &Side<'_>,
    moved_by_role: &BTreeMap<RoleKey<'_>, usize>,
    access: &mut Access,
) -> Vec<RoleChange> {
    let (a, b) = (&old.workspace.model, &new.workspace.model);
    let names: BTreeSet<&str> = a
        .applications
        .iter()
        .chain(&b.applications)
        .map(|app| app.name.as_str())
        .collect();
    let mut role_changes = Vec::new();
    for name in names {
        let (before, after) = (a.application(name), b.application(name));
        if let (Some(x), Some(y)) = (before, after)
            && same_setup(x, y)
        {
            continue;
        }
        let empty = BTreeMap::new();
        let rights_before = before.map_or_else(|| empty.clone(), rights);
        let rights_after = after.map_or_else(|| empty.clone(), rights);
        let emails: BTreeSet<&str> = rights_before
            .keys()
            .chain(rights_after.keys())
            .map(AsRef::as_ref)
            .collect();
        let none = Rights {
            role: None,
            write: false,
            security: false,
        };
        for email in emails {
            let x = rights_before.get(email).unwrap_or(&none);
            let y = rights_after.get(email).unwrap_or(&none);
            let grant = || Grant {
                application: name.to_owned(),
                email: email.to_owned(),
            };
            if x.role != y.role {
                access.roles.push(RoleMove {
                    application: name.to_owned(),
                    email: email.to_owned(),
                    before: x.role.map(str::to_owned),
                    after: y.role.map(str::to_owned),
                });
            }
            if y.write && !x.write {
                access.write_gained.push(grant());
            }
            if x.write && !y.write {
                access.write_lost.push(grant());
            }
            if y.security && !x.security {
                access.security_gained.push(grant());
            }
        }
        role_changes.extend(roles(name, before, after, moved_by_role));
    }
    role_changes
}

/// Roles of one application whose grants differ.
fn roles(
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

/// API keys, automations and applications added, removed or changing owner.
fn owned_things(old: &Side<'_>, new: &Side<'_>, access: &mut Access) {
    let (a, b) = (&old.workspace.model, &new.workspace.model);
    let owner = |o: &str| o.to_lowercase();
    let keys = |m: &crate::model::Model| -> BTreeMap<String, Option<String>> {
        m.api_keys
            .iter()
            .map(|k| (k.name.clone(), Some(owner(&k.owner.value))))
            .collect()
    };
    let automations = |m: &crate::model::Model| -> BTreeMap<String, Option<String>> {
        m.applications
            .iter()
            .flat_map(|app| {
                app.automations.iter().map(move |x| {
                    (
                        Subject::automation(&app.name, &x.name).name,
                        Some(owner(&x.owner.value)),
                    )
                })
            })
            .collect()
    };
    let apps = |m: &crate::model::Model| -> BTreeMap<String, Option<String>> {
        m.applications
            .iter()
            .map(|app| {
                (
                    app.name.clone(),
                    app.owner.as_ref().map(|o| owner(&o.value)),
                )
            })
            .collect()
    };
    access.api_keys = owner_changes(&keys(a), &keys(b));
    access.automations = owner_changes(&automations(a), &automations(b));
    access.applications = owner_changes(&apps(a), &apps(b));
}

fn owner_changes(
    before: &BTreeMap<String, Option<String>>,
    after: &BTreeMap<String, Option<String>>,
) -> Vec<OwnerChange> {
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (x, y) = (before.get(name).cloned(), after.get(name).cloned());
            (x != y).then(|| OwnerChange {
                name: name.clone(),
                before: x,
                after: y,
            })
        })
        .collect()
}

/// Findings introduced (located in the new side) and resolved (in the old),
/// matched by rule and subject.
fn findings<'a>(old: &Side<'a>, new: &Side<'a>) -> (Vec<&'a Finding>, Vec<&'a Finding>) {
    let ids = |fs: &'a [Finding]| -> BTreeSet<(&'a str, &'a Subject)> {
        fs.iter().map(Finding::identity).collect()
    };
    let (before, after) = (ids(old.findings), ids(new.findings));
    let introduced = new
        .findings
        .iter()
        .filter(|f| !before.contains(&f.identity()))
        .collect();
    let resolved = old
        .findings
        .iter()
        .filter(|f| !after.contains(&f.identity()))
        .collect();
    (introduced, resolved)
}

/// A waiver the change adds: listed for review, not applied until merged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Awaiting {
    /// `ignore` (an `[[ignore]]` entry) or `inline` (a `# swatch: ignore` comment).
    pub kind: &'static str,
    pub rule: String,
    /// The subject glob of an `[[ignore]]`, or the subject an inline comment waives.
    pub subject: String,
    pub reason: String,
}

/// The waivers of the new side that the base side does not have.
pub fn awaiting(
    base: &crate::config::Config,
    new: Option<&crate::config::Config>,
    base_inline: &[(crate::suppress::Identity, String)],
    new_inline: &[(crate::suppress::Identity, String)],
) -> Vec<Awaiting> {
    let key = |i: &crate::config::Ignore| {
        (
            i.rule.value.clone(),
            i.subject
                .as_ref()
                .map_or_else(|| "*".to_owned(), |(p, _)| p.value.clone()),
            i.reason.clone(),
        )
    };
    let known: BTreeSet<_> = base.ignores.iter().map(key).collect();
    let mut out: Vec<Awaiting> = new
        .map(|c| {
            c.ignores
                .iter()
                .map(key)
                .filter(|k| !known.contains(k))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|(rule, subject, reason)| Awaiting {
            kind: "ignore",
            rule,
            subject,
            reason,
        })
        .collect();
    let waived: BTreeSet<&crate::suppress::Identity> =
        base_inline.iter().map(|(id, _)| id).collect();
    out.extend(
        new_inline
            .iter()
            .filter(|(id, _)| !waived.contains(id))
            .map(|((rule, subject), reason)| Awaiting {
                kind: "inline",
                rule: rule.clone(),
                subject: subject.name.clone(),
                reason: reason.clone(),
            }),
    );
    out.sort();
    out.dedup();
    out
}

/// A threshold of `swatch diff`, and whether the change crosses it.
#[derive(Debug, Clone)]
pub struct GateResult {
    pub gate: String,
    pub failed: bool,
    pub reason: String,
}

/// The thresholds asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct Gates {
    /// In cents, or a percentage of the old yearly cost.
    pub max_cost_increase: Option<CostLimit>,
    pub fail_on_new: Option<Severity>,
    pub deny_escalation: bool,
    pub max_new_seats: Vec<(License, u64)>,
}

#[derive(Debug, Clone, Copy)]
pub enum CostLimit {
    Cents(i64),
    Percent(f64),
}

impl Diff<'_> {
    /// `cents` as every part of a diff prints money: whole dollars only
    /// when both sides' prices are.
    pub fn amount(&self, cents: i64) -> Amount {
        let (old, new) = (&self.old.workspace.model, &self.new.workspace.model);
        Amount {
            cents,
            whole: old.prices.whole_dollars() && new.prices.whole_dollars(),
        }
    }

    /// "+2 editors, -1 explorer, +$5,500/yr, 1 new error".
    /// Whether a listed license change is one the totals leave out.
    pub(crate) fn counts_invited_changes(&self) -> bool {
        self.changes.iter().any(|c| !c.invited_mark().is_empty())
    }

    pub fn headline(&self) -> String {
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

    pub fn gates(&self, gates: &Gates) -> Vec<GateResult> {
        let mut out = Vec::new();
        // Priced like the tables of the same report: whole dollars only when both sides are.
        let money = |c: i64| self.amount(c).to_string();
        if let Some(limit) = gates.max_cost_increase {
            let delta = self.cost_after() - self.cost_before();
            let (failed, limit_text) = match limit {
                CostLimit::Cents(c) => (delta > c, format!("{}/yr", money(c))),
                CostLimit::Percent(p) => {
                    let before = self.cost_before();
                    let pct = if before == 0 {
                        if delta > 0 { f64::INFINITY } else { 0.0 }
                    } else {
                        delta as f64 * 100.0 / before as f64
                    };
                    // The dollar figure too: nobody computes 10% of $14,700 in a review.
                    let allowed = (before as f64 * p / 100.0).round() as i64;
                    (
                        pct > p,
                        format!("{p}% of {}, {}/yr", money(before), money(allowed)),
                    )
                }
            };
            out.push(GateResult {
                gate: "max-cost-increase".into(),
                failed,
                reason: format!(
                    "yearly cost changes by {}/yr; the limit is {limit_text}",
                    money(delta)
                ),
            });
        }
        if let Some(level) = gates.fail_on_new {
            let new: Vec<&&Finding> = self
                .new_findings
                .iter()
                .filter(|f| f.severity >= level)
                .collect();
            out.push(GateResult {
                gate: "fail-on-new".into(),
                failed: !new.is_empty(),
                reason: if new.is_empty() {
                    format!("no new finding at {level} or above")
                } else {
                    format!(
                        "{} new finding{} at {level} or above: {}",
                        new.len(),
                        if new.len() == 1 { "" } else { "s" },
                        capped_list(
                            &new.iter()
                                .map(|f| format!("{} ({})", f.rule, quote(&f.subject.name)))
                                .collect::<Vec<_>>(),
                            LISTED
                        )
                    )
                },
            });
        }
        if gates.deny_escalation {
            let escalations = self.escalations();
            out.push(GateResult {
                gate: "deny-escalation".into(),
                failed: !escalations.is_empty(),
                reason: if escalations.is_empty() {
                    "nobody gains rights".into()
                } else {
                    let mut listed = escalations[..escalations.len().min(LISTED)].join("; ");
                    if escalations.len() > LISTED {
                        let _ = write!(listed, "; and {} more", escalations.len() - LISTED);
                    }
                    listed
                },
            });
        }
        for &(license, max) in &gates.max_new_seats {
            let lm = self.new.workspace.model.license_model;
            let new_seats =
                self.totals_after.get(license) as i64 - self.totals_before.get(license) as i64;
            out.push(GateResult {
                gate: format!("max-new-seats {}", lm.name(license)),
                failed: new_seats > max as i64,
                reason: format!(
                    "{new_seats:+} {} seat{} (at most {max})",
                    lm.name(license),
                    if new_seats.abs() == 1 { "" } else { "s" }
                ),
            });
        }
        out
    }
}
