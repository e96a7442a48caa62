//! `swatch import`: a workspace written from Pigment's exports, so a team
//! starts from its live setup instead of typing it.
//!
//! What the exports cannot say is left for a person, and said so: custom
//! roles get an empty `[roles.NAME]` table (their permissions are not
//! exported), applications no `owner`; each with a comment, and listed at
//! the end of the output. `seat` is only written on request, because it
//! means the license a person is *meant* to hold.

mod render;

use crate::error::{InputError, Invalid};
use crate::export::{ExportArgs, Exports, LicensesOf};
use crate::load::MaxFileSize;
use crate::model::LicenseModel;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What `swatch import` is asked to write.
pub(crate) struct Request<'a> {
    pub(crate) exports: &'a ExportArgs,
    /// The workspace's name.
    pub(crate) name: &'a str,
    pub(crate) license_model: LicenseModel,
    /// Write each member's exported license as their `seat`.
    pub(crate) seats_from_export: bool,
    /// The folder to write; it must not exist or be empty.
    pub(crate) out: &'a Path,
    /// The date written in the generated-file comments.
    pub(crate) today: Date,
    /// `import` reads no workspace, so no config: the flag or the default.
    pub(crate) max_file_size: MaxFileSize,
}

/// A role that Pigment cannot export, left empty in a written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleToFill {
    pub(crate) application: String,
    pub(crate) role: String,
    /// `FILE:LINE` of its `[roles.NAME]` header, relative to `--out`.
    pub(crate) at: String,
}

/// What `import` wrote.
#[derive(Debug)]
pub(crate) struct Imported {
    out: PathBuf,
    /// Relative paths, in the order written.
    files: Vec<String>,
    members: usize,
    /// Application files without an owner, relative.
    applications: Vec<String>,
    roles_to_fill: Vec<RoleToFill>,
}

/// A file name for an application: lower-case ASCII letters and digits,
/// every other run as one `-`.
pub(crate) fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        // A name of only non-ASCII letters still needs a file.
        slug.push_str("app");
    }
    slug
}

fn usage(code: &'static str, message: String, help: &str) -> InputError {
    InputError::new(code, message).help(help)
}

/// Why `out` may not be written, or `None` when it is absent or an empty folder.
fn check_out(out: &Path) -> Option<InputError> {
    let shown = crate::source::escape(&out.display().to_string()).into_owned();
    match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Ok(meta)
            if meta.is_dir() && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none()) =>
        {
            None
        }
        Ok(meta) if meta.is_dir() => Some(usage(
            "swatch::import::out_not_empty",
            format!("{shown} is not empty; swatch import never overwrites"),
            "give a new folder with --out, or empty this one",
        )),
        Ok(_) => Some(usage(
            "swatch::import::out_not_a_folder",
            format!("{shown} exists and is not a folder"),
            "give a new folder with --out",
        )),
        Err(e) => Some(usage(
            "swatch::import::out_unreadable",
            format!("cannot read {shown}: {e}"),
            "give a new folder with --out",
        )),
    }
}

/// What is wrong with the application names of `--assignments`.
fn check_applications(exports: &ExportArgs) -> Vec<InputError> {
    let mut errors = Vec::new();
    let mut slugs: BTreeMap<String, &str> = BTreeMap::new();
    for (application, _) in &exports.assignments {
        if application.contains('/') {
            errors.push(usage(
                "swatch::import::bad_application",
                format!(
                    "`{}` has a `/`, which application names cannot have",
                    crate::source::escape(application)
                ),
                "name the application as Pigment does, without `/`",
            ));
            continue;
        }
        if let Some(other) = slugs.insert(slug(application), application) {
            if other != application {
                errors.push(usage(
                    "swatch::import::same_slug",
                    format!(
                        "`{}` and `{}` would both be written to apps/{}.toml",
                        crate::source::escape(other),
                        crate::source::escape(application),
                        slug(application)
                    ),
                    "import one of them separately, then rename its file",
                ));
            }
        }
    }
    errors
}

