//! Both models' weights compiled into one read-only table for decoding.
//!
//! The cue pass and the role pass read the same base features of every
//! token (see [`crate::tagger::features`]); with one table holding, per
//! feature hash, the cue model's weights and the role model's side by side
//! in the feature's 16-byte slot, one probe per feature gives both
//! emissions. Open addressing with linear probing over buckets of four
//! slots (one 64-byte cache line, its four keys compared at once without
//! branches), at most one half full (4 MB for the 103,723 features of the
//! shipped models; half the size, at 79% load, was slower: more
//! lookups go on to a second bucket).
//!
//! Weights are stored relative to O (see [`STORED`]) as `i16` multiples of
//! one scale per model (the largest maps to 32,000) and summed in
//! integers: decoding gives the labels of
//! [`crate::tagger::Model::emit_sum`]'s emissions up to rounding.

use crate::tagger::{Label, Model, NL};

/// Summed weights of both models: the cue model's in `0..NL`, the role
/// model's in `NL..2 * NL` (f32, scaled back from the stored integers),
/// each label's relative to O (O and the labels a pass does not decode
/// read 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row(pub [f32; 16]);

const _: () = assert!(2 * NL <= 16);

impl Row {
    /// All zeros.
    pub const ZERO: Row = Row([0.0; 16]);

    /// The cue model's part.
    pub fn cue(&self) -> [f32; NL] {
        std::array::from_fn(|k| self.0[k])
    }

    /// The role model's part.
    pub fn role(&self) -> [f32; NL] {
        std::array::from_fn(|k| self.0[NL + k])
    }
}

/// Weights summed as the table stores them (one `i32` per [`STORED`]
/// label, unscaled): see [`Joint::sum_raw`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Raw(pub [i32; 6]);

impl std::ops::Add for Raw {
    type Output = Raw;
    fn add(self, o: Raw) -> Raw {
        Raw(std::array::from_fn(|k| self.0[k] + o.0[k]))
    }
}

/// Labels whose weights are stored, per model, relative to the model's O
/// weight (Viterbi paths keep their order when every label of a token
/// gets the same constant, so only differences to O matter): the cue pass
/// decodes O and cue labels only ([`CUE_LABELS`]), the role pass O, source
/// and content ([`crate::roles::ROLE_LABELS`]).
const STORED: [(usize, Label); 6] = [
    (0, Label::BCue),
    (0, Label::ICue),
    (1, Label::BSource),
    (1, Label::ISource),
    (1, Label::BContent),
    (1, Label::IContent),
];

/// Labels the cue pass decodes.
pub const CUE_LABELS: [bool; NL] = [true, false, false, true, true, false, false];

/// A slot: the feature's key (0 = empty) and its weights for the
/// [`STORED`] labels as `i16` multiples of their model's scale; 16 bytes,
/// so a probe that finds the feature has its weights in the same cache
/// line, and the whole table is small enough to come back into cache
/// quickly for each document.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C, align(16))]
struct Slot {
    key: u32,
    w: [i16; 6],
}

/// Slots per bucket: a bucket is one 64-byte cache line.
const WAYS: usize = 4;

/// Four slots, filled in order: a feature is looked for in its home bucket
/// (all four keys compared at once, without branches) and, only when that
/// bucket is full, in the next ones.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C, align(64))]
struct Bucket([Slot; WAYS]);

impl Bucket {
    /// Whether every slot is taken (the last one is filled last).
    #[inline(always)]
    fn full(&self) -> bool {
        self.0[WAYS - 1].key != 0
    }

    /// The weights of the slot holding `key` (zeros when none does) and
    /// whether one does; branch-free.
    #[inline(always)]
    fn pick(&self, key: u32) -> ([i16; 6], bool) {
        let mut w = [0i16; 6];
        let mut hit = false;
        for s in &self.0 {
            let eq = s.key == key;
            let m = -i16::from(eq);
            for (x, &y) in w.iter_mut().zip(&s.w) {
                *x |= y & m;
            }
            hit |= eq;
        }
        (w, hit)
    }
}

/// Key stored for feature hashes whose upper half is 0, which marks empty
/// slots.
const ZERO_KEY: u32 = 0x9e37_79b9;

/// A label's weight relative to O.
fn rel(w: &[f32; NL], l: Label) -> f32 {
    w[l as usize] - w[Label::O as usize]
}

