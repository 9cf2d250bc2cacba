//! Toponym recognition and resolution over raw text plus optional layers.

use std::collections::{HashMap, HashSet};

use dyad_doc::{Entity, EntityLabel, Place, Span, Token, Upos};

use crate::fold::Folded;
use crate::gazetteer::{Feature, Gazetteer, NameKind, Posting};
use crate::words::{
    ADMIN_SUFFIX, COMMON, CONNECTORS, GENERIC, LANGUAGE_NOUNS, PERSONAL, POLITY_CUES, SPEECH,
};

/// Optional layers the geocoder uses when a document has them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layers<'a> {
    /// Named entities (GPE/LOC are evidence for, PERSON against, a toponym).
    pub entities: &'a [Entity],
    /// Tokens with UPOS tags.
    pub tokens: &'a [Token],
}

/// A recognised toponym before resolution.
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    key: String,
    cands: Vec<Posting>,
    /// Only adjective postings survived ("Ukrainian-controlled").
    evidence: bool,
    /// Index of the mention this one qualifies ("Paris, Texas": Texas → Paris).
    qualifies: Option<usize>,
    /// The mention qualifying this one.
    qualifier: Option<usize>,
    /// Followed by an administrative word ("Kursk region").
    admin_suffix: Option<usize>,
    /// "X's president".
    polity_cue: bool,
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn is_cap_word(w: &str) -> bool {
    first_char(w).is_some_and(|c| c.is_uppercase())
}

/// Alphanumeric runs of `s` as (start, end) byte offsets relative to `s`.
fn runs(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut it = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = it.peek() {
            if c.is_alphanumeric() {
                break;
            }
            it.next();
        }
        let (start, _) = *it.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = it.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            it.next();
        }
        Some((start, end))
    })
}

/// Whether `name` (a candidate span's text) is written like a place name.
fn name_shape_ok(name: &str) -> bool {
    if name.contains('\n') {
        return false;
    }
    let ws: Vec<&str> = runs(name).map(|(s, e)| &name[s..e]).collect();
    let n = ws.len();
    for (i, w) in ws.iter().enumerate() {
        if is_cap_word(w) || first_char(w).is_some_and(|c| c.is_numeric()) && i > 0 {
            continue;
        }
        let lw = w.to_lowercase();
        let lw = lw.as_str();
        if i > 0 && i + 1 < n && CONNECTORS.contains(&lw) {
            continue;
        }
        if i > 0 && i + 1 == n && GENERIC.contains(&lw) {
            continue;
        }
        return false;
    }
    // "Mississippi State" is a team or a university; "Mississippi" the place.
    n > 0 && !(n > 1 && ws[n - 1] == "State")
}

/// The word after byte `pos` (skipping spaces only), if any.
fn next_word(text: &str, pos: usize) -> Option<(usize, &str)> {
    let rest = text.get(pos..)?;
    let skip = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    let (s, e) = runs(&rest[skip..]).next()?;
    if s != 0 {
        return None;
    }
    Some((pos + skip, &rest[skip..skip + e]))
}

/// The word before byte `pos` (skipping spaces only), if any.
fn prev_word(text: &str, pos: usize) -> Option<&str> {
    let before = text.get(..pos)?;
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    let end = trimmed.len();
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    Some(&trimmed[start..end])
}

/// Whether the word at `start` follows a capitalised word that does not start
/// a sentence, with only a space between ("Maria Diaz", "Secretary Scott").
fn glued_before(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    // An initial ("Gino D. Bassett") glues; other punctuation separates.
    let initial = before.ends_with('.') && {
        let b = before.trim_end_matches('.');
        let mut cs = b.chars().rev();
        cs.next().is_some_and(|c| c.is_uppercase())
            && !cs.next().is_some_and(|c| c.is_alphanumeric())
    };
    if initial {
        return true;
    }
    text[..start].ends_with(' ')
        && !before.ends_with(['.', ',', ';', ':'])
        && prev_word(text, start).is_some_and(|w| {
            let ws = text[..start].trim_end().len() - w.len();
            is_cap_word(w) && !sentence_initial(text, ws)
        })
}

