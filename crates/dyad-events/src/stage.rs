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
    let mut facts = Factualities::new(&s, &pred_at);

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
        let (mut factuality, future) = facts.of(i);
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
    fill_targets(
        &s,
        &mut args,
        tok_actor,
        &preds,
        &pred_at,
        &comp_of,
        &ev_of,
        first_event,
        out,
    );
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

mod args;
mod factuality;
mod targets;
#[cfg(test)]
mod tests;

use args::{
    Args, clause_targets, fronted_object, governing_subject, noun_source_case,
    possessive_pronoun_source, subject_token,
};
use factuality::Factualities;
use targets::fill_targets;