/// The slot key of a feature hash: its upper 32 bits (the home slot comes
/// from the whole hash). Two features of the models sharing both could not
/// be told apart: [`Joint::new`] keeps the first and counts the others.
fn fix(k: u64) -> u32 {
    match (k >> 32) as u32 {
        0 => ZERO_KEY,
        x => x,
    }
}

/// The joint weight table of a cue model and a role model.
#[derive(Debug, Clone)]
pub struct Joint {
    shift: u32,
    /// Number of buckets less one.
    mask: usize,
    buckets: Vec<Bucket>,
    /// Weight of one stored unit, per model.
    scale: [f32; 2],
    /// Features dropped because their slot key collided with another's.
    pub collisions: usize,
}

impl Joint {
    /// Compile `cues` and `roles` (decoding biases are not included).
    ///
    /// Each model's map is read once in its own order and every feature
    /// goes straight to its slot (a role feature the cue model also has
    /// joins the cue feature's slot), so building costs one random access
    /// per feature. Which slot a feature takes depends on the order, what
    /// [`Joint::sum`] gives for it does not (when two features share a
    /// slot key, the one of the cue model, else the first one met, is kept:
    /// the shipped models have none, see the tests).
    pub fn new(cues: &Model, roles: &Model) -> Joint {
        // The features read word clusters: load them with the models.
        crate::lexicon::load_clusters();
        let models = [cues, roles];
        // Per model, the largest weight relative to O of a stored label.
        let mut max = [0f32; 2];
        for (m, model) in models.iter().enumerate() {
            let labels: Vec<Label> = STORED.iter().filter(|s| s.0 == m).map(|s| s.1).collect();
            for w in model.w.values() {
                for &l in &labels {
                    max[m] = max[m].max(rel(w, l).abs());
                }
            }
        }
        let scale = max.map(|x| (x / 32000.0).max(f32::MIN_POSITIVE));
        // At most one half full (shared features counted twice here).
        let cap = ((cues.w.len() + roles.w.len()) * 2)
            .next_power_of_two()
            .max(16);
        let nb = cap / WAYS;
        let mut t = Joint {
            shift: 64 - nb.trailing_zeros(),
            mask: nb - 1,
            buckets: vec![Bucket::default(); nb],
            scale,
            collisions: 0,
        };
        // Features are inserted in map order, each a few features after its
        // home bucket was prefetched (the build waits on memory as
        // decoding does).
        const AHEAD: usize = 16;
        let mut ring: std::collections::VecDeque<(u64, usize, &[f32; NL])> =
            std::collections::VecDeque::with_capacity(AHEAD + 1);
        let features = models
            .iter()
            .enumerate()
            .flat_map(|(m, model)| model.w.iter().map(move |(&k, w)| (k, m, w)));
        for item in features.map(Some).chain(std::iter::repeat_n(None, AHEAD)) {
            if let Some(x) = item {
                t.prefetch(x.0);
                ring.push_back(x);
                if ring.len() <= AHEAD {
                    continue;
                }
            }
            let Some((k, m, w)) = ring.pop_front() else {
                break;
            };
            t.insert(k, m, w, cues);
        }
        t
    }

    /// Store model `m`'s weights `w` of feature `k` (see [`Joint::new`]).
    fn insert(&mut self, k: u64, m: usize, w: &[f32; NL], cues: &Model) {
        let key = fix(k);
        // The slot holding the key, else the first free one.
        let mut b = self.index(k);
        let j = loop {
            let found = self.buckets[b]
                .0
                .iter()
                .position(|s| s.key == 0 || s.key == key);
            match found {
                Some(j) => break j,
                None => b = (b + 1) & self.mask,
            }
        };
        let slot = &mut self.buckets[b].0[j];
        if slot.key == key {
            // The cue model's slot of the same feature, else another
            // feature with the same key.
            if m == 0 || !cues.w.contains_key(&k) {
                self.collisions += 1;
                return;
            }
        } else {
            slot.key = key;
        }
        for (x, &(sm, l)) in slot.w.iter_mut().zip(&STORED) {
            if sm == m {
                *x = (rel(w, l) / self.scale[m]).round() as i16;
            }
        }
    }

