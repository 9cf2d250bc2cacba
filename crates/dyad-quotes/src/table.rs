//! Both models' weights compiled into one read-only table for decoding.
//!
//! The cue pass and the role pass read the same base features of every
//! token (see [`crate::tagger::features`]); with one table holding, per
//! feature hash, the cue model's row and the role model's row side by side
//! (one 64-byte cache line), one probe per feature gives both emissions.
//! Open addressing with linear probing, load factor at most one half; the
//! index keeps keys and row numbers together, so a feature unknown to both
//! models costs one probe into a compact array.
//!
//! Weights are stored as `i16` multiples of one scale per model (the
//! largest weight maps to 32,000) and summed in integers: the emissions
//! differ from [`crate::tagger::Model::emit_sum`]'s by rounding only.

use crate::tagger::{Label, Model, NL};

/// Summed weights of both models: the cue model's in `0..NL`, the role
/// model's in `NL..2 * NL` (f32, scaled back from the stored integers;
/// labels a pass does not decode are 0).
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

/// Labels whose weights are stored, per model: the cue pass decodes O and
/// cue labels only ([`CUE_LABELS`]), the role pass O, source and content
/// ([`crate::roles::ROLE_LABELS`]).
const STORED: [(usize, Label); 8] = [
    (0, Label::O),
    (0, Label::BCue),
    (0, Label::ICue),
    (1, Label::O),
    (1, Label::BSource),
    (1, Label::ISource),
    (1, Label::BContent),
    (1, Label::IContent),
];

/// Labels the cue pass decodes.
pub const CUE_LABELS: [bool; NL] = [true, false, false, true, true, false, false];

/// A stored row: the weights of the [`STORED`] labels as `i16` multiples
/// of their model's scale, 16 bytes (a quarter of a cache line), so the
/// whole table stays small enough to be read back into cache quickly
/// for each document.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(16))]
struct Stored([i16; 8]);

/// Key stored for feature hashes whose upper half is 0, which marks empty
/// slots.
const ZERO_KEY: u32 = 0x9e37_79b9;

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
    mask: usize,
    /// Key (0 = empty) and row number.
    slots: Vec<(u32, u32)>,
    rows: Vec<Stored>,
    /// Weight of one stored unit, per model.
    scale: [f32; 2],
    /// Features dropped because their slot key collided with another's.
    pub collisions: usize,
}

impl Joint {
    /// Compile `cues` and `roles` (decoding biases are not included).
    pub fn new(cues: &Model, roles: &Model) -> Joint {
        let mut keys: Vec<u64> = cues.w.keys().chain(roles.w.keys()).copied().collect();
        keys.sort_unstable();
        keys.dedup();
        let max = |m: &Model| {
            m.w.values()
                .flat_map(|w| w.iter())
                .fold(0f32, |a, w| a.max(w.abs()))
        };
        let scale = [cues, roles].map(|m| (max(m) / 32000.0).max(f32::MIN_POSITIVE));
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = Joint {
            shift: 64 - cap.trailing_zeros(),
            mask: cap - 1,
            slots: vec![(0, 0); cap],
            rows: Vec::with_capacity(keys.len() + 1),
            scale,
            collisions: 0,
        };
        // Row 0 is the zero row of unknown features.
        t.rows.push(Stored([0; 8]));
        for k in keys {
            let mut row = Stored([0; 8]);
            let rows = [cues.w.get(&k), roles.w.get(&k)];
            for (x, &(m, l)) in row.0.iter_mut().zip(&STORED) {
                if let Some(w) = rows[m] {
                    *x = (w[l as usize] / scale[m]).round() as i16;
                }
            }
            let key = fix(k);
            let mut i = t.index(k);
            while t.slots[i].0 != 0 && t.slots[i].0 != key {
                i = (i + 1) & t.mask;
            }
            if t.slots[i].0 == key {
                t.collisions += 1;
                continue;
            }
            t.slots[i] = (key, t.rows.len() as u32);
            t.rows.push(row);
        }
        t
    }

    #[inline(always)]
    fn index(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Row number of feature `k`; 0 (the zero row) when unknown.
    #[inline(always)]
    fn find(&self, k: u64) -> u32 {
        let key = fix(k);
        let mut i = self.index(k);
        loop {
            let (s, r) = self.slots[i];
            if s == key {
                return r;
            }
            if s == 0 {
                return 0;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Whether either model knows feature `k`.
    pub fn knows(&self, k: u64) -> bool {
        self.find(k) != 0
    }

    /// Summed rows of `feats` (both models' emissions, no bias).
    ///
    /// Memory latency dominates, so features are read in chunks: first
    /// every feature's home slot is loaded (independent loads, no branches,
    /// so they overlap), then the slots are probed while they are in cache,
    /// then the rows are added in integers (unknown features add the zero
    /// row).
    #[inline]
    pub fn sum(&self, feats: &[u64]) -> Row {
        const CHUNK: usize = 32;
        let mut acc = [0i32; 8];
        let mut rows = [0u32; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            let mut touch = 0u32;
            for &f in chunk {
                touch ^= self.slots[self.index(f)].0;
            }
            std::hint::black_box(touch);
            for (r, &f) in rows.iter_mut().zip(chunk) {
                *r = self.find(f);
            }
            for &r in &rows[..chunk.len()] {
                for (a, &w) in acc.iter_mut().zip(&self.rows[r as usize].0) {
                    *a += i32::from(w);
                }
            }
        }
        let mut out = Row::ZERO;
        for (a, &(m, l)) in acc.iter().zip(&STORED) {
            out.0[m * NL + l as usize] = *a as f32 * self.scale[m];
        }
        out
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
                a.w.insert(h, [k as f32; NL]);
            }
            if k % 3 == 0 {
                b.w.insert(h, [-(k as f32) * 0.5; NL]);
            }
        }
        a.w.insert(0, [1.5; NL]);
        let t = Joint::new(&a, &b);
        assert_eq!(t.collisions, 0);
        let feats: Vec<u64> = (0..600u64)
            .map(|k| k.wrapping_mul(0x1234_5678_9abc_def1))
            .chain([0, 7, 99])
            .collect();
        let s = t.sum(&feats);
        // Labels a pass does not decode are not stored (0).
        let close = |x: [f32; NL], y: [f32; NL], used: [bool; NL]| {
            (0..NL).all(|k| {
                let want = if used[k] { y[k] } else { 0.0 };
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
}
