//! The event stage: predicates from the parse, arguments, coding, factuality,
//! date and place.

use std::sync::Arc;

use dyad_doc::{
    DateSource, Doc, Event, Factuality, Layer, LayerSet, Plover, Span, Stage, StageError,
    TimexType, Upos,
};

use crate::lexicon::{Frame, Lexicon, Pattern, PatternPos};

/// Fills [`Doc::events`] from the dependency parse and the actor layer.
#[derive(Debug, Clone)]
pub struct EventStage {
    lex: Arc<Lexicon>,
}

impl EventStage {
    /// A stage using the built-in lexicon.
    pub fn new() -> Result<EventStage, crate::LexiconError> {
        Ok(EventStage::with_lexicon(Arc::new(Lexicon::builtin()?)))
    }

    /// A stage using the given lexicon (e.g. built-in plus user patterns).
    pub fn with_lexicon(lex: Arc<Lexicon>) -> EventStage {
        EventStage { lex }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }
    fn needs(&self) -> LayerSet {
        LayerSet::of(&[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Tags,
            Layer::Lemmas,
            Layer::Heads,
            Layer::Actors,
        ])
    }
    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Events])
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let events = extract(&self.lex, doc);
        doc.events = events;
        Ok(())
    }
}

/// Severity order for combining factuality cues.
fn rank(f: Factuality) -> u8 {
    match f {
        Factuality::Asserted => 0,
        Factuality::Reported => 1,
        Factuality::Planned => 2,
        Factuality::Hypothetical => 3,
        Factuality::Negated => 4,
    }
}

fn worse(a: Factuality, b: Factuality) -> Factuality {
    if rank(b) > rank(a) { b } else { a }
}

/// Index of the token holding byte `pos` (tokens are sorted, non-overlapping).
fn token_at(doc: &Doc, pos: usize) -> Option<usize> {
    let i = doc.tokens.partition_point(|t| t.span.end() <= pos);
    (i < doc.tokens.len() && doc.tokens[i].span.start() <= pos).then_some(i)
}

/// Tokens overlapping `span`.
fn tokens_in(doc: &Doc, span: Span) -> std::ops::Range<usize> {
    let a = doc.tokens.partition_point(|t| t.span.end() <= span.start());
    let b = doc.tokens.partition_point(|t| t.span.start() < span.end());
    a..b.max(a)
}

const SUBJ: &[&str] = &["nsubj", "csubj"];
const INTENT_GOV: &[&str] = &[
    "agree", "plan", "decide", "promise", "pledge", "vow", "offer", "intend", "want", "hope",
    "prepare", "expect", "aim", "ready", "willing", "prepared", "commit", "schedule", "propose",
    "concur", "set", "arrange", "consent", "swear",
];
const HYPO_GOV: &[&str] = &[
    "threaten",
    "warn",
    "urge",
    "demand",
    "call",
    "ask",
    "invite",
    "order",
    "request",
    "press",
    "seek",
    "unlikely",
    "likely",
    "possible",
    "impossible",
    "improbable",
    "able",
    "try",
    "attempt",
    "insist",
    "pressure",
    "appeal",
    "consider",
    "may",
    "if",
    "could",
    "hard",
    "difficult",
];
/// Nouns whose "for" complement is an event still to come.
const PLANNED_FOR: &[&str] = &[
    "date",
    "plan",
    "preparation",
    "timetable",
    "schedule",
    "arrangement",
    "venue",
    "agenda",
    "deadline",
];
const NEG_GOV: &[&str] = &["refuse", "fail", "decline", "reject", "deny", "unable"];
const LIGHT: &[&str] = &[
    "have",
    "hold",
    "launch",
    "conduct",
    "stage",
    "begin",
    "start",
    "carry",
    "make",
    "issue",
    "commence",
    "initiate",
    "resume",
    "renew",
    "continue",
    "open",
    "lodge",
    "mount",
    "wage",
    "undertake",
    "take",
    "give",
    "do",
    "pay",
    "file",
    "announce",
    "complete",
    "end",
    "stage",
];

