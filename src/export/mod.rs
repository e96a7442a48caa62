//! Pigment's exports, read tolerantly: the members export, one role
//! assignments export per application, and an identity provider's SCIM
//! view of users.
//! Shared by `swatch import` and `swatch drift`.
//!
//! Each export is kept in a [`Sources`] under the path the user gave, so a
//! bad export is invalid input (exit 2) pointing at its file, line and
//! column like a bad workspace file.

mod scim;
mod table;

pub(crate) use scim::ScimExport;

use crate::error::{InputError, Invalid};
use crate::load::{Content, MaxFileSize};
use crate::model::{AccountType, Keyword, License, LicenseModel, Status};
use crate::source::{FileId, SourceFile, Sources};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use table::{Table, normalize};

/// One row of the members export.
#[derive(Debug, Clone)]
pub(crate) struct LiveMember {
    /// Lower-cased.
    pub(crate) email: String,
    pub(crate) name: Option<String>,
    pub(crate) account_type: AccountType,
    pub(crate) status: Status,
    /// `None` for `Unknown license` or an empty cell.
    pub(crate) license: Option<License>,
    /// The `Application Access` count, when the column is there.
    pub(crate) application_access: Option<u64>,
    pub(crate) line: u64,
}

/// The members export ("Export Members information as .CSV").
#[derive(Debug)]
pub(crate) struct MembersExport {
    /// The path as given.
    pub(crate) shown: String,
    /// Sorted by email.
    pub(crate) members: Vec<LiveMember>,
}

/// One row of an application's role assignments export.
#[derive(Debug, Clone)]
pub(crate) struct LiveAssignment {
    /// Lower-cased.
    pub(crate) email: String,
    pub(crate) role: String,
    pub(crate) line: u64,
}

/// The "Users roles" export of one application.
#[derive(Debug)]
pub(crate) struct AssignmentsExport {
    pub(crate) application: String,
    pub(crate) shown: String,
    /// File name only, for generated-file comments.
    pub(crate) file_name: String,
    /// Sorted by email; rows with an empty role are no assignment.
    pub(crate) assignments: Vec<LiveAssignment>,
}

/// Every export given on the command line.
#[derive(Debug)]
pub(crate) struct Exports {
    pub(crate) members: MembersExport,
    pub(crate) members_file_name: String,
    pub(crate) assignments: Vec<AssignmentsExport>,
    pub(crate) scim: Option<ScimExport>,
}

/// Where the exports are: the flags `import` and `drift` share.
#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    /// The members export (Workspace settings → Members → "Export Members information as .CSV").
    #[arg(long, value_name = "FILE")]
    pub(crate) members: PathBuf,
    /// An application's role assignments ("Users roles" of its Security folder), as APP=FILE; repeatable.
    #[arg(long, value_name = "APP=FILE", value_parser = parse_assignments_arg)]
    pub(crate) assignments: Vec<(String, PathBuf)>,
    /// The identity provider's SCIM `ListResponse` of users (`import`: fills names the members export lacks).
    #[arg(long, value_name = "FILE")]
    pub(crate) scim: Option<PathBuf>,
}

const EMAIL: &[&str] = &["Email"];
const NAME: &[&str] = &["Name"];
const STATUS: &[&str] = &["Status"];
const ACCOUNT_TYPE: &[&str] = &["Account Type"];
const LICENSE_TYPE: &[&str] = &["License Type"];
const APPLICATION_ACCESS: &[&str] = &["Application Access"];
const MEMBER: &[&str] = &["Email", "User", "Users", "Member"];
const ROLE: &[&str] = &["Role", "Users roles"];

/// `--assignments APP=FILE`, split at the first `=`.
pub(crate) fn parse_assignments_arg(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((app, file)) if !app.trim().is_empty() && !file.is_empty() => {
            Ok((app.trim().to_owned(), PathBuf::from(file)))
        }
        _ => Err(format!(
            "expected APP=FILE like \"FP&A=fpa-roles.csv\", found `{}`",
            crate::source::escape(text)
        )),
    }
}

