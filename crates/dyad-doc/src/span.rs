//! Checked half-open byte ranges into a document's text.

use std::fmt;
use std::ops::Range;

/// Why a [`Span`] could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    /// `start` is after `end`.
    #[error("span start {start} is after its end {end}")]
    Inverted {
        /// Requested start byte.
        start: usize,
        /// Requested end byte.
        end: usize,
    },
    /// `end` is past the end of the text.
    #[error("span end {end} is past the end of the text ({len} bytes)")]
    OutOfBounds {
        /// Requested end byte.
        end: usize,
        /// Length of the text in bytes.
        len: usize,
    },
    /// An offset falls inside a multi-byte UTF-8 character.
    #[error("byte offset {offset} is not on a character boundary")]
    NotCharBoundary {
        /// The offending byte offset.
        offset: usize,
    },
}

/// A half-open byte range `[start, end)` into a document's text.
///
/// A `Span` made with [`Span::new`] is known to be well-formed for the text it
/// was checked against: `start <= end <= text.len()` and both ends on UTF-8
/// character boundaries. Spans are converted to character offsets only at the
/// output edge (see [`crate::CharOffsets`]).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// Make a span, checking it against `text`.
    pub fn new(text: &str, start: usize, end: usize) -> Result<Span, SpanError> {
        if start > end {
            return Err(SpanError::Inverted { start, end });
        }
        if end > text.len() {
            return Err(SpanError::OutOfBounds {
                end,
                len: text.len(),
            });
        }
        for offset in [start, end] {
            if !text.is_char_boundary(offset) {
                return Err(SpanError::NotCharBoundary { offset });
            }
        }
        Ok(Span { start, end })
    }

    /// Make a span without checking it against a text. Only `start <= end` is
    /// checked (in debug builds). Use where the offsets come from iterating
    /// the same text (for example `char_indices`), so they are known to be on
    /// boundaries.
    #[inline]
    pub fn from_trusted(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is inverted");
        Span {
            start,
            end: end.max(start),
        }
    }

    /// First byte of the span.
    #[inline]
    pub fn start(self) -> usize {
        self.start
    }

    /// One past the last byte of the span.
    #[inline]
    pub fn end(self) -> usize {
        self.end
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range<usize>`.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The text the span covers. Panics only if the span was not made for
    /// `text` (a programming error); use [`Span::get`] when unsure.
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// The text the span covers, or `None` if the span does not fit `text`.
    #[inline]
    pub fn get(self, text: &str) -> Option<&str> {
        text.get(self.start..self.end)
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Whether `other` lies entirely inside this span.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_checks() {
        let text = "Kyiv – Київ";
        // (start, end, ok)
        let cases: &[(usize, usize, bool)] = &[
            (0, 0, true),
            (0, 4, true),
            (4, 0, false),
            (0, text.len(), true),
            (0, text.len() + 1, false),
            (6, 7, false), // inside the en dash (bytes 5..8)
            (5, 8, true),
        ];
        for &(s, e, ok) in cases {
            assert_eq!(Span::new(text, s, e).is_ok(), ok, "{s}..{e}");
        }
        let err = Span::new(text, 6, 8).unwrap_err();
        assert_eq!(err, SpanError::NotCharBoundary { offset: 6 });
    }

    #[test]
    fn cover_overlap_contains() {
        let a = Span::from_trusted(0, 5);
        let b = Span::from_trusted(3, 9);
        let c = Span::from_trusted(5, 7);
        assert_eq!(a.cover(b), Span::from_trusted(0, 9));
        assert!(a.overlaps(b));
        assert!(!a.overlaps(c), "touching spans do not overlap");
        assert!(b.contains(c));
        assert!(!c.contains(b));
    }
}
