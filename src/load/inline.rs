//! Inline suppressions: `# swatch: ignore RULE -- REASON` comments, found by
//! a lexer pass over each file's lines, separate from the TOML parse (a
//! comment is not part of TOML's data). `suppress` matches them to findings.

use crate::error::InputError;
use crate::source::{FileId, Loc};

/// `# swatch: ignore RULE -- REASON` above an entry.
#[derive(Debug, Clone)]
pub(crate) struct InlineIgnore {
    /// The comment.
    pub loc: Loc,
    pub rule: String,
    pub reason: String,
    /// The 1-based line the comment applies to: the first line after the
    /// block of comments it stands in.
    pub target_line: usize,
}

const MARKER: &str = "swatch:";

/// Find the inline suppressions of a file. A `# swatch:` comment that is not
/// `ignore RULE -- REASON` is invalid input: a typo must not silently
/// suppress nothing, nor everything.
pub(super) fn scan_inline(file: FileId, text: &str) -> (Vec<InlineIgnore>, Vec<InputError>) {
    let (mut found, mut errors) = (Vec::new(), Vec::new());
    if !text.contains(MARKER) {
        return (found, errors);
    }
    let mut offset = 0;
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .map(|line| {
            let start = offset;
            offset += line.len();
            (start, line.trim_end_matches(['\n', '\r']))
        })
        .collect();
    // The line each comment applies to: the next line that is no comment,
    // found in one pass from the end (a scan forward from each comment is
    // quadratic in a long block of comments).
    let mut targets = vec![0; lines.len()];
    let mut next = lines.len() + 1;
    for (i, &(_, line)) in lines.iter().enumerate().rev() {
        targets[i] = next;
        if !line.trim_start().starts_with('#') {
            next = i + 1;
        }
    }
    for (i, &(start, line)) in lines.iter().enumerate() {
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let Some(directive) = comment.trim_start().strip_prefix(MARKER) else {
            continue;
        };
        let loc = Loc::new(
            file,
            start + (line.len() - line.trim_start().len())..start + line.len(),
        );
        let parsed = directive
            .trim()
            .strip_prefix("ignore")
            .and_then(|rest| rest.split_once("--"))
            .map(|(rule, reason)| (rule.trim(), reason.trim()));
        match parsed {
            Some((rule, reason)) if !rule.is_empty() && !rule.contains(' ') && !reason.is_empty() => {
                found.push(InlineIgnore {
                    loc,
                    rule: rule.to_owned(),
                    reason: reason.to_owned(),
                    target_line: targets[i],
                });
            }
            _ => errors.push(
                InputError::at("swatch::suppress::malformed", loc, "malformed swatch comment")
                    .label("expected `# swatch: ignore RULE -- REASON`")
                    .help("name one rule and give the reason after `--`, e.g. `# swatch: ignore external-member -- contractor until March, see SEC-42`"),
            ),
        }
    }
    (found, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_comments_name_the_line_below_their_block() {
        let text = "[[member]]\n# swatch: ignore external-member -- contractor\n# another comment\nemail = \"a@b.c\"\n";
        let (found, errors) = scan_inline(FileId(0), text);
        assert!(errors.is_empty());
        assert_eq!(found[0].rule, "external-member");
        assert_eq!(found[0].reason, "contractor");
        assert_eq!(found[0].target_line, 4);
        let (found, _) = scan_inline(
            FileId(0),
            "a = 1\n# swatch: ignore x -- y\n# swatch: ignore z -- w\n",
        );
        assert_eq!(found.len(), 2);
        assert!(
            found.iter().all(|f| f.target_line == 4),
            "past the last line"
        );
    }

    #[test]
    fn malformed_comments_are_errors() {
        for text in [
            "# swatch: ignore external-member\n",
            "# swatch: ignore -- why\n",
            "# swatch: ignroe x -- y\n",
        ] {
            let (found, errors) = scan_inline(FileId(0), text);
            assert!(found.is_empty(), "{text}");
            assert_eq!(errors.len(), 1, "{text}");
        }
        assert!(
            scan_inline(FileId(0), "name = \"# swatch: no\"\n")
                .1
                .is_empty()
        );
    }
}
