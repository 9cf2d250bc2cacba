//! TempEval-3 reading (TimeML `.tml` files) and scoring with the task's
//! definitions: extent strict and relaxed P/R/F1, type and value accuracy on
//! matched expressions, and value F1 (a system expression counts when it
//! overlaps a gold one and its value is identical).

use std::fmt;
use std::path::{Path, PathBuf};

use dyad_doc::{Doc, Meta, NaiveDate};

use crate::TimexOptions;

/// Errors reading TempEval data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file is not well-formed TimeML.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The directory holds no `.tml` file.
    #[error("{0}: no .tml files found")]
    Empty(PathBuf),
}

/// A gold TIMEX3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    /// First byte in [`GoldDoc::text`].
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// TIMEX3 type ("DATE"…).
    pub kind: String,
    /// TIMEX3 value.
    pub value: String,
}

/// A TimeML document: the TEXT element without tags, its date and its gold
/// expressions.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// File name.
    pub name: String,
    /// The document creation time (date part of `DCT`).
    pub dct: Option<NaiveDate>,
    /// The TEXT element's content with all tags removed and entities decoded.
    pub text: String,
    /// Gold TIMEX3s inside TEXT, in text order.
    pub timexes: Vec<GoldTimex>,
}

fn parse_err(path: &Path, src: &str, pos: usize, message: impl Into<String>) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        line: src[..pos.min(src.len())].matches('\n').count() + 1,
        message: message.into(),
    }
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(p) = rest.find(name) {
        let before_ok = p == 0 || rest.as_bytes()[p - 1].is_ascii_whitespace();
        let after = &rest[p + name.len()..];
        if before_ok && let Some(v) = after.strip_prefix("=\"") {
            return v.find('"').map(|e| &v[..e]);
        }
        rest = &rest[p + name.len()..];
    }
    None
}

fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.find(';')?;
    if end > 10 {
        return None;
    }
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ if name.starts_with("#x") => char::from_u32(u32::from_str_radix(&name[2..], 16).ok()?)?,
        _ if name.starts_with('#') => char::from_u32(name[1..].parse().ok()?)?,
        _ => return None,
    };
    Some((c, end + 1))
}

/// Read one TimeML file.
pub fn read_tml(path: &Path) -> Result<GoldDoc, Error> {
    let src = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let dct = match src.find("<DCT>") {
        Some(p) => {
            let tag_end = src[p..].find("</DCT>").map(|e| p + e).unwrap_or(src.len());
            let dct_el = &src[p..tag_end];
            let v = attr(dct_el, "value")
                .ok_or_else(|| parse_err(path, &src, p, "DCT without value"))?;
            let d = v.get(..10).unwrap_or(v);
            Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|e| parse_err(path, &src, p, format!("bad DCT value {v:?}: {e}")))?,
            )
        }
        None => None,
    };
    let t0 = src
        .find("<TEXT>")
        .ok_or_else(|| parse_err(path, &src, 0, "no <TEXT> element"))?
        + "<TEXT>".len();
    let t1 = src[t0..]
        .find("</TEXT>")
        .map(|e| t0 + e)
        .ok_or_else(|| parse_err(path, &src, t0, "unclosed <TEXT>"))?;
    let body = &src[t0..t1];
    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    let mut open: Option<(usize, String, String, usize)> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '<' {
            let close = rest
                .find('>')
                .ok_or_else(|| parse_err(path, &src, t0 + i, "unclosed tag"))?;
            let tag = &rest[1..close];
            if tag.starts_with("TIMEX3") {
                if open.is_some() {
                    return Err(parse_err(path, &src, t0 + i, "nested TIMEX3"));
                }
                let kind = attr(tag, "type").unwrap_or("").to_string();
                let value = attr(tag, "value").unwrap_or("").to_string();
                if tag.ends_with('/') {
                    // an empty TIMEX3 covers no text
                } else {
                    open = Some((text.len(), kind, value, t0 + i));
                }
            } else if tag.starts_with("/TIMEX3") {
                let (start, kind, value, _) = open.take().ok_or_else(|| {
                    parse_err(path, &src, t0 + i, "</TIMEX3> without opening tag")
                })?;
                timexes.push(GoldTimex {
                    start,
                    end: text.len(),
                    kind,
                    value,
                });
            }
            i += close + 1;
        } else if c == '&' {
            match decode_entity(rest) {
                Some((ch, len)) => {
                    text.push(ch);
                    i += len;
                }
                None => {
                    text.push('&');
                    i += 1;
                }
            }
        } else {
            text.push(c);
            i += c.len_utf8();
        }
    }
    if let Some((_, _, _, p)) = open {
        return Err(parse_err(path, &src, p, "unclosed TIMEX3"));
    }
    Ok(GoldDoc {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        dct,
        text,
        timexes,
    })
}

