//! Training the tagger and lemmatizer from CoNLL-U (cargo feature `train`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use dyad_conllu::ConlluError;
use dyad_doc::Upos;
use dyad_learn::{
    ByteWriter, ContainerWriter, FinishOptions, KeyMap, ModelError, Perceptron, Trainer,
    XorShift64, combine,
};

use crate::features::{
    CL, Clusters, WordFeats, decode, lemma_feats, lower_into, lower_key, word_feats,
};
use crate::lemma::{Script, best_of, candidates};
use crate::{Accuracy, MODEL_KIND, MODEL_VERSION, Tagger};

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A treebank could not be read.
    #[error(transparent)]
    Conllu(#[from] ConlluError),
    /// The model could not be written or read back.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The training data is unusable.
    #[error("{path}: {message}")]
    Data {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Training options. The defaults built `models/tagger.bin`.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data for the tagger (the best epoch on dev
    /// is kept when a dev file is given).
    pub epochs: usize,
    /// Passes for the lemmatizer's classifier.
    pub lemma_epochs: usize,
    /// Train the lemma classifier only on words seen at most this often
    /// (the dictionary covers the others); 0: on every word.
    pub lemma_rare_max: u32,
    /// Folds for the ambiguity classes that training sentences see (each
    /// fold's classes are computed from the other folds); 1: no folds.
    pub amb_folds: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Averaged weights below this are dropped (model size).
    pub min_weight: f32,
    /// Words seen at least this often get an ambiguity class.
    pub amb_min_count: u32,
    /// A tag is in a word's ambiguity class if it has at least this share of
    /// the word's occurrences.
    pub amb_min_share: f64,
    /// Words seen at least this often with one tag in at least
    /// `fixed_min_share` of cases are tagged by lookup.
    pub fixed_min_count: u32,
    /// See `fixed_min_count`.
    pub fixed_min_share: f64,
    /// Use only the first N training sentences (smoke tests).
    pub max_sentences: Option<usize>,
    /// Word cluster file (`word<TAB>coarse<TAB>fine<TAB>vector-id<TAB>tag-class`
    /// lines after `#` comments, as written by `scripts/clusters/build.py`),
    /// embedded in the model and used by extra features; `None`: no cluster
    /// features. Default: [`default_clusters_path`].
    pub clusters: Option<PathBuf>,
    /// Folds for the second pass: the first pass is retrained this many
    /// times without one fold of the training sentences to tag that fold,
    /// and a second tagger learns from those tags (the tags of the words to
    /// the right). 0 or 1: one pass.
    pub second_pass_folds: usize,
}

/// The repository's cluster file, `models/clusters.tsv` (located from this
/// crate's source directory at compile time), the default of
/// [`TrainOptions::clusters`].
pub fn default_clusters_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/clusters.tsv")
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 8,
            lemma_epochs: 6,
            lemma_rare_max: 0,
            amb_folds: 5,
            seed: 1,
            min_weight: 0.6,
            amb_min_count: 2,
            amb_min_share: 0.01,
            fixed_min_count: 10,
            fixed_min_share: 0.97,
            max_sentences: None,
            clusters: Some(default_clusters_path()),
            second_pass_folds: 5,
        }
    }
}

