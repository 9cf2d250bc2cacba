//! Noun-phrase chunks and actor groups: chunks built over the dictionary
//! matches, linked into compound actors by "and", "or" and commas, agents
//! combined with their actor ("of/in/from ACTOR" included), and the groups
//! found before or after a word.

use dyad_doc::Upos;

use super::*;

const POSSESSIVE_PRONOUNS: [&str; 7] = ["their", "its", "his", "her", "our", "my", "your"];

/// An actor code with agent codes added (`Before` ones in front, `After`
/// ones behind), leaving out three-letter elements already present.
fn combine(actor: &str, agents: &[(String, Placement)]) -> String {
    let mut before = String::new();
    let mut code = actor.to_string();
    for (a, place) in agents {
        let mut add = String::new();
        for part in a.as_bytes().chunks(3) {
            let part = String::from_utf8_lossy(part);
            let present = code.as_bytes().chunks(3).any(|c| c == part.as_bytes())
                || before.as_bytes().chunks(3).any(|c| c == part.as_bytes());
            if !present {
                add.push_str(&part);
            }
        }
        match place {
            Placement::After => code.push_str(&add),
            Placement::Before => before.push_str(&add),
        }
    }
    format!("{before}{code}")
}

/// The codes of a chunk whose words are covered by `covered` (the index in
/// `matches` of each word's dictionary match): its first actor's codes on
/// `date`, and its agents' codes with their placement, in order.
fn chunk_codes(
    coder: &PetrarchCoder,
    date: Option<NaiveDate>,
    matches: &[(usize, usize, Kind)],
    covered: &[Option<usize>],
) -> (Vec<String>, Vec<(String, Placement)>) {
    let mut actors = Vec::new();
    let mut agents = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in covered.iter().flatten().copied() {
        if !seen.insert(m) {
            continue;
        }
        match matches[m].2 {
            Kind::Actor(a) if actors.is_empty() => {
                actors = coder.actor_codes(a, date);
            }
            Kind::Actor(_) => {}
            Kind::Agent(g) => {
                let e = &coder.agents.entries[g];
                agents.push((e.code.to_uppercase(), e.placement));
            }
        }
    }
    (actors, agents)
}

impl<'a> Sent<'a> {
    /// Whether word `i` can be part of a noun phrase (determiners but not
    /// clause-starting ones, adjectives, nouns, numbers, possessives).
    pub(super) fn np_word(&self, i: usize) -> bool {
        let w = self.w[i].as_str();
        if w == "'s" {
            return true;
        }
        match self.upos(i) {
            Some(Upos::Det | Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num | Upos::X) => {
                // "that"/"which" as determiners start clauses more often than NPs.
                !matches!(
                    w,
                    "that" | "which" | "whose" | "neither" | "either" | "both"
                )
            }
            Some(Upos::Pron) => POSSESSIVE_PRONOUNS.contains(&w),
            _ => false,
        }
    }

    /// Chunk the sentence into noun phrases over the dictionary matches,
    /// with each chunk's actor and agent codes and its link to the previous
    /// one; fills `chunks` and `chunk_of`.
    pub(super) fn build_chunks(&mut self, coder: &PetrarchCoder, date: Option<NaiveDate>) {
        let n = self.w.len();
        let matches = self.matches(coder);
        let mut covered: Vec<Option<usize>> = vec![None; n];
        for (m, &(s, e, _)) in matches.iter().enumerate() {
            for c in covered.iter_mut().take(e + 1).skip(s) {
                *c = Some(m);
            }
        }
        let mut chunk_of = vec![None; n];
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut i = 0;
        while i < n {
            if !(self.np_word(i) || covered[i].is_some()) {
                i += 1;
                continue;
            }
            let start = i;
            let end = self.chunk_end(start, &covered);
            let (actors, agents) = chunk_codes(coder, date, &matches, &covered[start..=end]);
            let linked = chunks.last().is_some_and(|prev| {
                let between = &self.w[prev.end + 1..start];
                !between.is_empty()
                    && between
                        .iter()
                        .all(|b| matches!(b.as_str(), "and" | "or" | "nor" | "," | "&"))
            });
            for c in chunk_of.iter_mut().take(end + 1).skip(start) {
                *c = Some(chunks.len());
            }
            chunks.push(Chunk {
                start,
                end,
                actors,
                agents,
                linked,
            });
            i = end + 1;
        }
        self.unlink_appositions(&mut chunks);
        self.chunks = chunks;
        self.chunk_of = chunk_of;
    }

