//! Text wrapped as textwrap 0.16 wraps it under miette: first fit, words
//! split after their hyphens, words longer than a line broken, and UAX #14
//! line break opportunities, for printable ASCII.

/// textwrap's `fill(text, Options::new(width).initial_indent(first)
/// .subsequent_indent(rest))` for one line of printable ASCII, as miette
/// calls it: word separator `UnicodeBreakProperties`, `HyphenSplitter`,
/// `break_words`, first fit. Both indents are `indent_columns` wide. One
/// pass, nothing allocated: words are cut, split and fitted as they come.
pub(super) fn fill(
    out: &mut String,
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
    indent_columns: usize,
) {
    let bytes = text.as_bytes();
    let mut lines = FirstFit {
        out,
        text,
        width: width.saturating_sub(indent_columns),
        rest,
        used: 0,
        line_start: 0,
        line_end: 0,
    };
    // textwrap puts an empty word before the text when there is an
    // initial indent: the first line always holds a word.
    lines.out.push_str(first);
    // find_words: a word ends at each break opportunity but after a `-`
    // (textwrap leaves those to the splitter), and the last opportunity
    // kept is dropped: the end of the text when it does not end in `-`,
    // else the last break before it. So each break is held back until the
    // next one is found.
    let mut word_start = 0;
    let mut held = None;
    let mut after_spaces = None;
    for i in 1..bytes.len() {
        let before = CLASSES[usize::from(bytes[i - 1])];
        if before != Class::Sp {
            after_spaces = Some(before);
        }
        if bytes[i - 1] == b'-'
            || !break_allowed(before, CLASSES[usize::from(bytes[i])], after_spaces)
        {
            continue;
        }
        if let Some(end) = held.replace(i) {
            lines.word(word_start, end);
            word_start = end;
        }
    }
    if let Some(end) = held.filter(|_| !text.ends_with('-')) {
        lines.word(word_start, end);
        word_start = end;
    }
    if word_start < bytes.len() {
        lines.word(word_start, bytes.len());
    }
    lines.finish();
}

/// textwrap's first fit, fed one piece of a word at a time.
struct FirstFit<'o, 't> {
    out: &'o mut String,
    text: &'t str,
    /// Columns of a line after its indent.
    width: usize,
    rest: &'t str,
    /// Columns the line holds so far, with the spaces after its last piece.
    used: usize,
    /// The current line's text: from its first piece to its last's end.
    line_start: usize,
    line_end: usize,
}

impl FirstFit<'_, '_> {
    /// The word `text[start..end]` with its trailing spaces (textwrap's
    /// `Word::from`), through `HyphenSplitter`: a piece after each `-`
    /// between two letters or digits.
    fn word(&mut self, start: usize, end: usize) {
        let bytes = self.text.as_bytes();
        let trimmed = start + self.text[start..end].trim_end_matches(' ').len();
        let mut from = start;
        for i in start..trimmed {
            let splits = bytes[i] == b'-'
                && i > start
                && bytes[i - 1].is_ascii_alphanumeric()
                && i + 1 < trimmed
                && bytes[i + 1].is_ascii_alphanumeric();
            if splits {
                self.broken(from, i + 1, i + 1);
                from = i + 1;
            }
        }
        if from < trimmed || from == start {
            self.broken(from, trimmed, end);
        }
    }

    /// `break_words`: a piece wider than a line is cut into pieces that fit.
    fn broken(&mut self, start: usize, end: usize, space_end: usize) {
        if end - start <= self.width {
            self.piece(start, end, space_end);
            return;
        }
        let mut chunk_start = start;
        let mut columns = 0;
        for i in start..end {
            if columns > 0 && columns + 1 > self.width {
                self.piece(chunk_start, i, i);
                chunk_start = i;
                columns = 1;
            } else {
                columns += 1;
            }
        }
        if chunk_start < end {
            self.piece(chunk_start, end, space_end);
        }
    }

