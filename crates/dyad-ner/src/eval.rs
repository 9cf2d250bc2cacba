//! Exact-span entity scoring.
//!
//! Semantics (the same in `scripts/bench/spacy_compare.py`, which hands
//! spaCy's output to this scorer): a predicted entity is correct when its
//! character span equals a gold span exactly and its scoring class is the
//! same. Scoring classes: PERSON; ORG; GPE+LOC (GPE, LOC and FAC merged,
//! since re3d's `Location` and UNER's `LOC` both cover countries, cities,
//! regions and buildings); NORP. A class is scored on a data set only when
//! the gold of that set has it (UNER has no NORP, so NORP predictions are
//! ignored there). EVENT is never scored. The headline figure is the
//! micro-average over PERSON, ORG and GPE+LOC.

use std::collections::HashSet;
use std::fmt;

use dyad_doc::{EntityLabel, Span};

use crate::data::GoldDoc;
use crate::model::Ner;

/// Names of the scoring classes, in report order.
pub const CLASSES: [&str; 4] = ["PERSON", "ORG", "GPE+LOC", "NORP"];

/// The scoring class of a label (index into [`CLASSES`]).
pub fn score_class(l: EntityLabel) -> Option<usize> {
    match l {
        EntityLabel::Person => Some(0),
        EntityLabel::Org => Some(1),
        EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac => Some(2),
        EntityLabel::Norp => Some(3),
        EntityLabel::Event => None,
    }
}

/// Counts for one class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Exact matches.
    pub tp: usize,
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub pred: usize,
}

impl Counts {
    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        pct(self.tp, self.pred)
    }
    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        pct(self.tp, self.gold)
    }
    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.gold += o.gold;
        self.pred += o.pred;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Exact-span P/R/F1 per scoring class over a data set.
#[derive(Debug, Clone, PartialEq)]
pub struct NerReport {
    /// What was scored ("re3d dev", "UNER EWT dev"…) and by whom.
    pub name: String,
    /// Documents.
    pub docs: usize,
    /// Counts per class of [`CLASSES`].
    pub counts: [Counts; 4],
    /// Whether each class is scored on this set.
    pub scored: [bool; 4],
}

impl NerReport {
    /// Micro-averaged counts over PERSON, ORG and GPE+LOC (the headline).
    pub fn headline(&self) -> Counts {
        let mut c = Counts::default();
        for k in 0..3 {
            if self.scored[k] {
                c.add(self.counts[k]);
            }
        }
        c
    }
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({} documents, exact span)", self.name, self.docs)?;
        writeln!(
            f,
            "  {:<22} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "class", "gold", "pred", "P", "R", "F1"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: Counts| {
            writeln!(
                f,
                "  {:<22} {:>6} {:>6} {:>6.1} {:>6.1} {:>6.1}",
                name,
                c.gold,
                c.pred,
                c.precision(),
                c.recall(),
                c.f1()
            )
        };
        for (k, name) in CLASSES.iter().enumerate() {
            if self.scored[k] {
                row(f, name, self.counts[k])?;
            }
        }
        row(f, "PERSON/ORG/GPE+LOC", self.headline())
    }
}

/// Two reports on the same data, side by side (F1 per class, then P/R/F1 of
/// the headline).
pub fn side_by_side(a: &NerReport, b: &NerReport) -> String {
    let mut s = format!(
        "{:<22} {:>30} {:>30}\n",
        "exact-span F1",
        short(&a.name),
        short(&b.name)
    );
    for (k, name) in CLASSES.iter().enumerate() {
        if a.scored[k] {
            s.push_str(&format!(
                "{:<22} {:>30.1} {:>30.1}\n",
                name,
                a.counts[k].f1(),
                b.counts[k].f1()
            ));
        }
    }
    let (ha, hb) = (a.headline(), b.headline());
    s.push_str(&format!(
        "{:<22} {:>30} {:>30}\n",
        "PER/ORG/GPE+LOC P/R/F1",
        format!("{:.1}/{:.1}/{:.1}", ha.precision(), ha.recall(), ha.f1()),
        format!("{:.1}/{:.1}/{:.1}", hb.precision(), hb.recall(), hb.f1())
    ));
    s.push_str(&format!(
        "{:<22} {:>30.1}\n",
        "difference (F1)",
        ha.f1() - hb.f1()
    ));
    s
}

fn short(s: &str) -> &str {
    let n = s.char_indices().nth(30).map(|x| x.0).unwrap_or(s.len());
    &s[..n]
}

/// Score predictions (one list per gold document, same order) against gold.
pub fn score(name: &str, gold: &[GoldDoc], pred: &[Vec<(Span, EntityLabel)>]) -> NerReport {
    let mut scored = [false; 4];
    for d in gold {
        for (_, l) in &d.entities {
            if let Some(k) = score_class(*l) {
                scored[k] = true;
            }
        }
    }
    let mut counts = [Counts::default(); 4];
    let empty = Vec::new();
    for (i, d) in gold.iter().enumerate() {
        let p = pred.get(i).unwrap_or(&empty);
        let g: HashSet<(usize, usize, usize)> = d
            .entities
            .iter()
            .filter_map(|(s, l)| score_class(*l).map(|k| (s.start(), s.end(), k)))
            .collect();
        let mut seen = HashSet::new();
        for (s, l) in p {
            let Some(k) = score_class(*l) else { continue };
            if !scored[k] || !seen.insert((s.start(), s.end(), k)) {
                continue;
            }
            counts[k].pred += 1;
            if g.contains(&(s.start(), s.end(), k)) {
                counts[k].tp += 1;
            }
        }
        for &(_, _, k) in &g {
            counts[k].gold += 1;
        }
    }
    NerReport {
        name: name.to_string(),
        docs: gold.len(),
        counts,
        scored,
    }
}

/// Run the recogniser over each gold document's raw text (dyad's own
/// tokenizer and sentence splitter, not the gold tokens) and score it.
pub fn eval_ner(ner: &Ner, name: &str, gold: &[GoldDoc]) -> NerReport {
    eval_ner_with(ner, name, gold, |_| {})
}

/// [`eval_ner`] with `prepare` run on each tokenized document before the
/// recogniser (for example to add POS tags with dyad-tagger, as the full
/// pipeline does).
pub fn eval_ner_with(
    ner: &Ner,
    name: &str,
    gold: &[GoldDoc],
    prepare: impl Fn(&mut dyad_doc::Doc),
) -> NerReport {
    let pred: Vec<Vec<(Span, EntityLabel)>> = gold
        .iter()
        .map(|d| {
            ner.recognise_with(&d.text, &prepare)
                .into_iter()
                .map(|e| (e.span, e.label))
                .collect()
        })
        .collect();
    score(name, gold, &pred)
}

/// Score predictions given as documents (matched to gold by id; documents
/// missing from `pred` count as predicting nothing). Texts must be equal.
pub fn score_by_id(name: &str, gold: &[GoldDoc], pred: &[GoldDoc]) -> NerReport {
    let by_id: std::collections::HashMap<&str, &GoldDoc> =
        pred.iter().map(|d| (d.id.as_str(), d)).collect();
    let p: Vec<Vec<(Span, EntityLabel)>> = gold
        .iter()
        .map(|g| match by_id.get(g.id.as_str()) {
            Some(d) if d.text == g.text => d.entities.clone(),
            _ => Vec::new(),
        })
        .collect();
    score(name, gold, &p)
}
