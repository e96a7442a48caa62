//! The git work tree that holds a workspace folder, found by reading the
//! file system only: no git command runs to find it, so nothing committed
//! into the workspace can make git pick another repository (and its config,
//! which can name commands git runs).
//!
//! Only a `.git` entry makes a work tree (a folder, or a gitfile `gitdir: …`
//! for worktrees and submodules). The plain files of a bare repository
//! (`HEAD`, `config`, `objects/`, `refs/`) committed into a folder never
//! do; and for `diff --base`, [`refuse_embedded_repositories`] refuses any
//! folder at or below PATH that git could open as a repository.

use crate::error::InputError;
use crate::source::escape;
use std::path::{Path, PathBuf};

/// A work tree and where a workspace folder is inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WorkTree {
    /// The work tree's root (canonical).
    pub root: PathBuf,
    /// Its repository: `root/.git`, or where its gitfile points.
    pub git_dir: PathBuf,
    /// The workspace folder relative to `root`, `/`-separated, with a
    /// trailing `/` (empty at the root).
    pub prefix: String,
}

/// The work tree holding `path`: the nearest folder at or above it with a
/// `.git` entry. `Ok(None)` outside any work tree; an error for a `.git`
/// that is neither a repository folder nor a gitfile. The one place that
/// finds "the repository root that holds PATH": `diff --base` runs git on
/// it, and CI outputs (SARIF, annotations) and `init` place paths with it.
/// `path` need not exist yet (`init` of a new folder).
pub(crate) fn repository_root_of(path: &Path) -> Result<Option<WorkTree>, InputError> {
    let start = resolved(path).ok_or_else(|| {
        InputError::new(
            "swatch::load::bad_path",
            format!("cannot resolve {}", shown(path)),
        )
    })?;
    for dir in start.ancestors() {
        let dot_git = dir.join(".git");
        let Ok(meta) = std::fs::symlink_metadata(&dot_git) else {
            continue;
        };
        let git_dir = if meta.is_dir() {
            dot_git
        } else if meta.is_file() {
            read_gitfile(dir, &dot_git)?
        } else {
            return Err(InputError::new(
                "swatch::git::bad_dot_git",
                format!("{} is a symlink", shown(&dot_git)),
            )
            .help("swatch only uses a `.git` folder or gitfile, never a link"));
        };
        let rel = super::relative(dir, &start);
        let prefix = if rel.is_empty() {
            rel
        } else {
            format!("{rel}/")
        };
        return Ok(Some(WorkTree {
            root: dir.to_owned(),
            git_dir,
            prefix,
        }));
    }
    Ok(None)
}

/// The root of the work tree holding `path`, if any (a broken `.git` counts
/// as none): [`repository_root_of`] for callers that fall back to PATH.
pub(crate) fn work_tree_root(path: &Path) -> Option<PathBuf> {
    repository_root_of(path)
        .ok()
        .flatten()
        .map(|tree| tree.root)
}

/// `path` relative to the root of its work tree, `/`-separated, with a
/// trailing `/` (empty at the root, or when there is no work tree: then
/// PATH itself is the root).
pub(crate) fn repository_prefix(path: &Path) -> String {
    repository_root_of(path)
        .ok()
        .flatten()
        .map(|tree| tree.prefix)
        .unwrap_or_default()
}

/// `path` made absolute and free of `..` and links, even when it does not
/// exist yet: its nearest existing ancestor is resolved and the rest appended.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut missing = Vec::new();
    for existing in absolute.ancestors() {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return Some(missing.iter().rev().fold(real, |p, c| p.join(c)));
        }
        missing.push(existing.file_name()?.to_owned());
    }
    None
}

/// A gitfile (`gitdir: PATH`, relative to the folder holding it), as git
/// writes it for worktrees and submodules.
fn read_gitfile(dir: &Path, dot_git: &Path) -> Result<PathBuf, InputError> {
    let bad = |why: String| {
        InputError::new(
            "swatch::git::bad_dot_git",
            format!("{}: {why}", shown(dot_git)),
        )
        .help("a `.git` file must hold one line `gitdir: PATH` (a worktree or submodule)")
    };
    let text = super::read_capped_text(dot_git, super::MaxFileSize::GITFILE)
        .map_err(|e| bad(e.to_string()))?;
    let target = text
        .strip_prefix("gitdir:")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("not a gitfile".to_owned()))?;
    let git_dir = dir.join(target);
    if git_dir.is_dir() {
        Ok(git_dir)
    } else {
        Err(bad(format!("{} is not a folder", escape(target))))
    }
}

/// Refuse every folder at or below the workspace folder `path` (inside
/// `tree`) that git could open as a repository: one with a `.git` entry
/// (folder, gitfile or link), or one holding a bare repository's `HEAD`
/// with `objects` or `refs`. The one exception is the work tree's own
/// `.git` when `path` is the work tree's root.
pub(crate) fn refuse_embedded_repositories(tree: &WorkTree) -> Result<(), InputError> {
    let path = tree.root.join(tree.prefix.trim_end_matches('/'));
    if !path.exists() {
        // A workspace folder the change removes holds no repository.
        return Ok(());
    }
    let own_git = tree.prefix.is_empty().then(|| tree.root.join(".git"));
    let walker = walkdir::WalkDir::new(&path)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| own_git.as_deref() != Some(e.path()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            InputError::new(
                "swatch::load::unreadable",
                format!("cannot read {}: {e}", shown(&path)),
            )
        })?;
        let name = entry.file_name().to_string_lossy();
        let is_repository = name.eq_ignore_ascii_case(".git")
            || (entry.file_type().is_dir() && looks_like_bare_repository(entry.path()));
        let found = is_repository.then(|| entry.path());
        if let Some(found) = found {
            return Err(InputError::new(
                "swatch::git::embedded_repository",
                format!(
                    "{} is a git repository inside the workspace folder; swatch will not run git next to it",
                    shown(found)
                ),
            )
            .help("remove it (a pull request can commit a bare repository whose config makes git run commands), or compare two folders with `swatch diff OLD NEW`"));
        }
    }
    Ok(())
}

