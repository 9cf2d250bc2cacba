//! Feature templates, hashed to 64-bit keys.
//!
//! Word forms and tags are hashed once per token ([`Sentence`]); each
//! template then combines a few precomputed integers with a cheap mixing
//! function, writing into a fixed-size array: no allocation per move.
//!
//! The templates follow Zhang and Nivre (2011), adapted to arc-hybrid:
//! words and tags of `s0..s2`, `b0..b2`, of the left- and right-most
//! children of `s0`, `s1` and `b0`, distances, valencies and the label sets
//! of the children.

use dyad_learn::KeyMap;

use crate::system::{Frame, Node};

/// Number of transition features.
pub(crate) const N_MOVE_FEATS: usize = 108;
/// Number of relation features.
pub(crate) const N_LABEL_FEATS: usize = 38;

/// Cluster value of words without a cluster.
const NO_CLUSTER: u64 = 0x6e6f_5f63_6c75_0005;

/// Distributional word clusters (`models/clusters.tsv`, see
/// `models/parser.md`): key of the lower-cased form ([`hash_lower`]) →
/// packed ids (coarse cluster in bits 0–9, fine cluster in bits 10–20,
/// tag class in bits 21–31).
#[derive(Debug, Clone)]
pub(crate) struct Clusters {
    pub map: KeyMap,
}

impl Clusters {
    /// Pack a word's `(coarse, fine, tag class)` ids; `None` if one is too
    /// large for its field.
    #[cfg(feature = "train")]
    pub(crate) fn pack(coarse: u32, fine: u32, class: u32) -> Option<u32> {
        (coarse < 1 << 10 && fine < 1 << 11 && class < 1 << 11)
            .then_some(coarse | fine << 10 | class << 21)
    }

    /// Hashed `(coarse, fine, tag class)` values of `form`.
    #[inline]
    fn lookup(&self, form: &str) -> (u64, u64, u64) {
        if self.map.is_empty() {
            return (NO_CLUSTER, NO_CLUSTER, NO_CLUSTER);
        }
        match self.map.get(hash_lower(form)) {
            Some(v) => (
                u64::from(v & 0x3ff),
                u64::from((v >> 10) & 0x7ff) | 1 << 12,
                u64::from(v >> 21) | 1 << 24,
            ),
            None => (NO_CLUSTER, NO_CLUSTER, NO_CLUSTER),
        }
    }
}

/// Hash of the lower-cased form (full Unicode lower case, no digit
/// folding): the key of the cluster table.
pub(crate) fn hash_lower(s: &str) -> u64 {
    let mut h: u64 = 0x1f2e_3d4c_5b6a_7988;
    if s.is_ascii() {
        for b in s.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
        }
    } else {
        let mut buf = [0u8; 4];
        for c in s.chars().flat_map(char::to_lowercase) {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    fin(h)
}

const ROOT_W: u64 = 0x726f_6f74_5f77_0001;
const NULL_W: u64 = 0x6e75_6c6c_5f77_0002;
const ROOT_P: u64 = 0x726f_6f74_5f70_0003;
const NULL_P: u64 = 0x6e75_6c6c_5f70_0004;

const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline(always)]
fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

#[inline(always)]
fn fin(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// Hash a string (used for word forms and tags).
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    fin(h)
}

/// Hash a (UPOS, XPOS) pair: the parser's "tag" is both (XPOS is finer,
/// UPOS tells auxiliaries from verbs).
pub(crate) fn hash_tag(upos: &str, xpos: &str) -> u64 {
    fin(mix(hash_upos(upos), hash_str(clean(xpos))))
}

/// Hash of a UPOS tag alone.
pub(crate) fn hash_upos(upos: &str) -> u64 {
    hash_str(clean(upos))
}

fn clean(t: &str) -> &str {
    if t == "_" { "" } else { t }
}

/// Hash a word form, lower-cased (ASCII) with digits folded to `0`.
pub(crate) fn hash_word(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        let b = if b.is_ascii_digit() {
            b'0'
        } else {
            b.to_ascii_lowercase()
        };
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    fin(h)
}

