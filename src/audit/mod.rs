//! `swatch report`: the access review a security reviewer hands to an
//! auditor. This file assembles the data once (findings attributed to
//! members and applications, the exceptions, cost by application); the
//! renderers (`html`, `markdown`, `csv`, with `svg` for the pictures) only
//! read it. Everything is indexed by member position or application name,
//! so the work stays linear in members + assignments + findings.

mod csv;
mod html;
mod markdown;
mod svg;

use crate::config::Config;
use crate::diff::{Diff, Escalation};
use crate::finding::{Finding, Severity, Subject, SubjectKind};
use crate::license::{Driver, Licenses};
use crate::load::InlineIgnore;
use crate::model::{AccountType, License, Model, Status};
use crate::suppress::{Suppressed, Waiver};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// The output forms of `swatch report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// One self-contained page with pictures, printable to PDF.
    Html,
    /// For a pull request or a wiki page.
    Markdown,
    /// One row per member and application, for auditors' tools.
    Csv,
}

/// Above these sizes the member × application heat map is left out (a
/// note says so): the picture would be unreadable and the file huge.
pub(crate) const HEAT_MAP_MEMBERS: usize = 500;
pub(crate) const HEAT_MAP_APPLICATIONS: usize = 50;

/// A list in the HTML and markdown review (a role's holders, a member's
/// applications, its API keys, public blocks, each list under "Changes
/// since") stops after this many items with "and N more": 100,000 holders
/// in one cell cannot be read, and the page would grow with every list a
/// hostile file makes long. The CSV report lists every one.
pub(crate) const LISTED: usize = 100;

/// The first [`LISTED`] items, and "and N more" when there are more.
pub(crate) fn capped<T>(items: &[T]) -> (&[T], Option<String>) {
    if items.len() > LISTED {
        let more = format!("and {} more", crate::finding::grouped(items.len() - LISTED));
        (&items[..LISTED], Some(more))
    } else {
        (items, None)
    }
}

/// A finding the workspace chose not to report, and the recorded reason.
pub(crate) struct Exception<'a> {
    pub finding: &'a Finding,
    /// `[[ignore]]`, `inline comment` or `baseline`.
    pub source: &'static str,
    pub reason: &'a str,
    pub until: Option<Date>,
}

