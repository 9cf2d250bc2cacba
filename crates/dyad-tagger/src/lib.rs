//! Part-of-speech tagging (UPOS and Penn XPOS) and lemmatization for dyad.
//!
//! # Design
//!
//! - **Tagger**: a greedy left-to-right averaged perceptron
//!   ([`dyad_learn`]) over *joint* `UPOS+XPOS` classes, so the two tags always
//!   agree. Features: the word, its lower case, prefixes (1–3), suffixes
//!   (1–5), shape, the two previous predicted tags and conjunctions, the words
//!   and suffixes around it, and *ambiguity classes* (the set of tags each
//!   neighbouring word had in training), which give the left-to-right tagger a
//!   view of the right context, and *word clusters* of the word and its
//!   neighbours (k-means clusters of spaCy `en_core_web_md`'s `tok2vec` output,
//!   its static-vector ids and tag classes for 100k frequent words; built by
//!   `scripts/clusters/build.py`, embedded in the model file). Frequent words
//!   that only ever had one tag are tagged by lookup.
//! - **Lemmatizer**: edit scripts ("lower-case, remove `ies`, add `y`").
//!   Known `(word, tag)` pairs take their most frequent script from a
//!   dictionary; other words get a perceptron's best script among those whose
//!   removed suffix matches the word.
//!
//! Both ship in one model file (kind `tagger`, see [`MODEL_VERSION`]) that
//! loads from bytes in a few milliseconds: [`Tagger::from_bytes`] (for
//! `include_bytes!`), [`Tagger::load`]. [`TaggerStage`] is the
//! [`dyad_doc::Stage`]. Training (`train()`) is behind the cargo feature
//! `train`.
//!
//! # Use
//!
//! ```
//! use dyad_tagger::{Tagger, TaggerStage};
//! // In the CLI: `TaggerStage::from_bytes(include_bytes!("…/models/tagger.bin"))`.
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/tagger.bin")).unwrap();
//! let stage = TaggerStage::from_bytes(&bytes).unwrap(); // a dyad_doc::Stage
//! let tagged = stage.tagger().tag(&["Talks", "began", "on", "Tuesday", "."]);
//! assert_eq!(tagged[1].upos.as_str(), "VERB");
//! assert_eq!(tagged[1].xpos, "VBD");
//! assert_eq!(tagged[1].lemma, "begin");
//! ```
//!
//! Training (feature `train`), deterministic:
//! `dyad_tagger::train(train_conllu, Some(dev_conllu), out_path, &TrainOptions::default())`
//! returns a `TrainReport` whose `Display` prints dev scores per epoch.

#![warn(missing_docs)]

mod features;
mod lemma;
#[cfg(feature = "train")]
mod train;

use std::path::Path;

use dyad_doc::{Doc, Layer, LayerSet, Stage, StageError, Upos};
use dyad_learn::{ByteReader, Container, KeyMap, ModelError, Perceptron, combine, read_file};

use crate::features::{Clusters, WordFeats, decode, lemma_feats, word_feats};
use crate::lemma::{Script, best_of, candidates};

pub use dyad_learn::ModelError as TaggerModelError;
#[cfg(feature = "train")]
pub use train::{TrainError, TrainOptions, TrainReport, default_clusters_path, train};

/// Model kind in the file header.
pub const MODEL_KIND: &str = "tagger";
/// Version of the tagger model layout and features. Bump on any change to
/// features or sections.
pub const MODEL_VERSION: u32 = 4;

const ORIGIN_EMBEDDED: &str = "<embedded tagger model>";

