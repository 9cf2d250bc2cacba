//! The inference side of the averaged perceptron: a sparse, quantised weight
//! table behind an ordered hash index (see `index.rs`) that is stored in the
//! model file and used in place.

use std::path::Path;
use std::sync::Arc;

use crate::format::{
    ByteReader, ByteWriter, Container, ContainerWriter, ModelError, read_file, u32_at, u64_at,
};
use crate::index::{Shape, Store, find_fast, find_fast_at, in_order, prefetch};

/// Model kind written by [`Perceptron::save`] for single-model files.
pub const PERCEPTRON_KIND: &str = "percept";
/// Version of the perceptron section layout written by
/// [`Perceptron::to_bytes`] (version 1; [`Perceptron::to_index_bytes`]
/// writes the indexed layout, which readers tell apart by its first bytes).
pub const PERCEPTRON_VERSION: u32 = 1;
/// Section name used by [`Perceptron::save`].
pub const PERCEPTRON_SECTION: &str = "perceptron";

/// First four bytes of a section in the indexed layout (a version-1 section
/// starts with its class count, at most 65,535).
const INDEX_MARK: u32 = u32::from_le_bytes(*b"PCX2");

/// Bytes of one index record: the feature's key (`u64`) and where its row
/// is, `start` (`u32`) and `len` (`u32`). `len` is the number of stored
/// weights; with the [`DENSE`] bit set the row is a dense run of
/// `n_classes` `i16` weights starting at weight `start` of the dense area,
/// otherwise `len` packed entries (class in the low 16 bits, `i16` weight in
/// the high 16) from entry `start`.
const REC: usize = 16;

/// Flag of dense rows in a record's `len`.
const DENSE: u32 = 1 << 31;

/// Models with at most this many classes keep each row inside its index
/// record (`inline`): class 0's and 1's `i16` weights in `start`, class 2's
/// in the low 16 bits of `len` and the set of stored classes in bits 16–18
/// of it. Scoring then needs one memory access per feature instead of two
/// (a transition classifier has 3 classes).
const INLINE_MAX: usize = 3;

/// A trained multi-class averaged perceptron, ready to score.
///
/// Each feature (a `u64` key, see [`crate::feature`]) owns a sparse row of
/// `(class, weight)` pairs; weights are stored as `i16` times one scale
/// factor. Scoring a feature set costs one hash probe per feature plus one add
/// per stored weight; unknown features cost one probe and add nothing.
///
/// The weights live in one byte image in the indexed layout: a model loaded
/// from a container parsed with [`Container::parse_static`] uses the file's
/// bytes in place (loading costs no copy and no index building); otherwise
/// the section is copied once.
///
/// A `Perceptron` is immutable and `Send + Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct Perceptron {
    labels: Vec<String>,
    scale: f32,
    /// Rows stored in the records (at most [`INLINE_MAX`] classes).
    inline: bool,
    n_features: usize,
    n_weights: usize,
    /// Shape of the index.
    shape: Shape,
    /// The section image; the index records, entries and dense weights are
    /// the byte ranges below.
    store: Store,
    slots: (usize, usize),
    entries: (usize, usize),
    dense: (usize, usize),
    /// Whether [`Perceptron::scores`] uses the AVX2 lookups and row
    /// additions (see [`avx2`]; same sums as the portable code).
    simd: bool,
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

/// Header fields of the indexed layout after the labels and scale.
const N_COUNTS: usize = 8;

/// Smallest `bits` of the index shape (the version-1 index had at least 16
/// slots).
const MIN_BITS: u32 = 4;

/// Load factor of the index (numerator, denominator).
const LOAD: (usize, usize) = (2, 3);

