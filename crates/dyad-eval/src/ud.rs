//! UD evaluation in the manner of the CoNLL 2018 shared task.
//!
//! Gold and predicted documents share one text. Tokens and sentences are
//! matched by exact byte spans. Words are aligned the way the shared task's
//! scorer does it: outside multiword tokens by identical spans; where a
//! multiword token is involved on either side, over the smallest region that
//! covers the multiword tokens on both sides, by the longest common
//! subsequence of lower-cased word forms. For aligned words, UPOS, XPOS,
//! lemma, head (UAS) and head plus the universal part of the relation (LAS)
//! are compared. Precision divides by predicted words, recall by gold words.

use std::fmt;
use std::path::{Path, PathBuf};

use dyad_conllu::GoldDoc;
use dyad_doc::{Doc, Meta, Span, Stage};

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The gold file could not be read or parsed.
    #[error(transparent)]
    Conllu(#[from] dyad_conllu::ConlluError),
    /// Gold and predicted documents do not correspond.
    #[error("document {index} ({id}): {message}")]
    Mismatch {
        /// Index of the document.
        index: usize,
        /// Its gold id.
        id: String,
        /// What differs.
        message: String,
    },
    /// A stage failed on a document.
    #[error("{path}: document {id}: {source}")]
    Stage {
        /// The gold file.
        path: PathBuf,
        /// The document id.
        id: String,
        /// The cause.
        source: dyad_doc::StageError,
    },
}

/// One word prepared for scoring.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EvalWord {
    /// Span of the surface token holding the word (shared by the words of a
    /// multiword token).
    pub span: Span,
    /// Word form.
    pub form: String,
    /// Whether the word is part of a multiword token.
    pub multiword: bool,
    /// Universal POS tag.
    pub upos: Option<String>,
    /// Language-specific POS tag.
    pub xpos: Option<String>,
    /// Lemma.
    pub lemma: Option<String>,
    /// Head as an index into the document's words; `None` for the root.
    pub head: Option<usize>,
    /// Relation; `None` when unparsed.
    pub deprel: Option<String>,
}

/// One document prepared for scoring.
#[derive(Debug, Clone, Default)]
pub struct EvalDoc {
    /// Identifier, for error messages.
    pub id: String,
    /// The text.
    pub text: String,
    /// Surface token spans in order.
    pub tokens: Vec<Span>,
    /// Sentence spans in order.
    pub sentences: Vec<Span>,
    /// Words in order.
    pub words: Vec<EvalWord>,
}

fn opt(s: &str) -> Option<String> {
    (s != "_").then(|| s.to_string())
}

impl EvalDoc {
    /// The gold side, from a rebuilt CoNLL-U document.
    pub fn from_gold(g: &GoldDoc) -> EvalDoc {
        let mut words = Vec::new();
        let mut offset = 0;
        for (si, s) in g.sentences.iter().enumerate() {
            let mut in_mwt = vec![false; s.words.len()];
            for m in &s.multiwords {
                for w in m.first..=m.last {
                    if let Some(slot) = in_mwt.get_mut(w - 1) {
                        *slot = true;
                    }
                }
            }
            for (wi, w) in s.words.iter().enumerate() {
                words.push(EvalWord {
                    span: g.word_spans[si][wi],
                    form: w.form.clone(),
                    multiword: in_mwt[wi],
                    upos: opt(&w.upos),
                    xpos: opt(&w.xpos),
                    lemma: opt(&w.lemma),
                    head: (w.head > 0).then(|| offset + w.head - 1),
                    deprel: opt(&w.deprel),
                });
            }
            offset += s.words.len();
        }
        EvalDoc {
            id: g.id.clone(),
            text: g.text.clone(),
            tokens: g.token_spans.iter().flatten().copied().collect(),
            sentences: g.sentence_spans.clone(),
            words,
        }
    }

