//! Training (cargo feature `train`): the gazetteer builder and the
//! averaged-perceptron training loop.

use std::collections::BTreeMap;

use dyad_doc::EntityLabel;
use dyad_learn::{FinishOptions, KeyMap, Trainer, XorShift64};

use crate::data::GoldDoc;
use crate::eval::{NerReport, eval_ner, eval_ner_with};
use crate::model::{
    GAZ_MAX, GAZ_PREFIX, GazClass, Ner, PAD, Scratch, Tag, features, gaz_extend, headline,
    lex_class, tag_hashes, word_feats, word_key,
};

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

struct Sent {
    words: Vec<String>,
    tags: Vec<u16>,
    /// UPOS from dyad-tagger (empty without a tagger).
    upos: Vec<Option<dyad_doc::Upos>>,
}

fn phrase_key(name: &str) -> Option<Vec<u64>> {
    let toks = dyad_text::tokenize(name);
    if toks.is_empty() || toks.len() > GAZ_MAX {
        return None;
    }
    Some(
        toks.iter()
            .map(|s| word_key(&s.slice(name).to_lowercase()))
            .collect(),
    )
}

fn add_phrase(map: &mut BTreeMap<u64, u32>, name: &str, class: GazClass) {
    let Some(keys) = phrase_key(name) else { return };
    let mut h = None;
    for (i, &k) in keys.iter().enumerate() {
        let key = gaz_extend(h, k);
        h = Some(key);
        let v = map.entry(key).or_insert(0);
        if i + 1 == keys.len() {
            *v |= 1 << class as u32;
        } else {
            *v |= GAZ_PREFIX;
        }
    }
}

/// Build the gazetteer table from dyad-kb (countries, demonyms, capitals,
/// government buildings, organisations, people, titles) and, when
/// `geo_dir` is given, dyad-geo's gazetteer files in it (`geonames.tsv`:
/// countries, first-level divisions, cities of at least
/// `min_city_population`, continents; `regions.tsv`: regions and seas with
/// their demonyms; `countries.tsv`: other country names and demonyms).
pub fn build_gazetteer(
    geo_dir: Option<&std::path::Path>,
    min_city_population: u64,
) -> Result<KeyMap, TrainError> {
    Ok(KeyMap::from_pairs(gazetteer_map(
        geo_dir,
        min_city_population,
    )?))
}

fn gazetteer_map(
    geo_dir: Option<&std::path::Path>,
    min_city_population: u64,
) -> Result<BTreeMap<u64, u32>, TrainError> {
    let mut map: BTreeMap<u64, u32> = BTreeMap::new();
    let kb = dyad_kb::Kb::builtin().map_err(|e| TrainError::Kb(e.to_string()))?;
    for c in kb.countries() {
        for n in std::iter::once(&c.name).chain(&c.names).chain(&c.capitals) {
            add_phrase(&mut map, n, GazClass::Gpe);
        }
        for n in c.adjectives.iter().chain(&c.demonyms) {
            add_phrase(&mut map, n, GazClass::Norp);
        }
        for n in &c.buildings {
            add_phrase(&mut map, n, GazClass::Fac);
        }
    }
    for o in kb.orgs() {
        for n in &o.names {
            add_phrase(&mut map, n, GazClass::Org);
        }
    }
    for p in kb.people() {
        for n in std::iter::once(&p.name).chain(&p.variants) {
            add_phrase(&mut map, n, GazClass::Person);
        }
        if let Some(s) = &p.surname {
            add_phrase(&mut map, s, GazClass::Person);
        }
        if let Some(first) = p.name.split_whitespace().next()
            && p.name.split_whitespace().count() > 1
        {
            add_phrase(&mut map, first, GazClass::First);
        }
    }
    for t in kb.titles() {
        add_phrase(&mut map, &t.text, GazClass::Title);
    }
    if let Some(dir) = geo_dir {
        add_geo(&mut map, dir, min_city_population)?;
    }
    Ok(map)
}