fn collect_tml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let rd = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in rd {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let p = entry.path();
        if p.is_dir() {
            collect_tml(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "tml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Read every `.tml` file under `dir` (recursively), in path order.
pub fn read_dir(dir: &Path) -> Result<Vec<GoldDoc>, Error> {
    let mut paths = Vec::new();
    collect_tml(dir, &mut paths)?;
    if paths.is_empty() {
        return Err(Error::Empty(dir.to_path_buf()));
    }
    paths.sort();
    paths.iter().map(|p| read_tml(p)).collect()
}

/// Score the recogniser on every `.tml` file under `dir` (TimeBank and
/// AQUAINT in TempEval-3's training release), with default options.
pub fn eval_tempeval(dir: &Path) -> Result<TimexReport, Error> {
    let docs = read_dir(dir)?;
    Ok(score_docs(&docs, TimexOptions::default()))
}

/// Raw counts behind the metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// System expressions whose extent equals a gold one.
    pub strict: usize,
    /// One-to-one overlapping pairs.
    pub relaxed: usize,
    /// Overlapping pairs with the same type.
    pub type_correct: usize,
    /// Overlapping pairs with the same value.
    pub value_correct: usize,
}

fn prf(hit: usize, sys: usize, gold: usize) -> (f64, f64, f64) {
    let p = if sys == 0 {
        0.0
    } else {
        hit as f64 / sys as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        hit as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

impl Scores {
    /// Strict extent precision, recall, F1 (percent).
    pub fn strict_prf(&self) -> (f64, f64, f64) {
        prf(self.strict, self.system, self.gold)
    }
    /// Relaxed extent precision, recall, F1 (percent).
    pub fn relaxed_prf(&self) -> (f64, f64, f64) {
        prf(self.relaxed, self.system, self.gold)
    }
    /// Value precision, recall, F1 (percent).
    pub fn value_prf(&self) -> (f64, f64, f64) {
        prf(self.value_correct, self.system, self.gold)
    }
    /// Type accuracy over matched pairs (percent).
    pub fn type_accuracy(&self) -> f64 {
        pct(self.type_correct, self.relaxed)
    }
    /// Value accuracy over matched pairs (percent).
    pub fn value_accuracy(&self) -> f64 {
        pct(self.value_correct, self.relaxed)
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Error counts for one family of expressions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FamilyErrors {
    /// Family name ("weekday", "month/day"…).
    pub family: &'static str,
    /// Gold expressions of the family.
    pub gold: usize,
    /// Gold expressions not found.
    pub missed: usize,
    /// Found with a different value.
    pub wrong_value: usize,
    /// System expressions of the family that match no gold one.
    pub spurious: usize,
}

/// One error, for inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimexMiss {
    /// Document name.
    pub doc: String,
    /// "missed", "wrong value" or "spurious".
    pub what: &'static str,
    /// The gold text (or system text when spurious).
    pub text: String,
    /// Gold value, if any.
    pub gold: Option<String>,
    /// System text and value, if any.
    pub system: Option<(String, String)>,
    /// Document date.
    pub dct: Option<NaiveDate>,
    /// Up to 60 bytes of text either side, for reading the error.
    pub context: String,
}

/// TempEval-3 figures, per-family errors and the errors themselves.
#[derive(Debug, Clone, Default)]
pub struct TimexReport {
    /// Documents scored.
    pub docs: usize,
    /// Counts behind the metrics.
    pub scores: Scores,
    /// Error counts per family.
    pub families: Vec<FamilyErrors>,
    /// Every error, in document order.
    pub errors: Vec<TimexMiss>,
}

/// The family of an expression, from its text and type.
fn family(text: &str, kind: &str) -> &'static str {
    let t = text.to_lowercase();
    let has = |ws: &[&str]| ws.iter().any(|w| t.contains(w));
    match kind {
        "DURATION" => return "duration",
        "SET" => return "set",
        "TIME" => return "time",
        _ => {}
    }
    if has(&[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]) {
        "weekday"
    } else if has(&[
        "quarter",
        "half",
        "period",
        "year-earlier",
        "year-ago",
        "fiscal",
    ]) {
        "quarter"
    } else if has(&["today", "yesterday", "tomorrow", "tonight"]) {
        "day-word"
    } else if has(&[
        "now", "current", "recent", "soon", "future", "past", "previous", "former",
    ]) && !has(&["ago"])
    {
        "reference"
    } else if has(&["ago", "earlier", "later"]) {
        "ago"
    } else if has(&[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]) || t.contains('/')
    {
        "month/day"
    } else if has(&["last", "this", "next", "coming"]) {
        "this/last/next"
    } else if t.chars().any(|c| c.is_ascii_digit()) {
        "year/decade"
    } else {
        "other"
    }
}

const FAMILIES: [&str; 13] = [
    "weekday",
    "month/day",
    "year/decade",
    "day-word",
    "this/last/next",
    "ago",
    "quarter",
    "reference",
    "duration",
    "set",
    "time",
    "other",
    "",
];

fn context(text: &str, a: usize, b: usize) -> String {
    let mut s = a.saturating_sub(60);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = (b + 60).min(text.len());
    while !text.is_char_boundary(e) {
        e += 1;
    }
    format!("{}[{}]{}", &text[s..a], &text[a..b], &text[b..e]).replace('\n', " ")
}

/// Run the recogniser over gold documents and score it.
pub fn score_docs(docs: &[GoldDoc], options: TimexOptions) -> TimexReport {
    let mut s = Scores::default();
    let mut fam: Vec<FamilyErrors> = FAMILIES[..12]
        .iter()
        .map(|f| FamilyErrors {
            family: f,
            ..Default::default()
        })
        .collect();
    let idx = |f: &str| FAMILIES.iter().position(|x| *x == f).unwrap_or(11);
    let mut errors = Vec::new();
    for d in docs {
        let meta = Meta {
            id: d.name.clone(),
            date: d.dct,
            ..Default::default()
        };
        let doc = Doc::new(d.text.clone(), meta);
        let sys = crate::annotate_doc(&doc, options);
        s.gold += d.timexes.len();
        s.system += sys.len();
        let mut used = vec![false; sys.len()];
        for g in &d.timexes {
            let gt = &d.text[g.start..g.end];
            let f = idx(family(gt, &g.kind));
            fam[f].gold += 1;
            let hit = sys
                .iter()
                .enumerate()
                .find(|(k, t)| !used[*k] && t.span.start() < g.end && g.start < t.span.end());
            let Some((k, t)) = hit else {
                fam[f].missed += 1;
                errors.push(TimexMiss {
                    doc: d.name.clone(),
                    what: "missed",
                    text: gt.to_string(),
                    gold: Some(g.value.clone()),
                    system: None,
                    dct: d.dct,
                    context: context(&d.text, g.start, g.end),
                });
                continue;
            };
            used[k] = true;
            s.relaxed += 1;
            if t.span.start() == g.start && t.span.end() == g.end {
                s.strict += 1;
            }
            if t.kind.as_str() == g.kind {
                s.type_correct += 1;
            }
            let sv = t.value.as_deref().unwrap_or("");
            if sv == g.value {
                s.value_correct += 1;
            } else {
                fam[f].wrong_value += 1;
                errors.push(TimexMiss {
                    doc: d.name.clone(),
                    what: "wrong value",
                    text: gt.to_string(),
                    gold: Some(g.value.clone()),
                    system: Some((doc.slice(t.span).to_string(), sv.to_string())),
                    dct: d.dct,
                    context: context(&d.text, g.start, g.end),
                });
            }
        }
        for (k, t) in sys.iter().enumerate() {
            if used[k] {
                continue;
            }
            let st = doc.slice(t.span);
            fam[idx(family(st, t.kind.as_str()))].spurious += 1;
            errors.push(TimexMiss {
                doc: d.name.clone(),
                what: "spurious",
                text: st.to_string(),
                gold: None,
                system: Some((st.to_string(), t.value.clone().unwrap_or_default())),
                dct: d.dct,
                context: context(&d.text, t.span.start(), t.span.end()),
            });
        }
    }
    TimexReport {
        docs: docs.len(),
        scores: s,
        families: fam,
        errors,
    }
}

impl fmt::Display for TimexReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.scores;
        writeln!(
            f,
            "TempEval-3 TIMEX3: {} documents, {} gold, {} system",
            self.docs, s.gold, s.system
        )?;
        writeln!(f, "{:<16} {:>7} {:>7} {:>7}", "metric", "P", "R", "F1")?;
        for (name, (p, r, f1)) in [
            ("extent strict", s.strict_prf()),
            ("extent relaxed", s.relaxed_prf()),
            ("value", s.value_prf()),
        ] {
            writeln!(f, "{name:<16} {p:>7.2} {r:>7.2} {f1:>7.2}")?;
        }
        writeln!(f, "{:<16} {:>7.2}", "type accuracy", s.type_accuracy())?;
        writeln!(f, "{:<16} {:>7.2}", "value accuracy", s.value_accuracy())?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<16} {:>6} {:>7} {:>7} {:>9}",
            "family", "gold", "missed", "wrong", "spurious"
        )?;
        for e in &self.families {
            writeln!(
                f,
                "{:<16} {:>6} {:>7} {:>7} {:>9}",
                e.family, e.gold, e.missed, e.wrong_value, e.spurious
            )?;
        }
        Ok(())
    }
}
