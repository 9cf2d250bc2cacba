//! The motivating example: every person in peace-talks.txt resolves to the
//! right country and sector, and the pronouns and titles to the right person.

use dyad_actors::ActorStage;
use dyad_doc::{Doc, Meta, NaiveDate, Stage};
use dyad_text::TokenizeStage;

/// The article, read from `DYAD_DATA/../examples` (never copied into the
/// repository); `None` (and the test skips) when absent.
fn article() -> Option<String> {
    dyad_testdata::example_text("peace-talks.txt")
}

fn run(text: &str, date: &str) -> Doc {
    let meta = Meta {
        id: "t".into(),
        date: Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()),
        ..Meta::default()
    };
    let mut doc = Doc::new(text, meta);
    TokenizeStage::new().process(&mut doc).unwrap();
    ActorStage::builtin().unwrap().process(&mut doc).unwrap();
    doc
}

/// The actor with a mention covering `word` inside the first occurrence
/// of `context`.
fn actor_at<'d>(doc: &'d Doc, context: &str, word: &str) -> Option<&'d dyad_doc::Actor> {
    let start = doc.text().find(context)? + context.find(word)?;
    let end = start + word.len();
    doc.actors.iter().find(|a| {
        a.mentions
            .iter()
            .any(|m| m.start() <= start && end <= m.end())
    })
}

#[test]
fn people_resolve_to_country_and_sector() {
    let Some(text) = article() else { return };
    let doc = run(&text, "2025-02-13");
    for a in &doc.actors {
        let ms: Vec<&str> = a.mentions.iter().map(|m| doc.slice(*m)).collect();
        eprintln!(
            "{} | {:?} {:?} {:?} {:?} | {:?}",
            a.name, a.country, a.sector, a.role, a.kb_id, ms
        );
    }
    let people = [
        ("Donald Trump", "USA", "GOV"),
        ("Vladimir Putin", "RUS", "GOV"),
        ("Volodymyr Zelensky", "UKR", "GOV"),
        ("JD Vance", "USA", "GOV"),
        ("Marco Rubio", "USA", "GOV"),
        ("Dmitry Peskov", "RUS", "GOV"),
        ("Pete Hegseth", "USA", "GOV"),
        ("James Waterhouse", "GBR", "MED"),
        ("Scott Bessent", "USA", "GOV"),
    ];
    for (name, country, sector) in people {
        let a = doc
            .actors
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("{name} is an actor"));
        assert_eq!(a.country.as_deref(), Some(country), "{name}");
        assert_eq!(a.sector.as_deref(), Some(sector), "{name}");
    }
}

