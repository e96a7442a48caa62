//! A file's line index: where lines start and which bytes start a
//! character, all that line and column take, so they outlive the text
//! (#16). About a byte a line, and an eighth of the text for one that is
//! not ASCII.

use super::is_continuation;

/// Lines between two lines whose start is kept whole.
const LINES_PER_ANCHOR: usize = 16;
/// A line length that does not fit a byte: the length is in `long`.
const LONG: u8 = u8::MAX;
/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 1024;
const WORDS_PER_CHECKPOINT: usize = CHECKPOINT / 64;

#[derive(Debug)]
pub(super) struct LineIndex {
    /// Where every [`LINES_PER_ANCHOR`]-th line starts.
    anchors: Box<[u32]>,
    /// Each line's length with its line break; [`LONG`] for one in `long`.
    lengths: Box<[u8]>,
    /// (line, length) of the lines of [`LONG`] bytes or more, by line.
    long: Box<[(u32, u32)]>,
    len: usize,
    /// `None` for ASCII, where every byte is a character.
    chars: Option<CharStarts>,
}

/// Bit `i % 64` of word `i / 64` is set when byte `i` starts a character.
#[derive(Debug)]
struct CharStarts {
    words: Box<[u64]>,
    /// Characters before every [`CHECKPOINT`]-th byte, and in all, so a
    /// column on a line of megabytes costs a few words of counting.
    checkpoints: Box<[u32]>,
}

impl LineIndex {
    pub(super) fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        let (mut anchors, mut lengths, mut long) = (Vec::new(), Vec::new(), Vec::new());
        let mut start = 0;
        let ends = bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| i + 1)
            .chain(std::iter::once(bytes.len()));
        for (line, end) in ends.enumerate() {
            if line % LINES_PER_ANCHOR == 0 {
                anchors.push(start as u32);
            }
            let length = end - start;
            match u8::try_from(length) {
                Ok(short) if short < LONG => lengths.push(short),
                _ => {
                    lengths.push(LONG);
                    long.push((line as u32, length as u32));
                }
            }
            start = end;
        }
        Self {
            anchors: anchors.into(),
            lengths: lengths.into(),
            long: long.into(),
            len: bytes.len(),
            chars: (!text.is_ascii()).then(|| CharStarts::of(bytes)),
        }
    }

    /// The text's length in bytes.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// How many lines (a final line break starts an empty one).
    pub(super) fn count(&self) -> usize {
        self.lengths.len()
    }

    /// Bytes from the start of a 0-based line to the next one's.
    fn length(&self, line: usize) -> usize {
        match self.lengths[line] {
            LONG => {
                let at = self.long.partition_point(|&(l, _)| (l as usize) < line);
                self.long[at].1 as usize
            }
            short => usize::from(short),
        }
    }

    /// Where a 0-based line starts; the text's end past the last line.
    pub(super) fn start(&self, line: usize) -> usize {
        if line >= self.count() {
            return self.len;
        }
        let anchor = line / LINES_PER_ANCHOR;
        let from = anchor * LINES_PER_ANCHOR;
        self.anchors[anchor] as usize + (from..line).map(|l| self.length(l)).sum::<usize>()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(super) fn line_col(&self, offset: u32) -> (usize, usize) {
        let anchor = self.anchors.partition_point(|&start| start <= offset) - 1;
        let (mut line, mut start) = (anchor * LINES_PER_ANCHOR, self.anchors[anchor] as usize);
        let offset = (offset as usize).min(self.len);
        while line + 1 < self.count() && start + self.length(line) <= offset {
            start += self.length(line);
            line += 1;
        }
        let column = self.chars_before(offset) - self.chars_before(start);
        (line + 1, column + 1)
    }

    /// Characters before a byte offset at most the length (which may fall
    /// inside a character: only the bytes that start one are counted).
    fn chars_before(&self, offset: usize) -> usize {
        let Some(chars) = &self.chars else {
            return offset;
        };
        let block = offset / CHECKPOINT;
        let (word, bit) = (offset / 64, offset % 64);
        let whole: u32 = chars.words[block * WORDS_PER_CHECKPOINT..word]
            .iter()
            .map(|w| w.count_ones())
            .sum();
        let part = if bit == 0 {
            0
        } else {
            (chars.words[word] & ((1 << bit) - 1)).count_ones()
        };
        (chars.checkpoints[block] + whole + part) as usize
    }
}

impl CharStarts {
    fn of(bytes: &[u8]) -> Self {
        let words: Box<[u64]> = bytes
            .chunks(64)
            .map(|chunk| {
                chunk
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| !is_continuation(b))
                    .fold(0, |word, (i, _)| word | 1 << i)
            })
            .collect();
        let mut count = 0;
        let mut checkpoints: Vec<u32> = words
            .chunks(WORDS_PER_CHECKPOINT)
            .map(|block| {
                let before = count;
                count += block.iter().map(|w| w.count_ones()).sum::<u32>();
                before
            })
            .collect();
        checkpoints.push(count);
        Self {
            words,
            checkpoints: checkpoints.into(),
        }
    }
}
