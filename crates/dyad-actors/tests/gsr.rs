//! Actor coding on PLOVER gsr-dev.json (skipped when DYAD_DATA is absent).
//! Prints the figures; asserts only a floor well under the measured value,
//! so that a regression that breaks resolution fails.

use std::path::PathBuf;

use dyad_actors::{ActorStage, eval};

#[test]
fn gsr_dev_country_accuracy() {
    let data = std::env::var_os("DYAD_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data").into());
    let path = data.join("plover-gsr/gsr-dev.json");
    if !path.exists() {
        eprintln!("skipping: {} not found (set DYAD_DATA)", path.display());
        return;
    }
    let stage = ActorStage::builtin().unwrap();
    let rep = eval::gsr(&stage, &path).unwrap();
    eprint!("{rep}");
    for m in &rep.misses {
        eprintln!("  {m}");
    }
    assert!(rep.actors > 250);
    assert!(rep.country_accuracy() > 0.6, "{rep}");
}
