//! Time the actor stage against tokenization on one article, repeated.
//!
//! `cargo run -p dyad-actors --release --example bench_actors [FILE] [DATE] [REPEATS]`
//! (default: `$DYAD_DATA/../examples/peace-talks.txt`, 2025-02-13, 200).

use std::time::Instant;

use dyad_actors::ActorStage;
use dyad_doc::{Doc, Meta, NaiveDate, Stage};
use dyad_text::TokenizeStage;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".into());
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| format!("{data}/../examples/peace-talks.txt"));
    let date = args.get(1).map(String::as_str).unwrap_or("2025-02-13");
    let repeats: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(200);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();

    let t = Instant::now();
    let stage = ActorStage::builtin().expect("built-in KB");
    let load = t.elapsed();

    let tokenize = TokenizeStage::new();
    let (mut tok_time, mut act_time) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    let mut actors = 0;
    for _ in 0..repeats {
        let mut doc = Doc::new(
            text.as_str(),
            Meta {
                date,
                ..Meta::default()
            },
        );
        let t = Instant::now();
        tokenize.process(&mut doc).unwrap();
        tok_time += t.elapsed();
        let t = Instant::now();
        stage.process(&mut doc).unwrap();
        act_time += t.elapsed();
        actors = doc.actors.len();
    }
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..repeats {
        found += stage.kb().find(&text).len();
    }
    let find_time = t.elapsed();
    let mb = (text.len() * repeats) as f64 / 1e6;
    println!(
        "KB load {:.1} ms; {repeats} x {} bytes: tokenize {:.1} ms ({:.1} MB/s), actors {:.1} ms ({:.1} MB/s, {:.0}% of tokenize); {actors} actors; of which KB name matching {:.1} ms ({} matches)",
        load.as_secs_f64() * 1e3,
        text.len(),
        tok_time.as_secs_f64() * 1e3,
        mb / tok_time.as_secs_f64(),
        act_time.as_secs_f64() * 1e3,
        mb / act_time.as_secs_f64(),
        100.0 * act_time.as_secs_f64() / tok_time.as_secs_f64(),
        find_time.as_secs_f64() * 1e3,
        found / repeats,
    );
}
