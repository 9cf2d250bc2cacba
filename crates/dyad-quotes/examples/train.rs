//! Train the quote tagger on PolNeAR train, pick the epoch on dev, write
//! `models/quotes.bin` and print the dev report. Articles are read with the
//! standard pipeline's parse, as the stage reads them in `dyad`.
//!
//! `cargo run --release -p dyad-quotes --example train -- [DATA] [EPOCHS] [PRUNE] [--half-unparsed]`
//! (DATA defaults to `$DYAD_DATA` or `../shared/data`).

use std::path::PathBuf;

use dyad_quotes::extract::Analysis;

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let data = args
        .get(1)
        .cloned()
        .or_else(|| std::env::var("DYAD_DATA").ok())
        .unwrap_or_else(|| "../shared/data".into());
    let epochs: usize = args.get(2).map_or(Ok(12), |s| s.parse())?;
    let prune: f32 = args.get(3).map_or(Ok(10.0), |s| s.parse())?;
    let root = PathBuf::from(data).join("polnear");
    let train = dyad_quotes::brat::read_dir(&root.join("train"))?;
    let dev = dyad_quotes::brat::read_dir(&root.join("dev"))?;
    eprintln!("train {} articles, dev {}", train.len(), dev.len());
    let analyse = |articles: &[dyad_quotes::GoldArticle]| -> Result<Vec<Analysis>, Box<dyn std::error::Error>> {
        let tokens = common::parsed(articles)?;
        Ok(articles
            .iter()
            .zip(&tokens)
            .map(|(a, t)| Analysis::with_tokens(&a.text, t))
            .collect())
    };
    let (mut train_an, dev_an) = (analyse(&train)?, analyse(&dev)?);
    // `--half-unparsed`: every second training article is read without
    // the parse, so that the model also serves text given without one.
    if args.iter().any(|a| a == "--half-unparsed") {
        for (i, (a, an)) in train.iter().zip(train_an.iter_mut()).enumerate() {
            if i % 2 == 1 {
                *an = Analysis::new(&a.text);
            }
        }
    }
    eprintln!("parsed");
    let (model, report) =
        dyad_quotes::train::train((&train, &train_an), (&dev, &dev_an), epochs, prune, |l| {
            eprintln!("{l}")
        });
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/quotes.bin");
    std::fs::write(&out, model.to_bytes())?;
    eprintln!(
        "wrote {} ({} + {} features)",
        out.display(),
        model.cues.w.len(),
        model.roles.w.len()
    );
    println!("{report}");
    Ok(())
}
