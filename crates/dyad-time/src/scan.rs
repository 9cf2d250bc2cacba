//! Word scanning over raw text: alphanumeric runs and single punctuation
//! characters, with byte offsets. Linear in the text length.

/// What a scanned word is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters only.
    Alpha,
    /// Digits only.
    Num,
    /// Letters and digits ("1990s", "12th", "9am").
    Mixed,
    /// One punctuation or symbol character.
    Punct,
}

/// One scanned word.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// First byte (absolute in the document text).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Lower-cased text.
    pub low: String,
    /// What it is made of.
    pub kind: Kind,
    /// Whether the original starts with an upper-case letter.
    pub cap: bool,
}

/// Scan `text` (which starts at byte `base` of the document).
pub(crate) fn scan(text: &str, base: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut run_start: Option<usize> = None;
    let flush = |out: &mut Vec<Word>, s: usize, e: usize| {
        let piece = &text[s..e];
        let has_digit = piece.bytes().any(|b| b.is_ascii_digit());
        let has_alpha = piece.chars().any(|c| c.is_alphabetic());
        let kind = match (has_digit, has_alpha) {
            (true, false) => Kind::Num,
            (false, _) => Kind::Alpha,
            (true, true) => Kind::Mixed,
        };
        out.push(Word {
            start: base + s,
            end: base + e,
            low: piece.to_lowercase(),
            kind,
            cap: piece.chars().next().is_some_and(char::is_uppercase),
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if run_start.is_none() {
                run_start = Some(i);
            }
            continue;
        }
        if let Some(s) = run_start.take() {
            flush(&mut out, s, i);
        }
        if !c.is_whitespace() {
            let e = i + c.len_utf8();
            let low = match c {
                '\u{2019}' | '\u{2018}' | '`' => "'".to_string(),
                '\u{2013}' | '\u{2014}' => "-".to_string(),
                _ => c.to_string(),
            };
            out.push(Word {
                start: base + i,
                end: base + e,
                low,
                kind: Kind::Punct,
                cap: false,
            });
        }
    }
    if let Some(s) = run_start {
        flush(&mut out, s, text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_and_punctuation() {
        let w = scan("On Feb. 12, 2/12/2025 at 9am’s", 0);
        let low: Vec<&str> = w.iter().map(|w| w.low.as_str()).collect();
        assert_eq!(
            low,
            [
                "on", "feb", ".", "12", ",", "2", "/", "12", "/", "2025", "at", "9am", "'", "s"
            ]
        );
        assert_eq!(w[3].kind, Kind::Num);
        assert_eq!(w[11].kind, Kind::Mixed);
        assert!(w[0].cap && !w[10].cap);
        assert_eq!((w[12].start, w[12].end), (28, 31));
    }
}
