//! Per-document memo of the word parts of the tagger's feature hashes.
//!
//! Most of a token's features hash a word (its own, a neighbour's, the
//! nearest cue's) right after the template name, and byte-wise FNV is
//! sequential, so that hash depends only on the template and the word: it
//! is computed once per word type of the document ([`Words::get`]) instead
//! of once per occurrence. Features whose word follows a part from a small
//! closed set (a cue class, a quote-mark distance) memoize one slot per
//! value of that part. The hashes are exactly those of hashing every
//! feature afresh ([`crate::tagger::fnv_from`]), so the models read the
//! same features.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::tagger::{KeyHasher, fnv_from, fnv_tag};
use crate::text::Tok;

/// Which string of a word type a slot hashes.
#[derive(Clone, Copy)]
enum Part {
    /// The normalized word (`"` for quote marks, else lower-cased).
    Norm,
    /// The lower-cased token text.
    Lower,
    /// The last three characters of the normalized word.
    Suf,
}

/// Cue classes as feature parts, in [`Words::cls`] order.
pub(crate) const CLASSES: [&str; 5] = ["none", "speech", "belief", "finding", "phrase"];

/// Quote-mark distances as feature parts (`nm`), in [`Words::nm`] order.
pub(crate) const NMS: [&str; 9] = ["-", "o0", "o1", "o2", "o3", "c0", "c1", "c2", "c3"];

/// Slots whose word directly follows the template name: the name and the
/// word's string. Named indices below; the slots of words that follow a
/// closed-set part come after these.
const SLOTS: [(&[u8], Part); 19] = [
    (b"w", Part::Norm),
    (b"w-1", Part::Norm),
    (b"w+1", Part::Norm),
    (b"w-2", Part::Norm),
    (b"w+2", Part::Norm),
    (b"w-1w", Part::Norm),
    (b"ww+1", Part::Norm),
    (b"suf", Part::Suf),
    (b"wq", Part::Norm),
    (b"l", Part::Lower),
    (b"lp", Part::Lower),
    (b"lcw", Part::Lower),
    (b"rcw", Part::Lower),
    (b"rcw,", Part::Lower),
    (b"lcthat", Part::Lower),
    (b"rcprev", Part::Norm),
    (b"Hww", Part::Norm),
    (b"rcl", Part::Lower),
    (b"lcl", Part::Lower),
];

/// Slot of `w`.
pub(crate) const W: usize = 0;
/// Slot of `w-1`.
pub(crate) const WM1: usize = 1;
/// Slot of `w+1`.
pub(crate) const WP1: usize = 2;
/// Slot of `w-2`.
pub(crate) const WM2: usize = 3;
/// Slot of `w+2`.
pub(crate) const WP2: usize = 4;
/// Slot of `w-1w` (its first word).
pub(crate) const WM1W: usize = 5;
/// Slot of `ww+1` (its first word).
pub(crate) const WW1: usize = 6;
/// Slot of `suf`.
pub(crate) const SUF: usize = 7;
/// Slot of `wq` (the word; the quote flag follows).
pub(crate) const WQ: usize = 8;
/// Slot of `l`.
pub(crate) const L: usize = 9;
/// Slot of `lp` (the word; the tag follows).
pub(crate) const LP: usize = 10;
/// Slot of `lcw`.
pub(crate) const LCW: usize = 11;
/// Slot of `rcw`.
pub(crate) const RCW: usize = 12;
/// Slot of `rcw,` (the word; the comma bucket follows).
pub(crate) const RCWC: usize = 13;
/// Slot of `lcthat` (the word; the distance follows).
pub(crate) const LCTHAT: usize = 14;
/// Slot of `rcprev` (the word; the shape follows).
pub(crate) const RCPREV: usize = 15;
/// Slot of `Hww` (the token's word; the head's follows).
pub(crate) const HWW: usize = 16;
/// Slot of `rcl`.
pub(crate) const RCL: usize = 17;
/// Slot of `lcl`.
pub(crate) const LCL: usize = 18;
/// First slot of `c-1w` (one per cue class).
pub(crate) const CM1W: usize = SLOTS.len();
/// First slot of `c0w+1` (one per cue class).
pub(crate) const C0W1: usize = CM1W + CLASSES.len();
/// First slot of `nmw` (one per quote-mark distance).
pub(crate) const NMW: usize = C0W1 + CLASSES.len();
/// Number of slots per word type.
const N: usize = NMW + NMS.len();

/// Type of the sentence-start pseudo-word `<s>`.
pub(crate) const START: u32 = 0;
/// Type of the sentence-end pseudo-word `</s>`.
pub(crate) const END: u32 = 1;

