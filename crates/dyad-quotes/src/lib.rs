//! Quotes and attributions: who said (wrote, believed…) what.
//!
//! - [`QuoteStage`] fills [`dyad_doc::Doc::quotes`] (direct, indirect and
//!   mixed quotes with source, cue and content spans; `speaker` is left
//!   `None` for the actor linker). It needs no earlier layer: it keeps its
//!   own tokens, sentences and quote-mark pairing, so its learned model
//!   always sees what it was trained on.
//! - [`eval_attribution`] scores any extractor on PolNeAR's layout.
//! - [`format_table`] prints a document's quotes for people.
//!
//! ```no_run
//! use dyad_quotes::{QuoteStage, eval_attribution};
//! let stage = QuoteStage::new().expect("embedded model");
//! let quotes = stage.extract("“It is time,” Trump wrote, “to end this war.”");
//! assert_eq!(quotes.len(), 1);
//! let report = eval_attribution(std::path::Path::new("../shared/data/polnear/dev"), |t| {
//!     stage.extract(t)
//! })
//! .expect("PolNeAR dev");
//! println!("{report}");
//! ```
//!
//! How it works: quote marks are paired first ([`text::pair_quotes`]:
//! curly and straight marks, nesting, paragraph continuation, and
//! unbalanced marks closed at `, <cue>`, at a sentence boundary followed by
//! narration, or at the paragraph end). A first perceptron pass
//! ([`tagger`]) finds cues; a second pass ([`roles`]) reads each cue's
//! paragraph for that cue's source and content. Assembly
//! ([`extract::assemble_by_cue`]) keeps the nearest source, joins content
//! split by the cue, follows quotes into later paragraphs, and adds rule
//! attributions ("according to X", `SPEAKER:` transcripts and headlines,
//! `X said:` before a quoted paragraph); then [`rules`] applies PolNeAR
//! conventions on the parse (prepositions in the cue, sources inherited
//! from the governing verb, quotations later in the cue's paragraph).

#![warn(missing_docs)]

pub mod accept;
pub mod brat;
pub mod deps;
pub mod eval;
pub mod extract;
pub mod lexicon;
pub mod physical;
pub mod roles;
pub mod rules;
mod stage;
pub mod table;
pub mod tagger;
pub mod text;
pub mod train;
mod wordmemo;

pub use brat::{BratError, GoldArticle, GoldAttribution};
pub use eval::{AttributionReport, eval_articles, eval_attribution, score_article};
pub use stage::{QuoteStage, format_table};
pub use tagger::ModelError;