struct Sent<'a> {
    doc: &'a Doc,
    base: usize,
    lemma: Vec<String>,
    children: Vec<Vec<usize>>,
    head: Vec<Option<usize>>,
}

impl<'a> Sent<'a> {
    #[allow(clippy::needless_range_loop)] // fills three parallel arrays
    fn new(doc: &'a Doc, s: usize) -> Sent<'a> {
        let sent = doc.sentences[s];
        let base = sent.token_start;
        let n = sent.token_end - base;
        let mut children = vec![Vec::new(); n];
        let mut head = vec![None; n];
        let mut lemma = Vec::with_capacity(n);
        for i in 0..n {
            let t = &doc.tokens[base + i];
            lemma.push(
                t.lemma
                    .as_deref()
                    .unwrap_or_else(|| doc.token_text(base + i))
                    .to_lowercase(),
            );
            if let Some(h) = t.head
                && h >= base
                && h < sent.token_end
                && h != base + i
            {
                head[i] = Some(h - base);
                children[h - base].push(i);
            }
        }
        Sent {
            doc,
            base,
            lemma,
            children,
            head,
        }
    }
    fn n(&self) -> usize {
        self.lemma.len()
    }
    fn rel(&self, i: usize) -> &str {
        self.doc.tokens[self.base + i]
            .deprel
            .as_deref()
            .unwrap_or("")
    }
    fn upos(&self, i: usize) -> Option<Upos> {
        self.doc.tokens[self.base + i].upos
    }
    fn text(&self, i: usize) -> &str {
        self.doc.token_text(self.base + i)
    }
    fn span(&self, i: usize) -> Span {
        self.doc.tokens[self.base + i].span
    }
    fn base_rel(&self, i: usize) -> &str {
        let r = self.rel(i);
        r.split(':').next().unwrap_or(r)
    }
    /// The case/mark word of token `i` ("with", "by", "if"), if any.
    fn case_of(&self, i: usize) -> Option<&str> {
        self.children[i]
            .iter()
            .find(|&&c| matches!(self.base_rel(c), "case" | "mark") && c < i)
            .map(|&c| self.lemma[c].as_str())
    }
}

/// Extract the events of every sentence of `doc`.
pub fn extract(lex: &Lexicon, doc: &Doc) -> Vec<Event> {
    // Token → actor (first actor whose mention covers the token).
    let mut tok_actor: Vec<Option<usize>> = vec![None; doc.tokens.len()];
    for (a, actor) in doc.actors.iter().enumerate() {
        for m in &actor.mentions {
            for t in tokens_in(doc, *m) {
                tok_actor[t].get_or_insert(a);
            }
        }
    }
    // Quote contents sorted by start, with their speaker (or the actor of
    // their written source when the quote stage left the speaker open).
    let mut quotes: Vec<(Span, Option<usize>)> = Vec::new();
    for q in &doc.quotes {
        let speaker = q.speaker.or_else(|| {
            q.source
                .iter()
                .flat_map(|src| tokens_in(doc, *src))
                .find_map(|t| tok_actor[t])
        });
        quotes.extend(q.content.iter().map(|c| (*c, speaker)));
    }
    quotes.sort_by_key(|q| (q.0.start(), q.0.end()));
    let mut out = Vec::new();
    for s in 0..doc.sentences.len() {
        sentence_events(lex, doc, s, &tok_actor, &quotes, &mut out);
    }
    out
}

/// The speaker of the quote whose content holds `span` (`Some(None)`: inside
/// a quote with no known speaker). Looks back over a bounded number of
/// contents starting before `span`, so the cost is logarithmic.
fn quote_at(quotes: &[(Span, Option<usize>)], span: Span) -> Option<Option<usize>> {
    let k = quotes.partition_point(|q| q.0.start() <= span.start());
    quotes[..k]
        .iter()
        .rev()
        .take(16)
        .find(|q| q.0.contains(span))
        .map(|q| q.1)
}

/// What building the events of one sentence reads besides the predicate
/// itself (shared by every event of the sentence).
struct SentenceCtx<'c, 'a> {
    lex: &'c Lexicon,
    doc: &'c Doc,
    s: &'c Sent<'a>,
    /// The sentence's index.
    si: usize,
    /// The actor of each token of the sentence (sentence-local indices).
    ta: &'c [Option<usize>],
    /// Quote contents with their speakers (see [`quote_at`]).
    quotes: &'c [(Span, Option<usize>)],
    /// The [`recent_speaker`] before this sentence.
    recent: Option<usize>,
    /// Whether the sentence is a question ([`is_question`]).
    question: bool,
    anchors: &'c Anchors,
    /// Per token, whether one of its dependents is an unresolved personal
    /// pronoun subject ([`sources`]' `pronoun_subject`), computed on first
    /// use: one pass over the sentence instead of one over a head's
    /// dependents per predicate (quadratic in a long run-on sentence).
    pronoun_child: std::cell::OnceCell<Vec<bool>>,
}

/// A predicate as its event is built.
#[derive(Clone, Copy)]
struct EventPred<'e> {
    /// The predicate's token (sentence-local).
    tok: usize,
    /// Whether it is an event noun (a noun pattern).
    is_noun: bool,
    /// Its CAMEO code (after governor specialisation).
    code: &'e str,
    /// From [`quote_at`]: `Some(speaker)` when its trigger is inside a quote.
    quote: Option<Option<usize>>,
}

