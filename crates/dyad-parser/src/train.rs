//! Training: the greedy arc-hybrid parser with a dynamic oracle and
//! exploration (Goldberg and Nivre 2012, 2013), two averaged perceptrons
//! from `dyad-learn`; or (with [`TrainOptions::beam`] > 1) the move model
//! as a global structured perceptron over beam search with max-violation
//! updates (Huang, Fayong and Guo 2012).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use dyad_conllu::ConlluError;
use dyad_learn::{FinishOptions, ModelError, Perceptron, Trainer, XorShift64};

use dyad_learn::KeyMap;

use crate::beam::Beam;
use crate::features::{self, Clusters, N_LABEL_FEATS, N_MOVE_FEATS, WordHashes};
use crate::system::{Gold, Move, NO_LABEL, State};
use crate::{Parser, Scorer, Workspace, best_move, predict_label};

/// A training error naming the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A treebank could not be read.
    #[error(transparent)]
    Data(#[from] ConlluError),
    /// The model could not be written or re-read.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The data does not fit.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Training options. [`TrainOptions::default`] is what built the shipped
/// model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed for shuffling, exploration and tag noise.
    pub seed: u64,
    /// First epoch (0-based) in which the parser follows its own wrong
    /// predictions (exploration); before it, the oracle's best move.
    pub explore_from: usize,
    /// Probability of following a wrong prediction once exploring.
    pub explore_p: f64,
    /// Probability, per training word, of replacing its gold tag by another
    /// tag the same word form has in the training data (simulates tagger
    /// errors; resampled each epoch). Ignored with `train_tags`.
    pub tag_noise: f64,
    /// CoNLL-U file with the same sentences as the training file but
    /// predicted (e.g. jackknifed) tags, used instead of the gold tags.
    pub train_tags: Option<PathBuf>,
    /// CoNLL-U file with the same sentences as the dev file but predicted
    /// tags, for the dev scores.
    pub dev_tags: Option<PathBuf>,
    /// Drop averaged move weights below this magnitude (model size). With
    /// a beam, whole features are dropped instead: those whose three move
    /// weights are all below it (a feature's slot in the file costs the
    /// same with one weight or three, so the others are kept).
    pub min_weight: f32,
    /// Drop averaged relation weights below this magnitude.
    pub label_min_weight: f32,
    /// Use at most this many training sentences (smoke tests).
    pub limit: Option<usize>,
    /// Word cluster file (`word<TAB>coarse<TAB>fine<TAB>vector-id<TAB>tag-class`
    /// lines after `#` comments, as written by `scripts/clusters/build.py`),
    /// embedded in the model for the cluster features; `None`: no clusters.
    /// Default: [`default_clusters_path`].
    pub clusters: Option<PathBuf>,
    /// Beam width: 1 trains the greedy parser (dynamic oracle,
    /// exploration); `k > 1` trains the move model globally with a beam of
    /// `k` and max-violation updates (exploration options ignored), the
    /// relation model along the oracle's move sequence, and writes a model
    /// that parses with that beam by default. With dev data, the best
    /// epoch's model is written as soon as it is known.
    pub beam: usize,
    /// Extra pruning thresholds for the move weights: for each `x`, the
    /// chosen epoch's model pruned at `|w| < x` is also written, to
    /// `OUT` with `.w<x>` appended to its name (model-size experiments).
    pub extra_min_weights: Vec<f32>,
}

/// The repository's cluster file, `models/clusters.tsv` (located from this
/// crate's source directory).
pub fn default_clusters_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/clusters.tsv")
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 14,
            seed: 0x00d1_ad00_0005_eed5,
            explore_from: 2,
            explore_p: 0.9,
            tag_noise: 0.12,
            train_tags: None,
            dev_tags: None,
            min_weight: 2.0,
            label_min_weight: 1.0,
            limit: None,
            clusters: Some(default_clusters_path()),
            beam: 1,
            extra_min_weights: Vec::new(),
        }
    }
}