impl Perceptron {
    /// Build from averaged rows `(key, [(class, weight)])`; used by the
    /// trainer. Keys must be distinct and nonzero.
    #[cfg(feature = "train")]
    pub(crate) fn from_rows(
        labels: Vec<String>,
        scale: f32,
        rows: &[(u64, Vec<(u16, i16)>)],
    ) -> Perceptron {
        let mut heads = Vec::with_capacity(rows.len());
        let mut packed = Vec::new();
        for (key, row) in rows {
            heads.push((*key, packed.len(), 4 * row.len()));
            for &(c, w) in row {
                packed.extend_from_slice(&pack(c, w).to_le_bytes());
            }
        }
        let shape = Shape::with_load(heads.len(), MIN_BITS, LOAD.0, LOAD.1);
        heads.sort_unstable_by_key(|h| shape.order(h.0));
        assert!(
            in_order(heads.iter().map(|h| h.0), shape),
            "distinct nonzero feature keys"
        );
        let rows = || heads.iter().map(|&(k, at, len)| (k, &packed[at..at + len]));
        Perceptron::build(labels, scale, shape, rows)
    }

    /// Build the indexed image from rows `(key, packed entries)` (entries
    /// little-endian `u32`, sorted by class, classes in range), given twice
    /// by `rows()` in the table order of `shape` with distinct nonzero keys.
    fn build<'r, I: Iterator<Item = (u64, &'r [u8])>>(
        labels: Vec<String>,
        scale: f32,
        shape: Shape,
        rows: impl Fn() -> I,
    ) -> Perceptron {
        let n = labels.len();
        let inline = n <= INLINE_MAX;
        let is_dense = |len: usize| !inline && len * 4 >= n && n >= 8;
        // Counts first (the header precedes the records).
        let (mut n_features, mut n_entries, mut n_dense, mut n_weights) = (0, 0, 0, 0);
        let mut next = 0usize;
        for (key, row) in rows() {
            let len = row.len() / 4;
            n_features += 1;
            n_weights += len;
            if is_dense(len) {
                n_dense += n;
            } else if !inline {
                n_entries += len;
            }
            next = shape.home(key).max(next) + 1;
        }
        let n_slots = next.max(shape.cap);
        let mut w = ByteWriter::new();
        w.u32(INDEX_MARK);
        w.u32(n as u32);
        for l in &labels {
            w.str(l);
        }
        w.f32(scale);
        for v in [
            u32::from(inline),
            n_features as u32,
            n_weights as u32,
            shape.cap as u32,
            shape.bits,
            n_slots as u32,
            n_entries as u32,
            n_dense as u32,
        ] {
            w.u32(v);
        }
        let slots_at = w.bytes.len().next_multiple_of(8);
        let entries_at = slots_at + n_slots * REC;
        let dense_at = entries_at + 4 * n_entries;
        let mut img = w.bytes;
        img.resize(dense_at + 2 * n_dense, 0);
        let (mut next_entry, mut next_dense, mut next) = (0usize, 0usize, 0usize);
        for (key, row) in rows() {
            let len = row.len() / 4;
            let entries = row.chunks_exact(4).map(|b| u32_at(b, 0));
            let (start, rlen) = if inline {
                let (mut start, mut rlen) = (0u32, 0u32);
                for e in entries {
                    let (c, w) = (e & 0xFFFF, e >> 16);
                    match c {
                        0 => start |= w,
                        1 => start |= w << 16,
                        _ => rlen |= w,
                    }
                    rlen |= 1 << (16 + c);
                }
                (start, rlen)
            } else if is_dense(len) {
                // Dense when at least a quarter of the classes have a
                // weight: at most twice the bytes, and far fewer
                // instructions to add.
                let start = next_dense;
                next_dense += n;
                for e in entries {
                    let at = dense_at + 2 * (start + (e & 0xFFFF) as usize);
                    img[at..at + 2].copy_from_slice(&((e >> 16) as u16).to_le_bytes());
                }
                (start as u32, len as u32 | DENSE)
            } else {
                let start = next_entry;
                next_entry += len;
                let at = entries_at + 4 * start;
                img[at..at + row.len()].copy_from_slice(row);
                (start as u32, len as u32)
            };
            let p = shape.home(key).max(next);
            next = p + 1;
            let r = &mut img[slots_at + p * REC..slots_at + (p + 1) * REC];
            r[..8].copy_from_slice(&key.to_le_bytes());
            r[8..12].copy_from_slice(&start.to_le_bytes());
            r[12..16].copy_from_slice(&rlen.to_le_bytes());
        }
        let p = Perceptron::from_image(Store::Owned(Arc::new(img)), "<memory>", "<memory>")
            .expect("a built image reads back");
        debug_assert_eq!(p.slots.0, slots_at);
        p
    }

    /// Read the header of an image in the indexed layout.
    fn from_image(store: Store, origin: &str, section: &str) -> Result<Perceptron, ModelError> {
        let bytes = store.bytes();
        let mut r = ByteReader::new(bytes, origin, section);
        if r.u32()? != INDEX_MARK {
            return Err(r.error("not an indexed perceptron section"));
        }
        let (labels, scale) = read_labels(&mut r)?;
        let n_classes = labels.len();
        let mut c = [0usize; N_COUNTS];
        for v in &mut c {
            *v = r.u32()? as usize;
        }
        let [
            inline,
            n_features,
            n_weights,
            cap,
            bits,
            n_slots,
            n_entries,
            n_dense,
        ] = c;
        if (inline != 0) != (n_classes <= INLINE_MAX) || inline > 1 {
            return Err(r.error("inline flag does not match the class count"));
        }
        let shape = Shape::checked(cap, bits as u32);
        if shape.is_none() || cap > n_slots || n_features > n_slots {
            return Err(r.error(format!(
                "index of {n_slots} records with {cap} homes cannot hold {n_features} features"
            )));
        }
        let slots_at = (bytes.len() - r.remaining()).next_multiple_of(8);
        let end = [(n_slots, REC), (n_entries, 4), (n_dense, 2)]
            .iter()
            .try_fold(slots_at, |at, &(n, size)| {
                n.checked_mul(size).and_then(|b| b.checked_add(at))
            });
        if end != Some(bytes.len()) {
            return Err(r.error(format!(
                "section has {} bytes, its header says {}",
                bytes.len(),
                end.map_or("more".to_string(), |e| e.to_string())
            )));
        }
        let entries_at = slots_at + n_slots * REC;
        let dense_at = entries_at + n_entries * 4;
        Ok(Perceptron {
            labels,
            scale,
            inline: inline != 0,
            n_features,
            n_weights,
            shape: shape.expect("checked above"),
            slots: (slots_at, entries_at),
            entries: (entries_at, dense_at),
            dense: (dense_at, bytes.len()),
            #[cfg(target_arch = "x86_64")]
            simd: avx2(),
            #[cfg(not(target_arch = "x86_64"))]
            simd: false,
            store,
        })
    }

    #[inline(always)]
    fn area(&self, (a, b): (usize, usize)) -> &[u8] {
        &self.store.bytes()[a..b]
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
            let at = start as usize * 2;
            if let Some(row) = self.area(self.dense).get(at..at + 2 * n) {
                out.extend(
                    row.chunks_exact(2)
                        .map(|b| i16::from_le_bytes([b[0], b[1]]))
                        .enumerate()
                        .filter(|&(_, w)| w != 0)
                        .map(|(c, w)| pack(c as u16, w)),
                );
            }
        } else {
            let at = start as usize * 4;
            if let Some(row) = self.area(self.entries).get(at..at + 4 * len as usize) {
                out.extend(row.chunks_exact(4).map(|b| u32_at(b, 0)));
            }
        }
    }

    /// The index records of all features, in key order: `(key, start, len)`.
    fn records(&self) -> impl Iterator<Item = (u64, u32, u32)> + '_ {
        self.area(self.slots)
            .chunks_exact(REC)
            .map(|r| (u64_at(r, 0), u32_at(r, 8), u32_at(r, 12)))
            .filter(|r| r.0 != 0)
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
        self.find(self.area(self.slots), key).1 != 0
    }

    /// Score every class for the feature set `feats`: `out` is resized to
    /// [`Perceptron::n_classes`] and overwritten with the summed weights.
    /// Reuse `out` across calls to avoid allocation.
    #[inline]
    pub fn scores(&self, feats: &[u64], out: &mut Vec<f32>) {
        #[cfg(target_arch = "x86_64")]
        if self.simd {
            // SAFETY: `simd` is set only when the CPU has AVX2.
            unsafe { self.scores_avx2(feats, out) };
            return;
        }
        self.scores_with::<false>(feats, out);
    }

    /// [`Perceptron::scores`] compiled for AVX2 (same sums).
    ///
    /// # Safety
    ///
    /// The CPU must have AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn scores_avx2(&self, feats: &[u64], out: &mut Vec<f32>) {
        self.scores_with::<true>(feats, out);
    }

    /// [`Perceptron::scores`]; `SIMD`: with the AVX2 lookups and dense
    /// rows (only inside [`Perceptron::scores_avx2`]).
    #[inline(always)]
    fn scores_with<const SIMD: bool>(&self, feats: &[u64], out: &mut Vec<f32>) {
        let n = self.labels.len();
        out.clear();
        if n <= 256 {
            // Integer accumulation on the stack: no int-to-float conversion
            // per weight; out-of-range classes are skipped.
            if self.inline {
                // Rows live in the records: probe, then add.
                let mut sum = [0i32; INLINE_MAX];
                self.walk_inline::<SIMD>(feats, |start, len| {
                    let (w, _) = inline_row(start, len);
                    for (s, w) in sum.iter_mut().zip(w) {
                        *s += w;
                    }
                });
                out.extend(sum[..n].iter().map(|&a| a as f32 * self.scale));
                return;
            }
            // (A smaller array when it suffices: zeroing is per call.)
            if n <= 64 {
                self.scores_int::<64, SIMD>(feats, out);
            } else {
                self.scores_int::<256, SIMD>(feats, out);
            }
        } else {
            out.resize(n, 0.0);
            self.accumulate(feats, out, self.scale);
        }
    }

    /// [`Perceptron::scores`] of a model with at most `N` classes and rows
    /// outside the records, summed in integers.
    #[inline(always)]
    fn scores_int<const N: usize, const SIMD: bool>(&self, feats: &[u64], out: &mut Vec<f32>) {
        let n = self.labels.len();
        let mut acc_wide = [0i32; N];
        // Dense rows may be added 8 weights at a time: classes from `n` to
        // the next multiple of 8 (at most `N`) then get the first weights
        // of whatever follows the row, and are ignored.
        #[cfg(target_arch = "x86_64")]
        let wide = n.next_multiple_of(8);
        let (entries, dense) = (self.area(self.entries), self.area(self.dense));
        self.walk::<SIMD>(feats, |start, len| {
            if len & DENSE != 0 {
                let at = start as usize * 2;
                #[cfg(target_arch = "x86_64")]
                if SIMD && let Some(row) = dense.get(at..at + 2 * wide) {
                    // SAFETY: `SIMD` is true only inside `scores_avx2`,
                    // for a CPU with AVX2; `row` holds `wide` weights.
                    unsafe { add_dense_avx2(&mut acc_wide[..wide], row) };
                    return;
                }
                if let Some(row) = dense.get(at..at + 2 * n) {
                    for (a, w) in acc_wide[..n].iter_mut().zip(row.chunks_exact(2)) {
                        *a += i16::from_le_bytes([w[0], w[1]]) as i32;
                    }
                }
                return;
            }
            let at = start as usize * 4;
            if let Some(row) = entries.get(at..at + 4 * len as usize) {
                for e in row.chunks_exact(4) {
                    let e = u32_at(e, 0);
                    if let Some(a) = acc_wide[..n].get_mut((e & 0xFFFF) as usize) {
                        *a += (e >> 16) as u16 as i16 as i32;
                    }
                }
            }
        });
        out.extend(acc_wide[..n].iter().map(|&a| a as f32 * self.scale));
    }

    /// Add the scores of `feats` to `out` (which must hold
    /// [`Perceptron::n_classes`] values), for callers that combine feature
    /// sets or keep their own buffers.
    #[inline]
    pub fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        self.accumulate(feats, out, self.scale);
    }

    /// Add `factor ×` the stored (quantised) weights of `feats` to `out`.
    #[inline]
    fn accumulate(&self, feats: &[u64], out: &mut [f32], factor: f32) {
        let n = self.labels.len();
        if self.inline {
            self.walk_inline::<false>(feats, |start, len| {
                let (w, _) = inline_row(start, len);
                for (o, w) in out.iter_mut().zip(w) {
                    *o += w as f32 * factor;
                }
            });
            return;
        }
        let (entries, dense) = (self.area(self.entries), self.area(self.dense));
        self.walk::<false>(feats, |start, len| {
            if len & DENSE != 0 {
                let at = start as usize * 2;
                if let Some(row) = dense.get(at..at + 2 * n) {
                    for (o, w) in out.iter_mut().zip(row.chunks_exact(2)) {
                        *o += i16::from_le_bytes([w[0], w[1]]) as f32 * factor;
                    }
                }
                return;
            }
            let at = start as usize * 4;
            if let Some(row) = entries.get(at..at + 4 * len as usize) {
                for e in row.chunks_exact(4) {
                    let e = u32_at(e, 0);
                    if let Some(o) = out.get_mut((e & 0xFFFF) as usize) {
                        *o += ((e >> 16) as u16 as i16) as f32 * factor;
                    }
                }
            }
        });
    }

    /// Call `row(start, len)` (see [`REC`]) for the row of every known
    /// feature in `feats`.
    ///
    /// Memory latency dominates scoring, so the work is done in three passes
    /// over chunks of features: prefetch the home records, probe them (the
    /// probes are independent, so they overlap) and prefetch the rows, then
    /// add the rows.
    #[inline(always)]
    fn walk<const SIMD: bool>(&self, feats: &[u64], mut row: impl FnMut(u32, u32)) {
        const CHUNK: usize = 48;
        let slots = self.area(self.slots);
        let (entries, dense) = (self.area(self.entries), self.area(self.dense));
        let mut rows = [(0u32, 0u32); CHUNK];
        let mut homes = [0u32; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            self.prefetch_homes(slots, chunk, &mut homes);
            for (j, &f) in chunk.iter().enumerate() {
                let r = self.find_at::<SIMD>(slots, homes[j], f);
                if r.1 & DENSE != 0 {
                    prefetch(dense, r.0 as usize * 2);
                } else if r.1 > 0 {
                    prefetch(entries, r.0 as usize * 4);
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

    /// Call `row(start, len)` with the record of every known feature in
    /// `feats`, for inline rows (prefetch the records of a chunk, then
    /// probe).
    #[inline(always)]
    fn walk_inline<const SIMD: bool>(&self, feats: &[u64], mut row: impl FnMut(u32, u32)) {
        const CHUNK: usize = 48;
        let slots = self.area(self.slots);
        let mut homes = [0u32; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            self.prefetch_homes(slots, chunk, &mut homes);
            for (j, &f) in chunk.iter().enumerate() {
                let (start, len) = self.find_at::<SIMD>(slots, homes[j], f);
                if len != 0 {
                    row(start, len);
                }
            }
        }
    }

    /// Prefetch the home records of `keys` (at most `homes.len()`) and
    /// keep their record numbers in `homes` (below `cap`, which is below
    /// `2^32`).
    #[inline(always)]
    fn prefetch_homes(&self, slots: &[u8], keys: &[u64], homes: &mut [u32]) {
        for (h, &f) in homes.iter_mut().zip(keys) {
            // The scan from the home record often runs into the next
            // cache line: fetch both.
            let home = self.shape.home(f);
            prefetch(slots, home * REC);
            prefetch(slots, (home + 3) * REC);
            *h = home as u32;
        }
    }

    /// [`Perceptron::find`] given the key's home record.
    #[inline(always)]
    fn find_at<const SIMD: bool>(&self, slots: &[u8], home: u32, key: u64) -> (u32, u32) {
        #[cfg(target_arch = "x86_64")]
        if SIMD {
            // SAFETY: `SIMD` is true only inside `scores_avx2`, for a CPU
            // with AVX2.
            return unsafe { find_avx2(slots, self.shape, home as usize, key) };
        }
        find_fast_at::<REC>(slots, self.shape, home as usize * REC, key)
            .map_or((0, 0), |r| (u32_at(r, 0), u32_at(r, 4)))
    }

    /// `(start, len)` of the row of `key` (len 0 when unknown).
    #[inline(always)]
    fn find(&self, slots: &[u8], key: u64) -> (u32, u32) {
        find_fast::<REC>(slots, self.shape, key).map_or((0, 0), |r| (u32_at(r, 0), u32_at(r, 4)))
    }

    /// The best class for `feats` (ties go to the lowest class id).
    pub fn predict(&self, feats: &[u64], scratch: &mut Vec<f32>) -> usize {
        self.scores(feats, scratch);
        argmax(scratch, |_| true).unwrap_or(0)
    }

    /// Serialise as one section's bytes in the version-1 layout (sorted
    /// rows, indexed at load; see [`Perceptron::from_section`]). Prefer
    /// [`Perceptron::to_index_bytes`], which loads without building.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ByteWriter::new();
        w.u32(self.labels.len() as u32);
        for l in &self.labels {
            w.str(l);
        }
        w.f32(self.scale);
        let mut rows: Vec<(u64, u32, u32)> = self.records().collect();
        // In the home-slot order of the version-1 index.
        let mask = v1_capacity(rows.len()) - 1;
        rows.sort_unstable_by_key(|s| ((s.0 as usize) & mask, s.0));
        w.u32(rows.len() as u32);
        for &(key, start, len) in &rows {
            w.u64(key);
            w.u32(if self.inline {
                inline_row(start, len).1.count_ones()
            } else {
                len & !DENSE
            });
        }
        let mut packed = Vec::new();
        for &(_, start, len) in &rows {
            packed.clear();
            self.row_packed(start, len, &mut packed);
            for &e in &packed {
                w.u32(e);
            }
        }
        w.bytes
    }

    /// Serialise as one section's bytes in the indexed layout: the index
    /// and weights exactly as scoring reads them, so a model embedded with
    /// `include_bytes!` and read through [`Container::parse_static`] is used
    /// in place. The bytes depend only on the model's content.
    pub fn to_index_bytes(&self) -> Vec<u8> {
        self.store.bytes().to_vec()
    }

    /// Read a perceptron from section bytes written by
    /// [`Perceptron::to_bytes`] or [`Perceptron::to_index_bytes`] (the
    /// latter are copied once); `origin` and `section` name them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str, section: &str) -> Result<Perceptron, ModelError> {
        if bytes.len() >= 4 && u32_at(bytes, 0) == INDEX_MARK {
            return Perceptron::from_image(Store::Owned(Arc::new(bytes.to_vec())), origin, section);
        }
        Perceptron::from_v1_bytes(bytes, origin, section)
    }

    /// [`Perceptron::from_bytes`] for bytes that live for the whole program:
    /// the indexed layout is used in place, without a copy.
    pub fn from_static_bytes(
        bytes: &'static [u8],
        origin: &str,
        section: &str,
    ) -> Result<Perceptron, ModelError> {
        if bytes.len() >= 4 && u32_at(bytes, 0) == INDEX_MARK {
            return Perceptron::from_image(Store::Static(bytes), origin, section);
        }
        Perceptron::from_v1_bytes(bytes, origin, section)
    }

    fn from_v1_bytes(bytes: &[u8], origin: &str, section: &str) -> Result<Perceptron, ModelError> {
        let mut r = ByteReader::new(bytes, origin, section);
        let (labels, scale) = read_labels(&mut r)?;
        let n_classes = labels.len();
        let n = r.u32()? as usize;
        let heads = r.take(
            n.checked_mul(12)
                .ok_or_else(|| r.error("too many features"))?,
        )?;
        let mut total = 0u64;
        for h in heads.chunks_exact(12) {
            total += u32_at(h, 8) as u64;
        }
        if total >= DENSE as u64 {
            return Err(r.error("too many weights"));
        }
        let body = r.take(
            (total as usize)
                .checked_mul(4)
                .ok_or_else(|| r.error("too many weights"))?,
        )?;
        r.finish()?;
        if body
            .chunks_exact(4)
            .any(|e| (u32_at(e, 0) & 0xFFFF) as usize >= n_classes)
        {
            return Err(r.error("weight for a class out of range"));
        }
        let rows = || {
            let mut at = 0usize;
            heads.chunks_exact(12).map(move |h| {
                let len = 4 * u32_at(h, 8) as usize;
                at += len;
                (u64_at(h, 0), &body[at - len..at])
            })
        };
        let shape = Shape::with_load(n, MIN_BITS, LOAD.0, LOAD.1);
        // Version-1 rows come in table order already.
        if in_order(rows().map(|r| r.0), shape) {
            return Ok(Perceptron::build(labels, scale, shape, rows));
        }
        let mut sorted: Vec<(u64, &[u8])> = rows().collect();
        sorted.sort_unstable_by_key(|r| shape.order(r.0));
        if !in_order(sorted.iter().map(|r| r.0), shape) {
            return Err(r.error("zero or duplicate feature key"));
        }
        Ok(Perceptron::build(labels, scale, shape, || {
            sorted.iter().copied()
        }))
    }

    /// Read the perceptron stored in section `name` of a container (in
    /// place when the container was parsed with
    /// [`Container::parse_static`] and the section is in the indexed
    /// layout).
    pub fn from_section(c: &Container<'_>, name: &str) -> Result<Perceptron, ModelError> {
        match c.static_section(name) {
            Some(b) => Perceptron::from_static_bytes(b, c.origin(), name),
            None => Perceptron::from_bytes(c.section(name)?, c.origin(), name),
        }
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

/// The class names and weight scale at the start of both section layouts.
fn read_labels(r: &mut ByteReader<'_>) -> Result<(Vec<String>, f32), ModelError> {
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
    Ok((labels, scale))
}

/// Index size of the version-1 layout for `n` features (its rows are
/// written in home-slot order of that index).
fn v1_capacity(n: usize) -> usize {
    (n * 2).next_power_of_two().max(16)
}

#[inline]
fn pack(class: u16, w: i16) -> u32 {
    class as u32 | ((w as u16 as u32) << 16)
}

/// Whether AVX2 may be used: the CPU has it and the environment variable `DYAD_NO_SIMD` is not set (to compare with the
/// portable code, which gives the same sums).
#[cfg(target_arch = "x86_64")]
fn avx2() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("DYAD_NO_SIMD").is_none() && std::arch::is_x86_feature_detected!("avx2")
    })
}

