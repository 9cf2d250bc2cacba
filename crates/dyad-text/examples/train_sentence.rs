//! Rebuild the shipped sentence model from UD English EWT train.
//!
//! `cargo run --release -p dyad-text --example train_sentence -- [TRAIN.conllu] [OUT] [EPOCHS]`
//! (defaults: `$DYAD_DATA/ud-en-ewt/en_ewt-ud-train.conllu`,
//! `crates/dyad-text/model/sentence.bin`, 2 epochs).

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
    let epochs = args.next().and_then(|e| e.parse().ok()).unwrap_or(2);
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
            // Sentence-span F1 on dev at a few thresholds, as a quick check.
            let dev = PathBuf::from(&root).join("ud-en-ewt/en_ewt-ud-dev.conllu");
            if let Ok(sents) = dyad_conllu::read_path(&dev) {
                let docs = dyad_conllu::documents(sents);
                let mut model = model;
                for t in [-0.6f32, -0.4, -0.2, 0.0, 0.2] {
                    model.threshold = t;
                    let (mut g, mut p, mut c) = (0, 0, 0);
                    for d in &docs {
                        let (_, ss) = dyad_text::segment_with(&model, &d.text);
                        let pred: std::collections::HashSet<_> =
                            ss.iter().map(|s| (s.span.start(), s.span.end())).collect();
                        g += d.sentence_spans.len();
                        p += pred.len();
                        c += d
                            .sentence_spans
                            .iter()
                            .filter(|s| pred.contains(&(s.start(), s.end())))
                            .count();
                    }
                    println!(
                        "threshold {t}: dev sentence P {:.2} R {:.2} F1 {:.2}",
                        100.0 * c as f64 / p as f64,
                        100.0 * c as f64 / g as f64,
                        200.0 * c as f64 / (g + p) as f64
                    );
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
