//! The subjects a policy looks at, each with what its fields are read
//! from, resolved once per subject (its member, its role) rather than on
//! every field read.

use crate::finding::{Subject, SubjectKind};
use crate::license::Licenses;
use crate::model::{ApiKey, Application, Assignment, Automation, EffectiveRole, Member};
use crate::source::Loc;
use std::ops::Range;

/// One subject, by kind; the variants are named as [`SubjectKind`]'s.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Instance<'m> {
    Member(MemberView<'m>),
    Assignment(AssignmentView<'m>),
    Role(RoleView<'m>),
    Application(ApplicationView<'m>),
    ApiKey(ApiKeyView<'m>),
    Automation(AutomationView<'m>),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct MemberView<'m> {
    /// Its position in the model, and so in the derived licenses.
    pub(crate) index: usize,
    pub(crate) member: &'m Member,
}

/// A line of an application's `[members]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AssignmentView<'m> {
    pub(crate) app: usize,
    pub(crate) application: &'m Application,
    pub(crate) line: &'m Assignment,
    /// The line's email, lower-cased.
    pub(crate) email: &'m str,
    /// `None`: no member has the line's email.
    pub(crate) member: Option<&'m Member>,
    /// `None`: the application has no role of that name.
    pub(crate) role: Option<EffectiveRole<'m>>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RoleView<'m> {
    pub(crate) app: usize,
    pub(crate) application: &'m Application,
    pub(crate) role: EffectiveRole<'m>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ApplicationView<'m> {
    pub(crate) app: usize,
    pub(crate) application: &'m Application,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ApiKeyView<'m> {
    pub(crate) key: &'m ApiKey,
    /// `None`: no member has the owner's email.
    pub(crate) owner: Option<&'m Member>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct AutomationView<'m> {
    pub(crate) app: usize,
    pub(crate) application: &'m Application,
    pub(crate) automation: &'m Automation,
}

/// How many members or API keys one share holds: enough to amortise a
/// task, few enough that two cores split a workspace evenly.
const SHARE: usize = 4096;

/// The subjects of a kind in shares evaluated apart from each other (in
/// parallel), in model order: runs of members or API keys, and one
/// application each for what lives in applications. None for the kinds
/// policies are not about.
pub(crate) fn shares(licenses: &Licenses<'_>, kind: SubjectKind) -> Vec<Range<usize>> {
    let model = licenses.model;
    let runs =
        |len: usize| (0..len.div_ceil(SHARE)).map(move |i| i * SHARE..len.min((i + 1) * SHARE));
    match kind {
        SubjectKind::Member => runs(model.members.len()).collect(),
        SubjectKind::ApiKey => runs(model.api_keys.len()).collect(),
        SubjectKind::Assignment
        | SubjectKind::Role
        | SubjectKind::Application
        | SubjectKind::Automation => (0..model.applications.len()).map(|i| i..i + 1).collect(),
        SubjectKind::Workspace | SubjectKind::Suppression => Vec::new(),
    }
}

/// The subjects of a kind in one of its [`shares`], read straight from the
/// model (never collected: a workspace has 600k assignments).
pub(crate) fn instances_in<'a, 'm>(
    licenses: &'a Licenses<'m>,
    kind: SubjectKind,
    share: Range<usize>,
) -> Box<dyn Iterator<Item = Instance<'m>> + 'a> {
    let model = licenses.model;
    let in_share = share.clone();
    let applications = move || {
        model.applications[in_share.clone()]
            .iter()
            .zip(in_share.clone())
            .map(|(application, app)| (app, application))
    };
    match kind {
        SubjectKind::Member => Box::new(
            model.members[share.clone()]
                .iter()
                .zip(share.clone())
                .map(|(member, index)| Instance::Member(MemberView { index, member })),
        ),
        SubjectKind::Assignment => Box::new(applications().flat_map(move |(app, application)| {
            application.assignments.iter().map(move |line| {
                Instance::Assignment(AssignmentView {
                    app,
                    application,
                    line,
                    email: model.email_of(application, line),
                    member: line.member().map(|i| &model.members[i as usize]),
                    role: application.assigned_role(line),
                })
            })
        })),
        SubjectKind::Role => Box::new(applications().flat_map(|(app, application)| {
            application.all_roles().map(move |role| {
                Instance::Role(RoleView {
                    app,
                    application,
                    role,
                })
            })
        })),
        SubjectKind::Application => {
            Box::new(applications().map(|(app, application)| {
                Instance::Application(ApplicationView { app, application })
            }))
        }
        SubjectKind::ApiKey => Box::new(model.api_keys[share].iter().map(move |key| {
            Instance::ApiKey(ApiKeyView {
                key,
                owner: model.member(&key.owner.value),
            })
        })),
        SubjectKind::Automation => Box::new(applications().flat_map(|(app, application)| {
            application.automations.iter().map(move |automation| {
                Instance::Automation(AutomationView {
                    app,
                    application,
                    automation,
                })
            })
        })),
        SubjectKind::Workspace | SubjectKind::Suppression => Box::new(std::iter::empty()),
    }
}

/// Every subject of a kind, in model order.
#[cfg(test)]
pub(crate) fn instances<'m>(licenses: &Licenses<'m>, kind: SubjectKind) -> Vec<Instance<'m>> {
    shares(licenses, kind)
        .into_iter()
        .flat_map(|share| instances_in(licenses, kind, share))
        .collect()
}

impl Instance<'_> {
    /// The subject's identity and its identifying line.
    pub(crate) fn identity(&self) -> (Subject, Loc) {
        match self {
            Self::Member(m) => (Subject::member(&m.member.key), m.member.loc),
            Self::Assignment(s) => (
                Subject::assignment(&s.application.name, s.email),
                s.application.line_loc(s.line),
            ),
            Self::Role(r) => (
                Subject::role(&r.application.name, r.role.name),
                r.role.defined.map_or(r.application.loc, |d| d.loc),
            ),
            Self::Application(a) => (Subject::application(&a.application.name), a.application.loc),
            Self::ApiKey(k) => (Subject::api_key(&k.key.name), k.key.loc),
            Self::Automation(a) => (
                Subject::automation(&a.application.name, &a.automation.name),
                a.automation.loc,
            ),
        }
    }

    /// The application it belongs to (an application belongs to itself).
    pub(crate) fn application(&self) -> Option<usize> {
        match self {
            Self::Assignment(AssignmentView { app, .. })
            | Self::Role(RoleView { app, .. })
            | Self::Application(ApplicationView { app, .. })
            | Self::Automation(AutomationView { app, .. }) => Some(*app),
            Self::Member(_) | Self::ApiKey(_) => None,
        }
    }
}
