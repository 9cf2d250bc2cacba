//! The tokenizer: one linear pass over the text, no backtracking.
//!
//! The text is cut at separators (white space, controls) into chunks; each
//! chunk loses its leading opening punctuation and trailing closing
//! punctuation, and what is left (the core) is split at punctuation that
//! does not belong inside a word. Words are then split into UD English
//! syntactic words where a clitic is fused to them ("don't" → "do" "n't").

use dyad_doc::Span;

use crate::chars::{
    is_apostrophe, is_close, is_currency, is_dash, is_emoji, is_emoji_continuation, is_hyphen,
    is_open, is_separator, is_word,
};
use crate::lexicon;

mod its;
mod quotes;

/// One token (a UD syntactic word) of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Bytes covered.
    pub span: Span,
    /// Whether this word was split off the previous one with no space
    /// between, as part of the same surface token (the "n't" of "don't",
    /// the "'s" of "Trump's"). UD writes such a surface token as a
    /// multiword token.
    pub joined: bool,
}

/// Tokenize `text` into UD English syntactic words, returning their byte
/// spans in order. Spans are non-empty, never overlap, lie on character
/// boundaries, and everything between them is separator characters
/// ([`crate::is_separator`]).
pub fn tokenize(text: &str) -> Vec<Span> {
    tokenize_pieces(text).into_iter().map(|p| p.span).collect()
}

