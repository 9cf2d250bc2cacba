//! Merging the layers of a document part back into the whole document.
//!
//! Very large inputs are processed in parts (see `dyad_pipeline::run_chunked`):
//! each part is a [`Doc`] over a slice of the whole text, and
//! [`Doc::append_part`] moves its layers into the whole document, shifting
//! spans by the part's byte offset and renumbering every cross-layer index
//! (token heads, sentence token ranges, actor, timex and place indices).

use std::collections::HashMap;

use crate::doc::{DateSource, Doc};
use crate::span::Span;

/// Why a part could not be appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The part's text is not the whole text at `offset`.
    #[error("document part of {len} bytes does not match the text at byte {offset}")]
    TextMismatch {
        /// Where the part was said to start.
        offset: usize,
        /// The part's length in bytes.
        len: usize,
    },
    /// Parts must be appended in text order.
    #[error(
        "document part at byte {offset} starts before the previous part's end ({previous_end})"
    )]
    OutOfOrder {
        /// Where the part was said to start.
        offset: usize,
        /// Where the layers appended so far end.
        previous_end: usize,
    },
}

/// Identity under which actors of different parts are merged: the same
/// knowledge-base entry (or none), name, country and sector.
fn actor_key(a: &crate::Actor) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        a.kb_id.as_deref().unwrap_or(""),
        a.name,
        a.country.as_deref().unwrap_or(""),
        a.sector.as_deref().unwrap_or("")
    )
}

impl Doc {
    /// Move the layers of `part` — a document over `self.text()[offset..offset
    /// + part.text().len()]`, processed on its own — into `self`.
    ///
    /// Spans are shifted by `offset`; token, sentence, timex and place indices
    /// are renumbered; an actor already present in `self` with the same
    /// knowledge-base id, name, country and sector absorbs the part's
    /// mentions instead of being duplicated. With `keep_tokens == false` the part's tokens are dropped
    /// (sentences then keep an empty token range) to bound memory on huge
    /// inputs. Parts must be appended in text order.
    pub fn append_part(
        &mut self,
        part: Doc,
        offset: usize,
        keep_tokens: bool,
    ) -> Result<(), MergeError> {
        let len = part.text().len();
        let layers = part.layers();
        if self.text().get(offset..offset + len) != Some(part.text()) {
            return Err(MergeError::TextMismatch { offset, len });
        }
        let previous_end = self
            .sentences
            .last()
            .map(|s| s.span.end())
            .unwrap_or(0)
            .max(self.tokens.last().map(|t| t.span.end()).unwrap_or(0));
        if offset < previous_end {
            return Err(MergeError::OutOfOrder {
                offset,
                previous_end,
            });
        }
        let shift = |s: Span| Span::from_trusted(s.start() + offset, s.end() + offset);
        let token_base = self.tokens.len();
        let sentence_base = self.sentences.len();
        let timex_base = self.timexes.len();
        let place_base = self.places.len();

        for mut s in part.sentences {
            s.span = shift(s.span);
            if keep_tokens {
                s.token_start += token_base;
                s.token_end += token_base;
            } else {
                s.token_start = token_base;
                s.token_end = token_base;
            }
            self.sentences.push(s);
        }
        if keep_tokens {
            for mut t in part.tokens {
                t.span = shift(t.span);
                t.head = t.head.map(|h| h + token_base);
                self.tokens.push(t);
            }
        }
        for mut e in part.entities {
            e.span = shift(e.span);
            self.entities.push(e);
        }
        for mut t in part.timexes {
            t.span = shift(t.span);
            self.timexes.push(t);
        }
        for mut p in part.places {
            p.span = shift(p.span);
            self.places.push(p);
        }

        // Actors: merge with those already present, in first-seen order.
        let mut known: HashMap<String, usize> = HashMap::new();
        for (i, a) in self.actors.iter().enumerate() {
            known.entry(actor_key(a)).or_insert(i);
        }
        let mut actor_map = Vec::with_capacity(part.actors.len());
        let mut fresh = Vec::new();
        for mut a in part.actors {
            for m in &mut a.mentions {
                *m = shift(*m);
            }
            match known.get(&actor_key(&a)).copied() {
                Some(i) => {
                    self.actors[i].mentions.extend(a.mentions);
                    actor_map.push(i);
                }
                None => {
                    actor_map.push(self.actors.len() + fresh.len());
                    fresh.push(a);
                }
            }
        }
        self.actors.extend(fresh);
        let actor = |i: usize| actor_map.get(i).copied().unwrap_or(i);

        for mut q in part.quotes {
            for s in q.content.iter_mut().chain(&mut q.cue).chain(&mut q.source) {
                *s = shift(*s);
            }
            q.speaker = q.speaker.map(actor);
            q.sentence += sentence_base;
            self.quotes.push(q);
        }
        for mut e in part.events {
            e.sentence += sentence_base;
            e.trigger = shift(e.trigger);
            e.evidence = shift(e.evidence);
            e.source = e.source.into_iter().map(actor).collect();
            e.target = e.target.into_iter().map(actor).collect();
            e.reporter = e.reporter.map(actor);
            e.place = e.place.map(|p| p + place_base);
            if let DateSource::Timex(t) = e.date_source {
                e.date_source = DateSource::Timex(t + timex_base);
            }
            self.events.push(e);
        }
        for mut n in part.notes {
            // A note about the whole document is given once, not once per part.
            if n.span.is_none()
                && self
                    .notes
                    .iter()
                    .any(|m| m.span.is_none() && m.stage == n.stage && m.message == n.message)
            {
                continue;
            }
            n.span = n.span.map(shift);
            self.notes.push(n);
        }
        self.mark(layers);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Actor, Meta, Sentence, Token};

