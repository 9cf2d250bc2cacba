//! The document and its annotation layers.

use chrono::NaiveDate;

use crate::layer::{Layer, LayerSet};
use crate::span::Span;

/// Metadata given with a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Caller-chosen identifier, echoed in the output.
    pub id: String,
    /// Publication date: the anchor for relative dates and dated roles.
    /// `None` when unknown; stages that need it say so in their output.
    pub date: Option<NaiveDate>,
    /// Headline, if known.
    pub title: Option<String>,
    /// Where the text came from.
    pub url: Option<String>,
    /// Publisher or feed name.
    pub source: Option<String>,
}

/// A sentence: its byte span and the half-open range of its tokens in
/// [`Doc::tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Bytes covered, from the first token's start to the last token's end.
    pub span: Span,
    /// Index of the first token.
    pub token_start: usize,
    /// One past the index of the last token.
    pub token_end: usize,
    /// Whether the sentence starts a new paragraph.
    pub new_paragraph: bool,
}

impl Sentence {
    /// Token indices of the sentence.
    pub fn tokens(&self) -> std::ops::Range<usize> {
        self.token_start..self.token_end
    }
}

/// Universal POS tags (UD v2).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    /// All tags, in a fixed order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The UD spelling ("NOUN", "PROPN"…).
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parse the UD spelling.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }
}

/// One token: a span of the text plus what later stages know of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Token {
    /// Bytes covered. Tokens never overlap and are in text order.
    pub span: Span,
    /// Universal POS tag.
    pub upos: Option<Upos>,
    /// Penn Treebank tag.
    pub xpos: Option<String>,
    /// Lemma.
    pub lemma: Option<String>,
    /// Index of the head token in [`Doc::tokens`]; `None` for the root of a
    /// sentence or when unparsed (see `deprel`).
    pub head: Option<usize>,
    /// UD relation to the head ("root" for the sentence root).
    pub deprel: Option<String>,
}

impl Token {
    /// A bare token covering `span`.
    pub fn new(span: Span) -> Token {
        Token {
            span,
            ..Token::default()
        }
    }
}

/// Entity types.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityLabel {
    Person,
    Org,
    Gpe,
    Loc,
    Norp,
    Fac,
    Event,
}

impl EntityLabel {
    /// All labels.
    pub const ALL: [EntityLabel; 7] = [
        EntityLabel::Person,
        EntityLabel::Org,
        EntityLabel::Gpe,
        EntityLabel::Loc,
        EntityLabel::Norp,
        EntityLabel::Fac,
        EntityLabel::Event,
    ];

    /// The output spelling ("PERSON", "ORG"…).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Person => "PERSON",
            EntityLabel::Org => "ORG",
            EntityLabel::Gpe => "GPE",
            EntityLabel::Loc => "LOC",
            EntityLabel::Norp => "NORP",
            EntityLabel::Fac => "FAC",
            EntityLabel::Event => "EVENT",
        }
    }

    /// Parse the output spelling.
    pub fn parse(s: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.iter().copied().find(|l| l.as_str() == s)
    }
}

/// A named entity mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Bytes covered.
    pub span: Span,
    /// Its type.
    pub label: EntityLabel,
}

/// A resolved actor: a person, organisation, country or group, with its
/// mentions in the text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Actor {
    /// Display name ("Donald Trump", "Russia").
    pub name: String,
    /// ISO 3166 alpha-3 country code (CAMEO style), if known.
    pub country: Option<String>,
    /// CAMEO-style sector code ("GOV", "MIL", "REB"…), if known.
    pub sector: Option<String>,
    /// Role held on the document's date ("head of state"…), if known.
    pub role: Option<String>,
    /// Knowledge-base identifier, if the actor is in the KB.
    pub kb_id: Option<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Span>,
}

/// TIMEX3 types.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    /// The TimeML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// A temporal expression with its normalised value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// Bytes covered.
    pub span: Span,
    /// TIMEX3 type.
    pub kind: TimexType,
    /// TIMEX3 value ("2025-02-12", "P3Y"…); `None` when it cannot be known
    /// (see `reason`).
    pub value: Option<String>,
    /// What the value was computed from ("document", "timex:3", "absolute"…).
    pub anchor: Option<String>,
    /// Why `value` is missing, when it is.
    pub reason: Option<String>,
}

/// A geocoded toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Bytes covered.
    pub span: Span,
    /// Gazetteer name.
    pub name: String,
    /// GeoNames identifier, when the entry has one.
    pub geonames_id: Option<u64>,
    /// Feature class ("country", "ADM1", "city", "region"…).
    pub feature: String,
    /// ISO 3166 alpha-2 country code.
    pub country: Option<String>,
    /// First-level administrative division name or code.
    pub admin1: Option<String>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// How sure the resolver is, 0..=1.
    pub confidence: f32,
}

/// How a statement is reported.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    Direct,
    Indirect,
    Mixed,
}

