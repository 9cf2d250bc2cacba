//! The stage with layers from earlier stages: sentences and Penn tags.

use dyad_doc::{Doc, Meta, NaiveDate, Sentence, Span, Token};
use dyad_time::{TimexOptions, annotate_doc};

fn doc_with_tokens(text: &str, tags: &[&str]) -> Doc {
    let meta = Meta {
        date: NaiveDate::from_ymd_opt(2025, 2, 13),
        ..Meta::default()
    };
    let mut doc = Doc::new(text, meta);
    let mut start = None;
    let mut spans = Vec::new();
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push(Span::from_trusted(s, i));
                start = None;
            }
            _ => {}
        }
        if !c.is_alphanumeric() && !c.is_whitespace() {
            spans.push(Span::from_trusted(i, i + c.len_utf8()));
        }
    }
    assert_eq!(spans.len(), tags.len(), "{spans:?}");
    doc.tokens = spans
        .into_iter()
        .zip(tags)
        .map(|(s, t)| Token {
            xpos: Some(t.to_string()),
            ..Token::new(s)
        })
        .collect();
    doc
}

#[test]
fn penn_tags_decide_tense_when_present() {
    let text = "They finalise talks on Friday.";
    // no lexical cue: an untensed weekday looks back
    let bare = annotate_doc(
        &Doc::new(
            text,
            Meta {
                date: NaiveDate::from_ymd_opt(2025, 2, 13),
                ..Meta::default()
            },
        ),
        TimexOptions::default(),
    );
    assert_eq!(bare[0].value.as_deref(), Some("2025-02-07"));
    // a present-tense verb (VBP) plans ahead
    let doc = doc_with_tokens(text, &["PRP", "VBP", "NNS", "IN", "NNP", "."]);
    let tagged = annotate_doc(&doc, TimexOptions::default());
    assert_eq!(tagged[0].value.as_deref(), Some("2025-02-14"));
    assert_eq!(tagged[0].anchor.as_deref(), Some("document:present"));
}

#[test]
fn sentences_bound_matches_and_tense() {
    let text = "He will travel. They met on Friday.";
    let mut doc = doc_with_tokens(
        text,
        &["PRP", "MD", "VB", ".", "PRP", "VBD", "IN", "NNP", "."],
    );
    doc.sentences = vec![
        Sentence {
            span: Span::from_trusted(0, 15),
            token_start: 0,
            token_end: 4,
            new_paragraph: false,
        },
        Sentence {
            span: Span::from_trusted(16, text.len()),
            token_start: 4,
            token_end: 9,
            new_paragraph: false,
        },
    ];
    let t = annotate_doc(&doc, TimexOptions::default());
    assert_eq!(t.len(), 1);
    assert_eq!(&text[t[0].span.range()], "Friday");
    assert_eq!(t[0].value.as_deref(), Some("2025-02-07"));
}
