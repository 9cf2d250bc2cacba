//! Prune the embedded models at a threshold, report dev scores and size,
//! and (with `--write`) write the pruned models to `models/quotes.bin`.
//!
//! `cargo run --release -p dyad-quotes --example prune -- DEV_DIR MIN_ROLES [MIN_CUES] [--cue-bias B] [--from FILE | --average A,B,…] [--write [--out FILE]]`
//! (`--out` writes to FILE instead of `models/quotes.bin`).

use std::path::PathBuf;

use dyad_quotes::extract::{Analysis, Models};

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(
        args.get(1)
            .ok_or("usage: prune DEV_DIR MIN_ROLES [MIN_CUES] [--write]")?,
    );
    let min: f32 = args.get(2).ok_or("MIN")?.parse()?;
    let cue_min: f32 = args.get(3).map_or(Ok(min), |s| s.parse())?;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/quotes.bin");
    let from = args
        .iter()
        .position(|a| a == "--from")
        .and_then(|i| args.get(i + 1))
        .map_or(path.clone(), PathBuf::from);
    // `--average A,B,…`: the mean of several trained models (trained on
    // other article orders) instead of one.
    let mut models = match args
        .iter()
        .position(|a| a == "--average")
        .and_then(|i| args.get(i + 1))
    {
        Some(list) => {
            let all = list
                .split(',')
                .map(|f| Models::from_bytes(&std::fs::read(f)?).map_err(Into::into))
                .collect::<Result<Vec<Models>, Box<dyn std::error::Error>>>()?;
            let cues: Vec<&dyad_quotes::tagger::Model> = all.iter().map(|m| &m.cues).collect();
            let roles: Vec<&dyad_quotes::tagger::Model> = all.iter().map(|m| &m.roles).collect();
            Models {
                cues: dyad_quotes::tagger::Model::average(&cues),
                roles: dyad_quotes::tagger::Model::average(&roles),
            }
        }
        None => Models::from_bytes(&std::fs::read(&from)?)?,
    };
    models.cues.prune(cue_min);
    if let Some(i) = args.iter().position(|a| a == "--cue-bias") {
        let b: f32 = args.get(i + 1).ok_or("--cue-bias B")?.parse()?;
        models.set_cue_bias(b);
    }
    models.roles.prune(min);
    let articles = dyad_quotes::brat::read_dir(&dir)?;
    let analyses: Vec<Analysis> = articles
        .iter()
        .zip(common::parsed(&articles)?)
        .map(|(a, t)| Analysis::with_tokens(&a.text, &t))
        .collect();
    // Scored without the acceptance model (fitted to the shipped cue model).
    let report = dyad_quotes::train::evaluate(&models, &articles, &analyses);
    let bytes = models.to_bytes();
    println!(
        "min {min}: features {} + {}, {} bytes",
        models.cues.w.len(),
        models.roles.w.len(),
        bytes.len()
    );
    println!("{report}");
    if args.iter().any(|a| a == "--write") {
        std::fs::write(common::out_path(&args), bytes)?;
    }
    Ok(())
}
