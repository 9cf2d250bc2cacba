//! Places: the motivating example, disambiguation, bad input, the loader.

use std::path::PathBuf;

use dyad_doc::{Doc, Meta, Pipeline, Place};
use dyad_geo::{Gazetteer, Geocoder, Layers, PlaceStage};

fn gaz() -> &'static Gazetteer {
    Gazetteer::embedded().expect("embedded gazetteer loads")
}

fn places(text: &str) -> Vec<Place> {
    Geocoder::new(gaz()).geocode(text, Layers::default())
}

fn find<'a>(ps: &'a [Place], text: &str, surface: &str) -> Option<&'a Place> {
    ps.iter().find(|p| &text[p.span.range()] == surface)
}

#[test]
fn peace_talks_places() {
    let Some(text) = dyad_testdata::example_text("peace-talks.txt") else {
        return;
    };
    let ps = places(&text);
    // (surface, gazetteer name, feature, country)
    let cases = [
        ("Munich", "Munich", "city", "DE"),
        ("Saudi Arabia", "Saudi Arabia", "country", "SA"),
        ("Moscow", "Moscow", "city", "RU"),
        ("Kyiv", "Kyiv", "city", "UA"),
        ("Kursk region", "Kursk Oblast", "ADM1", "RU"),
        ("Crimea", "Crimea", "region", "UA"),
        ("Ukraine", "Ukraine", "country", "UA"),
        ("Russia", "Russia", "country", "RU"),
        ("Black Sea", "Black Sea", "sea", ""),
        ("Kremlin", "Kremlin", "region", "RU"),
    ];
    for (surface, name, feature, cc) in cases {
        let p =
            find(&ps, &text, surface).unwrap_or_else(|| panic!("{surface} not found in {ps:#?}"));
        assert_eq!(p.name, name, "{surface}");
        assert_eq!(p.feature, feature, "{surface}");
        assert_eq!(p.country.as_deref().unwrap_or(""), cc, "{surface}");
    }
    // Every mention of Kyiv and Moscow resolves the same way.
    for surface in ["Kyiv", "Moscow", "Munich"] {
        let ids: Vec<_> = ps
            .iter()
            .filter(|p| &text[p.span.range()] == surface)
            .map(|p| p.geonames_id)
            .collect();
        assert!(
            !ids.is_empty() && ids.iter().all(|i| i.is_some() && *i == ids[0]),
            "{surface}: {ids:?}"
        );
    }
    // Adjectival and possessive uses.
    let adj = ps.iter().find(|p| {
        text[p.span.range()].starts_with("Ukrainian")
            && text[p.span.end()..].starts_with("-controlled")
    });
    assert_eq!(adj.and_then(|p| p.country.as_deref()), Some("UA"));
    let kursk = text
        .find("Russia’s Kursk region")
        .expect("phrase in the example");
    let russia = ps
        .iter()
        .find(|p| p.span.start() == kursk)
        .expect("Russia’s is geocoded");
    assert_eq!(russia.country.as_deref(), Some("RU"));
    // People are not places.
    for name in [
        "Trump",
        "Putin",
        "Zelensky",
        "Vance",
        "Rubio",
        "Peskov",
        "Hegseth",
        "Bessent",
        "Waterhouse",
    ] {
        assert!(find(&ps, &text, name).is_none(), "{name} taken for a place");
    }
}

