//! Train the tagger:
//! `cargo run --release -p dyad-tagger --features train --example train_tagger --
//! TRAIN.conllu DEV.conllu|- OUT.bin [option=value…]` where options are the
//! fields of `TrainOptions` (epochs, lemma_epochs, seed, min_weight,
//! amb_min_count, amb_min_share, fixed_min_count, fixed_min_share,
//! second_pass_folds (0: one pass); `clusters=FILE|-`,
//! default `models/clusters.tsv`, `-`: no word-cluster features; see models/tagger.md).

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: train_tagger TRAIN.conllu DEV.conllu|- OUT.bin [option=value…]");
        std::process::exit(2);
    }
    let mut opts = dyad_tagger::TrainOptions::default();
    for kv in &args[3..] {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let bad = || -> ! {
            eprintln!("bad option {kv:?}");
            std::process::exit(2)
        };
        match k {
            "epochs" => opts.epochs = v.parse().unwrap_or_else(|_| bad()),
            "lemma_epochs" => opts.lemma_epochs = v.parse().unwrap_or_else(|_| bad()),
            "lemma_rare_max" => opts.lemma_rare_max = v.parse().unwrap_or_else(|_| bad()),
            "amb_folds" => opts.amb_folds = v.parse().unwrap_or_else(|_| bad()),
            "seed" => opts.seed = v.parse().unwrap_or_else(|_| bad()),
            "min_weight" => opts.min_weight = v.parse().unwrap_or_else(|_| bad()),
            "amb_min_count" => opts.amb_min_count = v.parse().unwrap_or_else(|_| bad()),
            "amb_min_share" => opts.amb_min_share = v.parse().unwrap_or_else(|_| bad()),
            "fixed_min_count" => opts.fixed_min_count = v.parse().unwrap_or_else(|_| bad()),
            "fixed_min_share" => opts.fixed_min_share = v.parse().unwrap_or_else(|_| bad()),
            "clusters" => opts.clusters = (v != "-").then(|| v.into()),
            "second_pass_folds" => opts.second_pass_folds = v.parse().unwrap_or_else(|_| bad()),
            _ => bad(),
        }
    }
    let dev = (args[1] != "-").then(|| Path::new(&args[1]));
    match dyad_tagger::train(Path::new(&args[0]), dev, Path::new(&args[2]), &opts) {
        Ok(report) => println!("{report}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
