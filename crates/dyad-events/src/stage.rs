//! The event stage: predicates from the parse, arguments, coding, factuality,
//! date and place.

use std::sync::Arc;

use dyad_doc::{
    DateSource, Doc, Event, Factuality, Layer, LayerSet, Plover, Span, Stage, StageError,
    TimexType, Upos,
};

use crate::lexicon::{Frame, Lexicon, Pattern, PatternPos};

/// Fills [`Doc::events`] from the dependency parse and the actor layer.
#[derive(Debug, Clone)]
pub struct EventStage {
    lex: Arc<Lexicon>,
}

impl EventStage {
    /// A stage using the built-in lexicon.
    pub fn new() -> Result<EventStage, crate::LexiconError> {
        Ok(EventStage::with_lexicon(Arc::new(Lexicon::builtin()?)))
    }

    /// A stage using the given lexicon (e.g. built-in plus user patterns).
    pub fn with_lexicon(lex: Arc<Lexicon>) -> EventStage {
        EventStage { lex }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }
    fn needs(&self) -> LayerSet {
        LayerSet::of(&[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Tags,
            Layer::Lemmas,
            Layer::Heads,
            Layer::Actors,
        ])
    }
    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Events])
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let events = extract(&self.lex, doc);
        doc.events = events;
        Ok(())
    }
}

/// Severity order for combining factuality cues.
fn rank(f: Factuality) -> u8 {
    match f {
        Factuality::Asserted => 0,
        Factuality::Reported => 1,
        Factuality::Planned => 2,
        Factuality::Hypothetical => 3,
        Factuality::Negated => 4,
    }
}

fn worse(a: Factuality, b: Factuality) -> Factuality {
    if rank(b) > rank(a) { b } else { a }
}

/// Index of the token holding byte `pos` (tokens are sorted, non-overlapping).
fn token_at(doc: &Doc, pos: usize) -> Option<usize> {
    let i = doc.tokens.partition_point(|t| t.span.end() <= pos);
    (i < doc.tokens.len() && doc.tokens[i].span.start() <= pos).then_some(i)
}

/// Tokens overlapping `span`.
fn tokens_in(doc: &Doc, span: Span) -> std::ops::Range<usize> {
    let a = doc.tokens.partition_point(|t| t.span.end() <= span.start());
    let b = doc.tokens.partition_point(|t| t.span.start() < span.end());
    a..b.max(a)
}

const SUBJ: &[&str] = &["nsubj", "csubj"];
const INTENT_GOV: &[&str] = &[
    "agree", "plan", "decide", "promise", "pledge", "vow", "offer", "intend", "want", "hope",
    "prepare", "expect", "aim", "ready", "willing", "prepared", "commit", "schedule", "propose",
    "concur", "set", "arrange", "consent", "swear",
];
const HYPO_GOV: &[&str] = &[
    "threaten",
    "warn",
    "urge",
    "demand",
    "call",
    "ask",
    "invite",
    "order",
    "request",
    "press",
    "seek",
    "unlikely",
    "likely",
    "possible",
    "impossible",
    "improbable",
    "able",
    "try",
    "attempt",
    "insist",
    "pressure",
    "appeal",
    "consider",
    "may",
    "if",
    "could",
    "hard",
    "difficult",
];
/// Nouns whose "for" complement is an event still to come.
const PLANNED_FOR: &[&str] = &[
    "date",
    "plan",
    "preparation",
    "timetable",
    "schedule",
    "arrangement",
    "venue",
    "agenda",
    "deadline",
];
const NEG_GOV: &[&str] = &["refuse", "fail", "decline", "reject", "deny", "unable"];
const LIGHT: &[&str] = &[
    "have",
    "hold",
    "launch",
    "conduct",
    "stage",
    "begin",
    "start",
    "carry",
    "make",
    "issue",
    "commence",
    "initiate",
    "resume",
    "renew",
    "continue",
    "open",
    "lodge",
    "mount",
    "wage",
    "undertake",
    "take",
    "give",
    "do",
    "pay",
    "file",
    "announce",
    "complete",
    "end",
    "stage",
];

/// Speech verbs whose "must"/"should" complement about another party is a
/// demand on it.
const SAY: &[&str] = &[
    "say", "announce", "state", "declare", "stress", "insist", "add", "write", "tell",
];

/// The built-in pattern for "X said (that) Y must …" (CAMEO 100, demand
/// frame), which the verb-pattern lexicon cannot express.
fn said_must() -> &'static Pattern {
    static P: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    P.get_or_init(|| Pattern {
        pos: PatternPos::Verb,
        head: "say".into(),
        extra: None,
        objects: Vec::new(),
        preps: Vec::new(),
        cameo: "100".into(),
        frame: Some(Frame::Demand),
        origin: "stage.rs: speech verb with a must/should complement".into(),
    })
}

/// Whether clause `c` (complement of speech verb `v`) says what a party other
/// than the speaker must or should do: an obligation auxiliary and a subject
/// that is neither a pronoun nor one of the speaker's own actors.
/// The clauses a verb of saying reports: its complement clauses, and a
/// "that" clause the parser hung on one of its obliques ("said on Friday
/// that the government must…" with the clause under "Friday").
fn said_clauses<'s>(s: &'s Sent<'_>, v: usize) -> impl Iterator<Item = usize> + 's {
    let direct = s.children[v]
        .iter()
        .copied()
        .filter(|&c| s.base_rel(c) == "ccomp");
    let under_obl = s.children[v]
        .iter()
        .copied()
        .filter(|&o| s.base_rel(o) == "obl")
        .flat_map(|o| s.children[o].iter().copied())
        .filter(|&c| {
            matches!(s.base_rel(c), "acl" | "ccomp")
                && s.children[c]
                    .iter()
                    .any(|&m| s.base_rel(m) == "mark" && s.lemma[m] == "that" && m < c)
        });
    direct.chain(under_obl)
}

fn obligation_of_other(s: &Sent<'_>, ta: &[Option<usize>], v: usize, c: usize) -> bool {
    let must = s.children[c].iter().any(|&a| {
        s.base_rel(a) == "aux"
            && matches!(
                s.text(a).to_lowercase().as_str(),
                "must" | "should" | "ought"
            )
    });
    if !must {
        return false;
    }
    let Some(subj) = s.children[c]
        .iter()
        .copied()
        .find(|&x| matches!(s.rel(x), "nsubj" | "nsubj:pass"))
    else {
        return false;
    };
    if s.upos(subj) == Some(Upos::Pron) && ta[subj].is_none() {
        return false;
    }
    let speaker: Vec<Option<usize>> = s.children[v]
        .iter()
        .filter(|&&x| s.base_rel(x) == "nsubj")
        .map(|&x| ta[x])
        .collect();
    !(ta[subj].is_some() && speaker.contains(&ta[subj]))
}

/// Verbs a complement chain passes through to the event they introduce
/// ("agreed to have our delegations commence talks", "vowed to try to
/// stop"): light verbs, causatives and aspectual or try-verbs.
fn transparent(lemma: &str) -> bool {
    LIGHT.contains(&lemma)
        || matches!(
            lemma,
            "let"
                | "help"
                | "get"
                | "go"
                | "be"
                | "become"
                | "try"
                | "attempt"
                | "seek"
                | "want"
                | "need"
                | "work"
                | "move"
                | "keep"
                | "allow"
                | "enable"
                | "ensure"
        )
}

/// Heads that keep an event-noun compound modifier a predicate ("mediation effort").
const PROCESS: &[&str] = &[
    "effort",
    "campaign",
    "operation",
    "program",
    "programme",
    "process",
    "bid",
    "initiative",
    "mission",
    "talk",
];

/// Candidate lemmas of an inflected verb form, for when the tagger's lemma
/// is not in the lexicon ("rioted" → "riot").
fn naive_lemmas(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suf in ["ied", "ies", "ed", "es", "ing", "d", "s"] {
        if let Some(stem) = w.strip_suffix(suf)
            && stem.len() >= 2
        {
            match suf {
                "ied" | "ies" => out.push(format!("{stem}y")),
                "ing" | "ed" => {
                    out.push(stem.to_string());
                    out.push(format!("{stem}e"));
                    let b = stem.as_bytes();
                    if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
                        out.push(stem[..stem.len() - 1].to_string());
                    }
                }
                _ => out.push(stem.to_string()),
            }
        }
    }
    out
}

struct Sent<'a> {
    doc: &'a Doc,
    base: usize,
    lemma: Vec<String>,
    children: Vec<Vec<usize>>,
    head: Vec<Option<usize>>,
}

