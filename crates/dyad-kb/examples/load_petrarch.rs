//! Load a TABARI/PETRARCH actor or agent dictionary and report its size,
//! skipped lines and load time.
//!
//! `cargo run -p dyad-kb --release --example load_petrarch -- FILE [--strict]`
//! (a file name containing "agents" is read as an agent dictionary).

use std::time::Instant;

use dyad_kb::petrarch::{Mode, load_actors, load_agents};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: load_petrarch FILE [--strict]");
        std::process::exit(2);
    };
    let mode = if args.iter().any(|a| a == "--strict") {
        Mode::Strict
    } else {
        Mode::Lenient
    };
    let t = Instant::now();
    let result = if path.contains("agents") {
        load_agents(path, mode).map(|d| (d.entries.len(), d.diagnostics))
    } else {
        load_actors(path, mode).map(|d| (d.entries.len(), d.diagnostics))
    };
    let ms = t.elapsed().as_secs_f64() * 1e3;
    match result {
        Ok((n, diags)) => {
            println!(
                "{path}: {n} records, {} skipped lines, {ms:.1} ms",
                diags.len()
            );
            for d in diags {
                println!("  {d}");
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