#[test]
fn coreference_of_people() {
    let Some(text) = article() else { return };
    let doc = run(&text, "2025-02-13");
    // (context, word in it, the person it refers to)
    let table: &[(&str, &str, &str)] = &[
        ("US President Donald Trump", "US", "Donald Trump"),
        ("he had an", "he", "Donald Trump"),
        ("his Truth Social", "his", "Donald Trump"),
        ("Trump mentioned", "Trump", "Donald Trump"),
        ("he and the", "he", "Donald Trump"),
        ("the Russian leader", "Russian leader", "Vladimir Putin"),
        ("he had spoken", "he", "Volodymyr Zelensky"),
        ("with Trump", "Trump", "Donald Trump"),
        ("Zelensky stated", "Zelensky", "Volodymyr Zelensky"),
        ("he would meet", "he", "Volodymyr Zelensky"),
        ("he did not", "he", "Donald Trump"),
        ("he later", "he", "Donald Trump"),
        ("Putin endorsed", "Putin", "Vladimir Putin"),
        ("Trump\u{2019}s notion", "Trump", "Donald Trump"),
        (
            "the Russian president",
            "Russian president",
            "Vladimir Putin",
        ),
        ("Peskov revealed", "Peskov", "Dmitry Peskov"),
        ("The president aligned", "president", "Donald Trump"),
        ("his Defense Secretary", "his", "Donald Trump"),
        ("his Defense Secretary", "Defense Secretary", "Pete Hegseth"),
        ("Hegseth\u{2019}s remarks", "Hegseth", "Pete Hegseth"),
        ("our reporter", "reporter", "James Waterhouse"),
        ("our journalist", "journalist", "James Waterhouse"),
        ("his participation", "his", "Volodymyr Zelensky"),
        ("his discussion", "his", "Volodymyr Zelensky"),
        ("he had also met", "he", "Volodymyr Zelensky"),
        (
            "The Ukrainian president",
            "Ukrainian president",
            "Volodymyr Zelensky",
        ),
        ("He also emphasized", "He", "Volodymyr Zelensky"),
        ("his country", "his", "Volodymyr Zelensky"),
        ("he stated", "he", "Volodymyr Zelensky"),
    ];
    let mut wrong = Vec::new();
    for (context, word, want) in table {
        let got = actor_at(&doc, context, word).map(|a| a.name.as_str());
        if got != Some(*want) {
            wrong.push(format!("{word:?} in {context:?} -> {got:?}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn groups_metonyms_and_organisations() {
    let Some(text) = article() else { return };
    let doc = run(&text, "2025-02-13");
    let table: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        ("Russian troops", "Russian troops", Some("RUS"), Some("MIL")),
        (
            "pro-Russian insurgents",
            "Russian",
            Some("RUS"),
            Some("REB"),
        ),
        (
            "Ukrainian civilians",
            "Ukrainian civilians",
            Some("UKR"),
            Some("CVL"),
        ),
        ("Moscow annexed", "Moscow", Some("RUS"), Some("GOV")),
        ("for Kyiv", "Kyiv", Some("UKR"), Some("GOV")),
        ("NATO member", "NATO", None, Some("IGO")),
        ("from the BBC", "BBC", Some("GBR"), Some("MED")),
        ("AFP news agency", "AFP", Some("FRA"), Some("MED")),
        ("The Guardian", "Guardian", Some("GBR"), Some("MED")),
        ("when Russia launched", "Russia", Some("RUS"), None),
    ];
    for (context, word, country, sector) in table {
        let a = actor_at(&doc, context, word)
            .unwrap_or_else(|| panic!("{word:?} in {context:?} is a mention"));
        assert_eq!(a.country.as_deref(), *country, "{context}");
        assert_eq!(a.sector.as_deref(), *sector, "{context}");
    }
    // A capital as a place is the country, not its government.
    let a = actor_at(&doc, "currently in Kyiv", "Kyiv").expect("Kyiv");
    assert_eq!(
        (a.country.as_deref(), a.sector.as_deref()),
        (Some("UKR"), None)
    );
}

#[test]
fn roles_follow_the_document_date() {
    let table: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "President Donald Trump spoke.",
            "2025-02-13",
            Some("USA"),
            Some("GOV"),
        ),
        (
            "President Joe Biden spoke.",
            "2022-02-13",
            Some("USA"),
            Some("GOV"),
        ),
        // Out of office: country from the last role, no sector.
        ("Joe Biden spoke.", "2025-02-13", Some("USA"), None),
        (
            "Vladimir Putin spoke.",
            "2000-01-01",
            Some("RUS"),
            Some("GOV"),
        ),
    ];
    for (text, date, country, sector) in table {
        let doc = run(text, date);
        let a = doc
            .actors
            .iter()
            .find(|a| a.kb_id.as_deref().is_some_and(|k| k.starts_with("person:")))
            .unwrap();
        assert_eq!(a.country.as_deref(), *country, "{text} {date}");
        assert_eq!(a.sector.as_deref(), *sector, "{text} {date}");
    }
    // The holder of a post on the date.
    for (date, who) in [("2025-02-13", "Donald Trump"), ("2022-02-13", "Joe Biden")] {
        let doc = run("The American president spoke.", date);
        assert_eq!(
            doc.actors.first().map(|a| a.name.as_str()),
            Some(who),
            "{date}"
        );
    }
}
