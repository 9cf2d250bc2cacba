//! Rebuild the shipped sentence model from UD English EWT train.
//!
//! `cargo run --release -p dyad-text --example train_sentence -- [TRAIN.conllu] [OUT] [EPOCHS]`
//! (defaults: `$DYAD_DATA/ud-en-ewt/en_ewt-ud-train.conllu`,
//! `crates/dyad-text/model/sentence.bin`, 10 epochs).

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".to_string());
    let train = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(&root).join("ud-en-ewt/en_ewt-ud-train.conllu"));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model/sentence.bin"));
    let epochs = args.next().and_then(|e| e.parse().ok()).unwrap_or(10);
    match dyad_text::train_sentence_model(&train, epochs) {
        Ok(model) => {
            let bytes = model.to_bytes();
            if let Err(e) = std::fs::write(&out, &bytes) {
                eprintln!("error: {}: {e}", out.display());
                std::process::exit(1);
            }
            println!(
                "{}: {} features, {} bytes",
                out.display(),
                model.len(),
                bytes.len()
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
