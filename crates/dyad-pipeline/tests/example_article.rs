//! The bundled example article (examples/ceasefire-talks.txt, dated Thursday
//! 2025-03-06) through the whole standard pipeline.

use crate::common;

use dyad_doc::{Doc, Meta, NaiveDate};

fn processed() -> Doc {
    let text = include_str!("../../../examples/ceasefire-talks.txt");
    let meta = Meta {
        id: "ceasefire-talks".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 6),
        ..Meta::default()
    };
    let mut doc = Doc::new(text, meta);
    dyad_pipeline::standard().unwrap().run(&mut doc).unwrap();
    doc
}

#[test]
fn weekdays_and_dates_resolve_against_the_dateline() {
    let doc = processed();
    let value = |needle: &str| -> Option<String> {
        doc.timexes
            .iter()
            .find(|t| doc.slice(t.span) == needle)
            .and_then(|t| t.value.clone())
    };
    let cases = [
        ("Thursday", "2025-03-06"),
        ("Wednesday", "2025-03-05"),
        ("Tuesday", "2025-03-04"),
        ("Monday", "2025-03-03"),
        ("March 20", "2025-03-20"),
    ];
    for (text, want) in cases {
        assert_eq!(value(text).as_deref(), Some(want), "{text}");
    }
}

#[test]
fn places_resolve_and_common_words_are_not_places() {
    let doc = processed();
    let country = |needle: &str| {
        doc.places
            .iter()
            .find(|p| doc.slice(p.span) == needle)
            .and_then(|p| p.country.clone())
    };
    for (text, cc) in [
        ("Istanbul", "TR"),
        ("Odesa", "UA"),
        ("Geneva", "CH"),
        ("Crimea", "UA"),
    ] {
        assert_eq!(country(text).as_deref(), Some(cc), "{text}");
    }
    for word in ["March", "Thursday", "Maria", "Minister"] {
        assert!(
            doc.places.iter().all(|p| doc.slice(p.span) != word),
            "{word} is not a place here"
        );
    }
}

#[test]
fn officials_resolve_to_country_and_sector() {
    let doc = processed();
    let actor = |needle: &str| {
        doc.actors
            .iter()
            .find(|a| a.mentions.iter().any(|m| doc.slice(*m).contains(needle)))
            .unwrap_or_else(|| panic!("no actor mentioned as {needle}"))
    };
    let erdogan = actor("Erdogan");
    assert_eq!(erdogan.country.as_deref(), Some("TUR"));
    assert_eq!(erdogan.sector.as_deref(), Some("GOV"));
    let peskov = actor("Peskov");
    assert_eq!(peskov.country.as_deref(), Some("RUS"));
    assert_eq!(peskov.sector.as_deref(), Some("GOV"));
    let hrytsenko = actor("Hrytsenko");
    assert_eq!(hrytsenko.sector.as_deref(), Some("GOV"));
}

/// The quote whose content contains `part`.
fn quote_containing<'d>(doc: &'d Doc, part: &str) -> &'d dyad_doc::Quote {
    doc.quotes
        .iter()
        .find(|q| q.content.iter().any(|c| doc.slice(*c).contains(part)))
        .unwrap_or_else(|| panic!("no quote containing {part:?}"))
}

#[test]
fn quotes_have_their_sources() {
    let doc = processed();
    let source_of = |content_part: &str| -> String {
        let q = quote_containing(&doc, content_part);
        q.source
            .iter()
            .map(|s| doc.slice(*s))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(source_of("We are not here to sign a peace treaty").contains("Maria Lindqvist"));
    assert!(source_of("Nobody should expect miracles").contains("Turkish diplomat"));
    assert!(source_of("earlier deals had failed").contains("Peskov"));
    assert!(source_of("rewards the blockade").contains("She"));
}

/// The motivating article from the shared data (read at run time, never
/// copied): every quoted passage is attributed to Trump or Zelensky through
/// the actor layer, pronouns included.
#[test]
fn peace_talks_quotes_resolve_to_their_speakers() {
    let Some(doc) = common::peace_talks() else {
        return;
    };
    let speaker_of = |content_part: &str| -> String {
        let q = quote_containing(&doc, content_part);
        q.speaker
            .map(|a| doc.actors[a].name.clone())
            .unwrap_or_else(|| format!("unresolved ({:?})", q.source))
    };
    let cases = [
        ("It is time to end this absurd War", "Donald Trump"),
        ("We’ll convene in Saudi Arabia", "Donald Trump"),
        ("some of that land will be recovered", "Donald Trump"),
        ("I believe that’s most likely the case", "Donald Trump"),
        (
            "No one desires peace more than Ukraine",
            "Volodymyr Zelensky",
        ),
        (
            "We decided to maintain ongoing communication",
            "Volodymyr Zelensky",
        ),
        ("Security assurances without America", "Volodymyr Zelensky"),
        ("Putin endorsed Trump’s notion", "Dmitry Peskov"),
    ];
    for (content, who) in cases {
        assert_eq!(speaker_of(content), who, "{content}");
    }
}
