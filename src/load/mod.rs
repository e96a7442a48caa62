//! Walk + parse + validate: a folder (or a git tree) of TOML files → a
//! [`Model`] with spans, or every piece of invalid input at once.
//!
//! Files are read and parsed independently (in parallel with rayon), then
//! merged in path order, so the result is the same in any file order.

mod build;
mod foreign;
pub(crate) mod git;
mod inline;
mod keys;
mod misplaced;
mod parse;
pub(crate) mod work_tree;

use crate::config::{self, Config};
use crate::error::{InputError, Invalid};
use crate::model::Model;
use crate::source::{Keep, Reread, SourceFile, Sources};
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub(crate) use crate::read::{
    MaxFileSize, ReadError, capped_text, read_capped_text, read_no_symlink_bytes,
    read_no_symlink_text,
};
pub(crate) use inline::InlineIgnore;
pub(crate) use keys::json_schema;

/// A loaded, valid workspace side.
#[derive(Debug)]
pub(crate) struct Workspace {
    pub sources: Sources,
    pub model: Model,
    /// `# swatch: ignore` comments found in the files.
    pub inline_ignores: Vec<crate::load::InlineIgnore>,
    /// Model files and folders that are symlinks, skipped unread.
    pub skipped_symlinks: usize,
}

/// Which files of a tree are model data (format.md, "Discovery").
#[derive(Debug, Clone, Default)]
pub(crate) struct Selector {
    exclude: Option<GlobSet>,
    /// The globs of `exclude`, to write the line that adds one.
    patterns: Vec<String>,
}

impl Selector {
    /// `patterns` are globs relative to the root, already validated.
    pub(crate) fn new(patterns: &[String]) -> Result<Self, globset::Error> {
        if patterns.is_empty() {
            return Ok(Self::default());
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            builder.add(Glob::new(pattern)?);
        }
        Ok(Self {
            exclude: Some(builder.build()?),
            patterns: patterns.to_vec(),
        })
    }

    /// The config's `exclude` globs.
    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The selector of a config's `exclude` globs (already checked when the
    /// config was read).
    pub(crate) fn for_config(config: &Config) -> Result<Self, InputError> {
        Self::new(&config.exclude)
            .map_err(|e| InputError::new("swatch::config::bad_glob", e.to_string()))
    }

    /// Whether a folder below the root is worth entering.
    pub(crate) fn enters(rel_dir: &str) -> bool {
        let name = rel_dir.rsplit('/').next().unwrap_or(rel_dir);
        !(name.starts_with('.') || name == "target" || rel_dir == "policies")
    }

    /// Whether `rel` (relative, `/`-separated) is a workspace model file.
    pub(crate) fn is_model_file(&self, rel: &str) -> bool {
        let nested = rel.contains('/');
        if rel.starts_with("policies/") {
            return false;
        }
        if !nested && matches!(rel, "swatch.toml" | ".swatch.toml") {
            return false;
        }
        Path::new(rel)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            && !rel
                .split('/')
                .any(|part| part.starts_with('.') || part == "target" || part.is_empty())
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(rel))
    }
}

/// Where a file's bytes come from.
#[derive(Debug)]
pub(crate) enum Content {
    Disk(PathBuf),
    Bytes(Vec<u8>),
    /// Bytes that can be read again from where they came (a blob of the
    /// base revision), so they need not be kept once parsed.
    Blob(Vec<u8>, Reread),
    /// A model file (or folder) that is a symlink: never followed (it could
    /// point anywhere), only counted so the summary can say it was skipped.
    Symlink,
}

/// What a load parsed in each clean file, by the file's position in the
/// load: `diff`, `what-if` and `fix` load a second side of a change that
/// leaves most files alone, and parsing those again would cost the time
/// of a second load and, while a large file parses, hold its parse beside
/// the first model (#9, #16).
#[derive(Debug, Default)]
pub(crate) struct Parses(Vec<Option<(String, crate::source::FileId, parse::ParsedFile)>>);

impl Parses {
    /// The parse of the file at `position`, if it is `path` at `id`.
    fn take(
        &mut self,
        position: usize,
        path: &str,
        id: crate::source::FileId,
    ) -> Option<parse::ParsedFile> {
        let slot = self.0.get_mut(position)?;
        match slot.take()? {
            (at_path, at, file) if at_path == path && at == id => Some(file),
            _ => None,
        }
    }
}

