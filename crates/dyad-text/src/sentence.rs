//! The sentence splitter: hard rules for line breaks and quotations, and an
//! averaged-perceptron boundary classifier (trained on UD English EWT train
//! by [`crate::train_sentence_model`]) for everything else.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use dyad_doc::Upos;

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
const VERSION: u32 = 3;
/// The format of a model trained with part-of-speech tag features: as
/// [`VERSION`], with the tag templates ([`SentenceModel::tag_templates`])
/// as a `u32` after the threshold. Models without them are still written
/// as version 3.
const VERSION_TAGS: u32 = 4;

/// The part-of-speech tag templates of the boundary classifier (bits of
/// [`SentenceModel::tag_templates`]), used when the caller gives the tags
/// of the pieces ([`split_classed`]). `k` is the token before the
/// candidate; "classes" are the character classes around it.
pub mod tag_templates {
    /// The tags of tokens k−2 … k+2, one by one.
    pub const UNIGRAMS: u32 = 1;
    /// The tag pairs (k, k+1) and (k+1, k+2).
    pub const PAIRS: u32 = 2;
    /// The pair (k, k+1) with the gap, and with the boundary's classes.
    pub const PAIR_WITH_GAP: u32 = 4;
    /// Clause bits: whether the sentence so far has a verb or auxiliary,
    /// and whether a clause opens at k+1 (a pronoun, noun, determiner or
    /// number followed within four tokens, before punctuation or a
    /// conjunction, by a verb or auxiliary; a verb; an interjection), alone,
    /// with the boundary's classes and with the gap.
    pub const CLAUSE: u32 = 8;
    /// The tag triples (k−1, k, k+1) and (k, k+1, k+2).
    pub const TRIPLES: u32 = 16;
    /// The tag features in the prose weight set too (else only in the
    /// layout set).
    pub const PROSE: u32 = 32;
    /// Whether the sentence so far has a verb, with the pair (k, k+1).
    pub const VERB_PAIR: u32 = 64;
    /// Tag k with word k+1, and word k with tag k+1.
    pub const WORD_TAG: u32 = 128;
    /// The clause bits with the length of the sentence so far.
    pub const LENGTH: u32 = 256;
    /// The pair (k, k+1) with the tokens left in the paragraph (up to 4).
    pub const REMAINING: u32 = 512;
    /// The tag of the first token of the sentence so far, with whether
    /// the sentence so far has a verb and the tag of k+1.
    pub const OPENER: u32 = 1024;
    /// The pair (k, k+1) with the shapes of k and k+1.
    pub const PAIR_WITH_SHAPES: u32 = 2048;
}

/// Mixed into every feature of the layout model: the model file holds two
/// weight sets, one for edited prose and one, trained with flattened
/// paragraph layouts too, for e-mail-like texts (see
/// [`crate::train_sentence_model`]).
const LAYOUT_SALT: u64 = 0x5A17_0C1D_E4A7_B00F;

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
    /// A boundary is predicted where the score exceeds this.
    pub threshold: f32,
    /// The part-of-speech tag templates the model was trained with (bits
    /// of [`tag_templates`]; 0: none, the tags given to [`split_classed`]
    /// are then ignored).
    pub tag_templates: u32,
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
        if bytes.len() < 20 || &bytes[..8] != MAGIC {
            return Err(bad());
        }
        let word =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let version = word(8);
        if version != VERSION && version != VERSION_TAGS {
            return Err(bad());
        }
        let head = if version == VERSION_TAGS { 24 } else { 20 };
        if bytes.len() < head {
            return Err(bad());
        }
        let n = word(12) as usize;
        let threshold = f32::from_bits(word(16));
        let tag_templates = if version == VERSION_TAGS { word(20) } else { 0 };
        let expected = head + n * 12;
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
            let o = head + k * 12;
            let mut h = [0u8; 8];
            h.copy_from_slice(&bytes[o..o + 8]);
            let mut w = [0u8; 4];
            w.copy_from_slice(&bytes[o + 8..o + 12]);
            weights.insert(u64::from_le_bytes(h), f32::from_le_bytes(w));
        }
        Ok(SentenceModel {
            weights,
            threshold,
            tag_templates,
        })
    }

    /// Serialise: magic, version, count, threshold, (for a model with tag
    /// templates: version 4 and the templates as a `u32`), then `(hash u64,
    /// weight f32)` pairs in hash order, little-endian (deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut pairs: Vec<(u64, f32)> = self.weights.iter().map(|(&h, &w)| (h, w)).collect();
        pairs.sort_by_key(|p| p.0);
        let mut out = Vec::with_capacity(24 + pairs.len() * 12);
        out.extend_from_slice(MAGIC);
        let version = if self.tag_templates == 0 {
            VERSION
        } else {
            VERSION_TAGS
        };
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.threshold.to_bits().to_le_bytes());
        if self.tag_templates != 0 {
            out.extend_from_slice(&self.tag_templates.to_le_bytes());
        }
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

    /// The linear blend `(1 − share)·self + share·other`: weights, thresholds
    /// and tag templates (the union) of two models, so that the blend's
    /// score is the same blend of the two scores (an ensemble of a model
    /// with and one without tags, say). Deterministic: the weights are
    /// summed in key order.
    pub fn blend(&self, other: &SentenceModel, share: f32) -> SentenceModel {
        let mut keys: Vec<u64> = self
            .weights
            .keys()
            .chain(other.weights.keys())
            .copied()
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let get = |m: &SentenceModel, k: u64| m.weights.get(&k).copied().unwrap_or(0.0);
        let weights = keys
            .into_iter()
            .map(|k| (k, (1.0 - share) * get(self, k) + share * get(other, k)))
            .filter(|&(_, w)| w != 0.0)
            .collect();
        SentenceModel {
            weights,
            threshold: (1.0 - share) * self.threshold + share * other.threshold,
            tag_templates: self.tag_templates | other.tag_templates,
        }
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

/// The gap between tokens `k` and `k + 1`. A line break listed in `soft`
/// (see [`soft_breaks`]) is a space that wrapping put there, not a break.
fn gap_between(text: &str, pieces: &[Piece], k: usize, soft: &[usize]) -> Gap {
    let (a, b) = (pieces[k].span.end(), pieces[k + 1].span.start());
    if a == b {
        return Gap::None;
    }
    let g = &text[a..b];
    if g.len() == 1 {
        if is_newline(g.chars().next().unwrap_or(' ')) {
            if soft.binary_search(&a).is_ok() {
                Gap::Space
            } else {
                Gap::Line
            }
        } else {
            Gap::Space
        }
    } else if g.chars().any(is_newline) {
        let mut breaks = g.char_indices().filter(|&(_, c)| c == '\n');
        match (breaks.next(), breaks.next()) {
            (Some((i, _)), None)
                if soft.binary_search(&(a + i)).is_ok()
                    && !g.chars().any(|c| is_newline(c) && c != '\n' && c != '\r') =>
            {
                Gap::Spaces
            }
            _ => Gap::Line,
        }
    } else {
        Gap::Spaces
    }
}

/// Narrowest line width (in characters) taken for a wrapping column: lists,
/// addresses and sign-offs have short lines that are not wrapped prose.
const MIN_WRAP_COLUMN: usize = 40;
/// Widest: beyond this, lines are paragraphs, not wrapped text.
const MAX_WRAP_COLUMN: usize = 132;

/// Byte offsets (ascending) of the `\n` characters that hard wrapping put
/// into running text, as in e-mail, wire copy or text taken from PDFs. The
/// wrap column `w` is the longest line followed by another non-blank line;
/// it must lie between [`MIN_WRAP_COLUMN`] and [`MAX_WRAP_COLUMN`]. A line
/// break is a wrap when the next line's first word would not have fitted on
/// the line (`width + 1 + word > w`) and the next line does not open with
/// indentation or a list mark. The text counts as wrapped only when at
/// least a quarter of all its single line breaks are wraps in mid-sentence
/// (after neither a terminal mark, a closing quote nor a bracket), and
/// there are two such wraps or one before a lower-case word: with a line
/// per paragraph, line ends are sentence ends.
/// A blank line always stays a paragraph break. Linear in the text.
pub fn soft_breaks(text: &str) -> Vec<usize> {
    // A line: where it starts and its text without the '\n'.
    struct Line<'a> {
        start: usize,
        body: &'a str,
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            lines.push(Line {
                start,
                body: &text[start..i],
            });
            start = i + 1;
        }
    }
    lines.push(Line {
        start,
        body: &text[start..],
    });
    let width = |s: &str| s.trim_end().chars().count();
    let blank = |s: &str| s.trim().is_empty();
    // Only line breaks between two non-blank lines can be wraps.
    let pairs = || {
        lines
            .windows(2)
            .filter(|w| !blank(w[0].body) && !blank(w[1].body))
    };
    let Some(column) = pairs().map(|w| width(w[0].body)).max() else {
        return Vec::new();
    };
    if !(MIN_WRAP_COLUMN..=MAX_WRAP_COLUMN).contains(&column) {
        return Vec::new();
    }
    let (mut total, mut mid_sentence, mut lower_next) = (0usize, 0usize, false);
    let mut soft = Vec::new();
    for w in pairs() {
        total += 1;
        let next = w[1].body;
        let opens_item = next.starts_with(|c: char| c.is_whitespace())
            || next.starts_with(['-', '*', '•', '>', '#', '|'])
            || next.split_once(['.', ')']).is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
            });
        let word = next
            .split_whitespace()
            .next()
            .map_or(0, |x| x.chars().count());
        if !opens_item && width(w[0].body) + 1 + word > column {
            let last = w[0].body.trim_end().chars().next_back().unwrap_or(' ');
            let mid = !is_terminal(last) && !is_quote(last) && last != ')';
            mid_sentence += usize::from(mid);
            lower_next |= mid && next.starts_with(|c: char| c.is_lowercase());
            soft.push(w[1].start - 1);
        }
    }
    if (mid_sentence >= 2 || lower_next) && 4 * mid_sentence >= total {
        soft
    } else {
        Vec::new()
    }
}