#[test]
fn disambiguation_table() {
    // (text, surface, expected country, expected feature or "")
    let cases: &[(&str, &str, &str, &str)] = &[
        ("Paris is the capital of France.", "Paris", "FR", "city"),
        (
            "The film is set in Paris, Texas, in the 1980s.",
            "Paris",
            "US",
            "city",
        ),
        (
            "The film is set in Paris, Texas, in the 1980s.",
            "Texas",
            "US",
            "ADM1",
        ),
        (
            "She grew up in Atlanta, Georgia, and moved to Ohio.",
            "Georgia",
            "US",
            "ADM1",
        ),
        (
            "Georgia's president addressed parliament in Tbilisi.",
            "Georgia",
            "GE",
            "country",
        ),
        (
            "Protesters gathered in London on Saturday.",
            "London",
            "GB",
            "city",
        ),
        (
            "The plant is in London, Ontario, near Toronto.",
            "London",
            "CA",
            "city",
        ),
        (
            "Police in Portland, Ore., said the suspect fled.",
            "Portland",
            "US",
            "city",
        ),
        ("Shelling hit Kharkov overnight.", "Kharkov", "UA", "city"),
        ("Trains from Bombay were cancelled.", "Bombay", "IN", "city"),
        ("Strikes on Gaza City continued.", "Gaza City", "PS", "city"),
        (
            "Aid reached the Gaza Strip on Monday.",
            "Gaza Strip",
            "PS",
            "region",
        ),
        ("Fighting in Donbas intensified.", "Donbas", "UA", "region"),
        (
            "Talks on Transnistria resumed in Chisinau.",
            "Transnistria",
            "MD",
            "region",
        ),
        (
            "Settlers in the West Bank protested.",
            "West Bank",
            "PS",
            "region",
        ),
        (
            "Troops crossed into Russia's Kursk Oblast.",
            "Kursk Oblast",
            "RU",
            "ADM1",
        ),
        ("Tension rose again in Kashmir.", "Kashmir", "IN", "region"),
        (
            "Reporters in Washington asked the White House.",
            "Washington",
            "US",
            "city",
        ),
        (
            "Sydney and Melbourne saw record heat.",
            "Melbourne",
            "AU",
            "city",
        ),
        (
            "PARIS, Texas (AP) — The mayor of Paris said",
            "Paris",
            "US",
            "city",
        ),
        (
            "PARIS (AP) — Officials in Paris said",
            "Paris",
            "FR",
            "city",
        ),
        (
            "KYIV, Ukraine (AP) — Officials in Kyiv said",
            "Kyiv",
            "UA",
            "city",
        ),
        (
            "The Korean Peninsula and the Sahara",
            "Sahara",
            "",
            "region",
        ),
    ];
    for &(text, surface, cc, feature) in cases {
        let ps = places(text);
        let p = find(&ps, text, surface)
            .unwrap_or_else(|| panic!("{surface:?} not found in {text:?}: {ps:#?}"));
        assert_eq!(p.country.as_deref().unwrap_or(""), cc, "{text}");
        if !feature.is_empty() {
            assert_eq!(p.feature, feature, "{text}");
        }
        assert!((0.0..=1.0).contains(&p.confidence), "{text}");
    }
}

#[test]
fn spellings_resolve_to_one_place() {
    let id = |t: &str, s: &str| {
        let ps = places(t);
        find(&ps, t, s).and_then(|p| p.geonames_id)
    };
    let pairs = [
        (("He went to Kyiv.", "Kyiv"), ("He went to Kiev.", "Kiev")),
        (
            ("Shelling in Kharkiv.", "Kharkiv"),
            ("Shelling in Kharkov.", "Kharkov"),
        ),
        (("Rain in Mumbai.", "Mumbai"), ("Rain in Bombay.", "Bombay")),
    ];
    for ((t1, s1), (t2, s2)) in pairs {
        let a = id(t1, s1);
        assert!(a.is_some(), "{t1}");
        assert_eq!(a, id(t2, s2), "{s1} vs {s2}");
    }
}

#[test]
fn common_words_are_not_places() {
    let cases = [
        "The talks will resume in March.",
        "Reading the report, she frowned.",
        "Nice weather helped the rescue.",
        "Mobile phones were banned.",
        "May I ask a question?",
        "Car bombs hit the market.",
        "The Police said nothing.",
        "Secretary of State Marco Rubio and Scott Bessent spoke.",
    ];
    for t in cases {
        let ps = places(t);
        assert!(ps.is_empty(), "{t}: {ps:#?}");
    }
    // With evidence they are.
    let t = "The ship docked at Mobile, Alabama.";
    let ps = places(t);
    assert_eq!(
        find(&ps, t, "Mobile").and_then(|p| p.country.as_deref()),
        Some("US")
    );
    let t = "The summit was held in Nice, France.";
    let ps = places(t);
    assert_eq!(
        find(&ps, t, "Nice").and_then(|p| p.country.as_deref()),
        Some("FR")
    );
}

#[test]
fn bad_input_does_not_panic() {
    let long = "Kyiv, Moscow and Paris. ".repeat(3_400);
    let cases: Vec<String> = vec![
        String::new(),
        " ".into(),
        "...,,;;".into(),
        "\u{301}\u{301}Kyiv\u{301}".into(),
        "ﬁ Straße Łódź İstanbul".into(),
        "KYIV KYIV".into(),
        "Kyiv,".into(),
        "Paris, ".into(),
        ", Texas".into(),
        "Ⅸ Ⅻ 🙂 Kursk region".into(),
        "Ukrainian".into(),
        "Ukrainian-".into(),
        "Russia's".into(),
        "\0\u{feff}Moscow\r\n".into(),
        long.clone(),
    ];
    for t in &cases {
        let ps = places(t);
        for p in &ps {
            assert!(p.span.get(t).is_some(), "bad span {:?} in {t:?}", p.span);
        }
    }
    let ps = places(&long);
    assert_eq!(ps.len(), 3 * 3_400, "10,200 place names all found");
}

