//! Run dyad over PETRARCH's unit-test records with the validation dictionaries.
//!
//! `cargo run --release -p dyad-events --example petrarch -- DATA/petrarch`

use std::sync::Arc;

use dyad_doc::Pipeline;
use dyad_events::{EventStage, Lexicon};
use dyad_kb::petrarch::{Mode, parse_actors};

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: petrarch DIR"));
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).expect(n);
    let actors = parse_actors(
        "PETR.Validate.actors.txt",
        &read("PETR.Validate.actors.txt"),
        Mode::Lenient,
    )
    .expect("actors");
    let kb = dyad_kb::Kb::builder()
        .defaults()
        .add_petrarch_actors("PETR.Validate.actors.txt", actors)
        .build()
        .expect("kb");
    let mut lex = Lexicon::builtin().expect("lexicon");
    let st = lex
        .add_petrarch_verbs("PETR.Validate.verbs.txt", &read("PETR.Validate.verbs.txt"))
        .expect("verbs");
    eprintln!("verbs: {st:?}");
    let pipeline = Pipeline::new()
        .with(dyad_text::TokenizeStage::new())
        .and_then(|p| {
            p.with(
                dyad_tagger::TaggerStage::from_bytes(dyad_pipeline::TAGGER_MODEL).expect("tagger"),
            )
        })
        .and_then(|p| {
            p.with(
                dyad_parser::ParserStage::from_bytes(dyad_pipeline::PARSER_MODEL).expect("parser"),
            )
        })
        .and_then(|p| p.with(dyad_actors::ActorStage::new(Arc::new(kb))))
        .expect("pipeline");
    let stage = EventStage::with_lexicon(Arc::new(lex));
    if let Ok(t) = std::env::var("DYAD_TEXT") {
        let mut doc = dyad_doc::Doc::new(t, dyad_doc::Meta::default());
        pipeline.run(&mut doc).expect("run");
        for a in &doc.actors {
            println!(
                "actor {:?} country={:?} sector={:?} kb={:?}",
                a.name, a.country, a.sector, a.kb_id
            );
        }
        return;
    }
    let report =
        dyad_events::eval_petrarch(&dir.join("PETR.UnitTest.records.xml"), &pipeline, &stage)
            .expect("eval");
    print!("{report}");
    if std::env::var("DYAD_VERBOSE").is_ok() {
        for (id, want, got) in &report.failures {
            println!("FAIL {id}: want {want:?} got {got:?}");
        }
    }
}
