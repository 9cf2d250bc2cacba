//! Print the actors dyad finds in one text (tokenizer + actor stage).
//!
//! `echo TEXT | cargo run -p dyad-actors --release --example actors [DATE]`
//! (default date 2000-01-01).

use std::io::Read;

use dyad_actors::ActorStage;
use dyad_doc::{Doc, Meta, NaiveDate, Stage};
use dyad_text::TokenizeStage;

fn main() {
    let date = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "2000-01-01".into());
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("stdin: {e}");
        std::process::exit(2)
    }
    let stage = ActorStage::builtin().expect("built-in KB");
    let mut doc = Doc::new(
        text.as_str(),
        Meta {
            date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok(),
            ..Meta::default()
        },
    );
    if let Err(e) = TokenizeStage::new()
        .process(&mut doc)
        .and_then(|_| stage.process(&mut doc))
    {
        eprintln!("{e}");
        std::process::exit(2)
    }
    for a in &doc.actors {
        let mentions: Vec<&str> = a.mentions.iter().map(|m| doc.slice(*m)).collect();
        println!(
            "{}\t{}/{}\t{}\t{:?}",
            a.name,
            a.country.as_deref().unwrap_or("-"),
            a.sector.as_deref().unwrap_or("-"),
            a.role.as_deref().unwrap_or("-"),
            mentions
        );
    }
}
