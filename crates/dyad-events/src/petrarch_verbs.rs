//! TABARI/PETRARCH verb dictionaries read in full for PETRARCH-compatible
//! coding: synsets (`&NAME` + `+PHRASE` lines, nested synsets, automatic
//! plurals), verb blocks (`--- NAME [code] ---`), verbs with irregular forms
//! (`BREAK {BROKE BROKEN}`), multi-word verbs (`+CORDON_OFF`, `WIRE_+TAP`)
//! with their own codes, and patterns `- PRE * POST [code]` whose elements
//! are words, synsets, `$` (source), `+` (target), `%` (compound actor) and
//! `^` (skip a noun phrase); `_` glues two elements together (no words in
//! between), a blank allows words in between.
//!
//! The format is the one documented in PETRARCH's `dictionaries.rst` and the
//! TABARI manual; nothing here is taken from their code.

use std::collections::HashMap;

use crate::lexicon::LexiconError;

/// An event code as written in a dictionary: `[032]` or `[032:033]`
/// (the second code applies from the target back to the source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbCode {
    /// Code from source to target.
    pub primary: String,
    /// Code from target to source, when the dictionary gives one.
    pub secondary: Option<String>,
}

/// What a `[...]` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CodeSpec {
    /// A code.
    Code(VerbCode),
    /// `[---]`: the null code (no event).
    Null,
    /// Not a code PETRARCH can write (`[+++]`, `[###]`, `[025?]`): the
    /// pattern or verb is ignored.
    Invalid,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Elem {
    /// One of these word sequences (lower case; each sequence consecutive).
    Words(Vec<Vec<String>>),
    /// `$`: the source actor is here.
    Source,
    /// `+`: the target actor is here.
    Target,
    /// `%`: a compound actor, coded among its members.
    Compound,
    /// `^`: skip a noun phrase.
    Skip,
}

/// An element and whether it is glued (`_`) to the element after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub elem: Elem,
    pub glue_next: bool,
}

/// A verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VerbPattern {
    /// Elements before the verb, in text order; the last one's `glue_next`
    /// glues it to the verb.
    pub pre: Vec<Item>,
    /// Whether the verb is glued to the first post element.
    pub verb_glued: bool,
    /// Elements after the verb, in text order.
    pub post: Vec<Item>,
    /// Whether the first word after the verb opens a `(PREP …)` phrase.
    pub post_phrase: bool,
    /// The code.
    pub code: CodeSpec,
    /// Line in the dictionary.
    pub line: usize,
}

/// A verb entry of a block as written: its words (the `+`-marked verb word
/// among them), its own code, and its line.
#[derive(Debug, Clone)]
pub(crate) struct BlockVerb {
    pub before: Vec<String>,
    pub word: String,
    pub after: Vec<String>,
    pub code: Option<CodeSpec>,
    pub line: usize,
}

/// A verb block.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub code: CodeSpec,
    pub patterns: Vec<VerbPattern>,
    /// The verbs in file order (base forms).
    pub verbs: Vec<BlockVerb>,
    /// Patterns dropped because they use an undefined synset.
    pub undefined_synset: usize,
}

/// One surface form of a verb: the verb word plus words glued before and
/// after it (multi-word verbs), the block and the verb's own code.
#[derive(Debug, Clone)]
pub(crate) struct VerbForm {
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub block: usize,
    pub code: Option<CodeSpec>,
}

/// A verb dictionary loaded for PETRARCH-compatible coding.
#[derive(Debug, Clone, Default)]
pub struct PetrarchVerbs {
    pub(crate) blocks: Vec<Block>,
    /// Verb word (lower case) → forms in file order.
    pub(crate) forms: HashMap<String, Vec<VerbForm>>,
    /// Patterns read.
    pub patterns: usize,
    /// Patterns ignored because they use a synset that is not defined.
    pub undefined_synset: usize,
}

/// One line of a dictionary: its number, the raw text, and the text with
/// `<!-- … -->` and `#` comments removed and trimmed (empty for blank and
/// comment-only lines; `raw` tells them apart).
pub(crate) struct DictLine<'a> {
    pub line: usize,
    pub raw: &'a str,
    pub text: &'a str,
}

