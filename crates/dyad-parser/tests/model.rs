//! Tests against the committed model `models/parser.bin`.

use std::path::{Path, PathBuf};

use dyad_doc::{Doc, Layer, LayerSet, Meta, Sentence, Stage, Token, Upos};
use dyad_parser::{Arc, Parser, ParserError, ParserStage};

fn model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/parser.bin")
}

fn parser() -> Parser {
    Parser::load(&model_path()).expect("committed parser model loads")
}

/// Whether `arcs` form a tree: one root, heads in range, no cycles.
fn assert_tree(arcs: &[Arc<'_>]) {
    let n = arcs.len();
    assert_eq!(arcs.iter().filter(|a| a.head.is_none()).count(), 1);
    for (i, a) in arcs.iter().enumerate() {
        if let Some(h) = a.head {
            assert!(h < n && h != i, "word {i} has head {h}");
        } else {
            assert_eq!(a.deprel, "root");
        }
        // Following heads from any word reaches the root within n steps.
        let (mut j, mut steps) = (i, 0);
        while let Some(h) = arcs[j].head {
            j = h;
            steps += 1;
            assert!(steps <= n, "cycle through word {i}");
        }
    }
}

fn parse<'p>(p: &'p Parser, s: &[(&str, &str, &str)]) -> Vec<Arc<'p>> {
    let arcs = p.parse(s);
    assert_eq!(arcs.len(), s.len());
    assert_tree(&arcs);
    arcs
}

#[test]
fn known_heads() {
    // Loaded from a file (copied) and from static bytes (used in place).
    let bytes: &'static [u8] = Box::leak(std::fs::read(model_path()).unwrap().into_boxed_slice());
    for p in [parser(), Parser::from_static(bytes, "parser.bin").unwrap()] {
        known_heads_of(&p);
    }
}

