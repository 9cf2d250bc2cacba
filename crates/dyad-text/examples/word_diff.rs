//! Where dyad's surface tokens and syntactic words differ from a CoNLL-U
//! file's gold (a development aid): `word_diff GOLD.conllu [N]`.
//!
//! The text of each document is segmented as `dyad eval` does it
//! ([`dyad_text::segment`], then multiword tokens recovered with
//! [`dyad_text::surface_groups`]); gold and predicted surface tokens are
//! matched by byte span. Prints counts per error class and the `N` (default
//! 40) most frequent gold/predicted pairs of each class, lower-cased:
//! `SEG` (token boundaries differ: the gold token and the overlapping
//! predicted tokens), `SPLIT` (same token, different words: gold words vs
//! predicted words).

use std::collections::HashMap;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: word_diff GOLD.conllu [N]");
        std::process::exit(2);
    };
    let top: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(40);
    let sents = match dyad_conllu::read_path(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let mut classes: HashMap<&str, HashMap<String, usize>> = HashMap::new();
    let (mut gold_tokens, mut gold_words) = (0usize, 0usize);
    for d in dyad_conllu::documents(sents) {
        let (pieces, _) = dyad_text::segment(&d.text);
        let spans: Vec<_> = pieces.iter().map(|p| p.span).collect();
        let groups = dyad_text::surface_groups(&d.text, &spans);
        let pred: HashMap<(usize, usize), Vec<String>> = groups
            .iter()
            .map(|(s, r)| {
                let words = r
                    .clone()
                    .map(|i| spans[i].slice(&d.text).to_lowercase())
                    .collect();
                ((s.start(), s.end()), words)
            })
            .collect();
        for (s, toks) in d.sentences.iter().zip(&d.token_spans) {
            for ((_, first, last, _), span) in s.surface_tokens().into_iter().zip(toks) {
                gold_tokens += 1;
                gold_words += last - first + 1;
                let gw: Vec<String> = (first..=last)
                    .map(|i| s.words[i - 1].form.to_lowercase())
                    .collect();
                match pred.get(&(span.start(), span.end())) {
                    Some(pw) if *pw == gw => {}
                    Some(pw) => {
                        let key = format!("{} → {}", gw.join(" "), pw.join(" "));
                        *classes.entry("SPLIT").or_default().entry(key).or_default() += 1;
                    }
                    None => {
                        let over: Vec<String> = groups
                            .iter()
                            .filter(|(g, _)| g.start() < span.end() && span.start() < g.end())
                            .map(|(g, _)| g.slice(&d.text).to_lowercase())
                            .collect();
                        let key = format!(
                            "{} [{}] → {}",
                            span.slice(&d.text).to_lowercase(),
                            gw.join(" "),
                            over.join(" ‖ ")
                        );
                        *classes.entry("SEG").or_default().entry(key).or_default() += 1;
                    }
                }
            }
        }
    }
    println!("gold tokens {gold_tokens}, gold words {gold_words}");
    let mut names: Vec<_> = classes.keys().copied().collect();
    names.sort();
    for name in names {
        let m = &classes[name];
        let total: usize = m.values().sum();
        println!("== {name}: {total} gold tokens");
        let mut v: Vec<_> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (k, c) in v.into_iter().take(top) {
            println!("{c:>5} {k}");
        }
    }
}