fn gaz_class(l: EntityLabel) -> Option<GazClass> {
    Some(match l {
        EntityLabel::Person => GazClass::Person,
        EntityLabel::Org => GazClass::Org,
        EntityLabel::Gpe => GazClass::Gpe,
        EntityLabel::Loc => GazClass::Loc,
        EntityLabel::Norp => GazClass::Norp,
        EntityLabel::Fac => GazClass::Fac,
        EntityLabel::Event => return None,
    })
}

/// Add names seen often in the training data, with one dominant label,
/// to the gazetteer: entity strings seen at least `min_count` times with
/// the same label at least 70% of the time, and given names (first words
/// of multi-word PERSON names) seen at least `min_count` times.
fn mine_names(map: &mut BTreeMap<u64, u32>, data: &[Sent], tags: &[Tag], min_count: usize) {
    let mut seen: BTreeMap<String, BTreeMap<u8, usize>> = BTreeMap::new();
    let mut firsts: BTreeMap<String, usize> = BTreeMap::new();
    for s in data {
        let mut start = None;
        for (i, &t) in s.tags.iter().enumerate() {
            let (b, l) = match tags[t as usize] {
                Tag::U(l) => (i, l),
                Tag::B(_) => {
                    start = Some(i);
                    continue;
                }
                Tag::L(l) => match start.take() {
                    Some(b) => (b, l),
                    None => continue,
                },
                _ => continue,
            };
            let name = s.words[b..=i].join(" ");
            *seen.entry(name).or_default().entry(l as u8).or_default() += 1;
            if l == EntityLabel::Person && i > b {
                *firsts.entry(s.words[b].clone()).or_default() += 1;
            }
        }
    }
    for (name, by_label) in &seen {
        let total: usize = by_label.values().sum();
        let (&l, &n) = by_label.iter().max_by_key(|(_, n)| **n).expect("non-empty");
        if n >= min_count && n * 10 >= total * 7 {
            if let Some(c) = gaz_class(EntityLabel::ALL[l as usize]) {
                add_phrase(map, name, c);
            }
        }
    }
    for (w, &n) in &firsts {
        if n >= min_count {
            add_phrase(map, w, GazClass::First);
        }
    }
}

fn read_geo(dir: &std::path::Path, name: &str) -> Result<String, TrainError> {
    let p = dir.join(name);
    std::fs::read_to_string(&p).map_err(|e| TrainError::Geo(format!("{}: {e}", p.display())))
}

fn add_geo(
    map: &mut BTreeMap<u64, u32>,
    dir: &std::path::Path,
    min_city_population: u64,
) -> Result<(), TrainError> {
    for line in read_geo(dir, "geonames.tsv")?.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#') || c.len() < 8 {
            continue;
        }
        let pop: u64 = c[6].parse().unwrap_or(0);
        let class = match c[1] {
            "country" | "ADM1" => GazClass::Gpe,
            "city" if pop >= min_city_population => GazClass::Gpe,
            "continent" | "sea" | "region" => GazClass::Loc,
            _ => continue,
        };
        add_phrase(map, c[7], class);
    }
    for line in read_geo(dir, "regions.tsv")?.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#') || c.len() < 2 {
            continue;
        }
        let class = match c[1] {
            "country" | "ADM1" | "city" => GazClass::Gpe,
            _ => GazClass::Loc,
        };
        for n in c[0].split('|') {
            add_phrase(map, n, class);
        }
        if let Some(d) = c.last().filter(|_| c.len() >= 8) {
            for n in d.split('|').filter(|n| !n.is_empty()) {
                add_phrase(map, n, GazClass::Norp);
            }
        }
    }
    for line in read_geo(dir, "countries.tsv")?.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#') || c.len() < 5 {
            continue;
        }
        for n in c[3].split('|').filter(|n| !n.is_empty()) {
            add_phrase(map, n, GazClass::Gpe);
        }
        for n in c[4].split('|').filter(|n| !n.is_empty()) {
            add_phrase(map, n, GazClass::Norp);
        }
    }
    Ok(())
}

