//! The PETRARCH loader on the Phoenix and PETR.Validate dictionaries in
//! `DYAD_DATA` (skipped when absent).

use std::path::PathBuf;
use std::time::Instant;

use dyad_kb::NaiveDate;
use dyad_kb::petrarch::{Mode, Placement, load_actors, load_agents};

fn data_dir() -> Option<PathBuf> {
    dyad_testdata::path("petrarch")
}

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

#[test]
fn phoenix_actor_dictionaries() {
    let Some(dir) = data_dir() else { return };
    for name in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        let t = Instant::now();
        let dict = load_actors(dir.join(name), Mode::Lenient).expect("loads leniently");
        let secs = t.elapsed().as_secs_f64();
        let phrases: usize = dict.entries.iter().map(|e| e.phrases().count()).sum();
        let dated: usize = dict.entries.iter().map(|e| e.dated.len()).sum();
        eprintln!(
            "{name}: {} records, {phrases} phrases, {dated} dated codes, {} skipped lines, {:.1} ms",
            dict.entries.len(),
            dict.diagnostics.len(),
            secs * 1000.0
        );
        for w in dict.diagnostics.iter().take(10) {
            eprintln!("  {w}");
        }
        assert!(dict.entries.len() > 100, "{name}");
        // Lenient loading skips few lines; every skipped line names its line.
        assert!(dict.diagnostics.len() * 100 < dict.entries.len(), "{name}");
        for w in &dict.diagnostics {
            assert!(w.loc.file.ends_with(name) && w.loc.line > 0);
        }
    }
}

#[test]
fn phoenix_countries_content() {
    let Some(dir) = data_dir() else { return };
    let dict = load_actors(dir.join("Phoenix.Countries.actors.txt"), Mode::Lenient).unwrap();
    let find = |w: &str| {
        dict.entries
            .iter()
            .find(|e| e.phrases().any(|p| p.text() == w))
            .unwrap_or_else(|| panic!("{w} in Phoenix.Countries"))
    };
    let afg = find("AFGHANISTAN");
    assert_eq!(afg.code.as_deref(), Some("AFG"));
    assert!(afg.phrases().any(|p| p.text() == "AFGHAN"));
    // A dated record: the code depends on the date.
    let dated = dict
        .entries
        .iter()
        .find(|e| {
            let codes: std::collections::BTreeSet<_> =
                e.dated.iter().map(|c| c.code.as_str()).collect();
            codes.len() >= 2
        })
        .expect("some record has several dated codes");
    let codes: std::collections::BTreeSet<Option<&str>> = [1950, 1970, 1990, 2010]
        .into_iter()
        .map(|y| dated.code_on(d(y, 6, 1)))
        .collect();
    eprintln!(
        "{} (line {}): {:?}",
        dated.phrase.text(),
        dated.line,
        dated.dated
    );
    assert!(!codes.is_empty());
}

#[test]
fn strict_mode_stops_at_the_first_bad_line() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("Phoenix.International.actors.txt");
    let lenient = load_actors(&path, Mode::Lenient).unwrap();
    match (
        lenient.diagnostics.first(),
        load_actors(&path, Mode::Strict),
    ) {
        (None, Ok(_)) => {}
        (Some(w), Err(dyad_kb::KbError::Syntax { line, file, .. })) => {
            assert_eq!(line, w.loc.line);
            assert_eq!(file, w.loc.file);
        }
        (w, r) => panic!("lenient {w:?} vs strict {:?}", r.map(|d| d.entries.len())),
    }
}

#[test]
fn validation_dictionaries() {
    let Some(dir) = data_dir() else { return };
    let actors = load_actors(dir.join("PETR.Validate.actors.txt"), Mode::Strict)
        .expect("validation actors load strictly");
    let find = |w: &str| {
        actors
            .entries
            .iter()
            .find(|e| e.phrases().any(|p| p.text() == w))
    };
    let table = [
        ("ISRAEL", "ISR"),
        ("HAMAS", "PSEREBHMS"),
        ("AUSTRALIA", "AUS"),
    ];
    for (w, code) in table {
        let e = find(w).unwrap_or_else(|| panic!("{w}"));
        assert_eq!(e.code_on(d(2000, 1, 1)), Some(code), "{w}");
    }
    assert!(find("AUSTRALIAN").is_some(), "synonym");
    let agents = load_agents(dir.join("PETR.Validate.agents.txt"), Mode::Strict)
        .expect("validation agents load strictly");
    let agent = |w: &str| agents.entries.iter().find(|e| e.phrase.text() == w);
    let police = agent("POLICE").expect("POLICE");
    assert_eq!(
        (police.code.as_str(), police.placement),
        ("COP", Placement::After)
    );
    assert!(police.plurals.is_empty());
    let body = agent("HUMAN RIGHTS BODY").expect("HUMAN_RIGHTS_BODY");
    assert_eq!(
        (body.code.as_str(), body.placement),
        ("NGO", Placement::Before)
    );
    let phoenix = load_agents(dir.join("Phoenix.agents.txt"), Mode::Lenient).unwrap();
    eprintln!(
        "Phoenix.agents.txt: {} agents, {} skipped",
        phoenix.entries.len(),
        phoenix.diagnostics.len()
    );
    for w in phoenix.diagnostics.iter().take(10) {
        eprintln!("  {w}");
    }
    assert!(
        phoenix
            .entries
            .iter()
            .any(|e| e.phrase.text() == "CATTLEMAN")
    );
    assert!(phoenix.entries.len() > 1000);
}
