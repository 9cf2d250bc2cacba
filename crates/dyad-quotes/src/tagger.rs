//! A small structured perceptron that tags tokens as source, cue or content
//! (BIO), decoded with Viterbi over each paragraph. Features are hashed
//! strings over words, shapes, the cue lexicon, quote-mark regions and
//! clause position; weights are averaged at the end of training.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already well-mixed 64-bit hashes: pass them through (one
/// multiply to spread low bits) instead of SipHash.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9e3779b97f4a7c15);
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k.wrapping_mul(0x9e3779b97f4a7c15);
    }
}

/// Map from feature hash to weights.
pub type WeightMap = HashMap<u64, [f32; NL], BuildHasherDefault<KeyHasher>>;

use crate::deps::Parse;
use crate::lexicon::{Cluster, CueClass, cue_class, word_cluster};
use crate::text::{Mark, QuoteRegion, Range, Shape, Tok};
use crate::wordmemo::{self as wm, END, START, Words};

/// Number of labels.
pub const NL: usize = 7;

/// Token labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Label {
    /// Outside any role.
    O = 0,
    /// Source, first token.
    BSource = 1,
    /// Source, later token.
    ISource = 2,
    /// Cue, first token.
    BCue = 3,
    /// Cue, later token.
    ICue = 4,
    /// Content, first token.
    BContent = 5,
    /// Content, later token.
    IContent = 6,
}

impl Label {
    /// All labels by index.
    pub const ALL: [Label; NL] = [
        Label::O,
        Label::BSource,
        Label::ISource,
        Label::BCue,
        Label::ICue,
        Label::BContent,
        Label::IContent,
    ];

    /// Whether `self` may follow `prev` (I-X only after B-X or I-X).
    pub fn may_follow(self, prev: Option<Label>) -> bool {
        match self {
            Label::ISource => matches!(prev, Some(Label::BSource | Label::ISource)),
            Label::ICue => matches!(prev, Some(Label::BCue | Label::ICue)),
            Label::IContent => matches!(prev, Some(Label::BContent | Label::IContent)),
            _ => true,
        }
    }
}

/// Everything the features look at, for one document.
pub struct Context<'a> {
    /// Tokens.
    pub toks: &'a [Tok],
    /// Sentence index of each token.
    pub sent_of: Vec<usize>,
    /// Sentences as token ranges.
    pub sents: &'a [Range],
    /// Quote depth of each token (1 inside a quotation, marks included).
    pub in_quote: Vec<bool>,
    /// Cue class of each token, when not inside a quotation.
    pub cue: Vec<Option<CueClass>>,
    /// UPOS of each token.
    pub upos: &'a [&'static str],
    /// The pipeline's parse, when given.
    pub parse: Option<&'a Parse>,
    /// Word clusters of each token ([`word_cluster`]; none for quote
    /// marks and unclustered words).
    pub clus: Vec<Option<Cluster>>,
}

impl<'a> Context<'a> {
    /// Build the context.
    pub fn new(
        toks: &'a [Tok],
        sents: &'a [Range],
        quotes: &[QuoteRegion],
        upos: &'a [&'static str],
        parse: Option<&'a Parse>,
    ) -> Context<'a> {
        let mut sent_of = vec![0; toks.len()];
        for (si, s) in sents.iter().enumerate() {
            for x in &mut sent_of[s.clone()] {
                *x = si;
            }
        }
        let mut in_quote = vec![false; toks.len()];
        for q in quotes {
            for x in &mut in_quote[q.open..q.end.min(toks.len())] {
                *x = true;
            }
        }
        let cue = toks
            .iter()
            .zip(&in_quote)
            .map(|(t, &q)| if q { None } else { cue_class(&t.lower) })
            .collect();
        let clus = toks
            .iter()
            .map(|t| match t.mark {
                Some(_) => None,
                None => word_cluster(&t.lower),
            })
            .collect();
        Context {
            clus,
            toks,
            sent_of,
            sents,
            in_quote,
            cue,
            upos,
            parse,
        }
    }
}

const FNV_START: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

/// FNV-1a over the parts, each followed by a 0xff separator (the
/// features' hash; they start from [`fnv_tag`] states).
#[cfg(test)]
pub(crate) fn fnv(parts: &[&[u8]]) -> u64 {
    fnv_from(FNV_START, parts)
}

