//! Targets of events: while an event is built, from its passive subject,
//! object, obliques or light verb ([`event_targets`]); after a sentence's
//! events are built, for those still without one, a governor's from its
//! complement, an event's from the nearest actor inside its predicate
//! phrase, an event noun's from the event it is the means of or joined to
//! ([`fill_targets`]).

use super::*;

/// Tokens [`inner_actor`] looks at per event at most.
const INNER_BUDGET: usize = 96;

/// Relations of a predicate's dependents that never hold its target: its
/// subject, conjoined predicates (events of their own), function words and
/// side remarks.
const NOT_INNER: &[&str] = &[
    "nsubj",
    "csubj",
    "expl",
    "conj",
    "cc",
    "punct",
    "parataxis",
    "mark",
    "aux",
    "cop",
    "det",
    "advmod",
    "case",
    "discourse",
    "vocative",
    "reparandum",
    "dep",
    "appos",
];

/// The token of the nearest actor (breadth-first, then leftmost) in the
/// phrase headed by predicate `p`, outside its subject, its own modifiers
/// (for nouns those name the source) and the actors in `skip`; at most six
/// levels down and [`INNER_BUDGET`] tokens, so the cost per event is bounded.
fn inner_actor(s: &Sent<'_>, ta: &[Option<usize>], p: usize, skip: &[usize]) -> Option<usize> {
    let mut budget = INNER_BUDGET;
    let noun = matches!(s.upos(p), Some(Upos::Noun | Upos::Propn));
    let mut level: Vec<usize> = s.children[p]
        .iter()
        .copied()
        .filter(|&c| {
            let r = s.base_rel(c);
            !NOT_INNER.contains(&r)
                && !fronted_object(s, c)
                && !(noun && (matches!(r, "amod" | "compound" | "flat") || s.rel(c) == "nmod:poss"))
        })
        .collect();
    for _ in 0..6 {
        if level.is_empty() {
            break;
        }
        level.sort_unstable();
        if let Some(&t) = level
            .iter()
            .find(|&&t| ta[t].is_some_and(|a| !skip.contains(&a)))
        {
            return Some(t);
        }
        let mut next = Vec::new();
        for &t in &level {
            budget = budget.saturating_sub(s.children[t].len());
            if budget == 0 {
                return None;
            }
            next.extend(
                s.children[t]
                    .iter()
                    .copied()
                    .filter(|&c| !matches!(s.base_rel(c), "punct" | "parataxis")),
            );
        }
        level = next;
    }
    None
}

/// The targets of the event of predicate `ep` as it is built: its passive
/// subject's actors
/// (`pass_tgt`), else its object or best oblique ([`object_oblique_targets`],
/// which may set an empty `source` from "between"), else, for an event noun
/// that is a verb's object, that verb's targets ([`clause_targets`]). Never
/// an actor of `source`; a reciprocal event ("each other") is aimed at its
/// sources. Reads the parse and the memos in `args`.
pub(super) fn event_targets(
    cx: &SentenceCtx<'_, '_>,
    args: &mut Args,
    ep: &EventPred<'_>,
    pass_tgt: Vec<usize>,
    source: &mut Vec<usize>,
) -> Vec<usize> {
    let (s, i, is_noun) = (cx.s, ep.tok, ep.is_noun);
    let mut target = pass_tgt;
    let mut reciprocal = false;
    if target.is_empty() {
        (target, reciprocal) = object_oblique_targets(cx, args, ep, source);
    }
    // "held talks with France", "give Tanzania a grant": a light verb's
    // other arguments belong to its noun.
    if is_noun
        && target.is_empty()
        && let Some(h) = s.head[i]
        && s.base_rel(i) == "obj"
        && s.upos(h) == Some(Upos::Verb)
    {
        target = clause_targets(s, args, cx.ta, h);
        target.retain(|a| !source.contains(a));
    }
    target.retain(|a| !source.contains(a));
    if reciprocal {
        target = source.clone();
    }
    target
}

