//! Second pass: given one cue, tag its source and content within the cue's
//! paragraph. Features are the first pass's token features conjoined with
//! the token's position relative to that cue, so each cue gets its own
//! reading of the paragraph.

use crate::extract::Analysis;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::tagger::{KeyHasher, Label, Model, NL, bucket, fnv};
use crate::text::Range;

/// Labels the role pass may output (no cue labels).
pub const ROLE_LABELS: [bool; NL] = [true, true, true, false, false, true, true];

/// `-` or `+` and the distance bucket of `d` (see [`bucket`]).
fn signed_bucket(d: isize) -> &'static str {
    const NEG: [&str; 8] = ["-0", "-1", "-2", "-3", "-4-6", "-7-10", "-11-20", "-20+"];
    const POS: [&str; 8] = ["+0", "+1", "+2", "+3", "+4-6", "+7-10", "+11-20", "+20+"];
    let k = match d.unsigned_abs() {
        x @ 0..=3 => x,
        4..=6 => 4,
        7..=10 => 5,
        11..=20 => 6,
        _ => 7,
    };
    if d < 0 { NEG[k] } else { POS[k] }
}

/// Features of the tokens of `para` relative to the cue `cue` (token
/// ranges). `base` holds the first pass's features of every token: each
/// appears as is and conjoined with the token's side of the cue and
/// sentence distance ([`conjoined`]), followed by the cue-specific features
/// of [`role_extras`].
pub fn role_features(an: &Analysis, base: &[Vec<u64>], para: &Range, cue: &Range) -> Vec<Vec<u64>> {
    role_extras(an, para, cue)
        .into_iter()
        .zip(para.clone())
        .map(|((key, extra), i)| {
            let mut f: Vec<u64> = Vec::with_capacity(base[i].len() * 2 + extra.len());
            f.extend(&base[i]);
            f.extend(base[i].iter().take(CONJOINED).map(|h| conjoined(key, *h)));
            f.extend(extra);
            f
        })
        .collect()
}

/// How many of a token's base features (the first ones: words, shapes,
/// quote region and cue-lexicon context, see [`crate::tagger::features`])
/// are conjoined with its side of the cue and sentence distance. Fewer
/// conjunctions mean fewer weight lookups per token and cue.
pub const CONJOINED: usize = 22;

/// Side of the cue (0 left, 1 in the cue, 2 right) and sentence distance
/// to the cue (clamped to ±3) of a token: what base features are
/// conjoined with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SideKey {
    side: u8,
    sd: i8,
}

impl SideKey {
    /// Index in 0..21.
    pub fn index(self) -> usize {
        self.side as usize * 7 + (self.sd + 3) as usize
    }
}

const SIDES: [&[u8]; 3] = [b"L", b"C", b"R"];
const SDS: [&str; 7] = ["-3", "-2", "-1", "0", "1", "2", "3"];

/// A base feature conjoined with the token's side and sentence distance.
pub fn conjoined(key: SideKey, h: u64) -> u64 {
    fnv(&[
        b"R",
        SIDES[key.side as usize],
        SDS[(key.sd + 3) as usize].as_bytes(),
        &h.to_le_bytes(),
    ])
}

