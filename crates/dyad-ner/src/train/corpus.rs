//! Training sentences from labelled documents: BILOU tags on the
//! tokenizer's tokens, silver labels corrected by the gazetteer, common
//! words dropped from silver names, and the lexicon classes of the words.

use std::collections::BTreeMap;

use dyad_doc::{EntityLabel, Span};
use dyad_learn::KeyMap;

use crate::model::{GazClass, Tag, gaz_extend, lex_class, word_key};

use super::gazetteer::phrase_classes;
use super::{Corpus, Sent, TrainOptions, TrainSet, tag_id};

impl Corpus {
    /// The training sentences of `sets` (see [`sentences`]), logging per
    /// set what was read, corrected and skipped.
    pub(super) fn read(
        sets: &[TrainSet],
        gaz: &KeyMap,
        tags: &[Tag],
        tagger: Option<&dyad_tagger::Tagger>,
        opts: &TrainOptions,
        log: &mut dyn FnMut(&str),
    ) -> Corpus {
        let mut c = Corpus {
            data: Vec::new(),
            order: Vec::new(),
            cased: Vec::new(),
            silver: Vec::new(),
            summary: Vec::new(),
        };
        for set in sets {
            let mut fixed = 0;
            let (sents, skipped) = sentences(set, gaz, tags, tagger, opts, &mut fixed);
            if fixed > 0 {
                log(&format!("{}: {fixed} silver labels corrected", set.name));
            }
            let n_tok: usize = sents.iter().map(|s| s.words.len()).sum();
            let line = format!(
                "{}: {} docs, {} sentences ({} tokens), {} skipped for misaligned entities, x{}",
                set.name,
                set.docs.len(),
                sents.len(),
                n_tok,
                skipped,
                set.repeat
            );
            log(&line);
            c.summary.push(line);
            let base = c.data.len();
            c.data.extend(sents);
            c.cased
                .resize(c.data.len(), set.split_locations && opts.lower_silver_only);
            c.silver.resize(c.data.len(), !set.split_locations);
            for _ in 0..set.repeat {
                c.order.extend(base..c.data.len());
            }
        }
        c
    }

    /// [`drop_common`] over every silver sentence, logging the count and
    /// the 30 words dropped most often.
    pub(super) fn drop_common_silver(
        &mut self,
        tags: &[Tag],
        gaz: &KeyMap,
        lex: &KeyMap,
        log: &mut dyn FnMut(&str),
    ) {
        let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
        for (s, _) in self.data.iter_mut().zip(&self.silver).filter(|(_, s)| **s) {
            drop_common(s, tags, gaz, lex, &mut dropped);
        }
        let mut top: Vec<(&String, &usize)> = dropped.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = top
            .iter()
            .take(30)
            .map(|(w, n)| format!("{w} {n}"))
            .collect();
        log(&format!(
            "common words dropped from silver entities: {} ({})",
            dropped.values().sum::<usize>(),
            top.join(", ")
        ));
    }
}

/// Segment documents into training sentences with BILOU tags. Sentences
/// with an entity whose ends are not token boundaries are skipped; the
/// count of skipped sentences is returned.
pub(super) fn sentences(
    set: &TrainSet,
    gaz: &KeyMap,
    tag_ids: &[Tag],
    tagger: Option<&dyad_tagger::Tagger>,
    opts: &TrainOptions,
    fixed: &mut usize,
) -> (Vec<Sent>, usize) {
    let labeller = Labeller { set, opts, gaz };
    let id = |t: Tag| tag_id(tag_ids, t);
    let mut out = Vec::new();
    let mut skipped = 0;
    for d in &set.docs {
        let (pieces, sents) = dyad_text::segment(&d.text);
        let overlapping = entities_by_sentence(&sents, &d.entities);
        for (s, in_sentence) in sents.iter().zip(&overlapping) {
            let toks = &pieces[s.token_start..s.token_end];
            let mut tags = vec![id(Tag::O); toks.len()];
            let mut ok = true;
            for &(span, label) in in_sentence.iter().map(|&k| &d.entities[k]) {
                let Some((b, e, label)) = labeller.entity(&d.text, toks, span, label, fixed) else {
                    ok = false;
                    break;
                };
                if b == e {
                    tags[b] = id(Tag::U(label));
                } else {
                    tags[b] = id(Tag::B(label));
                    for t in &mut tags[b + 1..e] {
                        *t = id(Tag::I(label));
                    }
                    tags[e] = id(Tag::L(label));
                }
            }
            if !ok {
                skipped += 1;
                continue;
            }
            let words: Vec<String> = toks
                .iter()
                .map(|t| t.span.slice(&d.text).to_string())
                .collect();
            let upos = match tagger {
                Some(t) => {
                    let w: Vec<&str> = words.iter().map(String::as_str).collect();
                    t.tag(&w).into_iter().map(|x| Some(x.upos)).collect()
                }
                None => Vec::new(),
            };
            out.push(Sent { words, tags, upos });
        }
    }
    (out, skipped)
}

