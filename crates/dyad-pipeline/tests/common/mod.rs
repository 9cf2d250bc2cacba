//! Helpers shared by the pipeline's integration tests.

use dyad_doc::{Doc, Meta, NaiveDate};

/// The motivating article `../shared/examples/peace-talks.txt` (published
/// Thursday 2025-02-13; read at run time from beside `DYAD_DATA`, never
/// copied) through the standard pipeline, or `None` with a message when it
/// is absent.
pub fn peace_talks() -> Option<Doc> {
    let text = dyad_testdata::example_text("peace-talks.txt")?;
    let meta = Meta {
        id: "peace-talks".into(),
        date: NaiveDate::from_ymd_opt(2025, 2, 13),
        ..Meta::default()
    };
    let mut doc = Doc::new(text, meta);
    dyad_pipeline::standard().unwrap().run(&mut doc).unwrap();
    Some(doc)
}