/// The FNV state after the first part `tag` (a template name) and its
/// separator: `fnv(&[tag, rest…]) == fnv_from(fnv_tag(tag), &[rest…])`.
/// Evaluated at compile time through [`tag!`], so template names cost
/// nothing per feature.
pub(crate) const fn fnv_tag(tag: &[u8]) -> u64 {
    fnv_part(FNV_START, tag)
}

/// [`fnv_from`] over one part, at compile time.
pub(crate) const fn fnv_part(mut h: u64, part: &[u8]) -> u64 {
    let mut i = 0;
    while i < part.len() {
        h ^= part[i] as u64;
        h = h.wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h ^= 0xff;
    h.wrapping_mul(FNV_PRIME)
}

/// Continue [`fnv`] from state `h` over `parts`.
#[inline]
pub(crate) fn fnv_from(mut h: u64, parts: &[&[u8]]) -> u64 {
    for p in parts {
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(FNV_PRIME);
        }
        h ^= 0xff;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The [`fnv_tag`] state of a template name, as a constant.
macro_rules! tag {
    ($t:literal) => {{
        const H: u64 = $crate::tagger::fnv_tag($t);
        H
    }};
}
pub(crate) use tag;

pub(crate) fn bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        11..=20 => "11-20",
        _ => "20+",
    }
}

fn shape_str(t: Option<&Tok>) -> &'static str {
    match t {
        None => "^",
        Some(t) => match (t.shape, t.mark) {
            (_, Some(Mark::Open)) => "Q(",
            (_, Some(Mark::Close)) => "Q)",
            (Shape::Upper, _) => "X",
            (Shape::Lower, _) => "x",
            (Shape::Digit, _) => "d",
            (Shape::Punct, _) => "p",
        },
    }
}

fn norm_word(t: Option<&Tok>) -> &str {
    match t {
        None => "<s>",
        Some(t) => match t.mark {
            Some(_) => "\"",
            None => t.lower.as_str(),
        },
    }
}

/// Feature part of a token without a word cluster.
pub(crate) const CLUSTER_NONE: [u8; 2] = [0xff, 0xff];
/// Feature part of a position outside the text.
const CLUSTER_OUT: [u8; 2] = [0xfe, 0xff];

/// Hashed features of every token of the document.
pub fn features<'a>(ctx: &Context<'a>) -> Vec<Vec<u64>> {
    let mut out = Vec::with_capacity(ctx.toks.len());
    each_features(ctx, |_, f| out.push(f.to_vec()));
    out
}

/// Call `visit(i, features of token i)` for every token in order, with one
/// reused buffer: [`features`] without keeping them all.
pub fn each_features<'a>(ctx: &Context<'a>, visit: impl FnMut(usize, &[u64])) {
    each_features_hinted(ctx, |_| {}, visit);
}