/// Like [`tokenize`], but also says which words belong to the same surface
/// token as the word before them (see [`Piece::joined`]).
pub fn tokenize_pieces(text: &str) -> Vec<Piece> {
    let mut t = Tokenizer {
        text,
        out: Vec::with_capacity(text.len() / 5 + 1),
        tail: Vec::new(),
    };
    let mut chunk_start: Option<usize> = None;
    for (p, c) in text.char_indices() {
        if is_separator(c) {
            if let Some(s) = chunk_start.take() {
                let next = text[p..].chars().find(|&c| !is_separator(c));
                t.chunk(s, p, next);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(p);
        }
    }
    if let Some(s) = chunk_start {
        t.chunk(s, text.len(), None);
    }
    let mut words = split_contextual(text, t.out);
    close_single_quotes(text, &mut words);
    words
}

/// A single quotation mark closing a quote after a word in "s" is not
/// that word's possessive apostrophe (see [`quotes`]): it does not join.
/// An apostrophe after a word in "in" where no quote is open ends a
/// dropped "g" ("Lyin' Ted", "cookin'": EWT train 2 of 2 one token; in
/// PolNeAR "Lyin'" 6 times, "Keepin'" once, while "'Remain'", "‘win’" close
/// quotes): the two become one word.
fn close_single_quotes(text: &str, words: &mut Vec<Piece>) {
    if !text.contains(['\'', '’']) {
        return;
    }
    let spans: Vec<Span> = words.iter().map(|p| p.span).collect();
    let mut quotes = quotes::SingleQuotes::default();
    let mut merged = false;
    for k in 0..words.len() {
        match quotes.mark(text, &spans, k) {
            quotes::Glued::Closes
                if spans[k - 1].slice(text).len() > 1
                    && spans[k - 1].slice(text).ends_with(['s', 'S']) =>
            {
                words[k].joined = false;
            }
            quotes::Glued::Apostrophe if drops_g(spans[k - 1].slice(text)) => {
                // Marked here, merged below: an empty span never occurs
                // otherwise.
                words[k - 1].span = spans[k - 1].cover(spans[k]);
                words[k].span = Span::default();
                merged = true;
            }
            _ => {}
        }
    }
    if merged {
        words.retain(|w| !w.span.is_empty());
    }
}

/// Whether `word` reads as an "-ing" form with its "g" dropped ("Lyin",
/// "cookin", "Keepin": letters, at least four, ending in lower-case "in").
fn drops_g(word: &str) -> bool {
    word.len() >= 4 && word.ends_with("in") && word.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Split the contractions written without an apostrophe that only their
/// context tells apart ("its a shame" → "it" "s", but "its own"; see
/// [`lexicon::contextual_split`]): the next word decides. One pass; the
/// words are copied only when something splits.
fn split_contextual(text: &str, words: Vec<Piece>) -> Vec<Piece> {
    let at = |i: usize| -> Option<usize> {
        let w = words[i];
        if w.joined
            || !matches!(w.span.len(), 3 | 4)
            || !matches!(text.as_bytes()[w.span.start()] | 0x20, b'i' | b'l' | b'y')
        {
            return None;
        }
        let word = w.span.slice(text);
        lexicon::contextual_at(word)?;
        let next = words.get(i + 1).filter(|n| n.span.start() > w.span.end())?;
        let glued_hyphen = words.get(i + 2).is_some_and(|h| {
            h.span.start() == next.span.end() && matches!(h.span.slice(text), "-" | "‐" | "–")
        });
        let next_word = next.span.slice(text);
        let is_its = word.eq_ignore_ascii_case("its");
        // "its kind of expensive", "its sort of a…": a hedge after "it's".
        let hedge = is_its
            && its::is_hedge(next_word)
            && words
                .get(i + 2)
                .is_some_and(|o| o.span.slice(text).eq_ignore_ascii_case("of"));
        let k = if hedge {
            2
        } else {
            lexicon::contextual_split(word, next_word, glued_hyphen)?
        };
        if hedge || (is_its && its::is_weak(next_word)) {
            // "its less expensive rival", "its almost 40-year history":
            // after these adverbs "its" splits only before a clause.
            let from = if hedge { i + 3 } else { i + 2 };
            let after: Vec<(&str, bool)> = (from..words.len().min(from + 4))
                .map(|a| {
                    let glued = words.get(a + 1).is_some_and(|h| {
                        h.span.start() == words[a].span.end()
                            && matches!(h.span.slice(text), "-" | "‐" | "–")
                    });
                    (words[a].span.slice(text), glued)
                })
                .collect();
            let strong =
                |w: &str| !its::is_weak(w) && lexicon::contextual_split("its", w, false).is_some();
            if !its::reads_as_clause(&after, strong) {
                return None;
            }
        }
        Some(k)
    };
    let Some(first) = (0..words.len()).find(|&i| at(i).is_some()) else {
        return words;
    };
    let mut out = Vec::with_capacity(words.len() + 8);
    out.extend_from_slice(&words[..first]);
    for (i, &w) in words.iter().enumerate().skip(first) {
        match at(i) {
            Some(k) => {
                let (s, e) = (w.span.start(), w.span.end());
                out.push(Piece {
                    span: Span::from_trusted(s, s + k),
                    joined: false,
                });
                out.push(Piece {
                    span: Span::from_trusted(s + k, e),
                    joined: true,
                });
            }
            None => out.push(w),
        }
    }
    out
}

/// Surface tokens of a word sequence: groups of consecutive words where
/// every word after the first is [`Piece::joined`]. Returns
/// `(span of the surface token, range of word indices)`.
pub fn surface_tokens(pieces: &[Piece]) -> Vec<(Span, std::ops::Range<usize>)> {
    let mut out: Vec<(Span, std::ops::Range<usize>)> = Vec::with_capacity(pieces.len());
    for (i, p) in pieces.iter().enumerate() {
        match out.last_mut() {
            Some((span, range)) if p.joined && span.end() == p.span.start() => {
                *span = span.cover(p.span);
                range.end = i + 1;
            }
            _ => out.push((p.span, i..i + 1)),
        }
    }
    out
}

/// Whether `word` is a clitic that UD English writes as a separate word
/// ("'s", "n't", "'ll"…), in any case and with any apostrophe.
pub fn is_clitic(word: &str) -> bool {
    if word.len() > 5 {
        return false;
    }
    let mut cs = word.chars();
    let Some(first) = cs.next() else {
        return false;
    };
    let rest: String = cs.flat_map(char::to_lowercase).collect();
    if is_apostrophe(first) {
        return matches!(rest.as_str(), "s" | "m" | "d" | "re" | "ve" | "ll");
    }
    if first == 'n' || first == 'N' {
        let mut r = rest.chars();
        return r.next().is_some_and(is_apostrophe) && r.as_str() == "t";
    }
    false
}

/// Byte offset where a word splits off a trailing clitic, if it does.
fn clitic_split(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    let n = b.len();
    // "n't" with any apostrophe: find the apostrophe before a final t/T.
    if n >= 3 && (b[n - 1] | 0x20) == b't' {
        let before_t = &w[..n - 1];
        if let Some(a) = before_t.chars().next_back().filter(|&c| is_apostrophe(c)) {
            let ap = before_t.len() - a.len_utf8();
            if ap >= 2 && (b[ap - 1] | 0x20) == b'n' {
                return Some(ap - 1);
            }
        }
    }
    // 's 'm 'd 're 've 'll
    for suffix_len in [1usize, 2] {
        if n <= suffix_len {
            continue;
        }
        let Some(head) = w.get(..n - suffix_len) else {
            continue;
        };
        let tail = &b[n - suffix_len..];
        let ok = match suffix_len {
            1 => matches!(tail[0] | 0x20, b's' | b'm' | b'd'),
            _ => matches!(
                [tail[0] | 0x20, tail[1] | 0x20],
                [b'r', b'e'] | [b'v', b'e'] | [b'l', b'l']
            ),
        };
        if !ok {
            continue;
        }
        if let Some(a) = head.chars().next_back().filter(|&c| is_apostrophe(c)) {
            let ap = head.len() - a.len_utf8();
            // A decade stays whole ("the 80's", "1960's": EWT train has 13
            // numbers with 's whole, 1 split); other numbers take a
            // possessive ("2001's attacks", "HB 1523's").
            let number = suffix_len == 1
                && tail[0] | 0x20 == b's'
                && ap > 1
                && b[ap - 1] == b'0'
                && b[..ap].iter().all(u8::is_ascii_digit);
            if ap > 0 && !number && head[..ap].chars().next_back().is_some_and(is_word) {
                return Some(ap);
            }
        }
    }
    lexicon::fused_split(w).or_else(|| possessive_s(w))
}

/// Possessives written without their apostrophe that are nothing else
/// ("someone elses", "childrens", "todays", and restaurant names
/// "McDonalds", "Wendys", "Applebees": EWT train and dev 12 of 12 split
/// as X + "s"; plurals such as "chilis" and Latin "mens" are left out).
const POSSESSIVE_S: &[&str] = &[
    "elses",
    "childrens",
    "womens",
    "todays",
    "anyones",
    "someones",
    "everyones",
    "noones",
    "nobodys",
    "somebodys",
    "everybodys",
    "anybodys",
    "mcdonalds",
    "wendys",
    "applebees",
];

/// Where a possessive of [`POSSESSIVE_S`] splits off its "s".
fn possessive_s(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    let candidate = (5..=10).contains(&b.len()) && b[b.len() - 1] | 0x20 == b's';
    (candidate && POSSESSIVE_S.iter().any(|p| p.eq_ignore_ascii_case(w))).then(|| w.len() - 1)
}

fn is_url(s: &str) -> bool {
    let b = s.as_bytes();
    let starts = |p: &[u8]| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    starts(b"http://")
        || starts(b"https://")
        || starts(b"ftp://")
        || starts(b"www.")
        || starts(b"mailto:")
}

/// Whether `s` is a file-name extension in any case ("doc", "XLS"), as
/// listed in the lexicon.
fn is_extension_at(s: &str) -> bool {
    s.len() <= 4 && s.is_ascii() && lexicon::is_extension(&s.to_ascii_lowercase())
}

/// Whether `s` is a file or site name with an extension whose stem holds
/// characters that would split it elsewhere ("ld2d-#69366-1.DOC",
/// "ENRONR~1.DOC", "Em-enro2.doc", "Get-A-Free-House.com": EWT train 20,
/// all one token): letters, digits and `-_#~%!&+`, no period.
fn is_file_name(s: &str) -> bool {
    let Some(dot) = s.rfind('.') else {
        return false;
    };
    let stem = &s[..dot];
    !stem.is_empty()
        && stem.bytes().any(|b| b.is_ascii_alphanumeric())
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_#~%!&+".contains(&b))
        && is_extension_at(&s[dot + 1..])
}

/// Whether `s` is an e-mail address: also with the local part shortened
/// by an ellipsis, as mailing-list archives print them
/// ("franz371...@gmail.com"), and an intranet address without a top-level
/// domain ("rice@enron", "Perry@ENRON_DEVELOPMENT": EWT train 9 of 9 one
/// token) when both sides are plain ASCII names.
fn is_email(s: &str) -> bool {
    let Some(at) = s.find('@') else {
        return false;
    };
    let local = &s[..at];
    let local = local.strip_suffix("...").unwrap_or(local);
    if !local
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
        || local.contains(['"', '<', '>', '(', ')', ',', ';', ':', '[', ']'])
    {
        return false;
    }
    let domain = &s[at + 1..];
    match domain.rfind('.') {
        Some(d) => {
            d > 0 && d + 1 < domain.len() && domain[d + 1..].chars().all(|c| c.is_alphanumeric())
        }
        None => {
            local.len() >= 2
                && local
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
                && local.as_bytes()[0].is_ascii_alphabetic()
                && domain.len() >= 3
                && domain.as_bytes()[0].is_ascii_alphabetic()
                && domain.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
        }
    }
}

struct Tokenizer<'a> {
    text: &'a str,
    out: Vec<Piece>,
    tail: Vec<(usize, usize, bool)>,
}

/// Longest run of digits and hyphens (slashes) that
/// [`Tokenizer::phone_like`] ([`Tokenizer::date_slash`]) keeps whole (phone
/// numbers and dates are at most about 20 bytes; in the shared data no run
/// with a hyphen reaches 31 bytes, none with a slash 21).
const MAX_PHONE_RUN: usize = 32;

impl Tokenizer<'_> {
    #[inline]
    fn at(&self, i: usize) -> char {
        self.text[i..].chars().next().unwrap_or('\0')
    }

    #[inline]
    fn before(&self, i: usize) -> char {
        self.text[..i].chars().next_back().unwrap_or('\0')
    }

    #[inline]
    fn push(&mut self, s: usize, e: usize, joined: bool) {
        if e > s {
            self.out.push(Piece {
                span: Span::from_trusted(s, e),
                joined,
            });
        }
    }

    /// Whether a capitalised word ("George": a capital, then lower-case
    /// letters only) starts at `q` and ends at `j` or before a character
    /// that is no letter or digit, and is not itself an abbreviation (the
    /// "Va" of "W.Va.").
    fn capitalized_word_at(&self, q: usize, j: usize) -> bool {
        let b = &self.text.as_bytes()[q..j];
        let lower = b
            .iter()
            .skip(1)
            .take_while(|c| c.is_ascii_lowercase())
            .count();
        let after = b.get(1 + lower);
        b.first().is_some_and(u8::is_ascii_uppercase)
            && lower > 0
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
            && !lexicon::is_abbreviation(&self.text[q..q + 1 + lower], false)
    }

    /// End of the run of `c` starting at `p` (before `end`).
    fn run_end(&self, p: usize, end: usize, c: char) -> usize {
        let l = c.len_utf8();
        let mut e = p;
        while e < end && self.text[e..].starts_with(c) {
            e += l;
        }
        e
    }

    /// Start of the run of `c` ending at `p` (after `start`).
    fn run_start(&self, start: usize, p: usize, c: char) -> usize {
        let l = c.len_utf8();
        let mut s = p;
        while s >= start + l && self.text[..s].ends_with(c) {
            s -= l;
        }
        s
    }

    fn chunk(&mut self, a: usize, b: usize, next: Option<char>) {
        let next_digit = next.is_some_and(|c| c.is_ascii_digit());
        let mut i = a;
        let mut b = b;
        let mut opened_single = false;
        if lexicon::is_emoticon(&self.text[a..b]) {
            self.push(a, b, false);
            return;
        }
        // An emoticon written against the word before it ("great:)").
        let mut emoticon_tail = None;
        for len in 2..=3 {
            if b - a > len
                && self.text.is_char_boundary(b - len)
                && lexicon::is_emoticon(&self.text[b - len..b])
                && self.text[a..b - len]
                    .chars()
                    .next_back()
                    .is_some_and(is_word)
            {
                emoticon_tail = Some(b - len);
            }
        }
        let chunk_end = b;
        if let Some(e) = emoticon_tail {
            b = e;
        }
        // Leading punctuation.
        while i < b {
            let c = self.at(i);
            let l = c.len_utf8();
            if is_apostrophe(c) && (is_clitic(&self.text[i..b]) || self.at(i + l).is_ascii_digit())
            {
                break;
            }
            if is_open(c) {
                if matches!(c, '\'' | '‘' | '`' | '‚') {
                    opened_single = true;
                }
                let e = if self.text[i..b].starts_with("‘’") {
                    // Two single marks opening a quotation ("‘’Should
                    // Pakistan…": EWT train 11 of 11 one token).
                    i + "‘’".len()
                } else if matches!(c, '<' | '\'' | '‘' | '`') {
                    self.run_end(i, b, c)
                } else {
                    i + l
                };
                if e - i > l {
                    opened_single = false;
                }
                self.push(i, e, false);
                i = e;
                continue;
            }
            // "+44" keeps its sign; a minus is a word of its own ("-" "37":
            // EWT train 4 of 4, dev 3 of 3), but not in a file name
            // ("-2-F.doc>>").
            if matches!(c, '-' | '+') && i + 1 < b && self.at(i + 1).is_ascii_digit() {
                let name = self.text[i..b].trim_end_matches(|c: char| !c.is_alphanumeric());
                if c == '+' || is_file_name(name) {
                    break;
                }
            }
            if c == '.' && i == a {
                // A file-name extension written alone (".doc"), maybe
                // with closing punctuation after it.
                let e = self.text[i + 1..b]
                    .bytes()
                    .take_while(|x| x.is_ascii_lowercase())
                    .count();
                let rest = &self.text[i + 1 + e..b];
                if lexicon::is_extension(&self.text[i + 1..i + 1 + e])
                    && rest
                        .chars()
                        .all(|c| is_close(c) || matches!(c, ',' | '.' | ';' | ':' | '!' | '?'))
                {
                    self.push(i, i + 1 + e, false);
                    i += 1 + e;
                    continue;
                }
            }
            if is_dash(c)
                || matches!(
                    c,
                    '.' | '…'
                        | '*'
                        | '•'
                        | '·'
                        | '='
                        | '~'
                        | '_'
                        | '+'
                        | '|'
                        | '/'
                        | '\\'
                        | ':'
                        | ';'
                        | ','
                        | '!'
                        | '?'
                )
            {
                if c == '.' && i + 1 < b && self.at(i + 1).is_ascii_digit() {
                    break;
                }
                let e = self.run_end(i, b, c);
                self.push(i, e, false);
                i = e;
                continue;
            }
            break;
        }
        if i >= b {
            // All punctuation (".com:)"): the emoticon is still to come.
            if let Some(e) = emoticon_tail {
                self.push(e, chunk_end, false);
            }
            return;
        }
        // Trailing punctuation, collected right to left.
        let mut tail = std::mem::take(&mut self.tail);
        tail.clear();
        let mut j = b;
        while j > i {
            let c = self.before(j);
            let l = c.len_utf8();
            if matches!(c, '.' | '!' | '?') {
                let mut r = j;
                while r > i && matches!(self.before(r), '.' | '!' | '?') {
                    r -= 1;
                }
                if j - r >= 2 {
                    let run = &self.text[r..j];
                    if run.len() == 2
                        && run.starts_with('.')
                        && r - i > 1
                        && lexicon::is_abbreviation(&self.text[i..r], next_digit)
                    {
                        // An abbreviation keeps its period before a second
                        // mark ("D.C..", "T.V.?", "Inc..": EWT train and
                        // dev 7 of 7).
                        tail.push((r + 1, j, false));
                        j = r + 1;
                        break;
                    }
                    if run.len() > 3
                        && run.ends_with('?')
                        && run[..run.len() - 1].bytes().all(|b| b == b'.')
                    {
                        // An ellipsis before a question mark is a token of
                        // its own ("...?": 6 of 6).
                        tail.push((j - 1, j, false));
                        tail.push((r, j - 1, false));
                        j = r;
                        continue;
                    }
                    tail.push((r, j, false));
                    j = r;
                    continue;
                }
            }
            if matches!(c, '>' | '\'' | '’') {
                let r = self.run_start(i, j, c);
                if j - r >= 2 * l {
                    tail.push((r, j, false));
                    j = r;
                    continue;
                }
            }
            if c == '.' {
                let r = self.run_start(i, j, '.');
                if j - r >= 2 {
                    tail.push((r, j, false));
                    j = r;
                    continue;
                }
                if j - 1 > i && lexicon::is_abbreviation(&self.text[i..j - 1], next_digit) {
                    break;
                }
                tail.push((j - 1, j, false));
                j -= 1;
                continue;
            }
            if is_apostrophe(c) && c != '`' && !opened_single && j - l > i {
                let p = self.before(j - l);
                if (p == 's' || p == 'S') && j - l - 1 > i {
                    tail.push((j - l, j, true));
                    j -= l;
                    break;
                }
            }
            if matches!(c, '!' | '?') {
                let mut r = j;
                while r > i && matches!(self.before(r), '!' | '?') {
                    r -= 1;
                }
                tail.push((r, j, false));
                j = r;
                continue;
            }
            if is_close(c) || matches!(c, ',' | ';' | ':' | '…') {
                if is_apostrophe(c) && is_clitic(&self.text[i..j]) {
                    break;
                }
                tail.push((j - l, j, false));
                j -= l;
                continue;
            }
            break;
        }
        if i < j {
            self.core(i, j);
        }
        while let Some((s, e, joined)) = tail.pop() {
            self.push(s, e, joined);
        }
        if let Some(e) = emoticon_tail {
            self.push(e, chunk_end, false);
        }
        self.tail = tail;
    }

    fn core(&mut self, i: usize, j: usize) {
        let text = self.text;
        let s = &text[i..j];
        if is_url(s) || is_email(s) || is_file_name(s) {
            self.push(i, j, false);
            return;
        }
        let mut start = i;
        let mut p = i;
        while p < j {
            let c = self.at(p);
            let l = c.len_utf8();
            let q = p + l;
            if is_word(c) && !is_emoji_continuation(c) {
                p = q;
                continue;
            }
            let prev = if p > i { self.before(p) } else { '\0' };
            let nextc = if q < j { self.at(q) } else { '\0' };
            let in_word = p > start;
            let next_w = q < j && is_word(nextc);
            match c {
                '.' => {
                    if !in_word && prev == ')' {
                        // "(draft).doc": the extension after a bracket.
                        let e = q + text[q..j]
                            .bytes()
                            .take_while(u8::is_ascii_alphanumeric)
                            .count();
                        if is_extension_at(&text[q..e]) && (e == j || !is_word(self.at(e))) {
                            self.push(p, e, false);
                            p = e;
                            start = e;
                            continue;
                        }
                    }
                    if in_word
                        && nextc.is_ascii_uppercase()
                        && self.capitalized_word_at(q, j)
                        && lexicon::is_abbreviation(&text[start..p], false)
                    {
                        // An abbreviation glued to the name after it
                        // ("St.George", "Dr.Michael", "S.Korea", "P.O.Box":
                        // EWT train 7 of 7 split after the period).
                        self.word(start, q);
                        p = q;
                        start = q;
                        continue;
                    }
                    if next_w && (in_word || nextc.is_ascii_digit()) {
                        p = q;
                        continue;
                    }
                    if in_word && (q == j || lexicon::is_abbreviation(&text[start..p], false)) {
                        p = q;
                        continue;
                    }
                    self.word(start, p);
                    let e = self.run_end(p, j, '.');
                    self.push(p, e, false);
                    p = e;
                    start = e;
                    continue;
                }
                ',' | ':' if in_word && prev.is_ascii_digit() && nextc.is_ascii_digit() => {
                    p = q;
                    continue;
                }
                '\'' | '’' | 'ʼ' | '`' => {
                    if in_word && next_w && is_word(prev) {
                        p = q;
                        continue;
                    }
                    if !in_word && (is_clitic(&text[p..j]) || nextc.is_ascii_digit()) {
                        if is_clitic(&text[p..j]) {
                            self.push(p, j, false);
                            return;
                        }
                        p = q;
                        continue;
                    }
                }
                _ if is_hyphen(c) && in_word && next_w && is_word(prev) => {
                    if lexicon::is_hyphen_prefix(&text[start..p])
                        || self.phone_like((i, start), p, j)
                    {
                        p = q;
                        continue;
                    }
                    self.word(start, p);
                    self.push(p, q, false);
                    p = q;
                    start = q;
                    continue;
                }
                '+' if !in_word && p == i && nextc.is_ascii_digit() => {
                    p = q;
                    continue;
                }
                '/' if in_word
                    && p == start + 1
                    && prev.is_ascii_alphabetic()
                    && nextc.is_ascii_alphabetic()
                    && (q + 1 == j || !is_word(self.at(q + 1))) =>
                {
                    // "w/o", "b/c", "c/o": one-letter abbreviations.
                    p = q;
                    continue;
                }
                '@' | '#' if !in_word && next_w && !(c == '#' && nextc.is_ascii_digit()) => {
                    p = q;
                    continue;
                }
                '&' | '_' if in_word && next_w => {
                    p = q;
                    continue;
                }
                '/' if in_word && prev.is_ascii_digit() && start + 3 == p => {
                    // "713/853-6197": a phone number with its area code.
                    if let Some(e) = self.area_code_phone(p, j) {
                        p = e;
                        continue;
                    }
                    if self.date_slash((i, start), p, j) {
                        p = q;
                        continue;
                    }
                }
                '/' if in_word && prev.is_ascii_digit() && self.date_slash((i, start), p, j) => {
                    p = q;
                    continue;
                }
                _ => {}
            }
            // A break: close the current word, emit the punctuation.
            self.word(start, p);
            let e = if is_emoji(c) || is_emoji_continuation(c) {
                self.emoji_end(p, j)
            } else if is_currency(c) {
                self.run_end(p, j, c)
            } else if is_open(c) || is_close(c) {
                q
            } else if is_dash(c)
                || matches!(
                    c,
                    '!' | '?'
                        | '*'
                        | '='
                        | '~'
                        | '+'
                        | '#'
                        | '.'
                        | ','
                        | '_'
                        | '|'
                        | '<'
                        | '>'
                        | '…'
                        | '^'
                )
            {
                self.run_end(p, j, c)
            } else {
                q
            };
            self.push(p, e, false);
            p = e;
            start = e;
            // An address after a name and a bracket or quotation mark
            // ("Julie"<julie...@bellsouth.net>"): checked only on short rests,
            // so the pass stays linear.
            if matches!(c, '<' | '"' | ':') && j - p <= 80 {
                let end = if text[p..j].ends_with('>') { j - 1 } else { j };
                if end > p && is_email(&text[p..end]) {
                    self.push(p, end, false);
                    p = end;
                    start = end;
                }
            }
        }
        self.word(start, j);
    }

    /// Whether the hyphen at `p` joins digit groups of a phone number or a
    /// date ("713-853-3989", "1-800-991-9019", "11-20-2000", extension
    /// "3-3264"): the word is a run of digit groups joined by hyphens, with
    /// three or more groups, or two groups of 1, 3 or 5 digits and 4
    /// digits (a local number, an extension, a ZIP+4 code). (EWT train: 90
    /// such runs of three or more groups, all one token; ranges of two
    /// groups, "1969-1970", "400-500", are split: 11 of 13 such 3-3 and
    /// 4-4 runs in train.) The word starts at `start` in the chunk
    /// `i..j`. A run of digits and hyphens longer than [`MAX_PHONE_RUN`]
    /// bytes (counting from the run's own start, before `start` when an
    /// earlier hyphen of it was split) is none of these and splits at every
    /// hyphen: the test looks at most that far on either side, so a long
    /// run ("1-1-1-…", "12-12-12-…") costs linear time, not quadratic.
    fn phone_like(&self, (i, start): (usize, usize), p: usize, j: usize) -> bool {
        let b = self.text.as_bytes();
        let Some(run) = self.short_run((i, start), j, b'-') else {
            return false;
        };
        let run_end = start + run;
        if p >= run_end || (run_end < j && b[run_end].is_ascii_alphanumeric()) {
            return false;
        }
        let mut groups = b[start..run_end].split(|&c| c == b'-');
        let (Some(first), Some(second)) = (groups.next(), groups.next()) else {
            return false;
        };
        let mut count = 2;
        for g in groups {
            if g.is_empty() {
                return false;
            }
            count += 1;
        }
        if first.is_empty() || second.is_empty() {
            return false;
        }
        (count >= 3 && (first.len() > 1 || second.len() > 1))
            || (first.len() == 1 && second.len() == 4)
            || (matches!(first.len(), 3 | 5) && second.len() == 4)
    }

    /// The length of the run of digits and `sep` bytes that starts at
    /// `start`, if the whole run around it in the chunk `i..j` (also before
    /// `start`, when an earlier separator of it was split) is at most
    /// [`MAX_PHONE_RUN`] bytes long. Reads at most that far on either side.
    fn short_run(&self, (i, start): (usize, usize), j: usize, sep: u8) -> Option<usize> {
        let b = self.text.as_bytes();
        let in_run = |c: &&u8| c.is_ascii_digit() || **c == sep;
        let before = b[i..start]
            .iter()
            .rev()
            .take(MAX_PHONE_RUN + 1)
            .take_while(in_run)
            .count();
        let run = b[start..j]
            .iter()
            .take(MAX_PHONE_RUN + 1)
            .take_while(in_run)
            .count();
        (before + run <= MAX_PHONE_RUN).then_some(run)
    }

    /// Whether the slash at `p` is inside a date written with slashes
    /// ("11/28/2000") or is "9/11"; fractions ("1/2") are split. The word
    /// starts at `start` in the chunk `i..j`; a run of digits and slashes
    /// longer than [`MAX_PHONE_RUN`] bytes is no date and splits at every
    /// slash (so a long "1/1/1/…" costs linear time, not quadratic).
    fn date_slash(&self, (i, start): (usize, usize), p: usize, j: usize) -> bool {
        if self.short_run((i, start), j, b'/').is_none() {
            return false;
        }
        let b = self.text.as_bytes();
        let before = &b[start..p];
        if !before.iter().all(|c| c.is_ascii_digit() || *c == b'/') {
            return false;
        }
        if before.contains(&b'/') {
            return true;
        }
        let after = b[p + 1..j]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if after == 0 {
            return false;
        }
        let q = p + 1 + after;
        let value = |d: &[u8]| d.iter().fold(0u32, |v, c| v * 10 + u32::from(c - b'0'));
        // A month and a day ("5/18", "11/2", "12/28": EWT train 13 of 14
        // such pairs whole); two single digits are a fraction ("1/2",
        // "3/4": 7 of 7 split), a first number over 12 a ratio or a score
        // ("19/20", "24/7").
        let month_day = before.len() <= 2
            && after <= 2
            && before.len() + after >= 3
            && (1..=12).contains(&value(before))
            && (1..=31).contains(&value(&b[p + 1..q]))
            && (q == j || !(b[q].is_ascii_alphanumeric() || b[q] == b'/'));
        month_day
            || (q + 1 < j && b[q] == b'/' && b[q + 1].is_ascii_digit())
            || (before == b"9" && &b[p + 1..q] == b"11")
    }

    /// The end of a phone number written with its area code and a slash
    /// ("713/853-6197": three digits before the slash at `p`, then three,
    /// a hyphen and four, and no letter or digit after; EWT train 7 of 7
    /// one token), if the slash at `p` opens one.
    fn area_code_phone(&self, p: usize, j: usize) -> Option<usize> {
        let b = &self.text.as_bytes()[p..j];
        let digits =
            |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let shaped = digits(1..4) && b.get(4) == Some(&b'-') && digits(5..9);
        (shaped && !b.get(9).is_some_and(u8::is_ascii_alphanumeric)).then_some(p + 9)
    }

    /// End of the emoji cluster starting at `p`.
    fn emoji_end(&self, p: usize, j: usize) -> usize {
        let mut e = p;
        let mut first = true;
        let mut regional = 0;
        while e < j {
            let c = self.at(e);
            let u = c as u32;
            let is_ri = (0x1F1E6..=0x1F1FF).contains(&u);
            if first || is_emoji_continuation(c) {
                if is_ri {
                    regional += 1;
                }
                e += c.len_utf8();
                first = false;
                continue;
            }
            if is_ri && regional == 1 {
                regional += 1;
                e += c.len_utf8();
                continue;
            }
            if is_emoji(c) && self.before(e) == '\u{200D}' {
                e += c.len_utf8();
                continue;
            }
            break;
        }
        e
    }

    /// Emit a word, splitting off a fused clitic or a unit glued to a
    /// number ("5pm", "50m", "2k").
    fn word(&mut self, s: usize, e: usize) {
        if e <= s {
            return;
        }
        let w = &self.text.as_bytes()[s..e];
        if w[0].is_ascii_digit() && w.len() <= 12 {
            let num = w
                .iter()
                .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b':'))
                .count();
            if num < w.len()
                && w[num - 1].is_ascii_digit()
                && lexicon::is_unit(&self.text[s + num..e])
            {
                self.push(s, s + num, false);
                self.push(s + num, e, false);
                return;
            }
        }
        if w.eq_ignore_ascii_case(b"alot") {
            // "a lot" written as one word: two tokens, as UD English has it.
            self.push(s, s + 1, false);
            self.push(s + 1, e, false);
            return;
        }
        match clitic_split(&self.text[s..e]) {
            Some(k) if k > 0 && k < e - s => {
                self.push(s, s + k, false);
                self.push(s + k, e, true);
            }
            _ => self.push(s, e, false),
        }
    }
}

