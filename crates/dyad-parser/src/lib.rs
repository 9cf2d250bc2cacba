//! Transition-based dependency parser for dyad: greedy, or beam search
//! with a globally trained model.
//!
//! - Transition system: arc-hybrid with the root at the bottom of the stack
//!   and constraints that make every output a single-rooted projective tree
//!   (each token gets exactly one head, one root per sentence) in exactly
//!   `2n` moves: linear in the sentence length, no repair needed.
//! - Learning: two averaged perceptrons from `dyad-learn`, one choosing the
//!   move (shift / left-arc / right-arc), one choosing the relation of each
//!   arc when it is made (the dependent is complete then, so its children's
//!   relations are features); relations feed later move features.
//!   Training (feature `train`) uses the dynamic oracle of Goldberg and
//!   Nivre (2013) with exploration.
//! - Features: Zhang and Nivre (2011)-style templates over words, tags,
//!   valencies, distances and child labels, hashed to `u64` keys from
//!   per-token hashes computed once per sentence.
//!
//! - Beam search (optional, [`Parser::with_beam`]): the `k` best move
//!   sequences are kept at each of the `2n` steps, scored by a move model
//!   trained as a global structured perceptron with max-violation updates
//!   (Huang, Fayong and Guo 2012) over the same templates; a model file
//!   records the width it was trained with ([`Parser::trained_beam`]),
//!   which is also its default width.
//!
//! Use [`Parser`] directly on `(form, tag)` sequences, or [`ParserStage`] in
//! a [`dyad_doc::Pipeline`] after tokenizing, sentence splitting and tagging.

#![warn(missing_docs)]

mod beam;
mod features;
mod system;
#[cfg(feature = "train")]
mod train;

use std::path::Path;

use dyad_doc::{Doc, Layer, LayerSet, Stage, StageError};
use dyad_learn::{Container, KeyMap, ModelError, Perceptron};

use dyad_learn::{ByteReader, ByteWriter};
use features::{ArcView, Clusters, N_LABEL_FEATS, N_MOVE_FEATS};
use system::{Move, NO_LABEL, State};

#[cfg(feature = "train")]
pub use train::{TrainError, TrainOptions, TrainReport, default_clusters_path, train};

/// Model kind in the file header.
pub const MODEL_KIND: &str = "parser";
/// Version of the parser model layout (sections and feature templates). A
/// change to the templates or the hashing must bump it.
pub const MODEL_VERSION: u32 = 2;
const MOVES_SECTION: &str = "moves";
const LABELS_SECTION: &str = "labels";
const CLUSTERS_SECTION: &str = "clusters";
/// Optional section: the beam width the move model was trained with (a
/// little-endian `u32`); absent in greedy models.
const BEAM_SECTION: &str = "beam";
/// Largest beam width accepted (wider beams are clamped to it).
pub const MAX_BEAM: usize = 256;

/// Why a parser could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ParserError {
    /// The file is missing, damaged, foreign or from another version (the
    /// message names the file).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The model's content does not fit this parser.
    #[error("{origin}: {message}")]
    Invalid {
        /// The file or embedded-bytes name.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

/// A trained parser: immutable, `Send + Sync`, share one across threads.
#[derive(Debug, Clone)]
pub struct Parser {
    moves: Perceptron,
    labels: Perceptron,
    clusters: Clusters,
    /// Beam width the move model was trained with (1: greedy training).
    trained_beam: usize,
    /// Beam width used when parsing (1: greedy decoding).
    beam: usize,
}

/// Scratch space for parsing, reused across sentences.
#[derive(Debug, Default, Clone)]
pub(crate) struct Workspace {
    pub st: State,
    pub sent: features::Sentence,
    pub scores: Vec<f32>,
    pub lscores: Vec<f32>,
    pub beam: beam::Beam,
}

/// One parsed word: head (0-based word index in the sentence, `None` for
/// the root) and relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc<'a> {
    /// 0-based index of the head word, `None` for the sentence root.
    pub head: Option<usize>,
    /// UD relation ("root" for the root).
    pub deprel: &'a str,
}

/// Something that scores classes for a feature set: the trained
/// [`Perceptron`], or the trainer's current weights while training.
pub(crate) trait Scorer {
    fn score(&self, feats: &[u64], out: &mut Vec<f32>);
}

impl Scorer for Perceptron {
    #[inline]
    fn score(&self, feats: &[u64], out: &mut Vec<f32>) {
        self.scores(feats, out);
    }
}

/// Best valid move under `scores` (ties to the lowest index).
#[inline]
pub(crate) fn best_move(st: &State, scores: &[f32]) -> Move {
    let mut best = None;
    for m in Move::ALL {
        if st.valid(m) {
            let s = scores[m as usize];
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((m, s));
            }
        }
    }
    best.map(|(m, _)| m)
        .expect("a non-terminal state has a valid move")
}