/// Segment documents into training sentences with BILOU tags. Sentences
/// with an entity whose ends are not token boundaries are skipped; the
/// count of skipped sentences is returned.
fn sentences(
    set: &TrainSet,
    gaz: &KeyMap,
    tag_ids: &[Tag],
    tagger: Option<&dyad_tagger::Tagger>,
    opts: &TrainOptions,
    fixed: &mut usize,
) -> (Vec<Sent>, usize) {
    let fix_silver = opts.fix_silver;
    let id = |t: Tag| tag_ids.iter().position(|&x| x == t).unwrap_or(0) as u16;
    let mut out = Vec::new();
    let mut skipped = 0;
    for d in &set.docs {
        let (pieces, sents) = dyad_text::segment(&d.text);
        for s in sents {
            let toks = &pieces[s.token_start..s.token_end];
            let mut tags = vec![id(Tag::O); toks.len()];
            let mut ok = true;
            for &(span, label) in &d.entities {
                if span.end() <= s.span.start() || span.start() >= s.span.end() {
                    continue;
                }
                let b = toks.iter().position(|t| t.span.start() == span.start());
                let e = toks.iter().position(|t| t.span.end() == span.end());
                let (Some(b), Some(e)) = (b, e) else {
                    ok = false;
                    break;
                };
                if e < b {
                    ok = false;
                    break;
                }
                let mut e = e;
                if fix_silver
                    && !set.split_locations
                    && e > b
                    && label != EntityLabel::Org
                    && matches!(toks[e].span.slice(&d.text), "'s" | "’s" | "'" | "’")
                {
                    *fixed += 1;
                    e -= 1;
                }
                let label = if set.split_locations && label == EntityLabel::Gpe {
                    location_label(&d.text, &toks[b..=e], gaz)
                } else if fix_silver && !set.split_locations {
                    let l = fixed_label(&d.text, &toks[b..=e], gaz, label);
                    *fixed += (l != label) as usize;
                    l
                } else {
                    label
                };
                let strip = match label {
                    EntityLabel::Gpe | EntityLabel::Loc => opts.strip_the_places,
                    EntityLabel::Org => opts.strip_the_orgs,
                    _ => false,
                };
                let mut b = b;
                if strip
                    && b < e
                    && toks[b].span.slice(&d.text).eq_ignore_ascii_case("the")
                    && toks[b + 1]
                        .span
                        .slice(&d.text)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                {
                    b += 1;
                }
                if b == e {
                    tags[b] = id(Tag::U(label));
                } else {
                    tags[b] = id(Tag::B(label));
                    for t in &mut tags[b + 1..e] {
                        *t = id(Tag::I(label));
                    }
                    tags[e] = id(Tag::L(label));
                }
            }
            if !ok {
                skipped += 1;
                continue;
            }
            let words: Vec<String> = toks
                .iter()
                .map(|t| t.span.slice(&d.text).to_string())
                .collect();
            let upos = match tagger {
                Some(t) => {
                    let w: Vec<&str> = words.iter().map(String::as_str).collect();
                    t.tag(&w).into_iter().map(|x| Some(x.upos)).collect()
                }
                None => Vec::new(),
            };
            out.push(Sent { words, tags, upos });
        }
    }
    (out, skipped)
}

/// GPE unless the gazetteer knows the phrase (without a leading "the")
/// only as a continent, region or sea.
fn location_label(text: &str, toks: &[dyad_text::Piece], gaz: &KeyMap) -> EntityLabel {
    let mut words: Vec<String> = toks
        .iter()
        .map(|t| t.span.slice(text).to_lowercase())
        .collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    let mut h = None;
    for w in &words {
        h = Some(gaz_extend(h, word_key(w)));
    }
    let v = h.and_then(|k| gaz.get(k)).unwrap_or(0);
    let (gpe, loc) = (1 << GazClass::Gpe as u32, 1 << GazClass::Loc as u32);
    if v & loc != 0 && v & gpe == 0 {
        EntityLabel::Loc
    } else {
        EntityLabel::Gpe
    }
}

