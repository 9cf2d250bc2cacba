//! Tokenizer and sentence splitter for English news.
//!
//! - [`tokenize`] / [`tokenize_pieces`]: lossless, linear-time tokenization
//!   into UD English syntactic words (clitics split: "don't" → "do" "n't",
//!   "Trump’s" → "Trump" "’s"; hyphenated compounds split except after
//!   prefixes such as "pre-" or "e-"; abbreviations, decimals, times, URLs,
//!   e-mail addresses, hashtags and handles kept whole).
//! - [`split_sentences`]: line breaks end sentences (and start paragraphs);
//!   a balanced curly quotation is never split; elsewhere an averaged
//!   perceptron trained on UD English EWT decides ([`train_sentence_model`]
//!   rebuilds it).
//! - [`TokenizeStage`]: the [`dyad_doc::Stage`] that fills a document's
//!   tokens and sentences.

#![warn(missing_docs)]

mod chars;
mod html;
mod lexicon;
mod sentence;
mod tokenize;
mod train;

use dyad_doc::{Doc, Layer, LayerSet, Sentence, Span, Stage, StageError, Token};

pub use chars::{is_newline, is_separator};
pub use html::{Masked, mask_html};
pub use sentence::{
    ModelError, Prepared, SentenceModel, SentenceRange, clause_class, reads_as_layout, soft_breaks,
    split_classed, split_gated, split_prepared, split_sentences, split_styled, split_with,
    tag_templates, uncertain_paragraphs,
};
pub use tokenize::{
    Piece, is_clitic, joins_previous, surface_groups, surface_tokens, tokenize, tokenize_pieces,
};
pub use train::{
    ClassesOf, RUNS, TrainError, genre_folds, order_seeds, train_sentence_model,
    train_sentence_model_classed, train_sentence_model_on, train_sentence_model_seeded,
};

/// Tokenize and split `text`: the words, and the sentences as
/// [`dyad_doc::Sentence`]s over them.
pub fn segment(text: &str) -> (Vec<Piece>, Vec<Sentence>) {
    segment_with(SentenceModel::builtin(), text)
}

/// [`segment`] with a given sentence model.
///
/// Besides tokenizing and splitting, this applies one rule that needs both:
/// an abbreviation that ends a sentence gives its period to the sentence
/// ("in the U.S." → "U.S" "."), as UD English does.
pub fn segment_with(model: &SentenceModel, text: &str) -> (Vec<Piece>, Vec<Sentence>) {
    segment_styled(model, text, None)
}

/// [`segment_with`], with the sentence model's weight set chosen by the
/// caller (see [`split_styled`]).
pub fn segment_styled(
    model: &SentenceModel,
    text: &str,
    layout: Option<bool>,
) -> (Vec<Piece>, Vec<Sentence>) {
    segment_pieces(model, text, tokenize_pieces(text), layout, None)
}

/// [`segment_styled`] over pieces already tokenized (`words`, as
/// [`tokenize_pieces`] gives them for `text`), with their part-of-speech
/// tags when the model was trained with them (see [`split_classed`]).
pub fn segment_pieces(
    model: &SentenceModel,
    text: &str,
    words: Vec<Piece>,
    layout: Option<bool>,
    classes: Option<&[dyad_doc::Upos]>,
) -> (Vec<Piece>, Vec<Sentence>) {
    let ranges = split_classed(model, text, &words, layout, classes);
    sentences_of(text, words, &ranges)
}

/// [`segment_pieces`] with the model (and the pieces' tags, when it reads
/// them) chosen by the caller once the text's weight set is known:
/// `choose(layout, &words)` is called once, after the first pass over the
/// paragraphs, which the split then reuses ([`Prepared`]). An error from
/// `choose` is returned as it is.
pub fn segment_choosing<'m, E>(
    text: &str,
    words: Vec<Piece>,
    choose: impl FnOnce(bool, &[Piece]) -> Result<(&'m SentenceModel, Option<Vec<dyad_doc::Upos>>), E>,
) -> Result<(Vec<Piece>, Vec<Sentence>), E> {
    let ranges = {
        let first = Prepared::new(text, &words);
        let (model, classes) = choose(first.layout(), &words)?;
        split_prepared(model, first, classes.as_deref())
    };
    Ok(sentences_of(text, words, &ranges))
}

