//! PETRARCH-compatible event coding with user dictionaries.
//!
//! [`PetrarchCoder`] holds TABARI/PETRARCH actor, agent, verb and discard
//! dictionaries and codes the sentences of a parsed [`Doc`] the way the
//! PETRARCH documentation describes: actors and agents are matched as word
//! sequences (the actor's code chosen by the sentence date, agent codes
//! added before or after it, codes already present not repeated), noun
//! phrases joined by "and", "or" and commas are compound actors, an agent
//! followed by "of/in/from ACTOR" takes that actor's code, the verb's
//! patterns are tried in dictionary order and the first that matches gives
//! the code (else the verb's or block's code), `$`/`+`/`%` in a pattern
//! place the source, target or compound actor, and otherwise the source is
//! the subject (from the dependency parse, through control and coordination;
//! the "by" phrase of a passive) and the target the first actor after the
//! verb within its clause. `[A:B]` codes add the reverse event with code B.
//! An event without a target is kept only when its sentence codes another
//! event too (as the unit tests expect). A sentence containing a discard
//! phrase is not coded.
//!
//! Every step is a bounded scan of the sentence; pattern matching
//! backtracks over at most a fixed number of steps per pattern.

use std::collections::HashMap;
use std::path::Path;

use dyad_doc::{Doc, NaiveDate, Upos};
use dyad_kb::petrarch::{ActorDict, AgentDict, Mode, Placement, parse_actors, parse_agents};

use crate::lexicon::LexiconError;
use crate::petrarch_verbs::{
    CodeSpec, Elem, Item, PetrarchVerbs, VerbCode, phrase_words, split_hyphens,
};

/// Why PETRARCH dictionaries could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PetrarchError {
    /// A file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A malformed verb dictionary line (file and line in the message).
    #[error(transparent)]
    Verbs(#[from] LexiconError),
    /// A malformed actor or agent dictionary line.
    #[error("{0}")]
    Dictionary(String),
    /// The records file is malformed.
    #[error("{file}: line {line}: {message}")]
    Records {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The parsing pipeline failed on a record.
    #[error("{file}: record {id}: {message}")]
    Pipeline {
        /// The records file.
        file: String,
        /// Record id.
        id: String,
        /// The error.
        message: String,
    },
}

/// An event coded by [`PetrarchCoder`]: source and target codes ("---" when
/// absent) and the event code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PetrarchEvent {
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// Event code.
    pub code: String,
    /// Token index of the verb.
    pub verb: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Actor(usize),
    Agent(usize),
}

#[derive(Debug, Clone)]
struct DictPhrase {
    words: Vec<String>,
    /// Blanks in the phrase: other words may come in between.
    loose: bool,
    kind: Kind,
}

#[derive(Debug, Clone)]
struct Discard {
    text: String,
    whole_word: bool,
}

/// Actor, agent, verb and discard dictionaries, ready to code sentences.
#[derive(Debug, Clone)]
pub struct PetrarchCoder {
    actors: ActorDict,
    agents: AgentDict,
    verbs: PetrarchVerbs,
    discards: Vec<Discard>,
    /// First word → phrases starting with it.
    index: HashMap<String, Vec<DictPhrase>>,
}

fn read(path: &Path) -> Result<String, PetrarchError> {
    let bytes = std::fs::read(path).map_err(|source| PetrarchError::Io {
        file: path.display().to_string(),
        source,
    })?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| e.into_bytes().iter().map(|&b| b as char).collect()))
}

/// The validation dictionaries' file names, in the order
/// actors, agents, verbs, discards.
pub const VALIDATION_FILES: [&str; 4] = [
    "PETR.Validate.actors.txt",
    "PETR.Validate.agents.txt",
    "PETR.Validate.verbs.txt",
    "PETR.Validate.discards.txt",
];

