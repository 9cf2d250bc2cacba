//! dyad-kb's integration tests, linked into one test binary (one module
//! per file) so that `cargo test` links this crate, and the models and
//! tables it embeds, once rather than once per file.

mod kb;
mod petrarch_data;
