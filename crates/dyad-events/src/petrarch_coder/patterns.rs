//! Verb patterns: the elements before the verb matched backwards, those
//! after it forwards within its clause, with a bounded backtracking budget.

use crate::petrarch_verbs::{Elem, Item};

use super::*;

impl<'a> Sent<'a> {
    /// Does `phrase` occur at word `s`?
    pub(super) fn phrase_at(&self, s: usize, phrase: &[String]) -> bool {
        s + phrase.len() <= self.w.len() && self.w[s..s + phrase.len()] == phrase[..]
    }

    /// Match `items[..k]` backwards, the element after them starting at `p`.
    pub(super) fn match_pre(
        &self,
        items: &[Item],
        k: usize,
        p: usize,
        found: &mut Found,
        budget: &mut u32,
    ) -> bool {
        if k == 0 {
            return true;
        }
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let item = &items[k - 1];
        match &item.elem {
            Elem::Words(alts) => {
                for end in (0..p).rev() {
                    if item.glue_next && end + 1 != p {
                        break;
                    }
                    for a in alts {
                        if a.is_empty() || a.len() > end + 1 || *budget == 0 {
                            continue;
                        }
                        *budget -= 1;
                        let s = end + 1 - a.len();
                        if self.phrase_at(s, a) {
                            let save = found.clone();
                            if self.match_pre(items, k - 1, s, found, budget) {
                                return true;
                            }
                            *found = save;
                        }
                    }
                }
                false
            }
            Elem::Skip => {
                let Some(c) = self.chunks.iter().rev().find(|c| c.end < p) else {
                    return false;
                };
                self.match_pre(items, k - 1, c.start, found, budget)
            }
            Elem::Source | Elem::Target | Elem::Compound => {
                let Some(g) = self.group_before(p) else {
                    return false;
                };
                let start = g.start;
                match item.elem {
                    Elem::Source => found.source = Some(g),
                    Elem::Target => found.target = Some(g),
                    _ => found.compound_pre = Some(g),
                }
                self.match_pre(items, k - 1, start, found, budget)
            }
        }
    }

    /// Match `items[k..]` forwards from word `p`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn match_post(
        &self,
        items: &[Item],
        k: usize,
        p: usize,
        glued: bool,
        region: &[bool],
        found: &mut Found,
        budget: &mut u32,
    ) -> bool {
        if k == items.len() {
            return true;
        }
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let item = &items[k];
        let n = self.w.len();
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
                        if *budget == 0 {
                            return false;
                        }
                        *budget -= 1;
                        if !a.is_empty()
                            && self.phrase_at(s, a)
                            && (s..s + a.len()).all(|x| region[x])
                        {
                            let save = found.clone();
                            if self.match_post(
                                items,
                                k + 1,
                                s + a.len(),
                                item.glue_next,
                                region,
                                found,
                                budget,
                            ) {
                                return true;
                            }
                            *found = save;
                        }
                    }
                }
                false
            }
            Elem::Skip => {
                let next = match self.chunk_of.get(p).copied().flatten() {
                    Some(c) if self.chunks[c].start < p => self.chunks[c].end + 1,
                    _ => match self.chunks.iter().find(|c| c.start >= p) {
                        Some(c) => c.end + 1,
                        None => return false,
                    },
                };
                let next = match p.checked_sub(1).and_then(|q| self.chunk_of[q]) {
                    Some(c) if self.chunks[c].end >= p => self.chunks[c].end + 1,
                    _ => next,
                };
                self.match_post(items, k + 1, next, item.glue_next, region, found, budget)
            }
            Elem::Source | Elem::Target | Elem::Compound => {
                let Some(g) = self.group_after(p, n, Some(region)) else {
                    return false;
                };
                let next = g.end + 1;
                match item.elem {
                    Elem::Source => found.source = Some(g),
                    _ => found.target = Some(g),
                }
                self.match_post(items, k + 1, next, item.glue_next, region, found, budget)
            }
        }
    }
}
