//! Finding a sentence's predicates: verbs and event nouns the pattern
//! lexicon codes, speech verbs that report what another party must do, and
//! light verbs that yield to their event-noun object.

use super::*;

/// Speech verbs whose "must"/"should" complement about another party is a
/// demand on it.
const SAY: &[&str] = &[
    "say", "announce", "state", "declare", "stress", "insist", "add", "write", "tell",
];

/// The built-in pattern for "X said (that) Y must …" (CAMEO 100, demand
/// frame), which the verb-pattern lexicon cannot express.
fn said_must() -> &'static Pattern {
    static P: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    P.get_or_init(|| Pattern {
        pos: PatternPos::Verb,
        head: "say".into(),
        extra: None,
        objects: Vec::new(),
        preps: Vec::new(),
        cameo: "100".into(),
        frame: Some(Frame::Demand),
        origin: "stage.rs: speech verb with a must/should complement".into(),
    })
}

/// The clauses a verb of saying reports: its complement clauses, and a
/// "that" clause the parser hung on one of its obliques ("said on Friday
/// that the government must…" with the clause under "Friday").
fn said_clauses<'s>(s: &'s Sent<'_>, v: usize) -> impl Iterator<Item = usize> + 's {
    let direct = s.children[v]
        .iter()
        .copied()
        .filter(|&c| s.base_rel(c) == "ccomp");
    let under_obl = s.children[v]
        .iter()
        .copied()
        .filter(|&o| s.base_rel(o) == "obl")
        .flat_map(|o| s.children[o].iter().copied())
        .filter(|&c| {
            matches!(s.base_rel(c), "acl" | "ccomp")
                && s.children[c]
                    .iter()
                    .any(|&m| s.base_rel(m) == "mark" && s.lemma[m] == "that" && m < c)
        });
    direct.chain(under_obl)
}

/// Whether clause `c` (complement of speech verb `v`) says what a party other
/// than the speaker must or should do: an obligation auxiliary and a subject
/// that is neither a pronoun nor one of the speaker's own actors.
fn obligation_of_other(s: &Sent<'_>, ta: &[Option<usize>], v: usize, c: usize) -> bool {
    let must = s.children[c].iter().any(|&a| {
        s.base_rel(a) == "aux"
            && matches!(
                s.text(a).to_lowercase().as_str(),
                "must" | "should" | "ought"
            )
    });
    if !must {
        return false;
    }
    let Some(subj) = s.children[c]
        .iter()
        .copied()
        .find(|&x| matches!(s.rel(x), "nsubj" | "nsubj:pass"))
    else {
        return false;
    };
    if s.upos(subj) == Some(Upos::Pron) && ta[subj].is_none() {
        return false;
    }
    let speaker: Vec<Option<usize>> = s.children[v]
        .iter()
        .filter(|&&x| s.base_rel(x) == "nsubj")
        .map(|&x| ta[x])
        .collect();
    !(ta[subj].is_some() && speaker.contains(&ta[subj]))
}

/// Heads that keep an event-noun compound modifier a predicate ("mediation effort").
const PROCESS: &[&str] = &[
    "effort",
    "campaign",
    "operation",
    "program",
    "programme",
    "process",
    "bid",
    "initiative",
    "mission",
    "talk",
];

/// Candidate lemmas of an inflected verb form, for when the tagger's lemma
/// is not in the lexicon ("rioted" → "riot").
fn naive_lemmas(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suf in ["ied", "ies", "ed", "es", "ing", "d", "s"] {
        if let Some(stem) = w.strip_suffix(suf)
            && stem.len() >= 2
        {
            match suf {
                "ied" | "ies" => out.push(format!("{stem}y")),
                "ing" | "ed" => {
                    out.push(stem.to_string());
                    out.push(format!("{stem}e"));
                    let b = stem.as_bytes();
                    if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
                        out.push(stem[..stem.len() - 1].to_string());
                    }
                }
                _ => out.push(stem.to_string()),
            }
        }
    }
    out
}

