//! Targets filled after a sentence's events are built: a governor's from
//! its complement, an event's from the nearest actor inside its predicate
//! phrase, an event noun's from the event it is the means of or joined to.

use super::*;

/// Fill the targets still empty among `out[first_event..]`, the events of
/// sentence `s` (`ev_of[k]`: the event of predicate `preds[k]`; `comp_of[k]`:
/// the predicate heading its complement, for governors).
#[allow(clippy::too_many_arguments)]
pub(super) fn fill_targets(
    s: &Sent<'_>,
    args: &mut Args,
    tok_actor: &[Option<usize>],
    preds: &[Pred<'_>],
    pred_at: &[Option<usize>],
    comp_of: &[Option<usize>],
    ev_of: &[Option<usize>],
    first_event: usize,
    out: &mut [Event],
) {
    // Governors without a target take it from their complement: "promised
    // to continue aid to Mozambique"; for demands and appeals the party asked
    // to act is the complement's subject ("demanded that the US cancel").
    for k in 0..preds.len() {
        let Some(e) = ev_of[k] else { continue };
        if e < first_event || !out[e].target.is_empty() {
            continue;
        }
        let asked = matches!(preds[k].pattern.frame, Some(Frame::Demand | Frame::Appeal));
        let src = out[e].source.clone();
        if comp_of[k].is_none() && preds[k].pattern.frame.is_none() {
            // A purpose clause names whom the act is for: "opened the bridge
            // to allow deliveries to Afghanistan", "opened fire to disperse
            // demonstrators".
            let tok = preds[k].tok;
            // An event noun stands for its uncoded light verb ("began a
            // hunger strike to protest against Sweden's decision").
            let light = s.head[tok].filter(|&h| {
                s.base_rel(tok) == "obj"
                    && preds[k].pattern.pos == PatternPos::Noun
                    && pred_at[h].is_none()
                    && s.upos(h) == Some(Upos::Verb)
            });
            let purpose = std::iter::once(tok)
                .chain(light)
                .flat_map(|t| s.children[t].iter().copied())
                .filter(|&c| {
                    matches!(s.base_rel(c), "advcl" | "xcomp") && s.case_of(c) == Some("to")
                })
                .find_map(|c| pred_at[c].and_then(|pk| ev_of[pk]));
            if let Some(pe) = purpose {
                let mut t = out[pe].target.clone();
                t.retain(|a| !src.contains(a));
                out[e].target = t;
            }
            continue;
        }
        let Some(c) = comp_of[k].and_then(|c| ev_of[c]) else {
            // The complement is not itself coded ("demanded that the US
            // cancel…"): read its clause directly.
            if preds[k].pattern.frame.is_none() {
                continue;
            }
            let tok = preds[k].tok;
            let is_clause = |c: &usize| matches!(s.base_rel(*c), "xcomp" | "ccomp");
            // "demanded Friday that the United States match…" is sometimes
            // parsed with the clause under the date.
            let Some(clause) = s.children[tok].iter().copied().find(is_clause).or_else(|| {
                s.children[tok]
                    .iter()
                    .filter(|&&c| s.base_rel(c) == "obl")
                    .find_map(|&c| s.children[c].iter().copied().find(is_clause))
            }) else {
                continue;
            };
            let mut t = if asked {
                let (subj, _, _) = args.own(s, tok_actor, clause);
                let mut t = subj;
                if t.is_empty() {
                    // "urged the European Community to support…": the object.
                    t = clause_targets(s, args, tok_actor, tok);
                }
                t
            } else {
                clause_targets(s, args, tok_actor, clause)
            };
            t.retain(|a| !src.contains(a));
            out[e].target = t;
            continue;
        };
        let from_subject: Vec<usize> = out[c]
            .source
            .iter()
            .copied()
            .filter(|a| !src.contains(a))
            .collect();
        let mut t = if asked && !from_subject.is_empty() {
            from_subject
        } else {
            out[c].target.clone()
        };
        t.retain(|a| !src.contains(a));
        out[e].target = t;
    }
    // Events still without a target are aimed at the nearest actor inside
    // their predicate phrase: "investigating war crimes by Croatian
    // extremists", "rejected an invitation to a meeting of Palestinian
    // factions", "insisted on its demands that Burundi's government grant…".
    for k in 0..preds.len() {
        let Some(e) = ev_of[k] else { continue };
        if e < first_event || e >= out.len() || !out[e].target.is_empty() {
            continue;
        }
        if let Some(t) = inner_actor(s, tok_actor, preds[k].tok, &out[e].source) {
            let mut a = args.arg(s, tok_actor, t);
            a.retain(|a| !out[e].source.contains(a));
            out[e].target = a;
        }
    }
    // Still without a target, an event noun that is the means or the
    // conjoined act of another event by the same source shares that event's
    // target: "retaliated with drone assaults, along with a ground campaign
    // against Russia", "have occupied a fifth of Ukraine and have conducted
    // aerial bombardments".
    for k in 0..preds.len() {
        let Some(e) = ev_of[k] else { continue };
        if e < first_event || e >= out.len() || !out[e].target.is_empty() {
            continue;
        }
        let tok = preds[k].tok;
        if preds[k].pattern.pos != PatternPos::Noun {
            continue;
        }
        let Some(mut h) = s.head[tok] else { continue };
        let mut via = s.base_rel(tok);
        // Through an uncoded light verb ("conducted bombardments") or an
        // uncoded conjunct ("with artillery and drone assaults").
        for _ in 0..2 {
            let through = pred_at[h].is_none()
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
            continue;
        }
        let Some(he) = pred_at[h].and_then(|pk| ev_of[pk]) else {
            continue;
        };
        if he < first_event || he >= out.len() || he == e {
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
