//! Scorers for dyad.
//!
//! - [`ud`]: CoNLL 2018 shared-task style evaluation of tokenization,
//!   sentence splitting, tagging, lemmatization and parsing against UD gold,
//!   with predicted units aligned to gold by character spans.

#![warn(missing_docs)]

pub mod ud;

pub use ud::{
    EvalDoc, EvalError, EvalWord, Score, UdReport, eval_stages, eval_tokenize, score, score_docs,
};
