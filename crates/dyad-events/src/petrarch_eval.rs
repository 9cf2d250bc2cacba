//! Scoring against PETRARCH's unit-test records (`PETR.UnitTest.records.xml`).

use std::fmt;
use std::path::Path;

use dyad_doc::{Doc, Layer, Meta, NaiveDate, Pipeline, Stage};

use crate::eval::PloverError;
use crate::stage::EventStage;

/// An event coding `(source, target, CAMEO code)`.
pub type Coding = (String, String, String);

/// One record: its text and expected `(source, target, code)` triples.
#[derive(Debug, Clone, PartialEq)]
pub struct PetrarchRecord {
    /// Record id.
    pub id: String,
    /// Record date.
    pub date: Option<NaiveDate>,
    /// The sentence (whitespace collapsed).
    pub text: String,
    /// Expected codings.
    pub expected: Vec<(String, String, String)>,
}

/// Figures of a PETRARCH unit-test run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PetrarchReport {
    /// Records read.
    pub records: usize,
    /// Records scored (the rest are listed in `skipped`).
    pub scored: usize,
    /// Scored records whose every expected coding was produced.
    pub passed: usize,
    /// `(id, reason)` of records not scored.
    pub skipped: Vec<(String, String)>,
    /// `(id, expected, produced)` of scored records that failed.
    pub failures: Vec<(String, Vec<Coding>, Vec<Coding>)>,
}

impl fmt::Display for PetrarchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rate = if self.scored == 0 {
            0.0
        } else {
            self.passed as f64 / self.scored as f64
        };
        writeln!(
            f,
            "PETRARCH unit tests: {} records, {} scored, {} passed ({:.4}); {} skipped",
            self.records,
            self.scored,
            self.passed,
            rate,
            self.skipped.len()
        )?;
        let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
        for (_, r) in &self.skipped {
            *reasons.entry(r.as_str()).or_default() += 1;
        }
        for (r, n) in reasons {
            writeln!(f, "  skipped {n}: {r}")?;
        }
        Ok(())
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// Read the `<Sentence>` records of a PETRARCH unit-test file.
pub fn parse_petrarch_records(file: &str, text: &str) -> Result<Vec<PetrarchRecord>, PloverError> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(p) = rest.find("<Sentence ") {
        let line = text[..offset + p].lines().count() + 1;
        let bad = |m: &str| PloverError::Format {
            file: file.to_string(),
            message: format!("line {line}: {m}"),
        };
        let body_end = rest[p..]
            .find("</Sentence>")
            .ok_or_else(|| bad("<Sentence> without </Sentence>"))?
            + p;
        let body = &rest[p..body_end];
        let tag_end = body
            .find('>')
            .ok_or_else(|| bad("unclosed <Sentence> tag"))?;
        let tag = &body[..tag_end];
        let id = attr(tag, "id").unwrap_or_default();
        let date = attr(tag, "date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok());
        let t0 = body
            .find("<Text>")
            .ok_or_else(|| bad("record without <Text>"))?
            + 6;
        let t1 = body[t0..]
            .find("</Text>")
            .ok_or_else(|| bad("<Text> without </Text>"))?
            + t0;
        let sentence = body[t0..t1]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut expected = Vec::new();
        let mut b = body;
        while let Some(q) = b.find("<EventCoding") {
            let end = b[q..].find('>').map(|e| q + e).unwrap_or(b.len());
            let tag = &b[q..end];
            if let (Some(s), Some(t), Some(c)) = (
                attr(tag, "sourcecode"),
                attr(tag, "targetcode"),
                attr(tag, "eventcode"),
            ) {
                expected.push((s, t, c));
            }
            b = &b[end..];
        }
        out.push(PetrarchRecord {
            id,
            date,
            text: sentence,
            expected,
        });
        let adv = body_end + "</Sentence>".len();
        offset += adv;
        rest = &rest[adv..];
    }
    Ok(out)
}

/// Run `pipeline` (built by the caller with the validation actor
/// dictionaries) and `stage` (with the validation verb dictionary) over each
/// record's text and check that every expected `(source, target, code)` is
/// produced. Actor codes are country + sector ("BREGOV"). Records expecting
/// no event, or codes outside CAMEO, are skipped with a reason.
pub fn eval_petrarch(
    records: &Path,
    pipeline: &Pipeline,
    stage: &EventStage,
) -> Result<PetrarchReport, PloverError> {
    let file = records.display().to_string();
    let text = std::fs::read_to_string(records).map_err(|source| PloverError::Io {
        file: file.clone(),
        source,
    })?;
    let recs = parse_petrarch_records(&file, &text)?;
    let mut report = PetrarchReport {
        records: recs.len(),
        ..PetrarchReport::default()
    };
    for r in recs {
        if r.expected.is_empty() {
            report
                .skipped
                .push((r.id, "expects no event (discard/null-coding test)".into()));
            continue;
        }
        if r.expected
            .iter()
            .any(|(_, _, c)| !stage.lexicon().cameo_exact(c))
        {
            report.skipped.push((
                r.id,
                "expected code is not a CAMEO code (WEIS or test placeholder)".into(),
            ));
            continue;
        }
        let mut doc = Doc::new(
            r.text.as_str(),
            Meta {
                id: r.id.clone(),
                date: r.date,
                ..Meta::default()
            },
        );
        let perr = |m: String| PloverError::Pipeline {
            file: file.clone(),
            id: r.id.clone(),
            message: m,
        };
        pipeline.run(&mut doc).map_err(|e| perr(e.to_string()))?;
        if !doc.has(Layer::Events) {
            stage.process(&mut doc).map_err(|e| perr(e.to_string()))?;
        }
        let code = |a: usize| -> String {
            let x = &doc.actors[a];
            format!(
                "{}{}",
                x.country.as_deref().unwrap_or(""),
                x.sector.as_deref().unwrap_or("")
            )
        };
        let mut got: Vec<(String, String, String)> = Vec::new();
        for e in &doc.events {
            for &s in &e.source {
                for &t in &e.target {
                    got.push((code(s), code(t), e.cameo.clone()));
                }
            }
        }
        report.scored += 1;
        if r.expected.iter().all(|x| got.contains(x)) {
            report.passed += 1;
        } else {
            report.failures.push((r.id, r.expected, got));
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records() {
        let xml = "<Sentences>\n<Sentence date=\"19950101\" id=\"DEMO-00\" category=\"DEMO\">\n<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n<Text>\nArnor is about to restore\n ties with Gondor.\n</Text>\n</Sentence>\n<Sentence id=\"X\"><Text>None.</Text></Sentence>";
        let recs = parse_petrarch_records("t.xml", xml).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].id, "DEMO-00");
        assert_eq!(recs[0].text, "Arnor is about to restore ties with Gondor.");
        assert_eq!(
            recs[0].expected,
            [("ARN".into(), "GON".into(), "064".into())]
        );
        assert_eq!(recs[0].date, NaiveDate::from_ymd_opt(1995, 1, 1));
        assert!(recs[1].expected.is_empty());
        let err = parse_petrarch_records("t.xml", "\n<Sentence id=\"Y\">")
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.xml") && err.contains("line 2"), "{err}");
    }
}
