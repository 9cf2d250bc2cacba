//! Predicted tags for parser training: jackknife the tagger over the
//! training file (train on K-1 folds, tag the held-out fold) and tag the dev
//! file with a given tagger model.
//!
//! `cargo run --release -p dyad-parser --features jackknife --example
//! jackknife_tags -- TRAIN.conllu DEV.conllu TAGGER.bin OUT_DIR [K]`
//! writes `OUT_DIR/train.tagged.conllu` and `OUT_DIR/dev.tagged.conllu`
//! (the input trees with predicted UPOS and XPOS).

use std::fmt::Write as _;
use std::path::Path;

use dyad_conllu::Sentence;
use dyad_tagger::Tagger;

fn write_conllu(sents: &[Sentence], tags: &[Vec<(String, String)>], path: &Path) {
    let mut out = String::new();
    for (si, s) in sents.iter().enumerate() {
        for (wi, w) in s.words.iter().enumerate() {
            let (upos, xpos) = tags
                .get(si)
                .and_then(|t| t.get(wi))
                .map_or((w.upos.as_str(), w.xpos.as_str()), |(u, x)| {
                    (u.as_str(), x.as_str())
                });
            writeln!(
                out,
                "{}\t{}\t{}\t{upos}\t{xpos}\t_\t{}\t{}\t_\t_",
                w.id, w.form, w.lemma, w.head, w.deprel
            )
            .expect("write to string");
        }
        out.push('\n');
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn tag_all(tagger: &Tagger, sents: &[Sentence]) -> Vec<Vec<(String, String)>> {
    sents
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tagger
                .tag(&words)
                .into_iter()
                .map(|t| (t.upos.as_str().to_string(), t.xpos))
                .collect()
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: jackknife_tags TRAIN.conllu DEV.conllu TAGGER.bin OUT_DIR [K]");
        std::process::exit(2);
    }
    let (train, dev, model, out) = (
        Path::new(&args[0]),
        Path::new(&args[1]),
        Path::new(&args[2]),
        Path::new(&args[3]),
    );
    let k: usize = args.get(4).map_or(5, |a| a.parse().expect("K is a number"));
    std::fs::create_dir_all(out).expect("output directory");
    let sents = dyad_conllu::read_path(train).expect("train reads");
    let dev_sents = dyad_conllu::read_path(dev).expect("dev reads");
    let n = sents.len();
    let mut tags: Vec<Vec<(String, String)>> = vec![Vec::new(); n];
    for fold in 0..k {
        let (lo, hi) = (fold * n / k, (fold + 1) * n / k);
        let rest: Vec<Sentence> = sents[..lo].iter().chain(&sents[hi..]).cloned().collect();
        let fold_train = out.join(format!("fold{fold}-train.conllu"));
        let fold_model = out.join(format!("fold{fold}-tagger.bin"));
        write_conllu(&rest, &[], &fold_train);
        let report = dyad_tagger::train(
            &fold_train,
            Some(dev),
            &fold_model,
            &dyad_tagger::TrainOptions::default(),
        )
        .expect("tagger trains");
        eprintln!(
            "fold {fold}: {}",
            report.dev.map_or(String::new(), |d| d.to_string())
        );
        let tagger = Tagger::load(&fold_model).expect("fold model loads");
        for (i, t) in tag_all(&tagger, &sents[lo..hi]).into_iter().enumerate() {
            tags[lo + i] = t;
        }
    }
    write_conllu(&sents, &tags, &out.join("train.tagged.conllu"));
    let tagger = Tagger::load(model).expect("tagger model loads");
    let dev_tags = tag_all(&tagger, &dev_sents);
    write_conllu(&dev_sents, &dev_tags, &out.join("dev.tagged.conllu"));
    let (mut total, mut both) = (0usize, 0usize);
    for (s, t) in sents.iter().zip(&tags) {
        for (w, (u, x)) in s.words.iter().zip(t) {
            total += 1;
            both += usize::from(&w.upos == u && &w.xpos == x);
        }
    }
    eprintln!(
        "jackknifed train UPOS+XPOS accuracy {:.2}",
        100.0 * both as f64 / total.max(1) as f64
    );
}
