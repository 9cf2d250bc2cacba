//! The inference side of the averaged perceptron: a sparse, quantised weight
//! table behind an open-addressing hash index.

use std::path::Path;

use crate::format::{ByteReader, ByteWriter, Container, ContainerWriter, ModelError, read_file};

/// Model kind written by [`Perceptron::save`] for single-model files.
pub const PERCEPTRON_KIND: &str = "percept";
/// Version of the perceptron section layout.
pub const PERCEPTRON_VERSION: u32 = 1;
/// Section name used by [`Perceptron::save`].
pub const PERCEPTRON_SECTION: &str = "perceptron";

/// Index slot: a feature's key and where its row is. `len` is the number of
/// stored weights; with the [`DENSE`] bit set the row is a dense run of
/// `n_classes` weights at `start` in `Perceptron::dense`, otherwise `len`
/// packed entries at `start` in `Perceptron::entries`.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Flag of dense rows in [`Slot::len`].
const DENSE: u32 = 1 << 31;

/// Models with at most this many classes keep each row inside its index
/// slot ([`Perceptron::inline`]): class 0's and 1's `i16` weights in
/// [`Slot::start`], class 2's in the low 16 bits of [`Slot::len`] and the set
/// of stored classes in bits 16–18 of it. Scoring then needs one memory
/// access per feature instead of two (a transition classifier has 3
/// classes).
const INLINE_MAX: usize = 3;

/// A trained multi-class averaged perceptron, ready to score.
///
/// Each feature (a `u64` key, see [`crate::feature`]) owns a sparse row of
/// `(class, weight)` pairs; weights are stored as `i16` times one scale
/// factor. Scoring a feature set costs one hash probe per feature plus one add
/// per stored weight; unknown features cost one probe and add nothing.
///
/// A `Perceptron` is immutable and `Send + Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct Perceptron {
    labels: Vec<String>,
    scale: f32,
    mask: usize,
    slots: Vec<Slot>,
    /// Packed entries: class in the low 16 bits, `i16` weight in the high 16.
    entries: Vec<u32>,
    /// Rows with many weights (bias, common suffixes…), stored densely so
    /// they are added with SIMD instead of one scattered add per weight.
    dense: Vec<i16>,
    /// Rows stored in the slots (at most [`INLINE_MAX`] classes).
    inline: bool,
    n_features: usize,
    n_weights: usize,
}

/// The weights of an inline row (see [`INLINE_MAX`]) and the set of stored
/// classes.
#[inline(always)]
fn inline_row(start: u32, len: u32) -> ([i32; INLINE_MAX], u32) {
    (
        [
            start as u16 as i16 as i32,
            (start >> 16) as u16 as i16 as i32,
            len as u16 as i16 as i32,
        ],
        (len >> 16) & 0b111,
    )
}

impl Perceptron {
    /// Build from averaged rows `(key, [(class, weight)])`; used by the
    /// trainer. Keys must be distinct and nonzero.
    #[cfg(feature = "train")]
    pub(crate) fn from_rows(
        labels: Vec<String>,
        scale: f32,
        rows: &[(u64, Vec<(u16, i16)>)],
    ) -> Perceptron {
        let mut p = Perceptron::empty(labels, scale, rows.len());
        let mut packed = Vec::new();
        for (key, row) in rows {
            packed.clear();
            packed.extend(row.iter().map(|&(c, w)| pack(c, w)));
            let fresh = p.add_row(*key, &packed);
            debug_assert!(fresh, "duplicate feature key");
        }
        p
    }

    fn empty(labels: Vec<String>, scale: f32, n_features: usize) -> Perceptron {
        let cap = capacity(n_features);
        let labels_len = labels.len();
        Perceptron {
            labels,
            scale,
            mask: cap - 1,
            slots: vec![Slot::default(); cap],
            entries: Vec::new(),
            dense: Vec::new(),
            inline: labels_len <= INLINE_MAX,
            n_features,
            n_weights: 0,
        }
    }