/// Whether a mention opens the text as a dateline: at the start, then a
/// dash, a colon, an agency in brackets or a comma and a qualifier.
fn is_dateline(text: &str, m: &Mention) -> bool {
    if !text[..m.start].trim().is_empty() {
        return false;
    }
    let surface = &text[m.start..m.end];
    let after = text[m.end..].trim_start_matches([' ', ',']);
    surface.chars().all(|c| !c.is_lowercase())
        && (after.starts_with(['—', '–', '-', ':', '('])
            || m.qualifier.is_some()
            || after.starts_with('\n'))
}

/// One posting per entry, the strongest kind of name kept (a hand-written
/// name over a GeoNames alternate of the same place).
fn dedupe_postings(mut ps: Vec<Posting>) -> Vec<Posting> {
    let rank = |k: NameKind| match k {
        NameKind::Name => 0,
        NameKind::Acronym => 1,
        NameKind::Qualifier => 2,
        NameKind::Adjective => 3,
        NameKind::Alternate => 4,
    };
    ps.sort_by_key(|p| (p.entry, rank(p.kind)));
    ps.dedup_by_key(|p| p.entry);
    ps
}

/// Whether `pos` starts a sentence (only punctuation/space back to a
/// sentence end or the start of the text).
fn sentence_initial(text: &str, pos: usize) -> bool {
    for c in text[..pos].chars().rev() {
        if c.is_alphanumeric() || c == ',' || c == ';' {
            return false;
        }
        if matches!(c, '.' | '!' | '?' | '\n' | ':') {
            return true;
        }
    }
    true
}

/// Weights of the resolver's scores (log-population units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Penalty for a GeoNames alternate name (vs a main name).
    pub alt_penalty: f64,
    /// Penalty for an ADM1 named like a big city of its country ("Kursk").
    pub adm1_penalty: f64,
    /// Bonus for the share of the document's other places in a country.
    pub country_context: f64,
    /// Bonus per (log) other place in the same ADM1.
    pub adm1_context: f64,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            alt_penalty: 4.0,
            adm1_penalty: 3.0,
            country_context: 4.0,
            adm1_context: 2.0,
        }
    }
}

fn ln1(x: f64) -> f64 {
    (1.0 + x.max(0.0)).ln()
}

/// The geocoder: recognises toponyms in text and resolves them against a
/// [`Gazetteer`].
#[derive(Debug, Clone, Copy)]
pub struct Geocoder<'g> {
    gaz: &'g Gazetteer,
    tuning: Tuning,
}

impl<'g> Geocoder<'g> {
    /// A geocoder over `gaz`.
    pub fn new(gaz: &'g Gazetteer) -> Geocoder<'g> {
        Geocoder {
            gaz,
            tuning: Tuning::default(),
        }
    }

    /// The same geocoder with other score weights.
    pub fn with_tuning(self, tuning: Tuning) -> Geocoder<'g> {
        Geocoder { tuning, ..self }
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gaz
    }

    /// Find and resolve the toponyms of `text`. Linear in the text's length
    /// (every name is at most 60 folded bytes; candidate lists are bounded).
    pub fn geocode(&self, text: &str, layers: Layers<'_>) -> Vec<Place> {
        let mut mentions = self.recognise(text, layers);
        self.resolve(text, &mut mentions)
    }

