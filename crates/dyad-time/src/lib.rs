//! Temporal expressions for dyad: recognition and normalisation of English
//! news TIMEX3 (DATE, TIME, DURATION, SET) with TimeML values, resolved
//! against the document date and the tense of the governing verb, and a
//! TempEval-3 reader and scorer.
//!
//! The recogniser is a hand-written grammar over words scanned from the raw
//! text (HeidelTime/SUTime in spirit): bounded lookahead at each word, longest
//! match wins, so the cost is linear in the text. It runs per sentence when
//! `doc.sentences` is filled, else over the whole text with its own rough
//! sentence breaks for tense cues. Penn tags (`Token::xpos`) sharpen tense
//! when a tagger ran; otherwise lexical cues (will/would/plans/next;
//! did/was/-ed) decide.
//!
//! Values follow TimeML: dates "2025-02-12", months "2025-01", years
//! "2014", decades "199", centuries "19", ISO weeks "2025-W07", weekends
//! "2025-W06-WE", quarters "2024-Q3", halves "2023-H1", seasons "2025-SU",
//! parts of days "2025-02-13TNI", clock times "2025-02-14T17:00"
//! (local time as written: a named zone is part of the extent, never of
//! the value, as in TimeBank and TempEval-3), durations "PT90M", "P11Y",
//! "PXD" (unknown amount), sets "P1W", "XXXX-WXX-4", and the references
//! "PRESENT_REF", "PAST_REF", "FUTURE_REF". A value that needs the document
//! date when there is none, or names an impossible date, is `None` with a
//! `reason`; `anchor` says what a value was computed from: "absolute",
//! "document:<tense>" or "timex:<index>" (an earlier expression, for "that
//! day", "the following year", "a year earlier" after a named quarter).
//!
//! ```
//! use dyad_doc::NaiveDate;
//! let date = NaiveDate::from_ymd_opt(2025, 2, 13);
//! let t = dyad_time::annotate("He will meet Rubio on Friday.", date);
//! assert_eq!(t[0].value.as_deref(), Some("2025-02-14"));
//! ```

#![warn(missing_docs)]

mod grammar;
mod lexicon;
mod resolve;
mod scan;
mod sem;
mod tempeval;
mod tense;

use dyad_doc::{Doc, Layer, LayerSet, NaiveDate, Span, Stage, StageError, Timex, Token};

pub use grammar::DateOrder;
pub use resolve::Tense;
pub use tempeval::{
    Error, FamilyErrors, GoldDoc, GoldTimex, Scores, TimexMiss, TimexReport, eval_tempeval,
    read_dir, read_tml, score_docs,
};

use grammar::{Grammar, Match};
use resolve::{Anchor, RefTimes};
use scan::Word;

/// Options for the recogniser.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimexOptions {
    /// How to read "2/12/2025" when both numbers could be the month.
    pub date_order: DateOrder,
}

/// The pipeline stage that fills `doc.timexes`.
///
/// Needs nothing (works on raw text); uses sentences and Penn tags when an
/// earlier stage filled them.
#[derive(Debug, Clone, Default)]
pub struct TimexStage {
    options: TimexOptions,
}

impl TimexStage {
    /// A stage with default options (US month/day order for "2/12/2025").
    pub fn new() -> TimexStage {
        TimexStage::default()
    }

    /// A stage with the given options.
    pub fn with_options(options: TimexOptions) -> TimexStage {
        TimexStage { options }
    }
}

impl Stage for TimexStage {
    fn name(&self) -> &'static str {
        "timex"
    }

    fn needs(&self) -> LayerSet {
        LayerSet::EMPTY
    }

    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Timexes])
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let timexes = annotate_doc(doc, self.options);
        if doc.meta.date.is_none() && timexes.iter().any(|t| t.reason.is_some()) {
            doc.note(
                "timex",
                None,
                "no document date: relative temporal expressions have no value",
            );
        }
        doc.timexes = timexes;
        Ok(())
    }
}

/// Find and normalise the temporal expressions of a plain text dated `date`.
pub fn annotate(text: &str, date: Option<NaiveDate>) -> Vec<Timex> {
    let meta = dyad_doc::Meta {
        date,
        ..Default::default()
    };
    annotate_doc(&Doc::new(text, meta), TimexOptions::default())
}