/// The targets predicate `ep`'s own dependents name: for a verb, its first
/// object with actors, else the recipient of an object
/// ([`object_recipients`]); else its oblique or nominal modifier of best
/// [`oblique_rank`] (an event noun's source modifiers excepted). "talks
/// between the two" makes the parties the `source` when it is empty (but a
/// mediation's parties are its targets). Returns the targets and whether the
/// predicate has a reciprocal object ("each other", "one another").
fn object_oblique_targets(
    cx: &SentenceCtx<'_, '_>,
    args: &mut Args,
    ep: &EventPred<'_>,
    source: &mut Vec<usize>,
) -> (Vec<usize>, bool) {
    let (s, ta) = (cx.s, cx.ta);
    let EventPred {
        tok: i,
        is_noun,
        code,
        ..
    } = *ep;
    let mut reciprocal = false;
    let mut obj = Vec::new();
    let mut obl: Vec<(u8, Vec<usize>)> = Vec::new();
    for &c in &s.children[i] {
        let br = s.base_rel(c);
        if reciprocal_phrase(s, c) {
            reciprocal = true;
            continue;
        }
        if matches!(br, "obj" | "iobj") && !is_noun && !fronted_object(s, c) {
            let a = args.arg(s, ta, c);
            if !a.is_empty() && obj.is_empty() {
                obj = a;
            } else if a.is_empty() {
                object_recipients(s, args, ta, c, &mut obl);
            }
        } else if matches!(br, "obl" | "nmod") && s.rel(c) != "nmod:poss" {
            let Some(pr) = oblique_rank(s.case_of(c), code) else {
                continue;
            };
            if is_noun && noun_source_case(s.case_of(c), code) {
                continue;
            }
            let a = args.arg(s, ta, c);
            if !a.is_empty() {
                // "talks between the two": the parties are the
                // source; a mediation's parties are its targets.
                if s.case_of(c) == Some("between") && source.is_empty() && !code.starts_with("045")
                {
                    *source = a;
                } else {
                    obl.push((pr, a));
                }
            }
        }
    }
    obl.sort_by_key(|x| x.0);
    let target = if !obj.is_empty() {
        obj
    } else {
        obl.into_iter().next().map(|x| x.1).unwrap_or_default()
    };
    (target, reciprocal)
}

/// Whether dependent `c` is "each other" or "one another" (either word
/// heading the phrase).
fn reciprocal_phrase(s: &Sent<'_>, c: usize) -> bool {
    let pair = |a: &str, b: &str| {
        (s.lemma[c] == a && s.children[c].iter().any(|&g| s.lemma[g] == b))
            || (s.lemma[c] == b && s.children[c].iter().any(|&g| s.lemma[g] == a))
    };
    pair("each", "other") || pair("one", "another")
}

/// Adds to `obl`, at rank 1, the actors of each to/with/against/for/toward
/// modifier of object `c` or of its conjuncts: the recipient hangs off the
/// (conjoined) object in "granted asylum to 18 Rwandan rebels", "providing
/// photographs and intelligence to Macedonia".
fn object_recipients(
    s: &Sent<'_>,
    args: &mut Args,
    ta: &[Option<usize>],
    c: usize,
    obl: &mut Vec<(u8, Vec<usize>)>,
) {
    for o in std::iter::once(c).chain(
        s.children[c]
            .iter()
            .copied()
            .filter(|&g| s.base_rel(g) == "conj"),
    ) {
        for &g in &s.children[o] {
            if s.base_rel(g) == "nmod"
                && matches!(
                    s.case_of(g),
                    Some("to" | "with" | "against" | "for" | "toward" | "towards")
                )
            {
                let a = args.arg(s, ta, g);
                if !a.is_empty() {
                    obl.push((1, a));
                }
            }
        }
    }
}

/// How good a target an oblique or nominal modifier introduced by `case` is
/// for an event coded `code` (lower is better), or `None` when that case
/// never introduces one. The place an event happens in stands for the
/// population it is aimed at when nothing else is ("imposed a curfew in
/// Algiers"), but not for a meeting's venue.
fn oblique_rank(case: Option<&str>, code: &str) -> Option<u8> {
    match case {
        Some("with" | "against" | "between") => Some(0),
        Some("to" | "on" | "into" | "toward" | "towards" | "upon") => Some(1),
        Some("of" | "for" | "over" | "at" | "from") => Some(2),
        Some("in" | "inside" | "within" | "throughout" | "across") if !code.starts_with("04") => {
            Some(3)
        }
        _ => None,
    }
}

