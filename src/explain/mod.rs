//! `swatch explain`: a rule's Markdown documentation rendered for the
//! terminal. Headings lose their `#`, emphasis its `**`, code blocks are
//! indented; colour (bold headings and emphasis, dim code) only when asked.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::fmt::Write as _;

const BOLD: &str = "\u{1b}[1m";
const DIM: &str = "\u{1b}[2m";
const RESET: &str = "\u{1b}[0m";

/// Render `markdown` as terminal text. Every piece of text is escaped, since
/// user rules' documentation comes from policy files.
pub(crate) fn render(markdown: &str, color: bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut in_code_block = false;
    let paint = |out: &mut String, code: &'static str| {
        if color {
            out.push_str(code);
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                blank_line(&mut out);
                paint(&mut out, BOLD);
            }
            Event::End(TagEnd::Heading(_)) => {
                paint(&mut out, RESET);
                out.push('\n');
            }
            // Paragraphs inside list items stay on the item's line.
            Event::Start(Tag::Paragraph) if lists.is_empty() => blank_line(&mut out),
            Event::End(TagEnd::Paragraph) if lists.is_empty() => out.push('\n'),
            Event::Start(Tag::CodeBlock(_)) => {
                blank_line(&mut out);
                in_code_block = true;
                paint(&mut out, DIM);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                paint(&mut out, RESET);
            }
            Event::Start(Tag::List(first)) => {
                if lists.is_empty() {
                    blank_line(&mut out);
                }
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        let _ = write!(out, "{n}. ");
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::Start(Tag::Strong | Tag::Emphasis) => paint(&mut out, BOLD),
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => paint(&mut out, RESET),
            Event::Code(code) => {
                paint(&mut out, DIM);
                out.push_str(&crate::source::escape(&code));
                paint(&mut out, RESET);
            }
            Event::Text(text) if in_code_block => {
                for line in text.lines() {
                    out.push_str("    ");
                    out.push_str(&crate::source::escape(line));
                    out.push('\n');
                }
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                out.push_str(&crate::source::escape_text(&text));
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// Separate a block from the previous one by exactly one blank line.
fn blank_line(out: &mut String) {
    if out.is_empty() {
        return;
    }
    while !out.ends_with("\n\n") {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    const DOC: &str = "# some-rule\n\nA summary with `code`.\n\nDefault severity: **error**.\n\n## Example\n\n```toml\n[[member]]\nemail = \"a@b.c\"\n```\n\n- one\n- two\n";

    #[test]
    fn renders_without_markdown_marks() {
        insta::assert_snapshot!(render(DOC, false), @r#"
        some-rule

        A summary with code.

        Default severity: error.

        Example

            [[member]]
            email = "a@b.c"

        - one
        - two
        "#);
    }

    #[test]
    fn colours_only_when_asked() {
        assert!(!render(DOC, false).contains('\u{1b}'));
        assert!(render(DOC, true).contains("\u{1b}[1merror\u{1b}[0m"));
    }

    #[test]
    fn escapes_control_characters_in_user_docs() {
        let rendered = render("# x\n\nbad \u{1b}[31m text\n", true);
        assert!(!rendered.contains("\u{1b}[31m"));
    }
}
