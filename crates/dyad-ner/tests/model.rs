//! The committed model: known entities, bad files, stage wiring, bad input.

use std::path::PathBuf;

use dyad_doc::{Doc, EntityLabel, Meta, Pipeline};
use dyad_ner::{Ner, NerStage};

fn model_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner.bin"))
}

fn model() -> Ner {
    Ner::load(&model_path()).expect("models/ner.bin loads")
}

fn entities(ner: &Ner, text: &str) -> Vec<(String, EntityLabel)> {
    ner.recognise_text(text)
        .into_iter()
        .map(|e| (e.span.slice(text).to_string(), e.label))
        .collect()
}

#[test]
fn known_entities() {
    use EntityLabel::*;
    let ner = model();
    // (sentence, entity text, allowed labels)
    let cases: &[(&str, &str, &[EntityLabel])] = &[
        (
            "Kremlin spokesperson Dmitry Peskov said the talks would continue.",
            "Dmitry Peskov",
            &[Person],
        ),
        (
            "Kremlin spokesperson Dmitry Peskov said the talks would continue.",
            "Kremlin",
            &[Org, Fac, Gpe],
        ),
        (
            "Ukrainian President Volodymyr Zelensky arrived in Munich on Friday.",
            "Ukrainian",
            &[Norp],
        ),
        (
            "Ukrainian President Volodymyr Zelensky arrived in Munich on Friday.",
            "Volodymyr Zelensky",
            &[Person],
        ),
        (
            "Ukrainian President Volodymyr Zelensky arrived in Munich on Friday.",
            "Munich",
            &[Gpe],
        ),
        (
            "The United Nations Security Council met in New York.",
            "New York",
            &[Gpe],
        ),
    ];
    for (text, name, labels) in cases {
        let got = entities(&ner, text);
        assert!(
            got.iter().any(|(t, l)| t == name && labels.contains(l)),
            "{text:?}: expected {name:?} as one of {labels:?}, got {got:?}"
        );
    }
}

#[test]
fn stage_in_a_pipeline() {
    let p = Pipeline::new()
        .with(dyad_text::TokenizeStage::new())
        .unwrap()
        .with(NerStage::load(&model_path()).unwrap())
        .unwrap();
    let mut doc = Doc::new(
        "Russian troops left Kherson, Ukrainian officials said.",
        Meta::default(),
    );
    p.run(&mut doc).unwrap();
    assert!(
        doc.entities
            .iter()
            .any(|e| e.span.slice(doc.text()) == "Kherson" && e.label == EntityLabel::Gpe),
        "{:?}",
        doc.entities
    );
    // Spans are in order and do not overlap.
    for w in doc.entities.windows(2) {
        assert!(w[0].span.end() <= w[1].span.start());
    }
}

#[test]
fn deterministic_and_reloadable() {
    let ner = model();
    let text = "SENIOR OFFICIALS FROM RUSSIA AND THE UNITED STATES MEET IN RIYADH";
    assert_eq!(ner.recognise_text(text), ner.recognise_text(text));
    let again = Ner::from_bytes(&ner.to_bytes()).unwrap();
    assert_eq!(again.recognise_text(text), ner.recognise_text(text));
}

#[test]
fn bad_model_files_name_the_file() {
    let bytes = std::fs::read(model_path()).unwrap();
    let dir = std::env::temp_dir().join(format!("dyad-ner-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.bin", bytes[..bytes.len() / 2].to_vec()),
        ("empty.bin", Vec::new()),
        ("text.bin", b"this is not a model file at all".to_vec()),
        ("tagger-kind.bin", {
            let mut w = dyad_learn::ContainerWriter::new("tagger", 1);
            w.section("x", vec![1, 2, 3]);
            w.to_bytes()
        }),
    ];
    for (name, content) in cases {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let err = Ner::load(&path).unwrap_err().to_string();
        assert!(err.contains(name), "{name}: {err}");
    }
    let missing = dir.join("missing.bin");
    let err = Ner::load(&missing).unwrap_err().to_string();
    assert!(err.contains("missing.bin"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_does_not_panic() {
    let ner = model();
    let long_word = "x".repeat(100_000);
    let many = "Putin met Trump . ".repeat(2_000);
    let texts = [
        "",
        "   \n\n ",
        "1234 5678 !!! ???",
        long_word.as_str(),
        many.as_str(),
        "Путин встретился с Трампом в Эр-Рияде. 習近平 and Macron met.",
    ];
    for t in texts {
        for e in ner.recognise_text(t) {
            assert!(e.span.end() <= t.len() && !e.span.is_empty());
        }
    }
}