/// A sentence's predicates and the events built from them, as the target
/// post-passes read them.
pub(super) struct Built<'b, 'a, 'p> {
    pub(super) s: &'b Sent<'a>,
    /// The actor of each token of the sentence.
    pub(super) ta: &'b [Option<usize>],
    pub(super) preds: &'b [Pred<'p>],
    /// Per token: the index of the predicate there.
    pub(super) pred_at: &'b [Option<usize>],
    /// Per predicate: the predicate heading its complement, for governors.
    pub(super) comp_of: &'b [Option<usize>],
    /// Per predicate: its event's index in `out`.
    pub(super) ev_of: &'b [Option<usize>],
    /// The index in `out` of the sentence's first event.
    pub(super) first_event: usize,
}

/// Fill the targets still empty among `out[b.first_event..]`, the events of
/// sentence `b.s`, in three passes: [`complement_targets`],
/// [`inner_targets`], [`shared_targets`].
pub(super) fn fill_targets(args: &mut Args, b: &Built<'_, '_, '_>, out: &mut [Event]) {
    complement_targets(args, b, out);
    inner_targets(args, b, out);
    shared_targets(b, out);
}

/// Governors without a target take it from their complement: "promised to
/// continue aid to Mozambique"; for demands and appeals the party asked to
/// act is the complement's subject ("demanded that the US cancel"). A
/// predicate that is no governor takes the target of its purpose clause
/// ([`purpose_target`]). Never an actor of the event's own source.
fn complement_targets(args: &mut Args, b: &Built<'_, '_, '_>, out: &mut [Event]) {
    for k in 0..b.preds.len() {
        let Some(e) = b.ev_of[k] else { continue };
        if e < b.first_event || !out[e].target.is_empty() {
            continue;
        }
        let asked = matches!(
            b.preds[k].pattern.frame,
            Some(Frame::Demand | Frame::Appeal)
        );
        let src = out[e].source.clone();
        let t = if b.comp_of[k].is_none() && b.preds[k].pattern.frame.is_none() {
            purpose_target(b, k, out)
        } else if let Some(c) = b.comp_of[k].and_then(|c| b.ev_of[c]) {
            let from_subject: Vec<usize> = out[c]
                .source
                .iter()
                .copied()
                .filter(|a| !src.contains(a))
                .collect();
            Some(if asked && !from_subject.is_empty() {
                from_subject
            } else {
                out[c].target.clone()
            })
        } else {
            uncoded_complement_target(args, b, k, asked)
        };
        if let Some(mut t) = t {
            t.retain(|a| !src.contains(a));
            out[e].target = t;
        }
    }
}

/// The target of the event of purpose clause of predicate `k`: a purpose
/// clause names whom the act is for ("opened the bridge to allow deliveries
/// to Afghanistan", "opened fire to disperse demonstrators"), also when it
/// hangs on the uncoded light verb an event noun stands for ("began a hunger
/// strike to protest against Sweden's decision"). `None` without one.
fn purpose_target(b: &Built<'_, '_, '_>, k: usize, out: &[Event]) -> Option<Vec<usize>> {
    let s = b.s;
    let tok = b.preds[k].tok;
    let light = s.head[tok].filter(|&h| {
        s.base_rel(tok) == "obj"
            && b.preds[k].pattern.pos == PatternPos::Noun
            && b.pred_at[h].is_none()
            && s.upos(h) == Some(Upos::Verb)
    });
    let pe = std::iter::once(tok)
        .chain(light)
        .flat_map(|t| s.children[t].iter().copied())
        .filter(|&c| matches!(s.base_rel(c), "advcl" | "xcomp") && s.case_of(c) == Some("to"))
        .find_map(|c| b.pred_at[c].and_then(|pk| b.ev_of[pk]))?;
    Some(out[pe].target.clone())
}

