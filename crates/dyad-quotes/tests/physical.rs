//! Through the standard pipeline: physical attacks on places are events,
//! not attributions, while verbal attacks stay attributions.

use dyad_doc::{Doc, Meta};

fn quotes(text: &str) -> Vec<(String, String)> {
    let pipeline = dyad_pipeline::standard().expect("standard pipeline");
    let mut doc = Doc::new(text, Meta::default());
    pipeline.run(&mut doc).expect("pipeline");
    doc.quotes
        .iter()
        .map(|q| {
            let join = |spans: &[dyad_doc::Span]| {
                spans
                    .iter()
                    .map(|s| s.slice(text))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            (join(&q.cue), join(&q.content))
        })
        .collect()
}

#[test]
fn strikes_on_places_are_not_quotes() {
    // (text, cue words that must not be a quote's cue, cue that must be)
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "Russia attacked Ukraine and Putin met Trump in Alaska.",
            "attacked",
            None,
        ),
        (
            "Russia attacked Ukraine overnight with drones and missiles, officials said.",
            "attacked",
            Some("said"),
        ),
        (
            "Clinton attacked Trump for his remarks on immigration.",
            "",
            Some("attacked"),
        ),
    ];
    for &(text, not_cue, cue) in cases {
        let got = quotes(text);
        if !not_cue.is_empty() {
            assert!(got.iter().all(|(c, _)| c != not_cue), "{text}: {got:?}");
        }
        if let Some(cue) = cue {
            assert!(got.iter().any(|(c, _)| c == cue), "{text}: {got:?}");
        }
    }
}
