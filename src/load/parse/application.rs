//! An application file's tables: `[application]`, `[roles.NAME]`,
//! `[members]` (its role assignments) and `[[automation]]`.

use super::{PendingAssignment, PendingMembers, as_table, named, tables_of};
use crate::error::InputError;
use crate::load::keys;
use crate::load::misplaced::{misplaced, misplaced_key};
use crate::model::{
    Application, Automation, DefaultAccess, Grants, Name, Permission, PermissionSet, Role,
    lowercase,
};
use crate::source::{Loc, Located};
use crate::toml_read::{Key, Reader, TableReader, TomlValue, Value, did_you_mean};

pub(super) fn application(r: &mut Reader, value: &Value<'_>) -> Option<Application> {
    let Some(table) = r.table(value, "a table") else {
        if matches!(value.get_ref(), TomlValue::Array(_)) {
            r.error(
                InputError::at(
                    "swatch::load::two_applications",
                    r.loc(value.span()),
                    "a file holds at most one [application]",
                )
                .help("write `[application]` (single brackets) and put each application in its own file"),
            );
        }
        return None;
    };
    let header = r.loc(value.span());
    let mut t =
        TableReader::declared(r, table, header, &keys::APPLICATION).on_unknown_key(misplaced_key);
    let name = t.entry("name", |r, key, value| {
        let n = r.non_empty_string(value)?;
        if n.value.contains('/') {
            r.error(
                InputError::at(
                    "swatch::load::bad_name",
                    n.loc,
                    "an application name cannot contain `/`",
                )
                .label("contains `/`")
                .help("`/` separates application and role in rule subjects (`APP/ROLE`); rename the application"),
            );
            return None;
        }
        Some((n.value, r.entry_loc(key, value)))
    });
    let owner = t.value("owner", Reader::non_empty_string);
    let public_blocks = t.entry("public_blocks", |r, key, value| {
        let list = r.strings(value)?;
        Some(Located::new(
            list.value.into_iter().map(|b| b.value).collect(),
            r.entry_loc(key, value),
        ))
    });
    t.finalize();
    let (name, loc) = name?;
    Some(Application {
        name,
        loc,
        header,
        owner,
        owner_member: None,
        public_blocks,
        roles: Vec::new(),
        assignments: Vec::new(),
        assigned_roles: Vec::new(),
        unknown_emails: Vec::new(),
        automations: Vec::new(),
    })
}

pub(super) fn read_roles(r: &mut Reader, value: &Value<'_>) -> Vec<Role> {
    let Some(table) = r.table(value, "a table of roles") else {
        return Vec::new();
    };
    let mut roles = Vec::new();
    for (name_key, role_value) in table {
        let Some(role_table) = r.table(role_value, "a table") else {
            continue;
        };
        let header = r.loc(role_value.span());
        let what = format!("[roles.{}]", name_key.get_ref());
        let mut t = TableReader::declared(r, role_table, header, &keys::ROLE)
            .called(what)
            .on_unknown_key(role_key);
        let permissions = t.value("permissions", read_permissions);
        let default_access = t.value("default_access", Reader::keyword::<DefaultAccess>);
        t.finalize();
        // Errors stop the load, so a role with bad permissions is kept only
        // to finish reading the file.
        let permissions = permissions.unwrap_or_default();
        // A bad value stops the load, so only a value read counts as written.
        let default_access_written = default_access.is_some();
        roles.push(Role {
            name: name_key.get_ref().to_string(),
            loc: header,
            grants: Grants {
                permissions,
                default_access: default_access.map_or(DefaultAccess::Unspecified, |d| d.value),
            },
            default_access_written,
        });
    }
    roles.sort_by(|a, b| a.name.cmp(&b.name));
    roles
}

/// A key of `[application]` under a role's header: the role's table took
/// it, since it comes after that header; other keys as anywhere.
fn role_key(
    r: &mut Reader,
    key: &Key<'_>,
    mut unknown: InputError,
    table: &str,
    header: Loc,
) -> Option<InputError> {
    if !keys::APPLICATION.takes(key.get_ref()) {
        return misplaced_key(r, key, unknown, table, header);
    }
    unknown
        .also
        .push((header, "the last table header above it".to_owned()));
    unknown.help = Some(format!(
        "keys after a [roles.…] header belong to that role: move `{}` above the first [roles.…] header, under [application]",
        key.get_ref()
    ));
    Some(unknown)
}

fn read_permissions(r: &mut Reader, value: &Value<'_>) -> Option<PermissionSet> {
    let list = r.strings(value)?;
    let mut set = PermissionSet::default();
    let mut ok = true;
    for item in list.value {
        match r.keyword_text::<Permission>(&item) {
            Some(p) => set = set.with(p),
            None => ok = false,
        }
    }
    ok.then_some(set)
}

