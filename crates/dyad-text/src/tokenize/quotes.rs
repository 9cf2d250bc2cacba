//! Single quotation marks that close after a word ending in "s": "the
//! 'Christians', even", "‘Blasphemers’ and": the mark is a closing quote
//! (a token of its own), not the possessive apostrophe of a plural ("the
//! parents' house", one surface token "parents'"). The tokenizer and
//! [`super::surface_groups`] (how `dyad eval` recovers surface tokens from
//! word spans) decide it the same way, with [`SingleQuotes`].
//!
//! EWT train: 15 such closing quotes, all separate tokens; 29 plural
//! possessives written "s'" with no open single quotation before.

use dyad_doc::Span;

/// How far back (bytes) an opening single quotation mark still counts.
const REACH: usize = 300;

/// The quotation state of a walk over words: where the last single
/// quotation mark that opens a quote stands, if it has not closed yet.
#[derive(Debug, Default)]
pub(super) struct SingleQuotes {
    open: Option<usize>,
}

/// What a single quotation mark glued to the word before it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Glued {
    /// Not such a mark (another word, or a mark with space before it).
    No,
    /// It closes a quote opened before it.
    Closes,
    /// No quote is open: the word's own apostrophe ("parents'", "Lyin'").
    Apostrophe,
}

impl SingleQuotes {
    /// Look at word `k` of `words` (in `text`, in order; call for every
    /// word) and say whether it is a single quotation mark closing a quote
    /// after a word ending in "s", which must not join that word.
    pub(super) fn closes(&mut self, text: &str, words: &[Span], k: usize) -> bool {
        self.mark(text, words, k) == Glued::Closes
            && k > 0
            && words[k - 1]
                .get(text)
                .is_some_and(|prev| prev.len() > 1 && prev.ends_with(['s', 'S']))
    }

    /// Look at word `k` of `words` (in `text`, in order; call for every
    /// word) and say what it is if it is a single quotation mark glued to
    /// the word before it.
    pub(super) fn mark(&mut self, text: &str, words: &[Span], k: usize) -> Glued {
        let w = words[k];
        // Only "'" (one byte) and "‘" "’" (three) matter: most words are
        // passed over on their length and first byte.
        let first = text.as_bytes().get(w.start()).copied();
        if !matches!((w.len(), first), (1, Some(b'\'')) | (3, Some(0xE2))) {
            return Glued::No;
        }
        let form = w.get(text).unwrap_or("");
        // Glued to a word, not to an opening bracket or quotation mark
        // ("('Berlin')" opens a quote).
        let glued_before = k > 0
            && words[k - 1].end() == w.start()
            && !words[k - 1]
                .get(text)
                .and_then(|p| p.chars().next_back())
                .is_some_and(crate::chars::is_open);
        match form {
            "‘" => {
                self.open = Some(w.start());
                Glued::No
            }
            "'" | "’" if !glued_before => {
                // A straight mark opens a quote when the next word is
                // glued to it ("'Christians'").
                let opens = form == "'"
                    && words.get(k + 1).is_some_and(|n| {
                        n.start() == w.end()
                            && n.get(text)
                                .is_some_and(|t| t.starts_with(char::is_alphanumeric))
                    });
                if opens {
                    self.open = Some(w.start());
                }
                Glued::No
            }
            "'" | "’" => match self.open.take() {
                // Open within reach and in the same paragraph.
                Some(o)
                    if w.start().saturating_sub(o) <= REACH
                        && !text
                            .get(o..w.start())
                            .is_some_and(|between| between.contains(['\n', '\r'])) =>
                {
                    Glued::Closes
                }
                _ => Glued::Apostrophe,
            },
            _ => Glued::No,
        }
    }
}
