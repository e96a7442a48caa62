//! One workspace file → its typed contents (format.md), with every error in it.
//! Files are independent here, so they parse in parallel; what spans files
//! (duplicates, the license model) is checked in `build`.

use super::keys;
use super::misplaced::{misplaced_key, unknown_key};
use crate::error::InputError;
use crate::model::{
    AccountType, ApiKey, Application, License, LicenseModel, Member, Name, Purchased, Status,
    WorkspaceInfo, lowercase,
};
use crate::source::{FileId, Loc, Located, SourceFile};
use crate::toml_read::{
    Key, Reader, TableReader, TomlTable, TomlValue, Value, did_you_mean, parse_document,
};
use application::{application, read_assignments, read_automations, read_roles};

mod application;

/// `[workspace]` and the license model it sets.
pub(super) type WorkspaceTable = (WorkspaceInfo, Option<Located<LicenseModel>>);
/// `[pricing]`: its header and the prices it sets, in cents.
pub(super) type PricingTable = (Loc, Vec<(License, Located<i64>)>);

/// What one file declares.
#[derive(Debug, Default, Clone)]
pub(super) struct ParsedFile {
    pub workspace: Option<WorkspaceTable>,
    pub licenses: Option<Purchased>,
    pub pricing: Option<PricingTable>,
    pub members: Vec<Member>,
    pub api_keys: Vec<ApiKey>,
    pub application: Option<Application>,
    /// The application's `[members]`.
    pub assignments: PendingMembers,
    /// `# swatch: ignore RULE -- REASON` comments.
    pub inline_ignores: Vec<crate::load::InlineIgnore>,
    /// Set when the file is no workspace file (then it declares nothing).
    pub foreign: Option<super::foreign::Foreign>,
}

impl ParsedFile {
    /// A copy without the `[members]` lines, the largest part of a big
    /// workspace's files: [`super::build::build`] gives them back.
    pub(super) fn copy_but_lines(&mut self) -> Self {
        let lines = std::mem::take(&mut self.assignments.lines);
        let emails = std::mem::take(&mut self.assignments.emails);
        let copy = self.clone();
        self.assignments.lines = lines;
        self.assignments.emails = emails;
        copy
    }
}

/// An application's `[members]` as its file has it, resolved into
/// [`Application::assignments`] once every file's members are known.
#[derive(Debug, Default, Clone)]
pub(super) struct PendingMembers {
    /// Sorted by lower-cased email.
    pub lines: Vec<PendingAssignment>,
    /// The role names the lines write, each once.
    pub roles: Vec<Name>,
    /// The lines' lower-cased emails, one after another: the file's text
    /// can then be dropped as soon as it is parsed, while the lines wait
    /// for every file's members (#16).
    pub emails: String,
}

/// One line of `[members]` as a file has it, in 36 bytes: a 100k-member
/// workspace has 600k, all of them waiting at once for the members' index.
#[derive(Debug, Clone)]
pub(super) struct PendingAssignment {
    /// `emails[start..end]` of its [`PendingMembers`].
    pub email: (u32, u32),
    /// The whole line.
    pub loc: Loc,
    /// Position in [`PendingMembers::roles`].
    pub role: Located<u32>,
}

impl PendingMembers {
    /// The lower-cased email of a line.
    pub(super) fn email(&self, line: &PendingAssignment) -> &str {
        let (start, end) = line.email;
        &self.emails[start as usize..end as usize]
    }
}

/// Parse one file. Errors are returned, never raised: the caller reports
/// them for every file at once. After a syntax error nothing more of the
/// file is read: what follows an unclosed bracket or string is misread.
pub(super) fn parse_file(file: FileId, source: &SourceFile) -> (ParsedFile, Vec<InputError>) {
    let text = source.text();
    let mut reader = Reader::new(file);
    let mut parsed = ParsedFile::default();
    let Some(document) = parse_document(&mut reader, text) else {
        return (parsed, reader.errors);
    };
    let root = document.get_ref();
    let all_unknown = root.iter().all(|(key, _)| {
        let key = key.get_ref();
        !keys::FILE.takes(key) && did_you_mean(key, keys::FILE.names()).is_none()
    });
    if all_unknown {
        parsed.foreign = super::foreign::foreign(file, root, false);
        if parsed.foreign.is_some() {
            return (parsed, Vec::new());
        }
    }
    read_file(&mut reader, root, &mut parsed);
    let misplaced = std::mem::take(&mut reader.misplaced);
    reader
        .errors
        .extend(misplaced.into_iter().map(|m| m.into_error(source)));
    if !reader.errors.is_empty() && super::foreign::is_tool_file(&source.path) {
        return (
            ParsedFile {
                foreign: super::foreign::foreign(file, root, true),
                ..ParsedFile::default()
            },
            Vec::new(),
        );
    }
    let (inline, errors) = super::inline::scan_inline(file, text);
    parsed.inline_ignores = inline;
    reader.errors.extend(errors);
    (parsed, reader.errors)
}

