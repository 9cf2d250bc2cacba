//! Train the entity recogniser (what `dyad train ner` runs).
//!
//! ```text
//! cargo run --release -p dyad-ner --features train --example train_ner -- \
//!     [--data DIR] [--silver DIR] [--out models/ner.bin] [--epochs N] [--re3d-repeat N]
//!     [--min-weight W] [--seed N] [--tagger models/tagger.bin] (default: no tags)
//!     [--pos-dropout P] [--follow-gold | --follow-guess] [--mine N]
//!     [--fix-silver | --no-fix-silver] [--signoff-rate P] [--upper-rate P] [--lower-rate P]
//!     [--lower-silver-only | --lower-all] [--strip-the-places | --keep-the-places]
//!     [--strip-the-orgs | --keep-the-orgs] [--drop-common-silver | --keep-common-silver]
//!     [--gazetteer DIR] [--min-city-population N]
//!     [--silver-sets polnear-train,ewt-train] [--silver-repeat 1,2] (default 1,2)
//!     [--uner-folds K [--uner-repeat N]]   # K-fold CV on UNER dev instead (nothing written)
//! ```
//! Training data: re3d train split (gold, repeated), silver JSON lines in
//! `--silver` (`polnear-train.jsonl`, `ewt-train.jsonl`, made by
//! `scripts/bench/make_silver.py`). Dev: re3d dev split and UNER EWT dev,
//! scored after each epoch (never used for training).

use std::path::PathBuf;

use dyad_ner::train::{TrainOptions, TrainSet, train};
use dyad_ner::{
    GoldDoc, NerReport, eval_ner, eval_ner_with, load_iob2, load_jsonl, load_re3d, re3d_split,
};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut data = std::env::var("DYAD_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../shared/data"));
    let mut silver = PathBuf::from("/work/silver");
    let mut out = PathBuf::from("models/ner.bin");
    let mut opts = TrainOptions {
        geo_dir: Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/gazetteer"
        ))),
        ..TrainOptions::default()
    };
    let mut re3d_repeat = dyad_ner::train::RE3D_REPEAT;
    let mut uner_folds = 0usize;
    let mut silver_repeat: Vec<usize> = Vec::new();
    let mut uner_repeat = 2usize;
    let mut silver_sets = vec!["polnear-train".to_string(), "ewt-train".to_string()];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(val()?),
            "--silver" => silver = PathBuf::from(val()?),
            "--silver-sets" => {
                silver_sets = val()?
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "--out" => out = PathBuf::from(val()?),
            "--epochs" => opts.epochs = val()?.parse()?,
            "--seed" => opts.seed = val()?.parse()?,
            "--min-weight" => opts.min_weight = val()?.parse()?,
            "--re3d-repeat" => re3d_repeat = val()?.parse()?,
            "--tagger" => opts.tagger = Some(PathBuf::from(val()?)),
            "--no-tagger" => opts.tagger = None,
            "--pos-dropout" => opts.pos_dropout = val()?.parse()?,
            "--silver-repeat" => {
                silver_repeat = val()?
                    .split(',')
                    .map(|x| x.parse())
                    .collect::<Result<_, _>>()?
            }
            "--uner-folds" => uner_folds = val()?.parse()?,
            "--uner-repeat" => uner_repeat = val()?.parse()?,
            "--follow-gold" => opts.follow_gold = true,
            "--fix-silver" => opts.fix_silver = true,
            "--no-fix-silver" => opts.fix_silver = false,
            "--lower-silver-only" => opts.lower_silver_only = true,
            "--lower-all" => opts.lower_silver_only = false,
            "--strip-the-places" => opts.strip_the_places = true,
            "--keep-the-places" => opts.strip_the_places = false,
            "--strip-the-orgs" => opts.strip_the_orgs = true,
            "--keep-the-orgs" => opts.strip_the_orgs = false,
            "--drop-common-silver" => opts.drop_common_silver = true,
            "--keep-common-silver" => opts.drop_common_silver = false,
            "--signoff-rate" => opts.signoff_rate = val()?.parse()?,
            "--follow-guess" => opts.follow_gold = false,
            "--mine" => opts.mine_min_count = val()?.parse()?,
            "--upper-rate" => opts.upper_rate = val()?.parse()?,
            "--lower-rate" => opts.lower_rate = val()?.parse()?,
            "--gazetteer" => opts.geo_dir = Some(PathBuf::from(val()?)),
            "--min-city-population" => opts.min_city_population = val()?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let re3d = load_re3d(&data.join("re3d"))?;
    let (re3d_train, re3d_dev) = re3d_split(&re3d);
    let (uner, unaligned) = load_iob2(&data.join("uner-en-ewt/en_ewt-ud-dev.iob2"))?;
    eprintln!(
        "UNER dev: {} sentences, {unaligned} unaligned tokens",
        uner.len()
    );
    let mut sets = vec![TrainSet {
        name: "re3d train".into(),
        docs: re3d_train,
        repeat: re3d_repeat,
        split_locations: true,
    }];
    for (i, s) in silver_sets.iter().enumerate() {
        let p = silver.join(format!("{s}.jsonl"));
        sets.push(TrainSet {
            name: format!("silver {s}"),
            docs: load_jsonl(&p)?,
            repeat: silver_repeat
                .get(i)
                .copied()
                .unwrap_or(if s == "ewt-train" {
                    dyad_ner::train::EWT_SILVER_REPEAT
                } else {
                    1
                }),
            split_locations: false,
        });
    }
    if uner_folds > 1 {
        return cross_validate(&sets, &uner, uner_folds, uner_repeat, &opts);
    }
    let dev = vec![
        ("re3d dev".to_string(), re3d_dev.clone()),
        ("UNER EWT dev".to_string(), uner.clone()),
    ];
    let t0 = std::time::Instant::now();
    let ner = train(&sets, &dev, &opts, |l| eprintln!("{l}"))?;
    eprintln!("trained in {:.1}s", t0.elapsed().as_secs_f64());
    let bytes = ner.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    println!("{}", eval_ner(&ner, "dyad re3d dev (no tags)", &re3d_dev));
    println!("{}", eval_ner(&ner, "dyad UNER EWT dev (no tags)", &uner));
    Ok(())
}

