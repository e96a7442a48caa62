//! Text for every markdown output (diff, drift, what-if, report): a name
//! from a file always goes into a code span, so GitHub renders it inert
//! (no `@team` mention, no link, no autolinked URL, no markup); swatch's
//! own words are prose with markdown's punctuation escaped.
//!
//! In a table cell `|` is written `\|` even inside a code span: GitHub
//! splits rows on it before reading spans, and removes the backslash.
//! Outside tables a backslash in a span would show, so the `_text`
//! variants leave `|` alone.

use crate::code_span::{Piece, fence_for, for_each_piece, push_fence};
use crate::finding::Finding;
use crate::source::is_unsafe_char;

/// A name in a table cell.
pub(crate) fn code(name: &str) -> String {
    let mut out = String::new();
    push_code(&mut out, name, true);
    out
}

/// A name in a heading, paragraph or list item.
pub(crate) fn code_text(name: &str) -> String {
    let mut out = String::new();
    push_code(&mut out, name, false);
    out
}

/// One of swatch's messages in a table cell: its names (written by
/// `code_span::quote`) become code spans, its words prose.
pub(crate) fn inline(message: &str) -> String {
    let mut out = String::new();
    push_inline(&mut out, message, true);
    out
}

/// [`inline`] outside a table.
pub(crate) fn inline_text(message: &str) -> String {
    let mut out = String::new();
    push_inline(&mut out, message, false);
    out
}

/// A finding's message in a table cell. A user rule's message is written
/// in a file of the repository, words and all, so it is one code span.
pub(crate) fn finding_message(finding: &Finding) -> String {
    let mut out = String::new();
    push_finding_message(&mut out, finding);
    out
}

/// [`finding_message`], written onto `out`.
pub(crate) fn push_finding_message(out: &mut String, finding: &Finding) {
    if crate::policy::is_user_rule_id(&finding.rule) {
        push_code(out, &finding.message, true);
    } else {
        push_inline(out, &finding.message, true);
    }
}

/// What gives a member their license, its names as code spans.
pub(crate) fn driver(driver: &crate::license::Driver<'_>) -> String {
    use crate::license::Driver;
    match driver {
        Driver::Role {
            role,
            application,
            reason,
        } => format!(
            "role {} in {} ({})",
            code(role),
            code(application),
            prose(&reason.to_string())
        ),
        Driver::Owner(application) => format!("owner of {}", code(application)),
        other => prose(&other.to_string()),
    }
}

/// Swatch's own words: markdown punctuation escaped, HTML's `&<>` as
/// entities, line breaks as spaces.
pub(crate) fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_prose(&mut out, text);
    out
}

/// [`prose`], written onto `out`.
pub(crate) fn push_prose(out: &mut String, text: &str) {
    // Most of swatch's words are letters and spaces: copied after one scan.
    if text.bytes().all(|b| {
        (b' '..=b'~').contains(&b)
            && !matches!(
                b,
                b'&' | b'<'
                    | b'>'
                    | b'`'
                    | b'*'
                    | b'_'
                    | b'['
                    | b']'
                    | b'#'
                    | b'\\'
                    | b'~'
                    | b'|'
                    | b'!'
            )
    }) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' | '*' | '_' | '[' | ']' | '#' | '\\' | '~' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if is_unsafe_char(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
}

/// Lines in a fenced code block whose fence no line can close (longer
/// than any run of backticks in them), each line made log-safe.
pub(crate) fn fenced_block(info: &str, lines: &[String]) -> String {
    let longest = lines.iter().map(|l| fence_for(l).0).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(3));
    let mut out = format!("{fence}{info}\n");
    for line in lines {
        for c in line.chars() {
            push_visible(&mut out, c);
        }
        out.push('\n');
    }
    out.push_str(&fence);
    out
}

/// A message's words as prose and its names as code spans, onto `out`.
pub(crate) fn push_inline(out: &mut String, message: &str, cell: bool) {
    for_each_piece(message, |piece| match piece {
        Piece::Prose(words) => push_prose(out, words),
        Piece::Code(name) => push_code(out, name, cell),
    });
}

/// A name as one inert code span, onto `out` (`cell`: in a table row).
pub(crate) fn push_code(out: &mut String, name: &str, cell: bool) {
    // Printable ASCII with no backtick, backslash or bar, the usual name,
    // is its own span body in a fence of one.
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'`' | b'\\' | b'|'))
    {
        let pad = if name.starts_with(' ') || name.ends_with(' ') {
            " "
        } else {
            ""
        };
        for part in ["`", pad, name, pad, "`"] {
            out.push_str(part);
        }
        return;
    }
    let mut body = String::with_capacity(name.len());
    // GitHub's cell scanner pairs a backslash with the next character, so
    // backslashes just before a `|` are doubled: the `\|` stays a pair.
    let mut backslashes = 0;
    for c in name.chars() {
        match c {
            '\\' => backslashes += 1,
            '|' if cell => {
                body.push_str(&"\\".repeat(2 * backslashes));
                backslashes = 0;
                body.push_str("\\|");
            }
            c => {
                body.push_str(&"\\".repeat(backslashes));
                backslashes = 0;
                push_visible(&mut body, c);
            }
        }
    }
    body.push_str(&"\\".repeat(backslashes));
    if body.is_empty() {
        out.push_str("` `");
        return;
    }
    let (fence, pad) = fence_for(&body);
    push_fence(out, fence);
    out.push_str(pad);
    out.push_str(&body);
    out.push_str(pad);
    push_fence(out, fence);
}

/// Push `c` as shown in a span or block: controls, line breaks and bidi
/// overrides as `\u{…}` (a line break would end a table row).
fn push_visible(out: &mut String, c: char) {
    if is_unsafe_char(c) || matches!(c, '\n' | '\r' | '\t') {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::{code, code_text, fenced_block, inline, prose};

    #[test]
    fn a_name_is_one_inert_span_whatever_it_holds() {
        assert_eq!(code("ada@acme.com"), "`ada@acme.com`");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("a\\|b\\"), "`a\\\\\\|b\\`");
        assert_eq!(code_text("a|b"), "`a|b`");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("line\nbreak"), "`line\\u{a}break`");
        assert_eq!(code(""), "` `");
    }

    #[test]
    fn a_message_keeps_its_words_as_prose_and_its_names_as_spans() {
        let message = format!(
            "the role {} in {} is held by nobody",
            crate::code_span::quote("@acme/sec [x](https://evil.example) `x` | y"),
            crate::code_span::quote("A*pp")
        );
        assert_eq!(
            inline(&message),
            "the role ``@acme/sec [x](https://evil.example) `x` \\| y`` in `A*pp` is held by nobody"
        );
        assert_eq!(prose("a_b <i>|"), "a\\_b &lt;i&gt;\\|");
    }

    #[test]
    fn a_fenced_block_cannot_be_closed_by_its_lines() {
        let lines = vec!["+ ```".to_owned(), "- ````x".to_owned()];
        assert_eq!(
            fenced_block("diff", &lines),
            "`````diff\n+ ```\n- ````x\n`````"
        );
    }
}
