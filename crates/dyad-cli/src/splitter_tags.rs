//! `dyad train splitter-tags`: the sentence model that reads
//! part-of-speech tags (`models/sentence-tags.bin`, see
//! `crates/dyad-text/model/README.md`, tenth and twelfth sessions).
//!
//! The splitter must learn from tags like those it will see at run time,
//! so no training text may be tagged by a tagger that saw it: EWT train is
//! cut into the five folds `cv_sentence` uses ([`dyad_text::genre_folds`]);
//! a one-pass tagger is trained on each four-fifths and tags the fifth left
//! out (each paragraph as one sequence, [`dyad_pipeline::tag_paragraphs`]).
//! The boundary model is then trained on all of train with those tags.
//! Deterministic: the taggers and the splitter use fixed seeds.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use dyad_text::{SentenceModel, tag_templates as t};

/// The tag templates of the shipped model ("46f"): the tag pairs across
/// the candidate, with its gap and classes, and the clause bits, in both
/// weight sets (`PROSE`: news read as prose reads tags too, in the
/// paragraphs where the plain model is unsure, see
/// `dyad_pipeline::segment_tagged`). The tags are
/// [`dyad_text::clause_class`] of the tagger's universal and Penn tags.
pub const TEMPLATES: u32 = t::PAIRS | t::PAIR_WITH_GAP | t::CLAUSE | t::PROSE;

/// Jackknife folds.
const FOLDS: usize = 5;

/// Cut `conllu` (the text of a CoNLL-U file) into its documents' blocks,
/// each starting at a `# newdoc` line, with the document ids.
fn doc_blocks(conllu: &str) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    let mut starts: Vec<(usize, String)> = Vec::new();
    let mut at = 0;
    for line in conllu.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("# newdoc") {
            let id = rest
                .split_once('=')
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default();
            starts.push((at, id));
        }
        at += line.len();
    }
    for (i, (s, id)) in starts.iter().enumerate() {
        let e = starts.get(i + 1).map_or(conllu.len(), |n| n.0);
        out.push((id.clone(), &conllu[*s..e]));
    }
    out
}

/// Train the tag-reading sentence model on `train` (EWT train CoNLL-U),
/// writing the fold files and fold taggers under `work`.
pub fn train(train: &Path, work: &Path) -> Result<SentenceModel> {
    let raw = std::fs::read_to_string(train).with_context(|| train.display().to_string())?;
    let docs = dyad_conllu::documents(dyad_conllu::read_path(train)?);
    let blocks = doc_blocks(&raw);
    if blocks.len() != docs.len() || blocks.iter().zip(&docs).any(|(b, d)| b.0 != d.id) {
        bail!(
            "{}: {} `# newdoc` blocks do not match the {} documents read",
            train.display(),
            blocks.len(),
            docs.len()
        );
    }
    let fold_of = dyad_text::genre_folds(&docs, FOLDS);
    std::fs::create_dir_all(work).with_context(|| work.display().to_string())?;
    let mut taggers = Vec::with_capacity(FOLDS);
    for f in 0..FOLDS {
        let path = work.join(format!("train_minus{f}.conllu"));
        let text: String = blocks
            .iter()
            .zip(&fold_of)
            .filter(|&(_, &g)| g != f)
            .map(|(b, _)| b.1)
            .collect();
        std::fs::write(&path, text).with_context(|| path.display().to_string())?;
        let out = work.join(format!("tagger_minus{f}.bin"));
        let opts = dyad_tagger::TrainOptions {
            second_pass_folds: 0,
            ..dyad_tagger::TrainOptions::default()
        };
        let report = dyad_tagger::train(&path, None, &out, &opts)?;
        eprintln!("fold {f}: {report}");
        taggers.push(dyad_tagger::Tagger::load(&out)?);
    }
    let fold_by_id: HashMap<&str, usize> = docs
        .iter()
        .zip(&fold_of)
        .map(|(d, &f)| (d.id.as_str(), f))
        .collect();
    let classes = |d: &dyad_conllu::GoldDoc, text: &str, pieces: &[dyad_text::Piece]| {
        let f = *fold_by_id.get(d.id.as_str())?;
        Some(dyad_pipeline::tag_paragraphs(&taggers[f], text, pieces))
    };
    let classes: &dyad_text::ClassesOf<'_> = &classes;
    let seeds = dyad_text::order_seeds(dyad_text::RUNS, 0);
    dyad_text::train_sentence_model_classed(&docs, 2, &seeds, TEMPLATES, classes)
        .context("no training examples")
}
