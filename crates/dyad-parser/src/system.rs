//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta
//! 2011) with a virtual root at the bottom of the stack, and its dynamic
//! oracle (Goldberg and Nivre 2013).
//!
//! Positions: `0` is the virtual root, words are `1..=n`, and `n + 1` is a
//! "null" slot whose per-token attributes stand for "no such token", so
//! feature extraction never branches on absence.
//!
//! Moves:
//! - `Shift`: push the buffer front onto the stack;
//! - `Left`: the stack top becomes a dependent of the buffer front, pop;
//! - `Right`: the stack top becomes a dependent of the token below it, pop.
//!
//! Constraints keep every output a single-rooted projective tree: `Left` is
//! never taken from the root, and `Right` onto the root only once the buffer
//! is empty, so exactly one word is attached to the root, last. Every state
//! that is not terminal has a valid move, and a sentence of `n` words takes
//! exactly `2n` moves.

/// A move of the transition system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift = 0,
    Left = 1,
    Right = 2,
}

impl Move {
    pub(crate) const ALL: [Move; 3] = [Move::Shift, Move::Left, Move::Right];

    #[cfg(test)]
    pub(crate) fn from_index(i: usize) -> Move {
        Move::ALL[i]
    }
}

/// Label id meaning "no label" (root, null slot, unattached).
pub(crate) const NO_LABEL: u16 = u16::MAX;

/// What the features read of one token's dependents so far: its left- and
/// right-most children (and second ones) with their relations, the numbers
/// of children and the sets of their relations. Shared by the greedy
/// [`State`] (one per position) and the beam's stack entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    /// Leftmost and second-leftmost left children (`null` if none).
    pub lc1: u32,
    pub lc2: u32,
    /// Rightmost and second-rightmost right children (`null` if none).
    pub rc1: u32,
    pub rc2: u32,
    /// Relations of `lc1`, `lc2`, `rc1`, `rc2` (`NO_LABEL` if none).
    pub ll1: u16,
    pub ll2: u16,
    pub rl1: u16,
    pub rl2: u16,
    /// Number of left and right children.
    pub nl: u16,
    pub nr: u16,
    /// Bit sets of the labels of left and right children (label id mod 64).
    pub lset: u64,
    pub rset: u64,
}

impl Node {
    /// A token without children in a sentence whose null slot is `null`.
    #[inline]
    pub(crate) fn empty(null: u32) -> Node {
        Node {
            lc1: null,
            lc2: null,
            rc1: null,
            rc2: null,
            ll1: NO_LABEL,
            ll2: NO_LABEL,
            rl1: NO_LABEL,
            rl2: NO_LABEL,
            nl: 0,
            nr: 0,
            lset: 0,
            rset: 0,
        }
    }

    /// Record the dependent `d` (relation `label`) of this token `h`.
    #[inline]
    pub(crate) fn add(&mut self, h: u32, d: u32, label: u16, null: u32) {
        let bit = if label == NO_LABEL {
            0
        } else {
            1u64 << (label & 63)
        };
        if d < h {
            if self.lc1 == null || d < self.lc1 {
                self.lc2 = self.lc1;
                self.ll2 = self.ll1;
                self.lc1 = d;
                self.ll1 = label;
            } else if self.lc2 == null || d < self.lc2 {
                self.lc2 = d;
                self.ll2 = label;
            }
            self.nl = self.nl.saturating_add(1);
            self.lset |= bit;
        } else {
            if self.rc1 == null || d > self.rc1 {
                self.rc2 = self.rc1;
                self.rl2 = self.rl1;
                self.rc1 = d;
                self.rl1 = label;
            } else if self.rc2 == null || d > self.rc2 {
                self.rc2 = d;
                self.rl2 = label;
            }
            self.nr = self.nr.saturating_add(1);
            self.rset |= bit;
        }
    }
}

/// Whether move `m` may be taken with a stack of `len` entries (the root
/// included) and a buffer that is non-empty or not.
#[inline]
pub(crate) fn valid_move(m: Move, buffer: bool, len: usize) -> bool {
    match m {
        Move::Shift => buffer,
        Move::Left => buffer && len >= 2,
        Move::Right => len >= 2 && (len >= 3 || !buffer),
    }
}

/// The move of a configuration where exactly one move is valid (such
/// states are not scored).
#[inline]
pub(crate) fn only_move(buffer: bool, len: usize) -> Option<Move> {
    let mut valid = Move::ALL
        .into_iter()
        .filter(|&m| valid_move(m, buffer, len));
    let m = valid.next()?;
    valid.next().is_none().then_some(m)
}