/// Dev scores of one epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochScore {
    /// 1-based epoch.
    pub epoch: usize,
    /// Unlabelled attachment score on dev (percent, all words).
    pub uas: f64,
    /// Labelled attachment score on dev (percent, all words).
    pub las: f64,
}

/// What training did.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Training sentences used.
    pub sentences: usize,
    /// Training words.
    pub words: usize,
    /// Training sentences whose gold tree is not projective (kept: the
    /// dynamic oracle takes the minimum-cost moves).
    pub non_projective: usize,
    /// Relations learnt (besides "root").
    pub relations: usize,
    /// Which tags the parser was trained on.
    pub tags: String,
    /// Dev scores per epoch (empty without dev data).
    pub dev: Vec<EpochScore>,
    /// Epoch (1-based) whose model was written: the best dev LAS, or the
    /// last epoch without dev data.
    pub chosen_epoch: usize,
    /// Stored weights (moves, relations).
    pub weights: (usize, usize),
    /// Size of the written model file in bytes.
    pub model_bytes: usize,
}

impl Scorer for Trainer {
    #[inline]
    fn score(&self, feats: &[u64], out: &mut Vec<f32>) {
        self.scores(feats, out);
    }
}

/// A treebank sentence reduced to what training needs.
struct Example {
    /// Word, suffix and cluster hashes.
    w: Vec<WordHashes>,
    /// Tag ids (into the tag table).
    tag: Vec<u32>,
    /// Ambiguity class of each word's form (into the class table).
    class: Vec<u32>,
    heads: Vec<u32>,
    labels: Vec<u16>,
}

/// Tags and relations interned while reading.
#[derive(Default)]
struct Tables {
    tags: Vec<String>,
    tag_ids: HashMap<String, u32>,
    rels: Vec<String>,
    rel_ids: HashMap<String, u16>,
    /// Lower-cased form -> class id.
    class_ids: HashMap<String, u32>,
    /// Per class: tag counts.
    classes: Vec<Vec<(u32, u32)>>,
}

impl Tables {
    fn tag(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.tag_ids.get(t) {
            return id;
        }
        let id = self.tags.len() as u32;
        self.tags.push(t.to_string());
        self.tag_ids.insert(t.to_string(), id);
        id
    }
}

/// The (UPOS, XPOS) pair of a word, joined by a tab for interning.
fn word_tag(w: &dyad_conllu::Word) -> String {
    let clean = |t: &str| {
        if t == "_" {
            String::new()
        } else {
            t.to_string()
        }
    };
    format!("{}\t{}", clean(&w.upos), clean(&w.xpos))
}

