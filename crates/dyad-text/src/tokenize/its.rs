//! When "its" before an adverb is "it's": the adverbs after which the
//! lexicon would split "its" that can also stand inside a possessive noun
//! phrase ("its less expensive rival", "its almost 40-year history", "its
//! already strained ties", "its now defunct unit") split only when the
//! words after them read as a clause.
//!
//! Source: written by the dyad developers from English grammar. Measured on
//! UD English EWT (train: 14 "its" + one of these adverbs, all "it's",
//! every one with the clause evidence below; no possessive) and spot-checked
//! on news text, where "its" before them is a possessive.

/// Adverbs in the lexicon's "after its" list that can also premodify an
/// adjective or a number inside a noun phrase after a possessive.
const WEAK: &[&str] = &[
    "about",
    "absolutely",
    "actually",
    "almost",
    "already",
    "basically",
    "certainly",
    "definitely",
    "just",
    "largely",
    "less",
    "more",
    "most",
    "nearly",
    "now",
    "obviously",
    "pretty",
    "probably",
    "quite",
    "really",
    "simply",
    "so",
    "still",
    "totally",
    "usually",
    "very",
];

/// Words that cannot follow the adjective of a noun phrase "its ADV ADJ",
/// but do follow a predicative one ("it's less dry and…", "it's really
/// amazing there", "it's so good to…", "it's about time we…").
const CLAUSE_NEXT: &[&str] = &[
    "to", "than", "for", "and", "but", "or", "because", "there", "here", "now", "too", "though",
    "again", "as", "that", "enough", "if", "when", "so", "with", "at", "in", "on", "we", "you",
    "he", "she", "they", "i", "it", "this", "anyway", "lol",
];

fn listed(word: &str, list: &[&str]) -> bool {
    word.len() <= 12 && list.iter().any(|e| e.eq_ignore_ascii_case(word))
}

/// Whether `word`, right after "its", is an adverb that needs the clause
/// evidence of [`reads_as_clause`] before "its" is split.
pub(super) fn is_weak(word: &str) -> bool {
    listed(word, WEAK)
}

/// Whether `word`, right after "its" and before "of", makes a hedge ("it's
/// kind of expensive", "it's sort of a…": EWT dev 2 of 2, PolNeAR 1 of 1
/// "it's"), which splits "its" when a clause follows it as after a weak
/// adverb.
pub(super) fn is_hedge(word: &str) -> bool {
    word.eq_ignore_ascii_case("kind") || word.eq_ignore_ascii_case("sort")
}

/// Whether the words after "its" and a weak adverb (`after`, in order,
/// each with whether a hyphen or another word is glued to its end) read as
/// the rest of a clause ("it's really amazing there", "it's still good.",
/// "it's simply not…") rather than of a noun phrase ("its less expensive
/// rival", "its almost 40-year history"). `strong` says whether a word
/// alone shows a clause after "its" (the lexicon's other cues: "a", "not",
/// "the"…).
pub(super) fn reads_as_clause(after: &[(&str, bool)], strong: impl Fn(&str) -> bool) -> bool {
    // Further adverbs of the same kind ("its really very good") are skipped.
    let mut k = 0;
    while k < 2 && after.get(k).is_some_and(|(w, _)| is_weak(w)) {
        k += 1;
    }
    let Some(&(w, glued)) = after.get(k) else {
        return true;
    };
    let first = w.chars().next().unwrap_or(' ');
    if strong(w) {
        return true;
    }
    if !first.is_alphabetic() {
        // Punctuation ("it's so!") reads as a clause; a number or a
        // currency sign ("its almost 40-year history", "its about $3
        // billion budget") as a noun phrase.
        return !(first.is_ascii_digit() || crate::chars::is_currency(first));
    }
    if glued {
        // A compound adjective ("its less well-known rival").
        return false;
    }
    let Some(&(x, _)) = after.get(k + 1) else {
        return true;
    };
    let xfirst = x.chars().next().unwrap_or(' ');
    if !xfirst.is_alphanumeric() {
        return !matches!(x, "-" | "‐" | "–" | "'s" | "’s");
    }
    listed(x, CLAUSE_NEXT) || (first.is_lowercase() && xfirst.is_uppercase() && x != "I")
}