/// Short sign-off sentences made from the training data (see
/// [`TrainOptions::signoff_rate`]): each PERSON name, with probability
/// `rate`, alone or its first word alone, sometimes after a greeting word
/// and before a comma or "!"; and, as often, a capitalised word outside
/// every entity alone (labelled O). Deterministic given `seed`.
fn signoffs(data: &[Sent], tags: &[Tag], rate: f64, seed: u64) -> Vec<Sent> {
    const GREET: [&str; 5] = ["Thanks", "Dear", "Hi", "Hey", "Regards"];
    const PUNCT: [&str; 5] = [",", "!", ".", ":", "-"];
    let person = |t: Tag| match t {
        Tag::B(l) | Tag::I(l) | Tag::L(l) | Tag::U(l) => l == EntityLabel::Person,
        Tag::O => false,
    };
    let id = |t: Tag| tags.iter().position(|&x| x == t).unwrap_or(0) as u16;
    let mut rng = XorShift64::new(seed ^ 0x5167_0ff5);
    let mut unit = || (rng.next_u64() % 10_000) as f64 / 10_000.0;
    let mut out = Vec::new();
    for s in data {
        let mut i = 0;
        while i < s.tags.len() {
            let t = tags[s.tags[i] as usize];
            if matches!(t, Tag::B(EntityLabel::Person) | Tag::U(EntityLabel::Person)) {
                let mut e = i;
                while e + 1 < s.tags.len()
                    && person(tags[s.tags[e + 1] as usize])
                    && !matches!(tags[s.tags[e + 1] as usize], Tag::B(_) | Tag::U(_))
                {
                    e += 1;
                }
                if unit() < rate {
                    let v = (unit() * 16.0) as usize;
                    let name: Vec<String> = if v & 1 == 1 {
                        vec![s.words[i].clone()]
                    } else {
                        s.words[i..=e].to_vec()
                    };
                    let mut words = Vec::new();
                    let mut ts = Vec::new();
                    if v & 2 == 2 {
                        words.push(GREET[(unit() * 5.0) as usize % 5].to_string());
                        ts.push(id(Tag::O));
                    }
                    let n = name.len();
                    for (k, w) in name.into_iter().enumerate() {
                        words.push(w);
                        ts.push(id(match (n, k) {
                            (1, _) => Tag::U(EntityLabel::Person),
                            (_, 0) => Tag::B(EntityLabel::Person),
                            (_, k) if k + 1 == n => Tag::L(EntityLabel::Person),
                            _ => Tag::I(EntityLabel::Person),
                        }));
                    }
                    if v & 4 == 4 {
                        words.push(PUNCT[(unit() * 5.0) as usize % 5].to_string());
                        ts.push(id(Tag::O));
                    }
                    out.push(Sent {
                        words,
                        tags: ts,
                        upos: Vec::new(),
                    });
                }
                i = e + 1;
                continue;
            }
            i += 1;
        }
        // A negative: a capitalised word outside every entity, alone.
        if unit() < rate * 2.0 {
            let cands: Vec<usize> = (0..s.words.len())
                .filter(|&k| {
                    tags[s.tags[k] as usize] == Tag::O
                        && s.words[k].chars().next().is_some_and(char::is_uppercase)
                        && s.words[k].chars().all(char::is_alphabetic)
                })
                .collect();
            if !cands.is_empty() {
                let k = cands[(unit() * cands.len() as f64) as usize % cands.len()];
                let mut words = vec![s.words[k].clone()];
                if unit() < 0.5 {
                    words.push(PUNCT[(unit() * 5.0) as usize % 5].to_string());
                }
                let n = words.len();
                out.push(Sent {
                    words,
                    tags: vec![id(Tag::O); n],
                    upos: Vec::new(),
                });
            }
        }
    }
    out
}