/// Coarse class of a character.
fn class(c: char) -> u8 {
    if c.is_ascii_lowercase() {
        b'x'
    } else if c.is_ascii_uppercase() {
        b'X'
    } else if c.is_ascii_digit() {
        b'd'
    } else if c.is_ascii() {
        c as u8
    } else if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else if is_word(c) {
        b'w'
    } else if is_quote(c) {
        b'q'
    } else if is_terminal(c) {
        b't'
    } else {
        b'o'
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn fnv_byte(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// What the features need to know of one token, computed once.
#[derive(Debug, Clone, Copy, Default)]
struct TokInfo {
    /// Hash of the lower-cased form (first 16 characters).
    lex: u64,
    /// Hash of the shape: character classes, runs cut at two, at most 6.
    shape: u64,
    first: u8,
    last: u8,
    /// Length in characters, capped at 8.
    len: u8,
    /// Ends in a period after a listed abbreviation.
    abbr: bool,
}

/// Add a character, lower-cased, to a form hash.
#[inline]
fn lex_push(mut lex: u64, c: char) -> u64 {
    if c.is_ascii() {
        return fnv_byte(lex, c.to_ascii_lowercase() as u8);
    }
    for l in c.to_lowercase() {
        let mut buf = [0u8; 4];
        for &b in l.encode_utf8(&mut buf).as_bytes() {
            lex = fnv_byte(lex, b);
        }
    }
    lex
}

/// [`TokInfo::lex`] alone.
fn lex_of(w: &str) -> u64 {
    w.chars().take(16).fold(FNV_OFFSET, lex_push)
}

impl TokInfo {
    fn of(w: &str) -> TokInfo {
        let mut lex = FNV_OFFSET;
        let mut shape = FNV_OFFSET;
        let (mut last_class, mut run, mut shape_len) = (0u8, 0, 0);
        let mut first = 0;
        let mut last = 0;
        let mut len = 0usize;
        for (i, c) in w.chars().enumerate() {
            let k = class(c);
            if i == 0 {
                first = k;
            }
            last = k;
            len += 1;
            if i < 16 {
                lex = lex_push(lex, c);
            }
            if shape_len < 6 {
                if k == last_class {
                    run += 1;
                } else {
                    run = 0;
                    last_class = k;
                }
                if run < 2 {
                    shape = fnv_byte(shape, k);
                    shape_len += 1;
                }
            } else if i >= 16 {
                break;
            }
        }
        if len >= 16 {
            len = w.chars().take(9).count();
            last = w.chars().next_back().map(class).unwrap_or(0);
        }
        let abbr = w
            .strip_suffix('.')
            .is_some_and(|s| !s.is_empty() && lexicon::is_listed_abbreviation(s));
        TokInfo {
            lex,
            shape,
            first,
            last,
            len: len.min(8) as u8,
            abbr,
        }
    }

    fn none() -> TokInfo {
        TokInfo {
            lex: FNV_OFFSET,
            shape: FNV_OFFSET,
            ..TokInfo::default()
        }
    }
}

#[inline]
fn mix(template: u64, parts: &[u64]) -> u64 {
    let mut h = template.wrapping_add(0x9E37_79B9_7F4A_7C15);
    for &p in parts {
        h = (h ^ p).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 31;
    }
    h
}

/// What the classifier knows of the surroundings of a candidate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context {
    /// Quotation state of the token before the candidate.
    pub quote: u8,
    /// Tokens left until the end of the paragraph.
    pub remaining: usize,
    /// Position of the candidate's token in its paragraph (0 = first).
    pub in_para: usize,
    /// First token of the sentence the candidate would close (as decided
    /// so far; gold sentences in training).
    pub sent_start: usize,
}

/// At most this many paragraph openings and closings are remembered per
/// text (memory stays bounded on huge inputs).
const MAX_EDGES: usize = 1 << 16;

type IdSet = HashSet<u64, BuildHasherDefault<IdHasher>>;

/// Feature extraction over one tokenized text. Token facts are cached in a
/// small ring; besides it, only the set of lower-cased two-word
/// paragraph openings and closings of the text and the counts of its pairs
/// of capitalised words are kept (at most [`MAX_EDGES`] of each), so memory
/// stays bounded however long the text is.
pub(crate) struct Features<'a> {
    text: &'a str,
    pieces: &'a [Piece],
    ring: [(usize, TokInfo); 8],
    /// How the text's paragraphs open: `mix(61, [first, second])` of
    /// their lower-cased forms.
    openings: IdSet,
    /// How they close: `mix(61, [second last, last])`.
    closings: IdSet,
    /// How often each pair of capitalised words written one after the
    /// other occurs in the text (counts stop at 2): `mix(62, [first,
    /// second])` of their lower-cased forms.
    pairs: IdMap<u8>,
    /// Paragraphs of the text, and how many end in a terminal mark, a
    /// closing quotation mark or a bracket.
    paras: usize,
    closed_paras: usize,
    /// Whether the text is scored by the layout model (see
    /// [`Features::finish`]) rather than the prose model: every feature
    /// is then salted with [`LAYOUT_SALT`].
    pub(crate) layout: bool,
    pub(crate) out: Vec<u64>,
    /// Part-of-speech tags of the pieces, one per piece, when the caller
    /// has them (see [`split_classed`]); `None`: no tag features.
    classes: Option<&'a [Upos]>,
    /// The tag templates on (bits of [`tag_templates`]).
    templates: u32,
    /// Pieces scanned for verbs so far, and the last verb or auxiliary
    /// among them (`usize::MAX`: none).
    verb_scan: usize,
    last_verb: usize,
}

impl<'a> Features<'a> {
    pub(crate) fn new(text: &'a str, pieces: &'a [Piece]) -> Features<'a> {
        Features {
            text,
            pieces,
            ring: [(usize::MAX, TokInfo::default()); 8],
            openings: IdSet::default(),
            closings: IdSet::default(),
            pairs: IdMap::default(),
            paras: 0,
            closed_paras: 0,
            layout: false,
            out: Vec::with_capacity(64),
            classes: None,
            templates: 0,
            verb_scan: 0,
            last_verb: usize::MAX,
        }
    }

    /// Remember how the paragraph of tokens `p..=e` opens and closes (its
    /// first two and last two words, when it has two or more), and count
    /// its pairs of capitalised words.
    fn paragraph(&mut self, p: usize, e: usize) {
        self.paras += 1;
        let last = self.pieces[e].span.slice(self.text).chars().next_back();
        if last.is_some_and(|c| is_terminal(c) || is_quote(c) || c == ')') {
            self.closed_paras += 1;
        }
        if p == e {
            return;
        }
        let lex = |i: usize| lex_of(self.pieces[i].span.slice(self.text));
        if self.openings.len() < MAX_EDGES {
            self.openings.insert(mix(61, &[lex(p), lex(p + 1)]));
        }
        if self.closings.len() < MAX_EDGES {
            self.closings.insert(mix(61, &[lex(e - 1), lex(e)]));
        }
        // Pairs of capitalised words with white space between them.
        let upper = |i: usize| {
            let w = self.pieces[i].span.slice(self.text);
            match w.as_bytes().first() {
                Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                _ => w.chars().next().is_some_and(char::is_uppercase),
            }
        };
        let mut prev = None::<u64>;
        for i in p..=e {
            if !upper(i) {
                prev = None;
                continue;
            }
            let l = lex(i);
            if let Some(a) = prev
                && self.pieces[i - 1].span.end() < self.pieces[i].span.start()
            {
                let key = mix(62, &[a, l]);
                if self.pairs.len() < MAX_EDGES || self.pairs.contains_key(&key) {
                    let c = self.pairs.entry(key).or_insert(0);
                    *c = (*c + 1).min(2);
                }
            }
            prev = Some(l);
        }
    }

    /// Once all paragraphs are seen, choose the model: the text reads as
    /// edited prose (news, most answers and blog posts) when at least
    /// three quarters of its paragraphs end in a terminal mark, a closing
    /// quotation mark or a bracket; otherwise (e-mail with headers, lists
    /// and signatures, unpunctuated posts) the layout model reads it.
    fn finish(&mut self) {
        self.layout = 4 * self.closed_paras < 3 * self.paras;
    }

    fn info(&mut self, i: isize) -> TokInfo {
        if i < 0 || i as usize >= self.pieces.len() {
            return TokInfo::none();
        }
        let i = i as usize;
        let slot = &mut self.ring[i % 8];
        if slot.0 != i {
            *slot = (i, TokInfo::of(self.pieces[i].span.slice(self.text)));
        }
        slot.1
    }

    /// Compute the features of the boundary after token `k`.
    pub(crate) fn compute(&mut self, k: usize, g: Gap, cx: Context) {
        let k = k as isize;
        let (tm1, t0, t1, t2, t3) = (
            self.info(k - 1),
            self.info(k),
            self.info(k + 1),
            self.info(k + 2),
            self.info(k + 3),
        );
        let (last0, first1) = (u64::from(t0.last), u64::from(t1.first));
        let g = g as u64;
        let quote = u64::from(cx.quote);
        let rem = match cx.remaining {
            0..=3 => cx.remaining as u64,
            4..=8 => 4,
            9..=20 => 5,
            _ => 6,
        };
        // Whether the two words after the candidate open, and the two
        // before it close, some paragraph of this text (e-mail threads
        // repeat their sign-offs and headers, once on a line of their own).
        // One-word echoes were tried: in news, names open paragraphs and
        // those features split "she suspected‖ Crutcher was".
        let echo = u64::from(self.openings.contains(&mix(61, &[t1.lex, t2.lex])))
            | u64::from(self.closings.contains(&mix(61, &[tm1.lex, t0.lex]))) << 1;
        let out = &mut self.out;
        out.clear();
        out.extend_from_slice(&[
            mix(0, &[]),
            mix(1, &[t0.lex]),
            mix(2, &[t1.lex]),
            mix(3, &[tm1.lex]),
            mix(4, &[t0.shape]),
            mix(5, &[t1.shape]),
            mix(6, &[tm1.shape]),
            mix(7, &[t2.shape]),
            mix(8, &[t0.lex, t1.shape]),
            mix(9, &[tm1.lex, t0.lex]),
            mix(10, &[t0.lex, t1.lex]),
            mix(11, &[last0, first1]),
            mix(12, &[u64::from(t0.abbr), first1]),
            mix(13, &[g]),
            mix(14, &[g, last0, first1]),
            mix(15, &[quote, last0, first1]),
            mix(17, &[t0.shape, t1.shape]),
            mix(18, &[tm1.lex, t0.lex, t1.shape]),
            mix(19, &[t1.lex, t2.lex]),
            mix(20, &[u64::from(t0.len), last0, first1]),
            mix(21, &[tm1.shape, t0.shape, t1.shape]),
            mix(22, &[t0.lex, t1.shape, t2.shape]),
            mix(25, &[rem, last0, first1]),
            mix(43, &[t1.shape, t2.shape, t3.shape]),
            mix(44, &[t2.lex]),
            mix(45, &[t1.lex, t2.shape]),
            mix(50, &[echo]),
            mix(51, &[echo, last0, first1]),
            mix(52, &[echo, t0.shape, t1.shape]),
        ]);
        // List numbering: the candidate closes an item number ("…
        // problems: 1.‖ I tested": the number opens the sentence), or one
        // opens after it ("problems:‖ 1. I tested").
        let number = |t: &TokInfo| t.first == b'd' && t.last == b'd' && t.len <= 2;
        let mark = |t: &TokInfo| !matches!(t.first, b'x' | b'X' | b'd' | b'w');
        let closes_number = matches!(t0.first, b'.' | b')')
            && number(&tm1)
            && (cx.in_para < 2 || mark(&self.info(k - 2)));
        let opens_number = number(&t1) && matches!(t2.first, b'.' | b')');
        let item = u64::from(closes_number) | u64::from(opens_number) << 1;
        self.out.push(mix(80, &[item, last0, first1]));
        // The two capitalised words around the candidate are written
        // together elsewhere in the text too: a name ("¶ Hillary‖ Clinton
        // is…" in news), not a greeting or a list ("¶ Mike‖ I see…").
        let rep = u64::from(
            t0.first == b'X'
                && t1.first == b'X'
                && self
                    .pairs
                    .get(&mix(62, &[t0.lex, t1.lex]))
                    .is_some_and(|&c| c >= 2),
        );
        self.out.push(mix(86, &[rep, last0, first1]));
        if let Some(cls) = self.classes {
            self.class_features(
                cls,
                k as usize,
                g,
                cx,
                [last0, first1, t0.lex, t1.lex, t0.shape, t1.shape],
            );
        }
        if self.layout {
            // How the sentence so far opens (its first token's shape),
            // with the boundary: e-mail and list lines ("Kyle‖", "-
            // Report.pdf‖ - Stocks.pdf"). Only here: with the prose model
            // these split news names ("¶ Donald‖ Trump says").
            let f = self.info(cx.sent_start as isize);
            self.out.push(mix(101, &[f.shape, last0, first1]));
            self.out.push(mix(102, &[f.shape, t0.shape, t1.shape]));
            // The shapes of the last three tokens (a name, a file, a date
            // line before the boundary).
            let tm2 = self.info(k - 2);
            self.out.push(mix(99, &[tm2.shape, tm1.shape, t0.shape]));
            for h in &mut self.out {
                *h = (*h ^ LAYOUT_SALT).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            }
        }
    }
}

