//! Feature extraction shared by training and tagging.
//!
//! Every word is hashed once per sentence ([`WordFeats`]); the per-position
//! features are then combinations of those hashes and of the previous tags,
//! with no string work and no allocation.

use dyad_learn::{KeyMap, combine, feature, feature_ids, hash_bytes};

// Seeds of the per-word base hashes.
const S_FORM: u32 = 1;
const S_LOWER: u32 = 2;
const S_PRE: u32 = 10; // + length 1..=3
const S_SUF: u32 = 20; // + length 1..=5
const S_SHAPE: u64 = 30;
const S_AMB: u32 = 31;
const S_PAD: u32 = 40;
const S_CL: u32 = 50; // + column 0..CL

/// Cluster columns per word: coarse and fine k-means cluster, static vector
/// id, tag class.
pub(crate) const CL: usize = 4;

/// Distributional word clusters (see `models/tagger.md`): lower-cased word
/// key → row of a table of distinct `[coarse, fine, vector, tag class]` ids.
#[derive(Debug, Clone)]
pub(crate) struct Clusters {
    /// Lower-cased word key ([`lower_key`]) → row of `ids`.
    pub words: KeyMap,
    /// Distinct `[coarse, fine, vector, tag class]` id rows.
    pub ids: Vec<[u16; CL]>,
}

impl Clusters {
    /// No clusters: every word is unknown.
    #[cfg(feature = "train")]
    pub fn empty() -> Clusters {
        Clusters {
            words: KeyMap::from_pairs([]),
            ids: Vec::new(),
        }
    }

    /// `[coarse, fine, vector, tag class]` ids of a word key.
    #[inline]
    pub fn get(&self, lower: u64) -> Option<[u64; CL]> {
        let row = self.ids.get(self.words.get(lower)? as usize)?;
        Some(row.map(u64::from))
    }
}

/// Longest suffix used.
pub(crate) const MAX_SUFFIX: usize = 5;

/// Precomputed hashes of one word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordFeats {
    pub form: u64,
    pub lower: u64,
    pub pre: [u64; 3],
    pub suf: [u64; MAX_SUFFIX],
    pub shape: u64,
    /// Ambiguity class (set of tags seen in training), or the "unknown" key.
    pub amb: u64,
    /// Cluster ids (coarse, fine, vector, tag class), or the "unknown" keys.
    pub cl: [u64; CL],
}

impl WordFeats {
    /// The padding word before the sentence start (`k` = 1, 2) or after its
    /// end (`k` = 3, 4).
    pub fn pad(k: u32) -> WordFeats {
        let h = feature(S_PAD, &k.to_string());
        WordFeats {
            form: h,
            lower: h,
            pre: [h; 3],
            suf: [h; MAX_SUFFIX],
            shape: h,
            amb: h,
            cl: [h; CL],
        }
    }
}

/// Lower-case `form` into `buf` (ASCII fast path).
pub(crate) fn lower_into(form: &str, buf: &mut String) {
    buf.clear();
    if form.is_ascii() {
        buf.push_str(form);
        buf.make_ascii_lowercase();
    } else {
        for c in form.chars() {
            buf.extend(c.to_lowercase());
        }
    }
}

/// Hash of the lower-cased form, the key of the word dictionaries.
pub(crate) fn lower_key(lower: &str) -> u64 {
    feature(S_LOWER, lower)
}

/// Compute the features of `form`; `lower` is scratch space and holds the
/// lower-cased form afterwards.
pub(crate) fn word_feats(
    form: &str,
    lower: &mut String,
    amb: &KeyMap,
    clusters: &Clusters,
) -> WordFeats {
    lower_into(form, lower);
    let l = lower.as_str();
    let mut w = WordFeats {
        form: feature(S_FORM, form),
        lower: lower_key(l),
        ..WordFeats::default()
    };
    // Prefixes and suffixes in characters; a word shorter than k repeats its
    // whole form (which still differs by seed).
    let mut ends = [l.len(); 3];
    for (k, (i, _)) in l.char_indices().skip(1).take(3).enumerate() {
        ends[k] = i;
    }
    for k in 0..3 {
        w.pre[k] = feature(S_PRE + k as u32, &l[..ends[k]]);
    }
    let mut starts = [0usize; MAX_SUFFIX];
    for (k, (i, _)) in l.char_indices().rev().take(MAX_SUFFIX).enumerate() {
        starts[k] = i;
    }
    // Shorter words keep start 0: the whole word.
    for (k, &s) in starts.iter().enumerate() {
        w.suf[k] = feature(S_SUF + k as u32, &l[s..]);
    }
    w.shape = shape_hash(form);
    w.amb = feature_ids(S_AMB, &[amb.get(w.lower).map_or(u64::MAX, u64::from)]);
    let cl = clusters.get(w.lower).unwrap_or([u64::MAX; CL]);
    for (k, &id) in cl.iter().enumerate() {
        w.cl[k] = feature_ids(S_CL + k as u32, &[id]);
    }
    w
}

