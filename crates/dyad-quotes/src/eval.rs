//! The attribution scorer (PolNeAR layout).
//!
//! A role's value (source, cue or content) is the set of code points of its
//! fragments that are not whitespace. Per role, gold and predicted values are
//! matched one-to-one: *exact* pairs have identical sets, *overlap* pairs
//! share at least one character (pairs are formed greedily, largest shared
//! count first). Empty values (an attribution without a source) are not
//! counted for the role.
//!
//! Attributions are paired one-to-one by content overlap (greedy, largest
//! shared count first). A pair counts as an *overlap* match when all three
//! roles overlap, and as an *exact* match when all three are identical; a
//! role that is empty on both sides agrees, empty on one side only does not.
//! The breakdown by kind classifies each content (gold and predicted alike)
//! from its own text: no quote marks → indirect, opening and closing with
//! quote marks → direct, otherwise mixed.

use std::fmt;
use std::path::Path;

use dyad_doc::{Quote, QuoteKind};

use crate::brat::{BratError, GoldArticle, GoldAttribution, read_dir};

/// A role value: sorted code-point indices of non-whitespace characters.
type CharSet = Vec<u32>;

/// Counts for one role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleCounts {
    /// Gold values.
    pub gold: usize,
    /// Predicted values.
    pub pred: usize,
    /// One-to-one pairs with identical character sets.
    pub exact: usize,
    /// One-to-one pairs sharing a character.
    pub overlap: usize,
}

/// Counts for attribution-level matching.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttCounts {
    /// Gold attributions.
    pub gold: usize,
    /// Predicted attributions.
    pub pred: usize,
    /// Content-overlap pairs where all three roles overlap.
    pub overlap: usize,
    /// Content-overlap pairs where all three roles are exact.
    pub exact: usize,
}

/// The scorer's result over a set of articles. `Display` prints the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttributionReport {
    /// Articles scored.
    pub articles: usize,
    /// Source role.
    pub source: RoleCounts,
    /// Cue role.
    pub cue: RoleCounts,
    /// Content role.
    pub content: RoleCounts,
    /// All attributions.
    pub all: AttCounts,
    /// Attributions with direct content (kind from the content's text).
    pub direct: AttCounts,
    /// Attributions with mixed content.
    pub mixed: AttCounts,
    /// Attributions with indirect content.
    pub indirect: AttCounts,
}

/// Precision, recall and F1 in percent.
pub fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 {
        0.0
    } else {
        100.0 * tp as f64 / pred as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        100.0 * tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl RoleCounts {
    /// Exact-match (P, R, F1).
    pub fn exact_prf(&self) -> (f64, f64, f64) {
        prf(self.exact, self.pred, self.gold)
    }
    /// Overlap-match (P, R, F1).
    pub fn overlap_prf(&self) -> (f64, f64, f64) {
        prf(self.overlap, self.pred, self.gold)
    }
    fn add(&mut self, o: RoleCounts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.exact += o.exact;
        self.overlap += o.overlap;
    }
}

impl AttCounts {
    /// Overlap-match (P, R, F1).
    pub fn overlap_prf(&self) -> (f64, f64, f64) {
        prf(self.overlap, self.pred, self.gold)
    }
    /// Exact-match (P, R, F1).
    pub fn exact_prf(&self) -> (f64, f64, f64) {
        prf(self.exact, self.pred, self.gold)
    }
}

impl AttributionReport {
    /// Add another report's counts to this one.
    pub fn merge(&mut self, o: &AttributionReport) {
        self.articles += o.articles;
        self.source.add(o.source);
        self.cue.add(o.cue);
        self.content.add(o.content);
        for (a, b) in [
            (&mut self.all, o.all),
            (&mut self.direct, o.direct),
            (&mut self.mixed, o.mixed),
            (&mut self.indirect, o.indirect),
        ] {
            a.gold += b.gold;
            a.pred += b.pred;
            a.overlap += b.overlap;
            a.exact += b.exact;
        }
    }
}

fn fmt3(t: (f64, f64, f64)) -> String {
    format!("{:6.1} {:6.1} {:6.1}", t.0, t.1, t.2)
}

impl fmt::Display for AttributionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "articles {}  gold attributions {}  predicted {}",
            self.articles, self.all.gold, self.all.pred
        )?;
        writeln!(
            f,
            "{:<20} {:>5} {:>5}   {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}",
            "role", "gold", "pred", "ex.P", "ex.R", "ex.F1", "ov.P", "ov.R", "ov.F1"
        )?;
        for (name, r) in [
            ("source", &self.source),
            ("cue", &self.cue),
            ("content", &self.content),
        ] {
            writeln!(
                f,
                "{:<20} {:>5} {:>5}   {}   {}",
                name,
                r.gold,
                r.pred,
                fmt3(r.exact_prf()),
                fmt3(r.overlap_prf())
            )?;
        }
        for (name, a) in [
            ("attribution", &self.all),
            ("  direct", &self.direct),
            ("  mixed", &self.mixed),
            ("  indirect", &self.indirect),
        ] {
            writeln!(
                f,
                "{:<20} {:>5} {:>5}   {}   {}",
                name,
                a.gold,
                a.pred,
                fmt3(a.exact_prf()),
                fmt3(a.overlap_prf())
            )?;
        }
        Ok(())
    }
}

