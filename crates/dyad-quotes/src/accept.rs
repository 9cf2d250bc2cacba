//! Acceptance of assembled attributions: a small logistic model, trained on
//! PolNeAR train (`examples/train_accept.rs`), that reads each finished
//! attribution (its cue words, how sure the cue pass was, the parse
//! relations between the cue and its source and content, the content's
//! length and marks) and drops those unlikely to match a gold attribution.
//!
//! The weights live in `data/accept.tsv` (`feature<TAB>weight` lines, and
//! `threshold<TAB>T`, `threshold_extra<TAB>X`, `threshold_unparsed<TAB>U`);
//! an attribution is kept when its score (sum of its features' weights) is
//! at least `T`, or `X` when its cue was one of the extra candidates
//! offered to the role pass ([`crate::extract::extra_cues`]), or `U` when
//! the text came without a parse (the model is trained on parsed text).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::BuildHasherDefault;

use dyad_doc::{Quote, Span};

use crate::extract::Analysis;
use crate::lexicon::cue_class;
use crate::table::Row;
use crate::tagger::{KeyHasher, Label, fnv_from};
use crate::text::Range;

const WEIGHTS: &str = include_str!("../data/accept.tsv");

/// The acceptance model: weights by the hash of the feature's name
/// ([`Acceptor::key`]), and the thresholds.
#[derive(Debug, Clone, Default)]
pub struct Acceptor {
    w: HashMap<u64, f32, BuildHasherDefault<KeyHasher>>,
    /// Least score of a kept attribution.
    pub threshold: f32,
    /// Least score of a kept attribution whose cue was an extra candidate.
    pub threshold_extra: f32,
    /// Least score of a kept attribution of a text without a parse.
    pub threshold_unparsed: f32,
}

/// A malformed acceptance-model file ([`Acceptor::parse`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AcceptError {
    /// A line that is not `feature<TAB>weight` with a finite weight.
    #[error("acceptance model, line {line}: {reason}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A non-empty file without one of the three threshold lines.
    #[error("acceptance model: no `{0}` line")]
    MissingThreshold(&'static str),
}

impl Acceptor {
    /// The embedded model (`data/accept.tsv`, checked by the tests).
    pub fn embedded() -> Acceptor {
        Acceptor::parse(WEIGHTS).expect("data/accept.tsv is checked by the tests")
    }

    /// Read `feature<TAB>weight` lines; the `threshold`, `threshold_extra`
    /// and `threshold_unparsed` lines set the thresholds and must all be
    /// there. An empty text (or only blank lines) is the empty model,
    /// which [`crate::extract::Compiled`] does not use; any other line
    /// that is not `name<TAB>finite number` is an error naming it.
    pub fn parse(tsv: &str) -> Result<Acceptor, AcceptError> {
        let mut a = Acceptor::default();
        a.w.reserve(tsv.len() / 24);
        let mut seen = [false; 3];
        for (i, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |reason: &str| AcceptError::Line {
                line: i + 1,
                reason: reason.to_string(),
            };
            let (f, w) = line
                .rsplit_once('\t')
                .ok_or_else(|| bad("expected feature<TAB>weight"))?;
            let w = w
                .parse::<f32>()
                .ok()
                .filter(|w| w.is_finite())
                .ok_or_else(|| bad("the weight is not a finite number"))?;
            match f {
                "threshold" => (a.threshold, seen[0]) = (w, true),
                "threshold_extra" => (a.threshold_extra, seen[1]) = (w, true),
                "threshold_unparsed" => (a.threshold_unparsed, seen[2]) = (w, true),
                _ => {
                    a.w.insert(Acceptor::key(f), w);
                }
            }
        }
        if seen.iter().any(|&s| s) || !a.w.is_empty() {
            let names = ["threshold", "threshold_extra", "threshold_unparsed"];
            if let Some(k) = (0..3).find(|&k| !seen[k]) {
                return Err(AcceptError::MissingThreshold(names[k]));
            }
        }
        Ok(a)
    }

    /// The key of a feature name (64-bit FNV-1a of its bytes).
    pub fn key(feature: &str) -> u64 {
        fnv_from(0, &[feature.as_bytes()])
    }

    /// Number of weighted features.
    pub fn len(&self) -> usize {
        self.w.len()
    }

    /// Whether the model has no weights (then it is not used).
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    /// Score of a feature list.
    pub fn score(&self, feats: &[String]) -> f32 {
        feats.iter().map(|f| self.weight(f)).sum()
    }

    fn weight(&self, feature: &str) -> f32 {
        self.w.get(&Acceptor::key(feature)).copied().unwrap_or(0.0)
    }
}

