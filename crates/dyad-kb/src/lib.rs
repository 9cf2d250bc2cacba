//! dyad's knowledge base.
//!
//! * [`Kb`]: countries (ISO alpha-3/alpha-2 codes, names, adjectives,
//!   demonyms, capitals and buildings used as metonyms), organisations,
//!   titles and agent words with CAMEO sectors, and people with **dated
//!   roles**, loaded from the TSV files in the repository's `kb/` folder
//!   (compiled in) and from user files, checked (errors name file and line;
//!   duplicates are reported as [`KbWarning`]s, never silently overwritten).
//!   [`Kb::find`] finds KB names in text with one Aho–Corasick automaton over
//!   case-folded text; [`Kb::role_on`] answers "who was this person on that
//!   date"; [`Kb::country_on`] (and [`Successions`], the same table by
//!   code) answers "which state was this place in on that date" from
//!   `kb/successions.tsv` (Juba in 2005: Sudan).
//! * [`petrarch`]: a loader for TABARI/PETRARCH actor and agent dictionaries.

#![warn(missing_docs)]

mod date;
mod error;
mod fuzzy;
mod kb;
pub mod matcher;
pub mod petrarch;
mod succession;
mod tsv;

pub use chrono::NaiveDate;
pub use error::{KbError, KbWarning, Loc};
pub use kb::{
    Country, CountryForm, CountryId, Gender, Kb, KbBuilder, KbMatch, Org, OrgId, Person, PersonId,
    Role, Target, Title, TitleId,
};
pub use succession::Successions;