/// A recognised predicate in a sentence.
pub(super) struct Pred<'p> {
    /// The predicate's token (sentence-local).
    pub(super) tok: usize,
    /// The first token of its trigger (a noun pattern's preceding extra word).
    pub(super) first: usize,
    /// The lexicon pattern it matched.
    pub(super) pattern: &'p Pattern,
    /// The pattern's CAMEO code.
    pub(super) code: String,
}

/// Whether predicate candidate `i` meets pattern `p`'s extra word, objects
/// and prepositions.
fn matches(s: &Sent<'_>, i: usize, p: &Pattern) -> bool {
    if let Some(extra) = &p.extra {
        let ok = match p.pos {
            PatternPos::Verb => {
                s.children[i].iter().any(|&c| {
                    s.lemma[c] == *extra
                        || (matches!(s.base_rel(c), "obl" | "obj" | "xcomp" | "ccomp")
                            && s.case_of(c) == Some(extra.as_str()))
                }) || (i + 1 < s.n() && s.lemma[i + 1] == *extra)
            }
            PatternPos::Noun => {
                s.children[i]
                    .iter()
                    .any(|&c| s.lemma[c] == *extra || s.text(c).eq_ignore_ascii_case(extra))
                    || (i > 0
                        && (s.lemma[i - 1] == *extra || s.text(i - 1).eq_ignore_ascii_case(extra)))
            }
        };
        if !ok {
            return false;
        }
    }
    if !p.objects.is_empty() {
        let ok = s.children[i].iter().any(|&c| {
            let r = s.base_rel(c);
            let arg = match p.pos {
                PatternPos::Verb => matches!(r, "obj" | "nsubj" | "obl" | "iobj" | "xcomp"),
                PatternPos::Noun => matches!(r, "nmod" | "compound" | "amod"),
            };
            arg && (p.pos == PatternPos::Noun || r != "nsubj" || s.rel(c) == "nsubj:pass")
                && (p.objects.contains(&s.lemma[c])
                    || s.children[c].iter().any(|&g| {
                        matches!(s.base_rel(g), "compound" | "nmod")
                            && p.objects.contains(&s.lemma[g])
                    }))
        });
        if !ok {
            return false;
        }
    }
    if !p.preps.is_empty() {
        let ok = s.children[i].iter().any(|&c| {
            matches!(
                s.base_rel(c),
                "obl" | "nmod" | "xcomp" | "advcl" | "ccomp" | "obj"
            ) && s.case_of(c).is_some_and(|w| p.preps.iter().any(|x| x == w))
        });
        if !ok {
            return false;
        }
    }
    true
}

/// The predicates of sentence `s`: first every token the lexicon codes
/// ([`lexicon_predicate`]), then every speech verb reporting what another
/// party must do ([`said_must_at`]). Reads the parse and `ta` (the actor of
/// each token of the sentence). Returns the predicates and
/// `pred_at[i]`: the index among them of the predicate at token `i`.
#[allow(clippy::needless_range_loop)] // pred_at is filled as tokens are read
pub(super) fn find_predicates<'p>(
    lex: &'p Lexicon,
    s: &Sent<'_>,
    ta: &[Option<usize>],
) -> (Vec<Pred<'p>>, Vec<Option<usize>>) {
    let n = s.n();
    let mut pred_at: Vec<Option<usize>> = vec![None; n];
    let mut preds: Vec<Pred<'p>> = Vec::new();
    for i in 0..n {
        if let Some(p) = lexicon_predicate(lex, s, ta, i) {
            pred_at[i] = Some(preds.len());
            preds.push(p);
        }
    }
    // "X said that Y must…": a statement of what another party must do is a
    // demand on that party, specialised by what it must do.
    for i in 0..n {
        if pred_at[i].is_none() && said_must_at(s, ta, i) {
            pred_at[i] = Some(preds.len());
            preds.push(Pred {
                tok: i,
                first: i,
                pattern: said_must(),
                code: said_must().cameo.clone(),
            });
        }
    }
    (preds, pred_at)
}