/// Tokenize-and-split with a tag-reading model where it helps, tagging
/// as little as it can: a text read as layout ([`Prepared::layout`]) is
/// split wholly by the tag-reading model, with `tag` asked for the tags of
/// every piece; any other text by `plain`, except the paragraphs where
/// `plain` is unsure (a candidate scored within `margin` of its
/// threshold), which `tag` tags and the tag-reading model splits again
/// ([`split_gated`]). `tag(pieces, paragraphs)` returns the tag-reading model and
/// one tag per piece (only those of `paragraphs` and the pieces just after
/// them are read); it is not called for a prose text `plain` is sure of,
/// which is then split at the plain model's speed.
pub fn segment_gated<'m, E>(
    plain: &SentenceModel,
    text: &str,
    words: Vec<Piece>,
    margin: f32,
    tag: impl FnOnce(
        &[Piece],
        &[std::ops::Range<usize>],
    ) -> Result<(&'m SentenceModel, Vec<dyad_doc::Upos>), E>,
) -> Result<(Vec<Piece>, Vec<Sentence>), E> {
    let ranges = {
        let first = Prepared::new(text, &words);
        if first.layout() {
            let (model, classes) = tag(&words, std::slice::from_ref(&(0..words.len())))?;
            split_prepared(model, first, Some(&classes))
        } else {
            split_gated(plain, first, margin, tag)?
        }
    };
    Ok(sentences_of(text, words, &ranges))
}

/// The sentences of `ranges` over `words`, after an abbreviation that
/// ends a sentence gives it its period.
fn sentences_of(
    text: &str,
    mut words: Vec<Piece>,
    ranges: &[SentenceRange],
) -> (Vec<Piece>, Vec<Sentence>) {
    // Sentences whose last word is an abbreviation with its period.
    let gives_period = |r: &SentenceRange| {
        let last = words[r.tokens.end - 1];
        let t = last.span.slice(text);
        t.len() > 1 && t.ends_with('.') && !t.ends_with("..") && !last.joined
    };
    let splits: Vec<bool> = ranges.iter().map(gives_period).collect();
    let extra = splits.iter().filter(|&&s| s).count();
    // Insert the periods in place, moving words towards the end from the
    // back, so no second copy of the words is made.
    let n = words.len();
    words.resize(
        n + extra,
        Piece {
            span: Span::default(),
            joined: false,
        },
    );
    let mut write = n + extra;
    for (r, &split) in ranges.iter().zip(&splits).rev() {
        let mut end = r.tokens.end;
        if split {
            let last = words[end - 1];
            let cut = last.span.end() - 1;
            write -= 1;
            words[write] = Piece {
                span: Span::from_trusted(cut, last.span.end()),
                joined: false,
            };
            write -= 1;
            words[write] = Piece {
                span: Span::from_trusted(last.span.start(), cut),
                joined: last.joined,
            };
            end -= 1;
        }
        for i in (r.tokens.start..end).rev() {
            write -= 1;
            words[write] = words[i];
        }
    }
    let mut sentences = Vec::with_capacity(ranges.len());
    let mut shift = 0;
    for (r, &split) in ranges.iter().zip(&splits) {
        let token_start = r.tokens.start + shift;
        shift += usize::from(split);
        let token_end = r.tokens.end + shift;
        sentences.push(Sentence {
            span: Span::from_trusted(
                words[token_start].span.start(),
                words[token_end - 1].span.end(),
            ),
            token_start,
            token_end,
            new_paragraph: r.new_paragraph,
        });
    }
    (words, sentences)
}

/// The tokenize-and-split stage: needs nothing, adds
/// [`Layer::Sentences`] and [`Layer::Tokens`].
#[derive(Debug, Clone, Copy)]
pub struct TokenizeStage {
    model: &'static SentenceModel,
}

impl Default for TokenizeStage {
    fn default() -> Self {
        TokenizeStage::new()
    }
}

impl TokenizeStage {
    /// The stage with the built-in sentence model.
    pub fn new() -> TokenizeStage {
        TokenizeStage {
            model: SentenceModel::builtin(),
        }
    }

    /// The stage with another sentence model (it must live for the whole
    /// program, for example a leaked `Box`).
    pub fn with_model(model: &'static SentenceModel) -> TokenizeStage {
        TokenizeStage { model }
    }
}

impl Stage for TokenizeStage {
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
        let (pieces, sentences) = segment_with(self.model, doc.text());
        doc.tokens = pieces.into_iter().map(|p| Token::new(p.span)).collect();
        doc.sentences = sentences;
        Ok(())
    }
}