/// [`find_fast_at`] for the 16-byte records of a perceptron with AVX2:
/// the four records from the home record are two 32-byte loads, and their
/// keys (the even 64-bit lanes) are compared with `key` at once. Returns
/// the record's `(start, len)` ((0, 0) when unknown).
///
/// # Safety
///
/// The CPU must have AVX2, and the caller must be compiled for it
/// (so that the intrinsics are inlined).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn find_avx2(slots: &[u8], shape: Shape, home: usize, key: u64) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm256_castsi256_pd, _mm256_cmpeq_epi64, _mm256_loadu_si256, _mm256_movemask_pd,
        _mm256_set1_epi64x,
    };
    let at = home * REC;
    let Some(win) = slots.get(at..at + 4 * REC).filter(|_| key != 0) else {
        return find_fast_at::<REC>(slots, shape, at, key)
            .map_or((0, 0), |r| (u32_at(r, 0), u32_at(r, 4)));
    };
    // Bit 2j: record j holds the key (odd bits compare the payloads).
    // SAFETY: `win` holds the 64 bytes loaded; AVX2.
    let hit = unsafe {
        let k = _mm256_set1_epi64x(key as i64);
        let eq = |at: usize| {
            let v = _mm256_loadu_si256(win[at..at + 32].as_ptr().cast());
            _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpeq_epi64(v, k))) as u32
        };
        (eq(0) | eq(32) << 4) & 0x55
    };
    if hit != 0 {
        let r = &win[hit.trailing_zeros() as usize * 8 + 8..];
        return (u32_at(r, 0), u32_at(r, 4));
    }
    // As `find_fast_at`: scan on when the fourth record holds a key with
    // the same or smaller low bits.
    let k3 = u64_at(win, 3 * REC);
    if k3 == 0 || k3 & shape.mask > key & shape.mask {
        return (0, 0);
    }
    find_fast_at::<REC>(slots, shape, at + 4 * REC, key)
        .map_or((0, 0), |r| (u32_at(r, 0), u32_at(r, 4)))
}

