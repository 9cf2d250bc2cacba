//! Print the events of a file (or run the PLOVER evaluation).
//!
//! `cargo run --release -p dyad-events --example events -- FILE [YYYY-MM-DD]`
//! `cargo run --release -p dyad-events --example events -- --plover GSR.json [misses|all]`
//!
//! With `--plover`, `misses` prints every record whose main event is not
//! fully right (flags: T type, S source, G target), with all its events and
//! actors (`DYAD_TOKENS=1` adds the parse); `all` prints every record. With
//! `DYAD_CACHE=FILE` the layers before the event stage are read from FILE
//! when it exists and written to it otherwise, so that the event stage can
//! be iterated on without rerunning (or rebuilding) the upstream stages.

use std::collections::HashMap;

use dyad_doc::{
    Actor, Doc, Layer, LayerSet, Meta, NaiveDate, Place, Quote, QuoteKind, Sentence, Span, Stage,
    Timex, TimexType, Token, Upos,
};
use dyad_events::EventStage;
use serde_json::{Value, json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pipeline = dyad_pipeline::standard().expect("pipeline");
    let stage = EventStage::new().expect("lexicon");
    if args.first().map(String::as_str) == Some("--plover") {
        plover(&args[1..], &stage);
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

fn sp(v: Span) -> Value {
    json!([v.start(), v.end()])
}

fn spans(v: &[Span]) -> Value {
    Value::Array(v.iter().map(|s| sp(*s)).collect())
}

/// The layers the event stage reads, as JSON.
fn save_doc(doc: &Doc) -> Value {
    json!({
        "sentences": doc.sentences.iter().map(|s| json!([s.span.start(), s.span.end(), s.token_start, s.token_end, s.new_paragraph])).collect::<Vec<_>>(),
        "tokens": doc.tokens.iter().map(|t| json!([t.span.start(), t.span.end(), t.upos.map(|u| u.as_str()), t.xpos, t.lemma, t.head, t.deprel])).collect::<Vec<_>>(),
        "actors": doc.actors.iter().map(|a| json!({"name": a.name, "country": a.country, "sector": a.sector, "role": a.role, "kb_id": a.kb_id, "mentions": spans(&a.mentions)})).collect::<Vec<_>>(),
        "timexes": doc.timexes.iter().map(|t| json!({"span": sp(t.span), "kind": t.kind.as_str(), "value": t.value, "anchor": t.anchor, "reason": t.reason})).collect::<Vec<_>>(),
        "places": doc.places.iter().map(|p| json!({"span": sp(p.span), "name": p.name, "geonames_id": p.geonames_id, "feature": p.feature, "country": p.country, "admin1": p.admin1, "lat": p.lat, "lon": p.lon, "confidence": p.confidence})).collect::<Vec<_>>(),
        "quotes": doc.quotes.iter().map(|q| json!({"kind": q.kind.as_str(), "content": spans(&q.content), "cue": spans(&q.cue), "source": spans(&q.source), "speaker": q.speaker, "sentence": q.sentence})).collect::<Vec<_>>(),
    })
}

/// Rebuild a document from [`save_doc`] output.
fn load_doc(text: &str, meta: &Meta, v: &Value) -> Doc {
    let mut doc = Doc::new(text, meta.clone());
    let span = |x: &Value| {
        let a = x[0].as_u64().unwrap_or(0) as usize;
        let b = x[1].as_u64().unwrap_or(0) as usize;
        doc.span(a, b).expect("cached span")
    };
    let list = |x: &Value| -> Vec<Span> {
        x.as_array()
            .map(|a| a.iter().map(span).collect())
            .unwrap_or_default()
    };
    let st = |x: &Value| x.as_str().map(str::to_string);
    let us = |x: &Value| x.as_u64().map(|u| u as usize);
    let arr = |k: &str| v[k].as_array().cloned().unwrap_or_default();
    let sentences: Vec<Sentence> = arr("sentences")
        .iter()
        .map(|x| Sentence {
            span: span(&json!([x[0], x[1]])),
            token_start: us(&x[2]).unwrap_or(0),
            token_end: us(&x[3]).unwrap_or(0),
            new_paragraph: x[4].as_bool().unwrap_or(false),
        })
        .collect();
    let tokens: Vec<Token> = arr("tokens")
        .iter()
        .map(|x| Token {
            span: span(&json!([x[0], x[1]])),
            upos: x[2].as_str().and_then(Upos::parse),
            xpos: st(&x[3]),
            lemma: st(&x[4]),
            head: us(&x[5]),
            deprel: st(&x[6]),
        })
        .collect();
    let actors: Vec<Actor> = arr("actors")
        .iter()
        .map(|x| Actor {
            name: st(&x["name"]).unwrap_or_default(),
            country: st(&x["country"]),
            sector: st(&x["sector"]),
            role: st(&x["role"]),
            kb_id: st(&x["kb_id"]),
            mentions: list(&x["mentions"]),
        })
        .collect();
    let timexes: Vec<Timex> = arr("timexes")
        .iter()
        .map(|x| Timex {
            span: span(&x["span"]),
            kind: match x["kind"].as_str() {
                Some("TIME") => TimexType::Time,
                Some("DURATION") => TimexType::Duration,
                Some("SET") => TimexType::Set,
                _ => TimexType::Date,
            },
            value: st(&x["value"]),
            anchor: st(&x["anchor"]),
            reason: st(&x["reason"]),
        })
        .collect();
    let places: Vec<Place> = arr("places")
        .iter()
        .map(|x| Place {
            span: span(&x["span"]),
            name: st(&x["name"]).unwrap_or_default(),
            geonames_id: x["geonames_id"].as_u64(),
            feature: st(&x["feature"]).unwrap_or_default(),
            country: st(&x["country"]),
            admin1: st(&x["admin1"]),
            lat: x["lat"].as_f64().unwrap_or(0.0),
            lon: x["lon"].as_f64().unwrap_or(0.0),
            confidence: x["confidence"].as_f64().unwrap_or(0.0) as f32,
        })
        .collect();
    let quotes: Vec<Quote> = arr("quotes")
        .iter()
        .map(|x| Quote {
            kind: match x["kind"].as_str() {
                Some("direct") => QuoteKind::Direct,
                Some("mixed") => QuoteKind::Mixed,
                _ => QuoteKind::Indirect,
            },
            content: list(&x["content"]),
            cue: list(&x["cue"]),
            source: list(&x["source"]),
            speaker: us(&x["speaker"]),
            sentence: us(&x["sentence"]).unwrap_or(0),
        })
        .collect();
    doc.sentences = sentences;
    doc.tokens = tokens;
    doc.actors = actors;
    doc.timexes = timexes;
    doc.places = places;
    doc.quotes = quotes;
    // Every layer before the events.
    doc.mark(LayerSet::of(&Layer::ALL[..Layer::ALL.len() - 1]));
    doc
}

/// `--plover GSR.json [misses|all]`: the GSR evaluation, optionally with the
/// records (not) fully right.
fn plover(args: &[String], stage: &EventStage) {
    let path = std::path::Path::new(&args[0]);
    let mode = args.get(1).map(String::as_str);
    let cache_path = std::env::var("DYAD_CACHE").ok();
    let mut cache: HashMap<String, Value> = cache_path
        .as_deref()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let had_cache = !cache.is_empty();
    let mut upstream = None;
    let mut docs: Vec<Doc> = Vec::new();
    let report = dyad_events::eval_plover_with(path, &mut |text, meta| {
        let mut doc = match cache.get(&meta.id) {
            Some(v) => load_doc(text, meta, v),
            None => {
                let p = upstream.get_or_insert_with(|| {
                    dyad_pipeline::until(LayerSet::of(&[Layer::Quotes])).expect("pipeline")
                });
                let mut doc = Doc::new(text, meta.clone());
                p.run(&mut doc).map_err(|e| e.to_string())?;
                cache.insert(meta.id.clone(), save_doc(&doc));
                doc
            }
        };
        stage.process(&mut doc).map_err(|e| e.to_string())?;
        docs.push(doc.clone());
        Ok(doc)
    })
    .expect("eval");
    if let Some(p) = cache_path
        && !had_cache
    {
        std::fs::write(p, serde_json::to_string(&cache).expect("json")).expect("write cache");
    }
    print!("{report}");
    let Some(mode) = mode else { return };
    let all = mode == "all";
    let text = std::fs::read_to_string(path).expect("read");
    let json: Value = serde_json::from_str(&text).expect("json");
    let records = json
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["event"].as_str() != Some("DOCUMENT"));
    for (r, doc) in records.zip(&docs) {
        print_record(r, doc, all);
    }
}

fn print_record(r: &Value, doc: &Doc, all: bool) {
    let t = r["text"].as_str().unwrap_or("");
    let gold = r["event"].as_str().unwrap_or("");
    let codes = |v: Option<&Value>| -> String {
        v.and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["code"].as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default()
    };
    let code = |a: usize| dyad_events::actor_code(doc, a).unwrap_or_else(|| "?".into());
    let c = |v: &[usize]| v.iter().map(|&a| code(a)).collect::<Vec<_>>().join(",");
    let sorted = |v: Vec<String>| {
        let mut v: Vec<String> = v.into_iter().filter(|x| !x.is_empty()).collect();
        v.sort();
        v.dedup();
        v.join(",")
    };
    let split = |s: String| s.split(',').map(str::to_string).collect::<Vec<_>>();
    let gs = sorted(split(codes(r.get("source"))));
    let gt = sorted(split(codes(r.get("target"))));
    let main = dyad_events::main_event(doc);
    let scored = |v: &[usize]| {
        sorted(
            v.iter()
                .filter_map(|&a| dyad_events::actor_code(doc, a))
                .collect(),
        )
    };
    let (pk, ps, pt) = main
        .map(|e| (e.plover.kind.clone(), scored(&e.source), scored(&e.target)))
        .unwrap_or_default();
    let gold_t = match gold {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        g => g,
    };
    let future = main.is_some_and(|e| e.plover.context.iter().any(|c| c == "future"));
    let flags = format!(
        "{}{}{}",
        if pk == gold_t || (gold_t == "AGREE" && pk == "CONCEDE" && future) {
            "."
        } else {
            "T"
        },
        if gs.is_empty() || gs == ps { "." } else { "S" },
        if gt.is_empty() || gt == pt { "." } else { "G" }
    );
    if flags == "..." && !all {
        return;
    }
    println!(
        "{flags} {} GOLD {gold_t} [{gs}] -> [{gt}] | PRED {pk} [{ps}] -> [{pt}]\n    {t}",
        r["id"].as_str().unwrap_or("")
    );
    if let Some(m) = r.pointer("/textInfo/markup").and_then(|m| m.as_str()) {
        println!("    markup: {m}");
    }
    for e in &doc.events {
        println!(
            "    {} {} {:?} {} [{}] -> [{}] {}",
            if main.is_some_and(|m| std::ptr::eq(m, e)) {
                "*"
            } else {
                " "
            },
            e.plover.kind,
            doc.slice(e.trigger),
            e.cameo,
            c(&e.source),
            c(&e.target),
            e.factuality.as_str()
        );
    }
    let actors: Vec<String> = doc
        .actors
        .iter()
        .enumerate()
        .map(|(a, x)| format!("{}={}", x.name, code(a)))
        .collect();
    println!("    actors: {}", actors.join("; "));
    if std::env::var("DYAD_TOKENS").is_ok() {
        for (i, t) in doc.tokens.iter().enumerate() {
            println!(
                "      {i} {} {:?} {} {} {:?} {}",
                doc.token_text(i),
                t.upos,
                t.xpos.as_deref().unwrap_or(""),
                t.lemma.as_deref().unwrap_or(""),
                t.head,
                t.deprel.as_deref().unwrap_or("")
            );
        }
        for p in &doc.places {
            println!("      place {:?} {:?}", doc.slice(p.span), p.country);
        }
    }
}
