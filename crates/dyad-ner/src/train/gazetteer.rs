//! The gazetteer baked into the model: names from dyad-kb and dyad-geo's
//! gazetteer files, and names mined from the training data, as hashed
//! phrase keys with their classes.

use std::collections::BTreeMap;
use std::path::Path;

use dyad_doc::EntityLabel;
use dyad_learn::KeyMap;

use crate::model::{GAZ_MAX, GAZ_PREFIX, GazClass, Tag, gaz_extend, word_key};

use super::{Sent, TrainError};

/// The word keys of a name as the tokenizer splits it, lower case (`None`
/// when empty or longer than [`GAZ_MAX`] tokens).
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

/// Add `name` with `class` to the gazetteer map: its full key gets the
/// class bit, every shorter prefix the [`GAZ_PREFIX`] bit.
pub(super) fn add_phrase(map: &mut BTreeMap<u64, u32>, name: &str, class: GazClass) {
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

/// The class bits (`1 << GazClass`, or [`GAZ_PREFIX`]) the gazetteer
/// holds for the phrase of lower-cased `words`; 0 when it has none.
pub(super) fn phrase_classes(gaz: &KeyMap, words: &[String]) -> u32 {
    let mut h = None;
    for w in words {
        h = Some(gaz_extend(h, word_key(w)));
    }
    h.and_then(|k| gaz.get(k)).unwrap_or(0)
}

/// Build the gazetteer table from dyad-kb (countries, demonyms, capitals,
/// government buildings, organisations, people, titles) and, when
/// `geo_dir` is given, dyad-geo's gazetteer files in it (`geonames.tsv`:
/// countries, first-level divisions, cities of at least
/// `min_city_population`, continents; `regions.tsv`: regions and seas with
/// their demonyms; `countries.tsv`: other country names and demonyms).
pub fn build_gazetteer(
    geo_dir: Option<&Path>,
    min_city_population: u64,
) -> Result<KeyMap, TrainError> {
    Ok(KeyMap::from_pairs(gazetteer_map(
        geo_dir,
        min_city_population,
    )?))
}

/// The map behind [`build_gazetteer`] (mined names are added to it later).
pub(super) fn gazetteer_map(
    geo_dir: Option<&Path>,
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

/// The gazetteer class of an entity label (EVENT has none).
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
pub(super) fn mine_names(
    map: &mut BTreeMap<u64, u32>,
    data: &[Sent],
    tags: &[Tag],
    min_count: usize,
) {
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
        // Every name was counted at least once under some label.
        let Some((&l, &n)) = by_label.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
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

/// A file of dyad-geo's gazetteer folder.
fn read_geo(dir: &Path, name: &str) -> Result<String, TrainError> {
    let p = dir.join(name);
    std::fs::read_to_string(&p).map_err(|e| TrainError::Geo(format!("{}: {e}", p.display())))
}

/// Add dyad-geo's place names (see [`build_gazetteer`]).
fn add_geo(
    map: &mut BTreeMap<u64, u32>,
    dir: &Path,
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
