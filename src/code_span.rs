//! Names in messages are written as `CommonMark` code spans: a fence of
//! backticks one longer than the longest run of backticks in the name,
//! padded with a space when the name would otherwise touch the fence.
//!
//! In plain text (the terminal, JSON) that reads as the usual `` `name` ``;
//! for markdown, [`for_each_piece`] finds the names again exactly, whatever they
//! contain, so each one can be re-emitted as a code span (inert: no
//! mention, no link, no markup) while the rule's own words stay prose.

/// `name` as a code span: `` `ada@acme.com` ``, ``` ``a`b`` ```.
pub(crate) fn quote(name: &str) -> String {
    if name.is_empty() {
        return "` `".to_owned();
    }
    let (fence, pad) = fence_for(name);
    let mut out = String::with_capacity(name.len() + 2 * fence + 2);
    push_fence(&mut out, fence);
    out.push_str(pad);
    out.push_str(name);
    out.push_str(pad);
    push_fence(&mut out, fence);
    out
}

/// The length of the fence and the padding that make `text` one code
/// span. `CommonMark` closes a span at the first backtick run as long as
/// its opener, and strips one space from each end when both ends have one:
/// the fence is longer than any run inside, and a space is added when the
/// text starts or ends with a backtick or a space (so the stripping gives
/// it back). (An empty text has no span: callers write "` `".)
pub(crate) fn fence_for(text: &str) -> (usize, &'static str) {
    let mut longest = 0;
    let mut run = 0;
    for b in text.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let pad = text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']);
    (longest + 1, if pad { " " } else { "" })
}

/// A fence of `len` backticks.
pub(crate) fn push_fence(out: &mut String, len: usize) {
    out.extend(std::iter::repeat_n('`', len));
}

/// A part of a message: the rule's words, or a name from a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Prose(&'a str),
    Code(&'a str),
}

/// Split `text` into prose and code spans as `CommonMark` reads them (a run
/// of backticks opens a span that the next run of the same length closes;
/// a run with no closer is prose).
#[cfg(test)]
pub(crate) fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for_each_piece(text, |piece| out.push(piece));
    out
}

/// Each piece of `text` in order, as [`pieces`] gives them, without
/// collecting them: every markdown row goes through here.
pub(crate) fn for_each_piece<'a>(text: &'a str, each: impl FnMut(Piece<'a>)) {
    if text.contains("``") {
        any_runs(text, each);
    } else {
        single_runs(text, each);
    }
}

/// [`for_each_piece`] when every run is one backtick (names are quoted
/// with one unless they hold backticks themselves): each run closes the
/// one before it.
fn single_runs<'a>(text: &'a str, mut each: impl FnMut(Piece<'a>)) {
    let mut prose_start = 0;
    let mut opener = None;
    for (i, _) in text.match_indices('`') {
        match opener.take() {
            None => opener = Some(i),
            Some(start) => {
                if prose_start < start {
                    each(Piece::Prose(&text[prose_start..start]));
                }
                each(Piece::Code(strip_padding(&text[start + 1..i])));
                prose_start = i + 1;
            }
        }
    }
    if prose_start < text.len() {
        each(Piece::Prose(&text[prose_start..]));
    }
}

/// [`for_each_piece`] for runs of any length.
fn any_runs<'a>(text: &'a str, mut each: impl FnMut(Piece<'a>)) {
    let runs = backtick_runs(text);
    // For each run, the next run of the same length (its closer, if it opens).
    let mut closer = vec![None; runs.len()];
    let mut latest: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for i in (0..runs.len()).rev() {
        closer[i] = latest.insert(runs[i].1, i);
    }
    let (mut prose_start, mut i) = (0, 0);
    while i < runs.len() {
        let (start, len) = runs[i];
        let Some(close) = closer[i] else {
            i += 1;
            continue;
        };
        if prose_start < start {
            each(Piece::Prose(&text[prose_start..start]));
        }
        let (close_start, _) = runs[close];
        each(Piece::Code(strip_padding(&text[start + len..close_start])));
        prose_start = close_start + len;
        i = close + 1;
    }
    if prose_start < text.len() {
        each(Piece::Prose(&text[prose_start..]));
    }
}

/// (byte offset, length) of every maximal run of backticks.
fn backtick_runs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    runs
}

fn strip_padding(content: &str) -> &str {
    if content.len() >= 2
        && content.starts_with(' ')
        && content.ends_with(' ')
        && !content.bytes().all(|b| b == b' ')
    {
        &content[1..content.len() - 1]
    } else {
        content
    }
}

#[cfg(test)]
mod tests {
    use super::{Piece, pieces, quote};

    #[test]
    fn quote_uses_a_fence_longer_than_any_run_and_pads_backticks_and_spaces() {
        assert_eq!(quote("ada@acme.com"), "`ada@acme.com`");
        assert_eq!(quote("a`b"), "``a`b``");
        assert_eq!(quote("a``b`"), "``` a``b` ```");
        assert_eq!(quote(" x "), "`  x  `");
        assert_eq!(quote(""), "` `");
    }

    #[test]
    fn pieces_finds_every_quoted_name_back_exactly() {
        for name in [
            "plain",
            "a`b",
            "`",
            "``x``",
            " x ",
            "x ",
            "a | b",
            "",
            "@t [x](y)",
        ] {
            let message = format!("the role {} in {} is unused", quote(name), quote("App"));
            assert_eq!(
                pieces(&message),
                [
                    Piece::Prose("the role "),
                    Piece::Code(if name.is_empty() { " " } else { name }),
                    Piece::Prose(" in "),
                    Piece::Code("App"),
                    Piece::Prose(" is unused"),
                ],
                "{message}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn single_backticks_split_as_runs_of_any_length_do(text in "[a `]{0,24}") {
            let mut text = text;
            while text.contains("``") {
                text = text.replace("``", "` `");
            }
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            super::single_runs(&text, |p| fast.push(p));
            super::any_runs(&text, |p| general.push(p));
            proptest::prop_assert_eq!(fast, general, "{:?}", text);
        }
    }

    #[test]
    fn an_unclosed_run_is_prose() {
        assert_eq!(pieces("a ` b"), [Piece::Prose("a ` b")]);
        assert_eq!(
            pieces("``a` b `c`"),
            [Piece::Prose("``a"), Piece::Code("b"), Piece::Prose("c`")]
        );
    }
}
