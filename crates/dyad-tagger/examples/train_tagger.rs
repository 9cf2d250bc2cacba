//! Train the tagger: `cargo run --release -p dyad-tagger --features train
//! --example train_tagger -- TRAIN.conllu DEV.conllu OUT.bin [epochs]`.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: train_tagger TRAIN.conllu DEV.conllu|- OUT.bin [epochs]");
        std::process::exit(2);
    }
    let mut opts = dyad_tagger::TrainOptions::default();
    if let Some(e) = args.get(3) {
        opts.epochs = e.parse().expect("epochs");
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