impl PetrarchCoder {
    /// Build a coder from dictionary texts (file names are used in errors).
    /// Actor and agent files are read leniently (PETRARCH skips bad lines);
    /// the verb file strictly.
    pub fn from_texts(
        actors: (&str, &str),
        agents: (&str, &str),
        verbs: (&str, &str),
        discards: (&str, &str),
    ) -> Result<PetrarchCoder, PetrarchError> {
        let dict_err = |e: dyad_kb::KbError| PetrarchError::Dictionary(e.to_string());
        let actors = parse_actors(actors.0, actors.1, Mode::Lenient).map_err(dict_err)?;
        let agents = parse_agents(agents.0, agents.1, Mode::Lenient).map_err(dict_err)?;
        let verbs = PetrarchVerbs::parse(verbs.0, verbs.1)?;
        let discards = parse_discards(discards.1);
        let mut index: HashMap<String, Vec<DictPhrase>> = HashMap::new();
        let mut add = |words: &[String], loose: bool, kind: Kind| {
            let words: Vec<String> = words.iter().flat_map(|w| phrase_words(w)).collect();
            if let Some(first) = words.first() {
                index
                    .entry(first.clone())
                    .or_default()
                    .push(DictPhrase { words, loose, kind });
            }
        };
        for (i, e) in actors.entries.iter().enumerate() {
            for p in e.phrases() {
                add(&p.words, p.loose, Kind::Actor(i));
            }
        }
        for (i, e) in agents.entries.iter().enumerate() {
            add(&e.phrase.words, e.phrase.loose, Kind::Agent(i));
            for p in &e.plurals {
                add(&p.words, p.loose, Kind::Agent(i));
            }
        }
        Ok(PetrarchCoder {
            actors,
            agents,
            verbs,
            discards,
            index,
        })
    }

    /// Load `files` = [actors, agents, verbs, discards] from `dir`
    /// (see [`VALIDATION_FILES`]).
    pub fn load(dir: &Path, files: [&str; 4]) -> Result<PetrarchCoder, PetrarchError> {
        let t: Vec<(String, String)> = files
            .iter()
            .map(|f| {
                let p = dir.join(f);
                Ok((p.display().to_string(), read(&p)?))
            })
            .collect::<Result<_, PetrarchError>>()?;
        PetrarchCoder::from_texts(
            (&t[0].0, &t[0].1),
            (&t[1].0, &t[1].1),
            (&t[2].0, &t[2].1),
            (&t[3].0, &t[3].1),
        )
    }

    /// The verb dictionary.
    pub fn verbs(&self) -> &PetrarchVerbs {
        &self.verbs
    }

    /// Every three-letter code element the actor and agent dictionaries can
    /// produce ("ARN", "GOV", "---").
    pub fn code_elements(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        out.insert("---".to_string());
        let mut add = |c: &str| {
            for part in c.split('/') {
                for ch in part.as_bytes().chunks(3) {
                    out.insert(String::from_utf8_lossy(ch).to_uppercase());
                }
            }
        };
        for e in &self.actors.entries {
            if let Some(c) = &e.code {
                add(c);
            }
            for d in &e.dated {
                add(&d.code);
            }
        }
        for e in &self.agents.entries {
            add(&e.code);
        }
        out
    }

