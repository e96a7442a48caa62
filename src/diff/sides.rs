//! Both sides of `swatch diff`: two folders, or a git revision and the
//! working tree. Both sides are read with the base side's config (or
//! `--config`), so excludes, severities and waivers are the base's: a change
//! cannot loosen the rules it is checked by.

use super::base_settings::{SettingChange, take_from_base};
use crate::config::Config;
use crate::error::{InputError, Invalid};
use crate::load::git::Repo;
use crate::load::{
    Content, Earlier, MaxFileSize, ReadError, Selector, Workspace, discover, load_keeping_parses,
    load_second_side, parse_config, read_config,
};
use crate::policy::Policies;
use crate::source::{SourceFile, Sources};
use crate::suppress::Baseline;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to compare.
#[derive(Debug)]
pub(crate) enum Change {
    Folders { old: PathBuf, new: PathBuf },
    Revision { rev: String, path: PathBuf },
}

/// Both sides, loaded.
#[derive(Debug)]
pub(crate) struct Sides {
    /// The config both sides are checked with: the base side's, or `--config`.
    pub config: Config,
    /// The new side's own config, to list the waivers the change adds.
    pub new_config: Option<Config>,
    pub baseline: Option<Baseline>,
    /// The base side's user rules: a change cannot drop the rules it is checked by.
    pub policies: Policies,
    pub old: Workspace,
    pub new: Workspace,
    pub old_label: String,
    pub new_label: String,
    /// The base's `[pricing]`, `[licenses]`, `sso_domains` and
    /// `license_model`, which the new side is judged by, where it edits them.
    pub settings: Vec<SettingChange>,
    /// Whether the new side is the old one with a few edits (`what-if`,
    /// `fix`): then both sides' findings are made without their words and
    /// only those the change shows are worded again, rather than wording
    /// all of one side (#9). The output is the same either way.
    pub similar: bool,
}

/// Invalid input, and the side it is on.
#[derive(Debug)]
pub(crate) struct SideError {
    pub side: Option<String>,
    pub invalid: Invalid,
}

fn on(side: &str) -> impl Fn(Invalid) -> SideError + '_ {
    move |invalid| SideError {
        side: Some(side.to_owned()),
        invalid,
    }
}

fn plain(error: InputError) -> SideError {
    SideError {
        side: None,
        invalid: Invalid::single(error),
    }
}

/// A copy of the config file in a fresh `Sources`, at the same `FileId`, so
/// findings about the config are located the same way on both sides.
fn sources_with(config: &Config, from: &Sources) -> Sources {
    let mut sources = Sources::default();
    if let Some(id) = config.file {
        let file = from.get(id);
        sources.add(SourceFile::new(file.path.clone(), file.text().to_owned()));
    }
    sources
}

/// What each kind of change provides before the two loads, which are shared.
struct Prepared {
    config: Config,
    new_config: Option<Config>,
    baseline: Option<Baseline>,
    policies: Policies,
    old_sources: Sources,
    old_files: Vec<(String, Content)>,
    new_files: Vec<(String, Content)>,
    old_label: String,
    new_label: String,
    selector: Selector,
    /// Where the new side's files are, for naming them from the current
    /// folder in human output (the old side's are named in `old_sources`).
    new_root: std::path::PathBuf,
}

/// Both sides of `change`; files are capped at `max_file_size`
/// (`--max-file-size`), else the base config's `max_file_size`. With
/// `forget`, model files read from disk drop their texts as they are
/// parsed ([`load_selected`]).
pub(crate) fn load_sides(
    change: &Change,
    explicit_config: Option<&Path>,
    max_file_size: Option<MaxFileSize>,
    forget: Option<crate::source::Keep>,
) -> Result<Sides, SideError> {
    let p = match change {
        Change::Folders { old, new } => folders(old, new, explicit_config, max_file_size)?,
        Change::Revision { rev, path } => revision(rev, path, explicit_config, max_file_size)?,
    };
    let limit = p.config.file_limit(max_file_size);
    let mut new_sources = sources_with(&p.config, &p.old_sources);
    new_sources.show_from(&p.new_root);
    // One side after the other, each on every core: loading both at once
    // gave each its own glibc arenas full of parse temporaries (100k
    // workspace, `diff --base`: peak 220-232 MB at once, 188-191 MB one
    // after the other, in the same time, #16). The new side takes the old
    // side's parse of each file it has unchanged rather than parse it again.
    let (old, parses) = load_keeping_parses(p.old_sources, p.old_files, limit, &p.selector, forget)
        .map_err(on(&p.old_label))?;
    let first = (Earlier::SameText, &old.sources, parses);
    let mut new = load_second_side(new_sources, p.new_files, limit, &p.selector, forget, first)
        .map_err(on(&p.new_label))?;
    // The new side's first model file (after the config copy), to place
    // base tables it lacks.
    let first_model_file = usize::from(p.config.file.is_some());
    let at = (new.sources.len() > first_model_file)
        .then(|| crate::source::Loc::new(crate::source::FileId(first_model_file as u32), 0..0));
    let settings = take_from_base(&old.model, &mut new.model, at);
    Ok(Sides {
        old,
        new,
        settings,
        similar: false,
        config: p.config,
        new_config: p.new_config,
        baseline: p.baseline,
        policies: p.policies,
        old_label: p.old_label,
        new_label: p.new_label,
    })
}

