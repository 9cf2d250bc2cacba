//! Arguments of predicates: the actors of a phrase, subjects with control,
//! conjunction and light-verb inheritance, noun sources and clause targets.

use super::*;

/// Per-sentence memo of argument actors and (inherited) subjects.
pub(super) struct Args {
    pub(super) memo: Vec<Option<Vec<usize>>>,
    pub(super) subj: Vec<Option<Vec<usize>>>,
}

pub(super) fn push_unique(v: &mut Vec<usize>, a: Option<usize>) {
    if let Some(a) = a
        && !v.contains(&a)
    {
        v.push(a);
    }
}

impl Args {
    /// Actors of the phrase headed by `i`: itself, its modifiers, its conjuncts.
    pub(super) fn arg(&mut self, s: &Sent<'_>, ta: &[Option<usize>], i: usize) -> Vec<usize> {
        if let Some(v) = &self.memo[i] {
            return v.clone();
        }
        // A relative pronoun stands for the noun its clause modifies
        // ("Macedonia, which is preparing an offensive").
        if ta[i].is_none()
            && s.upos(i) == Some(Upos::Pron)
            && matches!(s.lemma[i].as_str(), "who" | "which" | "that" | "whom")
            && let Some(clause) = s.head[i]
            && s.rel(clause) == "acl:relcl"
            && let Some(noun) = s.head[clause]
            && noun != i
        {
            let v = self.arg(s, ta, noun);
            self.memo[i] = Some(v.clone());
            return v;
        }
        let mut v = Vec::new();
        push_unique(&mut v, ta[i]);
        let is_actor = ta[i].is_some();
        // A bare number or quantity heads what it counts ("Three US
        // servicemen" parsed with "servicemen" under "Three").
        if !is_actor && s.upos(i) == Some(Upos::Num) {
            for &c in &s.children[i] {
                if matches!(s.base_rel(c), "obj" | "nmod" | "compound" | "appos") {
                    for a in self.arg(s, ta, c) {
                        push_unique(&mut v, Some(a));
                    }
                }
            }
        }
        // An apposition says who an unresolved head is ("Kenzo Oshima, the
        // United Nations Emergency Relief Coordinator").
        let unresolved = ta[i].is_none_or(|a| s.doc.actors[a].country.is_none());
        for &c in &s.children[i] {
            match s.base_rel(c) {
                // Nested modifiers: "Montenegro Municipality Association
                // officials", "European Community foreign ministers".
                "compound" | "amod" | "flat" => {
                    for a in self.arg(s, ta, c) {
                        push_unique(&mut v, Some(a));
                    }
                }
                "appos" if unresolved => {
                    for a in self.arg(s, ta, c) {
                        push_unique(&mut v, Some(a));
                    }
                }
                // "Libyan leader Muammar Gaddafi and Bulgarian President
                // Todor Zhivkov": the apposition's conjuncts come along.
                "appos" => {
                    push_unique(&mut v, ta[c]);
                    for &g in &s.children[c] {
                        if matches!(s.base_rel(g), "conj" | "list") {
                            for a in self.arg(s, ta, g) {
                                push_unique(&mut v, Some(a));
                            }
                        }
                    }
                }
                "nmod" if s.rel(c) == "nmod:poss" || !is_actor => {
                    push_unique(&mut v, ta[c]);
                    if ta[c].is_none() {
                        for &g in &s.children[c] {
                            if matches!(s.base_rel(g), "compound" | "amod" | "nmod" | "conj") {
                                push_unique(&mut v, ta[g]);
                            }
                        }
                    } else if s.rel(c) != "nmod:poss" {
                        // "scores of Sierra Leonean and Liberian refugees":
                        // the counted actor's conjuncts are counted too.
                        for &g in &s.children[c] {
                            if s.base_rel(g) == "conj" {
                                push_unique(&mut v, ta[g]);
                            }
                        }
                    }
                }
                "conj" | "list"
                    if matches!(
                        s.upos(c),
                        Some(Upos::Noun | Upos::Propn | Upos::Pron | Upos::Adj)
                    ) =>
                {
                    for a in self.arg(s, ta, c) {
                        push_unique(&mut v, Some(a));
                    }
                }
                _ => {}
            }
        }
        self.memo[i] = Some(v.clone());
        v
    }