pub(super) fn read_assignments(r: &mut Reader, value: &Value<'_>) -> PendingMembers {
    if matches!(value.get_ref(), TomlValue::Array(_)) {
        r.error(
            InputError::at(
                "swatch::load::wrong_type",
                r.loc(value.span()),
                "`members` must be a table of `\"email\" = \"Role\"`",
            )
            .label("[[members]] is an array")
            .help("did you mean `[[member]]`? [[member]] declares a workspace member; [members] assigns roles in an application"),
        );
        return PendingMembers::default();
    }
    let Some(table) = r.table(value, "a table of `\"email\" = \"Role\"`") else {
        return PendingMembers::default();
    };
    let header = r.loc(value.span());
    let mut assignments: Vec<PendingAssignment> = Vec::with_capacity(table.len());
    let mut members = PendingMembers::default();
    // Role name → its position in `members.roles` (one file can name tens
    // of thousands of roles).
    let mut role_positions: std::collections::BTreeMap<&str, u32> =
        std::collections::BTreeMap::new();
    for (key, value) in table {
        let email = key.get_ref();
        let loc = r.entry_loc(key, value);
        if !email.contains('@') {
            let for_application = keys::APPLICATION.takes(email);
            if !for_application && misplaced(r, key, "[members]", header) {
                continue;
            }
            let help = if for_application {
                format!(
                    "keys after [members] are emails: move `{email}` above [members], under [application]"
                )
            } else {
                "write one `\"name@example.com\" = \"Role\"` per member".to_owned()
            };
            let hint = did_you_mean(email, keys::APPLICATION.names());
            r.error(
                InputError::at(
                    "swatch::load::not_an_email",
                    r.loc(key.span()),
                    format!("`{email}` under [members] is not an email"),
                )
                .label(if hint.is_some() {
                    "belongs to [application]?"
                } else {
                    "no `@`"
                })
                .also(header, "the last table header above it")
                .help(help),
            );
            continue;
        }
        // The few role names of a file are shared by its lines.
        let TomlValue::String(name) = value.get_ref() else {
            r.string(value);
            continue;
        };
        let role = *role_positions.entry(name).or_insert_with(|| {
            members.roles.push(Name::from(name.as_ref()));
            (members.roles.len() - 1) as u32
        });
        assignments.push(PendingAssignment {
            email: pending_email(email, &mut members.emails),
            loc,
            role: Located::new(role, r.loc(value.span())),
        });
    }
    assignments.sort_by(|a, b| {
        (members.email(a).cmp(members.email(b))).then(a.loc.start.cmp(&b.loc.start))
    });
    let mut kept: Vec<PendingAssignment> = Vec::with_capacity(assignments.len());
    for assignment in assignments {
        let key = members.email(&assignment);
        if let Some(previous) = kept.last().filter(|p| members.email(p) == key) {
            r.error(
                InputError::at(
                    "swatch::load::duplicate",
                    assignment.loc,
                    format!(
                        "`{key}` is assigned twice in [members] (emails compare case-insensitively)"
                    ),
                )
                .label("second assignment")
                .also(previous.loc, "first assignment")
                .help("a member holds one role per application: keep one line"),
            );
            continue;
        }
        kept.push(assignment);
    }
    members.lines = kept;
    members
}

/// The lower-cased email of a `[members]` key, added to `emails`: its
/// place there.
fn pending_email(email: &str, emails: &mut String) -> (u32, u32) {
    let start = emails.len() as u32;
    emails.push_str(&lowercase(email));
    (start, emails.len() as u32)
}

pub(super) fn read_automations(
    r: &mut Reader,
    key: &Key<'_>,
    value: &Value<'_>,
) -> Vec<Automation> {
    let mut automations: Vec<Automation> = Vec::new();
    for entry in tables_of(r, key, value) {
        let header = r.loc(entry.span());
        let mut t = TableReader::declared(r, as_table(entry), header, &keys::AUTOMATION)
            .on_unknown_key(misplaced_key);
        let name = t.entry("name", named);
        let owner = t.value("owner", Reader::non_empty_string);
        t.finalize();
        let (Some((name, loc)), Some(owner)) = (name, owner) else {
            continue;
        };
        if let Some(first) = automations.iter().find(|a| a.name == name) {
            r.error(
                InputError::at(
                    "swatch::load::duplicate",
                    loc,
                    format!("the automation `{name}` is defined twice in this application"),
                )
                .label("second definition")
                .also(first.loc, "first definition")
                .help("give each automation of an application its own name"),
            );
            continue;
        }
        automations.push(Automation { name, loc, owner });
    }
    automations.sort_by(|a, b| a.name.cmp(&b.name));
    automations
}