/// The class the tag templates read for a piece tagged `upos` / `xpos`
/// (Penn tag): finite verbs and modals (VBD, VBZ, VBP, MD) become
/// [`Upos::Aux`], other verbs and auxiliaries [`Upos::Verb`], possessive
/// pronouns (PRP$: "its", "my") [`Upos::Det`]; every other tag stays.
/// The clause bits count both verb classes as verbs; the pairs then see
/// whether a clause has a finite verb. The tenth session's recommended
/// model is trained and read with these classes (see the model card).
pub fn clause_class(upos: Upos, xpos: &str) -> Upos {
    match (upos, xpos) {
        (_, "VBD" | "VBZ" | "VBP" | "MD") => Upos::Aux,
        (Upos::Verb | Upos::Aux, _) => Upos::Verb,
        (_, "PRP$") => Upos::Det,
        (u, _) => u,
    }
}

impl Features<'_> {
    /// Features of the part-of-speech tags around the candidate after
    /// piece `k` (see [`split_classed`]).
    fn class_features(&mut self, cls: &[Upos], k: usize, g: u64, cx: Context, near: [u64; 6]) {
        let [last0, first1, lex0, lex1, shape0, shape1] = near;
        use tag_templates as t;
        let mask = self.templates;
        if mask & t::PROSE == 0 && !self.layout {
            return;
        }
        const NONE: u64 = 17;
        let c = |i: isize| -> u64 {
            if i < 0 {
                return NONE;
            }
            cls.get(i as usize).map_or(NONE, |&u| u as u64)
        };
        let ki = k as isize;
        let (cm2, cm1, c0, c1, c2) = (c(ki - 2), c(ki - 1), c(ki), c(ki + 1), c(ki + 2));
        let verb = |u: Upos| matches!(u, Upos::Verb | Upos::Aux);
        // The last verb or auxiliary up to k (the walk asks in order).
        if k + 1 < self.verb_scan {
            self.verb_scan = 0;
            self.last_verb = usize::MAX;
        }
        while self.verb_scan <= k && self.verb_scan < cls.len() {
            if verb(cls[self.verb_scan]) {
                self.last_verb = self.verb_scan;
            }
            self.verb_scan += 1;
        }
        let verb_so_far =
            u64::from(self.last_verb != usize::MAX && self.last_verb >= cx.sent_start);
        // Does a clause open at k + 1: a subject-like word followed
        // (within four pieces, before punctuation or a conjunction) by a
        // verb or auxiliary (1), a verb or auxiliary (2), an interjection (3).
        let opens = match cls.get(k + 1) {
            Some(Upos::Pron | Upos::Propn | Upos::Noun | Upos::Det | Upos::Num) => {
                let after = cls.get(k + 2..).unwrap_or(&[]);
                let stop =
                    |u: &Upos| verb(*u) || matches!(u, Upos::Punct | Upos::Cconj | Upos::Sconj);
                u64::from(
                    after
                        .iter()
                        .take(4)
                        .find(|u| stop(u))
                        .is_some_and(|&u| verb(u)),
                )
            }
            Some(Upos::Verb | Upos::Aux) => 2,
            Some(Upos::Intj) => 3,
            _ => 0,
        };
        let out = &mut self.out;
        if mask & t::UNIGRAMS != 0 {
            out.push(mix(120, &[cm2]));
            out.push(mix(121, &[cm1]));
            out.push(mix(122, &[c0]));
            out.push(mix(123, &[c1]));
            out.push(mix(124, &[c2]));
        }
        if mask & t::PAIRS != 0 {
            out.push(mix(125, &[c0, c1]));
            out.push(mix(126, &[c1, c2]));
        }
        if mask & t::PAIR_WITH_GAP != 0 {
            out.push(mix(127, &[c0, c1, g]));
            out.push(mix(128, &[c0, c1, last0, first1]));
        }
        if mask & t::CLAUSE != 0 {
            out.push(mix(129, &[verb_so_far, opens]));
            out.push(mix(130, &[verb_so_far, opens, last0, first1]));
            out.push(mix(131, &[verb_so_far, opens, g]));
        }
        if mask & t::TRIPLES != 0 {
            out.push(mix(132, &[cm1, c0, c1]));
            out.push(mix(133, &[c0, c1, c2]));
        }
        if mask & t::VERB_PAIR != 0 {
            out.push(mix(134, &[verb_so_far, c0, c1]));
        }
        if mask & t::WORD_TAG != 0 {
            out.push(mix(135, &[c0, lex1]));
            out.push(mix(136, &[lex0, c1]));
        }
        if mask & t::LENGTH != 0 {
            let len = match k + 1 - cx.sent_start.min(k + 1) {
                0..=3 => (k + 1 - cx.sent_start.min(k + 1)) as u64,
                4..=6 => 4,
                7..=10 => 5,
                11..=20 => 6,
                _ => 7,
            };
            out.push(mix(137, &[len, verb_so_far, opens]));
        }
        if mask & t::REMAINING != 0 {
            let rem = cx.remaining.min(4) as u64;
            out.push(mix(138, &[c0, c1, rem]));
        }
        if mask & t::OPENER != 0 {
            let f = c(cx.sent_start as isize);
            out.push(mix(139, &[f, verb_so_far, c1]));
        }
        if mask & t::PAIR_WITH_SHAPES != 0 {
            out.push(mix(140, &[c0, c1, shape0, shape1]));
        }
    }
}

