//! Actor resolution for dyad.
//!
//! [`ActorStage`] turns KB name matches (from [`dyad_kb::Kb::find`]), the
//! tokens and the sentences of a [`dyad_doc::Doc`] into
//! [`dyad_doc::Actor`]s with country, sector and role as of the document's
//! date, composing CAMEO-style ("Ukrainian President" → UKR GOV, "Russian
//! troops" → RUS MIL, "pro-Russian insurgents" → RUS-aligned REB, "Kremlin
//! spokesperson Dmitry Peskov", capital and building metonyms → the
//! government) and following people through the article with rule-based,
//! precision-first coreference (surnames, "the Ukrainian president", "the
//! Russian leader", "our reporter", he/she/his/her).
//!
//! Where the KB is silent it reads the context: cities and provinces from
//! the `dyad-geo` gazetteer in place contexts ("in Bam", "Sindh province")
//! stand for their country; misspelt KB names ("Ethopia", "Mitterand") are
//! read through [`dyad_kb::Kb::find_near`]; "rebels in Darfur" and "ethnic
//! Albanians in south Serbia" take the country of the place; unknown named
//! people and groups take the only country the sentence (else the document)
//! names; ethnic and religious groups (`kb/groups.tsv`) take the home the
//! sentence names.
//!
//! [`eval`] scores country and sector coding on the PLOVER gold records.

#![warn(missing_docs)]

pub mod eval;
mod resolve;

pub use resolve::ActorStage;
