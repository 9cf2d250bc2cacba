//! Rewrite a parser model file in the current layouts (same content; see
//! `models/parser.md`):
//! `cargo run --release -p dyad-parser --example upgrade_parser -- IN.bin OUT.bin`.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: upgrade_parser IN.bin OUT.bin");
        std::process::exit(2);
    }
    let parser = dyad_parser::Parser::load(Path::new(&args[0])).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let out = parser.to_bytes();
    if let Err(e) = std::fs::write(&args[1], &out) {
        eprintln!("error: {}: {e}", args[1]);
        std::process::exit(1);
    }
    println!("{}: {} bytes", args[1], out.len());
}
