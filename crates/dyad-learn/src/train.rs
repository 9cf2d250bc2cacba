//! Training: the averaged perceptron with lazy (timestamped) averaging.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::perceptron::Perceptron;

/// Hasher for keys that are already good hashes (feature keys): a `u64` key
/// is its own hash.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A `HashMap`/`HashSet` hasher builder for feature keys ([`IdHasher`]).
pub type IdBuildHasher = BuildHasherDefault<IdHasher>;

type IdMap = HashMap<u64, u32, IdBuildHasher>;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u32,
    w: f32,
    ts: u64,
    total: f64,
}

/// Options for [`Trainer::finish`].
#[derive(Debug, Clone, Copy)]
pub struct FinishOptions {
    /// Drop averaged weights whose absolute value is below this (0 keeps
    /// everything that survives quantisation). Pruning small weights is the
    /// main lever on model size.
    pub min_weight: f32,
}

impl Default for FinishOptions {
    fn default() -> FinishOptions {
        FinishOptions { min_weight: 0.0 }
    }
}

/// A multi-class averaged perceptron being trained.
///
/// Call [`Trainer::update`] once for **every** training instance (also the
/// ones predicted correctly: the instance count is the averaging clock), then
/// [`Trainer::finish`] to get the averaged, quantised [`Perceptron`].
///
/// Training is deterministic: the result depends only on the sequence of
/// calls, never on hash-map iteration order.
#[derive(Debug, Clone)]
pub struct Trainer {
    labels: Vec<String>,
    index: IdMap,
    keys: Vec<u64>,
    rows: Vec<Vec<Entry>>,
    clock: u64,
}

impl Trainer {
    /// A trainer for the given class names (at most 65,535).
    pub fn new(labels: Vec<String>) -> Trainer {
        assert!(
            !labels.is_empty() && labels.len() <= u16::MAX as usize,
            "a perceptron needs 1..=65535 classes, got {}",
            labels.len()
        );
        Trainer {
            labels,
            index: IdMap::default(),
            keys: Vec::new(),
            rows: Vec::new(),
            clock: 0,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.labels.len()
    }

    /// Class names.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Number of features seen in updates so far.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Instances counted so far.
    pub fn instances(&self) -> u64 {
        self.clock
    }

    /// Score every class with the **current** (not averaged) weights; `out`
    /// is resized to [`Trainer::n_classes`] and overwritten.
    pub fn scores(&self, feats: &[u64], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.labels.len(), 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    out[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Best class under the current weights among the valid ones (ties to
    /// the lowest id).
    pub fn predict(
        &self,
        feats: &[u64],
        scratch: &mut Vec<f32>,
        valid: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        self.scores(feats, scratch);
        crate::argmax(scratch, valid)
    }

    /// The standard perceptron step for one instance: advance the clock and,
    /// if `guess != gold`, add 1 to `gold`'s weight and subtract 1 from
    /// `guess`'s weight for every feature.
    pub fn update(&mut self, feats: &[u64], gold: usize, guess: usize) {
        self.tick();
        if gold != guess {
            self.add(feats, gold, 1.0);
            self.add(feats, guess, -1.0);
        }
    }

    /// Advance the averaging clock by one instance (done by
    /// [`Trainer::update`]; call it yourself only with [`Trainer::add`]).
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Add `delta` to the weight of `class` for every feature in `feats`
    /// (low-level; [`Trainer::update`] is the usual entry point).
    pub fn add(&mut self, feats: &[u64], class: usize, delta: f32) {
        assert!(class < self.labels.len(), "class {class} out of range");
        let now = self.clock;
        for &f in feats {
            let r = match self.index.get(&f) {
                Some(&r) => r as usize,
                None => {
                    let r = self.rows.len();
                    self.index.insert(f, r as u32);
                    self.keys.push(f);
                    self.rows.push(Vec::new());
                    r
                }
            };
            let row = &mut self.rows[r];
            let e = match row.iter_mut().find(|e| e.class == class as u32) {
                Some(e) => e,
                None => {
                    row.push(Entry {
                        class: class as u32,
                        w: 0.0,
                        ts: now,
                        total: 0.0,
                    });
                    row.last_mut().expect("just pushed")
                }
            };
            e.total += (now - e.ts) as f64 * e.w as f64;
            e.ts = now;
            e.w += delta;
        }
    }

    /// The averaged, pruned and quantised model. The trainer is left intact
    /// (call it after each epoch to evaluate on dev).
    pub fn finish(&self, opts: &FinishOptions) -> Perceptron {
        let now = self.clock.max(1);
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_unstable_by_key(|&i| self.keys[i]);
        let mut avg: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(order.len());
        let mut max_abs = 0f32;
        for i in order {
            let mut row: Vec<(u16, f32)> = self.rows[i]
                .iter()
                .map(|e| {
                    let total = e.total + (now - e.ts) as f64 * e.w as f64;
                    (e.class as u16, (total / now as f64) as f32)
                })
                .filter(|&(_, w)| w != 0.0 && w.abs() >= opts.min_weight)
                .collect();
            if row.is_empty() {
                continue;
            }
            row.sort_unstable_by_key(|&(c, _)| c);
            for &(_, w) in &row {
                max_abs = max_abs.max(w.abs());
            }
            avg.push((self.keys[i], row));
        }
        let scale = if max_abs > 0.0 {
            max_abs / 32767.0
        } else {
            1.0
        };
        let rows: Vec<(u64, Vec<(u16, i16)>)> = avg
            .into_iter()
            .filter_map(|(k, row)| {
                let q: Vec<(u16, i16)> = row
                    .into_iter()
                    .map(|(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|&(_, q)| q != 0)
                    .collect();
                (!q.is_empty()).then_some((k, q))
            })
            .collect();
        Perceptron::from_rows(self.labels.clone(), scale, &rows)
    }
}
