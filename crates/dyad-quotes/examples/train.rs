//! Train the quote tagger on PolNeAR train, pick the epoch on dev, write
//! `models/quotes.bin` and print the dev report. Articles are read with the
//! standard pipeline's parse, as the stage reads them in `dyad`.
//!
//! `cargo run --release -p dyad-quotes --example train -- [DATA] [EPOCHS] [PRUNE] [--half-unparsed | --both-views] [--all-annotators] [--seed N] [--fold K/N] [--out FILE]`
//! (DATA defaults to `$DYAD_DATA` or `../shared/data`; `--out` writes the
//! model to FILE instead of `models/quotes.bin`).

use std::path::PathBuf;

use dyad_quotes::extract::Analysis;

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let data = common::data_dir(&args);
    let epochs: usize = args.get(2).map_or(Ok(12), |s| s.parse())?;
    let prune: f32 = args.get(3).map_or(Ok(10.0), |s| s.parse())?;
    // `--seed N`: another fixed article order (0, the default, is the
    // original one).
    let seed: u64 = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(0), |s| s.parse())?;
    let root = PathBuf::from(data).join("polnear");
    let mut train = dyad_quotes::brat::read_dir(&root.join("train"))?;
    let first_count = train.len();
    // `--all-annotators`: articles annotated by several annotators are
    // also read with every other annotator's attributions (after all the
    // first annotators' ones; each copy has its own analysis).
    if args.iter().any(|a| a == "--all-annotators") {
        let meta = dyad_quotes::brat::read_metadata(&root.join("metadata.tsv"))?;
        let dir = root.join("train/attributions");
        let mut files: Vec<String> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        files.sort();
        let mut extra = Vec::new();
        for a in &train {
            let first = meta.get(&a.name).map(String::as_str).unwrap_or("");
            for f in &files {
                let Some(who) = f
                    .strip_prefix(a.name.as_str())
                    .and_then(|r| r.strip_prefix('_'))
                    .and_then(|r| r.strip_suffix(".ann"))
                else {
                    continue;
                };
                if who == first || who.contains('_') {
                    continue;
                }
                let path = dir.join(f);
                let ann = std::fs::read_to_string(&path)?;
                extra.push(dyad_quotes::GoldArticle {
                    name: a.name.clone(),
                    text: a.text.clone(),
                    attributions: dyad_quotes::brat::parse_ann(&path, &ann)?,
                });
            }
        }
        train.extend(extra);
    }
    // `--fold K/N`: leave out the articles of fold K of N (folds by a hash
    // of the article name, so every annotator's copy of an article falls
    // in one fold): the fold's articles are then unseen by the model, as
    // dev is, for training the acceptance model on its output
    // (`train_accept --fold-models`).
    if let Some(f) = args
        .iter()
        .position(|a| a == "--fold")
        .and_then(|i| args.get(i + 1))
    {
        let (k, n) = f.split_once('/').ok_or("--fold K/N")?;
        let (k, n): (u64, u64) = (k.parse()?, n.parse()?);
        train.retain(|a| common::fold_of(&a.name, n) != k);
    }
    let dev = dyad_quotes::brat::read_dir(&root.join("dev"))?;
    eprintln!(
        "train {} articles ({} annotations), dev {}",
        first_count,
        train.len(),
        dev.len()
    );
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
    // `--both-views`: every training article is read twice, with and
    // without the parse (the unparsed copies after all parsed ones).
    let train = if args.iter().any(|a| a == "--both-views") {
        let unparsed: Vec<Analysis> = train.iter().map(|a| Analysis::new(&a.text)).collect();
        train_an.extend(unparsed);
        let mut both = train.clone();
        both.extend(train);
        both
    } else {
        train
    };
    eprintln!("parsed");
    let (model, report) = dyad_quotes::train::train_seeded(
        (&train, &train_an),
        (&dev, &dev_an),
        epochs,
        prune,
        seed,
        |l| eprintln!("{l}"),
    );
    let out = common::out_path(&args);
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
