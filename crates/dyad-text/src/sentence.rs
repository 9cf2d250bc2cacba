//! The sentence splitter: hard rules for line breaks and quotations, and an
//! averaged-perceptron boundary classifier (trained on UD English EWT train
//! by [`crate::train_sentence_model`]) for everything else.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use crate::chars::{is_newline, is_quote, is_terminal, is_word};
use crate::lexicon;
use crate::tokenize::Piece;

/// A sentence found by the splitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceRange {
    /// Indices of its tokens.
    pub tokens: Range<usize>,
    /// Whether a line break precedes it (or it starts the text).
    pub new_paragraph: bool,
}

/// Why a sentence model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not a sentence model of this version.
    #[error("{origin}: not a dyad sentence model (bad magic or version)")]
    BadHeader {
        /// Where the bytes came from.
        origin: String,
    },
    /// The file ends early.
    #[error("{origin}: sentence model truncated (expected {expected} bytes, found {found})")]
    Truncated {
        /// Where the bytes came from.
        origin: String,
        /// Bytes the header promises.
        expected: usize,
        /// Bytes present.
        found: usize,
    },
}

const MAGIC: &[u8; 8] = b"DYADSENT";
const VERSION: u32 = 1;

/// A pass-through hasher for keys that are already hashes.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Weights of the boundary classifier: feature hash → weight.
#[derive(Debug, Clone, Default)]
pub struct SentenceModel {
    pub(crate) weights: IdMap<f32>,
}

impl SentenceModel {
    /// The model shipped with dyad (`model/sentence.bin`, trained on EWT train).
    pub fn builtin() -> &'static SentenceModel {
        static MODEL: OnceLock<SentenceModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            SentenceModel::from_bytes(include_bytes!("../model/sentence.bin"), "builtin")
                .unwrap_or_default()
        })
    }

    /// Parse a model written by [`SentenceModel::to_bytes`]; `origin` names
    /// the source in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<SentenceModel, ModelError> {
        let bad = || ModelError::BadHeader {
            origin: origin.to_string(),
        };
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(bad());
        }
        let word =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        if word(8) != VERSION {
            return Err(bad());
        }
        let n = word(12) as usize;
        let expected = 16 + n * 12;
        if bytes.len() != expected {
            return Err(ModelError::Truncated {
                origin: origin.to_string(),
                expected,
                found: bytes.len(),
            });
        }
        let mut weights = IdMap::default();
        weights.reserve(n);
        for k in 0..n {
            let o = 16 + k * 12;
            let mut h = [0u8; 8];
            h.copy_from_slice(&bytes[o..o + 8]);
            let mut w = [0u8; 4];
            w.copy_from_slice(&bytes[o + 8..o + 12]);
            weights.insert(u64::from_le_bytes(h), f32::from_le_bytes(w));
        }
        Ok(SentenceModel { weights })
    }

    /// Serialise: magic, version, count, then `(hash u64, weight f32)` pairs
    /// in hash order, little-endian (deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut pairs: Vec<(u64, f32)> = self.weights.iter().map(|(&h, &w)| (h, w)).collect();
        pairs.sort_by_key(|p| p.0);
        let mut out = Vec::with_capacity(16 + pairs.len() * 12);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
        for (h, w) in pairs {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Number of features with a weight.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    pub(crate) fn score(&self, feats: &[u64]) -> f32 {
        feats
            .iter()
            .map(|h| self.weights.get(h).copied().unwrap_or(0.0))
            .sum()
    }
}

/// What lies between two tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    None,
    Space,
    Spaces,
    Line,
}

fn gap(text: &str, a: usize, b: usize) -> Gap {
    if a == b {
        return Gap::None;
    }
    let g = &text[a..b];
    if g.chars().any(is_newline) {
        Gap::Line
    } else if g.len() == 1 {
        Gap::Space
    } else {
        Gap::Spaces
    }
}

/// Coarse class of a token's first or last character.
fn class(c: char) -> u8 {
    if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else if c.is_ascii_digit() {
        b'd'
    } else if is_word(c) {
        b'w'
    } else if c.is_ascii() {
        c as u8
    } else if is_quote(c) {
        b'q'
    } else if is_terminal(c) {
        b't'
    } else {
        b'o'
    }
}