    /// Last word of the noun phrase starting at word `start`, given the
    /// dictionary match covering each word.
    fn chunk_end(&self, start: usize, covered: &[Option<usize>]) -> usize {
        let n = self.w.len();
        let inside = |i: usize| covered[i].is_some();
        let mut end = start;
        let mut j = start + 1;
        while j < n {
            let same_match = covered[j].is_some() && covered[j] == covered[j - 1];
            if same_match {
                end = j;
                j += 1;
                continue;
            }
            let w = self.w[j].as_str();
            // "awful and evil minister", "state - run"
            let adj_link = matches!(w, "and" | "or" | ",")
                && self.upos(j - 1) == Some(Upos::Adj)
                && j + 1 < n
                && self.upos(j + 1) == Some(Upos::Adj);
            let hyphen = w == "-" && j + 1 < n && (self.np_word(j + 1) || inside(j + 1));
            if adj_link || hyphen {
                end = j + 1;
                j += 2;
                continue;
            }
            if !(self.np_word(j) || inside(j)) {
                break;
            }
            // A determiner after a noun starts a new phrase.
            let det = self.upos(j) == Some(Upos::Det) && !inside(j);
            let prev_nominal =
                matches!(self.upos(j - 1), Some(Upos::Noun | Upos::Propn)) || self.w[j - 1] == "'s";
            if det && prev_nominal {
                break;
            }
            end = j;
            j += 1;
        }
        end
    }

    /// A comma alone links list items only when the list ends with a
    /// conjunction ("Mordor, Rohan and Bree"); otherwise it is an
    /// apposition or a clause boundary ("its embassy, a senior official"):
    /// such chunks are unlinked.
    fn unlink_appositions(&self, chunks: &mut [Chunk]) {
        let mut conj_ahead = false;
        for k in (0..chunks.len()).rev() {
            if !chunks[k].linked {
                conj_ahead = false;
                continue;
            }
            // A linked chunk follows another: only links lie between them.
            let between = &self.w[chunks[k - 1].end + 1..chunks[k].start];
            let conj = between
                .iter()
                .any(|b| matches!(b.as_str(), "and" | "or" | "nor" | "&"));
            if conj {
                conj_ahead = true;
            } else if !conj_ahead {
                chunks[k].linked = false;
            }
        }
    }

    /// The group of chunks starting at chunk `k`: its linked chunks, and an
    /// "of/in/from" phrase giving agents their actor.
    pub(super) fn group_from(&self, k: usize) -> Group {
        if let Some(g) = &self.memo.borrow()[k] {
            return g.clone();
        }
        let g = self.compute_group(k);
        self.memo.borrow_mut()[k] = Some(g.clone());
        g
    }