/// For each sentence (sorted, non-overlapping), the indices of the entities
/// overlapping it, in the entities' own order, found by binary search so
/// that a long document costs O(entities · log sentences), not
/// O(entities · sentences).
fn entities_by_sentence(
    sents: &[dyad_doc::Sentence],
    entities: &[(Span, EntityLabel)],
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); sents.len()];
    for (k, (span, _)) in entities.iter().enumerate() {
        let first = sents.partition_point(|s| s.span.end() <= span.start());
        // From `first` on every sentence ends after the entity starts, so
        // it overlaps exactly while it starts before the entity ends.
        for (i, s) in sents.iter().enumerate().skip(first) {
            if s.span.start() >= span.end() {
                break;
            }
            out[i].push(k);
        }
    }
    out
}

/// How a set's entities become training labels.
struct Labeller<'a> {
    set: &'a TrainSet,
    opts: &'a TrainOptions,
    gaz: &'a KeyMap,
}

impl Labeller<'_> {
    /// The first and last token (in `toks`, a sentence of `text`) and the
    /// label of entity `span` as trained: a silver name's trailing
    /// possessive cut, re3d locations split into GPE and LOC, silver labels
    /// the gazetteer contradicts corrected (each correction counted in
    /// `fixed`), a leading "the" cut as the options ask. `None` when the
    /// entity's ends are not token boundaries of the sentence.
    fn entity(
        &self,
        text: &str,
        toks: &[dyad_text::Piece],
        span: Span,
        label: EntityLabel,
        fixed: &mut usize,
    ) -> Option<(usize, usize, EntityLabel)> {
        let (set, opts, gaz) = (self.set, self.opts, self.gaz);
        let fix_silver = opts.fix_silver;
        let b = toks.iter().position(|t| t.span.start() == span.start())?;
        let mut e = toks.iter().position(|t| t.span.end() == span.end())?;
        if e < b {
            return None;
        }
        if fix_silver
            && !set.split_locations
            && e > b
            && label != EntityLabel::Org
            && matches!(toks[e].span.slice(text), "'s" | "’s" | "'" | "’")
        {
            *fixed += 1;
            e -= 1;
        }
        let label = if set.split_locations && label == EntityLabel::Gpe {
            location_label(text, &toks[b..=e], gaz)
        } else if fix_silver && !set.split_locations {
            let l = fixed_label(text, &toks[b..=e], gaz, label);
            *fixed += (l != label) as usize;
            l
        } else {
            label
        };
        let strip = match label {
            EntityLabel::Gpe | EntityLabel::Loc => opts.strip_the_places,
            EntityLabel::Org => opts.strip_the_orgs,
            _ => false,
        };
        let mut b = b;
        if strip
            && b < e
            && toks[b].span.slice(text).eq_ignore_ascii_case("the")
            && toks[b + 1]
                .span
                .slice(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            b += 1;
        }
        Some((b, e, label))
    }
}

/// GPE unless the gazetteer knows the phrase (without a leading "the")
/// only as a continent, region or sea.
fn location_label(text: &str, toks: &[dyad_text::Piece], gaz: &KeyMap) -> EntityLabel {
    let mut words: Vec<String> = toks
        .iter()
        .map(|t| t.span.slice(text).to_lowercase())
        .collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    let v = phrase_classes(gaz, &words);
    let (gpe, loc) = (1 << GazClass::Gpe as u32, 1 << GazClass::Loc as u32);
    if v & loc != 0 && v & gpe == 0 {
        EntityLabel::Loc
    } else {
        EntityLabel::Gpe
    }
}

