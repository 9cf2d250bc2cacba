//! Train the attribution acceptance model (`src/accept.rs`) on PolNeAR
//! train and write `crates/dyad-quotes/data/accept.tsv`.
//!
//! `cargo run --release -p dyad-quotes --example train_accept -- [DATA] [EPOCHS] [THRESHOLD] [THRESHOLD_EXTRA] [THRESHOLD_UNPARSED] [--orders N] [--l2 X] [--fold-models F0,F1,… [--also-shipped]] [--extras] [--skip-fold K/N] [--out FILE]`
//!
//! Each train article is read with the pipeline's parse and run through the
//! stage without an acceptance model and without extra cue candidates
//! (on train the cue pass has seen the articles, so its near misses are
//! few and unlike dev's); every attribution it assembles is an
//! example, positive when a gold attribution overlaps it in all three roles
//! (a role empty on both sides agrees), as the scorer's attribution-level
//! overlap match counts it. Logistic regression by stochastic gradient
//! descent in a fixed order (deterministic). THRESHOLD, THRESHOLD_EXTRA and
//! THRESHOLD_UNPARSED (logits, chosen on dev with `eval --accept FILE
//! --accept-threshold T --accept-threshold-extra X`, and
//! `--accept-threshold-unparsed U --no-parse`) are written with the weights.

use std::collections::HashMap;
use std::path::PathBuf;

use dyad_quotes::accept::{features, to_tsv};
use dyad_quotes::extract::{Analysis, assemble_scored};

mod common;

/// Byte offset of each code point (and the text's length at the end).
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

