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
    /// Leftmost and second-leftmost left children.
    pub lc1: Vec<u32>,
    pub lc2: Vec<u32>,
    /// Rightmost and second-rightmost right children.
    pub rc1: Vec<u32>,
    pub rc2: Vec<u32>,
    /// Number of left and right children.
    pub nl: Vec<u16>,
    pub nr: Vec<u16>,
    /// Bit sets of the labels of left and right children (label id mod 64).
    pub lset: Vec<u64>,
    pub rset: Vec<u64>,
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
        for v in [
            &mut self.head,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(len, null);
        }
        self.label.clear();
        self.label.resize(len, NO_LABEL);
        for v in [&mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(len, 0);
        }
        for v in [&mut self.lset, &mut self.rset] {
            v.clear();
            v.resize(len, 0);
        }
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
        let buffer = self.b <= self.n;
        let len = self.stack.len();
        match m {
            Move::Shift => buffer,
            Move::Left => buffer && len >= 2,
            Move::Right => len >= 2 && (len >= 3 || !buffer),
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
        let bit = if label == NO_LABEL {
            0
        } else {
            1u64 << (label & 63)
        };
        if d < h {
            let l1 = self.lc1[hu];
            if l1 == self.null || d < l1 {
                self.lc2[hu] = l1;
                self.lc1[hu] = d;
            } else if self.lc2[hu] == self.null || d < self.lc2[hu] {
                self.lc2[hu] = d;
            }
            self.nl[hu] = self.nl[hu].saturating_add(1);
            self.lset[hu] |= bit;
        } else {
            let r1 = self.rc1[hu];
            if r1 == self.null || d > r1 {
                self.rc2[hu] = r1;
                self.rc1[hu] = d;
            } else if self.rc2[hu] == self.null || d > self.rc2[hu] {
                self.rc2[hu] = d;
            }
            self.nr[hu] = self.nr[hu].saturating_add(1);
            self.rset[hu] |= bit;
        }
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
