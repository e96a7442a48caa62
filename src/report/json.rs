//! JSON output, in the shapes cli.md fixes (more fields may be added, none renamed).

use crate::diff::access::RoleMove;
use crate::diff::base_settings::SettingChange;
use crate::diff::{Awaiting, Diff, Escalation, GateResult, Grant, OwnerChange, RoleChange};
use crate::error::Invalid;
use crate::finding::quantity::{Quantity, Recorded};
use crate::finding::{Finding, Summary};
use crate::license::{Licenses, Totals};
use crate::model::Amount;
use crate::model::Model;
use crate::model::Permission;
use crate::model::{AccountType, Status};
use crate::source::Sources;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// `{"editor": N, "contributor": N, "explorer": N}` in the model's names and order.
pub(crate) fn totals(model: &Model, totals: &Totals) -> Value {
    let lm = model.license_model;
    Value::Object(
        lm.licenses()
            .iter()
            .map(|&l| (lm.name(l).to_owned(), json!(totals.get(l))))
            .collect(),
    )
}

/// One member in `licenses --format json`; a struct rather than a map,
/// since a workspace may have 100k of them.
#[derive(Serialize)]
struct MemberRow<'a> {
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    account_type: &'a str,
    status: &'a str,
    license: Option<&'a str>,
    driver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seat: Option<&'a str>,
}

/// `swatch licenses --format json`.
pub(crate) fn licenses<'a>(licenses: &'a Licenses<'a>) -> LicensesReport<'a> {
    let model = licenses.model;
    let lm = model.license_model;
    let totals = licenses.totals();
    let seats = model.purchased.as_ref().map(|purchased| {
        lm.licenses()
            .iter()
            .filter_map(|&l| {
                let bought = purchased.get(l)?;
                Some((
                    lm.name(l).to_owned(),
                    json!({"purchased": bought, "used": totals.get(l)}),
                ))
            })
            .collect()
    });
    LicensesReport {
        license_model: lm.as_str(),
        members: MemberRows { licenses },
        totals: self::totals(model, &totals),
        invited: totals.invited,
        annual_cost: model.amount(totals.annual_cost(model)),
        seats,
        errors: Vec::new(),
    }
}

/// Every member's row, each made as it is written (#16).
struct MemberRows<'a> {
    licenses: &'a Licenses<'a>,
}

impl Serialize for MemberRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let model = self.licenses.model;
        let lm = model.license_model;
        serializer.collect_seq(model.members.iter().zip(&self.licenses.members).map(
            |(member, derived)| MemberRow {
                email: &member.key,
                name: member.name.as_deref(),
                account_type: member.account_type.value.as_str(),
                status: member.status.as_str(),
                license: derived.license.map(|l| lm.name(l)),
                driver: derived.driver.map(|d| d.to_string()),
                seat: member.seat.as_ref().map(|s| lm.name(s.value)),
            },
        ))
    }
}

/// `swatch licenses --format json`, in cli.md's field order.
#[derive(Serialize)]
pub(crate) struct LicensesReport<'a> {
    license_model: &'a str,
    members: MemberRows<'a>,
    totals: Value,
    invited: u64,
    annual_cost: Amount,
    #[serde(skip_serializing_if = "Option::is_none")]
    seats: Option<Map<String, Value>>,
    /// Always present: `[]` when the input is valid.
    errors: Vec<ErrorJson<'static>>,
}

/// One finding as cli.md shapes it.
#[derive(Serialize)]
pub(crate) struct FindingJson<'a> {
    rule: &'a str,
    severity: crate::finding::Severity,
    message: &'a str,
    help: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    subject: &'a crate::finding::Subject,
    #[serde(skip_serializing_if = "Option::is_none")]
    yearly_saving: Option<Amount>,
    /// What `swatch fix` would change (cli.md, second batch); `null` when nothing.
    fix: Option<FixJson<'a>>,
}

#[derive(Serialize)]
pub(crate) struct FixJson<'a> {
    safety: crate::finding::Safety,
    summary: &'a str,
}

pub(crate) fn finding<'a>(f: &'a Finding, sources: &'a Sources, model: &Model) -> FindingJson<'a> {
    let position = f.loc.map(|loc| sources.position(loc));
    FindingJson {
        rule: &f.rule,
        severity: f.severity,
        message: &f.message,
        help: &f.help,
        file: position.map(|p| p.path),
        line: position.map(|p| p.line),
        column: position.map(|p| p.column),
        subject: &f.subject,
        yearly_saving: f.yearly_saving().map(|c| model.amount(c)),
        fix: f.fix().map(|x| FixJson {
            safety: x.safety,
            summary: &x.summary,
        }),
    }
}