/// A loaded tagger + lemmatizer model. Immutable; share it across threads.
#[derive(Debug, Clone)]
pub struct Tagger {
    tags: Perceptron,
    /// Second pass (sees the first pass's tags to the right), if trained.
    tags2: Option<Perceptron>,
    /// First-pass score margin (best minus second best) from which the
    /// second pass keeps the first pass's tag without scoring.
    pub(crate) confident: f32,
    upos: Vec<Upos>,
    xpos: Vec<String>,
    amb: KeyMap,
    fixed: KeyMap,
    clusters: Clusters,
    lemma: Perceptron,
    scripts: Vec<Script>,
    lemdict: KeyMap,
    cands: KeyMap,
    cand_lists: Vec<Vec<u16>>,
    max_remove: usize,
    info: String,
}

/// One tagged word, as returned by [`Tagger::tag`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    /// Universal POS tag.
    pub upos: Upos,
    /// Penn Treebank tag.
    pub xpos: String,
    /// Lemma.
    pub lemma: String,
}

/// Reusable buffers for tagging (one per thread); avoids allocation per
/// sentence.
#[derive(Debug, Default)]
pub struct Scratch {
    words: Vec<WordFeats>,
    lower: String,
    lowers: String,
    lower_ends: Vec<usize>,
    feats: Vec<u64>,
    scores: Vec<f32>,
    cands: Vec<u16>,
    first: Vec<u16>,
    margins: Vec<f32>,
    ids: Vec<u16>,
}

/// Accuracy of a model on gold-tokenized sentences (see [`Tagger::evaluate`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Accuracy {
    /// Words scored.
    pub words: usize,
    /// UPOS correct, in percent.
    pub upos: f64,
    /// XPOS correct, in percent.
    pub xpos: f64,
    /// UPOS and XPOS both correct, in percent.
    pub both: f64,
    /// Lemma correct, in percent.
    pub lemma: f64,
}

impl std::fmt::Display for Accuracy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "words {}  UPOS {:.2}  XPOS {:.2}  UPOS+XPOS {:.2}  lemma {:.2}",
            self.words, self.upos, self.xpos, self.both, self.lemma
        )
    }
}