/// Hash of a word's last three characters (lower-cased) and its shape
/// (capitalised, has a digit, has a hyphen): generalises over rare words.
pub(crate) fn hash_suffix(s: &str) -> u64 {
    let start = s.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    let mut h: u64 = 0x84222325cbf29ce4;
    for b in s[start..].bytes() {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let first_upper = s.chars().next().is_some_and(char::is_uppercase);
    let digit = s.bytes().any(|b| b.is_ascii_digit());
    let hyphen = s.contains('-');
    let shape = u64::from(first_upper) | u64::from(digit) << 1 | u64::from(hyphen) << 2;
    fin(mix(h, shape))
}

/// The per-word hashes that do not depend on the tags (precomputed once
/// per training sentence).
#[cfg(feature = "train")]
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordHashes {
    pub w: u64,
    pub x: u64,
    pub c: u64,
    pub f: u64,
    pub t: u64,
}

#[cfg(feature = "train")]
impl WordHashes {
    pub(crate) fn new(form: &str, clusters: &Clusters) -> WordHashes {
        let (c, f, t) = clusters.lookup(form);
        WordHashes {
            w: hash_word(form),
            x: hash_suffix(form),
            c,
            f,
            t,
        }
    }
}

/// Per-token hashed attributes of one sentence, indexed like [`State`]
/// (0 = root, `1..=n` words, `n + 1` null).
#[derive(Debug, Default, Clone)]
pub(crate) struct Sentence {
    /// Word hash.
    pub w: Vec<u64>,
    /// Tag hash.
    pub p: Vec<u64>,
    /// Suffix-and-shape hash.
    pub x: Vec<u64>,
    /// UPOS hash alone (robust when only the XPOS is wrong).
    pub u: Vec<u64>,
    /// Coarse word cluster.
    pub c: Vec<u64>,
    /// Fine word cluster.
    pub f: Vec<u64>,
    /// Tag class of the word's cluster entry.
    pub t: Vec<u64>,
}

impl Sentence {
    /// Refill from `(form, upos, xpos)` triples.
    pub(crate) fn fill<'a>(
        &mut self,
        clusters: &Clusters,
        words: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    ) {
        self.begin();
        for (form, upos, xpos) in words {
            self.w.push(hash_word(form));
            self.x.push(hash_suffix(form));
            self.p.push(hash_tag(upos, xpos));
            self.u.push(hash_upos(upos));
            let (c, f, t) = clusters.lookup(form);
            self.c.push(c);
            self.f.push(f);
            self.t.push(t);
        }
        self.end();
    }

    /// Refill from precomputed word and tag hashes.
    #[cfg(feature = "train")]
    pub(crate) fn fill_hashed(
        &mut self,
        words: impl Iterator<Item = WordHashes>,
        tags: impl Iterator<Item = (u64, u64)>,
    ) {
        self.begin();
        for wh in words {
            self.w.push(wh.w);
            self.x.push(wh.x);
            self.c.push(wh.c);
            self.f.push(wh.f);
            self.t.push(wh.t);
        }
        for (p, u) in tags {
            self.p.push(p);
            self.u.push(u);
        }
        self.end();
    }

    fn begin(&mut self) {
        self.w.clear();
        self.p.clear();
        self.x.clear();
        self.u.clear();
        self.c.clear();
        self.f.clear();
        self.t.clear();
        self.c.push(ROOT_W);
        self.f.push(ROOT_W);
        self.t.push(ROOT_W);
        self.u.push(ROOT_P);
        self.w.push(ROOT_W);
        self.p.push(ROOT_P);
        self.x.push(ROOT_W);
    }

    fn end(&mut self) {
        self.w.push(NULL_W);
        self.p.push(NULL_P);
        self.x.push(NULL_W);
        self.u.push(NULL_P);
        self.c.push(NULL_W);
        self.f.push(NULL_W);
        self.t.push(NULL_W);
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.w.len().saturating_sub(2)
    }
}

/// Distance bucket between positions `a < b` (or a marker when either is
/// the null slot).
#[inline(always)]
fn dist(null: u32, a: u32, b: u32) -> u64 {
    if a == null || b == null {
        return 15;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => u64::from(d),
        5..=6 => 5,
        7..=9 => 6,
        10..=14 => 7,
        _ => 8,
    }
}