/// The model file [`Acceptor::parse`] reads: thresholds (`threshold`,
/// `threshold_extra`, `threshold_unparsed`), then `(feature, weight)`
/// pairs sorted by feature.
pub fn to_tsv(thresholds: [f32; 3], weights: &[(String, f32)]) -> String {
    let mut w: Vec<&(String, f32)> = weights.iter().collect();
    w.sort_by(|a, b| a.0.cmp(&b.0));
    let [t, x, u] = thresholds;
    let mut out = format!("threshold\t{t}\nthreshold_extra\t{x}\nthreshold_unparsed\t{u}\n");
    for (k, v) in w {
        let _ = writeln!(out, "{k}\t{v}");
    }
    out
}

/// Tokens of `an` overlapping `span`.
fn tokens_of(an: &Analysis, span: Span) -> Range {
    let a = an.toks.partition_point(|t| t.span.end() <= span.start());
    let b = an.toks.partition_point(|t| t.span.start() < span.end());
    a..b.max(a)
}

fn bucket(n: usize, caps: &[usize]) -> usize {
    caps.iter().position(|&c| n <= c).unwrap_or(caps.len())
}

/// Features of one attribution `q` of an analysed text whose tokens have
/// the joint sums `sums` (the cue pass's emissions) and whose cue pass ran
/// with bias `cue_bias`.
pub fn features(an: &Analysis, sums: &[Row], cue_bias: f32, q: &Quote) -> Vec<String> {
    let mut f = Vec::new();
    each_feature(an, sums, cue_bias, q, &mut |x| f.push(x.to_string()));
    f
}

/// Score of `q` under `acceptor` (the sum of the weights of its
/// [`features`], built in one reused buffer).
pub fn score(acceptor: &Acceptor, an: &Analysis, sums: &[Row], cue_bias: f32, q: &Quote) -> f32 {
    let mut s = 0.0;
    each_feature(an, sums, cue_bias, q, &mut |x| s += acceptor.weight(x));
    s
}

/// Token ranges of `spans`.
fn ranges(an: &Analysis, spans: &[Span]) -> Vec<Range> {
    spans.iter().map(|s| tokens_of(an, *s)).collect()
}