    /// Place one piece: on the current line if it fits, else on a new one.
    fn piece(&mut self, start: usize, end: usize, space_end: usize) {
        let columns = end - start;
        if self.used + columns > self.width {
            self.out
                .push_str(&self.text[self.line_start..self.line_end]);
            self.out.push('\n');
            self.out.push_str(self.rest);
            self.line_start = start;
            self.used = 0;
        }
        self.used += columns + (space_end - end);
        self.line_end = end;
    }

    fn finish(self) {
        self.out
            .push_str(&self.text[self.line_start..self.line_end]);
    }
}

/// UAX #14 line break classes of printable ASCII.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Space.
    Sp,
    /// `!` `?`
    Ex,
    /// `"` `'`
    Qu,
    /// Letters and most symbols.
    Al,
    /// `$` `+` `\`
    Pr,
    /// `%`
    Po,
    /// `(` `[` `{`
    Op,
    /// `)` `]`
    Cp,
    /// `}`
    Cl,
    /// `,` `.` `:` `;`
    Is,
    /// `-`
    Hy,
    /// `/`
    Sy,
    /// Digits.
    Nu,
    /// `|`
    Ba,
}

const fn class(byte: u8) -> Class {
    match byte {
        b' ' => Class::Sp,
        b'!' | b'?' => Class::Ex,
        b'"' | b'\'' => Class::Qu,
        b'$' | b'+' | b'\\' => Class::Pr,
        b'%' => Class::Po,
        b'(' | b'[' | b'{' => Class::Op,
        b')' | b']' => Class::Cp,
        b'}' => Class::Cl,
        b',' | b'.' | b':' | b';' => Class::Is,
        b'-' => Class::Hy,
        b'/' => Class::Sy,
        b'0'..=b'9' => Class::Nu,
        b'|' => Class::Ba,
        _ => Class::Al,
    }
}

/// The class of each ASCII byte (the text is printable ASCII).
const CLASSES: [Class; 128] = {
    let mut table = [Class::Al; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = class(byte as u8);
        byte += 1;
    }
    table
};

/// UAX #14 on printable ASCII, as ICU's segmenter applies it: may a line
/// break between a character of class `a` and one of class `b`?
/// `after_spaces` is the class of the last character before the break
/// that is not a space. The rules in their order; the first that speaks
/// decides. (Checked against textwrap's `find_words` on every text of up
/// to six characters drawn from one character of each class, and of up to
/// three of all printable ASCII; the tests compare through miette.)
fn break_allowed(a: Class, b: Class, after_spaces: Option<Class>) -> bool {
    use Class::{Al, Ba, Cl, Cp, Ex, Hy, Is, Nu, Op, Po, Pr, Qu, Sp, Sy};
    // The common case, decided by LB28 below.
    if (a, b) == (Al, Al) {
        return false;
    }
    // LB7: not before a space. LB13: not before `}` `)` `]` `!` `?` `/`
    // `,` `.` `:` `;`, even after spaces.
    if matches!(b, Sp | Cl | Cp | Ex | Sy | Is) {
        return false;
    }
    // LB14: not after `(`, `[` or `{`, even after spaces.
    if after_spaces == Some(Op) {
        return false;
    }
    // LB18: after spaces.
    if a == Sp {
        return true;
    }
    // LB19: around quotation marks. LB21: not before `-` or `|`.
    if a == Qu || matches!(b, Qu | Ba | Hy) {
        return false;
    }
    // LB23, LB24: letters with digits and prefixes or postfixes.
    if matches!((a, b), (Al, Nu | Pr | Po) | (Nu | Pr | Po, Al)) {
        return false;
    }
    // LB25 (the pairs of UAX #14 before Unicode 15.1, which ICU keeps):
    // numbers with their signs, separators and brackets.
    if matches!(
        (a, b),
        (Cl | Cp | Nu, Po | Pr) | (Po | Pr, Op | Nu) | (Hy | Is | Nu | Sy, Nu)
    ) {
        return false;
    }
    // LB28: letters. LB29: `.` `,` before a letter. LB30: letters and
    // digits next to brackets.
    if matches!((a, b), (Al, Al | Op) | (Is, Al) | (Nu, Op) | (Cp, Al | Nu)) {
        return false;
    }
    // LB31: anywhere else.
    true
}