/// One piece of invalid input, in the `errors` array of every JSON output
/// of a command that reads a workspace (cli.md, second batch).
#[derive(Serialize)]
pub(crate) struct ErrorJson<'a> {
    /// The diagnostic's code, e.g. `swatch::load::unknown_key`.
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    /// Relative to PATH, like a finding's `file`; `null` for errors about a path.
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    /// For `diff`: which side the error is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    side: Option<&'a str>,
}

/// The JSON of every command but `check` on invalid input:
/// `{"errors": [...]}`, written straight from the errors.
#[derive(Serialize)]
pub(crate) struct Errors<'a> {
    pub errors: Vec<ErrorJson<'a>>,
}

pub(crate) fn errors<'a>(invalid: &'a Invalid, side: Option<&'a str>) -> Vec<ErrorJson<'a>> {
    invalid
        .errors
        .iter()
        .map(|e| {
            let position = e.loc.map(|loc| invalid.sources.position(loc));
            ErrorJson {
                code: e.code,
                message: &e.message,
                help: e.help.as_deref(),
                file: position.map(|p| p.path),
                line: position.map(|p| p.line),
                column: position.map(|p| p.column),
                side,
            }
        })
        .collect()
}

/// `swatch check --format json`.
#[derive(Serialize)]
pub(crate) struct CheckReport<'a> {
    findings: CheckFindings<'a>,
    /// Always present: `[]` when the input is valid.
    errors: Vec<ErrorJson<'a>>,
    summary: Summary,
}

/// `check`'s findings, each made as it is written: a workspace can have
/// hundreds of thousands (#16).
struct CheckFindings<'a> {
    findings: &'a [Finding],
    sources: &'a Sources,
    model: Option<&'a Model>,
}

impl Serialize for CheckFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(model) = self.model else {
            return serializer.collect_seq(std::iter::empty::<()>());
        };
        serializer.collect_seq(
            self.findings
                .iter()
                .map(|f| finding(f, self.sources, model)),
        )
    }
}

pub(crate) fn check<'a>(
    findings: &'a [Finding],
    sources: &'a Sources,
    model: &'a Model,
) -> CheckReport<'a> {
    CheckReport {
        findings: CheckFindings {
            findings,
            sources,
            model: Some(model),
        },
        errors: Vec::new(),
        summary: Summary::of(findings),
    }
}

/// `check --format json` on invalid input: no findings, the errors.
pub(crate) fn check_invalid<'a>(invalid: &'a Invalid, side: Option<&'a str>) -> CheckReport<'a> {
    CheckReport {
        findings: CheckFindings {
            findings: &[],
            sources: &invalid.sources,
            model: None,
        },
        errors: errors(invalid, side),
        summary: Summary::default(),
    }
}

/// Findings as a JSON array, each made as it is written: a diff that adds
/// 10 MB of members has hundreds of thousands (#9).
pub(crate) struct FindingList<'a> {
    findings: &'a [&'a Finding],
    sources: &'a Sources,
    model: &'a Model,
}

impl Serialize for FindingList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.findings
                .iter()
                .map(|f| finding(f, self.sources, self.model)),
        )
    }
}

impl<'a> FindingList<'a> {
    pub(crate) fn new(findings: &'a [&'a Finding], sources: &'a Sources, model: &'a Model) -> Self {
        Self {
            findings,
            sources,
            model,
        }
    }
}

/// Findings that grew on both sides: each as in `check`'s JSON (located
/// in the new side), with its size on each side as a baseline records it.
pub(crate) struct GrownList<'a> {
    diff: &'a Diff<'a>,
}

#[derive(Serialize)]
struct GrownJson<'a> {
    #[serde(flatten)]
    finding: FindingJson<'a>,
    quantity_before: Recorded,
    quantity_after: Recorded,
}

impl GrownList<'_> {
    fn is_empty(&self) -> bool {
        self.diff.grown_findings.is_empty()
    }
}

impl Serialize for GrownList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.diff;
        let recorded = |f: &Finding| {
            f.quantity
                .as_deref()
                .map(Quantity::recorded)
                .unwrap_or_default()
        };
        serializer.collect_seq(d.grown_findings.iter().map(|g| GrownJson {
            finding: finding(g.after, &d.new.workspace.sources, &d.new.workspace.model),
            quantity_before: recorded(g.before),
            quantity_after: recorded(g.after),
        }))
    }
}

/// `diff`'s `findings`; `what-if` adds those only a written-out default
/// role causes.
#[derive(Serialize)]
pub(crate) struct DiffFindings<'a> {
    new: FindingList<'a>,
    resolved: FindingList<'a>,
    /// Only when a finding grew: `{"new": [], "resolved": []}` stays as it was.
    #[serde(skip_serializing_if = "GrownList::is_empty")]
    grown: GrownList<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) materialised: Option<FindingList<'a>>,
}