/// Call `visit` with each feature of [`features`] (in that order).
fn each_feature(
    an: &Analysis,
    sums: &[Row],
    cue_bias: f32,
    q: &Quote,
    visit: &mut dyn FnMut(&str),
) {
    let mut buf = String::new();
    let mut emit = |args: std::fmt::Arguments<'_>| {
        buf.clear();
        let _ = buf.write_fmt(args);
        visit(&buf);
    };
    emit(format_args!("b"));
    let (cue, src, cont) = (
        ranges(an, &q.cue),
        ranges(an, &q.source),
        ranges(an, &q.content),
    );
    let count = |r: &[Range]| r.iter().map(|x| x.len()).sum::<usize>();
    let first = |r: &[Range]| r.iter().find(|x| !x.is_empty()).map(|x| x.start);
    let last = |r: &[Range]| r.iter().rev().find(|x| !x.is_empty()).map(|x| x.end - 1);
    let holds = |r: &[Range], i: usize| r.iter().any(|x| x.contains(&i));
    let (ncue, nsrc, ncont) = (count(&cue), count(&src), count(&cont));
    let word = |i: usize| an.toks[i].lower.as_str();
    let mut cw0 = "-";
    if let (Some(a), Some(b)) = (first(&cue), last(&cue)) {
        cw0 = word(a);
        emit(format_args!("cw0={cw0}"));
        emit(format_args!("cwl={}", word(b)));
        emit(format_args!(
            "lex0={}",
            cue_class(cw0).map_or("-", |c| c.as_str())
        ));
        let anylex = cue
            .iter()
            .flat_map(|r| r.clone())
            .any(|i| cue_class(word(i)).is_some());
        emit(format_args!("anylex={anylex}"));
        // How sure the cue pass was of the cue's first token.
        let m = sums[a].cue()[Label::BCue as usize] + cue_bias;
        emit(format_args!(
            "cm={}",
            ((m / 100.0).floor() as i32).clamp(-4, 4)
        ));
    }
    emit(format_args!("ncue={}", ncue.min(4)));
    emit(format_args!("nsrc={}", bucket(nsrc, &[0, 1, 2, 4])));
    let upos = |i: usize| -> &str { an.parse.as_ref().map_or(an.upos[i], |p| p.upos[i]) };
    if let Some(s0) = first(&src) {
        if upos(s0) == "PRON" {
            emit(format_args!("src0={}", word(s0)));
        } else {
            emit(format_args!("srcpos={}", upos(s0)));
        }
    }
    emit(format_args!(
        "clen={}",
        bucket(ncont, &[2, 4, 8, 15, 25, 40, 60])
    ));
    emit(format_args!("nfrag={}", q.content.len().min(3)));
    emit(format_args!("kind={:?}", q.kind));
    if let Some(c0) = first(&cont) {
        let w = word(c0);
        if matches!(
            w,
            "that" | "to" | "the" | "a" | "he" | "she" | "it" | "they" | "we" | "i"
        ) {
            emit(format_args!("c0={w}"));
        } else {
            emit(format_args!("c0pos={}", upos(c0)));
        }
        if let Some(k) = first(&cue) {
            emit(format_args!("after={}", c0 > k));
            emit(format_args!("quoted={}", an.in_quote(k)));
        }
    }
    if let (Some(p), Some(k)) = (&an.parse, first(&cue)) {
        let in_cue = |i: usize| holds(&cue, i);
        emit(format_args!("cuerel={}", p.rel[k]));
        emit(format_args!("cuepos={}", p.upos[k]));
        let where_ = |i: Option<usize>| match i {
            None => "N",
            Some(i) if holds(&cont, i) => "T",
            Some(i) if holds(&src, i) => "S",
            Some(i) if in_cue(i) => "C",
            Some(_) => "O",
        };
        emit(format_args!("cuehead={}", where_(p.head[k])));
        // Dependents of the cue and where they fall (each relation and
        // place once, in text order), within the attribution's own tokens
        // and the cue's neighbourhood.
        let all = || {
            cue.iter()
                .chain(&src)
                .chain(&cont)
                .filter(|r| !r.is_empty())
        };
        let lo = all().map(|r| r.start).min().unwrap_or(k).saturating_sub(3);
        let hi = all()
            .map(|r| r.end)
            .max()
            .unwrap_or(k + 1)
            .saturating_add(3)
            .min(an.toks.len());
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for i in lo..hi {
            if in_cue(i) || !p.head[i].is_some_and(in_cue) {
                continue;
            }
            let d = (where_(Some(i)), p.rel[i]);
            if seen.contains(&d) {
                continue;
            }
            seen.push(d);
            emit(format_args!("{cw0}&dep={}:{}", d.0, d.1));
            emit(format_args!("dep={}:{}", d.0, d.1));
        }
    }
    emit(format_args!("{cw0}&nsrc={}", nsrc.min(1)));
}