/// [`each_features`], calling `hint(h)` as soon as each feature hash `h`
/// is known (before the token's features are visited): the decoder uses
/// it to prefetch the weight-table slots of a token while the rest of its
/// features are hashed.
pub fn each_features_hinted<'a>(
    ctx: &Context<'a>,
    hint: impl Fn(u64),
    mut visit: impl FnMut(usize, &[u64]),
) {
    let toks = ctx.toks;
    let n = toks.len();
    // Per sentence: positions of lexicon cues outside quotes.
    let mut f: Vec<u64> = Vec::with_capacity(96);
    // The previous token's features: it is visited once the next token's
    // are hashed (and their slots hinted), so that the visitor's loads of
    // its hinted slots have had a whole token's hashing to arrive.
    let mut prev: Vec<u64> = Vec::with_capacity(96);
    // Precompute nearest cue left/right within the sentence.
    let mut left_cue = vec![None; n];
    let mut right_cue = vec![None; n];
    for s in ctx.sents {
        let mut last = None;
        for i in s.clone() {
            left_cue[i] = last;
            if ctx.cue[i].is_some() {
                last = Some(i);
            }
        }
        let mut next = None;
        for i in s.clone().rev() {
            right_cue[i] = next;
            if ctx.cue[i].is_some() {
                next = Some(i);
            }
        }
    }
    // Per sentence: has quote, has cue, quote count.
    let mut s_quote = vec![false; ctx.sents.len()];
    let mut s_cue = vec![false; ctx.sents.len()];
    for i in 0..n {
        let si = ctx.sent_of[i];
        s_quote[si] |= ctx.in_quote[i];
        s_cue[si] |= ctx.cue[i].is_some();
    }
    // Commas: prefix count per token for "comma between" tests.
    let mut commas = vec![0u32; n + 1];
    for i in 0..n {
        commas[i + 1] = commas[i] + u32::from(toks[i].lower == "," || toks[i].lower == ":");
    }
    let tok = |i: isize| -> Option<&Tok> { if i < 0 { None } else { toks.get(i as usize) } };
    // Cluster ids as feature parts: [`CLUSTER_NONE`] for tokens without
    // one, `CLUSTER_OUT` outside the text.
    let kc = |k: isize| -> [u8; 2] {
        match usize::try_from(k).ok().and_then(|k| ctx.clus.get(k)) {
            None => CLUSTER_OUT,
            Some(None) => CLUSTER_NONE,
            Some(Some(c)) => c.coarse.to_le_bytes(),
        }
    };
    let kf = |k: isize| -> [u8; 2] {
        match usize::try_from(k).ok().and_then(|k| ctx.clus.get(k)) {
            None => CLUSTER_OUT,
            Some(None) => CLUSTER_NONE,
            Some(Some(c)) => c.fine.to_le_bytes(),
        }
    };
    // Relations of each token's dependents (subject, object, clausal
    // complement, open complement, parataxis, passive subject).
    let mut kids = vec![[b'-'; 6]; if ctx.parse.is_some() { n } else { 0 }];
    if let Some(p) = ctx.parse {
        for k in 0..n {
            let Some(h) = p.head[k] else { continue };
            let slot = match p.rel[k] {
                "nsubj" => 0,
                "obj" | "iobj" => 1,
                "ccomp" => 2,
                "xcomp" => 3,
                "parataxis" => 4,
                "nsubj:pass" => 5,
                _ => continue,
            };
            kids[h][slot] = b"sopxqa"[slot];
        }
    }
    let mut words = Words::new(toks);
    for i in 0..n {
        let ii = i as isize;
        let si = ctx.sent_of[i];
        let s = &ctx.sents[si];
        f.clear();
        // Word types of the token and its neighbours in the sentence.
        let t0 = words.ty[i];
        let tm1 = if i > s.start { words.ty[i - 1] } else { START };
        let tm2 = if i > s.start + 1 {
            words.ty[i - 2]
        } else {
            START
        };
        let tp1 = if i + 1 < s.end { words.ty[i + 1] } else { END };
        let tp2 = if i + 2 < s.end { words.ty[i + 2] } else { END };
        let mut add = |h: u64, parts: &[&[u8]]| {
            let h = fnv_from(h, parts);
            hint(h);
            f.push(h);
        };
        let w0 = norm_word(tok(ii));
        let wp1 = if i + 1 < s.end {
            norm_word(tok(ii + 1))
        } else {
            "</s>"
        };
        let q = if ctx.in_quote[i] { "q" } else { "-" };
        add(tag!(b"b"), &[]);
        // Hashes through the word memo are those of `add(tag, &[word, …])`.
        add(words.get(t0, wm::W), &[]);
        add(words.get(tm1, wm::WM1), &[]);
        add(words.get(tp1, wm::WP1), &[]);
        add(words.get(tm2, wm::WM2), &[]);
        add(words.get(tp2, wm::WP2), &[]);
        add(words.get(tm1, wm::WM1W), &[w0.as_bytes()]);
        add(words.get(t0, wm::WW1), &[wp1.as_bytes()]);
        add(words.get(t0, wm::SUF), &[]);
        let sh = |k: isize| shape_str(tok(k));
        add(tag!(b"sh"), &[sh(ii).as_bytes()]);
        add(
            tag!(b"sh3"),
            &[
                sh(ii - 1).as_bytes(),
                sh(ii).as_bytes(),
                sh(ii + 1).as_bytes(),
            ],
        );
        add(tag!(b"shq"), &[sh(ii).as_bytes(), q.as_bytes()]);
        add(words.get(t0, wm::WQ), &[q.as_bytes()]);
        add(tag!(b"q"), &[q.as_bytes()]);
        let qm1 = i > 0 && ctx.in_quote[i - 1];
        let qp1 = i + 1 < n && ctx.in_quote[i + 1];
        add(
            tag!(b"qctx"),
            &[
                if qm1 { b"q" } else { b"-" },
                q.as_bytes(),
                if qp1 { b"q" } else { b"-" },
            ],
        );
        // Index in [`wm::CLASSES`].
        let cli = |k: isize| -> usize {
            if k < 0 || k as usize >= n {
                return 0;
            }
            match ctx.cue[k as usize] {
                None => 0,
                Some(CueClass::Speech) => 1,
                Some(CueClass::Belief) => 2,
                Some(CueClass::Finding) => 3,
                Some(CueClass::Phrase) => 4,
            }
        };
        let cls = |k: isize| wm::CLASSES[cli(k)];
        add(tag!(b"c0"), &[cls(ii).as_bytes()]);
        add(tag!(b"c-1"), &[cls(ii - 1).as_bytes()]);
        add(tag!(b"c+1"), &[cls(ii + 1).as_bytes()]);
        add(tag!(b"c-2"), &[cls(ii - 2).as_bytes()]);
        add(tag!(b"c+2"), &[cls(ii + 2).as_bytes()]);
        add(words.get(tp1, wm::C0W1 + cli(ii)), &[]);
        add(words.get(t0, wm::CM1W + cli(ii - 1)), &[]);
        // Word clusters: unseen words of a known word's cluster read alike
        // ("slammed", "blasted"). The fine cluster is the last feature
        // the role pass conjoins with the cue side.
        let kf = kf(ii);
        add(tag!(b"k"), &[&kf]);
        // Sentence position.
        let first = i == s.start;
        let last = i + 1 == s.end;
        add(
            tag!(b"pos"),
            &[if first {
                b"F"
            } else if last {
                b"L"
            } else {
                b"M"
            }],
        );
        add(tag!(b"ds"), &[bucket(i - s.start).as_bytes()]);
        add(tag!(b"de"), &[bucket(s.end - 1 - i).as_bytes()]);
        add(
            tag!(b"sent"),
            &[
                if s_quote[si] { b"Q" } else { b"-" },
                if s_cue[si] { b"C" } else { b"-" },
            ],
        );
        add(
            tag!(b"newpara"),
            &[if toks[s.start].newline_before {
                b"y"
            } else {
                b"n"
            }],
        );
        // Nearest cues.
        let (lc, rc) = (left_cue[i], right_cue[i]);
        let lcd = lc.map_or("none", |c| bucket(i - c));
        let rcd = rc.map_or("none", |c| bucket(c - i));
        add(tag!(b"lcd"), &[lcd.as_bytes()]);
        add(tag!(b"rcd"), &[rcd.as_bytes()]);
        add(tag!(b"lcdq"), &[lcd.as_bytes(), q.as_bytes()]);
        add(tag!(b"rcdq"), &[rcd.as_bytes(), q.as_bytes()]);
        add(tag!(b"lr"), &[lcd.as_bytes(), rcd.as_bytes()]);
        if let Some(c) = lc {
            add(words.get(words.ty[c], wm::LCW), &[]);
            let cm = commas[i] - commas[c + 1];
            add(tag!(b"lc,"), &[bucket(cm as usize).as_bytes()]);
            match words.ty.get(c + 1) {
                Some(&t) => add(words.get(t, wm::LCTHAT), &[lcd.as_bytes()]),
                None => add(tag!(b"lcthat"), &[b"", lcd.as_bytes()]),
            }
        }
        if let Some(c) = rc {
            let tc = words.ty[c];
            add(words.get(tc, wm::RCW), &[]);
            let cm = commas[c] - commas[i];
            add(
                tag!(b"rc,"),
                &[bucket(cm as usize).as_bytes(), q.as_bytes()],
            );
            add(words.get(tc, wm::RCWC), &[bucket(cm as usize).as_bytes()]);
            let before = if c > 0 { words.ty[c - 1] } else { START };
            add(words.get(before, wm::RCPREV), &[sh(ii).as_bytes()]);
        }
        let in_sent = |tags: &'a [&'static str], k: isize| -> &'static str {
            if k < s.start as isize || k >= s.end as isize {
                "<>"
            } else {
                tags[k as usize]
            }
        };
        let pos = |k: isize| in_sent(ctx.upos, k);
        let (p0, pm1, pp1) = (pos(ii), pos(ii - 1), pos(ii + 1));
        add(tag!(b"p"), &[p0.as_bytes()]);
        add(tag!(b"p-1"), &[pm1.as_bytes()]);
        add(tag!(b"p+1"), &[pp1.as_bytes()]);
        add(tag!(b"p-2"), &[pos(ii - 2).as_bytes()]);
        add(tag!(b"p+2"), &[pos(ii + 2).as_bytes()]);
        add(tag!(b"p-1p"), &[pm1.as_bytes(), p0.as_bytes()]);
        add(tag!(b"pp+1"), &[p0.as_bytes(), pp1.as_bytes()]);
        add(
            tag!(b"p3"),
            &[pm1.as_bytes(), p0.as_bytes(), pp1.as_bytes()],
        );
        add(tag!(b"pq"), &[p0.as_bytes(), q.as_bytes()]);
        let near_mark = (1..=3)
            .filter_map(|d| i.checked_sub(d).filter(|&k| k >= s.start))
            .find_map(|k| toks[k].mark.map(|m| (m, i - k)));
        // Index in [`wm::NMS`].
        let nmi = match near_mark {
            Some((Mark::Open, d)) => 1 + d,
            Some((Mark::Close, d)) => 5 + d,
            None => 0,
        };
        add(tag!(b"nm"), &[wm::NMS[nmi].as_bytes(), p0.as_bytes()]);
        add(words.get(t0, wm::NMW + nmi), &[]);
        add(words.get(t0, wm::L), &[]);
        add(words.get(t0, wm::LP), &[p0.as_bytes()]);
        if let Some(c) = rc {
            add(
                tag!(b"rcp"),
                &[ctx.upos[c].as_bytes(), p0.as_bytes(), rcd.as_bytes()],
            );
            add(words.get(words.ty[c], wm::RCL), &[]);
        }
        if let Some(c) = lc {
            add(
                tag!(b"lcp"),
                &[ctx.upos[c].as_bytes(), p0.as_bytes(), lcd.as_bytes()],
            );
            add(words.get(words.ty[c], wm::LCL), &[]);
        }
        if let Some(p) = ctx.parse {
            let up = |k: isize| in_sent(&p.upos, k);
            let (u0, um1, up1) = (up(ii), up(ii - 1), up(ii + 1));
            let rel = p.rel[i];
            add(tag!(b"U"), &[u0.as_bytes()]);
            add(tag!(b"K"), &[&kids[i]]);
            add(tag!(b"Kw"), &[&kids[i], w0.as_bytes()]);
            add(tag!(b"U-1U"), &[um1.as_bytes(), u0.as_bytes()]);
            add(tag!(b"UU+1"), &[u0.as_bytes(), up1.as_bytes()]);
            add(
                tag!(b"U3"),
                &[um1.as_bytes(), u0.as_bytes(), up1.as_bytes()],
            );
            add(tag!(b"D"), &[rel.as_bytes()]);
            add(tag!(b"DU"), &[rel.as_bytes(), u0.as_bytes()]);
            add(tag!(b"Dw"), &[rel.as_bytes(), w0.as_bytes()]);
            add(tag!(b"DUq"), &[rel.as_bytes(), u0.as_bytes(), q.as_bytes()]);
            match p.head[i] {
                Some(h) => {
                    let dir: &[u8] = if h < i { b"<" } else { b">" };
                    let hw = norm_word(Some(&toks[h]));
                    add(tag!(b"Hw"), &[rel.as_bytes(), hw.as_bytes()]);
                    add(tag!(b"Hu"), &[rel.as_bytes(), p.upos[h].as_bytes(), dir]);
                    add(tag!(b"Hr"), &[rel.as_bytes(), p.rel[h].as_bytes()]);
                    add(
                        tag!(b"Hc"),
                        &[
                            rel.as_bytes(),
                            ctx.cue[h].map_or("none", CueClass::as_str).as_bytes(),
                        ],
                    );
                    add(words.get(t0, wm::HWW), &[hw.as_bytes()]);
                }
                None => add(tag!(b"Hnone"), &[rel.as_bytes()]),
            }
        }
        let kc0 = kc(ii);
        add(tag!(b"kc"), &[&kc0]);
        add(tag!(b"kc-1"), &[&kc(ii - 1), &kc0]);
        add(tag!(b"kc+1"), &[&kc0, &kc(ii + 1)]);
        add(tag!(b"kq"), &[&kf, q.as_bytes()]);
        if let Some(p) = ctx.parse {
            add(tag!(b"kD"), &[&kc0, p.rel[i].as_bytes()]);
            if let Some(h) = p.head[i] {
                add(tag!(b"kH"), &[p.rel[i].as_bytes(), &kc(h as isize)]);
            }
        }
        if i > 0 {
            visit(i - 1, &prev);
        }
        std::mem::swap(&mut f, &mut prev);
    }
    if n > 0 {
        visit(n - 1, &prev);
    }
}

