//! Beam search over arc-hybrid transition sequences (Zhang and Clark 2008,
//! Zhang and Nivre 2011), for models trained as a global structured
//! perceptron (see `train.rs`).
//!
//! Every sentence of `n` words takes exactly `2n` moves whatever the moves
//! are, so the items of a beam stay aligned: step `t` keeps the `k`
//! best-scoring sequences of `t` moves, a sequence's score being the sum of
//! its move scores (states with a single valid move are not scored, as in
//! the greedy parser).
//!
//! Items share structure: the stack is a linked list of immutable entries
//! in an arena (an entry carries its token's dependents so far, a [`Node`]),
//! the buffer front's dependents live in the item, and the moves taken are
//! a linked history. A move adds at most one entry and one history record,
//! so a sentence costs `O(n k)` time and memory, never `O(n^2)`. Relations
//! are chosen greedily by the relation model when an arc is made (they are
//! not part of the beam score) and feed later features, as in the greedy
//! parser.

use crate::features::{self, ArcView, N_LABEL_FEATS, N_MOVE_FEATS, Sentence};
use crate::system::{Frame, Move, NO_LABEL, Node, State, only_move, valid_move};
use crate::{Scorer, best_label};

/// "No entry / no history".
const NIL: u32 = u32::MAX;

/// A stack entry: a token, its dependents so far, the entry below it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    tok: u32,
    node: Node,
    below: u32,
}

/// One move of a history: the previous record, the move, its relation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    prev: u32,
    m: Move,
    label: u16,
}

/// A beam item: a configuration reached by a sequence of moves, and the
/// sequence's score.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    /// Arena index of the stack top.
    top: u32,
    /// Stack length (root included).
    depth: u32,
    /// Buffer front (`> n` when the buffer is empty).
    b: u32,
    /// Dependents of the buffer front so far.
    b0n: Node,
    /// Sum of the scores of the moves taken.
    pub score: f64,
    /// Last history record (`NIL` before the first move).
    pub hist: u32,
}

/// An expansion of an item by a move, with the resulting score.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    /// Index of the item in the beam.
    pub item: u32,
    /// The move.
    pub m: Move,
    /// Score of the item after the move.
    pub score: f64,
}

/// Beam search space, reused across sentences.
#[derive(Debug, Default, Clone)]
pub(crate) struct Beam {
    n: u32,
    null: u32,
    entries: Vec<Entry>,
    steps: Vec<Step>,
    /// The current items, best first.
    pub items: Vec<Item>,
    next: Vec<Item>,
    /// After [`Beam::step`]: every expansion of the previous items, best
    /// first; the first `items.len()` of them made the new items, in order.
    pub cands: Vec<Cand>,
    scores: Vec<f32>,
    lscores: Vec<f32>,
    seq: Vec<(Move, u16)>,
    /// Frames scored in the current step, with their move scores.
    seen: Vec<(Frame, [f32; 3])>,
}

impl Beam {
    /// Start a sentence of `n` words: one item, the initial configuration.
    pub(crate) fn reset(&mut self, n: usize) {
        let null = n as u32 + 1;
        self.n = n as u32;
        self.null = null;
        self.entries.clear();
        self.steps.clear();
        self.items.clear();
        self.cands.clear();
        self.entries.push(Entry {
            tok: 0,
            node: Node::empty(null),
            below: NIL,
        });
        self.items.push(Item {
            top: 0,
            depth: 1,
            b: 1,
            b0n: Node::empty(null),
            score: 0.0,
            hist: NIL,
        });
    }

    /// Whether the items are final (all items have taken the same number
    /// of moves, so all or none are).
    pub(crate) fn is_terminal(&self) -> bool {
        self.items
            .first()
            .is_none_or(|it| it.b > self.n && it.depth == 1)
    }

    #[inline]
    fn buffer(&self, it: &Item) -> bool {
        it.b <= self.n
    }

    /// Stack entry `i` below the top (0 = top), if any.
    #[inline]
    fn entry(&self, it: &Item, i: usize) -> Option<&Entry> {
        let mut e = self.entries.get(it.top as usize)?;
        for _ in 0..i {
            e = self.entries.get(e.below as usize)?;
        }
        Some(e)
    }

