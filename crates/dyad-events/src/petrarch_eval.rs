//! Scoring against PETRARCH's unit-test records (`PETR.UnitTest.records.xml`).
//!
//! Each record's `<Text>` is parsed by the caller's pipeline and coded by a
//! [`PetrarchCoder`] holding the validation dictionaries; the record passes
//! when every expected `(source, target, code)` of its `<EventCoding>`
//! elements is produced (records expecting no event, and discard records,
//! pass when nothing is coded). The `<Parse>` trees in the file are never
//! read. Records are skipped, with the reason, only when the file itself
//! says PETRARCH does not run them or when what they expect cannot come from
//! the text and dictionaries (a literal noun phrase as actor, a code no
//! dictionary contains, a test of PETRARCH's input reader, or a record
//! contradicting an earlier one with the same text).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use dyad_doc::{Doc, Meta, NaiveDate, Pipeline};

use crate::petrarch_coder::{PetrarchCoder, PetrarchError, VALIDATION_FILES};

/// An event coding `(source, target, CAMEO code)`.
pub type Coding = (String, String, String);

/// What a record expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// These codings (there may be more in the output).
    Events(Vec<Coding>),
    /// No event (`noevents="True"` or no `<EventCoding>` at all).
    Nothing,
    /// The sentence is discarded (`error="sentencediscard"/"storydiscard"`).
    Discard,
    /// Another PETRARCH error (`error="..."`): a test of its input reader.
    Error(String),
}

/// One record: its text and what it expects.
#[derive(Debug, Clone, PartialEq)]
pub struct PetrarchRecord {
    /// Record id.
    pub id: String,
    /// Record category.
    pub category: String,
    /// Record date.
    pub date: Option<NaiveDate>,
    /// The sentence (whitespace collapsed, entities decoded).
    pub text: String,
    /// What the record expects.
    pub expect: Expect,
    /// Line of the `<Sentence>` tag.
    pub line: usize,
}

/// Figures of a PETRARCH unit-test run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PetrarchReport {
    /// Records read.
    pub records: usize,
    /// Records scored (the rest are listed in `skipped`).
    pub scored: usize,
    /// Scored records whose expected codings were all produced (or, for
    /// no-event and discard records, nothing was).
    pub passed: usize,
    /// Passed records whose output had no other coding either.
    pub exact: usize,
    /// `(id, reason)` of records not scored.
    pub skipped: Vec<(String, String)>,
    /// `(id, expected, produced)` of scored records that failed (expected
    /// is empty for no-event records).
    pub failures: Vec<(String, Vec<Coding>, Vec<Coding>)>,
}

impl PetrarchReport {
    /// Pass rate over scored records.
    pub fn rate(&self) -> f64 {
        if self.scored == 0 {
            0.0
        } else {
            self.passed as f64 / self.scored as f64
        }
    }

    /// The failures, one per line: `FAIL id: want [...] got [...]`.
    pub fn failures_text(&self) -> String {
        let fmt = |v: &[Coding]| {
            v.iter()
                .map(|(s, t, c)| format!("{s} {t} {c}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = String::new();
        for (id, want, got) in &self.failures {
            let want = if want.is_empty() {
                "no event".to_string()
            } else {
                fmt(want)
            };
            out.push_str(&format!("FAIL {id}: want [{want}] got [{}]\n", fmt(got)));
        }
        out
    }
}

impl fmt::Display for PetrarchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "PETRARCH unit tests: {} records, {} scored, {} passed ({:.4}), {} with no extra coding; {} skipped",
            self.records,
            self.scored,
            self.passed,
            self.rate(),
            self.exact,
            self.skipped.len()
        )?;
        let mut reasons: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (id, r) in &self.skipped {
            reasons.entry(r.as_str()).or_default().push(id);
        }
        for (r, ids) in reasons {
            writeln!(f, "  skipped {} ({}): {r}", ids.len(), ids.join(" "))?;
        }
        Ok(())
    }
}