/// Append the events of sentence `si` to `out`: find its predicates, drop
/// light verbs that yield to their event noun, code governors by their
/// complements, anchor dates and places, build one event per remaining
/// predicate ([`build_event`]) and fill the targets still empty
/// ([`fill_targets`]). Reads the sentence's parse, `tok_actor` (the actor of
/// each token of the document) and `quotes` (quote contents with speakers).
fn sentence_events(
    lex: &Lexicon,
    doc: &Doc,
    si: usize,
    tok_actor: &[Option<usize>],
    quotes: &[(Span, Option<usize>)],
    out: &mut Vec<Event>,
) {
    let s = Sent::new(doc, si);
    let n = s.n();
    if n == 0 {
        return;
    }
    let ta = &tok_actor[s.base..s.base + n];
    let (preds, pred_at) = find_predicates(lex, &s, ta);
    if preds.is_empty() {
        return;
    }
    let dropped = light_verbs_yielding(&s, &preds, &pred_at);
    // Memoised argument actors and subjects, and factuality per token
    // (memoised top-down along the head chain).
    let mut args = Args {
        memo: vec![None; n],
        subj: vec![None; n],
    };
    let mut facts = Factualities::new(&s, &pred_at);
    let anchors = Anchors::new(doc, &s, doc.sentences[si].span, &pred_at);
    let (codes, comp_of) = governor_codes(&s, &preds, &pred_at);
    let cx = SentenceCtx {
        lex,
        doc,
        s: &s,
        si,
        ta,
        quotes,
        recent: recent_speaker(doc, si, tok_actor),
        question: is_question(&s),
        anchors: &anchors,
        pronoun_child: std::cell::OnceCell::new(),
    };
    let first_event = out.len();
    let mut ev_of: Vec<Option<usize>> = vec![None; preds.len()];
    for (k, p) in preds.iter().enumerate() {
        if dropped[k] {
            continue;
        }
        // Only predicates that became events get an index: a code without a
        // CAMEO row (possible with a user lexicon) adds no event.
        if let Some(e) = build_event(&cx, &mut args, &mut facts, p, &codes[k], out) {
            ev_of[k] = Some(out.len());
            out.push(e);
        }
    }
    let built = Built {
        s: &s,
        ta,
        preds: &preds,
        pred_at: &pred_at,
        comp_of: &comp_of,
        ev_of: &ev_of,
        first_event,
    };
    fill_targets(&mut args, &built, out);
}

