//! Actor coding on PLOVER gsr-dev.json with the misses listed, one per line
//! (record id, gold words, gold country/sector, dyad's country/sector).
//!
//! `cargo run -p dyad-actors --release --example gsr [FILE] [--phoenix DIR]`
//! (default FILE: `$DYAD_DATA/plover-gsr/gsr-dev.json`; `--phoenix DIR` adds
//! the Phoenix country, international and non-state actor dictionaries from
//! DIR, e.g. `../shared/data/petrarch`).

use std::sync::Arc;

use dyad_actors::{ActorStage, eval};
use dyad_kb::Kb;
use dyad_kb::petrarch::{Mode, load_actors};

fn main() {
    let mut args = std::env::args().skip(1);
    let data = std::env::var("DYAD_DATA").unwrap_or_else(|_| "../shared/data".into());
    let mut file = format!("{data}/plover-gsr/gsr-dev.json");
    let mut phoenix = None;
    while let Some(a) = args.next() {
        if a == "--phoenix" {
            phoenix = args.next();
        } else {
            file = a;
        }
    }
    let mut builder = Kb::builder().defaults();
    if let Some(dir) = phoenix {
        for name in [
            "Phoenix.Countries.actors.txt",
            "Phoenix.International.actors.txt",
            "Phoenix.MilNonState.actors.txt",
        ] {
            match load_actors(format!("{dir}/{name}"), Mode::Lenient) {
                Ok(dict) => builder = builder.add_petrarch_actors(name, dict),
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2)
                }
            }
        }
    }
    let stage = match builder.build() {
        Ok(kb) => ActorStage::new(Arc::new(kb)),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2)
        }
    };
    match eval::gsr(&stage, std::path::Path::new(&file)) {
        Ok(rep) => {
            for m in &rep.misses {
                println!("{m}");
            }
            print!("{rep}");
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2)
        }
    }
}
