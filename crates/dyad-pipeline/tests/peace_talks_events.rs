//! The events the brief asks for in the motivating article
//! (`../shared/examples/peace-talks.txt`, published Thursday 2025-02-13, read
//! at run time, never copied), each with its source and target countries,
//! through the whole standard pipeline.

use std::collections::BTreeSet;

use crate::common;

use dyad_doc::{Doc, Event, Factuality};

fn processed() -> Option<Doc> {
    common::peace_talks()
}

fn countries(doc: &Doc, ids: &[usize]) -> BTreeSet<String> {
    ids.iter()
        .filter_map(|&a| doc.actors[a].country.clone())
        .collect()
}

/// One expected event: a trigger word in the sentence holding `context`
/// (empty: any), its PLOVER type (empty: any), the countries among its sources and targets (all listed
/// ones must be there), and optionally its factuality and date.
struct Want {
    context: &'static str,
    trigger: &'static str,
    plover: &'static str,
    source: &'static [&'static str],
    target: &'static [&'static str],
    factuality: Option<Factuality>,
    date: Option<&'static str>,
}

const fn want(
    context: &'static str,
    trigger: &'static str,
    plover: &'static str,
    source: &'static [&'static str],
    target: &'static [&'static str],
) -> Want {
    Want {
        context,
        trigger,
        plover,
        source,
        target,
        factuality: None,
        date: None,
    }
}

fn check(doc: &Doc, w: &Want) -> Result<(), String> {
    let at = doc
        .text()
        .find(w.context)
        .ok_or_else(|| format!("context {:?} not in the article", w.context))?;
    let sentence = doc
        .sentences
        .iter()
        .position(|s| s.span.start() <= at && at < s.span.end())
        .ok_or("context outside every sentence")?;
    let here: Vec<&Event> = doc
        .events
        .iter()
        .filter(|e| e.sentence == sentence && doc.slice(e.trigger).contains(w.trigger))
        .collect();
    let describe = |e: &Event| {
        format!(
            "{} {} {:?}->{:?} {:?} {:?}",
            doc.slice(e.trigger),
            e.plover.kind,
            countries(doc, &e.source),
            countries(doc, &e.target),
            e.factuality,
            e.date
        )
    };
    let ok = |e: &&Event| {
        let (src, tgt) = (countries(doc, &e.source), countries(doc, &e.target));
        (w.plover.is_empty() || e.plover.kind == w.plover)
            && w.source.iter().all(|c| src.contains(*c))
            && w.target.iter().all(|c| tgt.contains(*c))
            && w.factuality.is_none_or(|f| e.factuality == f)
            && w.date.is_none_or(|d| e.date.as_deref() == Some(d))
    };
    if here.iter().any(ok) {
        Ok(())
    } else {
        Err(format!(
            "{:?} in {:?}: want {} {:?}->{:?} {:?} {:?}; have [{}]",
            w.trigger,
            w.context,
            w.plover,
            w.source,
            w.target,
            w.factuality,
            w.date,
            here.iter()
                .map(|e| describe(e))
                .collect::<Vec<_>>()
                .join("; ")
        ))
    }
}

#[test]
fn the_events_of_the_peace_talks_article() {
    let Some(doc) = processed() else { return };
    let cases = [
        // The Trump–Putin call, on Wednesday.
        Want {
            date: Some("2025-02-12"),
            ..want(
                "phone conversation with Vladimir Putin",
                "phone conversation",
                "CONSULT",
                &["USA"],
                &["RUS"],
            )
        },
        // The agreement to start talks (the talks themselves are planned).
        want(
            "agreed to have our respective",
            "agreed",
            "AGREE",
            &["USA", "RUS"],
            &[],
        ),
        Want {
            factuality: Some(Factuality::Planned),
            ..want("commence talks immediately", "talks", "AGREE", &[], &[])
        },
        // The invitations to the capitals and to Moscow.
        want("invited each other", "invited", "AGREE", &["USA"], &[]),
        want(
            "invited Trump to visit Moscow",
            "invited",
            "AGREE",
            &["RUS"],
            &["USA"],
        ),
        // Zelensky's call with Trump.
        want(
            "confirmed he had spoken with Trump",
            "spoken",
            "CONSULT",
            &["UKR"],
            &["USA"],
        ),
        // The planned meeting in Munich on Friday.
        Want {
            factuality: Some(Factuality::Planned),
            date: Some("2025-02-14"),
            ..want(
                "he would meet Vice President",
                "meet",
                "AGREE",
                &["UKR"],
                &["USA"],
            )
        },
        // Zelensky's meeting with Bessent, who is in Kyiv.
        want(
            "had also met US Treasury Secretary",
            "met",
            "CONSULT",
            &["UKR"],
            &["USA"],
        ),
        // The meeting to be convened in Saudi Arabia: planned, so PLOVER codes
        // it as an agreement to meet (as it does the Munich meeting).
        Want {
            factuality: Some(Factuality::Planned),
            ..want(
                "direct meeting with Putin",
                "meeting",
                "AGREE",
                &["USA"],
                &["RUS"],
            )
        },
        // The proposed territory exchange: Zelensky's proposal, not yet done.
        Want {
            factuality: Some(Factuality::Hypothetical),
            ..want("could be exchanged for", "exchanged", "", &["UKR"], &[])
        },
        // The war history.
        Want {
            date: Some("2014"),
            ..want(
                "Moscow annexed the Black Sea",
                "annexed",
                "ASSAULT",
                &["RUS"],
                &["UKR"],
            )
        },
        Want {
            factuality: Some(Factuality::Asserted),
            ..want(
                "launched an invasion of Ukraine",
                "invasion",
                "ASSAULT",
                &["RUS"],
                &["UKR"],
            )
        },
        want(
            "troops have occupied roughly",
            "occupied",
            "ASSAULT",
            &["RUS"],
            &["UKR"],
        ),
        want(
            "conducted aerial bombardments",
            "bombardments",
            "ASSAULT",
            &["RUS"],
            &["UKR"],
        ),
        want(
            "retaliated with artillery",
            "drone assaults",
            "ASSAULT",
            &["UKR"],
            &["RUS"],
        ),
        want(
            "ground campaign against Russia",
            "ground campaign",
            "ASSAULT",
            &["UKR"],
            &["RUS"],
        ),
        // Hegseth's rejection of NATO accession: the agentless "rejection"
        // takes the actor whose statements the sentences before discuss.
        want(
            "There was a rejection of NATO membership",
            "rejection",
            "REJECT",
            &["USA"],
            &[],
        ),
        want(
            "11 years of hostilities",
            "hostilities",
            "ASSAULT",
            &["RUS"],
            &["UKR"],
        ),
    ];
    let failures: Vec<String> = cases.iter().filter_map(|w| check(&doc, w).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Hypotheticals are not coded as asserted events: "Ukraine was unlikely to
/// become a NATO member", "Ukraine's accession … was improbable".
#[test]
fn unlikely_membership_is_not_an_asserted_event() {
    let Some(doc) = processed() else { return };
    for context in [
        "unlikely to become a NATO member",
        "accession to the military alliance",
    ] {
        let at = doc.text().find(context).unwrap();
        for e in &doc.events {
            let s = doc.sentences[e.sentence].span;
            if s.start() <= at && at < s.end() && doc.slice(e.trigger).contains("accession")
                || doc.slice(e.trigger) == "become"
            {
                assert!(
                    !matches!(e.factuality, Factuality::Asserted | Factuality::Reported),
                    "{context}: {:?} is {:?}",
                    doc.slice(e.trigger),
                    e.factuality
                );
            }
        }
    }
}
