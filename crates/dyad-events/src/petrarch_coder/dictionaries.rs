//! Loading the dictionaries: actor and agent files read through dyad-kb, the
//! verb file, discard phrases, and the index of actor and agent phrases by
//! first word; the codes an actor entry gives on a date.

use std::path::Path;

use dyad_kb::petrarch::{Mode, parse_actors, parse_agents};

use crate::petrarch_verbs::phrase_words;

use super::*;

/// A dictionary file's text (UTF-8, else Latin-1, as dyad-kb reads them).
fn read(path: &Path) -> Result<String, PetrarchError> {
    dyad_kb::petrarch::read_text(path).map_err(|source| PetrarchError::Io {
        file: path.display().to_string(),
        source,
    })
}

impl PetrarchCoder {
    /// Build a coder from dictionary texts (file names are used in errors).
    /// Actor and agent files are read leniently (PETRARCH skips bad lines);
    /// the verb file strictly.
    pub fn from_texts(
        actors: (&str, &str),
        agents: (&str, &str),
        verbs: (&str, &str),
        discards: (&str, &str),
    ) -> Result<PetrarchCoder, PetrarchError> {
        let dict_err = |e: dyad_kb::KbError| PetrarchError::Dictionary(e.to_string());
        let actors = parse_actors(actors.0, actors.1, Mode::Lenient).map_err(dict_err)?;
        let agents = parse_agents(agents.0, agents.1, Mode::Lenient).map_err(dict_err)?;
        let verbs = PetrarchVerbs::parse(verbs.0, verbs.1)?;
        let discards = parse_discards(discards.1);
        let mut index: HashMap<String, Vec<DictPhrase>> = HashMap::new();
        let mut add = |words: &[String], loose: bool, kind: Kind| {
            let words: Vec<String> = words.iter().flat_map(|w| phrase_words(w)).collect();
            if let Some(first) = words.first() {
                index
                    .entry(first.clone())
                    .or_default()
                    .push(DictPhrase { words, loose, kind });
            }
        };
        for (i, e) in actors.entries.iter().enumerate() {
            for p in e.phrases() {
                add(&p.words, p.loose, Kind::Actor(i));
            }
        }
        for (i, e) in agents.entries.iter().enumerate() {
            add(&e.phrase.words, e.phrase.loose, Kind::Agent(i));
            for p in &e.plurals {
                add(&p.words, p.loose, Kind::Agent(i));
            }
        }
        Ok(PetrarchCoder {
            actors,
            agents,
            verbs,
            discards,
            index,
        })
    }

    /// Load `files` = [actors, agents, verbs, discards] from `dir`
    /// (see [`VALIDATION_FILES`]).
    pub fn load(dir: &Path, files: [&str; 4]) -> Result<PetrarchCoder, PetrarchError> {
        let t: Vec<(String, String)> = files
            .iter()
            .map(|f| {
                let p = dir.join(f);
                Ok((p.display().to_string(), read(&p)?))
            })
            .collect::<Result<_, PetrarchError>>()?;
        PetrarchCoder::from_texts(
            (&t[0].0, &t[0].1),
            (&t[1].0, &t[1].1),
            (&t[2].0, &t[2].1),
            (&t[3].0, &t[3].1),
        )
    }

    /// Every three-letter code element the actor and agent dictionaries can
    /// produce ("ARN", "GOV", "---").
    pub fn code_elements(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        out.insert("---".to_string());
        let mut add = |c: &str| {
            for part in c.split('/') {
                for ch in part.as_bytes().chunks(3) {
                    out.insert(String::from_utf8_lossy(ch).to_uppercase());
                }
            }
        };
        for e in &self.actors.entries {
            if let Some(c) = &e.code {
                add(c);
            }
            for d in &e.dated {
                add(&d.code);
            }
        }
        for e in &self.agents.entries {
            add(&e.code);
        }
        out
    }

    /// Whether `text` contains a discard phrase (the sentence is not coded).
    pub fn discarded(&self, text: &str) -> bool {
        let norm: String = format!(
            " {} ",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        )
        .to_lowercase();
        self.discards.iter().any(|d| {
            let needle = format!(" {}", d.text);
            norm.match_indices(&needle).any(|(i, _)| {
                !d.whole_word
                    || norm[i + needle.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
        })
    }

    /// The codes of actor entry `i` on `date` (its default code without a
    /// date), upper case, split at `/`.
    pub(super) fn actor_codes(&self, i: usize, date: Option<NaiveDate>) -> Vec<String> {
        let e = &self.actors.entries[i];
        let code = match date {
            Some(d) => e.code_on(d),
            None => e.code.as_deref().or_else(|| {
                e.dated
                    .iter()
                    .find(|d| d.range == dyad_kb::petrarch::DateRange::Always)
                    .map(|d| d.code.as_str())
            }),
        };
        code.unwrap_or("")
            .split('/')
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric()))
            .collect()
    }
}

/// Discard phrases, one a line (`#` comments, a leading `+` and `<!…>`
/// lines ignored; a final `_` asks for a whole word).
fn parse_discards(text: &str) -> Vec<Discard> {
    let mut out = Vec::new();
    for raw in text.lines() {
        if raw.trim_start().starts_with("<!") {
            continue;
        }
        let l = raw.split('#').next().unwrap_or("").trim();
        let l = l.strip_prefix('+').unwrap_or(l).trim();
        if l.is_empty() {
            continue;
        }
        let whole_word = l.ends_with('_');
        let text = l
            .trim_end_matches('_')
            .replace('_', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        out.push(Discard { text, whole_word });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discards_match_phrases_and_whole_words() {
        let d = parse_discards("+TYPHOON # x\nBASEBALL\nWORLD CUP_\n<!-- c -->\n");
        let coder = PetrarchCoder {
            actors: ActorDict::default(),
            agents: AgentDict::default(),
            verbs: PetrarchVerbs::default(),
            discards: d,
            index: HashMap::new(),
        };
        assert!(coder.discarded("After a Typhoon hit."));
        assert!(coder.discarded("baseballs everywhere"));
        assert!(coder.discarded("the World  Cup."));
        assert!(!coder.discarded("the World Cups"));
        assert!(!coder.discarded("Arnor restored ties."));
    }
}
