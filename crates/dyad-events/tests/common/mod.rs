//! Helpers shared by the integration tests (`tests/events.rs` over the
//! real pipeline, `tests/parses.rs` over hand-written parses): one copy,
//! included by each with `mod common;` (a folder, so Cargo does not build
//! it as a test of its own).

use dyad_doc::Doc;

/// The distinct countries of the actors `v` (indices into `doc.actors`),
/// sorted: an event side as the tests compare it.
pub fn countries(doc: &Doc, v: &[usize]) -> Vec<String> {
    let mut c: Vec<String> = v
        .iter()
        .filter_map(|&a| doc.actors[a].country.clone())
        .collect();
    c.sort();
    c.dedup();
    c
}
