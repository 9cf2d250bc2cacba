//! Print sentence boundaries the splitter misses or adds against a CoNLL-U
//! file (a development aid): `sentence_diff GOLD.conllu`.

use std::collections::HashSet;
use std::path::PathBuf;

fn context(text: &str, at: usize) -> String {
    let mut a = at.saturating_sub(40);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (at + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}‖{}", &text[a..at], &text[at..b]).replace('\n', "⏎")
}

fn main() {
    let Some(path) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: sentence_diff GOLD.conllu");
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
        let (words, sentences) = dyad_text::segment(&d.text);
        let token_ends: HashSet<usize> = words.iter().map(|w| w.span.end()).collect();
        let pred: HashSet<usize> = sentences.iter().map(|s| s.span.end()).collect();
        let gold: HashSet<usize> = d.sentence_spans.iter().map(|s| s.end()).collect();
        for &g in &gold {
            if !pred.contains(&g) {
                let mark = if token_ends.contains(&g) { ' ' } else { '*' };
                println!("MISS{mark} {}", context(&d.text, g));
            }
        }
        for &p in &pred {
            if !gold.contains(&p) {
                println!("EXTRA {}", context(&d.text, p));
            }
        }
    }
}
