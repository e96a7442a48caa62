//! `swatch fix`: the fixes findings carry, applied to the files in memory
//! pass after pass (one fix can enable another: removing a deactivated
//! member's assignments can leave a role unused) until none applies, then
//! written all at once, or shown as a diff.
//!
//! Each pass loads the edited files like any workspace and runs `check`'s
//! pipeline on them, so a fix only ever applies to a finding `check` would
//! report there: suppressed and baselined findings are never fixed, and a
//! fix that made the workspace invalid would stop everything before
//! anything is written.

mod edits;
mod parts;
mod render;

use super::Failed;
use crate::config::Config;
use crate::diff::sides::{SideError, load_edited, read_baseline_bytes};
use crate::error::{InputError, Invalid};
use crate::exit::Exit;
use crate::finding::{Finding, FixEdit, Safety, Severity, Text, Words};
use crate::license::Licenses;
use crate::load::{self, Content, MaxFileSize, Selector, Workspace};
use crate::policy::Policies;
use crate::source::FileId;
use crate::suppress::{Baseline, Suppressed};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// One fix can enable another; ten rounds is far more than any chain the
/// built-in fixes make, and bounds a pair of fixes that undo each other.
const MAX_PASSES: usize = 10;

/// What `fix` is asked to do.
pub(crate) struct FixRequest<'a> {
    pub path: &'a Path,
    /// Also apply the fixes that change access.
    pub unsafe_fixes: bool,
    /// Print the diff of every file, write nothing.
    pub diff: bool,
    /// Only these rules' fixes (empty: every rule).
    pub rules: &'a [String],
    pub fail_on: Severity,
    pub config: Option<&'a Path>,
    pub max_file_size: Option<MaxFileSize>,
    pub today: Date,
}

/// A fix that was applied: where, for what, and what it did.
pub(super) struct Applied {
    pub pass: usize,
    pub rule: Text,
    pub place: String,
    pub safety: Safety,
    pub summary: Text,
}

/// The files as the passes leave them.
struct Edited {
    /// Path (relative to PATH, or the config's as shown) → (text before, text now).
    texts: BTreeMap<String, (String, String)>,
    /// The baseline: where it is, as the config names it, its text
    /// before, and its JSON now.
    baseline: Option<(PathBuf, String, String, serde_json::Value)>,
    baseline_changed: bool,
}

fn invalid(invalid: Invalid) -> Failed {
    Failed::Invalid(SideError {
        side: None,
        invalid,
    })
}

fn single(error: InputError) -> Failed {
    invalid(Invalid::single(error))
}

/// The known rule ids, and exit 2 with "did you mean" for any other in `--rule`.
fn check_rule_flags(rules: &[String], policies: &Policies) -> Result<(), Failed> {
    let known: Vec<&str> = crate::rules::all_meta()
        .iter()
        .map(|m| m.id)
        .chain(policies.policies.iter().map(|p| p.id.as_str()))
        .collect();
    for id in rules {
        if !known.contains(&id.as_str()) {
            return Err(single(
                InputError::new(
                    "swatch::fix::unknown_rule",
                    format!("--rule names no rule `{}`", crate::source::escape(id)),
                )
                .help(crate::toml_read::suggest(id, known.iter().copied(), || {
                    "`swatch rules` lists the rule ids".to_owned()
                })),
            ));
        }
    }
    Ok(())
}

/// The config and workspace with the passes' edits in place.
fn load_edited_pass(
    request: &FixRequest<'_>,
    config_path: Option<&Path>,
    edited: &Edited,
) -> Result<(Config, Workspace), Invalid> {
    let cli_limit = request.max_file_size;
    let mut sources = crate::source::Sources::default();
    sources.show_from(request.path);
    let config = match config_path {
        None => Config::default(),
        Some(path) => {
            let shown = shown_config(request.path, path);
            match edited.texts.get(&shown) {
                Some((_, text)) => load::parse_config(
                    &mut sources,
                    shown,
                    text.clone().into_bytes(),
                    cli_limit.unwrap_or_default(),
                )?,
                None => load::read_config(&mut sources, request.path, request.config, cli_limit)?,
            }
        }
    };
    let selector = Selector::for_config(&config).map_err(Invalid::single)?;
    let files = load::discover(request.path, &selector)
        .map_err(Invalid::single)?
        .into_iter()
        .map(|(rel, content)| match edited.texts.get(&rel) {
            Some((_, text)) => (rel, Content::Bytes(text.clone().into_bytes())),
            None => (rel, content),
        })
        .collect();
    let workspace = load::load(sources, files, config.file_limit(cli_limit))?;
    Ok((config, workspace))
}

/// The config's path as its source is named (relative to PATH when inside it).
fn shown_config(root: &Path, path: &Path) -> String {
    if path.starts_with(root) {
        load::relative(root, path)
    } else {
        path.display().to_string()
    }
}

/// Whether `check` on this finding would let `fix` apply its fix.
fn selected(f: &Finding, request: &FixRequest<'_>) -> bool {
    f.fix()
        .is_some_and(|x| x.safety == Safety::Safe || request.unsafe_fixes)
        && (request.rules.is_empty() || request.rules.iter().any(|r| *r == *f.rule))
}

