//! Print the most frequent dev errors of a model:
//! `cargo run --release -p dyad-tagger --example errors -- MODEL.bin DEV.conllu`.

use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tagger = dyad_tagger::Tagger::load(Path::new(&args[0])).expect("model");
    let sents = dyad_conllu::read_path(Path::new(&args[1])).expect("dev");
    let mut upos: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut lemma: BTreeMap<(String, String, String, String), u32> = BTreeMap::new();
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, t) in s.words.iter().zip(tagger.tag(&words)) {
            if t.upos.as_str() != w.upos {
                *upos
                    .entry((w.upos.clone(), t.upos.as_str().to_string()))
                    .or_default() += 1;
            }
            if t.lemma != w.lemma {
                *lemma
                    .entry((
                        w.form.clone(),
                        w.xpos.clone(),
                        w.lemma.clone(),
                        t.lemma.clone(),
                    ))
                    .or_default() += 1;
            }
        }
    }
    let mut u: Vec<_> = upos.into_iter().collect();
    u.sort_by_key(|e| std::cmp::Reverse(e.1));
    println!("UPOS confusions (gold -> predicted):");
    for ((g, p), c) in u.iter().take(25) {
        println!("{c:5}  {g} -> {p}");
    }
    let mut l: Vec<_> = lemma.into_iter().collect();
    l.sort_by_key(|e| std::cmp::Reverse(e.1));
    println!("lemma errors (form xpos gold predicted):");
    for ((f, x, g, p), c) in l.iter().take(60) {
        println!("{c:5}  {f} {x} {g} {p}");
    }
}
