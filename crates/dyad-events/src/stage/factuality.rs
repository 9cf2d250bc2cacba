//! Factuality of each token: negation, modality, likelihood, plans and
//! conditions, read from the token's own dependents and passed down the
//! head chain (memoised, so linear in the sentence).

use super::*;

/// What governing word `h` does to the factuality of what it governs
/// ("refused to", "unlikely to", "plans to"), if anything.
fn gov_effect(s: &Sent<'_>, h: usize) -> Option<(Factuality, bool)> {
    let l = s.lemma[h].as_str();
    if NEG_GOV.contains(&l) || matches!(l, "rejection" | "refusal" | "denial") {
        Some((Factuality::Negated, false))
    } else if HYPO_GOV.contains(&l) {
        Some((Factuality::Hypothetical, false))
    } else if INTENT_GOV.contains(&l) {
        Some((Factuality::Planned, true))
    } else {
        None
    }
}

/// Per-sentence memo of each token's factuality and whether it is future.
pub(super) struct Factualities<'s, 'a> {
    s: &'s Sent<'a>,
    pred_at: &'s [Option<usize>],
    memo: Vec<Option<(Factuality, bool)>>,
    chain: Vec<usize>,
}

impl<'s, 'a> Factualities<'s, 'a> {
    /// An empty memo for sentence `s` whose predicates are `pred_at`.
    pub(super) fn new(s: &'s Sent<'a>, pred_at: &'s [Option<usize>]) -> Self {
        Factualities {
            s,
            pred_at,
            memo: vec![None; s.n()],
            chain: Vec::new(),
        }
    }

    /// What token `i`'s own dependents say.
    fn local(&self, i: usize) -> (Factuality, bool) {
        let s = self.s;
        let mut f = Factuality::Asserted;
        let mut future = false;
        // "unlikely to become", whatever the parser attached "become" to: the
        // word right before the infinitive marker governs it.
        if i >= 2
            && s.lemma[i - 1] == "to"
            && s.upos(i - 1) == Some(Upos::Part)
            && let Some((gf, gfut)) = gov_effect(s, i - 2)
        {
            f = worse(f, gf);
            future |= gfut;
        }
        // "Ukraine's accession to the alliance was improbable": an event noun
        // whose copular predicate is a likelihood word, read off the words
        // (parsers often misattach the noun), up to the next verb.
        if s.upos(i) == Some(Upos::Noun) {
            for j in i + 1..s.n().min(i + 12) {
                if s.upos(j) == Some(Upos::Verb) {
                    break;
                }
                if s.lemma[j] == "be" && s.upos(j) == Some(Upos::Aux) {
                    let k = if j + 1 < s.n() && s.lemma[j + 1] == "not" {
                        j + 2
                    } else {
                        j + 1
                    };
                    if k < s.n()
                        && HYPO_GOV.contains(&s.lemma[k].as_str())
                        && s.upos(k) == Some(Upos::Adj)
                    {
                        f = worse(f, Factuality::Hypothetical);
                    }
                    break;
                }
            }
        }
        // "a date for a direct meeting", "preparations for talks": the event
        // is still to come.
        // (read off the words: the parser may hang the "for" phrase on the verb).
        if s.children[i].iter().any(|&c| {
            s.base_rel(c) == "case"
                && s.lemma[c] == "for"
                && c > 0
                && PLANNED_FOR.contains(&s.lemma[c - 1].as_str())
        }) {
            future = true;
            f = worse(f, Factuality::Planned);
        }
        for &c in &s.children[i] {
            let l = s.lemma[c].as_str();
            let t = s.text(c).to_lowercase();
            match s.base_rel(c) {
                "advmod" | "neg" if matches!(l, "not" | "never") || t == "n't" || t == "not" => {
                    f = worse(f, Factuality::Negated)
                }
                "det" if l == "no" => f = worse(f, Factuality::Negated),
                "aux" => match t.as_str() {
                    "will" | "shall" | "'ll" | "’ll" | "wo" | "would" | "'d" => {
                        future = true;
                        f = worse(f, Factuality::Planned)
                    }
                    "could" | "might" | "may" | "can" | "should" | "must" | "ca" => {
                        f = worse(f, Factuality::Hypothetical)
                    }
                    _ => {}
                },
                "mark" if matches!(l, "if" | "unless" | "whether") => {
                    f = worse(f, Factuality::Hypothetical)
                }
                "amod"
                    if matches!(
                        l,
                        "planned"
                            | "proposed"
                            | "future"
                            | "forthcoming"
                            | "upcoming"
                            | "scheduled"
                    ) =>
                {
                    future = true;
                    f = worse(f, Factuality::Planned)
                }
                "amod" if matches!(l, "possible" | "potential" | "hypothetical") => {
                    f = worse(f, Factuality::Hypothetical)
                }
                _ => {}
            }
        }
        (f, future)
    }

    /// Factuality of token `i` and whether it is still to come.
    pub(super) fn of(&mut self, i: usize) -> (Factuality, bool) {
        let s = self.s;
        self.chain.clear();
        let mut cur = i;
        while self.memo[cur].is_none() {
            self.chain.push(cur);
            match s.head[cur] {
                Some(h) if self.chain.len() <= s.n() => cur = h,
                _ => break,
            }
        }
        for &t in self.chain.iter().rev() {
            let (mut f, mut fut) = self.local(t);
            if let Some(h) = s.head[t] {
                let r = s.base_rel(t);
                let (hf, hfut) = self.memo[h].unwrap_or((Factuality::Asserted, false));
                let clausal = matches!(r, "xcomp" | "ccomp" | "advcl" | "csubj" | "acl");
                let nominal_arg =
                    matches!(r, "obj" | "nsubj" | "nmod" | "obl" | "conj" | "compound");
                if clausal || nominal_arg || r == "conj" {
                    if let Some((gf, gfut)) = gov_effect(s, h)
                        .filter(|_| clausal || matches!(r, "nsubj" | "obj" | "obl" | "nmod"))
                    {
                        f = worse(f, gf);
                        fut |= gfut;
                    }
                    // Reporting verbs do not pass their own tense down; other heads do.
                    let noun_of_verb = s.upos(t) == Some(Upos::Noun)
                        && matches!(r, "obj" | "nsubj")
                        && s.upos(h) == Some(Upos::Verb)
                        && LIGHT.contains(&s.lemma[h].as_str());
                    // A noun with an object is a verb the tagger missed
                    // ("have their delegations commence talks" tagged with
                    // "talks" under "delegations"): its object shares its
                    // factuality.
                    let under_misread_verb = r == "obj"
                        && matches!(s.upos(h), Some(Upos::Noun | Upos::Propn))
                        && self.pred_at[h].is_none();
                    let inherit = r == "conj" || r == "xcomp" || noun_of_verb || under_misread_verb;
                    if inherit {
                        f = worse(f, hf);
                        fut |= hfut;
                    }
                }
            }
            self.memo[t] = Some((f, fut));
        }
        self.memo[i].unwrap_or((Factuality::Asserted, false))
    }
}