    /// Add the row of `key` (packed entries with classes in range, sorted
    /// by class); false if `key` is zero or already there.
    fn add_row(&mut self, key: u64, packed: &[u32]) -> bool {
        let n = self.labels.len();
        let len = packed.len() as u32;
        if self.inline {
            let (mut start, mut len) = (0u32, 0u32);
            for &e in packed {
                let (c, w) = (e & 0xFFFF, e >> 16);
                match c {
                    0 => start |= w,
                    1 => start |= w << 16,
                    _ => len |= w,
                }
                len |= 1 << (16 + c);
            }
            self.n_weights += packed.len();
            return key != 0 && self.insert(key, start, len);
        }
        // Dense when at least a quarter of the classes have a weight: at
        // most twice the bytes, and far fewer instructions to add.
        let ok = if packed.len() * 4 >= n && n >= 8 {
            let start = self.dense.len();
            self.dense.resize(start + n, 0);
            for &e in packed {
                self.dense[start + (e & 0xFFFF) as usize] = (e >> 16) as u16 as i16;
            }
            key != 0 && self.insert(key, start as u32, len | DENSE)
        } else {
            let start = self.entries.len() as u32;
            self.entries.extend_from_slice(packed);
            key != 0 && self.insert(key, start, len)
        };
        self.n_weights += packed.len();
        ok
    }

    /// Insert a row; false if `key` is already there.
    fn insert(&mut self, key: u64, start: u32, len: u32) -> bool {
        let mut i = (key as usize) & self.mask;
        while self.slots[i].key != 0 {
            if self.slots[i].key == key {
                return false;
            }
            i = (i + 1) & self.mask;
        }
        self.slots[i] = Slot { key, start, len };
        true
    }

    /// The weights of a row, packed (class low 16 bits, i16 weight high 16
    /// bits), appended to `out`.
    fn row_packed(&self, start: u32, len: u32, out: &mut Vec<u32>) {
        if self.inline {
            let (w, set) = inline_row(start, len);
            for (c, &w) in w.iter().enumerate() {
                if set & (1 << c) != 0 {
                    out.push(pack(c as u16, w as i16));
                }
            }
        } else if len & DENSE != 0 {
            let n = self.labels.len();
            let row = &self.dense[start as usize..start as usize + n];
            out.extend(
                row.iter()
                    .enumerate()
                    .filter(|&(_, &w)| w != 0)
                    .map(|(c, &w)| pack(c as u16, w)),
            );
        } else {
            out.extend_from_slice(&self.entries[start as usize..(start + len) as usize]);
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.labels.len()
    }

    /// Class names, indexed by class id.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Id of class `name`, if it exists.
    pub fn class_id(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == name)
    }