/// Run `fix`: exit 0/1 as `check` on the fixed workspace, or with `--diff`,
/// 1 when something would be fixed.
pub(crate) fn fix(request: &FixRequest<'_>, out: &mut dyn Write) -> Result<Exit, Failed> {
    let config_path = crate::config::locate(request.path, request.config).map_err(single)?;
    let (first_config, first) =
        load::open(request.path, request.config, request.max_file_size, None).map_err(invalid)?;
    let limit = first_config.file_limit(request.max_file_size);
    let policies = Policies::open(request.path, limit).map_err(invalid)?;
    check_rule_flags(request.rules, &policies)?;
    let baseline = match &first_config.baseline {
        Some(file) => {
            let shown = Path::new(&file.value);
            let read = crate::read::inside(request.path, &file.value)
                .and_then(|p| load::read_no_symlink_bytes(&p, limit).map(|bytes| (p, bytes)));
            match read {
                Ok((path, bytes)) => {
                    // Read as swatch reads it (the same errors), kept as
                    // JSON values so fields swatch does not know survive.
                    read_baseline_bytes(shown, Ok(bytes.clone()))?;
                    let value: serde_json::Value =
                        serde_json::from_slice(&bytes).map_err(|e| single(bad_baseline(&e)))?;
                    Some((
                        path,
                        file.value.clone(),
                        String::from_utf8_lossy(&bytes).into_owned(),
                        value,
                    ))
                }
                Err(e) => {
                    read_baseline_bytes(shown, Err(e))?;
                    None
                }
            }
        }
        None => None,
    };
    // The first pass checks the workspace as it is: the load just made.
    let mut unedited = Some((first_config, first));
    let mut edited = Edited {
        texts: BTreeMap::new(),
        baseline,
        baseline_changed: false,
    };
    let mut applied: Vec<Applied> = Vec::new();
    let mut pass = 1;
    let (workspace, result) = loop {
        let (config, workspace) = match unedited.take() {
            Some(loaded) => loaded,
            None => load_edited_pass(request, config_path.as_deref(), &edited).map_err(invalid)?,
        };
        let errors = crate::lint::check_rule_ids(&config, &workspace, &policies);
        if !errors.is_empty() {
            return Err(invalid(
                Invalid {
                    sources: workspace.sources,
                    errors,
                }
                .sorted(),
            ));
        }
        let baseline: Option<Baseline> = match &edited.baseline {
            Some((.., value)) => {
                Some(serde_json::from_value(value.clone()).map_err(|e| single(bad_baseline(&e)))?)
            }
            None => None,
        };
        let licenses = Licenses::derive(&workspace.model);
        let waivers = crate::suppress::Waivers {
            config: &config,
            inline: &workspace.inline_ignores,
            sources: &workspace.sources,
            baseline: baseline.as_ref(),
            carried: &std::collections::BTreeSet::new(),
        };
        // `--diff` shows the fixes and where they apply, never a finding's
        // words: the passes make none (a finding with a size keeps its own).
        let words = if request.diff {
            Words::None
        } else {
            Words::All
        };
        let result = crate::lint::run_keeping(
            &workspace,
            &licenses,
            &policies,
            request.today,
            &waivers,
            words,
        );
        drop(licenses);
        let mut chosen: Vec<&Finding> = result
            .findings
            .iter()
            .filter(|f| selected(f, request))
            .collect();
        if chosen.is_empty() || pass > MAX_PASSES {
            break (workspace, result);
        }
        // A role an unknown-role fix reassigns to is held from this pass
        // on: its unused-role fix waits for the next pass, which no longer
        // reports it.
        let reassigned: std::collections::BTreeSet<(FileId, &str)> = chosen
            .iter()
            .flat_map(|f| f.fix().into_iter().flat_map(|x| &x.edits))
            .filter_map(|e| match e {
                FixEdit::Reassign { role, loc, .. } => Some((loc.file, role.as_str())),
                _ => None,
            })
            .collect();
        chosen.retain(|f| {
            !f.fix().into_iter().flat_map(|x| &x.edits).any(|e| {
                matches!(e, FixEdit::RemoveRole { role, loc } if reassigned.contains(&(loc.file, role.as_str())))
            })
        });
        let mut edits = edits::Pass::default();
        for f in &chosen {
            if let Some(x) = f.fix() {
                edits.add(&x.edits);
            }
        }
        let (texts, baseline_changed) = edits
            .apply(&workspace, edited.baseline.as_mut().map(|(.., v)| v))
            .map_err(single)?;
        if texts.is_empty() && !baseline_changed {
            break (workspace, result);
        }
        edited.baseline_changed |= baseline_changed;
        for (id, text) in texts {
            let source = workspace.sources.get(id);
            edited
                .texts
                .entry(source.path.clone())
                .or_insert_with(|| (source.text().to_owned(), String::new()))
                .1 = text;
        }
        applied.extend(chosen.iter().filter_map(|f| {
            let x = f.fix()?;
            Some(Applied {
                pass,
                rule: f.rule.clone(),
                place: f
                    .loc
                    .map_or_else(String::new, |l| workspace.sources.shown_position(l)),
                safety: x.safety,
                summary: x.summary.clone(),
            })
        }));
        pass += 1;
    };
    let would_fix = !edited.texts.is_empty() || edited.baseline_changed;
    let waiting_unsafe = result
        .findings
        .iter()
        .filter(|f| {
            !request.unsafe_fixes
                && f.fix().is_some_and(|x| x.safety == Safety::Unsafe)
                && (request.rules.is_empty() || request.rules.iter().any(|r| *r == *f.rule))
        })
        .count();
    // What is left to say about the fixed workspace, said now: the license
    // impact loads and checks both sides again, without it in memory.
    let remaining = if request.diff {
        None
    } else {
        let mut text = Vec::new();
        render::remaining(&mut text, &result, &workspace)?;
        Some((text, exit_of(&result, request.fail_on)))
    };
    drop((workspace, result));
    let impact = if applied.iter().any(|a| a.safety == Safety::Unsafe) {
        Some(license_impact(request, &edited)?)
    } else {
        None
    };
    let summary = render::Summary {
        applied: &applied,
        passes: pass - 1,
        stopped: pass > MAX_PASSES,
        waiting_unsafe,
        impact: impact.as_deref(),
    };
    let Some((remaining, exit)) = remaining else {
        render::diffs(out, &edited.texts, baseline_diff(&edited).as_ref())?;
        let mut err = crate::ci_log::stderr();
        render::summary(&mut err, &summary, true)?;
        err.flush()?;
        return Ok(if would_fix { Exit::Failed } else { Exit::Clean });
    };
    write_all(request, config_path.as_deref(), &edited)?;
    render::summary(out, &summary, false)?;
    out.write_all(&remaining)?;
    Ok(exit)
}

