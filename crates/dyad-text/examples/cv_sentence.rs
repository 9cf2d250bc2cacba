//! Cross-validate the sentence splitter on a treebank (a development aid
//! for choosing features without looking at dev): each genre's documents
//! (genre = document id up to its first '-') are cut into `FOLDS`
//! contiguous blocks, a model is trained on the other folds and scored on
//! each, and the pooled sentence-span precision, recall and F1 are printed
//! per threshold; then a model trained on all of TRAIN is scored on DEV,
//! overall and per genre. `BAG` picks the shuffling orders of the bagged
//! perceptrons (0 = the shipped model's; others measure the spread due to
//! order). With `DYAD_SENT_DUMP` set, every missed and extra boundary at
//! threshold 0 goes to stderr with its genre and context. With
//! `DYAD_SENT_ORACLE`, each fold and dev also print how the documents read
//! as prose and as layout score with either weight set and with the better
//! one per document; with `DYAD_SENT_JSON`, every scored document is
//! printed as a `JSON {…}` line (text, tokens, predicted and gold ends).
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
    if !set.is_empty() && std::env::var("DYAD_SENT_ORACLE").is_ok() {
        oracle(&model, docs, set);
    }
    for (t, c) in THRESHOLDS.iter().zip(counts.iter_mut()) {
        model.threshold = *t;
        for d in docs {
            let (words, ss) = dyad_text::segment_with(&model, &d.text);
            let pred: HashSet<_> = ss.iter().map(|s| (s.span.start(), s.span.end())).collect();
            if *t == 0.0 && !set.is_empty() && std::env::var("DYAD_SENT_JSON").is_ok() {
                json_line(set, d, &words, &ss);
            }
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

/// Gold, predicted and correct sentences of one document, with the weight
/// set forced (`Some`) or chosen by the text (`None`).
fn counts_of(model: &SentenceModel, d: &GoldDoc, layout: Option<bool>) -> [usize; 3] {
    let (_, ss) = dyad_text::segment_styled(model, &d.text, layout);
    let pred: HashSet<_> = ss.iter().map(|s| (s.span.start(), s.span.end())).collect();
    let c = d
        .sentence_spans
        .iter()
        .filter(|s| pred.contains(&(s.start(), s.end())))
        .count();
    [d.sentence_spans.len(), pred.len(), c]
}

/// `DYAD_SENT_ORACLE`: for the documents read as prose and those read as
/// layout, the counts with the model's choice, with either weight set
/// forced, and with the better of the two per document (an upper bound
/// for a better choice).
fn oracle(model: &SentenceModel, docs: &[&GoldDoc], set: &str) {
    // [read as layout][auto, prose, layout, oracle] -> [gold, pred, correct]
    let mut t = [[[0usize; 3]; 4]; 2];
    let mut n = [0usize; 2];
    for d in docs {
        let l = usize::from(dyad_text::reads_as_layout(
            &d.text,
            &dyad_text::tokenize_pieces(&d.text),
        ));
        n[l] += 1;
        let (p, y) = (
            counts_of(model, d, Some(false)),
            counts_of(model, d, Some(true)),
        );
        let errors = |x: &[usize; 3]| x[0] + x[1] - 2 * x[2];
        let best = if errors(&p) <= errors(&y) { p } else { y };
        let auto = if l == 1 { y } else { p };
        for (k, x) in [auto, p, y, best].iter().enumerate() {
            for j in 0..3 {
                t[l][k][j] += x[j];
            }
        }
    }
    for (l, name) in ["prose", "layout"].iter().enumerate() {
        let [a, p, y, o] = t[l].map(|[g, p, c]| format!("{g}/{p}/{c}"));
        println!(
            "oracle {set} read as {name}: {} docs, gold/pred/correct: chosen {a}, prose {p}, layout {y}, better per doc {o}",
            n[l]
        );
    }
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// `DYAD_SENT_JSON`: one line per document (`JSON {...}`: set, id, whether
/// read as layout, text, token byte spans, predicted and gold sentence
/// ends) for checking a rule against the model's decisions.
fn json_line(set: &str, d: &GoldDoc, words: &[dyad_text::Piece], ss: &[dyad_doc::Sentence]) {
    let list = |v: Vec<String>| v.join(",");
    let toks = list(
        words
            .iter()
            .map(|w| format!("[{},{}]", w.span.start(), w.span.end()))
            .collect(),
    );
    let pred = list(ss.iter().map(|s| s.span.end().to_string()).collect());
    let gold = list(
        d.sentence_spans
            .iter()
            .map(|s| s.end().to_string())
            .collect(),
    );
    let layout = dyad_text::reads_as_layout(&d.text, &dyad_text::tokenize_pieces(&d.text));
    println!(
        "JSON {{\"set\":{},\"id\":{},\"layout\":{layout},\"text\":{},\"tokens\":[{toks}],\"pred\":[{pred}],\"gold\":[{gold}]}}",
        json_str(set),
        json_str(&d.id),
        json_str(&d.text)
    );
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
    let fold_of = dyad_text::genre_folds(&docs, folds);
    let mut genres: Vec<String> = docs.iter().map(genre).collect();
    genres.sort();
    genres.dedup();
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
