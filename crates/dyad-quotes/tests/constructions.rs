//! Constructions the quote stage must handle, and the motivating example.

use std::path::PathBuf;

use dyad_doc::{Doc, Layer, LayerSet, Meta, Pipeline, Quote, QuoteKind};
use dyad_quotes::{QuoteStage, format_table};

/// The text through the standard pipeline up to quotes (the stage reads
/// the parse), as `dyad` runs it.
fn run(text: &str) -> Doc {
    let mut doc = Doc::new(text, Meta::default());
    let p = dyad_pipeline::until(LayerSet::of(&[Layer::Quotes])).expect("pipeline builds");
    p.run(&mut doc).expect("runs");
    doc
}

/// The text through the quote stage alone (no parse).
fn run_alone(text: &str) -> Doc {
    let mut doc = Doc::new(text, Meta::default());
    let p = Pipeline::new()
        .with(QuoteStage::new().expect("embedded model loads"))
        .expect("no needs");
    p.run(&mut doc).expect("runs");
    doc
}

fn join(doc: &Doc, spans: &[dyad_doc::Span]) -> String {
    spans
        .iter()
        .map(|s| doc.slice(*s))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The quote whose content holds `needle`.
fn find<'a>(doc: &'a Doc, needle: &str) -> Option<&'a Quote> {
    let at = doc.text().find(needle)?;
    let span = dyad_doc::Span::from_trusted(at, at + needle.len());
    doc.quotes
        .iter()
        .find(|q| q.content.iter().any(|c| c.overlaps(span)))
}

struct Case {
    text: &'static str,
    /// A piece of the content.
    content: &'static str,
    source: &'static str,
    cue: &'static str,
    kind: QuoteKind,
}