/// What training did.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Training sentences and words used.
    pub train_sentences: usize,
    /// Training words.
    pub train_words: usize,
    /// Epoch kept (1-based) of the first pass.
    pub best_epoch: usize,
    /// Epoch kept of the second pass, if one is kept (it is when it
    /// beats the first pass alone on dev).
    pub second_pass_epoch: Option<usize>,
    /// Dev accuracy per epoch, first pass then second pass (empty without
    /// dev).
    pub dev_by_epoch: Vec<Accuracy>,
    /// Dev accuracy of the kept model.
    pub dev: Option<Accuracy>,
    /// Joint UPOS+XPOS classes.
    pub n_tags: usize,
    /// Lemma edit scripts.
    pub n_scripts: usize,
    /// Tagger features and weights kept.
    pub tag_features: usize,
    /// Tagger weights kept.
    pub tag_weights: usize,
    /// Size of the written model file in bytes.
    pub model_bytes: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl std::fmt::Display for TrainReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "trained on {} sentences / {} words in {:.1}s",
            self.train_sentences, self.train_words, self.seconds
        )?;
        for (i, a) in self.dev_by_epoch.iter().enumerate() {
            writeln!(f, "  epoch {:>2}  dev {a}", i + 1)?;
        }
        if let Some(e) = self.second_pass_epoch {
            writeln!(
                f,
                "second pass kept, epoch {e} (dev lines after the first pass's)"
            )?;
        }
        writeln!(
            f,
            "kept epoch {}: {} tags, {} lemma scripts, {} features / {} weights, model {} bytes",
            self.best_epoch,
            self.n_tags,
            self.n_scripts,
            self.tag_features,
            self.tag_weights,
            self.model_bytes
        )?;
        if let Some(d) = &self.dev {
            write!(f, "dev (gold tokens): {d}")?;
        }
        Ok(())
    }
}

