//! The dyad document model.
//!
//! A [`Doc`] owns the original text exactly as given and its annotation
//! layers (sentences, tokens with tags and heads, entities, actors, timexes,
//! places, quotes, events). Every layer points into the text with checked
//! half-open byte [`Span`]s; [`CharOffsets`] converts them to character
//! offsets once, at the output edge.
//!
//! Processing is a [`Pipeline`] of [`Stage`]s. Each stage declares the
//! [`Layer`]s it needs and the ones it adds; the pipeline checks the
//! declarations when it is built and after each stage runs.

#![warn(missing_docs)]

mod doc;
mod layer;
mod merge;
mod offsets;
mod span;
mod stage;

pub use chrono::NaiveDate;
pub use doc::{
    Actor, DateSource, Doc, Entity, EntityLabel, Event, Factuality, Meta, Note, Place, Plover,
    Quote, QuoteKind, Sentence, Timex, TimexType, Token, Upos,
};
pub use layer::{Layer, LayerSet};
pub use merge::MergeError;
pub use offsets::CharOffsets;
pub use span::{Span, SpanError};
pub use stage::{Pipeline, PipelineError, Stage, StageError};