fn read_file(r: &mut Reader, root: &TomlTable<'_>, out: &mut ParsedFile) {
    let start = r.loc(0..0);
    let mut t = TableReader::declared(r, root, start, &keys::FILE);
    out.workspace = t.value("workspace", workspace);
    out.licenses = t.value("licenses", licenses);
    out.pricing = t.value("pricing", pricing);
    t.entry("member", |r, key, value| {
        for entry in tables_of(r, key, value) {
            out.members.extend(member(r, entry));
        }
        Some(())
    });
    t.entry("api_key", |r, key, value| {
        for entry in tables_of(r, key, value) {
            out.api_keys.extend(api_key(r, entry));
        }
        Some(())
    });
    out.application = t.value("application", application);
    // Read what belongs to an application even without one, so every error
    // in the file is reported at once.
    let roles = t.entry("roles", |r, key, value| Some((key, read_roles(r, value))));
    let assignments = t.entry("members", |r, key, value| {
        Some((key, read_assignments(r, value)))
    });
    let automations = t.entry("automation", |r, key, value| {
        Some((key, read_automations(r, key, value)))
    });
    t.finalize();
    let (roles_key, roles) = roles.unzip();
    let (members_key, assignments) = assignments.unzip();
    let (automation_key, automations) = automations.unzip();
    let (roles, assignments, automations) = (
        roles.unwrap_or_default(),
        assignments.unwrap_or_default(),
        automations.unwrap_or_default(),
    );
    if let Some(app) = out.application.as_mut() {
        app.roles = roles;
        out.assignments = assignments;
        app.automations = automations;
        return;
    }
    if root.get_key_value("application").is_some() {
        // The [application] table is there but invalid: already reported.
        return;
    }
    for key in [roles_key, members_key, automation_key]
        .into_iter()
        .flatten()
    {
        let name = key.get_ref();
        r.error(
            InputError::at(
                "swatch::load::no_application",
                r.loc(key.span()),
                format!("`{name}` belongs to an application, but this file has no [application]"),
            )
            .label("outside any application")
            .help("add an [application] table with its `name` to this file, or move this into the application's file"),
        );
    }
}

/// The tables of an array of tables (`[[member]]`).
fn tables_of<'t, 'i>(r: &mut Reader, key: &Key<'_>, value: &'t Value<'i>) -> Vec<&'t Value<'i>> {
    if let TomlValue::Array(items) = value.get_ref() {
        items
            .iter()
            .filter(|item| r.table(item, "a table").is_some())
            .collect()
    } else {
        let name = key.get_ref();
        r.error(
            InputError::at(
                "swatch::load::wrong_type",
                r.loc(value.span()),
                format!("`{name}` must be an array of tables"),
            )
            .label("expected [[…]]")
            .help(format!("write each entry under its own [[{name}]] header")),
        );
        Vec::new()
    }
}

fn as_table<'t, 'i>(value: &'t Value<'i>) -> &'t TomlTable<'i> {
    match value.get_ref() {
        TomlValue::Table(t) => t,
        // `tables_of` keeps tables only.
        _ => unreachable!("checked by tables_of"),
    }
}

fn workspace(r: &mut Reader, value: &Value<'_>) -> Option<WorkspaceTable> {
    let table = r.table(value, "a table")?;
    let mut info = WorkspaceInfo {
        name: None,
        loc: r.loc(value.span()),
        sso_domains: Vec::new(),
    };
    let mut t =
        TableReader::declared(r, table, info.loc, &keys::WORKSPACE).on_unknown_key(misplaced_key);
    info.name = t.value("name", |r, v| r.string(v).map(|s| s.value));
    let model = t.value("license_model", Reader::keyword::<LicenseModel>);
    if let Some(list) = t.value("sso_domains", Reader::strings) {
        info.sso_domains = list.value.into_iter().map(|d| d.value).collect();
    }
    t.finalize();
    Some((info, model))
}