    /// Number of features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.n_weights
    }

    /// Whether feature `key` has any weight.
    pub fn knows(&self, key: u64) -> bool {
        self.find(key).1 != 0
    }

    /// Score every class for the feature set `feats`: `out` is resized to
    /// [`Perceptron::n_classes`] and overwritten with the summed weights.
    /// Reuse `out` across calls to avoid allocation.
    #[inline]
    pub fn scores(&self, feats: &[u64], out: &mut Vec<f32>) {
        let n = self.labels.len();
        out.clear();
        if n <= 256 {
            // Integer accumulation on the stack: no int-to-float conversion
            // per weight, and class ids were checked against `n` on load.
            let mut acc = [0i32; 256];
            let acc = &mut acc[..n];
            if self.inline {
                // Rows live in the slots: probe, then add.
                let mut sum = [0i32; INLINE_MAX];
                self.walk_inline(feats, |start, len| {
                    let (w, _) = inline_row(start, len);
                    for (s, w) in sum.iter_mut().zip(w) {
                        *s += w;
                    }
                });
                out.extend(sum[..n].iter().map(|&a| a as f32 * self.scale));
                return;
            }
            self.walk(feats, |start, len| {
                if len & DENSE != 0 {
                    let row = &self.dense[start as usize..start as usize + n];
                    for (a, &w) in acc.iter_mut().zip(row) {
                        *a += w as i32;
                    }
                    return;
                }
                let (start, len) = (start as usize, len as usize);
                for &e in &self.entries[start..start + len] {
                    if let Some(a) = acc.get_mut((e & 0xFFFF) as usize) {
                        *a += (e >> 16) as u16 as i16 as i32;
                    }
                }
            });
            out.extend(acc.iter().map(|&a| a as f32 * self.scale));
        } else {
            out.resize(n, 0.0);
            self.accumulate(feats, out, self.scale);
        }
    }

    /// Add the scores of `feats` to `out` (which must hold
    /// [`Perceptron::n_classes`] values), for callers that combine feature
    /// sets or keep their own buffers.
    #[inline]
    pub fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        self.accumulate(feats, out, self.scale);
    }

    /// Add `factor ×` the stored (quantised) weights of `feats` to `out`.
    ///
    /// Memory latency dominates scoring, so the work is done in three passes
    /// over chunks of features: prefetch the index slots, probe them (the
    /// probes are independent, so they overlap) and prefetch the rows, then
    /// add the rows.
    #[inline]
    fn accumulate(&self, feats: &[u64], out: &mut [f32], factor: f32) {
        let n = self.labels.len();
        if self.inline {
            self.walk_inline(feats, |start, len| {
                let (w, _) = inline_row(start, len);
                for (o, w) in out.iter_mut().zip(w) {
                    *o += w as f32 * factor;
                }
            });
            return;
        }
        self.walk(feats, |start, len| {
            if len & DENSE != 0 {
                let row = &self.dense[start as usize..start as usize + n];
                for (o, &w) in out.iter_mut().zip(row) {
                    *o += w as f32 * factor;
                }
                return;
            }
            let (start, len) = (start as usize, len as usize);
            for &e in &self.entries[start..start + len] {
                if let Some(o) = out.get_mut((e & 0xFFFF) as usize) {
                    *o += ((e >> 16) as u16 as i16) as f32 * factor;
                }
            }
        });
    }

    /// Call `row(start, len)` (see [`Slot`]) for the row of every known
    /// feature in `feats`.
    #[inline(always)]
    fn walk(&self, feats: &[u64], mut row: impl FnMut(u32, u32)) {
        const CHUNK: usize = 48;
        let mut rows = [(0u32, 0u32); CHUNK];
        for chunk in feats.chunks(CHUNK) {
            for &f in chunk {
                prefetch(&self.slots[(f as usize) & self.mask]);
            }
            for (j, &f) in chunk.iter().enumerate() {
                let r = self.find(f);
                if r.1 & DENSE != 0 {
                    prefetch(&self.dense[r.0 as usize]);
                } else if r.1 > 0 {
                    prefetch(&self.entries[r.0 as usize]);
                }
                rows[j] = r;
            }
            for &(start, len) in &rows[..chunk.len()] {
                if len != 0 {
                    row(start, len);
                }
            }
        }
    }

    /// Call `row(start, len)` with the slot of every known feature in
    /// `feats`, for inline rows (prefetch the slots of a chunk, then probe).
    #[inline(always)]
    fn walk_inline(&self, feats: &[u64], mut row: impl FnMut(u32, u32)) {
        const CHUNK: usize = 48;
        for chunk in feats.chunks(CHUNK) {
            for &f in chunk {
                prefetch(&self.slots[(f as usize) & self.mask]);
            }
            for &f in chunk {
                let (start, len) = self.find(f);
                if len != 0 {
                    row(start, len);
                }
            }
        }
    }

    /// `(start, len)` of the row of `key` (len 0 when unknown).
    #[inline]
    fn find(&self, key: u64) -> (u32, u32) {
        let mut i = (key as usize) & self.mask;
        loop {
            let s = self.slots[i];
            if s.key == key {
                return (s.start, s.len);
            }
            if s.key == 0 {
                return (0, 0);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The best class for `feats` (ties go to the lowest class id).
    pub fn predict(&self, feats: &[u64], scratch: &mut Vec<f32>) -> usize {
        self.scores(feats, scratch);
        argmax(scratch, |_| true).unwrap_or(0)
    }

    /// Serialise as one section's bytes (see [`Perceptron::from_section`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ByteWriter::new();
        w.u32(self.labels.len() as u32);
        for l in &self.labels {
            w.str(l);
        }
        w.f32(self.scale);
        let mut rows: Vec<Slot> = self.slots.iter().copied().filter(|s| s.key != 0).collect();
        // In home-slot order: loading then fills the index front to back
        // (sequential memory access) instead of at random.
        let mask = capacity(rows.len()) - 1;
        rows.sort_unstable_by_key(|s| ((s.key as usize) & mask, s.key));
        w.u32(rows.len() as u32);
        for s in &rows {
            w.u64(s.key);
            w.u32(if self.inline {
                inline_row(s.start, s.len).1.count_ones()
            } else {
                s.len & !DENSE
            });
        }
        let mut packed = Vec::new();
        for s in &rows {
            packed.clear();
            self.row_packed(s.start, s.len, &mut packed);
            for &e in &packed {
                w.u32(e);
            }
        }
        w.bytes
    }

    /// Read a perceptron from section bytes written by
    /// [`Perceptron::to_bytes`]; `origin` and `section` name them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str, section: &str) -> Result<Perceptron, ModelError> {
        let mut r = ByteReader::new(bytes, origin, section);
        let n_classes = r.u32()? as usize;
        if n_classes == 0 || n_classes > u16::MAX as usize {
            return Err(r.error(format!("bad class count {n_classes}")));
        }
        let mut labels = Vec::with_capacity(n_classes);
        for _ in 0..n_classes {
            labels.push(r.str()?.to_string());
        }
        let scale = r.f32()?;
        if !scale.is_finite() {
            return Err(r.error("weight scale is not finite"));
        }
        let n = r.u32()? as usize;
        let heads = r.take(
            n.checked_mul(12)
                .ok_or_else(|| r.error("too many features"))?,
        )?;
        let mut total = 0u64;
        for h in heads.chunks_exact(12) {
            total += u32::from_le_bytes([h[8], h[9], h[10], h[11]]) as u64;
        }
        if total >= DENSE as u64 {
            return Err(r.error("too many weights"));
        }
        let body = r.take(
            (total as usize)
                .checked_mul(4)
                .ok_or_else(|| r.error("too many weights"))?,
        )?;
        let mut p = Perceptron::empty(labels, scale, n);
        if !p.inline {
            p.entries.reserve(total as usize);
        }
        let mut at = 0usize;
        let mut packed = Vec::new();
        for h in heads.chunks_exact(12) {
            let mut k = [0u8; 8];
            k.copy_from_slice(&h[..8]);
            let key = u64::from_le_bytes(k);
            let len = u32::from_le_bytes([h[8], h[9], h[10], h[11]]) as usize;
            packed.clear();
            for c in body[at * 4..(at + len) * 4].chunks_exact(4) {
                let e = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                if (e & 0xFFFF) as usize >= n_classes {
                    return Err(r.error("weight for a class out of range"));
                }
                packed.push(e);
            }
            at += len;
            if !p.add_row(key, &packed) {
                return Err(r.error("zero or duplicate feature key"));
            }
        }
        r.finish()?;
        Ok(p)
    }

    /// Read the perceptron stored in section `name` of a container.
    pub fn from_section(c: &Container<'_>, name: &str) -> Result<Perceptron, ModelError> {
        Perceptron::from_bytes(c.section(name)?, c.origin(), name)
    }

    /// A complete single-model file (kind [`PERCEPTRON_KIND`]).
    pub fn to_file_bytes(&self) -> Vec<u8> {
        let mut w = ContainerWriter::new(PERCEPTRON_KIND, PERCEPTRON_VERSION);
        w.section(PERCEPTRON_SECTION, self.to_bytes());
        w.to_bytes()
    }

    /// Write a single-model file.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_file_bytes()).map_err(|source| ModelError::Write {
            origin: path.display().to_string(),
            source,
        })
    }

    /// Read a single-model file from bytes (for `include_bytes!`); `origin`
    /// names it in errors.
    pub fn from_file_bytes(bytes: &[u8], origin: &str) -> Result<Perceptron, ModelError> {
        let c = Container::parse(bytes, origin, PERCEPTRON_KIND, PERCEPTRON_VERSION)?;
        Perceptron::from_section(&c, PERCEPTRON_SECTION)
    }

    /// Read a single-model file.
    pub fn load(path: &Path) -> Result<Perceptron, ModelError> {
        let bytes = read_file(path)?;
        Perceptron::from_file_bytes(&bytes, &path.display().to_string())
    }
}