/// Word shape: X x d per character, runs longer than two cut, at most 6.
fn shape(w: &str, out: &mut Vec<u8>) {
    out.clear();
    let mut last = 0u8;
    let mut run = 0;
    for c in w.chars() {
        let k = class(c);
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
            last = k;
        }
        out.push(k);
        if out.len() >= 6 {
            break;
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Feature hashes for the candidate boundary after token `k`.
pub(crate) struct Features<'a> {
    text: &'a str,
    pieces: &'a [Piece],
    shape_buf: Vec<u8>,
    lower: [String; 4],
    pub(crate) out: Vec<u64>,
}

fn lower_into(w: &str, out: &mut String) {
    out.clear();
    for c in w.chars().take(16) {
        out.extend(c.to_lowercase());
    }
}

impl<'a> Features<'a> {
    pub(crate) fn new(text: &'a str, pieces: &'a [Piece]) -> Features<'a> {
        Features {
            text,
            pieces,
            shape_buf: Vec::new(),
            lower: Default::default(),
            out: Vec::with_capacity(32),
        }
    }

    fn tok(&self, i: isize) -> &'a str {
        if i < 0 || i as usize >= self.pieces.len() {
            ""
        } else {
            self.pieces[i as usize].span.slice(self.text)
        }
    }

    fn add(&mut self, template: u8, parts: &[&[u8]]) {
        let mut h = fnv(FNV_OFFSET, &[template]);
        for p in parts {
            h = fnv(h, p);
            h = fnv(h, &[0x1f]);
        }
        self.out.push(h);
    }

    /// Compute the features of the boundary after token `k`. `since` is the
    /// number of tokens since the last boundary; `quote` the quotation state.
    pub(crate) fn compute(&mut self, k: usize, g: Gap, since: usize, quote: u8) {
        self.out.clear();
        let k = k as isize;
        let wm1 = self.tok(k - 1);
        let w0 = self.tok(k);
        let w1 = self.tok(k + 1);
        let w2 = self.tok(k + 2);
        let mut lower = std::mem::take(&mut self.lower);
        lower_into(wm1, &mut lower[0]);
        lower_into(w0, &mut lower[1]);
        lower_into(w1, &mut lower[2]);
        lower_into(w2, &mut lower[3]);
        let [lm1, l0, l1, l2] = [
            lower[0].as_bytes(),
            lower[1].as_bytes(),
            lower[2].as_bytes(),
            lower[3].as_bytes(),
        ];
        let mut sh = std::mem::take(&mut self.shape_buf);
        shape(w0, &mut sh);
        let s0 = sh.clone();
        shape(w1, &mut sh);
        let s1 = sh.clone();
        shape(wm1, &mut sh);
        let sm1 = sh.clone();
        shape(w2, &mut sh);
        let s2 = sh.clone();
        self.shape_buf = sh;
        let g = [g as u8];
        let last0 = w0.chars().next_back().map(class).unwrap_or(0);
        let first1 = w1.chars().next().map(class).unwrap_or(0);
        let abbr = w0
            .strip_suffix('.')
            .is_some_and(|w| !w.is_empty() && lexicon::is_listed_abbreviation(w));
        let since_b = [match since {
            0..=2 => since as u8,
            3..=5 => 3,
            6..=10 => 4,
            11..=20 => 5,
            _ => 6,
        }];
        let len0 = [w0.chars().count().min(8) as u8];
        self.add(0, &[]);
        self.add(1, &[l0]);
        self.add(2, &[l1]);
        self.add(3, &[lm1]);
        self.add(4, &[&s0]);
        self.add(5, &[&s1]);
        self.add(6, &[&sm1]);
        self.add(7, &[&s2]);
        self.add(8, &[l0, &s1]);
        self.add(9, &[lm1, l0]);
        self.add(10, &[l0, l1]);
        self.add(11, &[&[last0], &[first1]]);
        self.add(12, &[&[abbr as u8], &[first1]]);
        self.add(13, &[&g]);
        self.add(14, &[&g, &[last0], &[first1]]);
        self.add(15, &[&[quote], &[last0], &[first1]]);
        self.add(16, &[&since_b, &[last0]]);
        self.add(17, &[&s0, &s1]);
        self.add(18, &[lm1, l0, &s1]);
        self.add(19, &[l1, l2]);
        self.add(20, &[&len0, &[last0], &[first1]]);
        self.add(21, &[&sm1, &s0, &s1]);
        self.add(22, &[l0, &s1, &s2]);
        self.lower = lower;
    }
}