/// The license changes, each made as it is written.
pub(crate) struct ChangeList<'a> {
    diff: &'a Diff<'a>,
}

impl Serialize for ChangeList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.diff;
        // Each side names licenses in its own model.
        let old_lm = d.old.workspace.model.license_model;
        let new_lm = d.new.workspace.model.license_model;
        serializer.collect_seq(d.changes.iter().map(|c| {
            json!({
                "email": c.email, "before": c.before.map(|l| old_lm.name(l)), "after": c.after.map(|l| new_lm.name(l)),
                "driver_before": c.driver_before, "driver_after": c.driver_after,
                "status_before": c.status_before.map(crate::model::Status::as_str), "status_after": c.status_after.map(crate::model::Status::as_str),
            })
        }))
    }
}

/// `access`: its lists, then the escalations they make, typed, each made
/// as it is written (a diff that adds 10 MB of members has one per member).
#[derive(Serialize)]
pub(crate) struct DiffAccess<'a> {
    #[serde(flatten)]
    lists: AccessLists<'a>,
    escalations: EscalationList<'a>,
}

/// `access`'s lists, in cli.md's order.
#[derive(Serialize)]
struct AccessLists<'a> {
    roles: Each<'a, RoleMove>,
    write_gained: Each<'a, Grant, GrantJson<'a>>,
    write_lost: Each<'a, Grant, GrantJson<'a>>,
    security_gained: Each<'a, Grant, GrantJson<'a>>,
    admin_gained: Each<'a, (String, AccountType)>,
    top_license_gained: &'a [String],
    account_type_changes: Each<'a, (String, AccountType, AccountType)>,
    status_changes: Each<'a, (String, Status, Status)>,
    api_keys: Each<'a, OwnerChange>,
    automations: Each<'a, OwnerChange>,
    applications: Each<'a, OwnerChange>,
    settings: Each<'a, SettingChange>,
}

/// A list written one item at a time, each made as it is written: a diff
/// that adds 10 MB of members has hundreds of thousands of items, and
/// collecting them as `Value`s first took over a gigabyte (#9).
pub(crate) struct Each<'a, T, O = Value> {
    items: &'a [T],
    write: fn(&'a T) -> O,
}

impl<'a, T, O> Each<'a, T, O> {
    fn new(items: &'a [T], write: fn(&'a T) -> O) -> Self {
        Each { items, write }
    }
}

impl<T, O: Serialize> Serialize for Each<'_, T, O> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items.iter().map(self.write))
    }
}

/// One entry of `roles`: typed rather than a `Value` each, since a change
/// can add 140,000 roles (#9).
#[derive(Serialize)]
pub(crate) struct RoleChangeJson<'a> {
    application: &'a str,
    role: &'a str,
    before: Option<GrantsJson>,
    after: Option<GrantsJson>,
    diff: &'a [String],
    members_moved: usize,
}

#[derive(Serialize)]
struct GrantsJson {
    permissions: Vec<&'static str>,
    default_access: &'static str,
}

fn role_change(r: &RoleChange) -> RoleChangeJson<'_> {
    let grants = |g: Option<crate::model::Grants>| {
        g.map(|g| GrantsJson {
            permissions: g.permissions.iter().map(Permission::as_str).collect(),
            default_access: g.default_access.as_str(),
        })
    };
    RoleChangeJson {
        application: &r.application,
        role: &r.role,
        before: grants(r.before),
        after: grants(r.after),
        diff: &r.lines,
        members_moved: r.moved,
    }
}

/// One member given or losing access to an application.
#[derive(Serialize)]
pub(crate) struct GrantJson<'a> {
    application: &'a str,
    email: &'a str,
}

fn grant(g: &Grant) -> GrantJson<'_> {
    GrantJson {
        application: &g.application,
        email: &g.email,
    }
}

fn owner(c: &OwnerChange) -> Value {
    let mut entry = json!({
        "name": c.name, "status": c.status(), "owner_before": c.before.owner(), "owner_after": c.after.owner(),
        "kind": c.kind.as_str(), "application": c.application,
    });
    if let Some(automation) = &c.automation {
        entry["automation"] = json!(automation);
    }
    entry["message"] = json!(c.message());
    entry
}

/// What `--deny-escalation` fails on: `kind`, the fields that kind has
/// (the others `null`), and the sentence as `message`.
pub(crate) struct EscalationList<'a> {
    diff: &'a Diff<'a>,
}

impl Serialize for EscalationList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.diff.escalations().iter().map(|e| {
            let (permission, license, account_type, key) = match e {
                Escalation::Security(_) => (
                    Some(Permission::DefineApplicationSecurity.as_str()),
                    None,
                    None,
                    None,
                ),
                Escalation::TopLicense { license, .. } => (None, Some(*license), None, None),
                Escalation::Admin { account_type, .. } => {
                    (None, None, Some(account_type.as_str()), None)
                }
                Escalation::Setting(c) => (None, None, None, Some(c.key.as_str())),
                Escalation::Write(_) => (None, None, None, None),
            };
            json!({
                "kind": e.kind(), "email": e.email(), "application": e.application(),
                "permission": permission, "license": license, "account_type": account_type, "key": key,
                "message": e.message(),
            })
        }))
    }
}

