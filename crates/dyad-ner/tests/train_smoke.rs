//! A tiny deterministic training run (no data files needed).
#![cfg(feature = "train")]

use dyad_doc::{EntityLabel, Span};
use dyad_ner::GoldDoc;
use dyad_ner::train::{TrainOptions, TrainSet, train};

fn doc(id: usize, text: &str, ents: &[(&str, EntityLabel)]) -> GoldDoc {
    let entities = ents
        .iter()
        .map(|(n, l)| {
            let b = text.find(n).expect("entity in text");
            (Span::from_trusted(b, b + n.len()), *l)
        })
        .collect();
    GoldDoc {
        id: id.to_string(),
        text: text.to_string(),
        entities,
    }
}

fn data() -> Vec<GoldDoc> {
    use EntityLabel::*;
    let people = ["Anna Berg", "Tom Kell", "Rita Moss", "Omar Said"];
    let places = ["Norland", "Easton", "Vale", "Westmark"];
    let mut docs = Vec::new();
    for (i, p) in people.iter().enumerate() {
        for (j, g) in places.iter().enumerate() {
            let text = format!("{p} visited {g} on Monday. The Acme Group said {p} left.");
            docs.push(doc(
                i * 10 + j,
                &text,
                &[(p, Person), (g, Gpe), ("Acme Group", Org)],
            ));
        }
    }
    docs
}

#[test]
fn smoke_training_is_deterministic_and_learns() {
    let sets = vec![TrainSet {
        name: "toy".into(),
        docs: data(),
        repeat: 1,
        split_locations: false,
    }];
    let opts = TrainOptions {
        epochs: 4,
        ..TrainOptions::default()
    };
    let a = train(&sets, &[], &opts, |_| {}).unwrap();
    let b = train(&sets, &[], &opts, |_| {}).unwrap();
    assert_eq!(
        a.to_bytes(),
        b.to_bytes(),
        "same data, same seed, same bytes"
    );
    let text = "Tom Kell visited Easton on Monday.";
    let got: Vec<(&str, EntityLabel)> = a
        .recognise_text(text)
        .iter()
        .map(|e| (e.span.slice(text), e.label))
        .collect();
    assert!(got.contains(&("Tom Kell", EntityLabel::Person)), "{got:?}");
    assert!(got.contains(&("Easton", EntityLabel::Gpe)), "{got:?}");
}

#[test]
fn empty_training_data_is_an_error() {
    let sets = vec![TrainSet {
        name: "none".into(),
        docs: Vec::new(),
        repeat: 1,
        split_locations: false,
    }];
    assert!(train(&sets, &[], &TrainOptions::default(), |_| {}).is_err());
}