/// What git's own check wants of a repository folder: `HEAD`, and
/// `objects` or `refs` (either is enough to refuse: better too careful).
fn looks_like_bare_repository(dir: &Path) -> bool {
    let has = |name: &str| std::fs::symlink_metadata(dir.join(name)).is_ok();
    has("HEAD") && (has("objects") || has("refs"))
}

/// [`repository_root_of`], then [`refuse_embedded_repositories`]: the work
/// tree `diff --base` runs git on, or exit 2.
pub(crate) fn open_work_tree(path: &Path) -> Result<WorkTree, InputError> {
    let tree = repository_root_of(path)?.ok_or_else(|| {
        InputError::new(
            "swatch::git::not_a_repo",
            format!("{} is not inside a git repository", shown(path)),
        )
        .help(
            "`--base` compares with a git revision; compare two folders with `swatch diff OLD NEW`",
        )
    })?;
    refuse_embedded_repositories(&tree)?;
    Ok(tree)
}

fn shown(path: &Path) -> String {
    escape(&path.display().to_string()).into_owned()
}

/// Paths as CI tools match them: from the root of the repository work tree
/// that holds PATH (PATH itself outside a repository), whatever PATH was
/// given as. The rule for every output is in README.md, "Paths in the output".
#[derive(Debug, Clone, Default)]
pub(crate) struct RepoPaths {
    /// PATH relative to the work tree's root, with a trailing `/`, or empty.
    prefix: String,
}

impl RepoPaths {
    pub(crate) fn of(workspace: &std::path::Path) -> Self {
        Self {
            prefix: repository_prefix(workspace),
        }
    }

    /// A workspace-relative path (as in [`crate::source::Sources`]) from the repository root.
    pub(crate) fn path(&self, workspace_relative: &str) -> String {
        format!("{}{workspace_relative}", self.prefix)
    }

    /// The workspace folder itself from the repository root (`.` at the root).
    pub(crate) fn workspace(&self) -> String {
        let folder = self.prefix.trim_end_matches('/');
        if folder.is_empty() {
            ".".to_owned()
        } else {
            folder.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn finds_the_work_tree_and_ignores_bare_repository_files_above() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        write(&root.join(".git/HEAD"), "ref: refs/heads/main\n");
        // A committed bare repository on the way is no work tree.
        let infra = root.join("infra");
        write(&infra.join("HEAD"), "ref: refs/heads/main\n");
        std::fs::create_dir_all(infra.join("objects")).unwrap();
        let ws = infra.join("pigment");
        std::fs::create_dir_all(&ws).unwrap();
        let tree = repository_root_of(&ws).unwrap().unwrap();
        assert_eq!(tree.root, root);
        assert_eq!(tree.git_dir, root.join(".git"));
        assert_eq!(tree.prefix, "infra/pigment/");
        assert!(refuse_embedded_repositories(&tree).is_ok());
        assert_eq!(repository_root_of(&root).unwrap().unwrap().prefix, "");
        assert!(open_work_tree(&root).is_err(), "infra is below the root");
    }

    #[test]
    fn a_gitfile_makes_a_work_tree_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join(".git/modules/pigment")).unwrap();
        let module = root.join("pigment");
        write(&module.join(".git"), "gitdir: ../.git/modules/pigment\n");
        let tree = open_work_tree(&module).unwrap();
        assert_eq!(tree.root, module);
        assert_eq!(tree.git_dir, module.join("../.git/modules/pigment"));
        // From the outer tree, the submodule is an embedded repository.
        let outer = open_work_tree(&root).unwrap_err();
        assert!(outer.message.contains("pigment/.git"), "{}", outer.message);
        write(&module.join(".git"), "not a gitfile\n");
        assert!(repository_root_of(&module).is_err());
    }

    #[test]
    fn refuses_a_bare_repository_at_or_below_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        let ws = root.join("ws");
        write(&ws.join("members.toml"), "");
        assert!(open_work_tree(&ws).is_ok());
        write(&ws.join("HEAD"), "ref: refs/heads/main\n");
        std::fs::create_dir_all(ws.join("refs")).unwrap();
        let error = open_work_tree(&ws).unwrap_err();
        assert_eq!(error.code, "swatch::git::embedded_repository");
        assert!(error.message.contains("/ws "), "{}", error.message);
        // A workspace folder a change removes: nothing below it to refuse.
        assert_eq!(open_work_tree(&root.join("gone")).unwrap().prefix, "gone/");
        assert_eq!(repository_prefix(&ws.join("not/yet")), "ws/not/yet/");
        assert_eq!(work_tree_root(&ws), Some(root));
    }
}
