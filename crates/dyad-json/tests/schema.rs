//! The dyad/1 output is checked against the shipped JSON Schema, and every
//! span in it is checked to point at its text by character offsets.

use dyad_doc::{
    Actor, DateSource, Doc, Entity, EntityLabel, Event, Factuality, Layer, LayerSet, Meta,
    NaiveDate, Place, Plover, Quote, QuoteKind, Sentence, Span, Timex, TimexType, Token, Upos,
};
use dyad_json::{JSON_SCHEMA, OutputOptions, to_output};
use serde_json::Value;

const TEXT: &str = "“Київ will win,” Зеленський said on Wednesday in Munich. 😀 Peace.";

fn sp(doc: &Doc, needle: &str) -> Span {
    let start = doc.text().find(needle).expect("needle in text");
    doc.span(start, start + needle.len()).unwrap()
}

fn full_doc() -> Doc {
    let meta = Meta {
        id: "t1".into(),
        date: NaiveDate::from_ymd_opt(2025, 2, 13),
        title: Some("Test".into()),
        ..Meta::default()
    };
    let mut doc = Doc::new(TEXT, meta);
    let words = [
        "“",
        "Київ",
        "will",
        "win",
        ",",
        "”",
        "Зеленський",
        "said",
        "on",
        "Wednesday",
        "in",
        "Munich",
        ".",
    ];
    let mut from = 0;
    for w in words {
        let start = from + doc.text()[from..].find(w).unwrap();
        let span = doc.span(start, start + w.len()).unwrap();
        from = span.end();
        let mut t = Token::new(span);
        t.upos = Some(Upos::Propn);
        t.xpos = Some("NNP".into());
        t.lemma = Some(w.to_lowercase());
        t.head = Some(7);
        t.deprel = Some("dep".into());
        doc.tokens.push(t);
    }
    doc.tokens[7].head = None;
    doc.tokens[7].deprel = Some("root".into());
    let end = doc.tokens.last().unwrap().span.end();
    doc.sentences.push(Sentence {
        span: doc.span(0, end).unwrap(),
        token_start: 0,
        token_end: doc.tokens.len(),
        new_paragraph: true,
    });
    doc.entities.push(Entity {
        span: sp(&doc, "Зеленський"),
        label: EntityLabel::Person,
    });
    doc.actors.push(Actor {
        name: "Volodymyr Zelensky".into(),
        country: Some("UKR".into()),
        sector: Some("GOV".into()),
        role: Some("head of state".into()),
        kb_id: Some("zelensky".into()),
        mentions: vec![sp(&doc, "Зеленський")],
    });
    doc.timexes.push(Timex {
        span: sp(&doc, "Wednesday"),
        kind: TimexType::Date,
        value: Some("2025-02-12".into()),
        anchor: Some("document".into()),
        reason: None,
    });
    doc.places.push(Place {
        span: sp(&doc, "Munich"),
        name: "Munich".into(),
        geonames_id: Some(2867714),
        feature: "city".into(),
        country: Some("DE".into()),
        admin1: Some("Bavaria".into()),
        lat: 48.137,
        lon: 11.575,
        confidence: 0.9,
    });
    doc.quotes.push(Quote {
        kind: QuoteKind::Direct,
        content: vec![sp(&doc, "Київ will win,")],
        cue: vec![sp(&doc, "said")],
        source: vec![sp(&doc, "Зеленський")],
        speaker: Some(0),
        sentence: 0,
    });
    doc.events.push(Event {
        sentence: 0,
        trigger: sp(&doc, "said"),
        source: vec![0],
        target: vec![],
        cameo: "010".into(),
        quad_class: 1,
        goldstein: 0.0,
        plover: Plover {
            kind: "OTHER".into(),
            mode: None,
            context: vec![],
        },
        factuality: Factuality::Asserted,
        date: Some("2025-02-12".into()),
        date_source: DateSource::Timex(0),
        place: Some(0),
        reporter: None,
        evidence: sp(&doc, "Зеленський said on Wednesday"),
    });
    doc.note("test", Some(sp(&doc, "😀")), "an emoji");
    doc.mark(LayerSet::of(&Layer::ALL));
    doc
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(JSON_SCHEMA).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// Walk the value and check every object with start/end/text.
fn check_spans(v: &Value, chars: &[char], seen: &mut usize) {
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e), Some(Value::String(t))) =
                (m.get("start"), m.get("end"), m.get("text"))
            {
                let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                let got: String = chars[s..e].iter().collect();
                assert_eq!(&got, t, "span {s}..{e}");
                *seen += 1;
            }
            m.values().for_each(|x| check_spans(x, chars, seen));
        }
        Value::Array(a) => a.iter().for_each(|x| check_spans(x, chars, seen)),
        _ => {}
    }
}