/// Index size for `n` features: a power of two, load factor at most 0.5 so
/// probes stay short.
fn capacity(n: usize) -> usize {
    (n * 2).next_power_of_two().max(16)
}

/// Hint the CPU to load `r`'s cache line (no effect on results).
#[inline(always)]
fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: prefetching is a hint; it never faults, even on bad
        // addresses, and `r` is a valid reference anyway.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((r as *const T).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}

#[inline]
fn pack(class: u16, w: i16) -> u32 {
    class as u32 | ((w as u16 as u32) << 16)
}

/// Index of the highest score among classes for which `valid` holds; ties go
/// to the lowest index; `None` if no class is valid (or a score is NaN-only).
///
/// ```
/// use dyad_learn::argmax;
/// let s = [0.5, 2.0, 2.0, 9.0];
/// assert_eq!(argmax(&s, |_| true), Some(3));
/// assert_eq!(argmax(&s, |c| c != 3), Some(1));
/// assert_eq!(argmax(&s, |_| false), None);
/// ```
#[inline]
pub fn argmax(scores: &[f32], mut valid: impl FnMut(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (c, &s) in scores.iter().enumerate() {
        if !valid(c) {
            continue;
        }
        match best {
            Some((_, b)) if s <= b => {}
            _ => best = Some((c, s)),
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(all(test, feature = "train"))]
mod tests {
    use super::*;

    /// Models with 1 to 4 classes (inline rows up to 3): scores, the
    /// stored-weight count and the bytes survive a round trip, and explicit
    /// zero weights are kept apart from absent ones.
    #[test]
    fn small_models_round_trip() {
        for n in 1..=4usize {
            let labels: Vec<String> = (0..n).map(|c| format!("c{c}")).collect();
            let rows: Vec<(u64, Vec<(u16, i16)>)> = vec![
                (7, (0..n as u16).map(|c| (c, 10 * (c as i16 + 1))).collect()),
                (9, vec![((n - 1) as u16, -3)]),
                (11, vec![(0, 0)]),
            ];
            let p = Perceptron::from_rows(labels, 0.5, &rows);
            assert_eq!(p.inline, n <= INLINE_MAX);
            let mut s = Vec::new();
            p.scores(&[7, 9, 12345], &mut s);
            let want: Vec<f32> = (0..n)
                .map(|c| 0.5 * (10.0 * (c as f32 + 1.0) - if c == n - 1 { 3.0 } else { 0.0 }))
                .collect();
            assert_eq!(s, want, "{n} classes");
            let mut out = vec![0.0; n];
            p.add_scores(&[7, 9], &mut out);
            assert_eq!(out, want, "{n} classes, add_scores");
            assert_eq!(p.n_weights(), n + 2);
            assert!(p.knows(11) && !p.knows(12345));
            let b = p.to_bytes();
            let q = Perceptron::from_bytes(&b, "mem", "s").unwrap();
            assert_eq!(q.to_bytes(), b, "{n} classes");
        }
    }
}
