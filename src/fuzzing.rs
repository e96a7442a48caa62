//! Entry points for the fuzz targets in `fuzz/` (the `fuzzing` feature only;
//! not part of swatch's API). Each runs the same code the commands run, on
//! bytes held in memory, renders every output format into a sink, and panics
//! only where swatch itself would: a panic here is a bug found.

use crate::config::Config;
use crate::diff::Gates;
use crate::diff::sides::Sides;
use crate::error::Invalid;
use crate::license::Licenses;
use crate::load::{Content, MaxFileSize, Workspace};
use crate::policy::Policies;
use crate::report::{self, Style};
use crate::source::Sources;
use crate::suppress::Baseline;
use jiff::civil::Date;
use std::path::Path;

/// A fixed day: findings about dates must not depend on when the fuzzer runs.
const TODAY: Date = jiff::civil::date(2025, 6, 1);

const STYLE: Style = Style {
    color: false,
    width: 100,
};

/// A workspace held in memory: the files a folder would hold.
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// `swatch.toml`, if any.
    pub config: Option<Vec<u8>>,
    /// Model files: (path relative to the workspace, bytes).
    pub model: Vec<(String, Vec<u8>)>,
    /// Policy files: (path relative to the workspace, bytes).
    pub policies: Vec<(String, Vec<u8>)>,
}

/// Bytes as the only model file of a workspace: load → licenses → check →
/// every report format (and `diff` against an empty workspace).
pub fn workspace_file(data: &[u8]) {
    check(&Files {
        model: vec![("workspace.toml".to_owned(), data.to_vec())],
        ..Files::default()
    });
}

/// Bytes as TOML: swatch's document builder must read it as toml's own
/// parser does (the same keys, values and places, or the same refusal),
/// whole and parsed in chunks cut before every header.
pub fn toml_document(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let [whole, in_chunks, toml] = crate::toml_read::described(text);
    assert_eq!(whole, toml, "swatch's document differs from toml's");
    assert_eq!(whole, in_chunks, "the document differs parsed in chunks");
}

/// Bytes as the only policy file of the example workspace `model`.
pub fn policy_file(model: &[(String, Vec<u8>)], data: &[u8]) {
    check(&Files {
        model: model.to_vec(),
        policies: vec![("policies/fuzz.toml".to_owned(), data.to_vec())],
        ..Files::default()
    });
}

/// Bytes as git's output: a first line with the prefix (PATH inside the
/// repository), a `git ls-tree -r -z` listing, two NULs, and `git cat-file
/// --batch`'s answers for the blobs that listing names.
pub fn git_output(data: &[u8]) {
    let (prefix, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&data[..0], data),
    };
    let (listing, batch) = match rest.windows(2).position(|w| w == b"\0\0") {
        Some(at) => (&rest[..at], &rest[at + 2..]),
        None => (rest, &rest[..0]),
    };
    let prefix = String::from_utf8_lossy(prefix);
    let files = crate::load::git::parse_tree(listing, &prefix);
    assert!(files.windows(2).all(|w| w[0] <= w[1]), "listing not sorted");
    let objects: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, object)| (path.as_str(), object.as_str()))
        .collect();
    let limit = crate::load::MaxFileSize::DEFAULT;
    if let Ok(blobs) = crate::load::git::read_batch(batch, &objects, limit) {
        assert_eq!(blobs.len(), objects.len());
    }
}

/// Every command's work on `files`, every output rendered; JSON outputs
/// must parse back.
pub fn check(files: &Files) {
    let Some((config, workspace, policies)) = open(files) else {
        return;
    };
    let licenses = Licenses::derive(&workspace.model);
    let mut out = Vec::new();
    let _ = report::human::licenses(&mut out, &licenses);
    let _ = report::csv::licenses(&mut out, &licenses);
    json_round_trip(&report::json::licenses(&licenses));

    let result = crate::lint::run(&workspace, &licenses, &config, &policies, TODAY, None);
    let findings = &result.findings;
    let sources = &workspace.sources;
    let counts = report::human::CheckCounts {
        files: sources.len(),
        members: workspace.model.members.len(),
        applications: workspace.model.applications.len(),
        ignored: result.ignored,
        baselined: result.baselined,
        symlinks: workspace.skipped_symlinks,
    };
    let _ = report::human::check(&mut out, STYLE, findings, sources, &counts);
    json_round_trip(&report::json::check(findings, sources, &workspace.model));
    let infos = crate::lint::documented(&policies);
    let paths = crate::load::work_tree::RepoPaths::default();
    let first_model_file = crate::source::FileId(u32::from(config.file.is_some()));
    let fallback = (sources.len() > first_model_file.0 as usize).then_some(first_model_file);
    let mut sarif = Vec::new();
    report::sarif::check(&mut sarif, findings, sources, &infos, &paths, fallback)
        .expect("SARIF output renders");
    parses_as_json(&sarif);
    let _ = report::github::check(&mut out, findings, sources, &paths);
    let mut gitlab = Vec::new();
    let _ = report::gitlab::check(&mut gitlab, findings, sources, &paths, fallback);
    parses_as_json(&gitlab);
    let _ = report::junit::check(
        &mut out,
        findings,
        sources,
        crate::finding::Severity::Warning,
    );
    let baseline = Baseline::of(findings);
    let text = serde_json::to_vec(&baseline).expect("a baseline serializes");
    crate::diff::sides::read_baseline_bytes(Path::new("baseline.json"), Ok(text))
        .expect("a written baseline reads back");
    drop(result);
    drop(licenses);

    // `diff` from an empty workspace to this one, then back.
    diff(empty(), workspace, policies);
    if let Some((_, workspace, policies)) = open(files) {
        diff(workspace, empty(), policies);
    }
}