/// Model weights.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Emission weights per feature hash.
    pub w: WeightMap,
    /// Transition weights `[prev][cur]`; row `NL` is the start.
    pub t: [[f32; NL]; NL + 1],
    /// Constant added to each label's score at decoding (tuned on dev, not
    /// stored in the file).
    pub bias: [f32; NL],
}

/// Magic bytes of the model file.
const MAGIC: &[u8; 4] = b"DYQ1";

/// An error loading a model.
#[derive(Debug, thiserror::Error)]
#[error("quote model: {0}")]
pub struct ModelError(pub String);

impl Model {
    /// Sum of the weights of `feats` (no bias).
    pub fn emit_sum(&self, feats: &[u64]) -> [f32; NL] {
        let mut s = [0.0; NL];
        for f in feats {
            if let Some(w) = self.w.get(f) {
                for k in 0..NL {
                    s[k] += w[k];
                }
            }
        }
        s
    }

    /// Viterbi decode of a sequence over all labels.
    pub fn decode(&self, feats: &[Vec<u64>]) -> Vec<Label> {
        self.decode_masked(feats, &[true; NL])
    }

    /// Viterbi decode of a sequence over the labels marked in `allowed`.
    pub fn decode_masked(&self, feats: &[Vec<u64>], allowed: &[bool; NL]) -> Vec<Label> {
        let e: Vec<[f32; NL]> = feats.iter().map(|f| self.emit_sum(f)).collect();
        self.decode_emissions(&e, allowed)
    }

