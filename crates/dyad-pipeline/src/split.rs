//! Tokenizing and sentence splitting with part-of-speech tags: the
//! standard pipeline's first stage.
//!
//! `dyad-text`'s splitter can read the tags of the pieces around a
//! candidate boundary (`dyad_text::tag_templates`), which tells it where
//! an unpunctuated clause starts ("…arrest you‖ its illegal"). It cannot
//! tag by itself (`dyad-text` does not depend on the tagger), so this stage
//! joins the two: tokenize; a text read as layout is tagged paragraph by
//! paragraph and split by the tag-reading model; a text read as edited
//! prose (news) is split by `dyad-text`'s built-in model, and only its
//! paragraphs where that model is unsure are tagged and split again by
//! the tag-reading model (`dyad_text::segment_gated`), so most news is
//! never tagged here. The model is trained by `dyad train splitter-tags`
//! on tags from taggers that never saw the text (see
//! `crates/dyad-text/model/README.md`).

use dyad_doc::{Doc, Layer, LayerSet, Stage, StageError, Token, Upos};
use dyad_tagger::{Scratch, Tagger};
use std::ops::Range;
use std::sync::OnceLock;

use dyad_text::{Piece, SentenceModel};

/// The longest run of pieces tagged as one sequence: a paragraph longer
/// than this (a 100 MB line) is tagged in runs of this many pieces, so
/// memory stays bounded. EWT paragraphs are far shorter.
pub const MAX_RUN: usize = 1000;

/// The runs of `pieces` (as [`dyad_text::tokenize_pieces`] gives them for
/// `text`) that are tagged as one sequence: each paragraph, a run of
/// pieces with no line break between them, cut after [`MAX_RUN`] pieces.
pub fn paragraph_runs<'a>(
    text: &'a str,
    pieces: &'a [Piece],
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let mut p = 0;
    std::iter::from_fn(move || {
        if p >= pieces.len() {
            return None;
        }
        let mut e = p + 1;
        while e < pieces.len()
            && e - p < MAX_RUN
            && !text[pieces[e - 1].span.end()..pieces[e].span.start()]
                .chars()
                .any(dyad_text::is_newline)
        {
            e += 1;
        }
        let run = p..e;
        p = e;
        Some(run)
    })
}

/// The tag classes the splitter reads for every piece of `pieces`, one
/// [`paragraph_runs`] run at a time, as the splitter's training saw them:
/// [`dyad_text::clause_class`] of the tagger's universal and Penn tags.
pub fn tag_paragraphs(tagger: &Tagger, text: &str, pieces: &[Piece]) -> Vec<Upos> {
    tag_paragraphs_in(
        tagger,
        text,
        pieces,
        std::slice::from_ref(&(0..pieces.len())),
    )
}

/// [`tag_paragraphs`] for the pieces of `paras` only (ranges of pieces,
/// each a whole paragraph or text, as `dyad_text::segment_gated` asks for
/// them); every other piece gets [`Upos::X`]. The splitter reads those
/// only just after a tagged paragraph (the next few pieces a candidate
/// near its end looks at); giving them their real tags instead changed
/// no sentence measured.
pub fn tag_paragraphs_in(
    tagger: &Tagger,
    text: &str,
    pieces: &[Piece],
    paras: &[Range<usize>],
) -> Vec<Upos> {
    let mut out = vec![Upos::X; pieces.len()];
    let mut scratch = Scratch::default();
    let mut words: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    for para in paras {
        let Some(part) = pieces.get(para.clone()) else {
            continue;
        };
        for run in paragraph_runs(text, part) {
            words.clear();
            words.extend(part[run.clone()].iter().map(|w| w.span.slice(text)));
            tagger.classes_into(&words, &mut scratch, dyad_text::clause_class, &mut tags);
            out[para.start + run.start..para.start + run.end].copy_from_slice(&tags);
        }
    }
    out
}

