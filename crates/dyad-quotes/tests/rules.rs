//! The assembly rules of `dyad_quotes::rules` on the pipeline's parse of
//! hand-written sentences: each table lists constructions a rule handles
//! and look-alikes it must leave alone. The quotes given to a rule are
//! written by hand (not the model's), so the tables test the rule alone.

use dyad_doc::{Doc, Layer, LayerSet, Meta, Quote, QuoteKind, Span};
use dyad_quotes::extract::Analysis;
use dyad_quotes::rules;

/// The stage's analysis of `text` with the pipeline's parse.
fn analysed(text: &str) -> Analysis {
    let mut doc = Doc::new(text, Meta::default());
    let p = dyad_pipeline::until(LayerSet::of(&[Layer::Heads])).expect("pipeline builds");
    p.run(&mut doc).expect("runs");
    Analysis::with_tokens(text, &doc.tokens)
}

/// The span of the first occurrence of `needle` (empty needle: none).
fn at(text: &str, needle: &str) -> Vec<Span> {
    if needle.is_empty() {
        return Vec::new();
    }
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    vec![Span::from_trusted(i, i + needle.len())]
}

fn quote(text: &str, source: &str, cue: &str, content: &str, kind: QuoteKind) -> Quote {
    Quote {
        kind,
        content: at(text, content),
        cue: at(text, cue),
        source: at(text, source),
        speaker: None,
        sentence: 0,
    }
}

fn join(text: &str, spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| s.slice(text))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn subject_sources() {
    // (text, cue, content, source before, source expected after)
    let cases = [
        // adverbial participle: the subject of the verb it hangs on
        (
            "Reid attacked the plan on Monday, claiming that he had a source.",
            "claiming",
            "that he had a source",
            "",
            "Reid",
        ),
        // conjoined verb
        (
            "The senator praised the deal and added that it was fair.",
            "added",
            "that it was fair",
            "",
            "The senator",
        ),
        // open complement
        (
            "Trump avoids condemning Russia's invasion of Ukraine.",
            "condemning",
            "Russia's invasion of Ukraine",
            "",
            "Trump",
        ),
        // look-alike: passive, no source in PolNeAR
        (
            "He was accused of lying about the deal.",
            "accused",
            "lying about the deal",
            "",
            "",
        ),
        // look-alike: adverbial past participle (passive in sense)
        (
            "Asked about the deal, the minister said it was fair.",
            "Asked",
            "about the deal",
            "",
            "",
        ),
        // look-alike: a verb with a subject of its own
        (
            "Critics said the plan would fail, and the minister argued that it was fair.",
            "argued",
            "that it was fair",
            "",
            "",
        ),
        // look-alike: a source already found is kept
        (
            "Reid attacked the plan on Monday, claiming that he had a source.",
            "claiming",
            "that he had a source",
            "the plan",
            "the plan",
        ),
    ];
    for (text, cue, content, before, want) in cases {
        let an = analysed(text);
        let mut qs = vec![quote(text, before, cue, content, QuoteKind::Indirect)];
        rules::subject_sources(&an, &mut qs);
        assert_eq!(join(text, &qs[0].source), want, "{text}");
    }
}

#[test]
fn later_quotations() {
    // (text, cue, source, content, expected content after)
    let cases = [
        // a later quotation of the paragraph continues the quote
        (
            "“It is time,” Trump said at a rally in Ohio. “We will win.”",
            "said",
            "Trump",
            "“It is time,”",
            "“It is time,” | “We will win.”",
        ),
        (
            "“It is time,” she said of the election, in which she voted. “In my head, anyway.”",
            "said",
            "she",
            "“It is time,”",
            "“It is time,” | “In my head, anyway.”",
        ),
        // look-alike: another attribution's cue in the quotation's sentence
        (
            "“It is time,” Trump said. “We will lose,” Clinton said.",
            "said",
            "Trump",
            "“It is time,”",
            "“It is time,”",
        ),
        // look-alike: the quotation is in the next paragraph
        (
            "“It is time,” Trump said.\n\n“We will win.”",
            "said",
            "Trump",
            "“It is time,”",
            "“It is time,”",
        ),
        // look-alike: the content follows the cue (indirect speech first)
        (
            "Trump said “it is time” to act. “We will win.”",
            "said",
            "Trump",
            "“it is time”",
            "“it is time”",
        ),
    ];
    for (text, cue, source, content, want) in cases {
        let an = analysed(text);
        let mut qs = vec![quote(text, source, cue, content, QuoteKind::Direct)];
        // the second attribution of the look-alike with two speakers
        if let Some(i) = text.find("Clinton said") {
            let c = Span::from_trusted(i + 8, i + 12);
            let w = text.find("“We will lose,”").expect("content");
            qs.push(Quote {
                kind: QuoteKind::Direct,
                content: vec![Span::from_trusted(w, w + "“We will lose,”".len())],
                cue: vec![c],
                source: at(text, "Clinton"),
                speaker: None,
                sentence: 0,
            });
        }
        rules::later_quotations(&an, &mut qs);
        assert_eq!(join(text, &qs[0].content), want, "{text}");
    }
}