impl<'a> Sent<'a> {
    #[allow(clippy::needless_range_loop)] // fills three parallel arrays
    fn new(doc: &'a Doc, s: usize) -> Sent<'a> {
        let sent = doc.sentences[s];
        let base = sent.token_start;
        let n = sent.token_end - base;
        let mut children = vec![Vec::new(); n];
        let mut head = vec![None; n];
        let mut lemma = Vec::with_capacity(n);
        for i in 0..n {
            let t = &doc.tokens[base + i];
            lemma.push(
                t.lemma
                    .as_deref()
                    .unwrap_or_else(|| doc.token_text(base + i))
                    .to_lowercase(),
            );
            if let Some(h) = t.head
                && h >= base
                && h < sent.token_end
                && h != base + i
            {
                head[i] = Some(h - base);
                children[h - base].push(i);
            }
        }
        Sent {
            doc,
            base,
            lemma,
            children,
            head,
        }
    }
    fn n(&self) -> usize {
        self.lemma.len()
    }
    fn rel(&self, i: usize) -> &str {
        self.doc.tokens[self.base + i]
            .deprel
            .as_deref()
            .unwrap_or("")
    }
    fn upos(&self, i: usize) -> Option<Upos> {
        self.doc.tokens[self.base + i].upos
    }
    fn text(&self, i: usize) -> &str {
        self.doc.token_text(self.base + i)
    }
    fn span(&self, i: usize) -> Span {
        self.doc.tokens[self.base + i].span
    }
    fn base_rel(&self, i: usize) -> &str {
        let r = self.rel(i);
        r.split(':').next().unwrap_or(r)
    }
    /// The case/mark word of token `i` ("with", "by", "if"), if any.
    fn case_of(&self, i: usize) -> Option<&str> {
        self.children[i]
            .iter()
            .find(|&&c| matches!(self.base_rel(c), "case" | "mark") && c < i)
            .map(|&c| self.lemma[c].as_str())
    }
}

/// A recognised predicate in a sentence.
struct Pred<'p> {
    tok: usize,
    first: usize,
    pattern: &'p Pattern,
    code: String,
}

fn matches(s: &Sent<'_>, i: usize, p: &Pattern) -> bool {
    if let Some(extra) = &p.extra {
        let ok = match p.pos {
            PatternPos::Verb => {
                s.children[i].iter().any(|&c| {
                    s.lemma[c] == *extra
                        || (matches!(s.base_rel(c), "obl" | "obj" | "xcomp" | "ccomp")
                            && s.case_of(c) == Some(extra.as_str()))
                }) || (i + 1 < s.n() && s.lemma[i + 1] == *extra)
            }
            PatternPos::Noun => {
                s.children[i]
                    .iter()
                    .any(|&c| s.lemma[c] == *extra || s.text(c).eq_ignore_ascii_case(extra))
                    || (i > 0
                        && (s.lemma[i - 1] == *extra || s.text(i - 1).eq_ignore_ascii_case(extra)))
            }
        };
        if !ok {
            return false;
        }
    }
    if !p.objects.is_empty() {
        let ok = s.children[i].iter().any(|&c| {
            let r = s.base_rel(c);
            let arg = match p.pos {
                PatternPos::Verb => matches!(r, "obj" | "nsubj" | "obl" | "iobj" | "xcomp"),
                PatternPos::Noun => matches!(r, "nmod" | "compound" | "amod"),
            };
            arg && (p.pos == PatternPos::Noun || r != "nsubj" || s.rel(c) == "nsubj:pass")
                && (p.objects.contains(&s.lemma[c])
                    || s.children[c].iter().any(|&g| {
                        matches!(s.base_rel(g), "compound" | "nmod")
                            && p.objects.contains(&s.lemma[g])
                    }))
        });
        if !ok {
            return false;
        }
    }
    if !p.preps.is_empty() {
        let ok = s.children[i].iter().any(|&c| {
            matches!(
                s.base_rel(c),
                "obl" | "nmod" | "xcomp" | "advcl" | "ccomp" | "obj"
            ) && s.case_of(c).is_some_and(|w| p.preps.iter().any(|x| x == w))
        });
        if !ok {
            return false;
        }
    }
    true
}

fn intent_code(comp: &str) -> &'static str {
    match &comp[..2] {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => {
            if comp.starts_with("087") {
                "0356"
            } else if comp.starts_with("084") {
                "0353"
            } else {
                "035"
            }
        }
        _ => "030",
    }
}

fn specialise(frame: Frame, own: &str, comp: &str) -> String {
    let r = &comp[..2];
    let frame = if frame == Frame::Intent && r >= "14" {
        Frame::Threat
    } else {
        frame
    };
    let c = match frame {
        Frame::Intent => intent_code(comp),
        Frame::Threat => match r {
            "16" => "131",
            "17" => "137",
            "14" => "133",
            "15" | "18" | "19" | "20" => "138",
            _ => return own.to_string(),
        },
        Frame::Refuse => match r {
            "04" => "125",
            "06" => "121",
            "07" => "122",
            "08" => "124",
            "03" | "05" => "127",
            _ => return own.to_string(),
        },
        Frame::Demand => match r {
            "04" => "106",
            "06" => "101",
            "07" => "103",
            "08" => "105",
            "05" => "102",
            _ => return own.to_string(),
        },
        Frame::Appeal => match r {
            "04" => "026",
            "06" => "021",
            "07" => "023",
            "08" => "025",
            "05" => "022",
            _ => return own.to_string(),
        },
    };
    c.to_string()
}

/// Nouns naming what someone said ("Hegseth's remarks", "his statements").
const SPEECH_NOUNS: &[&str] = &[
    "statement",
    "remark",
    "comment",
    "speech",
    "announcement",
    "declaration",
    "testimony",
    "assertion",
    "message",
];

/// CAMEO roots of acts performed by speaking (statements, appeals, intents,
/// demands, disapproval, rejection, threats).
const SPEECH_ACT_ROOTS: &[&str] = &["01", "02", "03", "10", "11", "12", "13"];

/// The actor whose statements the two sentences before sentence `si` talk
/// about: the possessor of the latest speech noun there ("Hegseth's
/// statements would have pleased Moscow."). A speech-act noun with no agent
/// of its own in sentence `si` ("There was a rejection of NATO membership")
/// is that actor's act. Reads at most the two previous sentences.
fn recent_speaker(doc: &Doc, si: usize, tok_actor: &[Option<usize>]) -> Option<usize> {
    let first = doc.sentences[si.saturating_sub(2)].token_start;
    let end = doc.sentences[si].token_start;
    (first..end).rev().find_map(|t| {
        let tok = &doc.tokens[t];
        let h = tok.head?;
        let speech = tok.deprel.as_deref() == Some("nmod:poss")
            && doc.tokens[h]
                .lemma
                .as_deref()
                .is_some_and(|l| SPEECH_NOUNS.iter().any(|n| l.eq_ignore_ascii_case(n)));
        if speech { tok_actor[t] } else { None }
    })
}

/// Extract the events of every sentence of `doc`.
pub fn extract(lex: &Lexicon, doc: &Doc) -> Vec<Event> {
    // Token → actor (first actor whose mention covers the token).
    let mut tok_actor: Vec<Option<usize>> = vec![None; doc.tokens.len()];
    for (a, actor) in doc.actors.iter().enumerate() {
        for m in &actor.mentions {
            for t in tokens_in(doc, *m) {
                tok_actor[t].get_or_insert(a);
            }
        }
    }
    // Quote contents sorted by start, with their speaker (or the actor of
    // their written source when the quote stage left the speaker open).
    let mut quotes: Vec<(Span, Option<usize>)> = Vec::new();
    for q in &doc.quotes {
        let speaker = q.speaker.or_else(|| {
            q.source
                .iter()
                .flat_map(|src| tokens_in(doc, *src))
                .find_map(|t| tok_actor[t])
        });
        quotes.extend(q.content.iter().map(|c| (*c, speaker)));
    }
    quotes.sort_by_key(|q| (q.0.start(), q.0.end()));
    let mut out = Vec::new();
    for s in 0..doc.sentences.len() {
        sentence_events(lex, doc, s, &tok_actor, &quotes, &mut out);
    }
    out
}

/// The speaker of the quote whose content holds `span` (`Some(None)`: inside
/// a quote with no known speaker). Looks back over a bounded number of
/// contents starting before `span`, so the cost is logarithmic.
fn quote_at(quotes: &[(Span, Option<usize>)], span: Span) -> Option<Option<usize>> {
    let k = quotes.partition_point(|q| q.0.start() <= span.start());
    quotes[..k]
        .iter()
        .rev()
        .take(16)
        .find(|q| q.0.contains(span))
        .map(|q| q.1)
}