/// The predicate at token `i`, if the lexicon codes it: a verb, or a common
/// noun outside any actor mention and not a compound modifier (unless of a
/// process noun, "mediation effort"), whose lemma (or, for a verb, a
/// [`naive_lemmas`] guess) has a pattern that [`matches`]. Passive "meet" is
/// left out. Reads the parse, `ta` (actor per token) and the lexicon.
fn lexicon_predicate<'p>(
    lex: &'p Lexicon,
    s: &Sent<'_>,
    ta: &[Option<usize>],
    i: usize,
) -> Option<Pred<'p>> {
    let pos = match s.upos(i) {
        Some(Upos::Verb) => PatternPos::Verb,
        Some(Upos::Noun) => PatternPos::Noun,
        Some(Upos::Propn) if s.text(i).chars().next().is_some_and(char::is_lowercase) => {
            PatternPos::Noun
        }
        _ => return None,
    };
    // Tokens inside an actor mention are not predicates ("Defense Secretary").
    if pos == PatternPos::Noun
        && (ta[i].is_some()
            || (s.base_rel(i) == "compound"
                && !s.head[i].is_some_and(|h| PROCESS.contains(&s.lemma[h].as_str())))
            || (i > 0 && s.text(i).chars().next().is_some_and(char::is_uppercase)))
    {
        return None;
    }
    let mut pats = lex.patterns(pos, &s.lemma[i]);
    if pats.is_empty() && pos == PatternPos::Verb {
        pats = naive_lemmas(&s.text(i).to_lowercase())
            .into_iter()
            .map(|l| lex.patterns(pos, &l))
            .find(|p| !p.is_empty())
            .unwrap_or(&[]);
    }
    let p = pats.iter().find(|p| matches(s, i, p))?;
    // "until their demands are met": passive "meet" is not a meeting.
    if s.lemma[i] == "meet"
        && s.children[i]
            .iter()
            .any(|&c| matches!(s.rel(c), "aux:pass" | "nsubj:pass"))
    {
        return None;
    }
    let mut first = i;
    if pos == PatternPos::Noun
        && let Some(extra) = &p.extra
        && i > 0
        && (s.lemma[i - 1] == *extra || s.text(i - 1).eq_ignore_ascii_case(extra))
    {
        first = i - 1;
    }
    Some(Pred {
        tok: i,
        first,
        pattern: p,
        code: p.cameo.clone(),
    })
}

/// Whether token `i` is a speech verb ([`SAY`]) one of whose reported clauses
/// ([`said_clauses`]) says what another party must do
/// ([`obligation_of_other`]); `ta` is the actor of each token of the
/// sentence.
fn said_must_at(s: &Sent<'_>, ta: &[Option<usize>], i: usize) -> bool {
    s.upos(i) == Some(Upos::Verb)
        && SAY.contains(&s.lemma[i].as_str())
        && said_clauses(s, i).any(|c| obligation_of_other(s, ta, i, c))
}

/// Which predicates are dropped: a light verb without object words of its
/// own whose object is itself a predicate (an event noun) yields to it
/// ("held talks"). Reads the parse, `preds` and `pred_at`; one flag per
/// predicate.
pub(super) fn light_verbs_yielding(
    s: &Sent<'_>,
    preds: &[Pred<'_>],
    pred_at: &[Option<usize>],
) -> Vec<bool> {
    let mut dropped = vec![false; preds.len()];
    for (k, p) in preds.iter().enumerate() {
        if p.pattern.pos == PatternPos::Verb
            && p.pattern.objects.is_empty()
            && LIGHT.contains(&s.lemma[p.tok].as_str())
            && s.children[p.tok]
                .iter()
                .any(|&c| s.base_rel(c) == "obj" && pred_at[c].is_some())
        {
            dropped[k] = true;
        }
    }
    dropped
}