    /// What the move features read of an item.
    fn frame(&self, it: &Item) -> Frame {
        let null = self.null;
        let empty = Node::empty(null);
        let at = |i: usize| self.entry(it, i).map_or((null, empty), |e| (e.tok, e.node));
        let ((s0, s0n), (s1, s1n), (s2, _)) = (at(0), at(1), at(2));
        let bf = |i: u32| {
            let p = it.b + i;
            if p <= self.n { p } else { null }
        };
        let b0 = bf(0);
        Frame {
            null,
            s0,
            s1,
            s2,
            b0,
            b1: bf(1),
            b2: bf(2),
            b3: bf(3),
            s0n,
            s1n,
            b0n: if b0 == null { empty } else { it.b0n },
        }
    }

    /// The move scores of an item, `None` when it has a single valid move
    /// (not scored).
    fn move_scores(
        &mut self,
        moves: &impl Scorer,
        sent: &Sentence,
        it: &Item,
        mf: &mut [u64; N_MOVE_FEATS],
    ) -> Option<[f32; 3]> {
        if only_move(self.buffer(it), it.depth as usize).is_some() {
            return None;
        }
        let frame = self.frame(it);
        // Items of a step often differ only below what the templates read:
        // the same frame has the same features, hence the same scores.
        if let Some(&(_, s)) = self.seen.iter().find(|(f, _)| *f == frame) {
            return Some(s);
        }
        features::move_features(&frame, sent, mf);
        moves.score(mf, &mut self.scores);
        let s = [self.scores[0], self.scores[1], self.scores[2]];
        self.seen.push((frame, s));
        Some(s)
    }

    /// The expansions of item `i` (its valid moves and their scores).
    fn expand(
        &mut self,
        moves: &impl Scorer,
        sent: &Sentence,
        i: usize,
        mf: &mut [u64; N_MOVE_FEATS],
        out: &mut Vec<Cand>,
    ) {
        let it = self.items[i];
        let scores = self.move_scores(moves, sent, &it, mf);
        for m in Move::ALL {
            if valid_move(m, self.buffer(&it), it.depth as usize) {
                let s = scores.map_or(0.0, |s| f64::from(s[m as usize]));
                out.push(Cand {
                    item: i as u32,
                    m,
                    score: it.score + s,
                });
            }
        }
    }

    /// The relation of the arc that move `m` makes from `it` (`NO_LABEL`
    /// for `Shift` and the root arc).
    fn label_of(
        &mut self,
        labels: &impl Scorer,
        sent: &Sentence,
        it: &Item,
        m: Move,
        lf: &mut [u64; N_LABEL_FEATS],
    ) -> u16 {
        let Some(s0) = self.entry(it, 0) else {
            return NO_LABEL;
        };
        let (h, hn) = match m {
            Move::Shift => return NO_LABEL,
            Move::Left => (it.b, &it.b0n),
            Move::Right => match self.entry(it, 1) {
                Some(s1) => (s1.tok, &s1.node),
                None => return NO_LABEL,
            },
        };
        if h == 0 {
            return NO_LABEL;
        }
        let view = ArcView {
            n: self.n,
            null: self.null,
            h,
            d: s0.tok,
            hn,
            dn: &s0.node,
        };
        features::label_features(&view, sent, lf);
        labels.score(lf, &mut self.lscores);
        best_label(&self.lscores)
    }

    /// The item reached from `it` by the valid move `m` with relation
    /// `label`, scored `score`.
    fn advance(&mut self, it: &Item, m: Move, label: u16, score: f64) -> Item {
        let hist = self.steps.len() as u32;
        self.steps.push(Step {
            prev: it.hist,
            m,
            label,
        });
        let mut next = Item { score, hist, ..*it };
        let null = self.null;
        let s0 = self.entries[it.top as usize];
        match m {
            Move::Shift => {
                next.top = self.entries.len() as u32;
                self.entries.push(Entry {
                    tok: it.b,
                    node: it.b0n,
                    below: it.top,
                });
                next.depth += 1;
                next.b += 1;
                next.b0n = Node::empty(null);
            }
            Move::Left => {
                next.b0n.add(it.b, s0.tok, label, null);
                next.top = s0.below;
                next.depth -= 1;
            }
            Move::Right => {
                let s1 = self.entries[s0.below as usize];
                let mut node = s1.node;
                node.add(s1.tok, s0.tok, label, null);
                next.top = self.entries.len() as u32;
                self.entries.push(Entry {
                    tok: s1.tok,
                    node,
                    below: s1.below,
                });
                next.depth -= 1;
            }
        }
        next
    }