/// Train a tagger + lemmatizer on `train` (CoNLL-U), choose the epoch by
/// accuracy on `dev` if given, and write the model to `out`.
///
/// Deterministic: the same inputs and options give a byte-identical file.
pub fn train(
    train: &Path,
    dev: Option<&Path>,
    out: &Path,
    opts: &TrainOptions,
) -> Result<TrainReport, TrainError> {
    let started = Instant::now();
    let mut sents = dyad_conllu::read_path(train)?;
    if let Some(m) = opts.max_sentences {
        sents.truncate(m);
    }
    sents.retain(|s| !s.words.is_empty());
    let dev_sents = dev.map(dyad_conllu::read_path).transpose()?;
    let data_err = |message: String| TrainError::Data {
        path: train.display().to_string(),
        message,
    };
    if sents.is_empty() {
        return Err(data_err("no sentences".into()));
    }
    let clusters = match &opts.clusters {
        Some(p) => read_clusters(p)?,
        None => Clusters::empty(),
    };

    // Joint tag classes, most frequent first (ties by label).
    let mut tag_counts: BTreeMap<String, u32> = BTreeMap::new();
    for w in sents.iter().flat_map(|s| &s.words) {
        if Upos::parse(&w.upos).is_none() {
            return Err(data_err(format!(
                "word {:?} has unknown UPOS {:?}",
                w.form, w.upos
            )));
        }
        *tag_counts.entry(joint(&w.upos, &w.xpos)).or_default() += 1;
    }
    let tag_labels = by_count(&tag_counts);
    let tag_id: BTreeMap<&str, u16> = tag_labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u16))
        .collect();

    // Word → tag counts, for ambiguity classes and lookup tags; also per
    // fold, so training sentences can see ambiguity classes computed without
    // themselves (as unseen text will).
    let folds = opts.amb_folds.max(1);
    let mut lower = String::new();
    let mut word_tags: WordTags = BTreeMap::new();
    let mut fold_tags: Vec<WordTags> = vec![BTreeMap::new(); folds];
    for (si, s) in sents.iter().enumerate() {
        for w in &s.words {
            lower_into(&w.form, &mut lower);
            let t = tag_id[joint(&w.upos, &w.xpos).as_str()];
            for m in [&mut word_tags, &mut fold_tags[si % folds]] {
                *m.entry(lower.clone()).or_default().entry(t).or_default() += 1;
            }
        }
    }
    let mut classes: BTreeMap<Vec<u16>, u32> = BTreeMap::new();
    let mut fixed_pairs = Vec::new();
    for (word, tags) in &word_tags {
        let total: u32 = tags.values().sum();
        let (best, &count) = tags
            .iter()
            .max_by_key(|&(&t, &c)| (c, std::cmp::Reverse(t)))
            .expect("non-empty");
        if total >= opts.fixed_min_count && count as f64 >= opts.fixed_min_share * total as f64 {
            fixed_pairs.push((lower_key(word), *best as u32));
        }
    }
    let amb_pairs = amb_classes(&word_tags, None, opts, &mut classes);
    let fold_amb: Vec<KeyMap> = if folds > 1 {
        fold_tags
            .iter()
            .map(|f| KeyMap::from_pairs(amb_classes(&word_tags, Some(f), opts, &mut classes)))
            .collect()
    } else {
        Vec::new()
    };
    let amb = KeyMap::from_pairs(amb_pairs);
    let fixed = KeyMap::from_pairs(fixed_pairs);

    // Lemma scripts, dictionary and candidate lists.
    let mut script_counts: BTreeMap<Script, u32> = BTreeMap::new();
    for w in sents.iter().flat_map(|s| &s.words) {
        if w.lemma != "_" {
            *script_counts
                .entry(Script::between(&w.form, &w.lemma))
                .or_default() += 1;
        }
    }
    let mut scripts: Vec<(&Script, u32)> = script_counts.iter().map(|(s, &c)| (s, c)).collect();
    scripts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    if scripts.len() > u16::MAX as usize {
        return Err(data_err("too many lemma edit scripts".into()));
    }
    let script_id: BTreeMap<&Script, u16> = scripts
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (*s, i as u16))
        .collect();
    let script_list: Vec<Script> = scripts.iter().map(|(s, _)| (*s).clone()).collect();
    let max_remove = script_list
        .iter()
        .map(|s| s.remove.chars().count())
        .max()
        .unwrap_or(0);
    let mut cand_map: BTreeMap<(bool, &str), Vec<u16>> = BTreeMap::new();
    for (i, s) in script_list.iter().enumerate() {
        cand_map
            .entry((s.lower, s.remove.as_str()))
            .or_default()
            .push(i as u16);
    }
    let cand_lists: Vec<Vec<u16>> = cand_map.values().cloned().collect();
    let cands = KeyMap::from_pairs(
        cand_map
            .keys()
            .enumerate()
            .map(|(i, (l, r))| (Script::candidate_key(*l, r), i as u32)),
    );
    let mut dict_counts: BTreeMap<(u64, u16), u32> = BTreeMap::new();

    // Per-sentence features and gold ids.
    struct Prepared {
        words: Vec<WordFeats>,
        tags: Vec<u16>,
        scripts: Vec<Option<u16>>,
        lowers: Vec<String>,
    }
    let mut prepared = Vec::with_capacity(sents.len());
    let mut n_words = 0;
    for (si, s) in sents.iter().enumerate() {
        let amb = fold_amb.get(si % folds).unwrap_or(&amb);
        let mut p = Prepared {
            words: vec![WordFeats::pad(1), WordFeats::pad(2)],
            tags: Vec::with_capacity(s.words.len()),
            scripts: Vec::with_capacity(s.words.len()),
            lowers: Vec::with_capacity(s.words.len()),
        };
        for w in &s.words {
            let wf = word_feats(&w.form, &mut lower, amb, &clusters);
            let t = tag_id[joint(&w.upos, &w.xpos).as_str()];
            let sc = (w.lemma != "_").then(|| script_id[&Script::between(&w.form, &w.lemma)]);
            if let Some(sc) = sc {
                *dict_counts
                    .entry((combine(wf.form, t as u64), sc))
                    .or_default() += 1;
                *dict_counts
                    .entry((combine(wf.lower, t as u64), sc))
                    .or_default() += 1;
            }
            p.words.push(wf);
            p.tags.push(t);
            p.scripts.push(sc);
            p.lowers.push(lower.clone());
        }
        p.words.push(WordFeats::pad(3));
        p.words.push(WordFeats::pad(4));
        n_words += s.words.len();
        prepared.push(p);
    }
    // Most frequent script per (word, tag); ties to the lower id.
    let mut lemdict_pairs: Vec<(u64, u32)> = Vec::new();
    let mut cur: Option<(u64, u16, u32)> = None;
    for (&(k, sc), &c) in &dict_counts {
        match cur {
            Some((ck, _, cc)) if ck == k => {
                if c > cc {
                    cur = Some((k, sc, c));
                }
            }
            _ => {
                if let Some((ck, cs, _)) = cur {
                    lemdict_pairs.push((ck, cs as u32));
                }
                cur = Some((k, sc, c));
            }
        }
    }
    if let Some((ck, cs, _)) = cur {
        lemdict_pairs.push((ck, cs as u32));
    }
    let lemdict = KeyMap::from_pairs(lemdict_pairs);

    let mut rng = XorShift64::new(opts.seed);
    let mut feats = Vec::new();
    let mut scores = Vec::new();
    let finish = FinishOptions {
        min_weight: opts.min_weight,
    };

    // Lemma classifier (gold tags).
    let mut lt = Trainer::new(script_list.iter().map(Script::label).collect());
    let mut positions: Vec<(u32, u32)> = prepared
        .iter()
        .enumerate()
        .flat_map(|(si, p)| (0..p.tags.len() as u32).map(move |i| (si as u32, i)))
        .collect();
    let mut cand_buf = Vec::new();
    for _ in 0..opts.lemma_epochs {
        rng.shuffle(&mut positions);
        for &(si, i) in &positions {
            let p = &prepared[si as usize];
            let i = i as usize;
            let Some(gold) = p.scripts[i] else { continue };
            if opts.lemma_rare_max > 0
                && word_tags
                    .get(&p.lowers[i])
                    .is_some_and(|t| t.values().sum::<u32>() > opts.lemma_rare_max)
            {
                continue;
            }
            let form = &sents[si as usize].words[i].form;
            candidates(
                form,
                &p.lowers[i],
                &cands,
                &cand_lists,
                max_remove,
                &mut cand_buf,
            );
            lemma_feats(&p.words[i + 2], p.tags[i] as u64, &mut feats);
            lt.scores(&feats, &mut scores);
            let guess = best_of(&scores, &cand_buf).unwrap_or(gold);
            lt.update(&feats, gold as usize, guess as usize);
        }
    }
    let lemma_model = lt.finish(&finish);

    let all: Vec<usize> = (0..prepared.len()).collect();
    let data: Vec<Example<'_>> = prepared
        .iter()
        .map(|p| Example {
            words: &p.words,
            gold: &p.tags,
            first: None,
        })
        .collect();

    // Tagger, epoch chosen on dev.
    let parts = Parts {
        amb: &amb,
        fixed: &fixed,
        clusters: &clusters,
        lemma: &lemma_model,
        lemdict: &lemdict,
        cands: &cands,
        cand_lists: &cand_lists,
    };
    let use_cl = !clusters.words.is_empty();
    let info = |pass: &str, epoch_no: usize| {
        format!(
            "dyad tagger; data: {} ({} sentences, {} words); UD English EWT, CC BY-SA 4.0; \
             word clusters: {} words (models/tagger.md); \
             {pass} epoch {} of {}; options: {:?}",
            train
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            prepared.len(),
            n_words,
            clusters.words.len(),
            epoch_no + 1,
            opts.epochs,
            opts,
        )
    };
    let evaluate = |bytes: &[u8]| -> Result<Option<Accuracy>, TrainError> {
        Ok(match &dev_sents {
            Some(d) => Some(Tagger::from_bytes_named(bytes, "<training>")?.evaluate(d)),
            None => None,
        })
    };
    // First pass.
    let mut tt = Trainer::new(tag_labels.clone());
    let mut best: Option<Kept> = None;
    let mut dev_by_epoch = Vec::new();
    for epoch_no in 0..opts.epochs.max(1) {
        epoch(&mut tt, &data, &all, &fixed, use_cl, &mut rng);
        let tag_model = tt.finish(&finish);
        let bytes = assemble(&tag_model, None, &parts, &info("first pass", epoch_no));
        let acc = evaluate(&bytes)?;
        keep_better(
            &mut best,
            &mut dev_by_epoch,
            epoch_no,
            bytes,
            acc,
            tag_model,
        );
    }
    let mut kept = best.expect("one epoch");
    let first_epoch = kept.epoch;
    let mut second_epoch = None;
    if opts.second_pass_folds > 1 {
        // First-pass tags of every training sentence from a first pass
        // trained without its fold (as unseen text will get them).
        let k = opts.second_pass_folds;
        let mut first: Vec<Vec<u16>> = vec![Vec::new(); data.len()];
        let (mut feats, mut scores) = (Vec::new(), Vec::new());
        for fold in 0..k {
            let subset: Vec<usize> = (0..data.len()).filter(|i| i % k != fold).collect();
            let mut ft = Trainer::new(tag_labels.clone());
            let mut frng = XorShift64::new(opts.seed ^ (0x5eed_0000 + fold as u64));
            for _ in 0..first_epoch {
                epoch(&mut ft, &data, &subset, &fixed, use_cl, &mut frng);
            }
            let m = ft.finish(&finish);
            for i in (0..data.len()).filter(|i| i % k == fold) {
                decode(
                    data[i].words,
                    &fixed,
                    tag_labels.len(),
                    use_cl,
                    None,
                    &mut feats,
                    &mut first[i],
                    |f, _| {
                        m.scores(f, &mut scores);
                        dyad_learn::argmax(&scores, |_| true).unwrap_or(0)
                    },
                );
            }
        }
        let data2: Vec<Example<'_>> = data
            .iter()
            .zip(&first)
            .map(|(e, q)| Example {
                words: e.words,
                gold: e.gold,
                first: Some(q),
            })
            .collect();
        let mut t2 = Trainer::new(tag_labels.clone());
        let mut best2: Option<Kept> = None;
        for epoch_no in 0..opts.epochs.max(1) {
            epoch(&mut t2, &data2, &all, &fixed, use_cl, &mut rng);
            let m2 = t2.finish(&finish);
            let bytes = assemble(
                &kept.model,
                Some((&m2, f32::INFINITY)),
                &parts,
                &info(
                    &format!("first pass epoch {first_epoch}, second pass"),
                    epoch_no,
                ),
            );
            let acc = evaluate(&bytes)?;
            keep_better(&mut best2, &mut dev_by_epoch, epoch_no, bytes, acc, m2);
        }
        let mut b2 = best2.expect("one epoch");
        // Speed: the second pass keeps the first pass's tag where the first
        // pass was confident. The margin is the lowest of a few dev
        // quantiles that costs at most 0.03 points of UPOS + XPOS.
        if let Some(d) = &dev_sents {
            let info2 = info(
                &format!("first pass epoch {first_epoch}, second pass"),
                b2.epoch - 1,
            );
            let mut tagger = Tagger::from_bytes_named(&b2.bytes, "<training>")?;
            let mut margins = tagger.first_pass_margins(d);
            margins.sort_by(f32::total_cmp);
            let mut chosen = (f32::INFINITY, b2.score, b2.acc);
            for q in [0.9, 0.7, 0.5, 0.3, 0.2, 0.15, 0.1, 0.05] {
                let Some(&m) = margins.get((margins.len() as f64 * q) as usize) else {
                    continue;
                };
                tagger.confident = m;
                let a = tagger.evaluate(d);
                eprintln!(
                    "second pass, keep first-pass tags with margin >= {m:.3} (dev quantile {q}): {a}"
                );
                if a.upos + a.xpos >= b2.score - 0.03 {
                    chosen = (m, a.upos + a.xpos, Some(a));
                }
            }
            b2.bytes = assemble(&kept.model, Some((&b2.model, chosen.0)), &parts, &info2);
            b2.score = chosen.1;
            b2.acc = chosen.2;
        }
        // Keep the second pass only if it helps on dev (or without dev).
        if dev_sents.is_none() || b2.score > kept.score {
            second_epoch = Some(b2.epoch);
            kept = b2;
        }
    }
    let (bytes, dev_acc) = (kept.bytes, kept.acc);
    let (tag_features, tag_weights) = (kept.model.n_features(), kept.model.n_weights());
    std::fs::write(out, &bytes).map_err(|source| ModelError::Write {
        origin: out.display().to_string(),
        source,
    })?;
    Ok(TrainReport {
        train_sentences: prepared.len(),
        train_words: n_words,
        best_epoch: first_epoch,
        second_pass_epoch: second_epoch,
        dev_by_epoch,
        dev: dev_acc,
        n_tags: tag_labels.len(),
        n_scripts: script_list.len(),
        tag_features,
        tag_weights,
        model_bytes: bytes.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Lower-cased word → joint tag id → count.
type WordTags = BTreeMap<String, BTreeMap<u16, u32>>;

/// Ambiguity classes (`(word key, class id)`) from the tag counts of
/// `all` minus those of `minus`; class ids come from (and extend) `classes`.
fn amb_classes(
    all: &WordTags,
    minus: Option<&WordTags>,
    opts: &TrainOptions,
    classes: &mut BTreeMap<Vec<u16>, u32>,
) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    for (word, tags) in all {
        let held = minus.and_then(|m| m.get(word));
        let count = |t: u16, c: u32| c - held.and_then(|h| h.get(&t)).copied().unwrap_or(0);
        let total: u32 = tags.iter().map(|(&t, &c)| count(t, c)).sum();
        if total == 0 || total < opts.amb_min_count {
            continue;
        }
        let set: Vec<u16> = tags
            .iter()
            .filter(|&(&t, &c)| {
                count(t, c) > 0 && count(t, c) as f64 >= opts.amb_min_share * total as f64
            })
            .map(|(&t, _)| t)
            .collect();
        let n = classes.len() as u32;
        let id = *classes.entry(set).or_insert(n);
        out.push((lower_key(word), id));
    }
    out
}

fn joint(upos: &str, xpos: &str) -> String {
    format!("{upos}\t{xpos}")
}

/// Labels sorted by count (descending), then label.
fn by_count(counts: &BTreeMap<String, u32>) -> Vec<String> {
    let mut v: Vec<(&String, u32)> = counts.iter().map(|(l, &c)| (l, c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v.into_iter().map(|(l, _)| l.clone()).collect()
}

/// The best epoch so far of a pass.
struct Kept {
    /// Dev UPOS + XPOS (or the epoch index without dev).
    score: f64,
    /// 1-based epoch.
    epoch: usize,
    /// The whole model file.
    bytes: Vec<u8>,
    acc: Option<Accuracy>,
    /// The pass's tagger.
    model: Perceptron,
}

/// Record the dev accuracy of epoch `epoch_no` (0-based) and keep its
/// model if it beats `best` (without dev, the latest epoch wins).
fn keep_better(
    best: &mut Option<Kept>,
    dev_by_epoch: &mut Vec<Accuracy>,
    epoch_no: usize,
    bytes: Vec<u8>,
    acc: Option<Accuracy>,
    model: Perceptron,
) {
    if let Some(a) = acc {
        dev_by_epoch.push(a);
    }
    let score = acc.map_or(epoch_no as f64, |a| a.upos + a.xpos);
    if best.as_ref().is_none_or(|b| score > b.score) {
        *best = Some(Kept {
            score,
            epoch: epoch_no + 1,
            bytes,
            acc,
            model,
        });
    }
}

/// One training sentence for a tagging pass.
struct Example<'a> {
    words: &'a [WordFeats],
    gold: &'a [u16],
    /// First-pass tags (for training the second pass).
    first: Option<&'a [u16]>,
}

/// One perceptron epoch over `subset` of `data`, shuffled.
fn epoch(
    t: &mut Trainer,
    data: &[Example<'_>],
    subset: &[usize],
    fixed: &KeyMap,
    clusters: bool,
    rng: &mut XorShift64,
) {
    let mut order = subset.to_vec();
    rng.shuffle(&mut order);
    let (mut feats, mut scores, mut out) = (Vec::new(), Vec::new(), Vec::new());
    let n_tags = t.n_classes();
    for i in order {
        let ex = &data[i];
        decode(
            ex.words,
            fixed,
            n_tags,
            clusters,
            ex.first,
            &mut feats,
            &mut out,
            |f, i| {
                let guess = t.predict(f, &mut scores, |_| true).unwrap_or(0);
                t.update(f, ex.gold[i] as usize, guess);
                guess
            },
        );
    }
}

struct Parts<'a> {
    amb: &'a KeyMap,
    fixed: &'a KeyMap,
    clusters: &'a Clusters,
    lemma: &'a Perceptron,
    lemdict: &'a KeyMap,
    cands: &'a KeyMap,
    cand_lists: &'a [Vec<u16>],
}

fn assemble(
    tags: &Perceptron,
    tags2: Option<(&Perceptron, f32)>,
    p: &Parts<'_>,
    info: &str,
) -> Vec<u8> {
    let mut w = ContainerWriter::new(MODEL_KIND, MODEL_VERSION);
    let mut info_b = ByteWriter::new();
    info_b.str(info);
    let mut lists = ByteWriter::new();
    lists.u32(p.cand_lists.len() as u32);
    for l in p.cand_lists {
        lists.u32(l.len() as u32);
        for &id in l {
            lists.u16(id);
        }
    }
    let mut clustab = ByteWriter::new();
    clustab.u32(p.clusters.ids.len() as u32);
    for row in &p.clusters.ids {
        for &id in row {
            clustab.u16(id);
        }
    }
    w.section("info", info_b.bytes)
        .section("tags", tags.to_index_bytes())
        .section("amb", p.amb.to_index_bytes())
        .section("fixed", p.fixed.to_index_bytes())
        .section("lemma", p.lemma.to_index_bytes())
        .section("lemdict", p.lemdict.to_index_bytes())
        .section("cands", p.cands.to_index_bytes())
        .section("candlists", lists.bytes)
        .section("clusters", p.clusters.words.to_index_bytes())
        .section("clustab", clustab.bytes);
    if let Some((t2, confident)) = tags2 {
        let mut st = ByteWriter::new();
        st.f32(confident);
        w.section("tags2", t2.to_index_bytes())
            .section("stack", st.bytes);
    }
    w.to_bytes()
}

/// Read a cluster file (see [`TrainOptions::clusters`]).
fn read_clusters(path: &Path) -> Result<Clusters, TrainError> {
    let err = |line: usize, message: String| TrainError::Data {
        path: format!("{}:{line}", path.display()),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(0, e.to_string()))?;
    let mut words = Vec::new();
    let mut rows: BTreeMap<[u16; CL], u32> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let mut row = [0u16; CL];
        let mut ok = f.len() == CL + 1 && !f[0].is_empty();
        for (id, s) in row.iter_mut().zip(&f[1..]) {
            match s.parse() {
                Ok(v) => *id = v,
                Err(_) => ok = false,
            }
        }
        if !ok {
            return Err(err(
                i + 1,
                format!("expected a word and {CL} tab-separated numbers below 65536"),
            ));
        }
        words.push((lower_key(f[0]), row));
        rows.insert(row, 0);
    }
    // Rows in sorted order, so the table does not depend on the line order.
    for (n, r) in rows.values_mut().enumerate() {
        *r = n as u32;
    }
    Ok(Clusters {
        words: KeyMap::from_pairs(words.iter().map(|(k, t)| (*k, rows[t]))),
        ids: rows.keys().copied().collect(),
    })
}