/// An attribution as character sets, with its content kind.
#[derive(Debug, Clone)]
struct Sets {
    source: CharSet,
    cue: CharSet,
    content: CharSet,
    kind: QuoteKind,
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Kind of a content from its text (fragments joined by a space): indirect
/// without quote marks, direct when it opens and closes with quote marks
/// (ignoring surrounding punctuation), mixed otherwise. Two apostrophes
/// (`''`, New York Times style) are one double quote mark, as the stage's
/// quote pairing reads them.
pub fn content_kind(fragments: &[&str]) -> QuoteKind {
    let mut any = false;
    let mut all_direct = true;
    for frag in fragments {
        let doubled;
        let frag = if frag.contains("''") {
            doubled = frag.replace("''", "\"");
            doubled.as_str()
        } else {
            frag
        };
        let t = frag.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '—' | '–' | '-')
        });
        let n = t.chars().filter(|&c| is_quote_mark(c)).count();
        if n > 0 {
            any = true;
        }
        let opens = t.chars().next().is_some_and(is_quote_mark);
        let closes = t.chars().next_back().is_some_and(is_quote_mark);
        if !(opens && closes && t.chars().count() > 1) {
            all_direct = false;
        }
    }
    if !any {
        QuoteKind::Indirect
    } else if all_direct {
        QuoteKind::Direct
    } else {
        QuoteKind::Mixed
    }
}