/// What changed since `--base`: `diff`'s data, kept as text for the summary.
pub(crate) struct Changes {
    pub base: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// (email, before, after) license names, and diff's ` (invited)` mark.
    pub licenses: Vec<(String, String, String, &'static str)>,
    /// The governed settings (`[pricing]`, `[licenses]`...) this change
    /// edits, described as `diff` does: the summary's cost uses the edited
    /// values, these changes the base's, and the summary says so.
    pub settings: Vec<String>,
    pub escalations: Vec<String>,
    pub cost_before: i64,
    pub cost_after: i64,
    pub new_findings: Vec<String>,
    /// Findings on both sides whose size grew (as `diff` lists them).
    pub grown_findings: Vec<String>,
    pub resolved_findings: Vec<String>,
}

impl Changes {
    pub(crate) fn of(base: &str, d: &Diff<'_>) -> Self {
        let lm = d.new.workspace.model.license_model;
        let name = |l: Option<License>| l.map_or("none", |l| lm.name(l)).to_owned();
        // Names quoted as in messages, so markdown shows them as code; a
        // user rule's message is text from a file, quoted whole.
        let finding = |f: &Finding| {
            let message = if crate::policy::is_user_rule_id(&f.rule) {
                crate::code_span::quote(&f.message)
            } else {
                f.message.as_str().to_owned()
            };
            format!(
                "{} {}: {message}",
                crate::code_span::quote(&f.rule),
                crate::code_span::quote(&f.subject.name)
            )
        };
        Self {
            base: base.to_owned(),
            added: d.added.clone(),
            removed: d.removed.clone(),
            licenses: d
                .changes
                .iter()
                .map(|c| {
                    let mark = c.invited_mark();
                    (c.email.clone(), name(c.before), name(c.after), mark)
                })
                .collect(),
            settings: d
                .access
                .settings
                .iter()
                .map(crate::diff::base_settings::SettingChange::describe)
                .collect(),
            escalations: d.escalations().iter().map(Escalation::message).collect(),
            cost_before: d.cost_before(),
            cost_after: d.cost_after(),
            new_findings: d.new_findings.iter().map(|f| finding(f)).collect(),
            grown_findings: d
                .grown_findings
                .iter()
                .map(|g| format!("{} ({})", finding(g.after), g.sizes()))
                .collect(),
            resolved_findings: d.resolved_findings.iter().map(|f| finding(f)).collect(),
        }
    }
}

/// Members by status, and by account type.
pub(crate) type MemberCounts = (Vec<(Status, usize)>, Vec<(AccountType, usize)>);

/// Everything the renderers need.
pub(crate) struct Review<'a> {
    pub licenses: &'a Licenses<'a>,
    /// Reported findings (after every waiver), sorted.
    pub findings: &'a [Finding],
    pub exceptions: Vec<Exception<'a>>,
    pub reviewer: Option<&'a str>,
    pub today: Date,
    pub changes: Option<Changes>,
    /// Findings per member position, and per application name (indices into `findings`).
    pub by_member: Vec<Vec<u32>>,
    pub by_application: BTreeMap<&'a str, Vec<u32>>,
    /// Role findings by (application, role), assignment findings by (application, member key).
    pub by_role: BTreeMap<(&'a str, &'a str), Vec<u32>>,
    pub by_assignment: BTreeMap<(&'a str, &'a str), Vec<u32>>,
    /// Per member position, the (application, assignment) positions naming
    /// a role the application does not have: few, so kept sparse.
    pub unknown_roles: BTreeMap<usize, Vec<(u32, u32)>>,
}

/// The waived findings with their reasons, in rule and subject order.
pub(crate) fn exceptions<'a>(
    suppressed: &'a Suppressed,
    config: &'a Config,
    inline: &'a [InlineIgnore],
) -> Vec<Exception<'a>> {
    let mut out: Vec<Exception<'a>> = suppressed
        .waived
        .iter()
        .map(|(finding, waiver)| match *waiver {
            Waiver::Ignore(i) => Exception {
                finding,
                source: "[[ignore]]",
                reason: &config.ignores[i].reason,
                until: config.ignores[i].until.map(|u| u.value),
            },
            Waiver::Inline(i) => Exception {
                finding,
                source: "inline comment",
                reason: &inline[i].reason,
                until: None,
            },
            Waiver::Baseline => Exception {
                finding,
                source: "baseline",
                reason: "baselined, no reason recorded",
                until: None,
            },
        })
        .collect();
    out.sort_by(|a, b| a.finding.identity().cmp(&b.finding.identity()));
    out
}