/// Open the workspace folder at `root`: its config, then its model. Files
/// are capped at `max_file_size` (`--max-file-size`), else the config's
/// `max_file_size`, else 32 MiB.
pub(crate) fn open(
    root: &Path,
    config_path: Option<&Path>,
    max_file_size: Option<MaxFileSize>,
    forget: Option<Keep>,
) -> Result<(Config, Workspace), Invalid> {
    if !root.is_dir() {
        let what = if root.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(Invalid::single(
            InputError::new(
                "swatch::load::bad_path",
                format!(
                    "{} {what}",
                    crate::source::escape(&root.display().to_string())
                ),
            )
            .help("give the folder that holds the workspace's TOML files"),
        ));
    }
    let mut sources = Sources::default();
    sources.show_from(root);
    let config = read_config(&mut sources, root, config_path, max_file_size)?;
    let selector = Selector::for_config(&config).map_err(Invalid::single)?;
    let files = discover(root, &selector).map_err(Invalid::single)?;
    if files
        .iter()
        .all(|(_, content)| matches!(content, Content::Symlink))
    {
        return Err(Invalid::single(no_model_file(root, files.len())));
    }
    let limit = config.file_limit(max_file_size);
    let workspace = load_selected(sources, files, limit, &selector, forget)?;
    Ok((config, workspace))
}

/// PATH holds no model file: an empty or wrong folder would otherwise be
/// checked as an empty workspace ("no active primary owner").
fn no_model_file(root: &Path, symlinks: usize) -> InputError {
    let skipped = match symlinks {
        0 => String::new(),
        1 => " (1 model file is a symlink, skipped: swatch never follows links)".to_owned(),
        n => format!(" ({n} model files are symlinks, skipped: swatch never follows links)"),
    };
    InputError::new(
        "swatch::load::no_model_file",
        format!(
            "no workspace file found under `{}`{skipped}",
            crate::source::escape(&root.display().to_string())
        ),
    )
    .help(
        "workspace files are the .toml files below PATH but swatch.toml and .swatch.toml \
         (the config), policies/ (user rules), hidden and target/ folders and the config's \
         `exclude`; give the folder that holds them as PATH, or start a workspace with \
         `swatch init PATH`",
    )
}

/// Find and parse the config; its errors stop everything (excludes may be
/// wrong). A config that is a symlink is refused unread, `--config` too.
pub(crate) fn read_config(
    sources: &mut Sources,
    root: &Path,
    explicit: Option<&Path>,
    max_file_size: Option<MaxFileSize>,
) -> Result<Config, Invalid> {
    let Some(path) = config::locate(root, explicit).map_err(Invalid::single)? else {
        return Ok(Config::default());
    };
    let shown = if path.starts_with(root) {
        relative(root, &path)
    } else {
        path.display().to_string()
    };
    let limit = max_file_size.unwrap_or_default();
    let bytes = read_no_symlink_bytes(&path, limit).map_err(|e| {
        Invalid::single(e.input_error("swatch::config::unreadable", &format!("the config {shown}")))
    })?;
    parse_config(sources, shown, bytes, limit)
}

/// Parse config bytes (from disk or from git), adding the file to `sources`.
pub(crate) fn parse_config(
    sources: &mut Sources,
    shown: String,
    bytes: Vec<u8>,
    limit: MaxFileSize,
) -> Result<Config, Invalid> {
    let (text, errors) = read_text(
        crate::source::FileId(sources.len() as u32),
        &shown,
        Content::Bytes(bytes),
        limit,
    );
    if !errors.is_empty() {
        sources.add(SourceFile::new(shown, text));
        return Err(Invalid {
            sources: std::mem::take(sources),
            errors,
        });
    }
    let (config, errors) = Config::parse(sources, shown, text);
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(Invalid {
            sources: std::mem::take(sources),
            errors,
        }
        .sorted())
    }
}