#[test]
fn stage_fills_places() {
    let mut doc = Doc::new("Zelensky met Vance in Munich on Friday.", Meta::default());
    let pipeline = Pipeline::new()
        .with(PlaceStage::new().expect("stage"))
        .expect("pipeline");
    pipeline.run(&mut doc).expect("run");
    assert_eq!(doc.places.len(), 1, "{:#?}", doc.places);
    assert_eq!(doc.slice(doc.places[0].span), "Munich");
    assert_eq!(doc.places[0].country.as_deref(), Some("DE"));
}

#[test]
fn compiled_and_text_gazetteers_agree() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer");
    let slow = Gazetteer::from_dir(&dir).expect("loads from the text files");
    assert_eq!(slow.entries(), gaz().entries());
    assert_eq!(slow.name_count(), gaz().name_count());
    for name in ["Kyiv", "Kiev", "Kursk region", "Ukrainian", "Paris", "Tex."] {
        assert_eq!(slow.lookup(name), gaz().lookup(name), "{name}");
    }
    assert!(!gaz().lookup("Kursk region").is_empty());
}

#[test]
fn corrupt_compiled_index_is_an_error() {
    let good = dyad_geo::index_bin();
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"DYADGEO1".to_vec(),
        good[..8].to_vec(),
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 3].to_vec(),
        {
            let mut v = good.to_vec();
            v[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
            v
        },
    ];
    for c in cases {
        let leaked: &'static [u8] = Box::leak(c.into_boxed_slice());
        assert!(
            Gazetteer::from_compiled(leaked).is_err(),
            "{} bytes accepted",
            leaked.len()
        );
    }
}

#[test]
fn malformed_files_name_file_and_line() {
    let g = "#entries\t2\n\
             6255146\tcontinent\t\t\t7.188\t21.094\t1031833000\tAfrica\n\
             1\tcountry\tUA\t\t49.0\t32.0\t40000000\tUkraine\n\
             #keys\t2\n\
             africa\t0\n\
             ukraine\t1\n";
    let ok_c = "UA\t49\t32\tthe Ukraine\tUkrainian\n";
    let ok_r = "Donbas\tregion\tUA\t\t48\t38\t6000000\t\n";
    let gz =
        Gazetteer::from_sources(("g", g), ("c", ok_c), ("r", ok_r)).expect("small gazetteer loads");
    assert_eq!(gz.entries().len(), 3);
    assert_eq!(gz.lookup("Ukrainian").len(), 1);
    // (geonames, countries, regions, expected "file:line")
    let bad_g1 = g.replace("49.0\t32.0", "91.0\t32.0");
    let bad_g2 = g.replace("\tcountry\t", "\tstate\t");
    let bad_g3 = g.replace("ukraine\t1", "ukraine\t7");
    let bad_g4 = g
        .replace("africa\t0\n", "")
        .replace("ukraine\t1", "ukraine\t1\nafrica\t0");
    let bad_g5 = g.replace("\tUkraine\n", "\n");
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (&bad_g1, ok_c, ok_r, "g:3"),
        (&bad_g2, ok_c, ok_r, "g:3"),
        (&bad_g3, ok_c, ok_r, "g:6"),
        (&bad_g4, ok_c, ok_r, "g:6"),
        (&bad_g5, ok_c, ok_r, "g:3"),
        ("garbage\n", ok_c, ok_r, "g:1"),
        (g, "XX\t1\t2\t\t\n", ok_r, "c:1"),
        (g, "UA\tnorth\t2\t\t\n", ok_r, "c:1"),
        (g, "# comment\nUA\t1\t2\n", ok_r, "c:2"),
        (g, ok_c, "Donbas\tregion\tUA\t\t48\n", "r:1"),
        (g, ok_c, "\nDonbas\tprovince\tUA\t\t48\t38\t1\t\n", "r:2"),
        (g, ok_c, "Nowhere\tregion\tUA\t\t\t\t\t\n", "r:1"),
        (g, ok_c, "Донбас\tregion\tUA\t\t48\t38\t1\t\n", "r:1"),
    ];
    for (g, c, r, want) in cases {
        let err = Gazetteer::from_sources(("g", g), ("c", c), ("r", r)).expect_err(want);
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("{want}:")), "{want}: {msg}");
    }
}

#[test]
fn geowebnews_eval_runs() {
    let Some(path) = dyad_testdata::path("geowebnews/GWN.xml") else {
        return;
    };
    let r = dyad_geo::eval_geowebnews(&path).expect("eval");
    eprintln!("{r}");
    assert_eq!(r.articles, 200);
    assert_eq!(r.gold, 2601);
    assert!(r.accuracy_161() > 0.85, "{r}");
    assert!(r.f1() > 0.70, "{r}");
}