/// Whether the boundary after token `k` is worth asking the classifier
/// about: any boundary with white space in it.
#[inline]
fn is_candidate(g: Gap) -> bool {
    matches!(g, Gap::Space | Gap::Spaces)
}

/// Split tokenized text into sentences with the built-in model.
pub fn split_sentences(text: &str, pieces: &[Piece]) -> Vec<SentenceRange> {
    split_with(SentenceModel::builtin(), text, pieces)
}

/// The first pass over the paragraphs of a text (`soft`: its wrapped line
/// breaks) for the document-level features and the choice of weight set.
fn document_pass<'a>(text: &'a str, pieces: &'a [Piece], soft: &[usize]) -> Features<'a> {
    let n = pieces.len();
    let mut feats = Features::new(text, pieces);
    let mut p = 0;
    while p < n {
        let mut e = p;
        while e + 1 < n && gap_between(text, pieces, e, soft) != Gap::Line {
            e += 1;
        }
        feats.paragraph(p, e);
        p = e + 1;
    }
    feats.finish();
    feats
}

/// Whether [`split_with`] reads the tokenized `text` with the layout
/// weights (e-mail, lists, unpunctuated posts: fewer than three in four
/// paragraphs end in a terminal mark, a closing quotation mark or a
/// bracket) rather than the prose weights. False for an empty text.
pub fn reads_as_layout(text: &str, pieces: &[Piece]) -> bool {
    !pieces.is_empty() && document_pass(text, pieces, &soft_breaks(text)).layout
}