fn known_heads_of(p: &Parser) {
    // (sentence, [(dependent, head or None, relation)])
    type Case<'a> = (
        &'a [(&'a str, &'a str, &'a str)],
        &'a [(usize, Option<usize>, &'a str)],
    );
    let cases: &[Case<'_>] = &[
        (
            &[
                ("Trump", "PROPN", "NNP"),
                ("spoke", "VERB", "VBD"),
                ("with", "ADP", "IN"),
                ("Putin", "PROPN", "NNP"),
                ("on", "ADP", "IN"),
                ("Wednesday", "PROPN", "NNP"),
                (".", "PUNCT", "."),
            ],
            &[
                (0, Some(1), "nsubj"),
                (1, None, "root"),
                (2, Some(3), "case"),
                (3, Some(1), "obl"),
                (6, Some(1), "punct"),
            ],
        ),
        (
            &[
                ("The", "DET", "DT"),
                ("minister", "NOUN", "NN"),
                ("said", "VERB", "VBD"),
                ("the", "DET", "DT"),
                ("talks", "NOUN", "NNS"),
                ("would", "AUX", "MD"),
                ("resume", "VERB", "VB"),
                ("soon", "ADV", "RB"),
                (".", "PUNCT", "."),
            ],
            &[
                (0, Some(1), "det"),
                (1, Some(2), "nsubj"),
                (2, None, "root"),
                (4, Some(6), "nsubj"),
                (5, Some(6), "aux"),
                (6, Some(2), "ccomp"),
            ],
        ),
        (
            &[
                ("Russia", "PROPN", "NNP"),
                ("attacked", "VERB", "VBD"),
                ("Ukrainian", "ADJ", "JJ"),
                ("cities", "NOUN", "NNS"),
            ],
            &[
                (0, Some(1), "nsubj"),
                (1, None, "root"),
                (2, Some(3), "amod"),
                (3, Some(1), "obj"),
            ],
        ),
    ];
    for (sent, expect) in cases {
        let arcs = parse(p, sent);
        for &(d, h, rel) in *expect {
            assert_eq!(
                (arcs[d].head, arcs[d].deprel),
                (h, rel),
                "word {:?} in {:?}",
                sent[d].0,
                sent.iter().map(|w| w.0).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn bad_model_files_name_the_file() {
    let good = std::fs::read(model_path()).expect("model readable");
    let dir = std::env::temp_dir().join(format!("dyad-parser-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.bin", good[..good.len() / 2].to_vec()),
        ("garbage.bin", b"this is not a model at all".to_vec()),
        ("empty.bin", Vec::new()),
        ("flipped.bin", {
            let mut b = good.clone();
            let i = b.len() - 10;
            b[i] ^= 0xff;
            b
        }),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).expect("write temp model");
        let err = Parser::load(&path).expect_err(name);
        let msg = err.to_string();
        assert!(
            msg.contains(name),
            "{name}: error does not name the file: {msg}"
        );
    }
    let missing = dir.join("missing.bin");
    let err = Parser::load(&missing).expect_err("missing file");
    assert!(err.to_string().contains("missing.bin"));
    assert!(matches!(err, ParserError::Model(_)));
    let _ = std::fs::remove_dir_all(&dir);
    // Round trip of the good bytes.
    let p = Parser::from_bytes(&good).expect("good bytes load");
    assert_eq!(p.to_bytes(), good);
}

#[test]
fn long_sentence_is_a_tree() {
    let p = parser();
    let words = [
        ("the", "DET", "DT"),
        ("dog", "NOUN", "NN"),
        ("saw", "VERB", "VBD"),
        ("a", "DET", "DT"),
        ("cat", "NOUN", "NN"),
        ("and", "CCONJ", "CC"),
        (",", "PUNCT", ","),
        ("then", "ADV", "RB"),
        ("ran", "VERB", "VBD"),
    ];
    let sent: Vec<(&str, &str, &str)> = (0..5000).map(|i| words[i % words.len()]).collect();
    parse(&p, &sent);
    // Degenerate inputs.
    parse(&p, &[("x", "NOUN", "NN")]);
    parse(&p, &vec![(".", "PUNCT", "."); 300]);
    parse(&p, &[("", "", ""), ("\u{0}", "???", "")]);
}

/// Tagged tokens as `(start, end, upos, xpos)`.
type Toks<'a> = &'a [(usize, usize, Upos, &'a str)];

/// A document of `text` with the given tagged tokens and sentences (token
/// ranges).
fn tagged_doc(text: &str, toks: Toks<'_>, sentences: &[(usize, usize)]) -> Doc {
    let mut doc = Doc::new(text, Meta::default());
    for &(s, e, upos, tag) in toks {
        let mut t = Token::new(doc.span(s, e).expect("span"));
        t.upos = Some(upos);
        t.xpos = Some(tag.to_string());
        doc.tokens.push(t);
    }
    for &(a, b) in sentences {
        let span = doc.span(toks[a].0, toks[b - 1].1).expect("sentence span");
        doc.sentences.push(Sentence {
            span,
            token_start: a,
            token_end: b,
            new_paragraph: false,
        });
    }
    doc
}

/// "Trump spoke with Putin. They agreed.", tagged, two sentences.
fn two_sentences() -> Doc {
    let text = "Trump spoke with Putin. They agreed.";
    let toks: Toks<'_> = &[
        (0, 5, Upos::Propn, "NNP"),
        (6, 11, Upos::Verb, "VBD"),
        (12, 16, Upos::Adp, "IN"),
        (17, 22, Upos::Propn, "NNP"),
        (22, 23, Upos::Punct, "."),
        (24, 28, Upos::Pron, "PRP"),
        (29, 35, Upos::Verb, "VBD"),
        (35, 36, Upos::Punct, "."),
    ];
    tagged_doc(text, toks, &[(0, 5), (5, 8)])
}

#[test]
fn stage_sets_document_heads() {
    let p = parser();
    let mut doc = two_sentences();
    let stage = ParserStage::new(p);
    assert_eq!(stage.adds(), LayerSet::of(&[Layer::Heads]));
    stage.process(&mut doc).expect("parse");
    let heads: Vec<Option<usize>> = doc.tokens.iter().map(|t| t.head).collect();
    assert_eq!(heads[0], Some(1));
    assert_eq!(heads[1], None);
    assert_eq!(
        heads[5],
        Some(6),
        "second sentence heads are document indices"
    );
    assert_eq!(heads[6], None);
    assert_eq!(doc.tokens[1].deprel.as_deref(), Some("root"));
    assert_eq!(doc.tokens[5].deprel.as_deref(), Some("nsubj"));
}

/// EWT dev with gold tokens and gold tags: a regression guard for the
/// shipped model (87.23 UAS / 84.96 LAS when committed).
#[test]
fn ewt_dev_gold_tags() {
    let Some(path) = dyad_testdata::path("ud-en-ewt/en_ewt-ud-dev.conllu") else {
        return;
    };
    let p = parser();
    assert!(p.cluster_words() > 50_000, "word clusters embedded");
    let sents = dyad_conllu::read_path(&path).expect("dev reads");
    let (mut total, mut uas, mut las) = (0usize, 0usize, 0usize);
    for s in &sents {
        let words: Vec<(&str, &str, &str)> = s
            .words
            .iter()
            .map(|w| (w.form.as_str(), w.upos.as_str(), w.xpos.as_str()))
            .collect();
        let arcs = p.parse(&words);
        for (w, a) in s.words.iter().zip(&arcs) {
            total += 1;
            let head = a.head.map_or(0, |h| h + 1);
            if head == w.head {
                uas += 1;
                if a.deprel == w.deprel {
                    las += 1;
                }
            }
        }
    }
    let uas = 100.0 * uas as f64 / total as f64;
    let las = 100.0 * las as f64 / total as f64;
    eprintln!("EWT dev, gold tokens and tags: UAS {uas:.2} LAS {las:.2} over {total} words");
    assert!(uas > 87.0, "UAS {uas:.2}");
    assert!(las > 84.5, "LAS {las:.2}");
}

/// The stage with a beam: every sentence gets one root and heads inside
/// the sentence (the committed model is greedy; a beam over it is allowed,
/// if less accurate, see the model card).
#[test]
fn beam_stage_sets_heads_within_sentences() {
    let mut doc = two_sentences();
    let stage = ParserStage::new(parser()).with_beam(8);
    assert_eq!(
        (stage.parser().beam_width(), stage.parser().trained_beam()),
        (8, 1)
    );
    stage.process(&mut doc).expect("parse");
    for (a, b) in [(0usize, 5usize), (5, 8)] {
        let roots = (a..b).filter(|&i| doc.tokens[i].head.is_none()).count();
        assert_eq!(roots, 1, "one root in tokens {a}..{b}");
        for i in a..b {
            if let Some(h) = doc.tokens[i].head {
                assert!((a..b).contains(&h) && h != i, "token {i} head {h}");
            }
        }
    }
}
