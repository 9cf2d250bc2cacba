//! Score the tagger from raw text: dyad's tokenizer and sentence splitter,
//! then the tagger, over each document of a CoNLL-U file, with the CoNLL 2018
//! scorer of `dyad-eval` (what `dyad eval ud` prints for UPOS/XPOS/lemma):
//! `cargo run --release -p dyad-tagger --example eval_raw -- MODEL.bin GOLD.conllu`.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: eval_raw MODEL.bin GOLD.conllu");
        std::process::exit(2);
    }
    let tagger = match dyad_tagger::TaggerStage::load(Path::new(&args[0])) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let tokenize = dyad_text::TokenizeStage::new();
    match dyad_eval::eval_stages(Path::new(&args[1]), &[&tokenize, &tagger]) {
        Ok(report) => println!("{}\n{report}", args[1]),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