/// Every model file below `root`, as sorted relative paths.
pub(crate) fn discover(
    root: &Path,
    selector: &Selector,
) -> Result<Vec<(String, Content)>, InputError> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || Selector::enters(&relative(root, entry.path()))
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            InputError::new(
                "swatch::load::unreadable",
                format!("cannot read {}: {e}", root.display()),
            )
        })?;
        if !entry.file_type().is_file() && !entry.path_is_symlink() {
            continue;
        }
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() {
            // Count a link that would be a model file or a folder to enter.
            let to_folder = entry.path().is_dir() && Selector::enters(&rel);
            if to_folder || selector.is_model_file(&rel) {
                files.push((rel, Content::Symlink));
            }
        } else if selector.is_model_file(&rel) {
            files.push((rel, Content::Disk(entry.into_path())));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// `path` relative to `root`, with `/` separators.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Read, parse and merge files into one model. `sources` may already hold
/// files (the config); model files are added after them.
pub(crate) fn load(
    sources: Sources,
    files: Vec<(String, Content)>,
    limit: MaxFileSize,
) -> Result<Workspace, Invalid> {
    load_selected(sources, files, limit, &Selector::default(), None)
}

/// [`load`] files that `selector` chose: a file that is no workspace file
/// is reported with the `exclude` line that skips it. With `forget`, a
/// file read from disk or git that parsed cleanly drops its text as soon
/// as it is parsed, keeping what `forget` says ([`crate::source::Keep`]),
/// so the texts of a big workspace are never all held at once (#16).
pub(crate) fn load_selected(
    sources: Sources,
    files: Vec<(String, Content)>,
    limit: MaxFileSize,
    selector: &Selector,
    forget: Option<Keep>,
) -> Result<Workspace, Invalid> {
    load_files(sources, files, limit, selector, forget, Parsing::Plain).map(|(w, _)| w)
}

/// [`load_selected`], returning also what was parsed in each file, for a
/// load of another side ([`load_second_side`]).
pub(crate) fn load_keeping_parses(
    sources: Sources,
    files: Vec<(String, Content)>,
    limit: MaxFileSize,
    selector: &Selector,
    forget: Option<Keep>,
) -> Result<(Workspace, Parses), Invalid> {
    load_files(sources, files, limit, selector, forget, Parsing::Keep)
}

/// [`load_selected`] of the second side of a change to the workspace
/// `first` loaded: a file on disk at the same place as one `first` parsed
/// is taken as parsed, when `takes` says so, rather than read and parsed
/// again. A change usually leaves most files alone, so most of this side
/// is not parsed again (#9, #16).
pub(crate) fn load_second_side(
    sources: Sources,
    files: Vec<(String, Content)>,
    limit: MaxFileSize,
    selector: &Selector,
    forget: Option<Keep>,
    (takes, first, parses): (Earlier, &Sources, Parses),
) -> Result<Workspace, Invalid> {
    let parsing = Parsing::Earlier(takes, first, parses);
    load_files(sources, files, limit, selector, forget, parsing).map(|(w, _)| w)
}

/// What a load does with parses: makes its own only, keeps them, or also
/// takes those of an earlier load, whose texts are in its sources.
enum Parsing<'a> {
    Plain,
    Keep,
    Earlier(Earlier, &'a Sources, Parses),
}

/// When a file of a second side takes the first side's parse.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Earlier {
    /// Always, with the first side's text, which the file is not read
    /// again for: the second side is an edited copy of the first (same
    /// config, same files in the same order), and both sides see the same
    /// bytes of a file the edits leave alone.
    Copy,
    /// When the file's text is the first side's (`diff`).
    SameText,
}