/// Word shape: `X` upper, `x` lower, `d` digit, other characters as is
/// (non-ASCII letters as `X`/`x`, other non-ASCII as `?`), runs cut at
/// three, at most 12 symbols, plus a length bucket.
fn shape_hash(form: &str) -> u64 {
    let mut buf = [0u8; 14];
    let mut n = 0;
    let mut last = 0u8;
    let mut run = 0;
    let mut len = 0usize;
    for c in form.chars() {
        len += 1;
        let s = if c.is_ascii_digit() {
            b'd'
        } else if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'?'
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
        }
        if run <= 3 && n < 12 {
            buf[n] = s;
            n += 1;
        }
    }
    buf[12] = b'|';
    buf[13] = match len {
        0..=3 => b'1',
        4..=7 => b'2',
        _ => b'3',
    };
    hash_bytes(S_SHAPE, &buf)
}

// Templates of the tagger features.
const T_BIAS: u64 = 100;
const T_FORM: u64 = 101;
const T_LOWER: u64 = 102;
const T_PRE: u64 = 103;
const T_SUF: u64 = 106;
const T_SHAPE: u64 = 111;
const T_AMB: u64 = 112;
const T_P1: u64 = 113;
const T_P2: u64 = 114;
const T_P12: u64 = 115;
const T_P1_LOWER: u64 = 116;
const T_LOWER_M1: u64 = 117;
const T_LOWER_M2: u64 = 118;
const T_LOWER_P1: u64 = 119;
const T_LOWER_P2: u64 = 120;
const T_SUF3_M1: u64 = 121;
const T_SUF3_P1: u64 = 122;
const T_AMB_P1: u64 = 123;
const T_AMB_P2: u64 = 124;
const T_AMB_0P1: u64 = 125;
const T_P1_AMB: u64 = 126;
const T_SHAPE_P1: u64 = 127;
const T_SHAPE_M1: u64 = 128;
const T_LOWER_0P1: u64 = 129;
const T_LOWER_M10: u64 = 130;
const T_P1_SUF3: u64 = 131;
const T_FIRST_SHAPE: u64 = 132;
const T_P1_AMB_P1: u64 = 133;
const T_AMB_M1_0: u64 = 134;
const T_C0_A: u64 = 135;
const T_C0_B: u64 = 136;
const T_C0_V: u64 = 137;
const T_CM1_B: u64 = 138;
const T_CP1_B: u64 = 139;
const T_CM2_A: u64 = 140;
const T_CP2_A: u64 = 141;
const T_P1_C0B: u64 = 142;
const T_C0B_CP1A: u64 = 143;
const T_CM1A_C0B: u64 = 144;
const T_P1_CP1A: u64 = 145;
const T_C0_T: u64 = 146;
const T_P1_C0T: u64 = 147;
const T_CM1_T: u64 = 148;
const T_CP1_T: u64 = 149;
const T_C0T_CP1T: u64 = 150;
const T_CP2_T: u64 = 151;
const T_C0B_SHAPE: u64 = 152;
const T_CM1B_C0T: u64 = 153;

// Templates of the second pass (first-pass tags `q` around the word).
const T_Q0: u64 = 160;
const T_Q1: u64 = 161;
const T_Q2: u64 = 162;
const T_Q12: u64 = 163;
const T_P1_Q1: u64 = 164;
const T_Q0_Q1: u64 = 165;
const T_LOWER_Q1: u64 = 166;
const T_SUF3_Q1: u64 = 167;
const T_AMB_Q1: u64 = 168;
const T_P1_Q0_Q1: u64 = 169;
const T_C0B_Q1: u64 = 170;
const T_AMB_Q0: u64 = 171;