/// Attribute `name` of a tag: `name="v"`, `name = 'v'`; a value quoted
/// twice (`'"INJURY TOLL"'`) keeps its inner quotes.
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(p) = tag[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = at == 0 || !tag.as_bytes()[at - 1].is_ascii_alphanumeric();
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let rest = rest.trim_start();
        let q = rest.chars().next()?;
        if q != '"' && q != '\'' {
            return None;
        }
        let end = rest[1..].find(q)?;
        return Some(decode(&rest[1..1 + end]));
    }
    None
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Blank out `<!-- … -->` comments, keeping line numbers and offsets.
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find("<!--") {
        out.push_str(&rest[..p]);
        let end = rest[p..]
            .find("-->")
            .map(|e| p + e + 3)
            .unwrap_or(rest.len());
        out.extend(
            rest[p..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        // Keep byte offsets: pad multi-byte characters.
        let blanked: usize = rest[p..end].chars().map(|c| c.len_utf8()).sum::<usize>()
            - rest[p..end].chars().count();
        out.extend(std::iter::repeat_n(' ', blanked));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Read the `<Sentence>` records of a PETRARCH unit-test file (comments
/// and `<Parse>` trees ignored) and the categories of its `<Include>` list
/// (empty when absent).
pub fn parse_petrarch_records(
    file: &str,
    text: &str,
) -> Result<(Vec<PetrarchRecord>, Vec<String>), PetrarchError> {
    let clean = blank_comments(text);
    let include = clean
        .find("<Include>")
        .and_then(|p| {
            let body = &clean[p + 9..];
            body.find("</Include>")
                .map(|e| body[..e].split_whitespace().map(str::to_string).collect())
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(p) = clean[pos..].find("<Sentence ").map(|p| pos + p) {
        let line = clean[..p].matches('\n').count() + 1;
        let bad = |m: &str| PetrarchError::Records {
            file: file.to_string(),
            line,
            message: m.to_string(),
        };
        let body_end = clean[p..]
            .find("</Sentence>")
            .ok_or_else(|| bad("<Sentence> without </Sentence>"))?
            + p;
        let body = &clean[p..body_end];
        let tag_end = body
            .find('>')
            .ok_or_else(|| bad("unclosed <Sentence> tag"))?;
        let tag = &body[..tag_end];
        let id = attr(tag, "id").ok_or_else(|| bad("<Sentence> without id"))?;
        let category = attr(tag, "category").unwrap_or_default();
        let date = attr(tag, "date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok());
        let t0 = body
            .find("<Text>")
            .ok_or_else(|| bad("record without <Text>"))?
            + 6;
        let t1 = body[t0..]
            .find("</Text>")
            .ok_or_else(|| bad("<Text> without </Text>"))?
            + t0;
        let sentence = decode(
            &body[t0..t1]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
        let mut events = Vec::new();
        let mut expect = None;
        let mut b = body;
        while let Some(q) = b.find("<EventCoding") {
            let end = b[q..].find('>').map(|e| q + e).unwrap_or(b.len());
            let tag = &b[q..end];
            if let Some(e) = attr(tag, "error") {
                expect = Some(if e.ends_with("discard") {
                    Expect::Discard
                } else {
                    Expect::Error(e)
                });
            } else if attr(tag, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                expect = Some(Expect::Nothing);
            } else {
                match (
                    attr(tag, "sourcecode"),
                    attr(tag, "targetcode"),
                    attr(tag, "eventcode"),
                ) {
                    (Some(s), Some(t), Some(c)) => events.push((s, t, c)),
                    _ => {
                        return Err(bad(
                            "<EventCoding> without sourcecode, targetcode and eventcode",
                        ));
                    }
                }
            }
            b = &b[end..];
        }
        let expect = match expect {
            Some(e) => e,
            None if events.is_empty() => Expect::Nothing,
            None => Expect::Events(events),
        };
        out.push(PetrarchRecord {
            id,
            category,
            date,
            text: sentence,
            expect,
            line,
        });
        pos = body_end + "</Sentence>".len();
    }
    Ok((out, include))
}

/// Why a record cannot be scored from its text and the dictionaries, if so.
fn skip_reason(
    r: &PetrarchRecord,
    include: &[String],
    elements: &BTreeSet<String>,
) -> Option<String> {
    if !include.is_empty() && !include.iter().any(|c| c == &r.category) {
        return Some(format!(
            "category {} is not in the file's <Include> list (PETRARCH does not run it)",
            r.category
        ));
    }
    match &r.expect {
        Expect::Error(e) => Some(format!(
            "tests PETRARCH's input reader (error=\"{e}\" from its <Parse> tree or dateline), not coding"
        )),
        Expect::Events(ev) => {
            for (s, t, _) in ev {
                for code in [s, t] {
                    if code.contains([' ', '"']) {
                        return Some(
                            "expects a literal noun phrase as actor (PETRARCH's new-actor option)"
                                .into(),
                        );
                    }
                    let unknown = code
                        .as_bytes()
                        .chunks(3)
                        .map(|c| String::from_utf8_lossy(c).to_uppercase())
                        .find(|c| !elements.contains(c));
                    if let Some(u) = unknown {
                        return Some(format!(
                            "expects code element {u}, which no dictionary entry has (placeholder or commented-out entry)"
                        ));
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// Whether two records of the same text cannot both pass: different
/// outcomes, or codings neither of which includes the other.
fn contradicts(a: &Expect, b: &Expect) -> bool {
    match (a, b) {
        (Expect::Events(x), Expect::Events(y)) => {
            !(x.iter().all(|c| y.contains(c)) || y.iter().all(|c| x.contains(c)))
        }
        (Expect::Events(_), _) | (_, Expect::Events(_)) => true,
        _ => false,
    }
}

/// Score `coder` on `records` (already read), parsing each text with
/// `parser` (tokens, tags and, for subjects and clauses, the dependency
/// parse: `dyad_pipeline::until(LayerSet::of(&[Layer::Heads]))`).
pub fn score_petrarch(
    file: &str,
    records: &[PetrarchRecord],
    include: &[String],
    coder: &PetrarchCoder,
    parser: &Pipeline,
) -> Result<PetrarchReport, PetrarchError> {
    let elements = coder.code_elements();
    let mut report = PetrarchReport {
        records: records.len(),
        ..PetrarchReport::default()
    };
    // Expected outcome of the first scored record with each text and date.
    let mut first: HashMap<(&str, Option<NaiveDate>), (&str, &Expect)> = HashMap::new();
    for r in records {
        if let Some(reason) = skip_reason(r, include, &elements) {
            report.skipped.push((r.id.clone(), reason));
            continue;
        }
        match first.get(&(r.text.as_str(), r.date)) {
            Some((id, e)) if contradicts(e, &r.expect) => {
                report.skipped.push((
                    r.id.clone(),
                    format!("contradicts {id}: same text and date, incompatible expected coding"),
                ));
                continue;
            }
            Some(_) => {}
            None => {
                first.insert((&r.text, r.date), (&r.id, &r.expect));
            }
        }
        let mut doc = Doc::new(
            r.text.as_str(),
            Meta {
                id: r.id.clone(),
                date: r.date,
                ..Meta::default()
            },
        );
        parser.run(&mut doc).map_err(|e| PetrarchError::Pipeline {
            file: file.to_string(),
            id: r.id.clone(),
            message: e.to_string(),
        })?;
        let got: Vec<Coding> = coder
            .code_doc(&doc, r.date)
            .into_iter()
            .map(|e| (e.source, e.target, e.code))
            .collect();
        report.scored += 1;
        let (pass, exact, want) = match &r.expect {
            Expect::Events(want) => {
                let pass = want.iter().all(|x| got.contains(x));
                (
                    pass,
                    pass && got.iter().all(|g| want.contains(g)),
                    want.clone(),
                )
            }
            _ => (got.is_empty(), got.is_empty(), Vec::new()),
        };
        if pass {
            report.passed += 1;
            report.exact += usize::from(exact);
        } else {
            report.failures.push((r.id.clone(), want, got));
        }
    }
    Ok(report)
}

/// `dyad eval petrarch`: read the unit-test records from `records`, load
/// the validation dictionaries ([`VALIDATION_FILES`]) from `dict_dir`,
/// parse each record's text with `parser` and score the coding.
pub fn eval_petrarch(
    records: &Path,
    dict_dir: &Path,
    parser: &Pipeline,
) -> Result<PetrarchReport, PetrarchError> {
    let file = records.display().to_string();
    let text = std::fs::read_to_string(records).map_err(|source| PetrarchError::Io {
        file: file.clone(),
        source,
    })?;
    let (recs, include) = parse_petrarch_records(&file, &text)?;
    let coder = PetrarchCoder::load(dict_dir, VALIDATION_FILES)?;
    score_petrarch(&file, &recs, &include, &coder, parser)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records() {
        let xml = "<Include>valid DEMO</Include>\n<!-- <Sentence id=\"C\"> -->\n<Sentence date=\"19950101\" id=\"DEMO-00\" category=\"DEMO\">\n<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n<Text>\nArnor is about to restore\n ties with &amp;Gondor.\n</Text>\n</Sentence>\n<Sentence date = \"19950101\" id =\"X\" category=\"DEMO\"><EventCoding noevents = \"True\"></EventCoding><Text>None.</Text></Sentence>\n<Sentence id='D' category='ERROR'><EventCoding error=\"storydiscard\"></EventCoding><EventCoding sourcecode='\"A B\"' targetcode=\"GON\" eventcode=\"1\"></EventCoding><Text>T</Text></Sentence>";
        let (recs, include) = parse_petrarch_records("t.xml", xml).unwrap();
        assert_eq!(include, ["valid", "DEMO"]);
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].id, "DEMO-00");
        assert_eq!(recs[0].line, 3);
        assert_eq!(recs[0].text, "Arnor is about to restore ties with &Gondor.");
        assert_eq!(
            recs[0].expect,
            Expect::Events(vec![("ARN".into(), "GON".into(), "064".into())])
        );
        assert_eq!(recs[0].date, NaiveDate::from_ymd_opt(1995, 1, 1));
        assert_eq!(recs[1].id, "X");
        assert_eq!(recs[1].expect, Expect::Nothing);
        assert_eq!(recs[2].expect, Expect::Discard);
        let err = parse_petrarch_records("t.xml", "\n<Sentence id=\"Y\">")
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.xml") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn skip_reasons() {
        let rec = |cat: &str, expect: Expect| PetrarchRecord {
            id: "R".into(),
            category: cat.into(),
            date: None,
            text: "t".into(),
            expect,
            line: 1,
        };
        let elements: BTreeSet<String> = ["---", "ARN", "GON", "GOV"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let include = vec!["DEMO".to_string()];
        let ev = |s: &str, t: &str| Expect::Events(vec![(s.into(), t.into(), "064".into())]);
        assert!(skip_reason(&rec("DEMO", ev("ARNGOV", "---")), &include, &elements).is_none());
        assert!(skip_reason(&rec("DEMOx", ev("ARN", "GON")), &include, &elements).is_some());
        assert!(
            skip_reason(&rec("DEMO", ev("XYZGOV", "GON")), &include, &elements)
                .unwrap()
                .contains("XYZ")
        );
        assert!(
            skip_reason(&rec("DEMO", ev("\"A B\"", "GON")), &include, &elements)
                .unwrap()
                .contains("literal")
        );
        assert!(skip_reason(&rec("DEMO", Expect::Nothing), &include, &elements).is_none());
    }
}