/// Word types of a document's tokens and their memoized hashes.
pub(crate) struct Words<'t> {
    /// Type of each token.
    pub ty: Vec<u32>,
    /// Normalized and lower-cased string of each type.
    strs: Vec<(&'t str, &'t str)>,
    /// FNV state after each slot's template and fixed parts.
    prefix: [u64; N],
    /// Memoized hashes per type and slot (0: not computed yet).
    memo: Vec<[u64; N]>,
}

impl<'t> Words<'t> {
    /// Types of `toks` (a token's type is its lower-cased text and whether
    /// it is a quote mark).
    pub fn new(toks: &'t [Tok]) -> Words<'t> {
        let mut ids: HashMap<(&str, bool), u32, BuildHasherDefault<KeyHasher>> =
            HashMap::with_capacity_and_hasher(toks.len() / 2 + 2, Default::default());
        let mut strs: Vec<(&str, &str)> = vec![("<s>", "<s>"), ("</s>", "</s>")];
        let ty = toks
            .iter()
            .map(|t| {
                let mark = t.mark.is_some();
                *ids.entry((t.lower.as_str(), mark)).or_insert_with(|| {
                    strs.push((if mark { "\"" } else { t.lower.as_str() }, &t.lower));
                    (strs.len() - 1) as u32
                })
            })
            .collect();
        let mut prefix = [0u64; N];
        for (k, (tag, _)) in SLOTS.iter().enumerate() {
            prefix[k] = fnv_tag(tag);
        }
        for (k, c) in CLASSES.iter().enumerate() {
            prefix[CM1W + k] = fnv_from(fnv_tag(b"c-1w"), &[c.as_bytes()]);
            prefix[C0W1 + k] = fnv_from(fnv_tag(b"c0w+1"), &[c.as_bytes()]);
        }
        for (k, m) in NMS.iter().enumerate() {
            prefix[NMW + k] = fnv_from(fnv_tag(b"nmw"), &[m.as_bytes()]);
        }
        Words {
            memo: vec![[0; N]; strs.len()],
            ty,
            strs,
            prefix,
        }
    }

    /// The hash of slot `slot` for word type `t`: the FNV state after the
    /// slot's template, fixed parts and the word (with its separator).
    #[inline]
    pub fn get(&mut self, t: u32, slot: usize) -> u64 {
        let m = &mut self.memo[t as usize][slot];
        if *m == 0 {
            let (norm, lower) = self.strs[t as usize];
            let part = match SLOTS.get(slot).map_or(Part::Norm, |s| s.1) {
                Part::Norm => norm,
                Part::Lower => lower,
                Part::Suf => norm
                    .char_indices()
                    .rev()
                    .nth(2)
                    .map_or(norm, |(b, _)| &norm[b..]),
            };
            *m = fnv_from(self.prefix[slot], &[part.as_bytes()]);
        }
        *m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memoized_hashes_are_the_hashes() {
        let an = crate::extract::Analysis::new(
            "“It is time,” Trump wrote. Trump said it is time, and “time” it is.",
        );
        let mut words = Words::new(&an.toks);
        // Repeated words share a type; quote marks are one type apart from
        // their text.
        let said = an.toks.iter().position(|t| t.lower == "said").unwrap();
        let trumps: Vec<u32> = (0..an.toks.len())
            .filter(|&i| an.toks[i].lower == "trump")
            .map(|i| words.ty[i])
            .collect();
        assert_eq!(trumps.len(), 2);
        assert_eq!(trumps[0], trumps[1]);
        for (i, t) in an.toks.iter().enumerate() {
            let norm = if t.mark.is_some() {
                "\""
            } else {
                t.lower.as_str()
            };
            let suf = norm
                .char_indices()
                .rev()
                .nth(2)
                .map_or(norm, |(b, _)| &norm[b..]);
            let ty = words.ty[i];
            for (k, (tag, part)) in SLOTS.iter().enumerate() {
                let s = match part {
                    Part::Norm => norm,
                    Part::Lower => t.lower.as_str(),
                    Part::Suf => suf,
                };
                assert_eq!(words.get(ty, k), fnv_from(fnv_tag(tag), &[s.as_bytes()]));
            }
            for (k, c) in CLASSES.iter().enumerate() {
                let want = fnv_from(fnv_tag(b"c-1w"), &[c.as_bytes(), norm.as_bytes()]);
                assert_eq!(words.get(ty, CM1W + k), want);
            }
            for (k, m) in NMS.iter().enumerate() {
                let want = fnv_from(fnv_tag(b"nmw"), &[m.as_bytes(), norm.as_bytes()]);
                assert_eq!(words.get(ty, NMW + k), want);
            }
        }
        let want = fnv_from(fnv_tag(b"w-1"), &[b"<s>"]);
        assert_eq!(words.get(START, WM1), want);
        assert_ne!(words.get(words.ty[said], W), words.get(START, W));
    }
}
