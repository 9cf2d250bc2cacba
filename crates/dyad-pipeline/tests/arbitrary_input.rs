//! No input can make the standard pipeline panic, and every span it writes
//! is well-formed for the text.

use dyad_doc::{Doc, Meta, NaiveDate, Span};
use proptest::prelude::*;

fn check_span(doc: &Doc, s: Span, what: &str) {
    assert!(s.start() <= s.end(), "{what}: inverted {s:?}");
    assert!(
        s.get(doc.text()).is_some(),
        "{what}: {s:?} not on boundaries"
    );
}

fn run_and_check(text: &str) {
    let pipeline = dyad_pipeline::standard().expect("standard pipeline builds");
    let meta = Meta {
        id: "p".into(),
        date: NaiveDate::from_ymd_opt(2025, 2, 13),
        ..Meta::default()
    };
    let mut doc = Doc::new(text, meta);
    pipeline.run(&mut doc).expect("pipeline runs");
    assert_eq!(doc.text(), text, "the text is never changed");
    let mut prev_end = 0;
    for t in &doc.tokens {
        check_span(&doc, t.span, "token");
        assert!(!t.span.is_empty(), "empty token");
        assert!(t.span.start() >= prev_end, "tokens overlap or go back");
        // Lossless: only separators (whitespace, control and zero-width
        // format characters) between tokens.
        let gap = &doc.text()[prev_end..t.span.start()];
        assert!(gap.chars().all(dyad_text::is_separator), "{gap:?} dropped");
        prev_end = t.span.end();
    }
    assert!(doc.text()[prev_end..].chars().all(dyad_text::is_separator));
    for s in &doc.sentences {
        check_span(&doc, s.span, "sentence");
        assert!(s.token_start < s.token_end && s.token_end <= doc.tokens.len());
    }
    for t in &doc.timexes {
        check_span(&doc, t.span, "timex");
    }
    for p in &doc.places {
        check_span(&doc, p.span, "place");
        assert!((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon));
    }
    for e in &doc.entities {
        check_span(&doc, e.span, "entity");
    }
    for q in &doc.quotes {
        for s in q.content.iter().chain(&q.cue).chain(&q.source) {
            check_span(&doc, *s, "quote");
        }
    }
    // The output edge accepts whatever came out.
    let json = dyad_json::to_json_line(&doc, dyad_json::OutputOptions { tokens: true });
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["length"], text.chars().count());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_string(text in any::<String>()) {
        run_and_check(&text);
    }

    #[test]
    fn news_like_strings(text in "([A-Z][a-z]{0,8}|[0-9]{1,5}|[“”\"'’.,;:!?()–—-]|Mr\\.|U\\.S\\.|Feb\\.|on Wednesday|in 2014|Kyiv|Moscow| |\n){0,60}") {
        run_and_check(&text);
    }
}

#[test]
fn hostile_cases() {
    let long_token = "x".repeat(100_000);
    let many_quotes = "“".repeat(5_000);
    let long_sentence = "word ".repeat(5_000);
    let cases: Vec<&str> = vec![
        "",
        " ",
        "\n\n\n",
        "\0\0\u{7}\u{1b}[0m",
        "“unbalanced quote that never closes. And goes on.\n\nNext paragraph.",
        "February 30, 20255 and 99999999999 years ago",
        "ALL CAPS HEADLINE WITHOUT PUNCTUATION",
        "Київ — 北京 — القاهرة — 😀👍🏽 — e\u{301}",
        &long_token,
        &many_quotes,
        &long_sentence,
    ];
    for c in cases {
        run_and_check(c);
    }
}
