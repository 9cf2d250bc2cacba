//! The event lexicon: CAMEO codes, CAMEO→PLOVER mapping and verb/noun patterns.
//!
//! The built-in files live in the repository's top-level `lexicon/` folder
//! and are embedded in the binary; see `lexicon/README.md` for the format.

use std::collections::HashMap;
use std::path::Path;

/// Built-in CAMEO code table.
pub const CAMEO_TSV: &str = include_str!("../../../lexicon/cameo.tsv");
/// Built-in CAMEO→PLOVER table.
pub const CAMEO2PLOVER_TSV: &str = include_str!("../../../lexicon/cameo2plover.tsv");
/// Built-in verb and event-noun patterns.
pub const VERBS_TSV: &str = include_str!("../../../lexicon/verbs.tsv");

/// A malformed lexicon line, or a file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A line that does not parse.
    #[error("{file}:{line}: {message}")]
    Malformed {
        /// File name as given.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// File name as given.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn malformed(file: &str, line: usize, message: impl Into<String>) -> LexiconError {
    LexiconError::Malformed {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// One CAMEO code's name, QuadClass and Goldstein weight.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoInfo {
    /// Codebook name.
    pub name: String,
    /// QuadClass 1..=4.
    pub quad_class: u8,
    /// Goldstein scale value.
    pub goldstein: f32,
}

/// PLOVER type, mode and context for a CAMEO code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PloverInfo {
    /// Event type (empty when PLOVER drops the code).
    pub kind: String,
    /// Mode, if any.
    pub mode: Option<String>,
    /// Context, if any.
    pub context: Option<String>,
}

/// Part of speech a pattern applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatternPos {
    /// A verb.
    Verb,
    /// An event noun.
    Noun,
}

/// How a predicate's complement specialises its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// Agree, promise, offer… (→ CAMEO 03x).
    Intent,
    /// Threaten, warn (→ 13x).
    Threat,
    /// Refuse, reject, decline (→ 12x).
    Refuse,
    /// Demand, insist (→ 10x).
    Demand,
    /// Urge, call for, ask (→ 02x).
    Appeal,
}

/// One pattern: head lemma plus optional particle/modifier and constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// Verb or noun.
    pub pos: PatternPos,
    /// Head lemma (lower case).
    pub head: String,
    /// Verb particle or noun modifier, if any.
    pub extra: Option<String>,
    /// Allowed object / modifier lemmas (empty: any).
    pub objects: Vec<String>,
    /// Required case words of an oblique (empty: none required).
    pub preps: Vec<String>,
    /// CAMEO code.
    pub cameo: String,
    /// Complement frame, if any.
    pub frame: Option<Frame>,
    /// Where the pattern came from ("verbs.tsv:12").
    pub origin: String,
}

impl Pattern {
    /// How specific the pattern is (more constraints first).
    pub fn specificity(&self) -> u32 {
        u32::from(self.extra.is_some()) * 2
            + u32::from(!self.objects.is_empty()) * 2
            + u32::from(!self.preps.is_empty())
    }
}

/// The whole lexicon.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    cameo: HashMap<String, CameoInfo>,
    plover: HashMap<String, PloverInfo>,
    patterns: HashMap<(PatternPos, String), Vec<Pattern>>,
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Split a 4-field line whose first field is a CAMEO code.
fn coded_fields<'t>(file: &str, line: usize, l: &'t str) -> Result<Vec<&'t str>, LexiconError> {
    let f: Vec<&str> = l.split('\t').collect();
    if f.len() != 4 {
        return Err(malformed(
            file,
            line,
            format!("expected 4 tab-separated fields, found {}", f.len()),
        ));
    }
    if !is_code(f[0]) {
        return Err(malformed(file, line, format!("bad CAMEO code {:?}", f[0])));
    }
    Ok(f)
}