    /// [`Sent::group_from`] without the memo.
    pub(super) fn compute_group(&self, k: usize) -> Group {
        let mut last = k;
        while last + 1 < self.chunks.len() && self.chunks[last + 1].linked {
            last += 1;
        }
        let run = &self.chunks[k..=last];
        let mut end = run[run.len() - 1].end;
        // AGENT of/in/from ACTORS
        let mut owners: Vec<String> = Vec::new();
        // Agents anywhere in the run, or a last phrase without codes
        // ("sheep and goats of Gondor"), take the actor of an "of" phrase.
        let needs_owner = run
            .iter()
            .any(|c| c.actors.is_empty() && !c.agents.is_empty())
            || run[run.len() - 1].actors.is_empty();
        if needs_owner
            && end + 2 < self.w.len()
            && matches!(self.w[end + 1].as_str(), "of" | "in" | "from")
            && let Some(next) = self.chunk_of[end + 2]
            && self.chunks[next].start == end + 2
        {
            let g = self.group_from(next);
            if !g.codes.is_empty() && !self.chunks[next].actors.is_empty() {
                owners = self.chunks[next..]
                    .iter()
                    .take_while(|c| c.start <= g.end)
                    .flat_map(|c| c.actors.clone())
                    .collect();
                end = g.end;
            }
        }
        let mut codes = Vec::new();
        for (i, c) in run.iter().enumerate() {
            if !c.actors.is_empty() {
                codes.extend(c.actors.iter().map(|a| combine(a, &c.agents)));
            } else if !c.agents.is_empty() {
                if !owners.is_empty() {
                    codes.extend(owners.iter().map(|a| combine(a, &c.agents)));
                } else if let Some(prev) = run[..i].iter().rev().find(|p| !p.actors.is_empty()) {
                    // "Danish media and government": shared modifiers.
                    let shared = &prev.agents[..prev.agents.len().saturating_sub(1)];
                    let mut ag = shared.to_vec();
                    ag.extend(c.agents.iter().cloned());
                    codes.extend(prev.actors.iter().map(|a| combine(a, &ag)));
                } else {
                    codes.push(combine("---", &c.agents));
                }
            } else if i + 1 == run.len() {
                codes.extend(owners.iter().cloned());
            }
        }
        let mut seen = std::collections::HashSet::new();
        codes.retain(|c| seen.insert(c.clone()));
        Group {
            start: run[0].start,
            end,
            codes,
        }
    }

    /// First coded group whose first chunk starts in `from..to` and
    /// `region` (when given).
    pub(super) fn group_after(
        &self,
        from: usize,
        to: usize,
        region: Option<&[bool]>,
    ) -> Option<Group> {
        for (k, c) in self.chunks.iter().enumerate() {
            if c.start < from || c.start >= to {
                continue;
            }
            if region.is_some_and(|r| !r[c.start]) {
                continue;
            }
            let g = self.group_from(k);
            if !g.codes.is_empty() {
                return Some(g);
            }
        }
        None
    }

    /// First chunk of the linked run holding chunk `k`.
    pub(super) fn run_start(&self, k: usize) -> usize {
        let mut first = k;
        while first > 0 && self.chunks[first].linked {
            first -= 1;
        }
        first
    }

    /// Nearest coded group ending before word `p` (with the chunks linked
    /// before it).
    pub(super) fn group_before(&self, p: usize) -> Option<Group> {
        for k in (0..self.chunks.len()).rev() {
            if self.chunks[k].end >= p {
                continue;
            }
            let first = self.run_start(k);
            let mut g = self.group_from(first);
            // "activists in Arnor": the agent phrase owns this group.
            let s = self.chunks[first].start;
            if s >= 2
                && matches!(self.w[s - 1].as_str(), "of" | "in" | "from")
                && let Some(owner) = self.chunk_of[s - 2]
            {
                let og = self.group_from(self.run_start(owner));
                if og.end >= g.end && !og.codes.is_empty() {
                    g = og;
                }
            }
            if !g.codes.is_empty() {
                return Some(g);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_codes_combine_without_repeats() {
        let after = |c: &str| (c.to_string(), Placement::After);
        assert_eq!(combine("USAGOV", &[after("GOV")]), "USAGOV");
        assert_eq!(combine("GMWGOV", &[after("WGO")]), "GMWGOVWGO");
        assert_eq!(combine("HGWGOVMED", &[after("GOVMED")]), "HGWGOVMED");
        assert_eq!(
            combine(
                "ARN",
                &[("NGO".to_string(), Placement::Before), after("GOV")]
            ),
            "NGOARNGOV"
        );
        assert_eq!(combine("---", &[after("GOV")]), "---GOV");
    }
}
