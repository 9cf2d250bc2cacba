//! Rewrite a tagger model file in the current layouts (same content; see
//! `models/tagger.md`):
//! `cargo run --release -p dyad-tagger --example upgrade_tagger -- IN.bin OUT.bin`.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: upgrade_tagger IN.bin OUT.bin");
        std::process::exit(2);
    }
    let run = || -> Result<usize, dyad_tagger::TaggerModelError> {
        let bytes = dyad_learn::read_file(Path::new(&args[0]))?;
        let out = dyad_tagger::Tagger::upgrade_bytes(&bytes, &args[0])?;
        std::fs::write(&args[1], &out).map_err(|source| dyad_learn::ModelError::Write {
            origin: args[1].clone(),
            source,
        })?;
        Ok(out.len())
    };
    match run() {
        Ok(n) => println!("{}: {n} bytes", args[1]),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