#[allow(clippy::needless_range_loop)] // several parallel per-token arrays
fn sentence_events(
    lex: &Lexicon,
    doc: &Doc,
    si: usize,
    tok_actor: &[Option<usize>],
    quotes: &[(Span, Option<usize>)],
    out: &mut Vec<Event>,
) {
    let s = Sent::new(doc, si);
    let n = s.n();
    if n == 0 {
        return;
    }
    let actor = |i: usize| tok_actor[s.base + i];
    let recent = recent_speaker(doc, si, tok_actor);

    // 1. Predicates.
    let mut pred_at: Vec<Option<usize>> = vec![None; n];
    let mut preds: Vec<Pred<'_>> = Vec::new();
    for i in 0..n {
        let pos = match s.upos(i) {
            Some(Upos::Verb) => PatternPos::Verb,
            Some(Upos::Noun) => PatternPos::Noun,
            Some(Upos::Propn) if s.text(i).chars().next().is_some_and(char::is_lowercase) => {
                PatternPos::Noun
            }
            _ => continue,
        };
        // Tokens inside an actor mention are not predicates ("Defense Secretary").
        if pos == PatternPos::Noun
            && (actor(i).is_some()
                || (s.base_rel(i) == "compound"
                    && !s.head[i].is_some_and(|h| PROCESS.contains(&s.lemma[h].as_str())))
                || (i > 0 && s.text(i).chars().next().is_some_and(char::is_uppercase)))
        {
            continue;
        }
        let mut pats = lex.patterns(pos, &s.lemma[i]);
        if pats.is_empty() && pos == PatternPos::Verb {
            pats = naive_lemmas(&s.text(i).to_lowercase())
                .into_iter()
                .map(|l| lex.patterns(pos, &l))
                .find(|p| !p.is_empty())
                .unwrap_or(&[]);
        }
        let Some(p) = pats.iter().find(|p| matches(&s, i, p)) else {
            continue;
        };
        // "until their demands are met": passive "meet" is not a meeting.
        if s.lemma[i] == "meet"
            && s.children[i]
                .iter()
                .any(|&c| matches!(s.rel(c), "aux:pass" | "nsubj:pass"))
        {
            continue;
        }
        let mut first = i;
        if pos == PatternPos::Noun
            && let Some(extra) = &p.extra
            && i > 0
            && (s.lemma[i - 1] == *extra || s.text(i - 1).eq_ignore_ascii_case(extra))
        {
            first = i - 1;
        }
        pred_at[i] = Some(preds.len());
        preds.push(Pred {
            tok: i,
            first,
            pattern: p,
            code: p.cameo.clone(),
        });
    }
    // "X said that Y must…": a statement of what another party must do is a
    // demand on that party, specialised by what it must do.
    for i in 0..n {
        if pred_at[i].is_none()
            && s.upos(i) == Some(Upos::Verb)
            && SAY.contains(&s.lemma[i].as_str())
            && said_clauses(&s, i).any(|c| obligation_of_other(&s, tok_actor, i, c))
        {
            pred_at[i] = Some(preds.len());
            preds.push(Pred {
                tok: i,
                first: i,
                pattern: said_must(),
                code: said_must().cameo.clone(),
            });
        }
    }
    if preds.is_empty() {
        return;
    }
    // Light verbs whose object is an event noun yield to the noun.
    let mut dropped = vec![false; preds.len()];
    for (k, p) in preds.iter().enumerate() {
        if p.pattern.pos == PatternPos::Verb
            && p.pattern.objects.is_empty()
            && LIGHT.contains(&s.lemma[p.tok].as_str())
            && s.children[p.tok]
                .iter()
                .any(|&c| s.base_rel(c) == "obj" && pred_at[c].is_some())
        {
            dropped[k] = true;
        }
    }

    // 2. Memoised argument actors and subjects.
    let mut args = Args {
        memo: vec![None; n],
        subj: vec![None; n],
    };
    let tok_actor = &tok_actor[s.base..s.base + n];

    // 3. Factuality per token, memoised top-down along the head chain.
    let question = (0..n)
        .rev()
        .find(|&i| s.upos(i) != Some(Upos::Punct) || s.text(i) == "?")
        .is_some_and(|i| s.text(i) == "?")
        || s.text(n - 1) == "?";
    let mut fact: Vec<Option<(Factuality, bool)>> = vec![None; n];
    let gov_effect = |h: usize| -> Option<(Factuality, bool)> {
        let l = s.lemma[h].as_str();
        if NEG_GOV.contains(&l) || matches!(l, "rejection" | "refusal" | "denial") {
            Some((Factuality::Negated, false))
        } else if HYPO_GOV.contains(&l) {
            Some((Factuality::Hypothetical, false))
        } else if INTENT_GOV.contains(&l) {
            Some((Factuality::Planned, true))
        } else {
            None
        }
    };
    let local = |i: usize| -> (Factuality, bool) {
        let mut f = Factuality::Asserted;
        let mut future = false;
        // "unlikely to become", whatever the parser attached "become" to: the
        // word right before the infinitive marker governs it.
        if i >= 2
            && s.lemma[i - 1] == "to"
            && s.upos(i - 1) == Some(Upos::Part)
            && let Some((gf, gfut)) = gov_effect(i - 2)
        {
            f = worse(f, gf);
            future |= gfut;
        }
        // "Ukraine's accession to the alliance was improbable": an event noun
        // whose copular predicate is a likelihood word, read off the words
        // (parsers often misattach the noun), up to the next verb.
        if s.upos(i) == Some(Upos::Noun) {
            for j in i + 1..n.min(i + 12) {
                if s.upos(j) == Some(Upos::Verb) {
                    break;
                }
                if s.lemma[j] == "be" && s.upos(j) == Some(Upos::Aux) {
                    let k = if j + 1 < n && s.lemma[j + 1] == "not" {
                        j + 2
                    } else {
                        j + 1
                    };
                    if k < n
                        && HYPO_GOV.contains(&s.lemma[k].as_str())
                        && s.upos(k) == Some(Upos::Adj)
                    {
                        f = worse(f, Factuality::Hypothetical);
                    }
                    break;
                }
            }
        }
        // "a date for a direct meeting", "preparations for talks": the event
        // is still to come.
        // (read off the words: the parser may hang the "for" phrase on the verb).
        if s.children[i].iter().any(|&c| {
            s.base_rel(c) == "case"
                && s.lemma[c] == "for"
                && c > 0
                && PLANNED_FOR.contains(&s.lemma[c - 1].as_str())
        }) {
            future = true;
            f = worse(f, Factuality::Planned);
        }
        for &c in &s.children[i] {
            let l = s.lemma[c].as_str();
            let t = s.text(c).to_lowercase();
            match s.base_rel(c) {
                "advmod" | "neg" if matches!(l, "not" | "never") || t == "n't" || t == "not" => {
                    f = worse(f, Factuality::Negated)
                }
                "det" if l == "no" => f = worse(f, Factuality::Negated),
                "aux" => match t.as_str() {
                    "will" | "shall" | "'ll" | "’ll" | "wo" | "would" | "'d" => {
                        future = true;
                        f = worse(f, Factuality::Planned)
                    }
                    "could" | "might" | "may" | "can" | "should" | "must" | "ca" => {
                        f = worse(f, Factuality::Hypothetical)
                    }
                    _ => {}
                },
                "mark" if matches!(l, "if" | "unless" | "whether") => {
                    f = worse(f, Factuality::Hypothetical)
                }
                "amod"
                    if matches!(
                        l,
                        "planned"
                            | "proposed"
                            | "future"
                            | "forthcoming"
                            | "upcoming"
                            | "scheduled"
                    ) =>
                {
                    future = true;
                    f = worse(f, Factuality::Planned)
                }
                "amod" if matches!(l, "possible" | "potential" | "hypothetical") => {
                    f = worse(f, Factuality::Hypothetical)
                }
                _ => {}
            }
        }
        (f, future)
    };
    let mut chain: Vec<usize> = Vec::new();
    let mut fact_of = |i: usize| -> (Factuality, bool) {
        chain.clear();
        let mut cur = i;
        while fact[cur].is_none() {
            chain.push(cur);
            match s.head[cur] {
                Some(h) if chain.len() <= n => cur = h,
                _ => break,
            }
        }
        for &t in chain.iter().rev() {
            let (mut f, mut fut) = local(t);
            if let Some(h) = s.head[t] {
                let r = s.base_rel(t);
                let (hf, hfut) = fact[h].unwrap_or((Factuality::Asserted, false));
                let clausal = matches!(r, "xcomp" | "ccomp" | "advcl" | "csubj" | "acl");
                let nominal_arg =
                    matches!(r, "obj" | "nsubj" | "nmod" | "obl" | "conj" | "compound");
                if clausal || nominal_arg || r == "conj" {
                    if let Some((gf, gfut)) = gov_effect(h)
                        .filter(|_| clausal || matches!(r, "nsubj" | "obj" | "obl" | "nmod"))
                    {
                        f = worse(f, gf);
                        fut |= gfut;
                    }
                    // Reporting verbs do not pass their own tense down; other heads do.
                    let noun_of_verb = s.upos(t) == Some(Upos::Noun)
                        && matches!(r, "obj" | "nsubj")
                        && s.upos(h) == Some(Upos::Verb)
                        && LIGHT.contains(&s.lemma[h].as_str());
                    // A noun with an object is a verb the tagger missed
                    // ("have their delegations commence talks" tagged with
                    // "talks" under "delegations"): its object shares its
                    // factuality.
                    let under_misread_verb = r == "obj"
                        && matches!(s.upos(h), Some(Upos::Noun | Upos::Propn))
                        && pred_at[h].is_none();
                    let inherit = r == "conj" || r == "xcomp" || noun_of_verb || under_misread_verb;
                    if inherit {
                        f = worse(f, hf);
                        fut |= hfut;
                    }
                }
            }
            fact[t] = Some((f, fut));
        }
        fact[i].unwrap_or((Factuality::Asserted, false))
    };

    // 4. Dates and places attached to tokens.
    let sent = doc.sentences[si];
    let climb = |from: usize, is_anchor: &dyn Fn(usize) -> bool| -> Option<usize> {
        let mut cur = from;
        for _ in 0..6 {
            let h = s.head[cur]?;
            if is_anchor(h) {
                return Some(h);
            }
            cur = h;
        }
        None
    };
    let is_pred_or_verb = |t: usize| pred_at[t].is_some() || s.upos(t) == Some(Upos::Verb);
    let mut timex_at: Vec<Option<usize>> = vec![None; n];
    let tx_lo = doc
        .timexes
        .partition_point(|t| t.span.end() <= sent.span.start());
    for (ti, tx) in doc.timexes.iter().enumerate().skip(tx_lo) {
        if tx.span.start() >= sent.span.end() {
            break;
        }
        let usable = matches!(tx.kind, TimexType::Date | TimexType::Time)
            && tx
                .value
                .as_deref()
                .is_some_and(|v| v.as_bytes().first().is_some_and(u8::is_ascii_digit));
        if !usable {
            continue;
        }
        let Some(tok) = token_at(doc, tx.span.start()).filter(|t| *t >= s.base && *t < s.base + n)
        else {
            continue;
        };
        // The timex's syntactic head within its span.
        let mut h = tok - s.base;
        for t in tokens_in(doc, tx.span) {
            if t >= s.base
                && t < s.base + n
                && s.head[t - s.base].is_none_or(|hh| !tx.span.contains(s.span(hh)))
            {
                h = t - s.base;
            }
        }
        if let Some(a) = climb(h, &is_pred_or_verb) {
            timex_at[a].get_or_insert(ti);
        }
    }
    let mut place_at: Vec<Option<usize>> = vec![None; n];
    let mut sentence_place: Option<usize> = None;
    let pl_lo = doc
        .places
        .partition_point(|p| p.span.end() <= sent.span.start());
    for (pi, pl) in doc.places.iter().enumerate().skip(pl_lo) {
        if pl.span.start() >= sent.span.end() {
            break;
        }
        let toks = tokens_in(doc, pl.span);
        let mut h = None;
        for t in toks {
            if t >= s.base
                && t < s.base + n
                && s.head[t - s.base].is_none_or(|hh| !pl.span.contains(s.span(hh)))
            {
                h = Some(t - s.base);
            }
        }
        let Some(h) = h else { continue };
        // Walk up through nominal heads ("the city of Basra") to the case word.
        let mut cur = h;
        let mut case = s.case_of(cur);
        for _ in 0..2 {
            if case.is_some() {
                break;
            }
            match s.head[cur] {
                Some(hh)
                    if matches!(s.base_rel(cur), "nmod" | "compound" | "appos" | "flat")
                        && pred_at[hh].is_none() =>
                {
                    cur = hh;
                    case = s.case_of(cur);
                }
                _ => break,
            }
        }
        if matches!(
            case,
            Some("in" | "at" | "near" | "from" | "inside" | "outside" | "across" | "throughout")
        ) {
            sentence_place.get_or_insert(pi);
            if let Some(a) = climb(cur, &is_pred_or_verb) {
                place_at[a].get_or_insert(pi);
            }
        }
    }

    // 5. Build events.
    let mut codes: Vec<String> = preds.iter().map(|p| p.code.clone()).collect();
    let mut comp_of: Vec<Option<usize>> = vec![None; preds.len()];
    // Governor frames: specialise by the first predicate in the complement chain.
    for k in 0..preds.len() {
        let Some(frame) = preds[k].pattern.frame else {
            continue;
        };
        let mut cur = preds[k].tok;
        let mut found = None;
        'walk: for _ in 0..4 {
            let next = s.children[cur].iter().copied().find(|&c| {
                matches!(s.base_rel(c), "xcomp" | "ccomp" | "advcl" | "obj" | "obl")
                    && (s.base_rel(c) != "obl" || matches!(s.case_of(c), Some("on" | "to" | "for")))
            });
            let Some(c) = next else { break };
            if let Some(pk) = pred_at[c] {
                found = Some(pk);
                break 'walk;
            }
            // A content verb that is not coded ends the chain: "agreed to
            // postpone the demonstration" is not an agreement to protest.
            if s.upos(c) == Some(Upos::Verb) && !transparent(&s.lemma[c]) {
                break;
            }
            // "have our delegations commence talks": look one level into objects.
            if let Some(pk) = s.children[c].iter().find_map(|&g| {
                (matches!(s.base_rel(g), "obj" | "xcomp" | "ccomp") && pred_at[g].is_some())
                    .then(|| pred_at[g])
                    .flatten()
            }) {
                found = Some(pk);
                break 'walk;
            }
            cur = c;
        }
        if let Some(pk) = found
            && pk != k
        {
            comp_of[k] = Some(pk);
            if preds[pk].pattern.frame.is_none() {
                codes[k] = specialise(frame, &preds[k].code, &preds[pk].code);
            }
        }
    }

    let first_event = out.len();
    let mut ev_of: Vec<Option<usize>> = vec![None; preds.len()];
    for (k, p) in preds.iter().enumerate() {
        if dropped[k] {
            continue;
        }
        ev_of[k] = Some(out.len());
        let i = p.tok;
        let (own_src, pass_tgt, passive) = args.own(&s, tok_actor, i);
        let mut source = if own_src.is_empty() && !passive {
            args.subject(&s, tok_actor, i)
        } else {
            own_src
        };
        // An agentless passive proposed by someone is the proposer's
        // ("Zelensky proposed that occupied areas could be exchanged…").
        if source.is_empty()
            && passive
            && let Some(h) = s.head[i]
            && matches!(s.base_rel(i), "ccomp" | "xcomp")
            && PROPOSE.contains(&s.lemma[h].as_str())
        {
            source = args.own(&s, tok_actor, h).0;
        }
        let trigger_span = s.span(p.first).cover(s.span(i));
        let quote = quote_at(quotes, trigger_span);
        if let Some(subj) = subject_token(&s, i) {
            let l = s.lemma[subj].as_str();
            let collective = s.children[subj].iter().any(|&c| {
                (s.base_rel(c) == "nummod" && s.lemma[c] == "two") || s.lemma[c] == "both"
            }) || l == "both";
            let pronouns: Vec<usize> = std::iter::once(subj)
                .chain(
                    s.head[subj]
                        .into_iter()
                        .flat_map(|h| s.children[h].iter().copied()),
                )
                .filter(|&c| {
                    matches!(s.base_rel(c), "nsubj" | "conj" | "expl")
                        && s.upos(c) == Some(Upos::Pron)
                        && tok_actor[c].is_none()
                        && matches!(
                            s.lemma[c].as_str(),
                            "he" | "she" | "i" | "we" | "they" | "it"
                        )
                })
                .take(1)
                .collect();
            if !pronouns.is_empty() {
                let referent = match quote {
                    Some(Some(sp)) => vec![sp],
                    _ => governing_subject(&s, &mut args, tok_actor, i),
                };
                for a in referent.into_iter().rev() {
                    if !source.contains(&a) {
                        source.insert(0, a);
                    }
                }
            } else if collective && source.is_empty() {
                if let Some(prev) = out
                    .iter()
                    .rev()
                    .take_while(|e| e.sentence + 1 >= si)
                    .take(16)
                    .find(|e| e.source.len() + e.target.len() >= 2)
                {
                    source = prev.source.iter().chain(&prev.target).copied().collect();
                    source.dedup();
                }
            }
        }
        let mut target = pass_tgt;
        let mut reciprocal = false;
        let is_noun = p.pattern.pos == PatternPos::Noun;
        // Noun sources: possessor / nationality / compound.
        if is_noun {
            let mut own: Vec<usize> = Vec::new();
            for &c in &s.children[i] {
                let r = s.rel(c);
                if r == "nmod:poss"
                    || matches!(s.base_rel(c), "amod" | "compound")
                    || (s.base_rel(c) == "nmod" && noun_source_case(s.case_of(c), &codes[k]))
                {
                    for a in args.arg(&s, tok_actor, c) {
                        if !own.contains(&a) {
                            own.push(a);
                        }
                    }
                }
            }
            if !own.is_empty() {
                source = own;
            }
        }
        // A possessive pronoun in the source slot ("their withdrawal", "its
        // investigation", "their forces had completed…") stands for the
        // speaker of the enclosing quote or the governing clause's subject.
        if source.is_empty() && possessive_pronoun_source(&s, tok_actor, i, is_noun) {
            source = match quote {
                Some(Some(sp)) => vec![sp],
                _ => governing_subject(&s, &mut args, tok_actor, i),
            };
        }
        // An agentless speech-act noun continues the talk of someone's
        // statements in the sentences before (see `recent_speaker`).
        if source.is_empty()
            && is_noun
            && SPEECH_ACT_ROOTS.iter().any(|r| codes[k].starts_with(r))
            && let Some(a) = recent
        {
            source = vec![a];
        }
        // Objects and obliques.
        if target.is_empty() {
            let mut obj = Vec::new();
            let mut obl: Vec<(u8, Vec<usize>)> = Vec::new();
            for &c in &s.children[i] {
                let br = s.base_rel(c);
                let pair = |a: &str, b: &str| {
                    (s.lemma[c] == a && s.children[c].iter().any(|&g| s.lemma[g] == b))
                        || (s.lemma[c] == b && s.children[c].iter().any(|&g| s.lemma[g] == a))
                };
                if pair("each", "other") || pair("one", "another") {
                    reciprocal = true;
                    continue;
                }
                if matches!(br, "obj" | "iobj") && !is_noun && !fronted_object(&s, c) {
                    let a = args.arg(&s, tok_actor, c);
                    if !a.is_empty() && obj.is_empty() {
                        obj = a;
                    } else if a.is_empty() {
                        // "granted asylum to 18 Rwandan rebels", "providing
                        // photographs and intelligence to Macedonia": the
                        // recipient hangs off the (conjoined) object.
                        for o in std::iter::once(c).chain(
                            s.children[c]
                                .iter()
                                .copied()
                                .filter(|&g| s.base_rel(g) == "conj"),
                        ) {
                            for &g in &s.children[o] {
                                if s.base_rel(g) == "nmod"
                                    && matches!(
                                        s.case_of(g),
                                        Some(
                                            "to" | "with"
                                                | "against"
                                                | "for"
                                                | "toward"
                                                | "towards"
                                        )
                                    )
                                {
                                    let a = args.arg(&s, tok_actor, g);
                                    if !a.is_empty() {
                                        obl.push((1, a));
                                    }
                                }
                            }
                        }
                    }
                } else if matches!(br, "obl" | "nmod") && s.rel(c) != "nmod:poss" {
                    let pr = match s.case_of(c) {
                        Some("with" | "against" | "between") => 0,
                        Some("to" | "on" | "into" | "toward" | "towards" | "upon") => 1,
                        Some("of" | "for" | "over" | "at" | "from") => 2,
                        // The place an event happens in stands for the
                        // population it is aimed at when nothing else is
                        // ("imposed a curfew in Algiers"), but not for a
                        // meeting's venue.
                        Some("in" | "inside" | "within" | "throughout" | "across")
                            if !codes[k].starts_with("04") =>
                        {
                            3
                        }
                        _ => continue,
                    };
                    if is_noun && noun_source_case(s.case_of(c), &codes[k]) {
                        continue;
                    }
                    let a = args.arg(&s, tok_actor, c);
                    if !a.is_empty() {
                        // "talks between the two": the parties are the
                        // source; a mediation's parties are its targets.
                        if s.case_of(c) == Some("between")
                            && source.is_empty()
                            && !codes[k].starts_with("045")
                        {
                            source = a;
                            continue;
                        }
                        obl.push((pr, a));
                    }
                }
            }
            obl.sort_by_key(|x| x.0);
            target = if !obj.is_empty() {
                obj
            } else {
                obl.into_iter().next().map(|x| x.1).unwrap_or_default()
            };
        }
        // "held talks with France", "give Tanzania a grant": a light verb's
        // other arguments belong to its noun.
        if is_noun
            && target.is_empty()
            && let Some(h) = s.head[i]
            && s.base_rel(i) == "obj"
            && s.upos(h) == Some(Upos::Verb)
        {
            target = clause_targets(&s, &mut args, tok_actor, h);
            target.retain(|a| !source.contains(a));
        }
        target.retain(|a| !source.contains(a));
        if reciprocal {
            target = source.clone();
        }

        // Code → QuadClass, Goldstein, PLOVER.
        let code = codes[k].clone();
        let Some(info) = lex.cameo(&code) else {
            continue;
        };
        let (mut factuality, future) = fact_of(i);
        if question && factuality == Factuality::Asserted && s.head[i].is_none() {
            factuality = Factuality::Hypothetical;
        }
        let mut reporter = None;
        if let Some(speaker) = quote {
            reporter = speaker;
            if factuality == Factuality::Asserted {
                factuality = Factuality::Reported;
            }
        }
        let mut plover = plover_for(lex, &code, factuality, future);
        // A promise made conditional on the other side's behaviour is a
        // threat ("will withdraw its force unless the president…").
        let unless = |t: usize| {
            s.children[t]
                .iter()
                .any(|&c| s.base_rel(c) == "advcl" && s.case_of(c) == Some("unless"))
        };
        if factuality == Factuality::Planned
            && plover.kind != "THREATEN"
            && (unless(i)
                || s.head[i].is_some_and(|h| matches!(s.base_rel(i), "obj" | "xcomp") && unless(h)))
        {
            plover.kind = "THREATEN".into();
            plover.mode = None;
        }

        // Date.
        let mut date = None;
        let mut date_source = DateSource::Document;
        let mut cur = Some(i);
        for _ in 0..8 {
            let Some(c) = cur else { break };
            if let Some(ti) = timex_at[c] {
                date = doc.timexes[ti].value.clone();
                date_source = DateSource::Timex(ti);
                break;
            }
            cur = s.head[c];
        }
        if date.is_none() {
            date = doc.meta.date.map(|d| d.format("%Y-%m-%d").to_string());
        }
        // Place.
        let mut place = None;
        let mut cur = Some(i);
        for _ in 0..8 {
            let Some(c) = cur else { break };
            if let Some(pi) = place_at[c] {
                place = Some(pi);
                break;
            }
            cur = s.head[c];
        }
        if place.is_none() {
            place = sentence_place;
        }
        out.push(Event {
            sentence: si,
            trigger: trigger_span,
            source,
            target,
            cameo: code,
            quad_class: info.quad_class,
            goldstein: info.goldstein,
            plover,
            factuality,
            date,
            date_source,
            place,
            reporter,
            evidence: sent.span,
        });
    }
    // Governors without a target take it from their complement: "promised
    // to continue aid to Mozambique"; for demands and appeals the party asked
    // to act is the complement's subject ("demanded that the US cancel").
    for k in 0..preds.len() {
        let Some(e) = ev_of[k] else { continue };
        if e < first_event || !out[e].target.is_empty() {
            continue;
        }
        let asked = matches!(preds[k].pattern.frame, Some(Frame::Demand | Frame::Appeal));
        let src = out[e].source.clone();
        if comp_of[k].is_none() && preds[k].pattern.frame.is_none() {
            // A purpose clause names whom the act is for: "opened the bridge
            // to allow deliveries to Afghanistan", "opened fire to disperse
            // demonstrators".
            let tok = preds[k].tok;
            // An event noun stands for its uncoded light verb ("began a
            // hunger strike to protest against Sweden's decision").
            let light = s.head[tok].filter(|&h| {
                s.base_rel(tok) == "obj"
                    && preds[k].pattern.pos == PatternPos::Noun
                    && pred_at[h].is_none()
                    && s.upos(h) == Some(Upos::Verb)
            });
            let purpose = std::iter::once(tok)
                .chain(light)
                .flat_map(|t| s.children[t].iter().copied())
                .filter(|&c| {
                    matches!(s.base_rel(c), "advcl" | "xcomp") && s.case_of(c) == Some("to")
                })
                .find_map(|c| pred_at[c].and_then(|pk| ev_of[pk]));
            if let Some(pe) = purpose {
                let mut t = out[pe].target.clone();
                t.retain(|a| !src.contains(a));
                out[e].target = t;
            }
            continue;
        }
        let Some(c) = comp_of[k].and_then(|c| ev_of[c]) else {
            // The complement is not itself coded ("demanded that the US
            // cancel…"): read its clause directly.
            if preds[k].pattern.frame.is_none() {
                continue;
            }
            let tok = preds[k].tok;
            let is_clause = |c: &usize| matches!(s.base_rel(*c), "xcomp" | "ccomp");
            // "demanded Friday that the United States match…" is sometimes
            // parsed with the clause under the date.
            let Some(clause) = s.children[tok].iter().copied().find(is_clause).or_else(|| {
                s.children[tok]
                    .iter()
                    .filter(|&&c| s.base_rel(c) == "obl")
                    .find_map(|&c| s.children[c].iter().copied().find(is_clause))
            }) else {
                continue;
            };
            let mut t = if asked {
                let (subj, _, _) = args.own(&s, tok_actor, clause);
                let mut t = subj;
                if t.is_empty() {
                    // "urged the European Community to support…": the object.
                    t = clause_targets(&s, &mut args, tok_actor, tok);
                }
                t
            } else {
                clause_targets(&s, &mut args, tok_actor, clause)
            };
            t.retain(|a| !src.contains(a));
            out[e].target = t;
            continue;
        };
        let from_subject: Vec<usize> = out[c]
            .source
            .iter()
            .copied()
            .filter(|a| !src.contains(a))
            .collect();
        let mut t = if asked && !from_subject.is_empty() {
            from_subject
        } else {
            out[c].target.clone()
        };
        t.retain(|a| !src.contains(a));
        out[e].target = t;
    }
    // Events still without a target are aimed at the nearest actor inside
    // their predicate phrase: "investigating war crimes by Croatian
    // extremists", "rejected an invitation to a meeting of Palestinian
    // factions", "insisted on its demands that Burundi's government grant…".
    for k in 0..preds.len() {
        let Some(e) = ev_of[k] else { continue };
        if e < first_event || e >= out.len() || !out[e].target.is_empty() {
            continue;
        }
        if let Some(t) = inner_actor(&s, tok_actor, preds[k].tok, &out[e].source) {
            let mut a = args.arg(&s, tok_actor, t);
            a.retain(|a| !out[e].source.contains(a));
            out[e].target = a;
        }
    }
    // Still without a target, an event noun that is the means or the
    // conjoined act of another event by the same source shares that event's
    // target: "retaliated with drone assaults, along with a ground campaign
    // against Russia", "have occupied a fifth of Ukraine and have conducted
    // aerial bombardments".
    for k in 0..preds.len() {
        let Some(e) = ev_of[k] else { continue };
        if e < first_event || e >= out.len() || !out[e].target.is_empty() {
            continue;
        }
        let tok = preds[k].tok;
        if preds[k].pattern.pos != PatternPos::Noun {
            continue;
        }
        let Some(mut h) = s.head[tok] else { continue };
        let mut via = s.base_rel(tok);
        // Through an uncoded light verb ("conducted bombardments") or an
        // uncoded conjunct ("with artillery and drone assaults").
        for _ in 0..2 {
            let through = pred_at[h].is_none()
                && ((via == "obj" && s.upos(h) == Some(Upos::Verb))
                    || (via == "conj" && s.upos(h) == Some(Upos::Noun)));
            if !through {
                break;
            }
            via = s.base_rel(h);
            match s.head[h] {
                Some(g) => h = g,
                None => break,
            }
        }
        if !matches!(via, "obl" | "conj") {
            continue;
        }
        let Some(he) = pred_at[h].and_then(|pk| ev_of[pk]) else {
            continue;
        };
        if he < first_event || he >= out.len() || he == e {
            continue;
        }
        let shared = out[e].source.iter().any(|a| out[he].source.contains(a));
        if shared {
            let mut t = out[he].target.clone();
            t.retain(|a| !out[e].source.contains(a));
            out[e].target = t;
        }
    }
}