impl<'a> Review<'a> {
    pub(crate) fn new(
        licenses: &'a Licenses<'a>,
        findings: &'a [Finding],
        exceptions: Vec<Exception<'a>>,
        today: Date,
    ) -> Self {
        let model = licenses.model;
        let apps: BTreeMap<&str, &'a str> = model
            .applications
            .iter()
            .map(|a| (a.name.as_str(), a.name.as_str()))
            .collect();
        let split = |subject: &'a Subject| -> Option<(&'a str, &'a str)> {
            let (app, rest) = subject.in_application()?;
            apps.get(app).map(|app| (*app, rest))
        };
        let key_owners: BTreeMap<&str, usize> = model
            .api_keys
            .iter()
            .filter_map(|k| Some((k.name.as_str(), model.member_index(&k.owner.value)?)))
            .collect();
        let mut review = Self {
            licenses,
            findings,
            exceptions,
            reviewer: None,
            today,
            changes: None,
            by_member: vec![Vec::new(); model.members.len()],
            by_application: BTreeMap::new(),
            by_role: BTreeMap::new(),
            by_assignment: BTreeMap::new(),
            unknown_roles: BTreeMap::new(),
        };
        for (a, app) in model.applications.iter().enumerate() {
            for (s, assignment) in app.assignments.iter().enumerate() {
                if let (Some(m), None) = (assignment.member(), app.role_ref_of(assignment)) {
                    let at = (a as u32, s as u32);
                    review.unknown_roles.entry(m as usize).or_default().push(at);
                }
            }
        }
        for (n, f) in findings.iter().enumerate() {
            let n = n as u32;
            let name = f.subject.name.as_ref();
            match f.subject.kind {
                SubjectKind::Member => {
                    if let Some(m) = model.member_index(name) {
                        review.by_member[m].push(n);
                    }
                }
                SubjectKind::Application => {
                    if let Some(app) = apps.get(name) {
                        review.by_application.entry(app).or_default().push(n);
                    }
                }
                SubjectKind::Role | SubjectKind::Assignment | SubjectKind::Automation => {
                    let Some((app, rest)) = split(&f.subject) else {
                        continue;
                    };
                    review.by_application.entry(app).or_default().push(n);
                    match f.subject.kind {
                        SubjectKind::Role => review.by_role.entry((app, rest)).or_default().push(n),
                        SubjectKind::Assignment => {
                            review.by_assignment.entry((app, rest)).or_default().push(n);
                            if let Some(m) = model.member_index(rest) {
                                review.by_member[m].push(n);
                            }
                        }
                        _ => {}
                    }
                }
                SubjectKind::ApiKey => {
                    // A key's findings are its owner's to answer for.
                    if let Some(&m) = key_owners.get(name) {
                        review.by_member[m].push(n);
                    }
                }
                SubjectKind::Workspace | SubjectKind::Suppression => {}
            }
        }
        review
    }

    pub(crate) fn finding(&self, n: u32) -> &'a Finding {
        &self.findings[n as usize]
    }

    /// Rule ids of these findings, for a flagged row: "rule-a, rule-b".
    pub(crate) fn rules_of(&self, ns: &[u32]) -> String {
        let rules: BTreeSet<&str> = ns.iter().map(|&n| self.finding(n).rule.as_str()).collect();
        rules.into_iter().collect::<Vec<_>>().join(", ")
    }

    /// Under the summary's cost, when `--base` is given and the change
    /// edits the settings `diff` takes from the base: the cost above uses
    /// the edited values, "Changes since" the base's. Names quoted as in
    /// messages.
    pub(crate) fn settings_note(&self) -> Option<String> {
        let changes = self.changes.as_ref().filter(|c| !c.settings.is_empty())?;
        Some(format!(
            "These seats and costs use this change's settings, which differ from {}'s (\"Changes since\" and `diff` use {}'s): {}.",
            crate::code_span::quote(&changes.base),
            crate::code_span::quote(&changes.base),
            changes.settings.join("; ")
        ))
    }

    pub(crate) fn money(&self, cents: i64) -> crate::model::Amount {
        self.licenses.model.amount(cents)
    }

    /// Members by status, then by account type (in the keyword order).
    pub(crate) fn member_counts(&self) -> MemberCounts {
        let mut status: BTreeMap<Status, usize> = BTreeMap::new();
        let mut types: BTreeMap<AccountType, usize> = BTreeMap::new();
        for m in &self.licenses.model.members {
            *status.entry(m.status).or_default() += 1;
            *types.entry(m.account_type.value).or_default() += 1;
        }
        (status.into_iter().collect(), types.into_iter().collect())
    }

    /// Per license of the model: (license, used by active members, purchased, yearly cost).
    pub(crate) fn license_rows(&self) -> Vec<(License, u64, Option<u64>, i64)> {
        let model = self.licenses.model;
        let totals = self.licenses.totals();
        model
            .license_model
            .licenses()
            .iter()
            .map(|&l| {
                let used = totals.get(l);
                let purchased = model.purchased.as_ref().and_then(|p| p.get(l));
                (l, used, purchased, used as i64 * model.prices.of(l))
            })
            .collect()
    }

    /// Findings by severity (highest first) and the most frequent rules.
    pub(crate) fn top_rules(&self, limit: usize) -> Vec<(&'a str, Severity, usize)> {
        let mut counts: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
        for f in self.findings {
            counts.entry(f.rule.as_str()).or_insert((f.severity, 0)).1 += 1;
        }
        let mut rules: Vec<(&str, Severity, usize)> =
            counts.into_iter().map(|(r, (s, n))| (r, s, n)).collect();
        rules.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
        rules.truncate(limit);
        rules
    }

    /// Yearly cost attributed to the application of each active member's
    /// license driver; account-type and explorer-baseline drivers go to
    /// "workspace". Highest first.
    pub(crate) fn cost_by_application(&self) -> Vec<(&'a str, i64)> {
        let model = self.licenses.model;
        let mut cost: BTreeMap<&'a str, i64> = BTreeMap::new();
        for (member, derived) in model.members.iter().zip(&self.licenses.members) {
            let (Status::Active, Some(license), Some(driver)) =
                (member.status, derived.license, derived.driver)
            else {
                continue;
            };
            let application = match driver {
                Driver::Owner(app)
                | Driver::Role {
                    application: app, ..
                } => app,
                Driver::AccountType(_) | Driver::ExplorerBaseline => "workspace",
            };
            *cost.entry(application).or_default() += model.prices.of(license);
        }
        let mut rows: Vec<(&str, i64)> = cost.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        rows
    }

    /// Active editors by what drives their license: account type,
    /// ownership, a role permission, a default access.
    pub(crate) fn editors_by_driver(&self) -> [(&'static str, usize); 4] {
        let mut counts = [
            ("account type", 0),
            ("ownership", 0),
            ("role permission", 0),
            ("default access", 0),
        ];
        for (member, derived) in self
            .licenses
            .model
            .members
            .iter()
            .zip(&self.licenses.members)
        {
            if member.status != Status::Active || derived.license != Some(License::Editor) {
                continue;
            }
            let slot = match derived.driver {
                Some(Driver::AccountType(_)) => 0,
                Some(Driver::Owner(_)) => 1,
                Some(Driver::Role {
                    reason: crate::license::Reason::Permission(_),
                    ..
                }) => 2,
                Some(Driver::Role { .. }) => 3,
                Some(Driver::ExplorerBaseline) | None => continue,
            };
            counts[slot].1 += 1;
        }
        counts
    }
}