impl Tagger {
    /// Load a model from bytes (for example `include_bytes!("…/tagger.bin")`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        Tagger::from_bytes_named(bytes, ORIGIN_EMBEDDED)
    }

    /// Load a model from bytes; `origin` names them in errors.
    pub fn from_bytes_named(bytes: &[u8], origin: &str) -> Result<Tagger, ModelError> {
        Tagger::from_container(&Container::parse(bytes, origin, MODEL_KIND, MODEL_VERSION)?)
    }

    /// Load a model embedded in the program (`include_bytes!`): its weight
    /// tables and dictionaries are used in place, without copying or
    /// indexing them, and the body checksum is not computed (see
    /// [`dyad_learn::Container::parse_static_trusted`]; the committed model
    /// is verified by this crate's tests through [`Tagger::load`]), so
    /// loading takes about a millisecond; `origin` names the model in
    /// errors.
    pub fn from_static(bytes: &'static [u8], origin: &str) -> Result<Tagger, ModelError> {
        Tagger::from_container(&Container::parse_static_trusted(
            bytes,
            origin,
            MODEL_KIND,
            MODEL_VERSION,
        )?)
    }

    fn from_container(c: &Container<'_>) -> Result<Tagger, ModelError> {
        let origin = c.origin();
        let tags = Perceptron::from_section(c, "tags")?;
        let mut upos = Vec::with_capacity(tags.n_classes());
        let mut xpos = Vec::with_capacity(tags.n_classes());
        for l in tags.labels() {
            let (u, x) = l.split_once('\t').unwrap_or((l.as_str(), "_"));
            let u = Upos::parse(u).ok_or_else(|| ModelError::Corrupt {
                origin: origin.to_string(),
                section: "tags".into(),
                message: format!("unknown UPOS {u:?}"),
            })?;
            upos.push(u);
            xpos.push(x.to_string());
        }
        let mut confident = f32::INFINITY;
        let tags2 = if c.section_names().any(|n| n == "tags2") {
            let mut r = c.reader("stack")?;
            confident = r.f32()?;
            r.finish()?;
            if confident.is_nan() {
                return Err(r.error("confidence margin is not a number"));
            }
            let t2 = Perceptron::from_section(c, "tags2")?;
            if t2.labels() != tags.labels() {
                return Err(ModelError::Corrupt {
                    origin: origin.to_string(),
                    section: "tags2".into(),
                    message: "second pass has other tags than the first".into(),
                });
            }
            Some(t2)
        } else {
            None
        };
        let lemma = Perceptron::from_section(c, "lemma")?;
        let mut scripts = Vec::with_capacity(lemma.n_classes());
        for l in lemma.labels() {
            scripts.push(Script::parse(l).ok_or_else(|| ModelError::Corrupt {
                origin: origin.to_string(),
                section: "lemma".into(),
                message: format!("bad edit script {l:?}"),
            })?);
        }
        let max_remove = scripts
            .iter()
            .map(|s| s.remove.chars().count())
            .max()
            .unwrap_or(0);
        let keymap = |name: &str| KeyMap::from_section(c, name);
        let mut r = c.reader("candlists")?;
        let n = r.u32()? as usize;
        let mut cand_lists = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = r.u32()? as usize;
            let mut v = Vec::with_capacity(k.min(1 << 16));
            for _ in 0..k {
                let id = r.u16()?;
                if id as usize >= scripts.len() {
                    return Err(r.error("candidate script out of range"));
                }
                v.push(id);
            }
            cand_lists.push(v);
        }
        r.finish()?;
        let mut r = c.reader("clustab")?;
        let n = r.u32()? as usize;
        let mut ids = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let mut row = [0u16; features::CL];
            for id in &mut row {
                *id = r.u16()?;
            }
            ids.push(row);
        }
        r.finish()?;
        let clusters = Clusters {
            words: keymap("clusters")?,
            ids,
        };
        Ok(Tagger {
            clusters,
            amb: keymap("amb")?,
            fixed: keymap("fixed")?,
            lemdict: keymap("lemdict")?,
            cands: keymap("cands")?,
            info: ByteReader::new(c.section("info")?, origin, "info")
                .str()?
                .to_string(),
            tags,
            tags2,
            confident,
            upos,
            xpos,
            lemma,
            scripts,
            cand_lists,
            max_remove,
        })
    }

    /// Rewrite a model file's bytes in the current layouts (container
    /// version 2, weight tables and dictionaries indexed in the file), with
    /// the same content: the converter from files written before the
    /// indexed layouts (see `models/tagger.md`). The result depends only on
    /// the model's content, so converting a converted file or a freshly
    /// trained one changes nothing.
    pub fn upgrade_bytes(bytes: &[u8], origin: &str) -> Result<Vec<u8>, ModelError> {
        let c = Container::parse(bytes, origin, MODEL_KIND, MODEL_VERSION)?;
        let mut w = dyad_learn::ContainerWriter::new(MODEL_KIND, MODEL_VERSION);
        for name in c.section_names() {
            let b = match name {
                "tags" | "tags2" | "lemma" => Perceptron::from_section(&c, name)?.to_index_bytes(),
                "amb" | "fixed" | "lemdict" | "cands" | "clusters" => {
                    KeyMap::from_section(&c, name)?.to_index_bytes()
                }
                _ => c.section(name)?.to_vec(),
            };
            w.section(name, b);
        }
        Ok(w.to_bytes())
    }

    /// Load a model file.
    pub fn load(path: &Path) -> Result<Tagger, ModelError> {
        let bytes = read_file(path)?;
        Tagger::from_bytes_named(&bytes, &path.display().to_string())
    }

    /// The training summary stored in the model (data, options, dev scores).
    pub fn info(&self) -> &str {
        &self.info
    }

    /// Number of words with distributional clusters embedded in the model
    /// (0 for a model trained without a cluster file).
    pub fn cluster_words(&self) -> usize {
        self.clusters.words.len()
    }

    /// Number of joint UPOS+XPOS classes.
    pub fn n_tags(&self) -> usize {
        self.upos.len()
    }

    /// Tag and lemmatize one sentence of words (convenience API; allocates).
    pub fn tag(&self, words: &[&str]) -> Vec<Tagged> {
        let mut scratch = Scratch::default();
        let mut tags = Vec::new();
        self.tag_ids(words, &mut scratch, &mut tags);
        let mut out = Vec::with_capacity(words.len());
        for (i, &t) in tags.iter().enumerate() {
            let mut lemma = String::new();
            self.lemmatize_into(words[i], t, i, &mut scratch, &mut lemma);
            out.push(Tagged {
                upos: self.upos[t as usize],
                xpos: self.xpos[t as usize].clone(),
                lemma,
            });
        }
        out
    }

    /// The tags of a run of words into `out` (cleared first), each mapped
    /// by `class` from its universal and Penn tags, without lemmas and from
    /// the first tagging pass only: what the sentence splitter reads
    /// (`dyad_pipeline::TaggedTokenizeStage`, with
    /// `dyad_text::clause_class`, which tells finite verbs from others).
    /// The splitter learnt from one-pass taggers' tags, and the first pass
    /// is cheaper. Reuses `scratch`.
    pub fn classes_into(
        &self,
        words: &[&str],
        scratch: &mut Scratch,
        class: impl Fn(Upos, &str) -> Upos,
        out: &mut Vec<Upos>,
    ) {
        let mut ids = std::mem::take(&mut scratch.ids);
        self.tag_ids_passes(words, scratch, &mut ids, false);
        out.clear();
        out.extend(
            ids.iter()
                .map(|&t| class(self.upos[t as usize], &self.xpos[t as usize])),
        );
        scratch.ids = ids;
    }

    /// Joint tag ids of a sentence into `out`. After the call, `scratch`
    /// holds the word features needed by [`Tagger::lemmatize_into`].
    fn tag_ids(&self, words: &[&str], s: &mut Scratch, out: &mut Vec<u16>) {
        self.tag_ids_passes(words, s, out, true)
    }

    /// [`Tagger::tag_ids`], with the second pass (when the model has one)
    /// only if `second_pass`.
    fn tag_ids_passes(
        &self,
        words: &[&str],
        s: &mut Scratch,
        out: &mut Vec<u16>,
        second_pass: bool,
    ) {
        out.clear();
        s.words.clear();
        s.lowers.clear();
        s.lower_ends.clear();
        s.words.push(WordFeats::pad(1));
        s.words.push(WordFeats::pad(2));
        for w in words {
            let wf = word_feats(w, &mut s.lower, &self.amb, &self.clusters);
            s.lowers.push_str(&s.lower);
            s.lower_ends.push(s.lowers.len());
            s.words.push(wf);
        }
        s.words.push(WordFeats::pad(3));
        s.words.push(WordFeats::pad(4));
        let n_tags = self.upos.len();
        let cl = !self.clusters.words.is_empty();
        let best = |model: &Perceptron, f: &[u64], scores: &mut Vec<f32>| {
            model.scores(f, scores);
            dyad_learn::argmax(scores, |_| true).unwrap_or(0)
        };
        // First pass: into `out` for a one-pass model, else into
        // `s.first` with each word's score margin.
        let two = second_pass && self.tags2.is_some();
        let (scores, margins) = (&mut s.scores, &mut s.margins);
        margins.clear();
        margins.resize(words.len(), f32::INFINITY);
        let first = if two { &mut s.first } else { &mut *out };
        decode(
            &s.words,
            &self.fixed,
            n_tags,
            cl,
            None,
            &mut s.feats,
            first,
            |f, i| {
                let b = best(&self.tags, f, scores);
                if two {
                    let second = scores
                        .iter()
                        .enumerate()
                        .filter(|&(c, _)| c != b)
                        .map(|(_, &v)| v)
                        .fold(f32::NEG_INFINITY, f32::max);
                    margins[i] = scores.get(b).map_or(0.0, |&v| v - second);
                }
                b
            },
        );
        let Some(second) = self.tags2.as_ref().filter(|_| two) else {
            return;
        };
        for (q, &m) in s.first.iter_mut().zip(margins.iter()) {
            if m >= self.confident {
                *q |= features::CONFIDENT;
            }
        }
        let scores = &mut s.scores;
        decode(
            &s.words,
            &self.fixed,
            n_tags,
            cl,
            Some(&s.first),
            &mut s.feats,
            out,
            |f, _| best(second, f, scores),
        );
    }

    /// First-pass score margins (best minus second-best class) of the words
    /// the first pass scored, over gold-tokenized sentences (training: the
    /// second pass's confidence threshold).
    #[cfg(feature = "train")]
    pub(crate) fn first_pass_margins(&self, sentences: &[dyad_conllu::Sentence]) -> Vec<f32> {
        let mut s = Scratch::default();
        let mut tags = Vec::new();
        let mut out = Vec::new();
        for sent in sentences {
            let words: Vec<&str> = sent.words.iter().map(|w| w.form.as_str()).collect();
            self.tag_ids(&words, &mut s, &mut tags);
            out.extend(s.margins.iter().copied().filter(|m| m.is_finite()));
        }
        out
    }

    /// Whether the model has a second tagging pass.
    pub fn two_pass(&self) -> bool {
        self.tags2.is_some()
    }

    /// The lemma of word `i` of the sentence last passed to
    /// [`Tagger::tag_ids`], with joint tag `tag`, appended to `out`.
    fn lemmatize_into(&self, form: &str, tag: u16, i: usize, s: &mut Scratch, out: &mut String) {
        let lo = if i == 0 { 0 } else { s.lower_ends[i - 1] };
        let lower = &s.lowers[lo..s.lower_ends[i]];
        let wf = s.words[i + 2];
        let tag = tag as u64;
        // Known (form, tag), then known (lower-cased form, tag).
        for key in [combine(wf.form, tag), combine(wf.lower, tag)] {
            if let Some(id) = self.lemdict.get(key)
                && let Some(script) = self.scripts.get(id as usize)
                && script.apply(form, lower, out)
            {
                return;
            }
        }
        // Candidates: scripts whose removed suffix ends the word.
        candidates(
            form,
            lower,
            &self.cands,
            &self.cand_lists,
            self.max_remove,
            &mut s.cands,
        );
        if !s.cands.is_empty() {
            lemma_feats(&wf, tag, &mut s.feats);
            self.lemma.scores(&s.feats, &mut s.scores);
            let best = best_of(&s.scores, &s.cands);
            if let Some(c) = best
                && self.scripts[c as usize].apply(form, lower, out)
            {
                return;
            }
        }
        // No script applies: proper nouns keep their form, the rest lower-case.
        if self.upos[tag as usize] == Upos::Propn {
            out.push_str(form);
        } else {
            out.push_str(lower);
        }
    }

    /// Tag a [`Doc`]: fills `upos`, `xpos` and `lemma` of every token, one
    /// sentence at a time (tokens outside any sentence are tagged as their
    /// own runs).
    pub fn tag_doc(&self, doc: &mut Doc) {
        let n = doc.tokens.len();
        let mut results: Vec<(u16, String)> = Vec::with_capacity(n);
        {
            let text = doc.text();
            let mut s = Scratch::default();
            let mut words: Vec<&str> = Vec::new();
            let mut tags: Vec<u16> = Vec::new();
            let mut runs: Vec<(usize, usize)> = Vec::with_capacity(doc.sentences.len() + 1);
            let mut at = 0;
            for sent in &doc.sentences {
                let (a, b) = (sent.token_start.min(n), sent.token_end.min(n));
                if a < at || b < a {
                    continue; // overlapping or inverted: leave to the gap run
                }
                if a > at {
                    runs.push((at, a));
                }
                runs.push((a, b));
                at = b;
            }
            if at < n {
                runs.push((at, n));
            }
            for (a, b) in runs {
                words.clear();
                words.extend(doc.tokens[a..b].iter().map(|t| t.span.slice(text)));
                self.tag_ids(&words, &mut s, &mut tags);
                for (i, &t) in tags.iter().enumerate() {
                    let mut lemma = String::with_capacity(words[i].len() + 2);
                    self.lemmatize_into(words[i], t, i, &mut s, &mut lemma);
                    results.push((t, lemma));
                }
            }
        }
        for (tok, (t, lemma)) in doc.tokens.iter_mut().zip(results) {
            tok.upos = Some(self.upos[t as usize]);
            tok.xpos = Some(self.xpos[t as usize].clone());
            tok.lemma = Some(lemma);
        }
    }

    /// Score the model on gold-tokenized sentences (syntactic words).
    pub fn evaluate(&self, sentences: &[dyad_conllu::Sentence]) -> Accuracy {
        let mut s = Scratch::default();
        let mut tags = Vec::new();
        let (mut n, mut u, mut x, mut b, mut l) = (0usize, 0usize, 0usize, 0usize, 0usize);
        let mut lemma = String::new();
        for sent in sentences {
            let words: Vec<&str> = sent.words.iter().map(|w| w.form.as_str()).collect();
            self.tag_ids(&words, &mut s, &mut tags);
            for (i, (w, &t)) in sent.words.iter().zip(&tags).enumerate() {
                n += 1;
                let uok = self.upos[t as usize].as_str() == w.upos;
                let xok = self.xpos[t as usize] == w.xpos;
                u += uok as usize;
                x += xok as usize;
                b += (uok && xok) as usize;
                lemma.clear();
                self.lemmatize_into(&w.form, t, i, &mut s, &mut lemma);
                l += (lemma == w.lemma) as usize;
            }
        }
        let pct = |k: usize| {
            if n == 0 {
                0.0
            } else {
                100.0 * k as f64 / n as f64
            }
        };
        Accuracy {
            words: n,
            upos: pct(u),
            xpos: pct(x),
            both: pct(b),
            lemma: pct(l),
        }
    }
}

