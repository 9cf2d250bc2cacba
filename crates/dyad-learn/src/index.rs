//! The indexed table layout shared by [`crate::Perceptron`] and
//! [`crate::KeyMap`] sections: an *ordered* hash table (Amble and Knuth
//! 1974) stored in the model file and used in place.
//!
//! Records of `R` bytes start with their `u64` key (little-endian; 0 marks
//! an empty record). A key's home record is `⌊low · cap / 2^bits⌋` where
//! `low` is its low `bits` bits, so records in *table order* (by low bits,
//! then by key) are also in home order: each key sits at its home or, when
//! that is taken, at the first free record after its predecessor, and the
//! table never wraps around (it has a tail of overflow records after
//! `cap`). A lookup starts at the home record and scans forward until it
//! finds the key, an empty record or a key after it in table order.
//! `bits` is chosen as in the version-1 layouts, whose rows were written in
//! exactly this order, so converting them is one sequential pass.
//! With `cap = 1.25 n` a lookup reads about three consecutive records. The
//! layout depends only on the set of keys, so the bytes are deterministic,
//! and reading needs no alignment (integers are decoded from bytes).

use std::sync::Arc;

use crate::format::u64_at;

/// Bytes of a table section: borrowed for the whole program (a model
/// embedded with `include_bytes!`) or owned.
#[derive(Debug, Clone)]
pub(crate) enum Store {
    /// Used in place.
    Static(&'static [u8]),
    /// A private copy (or a table built in memory).
    Owned(Arc<Vec<u8>>),
}

impl Store {
    #[inline(always)]
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Store::Static(b) => b,
            Store::Owned(b) => b,
        }
    }
}

/// Shape of a table: `cap` home records; a key's home depends on its low
/// `bits` bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    pub cap: usize,
    pub bits: u32,
    /// `2^bits - 1`: selects the low bits.
    pub mask: u64,
}

impl Shape {
    /// The shape for `n` keys: load factor 0.8 before the tail; `bits` as
    /// in the version-1 layouts (whose rows are sorted by their low `bits`
    /// bits, so they are already in table order), with at least `min_bits`.
    pub(crate) fn for_keys(n: usize, min_bits: u32) -> Shape {
        Shape::with_load(n, min_bits, 4, 5)
    }

    /// The shape for `n` keys at load factor `num / den` before the tail.
    pub(crate) fn with_load(n: usize, min_bits: u32, num: usize, den: usize) -> Shape {
        // (`checked` bounds both for files; `n` stays far below 2^30.)
        Shape::new(
            (n * den / num).max(1),
            (n * 2).next_power_of_two().trailing_zeros().max(min_bits),
        )
    }

    fn new(cap: usize, bits: u32) -> Shape {
        Shape {
            cap,
            bits,
            mask: (1u64 << bits) - 1,
        }
    }

    /// A shape read from a file, if sane (`cap` and `2^bits` below `2^32`,
    /// so homes are computed in 64 bits).
    pub(crate) fn checked(cap: usize, bits: u32) -> Option<Shape> {
        (cap > 0 && cap < 1 << 32 && bits <= 32).then(|| Shape::new(cap, bits))
    }

    #[inline(always)]
    fn low(self, key: u64) -> u64 {
        key & self.mask
    }

    /// Table order of keys: by low bits, then by key.
    #[inline(always)]
    pub(crate) fn order(self, key: u64) -> (u64, u64) {
        (self.low(key), key)
    }

    /// Home record of `key`, which grows with [`Shape::order`].
    #[inline(always)]
    pub(crate) fn home(self, key: u64) -> usize {
        (self.low(key).wrapping_mul(self.cap as u64) >> self.bits) as usize
    }
}

/// Record positions of `keys` (distinct, nonzero, in [`Shape::order`]);
/// returns the positions and the number of records.
pub(crate) fn place(keys: impl Iterator<Item = u64>, shape: Shape) -> (Vec<usize>, usize) {
    let mut pos = Vec::with_capacity(keys.size_hint().0);
    let mut next = 0usize;
    for k in keys {
        let p = shape.home(k).max(next);
        pos.push(p);
        next = p + 1;
    }
    (pos, next.max(shape.cap))
}

/// Whether `keys` are nonzero and strictly increasing in [`Shape::order`]
/// (so distinct).
pub(crate) fn in_order(mut keys: impl Iterator<Item = u64>, shape: Shape) -> bool {
    let Some(mut prev) = keys.next() else {
        return true;
    };
    if prev == 0 {
        return false;
    }
    for k in keys {
        if shape.order(k) <= shape.order(prev) {
            return false;
        }
        prev = k;
    }
    true
}

/// The record of `key` among the `R`-byte records `table`, if present.
/// The scan stops at an empty record or at larger low bits (keys with the
/// same low bits are passed over: cheaper than comparing the full order).
#[inline(always)]
pub(crate) fn find<const R: usize>(table: &[u8], shape: Shape, key: u64) -> Option<&[u8]> {
    if key == 0 {
        return None;
    }
    scan::<R>(table, shape, shape.home(key) * R, key)
}