/// Whether the boundary after token `k` is worth asking the classifier
/// about: something other than a word followed by a lower-case word.
#[inline]
pub(crate) fn is_candidate(text: &str, pieces: &[Piece], k: usize) -> bool {
    let w0 = pieces[k].span.slice(text);
    let w1 = pieces[k + 1].span.slice(text);
    let last = w0.chars().next_back().unwrap_or(' ');
    let first = w1.chars().next().unwrap_or(' ');
    !(is_word(last) && first.is_lowercase())
}

/// Split tokenized text into sentences with the built-in model.
pub fn split_sentences(text: &str, pieces: &[Piece]) -> Vec<SentenceRange> {
    split_with(SentenceModel::builtin(), text, pieces)
}

/// Quotation state per token: 1 inside a straight double quote, 2 inside a
/// balanced curly double quote (“…” closed within the same paragraph).
fn quote_states(text: &str, pieces: &[Piece]) -> Vec<u8> {
    let n = pieces.len();
    let mut state = vec![0u8; n];
    // Backward pass: index of the next ” and the next line break or “.
    let mut next_close = vec![usize::MAX; n + 1];
    let mut next_stop = vec![usize::MAX; n + 1];
    for k in (0..n).rev() {
        let t = pieces[k].span.slice(text);
        next_close[k] = if t == "”" { k } else { next_close[k + 1] };
        let line =
            k + 1 < n && gap(text, pieces[k].span.end(), pieces[k + 1].span.start()) == Gap::Line;
        next_stop[k] = if t == "“" || line {
            k
        } else {
            next_stop[k + 1]
        };
    }
    let mut k = 0;
    let mut straight = false;
    while k < n {
        let t = pieces[k].span.slice(text);
        if t == "“" {
            let close = next_close[k + 1];
            let stop = next_stop[k + 1];
            if close != usize::MAX && close <= stop {
                for s in &mut state[k + 1..close] {
                    *s = 2;
                }
                k = close + 1;
                continue;
            }
        }
        if t == "\"" {
            straight = !straight;
        }
        if k + 1 < n && gap(text, pieces[k].span.end(), pieces[k + 1].span.start()) == Gap::Line {
            straight = false;
        }
        if straight && t != "\"" {
            state[k] = 1;
        }
        k += 1;
    }
    state
}

/// Split with a given model.
pub fn split_with(model: &SentenceModel, text: &str, pieces: &[Piece]) -> Vec<SentenceRange> {
    let n = pieces.len();
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    let quotes = quote_states(text, pieces);
    let mut feats = Features::new(text, pieces);
    let mut start = 0;
    let mut para = true;
    for k in 0..n - 1 {
        let g = gap(text, pieces[k].span.end(), pieces[k + 1].span.start());
        let boundary = match g {
            Gap::Line => true,
            Gap::None => false,
            _ if quotes[k] == 2 && quotes[k + 1] == 2 => false,
            _ if !is_candidate(text, pieces, k) => false,
            _ => {
                feats.compute(k, g, k + 1 - start, quotes[k]);
                model.score(&feats.out) > 0.0
            }
        };
        if boundary {
            out.push(SentenceRange {
                tokens: start..k + 1,
                new_paragraph: para,
            });
            start = k + 1;
            para = g == Gap::Line;
        }
    }
    out.push(SentenceRange {
        tokens: start..n,
        new_paragraph: para,
    });
    out
}

/// Candidate boundaries of a tokenized text with their features, for
/// training: `(token index, gap, quote state)`.
pub(crate) fn candidates(text: &str, pieces: &[Piece]) -> Vec<(usize, Gap, u8)> {
    let n = pieces.len();
    let quotes = quote_states(text, pieces);
    let mut out = Vec::new();
    for k in 0..n.saturating_sub(1) {
        let g = gap(text, pieces[k].span.end(), pieces[k + 1].span.start());
        if matches!(g, Gap::Space | Gap::Spaces)
            && !(quotes[k] == 2 && quotes[k + 1] == 2)
            && is_candidate(text, pieces, k)
        {
            out.push((k, g, quotes[k]));
        }
    }
    out
}