#[test]
fn constructions() {
    let cases = [
        // cue splitting the content: one attribution, two fragments
        Case {
            text: "“It is time,” Trump wrote, “to end this war.”",
            content: "It is time",
            source: "Trump",
            cue: "wrote",
            kind: QuoteKind::Direct,
        },
        // cue before, colon
        Case {
            text: "Trump wrote on social media: “It is time to end this war.”",
            content: "end this war",
            source: "Trump",
            cue: "wrote",
            kind: QuoteKind::Direct,
        },
        // cue after, inverted order
        Case {
            text: "“The moment has arrived to collaborate,” said Peskov.",
            content: "moment has arrived",
            source: "Peskov",
            cue: "said",
            kind: QuoteKind::Direct,
        },
        // cue after, normal order, pronoun source
        Case {
            text: "“We’ll convene in Saudi Arabia,” he said.",
            content: "convene",
            source: "he",
            cue: "said",
            kind: QuoteKind::Direct,
        },
        // indirect with "that"
        Case {
            text: "Kremlin spokesperson Dmitry Peskov said that Putin endorsed the plan.",
            content: "Putin endorsed the plan",
            source: "Kremlin spokesperson Dmitry Peskov",
            cue: "said",
            kind: QuoteKind::Indirect,
        },
        // indirect without "that"
        Case {
            text: "The mayor said there had been no credible threats against the city.",
            content: "no credible threats",
            source: "The mayor",
            cue: "said",
            kind: QuoteKind::Indirect,
        },
        // indirect, content before the cue
        Case {
            text: "The call lasted nearly ninety minutes, Peskov revealed.",
            content: "The call lasted",
            source: "Peskov",
            cue: "revealed",
            kind: QuoteKind::Indirect,
        },
        // according to
        Case {
            text: "According to AFP, the discussion lasted an hour.",
            content: "the discussion lasted an hour",
            source: "AFP",
            cue: "According to",
            kind: QuoteKind::Indirect,
        },
        // mixed
        Case {
            text: "Zelensky said that he had spoken with Trump about a “durable and trustworthy peace.”",
            content: "durable",
            source: "Zelensky",
            cue: "said",
            kind: QuoteKind::Mixed,
        },
        // belief cue
        Case {
            text: "Most analysts believe that the talks will fail.",
            content: "the talks will fail",
            source: "Most analysts",
            cue: "believe",
            kind: QuoteKind::Indirect,
        },
        // passive cue with the source in a by-phrase
        Case {
            text: "The ceasefire was rejected by Moscow on Friday.",
            content: "The ceasefire",
            source: "Moscow",
            cue: "rejected",
            kind: QuoteKind::Indirect,
        },
        // nested quote inside a quote
        Case {
            text: "“He called it ‘fake news,’ and we laughed,” she said.",
            content: "fake news",
            source: "she",
            cue: "said",
            kind: QuoteKind::Direct,
        },
        // multi-sentence direct quote
        Case {
            text: "“No one desires peace more than Ukraine. We are formulating our next steps,” Zelensky wrote.",
            content: "No one desires",
            source: "Zelensky",
            cue: "wrote",
            kind: QuoteKind::Direct,
        },
    ];
    let mut failures = Vec::new();
    // With the pipeline's parse, and by the stage alone.
    for (mode, run) in [("parsed", run as fn(&str) -> Doc), ("alone", run_alone)] {
        for c in &cases {
            let doc = run(c.text);
            match find(&doc, c.content) {
                None => failures.push(format!(
                    "{mode}: {}: no quote holds {:?}",
                    c.text, c.content
                )),
                Some(q) => {
                    let (s, k) = (join(&doc, &q.source), join(&doc, &q.cue));
                    if s != c.source || !k.contains(c.cue) || q.kind != c.kind {
                        failures.push(format!(
                            "{mode}: {}: got source {s:?} cue {k:?} kind {:?}",
                            c.text, q.kind
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn split_content_is_one_attribution_with_two_fragments() {
    let text = "“It is time,” Trump wrote, “to end this war.”";
    let doc = run(text);
    assert_eq!(doc.quotes.len(), 1, "{}", format_table(&doc));
    let q = &doc.quotes[0];
    let frags: Vec<&str> = q.content.iter().map(|s| doc.slice(*s)).collect();
    assert_eq!(frags, vec!["“It is time,”", "“to end this war.”"]);
}

#[test]
fn multi_paragraph_quote_continues() {
    let text = "Zelensky wrote in a statement:\n“We decided to keep talking.\n“We will meet again soon,” he added.";
    let doc = run(text);
    let q = find(&doc, "We decided").expect("first paragraph quoted");
    assert!(
        q.content
            .iter()
            .any(|c| doc.slice(*c).contains("We will meet"))
            || find(&doc, "We will meet").is_some(),
        "{}",
        format_table(&doc)
    );
}

#[test]
fn unbalanced_quote_does_not_swallow_the_article() {
    let text = "“We will win this war, Zelensky said on Friday.\n\
                The fighting continued in the east. Officials said the front was stable.";
    let doc = run(text);
    for q in &doc.quotes {
        for c in &q.content {
            let s = doc.slice(*c);
            assert!(
                !(s.contains("We will win") && s.contains("fighting")),
                "quote ran past the paragraph: {s:?}"
            );
        }
    }
    let q = find(&doc, "We will win").expect("the quote is found");
    assert_eq!(join(&doc, &q.source), "Zelensky");
    let later = find(&doc, "the front was stable").expect("later attribution found");
    assert_eq!(join(&doc, &later.source), "Officials");
}

/// Quotations signed with a dash (testimonials, reader comments,
/// epigraphs), and look-alikes that are not signatures.
#[test]
fn dash_signed_quotations() {
    let text = "Readers told us what they thought of the debate.\n\
                “He cannot answer a question without scaring people.” ― Esther Tapia\n\
                “Maybe we can build a wall around him.”— Steve Quinlan.\n\
                “It was a draw,” said one voter - and most agreed.\n\
                The debate ended late — Reuters reported the ratings later.";
    for doc in [run(text), run_alone(text)] {
        let q = find(&doc, "without scaring people").expect("first signed quote");
        assert_eq!(
            join(&doc, &q.source),
            "Esther Tapia",
            "{}",
            format_table(&doc)
        );
        assert_eq!(join(&doc, &q.cue), "―");
        assert_eq!(
            join(&doc, &q.content),
            "“He cannot answer a question without scaring people.”"
        );
        assert_eq!(q.kind, QuoteKind::Direct);
        let q = find(&doc, "build a wall").expect("second signed quote");
        assert_eq!(join(&doc, &q.source), "Steve Quinlan");
        assert_eq!(join(&doc, &q.cue), "—");
        // Not signatures: a dash inside a sentence, a paragraph that does
        // not open with a quotation.
        for q in &doc.quotes {
            assert!(
                !q.cue.iter().any(|c| matches!(doc.slice(*c), "-" | "—")
                    && doc.slice(q.source.first().copied().unwrap_or(*c)) != "Steve Quinlan"),
                "{}",
                format_table(&doc)
            );
        }
    }
}

#[test]
fn straight_marks() {
    let text = "\"We will win,\" he said. \"Again and again.\"";
    let doc = run(text);
    let q = find(&doc, "We will win").expect("found");
    assert_eq!(join(&doc, &q.source), "he");
    assert_eq!(q.kind, QuoteKind::Direct);
}

/// The New York Times writes quote marks as two apostrophes: the quote is
/// direct, its marks belong to the content, and the quotation after the
/// cue continues it.
#[test]
fn doubled_apostrophe_marks() {
    let text = "''It's anti-reform,'' Mr. Smith said. ''She's layering new rules on old ones.''";
    for doc in [run(text), run_alone(text)] {
        let q = find(&doc, "anti-reform").expect("found");
        assert_eq!(join(&doc, &q.source), "Mr. Smith", "{}", format_table(&doc));
        assert_eq!(q.kind, QuoteKind::Direct, "{}", format_table(&doc));
        assert_eq!(
            join(&doc, &q.content),
            "''It's anti-reform,'' | ''She's layering new rules on old ones.''"
        );
    }
}

#[test]
fn table_lists_every_quote() {
    let doc = run("“It is time,” Trump wrote. Peskov said that talks would start.");
    let t = format_table(&doc);
    assert!(t.starts_with("SPEAKER"), "{t}");
    assert_eq!(t.lines().count(), doc.quotes.len() + 1, "{t}");
    assert!(t.contains("Trump") && t.contains("direct"), "{t}");
}

fn example() -> Option<String> {
    let root = std::env::var("DYAD_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let path = root.join("../examples/peace-talks.txt");
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(_) => {
            eprintln!("skipping: {} not found", path.display());
            None
        }
    }
}

#[test]
fn peace_talks_direct_quotes() {
    let Some(text) = example() else { return };
    let doc = run(&text);
    eprintln!("{}", format_table(&doc));
    // (a piece of the quoted passage, acceptable sources as written)
    let expected: [(&str, &[&str]); 12] = [
        (
            "extended and highly fruitful",
            &["Trump", "US President Donald Trump"],
        ),
        ("agreed to have our respective", &["Trump"]),
        (
            "durable and trustworthy peace",
            &["Zelensky", "Ukrainian President Volodymyr Zelensky"],
        ),
        ("It is time to end this absurd War", &["Trump"]),
        ("We’ll convene in Saudi Arabia", &["he"]),
        ("some of that land will be recovered", &["Trump"]),
        ("I believe that’s most likely the case", &["Trump"]),
        ("can be no negotiations about Ukraine", &["Zelensky"]),
        ("substantial exchange", &["Zelensky"]),
        ("No one desires peace more than Ukraine", &["Zelensky"]),
        (
            "We decided to maintain ongoing communication",
            &["The Ukrainian president"],
        ),
        ("Security assurances without America", &["he"]),
    ];
    let mut bad = Vec::new();
    for (needle, sources) in expected {
        match find(&doc, needle) {
            None => bad.push(format!("{needle}: not found")),
            Some(q) => {
                let s = join(&doc, &q.source);
                if !sources.contains(&s.as_str()) {
                    bad.push(format!("{needle}: source {s:?}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn peace_talks_indirect_statements() {
    let Some(text) = example() else { return };
    let doc = run(&text);
    // (a piece of the content, acceptable pieces of the source as written)
    let expected: [(&str, &[&str]); 6] = [
        ("Putin endorsed Trump’s notion", &["Peskov"]),
        (
            "Russian president invited Trump to visit Moscow",
            &["Peskov"],
        ),
        (
            "accession to the military alliance was improbable",
            &["who", "Hegseth"],
        ),
        (
            "Hegseth’s remarks would have been a significant setback",
            &["James Waterhouse"],
        ),
        (
            "Hegseth’s statements would have likely pleased Moscow",
            &["our reporter"],
        ),
        ("lasted an hour", &["AFP"]),
    ];
    let mut bad = Vec::new();
    for (needle, source) in expected {
        match find(&doc, needle) {
            None => bad.push(format!("{needle}: not found")),
            Some(q) => {
                let s = join(&doc, &q.source);
                if !source.iter().any(|x| s.contains(x)) {
                    bad.push(format!("{needle}: source {s:?}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// No attribution of the example has an article alone as its source
/// (`an | assertion that …`), and Moscow's material support of insurgents
/// is no statement.
#[test]
fn peace_talks_no_article_sources_or_armed_support() {
    let Some(text) = example() else { return };
    let doc = run(&text);
    for q in &doc.quotes {
        let s = join(&doc, &q.source);
        assert!(!matches!(s.as_str(), "a" | "an" | "the"), "source {s:?}");
    }
    assert!(find(&doc, "pro-Russian insurgents").is_none());
    // The nominal cue itself is still read (content of `assertion`).
    assert!(find(&doc, "Ukraine could not emerge victorious").is_some());
}

/// The embedded model on PolNeAR dev: a guard against a model or feature
/// change that silently breaks extraction (the full figures are printed by
/// `examples/eval.rs`).
#[test]
fn polnear_dev_floor() {
    let root = std::env::var("DYAD_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let dir = root.join("polnear/dev");
    if !dir.exists() {
        eprintln!("skipping: {} not found", dir.display());
        return;
    }
    // With the pipeline's parse (as `dyad eval attribution` runs it).
    let report = dyad_quotes::eval_attribution(&dir, |t| run(t).quotes).expect("dev reads");
    eprintln!("{report}");
    assert_eq!(report.articles, 84);
    assert!(report.all.overlap_prf().2 > 70.0, "{report}");
    assert!(report.content.overlap_prf().2 > 78.0, "{report}");
    // The stage alone.
    let stage = QuoteStage::new().expect("model");
    let report = dyad_quotes::eval_attribution(&dir, |t| stage.extract(t)).expect("dev reads");
    eprintln!("{report}");
    assert!(report.all.overlap_prf().2 > 65.0, "{report}");
    assert!(report.content.overlap_prf().2 > 75.0, "{report}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Any text, however its quote marks fall: no panic, and every span
    /// is a valid, non-empty range on character boundaries.
    #[test]
    fn never_panics_and_spans_are_valid(
        text in "([A-Za-z]{1,8}|[ ,.:;!?]|\n|“|”|\"|‘|’|'|said|told|according to| ){0,80}"
    ) {
        for doc in [run(&text), run_alone(&text)] {
        for q in &doc.quotes {
            proptest::prop_assert!(!q.content.is_empty());
            for s in q.content.iter().chain(&q.cue).chain(&q.source) {
                proptest::prop_assert!(s.end() <= text.len() && s.start() < s.end());
                proptest::prop_assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
            }
        }
        }
    }
}