/// Keys of `[licenses]` and `[pricing]`, checking that `editor` and
/// `modeler` (two names of one license) are not both set.
fn license_entries<'t, 'i>(
    r: &mut Reader,
    table: &'t TomlTable<'i>,
    what: &str,
    header: Loc,
) -> Vec<(License, &'t Key<'i>, &'t Value<'i>)> {
    let mut entries: Vec<(License, &Key<'_>, &Value<'_>)> = Vec::new();
    for (key, value) in table {
        let Some(license) = <License as crate::model::Keyword>::from_keyword(key.get_ref()) else {
            let names: Vec<&str> = <License as crate::model::Keyword>::ALL
                .iter()
                .map(|(name, _)| *name)
                .collect();
            unknown_key(r, key, &names, what, header);
            continue;
        };
        if let Some((_, first, _)) = entries.iter().find(|(l, _, _)| *l == license) {
            r.error(
                InputError::at(
                    "swatch::load::duplicate",
                    r.loc(key.span()),
                    format!(
                        "`{}` and `{}` name the same license in {what}",
                        first.get_ref(),
                        key.get_ref()
                    ),
                )
                .label("second time")
                .also(r.loc(first.span()), "first time")
                .help("keep one of the two"),
            );
            continue;
        }
        entries.push((license, key, value));
    }
    entries
}

fn licenses(r: &mut Reader, value: &Value<'_>) -> Option<Purchased> {
    let table = r.table(value, "a table")?;
    let mut purchased = Purchased {
        loc: r.loc(value.span()),
        seats: Vec::new(),
    };
    for (license, key, value) in license_entries(r, table, "[licenses]", purchased.loc) {
        if let Some(count) = r.count(value) {
            let loc = r.entry_loc(key, value);
            purchased
                .seats
                .push((license, Located::new(count.value, loc)));
        }
    }
    Some(purchased)
}

fn pricing(r: &mut Reader, value: &Value<'_>) -> Option<PricingTable> {
    let table = r.table(value, "a table")?;
    let mut prices = Vec::new();
    let header = r.loc(value.span());
    for (license, key, value) in license_entries(r, table, "[pricing]", header) {
        if let Some(cents) = r.amount(value) {
            prices.push((license, Located::new(cents.value, r.entry_loc(key, value))));
        }
    }
    Some((r.loc(value.span()), prices))
}

/// A string that must not be empty, located at its whole `key = value` line.
pub(super) fn named(r: &mut Reader, key: &Key<'_>, value: &Value<'_>) -> Option<(String, Loc)> {
    r.non_empty_string(value)
        .map(|s| (s.value, r.entry_loc(key, value)))
}

fn member(r: &mut Reader, value: &Value<'_>) -> Option<Member> {
    let header = r.loc(value.span());
    let mut t = TableReader::declared(r, as_table(value), header, &keys::MEMBER)
        .on_unknown_key(misplaced_key);
    let email = t.entry("email", named);
    let name = t.value("name", |r, v| r.string(v).map(|s| s.value));
    let account_type = t.value("account_type", Reader::keyword::<AccountType>);
    let status = t.value("status", Reader::keyword::<Status>);
    let last_active = t.value("last_active", Reader::date);
    let seat = t.value("seat", Reader::keyword::<License>);
    t.finalize();
    let ((email, loc), account_type) = (email?, account_type?);
    let email = Name::from(email);
    let key = match lowercase(&email) {
        std::borrow::Cow::Borrowed(_) => email.clone(),
        std::borrow::Cow::Owned(lower) => Name::from(lower),
    };
    Some(Member {
        key,
        email,
        loc,
        name,
        account_type,
        status: status.map_or(Status::Active, |s| s.value),
        last_active,
        seat,
    })
}

fn api_key(r: &mut Reader, value: &Value<'_>) -> Option<ApiKey> {
    let header = r.loc(value.span());
    let mut t = TableReader::declared(r, as_table(value), header, &keys::API_KEY)
        .on_unknown_key(misplaced_key);
    let name = t.entry("name", named);
    let kind = t.value("kind", Reader::keyword);
    let owner = t.value("owner", Reader::non_empty_string);
    let created = t.value("created", Reader::date);
    let expires = t.value("expires", Reader::date);
    let last_used = t.value("last_used", Reader::date);
    t.finalize();
    let ((name, loc), kind, owner) = (name?, kind?, owner?);
    Some(ApiKey {
        name,
        loc,
        kind: kind.value,
        owner,
        created: created.map(|d| d.value),
        expires,
        last_used: last_used.map(|d| d.value),
    })
}

impl Reader {
    /// A keyword from an already-read string.
    pub(crate) fn keyword_text<K: crate::model::Keyword>(
        &mut self,
        text: &Located<String>,
    ) -> Option<K> {
        let found = K::from_keyword(&text.value);
        if found.is_none() {
            self.error(crate::toml_read::unknown_keyword::<K>(
                &text.value,
                text.loc,
            ));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pending_assignment_is_36_bytes() {
        assert_eq!(std::mem::size_of::<super::PendingAssignment>(), 36);
    }
}