    /// The predicted side, from a processed [`Doc`]. Multiword tokens are
    /// recovered from the word spans with [`dyad_text::surface_groups`]
    /// (a clitic written against its host is one surface token).
    pub fn from_doc(doc: &Doc) -> EvalDoc {
        let text = doc.text();
        let spans: Vec<Span> = doc.tokens.iter().map(|t| t.span).collect();
        let groups = dyad_text::surface_groups(text, &spans);
        let mut words = Vec::with_capacity(spans.len());
        let mut tokens = Vec::with_capacity(groups.len());
        for (span, range) in groups {
            tokens.push(span);
            let multiword = range.len() > 1;
            for i in range {
                let t = &doc.tokens[i];
                words.push(EvalWord {
                    span,
                    form: t.span.get(text).unwrap_or("").to_string(),
                    multiword,
                    upos: t.upos.map(|u| u.as_str().to_string()),
                    xpos: t.xpos.clone(),
                    lemma: t.lemma.clone(),
                    head: t.head,
                    deprel: t.deprel.clone(),
                });
            }
        }
        EvalDoc {
            id: doc.meta.id.clone(),
            text: text.to_string(),
            tokens,
            sentences: doc.sentences.iter().map(|s| s.span).collect(),
            words,
        }
    }
}

/// Precision, recall and F1 of one metric, with the raw counts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    /// Units of the gold side.
    pub gold: usize,
    /// Units of the predicted side.
    pub system: usize,
    /// Correct units.
    pub correct: usize,
    /// Aligned words (for word attributes; `None` for span metrics).
    pub aligned: Option<usize>,
}

impl Score {
    /// Correct / system.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }
    /// Correct / gold.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let denom = self.system + self.gold;
        if denom == 0 {
            0.0
        } else {
            2.0 * self.correct as f64 / denom as f64
        }
    }
    /// Correct / aligned words, when defined.
    pub fn aligned_accuracy(&self) -> Option<f64> {
        self.aligned.map(|a| ratio(self.correct, a))
    }
    fn add(&mut self, o: &Score) {
        self.gold += o.gold;
        self.system += o.system;
        self.correct += o.correct;
        self.aligned = match (self.aligned, o.aligned) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The scores of one evaluation. Word attributes are `None` when the
/// predictions do not carry them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UdReport {
    /// Documents scored.
    pub documents: usize,
    /// Surface tokens.
    pub tokens: Score,
    /// Sentences.
    pub sentences: Score,
    /// Syntactic words.
    pub words: Score,
    /// Universal POS tags.
    pub upos: Option<Score>,
    /// Language-specific POS tags.
    pub xpos: Option<Score>,
    /// Lemmas.
    pub lemmas: Option<Score>,
    /// Unlabelled attachment.
    pub uas: Option<Score>,
    /// Labelled attachment (universal relation).
    pub las: Option<Score>,
}

impl fmt::Display for UdReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Metric     | Precision |    Recall |  F1 Score | AligndAcc"
        )?;
        writeln!(
            f,
            "-----------+-----------+-----------+-----------+-----------"
        )?;
        let rows: [(&str, Option<&Score>); 8] = [
            ("Tokens", Some(&self.tokens)),
            ("Sentences", Some(&self.sentences)),
            ("Words", Some(&self.words)),
            ("UPOS", self.upos.as_ref()),
            ("XPOS", self.xpos.as_ref()),
            ("Lemmas", self.lemmas.as_ref()),
            ("UAS", self.uas.as_ref()),
            ("LAS", self.las.as_ref()),
        ];
        for (name, s) in rows {
            let Some(s) = s else { continue };
            let acc = s
                .aligned_accuracy()
                .map(|a| format!("{:9.2}", 100.0 * a))
                .unwrap_or_default();
            writeln!(
                f,
                "{name:<10} | {:9.2} | {:9.2} | {:9.2} | {acc}",
                100.0 * s.precision(),
                100.0 * s.recall(),
                100.0 * s.f1()
            )?;
        }
        write!(
            f,
            "({} documents, {} gold tokens, {} gold sentences, {} gold words)",
            self.documents, self.tokens.gold, self.sentences.gold, self.words.gold
        )
    }
}

/// Count spans present in both sorted lists.
fn span_score(gold: &[Span], system: &[Span]) -> Score {
    let (mut gi, mut si, mut correct) = (0, 0, 0);
    while gi < gold.len() && si < system.len() {
        let (g, s) = (gold[gi], system[si]);
        if (g.start(), g.end()) == (s.start(), s.end()) {
            correct += 1;
            gi += 1;
            si += 1;
        } else if (g.start(), g.end()) < (s.start(), s.end()) {
            gi += 1;
        } else {
            si += 1;
        }
    }
    Score {
        gold: gold.len(),
        system: system.len(),
        correct,
        aligned: None,
    }
}

