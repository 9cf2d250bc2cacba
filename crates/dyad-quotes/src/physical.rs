//! Physical attacks read as verbal ones.
//!
//! PolNeAR, written on political news, counts a verbal attack as an
//! attribution ("Trump attacked Fiorina": cue *attacked*, content
//! *Fiorina*), and the learned cue pass follows it. In war reporting the
//! same verbs name strikes: "Russia attacked Ukraine overnight" is an
//! event, not something Russia said. [`drop_physical`] removes the
//! attributions whose cue is such a verb and whose content is a place (its
//! first words are a country, city, region or facility), where a verbal
//! reading is rare: people, parties, plans and remarks are what get
//! attacked in words ("Washington's silence" is not a place).
//! Likewise [`drop_armed_support`] removes material support of armed groups
//! ("Moscow supported pro-Russian insurgents"), where PolNeAR's support
//! for a policy or candidate is an attitude.

use dyad_doc::{Entity, EntityLabel, Quote};

/// Verbs that name a physical act at least as often as a verbal one in
/// news (their inflections are listed: the cue's last word is compared).
const PHYSICAL: &[&str] = &[
    "attack",
    "attacked",
    "attacking",
    "attacks",
    "bomb",
    "bombed",
    "bombing",
    "bombs",
    "hit",
    "hits",
    "hitting",
    "invade",
    "invaded",
    "invades",
    "invading",
    "raid",
    "raided",
    "raiding",
    "raids",
    "shell",
    "shelled",
    "shelling",
    "shells",
    "strike",
    "strikes",
    "striking",
    "struck",
    "target",
    "targeted",
    "targeting",
    "targets",
];

/// Words that may stand before the place in the content ("the", "parts
/// of").
const BEFORE_PLACE: &[&str] = &[
    "the", "parts", "part", "of", "eastern", "western", "northern", "southern",
];

/// Remove from `quotes` the attributions of `text` whose cue ends in a
/// [`PHYSICAL`] verb and whose content starts with a place entity
/// (`entities` sorted by start, as the entity stage gives them).
pub fn drop_physical(quotes: &mut Vec<Quote>, text: &str, entities: &[Entity]) {
    quotes.retain(|q| !physical(q, text, entities));
}

/// Whether `q` is a physical attack on a place (see [`drop_physical`]).
fn physical(q: &Quote, text: &str, entities: &[Entity]) -> bool {
    let Some(cue) = q.cue.last() else {
        return false;
    };
    let last = cue.slice(text).split_whitespace().last().unwrap_or("");
    if !PHYSICAL.iter().any(|v| v.eq_ignore_ascii_case(last)) {
        return false;
    }
    let Some(content) = q.content.first() else {
        return false;
    };
    // The content's first word that is not a lead-in word.
    let mut at = content.start();
    for w in content.slice(text).split_whitespace() {
        if !BEFORE_PLACE.iter().any(|b| b.eq_ignore_ascii_case(w)) {
            break;
        }
        at += w.len();
        at += text[at..].len() - text[at..].trim_start().len();
    }
    let i = entities.partition_point(|e| e.span.end() <= at);
    entities.get(i).is_some_and(|e| {
        let after = &text[e.span.end()..];
        e.span.start() == at
            && e.span.end() <= content.end()
            && matches!(e.label, EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac)
            // "Washington's silence", "the United States' neighbor": the
            // place only qualifies the object.
            && !(after.starts_with('\'') || after.starts_with('’'))
    })
}

/// Verbs of material support (their inflections: the cue's last word is
/// compared). PolNeAR counts support for a policy or a candidate as an
/// attitude ("three-quarters support a temporary ban"); support given to
/// armed groups is an act.
const SUPPORT: &[&str] = &[
    "arm",
    "armed",
    "arming",
    "arms",
    "back",
    "backed",
    "backing",
    "backs",
    "equipped",
    "financed",
    "financing",
    "funded",
    "funding",
    "funds",
    "supplied",
    "support",
    "supported",
    "supporting",
    "supports",
];

/// Armed groups that get material support in war reporting (plural and
/// singular).
const ARMED: &[&str] = &[
    "fighters",
    "guerrillas",
    "insurgent",
    "insurgents",
    "militants",
    "militia",
    "militias",
    "paramilitaries",
    "proxies",
    "rebel",
    "rebels",
    "separatist",
    "separatists",
];

/// Words that may stand before the armed group in the content ("the",
/// "their"); besides these, capitalised or hyphenated modifiers
/// ("pro-Russian", "Kurdish") are passed over.
const BEFORE_ARMED: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "local", "armed",
];

/// Remove from `quotes` the attributions of `text` whose cue ends in a
/// verb of material support ([`SUPPORT`]) and whose content opens with an
/// armed group, after at most two modifiers ("Moscow … supported
/// pro-Russian insurgents in eastern Ukraine": an act, not an attitude;
/// "support deploying ground forces" is kept: the gerund is a policy).
pub fn drop_armed_support(quotes: &mut Vec<Quote>, text: &str) {
    quotes.retain(|q| !armed_support(q, text));
}