/// Best relation under `scores` (ties to the lowest index).
#[inline]
pub(crate) fn best_label(scores: &[f32]) -> u16 {
    dyad_learn::argmax(scores, |_| true).unwrap_or(0) as u16
}

/// For an arc move, the arc `(head, dependent)` and its predicted relation
/// (`lf` receives the relation features); `None` for `Shift` and for the
/// root arc, whose relation is always "root".
#[inline]
pub(crate) fn predict_label(
    labels: &impl Scorer,
    ws: &mut Workspace,
    m: Move,
    lf: &mut [u64; N_LABEL_FEATS],
) -> Option<(u32, u32, u16)> {
    if m == Move::Shift {
        return None;
    }
    let (h, d) = ws.st.arc_of(m);
    if h == 0 {
        return None;
    }
    let view = ArcView {
        n: ws.st.n,
        null: ws.st.null,
        h,
        d,
        hn: &ws.st.node[h as usize],
        dn: &ws.st.node[d as usize],
    };
    features::label_features(&view, &ws.sent, lf);
    labels.score(lf, &mut ws.lscores);
    Some((h, d, best_label(&ws.lscores)))
}

/// Run the greedy parse of `ws.sent` with the given scorers; the result is
/// in `ws.st.head` / `ws.st.label` (root label = `NO_LABEL`).
pub(crate) fn parse_with(moves: &impl Scorer, labels: &impl Scorer, ws: &mut Workspace) {
    let mut mf = [0u64; N_MOVE_FEATS];
    let mut lf = [0u64; N_LABEL_FEATS];
    ws.st.reset(ws.sent.len());
    while !ws.st.is_terminal() {
        // A state with one valid move (only the root on the stack, or the
        // buffer empty) needs no scoring: the best valid move is that one.
        let m = match ws.st.only_move() {
            Some(m) => m,
            None => {
                features::move_features(&ws.st.frame(), &ws.sent, &mut mf);
                moves.score(&mf, &mut ws.scores);
                best_move(&ws.st, &ws.scores)
            }
        };
        let label = predict_label(labels, ws, m, &mut lf).map_or(NO_LABEL, |(_, _, l)| l);
        ws.st.apply(m, label);
    }
}

