//! Verb patterns: the elements before the verb matched backwards, those
//! after it forwards within its clause, with a bounded backtracking budget.

use crate::petrarch_verbs::{Elem, Item, VerbPattern};

use super::*;

/// Work allowed to all the pattern matching of one verb (backtracking
/// steps and phrase comparisons).
const BUDGET: u32 = 20_000;

impl<'a> Sent<'a> {
    /// Does `phrase` occur at word `s`?
    pub(super) fn phrase_at(&self, s: usize, phrase: &[String]) -> bool {
        s + phrase.len() <= self.w.len() && self.w[s..s + phrase.len()] == phrase[..]
    }
}

/// Matching one verb's patterns: the sentence, the verb's clause (the words
/// after the verb that belong to it) and the budget all its patterns share.
pub(super) struct Patterns<'s, 'a> {
    sent: &'s Sent<'a>,
    region: &'s [bool],
    budget: u32,
}

impl<'s, 'a> Patterns<'s, 'a> {
    /// Matching for a verb whose clause is `region`, with the full budget.
    pub(super) fn new(sent: &'s Sent<'a>, region: &'s [bool]) -> Patterns<'s, 'a> {
        Patterns {
            sent,
            region,
            budget: BUDGET,
        }
    }

    /// The actors placed by pattern `p` when it matches around the verb's
    /// words `s..=e`; `None` when it does not match (or the budget ran out).
    pub(super) fn matches(&mut self, p: &VerbPattern, s: usize, e: usize) -> Option<Found> {
        let mut found = Found::default();
        (self.pre(&p.pre, p.pre.len(), s, &mut found)
            && self.post(&p.post, 0, e + 1, p.verb_glued, &mut found))
        .then_some(found)
    }

    /// Match `items[..k]` backwards, the element after them starting at `p`.
    fn pre(&mut self, items: &[Item], k: usize, p: usize, found: &mut Found) -> bool {
        let sent = self.sent;
        if k == 0 {
            return true;
        }
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        let item = &items[k - 1];
        match &item.elem {
            Elem::Words(alts) => {
                for end in (0..p).rev() {
                    if item.glue_next && end + 1 != p {
                        break;
                    }
                    for a in alts {
                        if a.is_empty() || a.len() > end + 1 || self.budget == 0 {
                            continue;
                        }
                        self.budget -= 1;
                        let s = end + 1 - a.len();
                        if sent.phrase_at(s, a) {
                            let save = found.clone();
                            if self.pre(items, k - 1, s, found) {
                                return true;
                            }
                            *found = save;
                        }
                    }
                }
                false
            }
            Elem::Skip => {
                let Some(c) = sent.chunks.iter().rev().find(|c| c.end < p) else {
                    return false;
                };
                self.pre(items, k - 1, c.start, found)
            }
            Elem::Source | Elem::Target | Elem::Compound => {
                let Some(g) = sent.group_before(p) else {
                    return false;
                };
                let start = g.start;
                match item.elem {
                    Elem::Source => found.source = Some(g),
                    Elem::Target => found.target = Some(g),
                    _ => found.compound_pre = Some(g),
                }
                self.pre(items, k - 1, start, found)
            }
        }
    }

    /// Match `items[k..]` forwards from word `p`.
    fn post(&mut self, items: &[Item], k: usize, p: usize, glued: bool, found: &mut Found) -> bool {
        let (sent, region) = (self.sent, self.region);
        if k == items.len() {
            return true;
        }
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        let item = &items[k];
        let n = sent.w.len();
        match &item.elem {
            Elem::Words(alts) => {
                for s in p..n {
                    if glued && s != p {
                        break;
                    }
                    if !region[s] {
                        continue;
                    }
                    for a in alts {
                        if self.budget == 0 {
                            return false;
                        }
                        self.budget -= 1;
                        if !a.is_empty()
                            && sent.phrase_at(s, a)
                            && (s..s + a.len()).all(|x| region[x])
                        {
                            let save = found.clone();
                            if self.post(items, k + 1, s + a.len(), item.glue_next, found) {
                                return true;
                            }
                            *found = save;
                        }
                    }
                }
                false
            }
            Elem::Skip => {
                let next = match sent.chunk_of.get(p).copied().flatten() {
                    Some(c) if sent.chunks[c].start < p => sent.chunks[c].end + 1,
                    _ => match sent.chunks.iter().find(|c| c.start >= p) {
                        Some(c) => c.end + 1,
                        None => return false,
                    },
                };
                let next = match p.checked_sub(1).and_then(|q| sent.chunk_of[q]) {
                    Some(c) if sent.chunks[c].end >= p => sent.chunks[c].end + 1,
                    _ => next,
                };
                self.post(items, k + 1, next, item.glue_next, found)
            }
            Elem::Source | Elem::Target | Elem::Compound => {
                let Some(g) = sent.group_after(p, n, Some(region)) else {
                    return false;
                };
                let next = g.end + 1;
                match item.elem {
                    Elem::Source => found.source = Some(g),
                    _ => found.target = Some(g),
                }
                self.post(items, k + 1, next, item.glue_next, found)
            }
        }
    }
}
