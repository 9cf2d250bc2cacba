//! The standard pipeline: it builds and runs, its model options, and the
//! errors a bad option gives.

use dyad_doc::{Doc, Layer, LayerSet, Meta, Pipeline};
use dyad_pipeline::{Models, available, standard, until, until_with};

#[test]
fn standard_pipeline_builds_and_runs() {
    let p = standard().unwrap();
    let mut doc = Doc::new("Trump spoke with Putin. Talks begin.", Meta::default());
    p.run(&mut doc).unwrap();
    assert_eq!(doc.sentences.len(), 2);
    assert!(doc.layers().is_superset(available()));
}

#[test]
fn default_models_change_nothing() {
    let text = "Peskov said the call lasted an hour. Zelensky met Vance in Munich.";
    let run = |p: &Pipeline| {
        let mut doc = Doc::new(text, Meta::default());
        p.run(&mut doc).unwrap();
        doc.tokens
            .iter()
            .map(|t| (t.head, t.deprel.clone()))
            .collect::<Vec<_>>()
    };
    let wanted = LayerSet::of(&[Layer::Heads]);
    let plain = run(&until(wanted).unwrap());
    let same = run(&until_with(wanted, &Models::default()).unwrap());
    let width_one = Models {
        parser_beam: Some(1),
        ..Models::default()
    };
    let greedy = run(&until_with(wanted, &width_one).unwrap());
    assert!(plain.iter().any(|(h, _)| h.is_some()));
    assert_eq!(plain, same);
    assert_eq!(plain, greedy);
}

#[test]
fn greedy_model_refuses_a_beam() {
    let cases = [
        (Some(8), true, "trained for greedy parsing"),
        (Some(0), true, "at least 1"),
        (Some(1), false, ""),
        (None, false, ""),
    ];
    for (beam, fails, message) in cases {
        let models = Models {
            parser: None,
            parser_beam: beam,
        };
        match until_with(LayerSet::of(&[Layer::Heads]), &models) {
            Err(e) => {
                assert!(fails, "{beam:?}: {e}");
                assert!(e.to_string().contains(message), "{beam:?}: {e}");
            }
            Ok(p) => {
                assert!(!fails, "{beam:?} should fail");
                assert!(p.provides().contains(Layer::Heads));
            }
        }
    }
}

#[test]
fn missing_parser_file_is_named() {
    let models = Models {
        parser: Some("no/such/parser.bin".into()),
        parser_beam: None,
    };
    let Err(e) = until_with(LayerSet::of(&[Layer::Heads]), &models) else {
        panic!("a missing file fails");
    };
    assert!(e.to_string().contains("no/such/parser.bin"), "{e}");
}

#[test]
fn prefix_stops_early() {
    let p = until(LayerSet::of(&[Layer::Tokens])).unwrap();
    assert_eq!(p.stage_names()[0], "tokenize");
    assert!(p.provides().contains(Layer::Tokens));
}
