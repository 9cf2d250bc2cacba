//! The source of an event: the predicate's own or inherited subject, the
//! proposer of an agentless passive, a subject pronoun's referent, the
//! parties of a collective subject, an event noun's possessor, nationality
//! or compound, a possessive pronoun's referent, or the recent speaker of an
//! agentless speech-act noun.

use super::*;

/// Nouns naming what someone said ("Hegseth's remarks", "his statements").
const SPEECH_NOUNS: &[&str] = &[
    "statement",
    "remark",
    "comment",
    "speech",
    "announcement",
    "declaration",
    "testimony",
    "assertion",
    "message",
];

/// CAMEO roots of acts performed by speaking (statements, appeals, intents,
/// demands, disapproval, rejection, threats).
const SPEECH_ACT_ROOTS: &[&str] = &["01", "02", "03", "10", "11", "12", "13"];

/// The actor whose statements the two sentences before sentence `si` talk
/// about: the possessor of the latest speech noun there ("Hegseth's
/// statements would have pleased Moscow."). A speech-act noun with no agent
/// of its own in sentence `si` ("There was a rejection of NATO membership")
/// is that actor's act. Reads at most the two previous sentences.
pub(super) fn recent_speaker(doc: &Doc, si: usize, tok_actor: &[Option<usize>]) -> Option<usize> {
    let first = doc.sentences[si.saturating_sub(2)].token_start;
    let end = doc.sentences[si].token_start;
    (first..end).rev().find_map(|t| {
        let tok = &doc.tokens[t];
        let h = tok.head?;
        let speech = tok.deprel.as_deref() == Some("nmod:poss")
            && doc.tokens[h]
                .lemma
                .as_deref()
                .is_some_and(|l| SPEECH_NOUNS.iter().any(|n| l.eq_ignore_ascii_case(n)));
        if speech { tok_actor[t] } else { None }
    })
}

/// Verbs whose clausal complement is the subject's proposal.
const PROPOSE: &[&str] = &["propose", "suggest", "offer", "envisage", "recommend"];

/// The source of the event of predicate `ep` and the targets its passive
/// subject names. Reads the parse, the actors and memos in `args`, the quote
/// around the trigger and the events already in `out` (for a collective
/// subject). Returns `(source, passive_target)`.
pub(super) fn event_source(
    cx: &SentenceCtx<'_, '_>,
    args: &mut Args,
    ep: &EventPred<'_>,
    out: &[Event],
) -> (Vec<usize>, Vec<usize>) {
    let (mut source, pass_tgt) = clause_source(cx, args, ep.tok);
    subject_referents(cx, args, ep, out, &mut source);
    // Noun sources: possessor / nationality / compound.
    if ep.is_noun {
        let own = noun_modifier_sources(cx, args, ep.tok, ep.code);
        if !own.is_empty() {
            source = own;
        }
    }
    if source.is_empty() {
        source = unexpressed_source(cx, args, ep);
    }
    (source, pass_tgt)
}

/// The source from predicate `i`'s clause: its own subject or, in the
/// active voice, the subject it inherits ([`Args::subject`]); an agentless
/// passive proposed by someone is the proposer's. Reads the parse and the
/// memos in `args`; returns `(source, passive_target)`.
fn clause_source(cx: &SentenceCtx<'_, '_>, args: &mut Args, i: usize) -> (Vec<usize>, Vec<usize>) {
    let (s, ta) = (cx.s, cx.ta);
    let (own_src, pass_tgt, passive) = args.own(s, ta, i);
    let mut source = if own_src.is_empty() && !passive {
        args.subject(s, ta, i)
    } else {
        own_src
    };
    // An agentless passive proposed by someone is the proposer's
    // ("Zelensky proposed that occupied areas could be exchanged…").
    if source.is_empty()
        && passive
        && let Some(h) = s.head[i]
        && matches!(s.base_rel(i), "ccomp" | "xcomp")
        && PROPOSE.contains(&s.lemma[h].as_str())
    {
        source = args.own(s, ta, h).0;
    }
    (source, pass_tgt)
}

