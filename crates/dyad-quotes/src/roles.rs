//! Second pass: given one cue, tag its source and content within the cue's
//! paragraph. Features are the first pass's token features conjoined with
//! the token's position relative to that cue, so each cue gets its own
//! reading of the paragraph.

use crate::extract::Analysis;
use crate::table::{Joint, Raw, Row};
use crate::tagger::{CLUSTER_NONE, Label, Model, NL, bucket, fnv_from, fnv_part, tag};
use crate::text::Range;

/// Labels the role pass may output (no cue labels).
pub const ROLE_LABELS: [bool; NL] = [true, true, true, false, false, true, true];

/// Relative positions as feature parts: in the cue, then `-` and `+` with
/// the distance buckets of [`bucket`] (see [`signed_bucket`]).
const RELS: [&str; 17] = [
    "cue", "-0", "-1", "-2", "-3", "-4-6", "-7-10", "-11-20", "-20+", "+0", "+1", "+2", "+3",
    "+4-6", "+7-10", "+11-20", "+20+",
];

/// Index in [`RELS`] of `-` or `+` and the distance bucket of `d`.
fn signed_bucket(d: isize) -> usize {
    let k = bucket_index(d.unsigned_abs());
    if d < 0 { 1 + k } else { 9 + k }
}

/// Index of `d`'s bucket in [`BUCKETS`].
fn bucket_index(d: usize) -> usize {
    match d {
        x @ 0..=3 => x,
        4..=6 => 4,
        7..=10 => 5,
        11..=20 => 6,
        _ => 7,
    }
}

/// The distance buckets of [`bucket`], in [`bucket_index`] order.
const BUCKETS: [&str; 8] = ["0", "1", "2", "3", "4-6", "7-10", "11-20", "20+"];

/// Number of keys of the cue-only extras ([`Extras::fill_split`]):
/// relative position × sentence distance × punctuation bucket × quote.
const GROUPS: usize = RELS.len() * 7 * BUCKETS.len() * 2;

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
/// quote region and cue-lexicon context, see [`crate::tagger::features`];
/// every token has at least these) are conjoined with its side of the cue
/// and sentence distance. Fewer
/// conjunctions mean fewer weight lookups per token and cue.
pub const CONJOINED: usize = 23;

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

/// A base feature conjoined with the token's side and sentence distance:
/// the hash of `R`, the side, the distance and the feature's hash (the FNV
/// state after the first three is one of [`CONJ_PREFIX`]).
pub fn conjoined(key: SideKey, h: u64) -> u64 {
    fnv_from(CONJ_PREFIX[key.index()], &[&h.to_le_bytes()])
}

/// The FNV state after `R`, the side and the sentence distance, per
/// [`SideKey::index`].
const CONJ_PREFIX: [u64; 21] = {
    let mut out = [0u64; 21];
    let mut k = 0;
    while k < 21 {
        let h = fnv_part(tag!(b"R"), SIDES[k / 7]);
        out[k] = fnv_part(h, SDS[k % 7].as_bytes());
        k += 1;
    }
    out
};

/// Per token of `para`: its [`SideKey`] and the features that depend on the
/// cue itself (relative position, cue words, punctuation between, quote
/// region, path in the parse tree to the cue).
pub fn role_extras(an: &Analysis, para: &Range, cue: &Range) -> Vec<(SideKey, Vec<u64>)> {
    let mut buf = Extras::default();
    buf.fill(an, para, cue);
    (0..buf.keys.len())
        .map(|k| (buf.keys[k], buf.of(k).to_vec()))
        .collect()
}

/// The cue-specific features of [`role_extras`] for every token of a
/// window, in flat buffers reused from cue to cue (no allocation per token).
#[derive(Debug, Default)]
pub struct Extras {
    /// Side key of each token.
    pub keys: Vec<SideKey>,
    /// With [`Extras::fill_split`]: the summed weights of the features of
    /// each token that depend only on the cue and the token's relative
    /// position, sentence distance, punctuation between and quote region
    /// (left out of [`Extras::of`]).
    pub group: Vec<Raw>,
    /// Those sums by key for the current cue, with the fill that made them.
    memo: Vec<(u32, Raw)>,
    fills: u32,
    tmp: Vec<u64>,
    feats: Vec<u64>,
    ends: Vec<usize>,
    punct_before: Vec<u32>,
    anchor_chain: Vec<usize>,
    chain: Vec<usize>,
    tree: String,
    top: String,
}