/// `swatch diff --format json`, in its keys' order; the lists that grow
/// with the members are written as they are made.
#[derive(Serialize)]
pub(crate) struct DiffReport<'a> {
    changes: ChangeList<'a>,
    totals: Value,
    annual_cost: Value,
    pub(crate) findings: DiffFindings<'a>,
    members: Value,
    seats: Value,
    access: DiffAccess<'a>,
    roles: Each<'a, RoleChange, RoleChangeJson<'a>>,
    awaiting_approval: Each<'a, Awaiting>,
    gates: Value,
    errors: Value,
    /// `what-if`: the default roles it wrote out as tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) materialised_roles: Option<Value>,
}

/// `swatch diff --format json`, with what the change adds that no gate or
/// review may miss: awaiting waivers and gate results.
pub(crate) fn diff<'a>(
    d: &'a Diff<'a>,
    awaiting: &'a [Awaiting],
    gates: &[GateResult],
) -> DiffReport<'a> {
    let (old, new) = (&d.old.workspace.model, &d.new.workspace.model);
    let money = |cents: i64| d.amount(cents);
    let seats = |side: &crate::diff::Side<'_>, totals: &Totals| -> Option<Value> {
        let model = &side.workspace.model;
        model.purchased.as_ref().map(|p| {
            Value::Object(
                model
                    .license_model
                    .licenses()
                    .iter()
                    .filter_map(|&l| {
                        Some((
                            model.license_model.name(l).to_owned(),
                            json!({"purchased": p.get(l)?, "used": totals.get(l)}),
                        ))
                    })
                    .collect(),
            )
        })
    };
    let a = &d.access;
    DiffReport {
        changes: ChangeList { diff: d },
        totals: json!({"before": totals(old, &d.totals_before), "after": totals(new, &d.totals_after)}),
        annual_cost: json!({"before": money(d.cost_before()), "after": money(d.cost_after()), "delta": money(d.cost_after() - d.cost_before())}),
        findings: DiffFindings {
            new: FindingList::new(&d.new_findings, &d.new.workspace.sources, new),
            resolved: FindingList::new(&d.resolved_findings, &d.old.workspace.sources, old),
            grown: GrownList { diff: d },
            materialised: None,
        },
        members: json!({"added": d.added, "removed": d.removed}),
        seats: json!({"before": seats(&d.old, &d.totals_before), "after": seats(&d.new, &d.totals_after)}),
        access: DiffAccess {
            lists: AccessLists {
                roles: Each::new(
                    &a.roles,
                    |m| json!({"application": m.application, "email": m.email, "before": m.before, "after": m.after, "kind": m.kind(), "unknown_before": m.unknown_before, "unknown_after": m.unknown_after, "status_before": m.status_before.map(crate::model::Status::as_str), "status_after": m.status_after.map(crate::model::Status::as_str), "message": m.message()}),
                ),
                write_gained: Each::new(&a.write_gained, grant),
                write_lost: Each::new(&a.write_lost, grant),
                security_gained: Each::new(&a.security_gained, grant),
                admin_gained: Each::new(
                    &a.admin_gained,
                    |(e, t)| json!({"email": e, "account_type": t.as_str()}),
                ),
                top_license_gained: &a.top_license_gained,
                account_type_changes: Each::new(
                    &a.account_type_changes,
                    |(e, x, y)| json!({"email": e, "before": x.as_str(), "after": y.as_str()}),
                ),
                status_changes: Each::new(
                    &a.status_changes,
                    |(e, x, y)| json!({"email": e, "before": x.as_str(), "after": y.as_str()}),
                ),
                api_keys: Each::new(&a.api_keys, owner),
                automations: Each::new(&a.automations, owner),
                applications: Each::new(&a.applications, owner),
                settings: Each::new(
                    &a.settings,
                    |c| json!({"key": c.key, "before": c.before, "after": c.after}),
                ),
            },
            escalations: EscalationList { diff: d },
        },
        roles: Each::new(&d.roles, role_change),
        awaiting_approval: Each::new(
            awaiting,
            |w| json!({"kind": w.kind, "rule": w.rule, "subject": w.subject, "reason": w.reason}),
        ),
        gates: json!(
            gates
                .iter()
                .map(|g| json!({"gate": g.gate, "passed": !g.failed, "reason": g.reason}))
                .collect::<Vec<_>>()
        ),
        errors: json!([]),
        materialised_roles: None,
    }
}
