//! dyad's entity recogniser: PERSON, ORG, GPE, LOC, NORP, FAC and EVENT.
//!
//! A greedy left-to-right BILOU sequence labeller on dyad-learn's averaged
//! perceptron. Features: the word (form, and lower case with its
//! capitalisation), neighbours two either side, prefixes and suffixes, word
//! shapes (with a flag for all-caps headlines), the two previous labels and
//! their conjunctions, UPOS tags when present, a lexicon class (how often
//! the word is written in lower case in the training text) and gazetteer
//! membership (phrases of up to six tokens from dyad-kb and dyad-geo's
//! gazetteer files plus names mined from the training data, baked into the
//! model file at training time so inference needs neither crate). Decoding
//! enforces valid BILOU transitions, so every entity is a well-formed span;
//! cost is linear in the number of tokens (sentences longer than [`CHUNK`]
//! tokens are labelled in windows).
//!
//! - [`Ner`]: the model ([`Ner::from_bytes`], [`Ner::load`],
//!   [`Ner::recognise_text`], [`Ner::annotate`]).
//! - [`NerStage`]: the [`Stage`] (needs tokens and sentences; adds
//!   entities). It uses UPOS tags when an earlier stage (dyad-tagger) added
//!   them, and works without: the model is trained with tags dropped from
//!   part of the sentences. Run it after the tagger for the best accuracy.
//! - [`eval_ner`] / [`eval_ner_with`] / [`score`] / [`score_by_id`]: exact-span P/R/F1 per type
//!   ([`NerReport`], which implements `Display`); data loaders for re3d,
//!   Universal NER IOB2 and JSON lines in [`data`].
//! - `train` (cargo feature `train`): [`train::train`],
//!   [`train::build_gazetteer`].

#![warn(missing_docs)]

pub mod data;
mod eval;
mod model;
#[cfg(feature = "train")]
pub mod train;

use std::path::Path;

use dyad_doc::{Doc, Layer, LayerSet, Stage, StageError};
pub use dyad_learn::ModelError;

pub use data::{DataError, GoldDoc, load_iob2, load_jsonl, load_re3d, re3d_split};
pub use eval::{
    CLASSES, Counts, NerReport, eval_ner, eval_ner_with, score, score_by_id, score_class,
    side_by_side,
};
pub use model::{CHUNK, GazClass, MODEL_KIND, MODEL_VERSION, Ner, ORIGIN_EMBEDDED, Scratch};

/// The entity [`Stage`]: needs tokens and sentences, adds entities
/// (replacing any already there).
#[derive(Debug, Clone)]
pub struct NerStage {
    ner: Ner,
}

impl NerStage {
    /// A stage around a loaded model.
    pub fn new(ner: Ner) -> NerStage {
        NerStage { ner }
    }

    /// A stage from model bytes (for example embedded with `include_bytes!`).
    pub fn from_bytes(bytes: &[u8]) -> Result<NerStage, ModelError> {
        Ok(NerStage::new(Ner::from_bytes(bytes)?))
    }

    /// A stage from a model file.
    pub fn load(path: &Path) -> Result<NerStage, ModelError> {
        Ok(NerStage::new(Ner::load(path)?))
    }

    /// The model.
    pub fn ner(&self) -> &Ner {
        &self.ner
    }
}

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn needs(&self) -> LayerSet {
        LayerSet::of(&[Layer::Tokens, Layer::Sentences])
    }

    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Entities])
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        self.ner.annotate(doc);
        Ok(())
    }
}
