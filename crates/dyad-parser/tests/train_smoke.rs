//! Tiny deterministic training run on hand-written sentences (feature
//! `train`).

use std::fmt::Write as _;

use dyad_parser::{Parser, TrainOptions, train};

/// Hand-made trees: (form, upos, xpos, head, deprel) per word.
type Word = (
    &'static str,
    &'static str,
    &'static str,
    usize,
    &'static str,
);

const SENTENCES: &[&[Word]] = &[
    &[
        ("Leaders", "NOUN", "NNS", 2, "nsubj"),
        ("met", "VERB", "VBD", 0, "root"),
        ("in", "ADP", "IN", 4, "case"),
        ("Riyadh", "PROPN", "NNP", 2, "obl"),
        (".", "PUNCT", ".", 2, "punct"),
    ],
    &[
        ("The", "DET", "DT", 2, "det"),
        ("army", "NOUN", "NN", 3, "nsubj"),
        ("shelled", "VERB", "VBD", 0, "root"),
        ("the", "DET", "DT", 5, "det"),
        ("town", "NOUN", "NN", 3, "obj"),
        (".", "PUNCT", ".", 3, "punct"),
    ],
    &[
        ("She", "PRON", "PRP", 2, "nsubj"),
        ("said", "VERB", "VBD", 0, "root"),
        ("talks", "NOUN", "NNS", 5, "nsubj"),
        ("will", "AUX", "MD", 5, "aux"),
        ("resume", "VERB", "VB", 2, "ccomp"),
        (".", "PUNCT", ".", 2, "punct"),
    ],
    &[
        ("Ministers", "NOUN", "NNS", 2, "nsubj"),
        ("signed", "VERB", "VBD", 0, "root"),
        ("a", "DET", "DT", 4, "det"),
        ("deal", "NOUN", "NN", 2, "obj"),
        ("on", "ADP", "IN", 6, "case"),
        ("Monday", "PROPN", "NNP", 2, "obl"),
    ],
];

fn conllu() -> String {
    let mut out = String::new();
    for s in SENTENCES {
        for (i, (form, upos, xpos, head, rel)) in s.iter().enumerate() {
            writeln!(
                out,
                "{}\t{form}\t_\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t_",
                i + 1
            )
            .expect("write to string");
        }
        out.push('\n');
    }
    out
}

/// A temporary folder holding the hand-made treebank as `tiny.conllu`.
fn tiny_data(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("dyad-parser-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let data = dir.join("tiny.conllu");
    std::fs::write(&data, conllu()).expect("write data");
    (dir, data)
}

/// Train twice with the same options into `a.bin` and `b.bin` of `dir`;
/// checks the two files are byte-identical and returns the first report
/// and bytes.
fn train_twice(
    dir: &std::path::Path,
    data: &std::path::Path,
    opts: &TrainOptions,
) -> (dyad_parser::TrainReport, Vec<u8>) {
    let (a, b) = (dir.join("a.bin"), dir.join("b.bin"));
    let ra = train(data, Some(data), &a, opts).expect("train a");
    train(data, Some(data), &b, opts).expect("train b");
    let (ba, bb) = (std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    assert_eq!(ba, bb, "same options, same model bytes");
    let best = ra.dev.iter().map(|e| e.uas).fold(0.0, f64::max);
    assert!(best > 90.0, "fits its training data: {:?}", ra.dev);
    (ra, ba)
}

#[test]
fn tiny_training_is_deterministic_and_fits() {
    let (dir, data) = tiny_data("train");
    // No pruning: weights trained on four sentences are all small.
    let opts = TrainOptions {
        epochs: 8,
        min_weight: 0.0,
        label_min_weight: 0.0,
        ..TrainOptions::default()
    };
    let (ra, _) = train_twice(&dir, &data, &opts);
    let a = dir.join("a.bin");
    assert_eq!(ra.sentences, SENTENCES.len());
    assert_eq!(ra.relations, 8);
    assert_eq!(ra.dev.len(), 8);

    let p = Parser::load(&a).expect("trained model loads");
    let s = SENTENCES[1];
    let words: Vec<(&str, &str, &str)> = s.iter().map(|w| (w.0, w.1, w.2)).collect();
    let arcs = p.parse(&words);
    let heads: Vec<usize> = arcs.iter().map(|a| a.head.map_or(0, |h| h + 1)).collect();
    let gold: Vec<usize> = s.iter().map(|w| w.3).collect();
    assert_eq!(heads, gold);

    // A different seed still trains (and the file differs or not, but loads).
    let c = dir.join("c.bin");
    let other = TrainOptions {
        seed: 7,
        ..opts.clone()
    };
    train(&data, None, &c, &other).expect("train c");
    Parser::load(&c).expect("c loads");

    // Bad training data names the file.
    let bad = dir.join("bad.conllu");
    std::fs::write(&bad, "1\tword\n").expect("write bad");
    let err = train(&bad, None, &dir.join("d.bin"), &opts).expect_err("bad data");
    assert!(err.to_string().contains("bad.conllu"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tiny_beam_training_is_deterministic_and_fits() {
    let (dir, data) = tiny_data("beam");
    let opts = TrainOptions {
        epochs: 8,
        min_weight: 0.0,
        label_min_weight: 0.0,
        beam: 4,
        extra_min_weights: vec![0.5],
        ..TrainOptions::default()
    };
    let (_, ba) = train_twice(&dir, &data, &opts);
    let a = dir.join("a.bin");
    let p = Parser::load(&a).expect("trained model loads");
    assert_eq!((p.trained_beam(), p.beam_width()), (4, 4));
    assert_eq!(p.to_bytes(), ba, "the beam width survives a round trip");
    let pruned = Parser::load(&dir.join("a.bin.w0.5")).expect("pruned variant loads");
    assert_eq!(pruned.trained_beam(), 4);
    for s in SENTENCES {
        let words: Vec<(&str, &str, &str)> = s.iter().map(|w| (w.0, w.1, w.2)).collect();
        for k in [1, 4, 16] {
            let q = p.clone().with_beam(k);
            let arcs = q.parse(&words);
            assert_eq!(arcs.len(), words.len());
            assert_eq!(arcs.iter().filter(|a| a.head.is_none()).count(), 1);
        }
    }
    let s = SENTENCES[2];
    let words: Vec<(&str, &str, &str)> = s.iter().map(|w| (w.0, w.1, w.2)).collect();
    let heads: Vec<usize> = p
        .parse(&words)
        .iter()
        .map(|a| a.head.map_or(0, |h| h + 1))
        .collect();
    let gold: Vec<usize> = s.iter().map(|w| w.3).collect();
    assert_eq!(heads, gold);
    let _ = std::fs::remove_dir_all(&dir);
}