/// Read a treebank into examples. With `learn`, new relations and
/// ambiguity classes are added to the tables; otherwise unknown relations
/// get `NO_LABEL` (scored as wrong).
fn read_examples(
    path: &Path,
    tags_path: Option<&Path>,
    tables: &mut Tables,
    clusters: &Clusters,
    learn: bool,
    limit: Option<usize>,
) -> Result<Vec<Example>, TrainError> {
    let mut sents = dyad_conllu::read_path(path)?;
    if let Some(n) = limit {
        sents.truncate(n);
    }
    let tagged = match tags_path {
        Some(p) => {
            let mut t = dyad_conllu::read_path(p)?;
            if let Some(n) = limit {
                t.truncate(n);
            }
            if t.len() != sents.len() {
                return Err(TrainError::Invalid {
                    path: p.to_owned(),
                    message: format!(
                        "has {} sentences but {} has {}",
                        t.len(),
                        path.display(),
                        sents.len()
                    ),
                });
            }
            Some(t)
        }
        None => None,
    };
    let mut out = Vec::with_capacity(sents.len());
    for (si, s) in sents.iter().enumerate() {
        if s.words.is_empty() {
            continue;
        }
        let n = s.words.len();
        let mut ex = Example {
            w: Vec::with_capacity(n),
            tag: Vec::with_capacity(n),
            class: Vec::with_capacity(n),
            heads: Vec::with_capacity(n),
            labels: Vec::with_capacity(n),
        };
        for (wi, w) in s.words.iter().enumerate() {
            if w.head > n {
                return Err(TrainError::Invalid {
                    path: path.to_owned(),
                    message: format!(
                        "sentence {} word {}: head {} beyond the sentence",
                        si + 1,
                        w.id,
                        w.head
                    ),
                });
            }
            let tag_str = match &tagged {
                Some(t) => match t[si].words.get(wi) {
                    Some(tw) if tw.form == w.form => word_tag(tw),
                    _ => {
                        return Err(TrainError::Invalid {
                            path: tags_path.expect("tagged implies a path").to_owned(),
                            message: format!(
                                "sentence {} word {} does not match {}",
                                si + 1,
                                wi + 1,
                                path.display()
                            ),
                        });
                    }
                },
                None => word_tag(w),
            };
            let tag = tables.tag(&tag_str);
            let gold_tag = tables.tag(&word_tag(w));
            let lower = w.form.to_lowercase();
            let class = match tables.class_ids.get(&lower) {
                Some(&c) => c,
                None if learn => {
                    let c = tables.classes.len() as u32;
                    tables.classes.push(Vec::new());
                    tables.class_ids.insert(lower, c);
                    c
                }
                None => u32::MAX,
            };
            if learn {
                let row = &mut tables.classes[class as usize];
                match row.iter_mut().find(|(t, _)| *t == gold_tag) {
                    Some((_, c)) => *c += 1,
                    None => row.push((gold_tag, 1)),
                }
            }
            let label = if w.head == 0 {
                NO_LABEL
            } else {
                match tables.rel_ids.get(&w.deprel) {
                    Some(&r) => r,
                    None if learn => {
                        let r = tables.rels.len() as u16;
                        tables.rels.push(w.deprel.clone());
                        tables.rel_ids.insert(w.deprel.clone(), r);
                        r
                    }
                    None => NO_LABEL,
                }
            };
            ex.w.push(WordHashes::new(&w.form, clusters));
            ex.tag.push(tag);
            ex.class.push(class);
            ex.heads.push(w.head as u32);
            ex.labels.push(label);
        }
        let roots = ex.heads.iter().filter(|&&h| h == 0).count();
        if roots != 1 {
            return Err(TrainError::Invalid {
                path: path.to_owned(),
                message: format!("sentence {} has {roots} roots", si + 1),
            });
        }
        out.push(ex);
    }
    Ok(out)
}

/// Read a cluster file (see [`TrainOptions::clusters`]): the coarse and
/// fine cluster and the tag class of each word.
fn read_clusters(path: &Path) -> Result<Clusters, TrainError> {
    let err = |line: usize, message: String| TrainError::Invalid {
        path: PathBuf::from(format!("{}:{line}", path.display())),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(0, e.to_string()))?;
    let mut pairs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let num = |j: usize| f.get(j).and_then(|s| s.parse::<u32>().ok());
        let packed = match (f.len(), num(1), num(2), num(4)) {
            (5, Some(c), Some(fi), Some(t)) if !f[0].is_empty() => Clusters::pack(c, fi, t),
            _ => None,
        };
        let Some(v) = packed else {
            return Err(err(
                i + 1,
                "expected a word and 4 tab-separated ids (coarse < 1024, fine and tag class < 2048)"
                    .into(),
            ));
        };
        pairs.push((features::hash_lower(f[0]), v));
    }
    Ok(Clusters {
        map: KeyMap::from_pairs(pairs),
    })
}

/// Whether a tree (heads of words `1..=n`, 0 = root) is projective.
fn is_projective(heads: &[u32]) -> bool {
    let arcs: Vec<(u32, u32)> = heads
        .iter()
        .enumerate()
        .map(|(i, &h)| {
            let d = i as u32 + 1;
            (h.min(d), h.max(d))
        })
        .collect();
    for (i, &(a, b)) in arcs.iter().enumerate() {
        for &(c, d) in &arcs[i + 1..] {
            if (a < c && c < b && b < d) || (c < a && a < d && d < b) {
                return false;
            }
        }
    }
    true
}

