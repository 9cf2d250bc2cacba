//! Reading HTML without losing offsets.
//!
//! [`mask_html`] blanks markup so that the text of an HTML page can go
//! through the pipeline while every span still points at the page as given:
//! each character of a tag, comment, doctype, or `<script>`/`<style>` body
//! is replaced by exactly one space (or a newline where a block-level tag
//! ends a paragraph), so character offsets into the masked text are
//! character offsets into the original. Character references (`&amp;`) are
//! left as written: decoding them would change lengths.
//!
//! Malformed markup never loses text silently: a `<` that does not start a
//! tag ("a < b", "<3") is text; a tag left open at the end of the input is
//! text; an unclosed comment, `<script>` or `<style>` is blanked to the end
//! and reported in [`Masked::notes`] with its character offset. The scan is
//! one pass, linear in the input.

/// Masked HTML: the text to process and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// The input with markup blanked, character for character.
    pub text: String,
    /// `(character offset, message)` for malformed markup that was blanked
    /// to the end of the input.
    pub notes: Vec<(usize, String)>,
}

/// Tags whose start or end breaks a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "br",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "blockquote",
    "article",
    "section",
    "header",
    "footer",
    "title",
    "figcaption",
    "hr",
    "dd",
    "dt",
];

/// Blank the markup of `html` (see the module docs).
pub fn mask_html(html: &str) -> Masked {
    let mut out = String::with_capacity(html.len());
    let mut notes = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0; // byte position in `html`
    let mut chars_before = 0; // characters of `html` before `i`
    while i < bytes.len() {
        let rest = &html[i..];
        let Some(tag_end) = markup_end(rest) else {
            // Plain text up to the next '<' (or the end), copied as is.
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let next = rest[first..].find('<').map_or(rest.len(), |p| p + first);
            out.push_str(&rest[..next]);
            chars_before += rest[..next].chars().count();
            i += next;
            continue;
        };
        let (end, unclosed) = match tag_end {
            End::At(e) => (e, None),
            End::Unclosed(what) => (rest.len(), Some(what)),
        };
        let markup = &rest[..end];
        let name = tag_name(markup);
        let block = BLOCK.contains(&name.as_str());
        let mut n = markup.chars().count();
        if let Some(what) = unclosed {
            notes.push((
                chars_before,
                format!("unclosed {what}: blanked to the end of the input"),
            ));
        }
        // A block tag ends a paragraph: its last two characters become
        // newlines (a one-character tag cannot exist: "<>" is text).
        let newlines = if block { 2.min(n) } else { 0 };
        n -= newlines;
        out.extend(std::iter::repeat_n(' ', n));
        out.extend(std::iter::repeat_n('\n', newlines));
        chars_before += markup.chars().count();
        i += end;
    }
    Masked { text: out, notes }
}

/// Where markup starting at the beginning of `s` ends.
enum End {
    /// Byte offset one past its end.
    At(usize),
    /// It runs to the end of the input; the string names what was open.
    Unclosed(&'static str),
}

/// Longest tag read as markup, in bytes; a longer "tag" (an unclosed
/// attribute quote, say) is text. Keeps the scan linear on hostile input.
const MAX_TAG: usize = 4096;

/// If `s` starts with markup, where it ends; `None` when the `<` is text.
fn markup_end(s: &str) -> Option<End> {
    let b = s.as_bytes();
    if b.first() != Some(&b'<') {
        return None;
    }
    if let Some(body) = s.strip_prefix("<!--") {
        return Some(match body.find("-->") {
            Some(p) => End::At(4 + p + 3),
            None => End::Unclosed("comment"),
        });
    }
    let second = *b.get(1)?;
    if !(second.is_ascii_alphabetic() || second == b'/' || second == b'!' || second == b'?') {
        return None;
    }
    // The tag itself; quoted attribute values may hold '>'.
    let mut quote = None;
    let mut end = None;
    for (k, &c) in b.iter().enumerate().skip(1).take(MAX_TAG) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => {
                end = Some(k + 1);
                break;
            }
            // A new tag starts before this one closed: this '<' was text.
            (None, b'<') => return None,
            _ => {}
        }
    }
    // A tag never closed is text ("<b" at the very end of a page).
    let end = end?;
    let name = tag_name(&s[..end]);
    if (name == "script" || name == "style") && !s[..end].ends_with("/>") {
        let close = if name == "script" {
            "</script"
        } else {
            "</style"
        };
        let body = &s[end..];
        return Some(match find_ascii_ci(body, close) {
            Some(p) => {
                let after = &body[p..];
                let gt = after.find('>').map_or(after.len(), |g| g + 1);
                End::At(end + p + gt)
            }
            None if name == "script" => End::Unclosed("<script>"),
            None => End::Unclosed("<style>"),
        });
    }
    Some(End::At(end))
}

/// Lower-cased element name of a tag ("p" for `<P class=x>` and `</p>`).
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Byte offset of `needle` (ASCII, lower case) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&k| h[k] == n[0] && h[k..k + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_blanked_character_for_character() {
        let cases: &[(&str, &str)] = &[
            ("<b>Kyiv</b> said", "   Kyiv     said"),
            ("a < b and c > d", "a < b and c > d"),
            ("I <3 peace", "I <3 peace"),
            ("x<!-- note -->y", "x             y"),
            ("<p>One.</p><p>Two.</p>", " \n\nOne.  \n\n \n\nTwo.  \n\n"),
            ("<a href=\"x>y\">Zelensky</a>", "              Zelensky    "),
            (
                "<script>var a = '<b>';</script>Text",
                &format!("{}Text", " ".repeat(31)),
            ),
            ("Tail <b", "Tail <b"),
            ("é<i>ü</i>", "é   ü    "),
            ("<BR>Line", "  \n\nLine"),
        ];
        for &(html, want) in cases {
            let m = mask_html(html);
            assert_eq!(m.text, want, "{html:?}");
            assert_eq!(m.text.chars().count(), html.chars().count(), "{html:?}");
            assert!(m.notes.is_empty(), "{html:?}");
        }
    }

    #[test]
    fn unclosed_blocks_are_reported_not_silently_lost() {
        for (html, what) in [
            ("Text <!-- never closed", "comment"),
            ("Text <script>alert(1)", "<script>"),
            ("Text <STYLE>p{}", "<style>"),
        ] {
            let m = mask_html(html);
            assert!(m.text.starts_with("Text "), "{html:?}");
            assert_eq!(m.text.chars().count(), html.chars().count());
            assert_eq!(m.notes.len(), 1, "{html:?}");
            assert_eq!(m.notes[0].0, 5);
            assert!(m.notes[0].1.contains(what), "{:?}", m.notes);
        }
    }

    #[test]
    fn hostile_markup_stays_linear_and_lossless() {
        let html = "<a href=\"x ".repeat(20_000) + "é<b>";
        let m = mask_html(&html);
        assert_eq!(m.text.chars().count(), html.chars().count());
        assert!(m.text.starts_with("<a href"), "an unclosed tag is text");
    }

    #[test]
    fn offsets_of_text_survive() {
        let html = "<html><body><h1>Talks</h1><p>“Peace,” Zelensky said.</p></body></html>";
        let m = mask_html(html);
        for word in ["Talks", "“Peace,”", "Zelensky"] {
            let c_html = html[..html.find(word).unwrap()].chars().count();
            let c_mask = m.text[..m.text.find(word).unwrap()].chars().count();
            assert_eq!(c_html, c_mask, "{word}");
        }
    }
}
