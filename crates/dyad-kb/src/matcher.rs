//! Many-name matching over case-folded text with word-boundary and
//! capitalisation checks, leftmost-longest selection.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Case-fold text for matching: lower-case, typographic apostrophes to `'`,
/// any whitespace to a space. Returns the folded text and, for every folded
/// byte, the byte offset of the original character it came from (plus one
/// trailing entry equal to `text.len()`).
pub fn fold(text: &str) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (off, c) in text.char_indices() {
        let before = out.len();
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => out.push('\''),
            c if c.is_whitespace() => out.push(' '),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
        map.extend(std::iter::repeat_n(off as u32, out.len() - before));
    }
    map.push(text.len() as u32);
    (out, map)
}

/// Whether `word` (as written in a KB name) demands capitals in the text:
/// 2 = all capitals ("US", "NATO"), 1 = capital initial, 0 = any case.
fn shape_of(word: &str) -> u8 {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    if letters >= 2 && upper == letters {
        2
    } else if word.chars().next().is_some_and(char::is_uppercase) {
        1
    } else {
        0
    }
}

/// Whether `found` (text) has the capitalisation the KB name `name` asks for.
pub fn case_ok(name: &str, found: &str) -> bool {
    let mut nw = name.split([' ', '-']).filter(|w| !w.is_empty());
    let mut fw = found
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty());
    loop {
        match (nw.next(), fw.next()) {
            (Some(n), Some(f)) => {
                let ok = match shape_of(n) {
                    2 => !f.chars().any(char::is_lowercase),
                    1 => f.chars().next().is_some_and(|c| !c.is_lowercase()),
                    _ => true,
                };
                if !ok {
                    return false;
                }
            }
            (None, None) => return true,
            // Different word counts (odd spacing): accept.
            _ => return true,
        }
    }
}

/// A compiled set of names; each folded pattern carries the list of values
/// (with the original spelling, for the capitalisation check).
#[derive(Debug, Clone)]
pub struct NameMatcher<V> {
    ac: Option<AhoCorasick>,
    values: Vec<Vec<(String, V)>>,
    index: std::collections::HashMap<String, usize>,
}

/// One match of [`NameMatcher::find`].
#[derive(Debug, Clone, PartialEq)]
pub struct Found<'m, V> {
    /// Byte start in the original text.
    pub start: usize,
    /// Byte end (exclusive) in the original text.
    pub end: usize,
    /// The values whose spelling agrees with the text's capitalisation.
    pub values: Vec<&'m V>,
}

impl<V> NameMatcher<V> {
    /// Compile `(name, value)` pairs. Names are folded with [`fold`]; several
    /// values may share one folded name.
    pub fn new(entries: Vec<(String, V)>) -> NameMatcher<V> {
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut values: Vec<Vec<(String, V)>> = Vec::new();
        for (name, v) in entries {
            let key = fold(name.trim()).0;
            if key.is_empty() {
                continue;
            }
            let i = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                values.push(Vec::new());
                patterns.len() - 1
            });
            values[i].push((name, v));
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        };
        NameMatcher { ac, values, index }
    }

    /// Number of distinct folded names.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no names.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// All values of the folded name equal to `name`, if any.
    pub fn lookup(&self, name: &str) -> Vec<&V> {
        match self.index.get(&fold(name.trim()).0) {
            Some(&i) => self.values[i].iter().map(|(_, v)| v).collect(),
            None => Vec::new(),
        }
    }

    /// Find names in `text`: at word boundaries, with the capitalisation
    /// the KB spelling asks for, leftmost-longest and non-overlapping.
    /// Linear in the text plus the number of candidate matches.
    pub fn find(&self, text: &str) -> Vec<Found<'_, V>> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let (folded, map) = fold(text);
        let orig = |fb: usize| map[fb] as usize;
        let mut cands: Vec<Found<'_, V>> = Vec::new();
        for m in ac.find_overlapping_iter(&folded) {
            let (fs, fe) = (m.start(), m.end());
            // Only at boundaries of original characters.
            if fs > 0 && map[fs] == map[fs - 1] {
                continue;
            }
            if fe < folded.len() && map[fe] == map[fe - 1] {
                continue;
            }
            let (s, e) = (orig(fs), orig(fe));
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            let word_char = |c: char| c.is_alphanumeric();
            let first = text[s..e].chars().next();
            let last = text[s..e].chars().next_back();
            if first.is_some_and(word_char) && before.is_some_and(word_char) {
                continue;
            }
            if last.is_some_and(word_char) && after.is_some_and(word_char) {
                continue;
            }
            let found = &text[s..e];
            let values: Vec<&V> = self.values[m.pattern().as_usize()]
                .iter()
                .filter(|(name, _)| case_ok(name, found))
                .map(|(_, v)| v)
                .collect();
            if values.is_empty() {
                continue;
            }
            cands.push(Found {
                start: s,
                end: e,
                values,
            });
        }
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Found<'_, V>> = Vec::with_capacity(cands.len());
        let mut last_end = 0;
        for c in cands {
            if c.start >= last_end {
                last_end = c.end;
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_maps_offsets() {
        let (f, m) = fold("Élysée’s");
        assert_eq!(f, "élysée's");
        assert_eq!(m.len(), f.len() + 1);
        assert_eq!(m[0], 0);
        assert_eq!(*m.last().unwrap() as usize, "Élysée’s".len());
    }

    #[test]
    fn case_rules() {
        let cases = [
            ("US", "US", true),
            ("US", "us", false),
            ("US", "Us", false),
            ("Labour", "labour", false),
            ("Labour", "Labour", true),
            ("Labour", "LABOUR", true),
            ("president", "President", true),
            ("the Kremlin", "The Kremlin", true),
            ("the Kremlin", "the kremlin", false),
            ("U.S.", "U.S.", true),
            ("U.S.", "u.s.", false),
            ("Nato", "NATO", true),
        ];
        for (name, found, want) in cases {
            assert_eq!(case_ok(name, found), want, "{name} vs {found}");
        }
    }

    #[test]
    fn finds_leftmost_longest_at_word_boundaries() {
        let m = NameMatcher::new(vec![
            ("US".to_string(), 1),
            ("president".to_string(), 2),
            ("vice president".to_string(), 3),
            ("Russian".to_string(), 4),
            ("Russia".to_string(), 5),
            ("Kyiv".to_string(), 6),
        ]);
        let text = "US Vice President met pro-Russian Russians; thus us in Kyiv’s";
        let got: Vec<(&str, Vec<i32>)> = m
            .find(text)
            .into_iter()
            .map(|f| {
                (
                    &text[f.start..f.end],
                    f.values.into_iter().copied().collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("US", vec![1]),
                ("Vice President", vec![3]),
                ("Russian", vec![4]),
                ("Kyiv", vec![6]),
            ]
        );
        assert_eq!(m.lookup("vice president"), vec![&3]);
        assert!(m.lookup("vice").is_empty());
    }
}
