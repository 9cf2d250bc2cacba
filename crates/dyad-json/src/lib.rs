//! The `dyad/1` output schema.
//!
//! [`to_output`] turns a processed [`Doc`] into an [`Output`]: plain
//! serialisable records whose spans are **character** offsets (Unicode scalar
//! values, end-exclusive) into the input text exactly as given. This is the
//! only place where byte spans become character offsets. The schema is
//! documented in `docs/schema.md` and `docs/dyad-1.schema.json`; tests check
//! the output against that file.

#![warn(missing_docs)]

use dyad_doc::{CharOffsets, DateSource, Doc, Layer, Span};
use serde::Serialize;

/// The schema identifier written in every output record.
pub const SCHEMA: &str = "dyad/1";

/// The JSON Schema of `dyad/1`, as shipped in `docs/`.
pub const JSON_SCHEMA: &str = include_str!("../../../docs/dyad-1.schema.json");

/// Which optional layers to include.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputOptions {
    /// Include `tokens`.
    pub tokens: bool,
}

/// A character span with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The covered text.
    pub text: String,
}

/// One document in `dyad/1`.
#[derive(Debug, Clone, Serialize)]
pub struct Output {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Document id.
    pub id: String,
    /// Publication date (`YYYY-MM-DD`) or null when unknown.
    pub date: Option<String>,
    /// Headline, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// URL, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publisher, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Length of the text in characters.
    pub length: usize,
    /// Layers that were computed (`sentences`, `tokens`, `tags`…).
    pub layers: Vec<&'static str>,
    /// Sentences.
    pub sentences: Vec<OutSentence>,
    /// Tokens (only with `--layers tokens`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<OutToken>>,
    /// Named entities.
    pub entities: Vec<OutEntity>,
    /// Actors.
    pub actors: Vec<OutActor>,
    /// Temporal expressions.
    pub timexes: Vec<OutTimex>,
    /// Places.
    pub places: Vec<OutPlace>,
    /// Attributions.
    pub quotes: Vec<OutQuote>,
    /// Events.
    pub events: Vec<OutEvent>,
    /// Notes from the stages.
    pub notes: Vec<OutNote>,
}

/// A sentence.
#[derive(Debug, Clone, Serialize)]
pub struct OutSentence {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Index of its first token in `tokens`.
    pub token_start: usize,
    /// One past its last token.
    pub token_end: usize,
    /// Whether it opens a paragraph.
    pub new_paragraph: bool,
}

/// A token.
#[derive(Debug, Clone, Serialize)]
pub struct OutToken {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The token text.
    pub text: String,
    /// Universal POS tag.
    pub upos: Option<&'static str>,
    /// Penn Treebank tag.
    pub xpos: Option<String>,
    /// Lemma.
    pub lemma: Option<String>,
    /// Index of the head token, null for a root or when unparsed.
    pub head: Option<usize>,
    /// Dependency relation.
    pub deprel: Option<String>,
}

/// A named entity.
#[derive(Debug, Clone, Serialize)]
pub struct OutEntity {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The text.
    pub text: String,
    /// PERSON, ORG, GPE, LOC, NORP, FAC or EVENT.
    pub label: &'static str,
}

/// An actor.
#[derive(Debug, Clone, Serialize)]
pub struct OutActor {
    /// `a0`, `a1`…
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO alpha-3 country code.
    pub country: Option<String>,
    /// Sector code.
    pub sector: Option<String>,
    /// Role on the document date.
    pub role: Option<String>,
    /// Knowledge-base id.
    pub kb_id: Option<String>,
    /// Mentions.
    pub mentions: Vec<TextSpan>,
}

