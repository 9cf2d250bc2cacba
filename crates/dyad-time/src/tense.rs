//! The tense of the verb governing a temporal expression, from part-of-speech
//! tags when a tagger ran, else from lexical cues. Looks at a bounded window
//! of words, so the cost per expression is constant.

use dyad_doc::Token;

use crate::lexicon;
use crate::resolve::Tense;
use crate::scan::{Kind, Word};

/// How far to look left and right of an expression, in words.
const LEFT: usize = 30;
const RIGHT: usize = 15;

/// The tense cue carried by word `i`, if any.
fn cue(words: &[Word], i: usize, tokens: &[Token]) -> Option<Tense> {
    let w = &words[i];
    if w.kind != Kind::Alpha {
        return None;
    }
    let low = w.low.as_str();
    if let Some(tag) = xpos_at(tokens, w.start) {
        return match tag {
            "MD" => match low {
                "will" | "ll" | "shall" | "would" | "wo" => Some(Tense::Future),
                _ => None,
            },
            "VBD" | "VBN" => Some(Tense::Past),
            "VBZ" | "VBP" => match low {
                "has" | "have" => Some(Tense::Past),
                _ => Some(Tense::Present),
            },
            _ if lexicon::is_future_cue(low) => lexical(words, i),
            _ => None,
        };
    }
    lexical(words, i)
}

fn lexical(words: &[Word], i: usize) -> Option<Tense> {
    let low = words[i].low.as_str();
    let next = words.get(i + 1).map_or("", |w| w.low.as_str());
    // "would be paid", "will be held", "is to be completed": a passive
    // participle after a modal is the future the modal names
    let back = |k: usize| i.checked_sub(k).map_or("", |p| words[p].low.as_str());
    if back(1) == "be"
        && matches!(back(2), "will" | "would" | "shall" | "ll" | "to")
        && (lexicon::is_irregular_past(low)
            || (low.len() >= 5 && low.ends_with("ed") && !lexicon::is_false_ed(low)))
    {
        return Some(Tense::Future);
    }
    if low == "going" {
        return (next == "to").then_some(Tense::Future);
    }
    if low == "early" {
        // "as early as Tuesday"
        let prev = i.checked_sub(1).map_or("", |p| words[p].low.as_str());
        return (prev == "as" && next == "as").then_some(Tense::Future);
    }
    // "had been due to expire", "was scheduled to": a plan now past
    if matches!(low, "scheduled" | "expected" | "due" | "planned" | "set")
        && (matches!(back(1), "was" | "were" | "had") || (back(1) == "been" && back(2) == "had"))
    {
        return Some(Tense::Past);
    }
    if matches!(
        low,
        "due" | "plan" | "plans" | "planned" | "planning" | "preparing" | "set" | "is" | "are"
    ) && next == "to"
    {
        return Some(Tense::Future);
    }
    // "protesters planned a demonstration on Saturday": the planned thing
    // lies ahead
    if matches!(low, "plan" | "plans" | "planned" | "planning") && matches!(next, "a" | "an") {
        return Some(Tense::Future);
    }
    if low == "due" || low == "plan" || low == "plans" || low == "planned" {
        return (next == "to").then_some(Tense::Future);
    }
    if low == "ll" {
        // "we'll": the apostrophe precedes it
        let prev = i.checked_sub(1).map_or("", |p| words[p].low.as_str());
        return (prev == "'").then_some(Tense::Future);
    }
    if lexicon::is_future_cue(low) {
        // "had been scheduled to expire", "was due to": a plan now past
        if matches!(low, "scheduled" | "expected" | "due" | "planned" | "set")
            && (matches!(back(1), "was" | "were" | "had")
                || (back(1) == "been" && back(2) == "had"))
        {
            return Some(Tense::Past);
        }
        return Some(Tense::Future);
    }
    if lexicon::is_irregular_past(low) || matches!(low, "has" | "have") {
        return Some(Tense::Past);
    }
    if lexicon::is_present_cue(low) {
        return Some(Tense::Present);
    }
    if low.len() >= 5 && low.ends_with("ed") && !lexicon::is_false_ed(low) {
        // "a still unspecified date", "the planned talks": adjectives
        let prev = i.checked_sub(1).map_or("", |p| words[p].low.as_str());
        let attributive = matches!(
            prev,
            "a" | "an"
                | "the"
                | "this"
                | "that"
                | "its"
                | "his"
                | "her"
                | "their"
                | "our"
                | "still"
                | "newly"
                | "so-called"
                | "well"
        );
        return (!attributive).then_some(Tense::Past);
    }
    None
}

/// Whether the verb right around word `a` is past: "was soon released",
/// "that soon became" (the words next to it, within the sentence).
pub(crate) fn past_around(words: &[Word], (s0, s1): (usize, usize), a: usize) -> bool {
    let prev = if a > s0 {
        words[a - 1].low.as_str()
    } else {
        ""
    };
    if matches!(prev, "was" | "were" | "had") {
        return true;
    }
    a + 1 < s1 && {
        let next = words[a + 1].low.as_str();
        words[a + 1].kind == Kind::Alpha
            && (lexicon::is_irregular_past(next)
                || (next.len() >= 5 && next.ends_with("ed") && !lexicon::is_false_ed(next)))
    }
}

/// The Penn tag of the token starting at byte `start`, if tagged.
fn xpos_at(tokens: &[Token], start: usize) -> Option<&str> {
    let i = tokens
        .binary_search_by_key(&start, |t| t.span.start())
        .ok()?;
    tokens[i].xpos.as_deref()
}

/// The tense governing words `a..b` within the sentence `s0..s1`.
pub(crate) fn tense_of(
    words: &[Word],
    (s0, s1): (usize, usize),
    (a, b): (usize, usize),
    tokens: &[Token],
) -> Tense {
    // "Wednesday's ruling" names a day already past
    if b + 1 < words.len() && words[b].low == "'" && words[b + 1].low == "s" {
        return Tense::Past;
    }
    // "by February", "postponed until Tuesday": a deadline ahead (a
    // sentence-initial "Until Thursday, they had not..." looks back)
    if a > s0 && (words[a - 1].low == "by" || (words[a - 1].low == "until" && a - 1 > s0)) {
        return Tense::Future;
    }
    let mut best: Option<(usize, Tense)> = None;
    let lo = a.saturating_sub(LEFT).max(s0);
    for i in (lo..a).rev() {
        if let Some(t) = cue(words, i, tokens) {
            best = Some(((a - i) * 2, t));
            break;
        }
    }
    let hi = (b + RIGHT).min(s1);
    for i in b..hi {
        if best.is_some_and(|(d, _)| (i + 1 - b) * 3 >= d) {
            break;
        }
        if let Some(t) = cue(words, i, tokens) {
            best = Some(((i + 1 - b) * 3, t));
            break;
        }
    }
    best.map_or(Tense::Unknown, |(_, t)| t)
}