    /// The home bucket of feature `k`.
    #[inline(always)]
    fn index(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The stored weights of feature `k` (zeros when neither model knows
    /// it) and whether either model knows it.
    #[inline(always)]
    fn find(&self, k: u64) -> ([i16; 6], bool) {
        let key = fix(k);
        let mut b = self.index(k);
        loop {
            let bucket = &self.buckets[b];
            let (w, hit) = bucket.pick(key);
            if hit || !bucket.full() {
                return (w, hit);
            }
            b = (b + 1) & self.mask;
        }
    }

    /// Ask the processor to bring the home bucket of feature `k` into cache
    /// (a hint only: nothing is read, and other targets do nothing), so
    /// that a later [`Joint::sum`] over it does not wait for memory.
    #[inline(always)]
    pub fn prefetch(&self, k: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            let p = self.buckets.as_ptr().wrapping_add(self.index(k));
            // SAFETY: a prefetch never faults and reads nothing the program
            // sees; `p` points into `buckets` (the index is masked to it).
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    p.cast::<i8>(),
                );
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = k;
    }

    /// Whether either model knows feature `k`.
    pub fn knows(&self, k: u64) -> bool {
        self.find(k).1
    }

    /// Summed weights of `feats` (both models' emissions relative to O,
    /// no bias).
    ///
    /// Memory latency dominates, so features are read in chunks: first
    /// every feature's home bucket is loaded (independent loads, no branches,
    /// so they overlap), then the slots are probed while they are in cache
    /// and their weights added in integers.
    #[inline]
    pub fn sum(&self, feats: &[u64]) -> Row {
        self.row(self.sum_raw(feats))
    }

    /// [`Joint::sum`] before scaling: the stored integers summed. Sums of
    /// parts of a token's features add up to the sum of all of them
    /// exactly (integers), so parts can be summed apart and cached.
    #[inline]
    pub fn sum_raw(&self, feats: &[u64]) -> Raw {
        const CHUNK: usize = 32;
        #[cfg(target_arch = "x86_64")]
        let mut acc = simd::Acc::default();
        #[cfg(not(target_arch = "x86_64"))]
        let mut acc = [0i32; 6];
        for chunk in feats.chunks(CHUNK) {
            let mut touch = 0u32;
            for &f in chunk {
                touch ^= self.buckets[self.index(f)].0[0].key;
            }
            std::hint::black_box(touch);
            for &f in chunk {
                #[cfg(target_arch = "x86_64")]
                {
                    let key = fix(f);
                    let mut b = self.index(f);
                    loop {
                        let bucket = &self.buckets[b];
                        if acc.add(bucket, key) || !bucket.full() {
                            break;
                        }
                        b = (b + 1) & self.mask;
                    }
                }
                #[cfg(not(target_arch = "x86_64"))]
                {
                    let (w, _) = self.find(f);
                    for (a, &w) in acc.iter_mut().zip(&w) {
                        *a += i32::from(w);
                    }
                }
            }
        }
        #[cfg(target_arch = "x86_64")]
        return acc.raw();
        #[cfg(not(target_arch = "x86_64"))]
        Raw(acc)
    }

    /// The row of summed integers `raw` (scaled back).
    #[inline]
    pub fn row(&self, raw: Raw) -> Row {
        let mut out = Row::ZERO;
        for (a, &(m, l)) in raw.0.iter().zip(&STORED) {
            out.0[m * NL + l as usize] = *a as f32 * self.scale[m];
        }
        out
    }
}

/// [`Joint::sum_raw`] with SSE2 (part of every x86-64 processor): a
/// bucket's four keys are compared at once and the matching slot's weights
/// added as two vectors of four `i32`.
#[cfg(target_arch = "x86_64")]
mod simd {
    use super::{Bucket, Raw, Slot, WAYS};
    use std::arch::x86_64::{
        __m128i, _mm_add_epi32, _mm_and_si128, _mm_cmpeq_epi32, _mm_cvtsi128_si32, _mm_or_si128,
        _mm_set1_epi32, _mm_setzero_si128, _mm_shuffle_epi32, _mm_srai_epi32, _mm_unpackhi_epi16,
        _mm_unpacklo_epi16,
    };

    /// Sums in `i32` lanes: `lo` holds the slot's 16-bit lanes 0–3 (the
    /// key's two halves, then the first two weights), `hi` lanes 4–7 (the
    /// other four weights).
    pub(super) struct Acc {
        lo: __m128i,
        hi: __m128i,
    }

