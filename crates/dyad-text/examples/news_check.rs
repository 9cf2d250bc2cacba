//! A proxy check of sentence splitting on news without gold (a development
//! aid): train a model on TRAIN with bag BAG's shuffling orders (as
//! `cv_sentence` does), split every `.txt` file under the given
//! directories, and count sentences that look wrong: inside a paragraph,
//! ending in neither punctuation nor a closing quotation mark ("…said
//! Hillary‖ Clinton is…"), or starting with a lower-case letter ("…? ”‖ a
//! narrator asks"). Lower is better; compare models over several bags.
//!
//! `cargo run --release -p dyad-text --example news_check -- TRAIN BAG DIR…`

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(train), Some(bag)) = (args.next(), args.next().and_then(|b| b.parse().ok())) else {
        eprintln!("usage: news_check TRAIN BAG DIR…");
        std::process::exit(2);
    };
    let docs = match dyad_conllu::read_path(&PathBuf::from(&train)) {
        Ok(s) => dyad_conllu::documents(s),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let seeds = dyad_text::order_seeds(dyad_text::RUNS, bag);
    let Some(model) = dyad_text::train_sentence_model_seeded(&docs, 2, &seeds) else {
        eprintln!("error: no training examples");
        std::process::exit(1);
    };
    let (mut sentences, mut unpunctuated, mut lower) = (0, 0, 0);
    let verbose = std::env::var("DYAD_NEWS_DUMP").is_ok();
    for dir in args {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("error: cannot read {dir}");
            std::process::exit(1);
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let (words, ss) = dyad_text::segment_with(&model, &text);
            for (i, s) in ss.iter().enumerate() {
                sentences += 1;
                let next_in_para = ss.get(i + 1).is_some_and(|n| !n.new_paragraph);
                let last = words[s.token_end - 1].span.slice(&text);
                let c = last.chars().next_back().unwrap_or(' ');
                if next_in_para
                    && !(c.is_ascii_punctuation() || matches!(c, '”' | '’' | '…' | '—' | '–'))
                {
                    unpunctuated += 1;
                    if verbose {
                        eprintln!("END   {}", s.span.slice(&text));
                    }
                }
                let first = s.span.slice(&text).chars().next().unwrap_or(' ');
                if !s.new_paragraph && first.is_lowercase() {
                    lower += 1;
                    if verbose {
                        eprintln!("LOWER {}", s.span.slice(&text));
                    }
                }
            }
        }
    }
    println!(
        "bag {bag}: {sentences} sentences, {unpunctuated} end unpunctuated inside a paragraph, {lower} start in lower case"
    );
}
