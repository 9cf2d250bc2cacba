//! Training the sentence-boundary classifier from a CoNLL-U treebank.

use std::collections::HashSet;
use std::path::Path;

use dyad_doc::Upos;

use crate::sentence::{IdMap, SentenceModel, walk_classed};
use crate::tokenize::Piece;
use crate::tokenize::tokenize_pieces;

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// The treebank could not be read.
    #[error(transparent)]
    Conllu(#[from] dyad_conllu::ConlluError),
    /// The treebank has no usable sentence boundaries.
    #[error("{0}: no training examples")]
    Empty(String),
}

/// Train the sentence-boundary classifier on a CoNLL-U treebank (UD English
/// EWT train is what the shipped model uses) with an averaged perceptron.
///
/// The treebank's documents are rebuilt as raw text (sentences joined by a
/// space, paragraphs by a blank line), tokenized with [`crate::tokenize`],
/// and every candidate boundary is labelled by whether a gold sentence ends
/// there. Two weight sets are learnt, stored together (the second with
/// salted feature hashes): the prose model from the documents as they are,
/// and the layout model, which reads texts whose paragraphs mostly do not
/// end in punctuation, from them and from each document again with its
/// paragraph breaks replaced by spaces (e-mail headers, lists and
/// signatures whose line layout EWT's raw text has lost). [`RUNS`] averaged perceptrons, each visiting the examples in its
/// own fixed pseudo-random order for `epochs` epochs (2 for the shipped
/// model), are averaged. Deterministic.
/// Write the result with [`SentenceModel::to_bytes`] to
/// `crates/dyad-text/model/sentence.bin` to ship it.
pub fn train_sentence_model(conllu: &Path, epochs: usize) -> Result<SentenceModel, TrainError> {
    let docs = dyad_conllu::documents(dyad_conllu::read_path(conllu)?);
    train_sentence_model_on(&docs, epochs)
        .ok_or_else(|| TrainError::Empty(conllu.display().to_string()))
}

/// [`train_sentence_model`] over documents already read (for example the
/// folds of a cross-validation, as `examples/cv_sentence.rs` does); `None`
/// when they hold no candidate boundary.
pub fn train_sentence_model_on(
    docs: &[dyad_conllu::GoldDoc],
    epochs: usize,
) -> Option<SentenceModel> {
    train_sentence_model_seeded(docs, epochs, &order_seeds(RUNS, 0))
}

/// [`train_sentence_model_on`] with one averaged perceptron per shuffling
/// seed in `seeds` (see [`order_seeds`]), averaged.
pub fn train_sentence_model_seeded(
    docs: &[dyad_conllu::GoldDoc],
    epochs: usize,
    seeds: &[u64],
) -> Option<SentenceModel> {
    train_sentence_model_classed(docs, epochs, seeds, 0, &|_, _, _| None)
}

/// The part-of-speech tags of the pieces of a text, one per piece, for
/// [`train_sentence_model_classed`]: called with the document, the text
/// (the document's own or its flattened copy) and its pieces.
pub type ClassesOf<'a> = dyn Fn(&dyad_conllu::GoldDoc, &str, &[Piece]) -> Option<Vec<Upos>> + 'a;

/// [`train_sentence_model_seeded`] with the part-of-speech tags of every
/// training text's pieces (`classes`: as the tagger gives them at run time,
/// for example from taggers that did not see the document) read by the
/// tag templates `templates` (bits of [`crate::tag_templates`]; 0: none,
/// the tags are not asked for), for a model that splits with tags
/// ([`crate::split_classed`]).
pub fn train_sentence_model_classed(
    docs: &[dyad_conllu::GoldDoc],
    epochs: usize,
    seeds: &[u64],
    templates: u32,
    classes: &ClassesOf<'_>,
) -> Option<SentenceModel> {
    let mut examples: Vec<(Vec<u64>, bool)> = Vec::new();
    // The prose model learns from the documents as they are; the layout
    // model from them and from each again with its paragraph breaks
    // replaced by spaces.
    let mut layout_examples: Vec<(Vec<u64>, bool)> = Vec::new();
    for d in docs {
        let ends: HashSet<usize> = d.sentence_spans.iter().map(|s| s.end()).collect();
        let pieces = tokenize_pieces(&d.text);
        let tags = |text: &str, pieces: &[Piece]| {
            if templates == 0 {
                None
            } else {
                classes(d, text, pieces)
            }
        };
        let cls = tags(&d.text, &pieces);
        let cls = (cls.as_deref(), templates);
        add_examples(&d.text, &pieces, cls, &ends, false, &mut examples);
        add_examples(&d.text, &pieces, cls, &ends, true, &mut layout_examples);
        if let Some((text, ends)) = flattened(d) {
            let pieces = tokenize_pieces(&text);
            let cls = tags(&text, &pieces);
            let cls = (cls.as_deref(), templates);
            add_examples(&text, &pieces, cls, &ends, true, &mut layout_examples);
        }
    }
    if examples.is_empty() || seeds.is_empty() {
        return None;
    }
    // Several averaged perceptrons over differently shuffled data, averaged
    // (bagging by order): one run's dev F1 moves by ±0.3 with its order.
    let runs = seeds.len();
    let mut sum: IdMap<f32> = IdMap::default();
    for &seed in seeds {
        for (h, w) in perceptron(&examples, epochs, seed) {
            *sum.entry(h).or_insert(0.0) += w / runs as f32;
        }
        if !layout_examples.is_empty() {
            for (h, w) in perceptron(&layout_examples, epochs, seed) {
                *sum.entry(h).or_insert(0.0) += w / runs as f32;
            }
        }
    }
    sum.retain(|_, w| w.abs() >= 1e-3);
    Some(SentenceModel {
        weights: sum,
        threshold: 0.0,
        tag_templates: templates,
    })
}

