//! Score dyad on PETRARCH's unit-test records with the validation
//! dictionaries (what `dyad eval petrarch` runs).
//!
//! `cargo run --release -p dyad-events --example petrarch -- [--records FILE]
//! [--dict-dir DIR] [--failures] [--text SENTENCE [--date YYYYMMDD]]`
//!
//! Defaults: `$DYAD_DATA/petrarch` (else `../shared/data/petrarch`) for the
//! dictionaries and `PETR.UnitTest.records.xml` in it for the records.
//! `--text` codes one sentence and prints its parse, chunks and events.

use std::path::PathBuf;

use dyad_doc::{Doc, Layer, LayerSet, Meta, NaiveDate};
use dyad_events::{PetrarchCoder, VALIDATION_FILES, eval_petrarch};

fn main() {
    let mut args = std::env::args().skip(1);
    let data = std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".into());
    let mut dir = PathBuf::from(data).join("petrarch");
    let mut records: Option<PathBuf> = None;
    let mut failures = false;
    let mut text: Option<String> = None;
    let mut date: Option<NaiveDate> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--records" => records = args.next().map(PathBuf::from),
            "--dict-dir" => dir = args.next().map(PathBuf::from).unwrap_or(dir),
            "--failures" => failures = true,
            "--text" => text = args.next(),
            "--date" => {
                date = args
                    .next()
                    .and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok())
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let parser = dyad_pipeline::until(LayerSet::of(&[Layer::Heads])).unwrap_or_else(|e| {
        eprintln!("pipeline: {e}");
        std::process::exit(1)
    });
    if let Some(t) = text {
        let coder = PetrarchCoder::load(&dir, VALIDATION_FILES).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
        let mut doc = Doc::new(t, Meta::default());
        parser.run(&mut doc).expect("parse");
        for (i, tok) in doc.tokens.iter().enumerate() {
            println!(
                "{i}\t{}\t{:?}\t{:?}\t{}",
                doc.token_text(i),
                tok.upos,
                tok.head,
                tok.deprel.as_deref().unwrap_or("")
            );
        }
        for e in coder.code_doc(&doc, date) {
            println!(
                "EVENT {} {} {} (verb token {})",
                e.source, e.target, e.code, e.verb
            );
        }
        return;
    }
    let records = records.unwrap_or_else(|| dir.join("PETR.UnitTest.records.xml"));
    match eval_petrarch(&records, &dir, &parser) {
        Ok(report) => {
            print!("{report}");
            if failures {
                print!("{}", report.failures_text());
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