/// Per token of `para`: its [`SideKey`] and the features that depend on the
/// cue itself (relative position, cue words, punctuation between, quote
/// region, path in the parse tree to the cue).
pub fn role_extras(an: &Analysis, para: &Range, cue: &Range) -> Vec<(SideKey, Vec<u64>)> {
    let toks = &an.toks;
    let cue_sent = an.sentence_of(cue.start);
    let cue_word = toks[cue.start].lower.as_str();
    let cue_last = toks[cue.end - 1].lower.as_str();
    let after_cue = toks.get(cue.end).map_or("</s>", |t| t.lower.as_str());
    let before_cue = if cue.start > para.start {
        toks[cue.start - 1].lower.as_str()
    } else {
        "<s>"
    };
    // Commas and quote marks between each token and the cue.
    let mut punct_before = vec![0u32; para.len() + 1];
    for (k, i) in para.clone().enumerate() {
        let t = &toks[i];
        punct_before[k + 1] =
            punct_before[k] + u32::from(t.lower == "," || t.lower == ":" || t.mark.is_some());
    }
    let cue_k = cue.start - para.start;
    // The cue's syntactic head (its first token whose head lies outside
    // the cue) and that token's ancestors.
    let mut anchor_chain = Vec::new();
    let mut chain = Vec::new();
    let (mut tree, mut top) = (String::new(), String::new());
    if let Some(p) = &an.parse {
        let anchor = cue
            .clone()
            .find(|&i| p.head[i].is_none_or(|h| !cue.contains(&h)))
            .unwrap_or(cue.start);
        p.chain(anchor, &mut anchor_chain);
    }
    let mut out = Vec::with_capacity(para.len());
    for (k, i) in para.clone().enumerate() {
        let mut f: Vec<u64> = Vec::with_capacity(22);
        let rel: &str = if cue.contains(&i) {
            "cue"
        } else if i < cue.start {
            signed_bucket(i as isize - cue.start as isize)
        } else {
            signed_bucket(i as isize - cue.end as isize + 1)
        };
        let side: &[u8] = if cue.contains(&i) {
            b"C"
        } else if i < cue.start {
            b"L"
        } else {
            b"R"
        };
        let sd = (an.sentence_of(i) as isize - cue_sent as isize).clamp(-3, 3);
        let sds = SDS[(sd + 3) as usize];
        let key = SideKey {
            side: if cue.contains(&i) {
                1
            } else if i < cue.start {
                0
            } else {
                2
            },
            sd: sd as i8,
        };
        let between = if i < cue.start {
            punct_before[cue_k] - punct_before[k + 1]
        } else if i >= cue.end {
            punct_before[k] - punct_before[cue.end - para.start]
        } else {
            0
        };
        let bw = bucket(between as usize);
        f.push(fnv(&[b"rel", rel.as_bytes()]));
        f.push(fnv(&[b"relsd", rel.as_bytes(), sds.as_bytes()]));
        f.push(fnv(&[b"sd", sds.as_bytes()]));
        f.push(fnv(&[b"sdbw", sds.as_bytes(), side, bw.as_bytes()]));
        f.push(fnv(&[b"cw", side, cue_word.as_bytes()]));
        f.push(fnv(&[b"cwl", side, cue_last.as_bytes()]));
        f.push(fnv(&[b"cwsd", side, sds.as_bytes(), cue_word.as_bytes()]));
        f.push(fnv(&[b"after", side, after_cue.as_bytes()]));
        f.push(fnv(&[b"before", side, before_cue.as_bytes()]));
        f.push(fnv(&[b"relw", rel.as_bytes(), toks[i].lower.as_bytes()]));
        f.push(fnv(&[b"relp", rel.as_bytes(), an.upos[i].as_bytes()]));
        f.push(fnv(&[
            b"sidep",
            side,
            sds.as_bytes(),
            an.upos[i].as_bytes(),
            bw.as_bytes(),
        ]));
        f.push(fnv(&[
            b"sdq",
            sds.as_bytes(),
            side,
            if an.in_quote(i) { b"q" } else { b"-" },
        ]));
        if let Some(p) = &an.parse {
            // The path from the token up to the lowest ancestor it shares
            // with the cue: how many steps on each side and the relations
            // by which each side hangs from that ancestor (`ccomp` under
            // the cue is content, `nsubj` the source, `obl:tmod` neither).
            p.chain(i, &mut chain);
            let meet = chain
                .iter()
                .enumerate()
                .find_map(|(b, x)| anchor_chain.iter().position(|y| y == x).map(|a| (a, b)));
            tree.clear();
            top.clear();
            match meet {
                Some((a, b)) => {
                    let arel = if a == 0 {
                        "self"
                    } else {
                        p.rel[anchor_chain[a - 1]]
                    };
                    let brel = if b == 0 { "self" } else { p.rel[chain[b - 1]] };
                    for (k, part) in [bucket(a), bucket(b), arel, brel].iter().enumerate() {
                        if k > 0 {
                            tree.push('|');
                        }
                        tree.push_str(part);
                    }
                    top.push_str(arel);
                    top.push('|');
                    top.push_str(brel);
                }
                None => {
                    tree.push_str("apart");
                    top.push_str("apart");
                }
            }
            f.push(fnv(&[b"T", tree.as_bytes()]));
            f.push(fnv(&[b"Tt", top.as_bytes(), side]));
            f.push(fnv(&[b"Ttr", top.as_bytes(), p.rel[i].as_bytes()]));
            f.push(fnv(&[b"Ttw", top.as_bytes(), cue_word.as_bytes()]));
            f.push(fnv(&[
                b"Ttq",
                top.as_bytes(),
                if an.in_quote(i) { b"q" } else { b"-" },
            ]));
            f.push(fnv(&[
                b"Tu",
                top.as_bytes(),
                p.upos[i].as_bytes(),
                bw.as_bytes(),
            ]));
        }
        out.push((key, f));
    }
    out
}

/// Decodes the role pass for one cue after another over a document,
/// caching what does not depend on the cue: the weights of each token's
/// base features, and of its conjoined features per side and sentence
/// distance. Gives the labels of decoding [`role_features`] with
/// [`Model::decode_masked`] at a fraction of the lookups.
pub struct RoleScorer<'a> {
    model: &'a Model,
    base: &'a [Vec<u64>],
    plain: Vec<Option<[f32; NL]>>,
    conj: HashMap<(usize, usize), [f32; NL], BuildHasherDefault<KeyHasher>>,
}

impl<'a> RoleScorer<'a> {
    /// A scorer over a document whose tokens have the `base` features.
    pub fn new(model: &'a Model, base: &'a [Vec<u64>]) -> RoleScorer<'a> {
        RoleScorer {
            model,
            base,
            plain: vec![None; base.len()],
            conj: HashMap::default(),
        }
    }

    /// Role labels of `para` for the cue `cue`.
    pub fn decode(&mut self, an: &Analysis, para: &Range, cue: &Range) -> Vec<Label> {
        let (model, base) = (self.model, self.base);
        let emissions: Vec<[f32; NL]> = role_extras(an, para, cue)
            .into_iter()
            .zip(para.clone())
            .map(|((key, extra), i)| {
                let plain = *self.plain[i].get_or_insert_with(|| model.emit_sum(&base[i]));
                let conj = *self.conj.entry((i, key.index())).or_insert_with(|| {
                    let mut s = [0.0; NL];
                    for h in base[i].iter().take(CONJOINED) {
                        if let Some(w) = model.w.get(&conjoined(key, *h)) {
                            for k in 0..NL {
                                s[k] += w[k];
                            }
                        }
                    }
                    s
                });
                let extra = model.emit_sum(&extra);
                std::array::from_fn(|k| plain[k] + conj[k] + extra[k])
            })
            .collect();
        model.decode_emissions(&emissions, &ROLE_LABELS)
    }
}

/// Gold labels of `para` for one attribution (source and content only;
/// everything else is O).
pub fn role_gold(all: &[Label], mine: &[bool], para: &Range) -> Vec<Label> {
    para.clone()
        .map(|i| {
            if !mine[i] {
                return Label::O;
            }
            match all[i] {
                Label::BSource | Label::ISource | Label::BContent | Label::IContent => all[i],
                _ => Label::O,
            }
        })
        .collect()
}