/// A temporal expression.
#[derive(Debug, Clone, Serialize)]
pub struct OutTimex {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The text.
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// TIMEX3 value, or null.
    pub value: Option<String>,
    /// What the value is anchored to.
    pub anchor: Option<String>,
    /// Why the value is null, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A place.
#[derive(Debug, Clone, Serialize)]
pub struct OutPlace {
    /// `p0`, `p1`…
    pub id: String,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The text.
    pub text: String,
    /// Gazetteer name.
    pub name: String,
    /// GeoNames id.
    pub geonames_id: Option<u64>,
    /// Feature class.
    pub feature: String,
    /// ISO alpha-2 country code.
    pub country: Option<String>,
    /// First-level division.
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Confidence, 0..=1.
    pub confidence: f32,
}

/// An attribution.
#[derive(Debug, Clone, Serialize)]
pub struct OutQuote {
    /// direct, indirect or mixed.
    pub kind: &'static str,
    /// Content fragments.
    pub content: Vec<TextSpan>,
    /// Cue fragments.
    pub cue: Vec<TextSpan>,
    /// Source fragments.
    pub source: Vec<TextSpan>,
    /// Speaker actor id.
    pub speaker: Option<String>,
    /// Sentence index.
    pub sentence: usize,
}

/// PLOVER coding.
#[derive(Debug, Clone, Serialize)]
pub struct OutPlover {
    /// Event type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mode.
    pub mode: Option<String>,
    /// Contexts.
    pub context: Vec<String>,
}

/// An event's date.
#[derive(Debug, Clone, Serialize)]
pub struct OutDate {
    /// TIMEX3 value.
    pub value: Option<String>,
    /// "timex" or "document".
    pub from: &'static str,
    /// Index of the timex, when from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timex: Option<usize>,
}

/// An event.
#[derive(Debug, Clone, Serialize)]
pub struct OutEvent {
    /// `e0`, `e1`…
    pub id: String,
    /// Sentence index.
    pub sentence: usize,
    /// Trigger span.
    pub trigger: TextSpan,
    /// Source actor ids.
    pub source: Vec<String>,
    /// Target actor ids.
    pub target: Vec<String>,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root (first two digits).
    pub cameo_root: String,
    /// QuadClass.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// PLOVER coding.
    pub plover: OutPlover,
    /// Factuality.
    pub factuality: &'static str,
    /// Date.
    pub date: OutDate,
    /// Place id.
    pub place: Option<String>,
    /// Reporter actor id.
    pub reporter: Option<String>,
    /// Evidence span.
    pub evidence: TextSpan,
}

/// A stage's note.
#[derive(Debug, Clone, Serialize)]
pub struct OutNote {
    /// Stage name.
    pub stage: &'static str,
    /// What happened.
    pub message: String,
    /// First character, when the note has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// One past the last character, when the note has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

struct Conv<'a> {
    doc: &'a Doc,
    off: CharOffsets<'a>,
}

impl Conv<'_> {
    fn c(&self, byte: usize) -> usize {
        self.off.char_offset(byte)
    }
    fn span(&self, s: Span) -> TextSpan {
        TextSpan {
            start: self.c(s.start()),
            end: self.c(s.end()),
            text: self.doc.slice(s).to_string(),
        }
    }
}

fn actor_id(i: usize) -> String {
    format!("a{i}")
}