/// Read the exports and write the workspace. Every error (of the flags,
/// `--out` and each export) is reported in one run, and nothing is written.
pub(crate) fn run(args: &Request<'_>) -> Result<Imported, Invalid> {
    let mut errors = check_applications(args.exports);
    errors.extend(check_out(args.out));
    // Only a `seat` uses the exported license, so only then must it fit the model.
    let licenses_of = args.seats_from_export.then_some(LicensesOf {
        model: args.license_model,
        code: "swatch::import::no_such_license",
        named_by: "the license model given with --license-model",
        help: "pass the workspace's license model with --license-model (Workspace settings → Plan & Usage)",
    });
    let exports = Exports::read(args.exports, args.max_file_size, licenses_of, errors)?;
    let options = render::Options {
        name: args.name,
        license_model: args.license_model,
        seats_from_export: args.seats_from_export,
        today: args.today,
    };
    let rendered = render::workspace(&exports, &options);
    write(args.out, &rendered.files)?;
    Ok(Imported {
        out: args.out.to_owned(),
        files: rendered.files.into_iter().map(|(path, _)| path).collect(),
        members: exports.members.members.len(),
        applications: rendered.applications,
        roles_to_fill: rendered.roles_to_fill,
    })
}

fn write(out: &Path, files: &[(String, String)]) -> Result<(), Invalid> {
    let fail = |path: &Path, e: io::Error| {
        Invalid::single(usage(
            "swatch::import::unwritable",
            format!(
                "cannot write {}: {e}",
                crate::source::escape(&path.display().to_string())
            ),
            "check that --out is a folder you can write, and not a symlink",
        ))
    };
    for (rel, text) in files {
        let path = out.join(rel);
        let folder = path.parent().unwrap_or(out);
        crate::write::create_dir_all_no_symlink(folder).map_err(|e| fail(folder, e))?;
        crate::write::write_atomic(&path, text.as_bytes()).map_err(|e| fail(&path, e))?;
    }
    Ok(())
}

impl Imported {
    /// What was written, and what is left to fill in by hand.
    pub(crate) fn render(&self, out: &mut dyn Write) -> io::Result<()> {
        let shown = |rel: &str| {
            crate::source::escape(&self.out.join(rel).display().to_string()).into_owned()
        };
        let n_apps = self.applications.len();
        writeln!(
            out,
            "swatch: imported {} member{} and {n_apps} application{} into {}",
            self.members,
            if self.members == 1 { "" } else { "s" },
            if n_apps == 1 { "" } else { "s" },
            crate::source::escape(&self.out.display().to_string())
        )?;
        for file in &self.files {
            writeln!(out, "  {}", shown(file))?;
        }
        if !self.roles_to_fill.is_empty() || !self.applications.is_empty() {
            writeln!(
                out,
                "\nPigment does not export these; fill them in by hand:"
            )?;
        }
        if !self.roles_to_fill.is_empty() {
            let n = self.roles_to_fill.len();
            writeln!(
                out,
                "- {n} role{} with an empty permission list: copy each one's permissions and default access from its application's \"Roles, permissions & access\" page:",
                if n == 1 { "" } else { "s" }
            )?;
            for role in &self.roles_to_fill {
                writeln!(
                    out,
                    "    {}  {} / {}",
                    shown(&role.at),
                    crate::source::escape(&role.application),
                    crate::source::escape(&role.role)
                )?;
            }
            writeln!(
                out,
                "  Until then, the licenses and cost derived from these roles are wrong: an empty role with no default access counts as contributor."
            )?;
        }
        if !self.applications.is_empty() {
            writeln!(
                out,
                "- application owners: set `owner` in {} (`swatch check` reports each missing one as missing-app-owner).",
                self.applications
                    .iter()
                    .map(|f| shown(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
        writeln!(
            out,
            "\nNext: swatch check {}",
            crate::source::escape(&self.out.display().to_string())
        )
    }
}
