//! The gazetteer: GeoNames entries plus hand-written regions, indexed by
//! folded name in an FST.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use fst::{Map, MapBuilder};

use crate::fold::fold;

const INDEX_MAGIC: &[u8; 8] = b"DYADGEO2";

/// Reads the compiled format.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], GazetteerError> {
        let s = self
            .b
            .get(self.at..self.at.saturating_add(n))
            .ok_or_else(|| {
                GazetteerError::Index(format!("index.bin truncated at byte {}", self.at))
            })?;
        self.at += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, GazetteerError> {
        Ok(self.bytes(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, GazetteerError> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, GazetteerError> {
        let b = self.bytes(8)?;
        Ok(u64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ]))
    }
    fn f32(&mut self) -> Result<f32, GazetteerError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

/// Why a gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A line of a gazetteer file is malformed.
    #[error("{file}:{line}: {message}")]
    Malformed {
        /// The file (or embedded source) name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The name index could not be built.
    #[error("building the name index: {0}")]
    Index(String),
}

/// Kind of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// A continent (or the EU).
    Continent,
    /// A country.
    Country,
    /// A first-level administrative division.
    Adm1,
    /// A region that is no administrative unit (Donbas, the Middle East).
    Region,
    /// A sea, gulf or ocean.
    Sea,
    /// A populated place.
    City,
}

impl Feature {
    /// The spelling used in [`dyad_doc::Place::feature`].
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Continent => "continent",
            Feature::Country => "country",
            Feature::Adm1 => "ADM1",
            Feature::Region => "region",
            Feature::Sea => "sea",
            Feature::City => "city",
        }
    }

    /// Parse the spelling used in the gazetteer files.
    pub fn parse(s: &str) -> Option<Feature> {
        Some(match s {
            "continent" => Feature::Continent,
            "country" => Feature::Country,
            "ADM1" => Feature::Adm1,
            "region" => Feature::Region,
            "sea" => Feature::Sea,
            "city" => Feature::City,
            _ => return None,
        })
    }
}

/// First-level division of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admin1 {
    /// Unknown or none.
    None,
    /// The ADM1 entry with this index.
    Entry(u32),
    /// A name only.
    Name(Box<str>),
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// GeoNames id, if the entry comes from GeoNames.
    pub geonames_id: Option<u64>,
    /// Kind of place.
    pub feature: Feature,
    /// ISO alpha-2 country code, if any.
    pub country: Option<[u8; 2]>,
    /// First-level division.
    pub admin1: Admin1,
    /// Latitude.
    pub lat: f32,
    /// Longitude.
    pub lon: f32,
    /// Population (or, for hand-written regions, a prominence weight).
    pub population: u64,
    /// Display name.
    pub name: Box<str>,
    /// Whether the entry was written or corrected by hand.
    pub curated: bool,
}

impl Entry {
    /// Country code as a string.
    pub fn country_str(&self) -> Option<&str> {
        self.country
            .as_ref()
            .and_then(|c| std::str::from_utf8(c).ok())
    }
}

/// How a name refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A name of the place ("Ukraine", "Kiev").
    Name,
    /// An adjective or demonym ("Ukrainian").
    Adjective,
    /// Only valid as a qualifier after "Place, " ("Tex.", "TX").
    Qualifier,
    /// An alternate name from GeoNames (another language, an old name).
    Alternate,
    /// A hand-written name in capitals ("UAE", "CAR"): matches only text in
    /// capitals.
    Acronym,
}

/// A name's pointer to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Posting {
    /// Entry index.
    pub entry: u32,
    /// How the name refers to it.
    pub kind: NameKind,
}

impl Posting {
    fn pack(self) -> u32 {
        let k = match self.kind {
            NameKind::Name => 0,
            NameKind::Adjective => 1,
            NameKind::Qualifier => 2,
            NameKind::Alternate => 3,
            NameKind::Acronym => 4,
        };
        (self.entry << 3) | k
    }
    fn unpack(v: u32) -> Posting {
        let kind = match v & 7 {
            1 => NameKind::Adjective,
            2 => NameKind::Qualifier,
            3 => NameKind::Alternate,
            4 => NameKind::Acronym,
            _ => NameKind::Name,
        };
        Posting {
            entry: v >> 3,
            kind,
        }
    }
}

