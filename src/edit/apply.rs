//! Edits applied to the files themselves, with `toml_edit`: only the edited
//! keys change, so comments, key order, quoting and blank lines elsewhere
//! stay byte-identical. Names are resolved against the loaded model (with
//! "did you mean"); an edit that changes nothing is refused.

use super::files::{File, bad, document, member_table, string_of};
use super::flags::Edit;
use crate::error::InputError;
use crate::load::Workspace;
use crate::model::{
    AccountType, Application, DEFAULT_ROLES, DefaultAccess, Keyword, Member, Permission, Status,
    lowercase,
};
use crate::source::{FileId, escape};
use crate::toml_read::{did_you_mean, did_you_mean_email, suggest};
use std::collections::BTreeMap;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// Edited files: the id of each file that changed → its new text.
pub(crate) struct Edited {
    pub texts: BTreeMap<FileId, String>,
    /// Default roles written out as `[roles.NAME]` tables: (application, role).
    pub materialised: Vec<(String, String)>,
}

/// What one pass applies: the edits, or only the materialisation of the
/// default roles they write out (to tell which findings that alone causes).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    Edits,
    MaterialiseOnly,
}

/// Apply `edits` in order to the files of `workspace`.
pub(crate) fn apply(
    workspace: &Workspace,
    edits: &[Edit],
    pass: Pass,
) -> Result<Edited, InputError> {
    let mut files: BTreeMap<FileId, File> = BTreeMap::new();
    let mut materialised = Vec::new();
    for edit in edits {
        apply_one(workspace, &mut files, edit, pass, &mut materialised)?;
    }
    let texts = files
        .into_iter()
        .map(|(id, file)| (id, file.text(workspace.sources.get(id).text())))
        .collect();
    Ok(Edited {
        texts,
        materialised,
    })
}

fn application<'m>(workspace: &'m Workspace, name: &str) -> Result<&'m Application, InputError> {
    let model = &workspace.model;
    model.application(name).ok_or_else(|| {
        bad(
            format!("there is no application `{}`", escape(name)),
            suggest(
                name,
                model.applications.iter().map(|a| a.name.as_str()),
                || "application names are case-sensitive; `swatch licenses` lists them".to_owned(),
            ),
        )
    })
}

fn member<'m>(workspace: &'m Workspace, email: &str) -> Result<&'m Member, InputError> {
    let model = &workspace.model;
    model.member(email).ok_or_else(|| {
        let wanted = lowercase(email);
        let keys = || model.members.iter().map(|m| &*m.key);
        let close = did_you_mean_email(&wanted, keys()).or_else(|| did_you_mean(&wanted, keys()));
        bad(
            format!("there is no member `{}`", escape(email)),
            close.map_or_else(
                || "an edit names an existing [[member]]".to_owned(),
                |c| format!("did you mean `{}`?", escape(c)),
            ),
        )
    })
}

fn keyword<K: Keyword>(text: &str) -> Result<K, InputError> {
    K::from_keyword(text).ok_or_else(|| {
        bad(
            format!("unknown {} `{}`", K::WHAT, escape(text)),
            suggest(text, K::ALL.iter().map(|(n, _)| *n), || {
                let all: Vec<&str> = K::ALL.iter().map(|(n, _)| *n).collect();
                format!("expected one of {}", all.join(", "))
            }),
        )
    })
}

fn unchanged(what: &str) -> InputError {
    InputError::new(
        "swatch::what_if::no_change",
        format!("this edit changes nothing: {what}"),
    )
    .help("drop it, or give a different value")
}

/// Set `key` to a string, keeping the old value's surrounding spaces and comment.
pub(super) fn set_string(table: &mut Table, key: &str, text: &str) {
    let mut value = Value::from(text);
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

fn application_doc<'f>(
    workspace: &Workspace,
    files: &'f mut BTreeMap<FileId, File>,
    app: &Application,
) -> Result<&'f mut DocumentMut, InputError> {
    document(workspace, files, app.header.file)
}

