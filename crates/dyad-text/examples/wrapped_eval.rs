//! Sentence P/R/F1 of the built-in splitter on UD EWT raw text as rebuilt by
//! `dyad_conllu::documents`, and on the same text hard-wrapped at a column
//! (`dyad_conllu::hard_wrap`: spaces turned into line breaks greedily, as
//! `conllu_to_text.pl` and e-mail clients do; byte offsets are unchanged;
//! `dyad eval tokenize --wrap 80` scores the pipeline's first stage so):
//! `cargo run --release -p dyad-text --example wrapped_eval -- [CONLLU] [COLUMN]`.

use std::collections::HashSet;

use dyad_conllu::GoldDoc;

fn f1(docs: &[GoldDoc], column: Option<usize>) -> (f64, f64, f64, usize) {
    let (mut gold, mut pred, mut correct, mut wrapped) = (0, 0, 0, 0);
    for d in docs {
        let text = column.map_or_else(|| d.text.clone(), |c| dyad_conllu::hard_wrap(&d.text, c));
        if !dyad_text::soft_breaks(&text).is_empty() {
            wrapped += 1;
        } else if std::env::var("DYAD_WRAP_DUMP").is_ok()
            && text.split("\n\n").any(|p| p.contains('\n'))
        {
            eprintln!("UNDETECTED {}: {:?}", d.id, &text[..text.len().min(300)]);
        }
        let (_, ss) = dyad_text::segment(&text);
        let got: HashSet<_> = ss.iter().map(|s| (s.span.start(), s.span.end())).collect();
        gold += d.sentence_spans.len();
        pred += got.len();
        correct += d
            .sentence_spans
            .iter()
            .filter(|s| got.contains(&(s.start(), s.end())))
            .count();
    }
    let p = 100.0 * correct as f64 / pred.max(1) as f64;
    let r = 100.0 * correct as f64 / gold.max(1) as f64;
    (p, r, 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE), wrapped)
}

fn main() {
    let root = std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".to_string());
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| format!("{root}/ud-en-ewt/en_ewt-ud-dev.conllu"));
    let column: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(80);
    let docs = match dyad_conllu::read_path(path.as_ref()) {
        Ok(s) => dyad_conllu::documents(s),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    for (name, c) in [("as rebuilt", None), ("wrapped", Some(column))] {
        let (p, r, f, w) = f1(&docs, c);
        println!(
            "{name:<11} P {p:.2} R {r:.2} F1 {f:.2} ({w} of {} documents read as wrapped)",
            docs.len()
        );
    }
}