/// Tokens [`inner_actor`] looks at per event at most.
const INNER_BUDGET: usize = 96;

/// Verbs whose clausal complement is the subject's proposal.
const PROPOSE: &[&str] = &["propose", "suggest", "offer", "envisage", "recommend"];

/// Relations of a predicate's dependents that never hold its target: its
/// subject, conjoined predicates (events of their own), function words and
/// side remarks.
const NOT_INNER: &[&str] = &[
    "nsubj",
    "csubj",
    "expl",
    "conj",
    "cc",
    "punct",
    "parataxis",
    "mark",
    "aux",
    "cop",
    "det",
    "advmod",
    "case",
    "discourse",
    "vocative",
    "reparandum",
    "dep",
    "appos",
];

/// The token of the nearest actor (breadth-first, then leftmost) in the
/// phrase headed by predicate `p`, outside its subject, its own modifiers
/// (for nouns those name the source) and the actors in `skip`; at most six
/// levels down and [`INNER_BUDGET`] tokens, so the cost per event is bounded.
fn inner_actor(s: &Sent<'_>, ta: &[Option<usize>], p: usize, skip: &[usize]) -> Option<usize> {
    let mut budget = INNER_BUDGET;
    let noun = matches!(s.upos(p), Some(Upos::Noun | Upos::Propn));
    let mut level: Vec<usize> = s.children[p]
        .iter()
        .copied()
        .filter(|&c| {
            let r = s.base_rel(c);
            !NOT_INNER.contains(&r)
                && !fronted_object(s, c)
                && !(noun && (matches!(r, "amod" | "compound" | "flat") || s.rel(c) == "nmod:poss"))
        })
        .collect();
    for _ in 0..6 {
        if level.is_empty() {
            break;
        }
        level.sort_unstable();
        if let Some(&t) = level
            .iter()
            .find(|&&t| ta[t].is_some_and(|a| !skip.contains(&a)))
        {
            return Some(t);
        }
        let mut next = Vec::new();
        for &t in &level {
            budget = budget.saturating_sub(s.children[t].len());
            if budget == 0 {
                return None;
            }
            next.extend(
                s.children[t]
                    .iter()
                    .copied()
                    .filter(|&c| !matches!(s.base_rel(c), "punct" | "parataxis")),
            );
        }
        level = next;
    }
    None
}

