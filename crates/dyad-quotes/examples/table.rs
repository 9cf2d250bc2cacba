//! Print the quote table of a text file (what `dyad quotes FILE` shows).
//!
//! `cargo run --release -p dyad-quotes --example table -- FILE [--model PATH] [--cue-bias B]`

use dyad_doc::{Doc, Meta, Stage};
use dyad_quotes::{QuoteStage, extract::Models, format_table};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: table FILE [--model PATH] [--cue-bias B]")?;
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let stage = match opt("--model") {
        None => QuoteStage::new()?,
        Some(m) => {
            let mut models = Models::from_bytes(&std::fs::read(m)?)?;
            if let Some(b) = opt("--cue-bias") {
                models.set_cue_bias(b.parse()?);
            }
            QuoteStage::with_models(models)
        }
    };
    let mut doc = Doc::new(std::fs::read_to_string(path)?, Meta::default());
    stage.process(&mut doc)?;
    print!("{}", format_table(&doc));
    Ok(())
}
