//! The cue lexicon (`data/cues.txt`): reporting, belief and finding verbs.

use std::collections::HashMap;
use std::sync::OnceLock;

use std::hash::BuildHasherDefault;

use crate::tagger::KeyHasher;
use crate::text::{Shape, Tok};

/// Class of a cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// Saying or writing ("said", "wrote", "told").
    Speech,
    /// Internal state ("believes", "fears").
    Belief,
    /// Findings of studies, polls, estimates ("shows", "estimates").
    Finding,
    /// First word of a multi-word cue ("according" to, "citing").
    Phrase,
}

impl CueClass {
    /// Short name, used in features.
    pub fn as_str(self) -> &'static str {
        match self {
            CueClass::Speech => "speech",
            CueClass::Belief => "belief",
            CueClass::Finding => "finding",
            CueClass::Phrase => "phrase",
        }
    }
}

const LEXICON: &str = include_str!("../data/cues.txt");

/// Lexicon maps hash with [`KeyHasher`] (short keys, no need for SipHash).
type Fast<V> = HashMap<String, V, BuildHasherDefault<KeyHasher>>;

fn table() -> &'static Fast<CueClass> {
    static T: OnceLock<Fast<CueClass>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = Fast::default();
        for line in LEXICON.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cells = line.split('\t');
            let class = match cells.next() {
                Some("speech") => CueClass::Speech,
                Some("belief") => CueClass::Belief,
                Some("finding") => CueClass::Finding,
                Some("phrase") => CueClass::Phrase,
                _ => continue,
            };
            let lemma = cells.next().unwrap_or("");
            let forms = cells.next().unwrap_or("");
            for f in std::iter::once(lemma).chain(forms.split_whitespace()) {
                if !f.is_empty() {
                    m.entry(f.to_string()).or_insert(class);
                }
            }
        }
        m
    })
}

/// The class of a lower-cased word, if it is in the lexicon.
pub fn cue_class(lower: &str) -> Option<CueClass> {
    table().get(lower).copied()
}

/// Whether a lower-cased word is an inflected form of a speech verb of the
/// cue lexicon (`said`, `warned`, `calls`, `asking`; not the base form
/// `tell`, which follows `to` or another verb more often than it reports).
pub fn is_inflected_speech(lower: &str) -> bool {
    static T: OnceLock<Fast<()>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = Fast::default();
        for line in LEXICON.lines() {
            let mut cells = line.split('\t');
            if cells.next() != Some("speech") {
                continue;
            }
            let lemma = cells.next().unwrap_or("");
            for f in cells.next().unwrap_or("").split_whitespace() {
                if f != lemma {
                    m.insert(f.to_string(), ());
                }
            }
        }
        m
    })
    .contains_key(lower)
}

/// Whether a lower-cased word is a speech cue or `according` (used where
/// a strong cue is wanted, as in closing unbalanced quotes).
pub fn is_speech_cue(lower: &str) -> bool {
    matches!(cue_class(lower), Some(CueClass::Speech | CueClass::Phrase))
}

/// Clusters of a word: coarse (of 256) and fine (of 1,024).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cluster {
    /// K-means cluster among 256.
    pub coarse: u16,
    /// K-means cluster among 1,024.
    pub fine: u16,
}

/// The repository's word clusters (`models/clusters.tsv`: lower-cased
/// word, k-means cluster of 256, of 1,024, vector id, tag class; see
/// `models/tagger.md` for how they were built) as a prebuilt index read in
/// place: [`word_key`] of the word → coarse | fine << 16 (the first line of
/// a word counts), written by `examples/clusters_index.rs` with
/// [`cluster_pairs`]; a test checks it against the file. Parsing the
/// 2.5 MB file into a table at start-up took about 7 ms.
/// (A function never inlined, not a `static`, so that the bytes are not
/// copied into this crate's metadata as well.)
#[inline(never)]
fn cluster_index() -> &'static [u8] {
    include_bytes!("../data/clusters.idx")
}

/// The word-cluster pairs of a `models/clusters.tsv` text: [`word_key`] of
/// each word and its clusters packed as coarse | fine << 16, in file order,
/// a word's first line only (lines without two cluster numbers skipped).
pub fn cluster_pairs(tsv: &str) -> Vec<(u64, u32)> {
    let num = |b: &[u8]| -> Option<u16> {
        if b.is_empty() || b.len() > 5 {
            return None;
        }
        b.iter().try_fold(0u16, |n, &d| {
            d.is_ascii_digit()
                .then(|| n.checked_mul(10)?.checked_add(u16::from(d - b'0')))
                .flatten()
        })
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(100_000);
    for line in tsv.as_bytes().split(|&b| b == b'\n') {
        if line.first() == Some(&b'#') {
            continue;
        }
        let mut cells = line.splitn(4, |&b| b == b'\t');
        let (Some(w), Some(c), Some(f)) = (cells.next(), cells.next(), cells.next()) else {
            continue;
        };
        if let (Some(coarse), Some(fine)) = (num(c), num(f)) {
            let k = word_key(w);
            if seen.insert(k) {
                out.push((k, u32::from(coarse) | u32::from(fine) << 16));
            }
        }
    }
    out
}

/// The cluster index ([`cluster_index`]).
fn clusters() -> &'static dyad_learn::KeyMap {
    static T: OnceLock<dyad_learn::KeyMap> = OnceLock::new();
    T.get_or_init(|| {
        dyad_learn::KeyMap::from_static_bytes(cluster_index(), "data/clusters.idx", "clusters")
            .expect("data/clusters.idx is checked by the tests")
    })
}

