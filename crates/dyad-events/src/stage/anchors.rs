//! Dates and places of events: each usable timex, and each place introduced
//! by a locative preposition, is anchored to the predicate or verb above it;
//! an event takes the date and place of the nearest anchor up its head chain.

use super::*;

/// The timexes and places anchored to the tokens of one sentence.
pub(super) struct Anchors {
    /// Per token: the first timex (index into [`Doc::timexes`]) anchored to it.
    timex_at: Vec<Option<usize>>,
    /// Per token: the first place (index into [`Doc::places`]) anchored to it.
    place_at: Vec<Option<usize>>,
    /// The sentence's first place introduced by a locative preposition.
    sentence_place: Option<usize>,
}

impl Anchors {
    /// Anchor the timexes and places of sentence `s` (covering bytes
    /// `span`): each to the nearest predicate or verb above its head (at most
    /// six steps up). Reads the document's timex and place layers, the parse
    /// and `pred_at` (predicate index per token).
    pub(super) fn new(doc: &Doc, s: &Sent<'_>, span: Span, pred_at: &[Option<usize>]) -> Anchors {
        let timex_at = anchor_timexes(doc, s, span, pred_at);
        let (place_at, sentence_place) = anchor_places(doc, s, span, pred_at);
        Anchors {
            timex_at,
            place_at,
            sentence_place,
        }
    }

    /// The date of an event at token `i`: the value of the first timex
    /// anchored on its head chain (at most eight tokens up) with that timex
    /// as the date source; else the document's date, with the document as
    /// the source.
    pub(super) fn date(&self, doc: &Doc, s: &Sent<'_>, i: usize) -> (Option<String>, DateSource) {
        let mut date = None;
        let mut date_source = DateSource::Document;
        if let Some(ti) = up_head_chain(s, &self.timex_at, i) {
            date = doc.timexes[ti].value.clone();
            date_source = DateSource::Timex(ti);
        }
        if date.is_none() {
            date = doc.meta.date.map(|d| d.format("%Y-%m-%d").to_string());
        }
        (date, date_source)
    }

    /// The place of an event at token `i`: the first place anchored on its
    /// head chain (at most eight tokens up), else the sentence's place.
    pub(super) fn place(&self, s: &Sent<'_>, i: usize) -> Option<usize> {
        up_head_chain(s, &self.place_at, i).or(self.sentence_place)
    }
}

/// The first value of `at` on the head chain of token `i`, `i` included, at
/// most eight tokens.
fn up_head_chain(s: &Sent<'_>, at: &[Option<usize>], i: usize) -> Option<usize> {
    let mut cur = Some(i);
    for _ in 0..8 {
        let c = cur?;
        if let Some(v) = at[c] {
            return Some(v);
        }
        cur = s.head[c];
    }
    None
}

/// The nearest head above token `from` (at most six steps) that is a
/// predicate or a verb.
fn anchor_above(s: &Sent<'_>, pred_at: &[Option<usize>], from: usize) -> Option<usize> {
    let mut cur = from;
    for _ in 0..6 {
        let h = s.head[cur]?;
        if pred_at[h].is_some() || s.upos(h) == Some(Upos::Verb) {
            return Some(h);
        }
        cur = h;
    }
    None
}

/// The syntactic head of `span` within sentence `s`: the last token of the
/// sentence overlapping `span` whose head lies outside it.
fn span_head(doc: &Doc, s: &Sent<'_>, span: Span) -> Option<usize> {
    let n = s.n();
    let mut h = None;
    for t in tokens_in(doc, span) {
        if t >= s.base
            && t < s.base + n
            && s.head[t - s.base].is_none_or(|hh| !span.contains(s.span(hh)))
        {
            h = Some(t - s.base);
        }
    }
    h
}

/// Per token of sentence `s` (covering bytes `span`): the first usable timex
/// (a date or time whose value starts with a digit) anchored to it. Reads the
/// timex layer (only the timexes inside the sentence), the parse and
/// `pred_at`.
fn anchor_timexes(
    doc: &Doc,
    s: &Sent<'_>,
    span: Span,
    pred_at: &[Option<usize>],
) -> Vec<Option<usize>> {
    let n = s.n();
    let mut timex_at: Vec<Option<usize>> = vec![None; n];
    let lo = doc
        .timexes
        .partition_point(|t| t.span.end() <= span.start());
    for (ti, tx) in doc.timexes.iter().enumerate().skip(lo) {
        if tx.span.start() >= span.end() {
            break;
        }
        let usable = matches!(tx.kind, TimexType::Date | TimexType::Time)
            && tx
                .value
                .as_deref()
                .is_some_and(|v| v.as_bytes().first().is_some_and(u8::is_ascii_digit));
        if !usable {
            continue;
        }
        let Some(tok) = token_at(doc, tx.span.start()).filter(|t| *t >= s.base && *t < s.base + n)
        else {
            continue;
        };
        // The timex's syntactic head within its span.
        let h = span_head(doc, s, tx.span).unwrap_or(tok - s.base);
        if let Some(a) = anchor_above(s, pred_at, h) {
            timex_at[a].get_or_insert(ti);
        }
    }
    timex_at
}

/// Per token of sentence `s` (covering bytes `span`): the first place
/// anchored to it, and the sentence's first place. Only places introduced by
/// a locative preposition (in, at, near, from, …) count. Reads the place
/// layer (only the places inside the sentence), the parse and `pred_at`.
fn anchor_places(
    doc: &Doc,
    s: &Sent<'_>,
    span: Span,
    pred_at: &[Option<usize>],
) -> (Vec<Option<usize>>, Option<usize>) {
    let mut place_at: Vec<Option<usize>> = vec![None; s.n()];
    let mut sentence_place: Option<usize> = None;
    let lo = doc.places.partition_point(|p| p.span.end() <= span.start());
    for (pi, pl) in doc.places.iter().enumerate().skip(lo) {
        if pl.span.start() >= span.end() {
            break;
        }
        let Some(h) = span_head(doc, s, pl.span) else {
            continue;
        };
        let (cur, case) = place_case(s, pred_at, h);
        if matches!(
            case,
            Some("in" | "at" | "near" | "from" | "inside" | "outside" | "across" | "throughout")
        ) {
            sentence_place.get_or_insert(pi);
            if let Some(a) = anchor_above(s, pred_at, cur) {
                place_at[a].get_or_insert(pi);
            }
        }
    }
    (place_at, sentence_place)
}

/// The case word of a place phrase headed by token `h`, walking up through
/// at most two nominal heads that are not predicates ("the city of Basra");
/// returns the token reached and its case word.
fn place_case<'s>(
    s: &'s Sent<'_>,
    pred_at: &[Option<usize>],
    h: usize,
) -> (usize, Option<&'s str>) {
    let mut cur = h;
    let mut case = s.case_of(cur);
    for _ in 0..2 {
        if case.is_some() {
            break;
        }
        match s.head[cur] {
            Some(hh)
                if matches!(s.base_rel(cur), "nmod" | "compound" | "appos" | "flat")
                    && pred_at[hh].is_none() =>
            {
                cur = hh;
                case = s.case_of(cur);
            }
            _ => break,
        }
    }
    (cur, case)
}