/// The event of predicate `p` coded `code`: its trigger, source
/// ([`event_source`]), target ([`event_targets`]), factuality, reporter and
/// PLOVER coding ([`event_coding`]), date and place ([`Anchors`]); `None`
/// when the lexicon has no CAMEO row for `code`. Reads the sentence context,
/// the argument and factuality memos and the events already in `out`.
fn build_event(
    cx: &SentenceCtx<'_, '_>,
    args: &mut Args,
    facts: &mut Factualities<'_, '_>,
    p: &Pred<'_>,
    code: &str,
    out: &[Event],
) -> Option<Event> {
    let s = cx.s;
    let i = p.tok;
    let trigger = s.span(p.first).cover(s.span(i));
    let ep = EventPred {
        tok: i,
        is_noun: p.pattern.pos == PatternPos::Noun,
        code,
        quote: quote_at(cx.quotes, trigger),
    };
    let (mut source, pass_tgt) = event_source(cx, args, &ep, out);
    let target = event_targets(cx, args, &ep, pass_tgt, &mut source);
    // Code → QuadClass, Goldstein, PLOVER.
    let info = cx.lex.cameo(code)?;
    let (factuality, reporter, plover) = event_coding(cx, facts, &ep);
    let (date, date_source) = cx.anchors.date(cx.doc, s, i);
    Some(Event {
        sentence: cx.si,
        trigger,
        source,
        target,
        cameo: code.to_string(),
        quad_class: info.quad_class,
        goldstein: info.goldstein,
        plover,
        factuality,
        date,
        date_source,
        place: cx.anchors.place(s, i),
        reporter,
        evidence: cx.doc.sentences[cx.si].span,
    })
}

/// PLOVER coding of an event: the code's row, with PLOVER's conventions for
/// future, hypothetical and negated events (manual, AGREE/CONCEDE/THREATEN).
pub fn plover_for(lex: &Lexicon, code: &str, f: Factuality, future: bool) -> Plover {
    let info = lex.plover(code).cloned().unwrap_or_default();
    let mut kind = info.kind;
    let mut mode = info.mode;
    let mut context: Vec<String> = info.context.into_iter().collect();
    let coop = matches!(kind.as_str(), "CONSULT" | "SUPPORT" | "COOPERATE" | "AID");
    let conflict = matches!(
        kind.as_str(),
        "PROTEST" | "SANCTION" | "MOBILIZE" | "COERCE" | "ASSAULT"
    );
    match f {
        Factuality::Planned if coop => {
            kind = "AGREE".into();
            mode = None;
        }
        Factuality::Planned if kind == "RETREAT" => {
            kind = "CONCEDE".into();
            mode = None;
        }
        Factuality::Planned if conflict => {
            kind = "THREATEN".into();
        }
        Factuality::Hypothetical if conflict => {
            kind = "THREATEN".into();
        }
        Factuality::Negated
            if future && (coop || kind == "AGREE" || kind == "RETREAT" || kind == "CONCEDE") =>
        {
            kind = "REJECT".into();
            mode = None;
        }
        _ => {}
    }
    match f {
        Factuality::Planned => context.push("future".into()),
        Factuality::Hypothetical => context.push("hypothetical".into()),
        Factuality::Negated => context.push("negation".into()),
        _ => {}
    }
    Plover {
        kind,
        mode,
        context,
    }
}

mod anchors;
mod args;
mod coding;
mod factuality;
mod predicates;
mod sources;
mod targets;

use anchors::Anchors;
use args::{
    Args, clause_targets, fronted_object, governing_subject, noun_source_case,
    possessive_pronoun_source, subject_token,
};
use coding::{event_coding, governor_codes, is_question};
use factuality::Factualities;
use predicates::{Pred, find_predicates, light_verbs_yielding};
use sources::{event_source, recent_speaker};
use targets::{Built, event_targets, fill_targets};
