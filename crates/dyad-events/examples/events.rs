//! Print the events of a file (or run the PLOVER evaluation).
//!
//! `cargo run --release -p dyad-events --example events -- FILE [YYYY-MM-DD]`
//! `cargo run --release -p dyad-events --example events -- --plover GSR.json`

use dyad_doc::{Doc, Meta, NaiveDate, Stage};
use dyad_events::EventStage;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pipeline = dyad_pipeline::standard().expect("pipeline");
    let stage = EventStage::new().expect("lexicon");
    if args.first().map(String::as_str) == Some("--plover") {
        let path = std::path::Path::new(&args[1]);
        let verbose = args.get(2).is_some();
        let report = dyad_events::eval_plover(path, &pipeline, &stage).expect("eval");
        print!("{report}");
        if verbose {
            let text = std::fs::read_to_string(path).unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            for r in json.as_array().unwrap() {
                let Some(t) = r.get("text").and_then(|t| t.as_str()) else {
                    continue;
                };
                let mut doc = Doc::new(
                    t,
                    Meta {
                        date: NaiveDate::from_ymd_opt(2000, 1, 1),
                        ..Meta::default()
                    },
                );
                pipeline.run(&mut doc).unwrap();
                stage.process(&mut doc).unwrap();
                let gold = r["event"].as_str().unwrap_or("");
                let codes = |v: Option<&serde_json::Value>| -> String {
                    v.and_then(|v| v.as_array())
                        .map(|a| {
                            a.iter()
                                .filter_map(|x| x["code"].as_str())
                                .collect::<Vec<_>>()
                                .join(",")
                        })
                        .unwrap_or_default()
                };
                let pred = dyad_events::main_event(&doc).map(|e| {
                    let c = |v: &[usize]| {
                        v.iter()
                            .filter_map(|&a| dyad_events::actor_code(&doc, a))
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    format!(
                        "{} {} [{}] -> [{}] {}",
                        e.plover.kind,
                        doc.slice(e.trigger),
                        c(&e.source),
                        c(&e.target),
                        e.factuality.as_str()
                    )
                });
                println!(
                    "GOLD {gold} [{}] -> [{}] | PRED {:?} | {}",
                    codes(r.get("source")),
                    codes(r.get("target")),
                    pred,
                    &t[..t.len().min(110)]
                );
            }
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--bench") {
        // Time the event stage alone over an already-processed document.
        let text = std::fs::read_to_string(&args[1]).expect("read");
        let mut doc = Doc::new(text, Meta::default());
        pipeline.run(&mut doc).expect("run");
        let reps = 2000;
        let t = std::time::Instant::now();
        for _ in 0..reps {
            stage.process(&mut doc).expect("events");
        }
        let secs = t.elapsed().as_secs_f64();
        let sents = (doc.sentences.len() * reps) as f64;
        println!(
            "event stage alone: {} sentences x {reps} in {secs:.3} s = {:.0} sentences/s ({} events per run)",
            doc.sentences.len(),
            sents / secs,
            doc.events.len()
        );
        return;
    }
    let path = &args[0];
    let date = args
        .get(1)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let text = std::fs::read_to_string(path).expect("read");
    let mut doc = Doc::new(
        text,
        Meta {
            date,
            ..Meta::default()
        },
    );
    pipeline.run(&mut doc).expect("run");
    stage.process(&mut doc).expect("events");
    if std::env::var("DYAD_TOKENS").is_ok() {
        for (i, t) in doc.tokens.iter().enumerate() {
            println!(
                "{i} {} {:?} {:?} {:?} {:?}",
                doc.token_text(i),
                t.upos,
                t.lemma,
                t.head,
                t.deprel
            );
        }
    }
    for e in &doc.events {
        let name = |v: &[usize]| {
            v.iter()
                .map(|&a| doc.actors[a].name.clone())
                .collect::<Vec<_>>()
                .join(" + ")
        };
        println!(
            "s{} {:?} {} {} {}/{:?} src=[{}] tgt=[{}] {} date={:?}({:?}) place={:?} reporter={:?}",
            e.sentence,
            doc.slice(e.trigger),
            e.cameo,
            e.goldstein,
            e.plover.kind,
            e.plover.mode,
            name(&e.source),
            name(&e.target),
            e.factuality.as_str(),
            e.date,
            e.date_source,
            e.place.map(|p| doc.places[p].name.clone()),
            e.reporter.map(|a| doc.actors[a].name.clone()),
        );
    }
}