/// A silver label corrected by the gazetteer: a phrase known only as a
/// place (no person, organisation, given-name or building entry) labelled
/// ORG or PERSON becomes GPE (LOC if it is known only as a region); a phrase
/// known only as a person labelled ORG becomes PERSON.
fn fixed_label(
    text: &str,
    toks: &[dyad_text::Piece],
    gaz: &KeyMap,
    label: EntityLabel,
) -> EntityLabel {
    if !matches!(label, EntityLabel::Org | EntityLabel::Person) {
        return label;
    }
    let words: Vec<String> = toks
        .iter()
        .map(|t| t.span.slice(text).to_lowercase())
        .collect();
    let v = phrase_classes(gaz, &words);
    let bit = |c: GazClass| v & (1 << c as u32) != 0;
    // A building used as a metonym ("the Kremlin said") stays as labelled.
    let named =
        bit(GazClass::Person) || bit(GazClass::Org) || bit(GazClass::First) || bit(GazClass::Fac);
    if !named && (bit(GazClass::Gpe) || bit(GazClass::Loc)) {
        if bit(GazClass::Gpe) {
            EntityLabel::Gpe
        } else {
            EntityLabel::Loc
        }
    } else if label == EntityLabel::Org
        && bit(GazClass::Person)
        && !bit(GazClass::Org)
        && !bit(GazClass::Gpe)
    {
        EntityLabel::Person
    } else {
        label
    }
}

/// Set to O the one-word PERSON/ORG/GPE/LOC entities of a silver sentence
/// that are common words (lexicon class 4) unknown to the gazetteer as a
/// name or place (see [`TrainOptions::drop_common_silver`]), counting
/// them by word in `dropped`.
pub(super) fn drop_common(
    s: &mut Sent,
    tags: &[Tag],
    gaz: &KeyMap,
    lex: &KeyMap,
    dropped: &mut BTreeMap<String, usize>,
) {
    let o = tag_id(tags, Tag::O);
    let named = [
        GazClass::Person,
        GazClass::Org,
        GazClass::Gpe,
        GazClass::Loc,
        GazClass::First,
    ]
    .iter()
    .fold(0u32, |m, &c| m | 1 << c as u32);
    for (w, t) in s.words.iter().zip(s.tags.iter_mut()) {
        let Tag::U(EntityLabel::Person | EntityLabel::Org | EntityLabel::Gpe | EntityLabel::Loc) =
            tags[*t as usize]
        else {
            continue;
        };
        let key = word_key(&w.to_lowercase());
        if lex.get(key) == Some(4) && gaz.get(gaz_extend(None, key)).unwrap_or(0) & named == 0 {
            *t = o;
            *dropped.entry(w.clone()).or_default() += 1;
        }
    }
}