impl Exports {
    /// Read and check every export; all their errors at once.
    /// `errors` are what the caller found already (its flags): they are
    /// reported with the exports' own.
    pub(crate) fn read(
        paths: &ExportArgs,
        limit: MaxFileSize,
        licenses_of: Option<LicensesOf>,
        mut errors: Vec<InputError>,
    ) -> Result<Self, Invalid> {
        let mut sources = Sources::default();
        let members = read_file(&mut sources, &paths.members, limit, &mut errors)
            .and_then(|(file, shown)| members(&sources, file, shown, licenses_of, &mut errors));
        let mut assignments = Vec::new();
        let mut applications = BTreeSet::new();
        for (application, path) in &paths.assignments {
            if !applications.insert(application.as_str()) {
                errors.push(
                    InputError::new(
                        "swatch::cli::duplicate_application",
                        format!(
                            "--assignments names `{}` twice",
                            crate::source::escape(application)
                        ),
                    )
                    .help("give one assignments export per application"),
                );
                continue;
            }
            if let Some(read) =
                read_file(&mut sources, path, limit, &mut errors).and_then(|(f, shown)| {
                    assignments_of(&sources, f, shown, application, path, &mut errors)
                })
            {
                assignments.push(read);
            }
        }
        let scim = paths.scim.as_deref().and_then(|path| {
            read_file(&mut sources, path, limit, &mut errors)
                .and_then(|(file, _)| scim::read(&sources, file, &mut errors))
        });
        match members {
            Some(members) if errors.is_empty() => Ok(Self {
                members,
                members_file_name: file_name(&paths.members),
                assignments,
                scim,
            }),
            _ => Err(Invalid { sources, errors }.sorted()),
        }
    }
}

/// The last component of a path, for comments in generated files (a local
/// download folder does not belong in the repository).
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Read one export through the capped, UTF-8-checked reader into `sources`.
fn read_file(
    sources: &mut Sources,
    path: &Path,
    limit: MaxFileSize,
    errors: &mut Vec<InputError>,
) -> Option<(FileId, String)> {
    let shown = path.display().to_string();
    let id = FileId(sources.len() as u32);
    let (text, file_errors) =
        crate::load::read_text(id, &shown, Content::Disk(path.to_owned()), limit);
    sources.add(SourceFile::new(shown.clone(), text));
    if file_errors.is_empty() {
        Some((id, shown))
    } else {
        errors.extend(file_errors);
        None
    }
}

/// A closed vocabulary matched normalized; `extra` adds export spellings.
fn keyword<K: Keyword>(text: &str, extra: &[(&str, K)]) -> Option<K> {
    let wanted = normalize(text);
    extra
        .iter()
        .copied()
        .chain(K::ALL.iter().copied())
        .find(|(name, _)| normalize(name) == wanted)
        .map(|(_, value)| value)
}

/// Pigment's spellings of a vocabulary, for "expected one of".
fn bad_value(
    table: &Table<'_>,
    row: &table::Row,
    column: usize,
    what: &str,
    expected: &[&str],
) -> InputError {
    let value = &row.record[column];
    let normalized: Vec<String> = expected.iter().map(|e| normalize(e)).collect();
    let help =
        crate::toml_read::did_you_mean(&normalize(value), normalized.iter().map(String::as_str))
            .and_then(|c| normalized.iter().position(|n| n == c))
            .map_or_else(
                || format!("expected one of {}", expected.join(", ")),
                |i| format!("did you mean `{}`?", expected[i]),
            );
    InputError::at(
        "swatch::export::bad_value",
        table.field_loc(row, column),
        format!(
            "unknown {what} `{}` in column `{}`",
            crate::source::escape(value),
            crate::source::escape(&table.headers[column])
        ),
    )
    .label(format!(
        "not a{} {what}",
        if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "n"
        } else {
            ""
        }
    ))
    .help(help)
}

