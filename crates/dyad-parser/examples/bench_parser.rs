//! Parsing speed and attachment scores on a CoNLL-U file with its own
//! (gold) tokens: `cargo run --release -p dyad-parser --example
//! bench_parser -- MODEL.bin FILE.conllu [TAGS.conllu|-] [repeats] [beam]`.
//!
//! With `TAGS.conllu` (same sentences, predicted tags) the parser reads
//! those tags; otherwise the file's own tags. `beam` is the beam width
//! (default: the width the model was trained with; 1 = greedy).

use std::path::Path;
use std::time::Instant;

/// CPU seconds used by this thread so far (Linux `/proc`; `None`
/// elsewhere).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name.
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: bench_parser MODEL.bin FILE.conllu [TAGS.conllu|-] [repeats] [beam]");
        std::process::exit(2);
    }
    let t0 = Instant::now();
    let parser = dyad_parser::Parser::load(Path::new(&args[0])).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let load = t0.elapsed();
    let parser = match args.get(4) {
        Some(k) => parser.with_beam(k.parse().expect("beam width")),
        None => parser,
    };
    let gold = dyad_conllu::read_path(Path::new(&args[1])).expect("gold reads");
    let tagged = match args.get(2).filter(|a| *a != "-") {
        Some(p) => dyad_conllu::read_path(Path::new(p)).expect("tags read"),
        None => gold.clone(),
    };
    assert_eq!(gold.len(), tagged.len(), "tag file has other sentences");
    let repeats: usize = args.get(3).map_or(5, |r| r.parse().expect("repeats"));
    let sents: Vec<Vec<(&str, &str, &str)>> = tagged
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| (w.form.as_str(), w.upos.as_str(), w.xpos.as_str()))
                .collect()
        })
        .collect();
    let (mut total, mut uas, mut las) = (0usize, 0usize, 0usize);
    // With `DYAD_WRITE=FILE`, the parses are written as CoNLL-U (word id,
    // form, gold head, gold relation, predicted head, predicted relation).
    let mut dump = String::new();
    for (s, g) in sents.iter().zip(&gold) {
        let arcs = parser.parse(s);
        for (a, w) in arcs.iter().zip(&g.words) {
            let ph = a.head.map_or(0, |h| h + 1);
            dump.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                w.id, w.form, w.upos, w.head, w.deprel, ph, a.deprel
            ));
            total += 1;
            if ph == w.head {
                uas += 1;
                if a.deprel == w.deprel {
                    las += 1;
                }
            }
        }
        dump.push('\n');
    }
    if let Ok(out) = std::env::var("DYAD_WRITE") {
        std::fs::write(&out, dump).expect("write parses");
    }
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let mut words = 0usize;
    for _ in 0..repeats {
        for s in &sents {
            words += std::hint::black_box(parser.parse(s)).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    let (mw, lw) = parser.n_weights();
    println!(
        "model load {:.1} ms; weights: moves {mw}, relations {lw}; beam {} (trained with {})",
        load.as_secs_f64() * 1e3,
        parser.beam_width(),
        parser.trained_beam()
    );
    println!(
        "UAS {:.2} LAS {:.2} over {total} words",
        100.0 * uas as f64 / total as f64,
        100.0 * las as f64 / total as f64
    );
    println!(
        "speed: {:.0} words/s wall ({words} words in {secs:.2}s, single thread)",
        words as f64 / secs
    );
    if let Some(c) = cpu.filter(|&c| c > 0.0) {
        println!(
            "speed: {:.0} words per CPU-second ({c:.2} CPU-s)",
            words as f64 / c
        );
    }
}
