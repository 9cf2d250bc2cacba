//! Tokenizing and sentence splitting with part-of-speech tags: the
//! standard pipeline's first stage.
//!
//! `dyad-text`'s splitter can read the tags of the pieces around a
//! candidate boundary (`dyad_text::tag_templates`), which tells it where
//! an unpunctuated clause starts ("…arrest you‖ its illegal"). It cannot
//! tag by itself (`dyad-text` does not depend on the tagger), so this stage
//! joins the two: tokenize, and for a text read as layout tag each
//! paragraph's pieces with the tagger, then split with the tag-reading
//! model; other texts (news, read as edited prose) are split by
//! `dyad-text`'s built-in model as before. The model is trained by `dyad train splitter-tags` on tags from
//! taggers that never saw the text (see `crates/dyad-text/model/README.md`).

use dyad_doc::{Doc, Layer, LayerSet, Stage, StageError, Token, Upos};
use dyad_tagger::{Scratch, Tagger};
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

/// The universal POS tags of `pieces`, one [`paragraph_runs`] run at a
/// time, as the splitter's training saw them.
pub fn tag_paragraphs(tagger: &Tagger, text: &str, pieces: &[Piece]) -> Vec<Upos> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut scratch = Scratch::default();
    let mut words: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    for run in paragraph_runs(text, pieces) {
        words.clear();
        words.extend(pieces[run].iter().map(|w| w.span.slice(text)));
        tagger.upos_into(&words, &mut scratch, &mut tags);
        out.extend_from_slice(&tags);
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

/// Tokenize and split `text`. A text read as layout (e-mail, lists,
/// unpunctuated posts; [`dyad_text::reads_as_layout`]) is tagged
/// paragraph by paragraph and split by the tag-reading model (its layout
/// weights); any other text (news, read as edited prose) by `plain`,
/// exactly as [`dyad_text::segment_with`] splits it. `tagged` is asked for
/// the models only when a text reads as layout, so they load on first use.
pub fn segment_tagged<'m, E>(
    plain: &'m SentenceModel,
    tagged: impl FnOnce() -> Result<&'m TagModels, E>,
    text: &str,
) -> Result<(Vec<Piece>, Vec<dyad_doc::Sentence>), E> {
    let pieces = dyad_text::tokenize_pieces(text);
    dyad_text::segment_choosing(text, pieces, |layout, pieces| {
        if !layout {
            return Ok((plain, None));
        }
        let m = tagged()?;
        Ok((&m.splitter, Some(tag_paragraphs(&m.tagger, text, pieces))))
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
/// texts read as layout (see [`segment_tagged`]): needs nothing, adds
/// [`Layer::Sentences`] and [`Layer::Tokens`] (the tags it computes are
/// only read by the splitter; the tagger stage tags the sentences it
/// finds). The tag models load when the first layout text comes, so
/// start-up and news are not slowed.
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
