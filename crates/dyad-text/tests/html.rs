//! Property tests of HTML masking: any input keeps its character count, and
//! every character outside markup is kept as written.

use proptest::prelude::*;

/// Strings built from HTML-ish pieces, so tags, comments and scripts
/// (closed or not) actually occur.
fn htmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<a href=\"".to_string()),
        Just(">".to_string()),
        Just("<".to_string()),
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn masking_keeps_every_offset(html in htmlish()) {
        let m = dyad_text::mask_html(&html);
        prop_assert_eq!(m.text.chars().count(), html.chars().count());
        for (a, b) in html.chars().zip(m.text.chars()) {
            // A character is either kept or blanked.
            prop_assert!(a == b || b == ' ' || b == '\n', "{:?} -> {:?}", a, b);
        }
    }

    #[test]
    fn text_without_markup_is_unchanged(text in "[^<]{0,200}") {
        prop_assert_eq!(dyad_text::mask_html(&text).text, text);
    }
}
