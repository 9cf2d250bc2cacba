//! Light text analysis owned by the quote stage: word tokens, sentence and
//! paragraph boundaries, and quote-mark pairing.
//!
//! The stage keeps its own tokenization so that its learned model sees the
//! same tokens at training and run time, whatever tokenizer runs before it.
//! Everything here is linear in the length of the text.

use dyad_doc::Span;

/// A token of the quote stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Bytes covered.
    pub span: Span,
    /// Lower-cased text.
    pub lower: String,
    /// Shape class.
    pub shape: Shape,
    /// Quote-mark role, if the token is a quote mark.
    pub mark: Option<Mark>,
    /// Whether a newline separates this token from the previous one.
    pub newline_before: bool,
    /// Whether whitespace separates this token from the previous one.
    pub space_before: bool,
}

/// Coarse token shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Starts with an upper-case letter.
    Upper,
    /// Starts with a lower-case letter.
    Lower,
    /// Starts with a digit.
    Digit,
    /// Punctuation or symbol.
    Punct,
}

/// How a quote mark was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Opening mark.
    Open,
    /// Closing mark.
    Close,
}

/// Titles and abbreviations that keep their final period.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "jr", "sr",
    "prof", "rev", "hon", "pres", "sec", "adm", "maj", "cmdr", "corp", "inc", "ltd", "co", "vs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ft",
    "mt", "ave", "blvd", "dept", "est", "approx", "etc", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k",
    "u.n", "d.c", "u.s.a",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Split `text` into tokens: words (letters/digits with inner `.'’-,:`
/// joining alphanumerics, plus the period of known abbreviations and
/// initials) and single punctuation characters.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    let mut newline = true;
    let mut space = true;
    while i < n {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            if c == '\n' || c == '\r' || c == '\u{2029}' {
                newline = true;
            }
            space = true;
            i += 1;
            continue;
        }
        let start = b;
        let mut j = i + 1;
        // Two apostrophes are one double quote mark (the New York Times'
        // `''It's anti-reform,'' he said.`).
        if doubled_apostrophe(&chars, i) {
            j = i + 2;
        }
        if is_word_char(c) {
            while j < n {
                let cj = chars[j].1;
                if is_word_char(cj) {
                    j += 1;
                } else if matches!(cj, '.' | '\'' | '’' | '-' | '‐' | ',' | ':' | '&')
                    && j + 1 < n
                    && is_word_char(chars[j + 1].1)
                {
                    // 8:30, 1,000, U.S, don't, pro-Russian, AT&T
                    if matches!(cj, ',' | ':')
                        && !(chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit())
                    {
                        break;
                    }
                    j += 2;
                } else {
                    break;
                }
            }
            // Keep the final period of abbreviations and initials.
            if j < n && chars[j].1 == '.' {
                let end = chars[j].0;
                let w = text[start..end].to_lowercase();
                let single = w.chars().count() == 1 && c.is_uppercase();
                // Initialisms with inner periods: G.K. S.E.C. D.C.
                let dotted = w.contains('.')
                    && w.split('.')
                        .all(|p| p.chars().count() <= 2 && !p.is_empty());
                if single || dotted || ABBREV.contains(&w.as_str()) {
                    j += 1;
                }
            }
        }
        // Split clitics as treebanks do: He’s → He ’s, don't → do n't.
        if is_word_char(c) && j - i > 2 {
            let split = clitic_start(&chars[i..j]).map(|k| i + k);
            if let Some(k) = split {
                toks.push(make_tok(text, start, chars[k].0, newline, space));
                newline = false;
                space = false;
                let end = if j < n { chars[j].0 } else { text.len() };
                toks.push(make_tok(text, chars[k].0, end, false, false));
                i = j;
                continue;
            }
        }
        let end = if j < n { chars[j].0 } else { text.len() };
        toks.push(make_tok(text, start, end, newline, space));
        newline = false;
        space = false;
        i = j;
    }
    toks
}

/// Whether chars `i` and `i + 1` are two straight apostrophes (`''`), read
/// as one straight double quote mark.
fn doubled_apostrophe(chars: &[(usize, char)], i: usize) -> bool {
    chars[i].1 == '\'' && chars.get(i + 1).is_some_and(|&(_, c)| c == '\'')
}

