//! dyad-events's integration tests, linked into one test binary (one module
//! per file) so that `cargo test` links this crate and the models it
//! embeds once, not once per file.

mod common;
mod events;
mod parses;
mod petrarch;
