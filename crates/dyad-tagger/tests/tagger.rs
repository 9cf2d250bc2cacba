//! Tests of the committed model, the stage, bad model files and edge cases.

use std::path::{Path, PathBuf};

use dyad_doc::{Doc, Meta, Sentence, Span, Stage, Token, Upos};
use dyad_learn::ModelError;
use dyad_tagger::{Tagger, TaggerStage};

fn model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/tagger.bin")
}

fn model() -> Tagger {
    Tagger::load(&model_path()).expect("committed model loads")
}

/// Known outputs of the committed model on plain sentences: `word/UPOS/XPOS/lemma`.
const KNOWN: &[&str] = &[
    "The/DET/DT/the cat/NOUN/NN/cat sat/VERB/VBD/sit on/ADP/IN/on the/DET/DT/the mat/NOUN/NN/mat ./PUNCT/./.",
    "She/PRON/PRP/she was/AUX/VBD/be running/VERB/VBG/run quickly/ADV/RB/quickly ./PUNCT/./.",
    "I/PRON/PRP/I do/AUX/VBP/do n't/PART/RB/not know/VERB/VB/know ./PUNCT/./.",
    "Russia/PROPN/NNP/Russia and/CCONJ/CC/and Ukraine/PROPN/NNP/Ukraine began/VERB/VBD/begin talks/NOUN/NNS/talk on/ADP/IN/on Thursday/PROPN/NNP/Thursday ./PUNCT/./.",
    "The/DET/DT/the children/NOUN/NNS/child were/AUX/VBD/be better/ADJ/JJR/good than/ADP/IN/than us/PRON/PRP/we ./PUNCT/./.",
];

#[test]
fn committed_model_tags_known_sentences() {
    // Loaded from a file (copied) and from static bytes (used in place).
    let bytes: &'static [u8] = Box::leak(std::fs::read(model_path()).unwrap().into_boxed_slice());
    for t in [model(), Tagger::from_static(bytes, "tagger.bin").unwrap()] {
        known_sentences(&t);
    }
}

fn known_sentences(t: &Tagger) {
    for case in KNOWN {
        let gold: Vec<Vec<&str>> = case.split(' ').map(|w| w.split('/').collect()).collect();
        let words: Vec<&str> = gold.iter().map(|g| g[0]).collect();
        let got = t.tag(&words);
        assert_eq!(got.len(), words.len());
        for (g, o) in gold.iter().zip(&got) {
            assert_eq!(
                (o.upos.as_str(), o.xpos.as_str(), o.lemma.as_str()),
                (g[1], g[2], g[3]),
                "word {:?} in {case:?}",
                g[0]
            );
        }
    }
}

#[test]
fn committed_model_embeds_word_clusters() {
    let t = model();
    assert!(t.cluster_words() >= 90_000, "{}", t.cluster_words());
    assert!(t.info().contains("word clusters"), "{}", t.info());
}

/// A doc tokenized on spaces, one sentence per line.
fn doc_of(text: &str) -> Doc {
    let mut doc = Doc::new(text, Meta::default());
    let mut off = 0;
    for line in text.split('\n') {
        let start_tok = doc.tokens.len();
        let mut pos = off;
        for w in line.split(' ') {
            if !w.is_empty() {
                doc.tokens
                    .push(Token::new(Span::from_trusted(pos, pos + w.len())));
            }
            pos += w.len() + 1;
        }
        if doc.tokens.len() > start_tok {
            let first = doc.tokens[start_tok].span.start();
            let last = doc.tokens.last().unwrap().span.end();
            doc.sentences.push(Sentence {
                span: Span::from_trusted(first, last),
                token_start: start_tok,
                token_end: doc.tokens.len(),
                new_paragraph: false,
            });
        }
        off += line.len() + 1;
    }
    doc
}