    /// Viterbi decode given each token's summed feature weights
    /// ([`Model::emit_sum`]; the bias is added here).
    pub fn decode_emissions(&self, emissions: &[[f32; NL]], allowed: &[bool; NL]) -> Vec<Label> {
        let n = emissions.len();
        if n == 0 {
            return Vec::new();
        }
        let emit =
            |i: usize| -> [f32; NL] { std::array::from_fn(|k| emissions[i][k] + self.bias[k]) };
        let mut score = vec![[f32::NEG_INFINITY; NL]; n];
        let mut back = vec![[0u8; NL]; n];
        let e0 = emit(0);
        for (k, l) in Label::ALL.iter().enumerate() {
            if l.may_follow(None) && allowed[k] {
                score[0][k] = e0[k] + self.t[NL][k];
            }
        }
        for i in 1..n {
            let e = emit(i);
            for (k, l) in Label::ALL.iter().enumerate() {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0u8;
                for (p, pl) in Label::ALL.iter().enumerate() {
                    if !allowed[k] || !l.may_follow(Some(*pl)) {
                        continue;
                    }
                    let v = score[i - 1][p] + self.t[p][k];
                    if v > best {
                        best = v;
                        arg = p as u8;
                    }
                }
                score[i][k] = best + e[k];
                back[i][k] = arg;
            }
        }
        let mut k = (0..NL)
            .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let mut out = vec![Label::O; n];
        for i in (0..n).rev() {
            out[i] = Label::ALL[k];
            k = back[i][k] as usize;
        }
        out
    }

