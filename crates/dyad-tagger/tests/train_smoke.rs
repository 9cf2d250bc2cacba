//! Training smoke tests: deterministic bytes, a usable model.

#![cfg(feature = "train")]

use std::fmt::Write as _;
use std::path::PathBuf;

use dyad_tagger::{Tagger, TrainOptions, train};

/// A tiny hand-written treebank (our own sentences), enough to train on.
fn tiny_treebank() -> String {
    let sents: &[&[(&str, &str, &str, &str)]] = &[
        &[
            ("The", "the", "DET", "DT"),
            ("dog", "dog", "NOUN", "NN"),
            ("barks", "bark", "VERB", "VBZ"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("Dogs", "dog", "NOUN", "NNS"),
            ("were", "be", "AUX", "VBD"),
            ("running", "run", "VERB", "VBG"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("Anna", "Anna", "PROPN", "NNP"),
            ("likes", "like", "VERB", "VBZ"),
            ("the", "the", "DET", "DT"),
            ("cats", "cat", "NOUN", "NNS"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("A", "a", "DET", "DT"),
            ("cat", "cat", "NOUN", "NN"),
            ("ran", "run", "VERB", "VBD"),
            ("home", "home", "ADV", "RB"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("She", "she", "PRON", "PRP"),
            ("studies", "study", "VERB", "VBZ"),
            ("maps", "map", "NOUN", "NNS"),
            (".", ".", "PUNCT", "."),
        ],
    ];
    let mut out = String::new();
    for r in 0..60 {
        let s = sents[r % sents.len()];
        writeln!(out, "# sent_id = s{r}").unwrap();
        for (i, (form, lemma, upos, xpos)) in s.iter().enumerate() {
            let head = if i == 1 { 0 } else { 2 };
            let rel = if i == 1 { "root" } else { "dep" };
            writeln!(
                out,
                "{}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t_",
                i + 1
            )
            .unwrap();
        }
        out.push('\n');
    }
    out
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-tagger-train-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn tiny_training_is_deterministic_and_learns() {
    let tb = tmp("tiny.conllu");
    std::fs::write(&tb, tiny_treebank()).unwrap();
    let opts = TrainOptions {
        epochs: 3,
        lemma_epochs: 2,
        ..TrainOptions::default()
    };
    let (a, b) = (tmp("a.bin"), tmp("b.bin"));
    let ra = train(&tb, Some(&tb), &a, &opts).unwrap();
    train(&tb, Some(&tb), &b, &opts).unwrap();
    let (ba, bb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(ba, bb, "training is not deterministic");
    assert_eq!(ra.model_bytes, ba.len());
    // Three epochs of the first pass, then three of the second.
    assert_eq!(ra.dev_by_epoch.len(), 6);
    let t = Tagger::load(&a).unwrap();
    let got = t.tag(&["The", "cat", "barks", "."]);
    let tags: Vec<&str> = got.iter().map(|g| g.upos.as_str()).collect();
    assert_eq!(tags, ["DET", "NOUN", "VERB", "PUNCT"]);
    assert_eq!(got[2].lemma, "bark");
    // One pass only.
    let one = TrainOptions {
        second_pass_folds: 0,
        ..opts
    };
    let r1 = train(&tb, Some(&tb), &a, &one).unwrap();
    assert_eq!(r1.dev_by_epoch.len(), 3);
    assert_eq!(r1.second_pass_epoch, None);
    assert!(!Tagger::load(&a).unwrap().two_pass());
}

#[test]
fn bad_training_data_names_the_file() {
    let tb = tmp("bad.conllu");
    std::fs::write(&tb, "1\tx\tx\tNOTATAG\tX\t_\t0\troot\t_\t_\n\n").unwrap();
    let err = train(&tb, None, &tmp("never.bin"), &TrainOptions::default()).unwrap_err();
    assert!(err.to_string().contains("bad.conllu"), "{err}");
}

#[test]
fn ewt_subset_training_is_deterministic() {
    let Some(tr) = dyad_testdata::path("ud-en-ewt/en_ewt-ud-train.conllu") else {
        return;
    };
    let opts = TrainOptions {
        epochs: 2,
        lemma_epochs: 1,
        max_sentences: Some(300),
        ..TrainOptions::default()
    };
    let (a, b) = (tmp("ewt-a.bin"), tmp("ewt-b.bin"));
    train(&tr, None, &a, &opts).unwrap();
    train(&tr, None, &b, &opts).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn clusters_are_embedded_or_left_out() {
    let tb = tmp("tiny-cl.conllu");
    std::fs::write(&tb, tiny_treebank()).unwrap();
    let cl = tmp("clusters.tsv");
    std::fs::write(
        &cl,
        "# test clusters\ncat\t1\t2\t3\t4\ndog\t1\t2\t3\t4\nbarks\t5\t6\t7\t8\n",
    )
    .unwrap();
    for (clusters, words) in [(Some(cl.clone()), 3), (None, 0)] {
        let opts = TrainOptions {
            epochs: 2,
            lemma_epochs: 1,
            clusters,
            ..TrainOptions::default()
        };
        let out = tmp("cl.bin");
        train(&tb, None, &out, &opts).unwrap();
        let t = Tagger::load(&out).unwrap();
        assert_eq!(t.cluster_words(), words);
        assert_eq!(t.tag(&["The", "dog", "barks", "."]).len(), 4);
    }
}

#[test]
fn bad_cluster_file_names_file_and_line() {
    let tb = tmp("tiny-badcl.conllu");
    std::fs::write(&tb, tiny_treebank()).unwrap();
    let cl = tmp("bad-clusters.tsv");
    std::fs::write(&cl, "# header\ncat\t1\t2\t3\t4\ndog\t1\tx\t3\t4\n").unwrap();
    let opts = TrainOptions {
        clusters: Some(cl),
        ..TrainOptions::default()
    };
    let err = train(&tb, None, &tmp("never-cl.bin"), &opts).unwrap_err();
    assert!(err.to_string().contains("bad-clusters.tsv:3"), "{err}");
}
