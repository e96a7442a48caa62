//! `swatch init [PATH]`: a workspace to start from. A commented config, a
//! member file and an application in PATH, and a pre-commit config and a
//! GitHub workflow that use this version at the repository root (PATH when
//! there is no repository).
//!
//! Nothing is overwritten: every file is checked before the first is
//! written, and one that exists refuses the whole run (exit 2). The member
//! file has no dates, so no rule fires whatever the day.

use crate::error::InputError;
use crate::load::work_tree::work_tree_root;
use crate::source::escape;
use std::path::{Path, PathBuf};

const CONFIG: &str = include_str!("templates/swatch.toml");
const MEMBERS: &str = include_str!("templates/members.toml");
const APPLICATION: &str = include_str!("templates/application.toml");

/// The release tag of this build, as the hooks and the Action are pinned to.
fn tag() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

fn pre_commit_config(workspace: &str) -> String {
    let args = if workspace == "." {
        String::new()
    } else {
        format!("        args: [\"{workspace}\"]\n")
    };
    format!(
        "# pre-commit (https://pre-commit.com): `pre-commit install`, then every commit is checked.\n\
         repos:\n\
         \x20 - repo: {repo}\n\
         \x20   rev: {tag}\n\
         \x20   hooks:\n\
         \x20     # Builds swatch from source once per machine; use `swatch-check-system`\n\
         \x20     # instead when swatch is installed (a release binary or cargo install).\n\
         \x20     - id: swatch-check\n{args}",
        repo = env!("CARGO_PKG_REPOSITORY"),
        tag = tag(),
    )
}

fn workflow(workspace: &str) -> String {
    let action = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    format!(
        "# swatch on every push and pull request: annotations on the files, the\n\
         # license impact of a pull request in its summary and a sticky comment.\n\
         name: swatch\n\
         on:\n\
         \x20 push:\n\
         \x20   branches: [main]\n\
         \x20 pull_request:\n\
         permissions:\n\
         \x20 contents: read\n\
         \x20 pull-requests: write\n\
         jobs:\n\
         \x20 swatch:\n\
         \x20   runs-on: ubuntu-latest\n\
         \x20   steps:\n\
         \x20     - uses: actions/checkout@v4\n\
         \x20     - uses: {action}@{tag}\n\
         \x20       with:\n\
         \x20         path: \"{workspace}\"\n\
         \x20         comment: \"true\"\n",
        tag = tag(),
    )
}

/// The files `init` writes, in order: (path, content).
fn plan(path: &Path) -> Vec<(PathBuf, String)> {
    let root = work_tree_root(path).unwrap_or_else(|| path.to_owned());
    let workspace = crate::load::work_tree::RepoPaths::of(path).workspace();
    vec![
        (path.join("swatch.toml"), CONFIG.to_owned()),
        (path.join("members.toml"), MEMBERS.to_owned()),
        (path.join("planning.toml"), APPLICATION.to_owned()),
        (
            root.join(".pre-commit-config.yaml"),
            pre_commit_config(&workspace),
        ),
        (
            root.join(".github/workflows/swatch.yml"),
            workflow(&workspace),
        ),
    ]
}

fn shown(path: &Path) -> String {
    escape(&path.display().to_string()).into_owned()
}

/// Write the scaffold into `path` (created if missing); the files written.
pub(crate) fn init(path: &Path) -> Result<Vec<PathBuf>, InputError> {
    let unwritable = |file: &Path, e: std::io::Error| {
        InputError::new(
            "swatch::init::unwritable",
            format!("cannot write {}: {e}", shown(file)),
        )
    };
    let files = plan(path);
    let existing: Vec<String> = files
        .iter()
        .filter(|(file, _)| std::fs::symlink_metadata(file).is_ok())
        .map(|(file, _)| shown(file))
        .collect();
    if !existing.is_empty() {
        return Err(InputError::new(
            "swatch::init::exists",
            format!(
                "{} already exist{}; nothing was written",
                existing.join(", "),
                if existing.len() == 1 { "s" } else { "" }
            ),
        )
        .help("`swatch init` only starts a new workspace: move those files away, or init another folder"));
    }
    for (file, content) in &files {
        if let Some(folder) = file.parent() {
            crate::write::create_dir_all_no_symlink(folder).map_err(|e| unwritable(folder, e))?;
        }
        crate::write::write_atomic(file, content.as_bytes()).map_err(|e| unwritable(file, e))?;
    }
    Ok(files.into_iter().map(|(file, _)| file).collect())
}