/// The 64-bit key of a word in the cluster table (the features' hash of
/// its bytes; the 100,000 words' keys are distinct, see the tests).
fn word_key(w: &[u8]) -> u64 {
    crate::tagger::fnv_from(0, &[w])
}

/// Open the cluster index now (it is otherwise opened on first use):
/// called when models are compiled, so that the first document does not
/// pay for it.
pub fn load_clusters() {
    clusters();
}

/// The clusters of a lower-cased word, if it is among the clustered words.
pub fn word_cluster(lower: &str) -> Option<Cluster> {
    clusters().get(word_key(lower.as_bytes())).map(|v| Cluster {
        coarse: v as u16,
        fine: (v >> 16) as u16,
    })
}

const WORD_CLASSES: &str = include_str!("../data/wordclass.txt");

fn classes() -> &'static Fast<&'static str> {
    static T: OnceLock<Fast<&'static str>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = Fast::default();
        for line in WORD_CLASSES.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((class, words)) = line.split_once('\t') {
                let class: &'static str = match class {
                    "DET" => "DET",
                    "PRON" => "PRON",
                    "ADP" => "ADP",
                    "CCONJ" => "CCONJ",
                    "SCONJ" => "SCONJ",
                    "AUX" => "AUX",
                    "PART" => "PART",
                    "WH" => "WH",
                    "TITLE" => "TITLE",
                    _ => continue,
                };
                for w in words.split_whitespace() {
                    m.entry(w.to_string()).or_insert(class);
                }
            }
        }
        m
    })
}

/// A coarse word class standing in for a part-of-speech tag: the
/// closed-class lexicon (`data/wordclass.txt`), else cue class, else shape
/// (`Cap`, `low`, `num`, `punct`, `quote`).
pub fn word_class(t: &Tok) -> &'static str {
    if t.mark.is_some() {
        return "quote";
    }
    if let Some(c) = classes().get(t.lower.as_str()) {
        return c;
    }
    if let Some(c) = cue_class(&t.lower) {
        return c.as_str();
    }
    match t.shape {
        Shape::Upper => "Cap",
        Shape::Lower => {
            if t.lower.ends_with("ly") {
                "ly"
            } else if t.lower.ends_with("ing") {
                "ing"
            } else if t.lower.ends_with("ed") {
                "ed"
            } else {
                "low"
            }
        }
        Shape::Digit => "num",
        Shape::Punct => "punct",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let cases = [
            ("said", Some(CueClass::Speech)),
            ("told", Some(CueClass::Speech)),
            ("wrote", Some(CueClass::Speech)),
            ("added", Some(CueClass::Speech)),
            ("believes", Some(CueClass::Belief)),
            ("estimates", Some(CueClass::Speech)),
            ("according", Some(CueClass::Phrase)),
            ("shows", Some(CueClass::Finding)),
            ("table", None),
        ];
        for (w, c) in cases {
            assert_eq!(cue_class(w), c, "{w}");
        }
        // Words of one cluster file line; unknown words have none.
        let said = word_cluster("said").expect("said is clustered");
        assert!(said.coarse < 256 && said.fine < 1024);
        assert_eq!(word_cluster("qqzxv-not-a-word"), None);
        // Every clustered word has its own key.
        let words = CLUSTERS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect::<std::collections::HashSet<_>>();
        assert_eq!(clusters().len(), words.len());
    }

    /// The file `models/clusters.tsv` (only the tests read it: the stage
    /// reads [`cluster_index`]).
    const CLUSTERS: &str = include_str!("../../../models/clusters.tsv");

    #[test]
    fn cluster_index_is_the_cluster_file() {
        // Rebuild with `cargo run -p dyad-quotes --example clusters_index`
        // when models/clusters.tsv changes.
        let pairs = cluster_pairs(CLUSTERS);
        assert!(pairs.len() > 90_000);
        assert_eq!(clusters().len(), pairs.len());
        for &(k, v) in &pairs {
            assert_eq!(clusters().get(k), Some(v));
        }
        let index = dyad_learn::KeyMap::from_pairs(pairs).to_index_bytes();
        assert!(index == cluster_index(), "data/clusters.idx is stale");
    }
}