/// The target of governor `k` whose complement is not itself coded
/// ("demanded that the US cancel…"), read from the complement clause (also
/// when parsed under a date, "demanded Friday that the United States
/// match…"): for demands and appeals (`asked`) the clause's subject, else
/// the governor's object ("urged the European Community to support…");
/// for other frames the clause's targets. `None` for a predicate with no
/// frame or no complement clause.
fn uncoded_complement_target(
    args: &mut Args,
    b: &Built<'_, '_, '_>,
    k: usize,
    asked: bool,
) -> Option<Vec<usize>> {
    let (s, tok_actor) = (b.s, b.ta);
    // Only a governor (a predicate with a frame) reads its complement.
    b.preds[k].pattern.frame?;
    let tok = b.preds[k].tok;
    let is_clause = |c: &usize| matches!(s.base_rel(*c), "xcomp" | "ccomp");
    let clause = s.children[tok]
        .iter()
        .copied()
        .find(is_clause)
        .or_else(|| {
            s.children[tok]
                .iter()
                .filter(|&&c| s.base_rel(c) == "obl")
                .find_map(|&c| s.children[c].iter().copied().find(is_clause))
        })?;
    Some(if asked {
        let (subj, _, _) = args.own(s, tok_actor, clause);
        let mut t = subj;
        if t.is_empty() {
            t = clause_targets(s, args, tok_actor, tok);
        }
        t
    } else {
        clause_targets(s, args, tok_actor, clause)
    })
}

/// Events still without a target are aimed at the nearest actor inside
/// their predicate phrase ([`inner_actor`]): "investigating war crimes by
/// Croatian extremists", "rejected an invitation to a meeting of Palestinian
/// factions", "insisted on its demands that Burundi's government grant…".
fn inner_targets(args: &mut Args, b: &Built<'_, '_, '_>, out: &mut [Event]) {
    let (s, tok_actor) = (b.s, b.ta);
    for k in 0..b.preds.len() {
        let Some(e) = b.ev_of[k] else { continue };
        if e < b.first_event || e >= out.len() || !out[e].target.is_empty() {
            continue;
        }
        if let Some(t) = inner_actor(s, tok_actor, b.preds[k].tok, &out[e].source) {
            let mut a = args.arg(s, tok_actor, t);
            a.retain(|a| !out[e].source.contains(a));
            out[e].target = a;
        }
    }
}

/// Still without a target, an event noun that is the means or the conjoined
/// act of another event by the same source shares that event's target:
/// "retaliated with drone assaults, along with a ground campaign against
/// Russia", "have occupied a fifth of Ukraine and have conducted aerial
/// bombardments".
fn shared_targets(b: &Built<'_, '_, '_>, out: &mut [Event]) {
    for k in 0..b.preds.len() {
        let Some(e) = b.ev_of[k] else { continue };
        if e < b.first_event || e >= out.len() || !out[e].target.is_empty() {
            continue;
        }
        if b.preds[k].pattern.pos != PatternPos::Noun {
            continue;
        }
        let Some(he) = means_of(b, b.preds[k].tok) else {
            continue;
        };
        if he < b.first_event || he >= out.len() || he == e {
            continue;
        }
        let shared = out[e].source.iter().any(|a| out[he].source.contains(a));
        if shared {
            let mut t = out[he].target.clone();
            t.retain(|a| !out[e].source.contains(a));
            out[e].target = t;
        }
    }
}

/// The event (index in `out`) of the predicate that event noun `tok` is an
/// oblique or conjunct of, passing through at most two uncoded light verbs
/// ("conducted bombardments") or uncoded conjuncts ("with artillery and
/// drone assaults").
fn means_of(b: &Built<'_, '_, '_>, tok: usize) -> Option<usize> {
    let s = b.s;
    let mut h = s.head[tok]?;
    let mut via = s.base_rel(tok);
    for _ in 0..2 {
        let through = b.pred_at[h].is_none()
            && ((via == "obj" && s.upos(h) == Some(Upos::Verb))
                || (via == "conj" && s.upos(h) == Some(Upos::Noun)));
        if !through {
            break;
        }
        via = s.base_rel(h);
        match s.head[h] {
            Some(g) => h = g,
            None => break,
        }
    }
    if !matches!(via, "obl" | "conj") {
        return None;
    }
    b.pred_at[h].and_then(|pk| b.ev_of[pk])
}