fn beyond(words: &[EvalWord], i: usize, end: usize) -> bool {
    i >= words.len() || words[i].span.start() >= end
}

fn extend(w: &EvalWord, end: usize) -> usize {
    if w.multiword && w.span.end() > end {
        w.span.end()
    } else {
        end
    }
}

/// Align words: returns `system index → gold index` for aligned pairs.
fn align(gold: &[EvalWord], system: &[EvalWord]) -> Vec<Option<usize>> {
    let mut map = vec![None; system.len()];
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < system.len() {
        if gold[gi].multiword || system[si].multiword {
            // The smallest region covering multiword tokens on both sides.
            let mut end;
            if gold[gi].multiword {
                end = gold[gi].span.end();
                if !system[si].multiword && system[si].span.start() < gold[gi].span.start() {
                    si += 1;
                }
            } else {
                end = system[si].span.end();
                if !gold[gi].multiword && gold[gi].span.start() < system[si].span.start() {
                    gi += 1;
                }
            }
            let (gs, ss) = (gi, si);
            while !beyond(gold, gi, end) || !beyond(system, si, end) {
                if gi < gold.len()
                    && (si >= system.len() || gold[gi].span.start() <= system[si].span.start())
                {
                    end = extend(&gold[gi], end);
                    gi += 1;
                } else {
                    end = extend(&system[si], end);
                    si += 1;
                }
            }
            align_lcs(&gold[gs..gi], &system[ss..si], gs, ss, &mut map);
        } else {
            let (g, s) = (gold[gi].span, system[si].span);
            if (g.start(), g.end()) == (s.start(), s.end()) {
                map[si] = Some(gi);
                gi += 1;
                si += 1;
            } else if g.start() <= s.start() {
                gi += 1;
            } else {
                si += 1;
            }
        }
    }
    map
}

