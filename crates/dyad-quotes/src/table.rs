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
//! Sums add the rows in feature order, label by label, exactly as
//! [`crate::tagger::Model::emit_sum`] does, so decoding gives the same labels.

use crate::tagger::{Model, NL};

/// A row: the cue model's weights in `0..NL`, the role model's in
/// `NL..2 * NL`, zero padding after. Aligned to one cache line.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(64))]
pub struct Row(pub [f32; 16]);

const _: () = assert!(2 * NL <= 16);

impl Row {
    const ZERO: Row = Row([0.0; 16]);

    /// The cue model's part.
    pub fn cue(&self) -> [f32; NL] {
        std::array::from_fn(|k| self.0[k])
    }

    /// The role model's part.
    pub fn role(&self) -> [f32; NL] {
        std::array::from_fn(|k| self.0[NL + k])
    }

    #[inline(always)]
    fn add(&mut self, o: &Row) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a += *b;
        }
    }
}

/// Key stored for the (rare) feature hash 0, which marks empty slots.
const ZERO_KEY: u64 = 0x9e37_79b9_7f4a_7c15;

fn fix(k: u64) -> u64 {
    if k == 0 { ZERO_KEY } else { k }
}

/// The joint weight table of a cue model and a role model.
#[derive(Debug, Clone)]
pub struct Joint {
    shift: u32,
    mask: usize,
    /// Key (0 = empty) and row number.
    slots: Vec<(u64, u32)>,
    rows: Vec<Row>,
}

impl Joint {
    /// Compile `cues` and `roles` (decoding biases are not included).
    pub fn new(cues: &Model, roles: &Model) -> Joint {
        let mut keys: Vec<u64> = cues.w.keys().chain(roles.w.keys()).copied().collect();
        keys.sort_unstable();
        keys.dedup();
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = Joint {
            shift: 64 - cap.trailing_zeros(),
            mask: cap - 1,
            slots: vec![(0, 0); cap],
            rows: Vec::with_capacity(keys.len() + 1),
        };
        // Row 0 is the zero row of unknown features.
        t.rows.push(Row::ZERO);
        for k in keys {
            let mut row = Row::ZERO;
            if let Some(w) = cues.w.get(&k) {
                row.0[..NL].copy_from_slice(w);
            }
            if let Some(w) = roles.w.get(&k) {
                row.0[NL..2 * NL].copy_from_slice(w);
            }
            let key = fix(k);
            let mut i = t.index(key);
            while t.slots[i].0 != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = (key, t.rows.len() as u32);
            t.rows.push(row);
        }
        t
    }

    #[inline(always)]
    fn index(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The row of feature `k`, if either model knows it.
    #[inline]
    pub fn get(&self, k: u64) -> Option<&Row> {
        match self.find(fix(k)) {
            0 => None,
            r => Some(&self.rows[r as usize]),
        }
    }

    /// Row number of `key` (already [`fix`]ed); 0 (the zero row) when unknown.
    #[inline(always)]
    fn find(&self, key: u64) -> u32 {
        let mut i = self.index(key);
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

    /// Summed rows of `feats` (both models' emissions, no bias).
    ///
    /// Memory latency dominates, so features are read in chunks: first
    /// every feature's home slot is loaded (independent loads, no branches,
    /// so they overlap), then the slots are probed while they are in cache,
    /// then the rows are added (unknown features add the zero row).
    #[inline]
    pub fn sum(&self, feats: &[u64]) -> Row {
        const CHUNK: usize = 32;
        let mut s = Row::ZERO;
        let mut rows = [0u32; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            let mut touch = 0u64;
            for &f in chunk {
                touch ^= self.slots[self.index(fix(f))].0;
            }
            std::hint::black_box(touch);
            for (r, &f) in rows.iter_mut().zip(chunk) {
                *r = self.find(fix(f));
            }
            for &r in &rows[..chunk.len()] {
                s.add(&self.rows[r as usize]);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_match_each_model() {
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
        let feats: Vec<u64> = (0..600u64)
            .map(|k| k.wrapping_mul(0x1234_5678_9abc_def1))
            .chain([0, 7, 99])
            .collect();
        let s = t.sum(&feats);
        assert_eq!(s.cue(), a.emit_sum(&feats));
        assert_eq!(s.role(), b.emit_sum(&feats));
        assert!(t.get(12345).is_none());
    }
}