/// How each word (lower-cased) is written outside sentence starts in the
/// training text, bucketed by [`lex_class`]; words seen fewer than three
/// times are left out.
pub(super) fn lexicon(data: &[Sent]) -> KeyMap {
    let mut counts: BTreeMap<u64, (usize, usize)> = BTreeMap::new();
    for s in data {
        for w in s.words.iter().skip(1) {
            if !w.chars().any(char::is_alphabetic) {
                continue;
            }
            let lower = w.to_lowercase();
            let e = counts.entry(word_key(&lower)).or_default();
            e.1 += 1;
            if *w == lower {
                e.0 += 1;
            }
        }
    }
    KeyMap::from_pairs(
        counts
            .into_iter()
            .map(|(k, (l, t))| (k, lex_class(l, t)))
            .filter(|&(_, c)| c > 0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::GoldDoc;
    use crate::train::gazetteer::add_phrase;

    #[test]
    fn entities_are_bucketed_by_the_sentences_they_overlap() {
        // Sentences [0,10) [11,20) [21,30); entities checked against the
        // plain overlap test over every sentence.
        let sents: Vec<dyad_doc::Sentence> = [(0, 10), (11, 20), (21, 30)]
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| dyad_doc::Sentence {
                span: Span::from_trusted(a, b),
                token_start: i,
                token_end: i + 1,
                new_paragraph: false,
            })
            .collect();
        let spans = [
            (0, 3),
            (8, 12),
            (10, 11),
            (25, 26),
            (5, 5),
            (10, 10),
            (2, 29),
            (30, 31),
        ];
        let entities: Vec<(Span, EntityLabel)> = spans
            .iter()
            .map(|&(a, b)| (Span::from_trusted(a, b), EntityLabel::Person))
            .collect();
        let got = entities_by_sentence(&sents, &entities);
        for (s, bucket) in sents.iter().zip(&got) {
            let want: Vec<usize> = (0..entities.len())
                .filter(|&k| {
                    let e = entities[k].0;
                    !(e.end() <= s.span.start() || e.start() >= s.span.end())
                })
                .collect();
            assert_eq!(bucket, &want, "sentence {:?}", s.span);
        }
        assert_eq!(got, vec![vec![0, 1, 4, 6], vec![1, 6], vec![3, 6]]);
    }

    #[test]
    fn silver_labels_contradicted_by_the_gazetteer_are_fixed() {
        let mut map = BTreeMap::new();
        add_phrase(&mut map, "France", GazClass::Gpe);
        add_phrase(&mut map, "Mediterranean", GazClass::Loc);
        add_phrase(&mut map, "John Smith", GazClass::Person);
        add_phrase(&mut map, "Jordan", GazClass::Gpe);
        add_phrase(&mut map, "Jordan", GazClass::Person);
        add_phrase(&mut map, "Kremlin", GazClass::Loc);
        add_phrase(&mut map, "Kremlin", GazClass::Fac);
        let gaz = KeyMap::from_pairs(map);
        use EntityLabel::*;
        let cases = [
            ("France", Org, Gpe),
            ("France", Person, Gpe),
            ("Mediterranean", Org, Loc),
            ("John Smith", Org, Person),
            ("John Smith", Person, Person),
            ("Jordan", Person, Person), // also a person: left alone
            ("Kremlin", Org, Org),      // a building metonym: left alone
            ("Acme", Org, Org),
            ("France", Norp, Norp),
        ];
        for (text, label, want) in cases {
            let pieces = dyad_text::tokenize_pieces(text);
            assert_eq!(fixed_label(text, &pieces, &gaz, label), want, "{text}");
        }
    }

    #[test]
    fn leading_the_is_cut_from_places_only_when_asked() {
        let tags = Tag::all();
        let text = "They left the West Bank for the UN in the Gulf .";
        let ent = |a: &str, l| {
            let b = text.find(a).unwrap();
            (Span::new(text, b, b + a.len()).unwrap(), l)
        };
        use EntityLabel::*;
        let set = TrainSet {
            name: "t".into(),
            docs: vec![GoldDoc {
                id: "d".into(),
                text: text.into(),
                entities: vec![
                    ent("the West Bank", Gpe),
                    ent("the UN", Org),
                    ent("the Gulf", Loc),
                ],
            }],
            repeat: 1,
            split_locations: false,
        };
        let gaz = KeyMap::from_pairs(std::iter::empty());
        // (strip places, strip orgs, expected labelled words)
        let cases = [
            (false, false, "the West Bank|the UN|the Gulf"),
            (true, false, "West Bank|the UN|Gulf"),
            (true, true, "West Bank|UN|Gulf"),
        ];
        for (places, orgs, want) in cases {
            let opts = TrainOptions {
                strip_the_places: places,
                strip_the_orgs: orgs,
                fix_silver: false,
                ..TrainOptions::default()
            };
            let (sents, skipped) = sentences(&set, &gaz, &tags, None, &opts, &mut 0);
            assert_eq!((sents.len(), skipped), (1, 0));
            let s = &sents[0];
            let mut names: Vec<String> = Vec::new();
            for (w, &t) in s.words.iter().zip(&s.tags) {
                match tags[t as usize] {
                    Tag::B(_) | Tag::U(_) => names.push(w.clone()),
                    Tag::I(_) | Tag::L(_) => {
                        let last = names.last_mut().unwrap();
                        last.push(' ');
                        last.push_str(w);
                    }
                    Tag::O => {}
                }
            }
            assert_eq!(names.join("|"), want, "places {places}, orgs {orgs}");
        }
    }

    #[test]
    fn common_words_are_dropped_from_silver_names() {
        let tags = Tag::all();
        let id = |t: Tag| crate::train::tag_id(&tags, t);
        let mut map = BTreeMap::new();
        add_phrase(&mut map, "May", GazClass::Person);
        let gaz = KeyMap::from_pairs(map);
        let lex = KeyMap::from_pairs(
            ["email", "may"]
                .iter()
                .map(|w| (word_key(w), 4))
                .chain([(word_key("vince"), 1)]),
        );
        let p = EntityLabel::Person;
        let mut s = Sent {
            words: ["Email", "Vince", "May", "Email"]
                .iter()
                .map(|w| w.to_string())
                .collect(),
            tags: vec![id(Tag::U(p)), id(Tag::U(p)), id(Tag::U(p)), id(Tag::O)],
            upos: Vec::new(),
        };
        let mut dropped = BTreeMap::new();
        drop_common(&mut s, &tags, &gaz, &lex, &mut dropped);
        let got: Vec<Tag> = s.tags.iter().map(|&t| tags[t as usize]).collect();
        // "Email" is a common word; "Vince" is not; "May" is common but a
        // known name.
        assert_eq!(got, vec![Tag::O, Tag::U(p), Tag::U(p), Tag::O]);
        assert_eq!(dropped.get("Email"), Some(&1));
    }
}
