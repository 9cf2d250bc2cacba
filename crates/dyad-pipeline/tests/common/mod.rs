//! Helpers shared by the pipeline's integration tests.

use dyad_doc::{Doc, Meta, NaiveDate};

/// The motivating article `../shared/examples/peace-talks.txt` (published
/// Thursday 2025-02-13; read at run time from beside `DYAD_DATA`, never
/// copied) through the standard pipeline, or `None` with a message when it
/// is absent.
pub fn peace_talks() -> Option<Doc> {
    let root = std::env::var("DYAD_DATA")
        .unwrap_or_else(|_| format!("{}/../../../shared/data", env!("CARGO_MANIFEST_DIR")));
    let path = std::path::Path::new(&root).join("../examples/peace-talks.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found (set DYAD_DATA)", path.display());
        return None;
    };
    let meta = Meta {
        id: "peace-talks".into(),
        date: NaiveDate::from_ymd_opt(2025, 2, 13),
        ..Meta::default()
    };
    let mut doc = Doc::new(text, meta);
    dyad_pipeline::standard().unwrap().run(&mut doc).unwrap();
    Some(doc)
}
