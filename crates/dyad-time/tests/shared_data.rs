//! Tests over the shared data: the peace-talks example and TempEval-3.
//! The data path comes from `DYAD_DATA` (default: the shared folder beside
//! the repository); tests skip with a message when it is absent.

use dyad_doc::{Doc, Meta, NaiveDate, Pipeline};
use dyad_time::{TimexStage, eval_tempeval};

#[test]
fn peace_talks_weekdays_and_expressions() {
    let Some(text) = dyad_testdata::example_text("peace-talks.txt") else {
        return;
    };
    let meta = Meta {
        date: NaiveDate::from_ymd_opt(2025, 2, 13),
        ..Meta::default()
    };
    let mut doc = Doc::new(text, meta);
    Pipeline::new()
        .with(TimexStage::new())
        .unwrap()
        .run(&mut doc)
        .unwrap();
    let found: Vec<(&str, Option<&str>)> = doc
        .timexes
        .iter()
        .map(|t| (doc.slice(t.span), t.value.as_deref()))
        .collect();
    for (extent, value) in [
        ("Wednesday", "2025-02-12"),
        ("Friday", "2025-02-14"),
        ("earlier on Thursday", "2025-02-13"),
        ("Tuesday", "2025-02-11"),
        ("nearly ninety minutes", "PT90M"),
        ("an hour", "PT1H"),
        ("11 years", "P11Y"),
        ("2014", "2014"),
        ("nearly three years ago", "2022"),
        ("currently", "PRESENT_REF"),
        ("immediately", ""),
    ] {
        if value.is_empty() {
            assert!(
                !found.iter().any(|(e, _)| *e == extent),
                "{extent:?} is not a timex: {found:?}"
            );
            continue;
        }
        assert!(
            found.contains(&(extent, Some(value))),
            "{extent:?} → {value}: {found:?}"
        );
    }
    // every weekday in the article resolves into the week of the article
    for t in &doc.timexes {
        if let Some(v) = &t.value
            && v.starts_with("2025-02-")
        {
            assert!(("2025-02-10".."2025-02-15").contains(&v.as_str()), "{v}");
        }
    }
}

#[test]
fn tempeval3_value_f1_does_not_regress() {
    let Some(dir) = dyad_testdata::path("tempeval3") else {
        return;
    };
    let report = eval_tempeval(&dir).unwrap();
    eprintln!("{report}");
    assert_eq!(report.docs, 256);
    assert_eq!(report.scores.gold, 1822);
    let (_, _, relaxed) = report.scores.relaxed_prf();
    let (_, _, value) = report.scores.value_prf();
    assert!(relaxed >= 94.0, "relaxed extent F1 {relaxed:.2}");
    assert!(value >= 81.5, "value F1 {value:.2}");
}