/// [`find`] from byte `at` of `table` on (a record at or after the key's
/// home record and at or before the key's record, if present).
#[inline(always)]
fn scan<const R: usize>(table: &[u8], shape: Shape, mut at: usize, key: u64) -> Option<&[u8]> {
    let want = shape.low(key);
    loop {
        let rec = table.get(at..at + R)?;
        let k = u64_at(rec, 0);
        if k == key {
            return Some(rec);
        }
        if k == 0 || shape.low(k) > want {
            return None;
        }
        at += R;
    }
}

/// [`find`] for hot loops: compares the four records from the home record
/// at once, without branching on each (a data-dependent branch per probe
/// mispredicts often and stalls the other, overlapping, lookups); falls
/// back to the scan only when the key may lie beyond those four. Returns
/// the record's bytes after the key, or `None`.
///
/// Only the fourth record decides whether to scan on: a key stored beyond
/// it would make the records from its home to it one occupied run in
/// table order, so when the fourth is empty or after the key's low bits,
/// no record of the window lets the scan continue either (an empty one
/// or one with larger low bits ends such a run, and records after it in
/// the run come later in table order).
#[inline(always)]
pub(crate) fn find_fast<const R: usize>(table: &[u8], shape: Shape, key: u64) -> Option<&[u8]> {
    find_fast_at::<R>(table, shape, shape.home(key) * R, key)
}

/// [`find_fast`] given the key's home byte `at` (`shape.home(key) * R`),
/// for callers that computed it to prefetch.
#[inline(always)]
pub(crate) fn find_fast_at<const R: usize>(
    table: &[u8],
    shape: Shape,
    at: usize,
    key: u64,
) -> Option<&[u8]> {
    if key == 0 {
        return None;
    }
    let Some(win) = table.get(at..at + 4 * R) else {
        return scan::<R>(table, shape, at, key).map(|r| &r[8..]);
    };
    let k = [
        u64_at(win, 0),
        u64_at(win, R),
        u64_at(win, 2 * R),
        u64_at(win, 3 * R),
    ];
    let hit = u32::from(k[0] == key)
        | u32::from(k[1] == key) << 1
        | u32::from(k[2] == key) << 2
        | u32::from(k[3] == key) << 3;
    if hit != 0 {
        let j = hit.trailing_zeros() as usize;
        return Some(&win[j * R + 8..(j + 1) * R]);
    }
    if k[3] == 0 || shape.low(k[3]) > shape.low(key) {
        return None;
    }
    scan::<R>(table, shape, at + 4 * R, key).map(|r| &r[8..])
}

/// Hint the CPU to load the cache line of byte `at` of `table` (no effect
/// on results; out-of-range offsets are ignored).
#[inline(always)]
pub(crate) fn prefetch(table: &[u8], at: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        if let Some(r) = table.get(at) {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: prefetching is a hint; it never faults, and `r` is a
            // valid reference anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((r as *const u8).cast::<i8>()) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (table, at);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placed_keys_are_found_and_others_not() {
        let mut keys: Vec<u64> = (1..2000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
            .collect();
        // Crowd one home record to force long overflow runs.
        keys.extend((1..40u64).map(|i| i << 40));
        // Same low bits, different keys.
        keys.extend((1..9u64).map(|i| (i << 50) | 0x1234));
        for min_bits in [0, 4, 30] {
            let shape = Shape::for_keys(keys.len(), min_bits);
            keys.sort_unstable_by_key(|&k| shape.order(k));
            keys.dedup();
            assert!(in_order(keys.iter().copied(), shape));
            let (pos, n) = place(keys.iter().copied(), shape);
            let mut table = vec![0u8; n * 12];
            for (&k, &p) in keys.iter().zip(&pos) {
                table[p * 12..p * 12 + 8].copy_from_slice(&k.to_le_bytes());
            }
            for &k in &keys {
                let rec = find::<12>(&table, shape, k).expect("present");
                assert_eq!(u64_at(rec, 0), k);
                assert_eq!(find_fast::<12>(&table, shape, k), Some(&rec[8..]));
            }
            for k in [0u64, 2, 4, 6, u64::MAX - 1, 1 << 41, 3 << 40] {
                if !keys.contains(&k) {
                    assert!(find::<12>(&table, shape, k).is_none(), "{k}");
                    assert!(find_fast::<12>(&table, shape, k).is_none(), "{k}");
                }
            }
            // Any key: the window's answer is the scan's.
            for i in 0..20_000u64 {
                let k = i.wrapping_mul(0xD134_2543_DE82_EF95) >> (i % 48);
                let scan = find::<12>(&table, shape, k).map(|r| &r[8..]);
                assert_eq!(find_fast::<12>(&table, shape, k), scan, "{k}");
            }
            // A truncated table misses keys but never panics.
            for &k in &keys {
                let _ = find::<12>(&table[..table.len() / 2], shape, k);
                let _ = find_fast::<12>(&table[..table.len() / 2], shape, k);
            }
        }
        let shape = Shape::for_keys(3, 0);
        assert!(!in_order([5u64, 5].into_iter(), shape));
        assert!(!in_order([0u64, 5].into_iter(), shape));
    }
}