/// The email of a row: non-empty, with an `@`; lower-cased.
fn email_of(table: &Table<'_>, row: &table::Row, column: usize) -> Result<String, InputError> {
    let value = row.record.get(column).unwrap_or("");
    if value.contains('@') {
        return Ok(value.to_lowercase());
    }
    Err(InputError::at(
        "swatch::export::bad_email",
        table.field_loc(row, column),
        format!(
            "`{}` in column `{}` is not an email",
            crate::source::escape(value),
            crate::source::escape(&table.headers[column])
        ),
    )
    .label("no `@`")
    .help("every row needs the member's email; remove the row or fill it in"))
}

/// Sort rows by email and report every email that is there twice,
/// pointing at both lines.
fn check_duplicates<T>(
    table: &Table<'_>,
    rows: &mut [(T, usize)],
    email: impl Fn(&T) -> &str,
    column: usize,
    errors: &mut Vec<InputError>,
) {
    rows.sort_by(|a, b| email(&a.0).cmp(email(&b.0)).then(a.1.cmp(&b.1)));
    for pair in rows.windows(2) {
        if email(&pair[0].0) == email(&pair[1].0) {
            errors.push(
                InputError::at(
                    "swatch::export::duplicate_email",
                    table.field_loc(&table.rows[pair[1].1], column),
                    format!(
                        "`{}` is in this export twice (emails compare case-insensitively)",
                        crate::source::escape(email(&pair[1].0))
                    ),
                )
                .label("again here")
                .also(
                    table.field_loc(&table.rows[pair[0].1], column),
                    "first here",
                )
                .help("keep one row per member"),
            );
        }
    }
}

const ACCOUNT_TYPES: &[&str] = &[
    "Primary Owner",
    "Security Admin",
    "Workspace Admin",
    "Builder",
    "Standard Member",
];
const STATUSES: &[&str] = &["Pending", "Active", "Deactivated"];
const LICENSES: &[&str] = &[
    "Editor",
    "Contributor",
    "Explorer",
    "Modeler",
    "Unknown license",
];

/// The license model an export's `License Type` must fit where that
/// license is used (a row that is not deactivated), and how to say so.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LicensesOf {
    pub(crate) model: LicenseModel,
    /// The error's code: it names the command.
    pub(crate) code: &'static str,
    /// Where the model comes from, after "does not exist in MODEL, ".
    pub(crate) named_by: &'static str,
    pub(crate) help: &'static str,
}

