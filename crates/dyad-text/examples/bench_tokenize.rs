//! Tokenize and split every `.txt` file of a directory, several passes, and
//! print tokens per CPU-second (single thread).
//!
//! `cargo run --release -p dyad-text --example bench_tokenize -- [DIR] [PASSES]`
//! (default: `$DYAD_DATA/polnear/dev/text`, 20 passes). With
//! `DYAD_BENCH_TOKENS_ONLY` set, only tokenizes (to see what splitting costs).

use std::path::PathBuf;
use std::time::Instant;

/// CPU time of this thread in seconds, from /proc (Linux); wall time elsewhere.
fn cpu_seconds(start: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ns| ns / 1e9)
        .unwrap_or_else(|| start.elapsed().as_secs_f64())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".to_string());
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(root).join("polnear/dev/text"));
    let passes: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(20);
    let mut texts = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for p in &paths {
        if let Ok(t) = std::fs::read_to_string(p) {
            texts.push(t);
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    // Load the model before timing.
    let _ = dyad_text::segment("Warm up.");
    let wall = Instant::now();
    let cpu0 = cpu_seconds(wall);
    let (mut tokens, mut sentences) = (0usize, 0usize);
    let only_tokens = std::env::var_os("DYAD_BENCH_TOKENS_ONLY").is_some();
    for _ in 0..passes {
        for t in &texts {
            if only_tokens {
                tokens += dyad_text::tokenize_pieces(t).len();
                continue;
            }
            let (w, s) = dyad_text::segment(t);
            tokens += w.len();
            sentences += s.len();
        }
    }
    let cpu = cpu_seconds(wall) - cpu0;
    let wall = wall.elapsed().as_secs_f64();
    println!(
        "{} documents ({} bytes) x {passes} passes: {tokens} tokens, {sentences} sentences",
        texts.len(),
        bytes
    );
    println!(
        "wall {wall:.3} s, CPU {cpu:.3} s: {:.0} tokens per CPU-second, {:.1} MB per CPU-second",
        tokens as f64 / cpu,
        (bytes * passes) as f64 / cpu / 1e6
    );
}