/// K-fold cross-validation on UNER EWT dev (sentence i goes to fold
/// i mod K): each fold's model is trained on the usual sets plus the other
/// folds (repeated `repeat` times) and scored on its own fold; counts are
/// summed over folds. These models are not shipped.
fn cross_validate(
    sets: &[TrainSet],
    uner: &[GoldDoc],
    k: usize,
    repeat: usize,
    opts: &TrainOptions,
) -> Result<(), Box<dyn std::error::Error>> {
    let tagger = match &opts.tagger {
        Some(p) => Some(dyad_tagger::Tagger::load(p)?),
        None => None,
    };
    let mut total: Option<NerReport> = None;
    for f in 0..k {
        let (mut rest, mut held) = (Vec::new(), Vec::new());
        for (i, d) in uner.iter().enumerate() {
            if i % k == f {
                held.push(d.clone());
            } else {
                rest.push(d.clone());
            }
        }
        let mut s = sets.to_vec();
        s.push(TrainSet {
            name: format!("UNER dev minus fold {f}"),
            docs: rest,
            repeat,
            split_locations: false,
        });
        let ner = train(&s, &[], opts, |l| eprintln!("fold {f}: {l}"))?;
        let r = eval_ner_with(&ner, "fold", &held, |d| {
            if let Some(t) = &tagger {
                t.tag_doc(d);
            }
        });
        eprintln!("fold {f}: F1 {:.1}", r.headline().f1());
        total = Some(match total {
            None => r,
            Some(mut t) => {
                for c in 0..t.counts.len() {
                    t.counts[c].tp += r.counts[c].tp;
                    t.counts[c].gold += r.counts[c].gold;
                    t.counts[c].pred += r.counts[c].pred;
                    t.scored[c] |= r.scored[c];
                }
                t.docs += r.docs;
                t
            }
        });
    }
    if let Some(mut t) = total {
        t.name = format!("dyad UNER EWT dev, {k}-fold cross-validation (folds in training)");
        println!("{t}");
    }
    Ok(())
}