/// Whether `word`, written right after `prev` with nothing between, is a
/// part of the same surface token in UD English: a clitic ("n't", "'s"), a
/// possessive apostrophe after a plural ("parents" "'"), or the second half
/// of a fused form ("can" "not", "gon" "na"). This is how
/// [`surface_groups`] recovers multiword tokens from plain word spans; it
/// agrees with [`Piece::joined`] for the tokenizer's own output.
pub fn joins_previous(prev: &str, word: &str) -> bool {
    if prev.is_empty() || word.is_empty() {
        return false;
    }
    if is_clitic(word) {
        return true;
    }
    if matches!(word, "'" | "’") && (prev.ends_with('s') || prev.ends_with('S')) && prev.len() > 1
    {
        return true;
    }
    if matches!(word, "s" | "S") && prev.len() < 10 {
        let whole = format!("{prev}{word}");
        if possessive_s(&whole).is_some() {
            return true;
        }
    }
    if prev.len() + word.len() <= 8 {
        let whole = format!("{prev}{word}");
        return lexicon::fused_split(&whole) == Some(prev.len())
            || lexicon::contextual_at(&whole) == Some(prev.len());
    }
    false
}

/// Group word spans of `text` into surface tokens with [`joins_previous`]
/// (except a single quotation mark closing a quote after a word in "s",
/// "the 'Christians',", which the tokenizer does not join either):
/// `(span of the surface token, range of word indices)`.
pub fn surface_groups(text: &str, words: &[Span]) -> Vec<(Span, std::ops::Range<usize>)> {
    let mut out: Vec<(Span, std::ops::Range<usize>)> = Vec::with_capacity(words.len());
    let mut quotes = quotes::SingleQuotes::default();
    for (i, &w) in words.iter().enumerate() {
        let closes = quotes.closes(text, words, i);
        if let Some((span, range)) = out.last_mut()
            && !closes
            && span.end() == w.start()
            && i > 0
            && joins_previous(
                words[i - 1].get(text).unwrap_or(""),
                w.get(text).unwrap_or(""),
            )
        {
            *span = span.cover(w);
            range.end = i + 1;
            continue;
        }
        out.push((w, i..i + 1));
    }
    out
}