impl Conv<'_> {
    fn token(&self, t: &dyad_doc::Token) -> OutToken {
        OutToken {
            start: self.c(t.span.start()),
            end: self.c(t.span.end()),
            text: self.doc.slice(t.span).to_string(),
            upos: t.upos.map(|u| u.as_str()),
            xpos: t.xpos.clone(),
            lemma: t.lemma.clone(),
            head: t.head,
            deprel: t.deprel.clone(),
        }
    }

    fn sentence(&self, s: &dyad_doc::Sentence) -> OutSentence {
        OutSentence {
            start: self.c(s.span.start()),
            end: self.c(s.span.end()),
            token_start: s.token_start,
            token_end: s.token_end,
            new_paragraph: s.new_paragraph,
        }
    }

    fn entity(&self, e: &dyad_doc::Entity) -> OutEntity {
        let s = self.span(e.span);
        OutEntity {
            start: s.start,
            end: s.end,
            text: s.text,
            label: e.label.as_str(),
        }
    }

    fn actor(&self, i: usize, a: &dyad_doc::Actor) -> OutActor {
        OutActor {
            id: actor_id(i),
            name: a.name.clone(),
            country: a.country.clone(),
            sector: a.sector.clone(),
            role: a.role.clone(),
            kb_id: a.kb_id.clone(),
            mentions: a.mentions.iter().map(|m| self.span(*m)).collect(),
        }
    }

    fn timex(&self, t: &dyad_doc::Timex) -> OutTimex {
        let s = self.span(t.span);
        OutTimex {
            start: s.start,
            end: s.end,
            text: s.text,
            kind: t.kind.as_str(),
            value: t.value.clone(),
            anchor: t.anchor.clone(),
            reason: t.reason.clone(),
        }
    }

    fn place(&self, i: usize, p: &dyad_doc::Place) -> OutPlace {
        let s = self.span(p.span);
        OutPlace {
            id: format!("p{i}"),
            start: s.start,
            end: s.end,
            text: s.text,
            name: p.name.clone(),
            geonames_id: p.geonames_id,
            feature: p.feature.clone(),
            country: p.country.clone(),
            admin1: p.admin1.clone(),
            lat: p.lat,
            lon: p.lon,
            confidence: p.confidence,
        }
    }

    fn quote(&self, q: &dyad_doc::Quote) -> OutQuote {
        OutQuote {
            kind: q.kind.as_str(),
            content: q.content.iter().map(|s| self.span(*s)).collect(),
            cue: q.cue.iter().map(|s| self.span(*s)).collect(),
            source: q.source.iter().map(|s| self.span(*s)).collect(),
            speaker: q.speaker.map(actor_id),
            sentence: q.sentence,
        }
    }

    fn event(&self, i: usize, e: &dyad_doc::Event) -> OutEvent {
        OutEvent {
            id: format!("e{i}"),
            sentence: e.sentence,
            trigger: self.span(e.trigger),
            source: e.source.iter().copied().map(actor_id).collect(),
            target: e.target.iter().copied().map(actor_id).collect(),
            cameo: e.cameo.clone(),
            cameo_root: e.cameo.chars().take(2).collect(),
            quad_class: e.quad_class,
            goldstein: e.goldstein,
            plover: OutPlover {
                kind: e.plover.kind.clone(),
                mode: e.plover.mode.clone(),
                context: e.plover.context.clone(),
            },
            factuality: e.factuality.as_str(),
            date: match e.date_source {
                DateSource::Timex(t) => OutDate {
                    value: e.date.clone(),
                    from: "timex",
                    timex: Some(t),
                },
                DateSource::Document => OutDate {
                    value: e.date.clone(),
                    from: "document",
                    timex: None,
                },
            },
            place: e.place.map(|p| format!("p{p}")),
            reporter: e.reporter.map(actor_id),
            evidence: self.span(e.evidence),
        }
    }

    fn note(&self, n: &dyad_doc::Note) -> OutNote {
        OutNote {
            stage: n.stage,
            message: n.message.clone(),
            start: n.span.map(|s| self.c(s.start())),
            end: n.span.map(|s| self.c(s.end())),
        }
    }
}

/// Convert a processed document to `dyad/1`.
pub fn to_output(doc: &Doc, opts: OutputOptions) -> Output {
    let cv = Conv {
        doc,
        off: CharOffsets::new(doc.text()),
    };
    Output {
        schema: SCHEMA,
        id: doc.meta.id.clone(),
        date: doc.meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
        title: doc.meta.title.clone(),
        url: doc.meta.url.clone(),
        source: doc.meta.source.clone(),
        length: cv.c(doc.text().len()),
        layers: doc.layers().iter().map(Layer::name).collect(),
        sentences: doc.sentences.iter().map(|s| cv.sentence(s)).collect(),
        tokens: opts
            .tokens
            .then(|| doc.tokens.iter().map(|t| cv.token(t)).collect()),
        entities: doc.entities.iter().map(|e| cv.entity(e)).collect(),
        actors: doc
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| cv.actor(i, a))
            .collect(),
        timexes: doc.timexes.iter().map(|t| cv.timex(t)).collect(),
        places: doc
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| cv.place(i, p))
            .collect(),
        quotes: doc.quotes.iter().map(|q| cv.quote(q)).collect(),
        events: doc
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| cv.event(i, e))
            .collect(),
        notes: doc.notes.iter().map(|n| cv.note(n)).collect(),
    }
}