/// Offset (in chars of `w`) where a clitic starts: `’s 're 've 'll 'd 'm`
/// after an apostrophe, or `n't`.
fn clitic_start(w: &[(usize, char)]) -> Option<usize> {
    let n = w.len();
    let lower: Vec<char> = w.iter().map(|&(_, c)| c.to_ascii_lowercase()).collect();
    let apos = |c: char| c == '\'' || c == '’';
    if n > 3 && lower[n - 3] == 'n' && apos(lower[n - 2]) && lower[n - 1] == 't' {
        return Some(n - 3);
    }
    for len in [1usize, 2] {
        if n > len + 1 && apos(lower[n - len - 1]) {
            let suf: String = lower[n - len..].iter().collect();
            if matches!(suf.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m") {
                return Some(n - len - 1);
            }
        }
    }
    None
}

fn make_tok(text: &str, start: usize, end: usize, newline: bool, space: bool) -> Tok {
    let s = &text[start..end];
    let c = s.chars().next().unwrap_or(' ');
    let shape = if c.is_uppercase() {
        Shape::Upper
    } else if c.is_lowercase() {
        Shape::Lower
    } else if c.is_numeric() {
        Shape::Digit
    } else {
        Shape::Punct
    };
    // `''` reads as the straight double mark it stands for.
    let lower = if s == "''" {
        "\"".to_string()
    } else {
        s.to_lowercase()
    };
    Tok {
        span: Span::from_trusted(start, end),
        lower,
        shape,
        mark: None,
        newline_before: newline,
        space_before: space,
    }
}

/// A sentence or paragraph as a half-open token range.
pub type Range = std::ops::Range<usize>;

