//! Both sides of `swatch diff --base REV [PATH]`, read through git: the old
//! side straight from REV's tree (`git ls-tree` + `git cat-file --batch`, no
//! checkout, nothing written), the new side as the working tree git sees it
//! (tracked and untracked files, not ignored ones). Shelling out to `git`
//! keeps swatch free of a git library and honours the user's git config.
//!
//! The workspace is attacker-controlled, and git runs commands its config
//! names. So git never looks for the repository itself: swatch finds it
//! from the file system ([`super::work_tree`]), refuses any repository
//! embedded in the workspace, and runs every command with an explicit
//! `--git-dir` and `--work-tree`, no fsmonitor, no transport (no lazy fetch
//! of a promisor remote), no pager and no `GIT_*` variable but its own; it
//! runs no diff, so no external diff or textconv driver either.

use super::work_tree::{WorkTree, open_work_tree};
use super::{Content, MaxFileSize, ReadError, Selector};
use crate::error::InputError;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// PATH's subtree as committed at one revision.
#[derive(Debug)]
pub(crate) struct Revision<'r> {
    repo: &'r Repo,
    /// Sorted by path.
    files: Vec<Entry>,
}

/// A file of a revision: (its path relative to PATH, its blob id).
type Entry = (String, String);

impl Revision<'_> {
    /// The files whose path `wanted` accepts, as (path, blob id), with
    /// their bytes, by path; one over `limit` is an error naming it.
    fn read(
        &self,
        wanted: impl Fn(&str) -> bool,
        limit: MaxFileSize,
    ) -> Result<Vec<(&Entry, Vec<u8>)>, InputError> {
        let chosen: Vec<&Entry> = self.files.iter().filter(|(path, _)| wanted(path)).collect();
        let contents = self.repo.blobs(&chosen, limit)?;
        Ok(chosen.into_iter().zip(contents).collect())
    }

    /// The model files, each able to be read again from git once its text
    /// is dropped.
    pub(crate) fn model_files(
        &self,
        selector: &Selector,
        limit: MaxFileSize,
    ) -> Result<Vec<(String, Content)>, InputError> {
        let files = self.read(|path| selector.is_model_file(path), limit)?;
        Ok(files
            .into_iter()
            .map(|((path, object), bytes)| {
                let again = self.repo.blob_reader(object.clone(), limit);
                (path.clone(), Content::Blob(bytes, again))
            })
            .collect())
    }

    /// The policy files (`policies/**/*.toml`, hidden ones skipped).
    pub(crate) fn policy_files(
        &self,
        limit: MaxFileSize,
    ) -> Result<Vec<(String, Content)>, InputError> {
        let files = self.read(
            |path| {
                path.starts_with("policies/")
                    && Path::new(path)
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
                    && !path.split('/').any(|part| part.starts_with('.'))
            },
            limit,
        )?;
        Ok(files
            .into_iter()
            .map(|((path, _), bytes)| (path.clone(), Content::Bytes(bytes)))
            .collect())
    }

    /// One file (path relative to PATH), if it exists.
    pub(crate) fn file(
        &self,
        rel: &str,
        limit: MaxFileSize,
    ) -> Result<Option<Vec<u8>>, InputError> {
        Ok(self
            .read(|path| path == rel, limit)?
            .pop()
            .map(|(_, bytes)| bytes))
    }

    /// The config file, if any: (its name, its bytes).
    pub(crate) fn config(
        &self,
        limit: MaxFileSize,
    ) -> Result<Option<(String, Vec<u8>)>, InputError> {
        let mut found = self.read(
            |path| path == "swatch.toml" || path == ".swatch.toml",
            limit,
        )?;
        if found.len() > 1 {
            return Err(InputError::new(
                "swatch::config::two_configs",
                "both swatch.toml and .swatch.toml are present at the base revision",
            ));
        }
        Ok(found.pop().map(|((path, _), bytes)| (path.clone(), bytes)))
    }
}