/// Member findings that flag a holder row in an application's role table.
const HOLDER_RULES: [&str; 2] = ["deactivated-member-assigned", "over-provisioned-editor"];

impl Review<'_> {
    /// Rule ids flagging `member_key`'s holding in `application`: findings
    /// about the assignment, and the member's own holder findings.
    pub(crate) fn holder_flags(&self, application: &str, member_key: &str) -> String {
        let mut ns: Vec<u32> = self
            .by_assignment
            .get(&(application, member_key))
            .cloned()
            .unwrap_or_default();
        if let Some(m) = self.licenses.model.member_index(member_key) {
            ns.extend(
                self.by_member[m]
                    .iter()
                    .filter(|&&n| HOLDER_RULES.contains(&self.finding(n).rule.as_str())),
            );
        }
        self.rules_of(&ns)
    }
}

/// How the review names a role an assignment gives that its application
/// does not have: the line is in the files, so an access review lists it.
pub(crate) const NO_SUCH_ROLE: &str = "(no such role: grants nothing)";

/// The rule flagging such an assignment, shown whether or not it is waived.
pub(crate) const UNKNOWN_ROLE_RULE: &str = "unknown-role";

/// One assignment of a member: the application and the role it names,
/// `None` when the application has no such role.
pub(crate) struct Access<'m> {
    pub application: &'m crate::model::Application,
    /// The application's position in the model.
    pub position: u32,
    pub role_name: &'m str,
    pub role: Option<crate::model::EffectiveRole<'m>>,
}

