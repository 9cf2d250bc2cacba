//! TABARI/PETRARCH verb dictionaries (`CAMEO.2.0.txt` format) as user lexicons.
//!
//! A dictionary is a list of synsets (`&NAME` then `+WORD` lines) and verb
//! blocks: `--- VERB [code] ---`, the verbs of the block (one per line, with
//! irregular forms in braces), then patterns `- … * … [code]`. Each verb
//! becomes a bare pattern with the block's code; each pattern whose words
//! after `*` can be expressed in dyad's pattern language (an object word or
//! synset, a `(PREP …)` phrase) becomes a constrained pattern. Patterns with
//! words before the verb, or codes that are not CAMEO, are counted as skipped.

use std::collections::HashMap;

use crate::lexicon::{Lexicon, LexiconError, Pattern, PatternPos};
use crate::petrarch_verbs::{DictLine, dictionary_lines, err};

/// What a dictionary load did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PetrarchStats {
    /// Verb blocks read.
    pub blocks: usize,
    /// Patterns added (bare verbs included).
    pub added: usize,
    /// Patterns skipped: non-CAMEO code (WEIS, placeholders).
    pub skipped_code: usize,
    /// Patterns skipped: context before the verb or nothing expressible.
    pub skipped_form: usize,
}

fn word(w: &str) -> String {
    w.trim_matches('_').replace('_', " ").to_lowercase()
}

/// Parse `[code]` / `[code:code]` at the end of a line; `None` for `[---]`.
fn code_of(file: &str, line: usize, l: &str) -> Result<(String, Option<String>), LexiconError> {
    let open = l
        .rfind('[')
        .ok_or_else(|| err(file, line, "pattern without [code]"))?;
    let close = l[open..]
        .find(']')
        .map(|c| open + c)
        .ok_or_else(|| err(file, line, "unclosed [code]"))?;
    let inner = l[open + 1..close].trim();
    let code = inner.split(':').next().unwrap_or("").trim();
    let code = (!code.is_empty() && !code.starts_with('-')).then(|| code.to_string());
    Ok((l[..open].to_string(), code))
}

impl Lexicon {
    /// Add a TABARI/PETRARCH verb dictionary. Errors name the file and line
    /// of a malformed header or pattern.
    pub fn add_petrarch_verbs(
        &mut self,
        file: &str,
        text: &str,
    ) -> Result<PetrarchStats, LexiconError> {
        let mut stats = PetrarchStats::default();
        let mut synsets: HashMap<String, Vec<String>> = HashMap::new();
        let mut current_synset: Option<String> = None;
        let mut verbs: Vec<String> = Vec::new();
        let mut block_code: Option<String> = None;
        let mut in_block = false;
        let mut new: Vec<Pattern> = Vec::new();
        for DictLine { line, raw, text: l } in dictionary_lines(text) {
            if l.is_empty() {
                // Blank lines end a synset; comment-only lines do not.
                if raw.trim().is_empty() {
                    current_synset = None;
                }
                continue;
            }
            if let Some(rest) = l.strip_prefix("---") {
                let body = rest.trim_end_matches('-').trim();
                if !rest.trim_end().ends_with("---") && !raw.trim_end().ends_with("---") {
                    return Err(err(file, line, "verb block header must end with ---"));
                }
                let (_, code) = code_of(file, line, body)?;
                block_code = code;
                verbs.clear();
                in_block = true;
                stats.blocks += 1;
                current_synset = None;
                continue;
            }
            if let Some(name) = l.strip_prefix('&') {
                current_synset = Some(name.split_whitespace().next().unwrap_or("").to_string());
                in_block = false;
                continue;
            }
            if let Some(w) = l.strip_prefix('+') {
                match &current_synset {
                    Some(s) => synsets.entry(s.clone()).or_default().push(word(w.trim())),
                    // A marked form inside a verb block ("+ANGERED_BY {}"): not used.
                    None if in_block => {}
                    None => {
                        return Err(err(file, line, "'+' entry outside a synset or verb block"));
                    }
                }
                continue;
            }
            if let Some(p) = l.strip_prefix('-') {
                if !in_block {
                    return Err(err(file, line, "pattern outside a verb block"));
                }
                let (body, code) = code_of(file, line, p)?;
                let Some(code) = code.filter(|c| self.cameo_exact(c)) else {
                    stats.skipped_code += verbs.len().max(1);
                    continue;
                };
                let toks: Vec<&str> = body.split_whitespace().collect();
                let Some(star) = toks.iter().position(|t| t.contains('*')) else {
                    return Err(err(file, line, "pattern without '*' (the verb)"));
                };
                // "IN_*" (context glued before the verb), "*_OUT" (glued after).
                let (pre, suf) = toks[star].split_once('*').unwrap_or(("", ""));
                let suf = suf.trim_matches('_');
                let before_ok =
                    pre.is_empty() && toks[..star].iter().all(|t| matches!(*t, "$" | "+" | "%"));
                let after: Vec<&str> = (!suf.is_empty())
                    .then_some(suf)
                    .into_iter()
                    .chain(toks[star + 1..].iter().copied())
                    .filter(|t| !matches!(*t, "$" | "+" | "%" | "^"))
                    .collect();
                let (mut objects, mut preps) = (Vec::new(), Vec::new());
                if let Some(first) = after.first() {
                    if let Some(pp) = first.strip_prefix('(') {
                        preps.push(word(pp.trim_end_matches(')')));
                    } else if let Some(syn) = first.strip_prefix('&') {
                        objects = synsets
                            .get(syn.trim_end_matches('_'))
                            .cloned()
                            .unwrap_or_default();
                    } else if first.starts_with('{') {
                        let phrase: Vec<&str> = after
                            .iter()
                            .copied()
                            .take_while(|t| !t.ends_with('}'))
                            .collect();
                        let last = after.get(phrase.len()).copied().unwrap_or(first);
                        objects.push(word(last.trim_matches(|c| c == '{' || c == '}')));
                    } else {
                        objects.push(word(first.split('_').next().unwrap_or(first)));
                    }
                }
                objects.retain(|o| !o.is_empty() && !o.contains(' '));
                if !before_ok || (objects.is_empty() && preps.is_empty()) {
                    stats.skipped_form += verbs.len().max(1);
                    continue;
                }
                for v in &verbs {
                    let (head, extra) = split_verb(v);
                    new.push(Pattern {
                        pos: PatternPos::Verb,
                        head,
                        extra,
                        objects: objects.clone(),
                        preps: preps.clone(),
                        cameo: code.clone(),
                        frame: None,
                        origin: format!("{file}:{line}"),
                    });
                    stats.added += 1;
                }
                continue;
            }
            if in_block {
                // A verb of the block, with optional irregular forms in braces.
                let v = l.split('{').next().unwrap_or("").trim();
                if v.is_empty() {
                    return Err(err(file, line, "empty verb entry"));
                }
                let v = word(v.split_whitespace().next().unwrap_or(v));
                if let Some(code) = block_code.clone().filter(|c| self.cameo_exact(c)) {
                    let (head, extra) = split_verb(&v);
                    new.push(Pattern {
                        pos: PatternPos::Verb,
                        head,
                        extra,
                        objects: Vec::new(),
                        preps: Vec::new(),
                        cameo: code,
                        frame: None,
                        origin: format!("{file}:{line}"),
                    });
                    stats.added += 1;
                } else if block_code.is_some() {
                    stats.skipped_code += 1;
                }
                verbs.push(v);
                continue;
            }
            return Err(err(file, line, format!("unexpected line {l:?}")));
        }
        self.insert_patterns(new);
        Ok(stats)
    }
}