/// Flag on a first-pass tag: the first pass was confident, the second pass
/// keeps the tag without scoring.
pub(crate) const CONFIDENT: u16 = 0x8000;

/// Sentinel first-pass tags after the sentence end.
const EOS1: u64 = 0xFFFF_0003;
const EOS2: u64 = 0xFFFF_0004;

/// Second-pass features of position `i`: the first-pass tags `q` of the
/// word and of the two words to its right, alone and with the previous
/// (second-pass) tag `p1`, the word, its suffix, ambiguity class and
/// cluster. Appended to `out`.
pub(crate) fn stack_feats(w: &[WordFeats], q: &[u16], i: usize, p1: u64, out: &mut Vec<u64>) {
    let c = &w[i + 2];
    let tag = |t: u16| u64::from(t & !CONFIDENT);
    let q0 = tag(q[i]);
    let q1 = q.get(i + 1).map_or(EOS1, |&t| tag(t));
    let q2 = q.get(i + 2).map_or(EOS2, |&t| tag(t));
    out.extend_from_slice(&[
        f(T_Q0, q0),
        f(T_Q1, q1),
        f(T_Q2, q2),
        f(T_Q12, combine(q1, q2)),
        f(T_P1_Q1, combine(p1, q1)),
        f(T_Q0_Q1, combine(q0, q1)),
        f(T_LOWER_Q1, combine(c.lower, q1)),
        f(T_SUF3_Q1, combine(c.suf[2], q1)),
        f(T_AMB_Q1, combine(c.amb, q1)),
        f(T_P1_Q0_Q1, combine(p1, combine(q0, q1))),
        f(T_C0B_Q1, combine(c.cl[1], q1)),
        f(T_AMB_Q0, combine(c.amb, q0)),
    ]);
}

#[inline]
fn f(t: u64, h: u64) -> u64 {
    combine(t, h)
}

/// Tagger features of position `i` (words padded: `w[i + 2]` is word `i`),
/// given the previous two tags (`p1`, `p2`; sentinel values at the start);
/// with `clusters`, also the word-cluster features.
pub(crate) fn tag_feats(
    w: &[WordFeats],
    i: usize,
    p1: u64,
    p2: u64,
    clusters: bool,
    out: &mut Vec<u64>,
) {
    let c = &w[i + 2];
    let (m2, m1, n1, n2) = (&w[i], &w[i + 1], &w[i + 3], &w[i + 4]);
    out.clear();
    out.extend_from_slice(&[
        T_BIAS,
        f(T_FORM, c.form),
        f(T_LOWER, c.lower),
        f(T_PRE, c.pre[0]),
        f(T_PRE + 1, c.pre[1]),
        f(T_PRE + 2, c.pre[2]),
        f(T_SUF, c.suf[0]),
        f(T_SUF + 1, c.suf[1]),
        f(T_SUF + 2, c.suf[2]),
        f(T_SUF + 3, c.suf[3]),
        f(T_SUF + 4, c.suf[4]),
        f(T_SHAPE, c.shape),
        f(T_AMB, c.amb),
        f(T_P1, p1),
        f(T_P2, p2),
        f(T_P12, combine(p1, p2)),
        f(T_P1_LOWER, combine(p1, c.lower)),
        f(T_LOWER_M1, m1.lower),
        f(T_LOWER_M2, m2.lower),
        f(T_LOWER_P1, n1.lower),
        f(T_LOWER_P2, n2.lower),
        f(T_SUF3_M1, m1.suf[2]),
        f(T_SUF3_P1, n1.suf[2]),
        f(T_AMB_P1, n1.amb),
        f(T_AMB_P2, n2.amb),
        f(T_AMB_0P1, combine(c.amb, n1.amb)),
        f(T_P1_AMB, combine(p1, c.amb)),
        f(T_SHAPE_P1, n1.shape),
        f(T_SHAPE_M1, m1.shape),
        f(T_LOWER_0P1, combine(c.lower, n1.lower)),
        f(T_LOWER_M10, combine(m1.lower, c.lower)),
        f(T_P1_SUF3, combine(p1, c.suf[2])),
        f(T_FIRST_SHAPE, combine((i == 0) as u64, c.shape)),
        f(T_P1_AMB_P1, combine(p1, combine(c.amb, n1.amb))),
        f(T_AMB_M1_0, combine(m1.amb, c.amb)),
    ]);
    if !clusters {
        return;
    }
    out.extend_from_slice(&[
        f(T_C0_A, combine(c.cl[0], c.amb)),
        f(T_C0_B, combine(c.cl[1], c.amb)),
        f(T_C0_V, combine(c.cl[2], c.suf[2])),
        f(T_CM1_B, m1.cl[1]),
        f(T_CP1_B, n1.cl[1]),
        f(T_CM2_A, m2.cl[0]),
        f(T_CP2_A, n2.cl[0]),
        f(T_P1_C0B, combine(p1, c.cl[1])),
        f(T_C0B_CP1A, combine(c.cl[1], n1.cl[0])),
        f(T_CM1A_C0B, combine(m1.cl[0], c.cl[1])),
        f(T_P1_CP1A, combine(p1, n1.cl[0])),
        f(T_C0_T, c.cl[3]),
        f(T_P1_C0T, combine(p1, c.cl[3])),
        f(T_CM1_T, m1.cl[3]),
        f(T_CP1_T, n1.cl[3]),
        f(T_C0T_CP1T, combine(c.cl[3], n1.cl[3])),
        f(T_CP2_T, n2.cl[3]),
        f(T_C0B_SHAPE, combine(c.cl[1], c.shape)),
        f(T_CM1B_C0T, combine(m1.cl[1], c.cl[3])),
    ]);
}