/// A document serialised layer by layer, one record at a time, so that no
/// copy of the whole output is held in memory. Field order and content are
/// those of [`Output`] (a test checks the two agree byte for byte).
struct Streamed<'a> {
    cv: Conv<'a>,
    opts: OutputOptions,
}

/// Serialise the records of an iterator as a JSON array, one at a time.
struct Seq<F>(std::cell::Cell<Option<F>>);

impl<I, F> Serialize for Seq<F>
where
    F: FnOnce() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(make) => s.collect_seq(make()),
            None => Err(serde::ser::Error::custom("sequence serialised twice")),
        }
    }
}

fn seq<I, F: FnOnce() -> I>(f: F) -> Seq<F> {
    Seq(std::cell::Cell::new(Some(f)))
}

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let cv = &self.cv;
        let doc = cv.doc;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema", SCHEMA)?;
        m.serialize_entry("id", &doc.meta.id)?;
        m.serialize_entry(
            "date",
            &doc.meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
        )?;
        for (key, value) in [
            ("title", &doc.meta.title),
            ("url", &doc.meta.url),
            ("source", &doc.meta.source),
        ] {
            if let Some(v) = value {
                m.serialize_entry(key, v)?;
            }
        }
        m.serialize_entry("length", &cv.c(doc.text().len()))?;
        let layers: Vec<&str> = doc.layers().iter().map(Layer::name).collect();
        m.serialize_entry("layers", &layers)?;
        m.serialize_entry(
            "sentences",
            &seq(|| doc.sentences.iter().map(|x| cv.sentence(x))),
        )?;
        if self.opts.tokens {
            m.serialize_entry("tokens", &seq(|| doc.tokens.iter().map(|x| cv.token(x))))?;
        }
        m.serialize_entry(
            "entities",
            &seq(|| doc.entities.iter().map(|x| cv.entity(x))),
        )?;
        m.serialize_entry(
            "actors",
            &seq(|| doc.actors.iter().enumerate().map(|(i, x)| cv.actor(i, x))),
        )?;
        m.serialize_entry("timexes", &seq(|| doc.timexes.iter().map(|x| cv.timex(x))))?;
        m.serialize_entry(
            "places",
            &seq(|| doc.places.iter().enumerate().map(|(i, x)| cv.place(i, x))),
        )?;
        m.serialize_entry("quotes", &seq(|| doc.quotes.iter().map(|x| cv.quote(x))))?;
        m.serialize_entry(
            "events",
            &seq(|| doc.events.iter().enumerate().map(|(i, x)| cv.event(i, x))),
        )?;
        m.serialize_entry("notes", &seq(|| doc.notes.iter().map(|x| cv.note(x))))?;
        m.end()
    }
}

/// Serialise `doc` as one line of compact JSON.
pub fn to_json_line(doc: &Doc, opts: OutputOptions) -> String {
    serde_json::to_string(&to_output(doc, opts)).expect("dyad/1 records always serialise")
}

/// Stream `doc` as `dyad/1` JSON to `out` (pretty-printed or on one line),
/// without building the whole text in memory first. No newline is added.
pub fn write_json(
    out: impl std::io::Write,
    doc: &Doc,
    opts: OutputOptions,
    pretty: bool,
) -> std::io::Result<()> {
    let record = Streamed {
        cv: Conv {
            doc,
            off: CharOffsets::new(doc.text()),
        },
        opts,
    };
    let res = if pretty {
        serde_json::to_writer_pretty(out, &record)
    } else {
        serde_json::to_writer(out, &record)
    };
    res.map_err(std::io::Error::other)
}

/// Serialise `doc` as pretty-printed JSON.
pub fn to_json_pretty(doc: &Doc, opts: OutputOptions) -> String {
    serde_json::to_string_pretty(&to_output(doc, opts)).expect("dyad/1 records always serialise")
}