/// Whether `q` is material support of an armed group (see
/// [`drop_armed_support`]).
fn armed_support(q: &Quote, text: &str) -> bool {
    let (Some(cue), Some(content)) = (q.cue.last(), q.content.first()) else {
        return false;
    };
    let last = cue.slice(text).split_whitespace().last().unwrap_or("");
    if !SUPPORT.iter().any(|v| v.eq_ignore_ascii_case(last)) {
        return false;
    }
    for w in content.slice(text).split_whitespace().take(3) {
        let w = w.trim_end_matches([',', '.', ';']);
        if ARMED.iter().any(|a| a.eq_ignore_ascii_case(w)) {
            return true;
        }
        let modifier = BEFORE_ARMED.iter().any(|b| b.eq_ignore_ascii_case(w))
            || w.contains('-')
            || w.chars().next().is_some_and(char::is_uppercase);
        if !modifier {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::{QuoteKind, Span};

    fn span(text: &str, part: &str) -> Span {
        let start = text.find(part).expect("part of the text");
        Span::new(text, start, start + part.len()).expect("span")
    }

    /// An indirect quote of `text` whose source is the first word.
    fn quote(text: &str, cue: &str, content: &str) -> Quote {
        Quote {
            kind: QuoteKind::Indirect,
            content: vec![span(text, content)],
            cue: vec![span(text, cue)],
            source: vec![span(text, text.split(' ').next().unwrap())],
            speaker: None,
            sentence: 0,
        }
    }

    /// Text, cue, content, the entity in the content, and whether the
    /// attribution is dropped.
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<(&'a str, EntityLabel)>,
        bool,
    );

    #[test]
    fn attacks_on_places_are_dropped_attacks_on_people_kept() {
        let cases: &[Case] = &[
            (
                "Russia attacked Ukraine overnight.",
                "attacked",
                "Ukraine",
                Some(("Ukraine", EntityLabel::Gpe)),
                true,
            ),
            (
                "Israel struck the Gaza Strip again.",
                "struck",
                "the Gaza Strip",
                Some(("Gaza Strip", EntityLabel::Loc)),
                true,
            ),
            (
                "Drones have hit parts of Kyiv.",
                "have hit",
                "parts of Kyiv",
                Some(("Kyiv", EntityLabel::Gpe)),
                true,
            ),
            (
                "Trump attacked Fiorina on Tuesday.",
                "attacked",
                "Fiorina",
                Some(("Fiorina", EntityLabel::Person)),
                false,
            ),
            (
                "Clinton attacked the plan as reckless.",
                "attacked",
                "the plan as reckless",
                None,
                false,
            ),
            (
                "He said Ukraine would not give up.",
                "said",
                "Ukraine would not give up",
                Some(("Ukraine", EntityLabel::Gpe)),
                false,
            ),
            (
                "Critics attacked Washington's silence.",
                "attacked",
                "Washington's silence",
                Some(("Washington", EntityLabel::Gpe)),
                false,
            ),
        ];
        for &(text, cue, content, ent, dropped) in cases {
            let mut entities = Vec::new();
            if let Some((e, label)) = ent {
                entities.push(Entity {
                    span: span(text, e),
                    label,
                });
            }
            let mut quotes = vec![quote(text, cue, content)];
            drop_physical(&mut quotes, text, &entities);
            assert_eq!(quotes.is_empty(), dropped, "{text}");
        }
    }

    #[test]
    fn material_support_of_armed_groups_is_dropped_support_for_policies_kept() {
        // (text, cue, content, dropped)
        let cases = [
            (
                "Moscow supported pro-Russian insurgents in eastern Ukraine.",
                "supported",
                "pro-Russian insurgents in eastern Ukraine",
                true,
            ),
            (
                "Iran has armed the Houthi rebels.",
                "has armed",
                "the Houthi rebels",
                true,
            ),
            (
                "Washington backed Kurdish fighters.",
                "backed",
                "Kurdish fighters",
                true,
            ),
            (
                "About three-quarters support a temporary ban on Muslims.",
                "support",
                "a temporary ban on Muslims",
                false,
            ),
            (
                "Most support deploying ground forces.",
                "support",
                "deploying ground forces",
                false,
            ),
            (
                "He supports keeping troops there now.",
                "supports",
                "keeping troops there now",
                false,
            ),
            (
                "They said rebels had fled.",
                "said",
                "rebels had fled",
                false,
            ),
        ];
        for (text, cue, content, dropped) in cases {
            let mut quotes = vec![quote(text, cue, content)];
            drop_armed_support(&mut quotes, text);
            assert_eq!(quotes.is_empty(), dropped, "{text}");
        }
    }
}
