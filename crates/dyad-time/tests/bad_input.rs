//! Bad input: impossible dates, huge numbers, no document date, hostile text.

use dyad_doc::{Doc, Layer, Meta, NaiveDate, Pipeline, Span};
use dyad_time::{TimexStage, annotate};

fn feb13() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2025, 2, 13)
}

#[test]
fn impossible_dates_have_no_value_and_a_reason() {
    for (text, extent) in [
        ("They met on February 30.", "February 30"),
        ("They met on 2/30/2025.", "2/30/2025"),
        ("They met on 2023-02-29.", "2023-02-29"),
        ("They met on April 31, 2020.", "April 31, 2020"),
        ("It is planned for 2025-W60.", "2025-W60"),
    ] {
        let t = annotate(text, feb13());
        let hit = t
            .iter()
            .find(|t| &text[t.span.range()] == extent)
            .unwrap_or_else(|| panic!("{text:?}: {extent:?} not found in {t:?}"));
        assert_eq!(hit.value, None, "{text:?}");
        assert!(hit.reason.is_some(), "{text:?}");
    }
    // a leap day is fine
    let t = annotate("They met on Feb. 29, 2024.", feb13());
    assert_eq!(t[0].value.as_deref(), Some("2024-02-29"));
}

#[test]
fn odd_numbers_do_not_become_years() {
    for text in [
        "There were 20255 soldiers.",
        "The index closed at 2082.1 points.",
        "It cost $1990.",
        "Turnout was 2014%.",
    ] {
        let t = annotate(text, feb13());
        assert!(t.is_empty(), "{text:?}: {t:?}");
    }
}

#[test]
fn absurd_durations_do_not_panic() {
    let t = annotate("It lasted 99999999999999999999999 years.", feb13());
    assert!(
        t.iter()
            .all(|t| t.value.is_none() || t.value.as_deref() != Some(""))
    );
    let t = annotate("It lasted 5000000 years.", feb13());
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].value, None);
    assert!(t[0].reason.as_deref().unwrap_or("").contains("implausible"));
    let t = annotate("It happened 9999999 years ago.", feb13());
    assert!(t.iter().all(|t| t.value.is_none()), "{t:?}");
}

#[test]
fn missing_document_date_gives_reasons_not_guesses() {
    let text =
        "On Wednesday they spoke for an hour; in 2014 Crimea was annexed; last month prices fell.";
    let t = annotate(text, None);
    let get = |e: &str| {
        t.iter()
            .find(|t| &text[t.span.range()] == e)
            .unwrap_or_else(|| panic!("{e} not found in {t:?}"))
    };
    let wed = get("Wednesday");
    assert_eq!(wed.value, None);
    assert!(
        wed.reason
            .as_deref()
            .unwrap_or("")
            .contains("document date")
    );
    assert_eq!(get("last month").value, None);
    assert_eq!(get("an hour").value.as_deref(), Some("PT1H"));
    assert_eq!(get("2014").value.as_deref(), Some("2014"));
}

#[test]
fn hostile_text_does_not_panic_and_spans_are_valid() {
    let mut text = String::new();
    for chunk in [
        "Feb.",
        "12th",
        "’90s",
        "—",
        "2/",
        "/2025",
        "10:",
        "a.m",
        "p.",
        "the",
        "'",
        "-",
        "W",
        "2025-W",
        "ünïcödé",
        "早上",
        "Monday",
        "1,",
        "000",
        "years",
        "ago",
        ".",
        "\n\n",
    ] {
        text.push_str(chunk);
        text.push(' ');
        text.push_str(chunk);
    }
    let big = text.repeat(200);
    let t = annotate(&big, feb13());
    for x in &t {
        assert!(Span::new(&big, x.span.start(), x.span.end()).is_ok());
    }
    // spans are in text order and do not overlap
    for w in t.windows(2) {
        assert!(w[0].span.end() <= w[1].span.start());
    }
}

#[test]
fn stage_fills_timexes_and_notes_missing_date() {
    let pipeline = Pipeline::new().with(TimexStage::new()).unwrap();
    let mut doc = Doc::new("They met on Wednesday.", Meta::default());
    pipeline.run(&mut doc).unwrap();
    assert!(doc.has(Layer::Timexes));
    assert_eq!(doc.timexes.len(), 1);
    assert_eq!(doc.timexes[0].value, None);
    assert_eq!(doc.notes.len(), 1);

    let meta = Meta {
        date: feb13(),
        ..Meta::default()
    };
    let mut doc = Doc::new("They met on Wednesday.", meta);
    pipeline.run(&mut doc).unwrap();
    assert_eq!(doc.timexes[0].value.as_deref(), Some("2025-02-12"));
    assert!(doc.notes.is_empty());
}

#[test]
fn long_input_is_linear_enough_to_finish() {
    // many candidate starts, none completing: must not blow up
    let text = "the last next early late mid the past few several ".repeat(20_000);
    let t = annotate(&text, feb13());
    assert!(t.len() < 100_000);
}

#[test]
fn offsets_beyond_the_calendar_have_no_value() {
    for text in [
        "It happened 99999 years ago.",
        "It will end 50000 years from now.",
    ] {
        let t = annotate(text, feb13());
        assert_eq!(t.len(), 1, "{text:?}: {t:?}");
        assert_eq!(t[0].value, None, "{text:?}");
        assert!(t[0].reason.is_some());
    }
}

#[test]
fn day_first_option_reads_european_dates() {
    use dyad_time::{DateOrder, TimexOptions, annotate_doc};
    let text = "They met on 2/12/2025.";
    let meta = Meta {
        date: feb13(),
        ..Meta::default()
    };
    let doc = Doc::new(text, meta);
    let us = annotate_doc(&doc, TimexOptions::default());
    assert_eq!(us[0].value.as_deref(), Some("2025-02-12"));
    let eu = annotate_doc(
        &doc,
        TimexOptions {
            date_order: DateOrder::DayFirst,
        },
    );
    assert_eq!(eu[0].value.as_deref(), Some("2025-12-02"));
}

/// Expressions cut off at the very start of a text must not reach before it.
#[test]
fn lookbehind_at_the_start_never_panics() {
    for text in [
        "s the second day of it",
        "the second day of it",
        "early summer",
        "the early summer",
        "x early summer",
        "'s the eighth day of",
    ] {
        let _ = dyad_time::annotate(text, dyad_doc::NaiveDate::from_ymd_opt(2025, 2, 13));
    }
}