impl Extras {
    /// Features of the `k`-th token of the last window filled.
    pub fn of(&self, k: usize) -> &[u64] {
        let a = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.feats[a..self.ends[k]]
    }

    /// Compute the features of the tokens of `para` for the cue `cue`.
    pub fn fill(&mut self, an: &Analysis, para: &Range, cue: &Range) {
        self.keys.clear();
        self.feats.clear();
        self.ends.clear();
        fill_extras(an, para, cue, self, None);
    }

    /// [`Extras::fill`] for decoding: the features that depend only on the
    /// cue and a small key of the token (relative position, sentence
    /// distance, punctuation bucket, quote region) are summed in `joint`
    /// once per key and cue into [`Extras::group`] instead of being listed
    /// in [`Extras::of`]; the sum over both is that over all features.
    pub fn fill_split(&mut self, an: &Analysis, para: &Range, cue: &Range, joint: &Joint) {
        self.keys.clear();
        self.feats.clear();
        self.ends.clear();
        self.group.clear();
        if self.memo.is_empty() {
            self.memo = vec![(0, Raw::default()); GROUPS];
        }
        self.fills = self.fills.wrapping_add(1);
        if self.fills == 0 {
            // Stamps wrapped: forget them all.
            self.memo.fill((0, Raw::default()));
            self.fills = 1;
        }
        fill_extras(an, para, cue, self, Some(joint));
    }
}