/// Find and normalise the temporal expressions of `doc` (its text, date,
/// and sentences and tags when present), in text order.
pub fn annotate_doc(doc: &Doc, options: TimexOptions) -> Vec<Timex> {
    let text = doc.text();
    let words = scan::scan(text, 0);
    let sentences = sentence_ranges(doc, &words);
    // a document about quarterly results reads "a year ago" as a quarter
    // (it names quarters, or reports "net income" and "cents a share")
    let q = words.iter().enumerate().any(|(i, w)| {
        matches!(w.low.as_str(), "quarter" | "quarters" | "quarterly")
            || (w.low == "share" && i > 0 && words[i - 1].low == "a")
            || (w.low == "income" && i > 0 && words[i - 1].low == "net")
    });
    let quarter_ctx = vec![q; words.len()];
    let tokens: &[Token] = if doc.tokens.iter().any(|t| t.xpos.is_some()) {
        &doc.tokens
    } else {
        &[]
    };
    let mut out: Vec<Timex> = Vec::new();
    let mut refs = RefTimes::default();
    for &(s0, s1) in &sentences {
        let g = Grammar::new(&words[s0..s1], options.date_order, &quarter_ctx[s0..s1]);
        for m in g.run() {
            let Some(t) = to_timex(&words, (s0, s1), m, doc.meta.date, tokens, &refs) else {
                continue;
            };
            // only expressions anchored on the document or absolute set the
            // reference time, so "a year earlier" does not chain
            let derived = t.anchor.as_deref().is_some_and(|a| a.starts_with("timex:"));
            if let Some(v) = t.value.as_deref().filter(|_| !derived) {
                refs.note(out.len(), v, doc.meta.date);
            }
            out.push(t);
        }
    }
    out
}

fn to_timex(
    words: &[Word],
    sentence: (usize, usize),
    m: Match,
    dct: Option<NaiveDate>,
    tokens: &[Token],
    refs: &RefTimes,
) -> Option<Timex> {
    let (a, b) = (sentence.0 + m.start, sentence.0 + m.end);
    let span = Span::from_trusted(words[a].start, words[b - 1].end);
    let tense = tense::tense_of(words, sentence, (a, b), tokens);
    // "He was soon released": a "soon" inside a past narrative is soon
    // after a past event, not FUTURE_REF from the document date
    if b == a + 1 && words[a].low == "soon" && tense::past_around(words, sentence, a) {
        return None;
    }
    Some(match resolve::resolve(&m.sem, dct, tense, refs) {
        Ok((value, anchor)) => Timex {
            span,
            kind: m.kind,
            value: Some(value),
            anchor: match anchor {
                Anchor::Absolute => Some("absolute".to_string()),
                Anchor::Timex(i) => Some(format!("timex:{i}")),
                Anchor::Document => Some(format!("document:{}", tense_name(tense))),
                Anchor::None => None,
            },
            reason: None,
        },
        Err(reason) => Timex {
            span,
            kind: m.kind,
            value: None,
            anchor: None,
            reason: Some(reason),
        },
    })
}

fn tense_name(t: Tense) -> &'static str {
    match t {
        Tense::Past => "past",
        Tense::Present => "present",
        Tense::Future => "future",
        Tense::Unknown => "untensed",
    }
}

/// Word ranges of the sentences: from `doc.sentences` when present, else
/// rough breaks at sentence-final punctuation and blank lines.
fn sentence_ranges(doc: &Doc, words: &[Word]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !doc.sentences.is_empty() {
        let mut i = 0;
        for s in &doc.sentences {
            while i < words.len() && words[i].end <= s.span.start() {
                i += 1;
            }
            let s0 = i;
            while i < words.len() && words[i].start < s.span.end() {
                i += 1;
            }
            if i > s0 {
                out.push((s0, i));
            }
        }
        return out;
    }
    let text = doc.text();
    let mut s0 = 0;
    for i in 0..words.len() {
        let next = words.get(i + 1);
        let brk = match next {
            None => true,
            Some(n) => {
                let gap = &text[words[i].end..n.start];
                let para = gap.matches('\n').count() >= 2;
                let end_punct = matches!(words[i].low.as_str(), "." | "!" | "?")
                    && !gap.is_empty()
                    && (n.cap || n.kind == scan::Kind::Punct)
                    && (i == 0 || !lexicon::is_abbreviation(&words[i - 1].low));
                para || end_punct
            }
        };
        if brk {
            out.push((s0, i + 1));
            s0 = i + 1;
        }
    }
    out
}