fn folders(
    old: &Path,
    new: &Path,
    explicit_config: Option<&Path>,
    cli_limit: Option<MaxFileSize>,
) -> Result<Prepared, SideError> {
    let (old_label, new_label) = (
        format!("OLD ({})", old.display()),
        format!("NEW ({})", new.display()),
    );
    // A side that does not exist is an empty workspace: the change adds
    // (or removes) the whole workspace.
    for (dir, label) in [(old, &old_label), (new, &new_label)] {
        if dir.exists() && !dir.is_dir() {
            return Err(plain(InputError::new(
                "swatch::load::bad_path",
                format!("{label} is not a folder"),
            )));
        }
    }
    if !old.exists() && !new.exists() {
        return Err(plain(
            InputError::new(
                "swatch::load::bad_path",
                format!("neither {old_label} nor {new_label} exists"),
            )
            .help("give the folders of the workspace before and after the change"),
        ));
    }
    let discover = |dir: &Path, selector: &Selector, label: &str| {
        if dir.exists() {
            discover(dir, selector).map_err(|e| on(label)(Invalid::single(e)))
        } else {
            Ok(Vec::new())
        }
    };
    let mut old_sources = Sources::default();
    old_sources.show_from(old);
    let config =
        read_config(&mut old_sources, old, explicit_config, cli_limit).map_err(on(&old_label))?;
    let limit = config.file_limit(cli_limit);
    let new_config = match explicit_config {
        None => Some(
            read_config(&mut Sources::default(), new, None, Some(limit)).map_err(on(&new_label))?,
        ),
        Some(_) => None,
    };
    let selector = Selector::for_config(&config).map_err(plain)?;
    let old_files = discover(old, &selector, &old_label)?;
    let new_files = discover(new, &selector, &new_label)?;
    let baseline = match &config.baseline {
        Some(file) => Some(read_baseline_bytes(
            Path::new(&file.value),
            crate::read::inside(old, &file.value)
                .and_then(|path| crate::read::read_no_symlink_bytes(&path, limit)),
        )?),
        None => None,
    };
    let policies = Policies::open(old, limit).map_err(on(&old_label))?;
    Ok(Prepared {
        config,
        new_config,
        baseline,
        policies,
        old_sources,
        old_files,
        new_files,
        old_label,
        new_label,
        selector,
        new_root: new.to_path_buf(),
    })
}

fn revision(
    rev: &str,
    path: &Path,
    explicit_config: Option<&Path>,
    cli_limit: Option<MaxFileSize>,
) -> Result<Prepared, SideError> {
    let repo = Repo::open(path).map_err(plain)?;
    let base = repo.revision(rev).map_err(plain)?;
    let (old_label, new_label) = (format!("the base ({rev})"), "the working tree".to_owned());
    let mut old_sources = Sources::default();
    // The base's files are named as the working tree's are: PATH/file.
    old_sources.show_from(path);
    let config_limit = cli_limit.unwrap_or_default();
    let config = if let Some(file) = explicit_config {
        read_config(&mut old_sources, path, Some(file), cli_limit).map_err(on("--config"))?
    } else {
        match base.config(config_limit).map_err(plain)? {
            Some((name, bytes)) => {
                parse_config(&mut old_sources, name, bytes, config_limit).map_err(on(&old_label))?
            }
            None => Config::default(),
        }
    };
    let limit = config.file_limit(cli_limit);
    let new_config = match explicit_config {
        None => Some(
            read_config(&mut Sources::default(), path, None, Some(limit))
                .map_err(on(&new_label))?,
        ),
        Some(_) => None,
    };
    let selector = Selector::for_config(&config).map_err(plain)?;
    let old_files = base.model_files(&selector, limit).map_err(plain)?;
    if !path.exists() && old_files.is_empty() {
        return Err(plain(
            InputError::new(
                "swatch::load::bad_path",
                format!(
                    "{} exists neither in the working tree nor at {}",
                    crate::source::escape(&path.display().to_string()),
                    crate::source::escape(rev)
                ),
            )
            .help("give the workspace folder as PATH"),
        ));
    }
    let new_files = repo.working_files(&selector).map_err(plain)?;
    let baseline = match &config.baseline {
        Some(file) => {
            let read = base
                .file(&file.value, limit)
                .map_err(plain)?
                .ok_or_else(|| ReadError::Io(std::io::ErrorKind::NotFound.into()));
            Some(read_baseline_bytes(Path::new(&file.value), read)?)
        }
        None => None,
    };
    let policies =
        Policies::load(base.policy_files(limit).map_err(plain)?, limit).map_err(on(&old_label))?;
    Ok(Prepared {
        config,
        new_config,
        baseline,
        policies,
        old_sources,
        old_files,
        new_files,
        old_label,
        new_label,
        selector,
        new_root: path.to_path_buf(),
    })
}