fn fill_extras(an: &Analysis, para: &Range, cue: &Range, buf: &mut Extras, split: Option<&Joint>) {
    let Extras {
        keys,
        group,
        memo,
        fills,
        tmp,
        feats: f,
        ends,
        punct_before,
        anchor_chain,
        chain,
        tree,
        top,
    } = buf;
    let toks = &an.toks;
    let cue_sent = an.sentence_of(cue.start);
    let cue_word = toks[cue.start].lower.as_str();
    let cue_last = toks[cue.end - 1].lower.as_str();
    // Clusters of the cue's first word (unseen cue words read like the
    // known words of their cluster).
    let (cue_fine, cue_coarse) = match crate::lexicon::word_cluster(cue_word) {
        Some(c) => (c.fine.to_le_bytes(), c.coarse.to_le_bytes()),
        None => (CLUSTER_NONE, CLUSTER_NONE),
    };
    let after_cue = toks.get(cue.end).map_or("</s>", |t| t.lower.as_str());
    let before_cue = if cue.start > para.start {
        toks[cue.start - 1].lower.as_str()
    } else {
        "<s>"
    };
    // Commas and quote marks between each token and the cue.
    punct_before.clear();
    punct_before.resize(para.len() + 1, 0);
    for (k, i) in para.clone().enumerate() {
        let t = &toks[i];
        punct_before[k + 1] =
            punct_before[k] + u32::from(t.lower == "," || t.lower == ":" || t.mark.is_some());
    }
    let cue_k = cue.start - para.start;
    // The cue's syntactic head (its first token whose head lies outside
    // the cue) and that token's ancestors.
    anchor_chain.clear();
    if let Some(p) = &an.parse {
        let anchor = cue
            .clone()
            .find(|&i| p.head[i].is_none_or(|h| !cue.contains(&h)))
            .unwrap_or(cue.start);
        p.chain(anchor, anchor_chain);
    }
    // The features that depend on the cue and the token's relative
    // position `rel`, sentence distance, side and punctuation bucket only
    // (before the token's own) and on its sentence distance, side and
    // quote region (after them).
    let group_a = |f: &mut Vec<u64>, rel: &str, sds: &str, side: &[u8], bw: &str| {
        f.push(fnv_from(tag!(b"rel"), &[rel.as_bytes()]));
        f.push(fnv_from(tag!(b"relsd"), &[rel.as_bytes(), sds.as_bytes()]));
        f.push(fnv_from(tag!(b"sd"), &[sds.as_bytes()]));
        f.push(fnv_from(
            tag!(b"sdbw"),
            &[sds.as_bytes(), side, bw.as_bytes()],
        ));
        f.push(fnv_from(tag!(b"cw"), &[side, cue_word.as_bytes()]));
        f.push(fnv_from(tag!(b"cwl"), &[side, cue_last.as_bytes()]));
        f.push(fnv_from(
            tag!(b"cwsd"),
            &[side, sds.as_bytes(), cue_word.as_bytes()],
        ));
        f.push(fnv_from(tag!(b"cwk"), &[side, &cue_fine]));
        f.push(fnv_from(
            tag!(b"cwksd"),
            &[side, sds.as_bytes(), &cue_coarse],
        ));
        f.push(fnv_from(tag!(b"after"), &[side, after_cue.as_bytes()]));
        f.push(fnv_from(tag!(b"before"), &[side, before_cue.as_bytes()]));
    };
    let group_b = |f: &mut Vec<u64>, sds: &str, side: &[u8], q: bool| {
        f.push(fnv_from(
            tag!(b"sdq"),
            &[sds.as_bytes(), side, if q { b"q" } else { b"-" }],
        ));
    };
    for (k, i) in para.clone().enumerate() {
        let reli = if cue.contains(&i) {
            0
        } else if i < cue.start {
            signed_bucket(i as isize - cue.start as isize)
        } else {
            signed_bucket(i as isize - cue.end as isize + 1)
        };
        let rel = RELS[reli];
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
        let bwi = bucket_index(between as usize);
        let bw = BUCKETS[bwi];
        debug_assert_eq!(bw, bucket(between as usize));
        let q = an.in_quote(i);
        match split {
            None => group_a(f, rel, sds, side, bw),
            Some(joint) => {
                let g = ((reli * 7 + (sd + 3) as usize) * BUCKETS.len() + bwi) * 2 + usize::from(q);
                let m = &mut memo[g];
                if m.0 != *fills {
                    tmp.clear();
                    group_a(tmp, rel, sds, side, bw);
                    group_b(tmp, sds, side, q);
                    *m = (*fills, joint.sum_raw(tmp));
                }
                group.push(m.1);
            }
        }
        f.push(fnv_from(
            tag!(b"relw"),
            &[rel.as_bytes(), toks[i].lower.as_bytes()],
        ));
        f.push(fnv_from(
            tag!(b"relp"),
            &[rel.as_bytes(), an.upos[i].as_bytes()],
        ));
        f.push(fnv_from(
            tag!(b"sidep"),
            &[side, sds.as_bytes(), an.upos[i].as_bytes(), bw.as_bytes()],
        ));
        if split.is_none() {
            group_b(f, sds, side, q);
        }
        if let Some(p) = &an.parse {
            // The path from the token up to the lowest ancestor it shares
            // with the cue: how many steps on each side and the relations
            // by which each side hangs from that ancestor (`ccomp` under
            // the cue is content, `nsubj` the source, `obl:tmod` neither).
            p.chain(i, chain);
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
            f.push(fnv_from(tag!(b"T"), &[tree.as_bytes()]));
            f.push(fnv_from(tag!(b"Tt"), &[top.as_bytes(), side]));
            f.push(fnv_from(
                tag!(b"Ttr"),
                &[top.as_bytes(), p.rel[i].as_bytes()],
            ));
            f.push(fnv_from(
                tag!(b"Ttw"),
                &[top.as_bytes(), cue_word.as_bytes()],
            ));
            f.push(fnv_from(
                tag!(b"Ttq"),
                &[top.as_bytes(), if an.in_quote(i) { b"q" } else { b"-" }],
            ));
            f.push(fnv_from(
                tag!(b"Tu"),
                &[top.as_bytes(), p.upos[i].as_bytes(), bw.as_bytes()],
            ));
        }
        keys.push(key);
        ends.push(f.len());
    }
}

/// Decodes the role pass for one cue after another over a document,
/// caching what does not depend on the cue: the role weights of each
/// token's base features (given, from the [`Joint`] table's sums), and of
/// its conjoined features per side and sentence distance. Gives the labels
/// of decoding [`role_features`] with [`Model::decode_masked`] at a
/// fraction of the lookups.
pub struct RoleScorer<'a> {
    model: &'a Model,
    joint: &'a Joint,
    base: &'a [u64],
    plain: &'a [Row],
    /// Conjoined sums of each token for the last two side keys it was
    /// read with (key index, or `u8::MAX` when empty): a token's window
    /// usually meets one or two cues' sides.
    conj: Vec<[(u8, [f32; NL]); 2]>,
    extras: Extras,
    emissions: Vec<[f32; NL]>,
    /// Conjoined features of the current window still to be summed, and
    /// which tokens have them.
    pending: Vec<u64>,
    todo: Vec<bool>,
}

