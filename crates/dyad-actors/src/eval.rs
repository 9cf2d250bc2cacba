//! Actor coding on the PLOVER gold-standard records (`gsr-dev.json`): each
//! record's sentence is read at the record's date and every gold source and
//! target actor is compared with the actor dyad gives the same words.

use std::fmt;
use std::path::Path;

use dyad_doc::{Doc, Meta, NaiveDate, Stage};
use dyad_text::TokenizeStage;
use serde_json::Value;

use crate::ActorStage;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not the expected JSON.
    #[error("{path}: {message}")]
    Format {
        /// The path.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Scores over the gold actors.
#[derive(Debug, Clone, Default)]
pub struct GsrReport {
    /// Records read (with a sentence).
    pub records: usize,
    /// Gold actors.
    pub actors: usize,
    /// Gold actors whose words dyad made into (part of) an actor mention.
    pub found: usize,
    /// Gold actors with the right country code (IGO for international bodies).
    pub country_correct: usize,
    /// … and the right sector (gold's first three letters; none = none).
    pub country_sector_correct: usize,
    /// One line per miss: record id, gold, dyad's answer.
    pub misses: Vec<String>,
}

impl GsrReport {
    /// Country-code accuracy over all gold actors.
    pub fn country_accuracy(&self) -> f64 {
        self.country_correct as f64 / self.actors.max(1) as f64
    }

    /// Country+sector accuracy over all gold actors.
    pub fn country_sector_accuracy(&self) -> f64 {
        self.country_sector_correct as f64 / self.actors.max(1) as f64
    }
}

impl fmt::Display for GsrReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "records {}  gold actors {}  found {}  country {:.3} ({})  country+sector {:.3} ({})",
            self.records,
            self.actors,
            self.found,
            self.country_accuracy(),
            self.country_correct,
            self.country_sector_accuracy(),
            self.country_sector_correct
        )
    }
}

/// dyad's (country, sector) for an actor, in the GSR's terms: IGO for
/// international organisations.
fn coded(stage: &ActorStage, a: &dyad_doc::Actor) -> (Option<String>, Option<String>) {
    let org_kind = a
        .kb_id
        .as_deref()
        .and_then(|k| k.strip_prefix("org:"))
        .and_then(|id| stage.kb().org_by_id(id))
        .map(|o| stage.kb().org(o).kind.clone());
    // A person whose KB role is in an international organisation.
    let role_org_kind = a
        .kb_id
        .as_deref()
        .and_then(|k| k.strip_prefix("person:"))
        .and_then(|id| stage.kb().person_by_id(id))
        .and_then(|p| stage.kb().roles_of(p).find_map(|r| r.org))
        .map(|o| stage.kb().org(o).kind.clone());
    let igo = org_kind.as_deref() == Some("IGO")
        || role_org_kind.as_deref() == Some("IGO")
        || a.sector.as_deref() == Some("IGO");
    let country = if a.country.is_none() && igo {
        Some("IGO".to_string())
    } else {
        a.country.clone()
    };
    let sector = match a.sector.as_deref() {
        Some("IGO") => None,
        s => s.map(String::from),
    };
    (country, sector)
}

/// The first place `words` stand in `text` as whole words ("Iraq" not
/// inside "Iraqi"), else the first place at all.
fn find_word(text: &str, words: &str) -> Option<usize> {
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(words)
        .map(|(s, _)| s)
        .find(|&s| {
            !word_char(text[..s].chars().next_back())
                && !word_char(text[s + words.len()..].chars().next())
        })
        .or_else(|| text.find(words))
}

/// Where the gold actor's words are in the sentence.
fn locate(text: &str, words: &str) -> Option<(usize, usize)> {
    let words = words.trim();
    if words.is_empty() {
        return None;
    }
    if let Some(s) = find_word(text, words) {
        return Some((s, s + words.len()));
    }
    // "U.S. ... negotiators", "Revolutionary United Front (RUF": try the
    // longest piece that is there.
    words
        .split("...")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .find_map(|p| find_word(text, p).map(|s| (s, s + p.len())))
        .or_else(|| {
            let first = words.split_whitespace().next()?;
            find_word(text, first).map(|s| (s, s + first.len()))
        })
}

/// Run the evaluation on `path` (the GSR JSON array).
pub fn gsr(stage: &ActorStage, path: &Path) -> Result<GsrReport, EvalError> {
    let p = path.display().to_string();
    let raw = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: p.clone(),
        source,
    })?;
    let records: Vec<Value> = serde_json::from_str(&raw).map_err(|e| EvalError::Format {
        path: p.clone(),
        message: e.to_string(),
    })?;
    let tokenize = TokenizeStage::new();
    let mut rep = GsrReport::default();
    for r in &records {
        let Some(text) = r.get("text").and_then(Value::as_str) else {
            continue;
        };
        let id = r.get("id").and_then(Value::as_str).unwrap_or("?");
        let date = r
            .get("date")
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut doc = Doc::new(
            text,
            Meta {
                id: id.to_string(),
                date,
                ..Meta::default()
            },
        );
        let run = tokenize
            .process(&mut doc)
            .and_then(|_| stage.process(&mut doc));
        if let Err(e) = run {
            return Err(EvalError::Format {
                path: p,
                message: format!("{id}: {e}"),
            });
        }
        rep.records += 1;
        for side in ["source", "target"] {
            let Some(list) = r.get(side).and_then(Value::as_array) else {
                continue;
            };
            for g in list {
                let Some(words) = g.get("actorText").and_then(Value::as_str) else {
                    continue;
                };
                let gold_code = g.get("code").and_then(Value::as_str).map(str::to_uppercase);
                let gold_sector = g
                    .get("sector")
                    .and_then(Value::as_str)
                    .map(|s| s.chars().take(3).collect::<String>().to_uppercase());
                rep.actors += 1;
                let span = locate(text, words);
                // The actor with the most overlap; ties go to the later mention
                // (the head of "Lebanon's new President Elias Hrawi").
                let best = span.and_then(|(s, e)| {
                    doc.actors
                        .iter()
                        .flat_map(|a| a.mentions.iter().map(move |m| (a, m)))
                        .filter(|(_, m)| m.start() < e && s < m.end())
                        .max_by_key(|(_, m)| (m.end().min(e) - m.start().max(s), m.start()))
                        .map(|(a, _)| a)
                });
                let (country, sector) = match best {
                    Some(a) => {
                        rep.found += 1;
                        coded(stage, a)
                    }
                    None => (None, None),
                };
                let c_ok = country == gold_code;
                let s_ok = sector == gold_sector;
                rep.country_correct += c_ok as usize;
                rep.country_sector_correct += (c_ok && s_ok) as usize;
                if !(c_ok && s_ok) {
                    rep.misses.push(format!(
                        "{id}\t{words:?}\tgold {}/{}\tdyad {}/{}",
                        gold_code.as_deref().unwrap_or("-"),
                        gold_sector.as_deref().unwrap_or("-"),
                        country.as_deref().unwrap_or("-"),
                        sector.as_deref().unwrap_or("-"),
                    ));
                }
            }
        }
    }
    Ok(rep)
}
