//! Time the quote stage alone on a PolNeAR compartment, as the pipeline
//! runs it (with the pipeline's parse), for A/B runs of two builds.
//!
//! `cargo run --release -p dyad-quotes --example quote_speed -- DIR [--passes N]
//! [--evict MB] [--dump FILE]`
//!
//! Prints the start-up (building the stage: model read, table compiled,
//! word clusters) and, per pass over the articles, the stage's thread CPU
//! time (from `/proc/thread-self/schedstat`, so other processes on a
//! shared machine count less than in wall-clock time): the minimum and
//! the median of the passes. With `--evict MB`, a buffer of that many MB is
//! walked before each article (outside the timed part), as the pipeline's
//! other models push the stage's tables out of cache between documents.
//! `--dump FILE` writes every article's quotes (`Debug` form), to check
//! that two builds give the same output. The parse comes from
//! `$DYAD_QUOTES_CONLLU` when set (see `examples/eval.rs`), else from the
//! pipeline.

use std::path::PathBuf;

mod common;

/// CPU time of this thread in nanoseconds (0 where the file is missing).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(1).ok_or("usage: quote_speed DIR [--passes N]")?);
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let passes: usize = opt("--passes").map_or(Ok(5), |p| p.parse())?;
    let evict_mb: usize = opt("--evict").map_or(Ok(0), |p| p.parse())?;
    let articles = dyad_quotes::brat::read_dir(&dir)?;
    let tokens = common::parsed(&articles)?;

    let c0 = thread_cpu_ns();
    let stage = dyad_quotes::QuoteStage::new()?;
    let startup = (thread_cpu_ns() - c0) as f64 / 1e6;

    let mut buf = vec![0u8; evict_mb << 20];
    let mut touch = 0u8;
    let mut times = Vec::with_capacity(passes);
    let mut out = String::new();
    for pass in 0..passes {
        let mut ns = 0u64;
        for (a, t) in articles.iter().zip(&tokens) {
            for x in buf.iter_mut().step_by(64) {
                *x = x.wrapping_add(1);
                touch ^= *x;
            }
            let c = thread_cpu_ns();
            let quotes = stage.extract_parsed(&a.text, t);
            ns += thread_cpu_ns() - c;
            if pass == 0 {
                out.push_str(&format!("{}\n{quotes:?}\n", a.name));
            }
        }
        times.push(ns as f64 / 1e9);
    }
    std::hint::black_box(touch);
    if let Some(path) = opt("--dump") {
        std::fs::write(path, &out)?;
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "start-up {startup:.1} ms  per pass min {:.4} s  median {:.4} s  ({} articles, {passes} passes{})",
        sorted[0],
        sorted[sorted.len() / 2],
        articles.len(),
        if evict_mb > 0 {
            format!(", {evict_mb} MB evicted before each")
        } else {
            String::new()
        }
    );
    Ok(())
}
