//! Quotes and attributions: who said (wrote, believed…) what.
//!
//! - [`QuoteStage`] fills [`dyad_doc::Doc::quotes`] (direct, indirect and
//!   mixed quotes with source, cue and content spans).
//! - [`eval_attribution`] scores any extractor on PolNeAR's layout.
//! - [`format_table`] prints a document's quotes for people.

#![warn(missing_docs)]

pub mod brat;
pub mod eval;
pub mod extract;
pub mod lexicon;
pub mod roles;
mod stage;
pub mod tagger;
pub mod text;
pub mod train;

pub use brat::{BratError, GoldArticle, GoldAttribution};
pub use eval::{AttributionReport, eval_articles, eval_attribution, score_article};
pub use stage::{QuoteStage, format_table};
pub use tagger::ModelError;
