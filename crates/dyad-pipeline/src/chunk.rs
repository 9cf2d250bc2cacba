//! Processing very large documents in parts, so memory stays bounded.
//!
//! Every stage keeps per-token working state, so a document of hundreds of
//! megabytes would need gigabytes if processed whole. [`run_chunked`] cuts a
//! document longer than [`ChunkOptions::threshold`] into parts of about
//! [`ChunkOptions::part_bytes`] — at a paragraph break if there is one, else at
//! a line break, a sentence end, a space, or (for text without any) a
//! character boundary — runs the pipeline on each part and merges the layers
//! back with [`Doc::append_part`]. Search for each cut looks only at the
//! bytes of one part, so the whole run stays linear in the input size.
//!
//! What is lost across a cut: coreference (actors of the same KB entry or
//! the same name are still merged), quotes and sentences that would span it.
//! A note in the output says so.

use dyad_doc::{Doc, MergeError, Pipeline, PipelineError};

/// How documents are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkOptions {
    /// Documents up to this many bytes are processed whole.
    pub threshold: usize,
    /// Target size of each part, in bytes.
    pub part_bytes: usize,
    /// Keep the token layer of a cut document (memory then grows with the
    /// token count; other layers are always kept).
    pub keep_tokens: bool,
}

impl Default for ChunkOptions {
    fn default() -> ChunkOptions {
        ChunkOptions {
            threshold: 1 << 20,
            part_bytes: 256 << 10,
            keep_tokens: false,
        }
    }
}

/// Why a chunked run failed.
#[derive(Debug, thiserror::Error)]
pub enum ChunkError {
    /// A stage failed on a part.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// A part could not be merged back (a bug in the cutting, reported
    /// rather than hidden).
    #[error(transparent)]
    Merge(#[from] MergeError),
}

/// Byte offsets where `text` is cut into parts of at most about `part_bytes`
/// bytes: the starts of every part after the first. Empty when the text fits
/// in one part.
pub fn cut_points(text: &str, part_bytes: usize) -> Vec<usize> {
    let part_bytes = part_bytes.max(16);
    let mut cuts = Vec::new();
    let mut start = 0;
    while text.len() - start > part_bytes {
        let cut = best_cut(text, start, part_bytes);
        cuts.push(cut);
        start = cut;
    }
    cuts
}

/// The best cut in `(start + part/2, start + part]`, preferring a paragraph
/// break, then a line break, then a sentence end, then any whitespace; the
/// cut is placed after the break so the next part starts with its text.
fn best_cut(text: &str, start: usize, part_bytes: usize) -> usize {
    let hi = floor_boundary(text, start + part_bytes);
    let lo = floor_boundary(text, start + part_bytes / 2).max(start + 1);
    let window = &text.as_bytes()[lo..hi];
    let after = |i: usize| lo + i + 1;
    if let Some(i) = window.windows(2).rposition(|w| w == b"\n\n") {
        return after(i + 1);
    }
    if let Some(i) = window.iter().rposition(|&b| b == b'\n') {
        return after(i);
    }
    if let Some(i) = window
        .windows(2)
        .rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ')
    {
        return after(i + 1);
    }
    if let Some(i) = window.iter().rposition(|&b| b == b' ' || b == b'\t') {
        return after(i);
    }
    if hi > start {
        hi
    } else {
        // Only reachable when `part_bytes` is smaller than one character.
        ceil_boundary(text, start + 1)
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// What a chunked run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkStats {
    /// Parts the document was processed in (1 when processed whole).
    pub parts: usize,
    /// Tokens processed over all parts (kept or not).
    pub tokens: usize,
}

/// Run `pipeline` over `doc`, in parts when the document is longer than
/// `opts.threshold`.
pub fn run_chunked(
    pipeline: &Pipeline,
    doc: &mut Doc,
    opts: &ChunkOptions,
) -> Result<ChunkStats, ChunkError> {
    if doc.text().len() <= opts.threshold {
        pipeline.run(doc)?;
        return Ok(ChunkStats {
            parts: 1,
            tokens: doc.tokens.len(),
        });
    }
    let text_len = doc.text().len();
    let mut bounds = vec![0];
    bounds.extend(cut_points(doc.text(), opts.part_bytes));
    bounds.push(text_len);
    let parts = bounds.len() - 1;
    let mut tokens = 0;
    for pair in bounds.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let mut part = Doc::new(&doc.text()[a..b], doc.meta.clone());
        pipeline.run(&mut part)?;
        tokens += part.tokens.len();
        doc.append_part(part, a, opts.keep_tokens)?;
    }
    // Mark what the pipeline provides even if every part was empty.
    doc.mark(pipeline.provides());
    let dropped = if opts.keep_tokens {
        ""
    } else {
        "; tokens were not kept (ask for the tokens layer to keep them)"
    };
    doc.note(
        "pipeline",
        None,
        format!(
            "document of {text_len} bytes processed in {parts} parts of about {} bytes: \
             sentences, quotes and coreference do not cross part boundaries{dropped}",
            opts.part_bytes
        ),
    );
    Ok(ChunkStats { parts, tokens })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_prefer_paragraphs_then_lines_then_sentences_then_spaces() {
        let cases: &[(&str, usize, &[usize])] = &[
            ("short", 64, &[]),
            ("aaaa bbbb.\n\ncccc dddd eeee ffff", 20, &[12]),
            ("aaaa bbbb.\ncccc dddd eeee ffff", 20, &[11]),
            ("aaaa bbbb cc. ddd eeee ffff gggg", 20, &[14]),
            ("aaaa bbbbb cccc dddd eeee ffff", 20, &[16]),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 20, &[20]),
        ];
        for &(text, part, want) in cases {
            assert_eq!(cut_points(text, part), want, "{text:?}");
        }
    }

    #[test]
    fn cuts_land_on_char_boundaries_and_cover_the_text() {
        let text = "é".repeat(100) + &"ü ".repeat(50);
        let cuts = cut_points(&text, 17);
        let mut prev = 0;
        for &c in &cuts {
            assert!(text.is_char_boundary(c));
            assert!(c > prev && c - prev <= 17, "{prev}..{c}");
            prev = c;
        }
        assert!(text.len() - prev <= 17);
    }
}
