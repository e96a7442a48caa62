//! A cheap scan that refuses arrays and inline tables nested too deep,
//! before the parser sees them.
//!
//! toml stops recursing at its own depth and reports it, but only after
//! building its events for the whole text: 8 MB of `[[[[…` took 390 MB
//! (#9). The scan reads the text once, skipping strings and comments (a
//! `[` in either opens nothing), and counts the open `[` and `{`.

use crate::error::InputError;
use crate::source::{FileId, Loc};

/// The deepest nesting of arrays and inline tables read: far past any
/// real workspace, and past toml's own limit, so every file it refuses
/// was already invalid.
pub(super) const MAX_NESTING: usize = 128;

/// The error for `text` when it opens more than [`MAX_NESTING`] arrays or
/// inline tables inside one another, at the first `[` or `{` too deep.
pub(super) fn too_deep(file: FileId, text: &str) -> Option<InputError> {
    let opener = first_too_deep(text.as_bytes())?;
    Some(
        InputError::at(
            "swatch::load::syntax",
            Loc::new(file, opener..opener + 1),
            format!("invalid TOML: arrays and inline tables nested more than {MAX_NESTING} deep"),
        )
        .label(format!("nesting {} here", MAX_NESTING + 1))
        .help(format!(
            "swatch reads at most {MAX_NESTING} arrays or inline tables inside one another"
        )),
    )
}

/// The offset of the first `[` or `{` opened inside [`MAX_NESTING`]
/// others, outside strings and comments.
fn first_too_deep(text: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(&byte) = text.get(at) {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(at);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' => at = line_end(text, at),
            b'"' | b'\'' => at = string_end(text, at, byte),
            _ => {}
        }
        at += 1;
    }
    None
}

/// The offset of the newline ending the line at `at`, or the text's end.
fn line_end(text: &[u8], at: usize) -> usize {
    text[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |n| at + n)
}

/// The offset of the last quote of the string opened by `quote` at `at`
/// (one, or three for a multi-line string); an unclosed one ends at its
/// line's end (a one-line string) or the text's (a multi-line one), where
/// the parser reports it.
fn string_end(text: &[u8], at: usize, quote: u8) -> usize {
    let escapes = quote == b'"';
    let triple = text[at..].starts_with(&[quote; 3]);
    let mut i = if triple { at + 3 } else { at + 1 };
    while let Some(&byte) = text.get(i) {
        if escapes && byte == b'\\' {
            i += 2;
            continue;
        }
        if byte == b'\n' && !triple {
            return i;
        }
        if byte == quote {
            if !triple {
                return i;
            }
            if text[i..].starts_with(&[quote; 3]) {
                // A closing `"""` may be followed by up to two quotes of
                // the string's own.
                let run = text[i..].iter().take_while(|&&b| b == quote).count();
                return i + run - 1;
            }
        }
        i += 1;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("a = {}{}\n", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn nesting_up_to_the_limit_passes_and_one_more_is_found() {
        assert_eq!(first_too_deep(nested(MAX_NESTING).as_bytes()), None);
        let over = nested(MAX_NESTING + 1);
        assert_eq!(first_too_deep(over.as_bytes()), Some(4 + MAX_NESTING));
        let tables = format!("a = {}1{}\n", "{b = ".repeat(200), "}".repeat(200));
        assert_eq!(first_too_deep(tables.as_bytes()), Some(4 + 5 * MAX_NESTING));
    }

    #[test]
    fn brackets_in_strings_and_comments_open_nothing() {
        let deep = "[".repeat(300);
        for text in [
            format!("a = \"{deep}\"\n"),
            format!("a = '{deep}'\n"),
            format!("a = \"\"\"\n{deep}\n\"\"\"\n"),
            format!("a = '''{deep}'''\n"),
            format!("a = \"\\\"{deep}\"\n"),
            format!("a = \"\"\"x\"\"\"\"\"\nb = '''{deep}'''\n"),
            format!("a = 1 # {deep}\n"),
        ] {
            assert_eq!(first_too_deep(text.as_bytes()), None, "{text}");
        }
        // A string's end is found, so what follows is counted again.
        let after = format!("a = \"x\"\nb = {}\n", "[".repeat(200));
        assert!(first_too_deep(after.as_bytes()).is_some());
    }

    #[test]
    fn closing_brackets_past_zero_do_not_bank_depth() {
        let text = format!("a = {}\nb = {}\n", "]".repeat(500), nested(MAX_NESTING));
        assert_eq!(first_too_deep(text.as_bytes()), None);
    }
}