/// Every row of the members export checked, each bad value its own error
/// (a row with a bad email still has its other fields checked, and a row
/// with a bad field still counts for duplicate emails).
fn members(
    sources: &Sources,
    file: FileId,
    shown: String,
    licenses_of: Option<LicensesOf>,
    errors: &mut Vec<InputError>,
) -> Option<MembersExport> {
    let table = Table::parse(file, sources.get(file).text(), "members export")
        .map_err(|e| errors.push(e))
        .ok()?;
    let mut required = |names: &[&str]| {
        let column = table.column(names);
        if column.is_none() {
            errors.push(table.missing_column(names, "members exports"));
        }
        column
    };
    let (email, account_type, status) = (required(EMAIL), required(ACCOUNT_TYPE), required(STATUS));
    let missing = email.is_none() || account_type.is_none() || status.is_none();
    let name = table.column(NAME);
    let license = table.column(LICENSE_TYPE);
    let access = table.column(APPLICATION_ACCESS);
    let cell = |row: &table::Row, column: usize| row.record.get(column).unwrap_or("").to_owned();
    let mut rows = Vec::with_capacity(table.rows.len());
    // Every row with a good email, bad fields or not: (email, row index).
    let mut emails = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let email_value = email.and_then(|column| {
            email_of(&table, row, column)
                .map_err(|e| errors.push(e))
                .ok()
        });
        let account_type_value = account_type.and_then(|column| {
            let value = keyword::<AccountType>(&cell(row, column), &[]);
            if value.is_none() {
                errors.push(bad_value(
                    &table,
                    row,
                    column,
                    "account type",
                    ACCOUNT_TYPES,
                ));
            }
            value
        });
        let status_value = status.and_then(|column| {
            let value = keyword::<Status>(&cell(row, column), &[("Pending", Status::Invited)]);
            if value.is_none() {
                errors.push(bad_value(&table, row, column, "status", STATUSES));
            }
            value
        });
        let mut bad = false;
        let license_value = license.and_then(|column| {
            let text = cell(row, column);
            if text.is_empty() || normalize(&text) == "unknownlicense" {
                return None;
            }
            let value = keyword::<License>(&text, &[]);
            match (value, licenses_of) {
                (None, _) => {
                    errors.push(bad_value(&table, row, column, "license", LICENSES));
                    bad = true;
                }
                (Some(license), Some(of))
                    if !of.model.has(license)
                        && status_value.is_some_and(|s| s != Status::Deactivated) =>
                {
                    errors.push(not_in_model(&table, row, column, license, of));
                    bad = true;
                }
                _ => {}
            }
            value
        });
        let access_value = access.and_then(|column| {
            let text = cell(row, column);
            if text.is_empty() {
                return None;
            }
            let value = text.parse::<u64>().ok();
            if value.is_none() {
                errors.push(
                    InputError::at(
                        "swatch::export::bad_count",
                        table.field_loc(row, column),
                        format!(
                            "`{}` in column `{}` is not a count of applications",
                            crate::source::escape(&text),
                            crate::source::escape(&table.headers[column])
                        ),
                    )
                    .label("not a whole number")
                    .help("the members export gives each member's number of applications"),
                );
                bad = true;
            }
            value
        });
        if let Some(email) = &email_value {
            emails.push((email.clone(), i));
        }
        let (Some(email), Some(account_type), Some(status), false) =
            (email_value, account_type_value, status_value, bad)
        else {
            continue;
        };
        let name = name.map(|c| cell(row, c)).filter(|n| !n.is_empty());
        rows.push(LiveMember {
            email,
            name,
            account_type,
            status,
            license: license_value,
            application_access: access_value,
            line: row.line,
        });
    }
    if let Some(column) = email {
        check_duplicates(&table, &mut emails, String::as_str, column, errors);
    }
    rows.sort_by(|a, b| a.email.cmp(&b.email).then(a.line.cmp(&b.line)));
    (!missing).then_some(MembersExport {
        shown,
        members: rows,
    })
}

/// A license the model in use does not have (`Contributor` in legacy-v2).
fn not_in_model(
    table: &Table<'_>,
    row: &table::Row,
    column: usize,
    license: License,
    of: LicensesOf,
) -> InputError {
    InputError::at(
        of.code,
        table.field_loc(row, column),
        format!(
            "the license {} does not exist in {}, {}",
            license.as_str(),
            of.model,
            of.named_by
        ),
    )
    .label(format!("not in {}", of.model))
    .help(of.help)
}

fn assignments_of(
    sources: &Sources,
    file: FileId,
    shown: String,
    application: &str,
    path: &Path,
    errors: &mut Vec<InputError>,
) -> Option<AssignmentsExport> {
    let table = Table::parse(file, sources.get(file).text(), "assignments export")
        .map_err(|e| errors.push(e))
        .ok()?;
    let member = table.column(MEMBER);
    let role = table.column(ROLE);
    if member.is_none() {
        errors.push(table.missing_column(MEMBER, "assignments exports"));
    }
    if role.is_none() {
        errors.push(table.missing_column(ROLE, "assignments exports"));
    }
    let (member, role) = (member?, role?);
    let mut rows = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        match email_of(&table, row, member) {
            Ok(email) => rows.push((
                LiveAssignment {
                    email,
                    role: row.record.get(role).unwrap_or("").to_owned(),
                    line: row.line,
                },
                i,
            )),
            Err(e) => errors.push(e),
        }
    }
    check_duplicates(&table, &mut rows, |a| &a.email, member, errors);
    Some(AssignmentsExport {
        application: application.to_owned(),
        shown,
        file_name: file_name(path),
        assignments: rows
            .into_iter()
            .map(|(a, _)| a)
            .filter(|a| !a.role.is_empty())
            .collect(),
    })
}
