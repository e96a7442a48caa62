//! The one way swatch reads a file: at most [`MaxFileSize`] bytes, checked
//! to be UTF-8, with the I/O error's cause kept. Model files, the config,
//! policies, baselines and exports all go through [`read_capped_text`] (or
//! [`read_no_symlink_text`] for files the workspace names), and blobs read
//! from git through [`capped_text`].
//!
//! Why: every file is attacker-controlled. An unbounded read of a huge file
//! exhausts memory, and spans are `u32`, so nothing may reach 4 GiB.

use crate::error::InputError;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest file swatch reads, from `--max-file-size` or `max_file_size`
/// in the config (default 32 MiB, at most 4 GiB − 1 since spans are `u32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MaxFileSize(u64);

impl Default for MaxFileSize {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl MaxFileSize {
    /// A workspace file of 100k members is about 10 MB.
    pub(crate) const DEFAULT: Self = Self(32 * 1024 * 1024);
    /// Spans are `u32`: 4 GiB − 1. For text already read under a limit.
    pub(crate) const LARGEST: Self = Self(u32::MAX as u64);
    /// A gitfile (`gitdir: …`) is one short line.
    pub(crate) const GITFILE: Self = Self(4096);

    pub(crate) fn bytes(self) -> u64 {
        self.0
    }

    /// The first of `choices` that is set (command line, then config), else the default.
    pub(crate) fn first_of(choices: impl IntoIterator<Item = Option<Self>>) -> Self {
        choices.into_iter().flatten().next().unwrap_or_default()
    }

    /// `SIZE`: an integer with an optional `B`, `KB`, `MB`, `GB`, `KiB`,
    /// `MiB` or `GiB` suffix (case-insensitive), at least 1 byte and at
    /// most 4 GiB − 1.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let digits_end = text
            .find(|c: char| !c.is_ascii_digit() && c != '_')
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(digits_end);
        let unit_bytes: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "kb" => 1_000,
            "mb" => 1_000_000,
            "gb" => 1_000_000_000,
            "kib" => 1 << 10,
            "mib" => 1 << 20,
            "gib" => 1 << 30,
            other => {
                return Err(format!(
                    "unknown unit `{other}` in `{text}`: use B, KB, MB, GB, KiB, MiB or GiB, e.g. 64MiB"
                ));
            }
        };
        let number: u64 = number
            .replace('_', "")
            .parse()
            .map_err(|_| format!("expected a size like 64MiB, found `{text}`"))?;
        match number.checked_mul(unit_bytes) {
            Some(0) => Err("the size must be at least 1 byte".to_owned()),
            Some(bytes) if bytes <= Self::LARGEST.0 => Ok(Self(bytes)),
            _ => Err(format!(
                "`{text}` is over the largest size, 4 GiB − 1 ({} bytes): spans are 32-bit",
                Self::LARGEST.0
            )),
        }
    }
}

impl fmt::Display for MaxFileSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        for (size, unit) in [(1u64 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")] {
            if b >= size && b % size == 0 {
                return write!(f, "{} {unit}", b / size);
            }
        }
        write!(f, "{b} bytes")
    }
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The I/O error itself (not found, permission denied…).
    Io(io::Error),
    /// The path, or the folder named here on the way to it, is a symlink,
    /// refused without being followed.
    Symlink(PathBuf),
    TooLarge(MaxFileSize),
    /// Not UTF-8: the lossy text (for a snippet) and the first bad byte.
    NotUtf8 {
        text: String,
        at: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "{e}"),
            Self::Symlink(link) => write!(
                f,
                "{} is a symlink, which swatch never follows",
                crate::source::escape(&link.display().to_string())
            ),
            Self::TooLarge(limit) => write!(f, "it is larger than {limit}"),
            Self::NotUtf8 { at, .. } => write!(f, "it is not UTF-8 (invalid byte at offset {at})"),
        }
    }
}

impl ReadError {
    /// The diagnostic for file `shown` (escaped here), with a hint per cause.
    pub(crate) fn input_error(&self, code: &'static str, shown: &str) -> InputError {
        let code = match self {
            Self::TooLarge(_) => "swatch::load::too_large",
            Self::Symlink(_) => "swatch::load::symlink",
            _ => code,
        };
        let error = InputError::new(
            code,
            format!("cannot read {}: {self}", crate::source::escape(shown)),
        );
        match self {
            Self::Io(_) => error,
            Self::Symlink(_) => error.help(
                "commit the file itself: a link could point outside the workspace (a token, /proc/self/environ)",
            ),
            Self::TooLarge(_) => error.help(TOO_LARGE_HELP),
            Self::NotUtf8 { .. } => error.help("save the file as UTF-8"),
        }
    }
}

/// Names both ways to raise the limit.
pub(crate) const TOO_LARGE_HELP: &str = "split the file (members by department, one application per file), exclude it in swatch.toml, or raise the limit with `--max-file-size 64MiB` or `max_file_size = \"64MiB\"` in swatch.toml";

/// The bytes of `path`, at most `limit` of them, following a symlink (for
/// paths the user gave on the command line).
pub(crate) fn read_capped_bytes(path: &Path, limit: MaxFileSize) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // Sized from the file's length: a buffer grown while reading ends up
    // to twice the text, and every text is kept at least until the model
    // is built.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit.0 + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.0 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit.0 {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// The text of `path`: at most `limit` bytes, UTF-8. Follows a symlink: for
