//! Both sides of `swatch diff --base REV [PATH]`, read through git: the old
//! side straight from REV's tree (`git ls-tree` + `git cat-file --batch`, no
//! checkout, nothing written), the new side as the working tree git sees it
//! (tracked and untracked files, not ignored ones). Shelling out to `git`
//! keeps swatch free of a git library and honours the user's git config.

use super::{Content, Selector};
use crate::error::InputError;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// PATH's subtree as committed at one revision.
#[derive(Debug)]
pub struct Revision<'r> {
    repo: &'r Repo,
    /// (path relative to PATH, blob id), sorted by path.
    files: Vec<(String, String)>,
}

impl Revision<'_> {
    /// The files whose path `wanted` accepts, with their bytes, by path.
    fn read(&self, wanted: impl Fn(&str) -> bool) -> Result<Vec<(String, Vec<u8>)>, InputError> {
        let chosen: Vec<&(String, String)> =
            self.files.iter().filter(|(path, _)| wanted(path)).collect();
        let contents = self
            .repo
            .blobs(chosen.iter().map(|(_, object)| object.as_str()))?;
        Ok(chosen
            .into_iter()
            .map(|(path, _)| path.clone())
            .zip(contents)
            .collect())
    }

    /// The model files.
    pub fn model_files(&self, selector: &Selector) -> Result<Vec<(String, Content)>, InputError> {
        let files = self.read(|path| selector.is_model_file(path))?;
        Ok(files
            .into_iter()
            .map(|(path, bytes)| (path, Content::Bytes(bytes)))
            .collect())
    }

    /// The policy files (`policies/**/*.toml`, hidden ones skipped).
    pub fn policy_files(&self) -> Result<Vec<(String, Content)>, InputError> {
        let files = self.read(|path| {
            path.starts_with("policies/")
                && Path::new(path)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
                && !path.split('/').any(|part| part.starts_with('.'))
        })?;
        Ok(files
            .into_iter()
            .map(|(path, bytes)| (path, Content::Bytes(bytes)))
            .collect())
    }

    /// One file (path relative to PATH), if it exists.
    pub fn file(&self, rel: &str) -> Result<Option<Vec<u8>>, InputError> {
        Ok(self.read(|path| path == rel)?.pop().map(|(_, bytes)| bytes))
    }

    /// The config file, if any: (its name, its bytes).
    pub fn config(&self) -> Result<Option<(String, Vec<u8>)>, InputError> {
        let mut found = self.read(|path| path == "swatch.toml" || path == ".swatch.toml")?;
        if found.len() > 1 {
            return Err(InputError::new(
                "swatch::config::two_configs",
                "both swatch.toml and .swatch.toml are present at the base revision",
            ));
        }
        Ok(found.pop())
    }
}

/// A git repository and where PATH is inside it.
#[derive(Debug)]
pub struct Repo {
    /// The folder git commands run in (PATH).
    dir: PathBuf,
    /// PATH relative to the repository root, with a trailing `/` (empty at the root).
    prefix: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, InputError> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            InputError::new("swatch::git::missing", format!("cannot run git: {e}"))
                .help("install git, or compare two folders with `swatch diff OLD NEW`")
        })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(InputError::new(
            "swatch::git::failed",
            format!(
                "git {}: {}",
                args.join(" "),
                crate::source::escape(stderr.trim())
            ),
        ))
    }
}

impl Repo {
    /// The repository holding `dir`; exit 2 outside one.
    pub fn open(dir: &Path) -> Result<Self, InputError> {
        if !dir.is_dir() {
            return Err(InputError::new(
                "swatch::load::bad_path",
                format!(
                    "{} is not a folder",
                    crate::source::escape(&dir.display().to_string())
                ),
            ));
        }
        let prefix = git(dir, &["rev-parse", "--show-prefix"]).map_err(|_| {
            InputError::new(
                "swatch::git::not_a_repo",
                format!("{} is not inside a git repository", crate::source::escape(&dir.display().to_string())),
            )
            .help("`--base` compares with a git revision; compare two folders with `swatch diff OLD NEW`")
        })?;
        Ok(Self {
            dir: dir.to_owned(),
            prefix: String::from_utf8_lossy(&prefix)
                .trim_end_matches('\n')
                .to_owned(),
        })
    }

