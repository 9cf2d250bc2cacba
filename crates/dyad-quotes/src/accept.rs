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

use dyad_doc::{Quote, Span};

use crate::extract::Analysis;
use crate::lexicon::cue_class;
use crate::table::Row;
use crate::tagger::Label;
use crate::text::Range;

const WEIGHTS: &str = include_str!("../data/accept.tsv");

/// The acceptance model.
#[derive(Debug, Clone, Default)]
pub struct Acceptor {
    /// Weight of each feature.
    pub w: HashMap<String, f32>,
    /// Least score of a kept attribution.
    pub threshold: f32,
    /// Least score of a kept attribution whose cue was an extra candidate.
    pub threshold_extra: f32,
    /// Least score of a kept attribution of a text without a parse.
    pub threshold_unparsed: f32,
}

impl Acceptor {
    /// The embedded model (`data/accept.tsv`).
    pub fn embedded() -> Acceptor {
        Acceptor::parse(WEIGHTS)
    }

    /// Read `feature<TAB>weight` lines (the `threshold`,
    /// `threshold_extra` and `threshold_unparsed` lines set the thresholds;
    /// malformed lines are skipped).
    pub fn parse(tsv: &str) -> Acceptor {
        let mut a = Acceptor::default();
        for line in tsv.lines() {
            let Some((f, w)) = line.rsplit_once('\t') else {
                continue;
            };
            let Ok(w) = w.parse::<f32>() else { continue };
            if f == "threshold" {
                a.threshold = w;
            } else if f == "threshold_extra" {
                a.threshold_extra = w;
            } else if f == "threshold_unparsed" {
                a.threshold_unparsed = w;
            } else {
                a.w.insert(f.to_string(), w);
            }
        }
        a
    }

    /// Write the model as [`Acceptor::parse`] reads it (features sorted).
    pub fn to_tsv(&self) -> String {
        let mut keys: Vec<&String> = self.w.keys().collect();
        keys.sort();
        let mut out = format!(
            "threshold\t{}\nthreshold_extra\t{}\nthreshold_unparsed\t{}\n",
            self.threshold, self.threshold_extra, self.threshold_unparsed
        );
        for k in keys {
            out.push_str(&format!("{k}\t{}\n", self.w[k]));
        }
        out
    }

    /// Score of a feature list.
    pub fn score(&self, feats: &[String]) -> f32 {
        feats.iter().filter_map(|f| self.w.get(f)).sum()
    }
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
    let mut f = vec!["b".to_string()];
    let cue: Vec<usize> = q.cue.iter().flat_map(|s| tokens_of(an, *s)).collect();
    let src: Vec<usize> = q.source.iter().flat_map(|s| tokens_of(an, *s)).collect();
    let cont: Vec<usize> = q.content.iter().flat_map(|s| tokens_of(an, *s)).collect();
    let word = |i: usize| an.toks[i].lower.as_str();
    let mut cw0 = "-";
    if let (Some(&a), Some(&b)) = (cue.first(), cue.last()) {
        cw0 = word(a);
        f.push(format!("cw0={cw0}"));
        f.push(format!("cwl={}", word(b)));
        f.push(format!(
            "lex0={}",
            cue_class(cw0).map_or("-", |c| c.as_str())
        ));
        f.push(format!(
            "anylex={}",
            cue.iter().any(|&i| cue_class(word(i)).is_some())
        ));
        // How sure the cue pass was of the cue's first token.
        let m = sums[a].cue()[Label::BCue as usize] + cue_bias;
        f.push(format!("cm={}", ((m / 100.0).floor() as i32).clamp(-4, 4)));
    }
    f.push(format!("ncue={}", cue.len().min(4)));
    f.push(format!("nsrc={}", bucket(src.len(), &[0, 1, 2, 4])));
    let upos = |i: usize| -> &str { an.parse.as_ref().map_or(an.upos[i], |p| p.upos[i]) };
    if let Some(&s0) = src.first() {
        if upos(s0) == "PRON" {
            f.push(format!("src0={}", word(s0)));
        } else {
            f.push(format!("srcpos={}", upos(s0)));
        }
    }
    f.push(format!(
        "clen={}",
        bucket(cont.len(), &[2, 4, 8, 15, 25, 40, 60])
    ));
    f.push(format!("nfrag={}", q.content.len().min(3)));
    f.push(format!("kind={:?}", q.kind));
    if let Some(&c0) = cont.first() {
        let w = word(c0);
        if matches!(
            w,
            "that" | "to" | "the" | "a" | "he" | "she" | "it" | "they" | "we" | "i"
        ) {
            f.push(format!("c0={w}"));
        } else {
            f.push(format!("c0pos={}", upos(c0)));
        }
        if let Some(&k) = cue.first() {
            f.push(format!("after={}", c0 > k));
            f.push(format!("quoted={}", an.in_quote(k)));
        }
    }
    if let (Some(p), Some(&k)) = (&an.parse, cue.first()) {
        let in_cue = |i: usize| cue.contains(&i);
        f.push(format!("cuerel={}", p.rel[k]));
        f.push(format!("cuepos={}", p.upos[k]));
        let h = p.head[k];
        let where_ = |i: Option<usize>| match i {
            None => "N",
            Some(i) if cont.contains(&i) => "T",
            Some(i) if src.contains(&i) => "S",
            Some(i) if in_cue(i) => "C",
            Some(_) => "O",
        };
        f.push(format!("cuehead={}", where_(h)));
        // Dependents of the cue and where they fall. The window is the
        // attribution's own tokens and the cue's neighbourhood.
        let lo = cue
            .iter()
            .chain(&src)
            .chain(&cont)
            .min()
            .copied()
            .unwrap_or(k)
            .saturating_sub(3);
        let hi = cue
            .iter()
            .chain(&src)
            .chain(&cont)
            .max()
            .copied()
            .unwrap_or(k)
            .saturating_add(4)
            .min(an.toks.len());
        let mut deps: Vec<String> = Vec::new();
        for i in lo..hi {
            if in_cue(i) || !p.head[i].is_some_and(in_cue) {
                continue;
            }
            let d = format!("dep={}:{}", where_(Some(i)), p.rel[i]);
            if !deps.contains(&d) {
                deps.push(d);
            }
        }
        for d in deps {
            f.push(format!("{cw0}&{d}"));
            f.push(d);
        }
    }
    let nsrc = format!("{cw0}&nsrc={}", src.len().min(1));
    f.push(nsrc);
    f
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
        acceptor.score(&features(an, sums, cue_bias, q)) >= t
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_round_trip_and_scores() {
        let a = Acceptor::parse(
            "threshold\t-1\nthreshold_extra\t0.5\nthreshold_unparsed\t-2\nb\t0.5\ncw0=said\t2\nbad line\nx\tnot-a-number\n",
        );
        assert_eq!(
            (a.threshold, a.threshold_extra, a.threshold_unparsed),
            (-1.0, 0.5, -2.0)
        );
        assert_eq!(a.w.len(), 2);
        assert_eq!(Acceptor::parse(&a.to_tsv()).w, a.w);
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
        // The embedded model keeps a plain `X said Y`.
        let a = Acceptor::embedded();
        assert!(a.score(&f) >= a.threshold, "{}", a.score(&f));
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