/// What the feature templates read of a configuration: the positions of
/// `s0..s2` and `b0..b3` (or the null slot) and the dependents of `s0`,
/// `s1` and `b0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Frame {
    /// The null slot (`n + 1`).
    pub null: u32,
    pub s0: u32,
    pub s1: u32,
    pub s2: u32,
    pub b0: u32,
    pub b1: u32,
    pub b2: u32,
    pub b3: u32,
    /// Dependents of `s0`, `s1` and `b0` (empty nodes for the null slot).
    pub s0n: Node,
    pub s1n: Node,
    pub b0n: Node,
}

/// The parser configuration, reused across sentences (no allocation once
/// the buffers have grown to the longest sentence seen).
#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    /// Number of words.
    pub n: u32,
    /// Index of the null slot (`n + 1`).
    pub null: u32,
    /// The stack; `stack[0]` is the root while the parse runs.
    pub stack: Vec<u32>,
    /// Buffer front; the buffer is empty when `b > n`.
    pub b: u32,
    /// Head of each position (`null` when unattached).
    pub head: Vec<u32>,
    /// Label of each position as a dependent.
    pub label: Vec<u16>,
    /// Dependents of each position.
    pub node: Vec<Node>,
    /// Whether a position is on the stack (training oracle only).
    pub on_stack: Vec<bool>,
}

impl State {
    /// Reset for a sentence of `n` words.
    pub(crate) fn reset(&mut self, n: usize) {
        let n32 = n as u32;
        let len = n + 2;
        let null = n32 + 1;
        self.n = n32;
        self.null = null;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        self.head.clear();
        self.head.resize(len, null);
        self.label.clear();
        self.label.resize(len, NO_LABEL);
        self.node.clear();
        self.node.resize(len, Node::empty(null));
        self.on_stack.clear();
        self.on_stack.resize(len, false);
        self.on_stack[0] = true;
    }

    /// Whether the parse is finished.
    #[inline]
    pub(crate) fn is_terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    /// Stack element `i` from the top (0 = top), or the null slot.
    #[inline]
    pub(crate) fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            self.null
        }
    }

    /// Buffer element `i` (0 = front), or the null slot.
    #[inline]
    pub(crate) fn bf(&self, i: u32) -> u32 {
        let p = self.b + i;
        if p <= self.n { p } else { self.null }
    }

    /// Whether `m` may be taken now.
    #[inline]
    pub(crate) fn valid(&self, m: Move) -> bool {
        valid_move(m, self.b <= self.n, self.stack.len())
    }

    /// The move of a state where exactly one move is valid.
    #[inline]
    pub(crate) fn only_move(&self) -> Option<Move> {
        only_move(self.b <= self.n, self.stack.len())
    }

    /// What the move features read of this state.
    #[inline]
    pub(crate) fn frame(&self) -> Frame {
        let (s0, s1, b0) = (self.s(0), self.s(1), self.bf(0));
        Frame {
            null: self.null,
            s0,
            s1,
            s2: self.s(2),
            b0,
            b1: self.bf(1),
            b2: self.bf(2),
            b3: self.bf(3),
            s0n: self.node[s0 as usize],
            s1n: self.node[s1 as usize],
            b0n: self.node[b0 as usize],
        }
    }

    /// Take move `m`; `label` is the relation of the new arc (ignored for
    /// `Shift`). The move must be valid.
    #[inline]
    pub(crate) fn apply(&mut self, m: Move, label: u16) {
        match m {
            Move::Shift => {
                let w = self.b;
                self.stack.push(w);
                self.on_stack[w as usize] = true;
                self.b += 1;
            }
            Move::Left => {
                let d = self.stack.pop().expect("valid Left has a stack");
                self.on_stack[d as usize] = false;
                self.add_arc(self.b, d, label);
            }
            Move::Right => {
                let d = self.stack.pop().expect("valid Right has a stack");
                self.on_stack[d as usize] = false;
                let h = *self.stack.last().expect("valid Right has two on the stack");
                self.add_arc(h, d, label);
            }
        }
    }

    /// The head and dependent the arc move `m` would create.
    #[inline]
    pub(crate) fn arc_of(&self, m: Move) -> (u32, u32) {
        match m {
            Move::Left => (self.b, self.s(0)),
            Move::Right => (self.s(1), self.s(0)),
            Move::Shift => (self.null, self.null),
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.head[du] = h;
        self.label[du] = label;
        self.node[hu].add(h, d, label, self.null);
    }
}

/// Gold tree of a sentence in the state's indexing, for the dynamic oracle.
#[cfg(any(test, feature = "train"))]
#[derive(Debug, Default, Clone)]
pub(crate) struct Gold {
    /// Gold head of each word (`head[0]` unused; 0 = root).
    pub head: Vec<u32>,
    /// Gold label of each word.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub label: Vec<u16>,
    /// Gold dependents of each position, in index order (flattened).
    deps: Vec<u32>,
    /// `deps[dep_start[i]..dep_start[i + 1]]` are the dependents of `i`.
    dep_start: Vec<u32>,
}

