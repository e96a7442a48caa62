//! The one way swatch writes a file: every output file (baselines, `import
//! --out`, `report --out`, `init`, `fix`, `what-if --write`) goes through
//! [`write_atomic`].
//!
//! Why: the workspace is attacker-controlled. A symlink committed where
//! swatch writes would redirect the write (to a shell rc file, a CI token
//! store), and a crash half-way through a write would lose the user's file.
//! So the bytes go to a temporary file in the target's own folder (same file
//! system, so the rename is atomic) which is renamed over the target; a
//! target that is a symlink is refused without touching it.

use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename. Refuses (`InvalidInput`) a `path` that is a symlink, whatever it
/// points at, or a folder.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    refuse_symlink(path)?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".swatch-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temporary.write_all(bytes)?;
    // A temporary file is private (0600); the file it becomes keeps the
    // mode of the file it replaces, or gets an ordinary file's mode.
    if let Some(permissions) = permissions_for(path)? {
        temporary.as_file().set_permissions(permissions)?;
    }
    temporary.as_file().sync_all()?;
    // Checked again just before the rename: a link planted meanwhile is
    // still refused (rename itself replaces a link, never follows it).
    refuse_symlink(path)?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn permissions_for(path: &Path) -> io::Result<Option<std::fs::Permissions>> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(Some(meta.permissions())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                Ok(Some(std::fs::Permissions::from_mode(0o644)))
            }
            #[cfg(not(unix))]
            {
                Ok(None)
            }
        }
        Err(e) => Err(e),
    }
}

/// Creates `dir` and its missing parents, refusing any existing component
/// of `dir` that is a symlink, so files written below it stay where the
/// user asked.
pub(crate) fn create_dir_all_no_symlink(dir: &Path) -> io::Result<()> {
    let mut so_far = std::path::PathBuf::new();
    for component in dir.components() {
        so_far.push(component);
        // Existing folders are fine (that is the point); only a link is refused.
        let is_link = std::fs::symlink_metadata(&so_far).is_ok_and(|m| m.file_type().is_symlink());
        if matches!(component, std::path::Component::Normal(_)) && is_link {
            refuse_symlink(&so_far)?;
        }
    }
    std::fs::create_dir_all(dir)
}

fn refuse_symlink(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is a symlink; swatch never writes through one",
                path.display()
            ),
        )),
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is a folder", path.display()),
        )),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_others_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("report.html");
        write_atomic(&fresh, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), 0o644);
        let kept = dir.path().join("baseline.json");
        std::fs::write(&kept, b"old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&kept, b"new").unwrap();
        assert_eq!(mode(&kept), 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlink_and_leaves_its_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        let link = dir.path().join("baseline.json");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let error = write_atomic(&link, b"evil").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn creates_folders_below_existing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("out/apps");
        create_dir_all_no_symlink(&nested).unwrap();
        create_dir_all_no_symlink(&nested).unwrap();
        assert!(nested.is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlinked_folder_on_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let link = dir.path().join("out");
        std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
        assert!(create_dir_all_no_symlink(&link.join("apps")).is_err());
        assert!(
            std::fs::read_dir(elsewhere.path())
                .unwrap()
                .next()
                .is_none()
        );
    }
}