#[test]
fn entity_and_tag_layers_are_used() {
    use dyad_doc::{Entity, EntityLabel, Span, Token, Upos};
    let text = "Reading beat Bolton. Georgia Smith spoke.";
    let span = |s: &str| {
        let i = text.find(s).expect("in text");
        Span::from_trusted(i, i + s.len())
    };
    // Without layers "Reading" is a common word.
    assert!(find(&places(text), text, "Reading").is_none());
    // A GPE label is evidence; a PERSON label vetoes.
    let entities = vec![
        Entity {
            span: span("Reading"),
            label: EntityLabel::Gpe,
        },
        Entity {
            span: span("Georgia Smith"),
            label: EntityLabel::Person,
        },
    ];
    let layers = Layers {
        entities: &entities,
        tokens: &[],
    };
    let ps = Geocoder::new(gaz()).geocode(text, layers);
    assert_eq!(
        find(&ps, text, "Reading").and_then(|p| p.country.as_deref()),
        Some("GB"),
        "{ps:#?}"
    );
    assert!(find(&ps, text, "Georgia").is_none(), "{ps:#?}");
    // A NOUN tag on a capitalised common word keeps it out; PROPN lets a
    // small place through.
    let t2 = "Nice weather in Nice.";
    let toks: Vec<Token> = [
        ("Nice", Upos::Adj),
        ("weather", Upos::Noun),
        ("in", Upos::Adp),
    ]
    .iter()
    .zip([0usize, 5, 13])
    .map(|(&(w, u), i)| Token {
        upos: Some(u),
        ..Token::new(Span::from_trusted(i, i + w.len()))
    })
    .chain(std::iter::once(Token {
        upos: Some(Upos::Propn),
        ..Token::new(Span::from_trusted(16, 20))
    }))
    .collect();
    let ps = Geocoder::new(gaz()).geocode(
        t2,
        Layers {
            entities: &[],
            tokens: &toks,
        },
    );
    assert_eq!(ps.len(), 1, "{ps:#?}");
    assert_eq!(ps[0].span.start(), 16);
    assert_eq!(ps[0].country.as_deref(), Some("FR"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    #[test]
    fn random_text_never_panics(s in "([A-Z][a-z]{0,8}|[A-Z]{1,5}|Kyiv|Paris|Texas|of|the|,|\\.|'s|-| |\\n|é|İ|ß|\u{301}|—|\\(AP\\)){0,40}") {
        let ps = places(&s);
        let mut last = 0;
        for p in &ps {
            proptest::prop_assert!(p.span.get(&s).is_some());
            proptest::prop_assert!(p.span.start() >= last, "places overlap or are out of order");
            last = p.span.end();
            proptest::prop_assert!((0.0..=1.0).contains(&p.confidence));
        }
    }
}

#[test]
fn eval_reports_bad_files() {
    let dir = std::env::temp_dir().join(format!("dyad-geo-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let missing = dir.join("missing.xml");
    let err = dyad_geo::eval_geowebnews(&missing).expect_err("missing file");
    assert!(err.to_string().contains("missing.xml"), "{err}");
    // (content, expected line in the message)
    let cases = [
        ("<articles>\n<article>\n<text>x</text>\n</articles>", ":4:"),
        (
            "<articles>\n<article><text>Kyiv</text><toponyms>\n<toponym><start>0</start><end>99</end>\
             <latitude>50</latitude><longitude>30</longitude></toponym></toponyms></article></articles>",
            ":3:",
        ),
        (
            "<articles>\n<article><text>Kyiv</text><toponyms>\n\n<toponym><start>0</start><end>4</end>\
             <latitude>north</latitude><longitude>30</longitude></toponym></toponyms></article></articles>",
            ":4:",
        ),
    ];
    for (i, (xml, line)) in cases.iter().enumerate() {
        let p = dir.join(format!("bad{i}.xml"));
        std::fs::write(&p, xml).expect("write");
        let err = dyad_geo::eval_geowebnews(&p).expect_err("bad file");
        assert!(err.to_string().contains(line), "case {i}: {err}");
    }
    let good = dir.join("good.xml");
    std::fs::write(
        &good,
        "<articles><article><text>Talks in Kyiv.</text><toponyms><toponym><start>9</start><end>13</end>\
         <latitude>50.45</latitude><longitude>30.52</longitude></toponym></toponyms></article></articles>",
    )
    .expect("write");
    let r = dyad_geo::eval_geowebnews(&good).expect("good file");
    assert_eq!((r.gold, r.exact, r.within_161), (1, 1, 1), "{r}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn lists_are_not_qualifiers() {
    let t = "After stops in Washington, New York and Boston, he left.";
    let ps = places(t);
    let w = find(&ps, t, "Washington").expect("Washington found");
    assert_eq!(
        (w.country.as_deref(), w.admin1.as_deref()),
        (Some("US"), Some("District of Columbia"))
    );
    let ny = find(&ps, t, "New York").expect("New York found");
    assert_eq!(ny.name, "New York City");
    assert!(ps.iter().all(|p| p.confidence > 0.3), "{ps:#?}");
}
