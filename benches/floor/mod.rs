//! The parse floor: what reading a workspace costs before swatch does
//! anything of its own. Walk the folder, read every model file and let
//! serde parse it straight into typed structs, with `toml::Spanned` on
//! every value the model keeps a location for; no model, no rules, no
//! diagnostics, no comment scan.
//!
//! These structs live in the benchmark, not in `src/`, on purpose: they are
//! the yardstick `swatch` is measured against (#16), not the product. They
//! still cover every table and key the loader reads (format.md), with the
//! same types (keywords as enums, dates as dates, unknown keys refused), so
//! the floor is a real parse and not a skim: a faster loader can be judged
//! against it honestly.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::value::Datetime;

/// One workspace file, as the loader reads it (every top-level key).
// Fields are parsed, never read back: the floor measures the parse alone.
#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    workspace: Option<Spanned<Workspace>>,
    licenses: Option<Spanned<Seats<u64>>>,
    pricing: Option<Spanned<Seats<f64>>>,
    #[serde(default)]
    member: Vec<Spanned<Member>>,
    #[serde(default)]
    api_key: Vec<Spanned<ApiKey>>,
    application: Option<Spanned<Application>>,
    roles: Option<Entries<Spanned<Role>>>,
    /// `"email" = "Role"`: the key's span and the value's make the line's location.
    members: Option<Entries<Spanned<String>>>,
    #[serde(default)]
    automation: Vec<Spanned<Automation>>,
}

#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Workspace {
    name: Option<String>,
    license_model: Option<Spanned<LicenseModel>>,
    #[serde(default)]
    sso_domains: Vec<String>,
}

/// `[licenses]` (counts) and `[pricing]` (dollars).
#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Seats<T> {
    editor: Option<Spanned<T>>,
    modeler: Option<Spanned<T>>,
    contributor: Option<Spanned<T>>,
    explorer: Option<Spanned<T>>,
}

#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Member {
    email: Spanned<String>,
    name: Option<String>,
    account_type: Spanned<AccountType>,
    status: Option<Status>,
    last_active: Option<Spanned<Datetime>>,
    seat: Option<Spanned<License>>,
}

#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiKey {
    name: Spanned<String>,
    kind: ApiKeyKind,
    owner: Spanned<String>,
    created: Option<Datetime>,
    expires: Option<Spanned<Datetime>>,
    last_used: Option<Datetime>,
}

#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Application {
    name: Spanned<String>,
    owner: Option<Spanned<String>>,
    public_blocks: Option<Spanned<Vec<String>>>,
}

#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Role {
    permissions: Vec<Permission>,
    default_access: Option<DefaultAccess>,
}

#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Automation {
    name: Spanned<String>,
    owner: Spanned<String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum AccountType {
    PrimaryOwner,
    SecurityAdmin,
    WorkspaceAdmin,
    Builder,
    StandardMember,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Active,
    Invited,
    Deactivated,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum License {
    Editor,
    Modeler,
    Contributor,
    Explorer,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
enum LicenseModel {
    Current,
    LegacyV1,
    LegacyV2,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum ApiKeyKind {
    Import,
    Export,
    AuditLogs,
    Scim,
    Other,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum DefaultAccess {
    Read,
    Write,
    Unspecified,
    None,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Permission {
    DisplayApplication,
    ConfigureApplication,
    DefineApplicationSecurity,
    ConfigureAutomations,
    ConfigureCalendars,
    ViewHistory,
    CreateDeleteFolders,
    CreateScenarios,
    DeleteScenarios,
    FormulaPlayground,
    OpenBlockExplorer,
    ConfigureBlocks,
    ConfigureViews,
    AddListItems,
    RemoveListItems,
    ReorderListItems,
    ImportData,
    OpenBoards,
    CommentBoards,
    ConfigureBoards,
}

/// A table of named entries (`[roles.NAME]`, `[members]`) kept in file
/// order with each key's span: the model needs both, and a map would sort.
struct Entries<V>(Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<V>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// Every model file below `root`, sorted, as the loader selects them
/// (`.toml`, no hidden or `target` folders, not `policies/` or the config).
fn model_files(root: &Path) -> Vec<PathBuf> {
    let hidden = |name: &std::ffi::OsStr| {
        let name = name.to_string_lossy();
        name.starts_with('.') || name == "target"
    };
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !(hidden(entry.file_name())
                    || (entry.depth() == 1 && entry.file_name() == "policies"))
        })
        .map(|entry| entry.expect("the generated workspace is readable"))
        .filter(|entry| {
            entry.file_type().is_file()
                && entry.path().extension().is_some_and(|e| e == "toml")
                && !(entry.depth() == 1 && entry.file_name() == "swatch.toml")
        })
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Read and parse one file; the text is kept, as the loader keeps it for diagnostics.
fn parse(path: &Path) -> (String, File) {
    let text = std::fs::read_to_string(path).expect("the generated workspace is UTF-8");
    let file = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: the floor's structs refuse it: {e}", path.display()));
    (text, file)
}

/// Walk, read and parse the workspace on one thread (`threads == 1`) or on
/// every core; prints what it read, so nothing can be optimised away.
pub(crate) fn run(root: &Path, threads: usize) {
    use rayon::prelude::*;
    let files = model_files(root);
    let parsed: Vec<(String, File)> = if threads == 1 {
        files.iter().map(|p| parse(p)).collect()
    } else {
        files.par_iter().map(|p| parse(p)).collect()
    };
    let bytes: usize = parsed.iter().map(|(text, _)| text.len()).sum();
    let members: usize = parsed.iter().map(|(_, f)| f.member.len()).sum();
    let assignments: usize = parsed
        .iter()
        .filter_map(|(_, f)| f.members.as_ref())
        .map(|m| m.0.len())
        .sum();
    let summary = format!(
        "{} files, {bytes} bytes, {members} members, {assignments} assignments\n",
        parsed.len()
    );
    std::io::Write::write_all(&mut std::io::stdout(), summary.as_bytes()).expect("stdout");
    // As swatch does: the process ends here, so skip freeing what was parsed.
    std::mem::forget(parsed);
}
