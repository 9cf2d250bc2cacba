//! Train the parser: `cargo run --release -p dyad-parser --features train
//! --example train_parser -- TRAIN.conllu DEV.conllu OUT.bin [epochs]`.
//!
//! Environment: `DYAD_BEAM=k` trains the beam-search model (global
//! structured perceptron, beam `k`); `DYAD_EXTRA_MIN_WEIGHTS=x,y` also
//! writes `OUT.wx`, `OUT.wy` pruned at those move-weight magnitudes; see
//! `TrainOptions` for the others (`DYAD_MIN_WEIGHT`, `DYAD_LIMIT`, ...).

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: train_parser TRAIN.conllu DEV.conllu|- OUT.bin [epochs] [tag_noise]");
        std::process::exit(2);
    }
    let mut opts = dyad_parser::TrainOptions::default();
    if let Some(e) = args.get(3) {
        opts.epochs = e.parse().expect("epochs is a number");
    }
    if let Some(n) = args.get(4) {
        opts.tag_noise = n.parse().expect("tag noise is a number");
    }
    if let Ok(p) = std::env::var("DYAD_TRAIN_TAGS") {
        opts.train_tags = Some(p.into());
    }
    if let Ok(p) = std::env::var("DYAD_DEV_TAGS") {
        opts.dev_tags = Some(p.into());
    }
    if let Ok(w) = std::env::var("DYAD_MIN_WEIGHT") {
        opts.min_weight = w.parse().expect("min weight is a number");
    }
    if let Ok(e) = std::env::var("DYAD_EXPLORE_FROM") {
        opts.explore_from = e.parse().expect("epoch index");
    }
    if let Ok(p) = std::env::var("DYAD_EXPLORE_P") {
        opts.explore_p = p.parse().expect("probability");
    }
    if let Ok(w) = std::env::var("DYAD_LABEL_MIN_WEIGHT") {
        opts.label_min_weight = w.parse().expect("min weight is a number");
    }
    if let Ok(p) = std::env::var("DYAD_CLUSTERS") {
        opts.clusters = (p != "-").then(|| p.into());
    }
    if let Ok(k) = std::env::var("DYAD_BEAM") {
        opts.beam = k.parse().expect("beam width");
    }
    if let Ok(w) = std::env::var("DYAD_EXTRA_MIN_WEIGHTS") {
        opts.extra_min_weights = w
            .split(',')
            .map(|x| x.parse().expect("min weight is a number"))
            .collect();
    }
    if let Ok(s) = std::env::var("DYAD_LIMIT") {
        opts.limit = Some(s.parse().expect("sentence count"));
    }
    let dev = (args[1] != "-").then(|| Path::new(&args[1]));
    let start = std::time::Instant::now();
    match dyad_parser::train(Path::new(&args[0]), dev, Path::new(&args[2]), &opts) {
        Ok(r) => {
            println!("{r:#?}");
            println!("training took {:.1}s", start.elapsed().as_secs_f64());
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
