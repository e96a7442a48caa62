//! A finding's fix as a SARIF `fixes[]` entry: the edits `swatch fix` makes
//! with `toml_edit`, written as text replacements. `toml_edit` removes an
//! entry together with the comment and blank lines directly above it (they
//! are the entry's own decoration) and keeps the comments after a table's
//! last key (they belong to the next header), so the regions here do the
//! same; tests/fix.rs checks that applying them gives `swatch fix`'s text.
//!
//! A fix to the baseline (JSON, rewritten with serde) has no replacement
//! here: code scanning shows it as a finding whose help names `swatch fix`.

use super::{ArtifactLocation, Region, Uris};
use crate::finding::{Finding, FixEdit};
use crate::source::{FileId, SourceFile, Sources};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// One replacement: the bytes `range` of a file become `text`.
struct Replacement {
    range: Range<usize>,
    text: String,
}

/// A `fixes[]` entry, typed rather than a `Value`: a log can carry
/// hundreds of thousands (#9).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Fix<'a> {
    description: Text,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Vec<ReplacementJson>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReplacementJson {
    deleted_region: Region,
    inserted_content: Text,
}

/// The `fixes[]` entry of a finding, when every edit of its fix has a place.
pub(super) fn fix<'a>(f: &Finding, sources: &Sources, uris: &'a Uris) -> Option<Fix<'a>> {
    let fix = f.fix()?;
    let mut by_file: BTreeMap<FileId, Vec<Replacement>> = BTreeMap::new();
    for edit in &fix.edits {
        let (file, replacement) = replacement(edit, sources)?;
        by_file.entry(file).or_default().push(replacement);
    }
    let artifact_changes = by_file
        .into_iter()
        .map(|(id, replacements)| {
            let file = sources.get(id);
            ArtifactChange {
                artifact_location: uris.get(id),
                replacements: replacements
                    .into_iter()
                    .map(|r| ReplacementJson {
                        deleted_region: region(file, &r.range),
                        inserted_content: Text { text: r.text },
                    })
                    .collect(),
            }
        })
        .collect();
    let unsafe_flag = match fix.safety {
        crate::finding::Safety::Safe => "",
        crate::finding::Safety::Unsafe => " --unsafe",
    };
    Some(Fix {
        description: Text {
            text: format!("{} (swatch fix{unsafe_flag})", fix.summary),
        },
        artifact_changes,
    })
}

fn region(file: &SourceFile, range: &Range<usize>) -> Region {
    let (start_line, start_column) = file.line_col(range.start as u32);
    let (end_line, end_column) = file.line_col(range.end as u32);
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

fn replacement(edit: &FixEdit, sources: &Sources) -> Option<(FileId, Replacement)> {
    let (loc, replacement) = match edit {
        FixEdit::DropBaselineEntry { .. } => return None,
        FixEdit::RemoveComment { loc } => {
            let text = sources.get(loc.file).text();
            let start = line_start(text, loc.start as usize);
            (loc, removal(start..line_end(text, start)))
        }
        FixEdit::RemoveAssignment { loc, .. } => {
            let text = sources.get(loc.file).text();
            let start = line_start(text, loc.start as usize);
            (
                loc,
                removal(leading_block(text, start)..line_end(text, start)),
            )
        }
        FixEdit::RemoveIgnore { loc, .. } | FixEdit::RemoveRole { loc, .. } => {
            let text = sources.get(loc.file).text();
            let header = line_start(text, loc.start as usize);
            (
                loc,
                removal(leading_block(text, header)..table_end(text, header)),
            )
        }
        FixEdit::DefaultAccessRead { loc, .. } => {
            let text = sources.get(loc.file).text();
            let header = line_start(text, loc.start as usize);
            let end = table_end(text, header);
            let written = lines_from(text, header)
                .take_while(|&(start, _)| start < end)
                .skip(1)
                .find(|(_, line)| key_of(line) == Some("default_access"));
            let replacement = if let Some((start, line)) = written {
                Replacement {
                    range: value_range(start, line)?,
                    text: "\"read\"".to_owned(),
                }
            } else {
                // The header's own line break: scanning the whole file for
                // one, per finding, was quadratic (150,000 roles: 59 s, #9).
                let newline = if text[..line_end(text, header)].ends_with("\r\n") {
                    "\r\n"
                } else {
                    "\n"
                };
                let before = if text[..end].ends_with('\n') {
                    ""
                } else {
                    newline
                };
                Replacement {
                    range: end..end,
                    text: format!("{before}default_access = \"read\"{newline}"),
                }
            };
            (loc, replacement)
        }
        FixEdit::Reassign { loc, role, .. } => {
            let text = sources.get(loc.file).text();
            let start = line_start(text, loc.start as usize);
            let line = lines_from(text, start).next()?.1;
            let value = toml_edit::Value::from(role.as_str()).to_string();
            (
                loc,
                Replacement {
                    range: value_range(start, line)?,
                    text: value,
                },
            )
        }
    };
    Some((loc.file, replacement))
}

fn removal(range: Range<usize>) -> Replacement {
    Replacement {
        range,
        text: String::new(),
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1)
}

/// The end of the line starting at `start`, its line break included.
fn line_end(text: &str, start: usize) -> usize {
    text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1)
}

