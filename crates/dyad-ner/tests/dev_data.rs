//! Loaders and the scorer on the shared dev data (skip without DYAD_DATA).

use std::path::PathBuf;

use dyad_ner::{Ner, eval_ner, load_iob2, load_re3d, re3d_split, score};

fn data_dir() -> Option<PathBuf> {
    dyad_testdata::path("re3d")?;
    dyad_testdata::path("uner-en-ewt")?;
    Some(dyad_testdata::root())
}

#[test]
fn re3d_loads_and_splits_deterministically() {
    let Some(d) = data_dir() else { return };
    let docs = load_re3d(&d.join("re3d")).unwrap();
    assert!(docs.len() > 80, "{}", docs.len());
    let (train, dev) = re3d_split(&docs);
    assert_eq!(train.len() + dev.len(), docs.len());
    assert!(dev.len() * 6 > docs.len() / 2 && dev.len() < docs.len() / 3);
    let (train2, dev2) = re3d_split(&load_re3d(&d.join("re3d")).unwrap());
    assert_eq!(dev, dev2);
    assert_eq!(train, train2);
    // Every entity slices its own text.
    for doc in &docs {
        for (s, _) in &doc.entities {
            assert!(s.get(&doc.text).is_some());
        }
    }
}

#[test]
fn uner_aligns_and_gold_scores_perfectly() {
    let Some(d) = data_dir() else { return };
    let (docs, unaligned) = load_iob2(&d.join("uner-en-ewt/en_ewt-ud-dev.iob2")).unwrap();
    assert_eq!(docs.len(), 2001);
    assert_eq!(unaligned, 0);
    let gold: Vec<_> = docs.iter().map(|d| d.entities.clone()).collect();
    let r = score("gold vs gold", &docs, &gold);
    let h = r.headline();
    assert!(h.gold > 900);
    assert_eq!(h.tp, h.gold);
    assert_eq!(h.f1(), 100.0);
    // Nothing predicted: zero recall.
    let r = score("empty", &docs, &[]);
    assert_eq!(r.headline().tp, 0);
}

#[test]
fn committed_model_on_dev() {
    let Some(d) = data_dir() else { return };
    let ner = Ner::load(&PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../models/ner.bin"
    )))
    .unwrap();
    let (_, dev) = re3d_split(&load_re3d(&d.join("re3d")).unwrap());
    let r = eval_ner(&ner, "re3d dev", &dev);
    eprintln!("{r}");
    // Well above nothing; the model card has the exact figures.
    assert!(r.headline().f1() > 30.0, "{r}");
}

/// The motivating article (shared data, read at run time): every full name
/// of a person comes out as one PERSON entity, not split in two.
#[test]
fn article_names_are_whole() {
    let Some(text) = dyad_testdata::example_text("peace-talks.txt") else {
        return;
    };
    let ner = Ner::load(&PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../models/ner.bin"
    )))
    .unwrap();
    let persons: Vec<&str> = ner
        .recognise_text(&text)
        .into_iter()
        .filter(|e| e.label == dyad_doc::EntityLabel::Person)
        .map(|e| e.span.slice(&text))
        .collect();
    for name in ["Volodymyr Zelensky", "Dmitry Peskov", "Scott Bessent"] {
        assert!(persons.contains(&name), "{name} not in {persons:?}");
    }
    for part in ["Volodymyr", "Dmitry"] {
        assert!(!persons.contains(&part), "{part} alone in {persons:?}");
    }
}