impl<'a> RoleScorer<'a> {
    /// A scorer over a document whose tokens have the first [`CONJOINED`]
    /// features `base` (flat) and the joint sums `plain` of all of them.
    pub fn new(
        model: &'a Model,
        joint: &'a Joint,
        base: &'a [u64],
        plain: &'a [Row],
    ) -> RoleScorer<'a> {
        RoleScorer {
            model,
            joint,
            base,
            plain,
            conj: Vec::new(),
            extras: Extras::default(),
            emissions: Vec::new(),
            pending: Vec::new(),
            todo: Vec::new(),
        }
    }

    /// Role labels of `para` for the cue `cue`.
    pub fn decode(&mut self, an: &Analysis, para: &Range, cue: &Range) -> Vec<Label> {
        if self.conj.is_empty() {
            self.conj = vec![[(u8::MAX, [0.0; NL]); 2]; self.plain.len()];
        }
        self.extras.fill_split(an, para, cue, self.joint);
        // The window's extras are all hashed now: start loading their slots
        // while the first tokens are summed.
        for &h in &self.extras.feats {
            self.joint.prefetch(h);
        }
        // The conjoined features of the tokens whose sums for their side
        // key are not cached: all hashed first and their slots prefetched,
        // then summed (the loads overlap instead of waiting one by one).
        self.pending.clear();
        self.todo.clear();
        for (k, i) in para.clone().enumerate() {
            let key = self.extras.keys[k];
            let ki = key.index() as u8;
            if self.conj[i].iter().any(|c| c.0 == ki) {
                self.todo.push(false);
                continue;
            }
            self.todo.push(true);
            for h in &self.base[i * CONJOINED..(i + 1) * CONJOINED] {
                let c = conjoined(key, *h);
                self.joint.prefetch(c);
                self.pending.push(c);
            }
        }
        self.emissions.clear();
        let mut next = 0;
        for (k, i) in para.clone().enumerate() {
            let ki = self.extras.keys[k].index() as u8;
            let cached = &mut self.conj[i];
            let conj = if self.todo[k] {
                let keys = &self.pending[next..next + CONJOINED];
                next += CONJOINED;
                let sum = self.joint.sum(keys).role();
                cached[1] = cached[0];
                cached[0] = (ki, sum);
                sum
            } else {
                // Found: the first loop saw it cached.
                cached.iter().find(|c| c.0 == ki).map_or([0.0; NL], |c| c.1)
            };
            let plain = self.plain[i].role();
            let raw = self.joint.sum_raw(self.extras.of(k)) + self.extras.group[k];
            let extra = self.joint.row(raw).role();
            self.emissions
                .push(std::array::from_fn(|k| plain[k] + conj[k] + extra[k]));
        }
        self.model.decode_emissions(&self.emissions, &ROLE_LABELS)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_extras_sum_to_all_extras() {
        let stage = crate::QuoteStage::new().expect("embedded model");
        let joint = &stage.compiled().joint;
        let an = Analysis::new(
            "“It is time,” Trump wrote, “to end this war.” Peskov said that talks, \
             he believes, will go on.\n\nAccording to AFP, the “deal” is done, said an aide.",
        );
        let (mut all, mut split) = (Extras::default(), Extras::default());
        let mut groups = 0;
        for c in 0..an.toks.len() {
            let cue = c..(c + 2).min(an.toks.len());
            let para = an.cue_window(&cue);
            all.fill(&an, &para, &cue);
            split.fill_split(&an, &para, &cue, joint);
            assert_eq!(all.keys, split.keys);
            for k in 0..para.len() {
                let whole = joint.sum_raw(all.of(k));
                assert_eq!(
                    whole,
                    joint.sum_raw(split.of(k)) + split.group[k],
                    "{cue:?} {k}"
                );
                assert_eq!(split.of(k).len() + 12, all.of(k).len());
                groups += usize::from(split.group[k] != Raw::default());
            }
        }
        // The grouped features carry weight.
        assert!(groups > 0);
        // Conjoined features hash `R`, side, distance and the feature.
        for side in 0..3u8 {
            for sd in -3..=3i8 {
                let h = 0x1234_5678_9abc_def0u64;
                let parts: [&[u8]; 3] = [
                    SIDES[side as usize],
                    SDS[(sd + 3) as usize].as_bytes(),
                    &h.to_le_bytes(),
                ];
                assert_eq!(
                    conjoined(SideKey { side, sd }, h),
                    fnv_from(tag!(b"R"), &parts)
                );
            }
        }
    }
}