    fn recognise(&self, text: &str, layers: Layers<'_>) -> Vec<Mention> {
        let folded = Folded::new(text);
        let fb = folded.text.as_bytes();
        let fst = self.gaz.fst();
        let mut out: Vec<Mention> = Vec::new();
        let mut covered = 0usize;
        for (ws, _we) in runs(text) {
            if ws < covered || !first_char(&text[ws..]).is_some_and(|c| c.is_uppercase()) {
                continue;
            }
            let f0 = folded.folded_at(ws);
            let mut node = fst.root();
            let mut acc = fst::raw::Output::zero();
            let mut best: Option<(usize, u64)> = None;
            for p in f0..fb.len() {
                let Some(ti) = node.find_input(fb[p]) else {
                    break;
                };
                let t = node.transition(ti);
                acc = acc.cat(t.out);
                node = fst.node(t.addr);
                if !node.is_final() {
                    continue;
                }
                let fend = p + 1;
                if fend < fb.len() && folded.orig[fend] == folded.orig[fend - 1] {
                    continue; // inside the fold of one character
                }
                let oend = folded.orig_at(fend);
                if oend <= ws || first_char(&text[oend..]).is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                if name_shape_ok(&text[ws..oend]) {
                    best = Some((oend, acc.cat(node.final_output()).value()));
                }
            }
            let Some((end, v)) = best else { continue };
            covered = end;
            out.push(Mention {
                start: ws,
                end,
                key: folded.text[f0..folded.folded_at(end)].to_string(),
                cands: dedupe_postings(self.gaz.postings_of(v)),
                evidence: false,
                qualifies: None,
                qualifier: None,
                admin_suffix: None,
                polity_cue: false,
            });
        }
        self.filter(text, out, layers)
    }

    fn entity_at(layers: &Layers<'_>, start: usize, end: usize) -> Option<EntityLabel> {
        let es = layers.entities;
        let i = es.partition_point(|e| e.span.end() <= start);
        es.get(i)
            .filter(|e| e.span.start() < end && start < e.span.end())
            .map(|e| e.label)
    }

    fn upos_at(layers: &Layers<'_>, start: usize) -> Option<Upos> {
        let ts = layers.tokens;
        let i = ts.partition_point(|t| t.span.end() <= start);
        ts.get(i)
            .filter(|t| t.span.start() <= start)
            .and_then(|t| t.upos)
    }

    fn prominent(&self, cands: &[Posting]) -> bool {
        cands.iter().any(|p| {
            let e = self.gaz.entry(p.entry);
            e.curated
                || !matches!(e.feature, Feature::City | Feature::Adm1)
                || e.population >= 100_000
        })
    }