/// Walk the gaps between tokens paragraph by paragraph, asking `decide`
/// about every candidate boundary, and return the sentences. Line breaks
/// always end a sentence; a balanced curly quotation embedded in a
/// paragraph is never split. Memory beyond the output is bounded. The
/// weight set is `layout` when given (training), else chosen by the
/// text's paragraphs ([`reads_as_layout`]). `classes`: the pieces'
/// part-of-speech tags (one per piece) for the features of `templates`
/// (bits of [`tag_templates`]), when given.
pub(crate) fn walk_classed(
    text: &str,
    pieces: &[Piece],
    layout: Option<bool>,
    classes: Option<&[Upos]>,
    templates: u32,
    decide: impl FnMut(&mut Features<'_>, usize, Gap, Context) -> bool,
) -> Vec<SentenceRange> {
    if pieces.is_empty() {
        return Vec::new();
    }
    let mut first = Prepared::new(text, pieces);
    if let Some(l) = layout {
        first.feats.layout = l;
    }
    walk_prepared(&mut first, classes, templates, decide)
}

/// A text's first pass over its paragraphs (the document-level features
/// and the choice of weight set, [`reads_as_layout`]), done once: a caller
/// that picks a model by the weight set (`dyad_pipeline`'s tag-reading
/// split) reads [`Prepared::layout`] and then splits with
/// [`split_prepared`] without a second pass.
pub struct Prepared<'a> {
    soft: Vec<usize>,
    feats: Features<'a>,
}

impl<'a> Prepared<'a> {
    /// The first pass over `pieces` (as [`crate::tokenize_pieces`] gives
    /// them for `text`).
    pub fn new(text: &'a str, pieces: &'a [Piece]) -> Prepared<'a> {
        let soft = soft_breaks(text);
        let feats = document_pass(text, pieces, &soft);
        Prepared { soft, feats }
    }

    /// Whether the text is read with the layout weights (false for an
    /// empty text), as [`reads_as_layout`] says.
    pub fn layout(&self) -> bool {
        !self.feats.pieces.is_empty() && self.feats.layout
    }

    /// The text's paragraphs, and how many of them end in a terminal mark,
    /// a closing quotation mark or a bracket (the layout weights read a
    /// text where fewer than three in four do).
    pub fn paragraphs(&self) -> (usize, usize) {
        (self.feats.paras, self.feats.closed_paras)
    }
}

/// [`split_classed`] after the first pass: the same sentences as
/// `split_classed(model, text, pieces, None, classes)`.
pub fn split_prepared<'a>(
    model: &SentenceModel,
    mut first: Prepared<'a>,
    classes: Option<&'a [Upos]>,
) -> Vec<SentenceRange> {
    let (text, pieces) = (first.feats.text, first.feats.pieces);
    walk_prepared(
        &mut first,
        classes,
        model.tag_templates,
        |feats, k, g, cx| decide_with(model, text, pieces, feats, k, g, cx),
    )
}

/// The paragraphs (token ranges `p..e + 1`, in order) of a text that
/// `model` splits with some candidate boundary scored within `margin` of
/// its threshold, with the sentences it splits the text into: the first
/// half of [`split_gated`], for measuring how much of a text it tags.
pub fn uncertain_paragraphs(
    model: &SentenceModel,
    mut first: Prepared<'_>,
    margin: f32,
) -> (Vec<SentenceRange>, Vec<Range<usize>>) {
    let (ranges, unsure, _) = plain_walk(model, &mut first, margin);
    (ranges, unsure)
}

/// The walk of [`uncertain_paragraphs`], also giving the candidates it
/// split at (in order).
fn plain_walk(
    model: &SentenceModel,
    first: &mut Prepared<'_>,
    margin: f32,
) -> (Vec<SentenceRange>, Vec<Range<usize>>, Vec<usize>) {
    let (text, pieces) = (first.feats.text, first.feats.pieces);
    let mut unsure: Vec<Range<usize>> = Vec::new();
    let mut splits = Vec::new();
    let ranges = walk_prepared(first, None, 0, |feats, k, g, cx| {
        let split = if let Some(split) = ruled(text, pieces, feats, k, cx) {
            split
        } else {
            feats.compute(k, g, cx);
            let s = model.score(&feats.out) - model.threshold;
            if s.abs() < margin {
                let para = k - cx.in_para..k + cx.remaining + 1;
                if unsure.last() != Some(&para) {
                    unsure.push(para);
                }
            }
            s > 0.0
        };
        if split {
            splits.push(k);
        }
        split
    });
    (ranges, unsure, splits)
}

