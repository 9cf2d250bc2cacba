//! PETRARCH-compatible coding with the validation dictionaries.
//!
//! The first tests code hand-tagged (and hand-parsed) sentences, so they do
//! not depend on the tagger and parser models; the last ones run the
//! standard tokenizer, tagger and parser over unit-test records end to end.
//! All read the dictionaries from `DYAD_DATA` (default `../shared/data`) and
//! skip with a message when they are absent.

use std::path::PathBuf;

use dyad_doc::{Doc, Layer, LayerSet, Meta, NaiveDate, Sentence, Token, Upos};
use dyad_events::{Expect, PetrarchCoder, VALIDATION_FILES, parse_petrarch_records};

/// The PETRARCH dictionary folder when its first file, `first`, is there.
fn dict_dir(first: &str) -> Option<PathBuf> {
    dyad_testdata::path(&format!("petrarch/{first}"))
        .map(|_| dyad_testdata::root().join("petrarch"))
}

fn coder() -> Option<PetrarchCoder> {
    let dir = dict_dir(VALIDATION_FILES[0])?;
    Some(PetrarchCoder::load(&dir, VALIDATION_FILES).expect("validation dictionaries load"))
}

/// A one-sentence doc from `word/UPOS[/head/deprel]` items (heads are
/// 0-based token indices, `-` for the root).
fn tagged(spec: &str) -> Doc {
    let items: Vec<Vec<&str>> = spec.split(' ').map(|i| i.split('/').collect()).collect();
    let text = items.iter().map(|i| i[0]).collect::<Vec<_>>().join(" ");
    let mut doc = Doc::new(text, Meta::default());
    let mut at = 0;
    for i in &items {
        let span = doc.span(at, at + i[0].len()).unwrap();
        at += i[0].len() + 1;
        let mut t = Token::new(span);
        t.upos = Upos::parse(i[1]);
        if i.len() == 4 {
            t.head = i[2].parse().ok();
            t.deprel = Some(i[3].to_string());
        }
        doc.tokens.push(t);
    }
    let span = doc.span(0, doc.text().len()).unwrap();
    doc.sentences.push(Sentence {
        span,
        token_start: 0,
        token_end: items.len(),
        new_paragraph: true,
    });
    doc.mark(LayerSet::of(&[
        Layer::Sentences,
        Layer::Tokens,
        Layer::Tags,
    ]));
    doc
}

fn codings(coder: &PetrarchCoder, doc: &Doc, date: &str) -> Vec<String> {
    let date = NaiveDate::parse_from_str(date, "%Y%m%d").ok();
    coder
        .code_doc(doc, date)
        .into_iter()
        .map(|e| format!("{} {} {}", e.source, e.target, e.code))
        .collect()
}

#[test]
fn actor_codes_follow_the_sentence_date() {
    let Some(c) = coder() else { return };
    let doc = tagged("Arnor/PROPN restored/VERB ties/NOUN with/ADP Slinker/PROPN ./PUNCT");
    // GOLLUM/SLINKER: HOB to 1995-06-01, HOBGOV from then to 1999-08-15
    // (limits inclusive, the first restriction wins), HOBREB from 1999-08-16.
    for (date, want) in [
        ("19950101", "ARN HOB 064"),
        ("19950601", "ARN HOB 064"),
        ("19950602", "ARN HOBGOV 064"),
        ("19990815", "ARN HOBGOV 064"),
        ("20010101", "ARN HOBREB 064"),
    ] {
        let got = codings(&c, &doc, date);
        assert!(got.contains(&want.to_string()), "{date}: {got:?}");
    }
    // SAM_GAMGEE: the first restriction containing the date wins.
    let doc = tagged("Sam/PROPN Gamgee/PROPN met/VERB Morgul/PROPN Orcs/PROPN ./PUNCT");
    let got = codings(&c, &doc, "20100109");
    assert!(got.contains(&"ORCHOB MRGORC 031".to_string()), "{got:?}");
    assert!(
        got.contains(&"MRGORC ORCHOB 032".to_string()),
        "[031:032]: {got:?}"
    );
    let got = codings(&c, &doc, "20100113");
    assert!(got.contains(&"HOBMIL MRGORC 031".to_string()), "{got:?}");
}

