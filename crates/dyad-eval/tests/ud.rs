//! Scorer tests: a tiny hand-made example with known figures, and the
//! tokenizer on EWT dev (skipped without the data).

use dyad_doc::{Doc, Meta, Sentence, Token, Upos};
use dyad_eval::{eval_tokenize, score_docs};

const GOLD: &str = "# newdoc id = d1
# newpar id = p1
# text = I don't know.
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# text = Fine.
1\tFine\tfine\tADJ\tJJ\t_\t0\troot\t_\tSpaceAfter=No
2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_

";

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn tiny_example_has_known_scores() {
    let gold = dyad_conllu::documents(dyad_conllu::read_str(GOLD, "gold").unwrap());
    assert_eq!(gold[0].text, "I don't know. Fine.");
    let mut doc = Doc::new(gold[0].text.clone(), Meta::default());
    // One tokenization error ("Fine." whole) and one missed sentence break.
    let words: [(usize, usize, Upos, Option<usize>, &str); 6] = [
        (0, 1, Upos::Pron, Some(3), "nsubj:pass"), // universal part matches
        (2, 4, Upos::Aux, Some(3), "aux"),
        (4, 7, Upos::Part, Some(3), "advmod"),
        (8, 12, Upos::Noun, None, "root"),       // wrong tag
        (12, 13, Upos::Punct, Some(0), "punct"), // wrong head
        (14, 19, Upos::Adj, None, "root"),
    ];
    for (a, b, upos, head, rel) in words {
        let mut t = Token::new(doc.span(a, b).unwrap());
        t.upos = Some(upos);
        t.head = head;
        t.deprel = Some(rel.to_string());
        doc.tokens.push(t);
    }
    doc.sentences.push(Sentence {
        span: doc.span(0, 19).unwrap(),
        token_start: 0,
        token_end: 6,
        new_paragraph: true,
    });
    let r = score_docs(&gold, &[doc]).unwrap();
    // Tokens: I, don't, know, . right of 5 predicted / 6 gold.
    assert_eq!(
        (r.tokens.correct, r.tokens.system, r.tokens.gold),
        (4, 5, 6)
    );
    assert!(close(r.tokens.f1(), 8.0 / 11.0));
    // Sentences: none right.
    assert_eq!(
        (r.sentences.correct, r.sentences.system, r.sentences.gold),
        (0, 1, 2)
    );
    assert!(close(r.sentences.f1(), 0.0));
    // Words: I, do, n't (aligned inside the multiword token), know, . of 6 / 7.
    assert_eq!((r.words.correct, r.words.system, r.words.gold), (5, 6, 7));
    assert!(close(r.words.f1(), 10.0 / 13.0));
    let upos = r.upos.unwrap();
    assert_eq!(upos.correct, 4);
    assert!(close(upos.f1(), 8.0 / 13.0));
    assert!(close(upos.aligned_accuracy().unwrap(), 0.8));
    assert_eq!(r.uas.unwrap().correct, 4);
    assert_eq!(r.las.unwrap().correct, 4);
    assert!(r.xpos.is_none() && r.lemmas.is_none());
    let table = r.to_string();
    assert!(
        table.contains("Tokens     |     80.00 |     66.67 |     72.73 |"),
        "{table}"
    );
    assert!(
        table.contains("UPOS       |     66.67 |     57.14 |     61.54 |     80.00"),
        "{table}"
    );
    assert!(!table.contains("XPOS"));
}

#[test]
fn mismatched_text_is_an_error() {
    let gold = dyad_conllu::documents(dyad_conllu::read_str(GOLD, "gold").unwrap());
    let doc = Doc::new("something else", Meta::default());
    let err = score_docs(&gold, &[doc]).unwrap_err().to_string();
    assert!(err.contains("texts differ"), "{err}");
    assert!(score_docs(&gold, &[]).is_err());
}

#[test]
fn perfect_prediction_scores_100() {
    let gold = dyad_conllu::documents(dyad_conllu::read_str(GOLD, "gold").unwrap());
    let mut doc = Doc::new(gold[0].text.clone(), Meta::default());
    for &(a, b) in &[
        (0, 1),
        (2, 4),
        (4, 7),
        (8, 12),
        (12, 13),
        (14, 18),
        (18, 19),
    ] {
        doc.tokens.push(Token::new(doc.span(a, b).unwrap()));
    }
    for (a, b, s, e) in [(0, 13, 0, 5), (14, 19, 5, 7)] {
        doc.sentences.push(Sentence {
            span: doc.span(a, b).unwrap(),
            token_start: s,
            token_end: e,
            new_paragraph: s == 0,
        });
    }
    let r = score_docs(&gold, &[doc]).unwrap();
    assert!(close(r.tokens.f1(), 1.0));
    assert!(close(r.sentences.f1(), 1.0));
    assert!(close(r.words.f1(), 1.0));
    assert!(r.upos.is_none() && r.uas.is_none());
}

#[test]
fn ewt_dev_tokenize_targets() {
    let Some(path) = dyad_testdata::path("ud-en-ewt/en_ewt-ud-dev.conllu") else {
        return;
    };
    let r = eval_tokenize(&path).unwrap();
    eprintln!("{r}");
    assert_eq!(r.sentences.gold, 2001);
    assert!(r.tokens.f1() >= 0.99, "token F1 {}", r.tokens.f1());
    // The target is 92; what the shipped model reaches is 91.0.
    // This guards against regressions below 90.
    assert!(r.sentences.f1() >= 0.90, "sentence F1 {}", r.sentences.f1());
}

#[test]
fn wrapped_text_is_scored_on_the_same_spans() {
    let dir = std::env::temp_dir().join(format!("dyad-eval-wrap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gold.conllu");
    std::fs::write(&path, GOLD).unwrap();
    let stage = dyad_text::TokenizeStage::new();
    let as_is = dyad_eval::ud::eval_stages_wrapped(&path, &[&stage], None).unwrap();
    // "I don't\nknow.\nFine.": the same bytes, two line breaks.
    let wrapped = dyad_eval::ud::eval_stages_wrapped(&path, &[&stage], Some(8)).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    for r in [&as_is, &wrapped] {
        assert_eq!((r.tokens.gold, r.sentences.gold), (6, 2));
        assert!(close(r.tokens.f1(), 1.0), "token F1 {}", r.tokens.f1());
    }
    assert!(close(as_is.sentences.f1(), 1.0), "{as_is}");
}
