//! Training the tagger on PolNeAR train, choosing the epoch on dev.

use crate::brat::{GoldArticle, GoldAttribution};
use crate::eval::{AttributionReport, eval_articles};
use crate::extract::{Analysis, assemble};
use crate::tagger::{Label, Model, Trainer};

/// Gold token labels of an analysed article. A token takes the role of the
/// gold span holding its first byte; the first token of each fragment is B.
pub fn gold_labels(an: &Analysis, text: &str, gold: &[GoldAttribution]) -> Vec<Label> {
    // code point -> byte
    let mut c2b: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    c2b.push(text.len());
    let to_b = |c: usize| c2b[c.min(c2b.len() - 1)];
    let mut labels = vec![Label::O; an.toks.len()];
    for g in gold {
        for (frags, b, i) in [
            (&g.source, Label::BSource, Label::ISource),
            (&g.cue, Label::BCue, Label::ICue),
            (&g.content, Label::BContent, Label::IContent),
        ] {
            for &(cs, ce) in frags.iter() {
                let (bs, be) = (to_b(cs), to_b(ce));
                let first = an.toks.partition_point(|t| t.span.start() < bs);
                let mut k = first;
                while k < an.toks.len() && an.toks[k].span.start() < be {
                    labels[k] = if k == first { b } else { i };
                    k += 1;
                }
            }
        }
    }
    // Paragraph starts may not hold an I label.
    for p in &an.paras {
        if let Some(l) = labels.get_mut(p.start) {
            *l = match *l {
                Label::ISource => Label::BSource,
                Label::ICue => Label::BCue,
                Label::IContent => Label::BContent,
                x => x,
            };
        }
    }
    labels
}

/// A prepared training article: per-paragraph features and gold labels.
pub struct Prepared {
    seqs: Vec<(Vec<Vec<u64>>, Vec<Label>)>,
}

/// Prepare articles for training.
pub fn prepare(articles: &[GoldArticle]) -> Vec<Prepared> {
    articles
        .iter()
        .map(|a| {
            let an = Analysis::new(&a.text);
            let feats = an.features();
            let labels = gold_labels(&an, &a.text, &a.attributions);
            let seqs = an
                .paras
                .iter()
                .map(|p| (feats[p.clone()].to_vec(), labels[p.clone()].to_vec()))
                .collect();
            Prepared { seqs }
        })
        .collect()
}

/// Score `model` on articles.
pub fn evaluate(model: &Model, articles: &[GoldArticle]) -> AttributionReport {
    eval_articles(articles, |text| {
        let an = Analysis::new(text);
        let feats = an.features();
        let labels = an.tag(model, &feats);
        assemble(&an, &labels, text)
    })
}

/// Train for up to `epochs` epochs, keeping the averaged model with the
/// best attribution-level overlap F1 on `dev`. Articles are visited in a
/// fixed shuffled order per epoch (deterministic). `log` receives one line
/// per epoch.
pub fn train(
    train: &[GoldArticle],
    dev: &[GoldArticle],
    epochs: usize,
    prune: f32,
    mut log: impl FnMut(&str),
) -> (Model, AttributionReport) {
    let prepared = prepare(train);
    let mut trainer = Trainer::new();
    let mut best: Option<(f64, Model, AttributionReport)> = None;
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    for epoch in 1..=epochs {
        // Fisher-Yates with a small xorshift generator.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let mut wrong = 0;
        for &a in &order {
            for (f, g) in &prepared[a].seqs {
                wrong += trainer.update(f, g);
            }
        }
        let model = trainer.averaged(prune);
        let rep = evaluate(&model, dev);
        let f1 = rep.all.overlap_prf().2;
        log(&format!(
            "epoch {epoch}: train token errors {wrong}, features {}, dev attribution overlap F1 {f1:.1}, content exact F1 {:.1}",
            model.w.len(),
            rep.content.exact_prf().2
        ));
        if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
            best = Some((f1, model, rep));
        }
    }
    match best {
        Some((_, m, r)) => (m, r),
        None => (Model::default(), AttributionReport::default()),
    }
}