/// A git repository and where PATH is inside it (cheap to clone).
#[derive(Debug, Clone)]
pub(crate) struct Repo {
    tree: std::sync::Arc<WorkTree>,
}

/// Settings that make git run nothing the repository's files name: no
/// fsmonitor hook, no transport at all (a promisor remote's lazy fetch
/// would run its `uploadpack`), no bare repository found by discovery.
const SAFE_CONFIG: &[&str] = &[
    "safe.bareRepository=explicit",
    "core.fsmonitor=false",
    "protocol.allow=never",
    "core.pager=cat",
];

impl Repo {
    /// A `git` command on this repository only, isolated (see the module doc).
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("git");
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("GIT_") {
                command.env_remove(name);
            }
        }
        command
            .env("GIT_NO_LAZY_FETCH", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            // Paths swatch passes are paths, never patterns.
            .env("GIT_LITERAL_PATHSPECS", "1")
            .arg("--no-pager");
        for setting in SAFE_CONFIG {
            command.args(["-c", setting]);
        }
        command
            .arg("--git-dir")
            .arg(&self.tree.git_dir)
            .arg("--work-tree")
            .arg(&self.tree.root)
            .args(args)
            .current_dir(&self.tree.root)
            .stdin(Stdio::null());
        command
    }

    fn git(&self, args: &[&str]) -> Result<Vec<u8>, InputError> {
        let output = self.command(args).output().map_err(|e| {
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

    /// The repository holding `dir`, found without running git; exit 2
    /// outside one, or when a repository is embedded at or below `dir`.
    /// `dir` may be missing (a change that removes the workspace).
    pub(crate) fn open(dir: &Path) -> Result<Self, InputError> {
        if dir.exists() && !dir.is_dir() {
            return Err(InputError::new(
                "swatch::load::bad_path",
                format!(
                    "{} is not a folder",
                    crate::source::escape(&dir.display().to_string())
                ),
            ));
        }
        Ok(Self {
            tree: std::sync::Arc::new(open_work_tree(dir)?),
        })
    }

    /// PATH's subtree at revision `rev`, listed once; a clear error for an
    /// unknown revision.
    pub(crate) fn revision(&self, rev: &str) -> Result<Revision<'_>, InputError> {
        let tree = self
            .tree_of(rev)
            .ok_or_else(|| self.unknown_revision(rev))?;
        Ok(Revision {
            repo: self,
            files: self.tree(&tree)?,
        })
    }

    /// The tree of the commit `rev` names (or the tree it names: the
    /// empty tree is the base before the first commit), if any.
    fn tree_of(&self, rev: &str) -> Option<String> {
        let spec = format!("{rev}^{{tree}}");
        self.git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])
        .ok()
        .map(|out| String::from_utf8_lossy(&out).trim().to_owned())
    }

    /// Why `rev` names no commit, and what to pass instead. `HEAD~1`, the
    /// usual base, is unknown in a repository of one commit; any base can
    /// be missing from a shallow clone (CI checkouts fetch one commit by
    /// default).
    fn unknown_revision(&self, rev: &str) -> InputError {
        let shown = crate::source::escape(rev);
        let unknown = |why: &str| {
            InputError::new(
                "swatch::git::unknown_revision",
                format!("unknown revision `{shown}`{why}"),
            )
        };
        let shallow = self
            .git(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|out| out.starts_with(b"true"));
        if shallow {
            return unknown(": this clone is shallow, and it was not fetched").help(
                "fetch the history the base needs (`fetch-depth: 0` in actions/checkout, or \
                 `git fetch --deepen=N`, or `git fetch origin main` for `--base origin/main`)",
            );
        }
        let no_commits = self
            .git(&["rev-parse", "--verify", "--quiet", "HEAD"])
            .is_err();
        if no_commits {
            return unknown(": this repository has no commits yet").help(format!(
                "to review everything as added, compare with git's empty tree: `--base {}` \
                 (what `git hash-object -t tree /dev/null` prints); after the first commit, \
                 `--base HEAD` compares with it",
                self.empty_tree()
            ));
        }
        let an_ancestor = rev.starts_with("HEAD") && rev[4..].starts_with(['~', '^']);
        let commits = self
            .git(&["rev-list", "--count", "--max-count=2", "HEAD"])
            .ok()
            .and_then(|out| String::from_utf8_lossy(&out).trim().parse::<u32>().ok());
        match commits {
            Some(1) if an_ancestor => {
                let empty_tree = self.empty_tree();
                unknown(": this repository has only one commit, so HEAD has no parent").help(format!(
                    "to review everything as added, compare with git's empty tree: `--base {empty_tree}` \
                     (what `git hash-object -t tree /dev/null` prints); once there are two commits, \
                     `--base HEAD~1` compares with the previous one"
                ))
            }
            Some(_) if an_ancestor => unknown(": HEAD has fewer ancestors than that").help(
                "name a commit, branch or tag of this repository, e.g. `--base origin/main`",
            ),
            _ => unknown("").help(
                "name a commit, branch or tag of this repository, e.g. `--base origin/main` or `--base HEAD~1`",
            ),
        }
    }

    /// git's empty tree, which every repository knows (its id depends on
    /// the hash function): the base before the first commit.
    fn empty_tree(&self) -> String {
        self.git(&["hash-object", "-t", "tree", "--stdin"])
            .map_or_else(
                |_| "$(git hash-object -t tree /dev/null)".to_owned(),
                |out| String::from_utf8_lossy(&out).trim().to_owned(),
            )
    }

    /// Every file of PATH's subtree in `tree`: (path relative to PATH, blob id).
    fn tree(&self, tree: &str) -> Result<Vec<(String, String)>, InputError> {
        let prefix = self.tree.prefix.as_str();
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", tree];
        if !prefix.is_empty() {
            args.extend(["--", prefix]);
        }
        let listing = self.git(&args)?;
        Ok(parse_tree(&listing, prefix))
    }

    /// How to read the blob `object` again, as text, for a model file
    /// whose text was dropped once parsed: a blob's bytes never change, so
    /// this is the text that was parsed.
    fn blob_reader(&self, object: String, limit: MaxFileSize) -> crate::source::Reread {
        let repo = self.clone();
        crate::source::Reread::new(move || {
            let bytes = repo.git(&["cat-file", "blob", &object]).ok()?;
            crate::read::capped_text(bytes, limit).ok()
        })
    }

    /// Read blobs through one `git cat-file --batch` process, in order;
    /// one over `limit` is an error naming its path.
    fn blobs(&self, chosen: &[&Entry], limit: MaxFileSize) -> Result<Vec<Vec<u8>>, InputError> {
        if chosen.is_empty() {
            return Ok(Vec::new());
        }
        let failed = |e: std::io::Error| cat_file_failed(&e);
        let mut child = self
            .command(&["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(failed)?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| failed(std::io::Error::other("no stdin")))?;
        let request: String = chosen.iter().map(|(_, o)| format!("{o}\n")).collect();
        // Write from another thread: git answers while we still write.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| failed(std::io::Error::other("no stdout")))?;
        let named: Vec<(String, &str)> = chosen
            .iter()
            .map(|(path, object)| (format!("{}{path}", self.tree.prefix), object.as_str()))
            .collect();
        let named: Vec<(&str, &str)> = named.iter().map(|(p, o)| (p.as_str(), *o)).collect();
        let blobs = read_batch(BufReader::new(stdout), &named, limit);
        if blobs.is_err() {
            let _ = child.kill();
        }
        let _ = writer.join();
        let _ = child.wait();
        blobs
    }

    /// The model files of PATH's working tree as git sees it: tracked and
    /// untracked files, not ignored ones; deleted files are skipped.
    pub(crate) fn working_files(
        &self,
        selector: &Selector,
    ) -> Result<Vec<(String, Content)>, InputError> {
        let prefix = self.tree.prefix.as_str();
        let pathspec = if prefix.is_empty() { "." } else { prefix };
        let listing = self.git(&[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
            pathspec,
        ])?;
        let mut files: Vec<(String, Content)> = listing
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .filter_map(|p| {
                let path = String::from_utf8_lossy(p);
                Some(path.strip_prefix(prefix)?.to_owned())
            })
            .filter(|path| selector.is_model_file(path))
            .filter_map(|path| {
                let disk = self.tree.root.join(prefix).join(&path);
                // Regular files only, as on the base side: links are
                // counted, not followed; deleted files are skipped.
                let kind = std::fs::symlink_metadata(&disk).ok()?.file_type();
                if kind.is_symlink() {
                    Some((path, Content::Symlink))
                } else {
                    kind.is_file().then_some((path, Content::Disk(disk)))
                }
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

/// The blobs asked of `git cat-file --batch`, read from its output in
/// order: `files` are (the path named in errors, the object id); a blob
/// over `limit` is an error naming its path. A pure function of git's
/// output, so it can be fuzzed without git.
pub(crate) fn read_batch(
    mut reader: impl BufRead,
    files: &[(&str, &str)],
    limit: MaxFileSize,
) -> Result<Vec<Vec<u8>>, InputError> {
    let failed = |e: std::io::Error| cat_file_failed(&e);
    let mut blobs = Vec::with_capacity(files.len());
    for (path, object) in files {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(failed)?;
        // "<object> blob <size>"
        let size: u64 = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| failed(std::io::Error::other(format!("no blob {object}"))))?;
        if size > limit.bytes() {
            return Err(ReadError::TooLarge(limit).input_error("swatch::load::too_large", path));
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
    fn a_base_text_dropped_once_parsed_is_read_again_from_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let text = "[[member]]\nemail = \"ann@acme.com\"\naccount_type = \"standard_member\"\n";
        std::fs::write(root.join("members.toml"), text).unwrap();
        for args in [
            &["init", "-q"][..],
            &["add", "members.toml"],
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
                "commit",
                "-qm",
                "base",
            ],
        ] {
            let status = Command::new("git")
                .args(args)
                .current_dir(root)
                .status()
                .unwrap();
            assert!(status.success());
        }
        // The working tree moves on; the base's text must still come back.
        std::fs::write(root.join("members.toml"), "").unwrap();
        let repo = Repo::open(root).unwrap();
        let base = repo.revision("HEAD").unwrap();
        let files = base
            .model_files(&Selector::default(), MaxFileSize::DEFAULT)
            .unwrap();
        let forget = Some(crate::source::Keep::Nothing);
        let workspace = super::super::load_selected(
            crate::source::Sources::default(),
            files,
            MaxFileSize::DEFAULT,
            &Selector::default(),
            forget,
        )
        .unwrap();
        let file = workspace.sources.get(crate::source::FileId(0));
        assert_eq!(file.text(), text);
        assert_eq!(file.line_col(11), (2, 1));
    }

    #[test]
    fn batch_output_is_read_blob_by_blob() {
        let output = b"a1 blob 3\nabc\nb1 blob 0\n\n";
        assert_eq!(
            read_batch(
                &output[..],
                &[("a.toml", "a1"), ("b.toml", "b1")],
                MaxFileSize::DEFAULT
            )
            .unwrap(),
            [b"abc".to_vec(), Vec::new()]
        );
        let error = |output: &[u8]| {
            read_batch(output, &[("a.toml", "a1")], MaxFileSize::DEFAULT)
                .map(|_| ())
                .unwrap_err()
        };
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
        let large = error(b"a1 blob 99999999999\n");
        assert_eq!(large.code, "swatch::load::too_large");
        assert!(large.message.contains("a.toml"), "{}", large.message);
    }
}