/// A participle hanging on the cue (`said, referring to …`) has its own
/// attribution but does not keep the next quotation from the quote; a
/// cue of another sentence's speaker does.
#[test]
fn later_quotations_past_a_subordinate_cue() {
    // (text, the second cue and its content, expected content after)
    let cases = [
        (
            "“We remain open to talks,” he said, referring to the North. “Sadly, it chose another path.”",
            ("referring", "the North"),
            "“We remain open to talks,” | “Sadly, it chose another path.”",
        ),
        (
            "“We remain open to talks,” he said. Kim replied to the offer. “Sadly, it chose another path.”",
            ("replied", "to the offer"),
            "“We remain open to talks,”",
        ),
    ];
    for (text, (cue2, content2), want) in cases {
        let an = analysed(text);
        let first = "“We remain open to talks,”";
        let mut qs = vec![
            quote(text, "he", "said", first, QuoteKind::Direct),
            quote(text, "", cue2, content2, QuoteKind::Indirect),
        ];
        rules::later_quotations(&an, &mut qs);
        assert_eq!(join(text, &qs[0].content), want, "{text}");
    }
}

/// A content that opens a quotation runs on to its closing mark, unless
/// another attribution holds the rest.
#[test]
fn open_quotations() {
    // (text, content given, expected content after)
    let cases = [
        (
            "Trump declared “I think NATO may be obsolete. Things are different now.”",
            "“",
            "“I think NATO may be obsolete. Things are different now.”",
        ),
        (
            "He called Kaine “a little desperate. He did not wait his turn.”",
            "Kaine “a little desperate.",
            "Kaine “a little desperate. He did not wait his turn.”",
        ),
        // look-alike: the quotation closes in the next paragraph
        (
            "He called Kaine “a little desperate.\n“He did not wait his turn.”",
            "Kaine “a little desperate.",
            "Kaine “a little desperate.",
        ),
    ];
    for (text, content, want) in cases {
        let an = analysed(text);
        let cue = if text.contains("declared") {
            "declared"
        } else {
            "called"
        };
        let mut qs = vec![quote(text, "", cue, content, QuoteKind::Mixed)];
        rules::open_quotations(&an, text, &mut qs);
        assert_eq!(join(text, &qs[0].content), want, "{text}");
    }
    // the mark alone became a direct quote
    let text = cases[0].0;
    let an = analysed(text);
    let mut qs = vec![quote(text, "Trump", "declared", "“", QuoteKind::Mixed)];
    rules::open_quotations(&an, text, &mut qs);
    assert_eq!(qs[0].kind, QuoteKind::Direct);
    // look-alike: another attribution holds the rest of the quotation
    let text = "He called Kaine “a little desperate. He did not wait his turn.”";
    let an = analysed(text);
    let mut qs = vec![
        quote(
            text,
            "He",
            "called",
            "Kaine “a little desperate.",
            QuoteKind::Mixed,
        ),
        quote(text, "", "wait", "his turn", QuoteKind::Indirect),
    ];
    rules::open_quotations(&an, text, &mut qs);
    assert_eq!(join(text, &qs[0].content), "Kaine “a little desperate.");
}

/// Runs a source rule on each `(text, source given, expected source)`.
fn check_sources(cases: &[(&str, &str, &str)], rule: fn(&Analysis, &mut [Quote])) {
    for &(text, source, want) in cases {
        let an = analysed(text);
        let mut qs = vec![quote(text, source, "", "", QuoteKind::Indirect)];
        rule(&an, &mut qs);
        assert_eq!(join(text, &qs[0].source), want, "{text}");
    }
}

