//! The quote stage and the table printer.

use std::sync::Arc;

use dyad_doc::{Doc, Layer, LayerSet, Quote, Stage, StageError};

use crate::extract::{Analysis, Compiled, Models, extract, extract_analysed};
use crate::tagger::ModelError;

/// The model trained by `examples/train.rs` (see `models/quotes.md`); a
/// function never inlined, not a `static`, so that the bytes are not copied
/// into this crate's metadata as well.
#[inline(never)]
fn embedded() -> &'static [u8] {
    include_bytes!("../../../models/quotes.bin")
}

/// Fills [`Doc::quotes`]: quote-mark pairing plus a learned source / cue /
/// content tagger, assembled into attributions. Needs no earlier layer (it
/// keeps its own tokens) but reads the pipeline's dependency parse when the
/// document has one (the model is trained with it); when sentences are
/// present, `Quote::sentence` indexes them, else the stage's own sentences.
/// When entities are present, physical attacks on places read as verbal
/// ones are dropped ([`crate::physical`]).
#[derive(Debug, Clone)]
pub struct QuoteStage {
    models: Arc<Compiled>,
}

impl QuoteStage {
    /// The stage with the embedded model.
    pub fn new() -> Result<QuoteStage, ModelError> {
        QuoteStage::from_bytes(embedded())
    }

    /// The stage with a model read from bytes written by the trainer.
    pub fn from_bytes(bytes: &[u8]) -> Result<QuoteStage, ModelError> {
        Ok(QuoteStage {
            models: Arc::new(Compiled::new(Models::from_bytes(bytes)?)),
        })
    }

    /// The stage with given models.
    pub fn with_models(models: Models) -> QuoteStage {
        QuoteStage {
            models: Arc::new(Compiled::new(models)),
        }
    }

    /// The stage with compiled models (as [`QuoteStage::compiled`] gives
    /// them, possibly changed).
    pub fn with_compiled(models: Compiled) -> QuoteStage {
        QuoteStage {
            models: Arc::new(models),
        }
    }

    /// The stage's compiled models.
    pub fn compiled(&self) -> &Compiled {
        &self.models
    }

    /// Extract quotes from a text (byte spans into it) without a parse
    /// (the model reads the parse when there is one: prefer
    /// [`QuoteStage::extract_parsed`] or the pipeline). `sentence` indexes
    /// the stage's own sentence split.
    pub fn extract(&self, text: &str) -> Vec<Quote> {
        extract(text, &self.models).1
    }

    /// Extract quotes from a text with the pipeline's tokens of it (parts
    /// of speech, heads and relations are read when present).
    pub fn extract_parsed(&self, text: &str, tokens: &[dyad_doc::Token]) -> Vec<Quote> {
        extract_analysed(&Analysis::with_tokens(text, tokens), text, &self.models)
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn needs(&self) -> LayerSet {
        LayerSet::EMPTY
    }

    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Quotes])
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let mut quotes = if doc.has(Layer::Heads) {
            self.extract_parsed(doc.text(), &doc.tokens)
        } else {
            self.extract(doc.text())
        };
        if !doc.sentences.is_empty() {
            for q in &mut quotes {
                let at = q.cue.first().or(q.content.first()).map_or(0, |s| s.start());
                let i = doc.sentences.partition_point(|s| s.span.end() <= at);
                q.sentence = i.min(doc.sentences.len() - 1);
            }
        }
        // War reporting: "Russia attacked Ukraine" is no statement.
        if doc.has(Layer::Entities) {
            crate::physical::drop_physical(&mut quotes, doc.text(), &doc.entities);
        }
        if doc.has(Layer::Actors) {
            link_speakers(&mut quotes, &doc.actors, doc.text());
        }
        doc.quotes = quotes;
        Ok(())
    }
}