    /// The mean of `models` (weights of features a model lacks count as
    /// zero; transitions averaged too; biases are left at zero). Sums run
    /// over the models in the given order, so the result is deterministic.
    pub fn average(models: &[&Model]) -> Model {
        let mut m = Model::default();
        if models.is_empty() {
            return m;
        }
        let k = models.len() as f32;
        for x in models {
            for (h, w) in &x.w {
                let a = m.w.entry(*h).or_insert([0.0; NL]);
                for (a, w) in a.iter_mut().zip(w) {
                    *a += w;
                }
            }
            for (row, xr) in m.t.iter_mut().zip(&x.t) {
                for (a, w) in row.iter_mut().zip(xr) {
                    *a += w;
                }
            }
        }
        for a in m.w.values_mut().chain(m.t.iter_mut()) {
            for v in a.iter_mut() {
                *v /= k;
            }
        }
        m
    }

    /// Drop features whose weights are all below `min` in absolute value.
    pub fn prune(&mut self, min: f32) {
        self.w.retain(|_, v| v.iter().any(|x| x.abs() >= min));
    }

    /// Serialize (little-endian: magic, transitions, feature count, then
    /// hash + weights per feature, sorted by hash for determinism).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for row in &self.t {
            for v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        let mut keys: Vec<&u64> = self.w.keys().collect();
        keys.sort();
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for k in keys {
            out.extend_from_slice(&k.to_le_bytes());
            for v in &self.w[k] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Read a model written by [`Model::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let err = |m: &str| ModelError(m.to_string());
        if b.len() < 4 || &b[..4] != MAGIC {
            return Err(err("bad magic"));
        }
        let mut pos = 4;
        let f32at = |pos: &mut usize| -> Result<f32, ModelError> {
            let s = b.get(*pos..*pos + 4).ok_or_else(|| err("truncated"))?;
            *pos += 4;
            Ok(f32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        };
        let mut m = Model::default();
        for row in m.t.iter_mut() {
            for v in row.iter_mut() {
                *v = f32at(&mut pos)?;
            }
        }
        let s = b.get(pos..pos + 4).ok_or_else(|| err("truncated"))?;
        let count = u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize;
        pos += 4;
        if b.len() != pos + count * (8 + 4 * NL) {
            return Err(err("length does not match feature count"));
        }
        m.w.reserve(count);
        for _ in 0..count {
            let mut kb = [0u8; 8];
            kb.copy_from_slice(&b[pos..pos + 8]);
            pos += 8;
            let mut w = [0f32; NL];
            for v in w.iter_mut() {
                *v = f32at(&mut pos)?;
            }
            m.w.insert(u64::from_le_bytes(kb), w);
        }
        Ok(m)
    }
}

/// Averaged structured-perceptron trainer.
#[derive(Debug, Default)]
pub struct Trainer {
    model: Model,
    acc: WeightMap,
    tacc: [[f32; NL]; NL + 1],
    c: f32,
}

impl Trainer {
    /// A fresh trainer.
    pub fn new() -> Trainer {
        Trainer {
            c: 1.0,
            ..Trainer::default()
        }
    }

    /// Current (non-averaged) model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// One update on a sequence: decode, and if wrong, move weights toward
    /// gold. Returns the number of wrong labels.
    pub fn update(&mut self, feats: &[Vec<u64>], gold: &[Label]) -> usize {
        self.update_masked(feats, gold, &[true; NL])
    }

    /// [`Trainer::update`] decoding over the labels in `allowed` only.
    pub fn update_masked(
        &mut self,
        feats: &[Vec<u64>],
        gold: &[Label],
        allowed: &[bool; NL],
    ) -> usize {
        let pred = self.model.decode_masked(feats, allowed);
        let wrong = pred.iter().zip(gold).filter(|(a, b)| a != b).count();
        if wrong > 0 {
            let c = self.c;
            for (i, f) in feats.iter().enumerate() {
                let (g, p) = (gold[i] as usize, pred[i] as usize);
                if g != p {
                    for h in f {
                        let w = self.model.w.entry(*h).or_insert([0.0; NL]);
                        w[g] += 1.0;
                        w[p] -= 1.0;
                        let a = self.acc.entry(*h).or_insert([0.0; NL]);
                        a[g] += c;
                        a[p] -= c;
                    }
                }
                let gp = if i == 0 { NL } else { gold[i - 1] as usize };
                let pp = if i == 0 { NL } else { pred[i - 1] as usize };
                if gp != pp || g != p {
                    self.model.t[gp][g] += 1.0;
                    self.tacc[gp][g] += c;
                    self.model.t[pp][p] -= 1.0;
                    self.tacc[pp][p] -= c;
                }
            }
        }
        self.c += 1.0;
        wrong
    }

    /// The averaged model, dropping features whose averaged weights are all
    /// below `prune` in absolute value.
    pub fn averaged(&self, prune: f32) -> Model {
        let c = self.c;
        let mut m = Model::default();
        for (h, w) in &self.model.w {
            let a = self.acc.get(h).copied().unwrap_or([0.0; NL]);
            let mut v = [0f32; NL];
            for k in 0..NL {
                v[k] = w[k] - a[k] / c;
            }
            if v.iter().any(|x| x.abs() >= prune) {
                m.w.insert(*h, v);
            }
        }
        for p in 0..=NL {
            for k in 0..NL {
                m.t[p][k] = self.model.t[p][k] - self.tacc[p][k] / c;
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_states_continue_the_hash() {
        for (t, rest) in [
            (&b"w"[..], vec![&b"said"[..]]),
            (b"sh3", vec![b"X", b"x", b"p"]),
            (b"b", vec![]),
            (b"lcthat", vec![b"", b"4-6"]),
        ] {
            let mut all = vec![t];
            all.extend(&rest);
            assert_eq!(fnv(&all), fnv_from(fnv_tag(t), &rest));
        }
        assert_eq!(tag!(b"w"), fnv_tag(b"w"));
        assert_ne!(fnv(&[b"ab", b"c"]), fnv(&[b"a", b"bc"]));
    }

    #[test]
    fn words_of_one_cluster_share_cluster_features() {
        // "blasted" is not in the cue lexicon but shares its coarse
        // cluster with "said"; an unclustered word reads as none.
        let said = word_cluster("said").expect("clustered");
        let blasted = word_cluster("blasted").expect("clustered");
        assert_eq!(said.coarse, blasted.coarse);
        let kc = |c: [u8; 2]| fnv_from(tag!(b"kc"), &[&c]);
        for (text, want) in [
            ("He said it.", kc(said.coarse.to_le_bytes())),
            ("He blasted it.", kc(said.coarse.to_le_bytes())),
            ("He qqzxvd it.", kc(CLUSTER_NONE)),
        ] {
            let an = crate::extract::Analysis::new(text);
            let feats = features(&an.context());
            assert!(feats[1].contains(&want), "{text}");
            let w = fnv_from(
                tag!(b"k"),
                &[&word_cluster(&an.toks[1].lower).map_or(CLUSTER_NONE, |c| c.fine.to_le_bytes())],
            );
            // The fine cluster is the last feature the role pass conjoins.
            assert_eq!(feats[1][crate::roles::CONJOINED - 1], w, "{text}");
        }
    }

    #[test]
    fn averages_models() {
        let mut a = Model::default();
        let mut b = Model::default();
        a.w.insert(1, [2.0; NL]);
        a.w.insert(2, [4.0; NL]);
        b.w.insert(2, [0.0; NL]);
        b.w.insert(3, [-6.0; NL]);
        a.t[0][1] = 1.0;
        b.t[0][1] = 3.0;
        let m = Model::average(&[&a, &b]);
        assert_eq!(m.w.len(), 3);
        assert_eq!(m.w[&1], [1.0; NL]);
        assert_eq!(m.w[&2], [2.0; NL]);
        assert_eq!(m.w[&3], [-3.0; NL]);
        assert_eq!(m.t[0][1], 2.0);
        assert_eq!(m.bias, [0.0; NL]);
        assert_eq!(
            Model::average(&[&a, &b]).to_bytes(),
            Model::average(&[&a, &b]).to_bytes()
        );
        assert!(Model::average(&[]).w.is_empty());
    }

    #[test]
    fn learns_a_toy_pattern_and_roundtrips() {
        // Features: token identity and previous token; pattern "X said Y".
        let seqs: Vec<(Vec<Vec<u64>>, Vec<Label>)> = vec![
            (
                vec![vec![1], vec![2, 11], vec![3, 12], vec![3, 13]],
                vec![
                    Label::BSource,
                    Label::BCue,
                    Label::BContent,
                    Label::IContent,
                ],
            ),
            (
                vec![vec![4], vec![3, 14], vec![2, 13], vec![1, 12]],
                vec![Label::O, Label::O, Label::BCue, Label::BSource],
            ),
        ];
        let mut t = Trainer::new();
        for _ in 0..30 {
            for (f, g) in &seqs {
                t.update(f, g);
            }
        }
        let m = t.averaged(0.0);
        for (f, g) in &seqs {
            assert_eq!(&m.decode(f), g);
        }
        let m2 = Model::from_bytes(&m.to_bytes()).unwrap();
        for (f, g) in &seqs {
            assert_eq!(&m2.decode(f), g);
        }
        assert!(Model::from_bytes(b"nope").is_err());
        assert!(Model::from_bytes(&m.to_bytes()[..20]).is_err());
    }
}