    fn part(text: &str, actor: &str) -> Doc {
        let mut d = Doc::new(text, Meta::default());
        d.tokens.push(Token::new(Span::from_trusted(0, 3)));
        d.tokens.push(Token {
            head: Some(0),
            ..Token::new(Span::from_trusted(4, 5))
        });
        d.sentences.push(Sentence {
            span: Span::from_trusted(0, 5),
            token_start: 0,
            token_end: 2,
            new_paragraph: true,
        });
        d.actors.push(Actor {
            name: actor.into(),
            kb_id: Some(actor.into()),
            mentions: vec![Span::from_trusted(0, 3)],
            ..Actor::default()
        });
        d
    }

    #[test]
    fn parts_shift_and_merge_actors() {
        let mut whole = Doc::new("Abe x\n\nAbe y\n\nBob z", Meta::default());
        for (offset, text, actor) in [(0, "Abe x", "A"), (7, "Abe y", "A"), (14, "Bob z", "B")] {
            whole.append_part(part(text, actor), offset, true).unwrap();
        }
        assert_eq!(whole.sentences.len(), 3);
        assert_eq!(whole.tokens.len(), 6);
        assert_eq!(whole.tokens[3].head, Some(2));
        assert_eq!(whole.slice(whole.tokens[4].span), "Bob");
        assert_eq!(whole.sentences[2].tokens(), 4..6);
        assert_eq!(whole.actors.len(), 2, "actor A appears once");
        assert_eq!(whole.actors[0].mentions.len(), 2);
        assert_eq!(whole.slice(whole.actors[1].mentions[0]), "Bob");
    }

    #[test]
    fn dropping_tokens_keeps_sentences() {
        let mut whole = Doc::new("Abe x\n\nBob z", Meta::default());
        whole.append_part(part("Abe x", "A"), 0, false).unwrap();
        whole.append_part(part("Bob z", "B"), 7, false).unwrap();
        assert!(whole.tokens.is_empty());
        assert_eq!(whole.slice(whole.sentences[1].span), "Bob z");
        assert!(whole.sentences[1].tokens().is_empty());
    }

    #[test]
    fn mismatched_or_unordered_parts_are_errors() {
        let mut whole = Doc::new("Abe x\n\nBob z", Meta::default());
        assert_eq!(
            whole.append_part(part("Abe y", "A"), 0, true),
            Err(MergeError::TextMismatch { offset: 0, len: 5 })
        );
        assert!(matches!(
            whole.append_part(part("Abe x", "A"), 40, true),
            Err(MergeError::TextMismatch { .. })
        ));
        whole.append_part(part("Bob z", "B"), 7, true).unwrap();
        assert!(matches!(
            whole.append_part(part("Abe x", "A"), 0, true),
            Err(MergeError::OutOfOrder { .. })
        ));
    }
}
