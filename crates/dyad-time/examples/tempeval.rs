//! Score the recogniser on TempEval-3 data and optionally list its errors.
//!
//! `cargo run --release -p dyad-time --example tempeval -- DIR [--errors]`

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/tempeval3"));
    let list = args.next().is_some_and(|a| a == "--errors");
    match dyad_time::eval_tempeval(&dir) {
        Ok(report) => {
            print!("{report}");
            if list {
                for e in &report.errors {
                    println!(
                        "{}\t{}\t{:?}\t{}\t{:?}\t{}\t{}",
                        e.what,
                        e.dct.map(|d| d.to_string()).unwrap_or_default(),
                        e.text,
                        e.gold.as_deref().unwrap_or("-"),
                        e.system.as_ref().map(|s| s.0.as_str()).unwrap_or("-"),
                        e.system.as_ref().map(|s| s.1.as_str()).unwrap_or("-"),
                        e.context,
                    );
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