/// The lines of a dictionary, with multi-line `<!-- … -->` comments removed.
pub(crate) fn dictionary_lines(text: &str) -> impl Iterator<Item = DictLine<'_>> {
    let mut in_comment = false;
    text.lines().enumerate().map(move |(i, raw)| {
        let mut l = raw.trim_end_matches('\r');
        if in_comment {
            match l.find("-->") {
                Some(p) => {
                    in_comment = false;
                    l = &l[p + 3..];
                }
                None => l = "",
            }
        }
        if let Some(p) = l.find("<!--") {
            if !l[p..].contains("-->") {
                in_comment = true;
            }
            l = &l[..p];
        }
        DictLine {
            line: i + 1,
            raw: if l.trim().is_empty() { "" } else { raw },
            text: strip_comment(l).trim(),
        }
    })
}

pub(crate) fn err(file: &str, line: usize, message: impl Into<String>) -> LexiconError {
    LexiconError::Malformed {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// Parse the inside of `[...]`.
pub(crate) fn code_spec(inner: &str) -> CodeSpec {
    let inner = inner.trim();
    if inner.starts_with("---") {
        return CodeSpec::Null;
    }
    let ok = |c: &str| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric());
    match inner.split_once(':') {
        Some((a, b)) if ok(a.trim()) && (ok(b.trim()) || b.trim().starts_with("---")) => {
            CodeSpec::Code(VerbCode {
                primary: a.trim().to_string(),
                secondary: ok(b.trim()).then(|| b.trim().to_string()),
            })
        }
        None if ok(inner) => CodeSpec::Code(VerbCode {
            primary: inner.to_string(),
            secondary: None,
        }),
        _ => CodeSpec::Invalid,
    }
}

/// Split `body [code] # comment` into body and code text.
fn split_code<'a>(file: &str, line: usize, l: &'a str) -> Result<(&'a str, &'a str), LexiconError> {
    let open = l
        .rfind('[')
        .ok_or_else(|| err(file, line, "pattern without [code]"))?;
    let close = l[open..]
        .find(']')
        .map(|c| open + c)
        .ok_or_else(|| err(file, line, "unclosed [code]"))?;
    Ok((&l[..open], &l[open + 1..close]))
}

/// Cut a `#` comment, ignoring `#` inside `[…]` ("[###]").
fn strip_comment(l: &str) -> &str {
    let mut depth = 0u32;
    for (i, c) in l.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '#' if depth == 0 => return &l[..i],
            _ => {}
        }
    }
    l
}

/// Regular plural of a lower-case noun, as the PETRARCH documentation
/// describes it (`+S`, `Y` → `IES`, `SS` → `SSES`).
pub(crate) fn plural(w: &str) -> String {
    if let Some(stem) = w.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    if w.ends_with("ss") || w.ends_with("sh") || w.ends_with("ch") || w.ends_with('x') {
        return format!("{w}es");
    }
    format!("{w}s")
}

/// Regular forms of a lower-case verb: base, 3rd person, past, gerund.
fn verb_forms(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    let consonant_y =
        v.len() > 1 && v.ends_with('y') && !v[..v.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        let stem = &v[..v.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{v}ing"));
    } else if v.ends_with("ee") {
        out.push(format!("{v}s"));
        out.push(format!("{v}d"));
        out.push(format!("{v}ing"));
    } else if let Some(stem) = v.strip_suffix('e') {
        out.push(format!("{v}s"));
        out.push(format!("{v}d"));
        out.push(format!("{stem}ing"));
    } else if v.ends_with("ss") || v.ends_with("sh") || v.ends_with("ch") || v.ends_with('x') {
        out.push(format!("{v}es"));
        out.push(format!("{v}ed"));
        out.push(format!("{v}ing"));
    } else {
        out.push(format!("{v}s"));
        out.push(format!("{v}ed"));
        out.push(format!("{v}ing"));
    }
    out
}

/// Words of a dictionary phrase: `_`/blank separated, lower case, with
/// hyphens split off as words of their own (as the sentence side does).
pub(crate) fn phrase_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in s.split(['_', ' ', '\t']).filter(|w| !w.is_empty()) {
        split_hyphens(&w.to_lowercase(), &mut out);
    }
    out
}

