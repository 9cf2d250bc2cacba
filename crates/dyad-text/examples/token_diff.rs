//! Print where the tokenizer disagrees with a CoNLL-U file's gold surface
//! tokens (a development aid): `token_diff GOLD.conllu`.

use std::collections::HashSet;
use std::path::PathBuf;

fn main() {
    let Some(path) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: token_diff GOLD.conllu");
        std::process::exit(2);
    };
    let sents = match dyad_conllu::read_path(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    for d in dyad_conllu::documents(sents) {
        let pieces = dyad_text::tokenize_pieces(&d.text);
        let pred: Vec<_> = dyad_text::surface_tokens(&pieces)
            .into_iter()
            .map(|(s, _)| (s.start(), s.end()))
            .collect();
        let gold: Vec<_> = d
            .token_spans
            .iter()
            .flatten()
            .map(|s| (s.start(), s.end()))
            .collect();
        let ps: HashSet<_> = pred.iter().copied().collect();
        let gs: HashSet<_> = gold.iter().copied().collect();
        for &(a, b) in &gold {
            if !ps.contains(&(a, b)) {
                let sys: Vec<&str> = pred
                    .iter()
                    .filter(|&&(x, y)| x < b && a < y)
                    .map(|&(x, y)| &d.text[x..y])
                    .collect();
                println!("GOLD {:?}\tSYS {:?}", &d.text[a..b], sys);
            }
        }
        for &(a, b) in &pred {
            if !gs.contains(&(a, b)) && !gold.iter().any(|&(x, y)| x < b && a < y) {
                println!("EXTRA {:?}", &d.text[a..b]);
            }
        }
    }
}
