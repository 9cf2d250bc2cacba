//! A compact, immutable `u64 → u32` hash map with a stable byte format.

use std::sync::Arc;

use crate::format::{ByteReader, ByteWriter, Container, ModelError, u32_at, u64_at};
use crate::index::{Shape, Store, find, in_order, place};

/// First four bytes of a map in the indexed layout (a version-1 map starts
/// with its entry count).
const INDEX_MARK: u32 = u32::from_le_bytes(*b"KMX2");
/// Bytes of a record: key (`u64`), value (`u32`).
const REC: usize = 12;
/// Bytes before the records: mark, entries, home records, shape bits,
/// records, padding.
const HEAD: usize = 24;
/// Smallest `bits` of the index shape (the version-1 table had at least 8
/// slots).
const MIN_BITS: u32 = 3;

/// An immutable map from `u64` keys (feature hashes, word hashes) to `u32`
/// values, for lookup tables shipped inside model files (tag dictionaries,
/// gazetteers, exception lists).
///
/// Two byte formats: [`KeyMap::to_bytes`] (version 1: sorted pairs, indexed
/// at load) and [`KeyMap::to_index_bytes`] (the ordered hash table that
/// lookups read, used in place when the model is embedded; see
/// [`KeyMap::from_section`]). Both depend only on the contents.
#[derive(Debug, Clone)]
pub struct KeyMap {
    /// Shape of the index.
    shape: Shape,
    len: usize,
    /// The image in the indexed layout (records from byte [`HEAD`]).
    store: Store,
}