    /// Own subject (source), passive subject (target) and whether passive.
    pub(super) fn own(
        &mut self,
        s: &Sent<'_>,
        ta: &[Option<usize>],
        i: usize,
    ) -> (Vec<usize>, Vec<usize>, bool) {
        let mut src = Vec::new();
        let mut tgt = Vec::new();
        let mut passive = false;
        // "he and the Russian leader had agreed": a perfect without a passive
        // auxiliary is active, whatever label the parser gave its subject.
        let perfect_active = s.children[i]
            .iter()
            .any(|&c| s.base_rel(c) == "aux" && s.rel(c) != "aux:pass" && s.lemma[c] == "have")
            && !s.children[i].iter().any(|&c| s.rel(c) == "aux:pass");
        // A "by" phrase is the agent of a verb without an active subject;
        // under an active verb it belongs to the object, misattached
        // ("Croatia is investigating crimes by Croatian extremists").
        let active_subject = s.children[i].iter().any(|&c| SUBJ.contains(&s.rel(c)));
        for &c in &s.children[i] {
            let r = s.rel(c);
            let into = if SUBJ.contains(&r)
                || fronted_object(s, c)
                || ((r == "obl:agent" || (s.base_rel(c) == "obl" && s.case_of(c) == Some("by")))
                    && !active_subject)
                || (r == "nsubj:pass" && perfect_active)
            {
                &mut src
            } else if r == "nsubj:pass" {
                passive = true;
                &mut tgt
            } else {
                continue;
            };
            for a in self.arg(s, ta, c) {
                push_unique(into, Some(a));
            }
        }
        // No subject at all, but a fronted phrase with a conjoined actor:
        // the subject was read as that conjunct ("On Tuesday, Nigerian
        // minister Dubem Oniya summoned…" with the minister under "Tuesday").
        if src.is_empty() && !passive && s.upos(i) == Some(Upos::Verb) {
            for &c in s.children[i].iter().filter(|&&c| c < i) {
                if s.base_rel(c) != "obl" {
                    continue;
                }
                for &g in s.children[c].iter().filter(|&&g| g < i) {
                    if s.base_rel(g) == "conj" && ta[g].is_some() {
                        for a in self.arg(s, ta, g) {
                            push_unique(&mut src, Some(a));
                        }
                    }
                }
            }
        }
        (src, tgt, passive)
    }

    /// Whether token `t` takes its subject from its head when it has none.
    pub(super) fn inherits(s: &Sent<'_>, t: usize) -> bool {
        let r = s.base_rel(t);
        matches!(r, "xcomp" | "conj" | "advcl")
            || (s.rel(t) == "acl" && s.upos(t) == Some(Upos::Verb))
            || (matches!(s.upos(t), Some(Upos::Noun | Upos::Propn))
                && matches!(r, "obj" | "nmod" | "obl" | "ccomp" | "acl"))
    }