/// Lines from `start` on: (offset, text without the line break).
fn lines_from(text: &str, start: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = line_end(text, at);
        let line = (at, text[at..end].trim_end_matches(['\n', '\r']));
        at = end;
        Some(line)
    })
}

/// Blank or comment-only: decoration of the entry below it.
fn is_decoration(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

/// The start of the blank and comment lines directly above the line at `start`.
fn leading_block(text: &str, start: usize) -> usize {
    let mut first = start;
    while first > 0 {
        let above = line_start(text, first - 1);
        if !is_decoration(&text[above..first]) {
            break;
        }
        first = above;
    }
    first
}

/// The end of the last key line of the table whose header starts at
/// `header`: comments and blank lines after it stay with the next header.
fn table_end(text: &str, header: usize) -> usize {
    let mut end = line_end(text, header);
    for (start, line) in lines_from(text, header).skip(1) {
        if line.trim_start().starts_with('[') {
            break;
        }
        if !is_decoration(line) {
            end = line_end(text, start);
        }
    }
    end
}

/// The bare key of a `key = value` line.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    Some(key.trim().trim_matches('"'))
}

/// The quoted string value of the `key = "value"` line at `start`.
fn value_range(start: usize, line: &str) -> Option<Range<usize>> {
    let mut in_key: Option<char> = None;
    let mut after_equals = None;
    for (i, c) in line.char_indices() {
        match in_key {
            Some(q) if c == q => in_key = None,
            None if c == '"' || c == '\'' => in_key = Some(c),
            None if c == '=' => {
                after_equals = Some(i + 1);
                break;
            }
            Some(_) | None => {}
        }
    }
    let value_start = after_equals?;
    let rest = &line[value_start..];
    let open = rest.find(|c: char| !c.is_whitespace())?;
    let quote = rest[open..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let body = &rest[open + 1..];
    let close = if quote == '"' {
        let mut escaped = false;
        body.char_indices().find_map(|(i, c)| {
            let end = !escaped && c == '"';
            escaped = !escaped && c == '\\';
            end.then_some(i)
        })?
    } else {
        body.find('\'')?
    };
    let from = start + value_start + open;
    Some(from..from + close + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_follow_toml_edit() {
        let text = "[a]\nx = 1\n\n# about b\n[b]\ny = 2\n# after b\n\n[c]\n";
        let header = text.find("[b]").unwrap();
        assert_eq!(
            &text[leading_block(text, header)..table_end(text, header)],
            "\n# about b\n[b]\ny = 2\n"
        );
        let line = "\"a@x.com\" = \"Planer\" # note";
        assert_eq!(value_range(10, line), Some(22..30));
        assert_eq!(value_range(0, "\"a=b\" = 'x'"), Some(8..11));
        assert_eq!(value_range(0, "k = \"a\\\"b\""), Some(4..10));
    }
}
