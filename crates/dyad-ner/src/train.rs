//! Training (cargo feature `train`): the gazetteer builder and the
//! averaged-perceptron training loop.
//!
//! [`train`] runs the recipe: the gazetteer (`gazetteer`: dyad-kb and
//! dyad-geo names, then names mined from the data), the training sentences
//! (`corpus`: BILOU tags, silver labels corrected, the lexicon classes),
//! sign-off sentences (`augment`, which also recases sentences per pass),
//! and the passes with the dev scores after each (`epochs`). Public items:
//! [`train`], [`build_gazetteer`], [`TrainOptions`], [`TrainSet`],
//! [`StandardData`], [`TrainError`], [`RE3D_REPEAT`], [`EWT_SILVER_REPEAT`].

use dyad_learn::KeyMap;

use crate::data::GoldDoc;
use crate::model::{Ner, Tag};

mod augment;
mod corpus;
mod epochs;
mod gazetteer;

pub use gazetteer::build_gazetteer;

/// Errors of training.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// The knowledge base could not be loaded.
    #[error("knowledge base: {0}")]
    Kb(String),
    /// The gazetteer could not be loaded.
    #[error("gazetteer: {0}")]
    Geo(String),
    /// The tagger model could not be loaded.
    #[error("tagger: {0}")]
    Tagger(String),
    /// Training or dev data could not be read.
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
    /// Nothing to train on.
    #[error("no training sentences")]
    Empty,
}

/// How many times the shipped recipe shows the re3d train split per
/// epoch (the `re3d_repeat` of [`StandardData::load`]).
pub const RE3D_REPEAT: usize = 6;

/// How many times the shipped recipe shows the silver EWT train sentences
/// per epoch (web text like UNER's; PolNeAR silver is shown once).
pub const EWT_SILVER_REPEAT: usize = 2;

/// The shipped recipe's data: the re3d train split (gold, shown
/// `re3d_repeat` times) and the silver JSON-lines sets
/// `<silver>/polnear-train.jsonl` (once) and `<silver>/ewt-train.jsonl`
/// ([`EWT_SILVER_REPEAT`] times) (made by
/// `scripts/bench/make_silver.py`); dev sets: the re3d dev split and UNER
/// EWT dev, scored after each epoch and never trained on.
pub struct StandardData {
    /// Training sets.
    pub sets: Vec<TrainSet>,
    /// Named dev sets.
    pub dev: Vec<(String, Vec<GoldDoc>)>,
}

impl StandardData {
    /// Load from `data` (the `DYAD_DATA` folder) and `silver`.
    pub fn load(
        data: &std::path::Path,
        silver: &std::path::Path,
        re3d_repeat: usize,
    ) -> Result<StandardData, TrainError> {
        let re3d = crate::data::load_re3d(&data.join("re3d"))?;
        let (re3d_train, re3d_dev) = crate::data::re3d_split(&re3d);
        let (uner, _) = crate::data::load_iob2(&data.join("uner-en-ewt/en_ewt-ud-dev.iob2"))?;
        let mut sets = vec![TrainSet {
            name: "re3d train".into(),
            docs: re3d_train,
            repeat: re3d_repeat,
            split_locations: true,
        }];
        for s in ["polnear-train", "ewt-train"] {
            sets.push(TrainSet {
                name: format!("silver {s}"),
                docs: crate::data::load_jsonl(&silver.join(format!("{s}.jsonl")))?,
                repeat: if s == "ewt-train" {
                    EWT_SILVER_REPEAT
                } else {
                    1
                },
                split_locations: false,
            });
        }
        Ok(StandardData {
            sets,
            dev: vec![
                ("re3d dev".to_string(), re3d_dev),
                ("UNER EWT dev".to_string(), uner),
            ],
        })
    }
}

