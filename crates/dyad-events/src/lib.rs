//! CAMEO and PLOVER event coding for dyad.
//!
//! [`EventStage`] finds predicates (verbs and event nouns) in the dependency
//! parse, codes them with the pattern lexicon in the repository's `lexicon/`
//! folder, attaches source and target actors from the actor layer, and
//! decides factuality, date and place. [`eval_plover`] scores the stage on the
//! PLOVER gold-standard records and [`eval_petrarch`] on PETRARCH's unit-test
//! records; [`Lexicon::add_petrarch_verbs`] loads TABARI/PETRARCH verb
//! dictionaries as user lexicons; [`write_gdelt`] and [`write_plover`] write
//! GDELT 2.0 rows and PLOVER JSON lines.
//!
//! Cost is linear in the sentence: per-token arrays are filled once, subject
//! and factuality inheritance are memoised, and every walk up the tree or
//! back over earlier events is bounded by a small constant.

#![warn(missing_docs)]

mod eval;
mod lexicon;
mod petrarch;
mod petrarch_coder;
mod petrarch_eval;
mod petrarch_verbs;
mod stage;
mod writers;

pub use eval::{PloverError, PloverReport, actor_code, eval_plover, eval_plover_with, main_event};
pub use lexicon::{
    CAMEO_TSV, CAMEO2PLOVER_TSV, CameoInfo, Frame, Lexicon, LexiconError, Pattern, PatternPos,
    PloverInfo, VERBS_TSV,
};
pub use petrarch::PetrarchStats;
pub use petrarch_coder::{PetrarchCoder, PetrarchError, PetrarchEvent, VALIDATION_FILES};
pub use petrarch_eval::{
    Coding, Expect, PetrarchRecord, PetrarchReport, eval_petrarch, parse_petrarch_records,
    score_petrarch,
};
pub use petrarch_verbs::{PetrarchVerbs, VerbCode};
pub use stage::{EventStage, extract, plover_for};
pub use writers::{write_gdelt, write_plover};