fn diff(old: Workspace, new: Workspace, policies: Policies) {
    let sides = Sides {
        config: Config::default(),
        new_config: None,
        baseline: None,
        policies,
        old,
        new,
        old_label: "old".to_owned(),
        new_label: "new".to_owned(),
        settings: Vec::new(),
        similar: false,
    };
    let gates = Gates {
        deny_escalation: true,
        fail_on_new: Some(crate::finding::Severity::Warning),
        ..Gates::default()
    };
    crate::diff::review::review(&sides, TODAY, |d, awaiting| {
        let results = d.gates(&gates);
        let mut out = Vec::new();
        let _ = report::human::diff(&mut out, d, awaiting, &results, ("old", "new"));
        let _ = report::markdown::diff(&mut out, d, awaiting, &results);
        json_round_trip(&report::json::diff(d, awaiting, &results));
    });
}

fn empty() -> Workspace {
    crate::load::load(Sources::default(), Vec::new(), MaxFileSize::DEFAULT)
        .expect("an empty workspace is valid")
}

/// Config, model and policies as `check` opens them; invalid input is
/// rendered the way the command line renders it, and ends the run.
fn open(files: &Files) -> Option<(Config, Workspace, Policies)> {
    let mut sources = Sources::default();
    let config = match &files.config {
        Some(bytes) => crate::load::parse_config(
            &mut sources,
            "swatch.toml".to_owned(),
            bytes.clone(),
            MaxFileSize::DEFAULT,
        )
        .map_err(render_invalid)
        .ok()?,
        None => Config::default(),
    };
    let model = files
        .model
        .iter()
        .map(|(path, bytes)| (path.clone(), Content::Bytes(bytes.clone())))
        .collect();
    let limit = config.file_limit(None);
    let workspace = crate::load::load(sources, model, limit)
        .map_err(render_invalid)
        .ok()?;
    let policy_files = files
        .policies
        .iter()
        .map(|(path, bytes)| (path.clone(), Content::Bytes(bytes.clone())))
        .collect();
    let policies = Policies::load(policy_files, limit)
        .map_err(render_invalid)
        .ok()?;
    let errors = crate::lint::check_rule_ids(&config, &workspace, &policies);
    if !errors.is_empty() {
        render_invalid(Invalid {
            sources: workspace.sources,
            errors,
        });
        return None;
    }
    Some((config, workspace, policies))
}

fn render_invalid(invalid: Invalid) {
    use report::invalid::MachineFormat;
    let invalid = invalid.sorted();
    let _ = report::human::invalid(&mut Vec::new(), STYLE, &invalid, Some("fuzz"));
    let paths = crate::load::work_tree::RepoPaths::default();
    for format in [
        MachineFormat::CheckJson,
        MachineFormat::Json,
        MachineFormat::Sarif,
        MachineFormat::Gitlab,
        MachineFormat::Github,
        MachineFormat::Junit,
    ] {
        let mut out = Vec::new();
        report::invalid::write_invalid_input(&mut out, format, &invalid, Some("fuzz"), &paths)
            .expect("invalid input renders");
        if !matches!(format, MachineFormat::Github | MachineFormat::Junit) {
            parses_as_json(&out);
        }
    }
}

fn json_round_trip(value: &impl serde::Serialize) {
    let mut out = Vec::new();
    crate::text::write_json(&mut out, value).expect("JSON output renders");
    parses_as_json(&out);
}

fn parses_as_json(out: &[u8]) {
    serde_json::from_slice::<serde_json::Value>(out).expect("JSON output parses back");
}
