//! Byte offset → character (Unicode scalar value) offset conversion, done once
//! at the output edge.

/// Bytes per block of the sparse index.
const BLOCK: usize = 64;

/// Converts byte offsets of one text into character offsets in O(1)
/// amortised time per lookup and `len / 64 * 4` bytes of memory.
///
/// Pure-ASCII texts need no index at all.
#[derive(Debug, Clone)]
pub struct CharOffsets<'a> {
    text: &'a str,
    /// Character count before each block start; empty for ASCII texts.
    blocks: Vec<u32>,
    ascii: bool,
}

impl<'a> CharOffsets<'a> {
    /// Build the index for `text` (linear in its length).
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        let ascii = text.is_ascii();
        let mut blocks = Vec::new();
        if !ascii {
            blocks.reserve(text.len() / BLOCK + 1);
            let mut count = 0u32;
            for chunk in text.as_bytes().chunks(BLOCK) {
                blocks.push(count);
                count += chunk.iter().filter(|&&b| !is_continuation(b)).count() as u32;
            }
        }
        CharOffsets {
            text,
            blocks,
            ascii,
        }
    }

    /// Character offset of byte offset `byte`, which must be a character
    /// boundary of the text (or its length). Offsets past the end clamp to
    /// the number of characters.
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.ascii {
            return byte;
        }
        let block = byte / BLOCK;
        let base = block * BLOCK;
        let before = if block < self.blocks.len() {
            self.blocks[block] as usize
        } else {
            // byte == len and len is a multiple of BLOCK.
            return self.total_from(self.blocks.len().saturating_sub(1));
        };
        before
            + self.text.as_bytes()[base..byte]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count()
    }

    fn total_from(&self, block: usize) -> usize {
        let base = block * BLOCK;
        self.blocks.get(block).copied().unwrap_or(0) as usize
            + self.text.as_bytes()[base..]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count()
    }

    /// The text being indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

#[inline]
fn is_continuation(b: u8) -> bool {
    (b & 0xC0) == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(text: &str, byte: usize) -> usize {
        text[..byte].chars().count()
    }

    #[test]
    fn matches_naive_on_mixed_text() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(if i % 3 == 0 {
                "Київ “peace” "
            } else {
                "ab😀 "
            });
        }
        let idx = CharOffsets::new(&text);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(idx.char_offset(b), naive(&text, b), "byte {b}");
        }
    }

    #[test]
    fn exact_block_multiple_length() {
        let text = "é".repeat(64); // 128 bytes, 2 blocks
        let idx = CharOffsets::new(&text);
        assert_eq!(idx.char_offset(text.len()), 64);
        assert_eq!(idx.char_offset(64), 32);
    }

    #[test]
    fn empty_and_ascii() {
        assert_eq!(CharOffsets::new("").char_offset(0), 0);
        assert_eq!(CharOffsets::new("abc").char_offset(2), 2);
    }
}