fn is_code(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon::default();
        lex.add_cameo("lexicon/cameo.tsv", CAMEO_TSV)?;
        lex.add_plover("lexicon/cameo2plover.tsv", CAMEO2PLOVER_TSV)?;
        lex.add_patterns("lexicon/verbs.tsv", VERBS_TSV)?;
        Ok(lex)
    }

    /// Add CAMEO codes (`code<TAB>name<TAB>quad<TAB>goldstein`).
    pub fn add_cameo(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        for (line, l) in data_lines(text) {
            let f = coded_fields(file, line, l)?;
            let quad: u8 = f[2]
                .parse()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(|| malformed(file, line, format!("bad QuadClass {:?}", f[2])))?;
            let goldstein: f32 = f[3]
                .parse()
                .ok()
                .filter(|g: &f32| (-10.0..=10.0).contains(g))
                .ok_or_else(|| malformed(file, line, format!("bad Goldstein value {:?}", f[3])))?;
            self.cameo.insert(
                f[0].to_string(),
                CameoInfo {
                    name: f[1].to_string(),
                    quad_class: quad,
                    goldstein,
                },
            );
        }
        Ok(())
    }

    /// Add CAMEO→PLOVER rows (`cameo<TAB>type<TAB>mode<TAB>context`).
    pub fn add_plover(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        for (line, l) in data_lines(text) {
            let f = coded_fields(file, line, l)?;
            if !f[1].bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(malformed(file, line, format!("bad PLOVER type {:?}", f[1])));
            }
            let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
            self.plover.insert(
                f[0].to_string(),
                PloverInfo {
                    kind: f[1].to_string(),
                    mode: opt(f[2]),
                    context: opt(f[3]),
                },
            );
        }
        Ok(())
    }

    /// Add patterns (`pos<TAB>lemma<TAB>constraint<TAB>cameo<TAB>frame`).
    /// Codes must already be known (add CAMEO codes first).
    pub fn add_patterns(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        for (line, l) in data_lines(text) {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() != 5 {
                return Err(malformed(
                    file,
                    line,
                    format!("expected 5 tab-separated fields, found {}", f.len()),
                ));
            }
            let pos = match f[0] {
                "V" => PatternPos::Verb,
                "N" => PatternPos::Noun,
                other => {
                    return Err(malformed(
                        file,
                        line,
                        format!("pos must be V or N, not {other:?}"),
                    ));
                }
            };
            let words: Vec<String> = f[1].split_whitespace().map(str::to_lowercase).collect();
            let (head, extra) = match (pos, words.as_slice()) {
                (_, [w]) => (w.clone(), None),
                (PatternPos::Verb, [w, p]) => (w.clone(), Some(p.clone())),
                (PatternPos::Noun, [m, w]) => (w.clone(), Some(m.clone())),
                _ => {
                    return Err(malformed(
                        file,
                        line,
                        format!("lemma must be one or two words, not {:?}", f[1]),
                    ));
                }
            };
            let mut objects = Vec::new();
            let mut preps = Vec::new();
            if f[2] != "-" {
                for c in f[2].split(';') {
                    let (k, v) = c.split_once('=').ok_or_else(|| {
                        malformed(file, line, format!("constraint {c:?} is not key=value"))
                    })?;
                    let vals: Vec<String> = v.split('|').map(|s| s.trim().to_lowercase()).collect();
                    if vals.iter().any(String::is_empty) {
                        return Err(malformed(
                            file,
                            line,
                            format!("empty value in constraint {c:?}"),
                        ));
                    }
                    match k.trim() {
                        "obj" => objects = vals,
                        "prep" => preps = vals,
                        other => {
                            return Err(malformed(
                                file,
                                line,
                                format!("unknown constraint {other:?} (obj, prep)"),
                            ));
                        }
                    }
                }
            }
            if !self.cameo.contains_key(f[3]) {
                return Err(malformed(
                    file,
                    line,
                    format!("unknown CAMEO code {:?}", f[3]),
                ));
            }
            let frame = match f[4] {
                "-" => None,
                "intent" => Some(Frame::Intent),
                "threat" => Some(Frame::Threat),
                "refuse" => Some(Frame::Refuse),
                "demand" => Some(Frame::Demand),
                "appeal" => Some(Frame::Appeal),
                other => return Err(malformed(file, line, format!("unknown frame {other:?}"))),
            };
            let p = Pattern {
                pos,
                head: head.clone(),
                extra,
                objects,
                preps,
                cameo: f[3].to_string(),
                frame,
                origin: format!("{file}:{line}"),
            };
            self.patterns.entry((pos, head)).or_default().push(p);
        }
        for v in self.patterns.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.specificity()));
        }
        Ok(())
    }

    /// Whether `code` itself (not a parent) is a known CAMEO code.
    pub fn cameo_exact(&self, code: &str) -> bool {
        self.cameo.contains_key(code)
    }

    /// Add already-built patterns, keeping each head's list most specific first.
    pub fn insert_patterns(&mut self, patterns: Vec<Pattern>) {
        for p in patterns {
            self.patterns
                .entry((p.pos, p.head.clone()))
                .or_default()
                .push(p);
        }
        for v in self.patterns.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.specificity()));
        }
    }

    /// Add a user pattern file (same format as `lexicon/verbs.tsv`).
    pub fn add_pattern_file(&mut self, path: &Path) -> Result<(), LexiconError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io {
            file: name.clone(),
            source,
        })?;
        self.add_patterns(&name, &text)
    }

    /// Patterns for a head lemma, most specific first.
    pub fn patterns(&self, pos: PatternPos, lemma: &str) -> &[Pattern] {
        // Allocation-free lookup would need a borrowed tuple key; lemmas are short.
        self.patterns
            .get(&(pos, lemma.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Whether any pattern has this head.
    pub fn has_head(&self, pos: PatternPos, lemma: &str) -> bool {
        !self.patterns(pos, lemma).is_empty()
    }

    /// CAMEO code information (falls back to the code's parents).
    pub fn cameo(&self, code: &str) -> Option<&CameoInfo> {
        (2..=code.len())
            .rev()
            .find_map(|l| code.get(..l).and_then(|c| self.cameo.get(c)))
    }

    /// PLOVER coding of a CAMEO code (falls back to the code's parents).
    pub fn plover(&self, code: &str) -> Option<&PloverInfo> {
        (2..=code.len())
            .rev()
            .find_map(|l| code.get(..l).and_then(|c| self.plover.get(c)))
    }

    /// Number of CAMEO codes.
    pub fn cameo_len(&self) -> usize {
        self.cameo.len()
    }

    /// Number of patterns.
    pub fn pattern_len(&self) -> usize {
        self.patterns.values().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_covers_every_code() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.cameo_len() > 300);
        assert!(lex.pattern_len() > 300);
        for code in lex.cameo.keys() {
            assert!(lex.plover.contains_key(code), "no PLOVER row for {code}");
        }
        assert_eq!(lex.cameo("041").unwrap().quad_class, 1);
        assert_eq!(lex.plover("041").unwrap().kind, "CONSULT");
        assert_eq!(lex.plover("1123").unwrap().kind, "ACCUSE");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut lex = Lexicon::builtin().unwrap();
        let cases = [
            ("V\tmeet\t-\t040", "expected 5"),
            ("X\tmeet\t-\t040\t-", "pos must be"),
            ("V\tmeet\tfoo=bar\t040\t-", "unknown constraint"),
            ("V\tmeet\t-\t999\t-", "unknown CAMEO code"),
            ("V\tmeet\t-\t040\tmaybe", "unknown frame"),
            ("V\tmeet\tobj\t040\t-", "not key=value"),
        ];
        for (line, want) in cases {
            let text = format!("# header\n{line}\n");
            let err = lex.add_patterns("user.tsv", &text).unwrap_err().to_string();
            assert!(err.starts_with("user.tsv:2: "), "{err}");
            assert!(err.contains(want), "{err}");
        }
    }
}
