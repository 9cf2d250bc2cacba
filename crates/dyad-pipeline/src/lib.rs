//! dyad's standard pipeline.
//!
//! [`standard`] builds the pipeline the `dyad` binary runs: every stage that
//! ships with dyad, in dependency order, with its model loaded from the bytes
//! embedded in the binary. [`until`] builds only the stages needed for a set
//! of layers (used by `dyad bench` to time each prefix of the pipeline).

#![warn(missing_docs)]

mod chunk;

pub use chunk::{ChunkError, ChunkOptions, ChunkStats, cut_points, run_chunked};

use dyad_doc::{Layer, LayerSet, Pipeline, PipelineError, Stage};

/// Why the pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Stages do not fit together.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// An embedded model failed to load.
    #[error("embedded model {name}: {message}")]
    Model {
        /// Model name.
        name: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// A stage that can be constructed on demand (loading its model), with
/// what it adds.
#[derive(Clone, Copy)]
pub struct Entry {
    /// Layers the stage adds.
    pub adds: LayerSet,
    /// Build the stage.
    pub make: fn() -> Result<Box<dyn Stage>, BuildError>,
}

/// The tagger model, trained by `dyad train tagger` (see `models/tagger.md`).
pub const TAGGER_MODEL: &[u8] = include_bytes!("../../../models/tagger.bin");

/// The entity recogniser model (see `models/ner.md`).
pub const NER_MODEL: &[u8] = include_bytes!("../../../models/ner.bin");

/// The dependency parser model, trained by `dyad train parser` (see `models/parser.md`).
pub const PARSER_MODEL: &[u8] = include_bytes!("../../../models/parser.bin");

fn model_error(name: &'static str, e: impl std::fmt::Display) -> BuildError {
    BuildError::Model {
        name,
        message: e.to_string(),
    }
}

fn entries() -> Vec<Entry> {
    vec![
        Entry {
            adds: LayerSet::of(&[Layer::Sentences, Layer::Tokens]),
            make: || Ok(Box::new(dyad_text::TokenizeStage::new())),
        },
        Entry {
            adds: LayerSet::of(&[Layer::Tags, Layer::Lemmas]),
            make: || {
                let stage =
                    dyad_tagger::TaggerStage::from_static(TAGGER_MODEL, "models/tagger.bin")
                        .map_err(|e| model_error("models/tagger.bin", e))?;
                Ok(Box::new(stage))
            },
        },
        Entry {
            adds: LayerSet::of(&[Layer::Heads]),
            make: || {
                let stage =
                    dyad_parser::ParserStage::from_static(PARSER_MODEL, "models/parser.bin")
                        .map_err(|e| model_error("models/parser.bin", e))?;
                Ok(Box::new(stage))
            },
        },
        Entry {
            adds: LayerSet::of(&[Layer::Entities]),
            make: || {
                let stage = dyad_ner::NerStage::from_bytes(NER_MODEL)
                    .map_err(|e| model_error("models/ner.bin", e))?;
                Ok(Box::new(stage))
            },
        },
        Entry {
            adds: LayerSet::of(&[Layer::Timexes]),
            make: || Ok(Box::new(dyad_time::TimexStage::new())),
        },
        Entry {
            adds: LayerSet::of(&[Layer::Places]),
            make: || {
                let stage = dyad_geo::PlaceStage::new().map_err(|e| model_error("gazetteer", e))?;
                Ok(Box::new(stage))
            },
        },
        Entry {
            adds: LayerSet::of(&[Layer::Actors]),
            make: || {
                let kb = dyad_kb::Kb::builtin().map_err(|e| model_error("kb/", e))?;
                Ok(Box::new(dyad_actors::ActorStage::new(std::sync::Arc::new(
                    kb,
                ))))
            },
        },
        Entry {
            adds: LayerSet::of(&[Layer::Quotes]),
            make: || {
                let stage = dyad_quotes::QuoteStage::new()
                    .map_err(|e| model_error("models/quotes.bin", e))?;
                Ok(Box::new(stage))
            },
        },
        Entry {
            adds: LayerSet::of(&[Layer::Events]),
            make: || {
                let stage =
                    dyad_events::EventStage::new().map_err(|e| model_error("lexicon/", e))?;
                Ok(Box::new(stage))
            },
        },
    ]
}

/// Layers the standard pipeline can produce.
pub fn available() -> LayerSet {
    entries()
        .iter()
        .fold(LayerSet::EMPTY, |acc, e| acc.union(e.adds))
}

/// The full standard pipeline.
pub fn standard() -> Result<Pipeline, BuildError> {
    until(available())
}

/// The constructors of the shortest prefix of the standard pipeline that
/// produces every layer in `wanted`, in order (for timing start-up).
pub fn builders(wanted: LayerSet) -> Vec<Entry> {
    let mut entries = entries();
    let last = entries
        .iter()
        .rposition(|e| wanted.iter().any(|l| e.adds.contains(l)))
        .unwrap_or(0);
    entries.truncate(last + 1);
    entries
}

/// The shortest prefix of the standard pipeline that produces every layer in
/// `wanted` (layers the pipeline cannot produce are ignored).
pub fn until(wanted: LayerSet) -> Result<Pipeline, BuildError> {
    let mut p = Pipeline::new();
    for e in builders(wanted) {
        p.push((e.make)()?)?;
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::{Doc, Meta};

    #[test]
    fn standard_pipeline_builds_and_runs() {
        let p = standard().unwrap();
        let mut doc = Doc::new("Trump spoke with Putin. Talks begin.", Meta::default());
        p.run(&mut doc).unwrap();
        assert_eq!(doc.sentences.len(), 2);
        assert!(doc.layers().is_superset(available()));
    }

    #[test]
    fn prefix_stops_early() {
        let p = until(LayerSet::of(&[Layer::Tokens])).unwrap();
        assert_eq!(p.stage_names()[0], "tokenize");
        assert!(p.provides().contains(Layer::Tokens));
    }
}