/// Fill the workspace's sentence from an example, with tags possibly
/// replaced by noise.
fn fill_sentence(
    ws: &mut Workspace,
    ex: &Example,
    tables: &Tables,
    tag_hash: &[(u64, u64)],
    noise: f64,
    rng: &mut XorShift64,
) {
    let tags = ex.tag.iter().zip(&ex.class).map(|(&t, &c)| {
        if noise > 0.0 && c != u32::MAX && unit(rng) < noise {
            noisy_tag(&tables.classes[c as usize], t, rng)
        } else {
            t
        }
    });
    ws.sent
        .fill_hashed(ex.w.iter().copied(), tags.map(|t| tag_hash[t as usize]));
}

fn unit(rng: &mut XorShift64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Another tag of the same ambiguity class, drawn by frequency; `gold` if
/// the class has no other tag.
fn noisy_tag(class: &[(u32, u32)], gold: u32, rng: &mut XorShift64) -> u32 {
    let total: u64 = class
        .iter()
        .filter(|(t, _)| *t != gold)
        .map(|&(_, c)| u64::from(c))
        .sum();
    if total == 0 {
        return gold;
    }
    let mut r = rng.next_u64() % total;
    for &(t, c) in class.iter().filter(|(t, _)| *t != gold) {
        if r < u64::from(c) {
            return t;
        }
        r -= u64::from(c);
    }
    gold
}

/// Attachment scores of `parser` on examples.
fn evaluate(parser: &Parser, dev: &[Example], tag_hash: &[(u64, u64)]) -> (f64, f64) {
    let mut ws = Workspace::default();
    let (mut total, mut uas, mut las) = (0usize, 0usize, 0usize);
    for ex in dev {
        ws.sent.fill_hashed(
            ex.w.iter().copied(),
            ex.tag.iter().map(|&t| tag_hash[t as usize]),
        );
        parser.parse_ws(&mut ws);
        for (i, (&h, &l)) in ex.heads.iter().zip(&ex.labels).enumerate() {
            total += 1;
            if ws.st.head[i + 1] == h {
                uas += 1;
                if ws.st.label[i + 1] == l {
                    las += 1;
                }
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / total.max(1) as f64;
    (pct(uas), pct(las))
}

/// Train a parser on the CoNLL-U file `train` (tuning the epoch on `dev`
/// when given), write the model to `out`, and report. Deterministic for
/// fixed options.
pub fn train(
    train: &Path,
    dev: Option<&Path>,
    out: &Path,
    opts: &TrainOptions,
) -> Result<TrainReport, TrainError> {
    let mut tables = Tables::default();
    let clusters = match &opts.clusters {
        Some(p) => read_clusters(p)?,
        None => Clusters {
            map: KeyMap::from_pairs([]),
        },
    };
    let examples = read_examples(
        train,
        opts.train_tags.as_deref(),
        &mut tables,
        &clusters,
        true,
        opts.limit,
    )?;
    if examples.is_empty() {
        return Err(TrainError::Invalid {
            path: train.to_owned(),
            message: "no training sentences".into(),
        });
    }
    if tables.rels.is_empty() {
        tables.rels.push("dep".into());
    }
    let dev_examples = match dev {
        Some(d) => read_examples(
            d,
            opts.dev_tags.as_deref(),
            &mut tables,
            &clusters,
            false,
            None,
        )?,
        None => Vec::new(),
    };
    let tag_hash: Vec<(u64, u64)> = tables
        .tags
        .iter()
        .map(|t| {
            let (u, x) = t.split_once('\t').unwrap_or((t.as_str(), ""));
            (features::hash_tag(u, x), features::hash_upos(u))
        })
        .collect();
    let non_projective = examples.iter().filter(|e| !is_projective(&e.heads)).count();
    let words = examples.iter().map(|e| e.w.len()).sum();
    let noise = if opts.train_tags.is_some() {
        0.0
    } else {
        opts.tag_noise
    };

    let mut moves = Trainer::new(Move::ALL.iter().map(|m| format!("{m:?}")).collect());
    let mut labels = Trainer::new(tables.rels.clone());
    let label_finish = FinishOptions {
        min_weight: opts.label_min_weight,
    };
    let mut rng = XorShift64::new(opts.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut ws = Workspace::default();
    let mut mf = [0u64; N_MOVE_FEATS];
    let mut lf = [0u64; N_LABEL_FEATS];
    let mut best: Option<(f64, usize, Parser)> = None;
    let mut dev_scores = Vec::new();
    let mut bt = BeamTraining::default();
    let trained_beam = opts.beam.clamp(1, crate::MAX_BEAM);

    for epoch in 0..opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let explore = epoch >= opts.explore_from;
        for &ei in &order {
            let ex = &examples[ei];
            fill_sentence(&mut ws, ex, &tables, &tag_hash, noise, &mut rng);
            let gold = Gold::new(&ex.heads, &ex.labels);
            if opts.beam > 1 {
                beam_sentence(&mut moves, &mut labels, &mut ws, &gold, opts.beam, &mut bt);
                continue;
            }
            ws.st.reset(ex.w.len());
            while !ws.st.is_terminal() {
                features::move_features(&ws.st.frame(), &ws.sent, &mut mf);
                moves.score(&mf, &mut ws.scores);
                let pred = best_move(&ws.st, &ws.scores);
                // Minimum-cost valid moves are the correct ones.
                let mut cost = [u32::MAX; 3];
                for m in Move::ALL {
                    if ws.st.valid(m) {
                        cost[m as usize] = gold.cost(&ws.st, m);
                    }
                }
                let min = *cost.iter().min().expect("three moves");
                let best_gold = Move::ALL
                    .iter()
                    .copied()
                    .filter(|&m| cost[m as usize] == min)
                    .max_by(|&a, &b| {
                        ws.scores[a as usize]
                            .total_cmp(&ws.scores[b as usize])
                            .then((b as usize).cmp(&(a as usize)))
                    })
                    .expect("a valid move");
                moves.update(&mf, best_gold as usize, pred as usize);
                let follow =
                    if cost[pred as usize] == min || (explore && unit(&mut rng) < opts.explore_p) {
                        pred
                    } else {
                        best_gold
                    };
                let label = learn_label(&mut labels, &mut ws, &gold, follow, &mut lf);
                ws.st.apply(follow, label);
            }
        }
        let parser = Parser {
            moves: finish_moves(&moves, &bt, opts.min_weight, trained_beam),
            labels: labels.finish(&label_finish),
            clusters: clusters.clone(),
            trained_beam,
            beam: trained_beam,
        };
        if dev_examples.is_empty() {
            best = Some((0.0, epoch + 1, parser));
            continue;
        }
        let (uas, las) = evaluate(&parser, &dev_examples, &tag_hash);
        eprintln!("parser epoch {}: dev UAS {uas:.2} LAS {las:.2}", epoch + 1);
        dev_scores.push(EpochScore {
            epoch: epoch + 1,
            uas,
            las,
        });
        if best.as_ref().is_none_or(|(b, _, _)| las > *b) {
            if trained_beam > 1 {
                // Beam training is slow: keep the best model on disk.
                write_model(out, &parser.to_bytes())?;
                for &x in &opts.extra_min_weights {
                    let pruned = Parser {
                        moves: finish_moves(&moves, &bt, x, trained_beam),
                        ..parser.clone()
                    };
                    write_model(&pruned_path(out, x), &pruned.to_bytes())?;
                }
            }
            best = Some((las, epoch + 1, parser));
        }
    }
    let (_, chosen_epoch, parser) = best.expect("at least one epoch");
    let bytes = parser.to_bytes();
    write_model(out, &bytes)?;
    if trained_beam == 1 || dev_examples.is_empty() {
        for &x in &opts.extra_min_weights {
            let pruned = Parser {
                moves: finish_moves(&moves, &bt, x, trained_beam),
                ..parser.clone()
            };
            write_model(&pruned_path(out, x), &pruned.to_bytes())?;
        }
    }
    Ok(TrainReport {
        sentences: examples.len(),
        words,
        non_projective,
        relations: tables.rels.len(),
        tags: if opts.train_tags.is_some() {
            "predicted tags from the given file".into()
        } else if noise > 0.0 {
            format!("gold tags with ambiguity-class noise p={noise}")
        } else {
            "gold tags".into()
        },
        dev: dev_scores,
        chosen_epoch,
        weights: parser.n_weights(),
        model_bytes: bytes.len(),
    })
}

fn write_model(out: &Path, bytes: &[u8]) -> Result<(), TrainError> {
    std::fs::write(out, bytes).map_err(|source| ModelError::Write {
        origin: out.display().to_string(),
        source,
    })?;
    Ok(())
}

/// `OUT` with `.w<x>` appended (see [`TrainOptions::extra_min_weights`]).
fn pruned_path(out: &Path, x: f32) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(format!(".w{x}"));
    PathBuf::from(name)
}

/// Predict the relation of the arc that move `m` makes in `ws.st`
/// (`NO_LABEL` for `Shift` and the root arc) and, when the arc is in the
/// gold tree, update the relation model towards the gold relation.
fn learn_label(
    labels: &mut Trainer,
    ws: &mut Workspace,
    gold: &Gold,
    m: Move,
    lf: &mut [u64; N_LABEL_FEATS],
) -> u16 {
    match predict_label(&*labels, ws, m, lf) {
        Some((h, d, guess)) => {
            let gl = gold.label[d as usize];
            if gold.head[d as usize] == h && gl != NO_LABEL {
                labels.update(lf, usize::from(gl), usize::from(guess));
            }
            guess
        }
        None => NO_LABEL,
    }
}

/// Scratch space of the beam training.
#[derive(Default)]
struct BeamTraining {
    beam: Beam,
    /// The oracle's move sequence.
    gold_moves: Vec<Move>,
    /// Predicted and gold sequences of the update.
    pred_seq: Vec<(Move, u16)>,
    gold_seq: Vec<(Move, u16)>,
    st: State,
    /// Every move-feature key given to the move trainer.
    move_keys: HashSet<u64, dyad_learn::IdBuildHasher>,
}

/// The averaged move model pruned at `min`: per weight for greedy
/// training (`beam == 1`, as always); per feature for beam training (a
/// feature is kept with all its weights when one of them reaches `min`).
fn finish_moves(moves: &Trainer, bt: &BeamTraining, min: f32, beam: usize) -> Perceptron {
    if beam <= 1 {
        return moves.finish(&FinishOptions { min_weight: min });
    }
    let full = moves.finish(&FinishOptions { min_weight: 0.0 });
    let mut keys: Vec<u64> = bt.move_keys.iter().copied().collect();
    keys.sort_unstable();
    // A fresh trainer whose only instance is the kept weights: its
    // "average" is those weights (same largest magnitude, same scale).
    let mut kept = Trainer::new(moves.labels().to_vec());
    let mut w = Vec::new();
    for k in keys {
        full.scores(&[k], &mut w);
        if w.iter().any(|x| x.abs() >= min) {
            for (c, &x) in w.iter().enumerate() {
                if x != 0.0 {
                    kept.add(&[k], c, x);
                }
            }
        }
    }
    kept.finish(&FinishOptions { min_weight: 0.0 })
}

/// The oracle's move sequence for the sentence of `gold`: at each step the
/// valid move of least cost (ties to the lowest move index); for a
/// projective tree, a derivation of it.
fn oracle_moves(gold: &Gold, n: usize, st: &mut State, out: &mut Vec<Move>) {
    out.clear();
    st.reset(n);
    while !st.is_terminal() {
        let m = Move::ALL
            .into_iter()
            .filter(|&m| st.valid(m))
            .min_by_key(|&m| gold.cost(st, m))
            .expect("a non-terminal state has a valid move");
        out.push(m);
        st.apply(m, NO_LABEL);
    }
}

/// Add `delta` to the move weights of the features of every scored state
/// of `seq` from step `from` on (replayed on `st` from the start).
fn add_sequence(
    moves: &mut Trainer,
    ws: &Workspace,
    st: &mut State,
    seq: &[(Move, u16)],
    from: usize,
    delta: f32,
    keys: &mut HashSet<u64, dyad_learn::IdBuildHasher>,
) {
    let mut mf = [0u64; N_MOVE_FEATS];
    st.reset(ws.sent.len());
    for (t, &(m, label)) in seq.iter().enumerate() {
        if t >= from && st.only_move().is_none() {
            features::move_features(&st.frame(), &ws.sent, &mut mf);
            moves.add(&mf, m as usize, delta);
            keys.extend(mf);
        }
        st.apply(m, label);
    }
}

/// One sentence of beam training (the sentence is in `ws.sent`): decode
/// with a beam of `k` under the current weights, following the oracle's
/// sequence alongside; if it fell out of the beam or does not win at the
/// end, update the move weights at the step where the best item beats it
/// by the most (max-violation). The relation model learns along the
/// oracle's sequence, as in greedy training.
fn beam_sentence(
    moves: &mut Trainer,
    labels: &mut Trainer,
    ws: &mut Workspace,
    gold: &Gold,
    k: usize,
    bt: &mut BeamTraining,
) {
    let n = ws.sent.len();
    oracle_moves(gold, n, &mut bt.st, &mut bt.gold_moves);
    let beam = &mut bt.beam;
    beam.reset(n);
    let mut g = beam.items[0];
    // Position of the oracle's item in the beam while it is there.
    let mut gpos = Some(0usize);
    // (violation, best item's history, oracle item's history).
    let mut worst: Option<(f64, u32, u32)> = None;
    for &gm in &bt.gold_moves {
        beam.step(&*moves, &*labels, &ws.sent, k);
        let found = gpos.and_then(|p| {
            beam.cands
                .iter()
                .position(|c| c.item as usize == p && c.m == gm)
        });
        gpos = found.filter(|&i| i < beam.items.len());
        g = match gpos {
            Some(i) => beam.items[i],
            None => beam.successor(&*moves, &*labels, &ws.sent, &g, gm),
        };
        if gpos != Some(0) {
            let top = beam.items[0];
            let v = top.score - g.score;
            if worst.is_none_or(|(w, _, _)| v >= w) {
                worst = Some((v, top.hist, g.hist));
            }
        }
    }
    moves.tick();
    if let Some((_, ph, gh)) = worst.filter(|_| gpos != Some(0)) {
        beam.sequence(ph, &mut bt.pred_seq);
        beam.sequence(gh, &mut bt.gold_seq);
        let from = bt
            .pred_seq
            .iter()
            .zip(&bt.gold_seq)
            .take_while(|(a, b)| a == b)
            .count();
        let keys = &mut bt.move_keys;
        add_sequence(moves, ws, &mut bt.st, &bt.gold_seq, from, 1.0, keys);
        add_sequence(moves, ws, &mut bt.st, &bt.pred_seq, from, -1.0, keys);
    }
    // Relations along the oracle's sequence.
    let mut lf = [0u64; N_LABEL_FEATS];
    ws.st.reset(n);
    for &m in &bt.gold_moves {
        let label = learn_label(labels, ws, gold, m, &mut lf);
        ws.st.apply(m, label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projectivity() {
        assert!(is_projective(&[2, 0, 2]));
        assert!(!is_projective(&[3, 4, 0, 3]));
    }

    #[test]
    fn noise_draws_another_tag_of_the_class() {
        let mut rng = XorShift64::new(1);
        let class = [(0, 5), (1, 3), (2, 1)];
        for _ in 0..50 {
            assert_ne!(noisy_tag(&class, 0, &mut rng), 0);
        }
        assert_eq!(noisy_tag(&[(4, 2)], 4, &mut rng), 4);
    }
}