/// The gazetteer: entries and an FST from folded names to postings.
pub struct Gazetteer {
    entries: Vec<Entry>,
    index: Map<Cow<'static, [u8]>>,
    postings: Vec<u32>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("names", &self.index.len())
            .finish()
    }
}

fn malformed(file: &str, line: usize, message: impl Into<String>) -> GazetteerError {
    GazetteerError::Malformed {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

fn parse_num<T: std::str::FromStr>(
    file: &str,
    line: usize,
    what: &str,
    s: &str,
) -> Result<T, GazetteerError> {
    s.trim()
        .parse::<T>()
        .map_err(|_| malformed(file, line, format!("bad {what} {s:?}")))
}

fn parse_coord(
    file: &str,
    line: usize,
    lat: &str,
    lon: &str,
) -> Result<(f32, f32), GazetteerError> {
    let la: f32 = parse_num(file, line, "latitude", lat)?;
    let lo: f32 = parse_num(file, line, "longitude", lon)?;
    if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
        return Err(malformed(
            file,
            line,
            format!("coordinates out of range: {la}, {lo}"),
        ));
    }
    Ok((la, lo))
}

fn parse_cc(file: &str, line: usize, s: &str) -> Result<Option<[u8; 2]>, GazetteerError> {
    match s.as_bytes() {
        [] => Ok(None),
        [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Ok(Some([*a, *b])),
        _ => Err(malformed(file, line, format!("bad country code {s:?}"))),
    }
}

/// Whether a folded key is one the index accepts (as the build script, which
/// also accepts no comma; hand-written names may have one: "Washington, D.C.").
fn good_key(k: &str) -> bool {
    let b = k.as_bytes();
    (2..=60).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || b" '.,-".contains(&c))
        && !k.contains("  ")
}

/// Names gathered from the hand-written files, before merging into the index.
#[derive(Default)]
struct HandNames(BTreeMap<String, Vec<u32>>);

impl HandNames {
    fn add(
        &mut self,
        file: &str,
        line: usize,
        name: &str,
        p: Posting,
    ) -> Result<(), GazetteerError> {
        let (name, p) = match name.strip_prefix('~') {
            Some(n) => (
                n,
                Posting {
                    kind: NameKind::Qualifier,
                    ..p
                },
            ),
            None => (name, p),
        };
        let letters = name.chars().filter(|c| c.is_alphabetic());
        let p = if p.kind == NameKind::Name
            && letters.clone().count() >= 2
            && letters.clone().all(|c| c.is_uppercase())
        {
            Posting {
                kind: NameKind::Acronym,
                ..p
            }
        } else {
            p
        };
        let k = fold(name.trim());
        let k = k.trim_matches('\'').to_string();
        if !good_key(&k) {
            return Err(malformed(
                file,
                line,
                format!("name {name:?} cannot be indexed"),
            ));
        }
        let v = self.0.entry(k).or_default();
        if !v.contains(&p.pack()) {
            v.push(p.pack());
        }
        Ok(())
    }
}

impl Gazetteer {
    /// Load from a directory holding `geonames.tsv`, `countries.tsv` and
    /// `regions.tsv`.
    pub fn from_dir(dir: &Path) -> Result<Gazetteer, GazetteerError> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read_to_string(&p)
                .map(|s| (p.display().to_string(), s))
                .map_err(|e| GazetteerError::Io {
                    file: p.display().to_string(),
                    source: e,
                })
        };
        let (gf, g) = read("geonames.tsv")?;
        let (cf, c) = read("countries.tsv")?;
        let (rf, r) = read("regions.tsv")?;
        Gazetteer::from_sources((&gf, &g), (&cf, &c), (&rf, &r))
    }

    /// Load from the texts of the three files, each given with the name used
    /// in error messages.
    pub fn from_sources(
        geonames: (&str, &str),
        countries: (&str, &str),
        regions: (&str, &str),
    ) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::load(geonames, countries, regions)
    }

    /// Compile the three files into the format [`Gazetteer::from_compiled`]
    /// reads (what `index.bin` holds).
    pub fn compile_index(
        geonames: (&str, &str),
        countries: (&str, &str),
        regions: (&str, &str),
    ) -> Result<Vec<u8>, GazetteerError> {
        let g = Gazetteer::load(geonames, countries, regions)?;
        let mut strings = String::new();
        let mut out = Vec::with_capacity(64 * g.entries.len());
        out.extend_from_slice(INDEX_MAGIC);
        out.extend_from_slice(&(g.entries.len() as u64).to_le_bytes());
        for e in &g.entries {
            let mut put_str = |s: &str, out: &mut Vec<u8>| {
                out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
                out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                strings.push_str(s);
            };
            out.extend_from_slice(&e.geonames_id.unwrap_or(0).to_le_bytes());
            out.extend_from_slice(&e.lat.to_bits().to_le_bytes());
            out.extend_from_slice(&e.lon.to_bits().to_le_bytes());
            out.extend_from_slice(&e.population.to_le_bytes());
            out.push(e.feature as u8);
            out.extend_from_slice(&e.country.unwrap_or([0, 0]));
            out.push(u8::from(e.curated));
            put_str(&e.name, &mut out);
            match &e.admin1 {
                Admin1::None => out.push(0),
                Admin1::Entry(i) => {
                    out.push(1);
                    out.extend_from_slice(&i.to_le_bytes());
                }
                Admin1::Name(n) => {
                    out.push(2);
                    put_str(n, &mut out);
                }
            }
        }
        out.extend_from_slice(&(strings.len() as u64).to_le_bytes());
        out.extend_from_slice(strings.as_bytes());
        let fst = g.index.as_fst().as_bytes();
        out.extend_from_slice(&(fst.len() as u64).to_le_bytes());
        out.extend_from_slice(fst);
        out.extend_from_slice(&(g.postings.len() as u64).to_le_bytes());
        for p in &g.postings {
            out.extend_from_slice(&p.to_le_bytes());
        }
        Ok(out)
    }

    /// Load a gazetteer compiled by [`Gazetteer::compile_index`].
    pub fn from_compiled(b: &'static [u8]) -> Result<Gazetteer, GazetteerError> {
        let bad = |m: String| GazetteerError::Index(format!("index.bin: {m}"));
        let mut r = Reader { b, at: 0 };
        if r.bytes(8)? != INDEX_MAGIC {
            return Err(bad("not a dyad gazetteer (bad magic)".into()));
        }
        let n = r.u64()? as usize;
        if n > b.len() / 32 {
            return Err(bad(format!("{n} entries cannot fit")));
        }
        // Entries refer to the string table that follows them: read them raw first.
        let mut raw = Vec::with_capacity(n);
        for _ in 0..n {
            let gid = r.u64()?;
            let lat = r.f32()?;
            let lon = r.f32()?;
            let population = r.u64()?;
            let feature = match r.u8()? {
                0 => Feature::Continent,
                1 => Feature::Country,
                2 => Feature::Adm1,
                3 => Feature::Region,
                4 => Feature::Sea,
                5 => Feature::City,
                x => return Err(bad(format!("unknown feature {x}"))),
            };
            let cc = [r.u8()?, r.u8()?];
            let curated = r.u8()? != 0;
            let name = (r.u32()?, r.u32()?);
            let admin1 = match r.u8()? {
                0 => (0u8, 0u32, 0u32),
                1 => (1, r.u32()?, 0),
                2 => (2, r.u32()?, r.u32()?),
                x => return Err(bad(format!("unknown admin1 tag {x}"))),
            };
            raw.push((
                gid, lat, lon, population, feature, cc, curated, name, admin1,
            ));
        }
        let slen = r.u64()? as usize;
        let strings = std::str::from_utf8(r.bytes(slen)?).map_err(|e| bad(e.to_string()))?;
        let get = |(off, len): (u32, u32)| -> Result<&str, GazetteerError> {
            strings
                .get(off as usize..off as usize + len as usize)
                .ok_or_else(|| bad(format!("string {off}+{len} out of range")))
        };
        let mut entries = Vec::with_capacity(n);
        for (gid, lat, lon, population, feature, cc, curated, name, admin1) in raw {
            let admin1 = match admin1 {
                (1, i, _) if (i as usize) < n => Admin1::Entry(i),
                (1, i, _) => return Err(bad(format!("admin1 entry {i} out of range"))),
                (2, off, len) => Admin1::Name(get((off, len))?.into()),
                _ => Admin1::None,
            };
            entries.push(Entry {
                geonames_id: (gid != 0).then_some(gid),
                feature,
                country: (cc != [0, 0]).then_some(cc),
                admin1,
                lat,
                lon,
                population,
                name: get(name)?.into(),
                curated,
            });
        }
        let flen = r.u64()? as usize;
        let fst = r.bytes(flen)?;
        let plen = r.u64()? as usize;
        let pb = r.bytes(plen.saturating_mul(4))?;
        let postings: Vec<u32> = pb
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if let Some(&bad_p) = postings.iter().find(|&&p| (p >> 3) as usize >= n) {
            return Err(bad(format!("posting to entry {} out of range", bad_p >> 3)));
        }
        let index = Map::new(Cow::Borrowed(fst)).map_err(|e| bad(e.to_string()))?;
        Ok(Gazetteer {
            entries,
            index,
            postings,
        })
    }

    fn load(
        geonames: (&str, &str),
        countries: (&str, &str),
        regions: (&str, &str),
    ) -> Result<Gazetteer, GazetteerError> {
        let (gfile, gtext) = geonames;
        let mut entries: Vec<Entry> = Vec::new();
        let mut keys: Vec<(&str, &str, usize)> = Vec::new();
        let mut section = 0u8; // 0 header, 1 entries, 2 keys
        let mut by_country: HashMap<[u8; 2], u32> = HashMap::new();
        for (i, line) in gtext.lines().enumerate() {
            let ln = i + 1;
            if line.starts_with("#entries") {
                section = 1;
                continue;
            }
            if line.starts_with("#keys") {
                section = 2;
                continue;
            }
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            match section {
                1 => {
                    let mut f = [""; 8];
                    let mut nf = 0;
                    for (k, x) in line.split('\t').enumerate() {
                        if k < 8 {
                            f[k] = x;
                        }
                        nf = k + 1;
                    }
                    if nf != 8 {
                        return Err(malformed(
                            gfile,
                            ln,
                            format!("expected 8 fields, found {nf}"),
                        ));
                    }
                    let feature = Feature::parse(f[1]).ok_or_else(|| {
                        malformed(gfile, ln, format!("unknown feature {:?}", f[1]))
                    })?;
                    let geonames_id = if f[0].is_empty() {
                        None
                    } else {
                        Some(parse_num::<u64>(gfile, ln, "GeoNames id", f[0])?)
                    };
                    let country = parse_cc(gfile, ln, f[2])?;
                    let admin1 = if f[3].is_empty() {
                        Admin1::None
                    } else if let Some(n) = f[3].strip_prefix('@') {
                        let idx: u32 = parse_num(gfile, ln, "admin1 reference", n)?;
                        if idx as usize >= entries.len() {
                            return Err(malformed(
                                gfile,
                                ln,
                                format!("admin1 reference @{idx} is not an earlier entry"),
                            ));
                        }
                        Admin1::Entry(idx)
                    } else {
                        Admin1::Name(f[3].into())
                    };
                    let (lat, lon) = parse_coord(gfile, ln, f[4], f[5])?;
                    let population = parse_num(gfile, ln, "population", f[6])?;
                    if f[7].is_empty() {
                        return Err(malformed(gfile, ln, "empty name"));
                    }
                    if feature == Feature::Country {
                        if let Some(cc) = country {
                            by_country.insert(cc, entries.len() as u32);
                        }
                    }
                    entries.push(Entry {
                        geonames_id,
                        feature,
                        country,
                        admin1,
                        lat,
                        lon,
                        population,
                        name: f[7].into(),
                        curated: false,
                    });
                }
                2 => {
                    let (k, p) = line
                        .split_once('\t')
                        .ok_or_else(|| malformed(gfile, ln, "expected key<TAB>entries"))?;
                    if let Some(&(prev, _, _)) = keys.last() {
                        if prev.as_bytes() >= k.as_bytes() {
                            return Err(malformed(gfile, ln, format!("key {k:?} is out of order")));
                        }
                    }
                    keys.push((k, p, ln));
                }
                _ => return Err(malformed(gfile, ln, "data before the #entries line")),
            }
        }
        if section != 2 {
            return Err(malformed(
                gfile,
                gtext.lines().count(),
                "missing #entries or #keys section",
            ));
        }

        let mut hand = HandNames::default();
        let n_generated = entries.len();
        // Look up a generated key by binary search.
        let generated = |k: &str| -> Vec<usize> {
            keys.binary_search_by(|(x, _, _)| x.as_bytes().cmp(k.as_bytes()))
                .map(|i| {
                    keys[i]
                        .1
                        .split(',')
                        .filter_map(|x| x.trim_start_matches('a').parse().ok())
                        .collect()
                })
                .unwrap_or_default()
        };

        // countries.tsv
        let (cfile, ctext) = countries;
        for (i, line) in ctext.lines().enumerate() {
            let ln = i + 1;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 5 {
                return Err(malformed(
                    cfile,
                    ln,
                    format!("expected 5 fields, found {}", f.len()),
                ));
            }
            let cc = parse_cc(cfile, ln, f[0])?
                .ok_or_else(|| malformed(cfile, ln, "missing country code"))?;
            let &idx = by_country.get(&cc).ok_or_else(|| {
                malformed(
                    cfile,
                    ln,
                    format!("country {} is not in the GeoNames file", f[0]),
                )
            })?;
            let e = &mut entries[idx as usize];
            if !f[1].is_empty() || !f[2].is_empty() {
                let (lat, lon) = parse_coord(cfile, ln, f[1], f[2])?;
                e.lat = lat;
                e.lon = lon;
            }
            e.curated = true;
            for (col, kind) in [(3, NameKind::Name), (4, NameKind::Adjective)] {
                for n in f[col].split('|').filter(|n| !n.trim().is_empty()) {
                    hand.add(cfile, ln, n, Posting { entry: idx, kind })?;
                }
            }
        }

        // regions.tsv
        let (rfile, rtext) = regions;
        for (i, line) in rtext.lines().enumerate() {
            let ln = i + 1;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 8 {
                return Err(malformed(
                    rfile,
                    ln,
                    format!("expected 8 fields, found {}", f.len()),
                ));
            }
            let names: Vec<&str> = f[0].split('|').filter(|n| !n.trim().is_empty()).collect();
            let Some(&display) = names.first() else {
                return Err(malformed(rfile, ln, "no name"));
            };
            let feature = Feature::parse(f[1])
                .ok_or_else(|| malformed(rfile, ln, format!("unknown feature {:?}", f[1])))?;
            let country = parse_cc(rfile, ln, f[2])?;
            let coord = if f[4].is_empty() && f[5].is_empty() {
                None
            } else {
                Some(parse_coord(rfile, ln, f[4], f[5])?)
            };
            let population: u64 = if f[6].is_empty() {
                0
            } else {
                parse_num(rfile, ln, "prominence", f[6])?
            };
            // Merge with a GeoNames entry of the same name, feature and country.
            let existing = generated(&fold(display.trim_start_matches('~')))
                .into_iter()
                .filter(|&j| {
                    j < n_generated
                        && entries[j].feature == feature
                        && entries[j].country == country
                })
                .max_by_key(|&j| (entries[j].population, std::cmp::Reverse(j)));
            let idx = match existing {
                Some(j) => {
                    let e = &mut entries[j];
                    if let Some((lat, lon)) = coord {
                        e.lat = lat;
                        e.lon = lon;
                    }
                    e.population = e.population.max(population);
                    e.curated = true;
                    j as u32
                }
                None => {
                    let Some((lat, lon)) = coord else {
                        return Err(malformed(
                            rfile,
                            ln,
                            format!("{display:?} has no coordinates and matches no GeoNames entry"),
                        ));
                    };
                    entries.push(Entry {
                        geonames_id: None,
                        feature,
                        country,
                        admin1: if f[3].is_empty() {
                            Admin1::None
                        } else {
                            Admin1::Name(f[3].into())
                        },
                        lat,
                        lon,
                        population,
                        name: display.trim_start_matches('~').into(),
                        curated: true,
                    });
                    (entries.len() - 1) as u32
                }
            };
            for n in &names {
                hand.add(
                    rfile,
                    ln,
                    n,
                    Posting {
                        entry: idx,
                        kind: NameKind::Name,
                    },
                )?;
            }
            for n in f[7].split('|').filter(|n| !n.trim().is_empty()) {
                hand.add(
                    rfile,
                    ln,
                    n,
                    Posting {
                        entry: idx,
                        kind: NameKind::Adjective,
                    },
                )?;
            }
        }

        // Merge the sorted generated keys with the sorted hand keys into the FST.
        let mut postings: Vec<u32> = Vec::with_capacity(keys.len() * 2);
        let mut builder = MapBuilder::memory();
        let mut hi = hand.0.iter().peekable();
        let mut gi = keys.iter().peekable();
        let push_generated =
            |p: &str, ln: usize, out: &mut Vec<u32>| -> Result<(), GazetteerError> {
                for x in p.split(',') {
                    let (kind, x) = match x.strip_prefix('a') {
                        Some(rest) => (NameKind::Alternate, rest),
                        None => (NameKind::Name, x),
                    };
                    let j: u32 = parse_num(gfile, ln, "entry index", x)?;
                    if j as usize >= n_generated {
                        return Err(malformed(
                            gfile,
                            ln,
                            format!("entry index {j} out of range"),
                        ));
                    }
                    out.push(Posting { entry: j, kind }.pack());
                }
                Ok(())
            };
        loop {
            let take_g = match (gi.peek(), hi.peek()) {
                (None, None) => break,
                (Some(_), None) => Some(true),
                (None, Some(_)) => Some(false),
                (Some((gk, _, _)), Some((hk, _))) => match gk.as_bytes().cmp(hk.as_bytes()) {
                    std::cmp::Ordering::Less => Some(true),
                    std::cmp::Ordering::Greater => Some(false),
                    std::cmp::Ordering::Equal => None,
                },
            };
            let start = postings.len();
            let key: &str = match take_g {
                Some(true) => {
                    let (k, p, ln) = gi.next().copied().unwrap_or(("", "", 0));
                    push_generated(p, ln, &mut postings)?;
                    k
                }
                Some(false) => {
                    let Some((k, v)) = hi.next() else { break };
                    postings.extend_from_slice(v);
                    k.as_str()
                }
                None => {
                    let (k, p, ln) = gi.next().copied().unwrap_or(("", "", 0));
                    push_generated(p, ln, &mut postings)?;
                    if let Some((_, v)) = hi.next() {
                        for &x in v {
                            if !postings[start..].contains(&x) {
                                postings.push(x);
                            }
                        }
                    }
                    k
                }
            };
            let len = postings.len() - start;
            builder
                .insert(key, ((start as u64) << 16) | len.min(0xffff) as u64)
                .map_err(|e| GazetteerError::Index(e.to_string()))?;
        }
        let bytes = builder
            .into_inner()
            .map_err(|e| GazetteerError::Index(e.to_string()))?;
        let index =
            Map::new(Cow::Owned(bytes)).map_err(|e| GazetteerError::Index(e.to_string()))?;
        Ok(Gazetteer {
            entries,
            index,
            postings,
        })
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entry `i`.
    pub fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    /// Number of indexed names.
    pub fn name_count(&self) -> usize {
        self.index.len()
    }

    /// Postings for an already folded name.
    pub fn lookup_folded(&self, key: &str) -> Vec<Posting> {
        self.index
            .get(key)
            .map(|v| self.postings_of(v))
            .unwrap_or_default()
    }

    /// Postings for a name as written.
    pub fn lookup(&self, name: &str) -> Vec<Posting> {
        self.lookup_folded(&fold(name))
    }

    pub(crate) fn postings_of(&self, v: u64) -> Vec<Posting> {
        let start = (v >> 16) as usize;
        let len = (v & 0xffff) as usize;
        self.postings
            .get(start..start + len)
            .unwrap_or(&[])
            .iter()
            .map(|&x| Posting::unpack(x))
            .collect()
    }

    /// The FST over folded names (values locate postings).
    pub(crate) fn fst(&self) -> &fst::raw::Fst<Cow<'static, [u8]>> {
        self.index.as_fst()
    }

    /// Name of an entry's first-level division, if known.
    pub fn admin1_name<'a>(&'a self, e: &'a Entry) -> Option<&'a str> {
        match &e.admin1 {
            Admin1::None => None,
            Admin1::Entry(i) => self.entries.get(*i as usize).map(|a| &*a.name),
            Admin1::Name(n) => Some(n),
        }
    }

    /// Whether `place` lies inside `region` (same ADM1 entry or name, or same
    /// country when `region` is a country).
    pub fn is_within(&self, place: u32, region: u32) -> bool {
        if place == region {
            return false;
        }
        let p = self.entry(place);
        let r = self.entry(region);
        match r.feature {
            Feature::Country => {
                p.country.is_some() && p.country == r.country && p.feature != Feature::Country
            }
            Feature::Adm1 | Feature::Region => {
                p.country == r.country
                    && p.feature == Feature::City
                    && (matches!(p.admin1, Admin1::Entry(i) if i == region)
                        || self.admin1_name(p).is_some_and(|a| {
                            crate::fold::fold(a) == crate::fold::fold(&r.name)
                                || self.admin1_name(r).is_some_and(|b| fold(a) == fold(b))
                        }))
            }
            _ => false,
        }
    }
}