impl KeyMap {
    /// Build from pairs; a later duplicate key overwrites an earlier one. Key
    /// 0 is remapped internally, so any key works.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u64, u32)>) -> KeyMap {
        let mut v: Vec<(u64, u32)> = pairs.into_iter().map(|(k, x)| (fix(k), x)).collect();
        // Stable sort keeps the last duplicate last; then dedup keeping it.
        v.sort_by_key(|&(k, _)| k);
        let mut d: Vec<(u64, u32)> = Vec::with_capacity(v.len());
        for (k, x) in v {
            match d.last_mut() {
                Some(last) if last.0 == k => last.1 = x,
                _ => d.push((k, x)),
            }
        }
        let shape = Shape::for_keys(d.len(), MIN_BITS);
        d.sort_unstable_by_key(|p| shape.order(p.0));
        KeyMap::build(&d, shape)
    }

    /// Build from pairs with distinct, fixed (nonzero) keys in the table
    /// order of `shape`.
    fn build(pairs: &[(u64, u32)], shape: Shape) -> KeyMap {
        let (pos, n_slots) = place(pairs.iter().map(|p| p.0), shape);
        let mut w = ByteWriter::new();
        w.u32(INDEX_MARK);
        w.u32(pairs.len() as u32);
        w.u32(shape.cap as u32);
        w.u32(shape.bits);
        w.u32(n_slots as u32);
        w.bytes.resize(HEAD + n_slots * REC, 0);
        for (&(k, v), &p) in pairs.iter().zip(&pos) {
            let r = &mut w.bytes[HEAD + p * REC..HEAD + (p + 1) * REC];
            r[..8].copy_from_slice(&k.to_le_bytes());
            r[8..].copy_from_slice(&v.to_le_bytes());
        }
        KeyMap {
            shape,
            len: pairs.len(),
            store: Store::Owned(Arc::new(w.bytes)),
        }
    }

    /// The value for `key`.
    #[inline]
    pub fn get(&self, key: u64) -> Option<u32> {
        let table = &self.store.bytes()[HEAD..];
        find::<REC>(table, self.shape, fix(key)).map(|r| u32_at(r, 8))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries, by key.
    fn pairs(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.store.bytes()[HEAD..]
            .chunks_exact(REC)
            .map(|r| (u64_at(r, 0), u32_at(r, 8)))
            .filter(|&(k, _)| k != 0)
    }

    /// Serialise in the version-1 layout: pairs in home-slot order of a
    /// power-of-two index (so version-1 loading filled its table front to
    /// back); the bytes depend only on the contents.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut pairs: Vec<(u64, u32)> = self.pairs().collect();
        let mask = v1_capacity(pairs.len()) - 1;
        pairs.sort_unstable_by_key(|&(k, _)| ((k as usize) & mask, k));
        let mut w = ByteWriter::new();
        w.u32(pairs.len() as u32);
        for (k, v) in pairs {
            w.u64(k);
            w.u32(v);
        }
        w.bytes
    }

    /// Serialise in the indexed layout, which lookups read directly (used
    /// in place by [`KeyMap::from_section`] on a container parsed with
    /// [`Container::parse_static`]).
    pub fn to_index_bytes(&self) -> Vec<u8> {
        self.store.bytes().to_vec()
    }

    /// Read bytes written by [`KeyMap::to_bytes`] or
    /// [`KeyMap::to_index_bytes`] (copied once); `origin` and `section` name
    /// them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str, section: &str) -> Result<KeyMap, ModelError> {
        if bytes.len() >= 4 && u32_at(bytes, 0) == INDEX_MARK {
            return KeyMap::from_image(Store::Owned(Arc::new(bytes.to_vec())), origin, section);
        }
        KeyMap::from_v1_bytes(bytes, origin, section)
    }

    /// [`KeyMap::from_bytes`] for bytes that live for the whole program: the
    /// indexed layout is used in place.
    pub fn from_static_bytes(
        bytes: &'static [u8],
        origin: &str,
        section: &str,
    ) -> Result<KeyMap, ModelError> {
        if bytes.len() >= 4 && u32_at(bytes, 0) == INDEX_MARK {
            return KeyMap::from_image(Store::Static(bytes), origin, section);
        }
        KeyMap::from_v1_bytes(bytes, origin, section)
    }

    /// Read the map in section `name` of a container (in place when the
    /// container was parsed with [`Container::parse_static`] and the
    /// section is in the indexed layout).
    pub fn from_section(c: &Container<'_>, name: &str) -> Result<KeyMap, ModelError> {
        match c.static_section(name) {
            Some(b) => KeyMap::from_static_bytes(b, c.origin(), name),
            None => KeyMap::from_bytes(c.section(name)?, c.origin(), name),
        }
    }

    fn from_image(store: Store, origin: &str, section: &str) -> Result<KeyMap, ModelError> {
        let bytes = store.bytes();
        let mut r = ByteReader::new(bytes, origin, section);
        let _mark = r.u32()?;
        let len = r.u32()? as usize;
        let cap = r.u32()? as usize;
        let bits = r.u32()?;
        let n_slots = r.u32()? as usize;
        r.take(HEAD - 20)?;
        let shape = Shape::checked(cap, bits);
        if shape.is_none() || cap > n_slots || len > n_slots {
            return Err(r.error(format!(
                "index of {n_slots} records with {cap} homes cannot hold {len} entries"
            )));
        }
        if n_slots.checked_mul(REC) != Some(r.remaining()) {
            return Err(r.error(format!(
                "{} bytes of records, the header says {n_slots} records",
                r.remaining()
            )));
        }
        Ok(KeyMap {
            shape: shape.expect("checked above"),
            len,
            store,
        })
    }

    fn from_v1_bytes(bytes: &[u8], origin: &str, section: &str) -> Result<KeyMap, ModelError> {
        let mut r = ByteReader::new(bytes, origin, section);
        let n = r.u32()? as usize;
        let body = r.take(
            n.checked_mul(12)
                .ok_or_else(|| r.error("too many entries"))?,
        )?;
        r.finish()?;
        let mut pairs: Vec<(u64, u32)> = body
            .chunks_exact(12)
            .map(|c| (fix(u64_at(c, 0)), u32_at(c, 8)))
            .collect();
        // Version-1 pairs come in table order already.
        let shape = Shape::for_keys(pairs.len(), MIN_BITS);
        if !in_order(pairs.iter().map(|p| p.0), shape) {
            pairs.sort_unstable_by_key(|p| shape.order(p.0));
            if !in_order(pairs.iter().map(|p| p.0), shape) {
                return Err(r.error("duplicate key"));
            }
        }
        Ok(KeyMap::build(&pairs, shape))
    }
}

/// Table size of the version-1 layout for `n` keys.
fn v1_capacity(n: usize) -> usize {
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
        // The indexed layout, copied or in place.
        let x = m.to_index_bytes();
        assert_eq!(m2.to_index_bytes(), x);
        let leaked: &'static [u8] = Box::leak(x.clone().into_boxed_slice());
        for m3 in [
            KeyMap::from_bytes(&x, "f", "s").unwrap(),
            KeyMap::from_static_bytes(leaked, "f", "s").unwrap(),
        ] {
            assert_eq!((m3.get(5), m3.get(0), m3.get(6)), (Some(2), Some(7), None));
            assert_eq!(m3.len(), 3);
            assert_eq!(m3.to_bytes(), b);
        }
        for cut in [0, 3, 10, x.len() - 1] {
            assert!(KeyMap::from_bytes(&x[..cut], "f", "s").is_err(), "{cut}");
        }
        assert!(KeyMap::from_pairs([]).is_empty());
        assert_eq!(KeyMap::from_pairs([]).get(1), None);
    }
}