/// A silver label corrected by the gazetteer: a phrase known only as a
/// place (no person, organisation, given-name or building entry) labelled
/// ORG or PERSON becomes GPE (LOC if it is known only as a region); a phrase
/// known only as a person labelled ORG becomes PERSON.
fn fixed_label(
    text: &str,
    toks: &[dyad_text::Piece],
    gaz: &KeyMap,
    label: EntityLabel,
) -> EntityLabel {
    if !matches!(label, EntityLabel::Org | EntityLabel::Person) {
        return label;
    }
    let mut h = None;
    for t in toks {
        h = Some(gaz_extend(h, word_key(&t.span.slice(text).to_lowercase())));
    }
    let v = h.and_then(|k| gaz.get(k)).unwrap_or(0);
    let bit = |c: GazClass| v & (1 << c as u32) != 0;
    // A building used as a metonym ("the Kremlin said") stays as labelled.
    let named =
        bit(GazClass::Person) || bit(GazClass::Org) || bit(GazClass::First) || bit(GazClass::Fac);
    if !named && (bit(GazClass::Gpe) || bit(GazClass::Loc)) {
        if bit(GazClass::Gpe) {
            EntityLabel::Gpe
        } else {
            EntityLabel::Loc
        }
    } else if label == EntityLabel::Org
        && bit(GazClass::Person)
        && !bit(GazClass::Org)
        && !bit(GazClass::Gpe)
    {
        EntityLabel::Person
    } else {
        label
    }
}

/// Set to O the one-word PERSON/ORG/GPE/LOC entities of a silver sentence
/// that are common words (lexicon class 4) unknown to the gazetteer as a
/// name or place (see [`TrainOptions::drop_common_silver`]), counting
/// them by word in `dropped`.
fn drop_common(
    s: &mut Sent,
    tags: &[Tag],
    gaz: &KeyMap,
    lex: &KeyMap,
    dropped: &mut BTreeMap<String, usize>,
) {
    let o = tags.iter().position(|&t| t == Tag::O).unwrap_or(0) as u16;
    let named = [
        GazClass::Person,
        GazClass::Org,
        GazClass::Gpe,
        GazClass::Loc,
        GazClass::First,
    ]
    .iter()
    .fold(0u32, |m, &c| m | 1 << c as u32);
    for (w, t) in s.words.iter().zip(s.tags.iter_mut()) {
        let Tag::U(EntityLabel::Person | EntityLabel::Org | EntityLabel::Gpe | EntityLabel::Loc) =
            tags[*t as usize]
        else {
            continue;
        };
        let key = word_key(&w.to_lowercase());
        if lex.get(key) == Some(4) && gaz.get(gaz_extend(None, key)).unwrap_or(0) & named == 0 {
            *t = o;
            *dropped.entry(w.clone()).or_default() += 1;
        }
    }
}