impl Parser {
    /// Load a model from bytes (e.g. `include_bytes!` of
    /// `models/parser.bin`); errors call it `<parser model bytes>`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ParserError> {
        Parser::from_bytes_named(bytes, "<parser model bytes>")
    }

    /// Load a model from bytes; `origin` names them in errors.
    pub fn from_bytes_named(bytes: &[u8], origin: &str) -> Result<Parser, ParserError> {
        Parser::from_container(&Container::parse(bytes, origin, MODEL_KIND, MODEL_VERSION)?)
    }

    /// Load a model embedded in the program (`include_bytes!`): its weight
    /// tables and cluster dictionary are used in place, without copying or
    /// indexing them, and the body checksum is not computed (see
    /// [`dyad_learn::Container::parse_static_trusted`]; the committed model
    /// is verified by this crate's tests through [`Parser::load`]);
    /// `origin` names the model in errors.
    pub fn from_static(bytes: &'static [u8], origin: &str) -> Result<Parser, ParserError> {
        Parser::from_container(&Container::parse_static_trusted(
            bytes,
            origin,
            MODEL_KIND,
            MODEL_VERSION,
        )?)
    }

    fn from_container(c: &Container<'_>) -> Result<Parser, ParserError> {
        let origin = c.origin();
        let moves = Perceptron::from_section(c, MOVES_SECTION)?;
        let labels = Perceptron::from_section(c, LABELS_SECTION)?;
        let clusters = Clusters {
            map: KeyMap::from_section(c, CLUSTERS_SECTION)?,
        };
        if moves.n_classes() != Move::ALL.len() {
            return Err(ParserError::Invalid {
                origin: origin.to_string(),
                message: format!(
                    "move model has {} classes, expected {}",
                    moves.n_classes(),
                    Move::ALL.len()
                ),
            });
        }
        if labels.n_classes() >= usize::from(NO_LABEL) {
            return Err(ParserError::Invalid {
                origin: origin.to_string(),
                message: format!("too many relations ({})", labels.n_classes()),
            });
        }
        let trained_beam = if c.section_names().any(|n| n == BEAM_SECTION) {
            let mut r = ByteReader::new(c.section(BEAM_SECTION)?, origin, BEAM_SECTION);
            let k = r.u32()? as usize;
            r.finish()?;
            if k == 0 || k > MAX_BEAM {
                return Err(ParserError::Invalid {
                    origin: origin.to_string(),
                    message: format!("beam width {k} outside 1..={MAX_BEAM}"),
                });
            }
            k
        } else {
            1
        };
        Ok(Parser {
            moves,
            labels,
            clusters,
            trained_beam,
            beam: trained_beam,
        })
    }

    /// This parser decoding with a beam of `k` sequences (clamped to
    /// `1..=`[`MAX_BEAM`]); `k = 1` is the greedy parse. A model loads with
    /// the width it was trained with ([`Parser::trained_beam`]); a greedy
    /// model can run with a beam and a beam model greedily, usually less
    /// accurately. Cost grows about linearly with `k`.
    pub fn with_beam(mut self, k: usize) -> Parser {
        self.beam = k.clamp(1, MAX_BEAM);
        self
    }

    /// The beam width used when parsing (1 = greedy).
    pub fn beam_width(&self) -> usize {
        self.beam
    }

    /// The beam width the model was trained with (1 = greedy training with
    /// the dynamic oracle; more: global training with that beam).
    pub fn trained_beam(&self) -> usize {
        self.trained_beam
    }

    /// Parse the sentence in `ws.sent` with this parser's width; the result
    /// is in `ws.st`.
    pub(crate) fn parse_ws(&self, ws: &mut Workspace) {
        if self.beam <= 1 {
            parse_with(&self.moves, &self.labels, ws);
        } else {
            beam::parse_beam(
                &self.moves,
                &self.labels,
                &ws.sent,
                &mut ws.beam,
                &mut ws.st,
                self.beam,
            );
        }
    }

    /// Load a model file.
    pub fn load(path: &Path) -> Result<Parser, ParserError> {
        let bytes = dyad_learn::read_file(path)?;
        Parser::from_bytes_named(&bytes, &path.display().to_string())
    }

    /// Serialise (the inverse of [`Parser::from_bytes`]), in the current
    /// layouts (container version 2, weight tables and the cluster
    /// dictionary indexed in the file, see [`Parser::from_static`]). The
    /// bytes depend only on the model's content, so loading a file written
    /// before the indexed layouts and serialising it converts it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = dyad_learn::ContainerWriter::new(MODEL_KIND, MODEL_VERSION);
        w.section(MOVES_SECTION, self.moves.to_index_bytes());
        w.section(LABELS_SECTION, self.labels.to_index_bytes());
        w.section(CLUSTERS_SECTION, self.clusters.map.to_index_bytes());
        if self.trained_beam > 1 {
            let mut b = ByteWriter::new();
            b.u32(self.trained_beam as u32);
            w.section(BEAM_SECTION, b.bytes);
        }
        w.to_bytes()
    }

    /// The relations this model can output (besides "root").
    pub fn relations(&self) -> &[String] {
        self.labels.labels()
    }

    /// Number of words with distributional clusters in the model.
    pub fn cluster_words(&self) -> usize {
        self.clusters.map.len()
    }

    /// Number of stored weights (moves, relations).
    pub fn n_weights(&self) -> (usize, usize) {
        (self.moves.n_weights(), self.labels.n_weights())
    }

    /// Parse one sentence of `(form, upos, xpos)` triples (UD UPOS and Penn
    /// XPOS; `""` for an unknown tag). Returns one [`Arc`] per word; the
    /// result is always a projective tree with exactly one root.
    pub fn parse<'s>(&'s self, words: &[(&str, &str, &str)]) -> Vec<Arc<'s>> {
        let mut ws = Workspace::default();
        ws.sent.fill(&self.clusters, words.iter().copied());
        self.parse_ws(&mut ws);
        (1..=words.len()).map(|i| self.arc(&ws.st, i)).collect()
    }

    fn arc(&self, st: &State, i: usize) -> Arc<'_> {
        let h = st.head[i];
        if h == 0 {
            Arc {
                head: None,
                deprel: "root",
            }
        } else {
            let l = st.label[i];
            Arc {
                head: Some(h as usize - 1),
                deprel: self
                    .labels
                    .labels()
                    .get(usize::from(l))
                    .map_or("dep", String::as_str),
            }
        }
    }
}

/// The parser as a pipeline stage: needs tokens, sentences and tags, adds
/// heads (`Token::head` = index into `doc.tokens`, `None` for each
/// sentence's root, whose `deprel` is "root").
#[derive(Debug, Clone)]
pub struct ParserStage {
    parser: Parser,
}

impl ParserStage {
    /// A stage running `parser`.
    pub fn new(parser: Parser) -> ParserStage {
        ParserStage { parser }
    }

    /// A stage from model bytes (e.g. `include_bytes!`).
    pub fn from_bytes(bytes: &[u8]) -> Result<ParserStage, ParserError> {
        Ok(ParserStage::new(Parser::from_bytes(bytes)?))
    }