/// The models the tag-reading split needs beyond `dyad-text`'s own: the
/// tag-reading sentence model and the tagger whose tags it reads.
pub struct TagModels {
    /// A sentence model trained with tag templates (`dyad train splitter-tags`).
    pub splitter: SentenceModel,
    /// The tagger (the pipeline's own).
    pub tagger: Tagger,
}

/// How close to its threshold the plain model must score some candidate
/// of a paragraph of prose for that paragraph to be tagged and split
/// again by the tag-reading model (see [`segment_tagged`]). Chosen
/// without gold: the smallest margin at which the gated split ends the
/// same sentences as tagging every paragraph does, on 924 PolNeAR news
/// texts (36% of their pieces are then tagged); EWT train
/// cross-validation is flat from 6 to 16 (`crates/dyad-text/model/README.md`,
/// twelfth session).
pub const GATE_MARGIN: f32 = 12.0;

/// Tokenize and split `text`. A text read as layout (e-mail, lists,
/// unpunctuated posts; [`dyad_text::reads_as_layout`]) is tagged
/// paragraph by paragraph and split by the tag-reading model. Any other
/// text (news, read as edited prose) is split by `plain`, exactly as
/// [`dyad_text::segment_with`] splits it, except its paragraphs where
/// `plain` scores some candidate within [`GATE_MARGIN`] of its threshold:
/// those are tagged and split by the tag-reading model
/// ([`dyad_text::segment_gated`]). `tagged` is asked for the models only
/// when some paragraph needs them, so they load on first use.
pub fn segment_tagged<'m, E>(
    plain: &'m SentenceModel,
    tagged: impl FnOnce() -> Result<&'m TagModels, E>,
    text: &str,
) -> Result<(Vec<Piece>, Vec<dyad_doc::Sentence>), E> {
    let pieces = dyad_text::tokenize_pieces(text);
    dyad_text::segment_gated(plain, text, pieces, GATE_MARGIN, |pieces, paras| {
        let m = tagged()?;
        let tags = tag_paragraphs_in(&m.tagger, text, pieces, paras);
        Ok((&m.splitter, tags))
    })
}

/// Why the tag models could not be loaded (an embedded model file that
/// does not parse).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{model}: {message}")]
pub struct TagModelError {
    /// The model file.
    pub model: &'static str,
    /// What went wrong.
    pub message: String,
}

type Loader = fn() -> Result<TagModels, TagModelError>;

/// The tokenize-and-split stage with a tag-reading sentence model for
/// texts read as layout and for the paragraphs of prose the plain model
/// is unsure of (see [`segment_tagged`]): needs nothing, adds
/// [`Layer::Sentences`] and [`Layer::Tokens`] (the tags it computes are
/// only read by the splitter; the tagger stage tags the sentences it
/// finds). The tag models load when the first text needs them, so
/// start-up is not slowed.
pub struct TaggedTokenizeStage {
    plain: &'static SentenceModel,
    load: Loader,
    tagged: OnceLock<Result<TagModels, TagModelError>>,
}

impl TaggedTokenizeStage {
    /// The stage with `dyad-text`'s built-in model for prose and `load`
    /// for the tag models (called at most once; its error is reported by
    /// every document that needs them).
    pub fn new(load: Loader) -> TaggedTokenizeStage {
        TaggedTokenizeStage {
            plain: SentenceModel::builtin(),
            load,
            tagged: OnceLock::new(),
        }
    }

    /// The tag models, loading them if needed.
    pub fn tag_models(&self) -> Result<&TagModels, TagModelError> {
        self.tagged
            .get_or_init(self.load)
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl Stage for TaggedTokenizeStage {
    fn name(&self) -> &'static str {
        "tokenize"
    }

    fn needs(&self) -> LayerSet {
        LayerSet::EMPTY
    }

    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Sentences, Layer::Tokens])
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let (pieces, sentences) = segment_tagged(self.plain, || self.tag_models(), doc.text())
            .map_err(|e| StageError::new("tokenize", e.to_string()))?;
        doc.tokens = pieces.into_iter().map(|p| Token::new(p.span)).collect();
        doc.sentences = sentences;
        Ok(())
    }
}