fn overlaps(a: &[(usize, usize)], b: &[dyad_doc::Span]) -> bool {
    a.iter()
        .any(|&(s, e)| b.iter().any(|x| s < x.end() && x.start() < e))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let data = common::data_dir(&args);
    let epochs: usize = args.get(2).map_or(Ok(10), |s| s.parse())?;
    let threshold: f32 = args.get(3).map_or(Ok(0.0), |s| s.parse())?;
    let threshold_extra: f32 = args.get(4).map_or(Ok(0.0), |s| s.parse())?;
    let threshold_unparsed: f32 = args.get(5).map_or(Ok(0.0), |s| s.parse())?;
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/accept.tsv"),
            PathBuf::from,
        );
    let train = dyad_quotes::brat::read_dir(&PathBuf::from(data).join("polnear/train"))?;
    let tokens = common::parsed(&train)?;
    let mut compiled = dyad_quotes::QuoteStage::new()?.compiled().clone();
    compiled.accept = None;
    compiled.extra_cue_min = None;
    // `--cue-bias B`: train on the cues of another B-cue bias (more or
    // fewer candidate cues; eval with the same `--cue-bias`).
    if let Some(b) = args
        .iter()
        .position(|a| a == "--cue-bias")
        .and_then(|i| args.get(i + 1))
    {
        let mut models = compiled.models.clone();
        models.set_cue_bias(b.parse()?);
        compiled = dyad_quotes::extract::Compiled::new(models);
        compiled.accept = None;
        compiled.extra_cue_min = None;
    }
    // `--fold-models F0,F1,…`: each article is tagged by the model of its
    // fold (`train --fold K/N` left the fold out of that model's training,
    // N the number of files), so the cue pass's scores and near misses on
    // it are those of unseen text, as on dev and in use; the B-cue bias is
    // the shipped model's (or `--cue-bias`). Given more than once (fold
    // models of other `--seed`s), each set is one more pass over train.
    // `--extras`: the extra cue candidates' attributions are examples too.
    let extras = args.iter().any(|a| a == "--extras");
    let extra_min = extras.then_some(dyad_quotes::extract::EXTRA_CUE_MIN);
    let mut fold_sets: Vec<Vec<dyad_quotes::extract::Compiled>> = Vec::new();
    for (i, _) in args
        .iter()
        .enumerate()
        .filter(|(_, a)| *a == "--fold-models")
    {
        let list = args.get(i + 1).ok_or("--fold-models F0,F1,…")?;
        fold_sets.push(
            list.split(',')
                .map(|f| -> Result<_, Box<dyn std::error::Error>> {
                    let mut m = dyad_quotes::extract::Models::from_bytes(&std::fs::read(f)?)?;
                    m.set_cue_bias(compiled.models.cue_bias());
                    let mut c = dyad_quotes::extract::Compiled::new(m);
                    c.accept = None;
                    c.extra_cue_min = extra_min;
                    Ok(c)
                })
                .collect::<Result<_, _>>()?,
        );
    }
    compiled.extra_cue_min = extra_min;
    // Examples: feature ids and label.
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut examples: Vec<(Vec<usize>, f32)> = Vec::new();
    // `--skip-fold K/N`: leave out fold K's articles (for a
    // cross-validated score of the acceptance model itself: `eval
    // --fold-models … --fold-accepts …`). `--also-shipped`: with
    // `--fold-models`, the shipped model's attributions on every article
    // are examples too (a second pass).
    let skip: Option<(u64, u64)> = match args
        .iter()
        .position(|a| a == "--skip-fold")
        .and_then(|i| args.get(i + 1))
    {
        None => None,
        Some(f) => {
            let (k, n) = f.split_once('/').ok_or("--skip-fold K/N")?;
            Some((k.parse()?, n.parse()?))
        }
    };
    // Passes: each fold set (`Some`), then the shipped model (`None`)
    // when there is no fold set or with `--also-shipped`.
    let mut passes: Vec<Option<&[dyad_quotes::extract::Compiled]>> =
        fold_sets.iter().map(|f| Some(f.as_slice())).collect();
    if fold_sets.is_empty() || args.iter().any(|a| a == "--also-shipped") {
        passes.push(None);
    }
    for (set, (a, toks)) in passes
        .iter()
        .flat_map(|&p| train.iter().zip(&tokens).map(move |x| (p, x)))
    {
        if skip.is_some_and(|(k, n)| common::fold_of(&a.name, n) == k) {
            continue;
        }
        let an = Analysis::with_tokens(&a.text, toks);
        let compiled = match set {
            None => &compiled,
            Some(f) => &f[common::fold_of(&a.name, f.len() as u64) as usize],
        };
        let (sums, base, labels) = compiled.tag(&an);
        let quotes = assemble_scored(&an, (&sums, &base, &labels), compiled, &a.text).quotes;
        let off = byte_offsets(&a.text);
        let bytes = |v: &[(usize, usize)]| -> Vec<(usize, usize)> {
            v.iter()
                .map(|&(s, e)| (off[s.min(off.len() - 1)], off[e.min(off.len() - 1)]))
                .collect()
        };
        let gold: Vec<[Vec<(usize, usize)>; 3]> = a
            .attributions
            .iter()
            .map(|g| [bytes(&g.source), bytes(&g.cue), bytes(&g.content)])
            .collect();
        for q in &quotes {
            let good = gold.iter().any(|[s, c, t]| {
                overlaps(c, &q.cue)
                    && overlaps(t, &q.content)
                    && (overlaps(s, &q.source) || (s.is_empty() && q.source.is_empty()))
            });
            let f = features(&an, &sums, compiled.models.cue_bias(), q)
                .into_iter()
                .map(|name| {
                    let n = ids.len();
                    *ids.entry(name.clone()).or_insert_with(|| {
                        names.push(name);
                        n
                    })
                })
                .collect();
            examples.push((f, if good { 1.0 } else { 0.0 }));
        }
    }
    let pos = examples.iter().filter(|e| e.1 > 0.5).count();
    eprintln!(
        "{} examples ({pos} positive), {} features",
        examples.len(),
        names.len()
    );
    // `--orders N`: the mean of N models trained on N example orders
    // (steadier than one: single orders differ by about ±0.3 attribution
    // overlap F1 on dev).
    let orders: u64 = args
        .iter()
        .position(|a| a == "--orders")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(1), |s| s.parse())?;
    // `--l2 X`: the L2 weight decay per step (default 1e-4).
    let l2: f64 = args
        .iter()
        .position(|a| a == "--l2")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(1e-4), |s| s.parse())?;
    let mut w = vec![0.0f64; names.len()];
    for seed in 0..orders {
        for (m, x) in w
            .iter_mut()
            .zip(sgd(&examples, names.len(), (epochs, l2), seed))
        {
            *m += x / orders as f64;
        }
    }
    let weights: Vec<(String, f32)> = names
        .into_iter()
        .zip(&w)
        .filter(|(_, x)| x.abs() >= 1e-3)
        .map(|(name, x)| (name, *x as f32))
        .collect();
    let thresholds = [threshold, threshold_extra, threshold_unparsed];
    std::fs::write(&out, to_tsv(thresholds, &weights))?;
    eprintln!("wrote {} ({} features)", out.display(), weights.len());
    Ok(())
}

/// Logistic regression by SGD over `examples` (feature ids, label) in a
/// fixed pseudo-random order per epoch (from `seed`), step size decaying by
/// epoch, L2 decay `l2` per step.
fn sgd(
    examples: &[(Vec<usize>, f32)],
    n: usize,
    (epochs, l2): (usize, f64),
    seed: u64,
) -> Vec<f64> {
    let mut w = vec![0.0f64; n];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    for epoch in 0..epochs {
        // This epoch's order: examples sorted by a mix of their index, the
        // epoch and the seed (SplitMix64's finaliser).
        order.sort_by_key(|&k| {
            let mut z = (k as u64) ^ ((epoch as u64 + 1) << 40) ^ (seed << 52);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        });
        let lr = 0.1 / (1.0 + epoch as f64);
        let mut loss = 0.0;
        for &k in &order {
            let (f, y) = &examples[k];
            let z: f64 = f.iter().map(|&i| w[i]).sum();
            let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
            loss -= if *y > 0.5 { p.ln() } else { (1.0 - p).ln() };
            let g = f64::from(*y) - p;
            for &i in f {
                w[i] += lr * g - lr * l2 * w[i];
            }
        }
        eprintln!(
            "order {seed} epoch {epoch}: log-loss {:.4}",
            loss / examples.len() as f64
        );
    }
    w
}