/// Drop the attributions of `quotes` that `acceptor` scores below their
/// threshold: [`Acceptor::threshold_extra`] for those whose cue starts at
/// a byte offset in `extras` (sorted; the extra candidate cues), else
/// [`Acceptor::threshold`] ([`Acceptor::threshold_unparsed`] for all when
/// `an` has no parse). Attributions whose cue starts at an offset in
/// `sure` (sorted; signed quotations) are always kept.
pub fn filter(
    an: &Analysis,
    sums: &[Row],
    cue_bias: f32,
    (extras, sure): (&[usize], &[usize]),
    acceptor: &Acceptor,
    quotes: &mut Vec<Quote>,
) {
    quotes.retain(|q| {
        let starts_in = |set: &[usize]| {
            q.cue
                .first()
                .is_some_and(|c| set.binary_search(&c.start()).is_ok())
        };
        if starts_in(sure) {
            return true;
        }
        let extra = starts_in(extras);
        let t = if an.parse.is_none() {
            acceptor.threshold_unparsed
        } else if extra {
            acceptor.threshold_extra
        } else {
            acceptor.threshold
        };
        score(acceptor, an, sums, cue_bias, q) >= t
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_round_trip_and_scores() {
        let a = Acceptor::parse(
            "threshold\t-1\nthreshold_extra\t0.5\nthreshold_unparsed\t-2\nb\t0.5\n\ncw0=said\t2\n",
        )
        .unwrap();
        assert_eq!(
            (a.threshold, a.threshold_extra, a.threshold_unparsed),
            (-1.0, 0.5, -2.0)
        );
        assert_eq!(a.len(), 2);
        let weights = [("cw0=said".to_string(), 2.0), ("b".to_string(), 0.5)];
        let b = Acceptor::parse(&to_tsv([-1.0, 0.5, -2.0], &weights)).unwrap();
        assert_eq!(b.w, a.w);
        assert_eq!(
            (b.threshold, b.threshold_extra, b.threshold_unparsed),
            (-1.0, 0.5, -2.0)
        );
        let cases: [(&[&str], f32); 3] = [
            (&["b"], 0.5),
            (&["b", "cw0=said"], 2.5),
            (&["unknown"], 0.0),
        ];
        for (feats, want) in cases {
            let f: Vec<String> = feats.iter().map(|s| s.to_string()).collect();
            assert_eq!(a.score(&f), want, "{feats:?}");
        }
    }

    #[test]
    fn malformed_files_are_errors_naming_the_line() {
        let t = "threshold\t-1\nthreshold_extra\t0\nthreshold_unparsed\t-2\n";
        let line = |line: usize, reason: &str| {
            Err(AcceptError::Line {
                line,
                reason: reason.to_string(),
            })
        };
        let no_tab = "expected feature<TAB>weight";
        let nan = "the weight is not a finite number";
        let cases: Vec<(String, Result<usize, AcceptError>)> = vec![
            (String::new(), Ok(0)),
            ("\n\n".to_string(), Ok(0)),
            (format!("{t}b\t1\n"), Ok(1)),
            (format!("{t}bad line\n"), line(4, no_tab)),
            (format!("{t}x\tnot-a-number\n"), line(4, nan)),
            (format!("x\tinf\n{t}"), line(1, nan)),
            (format!("x\tNaN\n{t}"), line(1, nan)),
            (
                "b\t1\nthreshold\t0\n".to_string(),
                Err(AcceptError::MissingThreshold("threshold_extra")),
            ),
            (
                "threshold_extra\t0\nthreshold_unparsed\t0\n".to_string(),
                Err(AcceptError::MissingThreshold("threshold")),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(Acceptor::parse(&text).map(|a| a.len()), want, "{text:?}");
        }
    }

    #[test]
    fn features_read_the_cue_and_its_dependents() {
        let text = "Trump said the talks would start soon.";
        let an = Analysis::new(text);
        let sums = vec![Row::ZERO; an.toks.len()];
        let q = Quote {
            kind: dyad_doc::QuoteKind::Indirect,
            content: vec![Span::from_trusted(11, 37)],
            cue: vec![Span::from_trusted(6, 10)],
            source: vec![Span::from_trusted(0, 5)],
            speaker: None,
            sentence: 0,
        };
        let f = features(&an, &sums, 40.0, &q);
        for want in [
            "b",
            "cw0=said",
            "lex0=speech",
            "cm=0",
            "ncue=1",
            "after=true",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} in {f:?}");
        }
        // The embedded model keeps a plain `X said Y`, and every feature
        // name of its file has its own key.
        let a = Acceptor::embedded();
        let names = WEIGHTS
            .lines()
            .filter(|l| !l.starts_with("threshold"))
            .count();
        assert_eq!(a.len(), names);
        assert!(a.score(&f) >= a.threshold, "{}", a.score(&f));
        // The allocation-free score reads the same features.
        assert_eq!(score(&a, &an, &sums, 40.0, &q), a.score(&f));
    }
}

#[cfg(test)]
mod extra_tests {
    use crate::deps::Parse;
    use crate::extract::{Analysis, extra_cues};
    use crate::table::Row;
    use crate::tagger::Label;

    #[test]
    fn extra_cues_are_lexicon_words_near_the_cue_threshold() {
        let text = "Officials said on Friday that aides warned him, and he agreed.";
        let mut an = Analysis::new(text);
        let n = an.toks.len();
        let at = |w: &str| an.toks.iter().position(|t| t.lower == w).expect(w);
        let (said, warned, agreed, friday) = (at("said"), at("warned"), at("agreed"), at("friday"));
        // Cue-pass scores: every token at -150 (above the least score of
        // -200 once the bias of 40 is added), but `said` is already a cue.
        let mut sums = vec![Row::ZERO; n];
        for r in &mut sums {
            r.0[Label::BCue as usize] = -150.0;
        }
        sums[agreed].0[Label::BCue as usize] = -300.0;
        let mut labels = vec![Label::O; n];
        labels[said] = Label::BCue;
        // No parse: no extra cues.
        assert_eq!(extra_cues(&an, &sums, &labels, -200.0, 40.0), None);
        an.parse = Some(Parse {
            upos: vec!["-"; n],
            rel: vec!["-"; n],
            head: vec![None; n],
        });
        let got = extra_cues(&an, &sums, &labels, -200.0, 40.0).expect("one extra cue");
        let cases = [
            (said, Label::BCue, "the cue pass's own cue"),
            (warned, Label::BCue, "lexicon word above the least score"),
            (agreed, Label::O, "lexicon word below it"),
            (friday, Label::O, "not a lexicon word"),
        ];
        for (i, want, why) in cases {
            assert_eq!(got[i], want, "{why}");
        }
    }
}