macro_rules! emit {
    ($out:ident, $k:ident, $($v:expr),+) => {{
        let mut h = ($k as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        $( h = mix(h, $v); )+
        $out[$k] = fin(h) | 1;
        $k += 1;
    }};
}

/// Transition features of the configuration `fr`.
pub(crate) fn move_features(fr: &Frame, sent: &Sentence, out: &mut [u64; N_MOVE_FEATS]) {
    let (s0, s1, s2) = (fr.s0, fr.s1, fr.s2);
    let (b0, b1, b2) = (fr.b0, fr.b1, fr.b2);
    let (sn0, sn1, bn0) = (&fr.s0n, &fr.s1n, &fr.b0n);
    let s0l = sn0.lc1;
    let s0l2 = sn0.lc2;
    let s0r = sn0.rc1;
    let s0r2 = sn0.rc2;
    let s1l = sn1.lc1;
    let s1r = sn1.rc1;
    let b0l = bn0.lc1;
    let b0l2 = bn0.lc2;

    let w = |i: u32| sent.w[i as usize];
    let p = |i: u32| sent.p[i as usize];
    // Relations of the children read above.
    let (l_s0l, l_s0l2, l_s0r, l_s0r2) = (
        u64::from(sn0.ll1),
        u64::from(sn0.ll2),
        u64::from(sn0.rl1),
        u64::from(sn0.rl2),
    );
    let (l_s1l, l_s1r) = (u64::from(sn1.ll1), u64::from(sn1.rl1));
    let (l_b0l, l_b0l2) = (u64::from(bn0.ll1), u64::from(bn0.ll2));

    let (s0w, s0p, s1w, s1p, s2w, s2p) = (w(s0), p(s0), w(s1), p(s1), w(s2), p(s2));
    let (b0w, b0p, b1w, b1p, b2w, b2p) = (w(b0), p(b0), w(b1), p(b1), w(b2), p(b2));
    let d1 = dist(fr.null, s0, b0);
    let d2 = dist(fr.null, s1, s0);
    let s0vl = u64::from(sn0.nl);
    let s0vr = u64::from(sn0.nr);
    let s1vl = u64::from(sn1.nl);
    let s1vr = u64::from(sn1.nr);
    let b0vl = u64::from(bn0.nl);

    let mut k = 0usize;
    // Unigrams.
    emit!(out, k, s0w, s0p);
    emit!(out, k, s0w);
    emit!(out, k, s0p);
    emit!(out, k, s1w, s1p);
    emit!(out, k, s1w);
    emit!(out, k, s1p);
    emit!(out, k, s2p);
    emit!(out, k, s2w);
    emit!(out, k, b0w, b0p);
    emit!(out, k, b0w);
    emit!(out, k, b0p);
    emit!(out, k, b1w, b1p);
    emit!(out, k, b1w);
    emit!(out, k, b1p);
    emit!(out, k, b2p);
    emit!(out, k, b2w);
    // Pairs.
    emit!(out, k, s0w, s0p, b0w, b0p);
    emit!(out, k, s0w, s0p, b0w);
    emit!(out, k, s0w, b0w, b0p);
    emit!(out, k, s0w, s0p, b0p);
    emit!(out, k, s0p, b0w, b0p);
    emit!(out, k, s0w, b0w);
    emit!(out, k, s0p, b0p);
    emit!(out, k, b0p, b1p);
    emit!(out, k, s1w, s1p, s0w, s0p);
    emit!(out, k, s1w, s0w);
    emit!(out, k, s1p, s0p);
    emit!(out, k, s1w, s1p, s0p);
    emit!(out, k, s1p, s0w, s0p);
    emit!(out, k, s1w, b0w);
    emit!(out, k, s1p, b0p);
    // Triples of tags.
    emit!(out, k, b0p, b1p, b2p);
    emit!(out, k, s0p, b0p, b1p);
    emit!(out, k, s1p, s0p, b0p);
    emit!(out, k, s0p, p(s0l), b0p);
    emit!(out, k, s0p, p(s0r), b0p);
    emit!(out, k, s0p, b0p, p(b0l));
    emit!(out, k, s1p, s0p, p(s0l));
    emit!(out, k, s1p, s0p, p(s0r));
    emit!(out, k, s1p, p(s1r), s0p);
    emit!(out, k, s1p, p(s1l), s0p);
    emit!(out, k, s2p, s1p, s0p);
    // Distance.
    emit!(out, k, s0w, d1);
    emit!(out, k, s0p, d1);
    emit!(out, k, b0w, d1);
    emit!(out, k, b0p, d1);
    emit!(out, k, s0w, b0w, d1);
    emit!(out, k, s0p, b0p, d1);
    emit!(out, k, s1p, s0p, d2);
    emit!(out, k, s1w, s0w, d2);
    // Valency.
    emit!(out, k, s0w, s0vr);
    emit!(out, k, s0p, s0vr);
    emit!(out, k, s0w, s0vl);
    emit!(out, k, s0p, s0vl);
    emit!(out, k, b0w, b0vl);
    emit!(out, k, b0p, b0vl);
    emit!(out, k, s1p, s1vr);
    emit!(out, k, s1p, s1vl);
    // Children.
    emit!(out, k, w(s0l), p(s0l));
    emit!(out, k, l_s0l, s0p);
    emit!(out, k, w(s0r), p(s0r));
    emit!(out, k, l_s0r, s0p);
    emit!(out, k, w(b0l), p(b0l));
    emit!(out, k, l_b0l, b0p);
    emit!(out, k, p(s1r), l_s1r);
    emit!(out, k, p(s1l), l_s1l);
    // Second children.
    emit!(out, k, p(s0l2), l_s0l2);
    emit!(out, k, p(s0r2), l_s0r2);
    emit!(out, k, p(b0l2), l_b0l2);
    emit!(out, k, s0p, p(s0l), p(s0l2));
    emit!(out, k, s0p, p(s0r), p(s0r2));
    emit!(out, k, b0p, p(b0l), p(b0l2));
    // Label sets.
    emit!(out, k, s0w, sn0.rset);
    emit!(out, k, s0p, sn0.rset);
    emit!(out, k, s0p, sn0.lset);
    emit!(out, k, b0p, bn0.lset);
    emit!(out, k, s1p, sn1.rset);
    // Suffixes and lexical lookahead.
    let x = |i: u32| sent.x[i as usize];
    emit!(out, k, x(b0), b0p);
    emit!(out, k, x(s0), s0p);
    emit!(out, k, x(b0), s0p);
    emit!(out, k, x(s0), b0p);
    emit!(out, k, b0w, b1w);
    emit!(out, k, s0w, b0p, b1p);
    emit!(out, k, s0p, b0w, b1p);
    emit!(out, k, s0p, b0p, b1w);
    emit!(out, k, b0p, b1p, p(fr.b3));
    emit!(out, k, s0w, w(s0r));
    emit!(out, k, b0w, w(b0l));
    // UPOS alone.
    let u = |i: u32| sent.u[i as usize];
    emit!(out, k, u(s0), u(b0));
    emit!(out, k, u(s1), u(s0));
    emit!(out, k, u(s0), u(b0), u(b1));
    emit!(out, k, u(s1), u(s0), u(b0));
    emit!(out, k, s0w, u(b0));
    emit!(out, k, u(s0), b0w);
    // Word clusters.
    let c = |i: u32| sent.c[i as usize];
    let f = |i: u32| sent.f[i as usize];
    let t = |i: u32| sent.t[i as usize];
    emit!(out, k, f(s0));
    emit!(out, k, f(b0));
    emit!(out, k, c(s0), s0p);
    emit!(out, k, c(b0), b0p);
    emit!(out, k, c(s1), s1p);
    emit!(out, k, c(b1), b1p);
    emit!(out, k, f(s0), f(b0));
    emit!(out, k, c(s0), c(b0), d1);
    emit!(out, k, f(s0), b0p);
    emit!(out, k, s0p, f(b0));
    emit!(out, k, c(s1), c(s0));
    emit!(out, k, c(b0), c(b1));
    emit!(out, k, t(s0), t(b0));
    emit!(out, k, t(b0), b0p);
    debug_assert_eq!(k, N_MOVE_FEATS);
}

/// The arc `h -> d` about to be added, with what the relation features
/// read of the two tokens' dependents so far (`hn`, `dn`) in a sentence of
/// `n` words whose null slot is `null`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ArcView<'a> {
    pub n: u32,
    pub null: u32,
    pub h: u32,
    pub d: u32,
    pub hn: &'a Node,
    pub dn: &'a Node,
}