/// Set each quote's `speaker` to the actor one of whose mentions lies in the
/// quote's source ("Kremlin spokesperson Dmitry Peskov", "he"): coreference
/// already tied pronouns and titles to their actor. When several actors are
/// mentioned in the source ("BBC correspondent James Waterhouse" holds the
/// BBC and the correspondent), the longest mention wins, then the earliest.
/// Mentions are sorted by start, so each source looks only at the mentions
/// that can reach it (those starting at most the longest mention's length
/// before it). A source that is a relative pronoun with no mention of its
/// own ("Pete Hegseth, who told…") takes the actor mentioned right before
/// it ([`antecedent`]).
fn link_speakers(quotes: &mut [Quote], actors: &[dyad_doc::Actor], text: &str) {
    let mut mentions: Vec<(dyad_doc::Span, usize)> = actors
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.mentions.iter().map(move |m| (*m, i)))
        .collect();
    mentions.sort_unstable();
    let longest = mentions.iter().map(|(m, _)| m.len()).max().unwrap_or(0);
    for q in quotes {
        let mut best: Option<(usize, std::cmp::Reverse<usize>, usize)> = None;
        for src in &q.source {
            let reach = src.start().saturating_sub(longest);
            let from = mentions.partition_point(|(m, _)| m.start() < reach);
            for &(m, actor) in mentions[from..]
                .iter()
                .take_while(|(m, _)| m.start() < src.end())
            {
                if !src.overlaps(m) {
                    continue;
                }
                let key = (m.len(), std::cmp::Reverse(m.start()), actor);
                if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                    best = Some(key);
                }
            }
        }
        q.speaker = best
            .map(|(_, _, actor)| actor)
            .or_else(|| antecedent(q, &mentions, text));
    }
}

/// How many mentions before a relative pronoun [`antecedent`] looks at.
const ANTECEDENT_REACH: usize = 32;

/// The actor of a quote whose source is only a relative pronoun ("who",
/// "which") from the mention that ends right before it, separated by a
/// comma and spaces at most ("Pete Hegseth, who"); the longest such
/// mention. `mentions` are sorted by start.
fn antecedent(q: &Quote, mentions: &[(dyad_doc::Span, usize)], text: &str) -> Option<usize> {
    let [src] = q.source.as_slice() else {
        return None;
    };
    let word = src.slice(text).trim();
    if !["who", "which", "whom"]
        .iter()
        .any(|r| r.eq_ignore_ascii_case(word))
    {
        return None;
    }
    let before = mentions.partition_point(|(m, _)| m.start() < src.start());
    mentions[..before]
        .iter()
        .rev()
        .take(ANTECEDENT_REACH)
        .filter(|(m, _)| {
            m.end() <= src.start()
                && text[m.end()..src.start()]
                    .chars()
                    .all(|c| c == ',' || c.is_whitespace())
        })
        .max_by_key(|(m, _)| (m.end(), m.len()))
        .map(|&(_, actor)| actor)
}

fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let mut t: String = flat.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A readable table of the document's quotes: speaker (the resolved actor's
/// name, else the source as written, else `-`), kind, cue, content
/// (fragments joined by ` … `, long contents shortened).
pub fn format_table(doc: &Doc) -> String {
    let rows: Vec<[String; 4]> = doc
        .quotes
        .iter()
        .map(|q| {
            let join = |spans: &[dyad_doc::Span], sep: &str| {
                spans
                    .iter()
                    .filter_map(|s| s.get(doc.text()))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            let source = join(&q.source, " ");
            let speaker = match q.speaker.and_then(|i| doc.actors.get(i)) {
                Some(a) if source.is_empty() => a.name.clone(),
                Some(a) => format!("{} ({})", a.name, source),
                None if source.is_empty() => "-".to_string(),
                None => source,
            };
            let cue = join(&q.cue, " ");
            [
                one_line(&speaker, 40),
                q.kind.as_str().to_string(),
                one_line(if cue.is_empty() { "-" } else { &cue }, 24),
                one_line(&join(&q.content, " … "), 100),
            ]
        })
        .collect();
    let head = ["SPEAKER", "KIND", "CUE", "CONTENT"];
    let mut width = head.map(|h| h.chars().count());
    for r in &rows {
        for k in 0..3 {
            width[k] = width[k].max(r[k].chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: [&str; 4], out: &mut String| {
        for (k, c) in cells.iter().enumerate().take(3) {
            out.push_str(c);
            out.extend(std::iter::repeat_n(' ', width[k] - c.chars().count() + 2));
        }
        out.push_str(cells[3]);
        out.push('\n');
    };
    line(head, &mut out);
    for r in &rows {
        line([&r[0], &r[1], &r[2], &r[3]], &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::{Actor, Meta, QuoteKind, Span};

    #[test]
    fn speakers_link_through_mentions_in_the_source() {
        let text = "BBC correspondent James Waterhouse noted that it was bad. He said more.";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Span::from_trusted(i, i + s.len())
        };
        let actors = vec![
            Actor {
                name: "BBC".into(),
                mentions: vec![at("BBC")],
                ..Actor::default()
            },
            Actor {
                name: "James Waterhouse".into(),
                mentions: vec![at("BBC correspondent James Waterhouse"), at("He")],
                ..Actor::default()
            },
        ];
        let quote = |source: &str| Quote {
            kind: QuoteKind::Indirect,
            content: vec![at("it was bad")],
            cue: vec![at("noted")],
            source: vec![at(source)],
            speaker: None,
            sentence: 0,
        };
        let mut quotes = vec![
            quote("BBC correspondent James Waterhouse"),
            quote("He"),
            quote("it"),
        ];
        link_speakers(&mut quotes, &actors, text);
        let speakers: Vec<Option<usize>> = quotes.iter().map(|q| q.speaker).collect();
        assert_eq!(speakers, [Some(1), Some(1), None]);
    }

    #[test]
    fn relative_pronouns_take_the_actor_right_before_them() {
        // (text, source, speaker: the actor whose mention ends before it)
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "His Defense Secretary, Pete Hegseth, who told reporters.",
                "who",
                Some("Pete Hegseth"),
            ),
            (
                "The ministry, which said it would act.",
                "which",
                Some("The ministry"),
            ),
            ("Pete Hegseth met aides who told reporters.", "who", None),
            (
                "Pete Hegseth, who told reporters.",
                "Hegseth, who",
                Some("Pete Hegseth"),
            ),
            (
                "Pete Hegseth said so. The man, who spoke later.",
                "who",
                None,
            ),
        ];
        for &(text, source, speaker) in cases {
            let at = |s: &str| {
                let i = text.find(s).unwrap();
                Span::from_trusted(i, i + s.len())
            };
            let names = ["His Defense Secretary", "Pete Hegseth", "The ministry"];
            let actors: Vec<Actor> = names
                .iter()
                .filter(|n| text.contains(*n))
                .map(|n| Actor {
                    name: n.to_string(),
                    mentions: vec![at(n)],
                    ..Actor::default()
                })
                .collect();
            let mut quotes = vec![Quote {
                kind: QuoteKind::Indirect,
                content: vec![],
                cue: vec![],
                source: vec![at(source)],
                speaker: None,
                sentence: 0,
            }];
            link_speakers(&mut quotes, &actors, text);
            let got = quotes[0].speaker.map(|i| actors[i].name.as_str());
            assert_eq!(got, speaker, "{text}");
        }
    }

    #[test]
    fn table_shows_actor_names_and_sources() {
        let text = "“We will win,” he said. Peskov said talks start.";
        let mut doc = Doc::new(text, Meta::default());
        doc.actors.push(Actor {
            name: "Volodymyr Zelensky".into(),
            ..Actor::default()
        });
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Span::from_trusted(i, i + s.len())
        };
        doc.quotes = vec![
            Quote {
                kind: QuoteKind::Direct,
                content: vec![at("“We will win,”")],
                cue: vec![at("said")],
                source: vec![at("he")],
                speaker: Some(0),
                sentence: 0,
            },
            Quote {
                kind: QuoteKind::Indirect,
                content: vec![at("talks start")],
                cue: vec![],
                source: vec![],
                speaker: None,
                sentence: 1,
            },
        ];
        let t = format_table(&doc);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3, "{t}");
        assert!(
            lines[1].starts_with("Volodymyr Zelensky (he)  direct"),
            "{t}"
        );
        assert!(lines[2].starts_with("-  "), "{t}");
        assert!(lines[2].ends_with("talks start"), "{t}");
    }
}