/// Training options. Everything is deterministic given these.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffling and augmentation seed.
    pub seed: u64,
    /// Drop averaged weights below this (model size).
    pub min_weight: f32,
    /// Share of sentences upper-cased for training (headline robustness).
    pub upper_rate: f64,
    /// Share of sentences lower-cased for training (web text robustness).
    pub lower_rate: f64,
    /// Smallest population for a GeoNames city to enter the gazetteer.
    pub min_city_population: u64,
    /// dyad-geo's gazetteer folder (`data/gazetteer`), if place names
    /// should be used.
    pub geo_dir: Option<std::path::PathBuf>,
    /// Add entity names seen at least this often in the training data to
    /// the gazetteer (0: none).
    pub mine_min_count: usize,
    /// dyad-tagger model used to give training sentences UPOS tags (none:
    /// the recogniser learns without tags).
    pub tagger: Option<std::path::PathBuf>,
    /// Share of tagged training sentences shown without tags, so the model
    /// also works when no tagger ran.
    pub pos_dropout: f64,
    /// Condition on the gold previous labels while training (teacher
    /// forcing, the default) instead of the predicted ones. On re3d dev and
    /// UNER dev teacher forcing scored about 5 and 10 F1 points higher.
    pub follow_gold: bool,
    /// Correct silver labels (sets without `split_locations`) that the
    /// gazetteer clearly contradicts: a known place labelled ORG or PERSON
    /// becomes GPE/LOC, a known person labelled ORG becomes PERSON, and a
    /// trailing possessive token ("Arafat 's") is cut from non-ORG names.
    pub fix_silver: bool,
    /// Share of training PERSON names also shown alone as a short
    /// sentence (an e-mail sign-off or greeting: "Vince", "Traci,",
    /// "Thanks John!"), with as many capitalised non-names alone as
    /// negatives (0: none).
    pub signoff_rate: f64,
    /// Lower-case only silver sentences (keep gold re3d sentences, the
    /// sets with `split_locations`, as written).
    pub lower_silver_only: bool,
    /// Cut a leading "the" from GPE/LOC training entities before a
    /// capitalised word ("the West Bank" -> "West Bank"; re3d includes it,
    /// OntoNotes, spaCy and UNER do not).
    pub strip_the_places: bool,
    /// Same for ORG entities ("the European Union").
    pub strip_the_orgs: bool,
    /// Drop one-word silver PERSON/ORG/GPE/LOC entities that are common
    /// words (written lower-case at least 90 % of the time in the training
    /// text, lexicon class 4) and that the gazetteer does not know as a
    /// name ("Email:" taken for a PERSON, "Phone" for an ORG).
    pub drop_common_silver: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 8,
            seed: 0x5eed_0e12,
            min_weight: 0.05,
            upper_rate: 0.03,
            lower_rate: 0.15,
            min_city_population: 15_000,
            geo_dir: None,
            mine_min_count: 3,
            tagger: None,
            pos_dropout: 0.3,
            follow_gold: true,
            fix_silver: true,
            signoff_rate: 0.05,
            lower_silver_only: true,
            strip_the_places: true,
            strip_the_orgs: false,
            drop_common_silver: true,
        }
    }
}

/// A training set: documents, how many times each pass shows them, and
/// whether re3d-style `Location` (loaded as GPE) should be split into GPE
/// and LOC by the gazetteer.
#[derive(Debug, Clone)]
pub struct TrainSet {
    /// Name for the log and the model info.
    pub name: String,
    /// Documents.
    pub docs: Vec<GoldDoc>,
    /// Copies per epoch (gold data can outweigh silver).
    pub repeat: usize,
    /// Relabel GPE entities the gazetteer knows only as LOC.
    pub split_locations: bool,
}

/// A training sentence: its words, their BILOU tag ids (indices into
/// [`Tag::all`]) and, when a tagger ran, their UPOS tags.
struct Sent {
    words: Vec<String>,
    tags: Vec<u16>,
    /// UPOS from dyad-tagger (empty without a tagger).
    upos: Vec<Option<dyad_doc::Upos>>,
}

/// The id (index in `tags`, [`Tag::all`]) of tag `t`.
fn tag_id(tags: &[Tag], t: Tag) -> u16 {
    tags.iter().position(|&x| x == t).unwrap_or(0) as u16
}

/// The training sentences and how the passes show them.
struct Corpus {
    /// Every set's sentences in order, then the sign-off sentences.
    data: Vec<Sent>,
    /// One pass: sentence indices, each as often as its set's `repeat`.
    order: Vec<usize>,
    /// Per set sentence: never lower-cased by the augmentation.
    cased: Vec<bool>,
    /// Per set sentence: its labels are silver.
    silver: Vec<bool>,
    /// One line per set (and one for the sign-offs) for the model info.
    summary: Vec<String>,
}

/// Train a recogniser. `dev` sets are scored after each epoch and the
/// scores go to `log`; they never influence training. Deterministic.
pub fn train(
    sets: &[TrainSet],
    dev: &[(String, Vec<GoldDoc>)],
    opts: &TrainOptions,
    mut log: impl FnMut(&str),
) -> Result<Ner, TrainError> {
    let tagger = match &opts.tagger {
        Some(p) => {
            Some(dyad_tagger::Tagger::load(p).map_err(|e| TrainError::Tagger(e.to_string()))?)
        }
        None => None,
    };
    let mut gaz_map = gazetteer::gazetteer_map(opts.geo_dir.as_deref(), opts.min_city_population)?;
    let gaz = KeyMap::from_pairs(gaz_map.clone());
    log(&format!("gazetteer: {} keys", gaz.len()));
    let tags = Tag::all();
    let mut corpus = Corpus::read(sets, &gaz, &tags, tagger.as_ref(), opts, &mut log);
    if corpus.order.is_empty() {
        return Err(TrainError::Empty);
    }
    let lex = corpus::lexicon(&corpus.data);
    log(&format!("lexicon: {} words", lex.len()));
    if opts.drop_common_silver {
        corpus.drop_common_silver(&tags, &gaz, &lex, &mut log);
    }
    if opts.mine_min_count > 0 {
        gazetteer::mine_names(&mut gaz_map, &corpus.data, &tags, opts.mine_min_count);
    }
    let gaz = KeyMap::from_pairs(gaz_map);
    log(&format!("gazetteer with mined names: {} keys", gaz.len()));
    if opts.signoff_rate > 0.0 {
        corpus.add_signoffs(&tags, opts, &mut log);
    }
    epochs::run(
        &mut corpus,
        &gaz,
        &lex,
        tagger.as_ref(),
        dev,
        opts,
        &mut log,
    )
}
