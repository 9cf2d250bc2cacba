//! Stable feature hashing and a small deterministic random number generator.
//!
//! Feature keys must be identical on every platform and in every run, because
//! they are stored in model files. Everything here reads bytes little-endian
//! and uses fixed constants; nothing depends on `std`'s randomised hashers.

const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xBF58_476D_1CE4_E5B9;
const K2: u64 = 0x94D0_49BB_1331_11EB;

/// Final avalanche (the SplitMix64 finaliser).
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(K1);
    z = (z ^ (z >> 27)).wrapping_mul(K2);
    z ^ (z >> 31)
}

/// Hash `bytes` under `seed`. Stable across platforms and versions of this
/// crate (a change would be a model format change). Never returns 0.
#[inline]
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed.wrapping_mul(K0) ^ (bytes.len() as u64).wrapping_mul(K1);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ v).wrapping_mul(K0).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf))
            .wrapping_mul(K0)
            .rotate_left(29);
    }
    nonzero(mix(h))
}

/// Combine a hash with another value (order matters). Never returns 0.
#[inline]
pub fn combine(h: u64, v: u64) -> u64 {
    nonzero(mix(h.rotate_left(17) ^ v.wrapping_mul(K2) ^ K0))
}

#[inline]
fn nonzero(h: u64) -> u64 {
    if h == 0 { K0 } else { h }
}

/// Key of the feature `template` with string value `value`.
///
/// `template` is a small number the caller assigns to each feature template
/// ("word", "suffix3", "prev tag + word"…); two templates with the same value
/// string get different keys.
///
/// ```
/// use dyad_learn::feature;
/// assert_eq!(feature(1, "dog"), feature(1, "dog"));
/// assert_ne!(feature(1, "dog"), feature(2, "dog"));
/// ```
#[inline]
pub fn feature(template: u32, value: &str) -> u64 {
    hash_bytes(template as u64 + 1, value.as_bytes())
}

/// Key of the feature `template` with two parts (for conjunctions); the same
/// as `combine(feature(template, a), b)`.
#[inline]
pub fn feature2(template: u32, a: &str, b: u64) -> u64 {
    combine(feature(template, a), b)
}

/// Key of the feature `template` with numeric value(s), for features built
/// from ids (tag ids, distances, precomputed string hashes) without any
/// string work.
///
/// ```
/// use dyad_learn::feature_ids;
/// assert_ne!(feature_ids(3, &[1, 2]), feature_ids(3, &[2, 1]));
/// ```
#[inline]
pub fn feature_ids(template: u32, ids: &[u64]) -> u64 {
    let mut h = mix((template as u64 + 1).wrapping_mul(K1) ^ K2);
    for &v in ids {
        h = combine(h, v);
    }
    h
}

/// A small, fast, deterministic random number generator (xorshift64*), for
/// shuffling training data with a fixed seed.
#[derive(Debug, Clone)]
pub struct XorShift64 {
    state: u64,
}

impl XorShift64 {
    /// A generator from `seed` (any value; 0 is remapped).
    pub fn new(seed: u64) -> XorShift64 {
        XorShift64 {
            state: nonzero(mix(seed ^ K0)),
        }
    }

    /// Next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        // Multiply-shift reduction; the tiny bias is irrelevant for shuffling.
        ((self.next_u64() >> 32).wrapping_mul(n as u64) >> 32) as usize
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED: [u64; 4] = [
        0xe220_a839_7b1d_cdaf,
        0x636d_d553_9285_582f,
        0x097e_50b4_cac1_cd81,
        0xa199_d377_79c3_c89a,
    ];

    #[test]
    fn hashes_are_stable() {
        // Pinned values: a change here changes every model file.
        let got = [
            hash_bytes(1, b""),
            hash_bytes(1, b"abcdefghij"),
            feature(3, "dog"),
            combine(1, 2),
        ];
        assert_eq!(got, PINNED);
        assert_ne!(hash_bytes(1, b"a"), hash_bytes(1, b"a\0"));
        assert_ne!(hash_bytes(1, b"ab"), hash_bytes(2, b"ab"));
    }

    #[test]
    fn shuffle_is_deterministic_permutation() {
        let mut a: Vec<u32> = (0..100).collect();
        let mut b = a.clone();
        XorShift64::new(7).shuffle(&mut a);
        XorShift64::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..100).collect::<Vec<_>>());
        let mut s = a.clone();
        s.sort();
        assert_eq!(s, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = XorShift64::new(0);
        for n in 1..50 {
            for _ in 0..20 {
                assert!(r.below(n) < n);
            }
        }
    }
}
