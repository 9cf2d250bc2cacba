//! Fast averaged-perceptron learning for dyad's statistical stages, and the
//! versioned binary model format they share.
//!
//! # Pieces
//!
//! - **Features** are `u64` keys made by stable hashing: [`feature`]
//!   (template id + string), [`feature2`] (string + another key or id),
//!   [`feature_ids`] (template id + numbers), [`combine`]. Hash a word once
//!   per sentence and build conjunctions from the hash with [`combine`] /
//!   [`feature_ids`]: no string work, no allocation per feature.
//! - **[`Perceptron`]** (inference): sparse rows of `(class, weight)` per
//!   feature behind an open-addressing index, weights quantised to `i16`.
//!   [`Perceptron::scores`] fills a caller-owned `Vec<f32>` with one score
//!   per class; [`argmax`] picks the best class among the *valid* ones.
//! - **`Trainer`** (cargo feature `train`): the averaged perceptron with
//!   lazy timestamped averaging; `Trainer::finish` returns a [`Perceptron`].
//!   Deterministic: same calls, same model bytes. Shuffle with
//!   [`XorShift64`] and a fixed seed.
//! - **The container** ([`ContainerWriter`], [`Container`]): magic bytes,
//!   container version, model kind, model version, section table, checksum.
//!   Parsing checks everything and returns a typed [`ModelError`] that names
//!   the file: truncated, foreign, another version, another kind, damaged.
//!   Models load from `&[u8]` (so they can be embedded with
//!   `include_bytes!`) in one pass.
//! - **[`KeyMap`]**: an immutable `u64 → u32` table with a stable byte
//!   format, for lookup tables inside model files (tag dictionaries,
//!   gazetteers).
//! - **Indexed sections**: [`Perceptron::to_index_bytes`] and
//!   [`KeyMap::to_index_bytes`] write the ordered hash tables that lookups
//!   read. Parse an embedded model with [`Container::parse_static`] and
//!   [`Perceptron::from_section`] / [`KeyMap::from_section`] use them in
//!   place: no copy, no index building, microseconds per table. The
//!   version-1 layouts ([`Perceptron::to_bytes`], [`KeyMap::to_bytes`]) are
//!   still written and read (indexed at load, in one sequential pass).
//!
//! # Using it for a transition-based parser
//!
//! One perceptron scores all transitions (classes = `SHIFT`, `LEFT:nsubj`,
//! `RIGHT:obj`, …). At each step, extract features from the stack/buffer
//! into a reusable `Vec<u64>`, score, take the best *valid* transition; in
//! training, update towards the best zero-cost (gold) transition:
//!
//! ```
//! # #[cfg(feature = "train")] {
//! use dyad_learn::{argmax, feature, feature_ids, FinishOptions, Perceptron, Trainer};
//!
//! let classes = vec!["SHIFT".to_string(), "LEFT".to_string(), "RIGHT".to_string()];
//! let mut t = Trainer::new(classes);
//! let mut feats: Vec<u64> = Vec::new();
//! let mut scores: Vec<f32> = Vec::new();
//! // Toy data: (stack-top word, buffer word) -> gold transition.
//! let data = [(("the", "dog"), 0usize), (("dog", "barks"), 1), (("barks", "."), 2)];
//! for _epoch in 0..5 {
//!     for ((s0, b0), gold) in data {
//!         feats.clear();
//!         let (hs, hb) = (feature(1, s0), feature(2, b0));
//!         feats.extend([hs, hb, feature_ids(3, &[hs, hb])]);
//!         let guess = t.predict(&feats, &mut scores, |_c| true).unwrap(); // mask invalid moves here
//!         t.update(&feats, gold, guess);
//!     }
//! }
//! let model: Perceptron = t.finish(&FinishOptions::default());
//! // Inference: the same features, the averaged weights.
//! feats.clear();
//! let (hs, hb) = (feature(1, "dog"), feature(2, "barks"));
//! feats.extend([hs, hb, feature_ids(3, &[hs, hb])]);
//! model.scores(&feats, &mut scores);
//! let best = argmax(&scores, |c| c != 0 /* e.g. SHIFT invalid: buffer empty */);
//! assert_eq!(model.labels()[best.unwrap()], "LEFT");
//!
//! // Save alone, or as one section of a bigger model file.
//! let bytes = model.to_file_bytes();
//! let again = Perceptron::from_file_bytes(&bytes, "parser.bin").unwrap();
//! assert_eq!(again.to_bytes(), model.to_bytes());
//! # }
//! ```
//!
//! For a dynamic oracle, compute the costs of all transitions, take `gold` =
//! the best-scoring zero-cost one, `guess` = the best-scoring valid one, call
//! `Trainer::update` and follow `guess` (or `gold`, by your exploration
//! policy). For beam search, [`Perceptron::scores`] returns real-valued
//! scores that can be summed along a beam.
//!
//! # Several models in one file
//!
//! A stage usually ships several classifiers plus tables in one file: write
//! each with [`Perceptron::to_bytes`] into a section of a [`ContainerWriter`]
//! with your own kind (`"parser"`) and model version, and read them back with
//! [`Container::parse`] + [`Perceptron::from_section`]. Bump your model version
//! whenever your features change: old files then fail with
//! [`ModelError::UnsupportedModelVersion`] instead of silently mis-scoring.

#![warn(missing_docs)]

mod format;
mod hash;
mod index;
mod keymap;
mod perceptron;
#[cfg(feature = "train")]
mod train;

pub use format::{
    ByteReader, ByteWriter, Container, ContainerWriter, FORMAT_VERSION, MAGIC, ModelError,
    read_file,
};
pub use hash::{XorShift64, combine, feature, feature_ids, feature2, hash_bytes};
pub use keymap::KeyMap;
pub use perceptron::{PERCEPTRON_KIND, PERCEPTRON_SECTION, PERCEPTRON_VERSION, Perceptron, argmax};
#[cfg(feature = "train")]
pub use train::{FinishOptions, IdBuildHasher, IdHasher, Trainer};