#[cfg(any(test, feature = "train"))]
impl Gold {
    /// Build from heads (`heads[i]` is the head of word `i + 1`, 0 = root)
    /// and labels.
    pub(crate) fn new(heads: &[u32], labels: &[u16]) -> Gold {
        let n = heads.len();
        let mut head = Vec::with_capacity(n + 1);
        head.push(0);
        head.extend_from_slice(heads);
        let mut label = Vec::with_capacity(n + 1);
        label.push(NO_LABEL);
        label.extend_from_slice(labels);
        let mut count = vec![0u32; n + 2];
        for &h in heads {
            count[h as usize + 1] += 1;
        }
        for i in 1..count.len() {
            count[i] += count[i - 1];
        }
        let dep_start = count.clone();
        let mut fill = count;
        let mut deps = vec![0u32; n];
        for (i, &h) in heads.iter().enumerate() {
            let slot = &mut fill[h as usize];
            deps[*slot as usize] = i as u32 + 1;
            *slot += 1;
        }
        Gold {
            head,
            label,
            deps,
            dep_start,
        }
    }

    fn deps(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.deps[self.dep_start[i] as usize..self.dep_start[i + 1] as usize]
    }

    /// Number of gold arcs that move `m` makes unreachable (Goldberg and
    /// Nivre 2013, arc-hybrid). Exact for projective gold trees; for
    /// non-projective ones the minimum-cost moves are taken as correct.
    pub(crate) fn cost(&self, st: &State, m: Move) -> u32 {
        let b = st.b;
        match m {
            Move::Shift => {
                let s0 = st.s(0);
                let g = self.head[b as usize];
                let mut c = u32::from(g != s0 && st.on_stack[g as usize]);
                c += self
                    .deps(b)
                    .iter()
                    .take_while(|&&d| d < b)
                    .filter(|&&d| st.on_stack[d as usize])
                    .count() as u32;
                c
            }
            Move::Left => {
                let s0 = st.s(0);
                let s1 = st.s(1);
                let g = self.head[s0 as usize];
                let mut c = u32::from(g != b && (g == s1 || (g > b && g <= st.n)));
                c += self.deps(s0).iter().filter(|&&d| d >= b).count() as u32;
                c
            }
            Move::Right => {
                let s0 = st.s(0);
                let g = self.head[s0 as usize];
                let mut c = u32::from(g >= b && g <= st.n);
                c += self.deps(s0).iter().filter(|&&d| d >= b).count() as u32;
                c
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follow the zero-cost moves from the start; for a projective tree this
    /// must rebuild the gold tree exactly.
    fn oracle_parse(heads: &[u32]) -> Vec<u32> {
        let labels = vec![0u16; heads.len()];
        let gold = Gold::new(heads, &labels);
        let mut st = State::default();
        st.reset(heads.len());
        let mut steps = 0;
        while !st.is_terminal() {
            let mut best = None;
            for m in Move::ALL {
                if st.valid(m) {
                    let c = gold.cost(&st, m);
                    if best.is_none_or(|(_, bc)| c < bc) {
                        best = Some((m, c));
                    }
                }
            }
            let (m, _) = best.expect("a valid move");
            st.apply(m, 0);
            steps += 1;
        }
        assert_eq!(steps, 2 * heads.len());
        st.head[1..=heads.len()].to_vec()
    }

    #[test]
    fn oracle_rebuilds_projective_trees() {
        let cases: &[&[u32]] = &[
            &[0],
            &[2, 0],
            &[0, 1],
            &[2, 0, 2],
            &[3, 3, 4, 0, 6, 4, 4],
            &[0, 3, 1, 3, 1],
            &[2, 5, 4, 2, 0, 5, 8, 6, 5],
        ];
        for heads in cases {
            assert_eq!(&oracle_parse(heads), heads, "heads {heads:?}");
        }
    }

    #[test]
    fn non_projective_tree_still_gives_a_tree() {
        // 1 -> 3, 2 -> 4 cross.
        let heads = [3, 4, 0, 3];
        let out = oracle_parse(&heads);
        assert_eq!(out.iter().filter(|&&h| h == 0).count(), 1);
    }

    #[test]
    fn constraints_never_dead_end() {
        // Any sequence of valid moves terminates after 2n moves with one root.
        let mut st = State::default();
        for n in 1..12usize {
            for pick in 0..3usize {
                st.reset(n);
                let mut steps = 0;
                while !st.is_terminal() {
                    let m = (0..3)
                        .map(|k| Move::from_index((pick + k + steps) % 3))
                        .find(|&m| st.valid(m))
                        .expect("valid move");
                    st.apply(m, 0);
                    steps += 1;
                }
                assert_eq!(steps, 2 * n);
                let roots = (1..=n).filter(|&i| st.head[i] == 0).count();
                assert_eq!(roots, 1);
                assert!((1..=n).all(|i| st.head[i] <= n as u32));
            }
        }
    }
}