/// Character-set form of a list of code-point ranges.
fn char_set(chars: &[char], frags: &[(usize, usize)]) -> CharSet {
    let mut v: Vec<u32> = Vec::new();
    for &(a, b) in frags {
        let b = b.min(chars.len());
        for (i, c) in chars.iter().enumerate().take(b).skip(a) {
            if !c.is_whitespace() {
                v.push(i as u32);
            }
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

fn frag_texts(chars: &[char], frags: &[(usize, usize)]) -> Vec<String> {
    frags
        .iter()
        .map(|&(a, b)| {
            chars[a.min(chars.len())..b.min(chars.len())]
                .iter()
                .collect()
        })
        .collect()
}

fn gold_sets(chars: &[char], g: &GoldAttribution) -> Sets {
    let texts = frag_texts(chars, &g.content);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    Sets {
        source: char_set(chars, &g.source),
        cue: char_set(chars, &g.cue),
        content: char_set(chars, &g.content),
        kind: content_kind(&refs),
    }
}

/// Number of shared elements of two sorted sets.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Greedy one-to-one pairing by largest positive weight; ties by index.
fn greedy_pairs(gold: &[&CharSet], pred: &[&CharSet]) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in pred.iter().enumerate() {
            // Quick reject on ranges before counting.
            if g.is_empty() || p.is_empty() || g[g.len() - 1] < p[0] || p[p.len() - 1] < g[0] {
                continue;
            }
            let w = shared(g, p);
            if w > 0 {
                cands.push((w, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gu = vec![false; gold.len()];
    let mut pu = vec![false; pred.len()];
    let mut out = Vec::new();
    for (_, i, j) in cands {
        if !gu[i] && !pu[j] {
            gu[i] = true;
            pu[j] = true;
            out.push((i, j));
        }
    }
    out
}

fn role_counts(gold: &[&CharSet], pred: &[&CharSet]) -> RoleCounts {
    let g: Vec<&CharSet> = gold.iter().copied().filter(|s| !s.is_empty()).collect();
    let p: Vec<&CharSet> = pred.iter().copied().filter(|s| !s.is_empty()).collect();
    // Exact: multiset intersection.
    let mut gs: Vec<&CharSet> = g.clone();
    let mut ps: Vec<&CharSet> = p.clone();
    gs.sort();
    ps.sort();
    let (mut i, mut j, mut exact) = (0, 0, 0);
    while i < gs.len() && j < ps.len() {
        match gs[i].cmp(ps[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                exact += 1;
                i += 1;
                j += 1;
            }
        }
    }
    RoleCounts {
        gold: g.len(),
        pred: p.len(),
        exact,
        overlap: greedy_pairs(&g, &p).len(),
    }
}

fn agree(g: &CharSet, p: &CharSet, exact: bool) -> bool {
    match (g.is_empty(), p.is_empty()) {
        (true, true) => true,
        (false, false) => {
            if exact {
                g == p
            } else {
                shared(g, p) > 0
            }
        }
        _ => false,
    }
}

fn score_sets(gold: &[Sets], pred: &[Sets]) -> AttributionReport {
    let mut r = AttributionReport {
        articles: 1,
        ..Default::default()
    };
    let role = |f: fn(&Sets) -> &CharSet| {
        let g: Vec<&CharSet> = gold.iter().map(f).collect();
        let p: Vec<&CharSet> = pred.iter().map(f).collect();
        role_counts(&g, &p)
    };
    r.source = role(|s| &s.source);
    r.cue = role(|s| &s.cue);
    r.content = role(|s| &s.content);
    r.all.gold = gold.len();
    r.all.pred = pred.len();
    for g in gold {
        kind_counts(&mut r, g.kind).gold += 1;
    }
    for p in pred {
        kind_counts(&mut r, p.kind).pred += 1;
    }
    let gc: Vec<&CharSet> = gold.iter().map(|s| &s.content).collect();
    let pc: Vec<&CharSet> = pred.iter().map(|s| &s.content).collect();
    for (i, j) in greedy_pairs(&gc, &pc) {
        let (g, p) = (&gold[i], &pred[j]);
        let ov = agree(&g.source, &p.source, false)
            && agree(&g.cue, &p.cue, false)
            && agree(&g.content, &p.content, false);
        let ex = agree(&g.source, &p.source, true)
            && agree(&g.cue, &p.cue, true)
            && agree(&g.content, &p.content, true);
        if ov {
            r.all.overlap += 1;
        }
        if ex {
            r.all.exact += 1;
        }
        // By kind: a pair counts for a kind when both sides have that kind.
        if g.kind == p.kind {
            let k = kind_counts(&mut r, g.kind);
            k.overlap += usize::from(ov);
            k.exact += usize::from(ex);
        }
    }
    r
}

fn kind_counts(r: &mut AttributionReport, k: QuoteKind) -> &mut AttCounts {
    match k {
        QuoteKind::Direct => &mut r.direct,
        QuoteKind::Mixed => &mut r.mixed,
        QuoteKind::Indirect => &mut r.indirect,
    }
}

/// Convert predicted quotes (byte spans into `text`) to character sets.
fn pred_sets(text: &str, chars: &[char], quotes: &[Quote]) -> Vec<Sets> {
    // byte offset -> char index
    let mut b2c = vec![0u32; text.len() + 1];
    let mut ci = 0u32;
    for (b, c) in text.char_indices() {
        for x in b2c.iter_mut().skip(b).take(c.len_utf8()) {
            *x = ci;
        }
        ci += 1;
    }
    b2c[text.len()] = ci;
    let conv = |spans: &[dyad_doc::Span]| -> Vec<(usize, usize)> {
        spans
            .iter()
            .filter(|s| s.end() <= text.len())
            .map(|s| (b2c[s.start()] as usize, b2c[s.end()] as usize))
            .collect()
    };
    quotes
        .iter()
        .map(|q| {
            let content = conv(&q.content);
            let texts = frag_texts(chars, &content);
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            Sets {
                source: char_set(chars, &conv(&q.source)),
                cue: char_set(chars, &conv(&q.cue)),
                content: char_set(chars, &content),
                kind: content_kind(&refs),
            }
        })
        .collect()
}

/// Score one article: gold attributions (code-point ranges) against
/// predicted quotes (byte spans into `text`).
pub fn score_article(text: &str, gold: &[GoldAttribution], pred: &[Quote]) -> AttributionReport {
    let chars: Vec<char> = text.chars().collect();
    let g: Vec<Sets> = gold.iter().map(|a| gold_sets(&chars, a)).collect();
    let p = pred_sets(text, &chars, pred);
    score_sets(&g, &p)
}

/// Score an extractor over already-read articles.
pub fn eval_articles<F>(articles: &[GoldArticle], mut extract: F) -> AttributionReport
where
    F: FnMut(&str) -> Vec<Quote>,
{
    let mut total = AttributionReport::default();
    for a in articles {
        let pred = extract(&a.text);
        total.merge(&score_article(&a.text, &a.attributions, &pred));
    }
    total
}

/// Score an extractor over a PolNeAR compartment directory (`dir/text`,
/// `dir/attributions`, `dir/../metadata.tsv`). `extract` maps an article's
/// text to predicted quotes with byte spans into that text.
pub fn eval_attribution<F>(dir: &Path, extract: F) -> Result<AttributionReport, BratError>
where
    F: FnMut(&str) -> Vec<Quote>,
{
    let articles = read_dir(dir)?;
    Ok(eval_articles(&articles, extract))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::Span;

    fn q(text: &str, source: &str, cue: &str, content: &[&str]) -> Quote {
        let find = |s: &str| -> Vec<Span> {
            if s.is_empty() {
                return vec![];
            }
            let i = text.find(s).expect("test substring");
            vec![Span::from_trusted(i, i + s.len())]
        };
        Quote {
            kind: QuoteKind::Indirect,
            content: content.iter().flat_map(|c| find(c)).collect(),
            cue: find(cue),
            source: find(source),
            speaker: None,
            sentence: 0,
        }
    }

    fn g(text: &str, source: &str, cue: &str, content: &str) -> GoldAttribution {
        // Code-point ranges of the first occurrence.
        let find = |s: &str| -> Vec<(usize, usize)> {
            if s.is_empty() {
                return vec![];
            }
            let b = text.find(s).expect("test substring");
            let a = text[..b].chars().count();
            vec![(a, a + s.chars().count())]
        };
        GoldAttribution {
            source: find(source),
            cue: find(cue),
            content: find(content),
        }
    }

    #[test]
    fn kinds() {
        let cases: &[(&[&str], QuoteKind)] = &[
            (&["that it was over"], QuoteKind::Indirect),
            (&["“It is over,”"], QuoteKind::Direct),
            (&["\"It is over.\""], QuoteKind::Direct),
            (&["“It is time,”", "“to end this war.”"], QuoteKind::Direct),
            (&["that it was “over”"], QuoteKind::Mixed),
            (&["“It is over,” and more"], QuoteKind::Mixed),
            (&["``It is over,''"], QuoteKind::Mixed),
            (&["''It is over,''"], QuoteKind::Direct),
            (&["that it was ''over''"], QuoteKind::Mixed),
            (&["that it wasn't over"], QuoteKind::Indirect),
        ];
        for (frags, k) in cases {
            assert_eq!(content_kind(frags), *k, "{frags:?}");
        }
    }

    /// Hand-made article with known counts.
    #[test]
    fn known_numbers() {
        let text = "Trump said that the war must end. “We will win,” Zelensky wrote. \
                    Peskov told reporters the talks went well.";
        let gold = vec![
            g(text, "Trump", "said", "that the war must end"),
            g(text, "Zelensky", "wrote", "“We will win,”"),
            g(text, "Peskov", "told", "the talks went well"),
        ];
        let pred = vec![
            // all exact
            q(text, "Trump", "said", &["that the war must end"]),
            // content overlaps, not exact; source & cue exact
            q(text, "Zelensky", "wrote", &["We will win"]),
            // cue differs (overlaps), content exact, source missing
            q(text, "", "told reporters", &["the talks went well"]),
            // spurious
            q(text, "Peskov", "", &["reporters"]),
        ];
        let r = score_article(text, &gold, &pred);
        // Source: gold 3, pred 3 non-empty (Trump, Zelensky, Peskov); all exact.
        assert_eq!(
            r.source,
            RoleCounts {
                gold: 3,
                pred: 3,
                exact: 3,
                overlap: 3
            }
        );
        // Cue: pred 3 non-empty; exact said, wrote; overlap also told.
        assert_eq!(
            r.cue,
            RoleCounts {
                gold: 3,
                pred: 3,
                exact: 2,
                overlap: 3
            }
        );
        // Content: 4 predicted; exact 2; overlap 3.
        assert_eq!(
            r.content,
            RoleCounts {
                gold: 3,
                pred: 4,
                exact: 2,
                overlap: 3
            }
        );
        // Attributions: pairs (1,1) all exact; (2,2) all overlap; (3,3)
        // source missing -> no.
        assert_eq!(r.all.gold, 3);
        assert_eq!(r.all.pred, 4);
        assert_eq!(r.all.overlap, 2);
        assert_eq!(r.all.exact, 1);
        // Direct: gold 1 (Zelensky); pred "We will win" is indirect by text.
        assert_eq!((r.direct.gold, r.direct.pred, r.direct.overlap), (1, 0, 0));
        assert_eq!((r.indirect.gold, r.indirect.pred), (2, 4));
        assert_eq!(r.indirect.overlap, 1);
        let (p, rc, f) = r.all.overlap_prf();
        assert!((p - 50.0).abs() < 1e-9 && (rc - 200.0 / 3.0).abs() < 1e-9);
        assert!((f - 2.0 * 50.0 * (200.0 / 3.0) / (50.0 + 200.0 / 3.0)).abs() < 1e-9);
        let shown = r.to_string();
        assert!(shown.contains("attribution"), "{shown}");
    }

    #[test]
    fn whitespace_ignored_and_non_ascii_offsets() {
        // Curly quotes are multi-byte: byte spans must map to code points.
        let text = "“Ça va,” dit-il. He said  it was fine.";
        let gold = vec![g(text, "He", "said", "it was fine")];
        // Prediction includes trailing whitespace: same non-whitespace set.
        let mut p = q(text, "He", "said", &["it was fine"]);
        let i = text.find("  it").unwrap();
        p.content = vec![Span::from_trusted(i, i + "  it was fine".len())];
        let r = score_article(text, &gold, &[p]);
        assert_eq!(r.content.exact, 1);
        assert_eq!(r.all.exact, 1);
    }

    #[test]
    fn one_to_one() {
        // Two predictions overlapping the same gold content: only one pairs.
        let text = "He said the plan was good and the budget was bad.";
        let gold = vec![g(
            text,
            "He",
            "said",
            "the plan was good and the budget was bad",
        )];
        let pred = vec![
            q(text, "He", "said", &["the plan was good"]),
            q(text, "He", "said", &["the budget was bad"]),
        ];
        let r = score_article(text, &gold, &pred);
        assert_eq!(r.content.overlap, 1);
        assert_eq!(r.all.overlap, 1);
        assert_eq!(r.all.pred, 2);
        assert_eq!(r.source.exact, 1, "multiset: one gold 'He' matches once");
    }
}