/// Add a dense row of little-endian `i16` weights (`2 * acc.len()` bytes;
/// `acc.len()` a multiple of 8) to `acc`, eight at a time.
///
/// # Safety
///
/// The CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_dense_avx2(acc: &mut [i32], row: &[u8]) {
    use std::arch::x86_64::{
        _mm_loadu_si128, _mm256_add_epi32, _mm256_cvtepi16_epi32, _mm256_loadu_si256,
        _mm256_storeu_si256,
    };
    for (a, w) in acc.chunks_exact_mut(8).zip(row.chunks_exact(16)) {
        // SAFETY: `w` holds 16 bytes (8 weights) and `a` 8 `i32`.
        unsafe {
            let w = _mm256_cvtepi16_epi32(_mm_loadu_si128(w.as_ptr().cast()));
            let s = _mm256_add_epi32(_mm256_loadu_si256(a.as_ptr().cast()), w);
            _mm256_storeu_si256(a.as_mut_ptr().cast(), s);
        }
    }
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
            // The indexed layout: same scores, same bytes both ways, read
            // in place from static bytes.
            let x = p.to_index_bytes();
            assert_eq!(q.to_index_bytes(), x, "{n} classes");
            let leaked: &'static [u8] = Box::leak(x.clone().into_boxed_slice());
            for r in [
                Perceptron::from_bytes(&x, "mem", "s").unwrap(),
                Perceptron::from_static_bytes(leaked, "mem", "s").unwrap(),
            ] {
                let mut s2 = Vec::new();
                r.scores(&[7, 9, 12345], &mut s2);
                assert_eq!(s2, want, "{n} classes, indexed");
                assert_eq!(r.to_bytes(), b);
                assert_eq!(r.n_weights(), n + 2);
                assert_eq!(r.n_features(), 3);
            }
            // Damaged indexed sections give errors, never panics.
            for cut in [0, 3, 8, x.len() / 2, x.len() - 1] {
                assert!(Perceptron::from_bytes(&x[..cut], "mem", "s").is_err());
            }
        }
    }

    /// The AVX2 scoring (when the CPU has it) gives exactly the sums of
    /// the portable code: inline (3 classes), sparse and dense rows (up to
    /// 64 and 256 classes, class counts not multiples of 16), crowded
    /// homes whose keys lie beyond the four-record window, absent keys and
    /// key 0, feature sets longer than a chunk.
    #[test]
    fn avx2_scores_match_portable() {
        let mut r = crate::XorShift64::new(11);
        for n in [2usize, 3, 29, 50, 64, 102, 200] {
            let labels: Vec<String> = (0..n).map(|c| format!("c{c}")).collect();
            let mut keys: Vec<u64> = (0..3000).map(|_| r.next_u64() | 1).collect();
            // Keys sharing low bits crowd one home record.
            keys.extend((1..40u64).map(|i| (i << 40) | 0x5a5));
            keys.sort_unstable();
            keys.dedup();
            let rows: Vec<(u64, Vec<(u16, i16)>)> = keys
                .iter()
                .map(|&k| {
                    let len = if r.below(3) == 0 { n } else { 1 + r.below(4) };
                    let mut cs: Vec<u16> = (0..len).map(|_| r.below(n) as u16).collect();
                    cs.sort_unstable();
                    cs.dedup();
                    let row = cs
                        .into_iter()
                        .map(|c| (c, r.below(60_000) as i16 - 30_000))
                        .collect();
                    (k, row)
                })
                .collect();
            let p = Perceptron::from_rows(labels, 0.25, &rows);
            for round in 0..50 {
                let len = [0, 1, 7, 38, 108, 300][round % 6];
                let feats: Vec<u64> = (0..len)
                    .map(|_| match r.below(4) {
                        0 => r.next_u64(),
                        1 if round % 5 == 0 => 0,
                        _ => keys[r.below(keys.len())],
                    })
                    .collect();
                let mut want = Vec::new();
                p.scores_with::<false>(&feats, &mut want);
                let mut got = Vec::new();
                p.scores(&feats, &mut got);
                assert_eq!(got, want, "{n} classes, {len} features");
                #[cfg(target_arch = "x86_64")]
                if avx2() {
                    let mut simd = Vec::new();
                    // SAFETY: checked just above.
                    unsafe { p.scores_avx2(&feats, &mut simd) };
                    assert_eq!(simd, want, "{n} classes, {len} features");
                }
            }
        }
    }
}