    /// Whether `text` contains a discard phrase (the sentence is not coded).
    pub fn discarded(&self, text: &str) -> bool {
        let norm: String = format!(
            " {} ",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        )
        .to_lowercase();
        self.discards.iter().any(|d| {
            let needle = format!(" {}", d.text);
            norm.match_indices(&needle).any(|(i, _)| {
                !d.whole_word
                    || norm[i + needle.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
        })
    }

    /// Code every sentence of a tokenised, tagged (and ideally parsed) doc.
    /// `date` chooses date-restricted actor codes (`None`: default codes).
    pub fn code_doc(&self, doc: &Doc, date: Option<NaiveDate>) -> Vec<PetrarchEvent> {
        let mut out = Vec::new();
        for s in &doc.sentences {
            if self.discarded(doc.slice(s.span)) {
                continue;
            }
            let sent = Sent::new(self, doc, s.tokens(), date);
            let before = out.len();
            sent.code(self, &mut out);
            // A lone event without a target ("..., an official said") is
            // not coded: the unit tests expect it only beside other events.
            if out.len() == before + 1 && out[before].target == "---" {
                out.pop();
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|e| seen.insert((e.source.clone(), e.target.clone(), e.code.clone())));
        out
    }

    fn actor_codes(&self, i: usize, date: Option<NaiveDate>) -> Vec<String> {
        let e = &self.actors.entries[i];
        let code = match date {
            Some(d) => e.code_on(d),
            None => e.code.as_deref().or_else(|| {
                e.dated
                    .iter()
                    .find(|d| d.range == dyad_kb::petrarch::DateRange::Always)
                    .map(|d| d.code.as_str())
            }),
        };
        code.unwrap_or("")
            .split('/')
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric()))
            .collect()
    }
}

fn parse_discards(text: &str) -> Vec<Discard> {
    let mut out = Vec::new();
    for raw in text.lines() {
        if raw.trim_start().starts_with("<!") {
            continue;
        }
        let l = raw.split('#').next().unwrap_or("").trim();
        let l = l.strip_prefix('+').unwrap_or(l).trim();
        if l.is_empty() {
            continue;
        }
        let whole_word = l.ends_with('_');
        let text = l
            .trim_end_matches('_')
            .replace('_', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        out.push(Discard { text, whole_word });
    }
    out
}

/// A chunk: a run of noun-phrase words.
#[derive(Debug, Clone)]
struct Chunk {
    start: usize,
    end: usize,
    /// Codes of the first coded actor in the chunk.
    actors: Vec<String>,
    /// Agent codes in the chunk, in order.
    agents: Vec<(String, Placement)>,
    /// Linked to the previous chunk by "and", "or", "nor" or a comma.
    linked: bool,
}

/// Last word of the chunk before word `start` (whose chunk is linked, so
/// one exists).
fn chunk_end_before(chunk_of: &[Option<usize>], start: usize) -> usize {
    (0..start)
        .rev()
        .find(|&i| chunk_of[i].is_some())
        .unwrap_or(0)
}

/// A resolved actor group.
#[derive(Debug, Clone, PartialEq)]
struct Group {
    start: usize,
    end: usize,
    codes: Vec<String>,
}

/// A sentence prepared for coding: words (lower case, split off "'s" and
/// "n't", hyphens and underscores), their tokens, dictionary matches,
/// chunks and the dependency tree.
struct Sent<'a> {
    doc: &'a Doc,
    w: Vec<String>,
    tok: Vec<usize>,
    /// First word of each token (relative to the sentence's first token).
    first_word: Vec<usize>,
    t0: usize,
    nt: usize,
    chunks: Vec<Chunk>,
    /// Chunk of each word.
    chunk_of: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    parsed: bool,
    /// Groups already resolved, by first chunk.
    memo: std::cell::RefCell<Vec<Option<Group>>>,
}

const POSSESSIVE_PRONOUNS: [&str; 7] = ["their", "its", "his", "her", "our", "my", "your"];

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

impl<'a> Sent<'a> {
    fn new(
        coder: &PetrarchCoder,
        doc: &'a Doc,
        toks: std::ops::Range<usize>,
        date: Option<NaiveDate>,
    ) -> Sent<'a> {
        let t0 = toks.start;
        let nt = toks.len();
        let (mut w, mut tok, mut first_word) = (Vec::new(), Vec::new(), Vec::new());
        for t in toks.clone() {
            first_word.push(w.len());
            let text = doc
                .token_text(t)
                .replace(['\u{2019}', '\u{2018}'], "'")
                .to_lowercase();
            let mut parts: Vec<String> = Vec::new();
            let mut body = text.as_str();
            let mut tail: Option<&str> = None;
            if body.len() > 3 && body.ends_with("n't") {
                tail = Some("n't");
                body = &body[..body.len() - 3];
            } else if body.len() > 2 && body.ends_with("'s") {
                tail = Some("'s");
                body = &body[..body.len() - 2];
            }
            for piece in body.split('_').filter(|p| !p.is_empty()) {
                split_hyphens(piece, &mut parts);
            }
            if parts.is_empty() && tail.is_none() {
                parts.push(body.to_string());
            }
            parts.extend(tail.map(str::to_string));
            for p in parts {
                w.push(p);
                tok.push(t);
            }
        }
        let parsed = toks.clone().any(|t| doc.tokens[t].deprel.is_some());
        let mut children = vec![Vec::new(); nt];
        for t in toks.clone() {
            if let Some(h) = doc.tokens[t].head
                && toks.contains(&h)
            {
                children[h - t0].push(t - t0);
            }
        }
        let mut s = Sent {
            doc,
            w,
            tok,
            first_word,
            t0,
            nt,
            chunks: Vec::new(),
            chunk_of: Vec::new(),
            children,
            parsed,
            memo: Default::default(),
        };
        s.build_chunks(coder, date);
        s.memo = std::cell::RefCell::new(vec![None; s.chunks.len()]);
        s
    }

    fn upos(&self, word: usize) -> Option<Upos> {
        self.doc.tokens[self.tok[word]].upos
    }

    /// Dictionary matches: (start, end inclusive, kind), left to right,
    /// longest first, not overlapping.
    fn matches(&self, coder: &PetrarchCoder) -> Vec<(usize, usize, Kind)> {
        let n = self.w.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let mut best: Option<(usize, Kind)> = None;
            for p in coder.index.get(&self.w[i]).into_iter().flatten() {
                if let Some(end) = self.match_phrase(i, p) {
                    let better = match best {
                        None => true,
                        Some((e, k)) => {
                            end > e
                                || (end == e
                                    && matches!(p.kind, Kind::Actor(_))
                                    && matches!(k, Kind::Agent(_)))
                        }
                    };
                    if better {
                        best = Some((end, p.kind));
                    }
                }
            }
            match best {
                Some((end, kind)) => {
                    out.push((i, end, kind));
                    i = end + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// End (inclusive) of `p` matched at `i`.
    fn match_phrase(&self, i: usize, p: &DictPhrase) -> Option<usize> {
        let mut at = i;
        for (k, word) in p.words.iter().enumerate() {
            if k == 0 {
                continue;
            }
            let mut next = at + 1;
            if p.loose {
                // Up to two noun-phrase words may come in between.
                let mut skipped = 0;
                while next < self.w.len() && &self.w[next] != word && skipped <= 2 {
                    let np = matches!(
                        self.upos(next),
                        Some(Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num)
                    ) || self.w[next] == "-"
                        || self.w[next - 1] == "-";
                    if !np {
                        break;
                    }
                    skipped += usize::from(self.w[next] != "-");
                    next += 1;
                }
            }
            if next >= self.w.len() || &self.w[next] != word {
                return None;
            }
            at = next;
        }
        Some(at)
    }

    fn np_word(&self, i: usize) -> bool {
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

    fn build_chunks(&mut self, coder: &PetrarchCoder, date: Option<NaiveDate>) {
        let n = self.w.len();
        let matches = self.matches(coder);
        let mut covered: Vec<Option<usize>> = vec![None; n];
        for (m, &(s, e, _)) in matches.iter().enumerate() {
            for c in covered.iter_mut().take(e + 1).skip(s) {
                *c = Some(m);
            }
        }
        let inside = |i: usize| covered[i].is_some();
        let mut chunk_of = vec![None; n];
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut i = 0;
        while i < n {
            if !(self.np_word(i) || inside(i)) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i;
            let mut j = i + 1;
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
                let prev_nominal = matches!(self.upos(j - 1), Some(Upos::Noun | Upos::Propn))
                    || self.w[j - 1] == "'s";
                if det && prev_nominal {
                    break;
                }
                end = j;
                j += 1;
            }
            // Actors and agents in the chunk.
            let mut actors = Vec::new();
            let mut agents = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for m in covered[start..=end].iter().flatten().copied() {
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
        // A comma alone links list items only when the list ends with a
        // conjunction ("Mordor, Rohan and Bree"); otherwise it is an
        // apposition or a clause boundary ("its embassy, a senior official").
        let mut conj_ahead = false;
        for c in chunks.iter_mut().rev() {
            if !c.linked {
                conj_ahead = false;
                continue;
            }
            let prev_end = chunk_end_before(&chunk_of, c.start);
            let conj = self.w[prev_end + 1..c.start]
                .iter()
                .any(|b| matches!(b.as_str(), "and" | "or" | "nor" | "&"));
            if conj {
                conj_ahead = true;
            } else if !conj_ahead {
                c.linked = false;
            }
        }
        self.chunks = chunks;
        self.chunk_of = chunk_of;
    }

    /// The group of chunks starting at chunk `k`: its linked chunks, and an
    /// "of/in/from" phrase giving agents their actor.
    fn group_from(&self, k: usize) -> Group {
        if let Some(g) = &self.memo.borrow()[k] {
            return g.clone();
        }
        let g = self.compute_group(k);
        self.memo.borrow_mut()[k] = Some(g.clone());
        g
    }

    fn compute_group(&self, k: usize) -> Group {
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
    fn group_after(&self, from: usize, to: usize, region: Option<&[bool]>) -> Option<Group> {
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
    fn run_start(&self, k: usize) -> usize {
        let mut first = k;
        while first > 0 && self.chunks[first].linked {
            first -= 1;
        }
        first
    }

    /// Nearest coded group ending before word `p` (with the chunks linked
    /// before it).
    fn group_before(&self, p: usize) -> Option<Group> {
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

    fn word_span(&self, t: usize) -> (usize, usize) {
        let a = self.first_word[t];
        let b = if t + 1 < self.nt {
            self.first_word[t + 1]
        } else {
            self.w.len()
        };
        (a, b.saturating_sub(1).max(a))
    }

    fn deprel(&self, t: usize) -> &str {
        self.doc.tokens[self.t0 + t].deprel.as_deref().unwrap_or("")
    }

    fn head(&self, t: usize) -> Option<usize> {
        let h = self.doc.tokens[self.t0 + t].head?;
        (h >= self.t0 && h < self.t0 + self.nt).then(|| h - self.t0)
    }

    /// Tokens of the subtree of `t` (relative), leaving out the subtrees of
    /// `t`'s dependents for which `skip` holds.
    fn subtree(&self, t: usize, skip: &dyn Fn(usize) -> bool) -> Vec<usize> {
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

    fn span_of(&self, toks: &[usize]) -> Option<(usize, usize)> {
        let lo = toks.iter().min()?;
        let hi = toks.iter().max()?;
        Some((self.word_span(*lo).0, self.word_span(*hi).1))
    }

    /// The group in the subtree of token `t`.
    fn group_in(&self, t: usize) -> Option<Group> {
        let toks = self.subtree(t, &|_| false);
        let (lo, hi) = self.span_of(&toks)?;
        self.group_after(lo, hi + 1, None)
    }

    fn child(&self, t: usize, rel: &dyn Fn(&str) -> bool) -> Option<usize> {
        self.children[t]
            .iter()
            .copied()
            .find(|&c| rel(self.deprel(c)))
    }

    /// The source from the subject of `t`, climbing through control,
    /// coordination and clause links when `t` has none.
    fn subject_group(&self, t: usize, skip_start: Option<usize>) -> Option<Group> {
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
    fn agent_group(&self, t: usize, region: &[bool]) -> Option<Group> {
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
    fn region(&self, coder: &PetrarchCoder, t: usize, vend: usize) -> Vec<bool> {
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
    fn next_verb(&self, coder: &PetrarchCoder, from: usize) -> usize {
        (from..self.w.len())
            .find(|&i| {
                self.upos(i) == Some(Upos::Verb) && coder.verbs.forms.contains_key(&self.w[i])
            })
            .unwrap_or(self.w.len())
    }

    fn code(&self, coder: &PetrarchCoder, out: &mut Vec<PetrarchEvent>) {
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
            let mut cands: Vec<(usize, usize, &crate::petrarch_verbs::VerbForm)> = forms
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

    fn code_verb(
        &self,
        coder: &PetrarchCoder,
        t: usize,
        cands: &[(usize, usize, &crate::petrarch_verbs::VerbForm)],
        out: &mut Vec<PetrarchEvent>,
    ) {
        let (vs, ve, _) = cands[0];
        // A multi-word verb is read from its word the tagger calls a verb.
        let t = (self.tok[vs]..=self.tok[ve])
            .find(|&k| self.doc.tokens[k].upos == Some(Upos::Verb))
            .map_or(t, |k| k - self.t0);
        let region = self.region(coder, t, ve);
        let mut chosen: Option<(VerbCode, Found)> = None;
        // Pattern matching backtracks; this bounds its work per verb.
        let mut budget: u32 = 20_000;
        'blocks: for (s, e, f) in cands {
            for p in &coder.verbs.blocks[f.block].patterns {
                let code = match &p.code {
                    CodeSpec::Invalid => continue,
                    CodeSpec::Null => None,
                    CodeSpec::Code(c) => Some(c.clone()),
                };
                let mut found = Found::default();
                let pre_ok = self.match_pre(&p.pre, p.pre.len(), *s, &mut found, &mut budget);
                if !pre_ok {
                    continue;
                }
                if !self.match_post(
                    &p.post,
                    0,
                    *e + 1,
                    p.verb_glued,
                    &region,
                    &mut found,
                    &mut budget,
                ) {
                    continue;
                }
                match code {
                    None => return,
                    Some(c) => {
                        chosen = Some((c, found));
                        break 'blocks;
                    }
                }
            }
        }
        if chosen.is_none() {
            for (_, _, f) in cands {
                let spec = match &f.code {
                    Some(CodeSpec::Invalid) | None => &coder.verbs.blocks[f.block].code,
                    Some(c) => c,
                };
                if let CodeSpec::Code(c) = spec {
                    chosen = Some((c.clone(), Found::default()));
                    break;
                }
            }
        }
        let Some((code, found)) = chosen else { return };
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
            for a in &g.codes {
                for b in &g.codes {
                    if a != b {
                        push(a, b, &code.primary);
                    }
                }
            }
            return;
        }
        let passive_by = self.parsed.then(|| self.agent_group(t, &region)).flatten();
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
            self.group_after(ve + 1, self.w.len(), Some(&region))
                .filter(differs)
        });
        let sources = source.map(|g| g.codes).unwrap_or_default();
        let targets = target.map(|g| g.codes).unwrap_or_default();
        if targets.is_empty() {
            if sources.len() > 1 {
                // "Gondor and Osgiliath have renewed ties": among themselves.
                for a in &sources {
                    for b in &sources {
                        if a != b {
                            push(a, b, &code.primary);
                        }
                    }
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

    /// Does `phrase` occur at word `s`?
    fn phrase_at(&self, s: usize, phrase: &[String]) -> bool {
        s + phrase.len() <= self.w.len() && self.w[s..s + phrase.len()] == phrase[..]
    }

    /// Match `items[..k]` backwards, the element after them starting at `p`.
    fn match_pre(
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
    fn match_post(
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

/// Actors placed by a pattern's markers.
#[derive(Debug, Clone, Default)]
struct Found {
    source: Option<Group>,
    target: Option<Group>,
    compound_pre: Option<Group>,
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

    #[test]
    fn discards_match_phrases_and_whole_words() {
        let d = parse_discards("+TYPHOON # x\nBASEBALL\nWORLD CUP_\n<!-- c -->\n");
        let coder = PetrarchCoder {
            actors: ActorDict::default(),
            agents: AgentDict::default(),
            verbs: PetrarchVerbs::default(),
            discards: d,
            index: HashMap::new(),
        };
        assert!(coder.discarded("After a Typhoon hit."));
        assert!(coder.discarded("baseballs everywhere"));
        assert!(coder.discarded("the World  Cup."));
        assert!(!coder.discarded("the World Cups"));
        assert!(!coder.discarded("Arnor restored ties."));
    }
}