    /// The item reached from `it` by the valid move `m`: scored and
    /// labelled as the beam would.
    #[cfg(feature = "train")]
    pub(crate) fn successor(
        &mut self,
        moves: &impl Scorer,
        labels: &impl Scorer,
        sent: &Sentence,
        it: &Item,
        m: Move,
    ) -> Item {
        let mut mf = [0u64; N_MOVE_FEATS];
        let mut lf = [0u64; N_LABEL_FEATS];
        let s = self
            .move_scores(moves, sent, it, &mut mf)
            .map_or(0.0, |s| f64::from(s[m as usize]));
        let label = self.label_of(labels, sent, it, m, &mut lf);
        self.advance(it, m, label, it.score + s)
    }

    /// One step: expand every item by its valid moves and keep the `k` best
    /// (score, then item, then move order: deterministic).
    pub(crate) fn step(
        &mut self,
        moves: &impl Scorer,
        labels: &impl Scorer,
        sent: &Sentence,
        k: usize,
    ) {
        let mut mf = [0u64; N_MOVE_FEATS];
        let mut lf = [0u64; N_LABEL_FEATS];
        let mut cands = std::mem::take(&mut self.cands);
        cands.clear();
        self.seen.clear();
        for i in 0..self.items.len() {
            self.expand(moves, sent, i, &mut mf, &mut cands);
        }
        cands.sort_unstable_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.item.cmp(&b.item))
                .then((a.m as u8).cmp(&(b.m as u8)))
        });
        let mut next = std::mem::take(&mut self.next);
        next.clear();
        for c in cands.iter().take(k.max(1)) {
            let it = self.items[c.item as usize];
            let label = self.label_of(labels, sent, &it, c.m, &mut lf);
            next.push(self.advance(&it, c.m, label, c.score));
        }
        self.next = std::mem::replace(&mut self.items, next);
        self.cands = cands;
    }

    /// The moves (and relations) that led to history record `hist`, first
    /// move first.
    pub(crate) fn sequence(&self, hist: u32, out: &mut Vec<(Move, u16)>) {
        out.clear();
        let mut h = hist;
        while let Some(s) = self.steps.get(h as usize) {
            out.push((s.m, s.label));
            h = s.prev;
        }
        out.reverse();
    }

    /// Replay the history ending in `hist` on `st` (reset to the sentence
    /// first): `st.head` and `st.label` then hold that parse.
    pub(crate) fn replay(&mut self, hist: u32, st: &mut State) {
        let mut seq = std::mem::take(&mut self.seq);
        self.sequence(hist, &mut seq);
        st.reset(self.n as usize);
        for &(m, label) in &seq {
            st.apply(m, label);
        }
        self.seq = seq;
    }
}