#[test]
fn source_weekdays() {
    // (text, source given, expected source after)
    let cases = [
        (
            "David Axelrod on Wednesday called on Dean to apologize.",
            "David Axelrod on Wednesday",
            "David Axelrod",
        ),
        (
            "The Times on Saturday wrote that Trump had claimed a loss.",
            "The Times on Saturday",
            "The Times",
        ),
        // look-alikes: a weekday that is not `on <day>`, a source that is
        // nothing else
        (
            "A poll released Friday showed that he led.",
            "A poll released Friday",
            "A poll released Friday",
        ),
        ("On Monday said that he led.", "On Monday", "On Monday"),
    ];
    check_sources(&cases, rules::source_weekdays);
}

#[test]
fn determiner_sources() {
    // (text, source given, expected source after)
    let cases = [
        (
            "There was an assertion that Ukraine could not win.",
            "an",
            "",
        ),
        ("It is a claim that he lied.", "a", ""),
        // look-alikes: a pronoun, a noun phrase, a transcript speaker
        ("Some say that he lied.", "Some", "Some"),
        ("That suggests he lied.", "That", "That"),
        ("The senator said he lied.", "The senator", "The senator"),
        ("A: I think he lied.", "A", "A"),
    ];
    check_sources(&cases, rules::determiner_sources);
}

#[test]
fn source_auxiliaries() {
    // (text, source given, expected source after)
    let cases = [
        (
            "Silicon Valley technophiles will argue that it works.",
            "Silicon Valley technophiles will",
            "Silicon Valley technophiles",
        ),
        (
            "The actress has said that she will vote.",
            "The actress has",
            "The actress",
        ),
        // two tokens
        ("He's said that it works.", "He's", "He"),
        // look-alikes: a source that is the auxiliary's subject alone, a
        // verb that is not an auxiliary, one token
        (
            "The actress has said that she will vote.",
            "The actress",
            "The actress",
        ),
        (
            "A poll released Friday showed that he led.",
            "A poll released",
            "A poll released",
        ),
        ("She has said that it works.", "She", "She"),
    ];
    check_sources(&cases, rules::source_auxiliaries);
}

#[test]
fn source_relative_pronouns() {
    // (text, source given, expected source after)
    let cases = [
        // an object pronoun leaves the source
        (
            "It was a ruling which critics called unfair.",
            "which critics",
            "critics",
        ),
        // a subject pronoun stays alone
        (
            "Clinton, who last year said that she would run, won.",
            "who last year",
            "who",
        ),
        // look-alikes: a determiner, a relative clause as the source, a
        // noun phrase
        (
            "Which candidate said that he would win?",
            "Which candidate",
            "Which candidate",
        ),
        (
            "Voters who backed him said that he won.",
            "who backed him",
            "who backed him",
        ),
        (
            "The senator said that he won.",
            "The senator",
            "The senator",
        ),
    ];
    check_sources(&cases, rules::source_relative_pronouns);
}

#[test]
fn source_adverbs() {
    // (text, source given, expected source after)
    let cases = [
        (
            "Even Rendell, a Clinton supporter, said that she erred.",
            "Even Rendell, a Clinton supporter,",
            "Rendell, a Clinton supporter,",
        ),
        (
            "Then the senator said that he won.",
            "Then the senator",
            "the senator",
        ),
        // an adverb of the verb at the end
        (
            "The star then said that he won.",
            "The star then",
            "The star",
        ),
        // look-alikes: `only` stays, an adjective, one token, an adverb
        // not in the lists
        (
            "Only the senator said that he won.",
            "Only the senator",
            "Only the senator",
        ),
        (
            "Former senators said that he won.",
            "Former senators",
            "Former senators",
        ),
        ("Even said that he won.", "Even", "Even"),
        (
            "People everywhere said that he won.",
            "People everywhere",
            "People everywhere",
        ),
    ];
    check_sources(&cases, rules::source_adverbs);
}

#[test]
fn cue_auxiliaries() {
    // (text, source, cue given, content, expected cue)
    let cases = [
        (
            "The governor has repeatedly asked for more money.",
            "The governor",
            "repeatedly asked for",
            "more money",
            "has repeatedly asked for",
        ),
        (
            "Trump has endorsed the plan.",
            "Trump",
            "endorsed",
            "the plan",
            "has endorsed",
        ),
        // look-alikes: an auxiliary already in the cue, none before the
        // cue, an auxiliary inside the source
        (
            "Trump has endorsed the plan.",
            "Trump",
            "has endorsed",
            "the plan",
            "has endorsed",
        ),
        (
            "Trump endorsed the plan.",
            "Trump",
            "endorsed",
            "the plan",
            "endorsed",
        ),
        (
            "Trump has endorsed the plan.",
            "Trump has",
            "endorsed",
            "the plan",
            "endorsed",
        ),
    ];
    for (text, source, cue, content, want) in cases {
        let an = analysed(text);
        let mut qs = vec![quote(text, source, cue, content, QuoteKind::Indirect)];
        rules::cue_auxiliaries(&an, &mut qs);
        assert_eq!(join(text, &qs[0].cue), want, "{text}");
    }
}

