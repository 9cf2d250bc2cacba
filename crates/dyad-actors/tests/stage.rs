//! Table-driven tests of the actor stage on short texts.

use dyad_actors::ActorStage;
use dyad_doc::{Doc, Layer, LayerSet, Meta, NaiveDate, Pipeline, Stage};
use dyad_text::TokenizeStage;

fn run(text: &str, date: Option<&str>) -> Doc {
    let meta = Meta {
        date: date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        ..Meta::default()
    };
    let mut doc = Doc::new(text, meta);
    let p = Pipeline::new()
        .with(TokenizeStage::new())
        .unwrap()
        .with(ActorStage::builtin().unwrap())
        .unwrap();
    p.run(&mut doc).unwrap();
    doc
}

/// (text, date, mention, name, country, sector)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

#[test]
fn composition_and_resolution() {
    let cases: &[Case] = &[
        // demonym/country + title
        (
            "Russian troops advanced.",
            "2025-01-01",
            "Russian troops",
            "Russian troops",
            Some("RUS"),
            Some("MIL"),
        ),
        (
            "French police detained him.",
            "2025-01-01",
            "French police",
            "French police",
            Some("FRA"),
            Some("COP"),
        ),
        (
            "Israeli officials said so.",
            "2025-01-01",
            "Israeli officials",
            "Israeli officials",
            Some("ISR"),
            Some("GOV"),
        ),
        // pro- alignment
        (
            "pro-Russian separatists attacked.",
            "2025-01-01",
            "pro-Russian separatists",
            "pro-Russian separatists",
            Some("RUS"),
            Some("REB"),
        ),
        // metonyms
        (
            "The Kremlin denied it.",
            "2025-01-01",
            "Kremlin",
            "Russia government",
            Some("RUS"),
            Some("GOV"),
        ),
        (
            "Downing Street said no.",
            "2025-01-01",
            "Downing Street",
            "United Kingdom government",
            Some("GBR"),
            Some("GOV"),
        ),
        (
            "Beijing protested.",
            "2025-01-01",
            "Beijing",
            "China government",
            Some("CHN"),
            Some("GOV"),
        ),
        // a capital as a place is the country
        (
            "They met in Beijing.",
            "2025-01-01",
            "Beijing",
            "China",
            Some("CHN"),
            None,
        ),
        // organisations
        (
            "NATO warned Moscow.",
            "2025-01-01",
            "NATO",
            "NATO",
            None,
            Some("IGO"),
        ),
        (
            "Hamas fired rockets.",
            "2025-01-01",
            "Hamas",
            "Hamas",
            Some("PSE"),
            Some("REB"),
        ),
        (
            "UN peacekeepers left.",
            "2025-01-01",
            "UN peacekeepers",
            "UN peacekeepers",
            None,
            Some("MIL"),
        ),
        // KB people by date
        (
            "Prime Minister Rishi Sunak spoke.",
            "2023-01-01",
            "Rishi Sunak",
            "Rishi Sunak",
            Some("GBR"),
            Some("GOV"),
        ),
        (
            "Rishi Sunak spoke.",
            "2021-01-01",
            "Rishi Sunak",
            "Rishi Sunak",
            Some("GBR"),
            Some("GOV"),
        ),
        // a person not in the KB takes country and sector from the text
        (
            "Kenyan Foreign Minister Jane Doe said.",
            "2025-01-01",
            "Jane Doe",
            "Jane Doe",
            Some("KEN"),
            Some("GOV"),
        ),
        (
            "Reuters correspondent John Smith wrote.",
            "2025-01-01",
            "John Smith",
            "John Smith",
            Some("GBR"),
            Some("MED"),
        ),
        // title + "of" + country
        (
            "She met the president of Armenia.",
            "2025-01-01",
            "president of Armenia",
            "Armenia president",
            None,
            None,
        ),
        // the holder of a post on the date
        (
            "The German chancellor arrived.",
            "2022-06-01",
            "German chancellor",
            "Olaf Scholz",
            Some("DEU"),
            Some("GOV"),
        ),
        (
            "The German chancellor arrived.",
            "2025-06-01",
            "German chancellor",
            "Friedrich Merz",
            Some("DEU"),
            Some("GOV"),
        ),
        (
            "The British prime minister arrived.",
            "2022-10-01",
            "British prime minister",
            "Liz Truss",
            Some("GBR"),
            Some("GOV"),
        ),
        // coordination shares the title
        (
            "Hungarian and Romanian officials agreed.",
            "2000-01-01",
            "Hungarian",
            "Hungarian",
            Some("HUN"),
            Some("GOV"),
        ),
    ];
    let mut wrong = Vec::new();
    for (text, date, mention, name, country, sector) in cases {
        let doc = run(text, Some(date));
        let start = text.find(mention).expect("mention in text");
        let end = start + mention.len();
        let a = doc.actors.iter().find(|a| {
            a.mentions
                .iter()
                .any(|m| m.start() <= start && end <= m.end())
        });
        let got = a.map(|a| (a.name.as_str(), a.country.as_deref(), a.sector.as_deref()));
        // The "president of Armenia" row checks the country only.
        let ok = match got {
            Some((n, c, s)) if *name == "Armenia president" => {
                c == Some("ARM") && s == Some("GOV") && !n.is_empty()
            }
            Some(g) => g == (*name, *country, *sector),
            None => false,
        };
        if !ok {
            wrong.push(format!("{text:?} [{mention}] -> {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn coreference_is_precise() {
    // (text, date, pronoun/title context, word, expected actor name or None)
    let cases: &[(&str, &str, &str, &str, Option<&str>)] = &[
        (
            "Keir Starmer met Emmanuel Macron. He said talks went well.",
            "2025-01-01",
            "He said",
            "He",
            Some("Keir Starmer"),
        ),
        (
            "Giorgia Meloni met Olaf Scholz. She said talks went well.",
            "2024-01-01",
            "She said",
            "She",
            Some("Giorgia Meloni"),
        ),
        // gender rules out the first person
        (
            "Giorgia Meloni met Olaf Scholz. He said talks went well.",
            "2024-01-01",
            "He said",
            "He",
            Some("Olaf Scholz"),
        ),
        // too far back: no antecedent
        (
            "Olaf Scholz spoke. Rain fell. It was cold. Wind blew. He left.",
            "2024-01-01",
            "He left",
            "He",
            None,
        ),
        // a surname after the full name
        (
            "Sergei Lavrov arrived. Lavrov said no.",
            "2024-01-01",
            "Lavrov said",
            "Lavrov",
            Some("Sergei Lavrov"),
        ),
        // "the president" refers back to the last president mentioned
        (
            "President Joe Biden met Olaf Scholz. The president said yes.",
            "2022-01-01",
            "president said",
            "president",
            Some("Joe Biden"),
        ),
        // "our correspondent" is the latest media person
        (
            "BBC correspondent Jane Roe reported. Our correspondent added more.",
            "2024-01-01",
            "correspondent added",
            "correspondent",
            Some("Jane Roe"),
        ),
        // an unknown title holder is not guessed
        ("The mayor spoke.", "2024-01-01", "mayor", "mayor", None),
    ];
    let mut wrong = Vec::new();
    for (text, date, context, word, want) in cases {
        let doc = run(text, Some(date));
        let start = text.find(context).unwrap() + context.find(word).unwrap();
        let end = start + word.len();
        let got = doc
            .actors
            .iter()
            .find(|a| {
                a.mentions
                    .iter()
                    .any(|m| m.start() <= start && end <= m.end())
            })
            .map(|a| a.name.as_str());
        if got != *want {
            wrong.push(format!("{text:?} [{word}] -> {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn without_a_date_roles_are_not_used() {
    let doc = run("The Russian president spoke. Vladimir Putin agreed.", None);
    assert!(doc.notes.iter().any(|n| n.stage == "actors"));
    // No dated holder lookup: "the Russian president" stays a post.
    let a = &doc.actors[0];
    assert_eq!(a.name, "Russian president");
    assert_eq!(a.country.as_deref(), Some("RUS"));
    let putin = doc
        .actors
        .iter()
        .find(|a| a.name == "Vladimir Putin")
        .unwrap();
    assert_eq!(putin.sector, None);
}

#[test]
fn stage_declares_layers_and_handles_empty_text() {
    let s = ActorStage::builtin().unwrap();
    assert_eq!(s.name(), "actors");
    assert_eq!(s.needs(), LayerSet::of(&[Layer::Sentences, Layer::Tokens]));
    assert_eq!(s.adds(), LayerSet::of(&[Layer::Actors]));
    for text in ["", "   ", "\u{2019}s", "he he he", "US US US"] {
        let doc = run(text, Some("2025-01-01"));
        for a in &doc.actors {
            for m in &a.mentions {
                assert!(m.end() <= text.len());
            }
        }
    }
    // Mentions are spans of the text, in order, without duplicates.
    let doc = run(
        "Trump met Putin. Trump and Putin talked. He left.",
        Some("2025-02-13"),
    );
    for a in &doc.actors {
        let mut sorted = a.mentions.clone();
        sorted.sort_by_key(|m| (m.start(), m.end()));
        sorted.dedup();
        assert_eq!(sorted, a.mentions);
    }
}

#[test]
fn person_entities_from_an_earlier_stage_are_used() {
    use dyad_doc::{Entity, EntityLabel, Span};
    let text = "Maria Lopez arrived in Kyiv. She met Donald Trump there.";
    let mut doc = Doc::new(
        text,
        Meta {
            date: NaiveDate::from_ymd_opt(2025, 2, 13),
            ..Meta::default()
        },
    );
    TokenizeStage::new().process(&mut doc).unwrap();
    let at = |s: &str| {
        let i = text.find(s).unwrap();
        Span::from_trusted(i, i + s.len())
    };
    doc.entities = vec![
        Entity {
            span: at("Maria Lopez"),
            label: EntityLabel::Person,
        },
        // Overlaps a KB name: the KB wins.
        Entity {
            span: at("Donald Trump there"),
            label: EntityLabel::Person,
        },
    ];
    doc.mark(LayerSet::of(&[Layer::Entities]));
    ActorStage::builtin().unwrap().process(&mut doc).unwrap();
    let maria = doc
        .actors
        .iter()
        .find(|a| a.name == "Maria Lopez")
        .expect("Maria Lopez");
    assert_eq!(maria.kb_id, None);
    assert!(maria.mentions.contains(&at("She")));
    let trump = doc
        .actors
        .iter()
        .find(|a| a.name == "Donald Trump")
        .expect("Trump");
    assert_eq!(trump.country.as_deref(), Some("USA"));
    assert!(!doc.actors.iter().any(|a| a.name.contains("there")));
}

/// Country and sector of the actor whose mention covers `mention`, if any.
fn coded(doc: &Doc, text: &str, mention: &str) -> Option<(Option<String>, Option<String>)> {
    let start = text.find(mention)?;
    let end = start + mention.len();
    doc.actors
        .iter()
        .find(|a| {
            a.mentions
                .iter()
                .any(|m| m.start() <= start && end <= m.end())
        })
        .map(|a| (a.country.clone(), a.sector.clone()))
}

#[test]
fn places_groups_misspellings_and_context() {
    // (text, mention, country, sector); None = no actor there.
    let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        // misspelt country names and adjectives
        (
            "Afghanistan said Pakistian troops crossed.",
            "Pakistian troops",
            Some("PAK"),
            Some("MIL"),
        ),
        (
            "Venezeula rejected the offer.",
            "Venezeula",
            Some("VEN"),
            None,
        ),
        // a city or province from the gazetteer after a preposition
        (
            "Rebels in Kandahar attacked a convoy.",
            "Rebels in Kandahar",
            Some("AFG"),
            Some("REB"),
        ),
        (
            "The government of Punjab province ordered curfews.",
            "government",
            Some("PAK"),
            Some("GOV"),
        ),
        // regions named for a state's territory
        (
            "Fighters in Chechnya ambushed a column.",
            "Fighters in Chechnya",
            Some("RUS"),
            Some("REB"),
        ),
        // ethnic groups: home country, or the one the sentence names
        (
            "Tamil politicians walked out.",
            "Tamil politicians",
            Some("LKA"),
            Some("ELI"),
        ),
        (
            "Tutsi refugees returned to Rwanda.",
            "Tutsi refugees",
            Some("RWA"),
            Some("REF"),
        ),
        (
            "Ethnic Hungarians in Romania protested.",
            "Hungarians in Romania",
            Some("ROU"),
            Some("CVL"),
        ),
        (
            "Serbs of northern Kosovo blocked roads.",
            "Serbs of northern Kosovo",
            Some("XKX"),
            Some("CVL"),
        ),
        // not a group: the start of a proper name
        ("Karen Bass spoke.", "Karen", None, None),
        // religious groups take the sentence's only country
        (
            "Jordanian police broke up a march of Muslim demonstrators.",
            "Muslim demonstrators",
            Some("JOR"),
            Some("MOS"),
        ),
        // an unknown named person takes the sentence's only country
        (
            "Opposition leader Kizza Besigye said Ugandan voters were cheated.",
            "Kizza Besigye",
            Some("UGA"),
            Some("OPP"),
        ),
        // hyphenated names; without a country in the sentence, the only
        // one the document names
        (
            "Opposition leader Jamal Abdul-Karim was arrested. Bangladeshi police confirmed it.",
            "Jamal Abdul-Karim",
            Some("BGD"),
            Some("OPP"),
        ),
        // adjective alone: the country; adjective + plural noun: civilians
        (
            "Egypt welcomed a Turkish proposal.",
            "Turkish",
            Some("TUR"),
            None,
        ),
        (
            "Kenyan farmers protested.",
            "Kenyan farmers",
            Some("KEN"),
            Some("AGR"),
        ),
        (
            "Sudanese villagers fled.",
            "Sudanese villagers",
            Some("SDN"),
            Some("CVL"),
        ),
        (
            "Chilean copper workers struck.",
            "Chilean copper workers",
            Some("CHL"),
            Some("LAB"),
        ),
        // troops abroad keep no place of their own
        (
            "Nigeria pulled its forces in Liberia back.",
            "Liberia",
            Some("LBR"),
            None,
        ),
        // historical names
        ("Zaire accused Uganda.", "Zaire", Some("COD"), None),
    ];
    let mut wrong = Vec::new();
    for (text, mention, country, sector) in cases {
        let doc = run(text, Some("2000-01-01"));
        let got = coded(&doc, text, mention);
        let want = country.map(|c| (Some(c.to_string()), sector.map(String::from)));
        let ok = match (&got, &want) {
            (None, None) => true,
            (Some(_), None) => false,
            (g, Some(w)) => g.as_ref() == Some(w),
        };
        if !ok {
            wrong.push(format!("{text:?} [{mention}] -> {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_title_and_a_shared_surname_pick_the_latest_past_holder() {
    // Two Presidents Bush: on 2000-01-01 the latest to have held office is
    // the father; on 2005-01-01 the son holds it.
    for (date, want) in [
        ("2000-01-01", "George H. W. Bush"),
        ("2005-01-01", "George W. Bush"),
    ] {
        let doc = run("President Bush warned Iraq.", Some(date));
        let a = doc
            .actors
            .iter()
            .find(|a| a.country.as_deref() == Some("USA"));
        assert_eq!(a.map(|a| a.name.as_str()), Some(want), "{date}");
    }
}

#[test]
fn places_of_states_not_yet_existing_take_the_predecessor() {
    // (text, date, mention, country)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "Rebels shelled Juba on Sunday.",
            "2005-03-01",
            "Juba",
            "SDN",
        ),
        (
            "Rebels shelled Juba on Sunday.",
            "2015-03-01",
            "Juba",
            "SSD",
        ),
        (
            "Police fired on crowds in Dili.",
            "1995-06-01",
            "Dili",
            "IDN",
        ),
        (
            "Police fired on crowds in Dili.",
            "2010-06-01",
            "Dili",
            "TLS",
        ),
        ("Troops entered Pristina.", "1999-06-12", "Pristina", "SRB"),
        ("Troops entered Pristina.", "2012-06-12", "Pristina", "XKX"),
        // The date the sentence names is in force there.
        (
            "In 1999 troops entered Pristina.",
            "2012-06-12",
            "Pristina",
            "SRB",
        ),
        // The state's own name keeps its code.
        (
            "Montenegro's assembly met.",
            "2000-01-01",
            "Montenegro",
            "MNE",
        ),
    ];
    let p = Pipeline::new()
        .with(TokenizeStage::new())
        .unwrap()
        .with(dyad_time::TimexStage::new())
        .unwrap()
        .with(ActorStage::builtin().unwrap())
        .unwrap();
    for (text, date, mention, want) in cases {
        let mut doc = Doc::new(
            *text,
            Meta {
                date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
                ..Meta::default()
            },
        );
        p.run(&mut doc).unwrap();
        let a = doc
            .actors
            .iter()
            .find(|a| a.mentions.iter().any(|m| doc.slice(*m).contains(*mention)))
            .unwrap_or_else(|| panic!("{text} {date}: no actor {mention}: {:?}", doc.actors));
        assert_eq!(a.country.as_deref(), Some(*want), "{text} on {date}");
    }
}