    /// PATH's subtree at revision `rev`, listed once; a clear error for an
    /// unknown revision.
    pub fn revision(&self, rev: &str) -> Result<Revision<'_>, InputError> {
        let spec = format!("{rev}^{{commit}}");
        let commit = git(&self.dir, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])
            .map(|out| String::from_utf8_lossy(&out).trim().to_owned())
            .map_err(|_| {
                InputError::new(
                    "swatch::git::unknown_revision",
                    format!("unknown revision `{}`", crate::source::escape(rev)),
                )
                .help("name a commit, branch or tag of this repository, e.g. `--base origin/main` or `--base HEAD~1`")
            })?;
        Ok(Revision {
            repo: self,
            files: self.tree(&commit)?,
        })
    }

    /// Every file of PATH's subtree at `commit`: (path relative to PATH, blob id).
    fn tree(&self, commit: &str) -> Result<Vec<(String, String)>, InputError> {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit];
        if !self.prefix.is_empty() {
            args.extend(["--", self.prefix.as_str()]);
        }
        let listing = git(&self.dir, &args)?;
        Ok(parse_tree(&listing, &self.prefix))
    }

    /// Read blobs through one `git cat-file --batch` process, in order.
    fn blobs<'a>(
        &self,
        objects: impl Iterator<Item = &'a str>,
    ) -> Result<Vec<Vec<u8>>, InputError> {
        let objects: Vec<&str> = objects.collect();
        if objects.is_empty() {
            return Ok(Vec::new());
        }
        let failed = |e: std::io::Error| cat_file_failed(&e);
        let mut child = Command::new("git")
            .args(["cat-file", "--batch"])
            .current_dir(&self.dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(failed)?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| failed(std::io::Error::other("no stdin")))?;
        let request: String = objects.iter().map(|o| format!("{o}\n")).collect();
        // Write from another thread: git answers while we still write.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| failed(std::io::Error::other("no stdout")))?;
        let blobs = read_batch(BufReader::new(stdout), &objects);
        let _ = writer.join();
        let _ = child.wait();
        blobs
    }

    /// The model files of PATH's working tree as git sees it: tracked and
    /// untracked files, not ignored ones; deleted files are skipped.
    pub fn working_files(&self, selector: &Selector) -> Result<Vec<(String, Content)>, InputError> {
        let listing = git(
            &self.dir,
            &[
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                ".",
            ],
        )?;
        let mut files: Vec<(String, Content)> = listing
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .filter(|path| selector.is_model_file(path))
            .filter_map(|path| {
                let disk = self.dir.join(&path);
                // Regular files only, as on the base side: no links, no deleted files.
                let meta = std::fs::symlink_metadata(&disk).ok()?;
                meta.file_type()
                    .is_file()
                    .then_some((path, Content::Disk(disk)))
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        Ok(files)
    }
}

/// Every regular file of a `git ls-tree -r -z --full-tree` listing that lies
/// below `prefix`: (path relative to it, blob id), sorted by path. A pure
/// function of git's output, so it can be fuzzed without git.
pub(crate) fn parse_tree(listing: &[u8], prefix: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        // "<mode> <type> <object>\t<path>"
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut fields = meta.split(' ');
        let (Some(mode), Some(kind), Some(object)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // Regular files only: no symbolic links (120000), no submodules.
        if kind != "blob" || !mode.starts_with("100") {
            continue;
        }
        if let Some(rel) = path.strip_prefix(prefix) {
            files.push((rel.to_owned(), object.to_owned()));
        }
    }
    files.sort();
    files
}

/// The blobs `objects` asked of `git cat-file --batch`, read from its output
/// in order. A pure function of git's output, so it can be fuzzed without git.
pub(crate) fn read_batch(
    mut reader: impl BufRead,
    objects: &[&str],
) -> Result<Vec<Vec<u8>>, InputError> {
    let failed = |e: std::io::Error| cat_file_failed(&e);
    let mut blobs = Vec::with_capacity(objects.len());
    for object in objects {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(failed)?;
        // "<object> blob <size>"
        let size: u64 = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| failed(std::io::Error::other(format!("no blob {object}"))))?;
        if size > super::MAX_FILE_BYTES {
            return Err(super::too_large(object));
        }
        let mut bytes = vec![0; size as usize];
        reader.read_exact(&mut bytes).map_err(failed)?;
        let mut newline = [0u8; 1];
        reader.read_exact(&mut newline).map_err(failed)?;
        blobs.push(bytes);
    }
    Ok(blobs)
}

fn cat_file_failed(e: &std::io::Error) -> InputError {
    InputError::new("swatch::git::failed", format!("git cat-file: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_keeps_regular_files_below_the_prefix() {
        let listing = b"100644 blob b1\tws/b.toml\0\
            100755 blob a1\tws/a.toml\0\
            120000 blob l1\tws/link.toml\0\
            160000 commit s1\tws/sub\0\
            100644 blob o1\tother/c.toml\0\
            garbage\0";
        assert_eq!(
            parse_tree(listing, "ws/"),
            [
                ("a.toml".to_owned(), "a1".to_owned()),
                ("b.toml".to_owned(), "b1".to_owned())
            ]
        );
    }

    #[test]
    fn batch_output_is_read_blob_by_blob() {
        let output = b"a1 blob 3\nabc\nb1 blob 0\n\n";
        assert_eq!(
            read_batch(&output[..], &["a1", "b1"]).unwrap(),
            [b"abc".to_vec(), Vec::new()]
        );
        let error = |output: &[u8]| read_batch(output, &["a1"]).map(|_| ()).unwrap_err();
        let missing = error(b"a1 missing\n");
        assert!(
            missing.message.contains("no blob a1"),
            "{}",
            missing.message
        );
        let short = error(b"a1 blob 9\nabc");
        assert!(
            short.message.starts_with("git cat-file"),
            "{}",
            short.message
        );
        assert_eq!(
            error(b"a1 blob 99999999999\n").code,
            "swatch::load::too_large"
        );
    }
}
