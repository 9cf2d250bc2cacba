//! Tokenizing and sentence splitting with part-of-speech tags: the
//! standard pipeline's first stage.
//!
//! `dyad-text`'s splitter can read the tags of the pieces around a
//! candidate boundary (`dyad_text::tag_templates`), which tells it where
//! an unpunctuated clause starts ("…arrest you‖ its illegal"). It cannot
//! tag by itself (`dyad-text` does not depend on the tagger), so this stage
//! joins the two: tokenize, tag each paragraph's pieces with the tagger
//! when the sentence model reads tags for this text's weight set, then
//! split; other texts (news, read as edited prose) are split by
//! `dyad-text`'s built-in model as before. The model is trained by `dyad train splitter-tags` on tags from
//! taggers that never saw the text (see `crates/dyad-text/model/README.md`).

use dyad_doc::{Doc, Layer, LayerSet, Stage, StageError, Token, Upos};
use dyad_tagger::{Scratch, Tagger};
use dyad_text::{Piece, SentenceModel, tag_templates};

/// The longest run of pieces tagged as one sequence: a paragraph longer
/// than this (a 100 MB line) is tagged in runs of this many pieces, so
/// memory stays bounded. EWT paragraphs are far shorter.
pub const MAX_RUN: usize = 1000;

/// The universal POS tags of `pieces` (as [`dyad_text::tokenize_pieces`]
/// gives them for `text`): each paragraph, a run of pieces with no line
/// break between them, is tagged as one sequence (at most [`MAX_RUN`]
/// pieces), as the splitter's training saw them.
pub fn tag_paragraphs(tagger: &Tagger, text: &str, pieces: &[Piece]) -> Vec<Upos> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut scratch = Scratch::default();
    let mut words: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    let mut p = 0;
    while p < pieces.len() {
        let mut e = p + 1;
        while e < pieces.len()
            && e - p < MAX_RUN
            && !text[pieces[e - 1].span.end()..pieces[e].span.start()]
                .chars()
                .any(dyad_text::is_newline)
        {
            e += 1;
        }
        words.clear();
        words.extend(pieces[p..e].iter().map(|w| w.span.slice(text)));
        tagger.upos_into(&words, &mut scratch, &mut tags);
        out.extend_from_slice(&tags);
        p = e;
    }
    out
}

/// Whether `model` reads tags for a text read with the layout weights
/// (`layout`) or the prose weights.
pub fn reads_tags(model: &SentenceModel, layout: bool) -> bool {
    model.tag_templates != 0 && (layout || model.tag_templates & tag_templates::PROSE != 0)
}

/// Tokenize and split `text`: with `tagged`, after tagging the pieces
/// with `tagger`, when that model reads tags for this text's weight set
/// (see [`reads_tags`]; for the shipped model, texts read as layout:
/// e-mail, lists, unpunctuated posts); otherwise with `plain`, exactly as
/// [`dyad_text::segment_with`] does (news read as prose).
pub fn segment_tagged(
    plain: &SentenceModel,
    tagged: &SentenceModel,
    tagger: &Tagger,
    text: &str,
) -> (Vec<Piece>, Vec<dyad_doc::Sentence>) {
    let pieces = dyad_text::tokenize_pieces(text);
    if tagged.tag_templates == 0 {
        return dyad_text::segment_pieces(plain, text, pieces, None, None);
    }
    let layout = dyad_text::reads_as_layout(text, &pieces);
    if reads_tags(tagged, layout) {
        let tags = tag_paragraphs(tagger, text, &pieces);
        dyad_text::segment_pieces(tagged, text, pieces, Some(layout), Some(&tags))
    } else {
        dyad_text::segment_pieces(plain, text, pieces, Some(layout), None)
    }
}

/// The tokenize-and-split stage with a tag-reading sentence model: needs
/// nothing, adds [`Layer::Sentences`] and [`Layer::Tokens`] (the tags it
/// computes are only read by the splitter; the tagger stage tags the
/// sentences it finds).
pub struct TaggedTokenizeStage {
    plain: &'static SentenceModel,
    model: SentenceModel,
    tagger: Tagger,
}

impl TaggedTokenizeStage {
    /// The stage with a tag-reading sentence model and the tagger whose
    /// tags it reads; texts the model reads without tags are split by
    /// `dyad-text`'s built-in model (see [`segment_tagged`]).
    pub fn new(model: SentenceModel, tagger: Tagger) -> TaggedTokenizeStage {
        TaggedTokenizeStage {
            plain: SentenceModel::builtin(),
            model,
            tagger,
        }
    }

    /// The tag-reading sentence model.
    pub fn model(&self) -> &SentenceModel {
        &self.model
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
        let (pieces, sentences) = segment_tagged(self.plain, &self.model, &self.tagger, doc.text());
        doc.tokens = pieces.into_iter().map(|p| Token::new(p.span)).collect();
        doc.sentences = sentences;
        Ok(())
    }
}