/// How each word (lower-cased) is written outside sentence starts in the
/// training text, bucketed by [`lex_class`]; words seen fewer than three
/// times are left out.
fn lexicon(data: &[Sent]) -> KeyMap {
    let mut counts: BTreeMap<u64, (usize, usize)> = BTreeMap::new();
    for s in data {
        for w in s.words.iter().skip(1) {
            if !w.chars().any(char::is_alphabetic) {
                continue;
            }
            let lower = w.to_lowercase();
            let e = counts.entry(word_key(&lower)).or_default();
            e.1 += 1;
            if *w == lower {
                e.0 += 1;
            }
        }
    }
    KeyMap::from_pairs(
        counts
            .into_iter()
            .map(|(k, (l, t))| (k, lex_class(l, t)))
            .filter(|&(_, c)| c > 0),
    )
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
    let mut gaz_map = gazetteer_map(opts.geo_dir.as_deref(), opts.min_city_population)?;
    let gaz = KeyMap::from_pairs(gaz_map.clone());
    log(&format!("gazetteer: {} keys", gaz.len()));
    let tag_list = Tag::all();
    let mut data: Vec<Sent> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    // Sentences never lower-cased by the augmentation.
    let mut cased: Vec<bool> = Vec::new();
    // Sentences with silver labels.
    let mut silver: Vec<bool> = Vec::new();
    let mut summary = Vec::new();
    for set in sets {
        let mut fixed = 0;
        let (sents, skipped) = sentences(set, &gaz, &tag_list, tagger.as_ref(), opts, &mut fixed);
        if fixed > 0 {
            log(&format!("{}: {fixed} silver labels corrected", set.name));
        }
        let n_tok: usize = sents.iter().map(|s| s.words.len()).sum();
        let line = format!(
            "{}: {} docs, {} sentences ({} tokens), {} skipped for misaligned entities, x{}",
            set.name,
            set.docs.len(),
            sents.len(),
            n_tok,
            skipped,
            set.repeat
        );
        log(&line);
        summary.push(line);
        let base = data.len();
        data.extend(sents);
        cased.resize(data.len(), set.split_locations && opts.lower_silver_only);
        silver.resize(data.len(), !set.split_locations);
        for _ in 0..set.repeat {
            order.extend(base..data.len());
        }
    }
    if order.is_empty() {
        return Err(TrainError::Empty);
    }
    let lex = lexicon(&data);
    log(&format!("lexicon: {} words", lex.len()));
    if opts.drop_common_silver {
        let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
        for (s, _) in data.iter_mut().zip(&silver).filter(|(_, s)| **s) {
            drop_common(s, &tag_list, &gaz, &lex, &mut dropped);
        }
        let mut top: Vec<(&String, &usize)> = dropped.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = top
            .iter()
            .take(30)
            .map(|(w, n)| format!("{w} {n}"))
            .collect();
        log(&format!(
            "common words dropped from silver entities: {} ({})",
            dropped.values().sum::<usize>(),
            top.join(", ")
        ));
    }
    if opts.mine_min_count > 0 {
        mine_names(&mut gaz_map, &data, &tag_list, opts.mine_min_count);
    }
    let gaz = KeyMap::from_pairs(gaz_map);
    log(&format!("gazetteer with mined names: {} keys", gaz.len()));
    if opts.signoff_rate > 0.0 {
        let extra = signoffs(&data, &tag_list, opts.signoff_rate, opts.seed);
        let line = format!("sign-off sentences: {}", extra.len());
        log(&line);
        summary.push(line);
        let base = data.len();
        data.extend(extra);
        order.extend(base..data.len());
    }
    let labels: Vec<String> = tag_list.iter().map(|t| t.name()).collect();
    let mut trainer = Trainer::new(labels);
    let hashes = tag_hashes(tag_list.len());
    let start = hashes[tag_list.len()];
    let mut rng = XorShift64::new(opts.seed);
    let mut s = Scratch::default();
    let mut ner = None;
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &k in &order {
            let sent = &data[k];
            let r = (rng.next_u64() % 10_000) as f64 / 10_000.0;
            let aug: Vec<String>;
            let words: Vec<&str> = if r < opts.upper_rate {
                aug = sent.words.iter().map(|w| w.to_uppercase()).collect();
                aug.iter().map(String::as_str).collect()
            } else if r < opts.upper_rate + opts.lower_rate
                && !cased.get(k).copied().unwrap_or(false)
            {
                aug = sent.words.iter().map(|w| w.to_lowercase()).collect();
                aug.iter().map(String::as_str).collect()
            } else {
                sent.words.iter().map(String::as_str).collect()
            };
            let keep_pos = !sent.upos.is_empty()
                && (rng.next_u64() % 10_000) as f64 / 10_000.0 >= opts.pos_dropout;
            let upos = keep_pos.then_some(sent.upos.as_slice());
            word_feats(&words, upos, &gaz, &lex, &mut s);
            let head = headline(&s.words[PAD..s.words.len() - PAD]);
            let (mut prev, mut prev2) = (start, start);
            let mut prev_tag = Tag::O;
            let n = words.len();
            for i in 0..n {
                features(&s.words, i, prev, prev2, head, &mut s.feats);
                let last = i + 1 == n;
                let guess = trainer
                    .predict(&s.feats, &mut s.scores, |c| {
                        tag_list[c].valid_after(prev_tag, last)
                    })
                    .unwrap_or(0);
                let gold = sent.tags[i] as usize;
                trainer.update(&s.feats, gold, guess);
                total += 1;
                correct += (guess == gold) as usize;
                let next = if opts.follow_gold { gold } else { guess };
                prev2 = prev;
                prev = hashes[next];
                prev_tag = tag_list[next];
            }
        }
        let mut line = format!(
            "epoch {}: train tag accuracy {:.2}%",
            epoch + 1,
            100.0 * correct as f64 / total.max(1) as f64
        );
        if !dev.is_empty() || epoch + 1 == opts.epochs {
            let model = trainer.finish(&FinishOptions {
                min_weight: opts.min_weight,
            });
            let info = format!(
                "dyad-ner model v{}\n{}\noptions: {:?}\n",
                crate::model::MODEL_VERSION,
                summary.join("\n"),
                opts
            );
            let m = Ner::from_parts(model, gaz.clone(), lex.clone(), info);
            for (name, docs) in dev {
                let r: NerReport = match &tagger {
                    Some(t) => eval_ner_with(&m, name, docs, |d| t.tag_doc(d)),
                    None => eval_ner(&m, name, docs),
                };
                let h = r.headline();
                line.push_str(&format!(
                    "; {name} P/R/F1 {:.1}/{:.1}/{:.1}",
                    h.precision(),
                    h.recall(),
                    h.f1()
                ));
            }
            ner = Some(m);
        }
        log(&line);
    }
    ner.ok_or(TrainError::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::Span;

    #[test]
    fn silver_labels_contradicted_by_the_gazetteer_are_fixed() {
        let mut map = BTreeMap::new();
        add_phrase(&mut map, "France", GazClass::Gpe);
        add_phrase(&mut map, "Mediterranean", GazClass::Loc);
        add_phrase(&mut map, "John Smith", GazClass::Person);
        add_phrase(&mut map, "Jordan", GazClass::Gpe);
        add_phrase(&mut map, "Jordan", GazClass::Person);
        add_phrase(&mut map, "Kremlin", GazClass::Loc);
        add_phrase(&mut map, "Kremlin", GazClass::Fac);
        let gaz = KeyMap::from_pairs(map);
        use EntityLabel::*;
        let cases = [
            ("France", Org, Gpe),
            ("France", Person, Gpe),
            ("Mediterranean", Org, Loc),
            ("John Smith", Org, Person),
            ("John Smith", Person, Person),
            ("Jordan", Person, Person), // also a person: left alone
            ("Kremlin", Org, Org),      // a building metonym: left alone
            ("Acme", Org, Org),
            ("France", Norp, Norp),
        ];
        for (text, label, want) in cases {
            let pieces = dyad_text::tokenize_pieces(text);
            assert_eq!(fixed_label(text, &pieces, &gaz, label), want, "{text}");
        }
    }

    #[test]
    fn leading_the_is_cut_from_places_only_when_asked() {
        let tags = Tag::all();
        let text = "They left the West Bank for the UN in the Gulf .";
        let ent = |a: &str, l| {
            let b = text.find(a).unwrap();
            (Span::new(text, b, b + a.len()).unwrap(), l)
        };
        use EntityLabel::*;
        let set = TrainSet {
            name: "t".into(),
            docs: vec![GoldDoc {
                id: "d".into(),
                text: text.into(),
                entities: vec![
                    ent("the West Bank", Gpe),
                    ent("the UN", Org),
                    ent("the Gulf", Loc),
                ],
            }],
            repeat: 1,
            split_locations: false,
        };
        let gaz = KeyMap::from_pairs(std::iter::empty());
        // (strip places, strip orgs, expected labelled words)
        let cases = [
            (false, false, "the West Bank|the UN|the Gulf"),
            (true, false, "West Bank|the UN|Gulf"),
            (true, true, "West Bank|UN|Gulf"),
        ];
        for (places, orgs, want) in cases {
            let opts = TrainOptions {
                strip_the_places: places,
                strip_the_orgs: orgs,
                fix_silver: false,
                ..TrainOptions::default()
            };
            let (sents, skipped) = sentences(&set, &gaz, &tags, None, &opts, &mut 0);
            assert_eq!((sents.len(), skipped), (1, 0));
            let s = &sents[0];
            let mut names: Vec<String> = Vec::new();
            for (w, &t) in s.words.iter().zip(&s.tags) {
                match tags[t as usize] {
                    Tag::B(_) | Tag::U(_) => names.push(w.clone()),
                    Tag::I(_) | Tag::L(_) => {
                        let last = names.last_mut().unwrap();
                        last.push(' ');
                        last.push_str(w);
                    }
                    Tag::O => {}
                }
            }
            assert_eq!(names.join("|"), want, "places {places}, orgs {orgs}");
        }
    }

    #[test]
    fn common_words_are_dropped_from_silver_names() {
        let tags = Tag::all();
        let id = |t: Tag| tags.iter().position(|&x| x == t).unwrap() as u16;
        let mut map = BTreeMap::new();
        add_phrase(&mut map, "May", GazClass::Person);
        let gaz = KeyMap::from_pairs(map);
        let lex = KeyMap::from_pairs(
            ["email", "may"]
                .iter()
                .map(|w| (word_key(w), 4))
                .chain([(word_key("vince"), 1)]),
        );
        let p = EntityLabel::Person;
        let mut s = Sent {
            words: ["Email", "Vince", "May", "Email"]
                .iter()
                .map(|w| w.to_string())
                .collect(),
            tags: vec![id(Tag::U(p)), id(Tag::U(p)), id(Tag::U(p)), id(Tag::O)],
            upos: Vec::new(),
        };
        let mut dropped = BTreeMap::new();
        drop_common(&mut s, &tags, &gaz, &lex, &mut dropped);
        let got: Vec<Tag> = s.tags.iter().map(|&t| tags[t as usize]).collect();
        // "Email" is a common word; "Vince" is not; "May" is common but a
        // known name.
        assert_eq!(got, vec![Tag::O, Tag::U(p), Tag::U(p), Tag::O]);
        assert_eq!(dropped.get("Email"), Some(&1));
    }

    #[test]
    fn signoffs_label_only_the_name() {
        let tags = Tag::all();
        let id = |t: Tag| tags.iter().position(|&x| x == t).unwrap() as u16;
        let p = EntityLabel::Person;
        let words = ["Yesterday", "Vince", "Kaminski", "met", "Traci", "."];
        let data = vec![Sent {
            words: words.iter().map(|w| w.to_string()).collect(),
            tags: vec![
                id(Tag::O),
                id(Tag::B(p)),
                id(Tag::L(p)),
                id(Tag::O),
                id(Tag::U(p)),
                id(Tag::O),
            ],
            upos: Vec::new(),
        }];
        let a = signoffs(&data, &tags, 1.0, 3);
        assert_eq!(a.len(), 3, "two names and one negative");
        for s in &a {
            assert_eq!(s.words.len(), s.tags.len());
            for (w, &t) in s.words.iter().zip(&s.tags) {
                let name = ["Vince", "Kaminski", "Traci"].contains(&w.as_str());
                assert_eq!(tags[t as usize] != Tag::O, name, "{w} in {:?}", s.words);
            }
        }
        let b = signoffs(&data, &tags, 1.0, 3);
        assert_eq!(
            a.iter().map(|s| &s.words).collect::<Vec<_>>(),
            b.iter().map(|s| &s.words).collect::<Vec<_>>()
        );
        assert!(signoffs(&data, &tags, 0.0, 3).is_empty());
    }
}
