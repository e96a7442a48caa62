//! TOML files in the folder that are no workspace files: a `pyproject.toml`,
//! a `Cargo.toml`, a tool's config. swatch reads every `*.toml` below PATH,
//! so such a file used to fail with "unknown key `project`", which says
//! nothing of the fix. It is reported once, with the `exclude` line for
//! swatch.toml that skips it.

use super::Selector;
use crate::error::InputError;
use crate::source::Loc;
use crate::toml_read::TomlTable;
use toml_writer::ToTomlValue as _;

/// Files of well-known tools: not workspace files whenever they fail to
/// read as one, even when some of their tables share a name with ours
/// (a Cargo workspace's `[workspace]`).
const TOOL_FILES: &[&str] = &[
    "Cargo.toml",
    "pyproject.toml",
    "taplo.toml",
    ".taplo.toml",
    "rustfmt.toml",
    ".rustfmt.toml",
    "clippy.toml",
    ".clippy.toml",
    "deny.toml",
    "rust-toolchain.toml",
    "ruff.toml",
    ".ruff.toml",
    "uv.toml",
    "typos.toml",
    "_typos.toml",
    "netlify.toml",
    "wrangler.toml",
    "fly.toml",
    "book.toml",
];

/// A file that does not look like a workspace file: where its first
/// top-level key is, and its top-level keys.
#[derive(Debug, Clone)]
pub(super) struct Foreign {
    first_key: Loc,
    /// Its top-level keys, in file order.
    keys: Vec<String>,
    /// Whether it is known by its name (`Cargo.toml`), not by its keys.
    tool: bool,
}

/// Whether `path` names a well-known tool's file.
pub(super) fn is_tool_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    TOOL_FILES.contains(&name)
}

/// The file as foreign, if it has top-level keys at all; `tool` when it is
/// known by its name.
pub(super) fn foreign(
    file: crate::source::FileId,
    root: &TomlTable<'_>,
    tool: bool,
) -> Option<Foreign> {
    let mut keys: Vec<_> = root.iter().map(|(k, _)| k).collect();
    keys.sort_by_key(|k| k.span().start);
    let first = keys.first()?;
    Some(Foreign {
        first_key: Loc::new(file, first.span()),
        keys: keys.iter().map(|k| k.get_ref().to_string()).collect(),
        tool,
    })
}

/// A glob that matches `path` alone: glob syntax is put in brackets.
fn literal_glob(path: &str) -> String {
    path.chars()
        .map(|c| match c {
            '*' | '?' | '[' | ']' | '{' | '}' | '\\' | '!' => format!("[{c}]"),
            c => c.to_string(),
        })
        .collect()
}

/// One error per foreign file, each with the one `exclude` line that keeps
/// the config's globs and skips every foreign file.
pub(super) fn errors(found: Vec<(String, Foreign)>, selector: &Selector) -> Vec<InputError> {
    let patterns: Vec<String> = selector
        .patterns()
        .iter()
        .cloned()
        .chain(found.iter().map(|(path, _)| literal_glob(path)))
        .collect();
    let line = format!(
        "exclude = [{}]",
        patterns
            .iter()
            .map(|p| p.as_str().to_toml_value())
            .collect::<Vec<_>>()
            .join(", ")
    );
    // A second `exclude` key would be a TOML error: an existing one is replaced.
    let how = if selector.patterns().is_empty() {
        "this line in"
    } else {
        "this `exclude` in"
    };
    found
        .into_iter()
        .map(|(path, foreign)| {
            let shown: Vec<String> = foreign
                .keys
                .iter()
                .take(4)
                .map(|k| format!("`{k}`"))
                .collect();
            let more = if foreign.keys.len() > 4 { ", …" } else { "" };
            let name = path.rsplit('/').next().unwrap_or(&path);
            let (why, label) = if foreign.tool {
                (
                    format!("{name} is another tool's file"),
                    "read as a workspace table",
                )
            } else {
                (
                    format!(
                        "{} {}{more} {} of a workspace file",
                        if shown.len() == 1 {
                            "its table"
                        } else {
                            "its tables"
                        },
                        shown.join(", "),
                        if shown.len() == 1 {
                            "is not a table"
                        } else {
                            "are not tables"
                        },
                    ),
                    "not a table of a workspace file",
                )
            };
            InputError::at(
                "swatch::load::not_a_workspace_file",
                foreign.first_key,
                format!("{path} does not look like a workspace file: {why}"),
            )
            .label(label)
            .help(format!(
                "swatch reads every .toml file below PATH as workspace data; skip this one with \
                 {how} swatch.toml: {line}"
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exclude_glob_matches_the_file_alone() {
        for path in ["pyproject.toml", "a[1]/x*.toml", "odd{b,c}?.toml"] {
            let selector = Selector::new(&[literal_glob(path)]).unwrap();
            assert!(!selector.is_model_file(path), "{path}");
        }
        let selector = Selector::new(&[literal_glob("a[1]/x*.toml")]).unwrap();
        assert!(selector.is_model_file("a1/xy.toml"));
        assert!(is_tool_file("sub/Cargo.toml"));
        assert!(!is_tool_file("members.toml"));
    }
}
