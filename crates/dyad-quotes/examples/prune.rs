//! Prune the embedded models at a threshold, report dev scores and size,
//! and (with `--write`) write the pruned models to `models/quotes.bin`.
//!
//! `cargo run --release -p dyad-quotes --example prune -- DEV_DIR MIN [CUE_BIAS] [--write]`

use std::path::PathBuf;

use dyad_quotes::extract::{Models, extract};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(1).ok_or("usage: prune DEV_DIR MIN [--write]")?);
    let min: f32 = args.get(2).ok_or("MIN")?.parse()?;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/quotes.bin");
    let mut models = Models::from_bytes(&std::fs::read(&path)?)?;
    models.cues.prune(min);
    if let Some(b) = args.get(3).and_then(|s| s.parse::<f32>().ok()) {
        models.cues.bias[3] = b;
        models.roles.bias[0] = 0.0;
    }
    models.roles.prune(min);
    let articles = dyad_quotes::brat::read_dir(&dir)?;
    let report = dyad_quotes::eval_articles(&articles, |t| extract(t, &models).1);
    let bytes = models.to_bytes();
    println!(
        "min {min}: features {} + {}, {} bytes",
        models.cues.w.len(),
        models.roles.w.len(),
        bytes.len()
    );
    println!("{report}");
    if args.iter().any(|a| a == "--write") {
        std::fs::write(&path, bytes)?;
    }
    Ok(())
}
