//! dyad's standard pipeline.
//!
//! [`standard`] builds the pipeline the `dyad` binary runs: every stage that
//! ships with dyad, in dependency order, with its model loaded from the bytes
//! embedded in the binary. [`until`] builds only the stages needed for a set
//! of layers (used by `dyad bench` to time each prefix of the pipeline).

#![warn(missing_docs)]

mod chunk;
mod split;

pub use chunk::{ChunkError, ChunkOptions, ChunkStats, cut_points, run_chunked};
pub use split::{
    GATE_MARGIN, MAX_RUN, TagModelError, TagModels, TaggedTokenizeStage, paragraph_runs,
    segment_tagged, tag_paragraphs, tag_paragraphs_in,
};

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
    /// A model chosen in [`Models`] cannot be loaded or does not fit the
    /// options (the message names the file).
    #[error("{0}")]
    Chosen(String),
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

// The models are returned by functions that are never inlined, not held in
// `const`s or `static`s: rustc writes the value of every const and static
// into the crate's metadata, so each embedded model would be stored again in
// every `.rmeta` and `.rlib` (three copies of ~37 MB in a CI target
// directory).

/// The tagger model, trained by `dyad train tagger` (see `models/tagger.md`).
#[inline(never)]
pub fn tagger_model() -> &'static [u8] {
    include_bytes!("../../../models/tagger.bin")
}

/// The sentence model that reads part-of-speech tags, trained by
/// `dyad train splitter-tags` (see `crates/dyad-text/model/README.md`).
#[inline(never)]
pub fn sentence_tags_model() -> &'static [u8] {
    include_bytes!("../../../models/sentence-tags.bin")
}

/// The standard pipeline's first stage: tokenizing, and splitting with
/// `dyad-text`'s built-in model, or for texts read as layout with the
/// tag-reading model and the embedded tagger (loaded on first use).
pub fn tokenize_stage() -> TaggedTokenizeStage {
    TaggedTokenizeStage::new(|| {
        let error = |model: &'static str, e: &dyn std::fmt::Display| TagModelError {
            model,
            message: e.to_string(),
        };
        let splitter =
            dyad_text::SentenceModel::from_bytes(sentence_tags_model(), "models/sentence-tags.bin")
                .map_err(|e| error("models/sentence-tags.bin", &e))?;
        let tagger = dyad_tagger::Tagger::from_static(tagger_model(), "models/tagger.bin")
            .map_err(|e| error("models/tagger.bin", &e))?;
        Ok(TagModels { splitter, tagger })
    })
}

/// The entity recogniser model (see `models/ner.md`).
#[inline(never)]
pub fn ner_model() -> &'static [u8] {
    include_bytes!("../../../models/ner.bin")
}

/// The dependency parser model, trained by `dyad train parser` (see `models/parser.md`).
#[inline(never)]
pub fn parser_model() -> &'static [u8] {
    include_bytes!("../../../models/parser.bin")
}

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
            make: || Ok(Box::new(tokenize_stage())),
        },
        Entry {
            adds: LayerSet::of(&[Layer::Tags, Layer::Lemmas]),
            make: || {
                let stage =
                    dyad_tagger::TaggerStage::from_static(tagger_model(), "models/tagger.bin")
                        .map_err(|e| model_error("models/tagger.bin", e))?;
                Ok(Box::new(stage))
            },
        },
        Entry {
            adds: LayerSet::of(&[Layer::Heads]),
            make: || {
                let stage =
                    dyad_parser::ParserStage::from_static(parser_model(), "models/parser.bin")
                        .map_err(|e| model_error("models/parser.bin", e))?;
                Ok(Box::new(stage))
            },
        },
        Entry {
            adds: LayerSet::of(&[Layer::Entities]),
            make: || {
                let stage = dyad_ner::NerStage::from_bytes(ner_model())
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

/// Models to run instead of the embedded ones (`dyad --parser-model FILE
/// --parser-beam K`). The default changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Models {
    /// A parser model file (greedy or trained for beam search, see
    /// `models/parser.md`) instead of the embedded `models/parser.bin`.
    pub parser: Option<std::path::PathBuf>,
    /// The parser's beam width; `None` keeps the width the model was trained
    /// with (1, greedy, for the embedded model). A width above 1 needs a
    /// model trained for beam search: a greedy model's move scores are not
    /// comparable across sequences (about 6 UAS worse on EWT dev), so that
    /// combination is refused.
    pub parser_beam: Option<usize>,
}

impl Models {
    /// The parser stage these settings ask for, or `None` for the embedded
    /// model as it is.
    fn parser_stage(&self) -> Result<Option<dyad_parser::ParserStage>, BuildError> {
        if self.parser.is_none() && self.parser_beam.is_none() {
            return Ok(None);
        }
        let (stage, name) = match &self.parser {
            Some(path) => (
                dyad_parser::ParserStage::load(path)
                    .map_err(|e| BuildError::Chosen(e.to_string()))?,
                path.display().to_string(),
            ),
            None => (
                dyad_parser::ParserStage::from_static(parser_model(), "models/parser.bin")
                    .map_err(|e| model_error("models/parser.bin", e))?,
                "models/parser.bin".to_string(),
            ),
        };
        let Some(k) = self.parser_beam else {
            return Ok(Some(stage));
        };
        if k == 0 {
            return Err(BuildError::Chosen(
                "--parser-beam: a beam width must be at least 1".to_string(),
            ));
        }
        if k > 1 && stage.parser().trained_beam() == 1 {
            return Err(BuildError::Chosen(format!(
                "{name} was trained for greedy parsing; a beam of {k} needs a model \
                 trained for beam search (dyad train parser --beam K)"
            )));
        }
        Ok(Some(stage.with_beam(k)))
    }
}

/// [`until`] with other models than the embedded ones.
pub fn until_with(wanted: LayerSet, models: &Models) -> Result<Pipeline, BuildError> {
    let parser = models.parser_stage()?;
    let mut parser = parser.map(|s| Box::new(s) as Box<dyn Stage>);
    let mut p = Pipeline::new();
    for e in builders(wanted) {
        match parser.take() {
            Some(stage) if e.adds.contains(Layer::Heads) => p.push(stage)?,
            other => {
                parser = other;
                p.push((e.make)()?)?;
            }
        }
    }
    Ok(p)
}

/// [`standard`] with other models than the embedded ones.
pub fn standard_with(models: &Models) -> Result<Pipeline, BuildError> {
    until_with(available(), models)
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