/// Split a text with a plain model and, where it is unsure, a tag-reading
/// one. `plain` (a model without tag templates) reads every paragraph
/// first; the paragraphs where it scores some candidate within `margin`
/// of its threshold ([`uncertain_paragraphs`]) are handed to `tag` (with
/// the pieces), which returns the tag-reading model and the pieces' tags
/// (one per piece; only those of the paragraphs asked for, and of the
/// pieces just after them, are read), and those paragraphs are split again
/// by that model. Every other paragraph keeps `plain`'s sentences: a
/// sentence never runs across a paragraph, so the two models' choices do
/// not interact. When no paragraph is unsure, `tag` is not called, and the
/// result is `split_prepared(plain, …)`'s. An error from `tag` is
/// returned as it is. The first pass over the text is done once.
pub fn split_gated<'m, E>(
    plain: &SentenceModel,
    mut first: Prepared<'_>,
    margin: f32,
    tag: impl FnOnce(&[Piece], &[Range<usize>]) -> Result<(&'m SentenceModel, Vec<Upos>), E>,
) -> Result<Vec<SentenceRange>, E> {
    let (text, pieces) = (first.feats.text, first.feats.pieces);
    let (ranges, unsure, splits) = plain_walk(plain, &mut first, margin);
    if unsure.is_empty() {
        return Ok(ranges);
    }
    let (tagged, classes) = tag(pieces, &unsure)?;
    let mut again = first;
    let (mut next, mut done) = (0, 0); // the first unsure paragraph, split not yet passed
    Ok(walk_prepared(
        &mut again,
        Some(&classes),
        tagged.tag_templates,
        |feats, k, g, cx| {
            while unsure.get(next).is_some_and(|r| r.end <= k) {
                next += 1;
            }
            if unsure.get(next).is_some_and(|r| r.start <= k) {
                decide_with(tagged, text, pieces, feats, k, g, cx)
            } else {
                while splits.get(done).is_some_and(|&s| s < k) {
                    done += 1;
                }
                splits.get(done) == Some(&k)
            }
        },
    ))
}

/// The boundary decision: the two rules, then the model.
fn decide_with(
    model: &SentenceModel,
    text: &str,
    pieces: &[Piece],
    feats: &mut Features<'_>,
    k: usize,
    g: Gap,
    cx: Context,
) -> bool {
    if let Some(split) = ruled(text, pieces, feats, k, cx) {
        return split;
    }
    feats.compute(k, g, cx);
    model.score(&feats.out) > model.threshold
}

/// The rules outside the model, for the candidate after piece `k`:
/// `Some(false)` after a comma glued to a closing quotation mark or a
/// word alone at a paragraph's start in prose, `Some(true)` after a
/// separator rule, `None` where the model decides.
fn ruled(
    text: &str,
    pieces: &[Piece],
    feats: &Features<'_>,
    k: usize,
    cx: Context,
) -> Option<bool> {
    if comma_quote(text, pieces, k) || lone_opening(feats, k, cx) {
        Some(false)
    } else if after_rule(text, pieces, k) {
        Some(true)
    } else {
        None
    }
}

fn walk_prepared<'a>(
    first: &mut Prepared<'a>,
    classes: Option<&'a [Upos]>,
    templates: u32,
    mut decide: impl FnMut(&mut Features<'_>, usize, Gap, Context) -> bool,
) -> Vec<SentenceRange> {
    let Prepared { soft, feats } = first;
    let soft: &[usize] = soft;
    let (text, pieces) = (feats.text, feats.pieces);
    let n = pieces.len();
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    // A walk may follow another over the same first pass (split_gated).
    feats.classes = None;
    feats.templates = 0;
    feats.verb_scan = 0;
    feats.last_verb = usize::MAX;
    if templates != 0 {
        feats.classes = classes.filter(|c| c.len() == n);
        feats.templates = templates;
    }
    let mut start = 0; // first token of the current sentence
    let mut para_new = true;
    let mut p = 0; // first token of the current paragraph
    while p < n {
        // Last token of the paragraph.
        let mut e = p;
        while e + 1 < n && gap_between(text, pieces, e, soft) != Gap::Line {
            e += 1;
        }
        let mut straight = false;
        let mut curly_until = None::<usize>; // index of the closing ”
        let mut curly_open = 0; // index of the opening “
        for k in p..=e {
            let t = pieces[k].span.slice(text);
            if curly_until.is_some_and(|c| k >= c) {
                curly_until = None;
            } else if curly_until.is_none() && t == "“" {
                // Find the matching ” before another “ or the paragraph end.
                let close = (k + 1..=e)
                    .map(|j| (j, pieces[j].span.slice(text)))
                    .find(|(_, s)| *s == "”" || *s == "“")
                    .filter(|(_, s)| *s == "”")
                    .map(|(j, _)| j);
                if let Some(c) = close
                    && !(k == p && c == e)
                {
                    curly_until = Some(c);
                    curly_open = k;
                }
            }
            if t == "\"" {
                straight = !straight;
            }
            if k == e {
                break;
            }
            let g = gap_between(text, pieces, k, soft);
            let inside_curly = curly_until.is_some_and(|c| k > curly_open && k + 1 < c);
            let quote = if curly_until.is_some() && k > curly_open {
                2
            } else if straight && t != "\"" {
                1
            } else {
                0
            };
            if is_candidate(g) && !inside_curly {
                let cx = Context {
                    quote,
                    remaining: e - k,
                    in_para: k - p,
                    sent_start: start,
                };
                if decide(feats, k, g, cx) {
                    out.push(SentenceRange {
                        tokens: start..k + 1,
                        new_paragraph: para_new,
                    });
                    start = k + 1;
                    para_new = false;
                }
            }
        }
        if e + 1 < n {
            out.push(SentenceRange {
                tokens: start..e + 1,
                new_paragraph: para_new,
            });
            start = e + 1;
            para_new = true;
        }
        p = e + 1;
    }
    out.push(SentenceRange {
        tokens: start..n,
        new_paragraph: para_new,
    });
    out
}

/// Whether the candidate after piece `k` would leave a word alone as the
/// first sentence of a paragraph of prose ("¶ Senator‖ John McCain says",
/// "¶ Rival‖ Hillary Clinton's campaign"): never a boundary in a text read
/// with the prose weights. (Most of EWT's one-word paragraph openings are
/// e-mail greetings and signatures, read with the layout weights.)
fn lone_opening(feats: &Features<'_>, k: usize, cx: Context) -> bool {
    !feats.layout && cx.in_para == 0 && is_plain_word(feats.pieces[k].span.slice(feats.text))
}

/// Whether `t` is a word of letters (with hyphens or apostrophes inside:
/// "Co-anchor"), not a URL, number or code.
fn is_plain_word(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_alphabetic)
        && t.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
}

/// Whether token `k` is a closing quotation mark glued to a comma ("…
/// peace,” Zelensky wrote", also written with two apostrophes: "…back,''
/// Ms. Acosta said"): no sentence of EWT ends so, and news attribution
/// follows it.
fn comma_quote(text: &str, pieces: &[Piece], k: usize) -> bool {
    k > 0
        && matches!(
            pieces[k].span.slice(text),
            "”" | "\"" | "’" | "'" | "''" | "’’"
        )
        && pieces[k - 1].span.end() == pieces[k].span.start()
        && pieces[k - 1].span.slice(text) == ","
}

