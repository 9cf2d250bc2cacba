//! The dependency tree: token and word spans, subtrees, the subject of a
//! verb (through control, coordination and clause links), the "by" phrase of
//! a passive and the words that belong to a verb's clause.

use dyad_doc::Upos;

use super::*;

impl<'a> Sent<'a> {
    /// First and last word of token `t` (relative).
    pub(super) fn word_span(&self, t: usize) -> (usize, usize) {
        let a = self.first_word[t];
        let b = if t + 1 < self.nt {
            self.first_word[t + 1]
        } else {
            self.w.len()
        };
        (a, b.saturating_sub(1).max(a))
    }

    /// Relation of token `t` (relative) to its head (empty when unparsed).
    pub(super) fn deprel(&self, t: usize) -> &str {
        self.doc.tokens[self.t0 + t].deprel.as_deref().unwrap_or("")
    }

    /// Head of token `t` (relative), when it lies in the sentence.
    pub(super) fn head(&self, t: usize) -> Option<usize> {
        let h = self.doc.tokens[self.t0 + t].head?;
        (h >= self.t0 && h < self.t0 + self.nt).then(|| h - self.t0)
    }

    /// Tokens of the subtree of `t` (relative), leaving out the subtrees of
    /// `t`'s dependents for which `skip` holds.
    pub(super) fn subtree(&self, t: usize, skip: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let mut out = vec![t];
        let mut stack = vec![t];
        let mut steps = 0;
        while let Some(x) = stack.pop() {
            steps += 1;
            if steps > self.nt {
                break;
            }
            for &c in &self.children[x] {
                // The filter applies to the root's own dependents only.
                if x != t || !skip(c) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out
    }

    /// First and last word of a set of tokens.
    pub(super) fn span_of(&self, toks: &[usize]) -> Option<(usize, usize)> {
        let lo = toks.iter().min()?;
        let hi = toks.iter().max()?;
        Some((self.word_span(*lo).0, self.word_span(*hi).1))
    }

    /// The group in the subtree of token `t`.
    pub(super) fn group_in(&self, t: usize) -> Option<Group> {
        let toks = self.subtree(t, &|_| false);
        let (lo, hi) = self.span_of(&toks)?;
        self.group_after(lo, hi + 1, None)
    }

    /// The first dependent of `t` whose relation satisfies `rel`.
    pub(super) fn child(&self, t: usize, rel: &dyn Fn(&str) -> bool) -> Option<usize> {
        self.children[t]
            .iter()
            .copied()
            .find(|&c| rel(self.deprel(c)))
    }

    /// The source from the subject of `t`, climbing through control,
    /// coordination and clause links when `t` has none.
    pub(super) fn subject_group(&self, t: usize, skip_start: Option<usize>) -> Option<Group> {
        let mut v = t;
        let mut from = usize::MAX;
        for _ in 0..6 {
            let subj = self.children[v].iter().copied().find(|&c| {
                c != from && {
                    let r = self.deprel(c);
                    r.starts_with("nsubj") || r.starts_with("csubj")
                }
            });
            if let Some(s) = subj {
                let (ws, _) = self.word_span(s);
                let word = self.w[ws].as_str();
                let g = if self.doc.tokens[self.t0 + s].upos == Some(Upos::Pron) {
                    if matches!(word, "who" | "which" | "that") {
                        self.head(v).and_then(|h| self.group_in(h))
                    } else {
                        self.group_before(ws)
                    }
                } else {
                    self.group_in(s)
                };
                if let Some(g) = g
                    && Some(g.start) != skip_start
                {
                    return Some(g);
                }
            }
            let rel = self.deprel(v).to_string();
            let h = self.head(v)?;
            from = v;
            if rel.starts_with("acl") {
                let g = self.group_in(h);
                if g.as_ref().is_some_and(|g| Some(g.start) != skip_start) {
                    return g;
                }
            }
            v = h;
        }
        None
    }

    /// The "by" phrase of a passive verb: a "by" dependent, else the first
    /// "by" in the verb's clause.
    pub(super) fn agent_group(&self, t: usize, region: &[bool]) -> Option<Group> {
        self.child(t, &|r| r.ends_with(":pass"))?;
        let by = self.children[t].iter().copied().find(|&c| {
            self.deprel(c).starts_with("obl")
                && self.children[c]
                    .iter()
                    .any(|&k| self.deprel(k) == "case" && self.w[self.word_span(k).0] == "by")
        });
        if let Some(by) = by {
            return self.group_in(by);
        }
        let at = (0..self.w.len()).find(|&i| region[i] && self.w[i] == "by")?;
        self.group_after(at + 1, at + 2, None)
            .or_else(|| self.group_after(at + 1, (at + 4).min(self.w.len()), None))
    }

    /// Words after the verb that belong to its clause.
    pub(super) fn region(&self, coder: &PetrarchCoder, t: usize, vend: usize) -> Vec<bool> {
        let n = self.w.len();
        let mut r = vec![false; n];
        let linear = |r: &mut Vec<bool>| {
            let stop = self.next_verb(coder, vend + 1);
            r.iter_mut()
                .take(stop)
                .skip(vend + 1)
                .for_each(|x| *x = true);
        };
        if !self.parsed {
            linear(&mut r);
            return r;
        }
        // Subjects, side clauses and conjoined predicates coded on their
        // own are not part of the verb's phrase.
        let skip = |c: usize| {
            let rel = self.deprel(c);
            let coded_verb = matches!(
                self.doc.tokens[self.t0 + c].upos,
                Some(Upos::Verb | Upos::Aux)
            ) && coder.verbs.forms.contains_key(&self.w[self.word_span(c).0]);
            rel.starts_with("nsubj")
                || rel.starts_with("csubj")
                || rel.starts_with("parataxis")
                || (rel.starts_with("conj") && coded_verb)
        };
        for x in self.subtree(t, &skip) {
            let (a, b) = self.word_span(x);
            for item in r.iter_mut().take(b + 1).skip(a) {
                *item = true;
            }
        }
        for item in r.iter_mut().take(vend + 1) {
            *item = false;
        }
        // A verb the parser left without dependents after it (tagged as a
        // modifier, or inside a compound): the words up to the next verb.
        if !r.iter().any(|&x| x) {
            linear(&mut r);
        }
        r
    }

    /// The next word at or after `from` that is a dictionary verb tagged as
    /// a verb (the sentence length if none).
    pub(super) fn next_verb(&self, coder: &PetrarchCoder, from: usize) -> usize {
        (from..self.w.len())
            .find(|&i| {
                self.upos(i) == Some(Upos::Verb) && coder.verbs.forms.contains_key(&self.w[i])
            })
            .unwrap_or(self.w.len())
    }
}