    fn filter(&self, text: &str, ms: Vec<Mention>, layers: Layers<'_>) -> Vec<Mention> {
        let n = ms.len();
        // Qualifier pairs: "A, B" with nothing else between.
        // A list ("Washington, New York and Boston") is no qualifier: the
        // second name is followed by ", " or "and"/"or" and a third name.
        let sep = |i: usize| -> &str { &text[ms[i].end..ms[i + 1].start] };
        let listed = |i: usize| -> bool {
            i + 1 < n && {
                let b = sep(i).trim_matches(' ');
                b == "," || b == "and" || b == "or" || b == ", and" || b == ", or"
            }
        };
        let pair_next: Vec<bool> = (0..n)
            .map(|i| {
                i + 1 < n && {
                    let between = sep(i);
                    between.trim_start().starts_with(',')
                        && between.trim_matches([',', ' ']).is_empty()
                        && !listed(i + 1)
                }
            })
            .collect();
        // Names used as part of a longer capitalised name somewhere in the
        // document ("Maria Diaz") are taken as people's names everywhere
        // ("Diaz said"), unless prominent.
        let personish: HashSet<&str> = ms
            .iter()
            .filter(|m| {
                !m.key.contains([' ', '-'])
                    && !self.prominent(&m.cands)
                    && glued_before(text, m.start)
            })
            .map(|m| m.key.as_str())
            .collect();
        let personish: HashSet<String> = personish.into_iter().map(str::to_string).collect();
        let mut kept: Vec<Mention> = Vec::with_capacity(n);
        let mut kept_index: Vec<Option<usize>> = vec![None; n];
        for (i, mut m) in ms.into_iter().enumerate() {
            let qualified = i > 0 && pair_next[i - 1] && kept_index[i - 1].is_some();
            let qualifying = pair_next.get(i).copied().unwrap_or(false);
            let label = Self::entity_at(&layers, m.start, m.end);
            match label {
                Some(EntityLabel::Person) => continue,
                Some(EntityLabel::Gpe | EntityLabel::Loc) => m.evidence = true,
                Some(EntityLabel::Org | EntityLabel::Fac | EntityLabel::Event)
                    if !self.prominent(&m.cands) =>
                {
                    continue;
                }
                _ => {}
            }
            let upos = Self::upos_at(&layers, m.start);
            if upos == Some(Upos::Propn) {
                m.evidence = true;
            }
            // Qualifier-only names need "Place, X".
            if !qualified {
                m.cands.retain(|p| p.kind != NameKind::Qualifier);
            }
            // Adjectives must modify a following word ("Russian troops",
            // "Ukrainian-controlled").
            let after = &text[m.end..];
            let modifies = after.starts_with('-')
                && first_char(&after[1..]).is_some_and(|c| c.is_alphabetic())
                || next_word(text, m.end)
                    .is_some_and(|(_, w)| first_char(w).is_some_and(|c| c.is_alphabetic()))
                    && after.starts_with([' ', '\u{a0}']);
            // "English language", "in Russian translation": a language.
            let language = next_word(text, m.end)
                .is_some_and(|(_, w)| LANGUAGE_NOUNS.contains(&w.to_lowercase().as_str()));
            if !modifies || language {
                m.cands.retain(|p| p.kind != NameKind::Adjective);
            }
            let surface = &text[m.start..m.end];
            let all_caps = surface.chars().all(|c| !c.is_lowercase());
            // Acronyms ("CAR", "UAE") only in capitals ("Car" is a car).
            if !all_caps {
                m.cands.retain(|p| p.kind != NameKind::Acronym);
            }
            // Short capitals ("CNN", "UN") are codes or acronyms: only
            // curated names and non-city places.
            if all_caps && surface.chars().filter(|c| c.is_alphabetic()).count() <= 4 && !qualified
            {
                m.cands.retain(|p| {
                    let e = self.gaz.entry(p.entry);
                    e.curated || e.feature != Feature::City && p.kind != NameKind::Alternate
                });
            }
            if m.cands.is_empty() {
                continue;
            }
            let single = !m.key.contains([' ', '-']);
            // Only another place's alternate name ("Riverdale" for Glendale):
            // too weak alone.
            if !m.evidence
                && m.cands.iter().all(|p| {
                    p.kind == NameKind::Alternate && self.gaz.entry(p.entry).population < 100_000
                })
            {
                continue;
            }
            let prev = prev_word(text, m.start);
            let prev_is_loc = prev.is_some_and(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "in" | "at"
                        | "near"
                        | "from"
                        | "to"
                        | "outside"
                        | "across"
                        | "into"
                        | "of"
                        | "around"
                )
            });
            let evidence = m.evidence || qualified || qualifying;
            if single && !evidence {
                let key = m.key.as_str();
                let adjective_only = m.cands.iter().all(|p| p.kind == NameKind::Adjective);
                let minor = m.cands.iter().all(|p| {
                    let e = self.gaz.entry(p.entry);
                    !e.curated && matches!(e.feature, Feature::City | Feature::Adm1)
                });
                if COMMON.contains(&key) && !adjective_only && minor {
                    continue;
                }
                if matches!(
                    upos,
                    Some(
                        Upos::Noun
                            | Upos::Verb
                            | Upos::Adv
                            | Upos::Adp
                            | Upos::Pron
                            | Upos::Det
                            | Upos::Aux
                    )
                ) && !adjective_only
                {
                    continue;
                }
                let prominent = self.prominent(&m.cands);
                if PERSONAL.contains(&key) && !prominent && !prev_is_loc {
                    continue;
                }
                if !prominent && !prev_is_loc && personish.contains(key) {
                    continue;
                }
                let speech = next_word(text, m.end)
                    .is_some_and(|(_, w)| SPEECH.contains(&w.to_lowercase().as_str()));
                if !prominent && speech {
                    continue;
                }
                // Part of a longer capitalised name (a person, an
                // organisation): keep only prominent places.
                let glued_before = glued_before(text, m.start);
                let glued_after = after.starts_with(' ')
                    && next_word(text, m.end).is_some_and(|(_, w)| is_cap_word(w));
                let personal_glue =
                    PERSONAL.contains(&key) && (glued_before || glued_after) && !all_caps;
                if (glued_before || glued_after) && !prominent && !all_caps
                    || personal_glue
                        && !m.cands.iter().any(|p| {
                            !matches!(
                                self.gaz.entry(p.entry).feature,
                                Feature::City | Feature::Adm1
                            )
                        })
                {
                    continue;
                }
            }
            // Cues after the name.
            if let Some((ws, w)) = next_word(text, m.end) {
                let lw = w.to_lowercase();
                // "Kursk region", "Kursk Oblast", "Sokoto State"; not
                // "Mississippi State" (a US university or team).
                let us_state = w == "State"
                    && m.cands
                        .iter()
                        .any(|p| self.gaz.entry(p.entry).country == Some(*b"US"));
                if ADMIN_SUFFIX.contains(&lw.as_str())
                    && !us_state
                    && text[m.end..ws].chars().all(|c| c == ' ')
                {
                    m.admin_suffix = Some(ws + w.len());
                }
            }
            if let Some(rest) = after
                .strip_prefix("'s ")
                .or_else(|| after.strip_prefix("’s "))
            {
                if let Some((_, w)) = next_word(rest, 0) {
                    if POLITY_CUES.contains(&w.to_lowercase().as_str()) {
                        m.polity_cue = true;
                    }
                }
            }
            // "Republic of Armenia", "Kingdom of Bahrain".
            if m.cands
                .iter()
                .any(|p| self.gaz.entry(p.entry).feature == Feature::Country)
            {
                for prefix in ["Republic of ", "Kingdom of "] {
                    if text[..m.start].ends_with(prefix) {
                        m.start -= prefix.len();
                        m.cands
                            .retain(|p| self.gaz.entry(p.entry).feature == Feature::Country);
                        break;
                    }
                }
            }
            if qualified {
                let q = kept.len();
                if let Some(j) = kept_index[i - 1] {
                    m.qualifies = Some(j);
                    kept[j].qualifier = Some(q);
                }
            }
            m.evidence = evidence;
            kept_index[i] = Some(kept.len());
            kept.push(m);
        }
        kept
    }

    fn prior(&self, p: Posting, m: &Mention) -> f64 {
        let e = self.gaz.entry(p.entry);
        let pop = ln1(e.population as f64);
        let mut s = match e.feature {
            Feature::Country => pop + 3.0,
            Feature::Continent => pop + 1.0,
            // An ADM1 named like a big city of its country ("Kursk", "New
            // York", "Washington"): the bare name usually means the city.
            Feature::Adm1
                if m.cands.iter().any(|c| {
                    let ce = self.gaz.entry(c.entry);
                    ce.feature == Feature::City
                        && ce.country == e.country
                        && (ce.population >= 100_000 || self.gaz.is_within(c.entry, p.entry))
                }) =>
            {
                pop - self.tuning.adm1_penalty
            }
            Feature::Adm1 => pop,
            Feature::Region | Feature::Sea => pop + 1.0,
            Feature::City => pop,
        };
        if e.curated {
            s += 1.0;
        }
        if p.kind == NameKind::Adjective && e.feature == Feature::City {
            s -= 2.0;
        }
        if p.kind == NameKind::Alternate {
            s -= self.tuning.alt_penalty;
        }
        if m.admin_suffix.is_some() {
            s += match e.feature {
                Feature::Adm1 | Feature::Region => 8.0,
                _ => 0.0,
            };
        }
        if m.polity_cue {
            s += match e.feature {
                Feature::Country => 5.0,
                Feature::Continent | Feature::Region | Feature::Adm1 => 1.0,
                _ => 0.0,
            };
        }
        s
    }

    fn resolve(&self, text: &str, ms: &mut [Mention]) -> Vec<Place> {
        let gaz = self.gaz;
        // Pass 1: priors and local cues.
        let mut scores: Vec<Vec<f64>> = ms
            .iter()
            .map(|m| m.cands.iter().map(|&p| self.prior(p, m)).collect())
            .collect();
        let argmax = |s: &[f64]| -> usize {
            let mut b = 0;
            for (i, &x) in s.iter().enumerate() {
                if x > s[b] {
                    b = i;
                }
            }
            b
        };
        // Document context: countries and ADM1s chosen in pass 1.
        let mut cc_votes: HashMap<[u8; 2], f64> = HashMap::new();
        let mut adm1_votes: HashMap<u32, f64> = HashMap::new();
        let mut own: Vec<(Option<[u8; 2]>, f64, Option<u32>)> = Vec::with_capacity(ms.len());
        // A dateline ("KYIV, Ukraine (AP) —", "LONDON —") weighs like
        // several mentions.
        let dateline = ms.first().is_some_and(|m| is_dateline(text, m));
        for (k, (m, s)) in ms.iter().zip(&scores).enumerate() {
            let b = argmax(s);
            let e = gaz.entry(m.cands[b].entry);
            let w = if k == 0 && dateline {
                3.0
            } else if e.feature == Feature::Country {
                1.5
            } else {
                1.0
            };
            if let Some(cc) = e.country {
                *cc_votes.entry(cc).or_default() += w;
            }
            let a1 = match (e.feature, &e.admin1) {
                (Feature::Adm1, _) => Some(m.cands[b].entry),
                (_, crate::gazetteer::Admin1::Entry(i)) => Some(*i),
                _ => None,
            };
            if let Some(a) = a1 {
                *adm1_votes.entry(a).or_default() += 1.0;
            }
            own.push((e.country, w, a1));
        }
        // Pass 2: context.
        let total: f64 = cc_votes.values().sum();
        for (k, (m, s)) in ms.iter().zip(scores.iter_mut()).enumerate() {
            let (occ, ow, oa1) = own[k];
            for (p, x) in m.cands.iter().zip(s.iter_mut()) {
                let e = gaz.entry(p.entry);
                if let Some(cc) = e.country {
                    let v = cc_votes.get(&cc).copied().unwrap_or(0.0)
                        - if occ == Some(cc) { ow } else { 0.0 };
                    let others = total - if occ.is_some() { ow } else { 0.0 };
                    if others > 0.0 {
                        *x += self.tuning.country_context * v / others;
                    }
                }
                let a1 = match (e.feature, &e.admin1) {
                    (Feature::Adm1, _) => Some(p.entry),
                    (_, crate::gazetteer::Admin1::Entry(i)) => Some(*i),
                    _ => None,
                };
                if let Some(a) = a1 {
                    let v = adm1_votes.get(&a).copied().unwrap_or(0.0)
                        - if oa1 == Some(a) { 1.0 } else { 0.0 };
                    *x += self.tuning.adm1_context * ln1(v);
                }
            }
        }
        let mut choice: Vec<usize> = scores.iter().map(|s| argmax(s)).collect();
        // One sense per name in a document, unless a qualifier says otherwise.
        let mut groups: HashMap<&str, HashMap<u32, f64>> = HashMap::new();
        for (m, s) in ms.iter().zip(&scores) {
            if m.qualifier.is_some() {
                continue;
            }
            let g = groups.entry(m.key.as_str()).or_default();
            for (p, &x) in m.cands.iter().zip(s) {
                *g.entry(p.entry).or_default() += x;
            }
        }
        for (k, m) in ms.iter().enumerate() {
            if m.qualifier.is_some() || m.qualifies.is_some() {
                continue;
            }
            if let Some(g) = groups.get(m.key.as_str()) {
                let best = m
                    .cands
                    .iter()
                    .enumerate()
                    .max_by(|a, b| {
                        let va = g.get(&a.1.entry).copied().unwrap_or(f64::MIN);
                        let vb = g.get(&b.1.entry).copied().unwrap_or(f64::MIN);
                        va.total_cmp(&vb).then(b.0.cmp(&a.0))
                    })
                    .map(|(i, _)| i);
                if let Some(b) = best {
                    choice[k] = b;
                }
            }
        }
        // Qualifier pairs: choose jointly, requiring containment.
        for a in 0..ms.len() {
            let Some(q) = ms[a].qualifier else { continue };
            let mut best: Option<(f64, usize, usize)> = None;
            for (i, pa) in ms[a].cands.iter().enumerate() {
                for (j, pb) in ms[q].cands.iter().enumerate() {
                    if pa.kind != NameKind::Alternate && gaz.is_within(pa.entry, pb.entry) {
                        let v = scores[a][i] + scores[q][j];
                        if best.is_none_or(|(bv, _, _)| v > bv) {
                            best = Some((v, i, j));
                        }
                    }
                }
            }
            if let Some((_, i, j)) = best {
                choice[a] = i;
                choice[q] = j;
                scores[a][i] += 10.0;
                scores[q][j] += 10.0;
            }
        }
        // A qualified mention fixes the sense of the same name elsewhere
        // ("PARIS, Texas — ... the mayor of Paris").
        let mut fixed: HashMap<&str, u32> = HashMap::new();
        for (k, m) in ms.iter().enumerate() {
            if m.qualifier.is_some() {
                fixed
                    .entry(m.key.as_str())
                    .or_insert(m.cands[choice[k]].entry);
            }
        }
        for (k, m) in ms.iter().enumerate() {
            if m.qualifier.is_none() && m.qualifies.is_none() {
                if let Some(&e) = fixed.get(m.key.as_str()) {
                    if let Some(i) = m.cands.iter().position(|p| p.entry == e) {
                        choice[k] = i;
                        scores[k][i] = scores[k].iter().copied().fold(f64::MIN, f64::max) + 1.0;
                    }
                }
            }
        }
        // Places.
        let mut places = Vec::with_capacity(ms.len());
        for (k, m) in ms.iter().enumerate() {
            let s = &scores[k];
            let c = choice[k];
            let p = m.cands[c];
            let e = gaz.entry(p.entry);
            let max = s.iter().copied().fold(f64::MIN, f64::max);
            let z: f64 = s.iter().map(|x| (x - max).exp()).sum();
            let prob = (s[c] - max).exp() / z;
            let recog = if m.evidence || !m.key.contains(' ') && e.feature != Feature::City {
                0.95
            } else if m.key.contains(' ') {
                0.9
            } else {
                0.8
            };
            let end = match m.admin_suffix {
                Some(e2) if matches!(e.feature, Feature::Adm1 | Feature::Region) => e2,
                _ => m.end,
            };
            let admin1 = if e.feature == Feature::Adm1 {
                Some(e.name.to_string())
            } else {
                gaz.admin1_name(e).map(str::to_string)
            };
            places.push(Place {
                span: Span::from_trusted(m.start, end.min(text.len())),
                name: e.name.to_string(),
                geonames_id: e.geonames_id,
                feature: e.feature.as_str().to_string(),
                country: e.country_str().map(str::to_string),
                admin1,
                lat: f64::from(e.lat),
                lon: f64::from(e.lon),
                confidence: (prob * recog) as f32,
            });
        }
        places
    }
}