/// PLOVER coding of an event: the code's row, with PLOVER's conventions for
/// future, hypothetical and negated events (manual, AGREE/CONCEDE/THREATEN).
pub fn plover_for(lex: &Lexicon, code: &str, f: Factuality, future: bool) -> Plover {
    let info = lex.plover(code).cloned().unwrap_or_default();
    let mut kind = info.kind;
    let mut mode = info.mode;
    let mut context: Vec<String> = info.context.into_iter().collect();
    let coop = matches!(kind.as_str(), "CONSULT" | "SUPPORT" | "COOPERATE" | "AID");
    let conflict = matches!(
        kind.as_str(),
        "PROTEST" | "SANCTION" | "MOBILIZE" | "COERCE" | "ASSAULT"
    );
    match f {
        Factuality::Planned if coop => {
            kind = "AGREE".into();
            mode = None;
        }
        Factuality::Planned if kind == "RETREAT" => {
            kind = "CONCEDE".into();
            mode = None;
        }
        Factuality::Planned if conflict => {
            kind = "THREATEN".into();
        }
        Factuality::Hypothetical if conflict => {
            kind = "THREATEN".into();
        }
        Factuality::Negated
            if future && (coop || kind == "AGREE" || kind == "RETREAT" || kind == "CONCEDE") =>
        {
            kind = "REJECT".into();
            mode = None;
        }
        _ => {}
    }
    match f {
        Factuality::Planned => context.push("future".into()),
        Factuality::Hypothetical => context.push("hypothetical".into()),
        Factuality::Negated => context.push("negation".into()),
        _ => {}
    }
    Plover {
        kind,
        mode,
        context,
    }
}