/// `X said A and warned B` is two attributions; look-alikes: a base form
/// after `and`, a verb inside a quotation.
#[test]
fn conjoined_cues() {
    // (text, source, cue, content, expected (source, cue, content) rows)
    type Row = (&'static str, &'static str, &'static str);
    let cases: [(&str, &str, &str, &str, &[Row]); 4] = [
        (
            "China said it was opposed to the test and warned North Korea to refrain from further actions.",
            "China",
            "said",
            "it was opposed to the test and warned North Korea to refrain from further actions",
            &[
                ("China", "said", "it was opposed to the test"),
                (
                    "China",
                    "warned",
                    "North Korea to refrain from further actions",
                ),
            ],
        ),
        (
            "Obama emphasized that the reforms were not complete, and rights groups warned that the army kept its power.",
            "Obama",
            "emphasized",
            "that the reforms were not complete, and rights groups warned that the army kept its power",
            &[
                ("Obama", "emphasized", "that the reforms were not complete"),
                ("rights groups", "warned", "that the army kept its power"),
            ],
        ),
        (
            "Kasich says he would sit Putin down and tell him to stop.",
            "Kasich",
            "says",
            "he would sit Putin down and tell him to stop",
            &[(
                "Kasich",
                "says",
                "he would sit Putin down and tell him to stop",
            )],
        ),
        (
            "Ditto said the campaign would keep “calling out bias and warned everyone about it.”",
            "Ditto",
            "said",
            "the campaign would keep “calling out bias and warned everyone about it.”",
            &[(
                "Ditto",
                "said",
                "the campaign would keep “calling out bias and warned everyone about it.”",
            )],
        ),
    ];
    for (text, source, cue, content, want) in cases {
        let an = analysed(text);
        let mut qs = vec![quote(text, source, cue, content, QuoteKind::Indirect)];
        rules::conjoined_cues(&an, text, &mut qs);
        let got: Vec<(String, String, String)> = qs
            .iter()
            .map(|q| {
                (
                    join(text, &q.source),
                    join(text, &q.cue),
                    join(text, &q.content),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(s, c, n)| (s.to_string(), c.to_string(), n.to_string()))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn cue_prepositions() {
    // (text, cue, content, expected cue, expected content)
    let cases = [
        (
            "The group called for higher taxes on the rich.",
            "called",
            "for higher taxes on the rich",
            "called for",
            "higher taxes on the rich",
        ),
        (
            "She pointed to reports that he had lied.",
            "pointed",
            "to reports that he had lied",
            "pointed to",
            "reports that he had lied",
        ),
        (
            "The minister warned of the dangers of a trade war.",
            "warned",
            "of the dangers of a trade war",
            "warned of",
            "the dangers of a trade war",
        ),
        (
            "The senator railed against the trade deal.",
            "railed",
            "against the trade deal",
            "railed against",
            "the trade deal",
        ),
        // look-alike: infinitive `to`
        (
            "Clinton wants to sign up five million people.",
            "wants",
            "to sign up five million people",
            "wants",
            "to sign up five million people",
        ),
        // look-alike: a preposition PolNeAR splits either way
        (
            "He described the plan as a disaster for workers.",
            "described",
            "the plan as a disaster for workers",
            "described",
            "the plan as a disaster for workers",
        ),
        // look-alike: words between the cue and the content
        (
            "The group called on Monday for higher taxes.",
            "called",
            "for higher taxes",
            "called",
            "for higher taxes",
        ),
    ];
    for (text, cue, content, want_cue, want_content) in cases {
        let an = analysed(text);
        let mut qs = vec![quote(text, "", cue, content, QuoteKind::Indirect)];
        rules::cue_prepositions(&an, &mut qs);
        assert_eq!(join(text, &qs[0].cue), want_cue, "{text}");
        assert_eq!(join(text, &qs[0].content), want_content, "{text}");
    }
}

#[test]
fn one_attribution_per_colon_cue() {
    // Headlines and transcripts: the model and the colon rule both find
    // these; the stage keeps one attribution per cue.
    let texts = [
        "Pat Caddell: Democrat Voters Worried About Hillary Clinton’s Health\n\nThe pollster spoke on Monday.",
        "Poll: Wealthy Voters Abandon Republican Party for Hillary Clinton\n\nA new poll came out.",
        "PENCE: Well, look, we will win this election.\n\nPence spoke in Iowa.",
    ];
    for text in texts {
        let mut doc = Doc::new(text, Meta::default());
        let p = dyad_pipeline::until(LayerSet::of(&[Layer::Quotes])).expect("pipeline builds");
        p.run(&mut doc).expect("runs");
        let colons: Vec<&Quote> = doc
            .quotes
            .iter()
            .filter(|q| join(text, &q.cue) == ":")
            .collect();
        assert_eq!(colons.len(), 1, "{text}: {:?}", doc.quotes);
    }
}

#[test]
fn span_sets() {
    let s = |a, b| Span::from_trusted(a, b);
    let set = rules::Spans::new([s(10, 20), s(0, 3), s(12, 14)]);
    for (span, want) in [
        (s(3, 10), false),
        (s(2, 4), true),
        (s(19, 25), true),
        (s(20, 25), false),
        (s(15, 16), true),
    ] {
        assert_eq!(set.overlaps(span), want, "{span:?}");
    }
    assert!(!rules::Spans::default().overlaps(s(0, 1)));
}

#[test]
fn source_commas() {
    // (text, source before, source expected after)
    let cases = [
        // an appositive keeps the comma that closes it
        (
            "Brian Fallon, the campaign’s press secretary, said the plan was fair.",
            "Brian Fallon, the campaign’s press secretary",
            "Brian Fallon, the campaign’s press secretary,",
        ),
        (
            "“It is fair,” said Brian Fallon, the campaign’s press secretary, on Monday.",
            "Brian Fallon, the campaign’s press secretary",
            "Brian Fallon, the campaign’s press secretary,",
        ),
        // a plain source ends before the comma
        (
            "“It is fair,” said Trump, adding that it was late.",
            "Trump,",
            "Trump",
        ),
        // look-alikes: nothing to change
        (
            "Brian Fallon, the campaign’s press secretary, said the plan was fair.",
            "Brian Fallon, the campaign’s press secretary,",
            "Brian Fallon, the campaign’s press secretary,",
        ),
        (
            "Trump, who spoke on Monday, said the plan was fair.",
            "Trump",
            "Trump",
        ),
        (
            "Rep. Gwen Moore (D-Wis.) said the plan was fair.",
            "Rep. Gwen Moore (D-Wis.)",
            "Rep. Gwen Moore (D-Wis.)",
        ),
    ];
    for (text, before, want) in cases {
        let an = analysed(text);
        let mut qs = vec![quote(text, before, "said", "", QuoteKind::Indirect)];
        rules::source_commas(&an, &mut qs);
        assert_eq!(join(text, &qs[0].source), want, "{text}");
    }
}

#[test]
fn quoted_paragraphs() {
    // (text, source, cue, content, kind, expected content after)
    let cases = [
        // quotation paragraphs after `“A,” X said.` continue the quote
        (
            "“It is time,” Trump said.\n\n“We will win.”\n\n“And soon.”\n\nThe rally ended.",
            "Trump",
            "said",
            "“It is time,”",
            QuoteKind::Direct,
            "“It is time,” | “We will win.” | “And soon.”",
        ),
        // look-alike: more than the source follows the cue
        (
            "“It is time,” Trump said at a rally in Ohio.\n\n“We will win.”",
            "Trump",
            "said",
            "“It is time,”",
            QuoteKind::Direct,
            "“It is time,”",
        ),
        // look-alike: the next paragraph holds more than a quotation
        (
            "“It is time,” Trump said.\n\n“We will win.” Then he left.",
            "Trump",
            "said",
            "“It is time,”",
            QuoteKind::Direct,
            "“It is time,”",
        ),
        // look-alike: indirect speech before the quotation paragraph
        (
            "Trump said it was time.\n\n“We will win.”",
            "Trump",
            "said",
            "it was time",
            QuoteKind::Indirect,
            "it was time",
        ),
    ];
    for (text, source, cue, content, kind, want) in cases {
        let an = analysed(text);
        let mut qs = vec![quote(text, source, cue, content, kind)];
        rules::quoted_paragraphs(&an, &mut qs);
        assert_eq!(join(text, &qs[0].content), want, "{text:?}");
    }
}
