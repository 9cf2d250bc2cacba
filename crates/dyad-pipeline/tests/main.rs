//! dyad-pipeline's integration tests, linked into one test binary (one module
//! per file) so that `cargo test` links this crate, and the models and
//! tables it embeds, once rather than once per file.

mod arbitrary_input;
mod chunked;
mod common;
mod example_article;
mod peace_talks_events;
mod split;
mod standard;
