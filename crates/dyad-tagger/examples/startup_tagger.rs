//! Start-up cost of the embedded tagger model, in a fresh process: CPU and
//! wall milliseconds of the first `Tagger::from_static` (tables used in
//! place) or `Tagger::from_bytes` (tables copied) over the bytes compiled
//! into this binary:
//! `cargo run --release -p dyad-tagger --example startup_tagger -- static|bytes`.

use std::time::Instant;

static MODEL: &[u8] = include_bytes!("../../../models/tagger.bin");

/// CPU seconds this process has run (Linux `/proc/self/schedstat`, in
/// nanoseconds), if readable.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    Some(stat.split(' ').next()?.parse::<f64>().ok()? / 1e9)
}

fn main() {
    let how = std::env::args().nth(1).unwrap_or_else(|| "static".into());
    let (c0, w0) = (cpu_seconds(), Instant::now());
    let tagger = match how.as_str() {
        "static" => dyad_tagger::Tagger::from_static(MODEL, "models/tagger.bin"),
        _ => dyad_tagger::Tagger::from_bytes(MODEL),
    }
    .expect("model loads");
    let wall = w0.elapsed().as_secs_f64();
    let tagged = tagger.tag(&["Talks", "began", "on", "Tuesday", "."]);
    let cpu = c0.zip(cpu_seconds()).map(|(a, b)| b - a);
    println!(
        "{how}: load {:.1} ms wall, {} CPU (first sentence included: {})",
        wall * 1e3,
        cpu.map_or("?".into(), |c| format!("{:.1} ms", c * 1e3)),
        tagged[1].xpos
    );
}