/// Parse a baseline read as `read`; a missing, unreadable or bad one is
/// invalid input.
pub(crate) fn read_baseline_bytes(
    path: &Path,
    read: Result<Vec<u8>, ReadError>,
) -> Result<Baseline, SideError> {
    let shown = path.display().to_string();
    let bytes = read.map_err(|e| {
        plain(e.input_error(
            "swatch::baseline::unreadable",
            &format!("the baseline {shown}"),
        ))
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        plain(
            InputError::new(
                "swatch::baseline::invalid",
                format!(
                    "{}:{}:{}: {}",
                    crate::source::escape(&shown),
                    e.line(),
                    e.column(),
                    crate::source::escape(&e.to_string())
                ),
            )
            .help("regenerate it with `swatch check --write-baseline FILE`"),
        )
    })
}

/// The workspace at `path` and an edited copy of it (`swatch what-if`):
/// `edit` gets the loaded workspace and returns the model files it changed
/// (path → text); the copy has every other file as it is on disk. Both
/// sides share the workspace's config, baseline and rules.
pub(crate) fn load_edited<E: From<SideError>>(
    path: &Path,
    explicit_config: Option<&Path>,
    max_file_size: Option<MaxFileSize>,
    edit: impl FnOnce(&Workspace) -> Result<BTreeMap<String, String>, E>,
) -> Result<Sides, E> {
    let (old_label, new_label) = ("the workspace".to_owned(), "as edited".to_owned());
    let mut sources = Sources::default();
    sources.show_from(path);
    let config =
        read_config(&mut sources, path, explicit_config, max_file_size).map_err(on(&old_label))?;
    let limit = config.file_limit(max_file_size);
    let selector = Selector::for_config(&config).map_err(plain)?;
    let files = discover(path, &selector).map_err(|e| on(&old_label)(Invalid::single(e)))?;
    // The copy takes the files the edits leave alone as the first load
    // parsed them (#9), and drops their texts rather than holding a second
    // copy of every text (#9, #16).
    let on_disk: Vec<(String, PathBuf)> = files
        .iter()
        .filter_map(|(rel, content)| match content {
            Content::Disk(disk) => Some((rel.clone(), disk.clone())),
            _ => None,
        })
        .collect();
    let baseline = match &config.baseline {
        Some(file) => Some(read_baseline_bytes(
            Path::new(&file.value),
            crate::read::inside(path, &file.value)
                .and_then(|file| crate::read::read_no_symlink_bytes(&file, limit)),
        )?),
        None => None,
    };
    let policies = Policies::open(path, limit).map_err(on(&old_label))?;
    let mut new_sources = sources_with(&config, &sources);
    new_sources.show_from(path);
    let (old, parses) =
        load_keeping_parses(sources, files, limit, &selector, None).map_err(on(&old_label))?;
    let mut edited = edit(&old)?;
    let new_files = on_disk
        .into_iter()
        .map(|(rel, disk)| match edited.remove(&rel) {
            Some(text) => (rel, Content::Bytes(text.into_bytes())),
            None => (rel, Content::Disk(disk)),
        })
        .collect();
    let new = load_second_side(
        new_sources,
        new_files,
        limit,
        &selector,
        Some(crate::source::Keep::Places),
        (Earlier::Copy, &old.sources, parses),
    )
    .map_err(on(&new_label))?;
    Ok(Sides {
        // Edits never touch [pricing], [licenses], sso_domains or license_model.
        settings: Vec::new(),
        similar: true,
        config,
        new_config: None,
        baseline,
        policies,
        old,
        new,
        old_label,
        new_label,
    })
}