#[test]
fn stage_fills_tags_and_lemmas() {
    let stage = TaggerStage::new(model());
    assert_eq!(stage.name(), "tagger");
    let mut doc = doc_of("The talks began in Riyadh .\nPeskov said nothing .");
    stage.process(&mut doc).unwrap();
    let got: Vec<(&str, Upos, &str)> = (0..doc.tokens.len())
        .map(|i| {
            let t = &doc.tokens[i];
            (
                doc.token_text(i),
                t.upos.unwrap(),
                t.lemma.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(got[1], ("talks", Upos::Noun, "talk"));
    assert_eq!(got[2], ("began", Upos::Verb, "begin"));
    assert_eq!(got[4].1, Upos::Propn);
    assert_eq!(got[7], ("said", Upos::Verb, "say"));
    assert!(doc.tokens.iter().all(|t| t.xpos.is_some()));
}

#[test]
fn stage_from_embedded_bytes() {
    let bytes = std::fs::read(model_path()).unwrap();
    let stage = TaggerStage::from_bytes(&bytes).unwrap();
    assert!(stage.tagger().n_tags() > 40);
    assert!(stage.tagger().info().contains("EWT"));
}

#[test]
fn bad_model_files_name_the_file() {
    let good = std::fs::read(model_path()).unwrap();
    let dir = std::env::temp_dir().join(format!("dyad-tagger-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut version = good.clone();
    version[8..12].copy_from_slice(&99u32.to_le_bytes());
    let mut model_version = good.clone();
    model_version[20..24].copy_from_slice(&99u32.to_le_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.bin",
            good[..good.len() / 3].to_vec(),
            "truncated",
        ),
        ("empty.bin", Vec::new(), "not a dyad model file"),
        (
            "magic.bin",
            b"\x7fELF not a model at all, just bytes".to_vec(),
            "not a dyad model file",
        ),
        (
            "version.bin",
            version,
            "unsupported model container version 99",
        ),
        (
            "model-version.bin",
            model_version,
            "unsupported tagger model version 99",
        ),
    ];
    for (name, bytes, want) in cases {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Tagger::load(&path).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{name}: {err}");
        assert!(err.contains(want), "{name}: {err}");
    }
    let err = Tagger::from_bytes(&good[..100]).unwrap_err();
    assert!(matches!(err, ModelError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("embedded tagger model"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn odd_input_does_not_panic() {
    let t = model();
    assert!(t.tag(&[]).is_empty());
    let long = "x".repeat(100_000);
    let odd = [
        "",
        "!!!",
        "…",
        "ÇA",
        "Дом",
        "日本語",
        "123,456.78",
        long.as_str(),
        "\u{200b}",
    ];
    let got = t.tag(&odd);
    assert_eq!(got.len(), odd.len());
    let many: Vec<&str> = std::iter::repeat_n("word", 5000).collect();
    assert_eq!(t.tag(&many).len(), 5000);
    // Tokens outside any sentence are tagged too.
    let mut doc = doc_of("ALL CAPS HEADLINE HERE");
    doc.sentences.clear();
    t.tag_doc(&mut doc);
    assert!(
        doc.tokens
            .iter()
            .all(|t| t.upos.is_some() && t.lemma.is_some())
    );
}

#[test]
fn dev_accuracy_of_committed_model() {
    let Some(dev) = dyad_testdata::path("ud-en-ewt/en_ewt-ud-dev.conllu") else {
        return;
    };
    let sents = dyad_conllu::read_path(&dev).unwrap();
    let tagger = model();
    assert!(tagger.two_pass(), "the committed model has a second pass");
    let acc = tagger.evaluate(&sents);
    eprintln!("EWT dev, gold tokens: {acc}");
    assert!(acc.words > 25_000);
    // 95.51 / 94.86 when committed.
    assert!(acc.upos >= 95.45, "{acc}");
    assert!(acc.xpos >= 94.8, "{acc}");
    assert!(acc.lemma >= 97.0, "{acc}");
}
