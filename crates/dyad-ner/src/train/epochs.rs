//! The passes: each shuffles the corpus and trains the perceptron on every
//! sentence, greedily left to right (recased, and with its UPOS tags
//! dropped, at the options' rates); after a pass the averaged model is
//! scored on the dev sets (never trained on), and the last pass's model is
//! the result.

use dyad_learn::{FinishOptions, KeyMap, Trainer, XorShift64};

use crate::data::GoldDoc;
use crate::eval::{NerReport, eval_ner, eval_ner_with};
use crate::model::{Ner, PAD, Scratch, Tag, features, headline, tag_hashes, word_feats};

use super::augment::{draw, recased};
use super::{Corpus, Sent, TrainError, TrainOptions};

/// What every sentence of a pass is trained with.
struct Pass<'a> {
    gaz: &'a KeyMap,
    lex: &'a KeyMap,
    tags: &'a [Tag],
    /// Feature hash of each tag id, then of "no previous tag".
    hashes: Vec<u64>,
    opts: &'a TrainOptions,
}

/// Run `opts.epochs` passes over `corpus` (its order is reshuffled each
/// pass), logging the train tag accuracy and the dev scores of each.
pub(super) fn run(
    corpus: &mut Corpus,
    gaz: &KeyMap,
    lex: &KeyMap,
    tagger: Option<&dyad_tagger::Tagger>,
    dev: &[(String, Vec<GoldDoc>)],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Ner, TrainError> {
    let tags = Tag::all();
    let labels: Vec<String> = tags.iter().map(|t| t.name()).collect();
    let mut trainer = Trainer::new(labels);
    let pass = Pass {
        gaz,
        lex,
        tags: &tags,
        hashes: tag_hashes(tags.len()),
        opts,
    };
    let mut rng = XorShift64::new(opts.seed);
    let mut s = Scratch::default();
    let mut ner = None;
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut corpus.order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &k in &corpus.order {
            let keep_case = corpus.cased.get(k).copied().unwrap_or(false);
            let (c, n) = pass.sentence(&mut trainer, &corpus.data[k], keep_case, &mut rng, &mut s);
            correct += c;
            total += n;
        }
        let mut line = format!(
            "epoch {}: train tag accuracy {:.2}%",
            epoch + 1,
            100.0 * correct as f64 / total.max(1) as f64
        );
        if !dev.is_empty() || epoch + 1 == opts.epochs {
            let m = snapshot(&trainer, gaz, lex, &corpus.summary, opts);
            line.push_str(&dev_scores(&m, dev, tagger));
            ner = Some(m);
        }
        log(&line);
    }
    ner.ok_or(TrainError::Empty)
}

impl Pass<'_> {
    /// Train on one sentence (`keep_case`: never lower-cased); returns the
    /// tags guessed right and the tags seen.
    fn sentence(
        &self,
        trainer: &mut Trainer,
        sent: &Sent,
        keep_case: bool,
        rng: &mut XorShift64,
        s: &mut Scratch,
    ) -> (usize, usize) {
        let opts = self.opts;
        let aug = recased(&sent.words, draw(rng), opts, keep_case);
        let words: Vec<&str> = aug
            .as_ref()
            .unwrap_or(&sent.words)
            .iter()
            .map(String::as_str)
            .collect();
        let keep_pos = !sent.upos.is_empty() && draw(rng) >= opts.pos_dropout;
        let upos = keep_pos.then_some(sent.upos.as_slice());
        word_feats(&words, upos, self.gaz, self.lex, s);
        let head = headline(&s.words[PAD..s.words.len() - PAD]);
        let start = self.hashes[self.tags.len()];
        let (mut prev, mut prev2) = (start, start);
        let mut prev_tag = Tag::O;
        let n = words.len();
        let mut correct = 0;
        for i in 0..n {
            features(&s.words, i, prev, prev2, head, &mut s.feats);
            let last = i + 1 == n;
            let guess = trainer
                .predict(&s.feats, &mut s.scores, |c| {
                    self.tags[c].valid_after(prev_tag, last)
                })
                .unwrap_or(0);
            let gold = sent.tags[i] as usize;
            trainer.update(&s.feats, gold, guess);
            correct += (guess == gold) as usize;
            let next = if opts.follow_gold { gold } else { guess };
            prev2 = prev;
            prev = self.hashes[next];
            prev_tag = self.tags[next];
        }
        (correct, n)
    }
}

/// The averaged model so far, with the gazetteer, the lexicon and the
/// model info (version, training summary, options).
fn snapshot(
    trainer: &Trainer,
    gaz: &KeyMap,
    lex: &KeyMap,
    summary: &[String],
    opts: &TrainOptions,
) -> Ner {
    let model = trainer.finish(&FinishOptions {
        min_weight: opts.min_weight,
    });
    let info = format!(
        "dyad-ner model v{}\n{}\noptions: {:?}\n",
        crate::model::MODEL_VERSION,
        summary.join("\n"),
        opts
    );
    Ner::from_parts(model, gaz.clone(), lex.clone(), info)
}

/// `; NAME P/R/F1 p/r/f` for each dev set (tagged first when a tagger is
/// given, as in training).
fn dev_scores(
    m: &Ner,
    dev: &[(String, Vec<GoldDoc>)],
    tagger: Option<&dyad_tagger::Tagger>,
) -> String {
    let mut line = String::new();
    for (name, docs) in dev {
        let r: NerReport = match tagger {
            Some(t) => eval_ner_with(m, name, docs, |d| t.tag_doc(d)),
            None => eval_ner(m, name, docs),
        };
        let h = r.headline();
        line.push_str(&format!(
            "; {name} P/R/F1 {:.1}/{:.1}/{:.1}",
            h.precision(),
            h.recall(),
            h.f1()
        ));
    }
    line
}