/// The `[roles.NAME]` table, materialised from domain.md's defaults when
/// the role is one of Pigment's defaults that no file defines.
fn role_table<'d>(
    doc: &'d mut DocumentMut,
    app: &Application,
    name: &str,
    materialised: &mut Vec<(String, String)>,
) -> Result<&'d mut Table, InputError> {
    let defined = app.defined_role(name).is_some();
    let default = DEFAULT_ROLES.iter().find(|(n, _)| *n == name);
    if !defined && default.is_none() {
        let names = app
            .roles
            .iter()
            .map(|r| r.name.as_str())
            .chain(DEFAULT_ROLES.iter().map(|(n, _)| *n));
        return Err(bad(
            format!("{} has no role `{}`", escape(&app.name), escape(name)),
            suggest(name, names, || "role names are case-sensitive".to_owned()),
        ));
    }
    let roles = doc
        .entry("roles")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| {
            bad(
                "`roles` is not a table".to_owned(),
                "fix the file by hand first",
            )
        })?;
    let written_out = roles.contains_key(name);
    if let (false, false, Some((_, grants))) = (defined, written_out, default) {
        let permissions: Array = grants.permissions.iter().map(Permission::as_str).collect();
        let mut table = Table::new();
        table.insert("permissions", toml_edit::value(permissions));
        table.insert(
            "default_access",
            toml_edit::value(grants.default_access.as_str()),
        );
        table.decor_mut().set_prefix(format!(
            "\n# swatch's assumed defaults for Pigment's default {name} role (Pigment lets them be customised).\n"
        ));
        roles.insert(name, Item::Table(table));
        materialised.push((app.name.clone(), name.to_owned()));
    }
    roles
        .get_mut(name)
        .and_then(Item::as_table_mut)
        .ok_or_else(|| {
            bad(
                format!("`roles.{}` is not a table", escape(name)),
                "fix the file by hand first",
            )
        })
}