/// Label every candidate boundary of `text` by whether a gold sentence
/// ends there (`ends`: byte offsets) and add its features, as the layout
/// model's or the prose model's, to `examples`.
fn add_examples(
    text: &str,
    pieces: &[Piece],
    (classes, templates): (Option<&[Upos]>, u32),
    ends: &HashSet<usize>,
    layout: bool,
    examples: &mut Vec<(Vec<u64>, bool)>,
) {
    let gold: Vec<bool> = pieces
        .iter()
        .map(|p| ends.contains(&p.span.end()))
        .collect();
    walk_classed(
        text,
        pieces,
        Some(layout),
        classes,
        templates,
        |feats, k, g, cx| {
            feats.compute(k, g, cx);
            examples.push((feats.out.clone(), gold[k]));
            gold[k]
        },
    );
}

/// The document with its paragraph breaks replaced by spaces (as EWT's raw
/// text has lost the line layout of e-mail headers, lists and signatures),
/// and its sentence ends; `None` when it has no break.
fn flattened(d: &dyad_conllu::GoldDoc) -> Option<(String, HashSet<usize>)> {
    let mut text = String::with_capacity(d.text.len());
    let mut ends = HashSet::new();
    let mut breaks = 0;
    let mut prev_end = 0;
    for (i, s) in d.sentence_spans.iter().enumerate() {
        if i > 0 {
            let sep = &d.text[prev_end..s.start()];
            if sep.contains('\n') {
                breaks += 1;
                text.push(' ');
            } else {
                text.push_str(sep);
            }
        }
        text.push_str(s.slice(&d.text));
        ends.insert(text.len());
        prev_end = s.end();
    }
    (breaks > 0).then_some((text, ends))
}

/// The cross-validation fold (0..`folds`) of each document, as
/// `examples/cv_sentence.rs` cuts them: each genre's documents (genre = the
/// document id up to its first '-') in contiguous blocks, since
/// neighbouring documents often share a source.
pub fn genre_folds(docs: &[dyad_conllu::GoldDoc], folds: usize) -> Vec<usize> {
    let genre = |d: &dyad_conllu::GoldDoc| d.id.split('-').next().unwrap_or("").to_string();
    let mut fold_of = vec![0; docs.len()];
    let mut genres: Vec<String> = docs.iter().map(genre).collect();
    genres.sort();
    genres.dedup();
    for g in &genres {
        let members: Vec<usize> = (0..docs.len()).filter(|&i| genre(&docs[i]) == *g).collect();
        for (j, &i) in members.iter().enumerate() {
            fold_of[i] = j * folds.max(1) / members.len();
        }
    }
    fold_of
}

/// Averaged perceptrons bagged into the shipped model.
pub const RUNS: usize = 9;

/// Shuffling seeds of `runs` perceptrons; `bag` 0 gives the shipped model's
/// (the first three are those of the 3-run model shipped before), other
/// values other bags of the same size (to measure the spread due to order).
pub fn order_seeds(runs: usize, bag: u64) -> Vec<u64> {
    const FIRST: [u64; 3] = [
        0x9E37_79B9_7F4A_7C15,
        0xD1B5_4A32_D192_ED03,
        0x8CB9_2BA7_2F3D_8DD7,
    ];
    (0..runs as u64)
        .map(|i| match FIRST.get(i as usize) {
            Some(&s) if bag == 0 => s,
            _ => (bag + i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        })
        .collect()
}

/// One averaged perceptron (lazy averaging) over `examples`, visited in an
/// order shuffled from `seed` each epoch.
fn perceptron(examples: &[(Vec<u64>, bool)], epochs: usize, mut seed: u64) -> IdMap<f32> {
    let mut w: IdMap<(f32, f32, u32)> = IdMap::default(); // weight, total, last update
    let mut t: u32 = 0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            t += 1;
            let (feats, label) = &examples[i];
            let score: f32 = feats.iter().map(|h| w.get(h).map_or(0.0, |e| e.0)).sum();
            let y = if *label { 1.0 } else { -1.0 };
            if y * score <= 0.0 {
                for h in feats {
                    let e = w.entry(*h).or_insert((0.0, 0.0, t));
                    e.1 += (t - e.2) as f32 * e.0;
                    e.2 = t;
                    e.0 += y;
                }
            }
        }
    }
    w.into_iter()
        .map(|(h, (wt, total, last))| (h, (total + (t - last) as f32 * wt) / t.max(1) as f32))
        .collect()
}
