//! Character classes used by the tokenizer.

/// Whether `c` separates tokens: Unicode white space (including NBSP and the
/// other fixed-width spaces), control characters, and the invisible
/// zero-width space / byte-order mark / word joiner.
#[inline]
pub fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c.is_ascii_control();
    }
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{180E}')
}

/// Whether `c` is a line break.
#[inline]
pub fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Opening brackets and quotes.
#[inline]
pub fn is_open(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '<'
            | '"'
            | '\''
            | '`'
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '„'
            | '‚'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
            | '【'
            | '〈'
            | '《'
            | '〔'
            | '［'
            | '｛'
    )
}

/// Closing brackets and quotes.
#[inline]
pub fn is_close(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '>'
            | '"'
            | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〉'
            | '》'
            | '〕'
            | '］'
            | '｝'
            | '`'
    )
}

/// Quotation marks of any kind.
#[inline]
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '„'
            | '‚'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// Sentence-final punctuation.
#[inline]
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

/// Dashes and hyphens.
#[inline]
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹘' | '﹣' | '－'
    )
}

/// Hyphens that may join the parts of a word.
#[inline]
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Apostrophes (straight, curly, backtick used as one).
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`' | 'ʼ')
}

/// Currency signs.
#[inline]
pub fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '¥' | '₹' | '₽' | '₴' | '₩' | '₪' | '₺' | '₦' | '¢' | '฿' | '₫'
    ) || ('\u{20A0}'..='\u{20C0}').contains(&c)
}

/// Pictographs and other emoji bases.
#[inline]
pub fn is_emoji(c: char) -> bool {
    let u = c as u32;
    (0x1F000..=0x1FAFF).contains(&u)
        || (0x2600..=0x27BF).contains(&u)
        || (0x2B00..=0x2BFF).contains(&u)
        || (0x2300..=0x23FF).contains(&u)
        || (0x1FC00..=0x1FFFD).contains(&u)
}

/// Characters that continue an emoji cluster: variation selectors, skin-tone
/// modifiers, the zero-width joiner, the keycap mark and tag characters.
#[inline]
pub fn is_emoji_continuation(c: char) -> bool {
    let u = c as u32;
    matches!(u, 0xFE0E | 0xFE0F | 0x200D | 0x20E3)
        || (0x1F3FB..=0x1F3FF).contains(&u)
        || (0xE0020..=0xE007F).contains(&u)
}

/// Whether `c` is punctuation or a symbol that never belongs inside a word
/// unless a rule says so. Everything else (letters of any script, digits,
/// combining marks, private-use characters) is a word character.
#[inline]
pub fn is_break(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    let u = c as u32;
    is_open(c)
        || is_close(c)
        || is_terminal(c)
        || is_dash(c)
        || is_currency(c)
        || is_emoji(c)
        || (0x2010..=0x205E).contains(&u) // general punctuation
        || (0x3000..=0x303F).contains(&u) // CJK punctuation
        || (0xFF01..=0xFF0F).contains(&u)
        || (0xFF1A..=0xFF20).contains(&u)
        || (0x2190..=0x21FF).contains(&u) // arrows
        || (0x2200..=0x22FF).contains(&u) // maths
        || (0x25A0..=0x25FF).contains(&u) // shapes
        || matches!(
            c,
            '§' | '¶' | '·' | '•' | '°' | '©' | '®' | '™' | '×' | '÷' | '±' | '¬' | '¦' | '¨'
                | '¯' | '´' | '¸' | '‰' | '†' | '‡' | '،' | '؛' | '؟' | '۔' | '।' | '॥'
        )
}

/// Whether `c` is a word character (see [`is_break`]).
#[inline]
pub fn is_word(c: char) -> bool {
    !is_separator(c) && !is_break(c)
}