/// Beam-search parse of `sent` with width `k`: the best final item's parse
/// is left in `st` (as [`crate::parse_with`] does for the greedy parse).
pub(crate) fn parse_beam(
    moves: &impl Scorer,
    labels: &impl Scorer,
    sent: &Sentence,
    beam: &mut Beam,
    st: &mut State,
    k: usize,
) {
    beam.reset(sent.len());
    while !beam.is_terminal() {
        beam.step(moves, labels, sent, k);
    }
    let best = beam.items.first().map_or(NIL, |it| it.hist);
    beam.replay(best, st);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::{Parser, Workspace, parse_with};

    fn committed() -> Parser {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/parser.bin");
        Parser::load(&path).expect("committed parser model loads")
    }

    type Words = Vec<(String, String, String)>;

    /// Hand-written sentences, and the first 400 of EWT dev when the data
    /// is there.
    fn sentences() -> Vec<Words> {
        let own: &[&[(&str, &str, &str)]] = &[
            &[("x", "NOUN", "NN")],
            &[
                ("Ceasefire", "NOUN", "NN"),
                ("talks", "NOUN", "NNS"),
                ("resumed", "VERB", "VBD"),
                ("in", "ADP", "IN"),
                ("Geneva", "PROPN", "NNP"),
                ("on", "ADP", "IN"),
                ("Monday", "PROPN", "NNP"),
                (",", "PUNCT", ","),
                ("officials", "NOUN", "NNS"),
                ("said", "VERB", "VBD"),
                (".", "PUNCT", "."),
            ],
            &[("", "", ""), ("\u{0}", "???", ""), (".", "PUNCT", ".")],
        ];
        let mut out: Vec<Words> = own
            .iter()
            .map(|s| {
                s.iter()
                    .map(|&(f, u, x)| (f.to_string(), u.to_string(), x.to_string()))
                    .collect()
            })
            .collect();
        if let Some(dev) = dyad_testdata::path("ud-en-ewt/en_ewt-ud-dev.conllu") {
            let sents = dyad_conllu::read_path(&dev).expect("dev reads");
            out.extend(sents.iter().take(400).map(|s| {
                s.words
                    .iter()
                    .map(|w| (w.form.clone(), w.upos.clone(), w.xpos.clone()))
                    .collect()
            }));
        }
        out
    }

    fn fill(p: &Parser, ws: &mut Workspace, s: &Words) {
        ws.sent.fill(
            &p.clusters,
            s.iter()
                .map(|(f, u, x)| (f.as_str(), u.as_str(), x.as_str())),
        );
    }

    #[test]
    fn width_one_is_the_greedy_parse() {
        let p = committed();
        let mut ws = Workspace::default();
        let mut st = State::default();
        for s in sentences() {
            fill(&p, &mut ws, &s);
            parse_with(&p.moves, &p.labels, &mut ws);
            parse_beam(&p.moves, &p.labels, &ws.sent, &mut ws.beam, &mut st, 1);
            assert_eq!(st.head, ws.st.head, "heads of {s:?}");
            assert_eq!(st.label, ws.st.label, "relations of {s:?}");
        }
    }

    /// Beam items built by shared-structure moves read the same features
    /// as the greedy state after the same moves.
    #[test]
    fn items_frame_like_the_state() {
        let mut beam = Beam::default();
        let mut st = State::default();
        for n in 1..14usize {
            for pick in 0..3usize {
                beam.reset(n);
                st.reset(n);
                let mut it = beam.items[0];
                let mut t = 0usize;
                while !st.is_terminal() {
                    assert_eq!(beam.frame(&it), st.frame(), "n {n} pick {pick} step {t}");
                    let m = (0..3)
                        .map(|j| Move::ALL[(pick + j + t * 7 / 3) % 3])
                        .find(|&m| st.valid(m))
                        .expect("valid move");
                    let label = (t % 5) as u16;
                    let (h, _) = st.arc_of(m);
                    let label = if m == Move::Shift || h == 0 {
                        NO_LABEL
                    } else {
                        label
                    };
                    it = beam.advance(&it, m, label, 0.0);
                    st.apply(m, label);
                    t += 1;
                }
                assert_eq!(t, 2 * n);
                let mut again = State::default();
                beam.replay(it.hist, &mut again);
                assert_eq!(again.head, st.head);
                assert_eq!(again.label, st.label);
            }
        }
    }

    /// A 5,000-word sentence: a tree, and the search space grows linearly
    /// (at most one stack entry and one history record per kept item and
    /// step), never with the square of the length.
    #[test]
    fn long_sentence_stays_linear() {
        let p = committed();
        // The hand-written sentences, repeated without sentence breaks.
        let words: Words = sentences().into_iter().take(3).flatten().collect();
        let n = 5000;
        let s: Words = words.iter().cycle().take(n).cloned().collect();
        let mut ws = Workspace::default();
        fill(&p, &mut ws, &s);
        let k = 8;
        let mut st = State::default();
        parse_beam(&p.moves, &p.labels, &ws.sent, &mut ws.beam, &mut st, k);
        assert!(ws.beam.steps.len() <= 2 * n * k);
        assert!(ws.beam.entries.len() <= 1 + 2 * n * k);
        assert_eq!((1..=n).filter(|&i| st.head[i] == 0).count(), 1);
        assert!((1..=n).all(|i| st.head[i] as usize <= n && st.head[i] as usize != i));
    }
}