/// The tagging [`Stage`]: needs tokens and sentences, adds tags and lemmas.
#[derive(Debug, Clone)]
pub struct TaggerStage {
    tagger: Tagger,
}

impl TaggerStage {
    /// A stage around a loaded model.
    pub fn new(tagger: Tagger) -> TaggerStage {
        TaggerStage { tagger }
    }

    /// A stage from model bytes (for example embedded with `include_bytes!`).
    pub fn from_bytes(bytes: &[u8]) -> Result<TaggerStage, ModelError> {
        Ok(TaggerStage::new(Tagger::from_bytes(bytes)?))
    }

    /// A stage from a model embedded in the program, used in place (see
    /// [`Tagger::from_static`]); `origin` names it in errors.
    pub fn from_static(bytes: &'static [u8], origin: &str) -> Result<TaggerStage, ModelError> {
        Ok(TaggerStage::new(Tagger::from_static(bytes, origin)?))
    }

    /// A stage from a model file.
    pub fn load(path: &Path) -> Result<TaggerStage, ModelError> {
        Ok(TaggerStage::new(Tagger::load(path)?))
    }

    /// The model.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }
}

impl Stage for TaggerStage {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn needs(&self) -> LayerSet {
        LayerSet::of(&[Layer::Tokens, Layer::Sentences])
    }

    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Tags, Layer::Lemmas])
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        self.tagger.tag_doc(doc);
        Ok(())
    }
}