/// Relation features for the arc `a.h -> a.d` about to be added (`d` is
/// complete: in arc-hybrid a token has all its dependents when it gets its
/// head).
pub(crate) fn label_features(a: &ArcView<'_>, sent: &Sentence, out: &mut [u64; N_LABEL_FEATS]) {
    let w = |i: u32| sent.w[i as usize];
    let p = |i: u32| sent.p[i as usize];
    let (h, d, hn, dn) = (a.h, a.d, a.hn, a.dn);
    let (hu, du) = (h as usize, d as usize);
    let dir = u64::from(d < h);
    let (hw, hp, dw, dp) = (w(h), p(h), w(d), p(d));
    let near = |i: u32, delta: i64| -> u32 {
        let j = i64::from(i) + delta;
        if j >= 1 && j <= i64::from(a.n) {
            j as u32
        } else {
            a.null
        }
    };
    let dm1 = near(d, -1);
    let dp1 = near(d, 1);
    let hm1 = near(h, -1);
    let hp1 = near(h, 1);
    let dl = dn.lc1;
    let dr = dn.rc1;
    let ds = dist(a.null, h, d);
    let mut k = 0usize;
    emit!(out, k, dir, dw);
    emit!(out, k, dir, dp);
    emit!(out, k, dir, dw, dp);
    emit!(out, k, dir, hw);
    emit!(out, k, dir, hp);
    emit!(out, k, dir, hw, hp);
    emit!(out, k, dir, hp, dp);
    emit!(out, k, dir, hw, dp);
    emit!(out, k, dir, hp, dw);
    emit!(out, k, dir, hw, dw);
    emit!(out, k, dir, dp, ds);
    emit!(out, k, dir, hp, dp, ds);
    emit!(out, k, dir, dp, dn.lset);
    emit!(out, k, dir, dp, dn.rset);
    emit!(out, k, dir, dw, dn.lset);
    emit!(out, k, dir, hp, dp, dn.lset);
    emit!(out, k, dir, dp, p(dl), u64::from(dn.ll1));
    emit!(out, k, dir, dp, p(dr), u64::from(dn.rl1));
    emit!(out, k, dir, w(dl), dp);
    emit!(out, k, dir, hp, hn.lset, hn.rset);
    emit!(out, k, dir, hp, u64::from(hn.ll1));
    emit!(out, k, dir, p(dm1), dp, hp);
    emit!(out, k, dir, dp, p(dp1), hp);
    emit!(out, k, dir, p(hm1), hp, dp);
    emit!(out, k, dir, hp, p(hp1), dp);
    emit!(out, k, dir, u64::from(dn.nl), u64::from(dn.nr), dp);
    emit!(out, k, dir, hp, u64::from(h == 0));
    emit!(out, k, dir, w(dm1), dp);
    emit!(out, k, dir, sent.x[du], dp);
    emit!(out, k, dir, sent.x[du], hp);
    emit!(out, k, dir, sent.u[du], sent.u[hu]);
    emit!(out, k, dir, dw, sent.u[hu]);
    let (hc, hf, dc, df) = (sent.c[hu], sent.f[hu], sent.c[du], sent.f[du]);
    emit!(out, k, dir, df);
    emit!(out, k, dir, hf);
    emit!(out, k, dir, hc, dc);
    emit!(out, k, dir, df, hp);
    emit!(out, k, dir, dp, hf);
    emit!(out, k, dir, hf, df);
    debug_assert_eq!(k, N_LABEL_FEATS);
}
