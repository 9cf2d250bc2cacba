//! A compact, immutable `u64 → u32` hash map with a stable byte format.

use crate::format::{ByteReader, ByteWriter, ModelError};

/// An immutable map from `u64` keys (feature hashes, word hashes) to `u32`
/// values, for lookup tables shipped inside model files (tag dictionaries,
/// gazetteers, exception lists). Open addressing, load factor ≤ 0.5.
/// Serialised as sorted pairs, so the bytes never depend on insertion order.
#[derive(Debug, Clone)]
pub struct KeyMap {
    mask: usize,
    /// Key and value side by side: one cache line per probe.
    slots: Vec<(u64, u32)>,
    len: usize,
}

impl KeyMap {
    /// Build from pairs; a later duplicate key overwrites an earlier one. Key
    /// 0 is remapped internally, so any key works.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u64, u32)>) -> KeyMap {
        let mut v: Vec<(u64, u32)> = pairs.into_iter().collect();
        // Stable sort keeps the last duplicate last; then dedup keeping it.
        v.sort_by_key(|&(k, _)| k);
        let mut d: Vec<(u64, u32)> = Vec::with_capacity(v.len());
        for (k, x) in v {
            match d.last_mut() {
                Some(last) if last.0 == k => last.1 = x,
                _ => d.push((k, x)),
            }
        }
        KeyMap::build(&d).expect("keys are distinct")
    }

    /// Build from distinct keys; `None` on a duplicate.
    fn build(pairs: &[(u64, u32)]) -> Option<KeyMap> {
        let cap = capacity(pairs.len());
        let mut m = KeyMap {
            mask: cap - 1,
            slots: vec![(0, 0); cap],
            len: pairs.len(),
        };
        for &(k, v) in pairs {
            let k = fix(k);
            let mut i = k as usize & m.mask;
            while m.slots[i].0 != 0 {
                if m.slots[i].0 == k {
                    return None;
                }
                i = (i + 1) & m.mask;
            }
            m.slots[i] = (k, v);
        }
        Some(m)
    }

    /// The value for `key`.
    #[inline]
    pub fn get(&self, key: u64) -> Option<u32> {
        let k = fix(key);
        let mut i = k as usize & self.mask;
        loop {
            let (s, v) = self.slots[i];
            if s == k {
                return Some(v);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Serialise, in home-slot order (so loading fills the table front to
    /// back); the bytes depend only on the contents.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut pairs: Vec<(u64, u32)> = self
            .slots
            .iter()
            .copied()
            .filter(|&(k, _)| k != 0)
            .collect();
        pairs.sort_unstable_by_key(|&(k, _)| ((k as usize) & self.mask, k));
        let mut w = ByteWriter::new();
        w.u32(pairs.len() as u32);
        for (k, v) in pairs {
            w.u64(k);
            w.u32(v);
        }
        w.bytes
    }

    /// Read bytes written by [`KeyMap::to_bytes`]; `origin` and `section`
    /// name them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str, section: &str) -> Result<KeyMap, ModelError> {
        let mut r = ByteReader::new(bytes, origin, section);
        let n = r.u32()? as usize;
        let body = r.take(
            n.checked_mul(12)
                .ok_or_else(|| r.error("too many entries"))?,
        )?;
        r.finish()?;
        let mut pairs = Vec::with_capacity(n);
        for c in body.chunks_exact(12) {
            let mut k = [0u8; 8];
            k.copy_from_slice(&c[..8]);
            pairs.push((
                u64::from_le_bytes(k),
                u32::from_le_bytes([c[8], c[9], c[10], c[11]]),
            ));
        }
        KeyMap::build(&pairs).ok_or_else(|| r.error("duplicate key"))
    }
}

/// Table size for `n` keys: a power of two, load factor at most 0.5.
fn capacity(n: usize) -> usize {
    (n * 2).next_power_of_two().max(8)
}

/// Key 0 marks an empty slot; move it elsewhere (the serialised key is the
/// fixed one, which round-trips because `fix` is idempotent on it).
#[inline]
fn fix(k: u64) -> u64 {
    if k == 0 { 0x9E37_79B9_7F4A_7C15 } else { k }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_and_round_trip() {
        let m = KeyMap::from_pairs([(5, 1), (0, 7), (u64::MAX, 3), (5, 2)]);
        assert_eq!(m.len(), 3);
        assert_eq!(m.get(5), Some(2));
        assert_eq!(m.get(0), Some(7));
        assert_eq!(m.get(u64::MAX), Some(3));
        assert_eq!(m.get(6), None);
        let b = m.to_bytes();
        let m2 = KeyMap::from_bytes(&b, "f", "s").unwrap();
        assert_eq!(m2.get(5), Some(2));
        assert_eq!(m2.get(0), Some(7));
        assert_eq!(m2.to_bytes(), b);
        assert!(KeyMap::from_bytes(&b[..b.len() - 1], "f", "s").is_err());
    }
}