// Templates of the lemmatizer features.
const L_TAG: u64 = 200;
const L_TAG_LOWER: u64 = 201;
const L_TAG_SUF: u64 = 202; // + 0..5
const L_LOWER: u64 = 210;
const L_TAG_SHAPE: u64 = 211;
const L_SUF: u64 = 212; // + 0..5

/// Lemmatizer features of a word with (joint) tag id `tag`.
pub(crate) fn lemma_feats(c: &WordFeats, tag: u64, out: &mut Vec<u64>) {
    out.clear();
    out.extend_from_slice(&[
        f(L_TAG, tag),
        f(L_TAG_LOWER, combine(tag, c.lower)),
        f(L_LOWER, c.lower),
        f(L_TAG_SHAPE, combine(tag, c.shape)),
    ]);
    for k in 0..MAX_SUFFIX {
        out.push(f(L_TAG_SUF + k as u64, combine(tag, c.suf[k])));
        out.push(f(L_SUF + k as u64, c.suf[k]));
    }
}

/// Sentinel "tag" ids before the sentence start.
pub(crate) const BOS1: u64 = 0xFFFF_0001;
pub(crate) const BOS2: u64 = 0xFFFF_0002;

/// Greedy decoding of the padded words `w` (word `i` at `w[i + 2]`), with
/// or without the word-cluster features; with `first` (the first-pass tags
/// of the sentence), also the second-pass features, and words whose
/// first-pass tag is flagged [`CONFIDENT`] keep it.
/// Words in `fixed` take their lookup tag; every other position builds its
/// features and asks `choose` for a tag (`choose(feats, i)`: scoring at
/// inference, scoring and updating in training).
#[allow(clippy::too_many_arguments)]
pub(crate) fn decode(
    w: &[WordFeats],
    fixed: &KeyMap,
    n_tags: usize,
    clusters: bool,
    first: Option<&[u16]>,
    feats: &mut Vec<u64>,
    out: &mut Vec<u16>,
    mut choose: impl FnMut(&[u64], usize) -> usize,
) {
    out.clear();
    let n = w.len().saturating_sub(4);
    let (mut p1, mut p2) = (BOS1, BOS2);
    for i in 0..n {
        let t = match fixed.get(w[i + 2].lower) {
            Some(t) if (t as usize) < n_tags => t as usize,
            _ if first.is_some_and(|q| q[i] & CONFIDENT != 0) => {
                first.map_or(0, |q| usize::from(q[i] & !CONFIDENT))
            }
            _ => {
                tag_feats(w, i, p1, p2, clusters, feats);
                if let Some(q) = first {
                    stack_feats(w, q, i, p1, feats);
                }
                choose(feats, i)
            }
        };
        out.push(t as u16);
        p2 = p1;
        p1 = t as u64;
    }
}
