//! Long documents processed in parts (`run_chunked`) give the same
//! sentence-level layers as processed whole, with spans into the whole text.

use dyad_doc::{Doc, Meta, NaiveDate};
use dyad_pipeline::{ChunkOptions, run_chunked};

fn article() -> Doc {
    let text = include_str!("../../../examples/ceasefire-talks.txt");
    let meta = Meta {
        id: "ceasefire-talks".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 6),
        ..Meta::default()
    };
    Doc::new(text, meta)
}

fn labelled(doc: &Doc) -> Vec<(String, &'static str)> {
    doc.entities
        .iter()
        .map(|e| (doc.slice(e.span).to_string(), e.label.as_str()))
        .collect()
}

#[test]
fn parts_match_the_whole_on_sentence_level_layers() {
    let pipeline = dyad_pipeline::standard().unwrap();
    let mut whole = article();
    pipeline.run(&mut whole).unwrap();

    for keep_tokens in [true, false] {
        let mut parted = article();
        let opts = ChunkOptions {
            threshold: 512,
            part_bytes: 400,
            keep_tokens,
        };
        let stats = run_chunked(&pipeline, &mut parted, &opts).unwrap();
        assert!(stats.parts > 3, "{} parts", stats.parts);
        assert_eq!(stats.tokens, whole.tokens.len());
        assert_eq!(
            parted.tokens.len(),
            if keep_tokens { stats.tokens } else { 0 }
        );
        let sentences = |d: &Doc| d.sentences.iter().map(|s| s.span).collect::<Vec<_>>();
        assert_eq!(sentences(&parted), sentences(&whole));
        assert_eq!(labelled(&parted), labelled(&whole));
        let timexes = |d: &Doc| {
            d.timexes
                .iter()
                .map(|t| (t.span, t.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(timexes(&parted), timexes(&whole));
        if keep_tokens {
            for (a, b) in parted.tokens.iter().zip(&whole.tokens) {
                assert_eq!((a.span, a.head, &a.deprel), (b.span, b.head, &b.deprel));
            }
        }
        // Actors are merged across parts, never duplicated.
        let mut keys: Vec<_> = parted
            .actors
            .iter()
            .map(|a| (&a.kb_id, &a.name, &a.country, &a.sector))
            .collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "an actor appears twice");
        let mentions = |d: &Doc| d.actors.iter().map(|a| a.mentions.len()).sum::<usize>();
        assert!(mentions(&parted) > 0);
        // Cross-layer indices stay in range.
        for e in &parted.events {
            assert!(e.sentence < parted.sentences.len());
            assert!(
                e.source
                    .iter()
                    .chain(&e.target)
                    .all(|&a| a < parted.actors.len())
            );
            assert!(e.place.is_none_or(|p| p < parted.places.len()));
        }
        for q in &parted.quotes {
            assert!(q.speaker.is_none_or(|a| a < parted.actors.len()));
        }
        assert!(
            parted.notes.iter().any(|n| n.message.contains("parts")),
            "the output says the document was cut"
        );
    }
}

#[test]
fn short_documents_run_whole() {
    let pipeline = dyad_pipeline::standard().unwrap();
    let mut doc = article();
    let stats = run_chunked(&pipeline, &mut doc, &ChunkOptions::default()).unwrap();
    assert_eq!(stats.parts, 1);
    assert!(doc.notes.iter().all(|n| !n.message.contains("parts")));
}