impl QuoteKind {
    /// The output spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// An attribution: who said (wrote, believed…) what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// What was said; several fragments when the cue splits it.
    pub content: Vec<Span>,
    /// The cue ("said", "according to").
    pub cue: Vec<Span>,
    /// The source as written ("he", "Kremlin spokesperson Dmitry Peskov").
    pub source: Vec<Span>,
    /// Index of the speaker in [`Doc::actors`], if resolved.
    pub speaker: Option<usize>,
    /// Index of the sentence holding the cue (or the content's first).
    pub sentence: usize,
}

/// Factuality of an event mention.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Factuality {
    Asserted,
    Planned,
    Hypothetical,
    Negated,
    Reported,
}

impl Factuality {
    /// The output spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Factuality::Asserted => "asserted",
            Factuality::Planned => "planned",
            Factuality::Hypothetical => "hypothetical",
            Factuality::Negated => "negated",
            Factuality::Reported => "reported",
        }
    }
}

/// Where an event's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// A temporal expression in the text (index into [`Doc::timexes`]).
    Timex(usize),
    /// The document's publication date.
    Document,
}

/// PLOVER coding of an event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plover {
    /// Event type ("CONSULT", "REQUEST"…).
    pub kind: String,
    /// Mode, if any.
    pub mode: Option<String>,
    /// Contexts.
    pub context: Vec<String>,
}

/// A coded event mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Sentence index.
    pub sentence: usize,
    /// The predicate word(s).
    pub trigger: Span,
    /// Source actors (indices into [`Doc::actors`]).
    pub source: Vec<usize>,
    /// Target actors (indices into [`Doc::actors`]).
    pub target: Vec<usize>,
    /// CAMEO code ("041").
    pub cameo: String,
    /// QuadClass 1..=4.
    pub quad_class: u8,
    /// Goldstein scale value.
    pub goldstein: f32,
    /// PLOVER coding.
    pub plover: Plover,
    /// Factuality.
    pub factuality: Factuality,
    /// The date it happened (TIMEX3 value), if known.
    pub date: Option<String>,
    /// Where `date` came from.
    pub date_source: DateSource,
    /// Place (index into [`Doc::places`]).
    pub place: Option<usize>,
    /// Speaker of the enclosing attribution (index into [`Doc::actors`]).
    pub reporter: Option<usize>,
    /// The text that supports the coding.
    pub evidence: Span,
}

/// A note a stage leaves about the document (a cap that was applied, a value
/// that could not be computed, lossy decoding…). Notes are part of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The stage or component that wrote it.
    pub stage: &'static str,
    /// Where it applies, if somewhere specific.
    pub span: Option<Span>,
    /// What happened.
    pub message: String,
}

/// A document: the original text, its metadata and its annotation layers.
///
/// The text is owned and never changed; every layer refers to it by byte
/// [`Span`]s. Layers are public vectors so stages can fill them; the
/// [`crate::Pipeline`] tracks which layers are present.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    text: String,
    /// Metadata.
    pub meta: Meta,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Named entities in text order.
    pub entities: Vec<Entity>,
    /// Resolved actors.
    pub actors: Vec<Actor>,
    /// Temporal expressions in text order.
    pub timexes: Vec<Timex>,
    /// Geocoded places in text order.
    pub places: Vec<Place>,
    /// Attributions.
    pub quotes: Vec<Quote>,
    /// Coded events.
    pub events: Vec<Event>,
    /// Notes left by stages.
    pub notes: Vec<Note>,
    present: LayerSet,
}

impl Doc {
    /// A document holding `text` exactly as given.
    pub fn new(text: impl Into<String>, meta: Meta) -> Doc {
        Doc {
            text: text.into(),
            meta,
            ..Doc::default()
        }
    }

    /// The original text.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text covered by `span`.
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// Check `start..end` against the text.
    pub fn span(&self, start: usize, end: usize) -> Result<Span, crate::SpanError> {
        Span::new(&self.text, start, end)
    }

    /// The text of token `i`.
    #[inline]
    pub fn token_text(&self, i: usize) -> &str {
        self.tokens[i].span.slice(&self.text)
    }

    /// Index of the sentence holding token `i`, by binary search.
    pub fn sentence_of_token(&self, i: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.token_end <= i);
        (idx < self.sentences.len() && self.sentences[idx].tokens().contains(&i)).then_some(idx)
    }

    /// Layers filled so far.
    pub fn layers(&self) -> LayerSet {
        self.present
    }

    /// Whether `layer` has been filled.
    pub fn has(&self, layer: Layer) -> bool {
        self.present.contains(layer)
    }

    /// Mark layers as filled (the pipeline does this after each stage).
    pub fn mark(&mut self, layers: LayerSet) {
        self.present = self.present.union(layers);
    }

    /// Leave a note.
    pub fn note(&mut self, stage: &'static str, span: Option<Span>, message: impl Into<String>) {
        self.notes.push(Note {
            stage,
            span,
            message: message.into(),
        });
    }
}