    /// Subject with control / conjunction / light-verb inheritance; linear
    /// overall thanks to the memo (each token is resolved once).
    pub(super) fn subject(&mut self, s: &Sent<'_>, ta: &[Option<usize>], i: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cur = i;
        let mut val: Vec<usize> = loop {
            if let Some(v) = &self.subj[cur] {
                break v.clone();
            }
            let (src, _, passive) = self.own(s, ta, cur);
            if !src.is_empty() || passive {
                self.subj[cur] = Some(src.clone());
                break src;
            }
            // A participle modifying a noun: the noun is the doer of an -ing
            // form ("a declaration demanding…" takes the declaration's
            // source, "refugees fleeing" the refugees) and the patient of a
            // past participle ("weapons seized"), which then has no source.
            // A subjectless relative clause on the sentence's root noun is
            // the misparsed main clause ("Iran's leader Khomeini today
            // rejected…" with "rejected" under "Khomeini").
            let misparsed_relcl =
                s.rel(cur) == "acl:relcl" && s.head[cur].is_some_and(|h| s.head[h].is_none());
            if (s.rel(cur) == "acl" || misparsed_relcl)
                && s.upos(cur) == Some(Upos::Verb)
                && let Some(h) = s.head[cur]
            {
                // A past participle with an object or a clausal complement,
                // or hanging off a noun that is the sentence's root, is a
                // main verb the tagger misread ("Nigerian authorities jailed
                // 52 members", "Senior officials agreed on Wednesday that…").
                let active = s.head[h].is_none()
                    || s.children[cur]
                        .iter()
                        .any(|&c| matches!(s.base_rel(c), "obj" | "ccomp" | "xcomp"));
                if !active && s.doc.tokens[s.base + cur].xpos.as_deref() == Some("VBN") {
                    self.subj[cur] = Some(Vec::new());
                    break Vec::new();
                }
                let a = self.arg(s, ta, h);
                if !a.is_empty() {
                    self.subj[cur] = Some(a.clone());
                    break a;
                }
            }
            // "Russia's 11 years of hostilities", "the army's wave of
            // attacks": a noun in an of-phrase takes the possessor of the
            // noun it hangs on.
            if s.upos(cur) == Some(Upos::Noun)
                && s.base_rel(cur) == "nmod"
                && s.case_of(cur) == Some("of")
                && let Some(h) = s.head[cur]
                && s.upos(h) == Some(Upos::Noun)
                && let Some(p) = s.children[h]
                    .iter()
                    .copied()
                    .find(|&c| s.rel(c) == "nmod:poss")
            {
                let a = self.arg(s, ta, p);
                if !a.is_empty() {
                    self.subj[cur] = Some(a.clone());
                    break a;
                }
            }
            chain.push(cur);
            match s.head[cur] {
                Some(h) if Args::inherits(s, cur) && chain.len() <= s.n() => cur = h,
                _ => break Vec::new(),
            }
        };
        // `chain` runs from `i` upwards; the last element either inherits
        // `val` from its head or has none.
        for (k, &t) in chain.iter().enumerate().rev() {
            let last = k + 1 == chain.len();
            if last && !(Args::inherits(s, t) && s.head[t].is_some()) {
                val = Vec::new();
            }
            self.subj[t] = Some(val.clone());
        }
        self.subj[i].clone().unwrap_or_default()
    }
}

/// Whether `c` is an object the parser put before its verb in a main
/// clause: English objects follow the verb, so a noun phrase in front is
/// (part of) the subject ("Russian aircraft including helicopter gunships
/// killed…" with "aircraft" as object, "European Community foreign
/// ministers agreed…" with "Community" as object). Relative and question
/// pronouns ("whom authorities blame") are real fronted objects.
pub(super) fn fronted_object(s: &Sent<'_>, c: usize) -> bool {
    let Some(v) = s.head[c] else { return false };
    s.base_rel(c) == "obj"
        && c < v
        && s.upos(v) == Some(Upos::Verb)
        && matches!(s.upos(c), Some(Upos::Noun | Upos::Propn))
        && !matches!(s.rel(v), "acl:relcl" | "acl")
        && !s.children[c].iter().any(|&g| {
            s.upos(g) == Some(Upos::Pron)
                && matches!(s.lemma[g].as_str(), "what" | "which" | "whose")
        })
}

/// The subject token of `i`, following xcomp/conj/advcl heads (bounded).
pub(super) fn subject_token(s: &Sent<'_>, i: usize) -> Option<usize> {
    subject_token_by(s, i, |cur| {
        matches!(s.base_rel(cur), "xcomp" | "conj" | "advcl")
    })
}

