//! The cue lexicon (`data/cues.txt`): reporting, belief and finding verbs.

use std::collections::HashMap;
use std::sync::OnceLock;

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

fn table() -> &'static HashMap<String, CueClass> {
    static T: OnceLock<HashMap<String, CueClass>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
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

/// Whether a lower-cased word is a speech cue or `according` (used where
/// a strong cue is wanted, as in closing unbalanced quotes).
pub fn is_speech_cue(lower: &str) -> bool {
    matches!(cue_class(lower), Some(CueClass::Speech | CueClass::Phrase))
}

const WORD_CLASSES: &str = include_str!("../data/wordclass.txt");

fn classes() -> &'static HashMap<String, &'static str> {
    static T: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
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
    }
}