/// Paragraphs: token ranges separated by newlines.
pub fn paragraphs(toks: &[Tok]) -> Vec<Range> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if i > start && t.newline_before {
            out.push(start..i);
            start = i;
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

fn is_closer(t: &Tok) -> bool {
    matches!(t.lower.as_str(), "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// Sentences: token ranges. A sentence ends at `.`, `!`, `?` or `…`
/// (with any closing quotes/brackets after it) when the next token starts
/// a new sentence (upper case, digit or opening quote), and always at a
/// paragraph end.
pub fn sentences(toks: &[Tok]) -> Vec<Range> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < toks.len() {
        if i > start && toks[i].newline_before {
            out.push(start..i);
            start = i;
        }
        let t = &toks[i];
        if matches!(t.lower.as_str(), "." | "!" | "?" | "…") {
            let mut j = i + 1;
            while j < toks.len() && !toks[j].newline_before && is_closer(&toks[j]) {
                j += 1;
            }
            let next_starts = match toks.get(j) {
                None => true,
                Some(nt) => {
                    nt.newline_before
                        || (nt.space_before
                            && (matches!(nt.shape, Shape::Upper | Shape::Digit)
                                || matches!(nt.lower.as_str(), "“" | "\"" | "(" | "‘" | "'")))
                }
            };
            if next_starts {
                out.push(start..j);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

/// A paired quotation: token range from the opening mark to the closing
/// mark (both included; the closing mark may be missing when the quote was
/// closed by inference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRegion {
    /// Index of the opening mark.
    pub open: usize,
    /// One past the last token of the quotation.
    pub end: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
    /// Whether the marks are single quotes (‘…’ or '…').
    pub single: bool,
}

/// Read straight quote marks as opening or closing from their neighbours.
fn straight_role(toks: &[Tok], i: usize) -> Option<Mark> {
    let t = &toks[i];
    let next = toks.get(i + 1);
    let glued_next = next.is_some_and(|n| !n.space_before && !n.newline_before);
    let glued_prev = i > 0 && !t.space_before && !t.newline_before;
    match (glued_prev, glued_next) {
        (false, true) => Some(Mark::Open),
        (true, false) => Some(Mark::Close),
        (false, false) => None,
        (true, true) => {
            // "word"word: closing if previous is a word or sentence punct,
            // opening after a dash/paren.
            let p = &toks[i - 1];
            if matches!(p.lower.as_str(), "(" | "[" | "—" | "–" | "-" | "/") {
                Some(Mark::Open)
            } else {
                Some(Mark::Close)
            }
        }
    }
}

fn comma_cue_after(toks: &[Tok], i: usize, end: usize, is_cue: &dyn Fn(&str) -> bool) -> bool {
    // `, said X` or `, X said` or `, X Y said` right after token i.
    if toks.get(i).is_none_or(|t| t.lower != ",") {
        return false;
    }
    (i + 1..(i + 5).min(end)).any(|k| is_cue(&toks[k].lower))
}

/// Pair quote marks into regions. Curly marks say which side they are;
/// straight marks are read from their neighbours. A paragraph that ends
/// inside a quotation continues it when the next paragraph opens with a
/// quote mark (news style for multi-paragraph quotes). Otherwise the quote
/// is unbalanced: it is closed after a `, <cue>` comma when there is one
/// (`“We won, Trump said.`), else at the end of its first sentence when
/// later sentences of the paragraph hold a cue outside any quote, else at
/// the paragraph end. A missing mark never swallows the next paragraph.
pub fn pair_quotes(
    toks: &mut [Tok],
    sents: &[Range],
    paras: &[Range],
    is_cue: &dyn Fn(&str) -> bool,
) -> Vec<QuoteRegion> {
    for i in 0..toks.len() {
        let l = toks[i].lower.as_str();
        if is_quote_char(l.chars().next().unwrap_or(' ')) && l.chars().count() == 1 {
            toks[i].mark = match l {
                "“" | "„" | "«" => Some(Mark::Open),
                "”" | "»" => Some(Mark::Close),
                _ => straight_role(toks, i),
            };
        }
    }
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (pi, p) in paras.iter().enumerate() {
        // A continuation: previous paragraph left the quote open and this
        // paragraph starts with an opening mark — the quote goes on.
        if let Some(o) = open {
            let starts_with_open = toks[p.start].mark == Some(Mark::Open);
            if !starts_with_open {
                let prev = &paras[pi - 1];
                out.push(close_unbalanced(toks, sents, o, prev.end, is_cue));
                open = None;
            }
        }
        for i in p.clone() {
            match toks[i].mark {
                Some(Mark::Open) => match open {
                    None => open = Some(i),
                    Some(o) if i == p.start && o < p.start => {} // continuation mark
                    Some(o) => {
                        // An opening mark inside an open quote: the earlier
                        // one lost its closing mark.
                        out.push(close_unbalanced(toks, sents, o, i, is_cue));
                        open = Some(i);
                    }
                },
                Some(Mark::Close) => {
                    if let Some(o) = open {
                        out.push(QuoteRegion {
                            open: o,
                            end: i + 1,
                            closed: true,
                            single: false,
                        });
                        open = None;
                    }
                }
                None => {}
            }
        }
        let _ = pi;
    }
    if let Some(o) = open {
        let end = paras.last().map_or(toks.len(), |p| p.end);
        out.push(close_unbalanced(toks, sents, o, end, is_cue));
    }
    out
}

fn close_unbalanced(
    toks: &[Tok],
    sents: &[Range],
    open: usize,
    limit: usize,
    is_cue: &dyn Fn(&str) -> bool,
) -> QuoteRegion {
    // Paragraph containing `open` bounds the search.
    let para_end = (open + 1..limit)
        .find(|&k| toks[k].newline_before)
        .unwrap_or(limit);
    // 1. `, <cue>` evidence inside the first sentence(s) of the region.
    for k in open + 1..para_end {
        if comma_cue_after(toks, k, para_end, is_cue) {
            return QuoteRegion {
                open,
                end: k + 1,
                closed: false,
                single: false,
            };
        }
    }
    // 2. End of the first sentence when a later sentence of the paragraph
    //    carries a cue (narration resumed).
    if let Some(s) = sents.iter().find(|s| s.contains(&open)) {
        let first_end = s.end.min(para_end);
        if first_end < para_end && (first_end..para_end).any(|k| is_cue(&toks[k].lower)) {
            return QuoteRegion {
                open,
                end: first_end,
                closed: false,
                single: false,
            };
        }
    }
    QuoteRegion {
        open,
        end: para_end,
        closed: false,
        single: false,
    }
}

/// Pair single quote marks (‘…’ and '…') within a paragraph: an opening
/// mark follows a space (or a double opening mark) and is glued to the next
/// word; its closing mark is the first later single mark glued to the
/// previous token and followed by a space, punctuation or the end. Unpaired
/// single marks (apostrophes of plural possessives) are left alone.
pub fn pair_single_quotes(toks: &mut [Tok], paras: &[Range]) -> Vec<QuoteRegion> {
    let mut out = Vec::new();
    for p in paras {
        let mut i = p.start;
        while i < p.end {
            let t = &toks[i];
            let opener = matches!(t.lower.as_str(), "‘" | "'")
                && (t.space_before
                    || t.newline_before
                    || (i > 0 && toks[i - 1].mark == Some(Mark::Open)))
                && toks
                    .get(i + 1)
                    .is_some_and(|n| !n.space_before && n.shape != Shape::Punct);
            if !opener {
                i += 1;
                continue;
            }
            let close = (i + 2..p.end).find(|&k| {
                let c = &toks[k];
                matches!(c.lower.as_str(), "’" | "'")
                    && !c.space_before
                    && toks.get(k + 1).is_none_or(|n| {
                        n.space_before || n.newline_before || n.shape == Shape::Punct
                    })
            });
            match close {
                Some(k) if k - i <= 80 => {
                    toks[i].mark = Some(Mark::Open);
                    toks[k].mark = Some(Mark::Close);
                    out.push(QuoteRegion {
                        open: i,
                        end: k + 1,
                        closed: true,
                        single: true,
                    });
                    i = k + 1;
                }
                _ => i += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .map(|t| t.span.slice(text).to_string())
            .collect()
    }

    #[test]
    fn tokens() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Mr. Trump’s U.S. trip",
                &["Mr.", "Trump", "’s", "U.S.", "trip"],
            ),
            (
                "He’s sure we don't",
                &["He", "’s", "sure", "we", "do", "n't"],
            ),
            (
                "“It is time,” he said.",
                &["“", "It", "is", "time", ",", "”", "he", "said", "."],
            ),
            (
                "at 8:30 p.m. on 1,000",
                &["at", "8:30", "p.m.", "on", "1,000"],
            ),
            ("pro-Russian, yes", &["pro-Russian", ",", "yes"]),
            (
                "''It's done,'' he said",
                &["''", "It", "'s", "done", ",", "''", "he", "said"],
            ),
        ];
        for (t, w) in cases {
            assert_eq!(words(t), *w, "{t}");
        }
    }

    #[test]
    fn sentence_split() {
        let text = "Mr. Smith said “no.” Then he left! U.S. officials agreed.\nNew para";
        let toks = tokenize(text);
        let s = sentences(&toks);
        let got: Vec<&str> = s
            .iter()
            .map(|r| &text[toks[r.start].span.start()..toks[r.end - 1].span.end()])
            .collect();
        assert_eq!(
            got,
            vec![
                "Mr. Smith said “no.”",
                "Then he left!",
                "U.S. officials agreed.",
                "New para"
            ]
        );
    }

    fn regions(text: &str) -> Vec<String> {
        let mut toks = tokenize(text);
        let s = sentences(&toks);
        let p = paragraphs(&toks);
        let cue = |w: &str| matches!(w, "said" | "says" | "wrote");
        pair_quotes(&mut toks, &s, &p, &cue)
            .iter()
            .map(|r| text[toks[r.open].span.start()..toks[r.end - 1].span.end()].to_string())
            .collect()
    }

    #[test]
    fn single_quotes() {
        let text = "De Blasio calls it an 'intentional act.' The voters’ choice was ‘clear’.";
        let mut toks = tokenize(text);
        let p = paragraphs(&toks);
        let got: Vec<String> = pair_single_quotes(&mut toks, &p)
            .iter()
            .map(|r| text[toks[r.open].span.start()..toks[r.end - 1].span.end()].to_string())
            .collect();
        assert_eq!(got, vec!["'intentional act.'", "‘clear’"]);
    }

    #[test]
    fn pairing() {
        let cases: &[(&str, &[&str])] = &[
            // curly, split by the cue
            (
                "“It is time,” Trump wrote, “to end this war.”",
                &["“It is time,”", "“to end this war.”"],
            ),
            // straight
            (
                "\"We won,\" he said. \"Again.\"",
                &["\"We won,\"", "\"Again.\""],
            ),
            // two apostrophes for each mark (New York Times)
            (
                "''It's done,'' he said. ''Again.''",
                &["''It's done,''", "''Again.''"],
            ),
            // nested single quotes stay inside
            (
                "“He called it ‘fake,’ ” she said.",
                &["“He called it ‘fake,’ ”"],
            ),
            // multi-paragraph continuation
            (
                "“First part.\n“Second part,” he said.",
                &["“First part.\n“Second part,”"],
            ),
            // unbalanced, closed at `, said`
            (
                "“We will win, said Zelensky. The war goes on.\nNext paragraph “ok”.",
                &["“We will win,", "“ok”"],
            ),
            // unbalanced, closed at first sentence: narration with a cue follows
            (
                "“We will win. Zelensky said this on Friday.\nNext.",
                &["“We will win."],
            ),
            // unbalanced, closed at paragraph end, never swallowing the next
            (
                "He said: “We will win. We always do.\nThe war goes on.",
                &["“We will win. We always do."],
            ),
        ];
        for (t, want) in cases {
            assert_eq!(regions(t), *want, "{t}");
        }
    }
}