/// The subject token of `i`, climbing to the head while `climb` allows (at
/// most eight steps).
pub(super) fn subject_token_by(
    s: &Sent<'_>,
    i: usize,
    climb: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut cur = i;
    for _ in 0..8 {
        if let Some(c) = s.children[cur].iter().copied().find(|&c| {
            matches!(s.rel(c), "nsubj" | "nsubj:pass")
                    // "Syria says it is willing to withdraw", with "it" read
                    // as an expletive.
                    || (s.rel(c) == "expl" && s.upos(c) == Some(Upos::Pron))
        }) {
            return Some(c);
        }
        match s.head[cur] {
            Some(h) if climb(cur) => cur = h,
            _ => return None,
        }
    }
    None
}

/// Whether an event noun's modifier introduced by `case` names its source:
/// "an appeal from Gbagbo", "crimes by Croat forces" — but a withdrawal or
/// release (CAMEO 08) is *from* its target ("withdrawal from Lebanon").
pub(super) fn noun_source_case(case: Option<&str>, code: &str) -> bool {
    match case {
        Some("by") => true,
        Some("from") => !code.starts_with("08"),
        _ => false,
    }
}

/// Whether the source slot of predicate `i` holds a possessive pronoun with
/// no actor: the possessor of an event noun, or of the (inherited) subject.
pub(super) fn possessive_pronoun_source(
    s: &Sent<'_>,
    ta: &[Option<usize>],
    i: usize,
    is_noun: bool,
) -> bool {
    let poss_pron = |t: usize| {
        s.children[t].iter().any(|&c| {
            s.rel(c) == "nmod:poss"
                && ta[c].is_none()
                && matches!(
                    s.lemma[c].as_str(),
                    "their" | "its" | "his" | "her" | "our" | "they" | "it" | "he" | "she" | "we"
                )
        })
    };
    if is_noun && poss_pron(i) {
        return true;
    }
    // The subject phrase: own, or inherited the way sources are.
    subject_token_by(s, i, |cur| Args::inherits(s, cur))
        .is_some_and(|c| ta[c].is_none() && poss_pron(c))
}

/// Actors of the nearest governing clause's subject ("Trump said that he…").
pub(super) fn governing_subject(
    s: &Sent<'_>,
    args: &mut Args,
    ta: &[Option<usize>],
    i: usize,
) -> Vec<usize> {
    let mut cur = i;
    for _ in 0..8 {
        let Some(h) = s.head[cur] else { break };
        let (src, _, _) = args.own(s, ta, h);
        if !src.is_empty() {
            return src;
        }
        cur = h;
    }
    Vec::new()
}

/// Target actors of a clause headed by `v`: its object or indirect object,
/// else its first oblique introduced by with/against/to/on/for/from/into.
pub(super) fn clause_targets(
    s: &Sent<'_>,
    args: &mut Args,
    ta: &[Option<usize>],
    v: usize,
) -> Vec<usize> {
    let mut best: Option<(u8, Vec<usize>)> = None;
    // A phrase the parser hung on a bare date is the clause's own ("issued
    // a reminder Saturday to Iraq" with "to Iraq" under "Saturday").
    let on_date = s.children[v]
        .iter()
        .copied()
        .filter(|&c| matches!(s.rel(c), "obl:unmarked" | "obl:tmod" | "obl:npmod"))
        .flat_map(|d| s.children[d].iter().copied())
        .filter(|&g| s.base_rel(g) == "nmod" && s.rel(g) != "nmod:poss");
    for c in s.children[v].iter().copied().chain(on_date) {
        let rank = match s.base_rel(c) {
            "obj" | "iobj" => 0,
            "obl" | "nmod" => match s.case_of(c) {
                Some("with" | "against" | "to" | "between") => 1,
                Some("on" | "for" | "into" | "from" | "toward" | "towards") => 2,
                _ => continue,
            },
            _ => continue,
        };
        if best.as_ref().is_some_and(|(r, _)| *r <= rank) {
            continue;
        }
        let a = args.arg(s, ta, c);
        if !a.is_empty() {
            best = Some((rank, a));
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}