/// Split "state-run" into "state", "-", "run" (and keep a lone "-").
pub(crate) fn split_hyphens(w: &str, out: &mut Vec<String>) {
    if w == "-" || !w.contains('-') {
        out.push(w.to_string());
        return;
    }
    for (i, part) in w.split('-').enumerate() {
        if i > 0 {
            out.push("-".into());
        }
        if !part.is_empty() {
            out.push(part.to_string());
        }
    }
}

/// A multi-word verb entry: words before the `+`-marked verb word, the verb
/// word, and words after it; `None` when `s` holds no word (separators
/// only).
fn split_multiword(s: &str) -> Option<(Vec<String>, String, Vec<String>)> {
    let parts: Vec<&str> = s.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
    let mark = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
    let low = |p: &&str| p.trim_start_matches('+').to_lowercase();
    Some((
        parts[..mark].iter().map(low).collect(),
        low(parts.get(mark)?),
        parts[mark + 1..].iter().map(low).collect(),
    ))
}

struct Synsets {
    sets: HashMap<String, Vec<Vec<String>>>,
}

impl Synsets {
    fn get(&self, name: &str) -> Option<&Vec<Vec<String>>> {
        self.sets.get(name.trim_end_matches('_'))
    }
}

/// Tokenise a pattern side into items. `None` when it uses an undefined synset.
fn items(
    file: &str,
    line: usize,
    s: &str,
    syn: &Synsets,
) -> Result<Option<Vec<Item>>, LexiconError> {
    // Phrases in braces/parentheses are sequences of words here.
    let s: String = s
        .chars()
        .map(|c| {
            if matches!(c, '{' | '}' | '(' | ')') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out: Vec<Item> = Vec::new();
    let mut glue_pending = false;
    let mut cur = String::new();
    let flush = |cur: &mut String,
                 out: &mut Vec<Item>,
                 glue_pending: &mut bool|
     -> Result<bool, LexiconError> {
        if cur.is_empty() {
            return Ok(true);
        }
        let w = std::mem::take(cur);
        let elem = match w.as_str() {
            "$" => Elem::Source,
            "+" => Elem::Target,
            "%" => Elem::Compound,
            "^" => Elem::Skip,
            _ if w.starts_with('&') => match syn.get(&w[1..]) {
                Some(set) => Elem::Words(set.clone()),
                None => return Ok(false),
            },
            _ => {
                if w.contains(['$', '+', '%', '^', '*', '&']) {
                    return Err(err(file, line, format!("bad pattern word {w:?}")));
                }
                let ws = phrase_words(&w);
                Elem::Words(vec![ws])
            }
        };
        if *glue_pending && let Some(last) = out.last_mut() {
            last.glue_next = true;
        }
        *glue_pending = false;
        out.push(Item {
            elem,
            glue_next: false,
        });
        Ok(true)
    };
    for c in s.chars() {
        match c {
            '_' => {
                if !flush(&mut cur, &mut out, &mut glue_pending)? {
                    return Ok(None);
                }
                glue_pending = !out.is_empty();
            }
            c if c.is_whitespace() => {
                if !flush(&mut cur, &mut out, &mut glue_pending)? {
                    return Ok(None);
                }
            }
            _ => cur.push(c),
        }
    }
    if !flush(&mut cur, &mut out, &mut glue_pending)? {
        return Ok(None);
    }
    if glue_pending && let Some(last) = out.last_mut() {
        last.glue_next = true;
    }
    Ok(Some(out))
}

impl PetrarchVerbs {
    /// Parse a verb dictionary. Errors name the file and line of a malformed
    /// block header, verb or pattern.
    pub fn parse(file: &str, text: &str) -> Result<PetrarchVerbs, LexiconError> {
        let mut v = PetrarchVerbs::default();
        let mut syn = Synsets {
            sets: HashMap::new(),
        };
        let mut current_synset: Option<(String, bool)> = None;
        for DictLine { line, raw, text: l } in dictionary_lines(text) {
            if l.is_empty() {
                // Blank lines end a synset; comment-only lines do not.
                if raw.trim().is_empty() {
                    current_synset = None;
                }
                continue;
            }
            if let Some(rest) = l.strip_prefix("---") {
                if !raw.trim_end().ends_with("---") && !rest.trim_end().ends_with("---") {
                    return Err(err(file, line, "verb block header must end with ---"));
                }
                let body = rest.trim_end_matches('-');
                let code = match body.rfind('[') {
                    Some(_) => code_spec(split_code(file, line, body)?.1),
                    None => CodeSpec::Null,
                };
                v.blocks.push(Block {
                    code,
                    patterns: Vec::new(),
                    verbs: Vec::new(),
                    undefined_synset: 0,
                });
                current_synset = None;
                continue;
            }
            if let Some(name) = l.strip_prefix('&') {
                let name = name.split_whitespace().next().unwrap_or("");
                if name.is_empty() {
                    return Err(err(file, line, "synset without a name"));
                }
                let no_plural = name.ends_with('_');
                let name = name.trim_end_matches('_').to_string();
                syn.sets.entry(name.clone()).or_default();
                current_synset = Some((name, no_plural));
                continue;
            }
            if let Some(w) = l.strip_prefix('+')
                && let Some((name, no_plural)) = &current_synset
            {
                let w = w.trim();
                let mut add: Vec<Vec<String>> = Vec::new();
                if let Some(inner) = w.strip_prefix('&') {
                    match syn.get(inner) {
                        Some(set) => add.extend(set.iter().cloned()),
                        None => return Err(err(file, line, format!("undefined synset &{inner}"))),
                    }
                } else {
                    let ws = phrase_words(w);
                    if ws.is_empty() {
                        return Err(err(file, line, "empty synset entry"));
                    }
                    if !no_plural && !w.ends_with('_') {
                        let mut p = ws.clone();
                        let last = p.len() - 1;
                        p[last] = plural(&p[last]);
                        add.push(ws);
                        add.push(p);
                    } else {
                        add.push(ws);
                    }
                }
                syn.sets.entry(name.clone()).or_default().extend(add);
                continue;
            }
            let Some(block) = v.blocks.len().checked_sub(1) else {
                return Err(err(
                    file,
                    line,
                    format!("{l:?} outside a synset or verb block"),
                ));
            };
            current_synset = None;
            if let Some(p) = l.strip_prefix('-') {
                let (body, code) = split_code(file, line, p)?;
                let code = code_spec(code);
                let Some(star) = body.find('*') else {
                    return Err(err(file, line, "pattern without '*' (the verb)"));
                };
                if body[star + 1..].contains('*') {
                    return Err(err(file, line, "pattern with more than one '*'"));
                }
                let (pre, post) = (&body[..star], &body[star + 1..]);
                let verb_glued = post.starts_with('_');
                let pre_glued = pre.ends_with('_');
                let post_phrase = post
                    .trim_start_matches(|c: char| c == '_' || c.is_whitespace())
                    .trim_start_matches(|c: char| "$+%^ ".contains(c))
                    .starts_with('(');
                let (Some(mut pre), Some(post)) = (
                    items(file, line, pre, &syn)?,
                    items(file, line, post, &syn)?,
                ) else {
                    v.undefined_synset += 1;
                    v.blocks[block].undefined_synset += 1;
                    continue;
                };
                if pre_glued && let Some(last) = pre.last_mut() {
                    last.glue_next = true;
                }
                v.patterns += 1;
                v.blocks[block].patterns.push(VerbPattern {
                    pre,
                    verb_glued,
                    post,
                    post_phrase,
                    code,
                    line,
                });
                continue;
            }
            // A verb of the block: VERB {FORMS} [code]
            let (head, code) = match l.find('[') {
                Some(_) => {
                    let (h, c) = split_code(file, line, l)?;
                    (h, Some(code_spec(c)))
                }
                None => (l, None),
            };
            let (main, irregular) = match head.find('{') {
                Some(o) => {
                    let c = head[o..]
                        .find('}')
                        .map(|c| o + c)
                        .ok_or_else(|| err(file, line, "unclosed {"))?;
                    (&head[..o], Some(&head[o + 1..c]))
                }
                None => (head, None),
            };
            let main = main.trim();
            if main.is_empty() {
                return Err(err(file, line, "empty verb entry"));
            }
            if main.contains(['*', '$', '%', '^', '&']) {
                return Err(err(file, line, format!("bad verb entry {main:?}")));
            }
            let (before, word, after) =
                split_multiword(main).ok_or_else(|| err(file, line, "empty verb entry"))?;
            v.blocks[block].verbs.push(BlockVerb {
                before: before.clone(),
                word: word.clone(),
                after: after.clone(),
                code: code.clone(),
                line,
            });
            let mut forms: Vec<(Vec<String>, String, Vec<String>)> = verb_forms(&word)
                .into_iter()
                .map(|f| (before.clone(), f, after.clone()))
                .collect();
            for f in irregular.unwrap_or("").split_whitespace() {
                forms.push(
                    split_multiword(f)
                        .ok_or_else(|| err(file, line, format!("empty verb form {f:?}")))?,
                );
            }
            for (before, word, after) in forms {
                let list = v.forms.entry(word).or_default();
                let form = VerbForm {
                    before,
                    after,
                    block,
                    code: code.clone(),
                };
                if !list
                    .iter()
                    .any(|f| f.block == block && f.before == form.before && f.after == form.after)
                {
                    list.push(form);
                }
            }
        }
        Ok(v)
    }

    /// Verb blocks read.
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&CUR\n+DOLLAR\n+SWISS FRANC_\n\n&NEG_\n+DID N'T\n\n--- GIVE [070] ---\nGIVE {GAVE GIVEN}\n+HAND_OVER [071]\n- * &CUR [071]\n- &NEG * [---]\n- + WAS_ * TO $ [072:073]\n- * AID [+++]\n";

    #[test]
    fn reads_blocks_forms_and_patterns() {
        let v = PetrarchVerbs::parse("s.txt", SAMPLE).unwrap();
        assert_eq!(v.blocks(), 1);
        assert_eq!(v.patterns, 4);
        for f in ["give", "gives", "gave", "given", "giving", "hand", "handed"] {
            assert!(v.forms.contains_key(f), "{f}");
        }
        let hand = &v.forms["handed"][0];
        assert_eq!(hand.after, ["over"]);
        let b = &v.blocks[0];
        let Elem::Words(alts) = &b.patterns[0].post[0].elem else {
            panic!()
        };
        assert!(alts.contains(&vec!["dollars".to_string()]));
        assert!(alts.contains(&vec!["swiss".to_string(), "franc".to_string()]));
        assert!(!alts.contains(&vec!["swiss".to_string(), "francs".to_string()]));
        assert_eq!(b.patterns[1].code, CodeSpec::Null);
        let p = &b.patterns[2];
        assert_eq!(p.pre.len(), 2);
        assert!(p.pre[1].glue_next, "WAS_ glued to the verb");
        assert_eq!(
            p.code,
            CodeSpec::Code(VerbCode {
                primary: "072".into(),
                secondary: Some("073".into())
            })
        );
        assert_eq!(b.patterns[3].code, CodeSpec::Invalid);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let cases = [
            ("--- RUSH [070] ---\nRUSH\n- * AID\n", 3, "without [code]"),
            ("--- RUSH [070]\n", 1, "must end with ---"),
            ("RUSH\n", 1, "outside a synset or verb block"),
            ("--- RUSH [070] ---\nRUSH\n- AID [070]\n", 3, "without '*'"),
            (
                "--- RUSH [070] ---\nRUSH\n- * * AID [070]\n",
                3,
                "more than one",
            ),
            ("--- RUSH [070] ---\nRUSH {RAN\n", 2, "unclosed {"),
            ("&A\n+&B\n", 2, "undefined synset"),
            // Separators only: no word (these panicked on an empty list).
            ("--- RUSH [070] ---\n_\n", 2, "empty verb entry"),
            ("--- RUSH [070] ---\nRUSH {RAN _}\n", 2, "empty verb form"),
        ];
        for (text, line, want) in cases {
            let e = PetrarchVerbs::parse("v.txt", text).unwrap_err().to_string();
            assert!(e.starts_with(&format!("v.txt:{line}: ")), "{e}");
            assert!(e.contains(want), "{e}");
        }
    }
}