fn load_files(
    mut sources: Sources,
    files: Vec<(String, Content)>,
    limit: MaxFileSize,
    selector: &Selector,
    forget: Option<Keep>,
    parsing: Parsing<'_>,
) -> Result<(Workspace, Parses), Invalid> {
    let (links, files): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(_, content)| matches!(content, Content::Symlink));
    let offset = sources.len();
    let keep_parses = matches!(parsing, Parsing::Keep);
    let (first, mut earlier) = match parsing {
        Parsing::Earlier(when, first, parses) => (Some((when, first)), parses),
        Parsing::Plain | Parsing::Keep => (None, Parses::default()),
    };
    let files: Vec<_> = files
        .into_iter()
        .enumerate()
        .map(|(i, (path, content))| {
            let id = crate::source::FileId((offset + i) as u32);
            let parsed = match content {
                Content::Disk(_) => earlier.take(i, &path, id),
                _ => None,
            };
            (id, path, content, parsed)
        })
        .collect();
    drop(earlier);
    let parsed: Vec<_> = files
        .into_par_iter()
        .map(|(id, path, content, earlier)| {
            // Only a text that can be read again is forgotten.
            let (reread, content) = match (content, forget) {
                (Content::Disk(disk), Some(_)) => {
                    (Some(reread(disk.clone(), limit)), Content::Disk(disk))
                }
                (Content::Blob(bytes, again), Some(_)) => (Some(again), Content::Bytes(bytes)),
                (content, _) => (None, content),
            };
            let (mut source, mut file, errors) = match (earlier, first) {
                (Some(file), Some((Earlier::Copy, first))) => {
                    let text = first.get(id).text().to_owned();
                    (SourceFile::new(path, text), file, Vec::new())
                }
                (earlier, first) => {
                    let (text, errors) = read_text(id, &path, content, limit);
                    let source = SourceFile::new(path, text);
                    // Only a file `first` parsed at this place is compared.
                    let same_text =
                        |(_, first): (Earlier, &Sources)| first.get(id).has_text(source.text());
                    let (file, errors) = match earlier {
                        Some(file) if errors.is_empty() && first.is_some_and(same_text) => {
                            (file, errors)
                        }
                        // A file that could not be read as text is not
                        // parsed: its lossy text would only add confusing
                        // errors.
                        _ if !errors.is_empty() => (parse::ParsedFile::default(), errors),
                        _ => parse::parse_file(id, &source),
                    };
                    (source, file, errors)
                }
            };
            let kept = (keep_parses && errors.is_empty()).then(|| file.copy_but_lines());
            // Suppressions read the lines of their comments; errors and
            // files of other tools are shown with their text.
            let shown =
                !errors.is_empty() || !file.inline_ignores.is_empty() || file.foreign.is_some();
            if let (Some(keep), Some(reread), false) = (forget, reread, shown) {
                source = source.rereadable(reread);
                source.forget_text(keep);
            }
            (source, file, errors, kept)
        })
        .collect();

    let mut errors = Vec::new();
    let mut files = Vec::with_capacity(parsed.len());
    let mut foreign = Vec::new();
    let mut kept_parses = Vec::with_capacity(if keep_parses { parsed.len() } else { 0 });
    for (source, mut file, file_errors, kept) in parsed {
        if let Some(found) = file.foreign.take() {
            foreign.push((source.path.clone(), found));
        }
        if keep_parses {
            let id = crate::source::FileId(sources.len() as u32);
            kept_parses.push(kept.map(|kept| (source.path.clone(), id, kept)));
        }
        sources.add(source);
        files.push(file);
        errors.extend(file_errors);
    }
    errors.extend(foreign::errors(foreign, selector));
    let (model, inline_ignores, lines) = build::build(files, &mut errors, keep_parses);
    for (at, lines) in lines {
        if let Some((_, _, kept)) = &mut kept_parses[at] {
            kept.assignments.lines = lines.lines;
            kept.assignments.emails = lines.emails;
        }
    }
    let parses = Parses(kept_parses);
    if errors.is_empty() {
        let workspace = Workspace {
            sources,
            model,
            inline_ignores,
            skipped_symlinks: links.len(),
        };
        Ok((workspace, parses))
    } else {
        Err(Invalid { sources, errors }.sorted())
    }
}

/// Read a model file's text again as it was read, through the capped
/// reader; a symlink now in its place is refused.
fn reread(disk: PathBuf, limit: MaxFileSize) -> Reread {
    Reread::new(move || read_no_symlink_text(&disk, limit).ok())
}

/// A file's text through the capped reader; bytes that are not UTF-8 are
/// an error at the first bad byte.
pub(crate) fn read_text(
    id: crate::source::FileId,
    path: &str,
    content: Content,
    limit: MaxFileSize,
) -> (String, Vec<InputError>) {
    let read = match content {
        Content::Bytes(bytes) | Content::Blob(bytes, _) => capped_text(bytes, limit),
        Content::Disk(disk) => read_capped_text(&disk, limit),
        Content::Symlink => Err(ReadError::Symlink(PathBuf::from(path))),
    };
    match read {
        Ok(text) => (text, Vec::new()),
        Err(ReadError::NotUtf8 { text, at }) => {
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let error = InputError::at(
                "swatch::load::not_utf8",
                crate::source::Loc::new(id, at..end),
                "this file is not UTF-8",
            )
            .label("invalid byte")
            .help("save the file as UTF-8");
            (text, vec![error])
        }
        Err(e) => (
            String::new(),
            vec![e.input_error("swatch::load::unreadable", path)],
        ),
    }
}

#[cfg(test)]
mod tests;
