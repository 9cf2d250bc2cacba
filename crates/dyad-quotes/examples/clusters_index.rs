//! Write `data/clusters.idx`, the word clusters the quote stage reads:
//! `models/clusters.tsv` as a prebuilt index (see
//! `dyad_quotes::lexicon::cluster_pairs`), read in place at start-up
//! instead of parsing the file. Run after `models/clusters.tsv` changes
//! (a test of the crate fails while the index is stale):
//!
//! `cargo run --release -p dyad-quotes --example clusters_index [-- TSV OUT]`

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().collect();
    let tsv = args
        .get(1)
        .map_or_else(|| root.join("../../models/clusters.tsv"), PathBuf::from);
    let out = args
        .get(2)
        .map_or_else(|| root.join("data/clusters.idx"), PathBuf::from);
    let text = std::fs::read_to_string(&tsv).map_err(|e| format!("{}: {e}", tsv.display()))?;
    let pairs = dyad_quotes::lexicon::cluster_pairs(&text);
    let n = pairs.len();
    let bytes = dyad_learn::KeyMap::from_pairs(pairs).to_index_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{}: {n} words, {} bytes", out.display(), bytes.len());
    Ok(())
}
