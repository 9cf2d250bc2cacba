//! Lemma edit scripts: "lower-case (or keep case), remove this suffix, add
//! that one".

use dyad_learn::{KeyMap, feature};

/// An edit script turning a form into its lemma.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Script {
    /// Lower-case the form first.
    pub lower: bool,
    /// Suffix removed (of the lower-cased form when `lower`).
    pub remove: String,
    /// Suffix added.
    pub add: String,
}

impl Script {
    /// The script from `form` to `lemma`: the one with the shortest edit,
    /// lower-casing on ties (so "the" and "The" share one script).
    #[cfg(feature = "train")]
    pub fn between(form: &str, lemma: &str) -> Script {
        let mut lower = String::new();
        crate::features::lower_into(form, &mut lower);
        let a = Script::diff(true, &lower, lemma);
        let b = Script::diff(false, form, lemma);
        if a.cost() <= b.cost() { a } else { b }
    }

    #[cfg(feature = "train")]
    fn diff(lower: bool, base: &str, lemma: &str) -> Script {
        let mut p = 0;
        for ((i, a), b) in base.char_indices().zip(lemma.chars()) {
            if a != b {
                break;
            }
            p = i + a.len_utf8();
        }
        Script {
            lower,
            remove: base[p..].to_string(),
            add: lemma[p..].to_string(),
        }
    }

    #[cfg(feature = "train")]
    fn cost(&self) -> usize {
        self.remove.chars().count() + self.add.chars().count()
    }

    /// Class label in the model: `L` or `K`, the removed suffix, a tab, the
    /// added suffix.
    #[cfg(feature = "train")]
    pub fn label(&self) -> String {
        format!(
            "{}{}\t{}",
            if self.lower { 'L' } else { 'K' },
            self.remove,
            self.add
        )
    }

    /// Parse [`Script::label`].
    pub fn parse(label: &str) -> Option<Script> {
        let lower = match label.as_bytes().first()? {
            b'L' => true,
            b'K' => false,
            _ => return None,
        };
        let (remove, add) = label[1..].split_once('\t')?;
        Some(Script {
            lower,
            remove: remove.to_string(),
            add: add.to_string(),
        })
    }

    /// Key of the candidate table: scripts that apply to a form whose
    /// (lower-cased when `lower`) text ends with `suffix`.
    pub fn candidate_key(lower: bool, suffix: &str) -> u64 {
        feature(if lower { 301 } else { 302 }, suffix)
    }

    /// Apply to `form` (whose lower-cased text is `lower`), appending the
    /// lemma to `out`. Returns false (and appends nothing) when the script
    /// does not apply.
    pub fn apply(&self, form: &str, lower: &str, out: &mut String) -> bool {
        let base = if self.lower { lower } else { form };
        match base.strip_suffix(self.remove.as_str()) {
            Some(stem) => {
                out.push_str(stem);
                out.push_str(&self.add);
                true
            }
            None => false,
        }
    }
}

/// Ids of the scripts that can apply to `form` (lower-cased: `lower`):
/// those whose removed suffix (up to `max_remove` characters) ends the word,
/// appended to `out` (possibly with repeats).
pub(crate) fn candidates(
    form: &str,
    lower: &str,
    cands: &KeyMap,
    lists: &[Vec<u16>],
    max_remove: usize,
    out: &mut Vec<u16>,
) {
    out.clear();
    for lower_flag in [true, false] {
        let base = if lower_flag { lower } else { form };
        let mut starts = base.char_indices().rev().map(|(i, _)| i);
        let mut at = base.len();
        let mut k = 0;
        loop {
            if let Some(list) = cands.get(Script::candidate_key(lower_flag, &base[at..]))
                && let Some(list) = lists.get(list as usize)
            {
                out.extend_from_slice(list);
            }
            k += 1;
            match starts.next() {
                Some(st) if k <= max_remove => at = st,
                _ => break,
            }
        }
    }
}

/// The best-scoring candidate (ties to the lowest id).
pub(crate) fn best_of(scores: &[f32], cands: &[u16]) -> Option<u16> {
    let mut best: Option<(f32, u16)> = None;
    for &c in cands {
        let s = scores.get(c as usize).copied().unwrap_or(f32::NEG_INFINITY);
        match best {
            Some((b, bc)) if s < b || (s == b && c >= bc) => {}
            _ => best = Some((s, c)),
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(all(test, feature = "train"))]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        let cases = [
            ("The", "the", "L\t"),
            ("dogs", "dog", "Ls\t"),
            ("studies", "study", "Lies\ty"),
            ("John", "John", "K\t"),
            ("was", "be", "Lwas\tbe"),
            ("n't", "not", "L't\tot"),
            ("Running", "run", "Lning\t"),
            ("Äpfel", "äpfel", "L\t"),
        ];
        for (form, lemma, label) in cases {
            let s = Script::between(form, lemma);
            assert_eq!(s.label(), label, "{form}");
            assert_eq!(Script::parse(label).as_ref(), Some(&s));
            let mut lower = String::new();
            crate::features::lower_into(form, &mut lower);
            let mut out = String::new();
            assert!(s.apply(form, &lower, &mut out));
            assert_eq!(out, lemma);
        }
    }
}