fn bad_baseline(e: &serde_json::Error) -> InputError {
    InputError::new(
        "swatch::baseline::invalid",
        format!("the baseline: {}", crate::source::escape(&e.to_string())),
    )
    .help("regenerate it with `swatch check --write-baseline FILE`")
}

fn exit_of(result: &Suppressed, fail_on: Severity) -> Exit {
    if result.findings.iter().any(|f| f.severity >= fail_on) {
        Exit::Failed
    } else {
        Exit::Clean
    }
}

/// The baseline as `fix` writes it: pretty JSON (as `--write-baseline`
/// writes it), keys and entries in their order.
fn baseline_text(value: &serde_json::Value) -> Result<String, Failed> {
    let mut text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    text.push('\n');
    Ok(text)
}

/// (shown path, before, after) of the baseline, when a fix changed it.
fn baseline_diff(edited: &Edited) -> Option<(String, String, String)> {
    let (_, shown, before, value) = edited.baseline.as_ref()?;
    if !edited.baseline_changed {
        return None;
    }
    let after = baseline_text(value).ok()?;
    Some((shown.clone(), before.clone(), after))
}

/// `diff`'s headline and license changes between the workspace and the fixed copy.
fn license_impact(request: &FixRequest<'_>, edited: &Edited) -> Result<String, Failed> {
    let sides = load_edited(request.path, request.config, request.max_file_size, |_| {
        Ok::<_, Failed>(
            edited
                .texts
                .iter()
                .map(|(path, (_, now))| (path.clone(), now.clone()))
                .collect(),
        )
    })?;
    Ok(crate::diff::review::review_counts(
        &sides,
        request.today,
        |d, _| render::impact(d),
    ))
}

/// Write every changed file, or none: each target is checked before the
/// first write (a symlink is refused), then written through a temporary
/// file and a rename.
fn write_all(
    request: &FixRequest<'_>,
    config_path: Option<&Path>,
    edited: &Edited,
) -> Result<(), Failed> {
    let mut writes: Vec<(PathBuf, String, String)> = Vec::new();
    for (rel, (_, text)) in &edited.texts {
        let target = match config_path {
            Some(config) if shown_config(request.path, config) == *rel => config.to_owned(),
            _ => request.path.join(rel),
        };
        writes.push((target, rel.clone(), text.clone()));
    }
    if let Some((path, shown, _, value)) =
        edited.baseline.as_ref().filter(|_| edited.baseline_changed)
    {
        writes.push((path.clone(), shown.clone(), baseline_text(value)?));
    }
    for (target, shown, _) in &writes {
        if std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(single(
                InputError::new(
                    "swatch::fix::symlink",
                    format!(
                        "{} is a symlink: swatch fix writes no file through one, and wrote nothing",
                        crate::source::escape(shown)
                    ),
                )
                .help("replace the link with the file it points at, then run swatch fix again"),
            ));
        }
    }
    let mut err = crate::ci_log::stderr();
    for (target, shown, text) in &writes {
        crate::write::write_atomic(target, text.as_bytes())?;
        writeln!(err, "swatch: wrote {}", crate::source::escape(shown))?;
    }
    err.flush()?;
    Ok(())
}