fn apply_one(
    workspace: &Workspace,
    files: &mut BTreeMap<FileId, File>,
    edit: &Edit,
    pass: Pass,
    materialised: &mut Vec<(String, String)>,
) -> Result<(), InputError> {
    let only_materialise = pass == Pass::MaterialiseOnly;
    if only_materialise
        && !matches!(
            edit,
            Edit::RemovePermission { .. } | Edit::AddPermission { .. } | Edit::DefaultAccess { .. }
        )
    {
        return Ok(());
    }
    match edit {
        Edit::RemovePermission {
            app,
            role,
            permission,
        }
        | Edit::AddPermission {
            app,
            role,
            permission,
        } => {
            let adding = matches!(edit, Edit::AddPermission { .. });
            let p: Permission = keyword(permission)?;
            let a = application(workspace, app)?;
            let table = role_table(application_doc(workspace, files, a)?, a, role, materialised)?;
            if only_materialise {
                return Ok(());
            }
            let array = table
                .entry("permissions")
                .or_insert_with(|| toml_edit::value(Array::new()))
                .as_array_mut()
                .ok_or_else(|| {
                    bad(
                        "`permissions` is not an array".to_owned(),
                        "fix the file by hand first",
                    )
                })?;
            let at = array.iter().position(|v| v.as_str() == Some(p.as_str()));
            match (adding, at) {
                (true, None) => {
                    // On the layout of the last element: one per line stays one per line.
                    let mut value = Value::from(p.as_str());
                    if let Some(prefix) = array.iter().last().and_then(|v| v.decor().prefix()) {
                        value.decor_mut().set_prefix(prefix.clone());
                    }
                    array.push_formatted(value);
                }
                (false, Some(i)) => {
                    array.remove(i);
                }
                (true, Some(_)) => {
                    return Err(unchanged(&format!(
                        "{}/{} already has {p}",
                        escape(app),
                        escape(role)
                    )));
                }
                (false, None) => {
                    return Err(unchanged(&format!(
                        "{}/{} does not have {p}",
                        escape(app),
                        escape(role)
                    )));
                }
            }
        }
        Edit::DefaultAccess { app, role, access } => {
            let access: DefaultAccess = keyword(access)?;
            let a = application(workspace, app)?;
            let table = role_table(application_doc(workspace, files, a)?, a, role, materialised)?;
            if only_materialise {
                return Ok(());
            }
            let current = string_of(table, "default_access").unwrap_or("unspecified");
            if current == access.as_str() {
                return Err(unchanged(&format!(
                    "{}/{}'s default access already is {access}",
                    escape(app),
                    escape(role)
                )));
            }
            set_string(table, "default_access", access.as_str());
        }
        Edit::AccountType {
            email,
            account_type,
        } => {
            let value: AccountType = keyword(account_type)?;
            let m = member(workspace, email)?;
            let table = member_table(workspace, files, m)?;
            if string_of(table, "account_type") == Some(value.as_str()) {
                return Err(unchanged(&format!(
                    "{} already is {value}",
                    escape(&m.email)
                )));
            }
            set_string(table, "account_type", value.as_str());
        }
        Edit::Status { email, status } => {
            let value: Status = keyword(status)?;
            let m = member(workspace, email)?;
            let table = member_table(workspace, files, m)?;
            if string_of(table, "status").unwrap_or("active") == value.as_str() {
                return Err(unchanged(&format!(
                    "{} already is {value}",
                    escape(&m.email)
                )));
            }
            set_string(table, "status", value.as_str());
        }
        Edit::Assign { app, email, role } => {
            let a = application(workspace, app)?;
            let m = member(workspace, email)?;
            if a.defined_role(role).is_none() && DEFAULT_ROLES.iter().all(|(n, _)| n != role) {
                // Only for the "did you mean": assigning never writes a role out.
                role_table(&mut DocumentMut::new(), a, role, &mut Vec::new())?;
            }
            let members = members_table(application_doc(workspace, files, a)?)?;
            let existing = members
                .iter()
                .find(|(k, _)| *lowercase(k) == *m.key)
                .map(|(k, v)| (k.to_owned(), v.as_str().map(str::to_owned)));
            match existing {
                Some((_, Some(current))) if current == *role => {
                    return Err(unchanged(&format!(
                        "{} already holds {} in {}",
                        escape(&m.email),
                        escape(role),
                        escape(app)
                    )));
                }
                Some((key, _)) => set_string(members, &key, role),
                None => {
                    members.insert(&m.email, toml_edit::value(role.as_str()));
                }
            }
        }
        Edit::Unassign { app, email } => {
            // No member needed: an assignment of an unknown member can go too.
            let a = application(workspace, app)?;
            let wanted = lowercase(email);
            let members = members_table(application_doc(workspace, files, a)?)?;
            let key = members
                .iter()
                .find(|(k, _)| lowercase(k) == wanted)
                .map(|(k, _)| k.to_owned())
                .ok_or_else(|| {
                    let keys = a.assignments.iter().map(|x| workspace.model.email_of(a, x));
                    bad(
                        format!("{} has no role in {}", escape(email), escape(app)),
                        did_you_mean_email(&wanted, keys).map_or_else(
                            || "`swatch why EMAIL` lists a member's roles".to_owned(),
                            |c| format!("did you mean `{}`?", escape(c)),
                        ),
                    )
                })?;
            members.remove(&key);
        }
        Edit::Owner { app, email } => {
            let a = application(workspace, app)?;
            let m = member(workspace, email)?;
            if a.owner
                .as_ref()
                .is_some_and(|o| *lowercase(&o.value) == *m.key)
            {
                return Err(unchanged(&format!(
                    "{} already owns {}",
                    escape(&m.email),
                    escape(app)
                )));
            }
            let doc = application_doc(workspace, files, a)?;
            let table = doc
                .get_mut("application")
                .and_then(Item::as_table_mut)
                .ok_or_else(|| {
                    bad(
                        "`application` is not a table".to_owned(),
                        "fix the file by hand first",
                    )
                })?;
            set_string(table, "owner", &m.email);
        }
    }
    Ok(())
}

fn members_table(doc: &mut DocumentMut) -> Result<&mut Table, InputError> {
    doc.entry("members")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .ok_or_else(|| {
            bad(
                "`members` is not a table".to_owned(),
                "fix the file by hand first",
            )
        })
}
