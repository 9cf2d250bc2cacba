//! Score the tokenizer and sentence splitter on a CoNLL-U file.
//!
//! `cargo run --release -p dyad-eval --example eval_tokenize -- [GOLD.conllu]`
//! (default: `$DYAD_DATA/ud-en-ewt/en_ewt-ud-dev.conllu`).

use std::path::PathBuf;

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let root = std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".to_string());
            PathBuf::from(root).join("ud-en-ewt/en_ewt-ud-dev.conllu")
        });
    match dyad_eval::eval_tokenize(&path) {
        Ok(report) => println!("{}\n{report}", path.display()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
