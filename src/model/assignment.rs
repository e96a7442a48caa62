//! `[members]` lines, kept small: a 100k-member workspace has 600k of them,
//! and at 80 bytes each (an email, a role name and two locations, each
//! with its file) they were a quarter of the heap. An [`Assignment`] is 24
//! bytes: the member's position, an index into its application's table of
//! role names, and two byte ranges in the application's file. What only
//! some lines need (the email of a line no member has) is in side tables
//! of the [`Application`]; accessors there give every field back.

use super::{Application, EffectiveRole, Model, Name, RoleRef};
use crate::source::{Loc, Located};

/// One line of `[members]`: an email holding a role. Read its fields
/// through [`Application`] and [`Model`]: [`Application::line_loc`],
/// [`Application::written_role`], [`Application::assigned_role`],
/// [`Model::email_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Assignment {
    /// The member's position in [`Model::members`]; with [`NO_MEMBER`] set,
    /// the position of the email in [`Application::unknown_emails`].
    who: u32,
    /// Position in [`Application::assigned_roles`].
    role: u32,
    /// The whole `"email" = "Role"` line.
    line: Span,
    /// The role's value.
    role_span: Span,
}

/// Marks [`Assignment::who`] as no member's: a workspace has far fewer
/// than 2^31 members.
const NO_MEMBER: u32 = 1 << 31;

/// A byte range in the file of the application the assignment is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn of(loc: Loc) -> Self {
        Self {
            start: loc.start,
            end: loc.end,
        }
    }
}

/// A role name the `[members]` lines of an application write, resolved
/// once for all the lines that write it.
#[derive(Debug, Clone)]
pub(crate) struct AssignedRole {
    pub name: Name,
    /// `None`: the application has no such role.
    pub role: Option<RoleRef>,
}

/// Who a `[members]` line names.
pub(crate) enum Assignee {
    /// A position in [`Model::members`].
    Member(u32),
    /// An email no member has, lower-cased.
    Unknown(Name),
}

impl Assignment {
    /// The member's position in [`Model::members`]; `None`: no member has
    /// the email.
    pub(crate) fn member(&self) -> Option<u32> {
        (self.who & NO_MEMBER == 0).then_some(self.who)
    }
}

impl Application {
    /// Set the role names the `[members]` lines write, each resolved once
    /// in [`Application::roles`] (which must be complete): lines then name
    /// their role by its position in `names`.
    pub(crate) fn set_assigned_roles(&mut self, names: Vec<Name>) {
        self.assigned_roles = names
            .into_iter()
            .map(|name| AssignedRole {
                role: self.find_role(&name),
                name,
            })
            .collect();
    }

    /// Add a `[members]` line (lines are added sorted by email), whose role
    /// is the name at `role.value` in [`Application::set_assigned_roles`].
    pub(crate) fn push_assignment(&mut self, who: Assignee, line: Loc, role: Located<u32>) {
        debug_assert!((role.value as usize) < self.assigned_roles.len());
        let who = match who {
            Assignee::Member(i) => i,
            Assignee::Unknown(email) => {
                self.unknown_emails.push(email);
                (self.unknown_emails.len() - 1) as u32 | NO_MEMBER
            }
        };
        self.assignments.push(Assignment {
            who,
            role: role.value,
            line: Span::of(line),
            role_span: Span::of(role.loc),
        });
    }

    fn in_file(&self, span: Span) -> Loc {
        Loc {
            file: self.loc.file,
            start: span.start,
            end: span.end,
        }
    }

    /// The whole `"email" = "Role"` line of an assignment.
    pub(crate) fn line_loc(&self, assignment: &Assignment) -> Loc {
        self.in_file(assignment.line)
    }

    /// The role an assignment names, as written, and where.
    pub(crate) fn written_role(&self, assignment: &Assignment) -> Located<&str> {
        Located::new(
            &self.assigned_roles[assignment.role as usize].name,
            self.in_file(assignment.role_span),
        )
    }

    /// The role an assignment names; `None`: the application has no such role.
    pub(crate) fn role_ref_of(&self, assignment: &Assignment) -> Option<RoleRef> {
        self.assigned_roles[assignment.role as usize].role
    }

    /// The role an assignment holds, if the application has it.
    pub(crate) fn assigned_role(&self, assignment: &Assignment) -> Option<EffectiveRole<'_>> {
        self.role_ref_of(assignment).map(|r| self.role_at(r))
    }
}

impl Model {
    /// The lower-cased email of an assignment of `app`: its member's key
    /// when there is such a member.
    pub(crate) fn email_of<'m>(&'m self, app: &'m Application, assignment: &Assignment) -> &'m str {
        match assignment.member() {
            Some(i) => &self.members[i as usize].key,
            None => &app.unknown_emails[(assignment.who & !NO_MEMBER) as usize],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assignment_is_24_bytes() {
        assert_eq!(std::mem::size_of::<Assignment>(), 24);
    }
}