/// Per-sentence memo of argument actors and (inherited) subjects.
struct Args {
    memo: Vec<Option<Vec<usize>>>,
    subj: Vec<Option<Vec<usize>>>,
}

fn push_unique(v: &mut Vec<usize>, a: Option<usize>) {
    if let Some(a) = a
        && !v.contains(&a)
    {
        v.push(a);
    }
}

impl Args {
    /// Actors of the phrase headed by `i`: itself, its modifiers, its conjuncts.
    fn arg(&mut self, s: &Sent<'_>, ta: &[Option<usize>], i: usize) -> Vec<usize> {
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
    fn own(
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
    fn inherits(s: &Sent<'_>, t: usize) -> bool {
        let r = s.base_rel(t);
        matches!(r, "xcomp" | "conj" | "advcl")
            || (s.rel(t) == "acl" && s.upos(t) == Some(Upos::Verb))
            || (matches!(s.upos(t), Some(Upos::Noun | Upos::Propn))
                && matches!(r, "obj" | "nmod" | "obl" | "ccomp" | "acl"))
    }

    /// Subject with control / conjunction / light-verb inheritance; linear
    /// overall thanks to the memo (each token is resolved once).
    fn subject(&mut self, s: &Sent<'_>, ta: &[Option<usize>], i: usize) -> Vec<usize> {
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
fn fronted_object(s: &Sent<'_>, c: usize) -> bool {
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
fn subject_token(s: &Sent<'_>, i: usize) -> Option<usize> {
    subject_token_by(s, i, |cur| {
        matches!(s.base_rel(cur), "xcomp" | "conj" | "advcl")
    })
}

/// The subject token of `i`, climbing to the head while `climb` allows (at
/// most eight steps).
fn subject_token_by(s: &Sent<'_>, i: usize, climb: impl Fn(usize) -> bool) -> Option<usize> {
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
fn noun_source_case(case: Option<&str>, code: &str) -> bool {
    match case {
        Some("by") => true,
        Some("from") => !code.starts_with("08"),
        _ => false,
    }
}

/// Whether the source slot of predicate `i` holds a possessive pronoun with
/// no actor: the possessor of an event noun, or of the (inherited) subject.
fn possessive_pronoun_source(s: &Sent<'_>, ta: &[Option<usize>], i: usize, is_noun: bool) -> bool {
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
fn governing_subject(s: &Sent<'_>, args: &mut Args, ta: &[Option<usize>], i: usize) -> Vec<usize> {
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
fn clause_targets(s: &Sent<'_>, args: &mut Args, ta: &[Option<usize>], v: usize) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    //! Argument structures on hand-written parses, so that they test the
    //! event stage alone, whatever the tagger and parser models do.

    use super::*;
    use dyad_doc::{Actor, Meta, Sentence, Token};

    /// A one-sentence document from CoNLL-like rows `word UPOS XPOS lemma
    /// head deprel` (heads 1-based, 0 = root) and actors `(first token,
    /// last token, country)` (0-based, inclusive).
    fn doc(rows: &str, actors: &[(usize, usize, &str)]) -> Doc {
        let rows: Vec<Vec<&str>> = rows
            .split('|')
            .map(|r| r.split_whitespace().collect())
            .collect();
        let text = rows.iter().map(|r| r[0]).collect::<Vec<_>>().join(" ");
        let mut doc = Doc::new(text.clone(), Meta::default());
        let mut at = 0;
        for r in &rows {
            let span = doc.span(at, at + r[0].len()).unwrap();
            at += r[0].len() + 1;
            let head: usize = r[4].parse().unwrap();
            doc.tokens.push(Token {
                span,
                upos: Upos::parse(r[1]),
                xpos: Some(r[2].to_string()),
                lemma: Some(r[3].to_string()),
                head: head.checked_sub(1),
                deprel: Some(r[5].to_string()),
            });
        }
        doc.sentences.push(Sentence {
            span: doc.span(0, text.len()).unwrap(),
            token_start: 0,
            token_end: rows.len(),
            new_paragraph: true,
        });
        for &(a, b, country) in actors {
            let mention = doc.tokens[a].span.cover(doc.tokens[b].span);
            doc.actors.push(Actor {
                name: doc.slice(mention).to_string(),
                country: Some(country.to_string()),
                sector: None,
                role: None,
                kb_id: None,
                mentions: vec![mention],
            });
        }
        doc
    }

    fn countries(doc: &Doc, v: &[usize]) -> Vec<String> {
        let mut c: Vec<String> = v
            .iter()
            .filter_map(|&a| doc.actors[a].country.clone())
            .collect();
        c.sort();
        c.dedup();
        c
    }

    /// (what, parse, actors, trigger, source, target, CAMEO prefix, PLOVER type).
    type Case = (
        &'static str,
        &'static str,
        &'static [(usize, usize, &'static str)],
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        &'static str,
        &'static str,
    );

    const CASES: &[Case] = &[
        (
            "a subject misread as the conjunct of a fronted date",
            "On ADP IN on 2 case | Tuesday PROPN NNP Tuesday 6 obl | , PUNCT , , 5 punct | Kenyan ADJ JJ kenyan 5 amod | minister NOUN NN minister 2 conj | summoned VERB VBD summon 0 root | Uganda PROPN NNP Uganda 8 nmod:poss | envoy NOUN NN envoy 6 obl | . PUNCT . . 6 punct",
            &[(3, 4, "KEN"), (6, 7, "UGA")],
            "summoned",
            &["KEN"],
            &["UGA"],
            "1",
            "ACCUSE",
        ),
        (
            "an oblique hung on a bare date belongs to the clause",
            "Chile PROPN NNP Chile 2 nsubj | held VERB VBD hold 0 root | talks NOUN NNS talk 2 obj | Monday PROPN NNP Monday 2 obl:unmarked | with ADP IN with 6 case | Peru PROPN NNP Peru 4 nmod | . PUNCT . . 2 punct",
            &[(0, 0, "CHL"), (5, 5, "PER")],
            "talks",
            &["CHL"],
            &["PER"],
            "04",
            "CONSULT",
        ),
        (
            "a must-clause hung on the date of 'said' is still a demand",
            "Kenya PROPN NNP Kenya 2 nsubj | said VERB VBD say 0 root | on ADP IN on 4 case | Monday PROPN NNP Monday 2 obl | that SCONJ IN that 8 mark | Somalia PROPN NNP Somalia 8 nsubj | must AUX MD must 8 aux | reach VERB VB reach 4 acl:relcl | an DET DT a 10 det | agreement NOUN NN agreement 8 obj | . PUNCT . . 2 punct",
            &[(0, 0, "KEN"), (5, 5, "SOM")],
            "said",
            &["KEN"],
            &["SOM"],
            "10",
            "REQUEST",
        ),
        (
            "an agentless passive proposed by someone is the proposer's",
            "Peru PROPN NNP Peru 2 nsubj | proposed VERB VBD propose 0 root | that SCONJ IN that 7 mark | prisoners NOUN NNS prisoner 7 nsubj:pass | could AUX MD could 7 aux | be AUX VB be 7 aux:pass | released VERB VBN release 2 ccomp | . PUNCT . . 2 punct",
            &[(0, 0, "PER")],
            "released",
            &["PER"],
            &[],
            "08",
            "RETREAT",
        ),
        (
            "an event noun shares the target of the event it is the means of",
            "Chad PROPN NNP Chad 2 nsubj | retaliated VERB VBD retaliate 0 root | with ADP IN with 4 case | artillery NOUN NN artillery 2 obl | and CCONJ CC and 7 cc | drone NOUN NN drone 7 compound | attacks NOUN NNS attack 4 conj | against ADP IN against 9 case | Libya PROPN NNP Libya 2 obl | . PUNCT . . 2 punct",
            &[(0, 0, "TCD"), (8, 8, "LBY")],
            "attacks",
            &["TCD"],
            &["LBY"],
            "19",
            "ASSAULT",
        ),
        (
            "an event noun's light verb lends it its purpose clause",
            "Kurds PROPN NNPS Kurd 2 nsubj | began VERB VBD begin 0 root | a DET DT a 5 det | hunger NOUN NN hunger 5 compound | strike NOUN NN strike 2 obj | to PART TO to 7 mark | protest VERB VB protest 2 advcl | against ADP IN against 10 case | Turkey PROPN NNP Turkey 10 nmod:poss | decision NOUN NN decision 7 obl | . PUNCT . . 2 punct",
            &[(0, 0, "IRQ"), (8, 8, "TUR")],
            "hunger strike",
            &["IRQ"],
            &["TUR"],
            "14",
            "PROTEST",
        ),
        (
            "an object in front of its verb is part of the subject",
            "Syrian ADJ JJ syrian 2 amod | tanks NOUN NNS tank 5 obj | including VERB VBG include 4 case | artillery NOUN NN artillery 5 nsubj | shelled VERB VBD shell 0 root | Lebanese ADJ JJ lebanese 7 amod | villages NOUN NNS village 5 obj | . PUNCT . . 5 punct",
            &[(0, 1, "SYR"), (5, 6, "LBN")],
            "shelled",
            &["SYR"],
            &["LBN"],
            "19",
            "ASSAULT",
        ),
        (
            "an apposition's conjuncts join the subject",
            "Kenyan ADJ JJ kenyan 2 amod | leader NOUN NN leader 9 nsubj | Moi PROPN NNP Moi 2 appos | and CCONJ CC and 6 cc | Ugandan PROPN NNP Ugandan 3 conj | President PROPN NNP President 7 nmod:desc | Museveni PROPN NNP Museveni 3 list | today NOUN NN today 2 obl:unmarked | signed VERB VBD sign 0 root | a DET DT a 11 det | treaty NOUN NN treaty 9 obj | . PUNCT . . 9 punct",
            &[(0, 2, "KEN"), (4, 6, "UGA")],
            "signed",
            &["KEN", "UGA"],
            &[],
            "05",
            "SUPPORT",
        ),
        (
            "target nested in the object phrase",
            "Hamas PROPN NNP Hamas 2 nsubj | rejected VERB VBD reject 0 root | an DET DT a 4 det | invitation NOUN NN invitation 2 obj | to PART TO to 6 mark | attend VERB VB attend 4 acl | talks NOUN NNS talk 6 obj | of ADP IN of 9 case | Egypt PROPN NNP Egypt 7 nmod | . PUNCT . . 2 punct",
            &[(0, 0, "PSE"), (8, 8, "EGY")],
            "rejected",
            &["PSE"],
            &["EGY"],
            "12",
            "REJECT",
        ),
        (
            "a by-phrase under an active verb is not its agent",
            "Chile PROPN NNP Chile 3 nsubj | is AUX VBZ be 3 aux | investigating VERB VBG investigate 0 root | abuses NOUN NNS abuse 3 obj | by ADP IN by 6 case | police NOUN NN police 3 obl | . PUNCT . . 3 punct",
            &[(0, 0, "CHL"), (5, 5, "ARG")],
            "investigating",
            &["CHL"],
            &["ARG"],
            "09",
            "ACCUSE",
        ),
        (
            "a by-phrase under a passive verb is its agent",
            "Moldova PROPN NNP Moldova 3 nsubj:pass | was AUX VBD be 3 aux:pass | attacked VERB VBN attack 0 root | by ADP IN by 5 case | Russia PROPN NNP Russia 3 obl | . PUNCT . . 3 punct",
            &[(0, 0, "MDA"), (4, 4, "RUS")],
            "attacked",
            &["RUS"],
            &["MDA"],
            "19",
            "ASSAULT",
        ),
        (
            "relative pronoun stands for its noun",
            "Russia PROPN NNP Russia 2 nsubj | criticized VERB VBD criticize 0 root | Ukraine PROPN NNP Ukraine 2 obj | , PUNCT , , 6 punct | which PRON WDT which 6 nsubj | attacked VERB VBD attack 3 acl:relcl | Moldova PROPN NNP Moldova 6 obj | . PUNCT . . 2 punct",
            &[(0, 0, "RUS"), (2, 2, "UKR"), (6, 6, "MDA")],
            "attacked",
            &["UKR"],
            &["MDA"],
            "19",
            "ASSAULT",
        ),
        (
            "-ing participle takes its noun's source",
            "Rebels NOUN NNS rebel 2 nsubj | issued VERB VBD issue 0 root | a DET DT a 4 det | declaration NOUN NN declaration 2 obj | demanding VERB VBG demand 4 acl | talks NOUN NNS talk 5 obj | with ADP IN with 8 case | Turkey PROPN NNP Turkey 6 nmod | . PUNCT . . 2 punct",
            &[(0, 0, "IRQ"), (7, 7, "TUR")],
            "demanding",
            &["IRQ"],
            &["TUR"],
            "10",
            "REQUEST",
        ),
        (
            "past participle under a root noun is a misread main verb",
            "Nigerian ADJ JJ nigerian 2 amod | authorities NOUN NNS authority 0 root | jailed VERB VBN jail 2 acl | members NOUN NNS member 3 obj | of ADP IN of 6 case | MASSOB PROPN NNP MASSOB 4 nmod | . PUNCT . . 2 punct",
            &[(0, 1, "NGA"), (5, 5, "BIA")],
            "jailed",
            &["NGA"],
            &["BIA"],
            "17",
            "COERCE",
        ),
        (
            "possessive pronoun source is the governing subject",
            "Serbs PROPN NNPS Serb 2 nsubj | said VERB VBD say 0 root | their PRON PRP$ their 4 nmod:poss | forces NOUN NNS force 6 nsubj | had AUX VBD have 6 aux | completed VERB VBN complete 2 ccomp | their PRON PRP$ their 8 nmod:poss | withdrawal NOUN NN withdrawal 6 obj | . PUNCT . . 2 punct",
            &[(0, 0, "SRB")],
            "withdrawal",
            &["SRB"],
            &[],
            "087",
            "RETREAT",
        ),
        (
            "an event noun in an of-phrase takes the possessor of its head noun",
            "It PRON PRP it 2 nsubj | ended VERB VBD end 0 root | Syria PROPN NNP Syria 6 nmod:poss | 's PART POS 's 3 case | two NUM CD two 6 nummod | years NOUN NNS year 2 obj | of ADP IN of 8 case | attacks NOUN NNS attack 6 nmod | on ADP IN on 10 case | Lebanon PROPN NNP Lebanon 8 nmod | . PUNCT . . 2 punct",
            &[(2, 2, "SYR"), (9, 9, "LBN")],
            "attacks",
            &["SYR"],
            &["LBN"],
            "190",
            "ASSAULT",
        ),
        (
            "recipient attached to the object",
            "Uganda PROPN NNP Uganda 2 nsubj | granted VERB VBD grant 0 root | asylum NOUN NN asylum 2 obj | to ADP IN to 6 case | Rwandan ADJ JJ rwandan 6 amod | rebels NOUN NNS rebel 3 nmod | . PUNCT . . 2 punct",
            &[(0, 0, "UGA"), (4, 5, "RWA")],
            "granted",
            &["UGA"],
            &["RWA"],
            "07",
            "AID",
        ),
        (
            "purpose clause names the target",
            "Uzbekistan PROPN NNP Uzbekistan 2 nsubj | opened VERB VBD open 0 root | the DET DT the 4 det | bridge NOUN NN bridge 2 obj | to PART TO to 6 mark | allow VERB VB allow 2 advcl | deliveries NOUN NNS delivery 6 obj | to ADP IN to 9 case | Afghanistan PROPN NNP Afghanistan 6 obl | . PUNCT . . 2 punct",
            &[(0, 0, "UZB"), (8, 8, "AFG")],
            "opened",
            &["UZB"],
            &["AFG"],
            "08",
            "RETREAT",
        ),
        (
            "place of a coercive act is its target",
            "The DET DT the 2 det | government NOUN NN government 3 nsubj | imposed VERB VBD impose 0 root | a DET DT a 5 det | curfew NOUN NN curfew 3 obj | in ADP IN in 7 case | Abidjan PROPN NNP Abidjan 3 obl | . PUNCT . . 3 punct",
            &[(1, 1, "CIV"), (6, 6, "CIV")],
            "imposed",
            &["CIV"],
            &["CIV"],
            "17",
            "COERCE",
        ),
        (
            "a meeting's venue is not its target",
            "France PROPN NNP France 2 nsubj | held VERB VBD hold 0 root | talks NOUN NNS talk 2 obj | in ADP IN in 5 case | Munich PROPN NNP Munich 2 obl | . PUNCT . . 2 punct",
            &[(0, 0, "FRA"), (4, 4, "DEU")],
            "talks",
            &["FRA"],
            &[],
            "04",
            "CONSULT",
        ),
        (
            "'X said Y must' is a demand on Y",
            "Britain PROPN NNP Britain 2 nsubj | said VERB VBD say 0 root | Sudan PROPN NNP Sudan 5 nsubj | must AUX MD must 5 aux | end VERB VB end 2 ccomp | the DET DT the 7 det | fighting NOUN NN fighting 5 obj | . PUNCT . . 2 punct",
            &[(0, 0, "GBR"), (2, 2, "SDN")],
            "said",
            &["GBR"],
            &["SDN"],
            "10",
            "REQUEST",
        ),
        (
            "a promise conditional on 'unless' is a threat",
            "Nigeria PROPN NNP Nigeria 3 nsubj | will AUX MD will 3 aux | withdraw VERB VB withdraw 0 root | its PRON PRP$ its 5 nmod:poss | troops NOUN NNS troop 3 obj | from ADP IN from 7 case | Chad PROPN NNP Chad 3 obl | unless SCONJ IN unless 11 mark | the DET DT the 10 det | fighting NOUN NN fighting 11 nsubj | stops VERB VBZ stop 3 advcl | . PUNCT . . 3 punct",
            &[(0, 0, "NGA"), (6, 6, "TCD")],
            "withdraw",
            &["NGA"],
            &["TCD"],
            "087",
            "THREATEN",
        ),
        (
            "nested compound modifiers carry the actor",
            "Montenegro PROPN NNP Montenegro 3 compound | Municipality PROPN NNP Municipality 3 compound | Association PROPN NNP Association 4 compound | officials NOUN NNS official 5 nsubj | demanded VERB VBD demand 0 root | support NOUN NN support 5 obj | from ADP IN from 8 case | Serbia PROPN NNP Serbia 5 obl | . PUNCT . . 5 punct",
            &[(0, 0, "MNE"), (7, 7, "SRB")],
            "demanded",
            &["MNE"],
            &["SRB"],
            "10",
            "REQUEST",
        ),
        (
            "a mediation's 'between' parties are its targets",
            "Qatar PROPN NNP Qatar 2 nsubj | launched VERB VBD launch 0 root | a DET DT a 4 det | mediation NOUN NN mediation 2 obj | between ADP IN between 6 case | Bahrain PROPN NNP Bahrain 4 nmod | and CCONJ CC and 8 cc | Oman PROPN NNP Oman 6 conj | . PUNCT . . 2 punct",
            &[(0, 0, "QAT"), (5, 5, "BHR"), (7, 7, "OMN")],
            "mediation",
            &["QAT"],
            &["BHR", "OMN"],
            "045",
            "CONSULT",
        ),
        (
            "a withdrawal is from its target",
            "Syria PROPN NNP Syria 2 nsubj | began VERB VBD begin 0 root | the DET DT the 4 det | withdrawal NOUN NN withdrawal 2 obj | from ADP IN from 6 case | Lebanon PROPN NNP Lebanon 4 nmod | . PUNCT . . 2 punct",
            &[(0, 0, "SYR"), (5, 5, "LBN")],
            "withdrawal",
            &["SYR"],
            &["LBN"],
            "087",
            "RETREAT",
        ),
        (
            "subjectless relative clause on the root noun is the main clause",
            "Iran PROPN NNP Iran 3 nmod:poss | leader NOUN NN leader 3 compound | Khomeini PROPN NNP Khomeini 0 root | rejected VERB VBD reject 3 acl:relcl | the DET DT the 6 det | proposal NOUN NN proposal 4 obj | of ADP IN of 8 case | Iraq PROPN NNP Iraq 6 nmod | . PUNCT . . 3 punct",
            &[(0, 0, "IRN"), (2, 2, "IRN"), (7, 7, "IRQ")],
            "rejected",
            &["IRN"],
            &["IRQ"],
            "12",
            "REJECT",
        ),
        (
            "a number heads what it counts",
            "Three NUM CD three 5 nsubj:pass | US PROPN NNP US 3 compound | servicemen NOUN NNS serviceman 1 obj | were AUX VBD be 5 aux:pass | killed VERB VBN kill 0 root | by ADP IN by 7 case | Iraqis PROPN NNPS Iraqi 5 obl:agent | . PUNCT . . 5 punct",
            &[(1, 2, "USA"), (6, 6, "IRQ")],
            "killed",
            &["IRQ"],
            &["USA"],
            "18",
            "ASSAULT",
        ),
        (
            "expletive-read 'it' under a speech verb is its speaker",
            "Syria PROPN NNP Syria 2 nsubj | says VERB VBZ say 0 root | it PRON PRP it 5 expl | is AUX VBZ be 5 cop | willing ADJ JJ willing 2 ccomp | to PART TO to 7 mark | withdraw VERB VB withdraw 5 xcomp | from ADP IN from 9 case | Lebanon PROPN NNP Lebanon 7 obl | . PUNCT . . 2 punct",
            &[(0, 0, "SYR"), (8, 8, "LBN")],
            "withdraw",
            &["SYR"],
            &["LBN"],
            "087",
            "CONCEDE",
        ),
    ];

    #[test]
    fn argument_structures_on_given_parses() {
        let lex = Lexicon::builtin().unwrap();
        for (what, rows, actors, trigger, src, tgt, code, kind) in CASES {
            let d = doc(rows, actors);
            let events = extract(&lex, &d);
            let e = events
                .iter()
                .find(|e| d.slice(e.trigger).ends_with(trigger))
                .unwrap_or_else(|| panic!("{what}: no event {trigger:?}"));
            assert_eq!(countries(&d, &e.source), *src, "{what}: source");
            assert_eq!(countries(&d, &e.target), *tgt, "{what}: target");
            assert!(e.cameo.starts_with(code), "{what}: cameo {}", e.cameo);
            assert_eq!(e.plover.kind, *kind, "{what}: PLOVER type");
        }
    }
}