/// Whether `t` is a separator rule: four or more of `-`, `=`, `_`, `*`,
/// `~` and nothing else ("--------", "=====", "****").
fn is_rule(t: &str) -> bool {
    t.len() >= 4
        && t.bytes()
            .all(|b| matches!(b, b'-' | b'=' | b'_' | b'*' | b'~'))
}

/// Whether token `k` is a separator rule, not glued to the word before it
/// ("****sigh****"), followed by something else: the line the rule stood
/// on has been flattened into running text (e-mail and newsgroup posts in
/// EWT), and the rule closes what came before it.
fn after_rule(text: &str, pieces: &[Piece], k: usize) -> bool {
    is_rule(pieces[k].span.slice(text))
        && (k == 0 || pieces[k - 1].span.end() < pieces[k].span.start())
        && pieces
            .get(k + 1)
            .is_some_and(|p| !is_rule(p.span.slice(text)))
}

/// Split with a given model. Besides the rules of the walk, a comma and a
/// closing quotation mark never end a sentence (training still sees these
/// candidates, all negative), and a separator rule followed by other text
/// always does ([`after_rule`]; so are most of them in EWT train: 43 end a
/// sentence, 14 do not).
pub fn split_with(model: &SentenceModel, text: &str, pieces: &[Piece]) -> Vec<SentenceRange> {
    split_styled(model, text, pieces, None)
}

/// [`split_with`], with the weight set chosen by the caller
/// (`Some(false)`: prose, `Some(true)`: layout) instead of by the text's
/// paragraphs (`None`, see [`reads_as_layout`]): for measuring the choice
/// (`examples/cv_sentence.rs`, `DYAD_SENT_ORACLE`) or for a caller that
/// knows what it reads.
pub fn split_styled(
    model: &SentenceModel,
    text: &str,
    pieces: &[Piece],
    layout: Option<bool>,
) -> Vec<SentenceRange> {
    split_classed(model, text, pieces, layout, None)
}