    impl Default for Acc {
        fn default() -> Acc {
            // SAFETY (here and below): SSE2 is part of every x86-64
            // processor (the target enables it), and no pointer is read.
            unsafe {
                Acc {
                    lo: _mm_setzero_si128(),
                    hi: _mm_setzero_si128(),
                }
            }
        }
    }

    /// A slot as a vector.
    #[inline(always)]
    fn load(s: &Slot) -> __m128i {
        const _: () = assert!(std::mem::size_of::<Slot>() == 16);
        // SAFETY: `Slot` is 16 bytes of plain integers (`repr(C)`, no
        // padding: a `u32` and six `i16`), as is `__m128i`.
        unsafe { std::mem::transmute::<Slot, __m128i>(*s) }
    }

    impl Acc {
        /// Add the weights of the slot of `bucket` holding `key`, if one
        /// does (keys are not 0), and say whether one does.
        #[inline(always)]
        pub(super) fn add(&mut self, bucket: &Bucket, key: u32) -> bool {
            // SAFETY: see `default`.
            unsafe {
                let kv = _mm_set1_epi32(key as i32);
                let mut m = _mm_setzero_si128();
                for s in &bucket.0[..WAYS] {
                    let v = load(s);
                    let eq = _mm_shuffle_epi32::<0>(_mm_cmpeq_epi32(v, kv));
                    m = _mm_or_si128(m, _mm_and_si128(v, eq));
                }
                self.lo = _mm_add_epi32(self.lo, _mm_srai_epi32::<16>(_mm_unpacklo_epi16(m, m)));
                self.hi = _mm_add_epi32(self.hi, _mm_srai_epi32::<16>(_mm_unpackhi_epi16(m, m)));
                _mm_cvtsi128_si32(m) as u32 == key
            }
        }

        /// The sums of the six weights.
        pub(super) fn raw(&self) -> Raw {
            // SAFETY: four `i32` lanes each.
            let lo: [i32; 4] = unsafe { std::mem::transmute(self.lo) };
            let hi: [i32; 4] = unsafe { std::mem::transmute(self.hi) };
            Raw([lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_match_each_model_up_to_rounding() {
        let mut a = Model::default();
        let mut b = Model::default();
        for k in 0..500u64 {
            let h = k.wrapping_mul(0x1234_5678_9abc_def1);
            if k % 2 == 0 {
                a.w.insert(h, std::array::from_fn(|l| k as f32 * (l as f32 - 2.0)));
            }
            if k % 3 == 0 {
                b.w.insert(h, std::array::from_fn(|l| -(k as f32) * 0.5 + l as f32));
            }
        }
        a.w.insert(0, std::array::from_fn(|l| 1.5 * l as f32));
        let t = Joint::new(&a, &b);
        assert_eq!(t.collisions, 0);
        let feats: Vec<u64> = (0..600u64)
            .map(|k| k.wrapping_mul(0x1234_5678_9abc_def1))
            .chain([0, 7, 99])
            .collect();
        let s = t.sum(&feats);
        // Weights relative to O; labels a pass does not decode read 0.
        let close = |x: [f32; NL], y: [f32; NL], used: [bool; NL]| {
            (0..NL).all(|k| {
                let want = if used[k] { y[k] - y[0] } else { 0.0 };
                (x[k] - want).abs() <= 0.01 * want.abs().max(1.0)
            })
        };
        let e = a.emit_sum(&feats);
        assert!(close(s.cue(), e, CUE_LABELS), "{:?} {e:?}", s.cue());
        let e = b.emit_sum(&feats);
        let roles = crate::roles::ROLE_LABELS;
        assert!(close(s.role(), e, roles), "{:?} {e:?}", s.role());
        assert!(t.knows(0) && !t.knows(12345));
        assert_eq!(t.sum(&[12345]), Row::ZERO);
    }

    #[test]
    fn shipped_models_have_no_key_collisions() {
        // So the table holds every feature of both models, whatever the
        // order they are inserted in.
        let stage = crate::QuoteStage::new().expect("embedded model");
        let c = stage.compiled();
        assert_eq!(c.joint.collisions, 0);
        let (cues, roles) = (&c.models.cues, &c.models.roles);
        for (k, _) in cues.w.iter().chain(&roles.w).take(5000) {
            assert!(c.joint.knows(*k));
        }
    }
}
