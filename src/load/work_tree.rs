//! The repository work tree that holds a workspace folder, found by reading
//! the file system only: no git command runs, so nothing committed into the
//! workspace can make git run code or pick another repository.
//!
//! As for `diff --base`, only a `.git` entry makes a work tree (a folder, or
//! a gitfile `gitdir: …` for worktrees and submodules); the plain files of a
//! bare repository (`HEAD`, `objects/`, `refs/`) committed into a folder do
//! not, so a pull request cannot move where its findings are reported.

use std::path::{Path, PathBuf};

/// Whether `dir` is the root of a work tree.
fn holds_git(dir: &Path) -> bool {
    let git = dir.join(".git");
    let Ok(meta) = std::fs::symlink_metadata(&git) else {
        return false;
    };
    if meta.is_dir() {
        return git.join("HEAD").is_file();
    }
    meta.is_file() && std::fs::read(&git).is_ok_and(|bytes| bytes.starts_with(b"gitdir:"))
}

/// `path` made absolute and free of `..` and links, even when it does not
/// exist yet (`init` of a new folder): its nearest existing ancestor is
/// resolved and the rest appended.
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

/// The nearest folder at or above `path` that is a work tree's root.
pub(crate) fn work_tree_root(path: &Path) -> Option<PathBuf> {
    let start = resolved(path)?;
    start
        .ancestors()
        .find(|dir| holds_git(dir))
        .map(Path::to_owned)
}

/// `path` relative to the root of its work tree, `/`-separated, with a
/// trailing `/` (empty at the root, or when there is no work tree: then
/// PATH itself is the root).
pub(crate) fn repository_prefix(path: &Path) -> String {
    let (Some(root), Some(start)) = (work_tree_root(path), resolved(path)) else {
        return String::new();
    };
    let rel = super::relative(&root, &start);
    if rel.is_empty() {
        rel
    } else {
        format!("{rel}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_work_tree_and_ignores_bare_repository_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        // A committed bare repository inside the workspace is no work tree.
        let ws = root.join("infra/pigment");
        std::fs::create_dir_all(ws.join("objects")).unwrap();
        std::fs::write(ws.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        assert_eq!(repository_prefix(&ws), "infra/pigment/");
        assert_eq!(repository_prefix(root), "");
        // A gitfile (worktree, submodule) makes a work tree of its own.
        std::fs::write(ws.join(".git"), "gitdir: ../../.git/modules/pigment\n").unwrap();
        assert_eq!(repository_prefix(&ws.join("objects")), "objects/");
    }
}
