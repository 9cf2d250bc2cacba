//! Coding predicates: governor frames (intent, threat, refusal, demand,
//! appeal) specialised by the coded predicate in their complement, and an
//! event's factuality, reporter and PLOVER coding.

use super::*;

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

/// The CAMEO intent code (03x) for a complement coded `comp`.
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

/// The code of a governor with frame `frame` and own code `own` whose
/// complement is coded `comp` ("threatened to attack" → 138); `own` when the
/// frame has no code for that complement.
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

/// Each predicate's CAMEO code and, for governors, the predicate heading its
/// complement: a governor frame takes the first coded predicate down its
/// complement chain ([`complement_predicate`]) and, when that one is not a
/// governor itself, its code is [`specialise`]d by it. Reads the parse,
/// `preds` and `pred_at`; returns `(codes, comp_of)`, one entry per predicate.
pub(super) fn governor_codes(
    s: &Sent<'_>,
    preds: &[Pred<'_>],
    pred_at: &[Option<usize>],
) -> (Vec<String>, Vec<Option<usize>>) {
    let mut codes: Vec<String> = preds.iter().map(|p| p.code.clone()).collect();
    let mut comp_of: Vec<Option<usize>> = vec![None; preds.len()];
    for (k, p) in preds.iter().enumerate() {
        let Some(frame) = p.pattern.frame else {
            continue;
        };
        if let Some(pk) = complement_predicate(s, pred_at, p.tok)
            && pk != k
        {
            comp_of[k] = Some(pk);
            if preds[pk].pattern.frame.is_none() {
                codes[k] = specialise(frame, &p.code, &preds[pk].code);
            }
        }
    }
    (codes, comp_of)
}

/// The first predicate (index into the sentence's predicates) down the
/// complement chain of token `tok`: through clausal complements, objects
/// and on/to/for obliques, at most four levels, passing only through
/// [`transparent`] verbs and looking one level into each step's objects.
/// Reads the parse and `pred_at`.
fn complement_predicate(s: &Sent<'_>, pred_at: &[Option<usize>], tok: usize) -> Option<usize> {
    let mut cur = tok;
    for _ in 0..4 {
        let c = s.children[cur].iter().copied().find(|&c| {
            matches!(s.base_rel(c), "xcomp" | "ccomp" | "advcl" | "obj" | "obl")
                && (s.base_rel(c) != "obl" || matches!(s.case_of(c), Some("on" | "to" | "for")))
        })?;
        if let Some(pk) = pred_at[c] {
            return Some(pk);
        }
        // A content verb that is not coded ends the chain: "agreed to
        // postpone the demonstration" is not an agreement to protest.
        if s.upos(c) == Some(Upos::Verb) && !transparent(&s.lemma[c]) {
            return None;
        }
        // "have our delegations commence talks": look one level into objects.
        if let Some(pk) = s.children[c].iter().find_map(|&g| {
            (matches!(s.base_rel(g), "obj" | "xcomp" | "ccomp") && pred_at[g].is_some())
                .then(|| pred_at[g])
                .flatten()
        }) {
            return Some(pk);
        }
        cur = c;
    }
    None
}

/// Whether sentence `s` (not empty) is a question: its last token that is not
/// punctuation, or its last token, is "?".
pub(super) fn is_question(s: &Sent<'_>) -> bool {
    let n = s.n();
    (0..n)
        .rev()
        .find(|&i| s.upos(i) != Some(Upos::Punct) || s.text(i) == "?")
        .is_some_and(|i| s.text(i) == "?")
        || s.text(n - 1) == "?"
}

/// How the event of predicate `ep` is told. Reads the token's factuality
/// from `facts` (a root predicate of a question is hypothetical rather than
/// asserted), the quote around the trigger (its speaker is the reporter, and
/// an asserted event in it is reported) and the lexicon's PLOVER row ([`plover_for`]; a
/// planned act on the condition "unless …" is a threat). Returns the
/// factuality, the reporter and the PLOVER coding.
pub(super) fn event_coding(
    cx: &SentenceCtx<'_, '_>,
    facts: &mut Factualities<'_, '_>,
    ep: &EventPred<'_>,
) -> (Factuality, Option<usize>, Plover) {
    let (s, i) = (cx.s, ep.tok);
    let (mut factuality, future) = facts.of(i);
    if cx.question && factuality == Factuality::Asserted && s.head[i].is_none() {
        factuality = Factuality::Hypothetical;
    }
    let mut reporter = None;
    if let Some(speaker) = ep.quote {
        reporter = speaker;
        if factuality == Factuality::Asserted {
            factuality = Factuality::Reported;
        }
    }
    let mut plover = plover_for(cx.lex, ep.code, factuality, future);
    // A promise made conditional on the other side's behaviour is a
    // threat ("will withdraw its force unless the president…").
    if factuality == Factuality::Planned
        && plover.kind != "THREATEN"
        && (has_unless_clause(s, i)
            || s.head[i].is_some_and(|h| {
                matches!(s.base_rel(i), "obj" | "xcomp") && has_unless_clause(s, h)
            }))
    {
        plover.kind = "THREATEN".into();
        plover.mode = None;
    }
    (factuality, reporter, plover)
}

/// Whether token `t` has an adverbial clause introduced by "unless".
fn has_unless_clause(s: &Sent<'_>, t: usize) -> bool {
    s.children[t]
        .iter()
        .any(|&c| s.base_rel(c) == "advcl" && s.case_of(c) == Some("unless"))
}
