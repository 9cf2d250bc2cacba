//! Cross-validate the sentence splitter on a treebank (a development aid
//! for choosing features without looking at dev): each genre's documents
//! (genre = document id up to its first '-') are cut into `FOLDS`
//! contiguous blocks, a model is trained on the other folds and scored on
//! each, and the pooled sentence-span precision, recall and F1 are printed
//! per threshold; then a model trained on all of TRAIN is scored on DEV,
//! overall and per genre. `BAG` picks the shuffling orders of the bagged
//! perceptrons (0 = the shipped model's; others measure the spread due to
//! order). With `DYAD_SENT_DUMP` set, every missed and extra boundary at
//! threshold 0 goes to stderr with its genre and context.
//!
//! `cargo run --release -p dyad-text --example cv_sentence -- [TRAIN] [DEV] [EPOCHS] [FOLDS] [BAG]`
//! (defaults: EWT train and dev under `$DYAD_DATA/ud-en-ewt`, 2 epochs, 5 folds, bag 0).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use dyad_conllu::GoldDoc;
use dyad_text::SentenceModel;

const THRESHOLDS: [f32; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];

/// Gold, predicted and correct sentence spans per threshold.
fn score(model: &SentenceModel, docs: &[&GoldDoc], counts: &mut [[usize; 3]], set: &str) {
    let mut model = model.clone();
    for (t, c) in THRESHOLDS.iter().zip(counts.iter_mut()) {
        model.threshold = *t;
        for d in docs {
            let (_, ss) = dyad_text::segment_with(&model, &d.text);
            let pred: HashSet<_> = ss.iter().map(|s| (s.span.start(), s.span.end())).collect();
            if *t == 0.0 && !set.is_empty() && std::env::var("DYAD_SENT_DUMP").is_ok() {
                let pe: HashSet<usize> = ss.iter().map(|s| s.span.end()).collect();
                let ge: HashSet<usize> = d.sentence_spans.iter().map(|s| s.end()).collect();
                let ctx = |at: usize| {
                    let mut a = at.saturating_sub(40);
                    while !d.text.is_char_boundary(a) {
                        a -= 1;
                    }
                    let mut b = (at + 40).min(d.text.len());
                    while !d.text.is_char_boundary(b) {
                        b += 1;
                    }
                    format!("{}‖{}", &d.text[a..at], &d.text[at..b]).replace('\n', "⏎")
                };
                for &g in ge.difference(&pe) {
                    eprintln!("{set} MISS {} {}", &d.id[..5], ctx(g));
                }
                for &g in pe.difference(&ge) {
                    eprintln!("{set} EXTRA {} {}", &d.id[..5], ctx(g));
                }
            }
            c[0] += d.sentence_spans.len();
            c[1] += pred.len();
            c[2] += d
                .sentence_spans
                .iter()
                .filter(|s| pred.contains(&(s.start(), s.end())))
                .count();
        }
    }
}

fn print(name: &str, counts: &[[usize; 3]]) {
    for (t, [g, p, c]) in THRESHOLDS.iter().zip(counts) {
        println!(
            "{name} threshold {t:+.1}: P {:.2} R {:.2} F1 {:.2}",
            100.0 * *c as f64 / *p as f64,
            100.0 * *c as f64 / *g as f64,
            200.0 * *c as f64 / (g + p) as f64
        );
    }
}

fn read(path: &Path) -> Vec<GoldDoc> {
    match dyad_conllu::read_path(path) {
        Ok(s) => dyad_conllu::documents(s),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".to_string());
    let ewt = PathBuf::from(root).join("ud-en-ewt");
    let train = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| ewt.join("en_ewt-ud-train.conllu"));
    let dev = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| ewt.join("en_ewt-ud-dev.conllu"));
    let epochs = args.next().and_then(|e| e.parse().ok()).unwrap_or(2);
    let folds: usize = args.next().and_then(|e| e.parse().ok()).unwrap_or(5);
    let bag: u64 = args.next().and_then(|e| e.parse().ok()).unwrap_or(0);
    let seeds = dyad_text::order_seeds(dyad_text::RUNS, bag);
    let train_on = |docs: &[GoldDoc]| dyad_text::train_sentence_model_seeded(docs, epochs, &seeds);
    let docs = read(&train);
    // Folds are contiguous blocks within each genre (the document id up to
    // its first '-'): neighbouring documents often share a source.
    let genre = |d: &GoldDoc| d.id.split('-').next().unwrap_or("").to_string();
    let mut fold_of = vec![0; docs.len()];
    let mut genres: Vec<String> = docs.iter().map(genre).collect();
    genres.sort();
    genres.dedup();
    for g in &genres {
        let members: Vec<usize> = (0..docs.len()).filter(|&i| genre(&docs[i]) == *g).collect();
        for (j, &i) in members.iter().enumerate() {
            fold_of[i] = j * folds / members.len();
        }
    }
    let mut counts = vec![[0usize; 3]; THRESHOLDS.len()];
    let mut by_genre = vec![vec![[0usize; 3]; THRESHOLDS.len()]; genres.len()];
    for f in 0..folds {
        let held: Vec<&GoldDoc> = (0..docs.len())
            .filter(|&i| fold_of[i] == f)
            .map(|i| &docs[i])
            .collect();
        let rest: Vec<GoldDoc> = (0..docs.len())
            .filter(|&i| fold_of[i] != f)
            .map(|i| docs[i].clone())
            .collect();
        if let Some(model) = train_on(&rest) {
            score(&model, &held, &mut counts, "cv");
            for (g, c) in genres.iter().zip(by_genre.iter_mut()) {
                let part: Vec<&GoldDoc> = held.iter().copied().filter(|d| genre(d) == *g).collect();
                score(&model, &part, c, "");
            }
        }
    }
    print("train-cv", &counts);
    for (g, c) in genres.iter().zip(&by_genre) {
        print_genre("train-cv", g, c[2]);
    }
    let Some(model) = train_on(&docs) else {
        eprintln!("error: no training examples");
        std::process::exit(1);
    };
    let dev = read(&dev);
    let dev: Vec<&GoldDoc> = dev.iter().collect();
    let mut counts = vec![[0usize; 3]; THRESHOLDS.len()];
    score(&model, &dev, &mut counts, "dev");
    print("dev", &counts);
    // Dev per genre at the model's threshold.
    let mut genres: Vec<String> = dev.iter().map(|d| genre(d)).collect();
    genres.sort();
    genres.dedup();
    for g in &genres {
        let part: Vec<&GoldDoc> = dev.iter().copied().filter(|d| genre(d) == *g).collect();
        let mut counts = vec![[0usize; 3]; THRESHOLDS.len()];
        score(&model, &part, &mut counts, "");
        print_genre("dev", g, counts[2]);
    }
}

/// One genre's counts at the model's threshold.
fn print_genre(set: &str, g: &str, [gold, p, c]: [usize; 3]) {
    println!(
        "{set} {g:<10} gold {gold:>5} pred {p:>5} correct {c:>5}  P {:.2} R {:.2} F1 {:.2}",
        100.0 * c as f64 / p as f64,
        100.0 * c as f64 / gold as f64,
        200.0 * c as f64 / (gold + p) as f64
    );
}