/// What predicate `ep`'s subject token adds to `source`: a personal pronoun
/// with no actor puts the speaker of the enclosing quote or the governing
/// clause's subject in front; a collective subject ("both", "the
/// two") with no source takes the parties of the latest event with two or
/// more of them among the events in `out` from this or the previous sentence.
fn subject_referents(
    cx: &SentenceCtx<'_, '_>,
    args: &mut Args,
    ep: &EventPred<'_>,
    out: &[Event],
    source: &mut Vec<usize>,
) {
    let (s, i) = (cx.s, ep.tok);
    let Some(subj) = subject_token(s, i) else {
        return;
    };
    let l = s.lemma[subj].as_str();
    let collective = s.children[subj]
        .iter()
        .any(|&c| (s.base_rel(c) == "nummod" && s.lemma[c] == "two") || s.lemma[c] == "both")
        || l == "both";
    // The subject, or a dependent of its head, is a pronoun.
    let pronoun = pronoun_subject(cx, subj)
        || s.head[subj].is_some_and(|h| {
            cx.pronoun_child.get_or_init(|| {
                let mut has = vec![false; s.head.len()];
                for c in 0..has.len() {
                    if let Some(h) = s.head[c]
                        && pronoun_subject(cx, c)
                    {
                        has[h] = true;
                    }
                }
                has
            })[h]
        });
    if pronoun {
        for a in speaker_or_governing_subject(cx, args, i, ep.quote)
            .into_iter()
            .rev()
        {
            if !source.contains(&a) {
                source.insert(0, a);
            }
        }
    } else if collective
        && source.is_empty()
        && let Some(prev) = out
            .iter()
            .rev()
            .take_while(|e| e.sentence + 1 >= cx.si)
            .take(16)
            .find(|e| e.source.len() + e.target.len() >= 2)
    {
        *source = prev.source.iter().chain(&prev.target).copied().collect();
        source.dedup();
    }
}

/// Whether token `c` is a personal pronoun subject, conjunct or
/// expletive ("he", "they", "it"...) that names no actor.
fn pronoun_subject(cx: &SentenceCtx<'_, '_>, c: usize) -> bool {
    let s = cx.s;
    matches!(s.base_rel(c), "nsubj" | "conj" | "expl")
        && s.upos(c) == Some(Upos::Pron)
        && cx.ta[c].is_none()
        && matches!(
            s.lemma[c].as_str(),
            "he" | "she" | "i" | "we" | "they" | "it"
        )
}

/// Who a pronoun in predicate `i`'s source slot stands for: the speaker of
/// the enclosing quote (`quote`), else the actors of the governing clause's
/// subject ([`governing_subject`]).
fn speaker_or_governing_subject(
    cx: &SentenceCtx<'_, '_>,
    args: &mut Args,
    i: usize,
    quote: Option<Option<usize>>,
) -> Vec<usize> {
    match quote {
        Some(Some(sp)) => vec![sp],
        _ => governing_subject(cx.s, args, cx.ta, i),
    }
}

/// The actors an event noun `i` (coded `code`) names as its own source: its
/// possessor, adjectival and compound modifiers, and nominal modifiers whose
/// case marks a source ([`noun_source_case`]), in order, without repeats.
fn noun_modifier_sources(
    cx: &SentenceCtx<'_, '_>,
    args: &mut Args,
    i: usize,
    code: &str,
) -> Vec<usize> {
    let (s, ta) = (cx.s, cx.ta);
    let mut own: Vec<usize> = Vec::new();
    for &c in &s.children[i] {
        let r = s.rel(c);
        if r == "nmod:poss"
            || matches!(s.base_rel(c), "amod" | "compound")
            || (s.base_rel(c) == "nmod" && noun_source_case(s.case_of(c), code))
        {
            for a in args.arg(s, ta, c) {
                if !own.contains(&a) {
                    own.push(a);
                }
            }
        }
    }
    own
}

/// The source of predicate `ep` when no phrase of its own names one: a
/// possessive pronoun in the source slot ("their withdrawal", "its
/// investigation", "their forces had completed…") stands for the speaker of
/// the enclosing quote or the governing clause's subject; failing that, an
/// agentless speech-act noun continues the talk of someone's statements in
/// the sentences before (see [`recent_speaker`]). Empty when neither applies.
fn unexpressed_source(cx: &SentenceCtx<'_, '_>, args: &mut Args, ep: &EventPred<'_>) -> Vec<usize> {
    let mut source = Vec::new();
    if possessive_pronoun_source(cx.s, cx.ta, ep.tok, ep.is_noun) {
        source = speaker_or_governing_subject(cx, args, ep.tok, ep.quote);
    }
    if source.is_empty()
        && ep.is_noun
        && SPEECH_ACT_ROOTS.iter().any(|r| ep.code.starts_with(r))
        && let Some(a) = cx.recent
    {
        source = vec![a];
    }
    source
}