    /// A stage from a model embedded in the program, used in place (see
    /// [`Parser::from_static`]); `origin` names it in errors.
    pub fn from_static(bytes: &'static [u8], origin: &str) -> Result<ParserStage, ParserError> {
        Ok(ParserStage::new(Parser::from_static(bytes, origin)?))
    }

    /// A stage from a model file.
    pub fn load(path: &Path) -> Result<ParserStage, ParserError> {
        Ok(ParserStage::new(Parser::load(path)?))
    }

    /// This stage parsing with a beam of `k` (see [`Parser::with_beam`]).
    pub fn with_beam(self, k: usize) -> ParserStage {
        ParserStage::new(self.parser.with_beam(k))
    }

    /// The parser.
    pub fn parser(&self) -> &Parser {
        &self.parser
    }
}

impl Stage for ParserStage {
    fn name(&self) -> &'static str {
        "parser"
    }

    fn needs(&self) -> LayerSet {
        LayerSet::of(&[Layer::Tokens, Layer::Sentences, Layer::Tags])
    }

    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Heads])
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let mut ws = Workspace::default();
        for si in 0..doc.sentences.len() {
            let range = doc.sentences[si].tokens();
            if range.end > doc.tokens.len() || range.start > range.end {
                return Err(StageError::new(
                    "parser",
                    format!(
                        "sentence {si} covers tokens {}..{} but the document has {}",
                        range.start,
                        range.end,
                        doc.tokens.len()
                    ),
                ));
            }
            if range.is_empty() {
                continue;
            }
            let text = doc.text();
            let clusters = &self.parser.clusters;
            ws.sent.fill(
                clusters,
                doc.tokens[range.clone()].iter().map(|t| {
                    (
                        t.span.slice(text),
                        t.upos.map_or("", |u| u.as_str()),
                        t.xpos.as_deref().unwrap_or(""),
                    )
                }),
            );
            self.parser.parse_ws(&mut ws);
            for (k, i) in range.clone().enumerate() {
                let arc = self.parser.arc(&ws.st, k + 1);
                let tok = &mut doc.tokens[i];
                tok.head = arc.head.map(|h| range.start + h);
                tok.deprel = Some(arc.deprel.to_string());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committed() -> Parser {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/parser.bin");
        Parser::load(&path).expect("committed parser model loads")
    }

    /// The model's sections with the given bytes as its beam section.
    fn with_beam_section(p: &Parser, beam: Vec<u8>) -> Vec<u8> {
        let mut w = dyad_learn::ContainerWriter::new(MODEL_KIND, MODEL_VERSION);
        w.section(MOVES_SECTION, p.moves.to_index_bytes());
        w.section(LABELS_SECTION, p.labels.to_index_bytes());
        w.section(CLUSTERS_SECTION, p.clusters.map.to_index_bytes());
        w.section(BEAM_SECTION, beam);
        w.to_bytes()
    }

    #[test]
    fn beam_width_is_stored_and_checked() {
        let p = committed();
        assert_eq!((p.trained_beam(), p.beam_width()), (1, 1));
        assert_eq!(p.clone().with_beam(0).beam_width(), 1);
        assert_eq!(p.clone().with_beam(100_000).beam_width(), MAX_BEAM);
        let b = Parser {
            trained_beam: 8,
            beam: 8,
            ..p.clone()
        };
        let bytes = b.to_bytes();
        assert_eq!(bytes, with_beam_section(&p, 8u32.to_le_bytes().to_vec()));
        let again = Parser::from_bytes_named(&bytes, "beam.bin").expect("loads");
        assert_eq!((again.trained_beam(), again.beam_width()), (8, 8));
        assert_eq!(
            again.with_beam(1).to_bytes(),
            bytes,
            "the run-time width is not stored"
        );
        let leaked: &'static [u8] = Box::leak(bytes.clone().into_boxed_slice());
        let in_place = Parser::from_static(leaked, "beam.bin").expect("loads in place");
        assert_eq!(in_place.trained_beam(), 8);
        let cases: &[(&str, Vec<u8>, &str)] = &[
            ("zero.bin", 0u32.to_le_bytes().to_vec(), "beam width 0"),
            (
                "wide.bin",
                100_000u32.to_le_bytes().to_vec(),
                "beam width 100000",
            ),
            ("short.bin", vec![8, 0], "beam"),
            ("long.bin", vec![8, 0, 0, 0, 1], "beam"),
        ];
        for (name, section, msg) in cases {
            let err = Parser::from_bytes_named(&with_beam_section(&p, section.clone()), name)
                .expect_err(name)
                .to_string();
            assert!(err.contains(name) && err.contains(msg), "{name}: {err}");
        }
    }
}