impl Review<'_> {
    /// Every assignment naming member `m`, known roles or not, in
    /// application then file order.
    pub(crate) fn accesses(&self, m: usize) -> Vec<Access<'_>> {
        let licenses = self.licenses;
        let model = licenses.model;
        let mut out: Vec<(u32, u32, Access<'_>)> = licenses.held[m]
            .iter()
            .map(|h| {
                let (application, role) = licenses.role_of(*h);
                let access = Access {
                    application,
                    position: h.application,
                    role_name: role.name,
                    role: Some(role),
                };
                (h.application, h.assignment, access)
            })
            .collect();
        if let Some(unknown) = self.unknown_roles.get(&m) {
            for &(a, s) in unknown {
                let application = &model.applications[a as usize];
                let assignment = &application.assignments[s as usize];
                let access = Access {
                    application,
                    position: a,
                    role_name: application.written_role(assignment).value,
                    role: None,
                };
                out.push((a, s, access));
            }
            out.sort_by_key(|(a, s, _)| (*a, *s));
        }
        out.into_iter().map(|(_, _, access)| access).collect()
    }
}

/// An application's assignments to roles it does not have: (role name,
/// holders' member keys), by role name.
pub(crate) fn unknown_roles_with_holders<'m>(
    model: &'m Model,
    app: &'m crate::model::Application,
) -> BTreeMap<&'m str, Vec<&'m str>> {
    let mut roles: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in app
        .assignments
        .iter()
        .filter(|a| app.role_ref_of(a).is_none())
    {
        roles
            .entry(app.written_role(a).value)
            .or_default()
            .push(model.email_of(app, a));
    }
    roles
}

/// An application's roles (sorted by name) with their holders' member keys.
pub(crate) fn roles_with_holders<'m>(
    model: &'m Model,
    app: &'m crate::model::Application,
) -> Vec<(crate::model::EffectiveRole<'m>, Vec<&'m str>)> {
    let mut roles: Vec<(crate::model::EffectiveRole<'m>, Vec<&'m str>)> =
        app.all_roles().map(|r| (r, Vec::new())).collect();
    let index: BTreeMap<&str, usize> = roles
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (r.name, i))
        .collect();
    for a in &app.assignments {
        if let Some(&i) = index.get(app.written_role(a).value) {
            roles[i].1.push(model.email_of(app, a));
        }
    }
    // Default roles nobody holds are noise in a review.
    roles.retain(|(r, holders)| r.defined.is_some() || !holders.is_empty());
    roles
}

/// A role's permissions grouped by the license tier they need, highest first.
pub(crate) fn permissions_by_tier(
    grants: crate::model::Grants,
) -> Vec<(License, Vec<&'static str>)> {
    [License::Editor, License::Contributor, License::Explorer]
        .into_iter()
        .filter_map(|tier| {
            let names: Vec<&str> = grants
                .permissions
                .iter()
                .filter(|p| p.tier() == tier)
                .map(crate::model::Permission::as_str)
                .collect();
            (!names.is_empty()).then_some((tier, names))
        })
        .collect()
}

/// API keys by their owner's member position.
pub(crate) fn api_keys_by_member(
    model: &crate::model::Model,
) -> BTreeMap<usize, Vec<&crate::model::ApiKey>> {
    let mut keys: BTreeMap<usize, Vec<&crate::model::ApiKey>> = BTreeMap::new();
    for key in &model.api_keys {
        if let Some(m) = model.member_index(&key.owner.value) {
            keys.entry(m).or_default().push(key);
        }
    }
    keys
}

/// Write the review in `format`.
pub(crate) fn render(out: &mut dyn Write, review: &Review<'_>, format: Format) -> io::Result<()> {
    match format {
        Format::Html => html::write(out, review),
        Format::Markdown => markdown::write(out, review),
        Format::Csv => csv::write(out, review),
    }
}