/// paths the user chose on the command line (an export to import).
pub(crate) fn read_capped_text(path: &Path, limit: MaxFileSize) -> Result<String, ReadError> {
    capped_text(read_capped_bytes(path, limit)?, limit)
}

/// Like [`read_capped_text`], but a `path` that is a symlink is refused
/// without reading it: for every file the workspace holds or names (the
/// config, policies, baselines), since a committed link could point at a
/// secret whose lines an error message would print.
pub(crate) fn read_no_symlink_text(path: &Path, limit: MaxFileSize) -> Result<String, ReadError> {
    refuse_symlink(path)?;
    read_capped_text(path, limit)
}

/// Like [`read_no_symlink_text`], as bytes (for a JSON baseline).
pub(crate) fn read_no_symlink_bytes(path: &Path, limit: MaxFileSize) -> Result<Vec<u8>, ReadError> {
    refuse_symlink(path)?;
    read_capped_bytes(path, limit)
}

fn refuse_symlink(path: &Path) -> Result<(), ReadError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(ReadError::Symlink(path.to_owned())),
        Ok(_) => Ok(()),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// `root/rel` for a path a workspace file names (`baseline = …`), checked
/// to stay inside `root`: `rel` was checked by [`stays_inside`] when the
/// config was read, and no folder on the way may be a symlink.
pub(crate) fn inside(root: &Path, rel: &str) -> Result<PathBuf, ReadError> {
    let mut path = root.to_owned();
    let mut parts = Path::new(rel).components().peekable();
    while let Some(part) = parts.next() {
        path.push(part);
        if parts.peek().is_some() {
            refuse_symlink(&path)?;
        }
    }
    Ok(path)
}

/// Whether a relative path from a workspace file stays below its folder:
/// no `..`, no root, no drive.
pub(crate) fn stays_inside(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel).components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

/// Bytes from anywhere (a git blob) as text, under the same limit.
pub(crate) fn capped_text(bytes: Vec<u8>, limit: MaxFileSize) -> Result<String, ReadError> {
    if bytes.len() as u64 > limit.0 {
        return Err(ReadError::TooLarge(limit));
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        at: e.utf8_error().valid_up_to(),
        text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_every_unit() {
        let bytes = |t: &str| MaxFileSize::parse(t).map(MaxFileSize::bytes);
        assert_eq!(bytes("100"), Ok(100));
        assert_eq!(bytes("100B"), Ok(100));
        assert_eq!(bytes("2KB"), Ok(2_000));
        assert_eq!(bytes("3 MB"), Ok(3_000_000));
        assert_eq!(bytes("1GB"), Ok(1_000_000_000));
        assert_eq!(bytes("2KiB"), Ok(2_048));
        assert_eq!(bytes("64mib"), Ok(64 << 20));
        assert_eq!(bytes("3GiB"), Ok(3 << 30));
        assert!(bytes("4GiB").unwrap_err().contains("4 GiB − 1"));
        assert_eq!(bytes("4294967295"), Ok(u64::from(u32::MAX)));
        assert!(bytes("0").is_err());
        assert!(bytes("12TB").unwrap_err().contains("unknown unit"));
        assert!(bytes("MiB").is_err());
        assert!(bytes("99999999999999999999GiB").is_err());
        assert_eq!(MaxFileSize::DEFAULT.to_string(), "32 MiB");
        assert_eq!(MaxFileSize(1000).to_string(), "1000 bytes");
    }

    #[test]
    fn reads_up_to_the_limit_and_keeps_the_cause() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "12345").unwrap();
        assert_eq!(read_capped_text(&file, MaxFileSize(5)).unwrap(), "12345");
        assert!(matches!(
            read_capped_text(&file, MaxFileSize(4)),
            Err(ReadError::TooLarge(_))
        ));
        let missing = read_capped_text(&dir.path().join("nope"), MaxFileSize(5)).unwrap_err();
        let message = missing.input_error("x", "nope").message;
        assert!(message.contains("No such file"), "{message}");
        std::fs::write(&file, b"ab\xffc").unwrap();
        assert!(matches!(
            read_capped_text(&file, MaxFileSize(5)),
            Err(ReadError::NotUtf8 { at: 2, .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlink_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret");
        std::fs::write(&secret, "token").unwrap();
        let link = dir.path().join("swatch.toml");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        assert!(matches!(
            read_no_symlink_text(&link, MaxFileSize::DEFAULT),
            Err(ReadError::Symlink(_))
        ));
        assert_eq!(
            read_capped_text(&link, MaxFileSize::DEFAULT).unwrap(),
            "token"
        );
        std::os::unix::fs::symlink(dir.path(), dir.path().join("up")).unwrap();
        assert!(matches!(
            inside(dir.path(), "up/secret"),
            Err(ReadError::Symlink(_))
        ));
        assert!(inside(dir.path(), "secret").is_ok());
    }

    #[test]
    fn named_paths_stay_inside() {
        assert!(stays_inside("baseline.json"));
        assert!(stays_inside("./ci/baseline.json"));
        assert!(!stays_inside("../baseline.json"));
        assert!(!stays_inside("ci/../../x"));
        assert!(!stays_inside("/etc/passwd"));
        assert!(!stays_inside(""));
    }
}