/// [`split_styled`] with the part-of-speech tags of the pieces (`classes`,
/// one per piece, as a tagger gives them for each paragraph's pieces;
/// ignored unless there is one per piece), for a model trained with tags
/// ([`crate::train_sentence_model_classed`]; a model without
/// [`SentenceModel::tag_templates`] ignores them). With `None` this is
/// [`split_styled`].
pub fn split_classed(
    model: &SentenceModel,
    text: &str,
    pieces: &[Piece],
    layout: Option<bool>,
    classes: Option<&[Upos]>,
) -> Vec<SentenceRange> {
    walk_classed(
        text,
        pieces,
        layout,
        classes,
        model.tag_templates,
        |feats, k, g, cx| decide_with(model, text, pieces, feats, k, g, cx),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gate: `tag` is asked for exactly the paragraphs the plain model
    /// scores some candidate of within the margin (none at margin 0, every
    /// paragraph with a candidate at a huge one), only those are split by
    /// the second model, and the rest keep the plain model's sentences.
    #[test]
    fn gated_split_reads_only_unsure_paragraphs() {
        let plain = SentenceModel::builtin();
        // A second model that splits at every candidate.
        let always = SentenceModel {
            weights: IdMap::default(),
            threshold: -1.0,
            tag_templates: 0,
        };
        let texts = [
            "Talks began in Riyadh on Tuesday. Officials declined to comment.",
            "He said so. she left early\n\nThe U.S. team arrived. Mr. Smith spoke",
            "thanks for the help we will meet at noon\n\nCall me later I am out",
            "One paragraph only",
            "",
        ];
        for text in texts {
            let pieces = crate::tokenize::tokenize_pieces(text);
            let base = split_with(plain, text, &pieces);
            let every = split_with(&always, text, &pieces);
            for margin in [0.0, 2.0, 8.0, 16.0, 1e9] {
                let (ranges, unsure) =
                    uncertain_paragraphs(plain, Prepared::new(text, &pieces), margin);
                assert_eq!(ranges, base, "{text:?} at {margin}");
                if margin == 0.0 {
                    assert!(unsure.is_empty(), "{text:?}");
                }
                let mut asked = None;
                let gated = split_gated(plain, Prepared::new(text, &pieces), margin, |p, paras| {
                    asked = Some(paras.to_vec());
                    Ok::<_, ()>((&always, vec![Upos::X; p.len()]))
                })
                .expect("no error");
                assert_eq!(asked.is_some(), !unsure.is_empty(), "{text:?} at {margin}");
                assert_eq!(asked.unwrap_or_default(), unsure, "{text:?} at {margin}");
                // Sentences wholly inside an unsure paragraph come from
                // `always`, every other one from `plain`.
                let inside = |r: &SentenceRange| {
                    unsure
                        .iter()
                        .any(|u| u.start <= r.tokens.start && r.tokens.end <= u.end)
                };
                let expect: Vec<&SentenceRange> = every
                    .iter()
                    .filter(|r| inside(r))
                    .chain(base.iter().filter(|r| !inside(r)))
                    .collect();
                let mut expect: Vec<SentenceRange> = expect.into_iter().cloned().collect();
                expect.sort_by_key(|r| r.tokens.start);
                assert_eq!(gated, expect, "{text:?} at {margin}");
            }
            // At a huge margin, every paragraph with a candidate is asked for.
            let (_, unsure) = uncertain_paragraphs(plain, Prepared::new(text, &pieces), 1e9);
            let covered: usize = unsure.iter().map(|u| u.len()).sum();
            let with_candidates = every
                .iter()
                .zip(every.iter().skip(1))
                .any(|(_, b)| !b.new_paragraph);
            assert_eq!(covered > 0, with_candidates, "{text:?}");
        }
    }

    /// A word alone at the start of a paragraph of prose never becomes a
    /// sentence, even for a model that splits at every candidate; a URL,
    /// a number or punctuation may, and so may a word in a text read with
    /// the layout weights.
    #[test]
    fn a_lone_word_never_opens_a_paragraph_of_prose() {
        let always = SentenceModel {
            weights: IdMap::default(),
            threshold: -1.0,
            tag_templates: 0,
        };
        let ends_after_first = |text: &str| -> Vec<bool> {
            let pieces = crate::tokenize::tokenize_pieces(text);
            let ranges = split_with(&always, text, &pieces);
            ranges
                .iter()
                .filter(|r| r.new_paragraph)
                .map(|r| {
                    r.tokens.len() == 1
                        && ranges
                            .iter()
                            .any(|n| n.tokens.start == r.tokens.end && !n.new_paragraph)
                })
                .collect()
        };
        let table = [
            (
                "Senator John McCain says so.\n\nCo-anchor Norah O’Donnell asked.",
                false,
                vec![false, false],
            ),
            (
                "Rival Hillary Clinton’s campaign agrees.\n\nhttp://example.com see this.",
                false,
                vec![false, true],
            ),
            (
                "Senator John says hi\n\nthanks Ann\n\nok",
                true,
                vec![true, true, false],
            ),
        ];
        for (text, layout, expect) in table {
            let pieces = crate::tokenize::tokenize_pieces(text);
            assert_eq!(reads_as_layout(text, &pieces), layout, "{text:?}");
            assert_eq!(ends_after_first(text), expect, "{text:?}");
        }
    }

    /// Whether `text` is read with the layout model, asked two ways: the
    /// walk's choice and [`reads_as_layout`] must agree.
    fn layout_of(text: &str) -> bool {
        let pieces = crate::tokenize::tokenize_pieces(text);
        let mut layout = None;
        walk_classed(text, &pieces, None, None, 0, |feats, _, _, _| {
            layout = Some(feats.layout);
            false
        });
        let walked = layout.expect("the text has a candidate boundary");
        assert_eq!(walked, reads_as_layout(text, &pieces), "{text}");
        walked
    }

    #[test]
    fn tag_templates_round_trip_and_version() {
        let mut weights = IdMap::default();
        weights.insert(7, 0.5);
        weights.insert(3, -1.25);
        for (templates, version, len) in [(0u32, 3u32, 20 + 24), (44, 4, 24 + 24)] {
            let m = SentenceModel {
                weights: weights.clone(),
                threshold: 0.25,
                tag_templates: templates,
            };
            let bytes = m.to_bytes();
            assert_eq!(bytes.len(), len, "{templates}");
            assert_eq!(bytes[8..12], version.to_le_bytes(), "{templates}");
            let back = SentenceModel::from_bytes(&bytes, "test").expect("reads back");
            assert_eq!(back.tag_templates, templates);
            assert_eq!(back.threshold, 0.25);
            assert_eq!(back.weights, weights);
            // Cut short: an error naming the origin, not a panic.
            let err = SentenceModel::from_bytes(&bytes[..bytes.len() - 1], "cut").unwrap_err();
            assert!(err.to_string().starts_with("cut:"), "{err}");
        }
    }

    #[test]
    fn a_blend_scores_the_blend_of_the_scores() {
        let model = |pairs: &[(u64, f32)], threshold, tag_templates| SentenceModel {
            weights: pairs.iter().copied().collect(),
            threshold,
            tag_templates,
        };
        let a = model(&[(1, 1.0), (2, -2.0)], 0.5, 0);
        let b = model(&[(2, 2.0), (3, 4.0)], -0.5, 14);
        let m = a.blend(&b, 0.25);
        assert_eq!(m.tag_templates, 14);
        assert_eq!(m.threshold, 0.75 * 0.5 + 0.25 * -0.5);
        // Feature 2: 0.75 · −2 + 0.25 · 2 = −1; only zero weights are dropped.
        assert_eq!(m.len(), 3);
        for feats in [&[1u64, 2][..], &[3], &[1, 2, 3], &[9]] {
            let want = 0.75 * a.score(feats) + 0.25 * b.score(feats);
            assert!((m.score(feats) - want).abs() < 1e-6, "{feats:?}");
        }
        // Share 0 is the first model, share 1 the second (but its templates).
        assert_eq!(a.blend(&b, 0.0).weights, a.weights);
        assert_eq!(a.blend(&b, 1.0).weights, b.weights);
    }

    #[test]
    fn tags_are_ignored_by_a_model_without_tag_templates() {
        let model = SentenceModel::builtin();
        assert_eq!(model.tag_templates, 0);
        let table = [
            "hey don't call the police and arrest you its illegal",
            "Hi Kyle\n\nThe report is attached see you\n\nDebra",
            "He said so. She left.",
        ];
        for text in table {
            let pieces = crate::tokenize::tokenize_pieces(text);
            let tags = vec![Upos::Verb; pieces.len()];
            assert_eq!(
                split_classed(model, text, &pieces, None, Some(&tags)),
                split_with(model, text, &pieces),
                "{text}"
            );
        }
    }

    /// The number of features of every candidate of `text` (read with the
    /// weight set `layout`) with tags `tags` and templates `templates`.
    fn feature_counts(text: &str, layout: bool, tags: Option<Upos>, templates: u32) -> Vec<usize> {
        let pieces = crate::tokenize::tokenize_pieces(text);
        let cls = tags.map(|u| vec![u; pieces.len()]);
        let mut counts = Vec::new();
        walk_classed(
            text,
            &pieces,
            Some(layout),
            cls.as_deref(),
            templates,
            |f, k, g, cx| {
                f.compute(k, g, cx);
                counts.push(f.out.len());
                false
            },
        );
        counts
    }

    #[test]
    fn tag_templates_add_features_where_asked() {
        use tag_templates as t;
        let text = "tell them how you feel it may sound bad";
        let plain = feature_counts(text, true, None, 0);
        assert!(!plain.is_empty());
        // (layout, templates, features added per candidate)
        let table = [
            (true, t::PAIR_WITH_GAP, 2),
            (true, t::PAIR_WITH_GAP | t::CLAUSE, 5),
            (false, t::PAIR_WITH_GAP | t::CLAUSE, 0),
            (false, t::PROSE | t::PAIR_WITH_GAP | t::CLAUSE, 5),
            (true, 0, 0),
        ];
        for (layout, templates, added) in table {
            let base = feature_counts(text, layout, None, templates);
            assert_eq!(
                base,
                feature_counts(text, layout, None, 0),
                "no tags: nothing added"
            );
            let tagged = feature_counts(text, layout, Some(Upos::Pron), templates);
            let want: Vec<usize> = base.iter().map(|n| n + added).collect();
            assert_eq!(tagged, want, "layout {layout}, templates {templates}");
        }
    }

    #[test]
    fn clause_classes() {
        let table = [
            (Upos::Verb, "VBZ", Upos::Aux),
            (Upos::Aux, "MD", Upos::Aux),
            (Upos::Aux, "VBD", Upos::Aux),
            (Upos::Verb, "VB", Upos::Verb),
            (Upos::Aux, "VBN", Upos::Verb),
            (Upos::Verb, "VBG", Upos::Verb),
            (Upos::Pron, "PRP$", Upos::Det),
            (Upos::Pron, "PRP", Upos::Pron),
            (Upos::Noun, "NN", Upos::Noun),
        ];
        for (upos, xpos, want) in table {
            assert_eq!(clause_class(upos, xpos), want, "{upos:?} {xpos}");
        }
    }

    #[test]
    fn model_choice_by_closed_paragraphs() {
        let table = [
            // Three of four paragraphs end in a mark, quote or bracket.
            (
                "A Headline Here\n\nHe said so.\n\nShe wrote “no.”\n\nIt ended (again.)",
                false,
            ),
            ("One review, well punctuated.", false),
            // E-mail: greeting, body and sign-off without final marks.
            (
                "Hi Kyle\n\nThe report is attached\n\nThanks.\n\nDebra Perlingiere",
                true,
            ),
            ("Kyle Jones Technical Solutions Engineer", true),
        ];
        for (text, layout) in table {
            assert_eq!(layout_of(text), layout, "{text}");
        }
    }
}
