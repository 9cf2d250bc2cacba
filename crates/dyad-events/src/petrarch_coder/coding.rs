//! Coding a verb: its dictionary forms in the sentence, the first pattern
//! that matches (else the verb's or block's code), and the events from the
//! source and target groups it places or the parse gives.

use dyad_doc::Upos;

use crate::petrarch_verbs::{CodeSpec, VerbCode, VerbForm};

use super::patterns::Patterns;
use super::*;

/// A verb form found in the sentence: its first and last word (the verb
/// word with the words glued to it) and the form.
type Cand<'v> = (usize, usize, &'v VerbForm);

/// Every ordered pair of different codes of one group: a compound actor's
/// members acting among themselves ("Gondor and Osgiliath have renewed
/// ties").
fn pairs(codes: &[String]) -> impl Iterator<Item = (&String, &String)> {
    codes
        .iter()
        .flat_map(move |a| codes.iter().map(move |b| (a, b)))
        .filter(|(a, b)| a != b)
}

impl<'a> Sent<'a> {
    /// Code every dictionary verb of the sentence into `out`.
    pub(super) fn code(&self, coder: &PetrarchCoder, out: &mut Vec<PetrarchEvent>) {
        for i in 0..self.w.len() {
            let Some(forms) = coder.verbs.forms.get(&self.w[i]) else {
                continue;
            };
            let t = self.tok[i] - self.t0;
            let tag = self.doc.tokens[self.tok[i]].upos;
            let xpos_vb = self.doc.tokens[self.tok[i]]
                .xpos
                .as_deref()
                .is_some_and(|x| x.starts_with("VB"));
            // Forms whose glued words are present; multi-word forms first.
            let mut cands: Vec<Cand<'_>> = forms
                .iter()
                .filter_map(|f| {
                    let b = f.before.len();
                    let a = f.after.len();
                    (i >= b
                        && i + a < self.w.len()
                        && self.w[i - b..i] == f.before[..]
                        && self.w[i + 1..=i + a] == f.after[..])
                        .then_some((i - b, i + a, f))
                })
                .collect();
            let multi = cands.iter().any(|(s, e, _)| e > s);
            if multi {
                cands.retain(|(s, e, _)| e > s);
            } else if !(tag == Some(Upos::Verb) || xpos_vb) {
                continue;
            }
            if cands.is_empty() {
                continue;
            }
            self.code_verb(coder, t, &cands, out);
        }
    }

    /// Code the verb at token `t` (relative) from its candidate forms: the
    /// first matching pattern of their blocks, else the form's or block's
    /// code; the events go to `out`.
    pub(super) fn code_verb(
        &self,
        coder: &PetrarchCoder,
        t: usize,
        cands: &[Cand<'_>],
        out: &mut Vec<PetrarchEvent>,
    ) {
        let (vs, ve, _) = cands[0];
        // A multi-word verb is read from its word the tagger calls a verb.
        let t = (self.tok[vs]..=self.tok[ve])
            .find(|&k| self.doc.tokens[k].upos == Some(Upos::Verb))
            .map_or(t, |k| k - self.t0);
        let region = self.region(coder, t, ve);
        let Some((code, found)) = self.verb_code(coder, cands, &region) else {
            return;
        };
        let tok = self.t0 + t;
        let mut push = |s: &str, tg: &str, c: &str| {
            // PETRARCH codes no event without a source (an agent alone will do).
            if s != tg && s != "---" {
                out.push(PetrarchEvent {
                    source: s.to_string(),
                    target: tg.to_string(),
                    code: c.to_string(),
                    verb: tok,
                });
            }
        };
        let reverse = code
            .secondary
            .clone()
            .unwrap_or_else(|| code.primary.clone());
        if let Some(g) = &found.compound_pre {
            for (a, b) in pairs(&g.codes) {
                push(a, b, &code.primary);
            }
            return;
        }
        let (source, target) = self.sides(t, (vs, ve), &region, &found);
        let sources = source.map(|g| g.codes).unwrap_or_default();
        let targets = target.map(|g| g.codes).unwrap_or_default();
        if targets.is_empty() {
            if sources.len() > 1 {
                for (a, b) in pairs(&sources) {
                    push(a, b, &code.primary);
                }
            } else {
                for a in &sources {
                    push(a, "---", &code.primary);
                }
            }
            return;
        }
        let sources = if sources.is_empty() {
            vec!["---".to_string()]
        } else {
            sources
        };
        for a in &sources {
            for b in &targets {
                push(a, b, &code.primary);
                if code.secondary.is_some() {
                    push(b, a, &reverse);
                }
            }
        }
    }

    /// The code of a verb with candidate forms `cands` and clause `region`:
    /// the first pattern of their blocks that matches (with the actors its
    /// markers place), else the first form's or block's own code. `None`
    /// when the first matching pattern is coded `---` (no event) or no code
    /// applies.
    fn verb_code(
        &self,
        coder: &PetrarchCoder,
        cands: &[Cand<'_>],
        region: &[bool],
    ) -> Option<(VerbCode, Found)> {
        // Pattern matching backtracks; one budget bounds its work per verb.
        let mut patterns = Patterns::new(self, region);
        for (s, e, f) in cands {
            for p in &coder.verbs.blocks[f.block].patterns {
                let code = match &p.code {
                    CodeSpec::Invalid => continue,
                    CodeSpec::Null => None,
                    CodeSpec::Code(c) => Some(c),
                };
                let Some(found) = patterns.matches(p, *s, *e) else {
                    continue;
                };
                return code.map(|c| (c.clone(), found));
            }
        }
        cands.iter().find_map(|(_, _, f)| {
            let spec = match &f.code {
                Some(CodeSpec::Invalid) | None => &coder.verbs.blocks[f.block].code,
                Some(c) => c,
            };
            match spec {
                CodeSpec::Code(c) => Some((c.clone(), Found::default())),
                _ => None,
            }
        })
    }

    /// The source and target groups of the verb at token `t` (relative;
    /// its words `vs..=ve`, its clause `region`): those the pattern placed
    /// (`found`), else the "by" phrase of a passive and the subject from the
    /// parse, else the nearest group before the verb (source) and the first
    /// group after it in its clause (target).
    fn sides(
        &self,
        t: usize,
        (vs, ve): (usize, usize),
        region: &[bool],
        found: &Found,
    ) -> (Option<Group>, Option<Group>) {
        let passive_by = self.parsed.then(|| self.agent_group(t, region)).flatten();
        let subject = if self.parsed {
            self.subject_group(t, found.target.as_ref().map(|g| g.start))
        } else {
            None
        };
        let source = found
            .source
            .clone()
            .or_else(|| passive_by.clone())
            .or(subject.clone())
            .or_else(|| {
                self.group_before(vs)
                    .filter(|g| found.target.as_ref().is_none_or(|t| t.start != g.start))
            });
        let target = found.target.clone().or_else(|| {
            if passive_by.is_some() {
                return subject.clone();
            }
            if found.source.is_some()
                && let Some(s) = &subject
                && found.source.as_ref().is_some_and(|f| f.start != s.start)
            {
                return Some(s.clone());
            }
            let differs = |g: &Group| source.as_ref().is_none_or(|s| s.start != g.start);
            self.group_after(ve + 1, self.w.len(), Some(region))
                .filter(differs)
        });
        (source, target)
    }
}