fn split_verb(v: &str) -> (String, Option<String>) {
    let mut it = v.split(' ');
    let head = it.next().unwrap_or("").to_string();
    (head, it.next().map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&FOOD\n+FOOD\n+GRAIN\n\n--- RUSH [---] ---\nRUSH\nSPEED {SPED}\n- * AID [070]\n- * &FOOD [073] # note\n- * (TO BORDER) [154]\n- &MILITARY * [154]\n- * WIBBLE [999]\n\n--- CONDEMN [111] ---\nCONDEMN\n";

    #[test]
    fn loads_blocks_synsets_and_patterns() {
        let mut lex = Lexicon::builtin().unwrap();
        let st = lex.add_petrarch_verbs("sample.txt", SAMPLE).unwrap();
        assert_eq!(st.blocks, 2);
        // rush/speed × 3 expressible patterns + condemn bare.
        assert_eq!(st.added, 7);
        assert_eq!(st.skipped_form, 2);
        assert_eq!(st.skipped_code, 2);
        let rush = lex.patterns(PatternPos::Verb, "rush");
        assert!(
            rush.iter()
                .any(|p| p.cameo == "073" && p.objects == ["food", "grain"])
        );
        assert!(rush.iter().any(|p| p.cameo == "154" && p.preps == ["to"]));
        assert!(
            lex.patterns(PatternPos::Verb, "condemn")
                .iter()
                .any(|p| p.cameo == "111")
        );
    }

    #[test]
    fn malformed_dictionary_lines_name_the_line() {
        let cases = [
            ("--- RUSH [070] ---\nRUSH\n- * AID\n", 3, "without [code]"),
            ("--- RUSH [070]\n", 1, "must end with ---"),
            ("+FOOD\n", 1, "outside a synset"),
            ("- * AID [070]\n", 1, "outside a verb block"),
            ("--- RUSH [070] ---\nRUSH\n- AID [070]\n", 3, "without '*'"),
        ];
        for (text, line, want) in cases {
            let mut lex = Lexicon::builtin().unwrap();
            let e = lex
                .add_petrarch_verbs("d.txt", text)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(&format!("d.txt:{line}: ")), "{e}");
            assert!(e.contains(want), "{e}");
        }
    }

    #[test]
    fn real_dictionaries_load() {
        let dir = std::env::var("DYAD_DATA")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| {
                std::path::PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../../shared/data"
                ))
            });
        for name in ["CAMEO.2.0.txt", "PETR.Validate.verbs.txt"] {
            let path = dir.join("petrarch").join(name);
            let Ok(text) = std::fs::read_to_string(&path) else {
                eprintln!("skipping: {} absent", path.display());
                continue;
            };
            let mut lex = Lexicon::builtin().unwrap();
            let st = lex.add_petrarch_verbs(name, &text).unwrap();
            eprintln!("{name}: {st:?}");
            assert!(st.blocks > 50 && st.added > 100, "{name}: {st:?}");
        }
    }
}
