//! TABARI/PETRARCH verb dictionaries (`CAMEO.2.0.txt` format) as user lexicons.
//!
//! A dictionary is a list of synsets (`&NAME` then `+WORD` lines) and verb
//! blocks: `--- VERB [code] ---`, the verbs of the block (one per line, with
//! irregular forms in braces), then patterns `- … * … [code]`. Each verb
//! becomes a bare pattern with the block's code; each pattern whose words
//! after `*` can be expressed in dyad's pattern language (an object word or
//! synset, a `(PREP …)` phrase) becomes a constrained pattern. Patterns with
//! words before the verb, or codes that are not CAMEO, are counted as skipped.

use crate::lexicon::{Lexicon, LexiconError, Pattern, PatternPos};
use crate::petrarch_verbs::{CodeSpec, Elem, PetrarchVerbs};

/// What a dictionary load did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PetrarchStats {
    /// Verb blocks read.
    pub blocks: usize,
    /// Patterns added (bare verbs included).
    pub added: usize,
    /// Patterns skipped: non-CAMEO code (WEIS, placeholders).
    pub skipped_code: usize,
    /// Patterns skipped: context before the verb, an undefined synset, or
    /// nothing expressible.
    pub skipped_form: usize,
}

impl Lexicon {
    /// Add a TABARI/PETRARCH verb dictionary, read by [`PetrarchVerbs::parse`]
    /// (so both coders see the same blocks, synsets and verbs). Errors name
    /// the file and line of a malformed header, verb or pattern.
    pub fn add_petrarch_verbs(
        &mut self,
        file: &str,
        text: &str,
    ) -> Result<PetrarchStats, LexiconError> {
        let dict = PetrarchVerbs::parse(file, text)?;
        let mut stats = PetrarchStats {
            blocks: dict.blocks.len(),
            ..PetrarchStats::default()
        };
        let mut new: Vec<Pattern> = Vec::new();
        let cameo = |lex: &Lexicon, c: &CodeSpec| match c {
            CodeSpec::Code(v) if lex.cameo_exact(&v.primary) => Some(v.primary.clone()),
            _ => None,
        };
        for block in &dict.blocks {
            // Verbs dyad can match: one word, at most one particle after it.
            let verbs: Vec<_> = block
                .verbs
                .iter()
                .filter(|v| v.before.is_empty() && v.after.len() <= 1)
                .collect();
            let n = verbs.len().max(1);
            stats.skipped_form += block.verbs.len() - verbs.len();
            stats.skipped_form += block.undefined_synset * n;
            for v in &verbs {
                // A verb's own code, else its block's.
                let spec = v.code.as_ref().unwrap_or(&block.code);
                match cameo(self, spec) {
                    Some(code) => {
                        new.push(pattern(
                            v.word.clone(),
                            v.after.first().cloned(),
                            code,
                            file,
                            v.line,
                        ));
                        stats.added += 1;
                    }
                    None if matches!(spec, CodeSpec::Code(_)) => stats.skipped_code += 1,
                    None => {}
                }
            }
            for p in &block.patterns {
                let Some(code) = cameo(self, &p.code) else {
                    stats.skipped_code += n;
                    continue;
                };
                let marker = |e: &Elem| matches!(e, Elem::Source | Elem::Target | Elem::Compound);
                let before_ok = p.pre.iter().all(|i| marker(&i.elem));
                // The first words after the verb: an object (one of a
                // synset's one-word entries) or a preposition.
                let first = p.post.iter().find_map(|i| match &i.elem {
                    Elem::Words(alts) => Some(alts),
                    _ => None,
                });
                let (mut objects, mut preps) = (Vec::new(), Vec::new());
                if let Some(alts) = first {
                    if p.post_phrase {
                        preps.extend(alts.first().and_then(|w| w.first()).cloned());
                    } else {
                        objects = alts
                            .iter()
                            .filter(|w| w.len() == 1)
                            .map(|w| w[0].clone())
                            .collect();
                    }
                }
                if !before_ok || (objects.is_empty() && preps.is_empty()) {
                    stats.skipped_form += n;
                    continue;
                }
                for v in &verbs {
                    let mut pat = pattern(
                        v.word.clone(),
                        v.after.first().cloned(),
                        code.clone(),
                        file,
                        p.line,
                    );
                    pat.objects = objects.clone();
                    pat.preps = preps.clone();
                    new.push(pat);
                    stats.added += 1;
                }
            }
        }
        self.insert_patterns(new);
        Ok(stats)
    }
}

/// A bare verb pattern.
fn pattern(head: String, extra: Option<String>, cameo: String, file: &str, line: usize) -> Pattern {
    Pattern {
        pos: PatternPos::Verb,
        head,
        extra,
        objects: Vec::new(),
        preps: Vec::new(),
        cameo,
        frame: None,
        origin: format!("{file}:{line}"),
    }
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
        // Synset entries with their automatic plurals (PETRARCH's rule).
        assert!(rush.iter().any(|p| {
            p.cameo == "073"
                && ["food", "grain", "grains"]
                    .iter()
                    .all(|w| p.objects.iter().any(|o| o == w))
        }));
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
            ("+FOOD\n", 1, "outside a synset or verb block"),
            ("- * AID [070]\n", 1, "outside a synset or verb block"),
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
        for name in ["CAMEO.2.0.txt", "PETR.Validate.verbs.txt"] {
            let Some(path) = dyad_testdata::path(&format!("petrarch/{name}")) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lex = Lexicon::builtin().unwrap();
            let st = lex.add_petrarch_verbs(name, &text).unwrap();
            eprintln!("{name}: {st:?}");
            assert!(st.blocks > 50 && st.added > 100, "{name}: {st:?}");
        }
    }
}