#[test]
fn full_output_is_valid_and_offsets_are_characters() {
    let doc = full_doc();
    let out = serde_json::to_value(to_output(&doc, OutputOptions { tokens: true })).unwrap();
    let v = validator();
    let errors: Vec<String> = v.iter_errors(&out).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let chars: Vec<char> = TEXT.chars().collect();
    let mut seen = 0;
    check_spans(&out, &chars, &mut seen);
    // 13 tokens, entity, mention, timex, place, 3 quote spans, trigger, evidence.
    assert_eq!(seen, 13 + 1 + 1 + 1 + 1 + 3 + 2);
    assert_eq!(out["length"], chars.len());
    assert_eq!(out["places"][0]["start"], 49);
    assert_eq!(out["notes"][0]["start"], 57);
    assert_eq!(out["tokens"][7]["head"], Value::Null);
    assert_eq!(out["events"][0]["cameo_root"], "01");
}

#[test]
fn empty_doc_is_valid_and_date_may_be_null() {
    let doc = Doc::new("", Meta::default());
    let out = serde_json::to_value(to_output(&doc, OutputOptions::default())).unwrap();
    assert!(validator().is_valid(&out));
    assert_eq!(out["date"], Value::Null);
    assert!(out.get("tokens").is_none(), "tokens only on request");
}

#[test]
fn schema_rejects_broken_records() {
    let doc = full_doc();
    let good = serde_json::to_value(to_output(&doc, OutputOptions::default())).unwrap();
    let v = validator();
    type Breaker = fn(&mut Value);
    let cases: &[(&str, Breaker)] = &[
        ("wrong schema id", |o| o["schema"] = "dyad/2".into()),
        ("missing layer", |o| {
            o.as_object_mut().unwrap().remove("events");
        }),
        ("bad label", |o| o["entities"][0]["label"] = "THING".into()),
        ("bad quad class", |o| {
            o["events"][0]["quad_class"] = 7.into()
        }),
        ("negative offset", |o| {
            o["timexes"][0]["start"] = (-1).into()
        }),
        ("bad country", |o| o["places"][0]["country"] = "DEU".into()),
    ];
    for (what, break_it) in cases {
        let mut bad = good.clone();
        break_it(&mut bad);
        assert!(!v.is_valid(&bad), "{what} was accepted");
    }
}

#[test]
fn output_is_deterministic() {
    let a = dyad_json::to_json_line(&full_doc(), OutputOptions { tokens: true });
    let b = dyad_json::to_json_line(&full_doc(), OutputOptions { tokens: true });
    assert_eq!(a, b);
}

#[test]
fn streamed_output_equals_the_built_record() {
    let doc = full_doc();
    for tokens in [false, true] {
        let opts = OutputOptions { tokens };
        for pretty in [false, true] {
            let mut streamed = Vec::new();
            dyad_json::write_json(&mut streamed, &doc, opts, pretty).unwrap();
            let built = if pretty {
                serde_json::to_string_pretty(&to_output(&doc, opts)).unwrap()
            } else {
                serde_json::to_string(&to_output(&doc, opts)).unwrap()
            };
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                built,
                "pretty={pretty}"
            );
        }
    }
    let mut empty = Vec::new();
    let blank = Doc::new("", Meta::default());
    dyad_json::write_json(&mut empty, &blank, OutputOptions::default(), false).unwrap();
    let v: Value = serde_json::from_slice(&empty).unwrap();
    assert!(validator().is_valid(&v));
}