#[test]
fn agents_join_their_actors() {
    let Some(c) = coder() else { return };
    let cases = [
        // NGO~ goes before the actor, ~GOV after it.
        (
            "An/DET MSF/PROPN Arnor/PROPN diplomat/NOUN restored/VERB ties/NOUN with/ADP Gondor/PROPN",
            "NGOARNGOV GON 064",
        ),
        // Codes already present are not repeated; plural agents.
        (
            "White/PROPN House/PROPN security/NOUN officials/NOUN restored/VERB ties/NOUN with/ADP Minas/PROPN Tirith/PROPN border/NOUN police/NOUN",
            "USAGOV GONCOP 064",
        ),
        // AGENT in ACTOR.
        (
            "Human/ADJ rights/NOUN activists/NOUN in/ADP Arnor/PROPN restored/VERB ties/NOUN with/ADP Gondor/PROPN",
            "ARNOPP GON 064",
        ),
        // Substitution set !MINST!.
        (
            "The/DET Calenardhon/PROPN Ministry/PROPN of/ADP Silly/PROPN Walks/PROPN condemned/VERB Osgiliath/PROPN soldiers/NOUN",
            "CALGOV OSGMIL 122",
        ),
    ];
    for (spec, want) in cases {
        let got = codings(&c, &tagged(spec), "19950101");
        assert!(got.contains(&want.to_string()), "{spec}: {got:?}");
    }
}

#[test]
fn compound_actors_and_reciprocal_codes() {
    let Some(c) = coder() else { return };
    let doc = tagged(
        "Lawmakers/NOUN and/CCONJ officials/NOUN in/ADP Fornost/PROPN and/CCONJ Gondor/PROPN welcomed/VERB ties/NOUN with/ADP Eriador/PROPN",
    );
    let got = codings(&c, &doc, "19950104");
    for want in [
        "FORLEG ERI 041",
        "GONLEG ERI 041",
        "FORGOV ERI 041",
        "GONGOV ERI 041",
    ] {
        assert!(got.contains(&want.to_string()), "{want}: {got:?}");
    }
    // "% * [030:030]": the compound subject is coded among its members.
    let doc = tagged(
        "The/DET Philippines/PROPN and/CCONJ France/PROPN agree/VERB that/SCONJ disputes/NOUN should/AUX end/VERB",
    );
    let got = codings(&c, &doc, "19950103");
    assert!(got.contains(&"PHL FRA 030".to_string()), "{got:?}");
    assert!(got.contains(&"FRA PHL 030".to_string()), "{got:?}");
}

#[test]
fn passive_by_phrase_is_the_source() {
    let Some(c) = coder() else { return };
    let doc = tagged(
        "Eriador/PROPN/2/nsubj:pass was/AUX/2/aux:pass opposed/VERB/-/root by/ADP/4/case Osgiliath/PROPN/2/obl ./PUNCT/2/punct",
    );
    let got = codings(&c, &doc, "19950112");
    assert_eq!(got, ["OSG ERI 112"]);
    // Without a "by" phrase the subject stays the source (as PETRARCH codes it).
    let doc = tagged(
        "The/DET/1/det Philippines/PROPN/3/nsubj:pass was/AUX/3/aux:pass criticized/VERB/-/root over/ADP/6/case its/PRON/6/nmod:poss dispute/NOUN/3/obl with/ADP/8/case Eriador/PROPN/6/nmod",
    );
    assert_eq!(codings(&c, &doc, "19950103"), ["PHL ERI 121"]);
}

#[test]
fn patterns_place_source_and_target() {
    let Some(c) = coder() else { return };
    // "- + * IN $ [075]"
    let doc = tagged(
        "Gollum/PROPN was/AUX seen/VERB to/PART break/VERB in/ADP an/DET anti-/ADJ Gondor/PROPN parade/NOUN",
    );
    let got = codings(&c, &doc, "19920102");
    assert!(got.contains(&"GON HOB 075".to_string()), "{got:?}");
    // "- * EID AT ^ WITH + [043]": ^ skips Osgiliath.
    let doc = tagged(
        "Arnor/PROPN has/AUX celebrated/VERB Eid/PROPN at/ADP Osgiliath/PROPN with/ADP Gondor/PROPN",
    );
    assert_eq!(codings(&c, &doc, "19950102"), ["ARN GON 043"]);
    // Synset phrases and glued words: "- MOST_CERTAINLY_&NEGATVAUXVRB_EVER * OVER EFFORTS [907]".
    let doc = tagged(
        "Romendacil/PROPN most/ADV certainly/ADV wo/AUX n't/PART ever/ADV clash/VERB over/ADP the/DET efforts/NOUN of/ADP Eriadori/PROPN",
    );
    assert_eq!(codings(&c, &doc, "19950111"), ["BRE ERI 907"]);
}