/// Longest common subsequence of lower-cased forms inside a region.
fn align_lcs(
    gold: &[EvalWord],
    system: &[EvalWord],
    g0: usize,
    s0: usize,
    map: &mut [Option<usize>],
) {
    let (n, m) = (gold.len(), system.len());
    if n == 0 || m == 0 {
        return;
    }
    // Regions are a few words long; a cap keeps pathological input linear.
    if n * m > 1_000_000 {
        return;
    }
    let gl: Vec<String> = gold.iter().map(|w| w.form.to_lowercase()).collect();
    let sl: Vec<String> = system.iter().map(|w| w.form.to_lowercase()).collect();
    // lcs[i][j]: LCS length of gold[i..] and system[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if gl[i] == sl[j] {
                1 + lcs[at(i + 1, j + 1)]
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if gl[i] == sl[j] {
            map[s0 + j] = Some(g0 + i);
            i += 1;
            j += 1;
        } else if lcs[at(i, j)] == lcs[at(i + 1, j)] {
            i += 1;
        } else {
            j += 1;
        }
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Score predicted documents against gold ones (same order, same texts).
pub fn score(gold: &[EvalDoc], system: &[EvalDoc]) -> Result<UdReport, EvalError> {
    let mut r = UdReport::default();
    if gold.len() != system.len() {
        return Err(EvalError::Mismatch {
            index: gold.len().min(system.len()),
            id: String::new(),
            message: format!(
                "{} gold documents but {} predicted",
                gold.len(),
                system.len()
            ),
        });
    }
    let has = |f: fn(&EvalWord) -> bool| system.iter().any(|d| d.words.iter().any(f));
    let (has_upos, has_xpos, has_lemma, has_heads) = (
        has(|w| w.upos.is_some()),
        has(|w| w.xpos.is_some()),
        has(|w| w.lemma.is_some()),
        has(|w| w.deprel.is_some()),
    );
    let mut upos = Score::default();
    let mut xpos = Score::default();
    let mut lemmas = Score::default();
    let mut uas = Score::default();
    let mut las = Score::default();
    for (index, (g, s)) in gold.iter().zip(system).enumerate() {
        if g.text != s.text {
            return Err(EvalError::Mismatch {
                index,
                id: g.id.clone(),
                message: "gold and predicted texts differ".to_string(),
            });
        }
        r.documents += 1;
        r.tokens.add(&span_score(&g.tokens, &s.tokens));
        r.sentences.add(&span_score(&g.sentences, &s.sentences));
        let map = align(&g.words, &s.words);
        let aligned = map.iter().flatten().count();
        let base = Score {
            gold: g.words.len(),
            system: s.words.len(),
            correct: aligned,
            aligned: Some(aligned),
        };
        r.words.add(&Score {
            aligned: None,
            ..base
        });
        let (mut cu, mut cx, mut cl, mut ch, mut cr) = (0, 0, 0, 0, 0);
        for (si, gi) in map.iter().enumerate() {
            let Some(gi) = *gi else { continue };
            let (gw, sw) = (&g.words[gi], &s.words[si]);
            cu += usize::from(gw.upos.is_some() && gw.upos == sw.upos);
            cx += usize::from(gw.xpos.is_some() && gw.xpos == sw.xpos);
            cl += usize::from(gw.lemma.is_some() && gw.lemma == sw.lemma);
            if sw.deprel.is_some() {
                let head_ok = match (gw.head, sw.head) {
                    (None, None) => true,
                    (Some(gh), Some(sh)) => map.get(sh).copied().flatten() == Some(gh),
                    _ => false,
                };
                if head_ok {
                    ch += 1;
                    let rel = |w: &EvalWord| w.deprel.as_deref().map(universal).map(str::to_string);
                    cr += usize::from(rel(gw) == rel(sw));
                }
            }
        }
        for (score, c) in [
            (&mut upos, cu),
            (&mut xpos, cx),
            (&mut lemmas, cl),
            (&mut uas, ch),
            (&mut las, cr),
        ] {
            score.add(&Score { correct: c, ..base });
        }
    }
    r.upos = has_upos.then_some(upos);
    r.xpos = has_xpos.then_some(xpos);
    r.lemmas = has_lemma.then_some(lemmas);
    r.uas = has_heads.then_some(uas);
    r.las = has_heads.then_some(las);
    Ok(r)
}

/// Score processed [`Doc`]s against rebuilt gold documents (same order).
pub fn score_docs(gold: &[GoldDoc], system: &[Doc]) -> Result<UdReport, EvalError> {
    let g: Vec<EvalDoc> = gold.iter().map(EvalDoc::from_gold).collect();
    let s: Vec<EvalDoc> = system.iter().map(EvalDoc::from_doc).collect();
    score(&g, &s)
}

/// Run [`dyad_text::TokenizeStage`] over each rebuilt document of a CoNLL-U
/// file (whole documents, not sentence by sentence) and score tokens,
/// sentences and words.
pub fn eval_tokenize(gold_conllu: &Path) -> Result<UdReport, EvalError> {
    eval_stages(gold_conllu, &[&dyad_text::TokenizeStage::new()])
}

/// Run `stages` in order over each rebuilt document of a CoNLL-U file and
/// score the result (the first stage must tokenize). This is how
/// `dyad eval ud` can score a full tagging/parsing pipeline.
pub fn eval_stages(gold_conllu: &Path, stages: &[&dyn Stage]) -> Result<UdReport, EvalError> {
    eval_stages_wrapped(gold_conllu, stages, None)
}

/// [`eval_stages`] with each document's text hard-wrapped at `column`
/// characters first ([`dyad_conllu::hard_wrap`]; `None`: as rebuilt), as
/// e-mail and plain-text archives wrap it. Wrapping moves no byte, so the
/// gold spans hold in the wrapped text.
pub fn eval_stages_wrapped(
    gold_conllu: &Path,
    stages: &[&dyn Stage],
    column: Option<usize>,
) -> Result<UdReport, EvalError> {
    let mut gold = dyad_conllu::documents(dyad_conllu::read_path(gold_conllu)?);
    if let Some(c) = column {
        for g in &mut gold {
            g.text = dyad_conllu::hard_wrap(&g.text, c);
        }
    }
    let mut docs = Vec::with_capacity(gold.len());
    for g in &gold {
        let mut doc = Doc::new(
            g.text.clone(),
            Meta {
                id: g.id.clone(),
                ..Meta::default()
            },
        );
        for stage in stages {
            stage.process(&mut doc).map_err(|source| EvalError::Stage {
                path: gold_conllu.to_owned(),
                id: g.id.clone(),
                source,
            })?;
            doc.mark(stage.adds());
        }
        docs.push(doc);
    }
    score_docs(&gold, &docs)
}
