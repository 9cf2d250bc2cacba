//! Tagging speed over EWT dev rebuilt as documents (gold tokens and
//! sentences), single thread:
//! `cargo run --release -p dyad-tagger --example bench_tagger -- MODEL.bin DEV.conllu [rounds]`.

use std::path::Path;
use std::time::Instant;

use dyad_doc::{Doc, Meta, Sentence, Token};

/// User + system CPU seconds of this process (Linux), if readable.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&args[0]).expect("model");
    // Load from bytes (as with include_bytes!) a few times; report the best.
    let mut best = f64::MAX;
    for _ in 0..10 {
        let t0 = Instant::now();
        let t = dyad_tagger::Tagger::from_bytes(&bytes).expect("model");
        best = best.min(t0.elapsed().as_secs_f64());
        std::hint::black_box(t);
    }
    let tagger = dyad_tagger::Tagger::from_bytes(&bytes).expect("model");
    println!(
        "model load from bytes: {:.1} ms (best of 10; {} bytes)",
        best * 1e3,
        bytes.len()
    );
    let rounds: usize = args.get(2).map_or(20, |r| r.parse().expect("rounds"));
    let gold = dyad_conllu::documents(dyad_conllu::read_path(Path::new(&args[1])).expect("dev"));
    let docs: Vec<Doc> = gold
        .iter()
        .map(|g| {
            let mut d = Doc::new(g.text.clone(), Meta::default());
            for (si, toks) in g.token_spans.iter().enumerate() {
                let start = d.tokens.len();
                d.tokens.extend(toks.iter().map(|&s| Token::new(s)));
                d.sentences.push(Sentence {
                    span: g.sentence_spans[si],
                    token_start: start,
                    token_end: d.tokens.len(),
                    new_paragraph: false,
                });
            }
            d
        })
        .collect();
    let n_tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let n_sents: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            let mut d = d.clone();
            tagger.tag_doc(&mut d);
            std::hint::black_box(&d);
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = match (c0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    let toks = (n_tokens * rounds) as f64;
    println!(
        "{} rounds x {n_tokens} tokens / {n_sents} sentences: {:.2} s CPU ({:.2} s wall): {:.0} tokens per CPU-second, {:.0} sentences per CPU-second",
        rounds,
        cpu,
        wall,
        toks / cpu,
        (n_sents * rounds) as f64 / cpu
    );
}