#[test]
fn long_conjunctions_are_coded() {
    let Some(c) = coder() else { return };
    let names = ["Arnor/PROPN", "Gondor/PROPN", "Rohan/PROPN", "Bree/PROPN"];
    let mut spec: Vec<&str> = Vec::new();
    for i in 0..200 {
        if i > 0 {
            spec.push(if i == 199 { "and/CCONJ" } else { ",/PUNCT" });
        }
        spec.push(names[i % 4]);
    }
    spec.extend(["welcomed/VERB", "ties/NOUN", "with/ADP", "Osgiliath/PROPN"]);
    let got = codings(&c, &tagged(&spec.join(" ")), "19950104");
    let want = ["ARN OSG 041", "GON OSG 041", "ROH OSG 041", "BRE OSG 041"];
    assert_eq!(got, want);
}

#[test]
fn discards_stop_coding() {
    let Some(c) = coder() else { return };
    let doc =
        tagged("Arnor/PROPN restored/VERB baseball/NOUN competition/NOUN with/ADP Gondor/PROPN");
    assert!(codings(&c, &doc, "19950101").is_empty());
}

#[test]
fn malformed_verb_pattern_names_file_and_line() {
    let verbs = "--- RESTORE [064] ---\nRESTORE\n- * TIES [064]\n- * DIPLOMATIC\n";
    let err = PetrarchCoder::from_texts(
        ("a.txt", "ARNOR [ARN]\n"),
        ("g.txt", "POLICE {} [~COP]\n"),
        ("my.verbs.txt", verbs),
        ("d.txt", ""),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("my.verbs.txt:4: "), "{err}");
    assert!(err.contains("[code]"), "{err}");
}

/// Unit-test records coded from their text through the real pipeline.
#[test]
fn records_end_to_end() {
    let Some(c) = coder() else { return };
    let Some(path) = dyad_testdata::path("petrarch/PETR.UnitTest.records.xml") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let (records, _) = parse_petrarch_records("records", &text).unwrap();
    let parser = dyad_pipeline::until(LayerSet::of(&[Layer::Heads])).expect("pipeline");
    let ids = [
        "DEMO-00",     // basic, subject through "is about to"
        "DEMO-02",     // agent + possessive, [032:033]
        "DEMO-06",     // coordinated verbs share the subject
        "PASSIVE-01",  // passive with "by"
        "COMPOUND-02", // four conjoined sources
        "COMPOUND-21", // "* THEIR ^ ABOUT +", "the government of Gondor"
        "AGENTS-11",   // actor + agent on both sides
        "DATE-14",     // dated code HOBGOV
        "DATE-20",     // dated code RHO (Zimbabwe before 1979-06-06)
        "DATE-09",     // first matching restriction (ORCHOB), [031:032]
        "AGENT-03",    // NGO~ before and ~GOV after the actor
        "COMPOUND-08", // "Lawmakers in Fornost and Gondor"
        "PASSIVE-03",  // "+ * MONEY $"
        "DISCARD-01",  // story discard
    ];
    for id in ids {
        let r = records.iter().find(|r| r.id == id).expect(id);
        let mut doc = Doc::new(
            r.text.as_str(),
            Meta {
                date: r.date,
                ..Meta::default()
            },
        );
        parser.run(&mut doc).unwrap();
        let got: Vec<(String, String, String)> = c
            .code_doc(&doc, r.date)
            .into_iter()
            .map(|e| (e.source, e.target, e.code))
            .collect();
        match &r.expect {
            Expect::Events(want) => {
                for w in want {
                    assert!(got.contains(w), "{id}: want {w:?} in {got:?}");
                }
            }
            _ => assert!(got.is_empty(), "{id}: want nothing, got {got:?}"),
        }
    }
}

/// The operational Phoenix dictionaries (PETRARCH2's verb format, with
/// `{…}` phrases and `(…)` prepositional phrases) load and code too.
#[test]
fn operational_dictionaries_load_and_code() {
    let files = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.agents.txt",
        "CAMEO.2.0.txt",
        "Phoenix.discards.txt",
    ];
    let Some(dir) = dict_dir(files[0]) else {
        return;
    };
    let c = PetrarchCoder::load(&dir, files).expect("Phoenix dictionaries load");
    assert!(c.verbs().blocks() > 300, "{}", c.verbs().blocks());
    let doc = tagged("Russian/ADJ troops/NOUN attacked/VERB Ukraine/PROPN ./PUNCT");
    let got = codings(&c, &doc, "20220301");
    assert!(
        got.iter().any(|g| g.starts_with("RUSMIL UKR 19")),
        "{got:?}"
    );
}
