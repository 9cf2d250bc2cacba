//! Training the tagger on PolNeAR train, choosing the epoch on dev.

use crate::brat::{GoldArticle, GoldAttribution};
use crate::eval::{AttributionReport, score_article};
use crate::extract::{Analysis, Compiled, Models, extract_analysed};
use crate::roles::{ROLE_LABELS, role_features, role_gold};
use crate::tagger::{Label, Trainer};
use crate::text::Range;

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

/// Tokens of each gold attribution: (cue token range, membership mask).
fn attribution_tokens(
    an: &Analysis,
    text: &str,
    gold: &[GoldAttribution],
) -> Vec<(Range, Vec<bool>)> {
    let mut c2b: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    c2b.push(text.len());
    let to_b = |c: usize| c2b[c.min(c2b.len() - 1)];
    let toks_in = |frags: &[(usize, usize)]| -> Vec<usize> {
        let mut v = Vec::new();
        for &(cs, ce) in frags {
            let (bs, be) = (to_b(cs), to_b(ce));
            let mut k = an.toks.partition_point(|t| t.span.start() < bs);
            while k < an.toks.len() && an.toks[k].span.start() < be {
                v.push(k);
                k += 1;
            }
        }
        v
    };
    let mut out = Vec::new();
    for g in gold {
        let cue = toks_in(&g.cue);
        let (Some(&a), Some(&b)) = (cue.iter().min(), cue.iter().max()) else {
            continue;
        };
        let mut mask = vec![false; an.toks.len()];
        for k in toks_in(&g.source).into_iter().chain(toks_in(&g.content)) {
            mask[k] = true;
        }
        out.push((a..b + 1, mask));
    }
    out
}

/// A prepared training article: per-paragraph features and gold labels for
/// the first pass, per-cue sequences for the second.
pub struct Prepared {
    feats: Vec<Vec<u64>>,
    seqs: Vec<(Range, Vec<Label>)>,
    roles: Vec<(Vec<Vec<u64>>, Vec<Label>)>,
}

/// Prepare articles for training, given their analyses (same order).
pub fn prepare(articles: &[GoldArticle], analyses: &[Analysis]) -> Vec<Prepared> {
    articles
        .iter()
        .zip(analyses)
        .map(|(a, an)| {
            let feats = an.features();
            let labels = gold_labels(an, &a.text, &a.attributions);
            // The first pass learns cues only; roles come from the second.
            let cue_only: Vec<Label> = labels
                .iter()
                .map(|l| match l {
                    Label::BCue | Label::ICue => *l,
                    _ => Label::O,
                })
                .collect();
            let seqs = an
                .paras
                .iter()
                .map(|p| (p.clone(), cue_only[p.clone()].to_vec()))
                .collect();
            let mut roles = Vec::new();
            for (cue, mask) in attribution_tokens(an, &a.text, &a.attributions) {
                let para = an.paras[an.para_of(cue.start)].clone();
                if cue.end > para.end {
                    continue;
                }
                let rf = role_features(an, &feats, &para, &cue);
                let mut rg = role_gold(&labels, &mask, &para);
                // Re-derive B at fragment starts within the sequence.
                for k in 0..rg.len() {
                    let prev = if k == 0 { Label::O } else { rg[k - 1] };
                    rg[k] = match (rg[k], prev) {
                        (Label::ISource, Label::BSource | Label::ISource) => Label::ISource,
                        (Label::ISource, _) => Label::BSource,
                        (Label::IContent, Label::BContent | Label::IContent) => Label::IContent,
                        (Label::IContent, _) => Label::BContent,
                        (x, _) => x,
                    };
                }
                roles.push((rf, rg));
            }
            Prepared { feats, seqs, roles }
        })
        .collect()
}

/// Score models on articles, given their analyses (same order), without
/// the acceptance model and its extra cues: those are fitted to the
/// shipped model's cue scores, so the epoch choice of a model in training
/// reads its own passes and the assembly rules only.
pub fn evaluate(
    models: &Models,
    articles: &[GoldArticle],
    analyses: &[Analysis],
) -> AttributionReport {
    let mut total = AttributionReport::default();
    let mut models = Compiled::new(models.clone());
    models.accept = None;
    models.extra_cue_min = None;
    for (a, an) in articles.iter().zip(analyses) {
        let pred = extract_analysed(an, &a.text, &models);
        total.merge(&score_article(&a.text, &a.attributions, &pred));
    }
    total
}

/// Train for up to `epochs` epochs, keeping the averaged models with the
/// best attribution-level overlap F1 on `dev`. Articles are visited in a
/// fixed shuffled order per epoch (deterministic). `log` receives one line
/// per epoch. Each article set comes with its analyses (same order).
pub fn train(
    train: (&[GoldArticle], &[Analysis]),
    dev: (&[GoldArticle], &[Analysis]),
    epochs: usize,
    prune: f32,
    log: impl FnMut(&str),
) -> (Models, AttributionReport) {
    train_seeded(train, dev, epochs, prune, 0, log)
}

/// [`train`] with another article order: `seed` 0 is [`train`]'s, each
/// other seed gives its own fixed shuffles (for models trained on several
/// orders and averaged, [`crate::tagger::Model::average`]).
pub fn train_seeded(
    train: (&[GoldArticle], &[Analysis]),
    dev: (&[GoldArticle], &[Analysis]),
    epochs: usize,
    prune: f32,
    seed: u64,
    mut log: impl FnMut(&str),
) -> (Models, AttributionReport) {
    let prepared = prepare(train.0, train.1);
    let mut cue_trainer = Trainer::new();
    let mut role_trainer = Trainer::new();
    let mut best: Option<(f64, Models, AttributionReport)> = None;
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut seed: u64 = 0x9e3779b97f4a7c15 ^ seed.wrapping_mul(0xd6e8feb86659fd93);
    for epoch in 1..=epochs {
        // Fisher-Yates with a small xorshift generator.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let (mut wrong, mut rwrong) = (0, 0);
        for &a in &order {
            let p = &prepared[a];
            for (r, g) in &p.seqs {
                wrong += cue_trainer.update(&p.feats[r.clone()], g);
            }
            for (f, g) in &prepared[a].roles {
                rwrong += role_trainer.update_masked(f, g, &ROLE_LABELS);
            }
        }
        let models = Models {
            cues: cue_trainer.averaged(prune),
            roles: role_trainer.averaged(prune),
        };
        let rep = evaluate(&models, dev.0, dev.1);
        let f1 = rep.all.overlap_prf().2;
        log(&format!(
            "epoch {epoch}: token errors {wrong} / roles {rwrong}, features {} + {}, dev attribution overlap F1 {f1:.1}, content exact F1 {:.1}",
            models.cues.w.len(),
            models.roles.w.len(),
            rep.content.exact_prf().2
        ));
        if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
            best = Some((f1, models, rep));
        }
    }
    match best {
        Some((_, m, r)) => (m, r),
        None => (Models::default(), AttributionReport::default()),
    }
}
