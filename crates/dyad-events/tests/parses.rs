//! Argument structures on hand-written parses, so that they test the
//! event stage alone, whatever the tagger and parser models do.

use dyad_doc::{Actor, Doc, Meta, Sentence, Token, Upos};
use dyad_events::{Lexicon, extract};

use crate::common;
use common::countries;

/// A one-sentence document from CoNLL-like rows `word UPOS XPOS lemma
/// head deprel` (heads 1-based, 0 = root) and actors `(first token,
/// last token, country)` (0-based, inclusive).
fn doc(rows: &str, actors: &[(usize, usize, &str)]) -> Doc {
    let rows: Vec<Vec<&str>> = rows
        .split('|')
        .map(|r| r.split_whitespace().collect())
        .collect();
    let text = rows.iter().map(|r| r[0]).collect::<Vec<_>>().join(" ");
    let mut doc = Doc::new(text.clone(), Meta::default());
    let mut at = 0;
    for r in &rows {
        let span = doc.span(at, at + r[0].len()).unwrap();
        at += r[0].len() + 1;
        let head: usize = r[4].parse().unwrap();
        doc.tokens.push(Token {
            span,
            upos: Upos::parse(r[1]),
            xpos: Some(r[2].to_string()),
            lemma: Some(r[3].to_string()),
            head: head.checked_sub(1),
            deprel: Some(r[5].to_string()),
        });
    }
    doc.sentences.push(Sentence {
        span: doc.span(0, text.len()).unwrap(),
        token_start: 0,
        token_end: rows.len(),
        new_paragraph: true,
    });
    for &(a, b, country) in actors {
        let mention = doc.tokens[a].span.cover(doc.tokens[b].span);
        doc.actors.push(Actor {
            name: doc.slice(mention).to_string(),
            country: Some(country.to_string()),
            sector: None,
            role: None,
            kb_id: None,
            mentions: vec![mention],
        });
    }
    doc
}

/// (what, parse, actors, trigger, source, target, CAMEO prefix, PLOVER type).
type Case = (
    &'static str,
    &'static str,
    &'static [(usize, usize, &'static str)],
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (
        "a subject misread as the conjunct of a fronted date",
        "On ADP IN on 2 case | Tuesday PROPN NNP Tuesday 6 obl | , PUNCT , , 5 punct | Kenyan ADJ JJ kenyan 5 amod | minister NOUN NN minister 2 conj | summoned VERB VBD summon 0 root | Uganda PROPN NNP Uganda 8 nmod:poss | envoy NOUN NN envoy 6 obl | . PUNCT . . 6 punct",
        &[(3, 4, "KEN"), (6, 7, "UGA")],
        "summoned",
        &["KEN"],
        &["UGA"],
        "1",
        "ACCUSE",
    ),
    (
        "an oblique hung on a bare date belongs to the clause",
        "Chile PROPN NNP Chile 2 nsubj | held VERB VBD hold 0 root | talks NOUN NNS talk 2 obj | Monday PROPN NNP Monday 2 obl:unmarked | with ADP IN with 6 case | Peru PROPN NNP Peru 4 nmod | . PUNCT . . 2 punct",
        &[(0, 0, "CHL"), (5, 5, "PER")],
        "talks",
        &["CHL"],
        &["PER"],
        "04",
        "CONSULT",
    ),
    (
        "a must-clause hung on the date of 'said' is still a demand",
        "Kenya PROPN NNP Kenya 2 nsubj | said VERB VBD say 0 root | on ADP IN on 4 case | Monday PROPN NNP Monday 2 obl | that SCONJ IN that 8 mark | Somalia PROPN NNP Somalia 8 nsubj | must AUX MD must 8 aux | reach VERB VB reach 4 acl:relcl | an DET DT a 10 det | agreement NOUN NN agreement 8 obj | . PUNCT . . 2 punct",
        &[(0, 0, "KEN"), (5, 5, "SOM")],
        "said",
        &["KEN"],
        &["SOM"],
        "10",
        "REQUEST",
    ),
    (
        "an agentless passive proposed by someone is the proposer's",
        "Peru PROPN NNP Peru 2 nsubj | proposed VERB VBD propose 0 root | that SCONJ IN that 7 mark | prisoners NOUN NNS prisoner 7 nsubj:pass | could AUX MD could 7 aux | be AUX VB be 7 aux:pass | released VERB VBN release 2 ccomp | . PUNCT . . 2 punct",
        &[(0, 0, "PER")],
        "released",
        &["PER"],
        &[],
        "08",
        "RETREAT",
    ),
    (
        "an event noun shares the target of the event it is the means of",
        "Chad PROPN NNP Chad 2 nsubj | retaliated VERB VBD retaliate 0 root | with ADP IN with 4 case | artillery NOUN NN artillery 2 obl | and CCONJ CC and 7 cc | drone NOUN NN drone 7 compound | attacks NOUN NNS attack 4 conj | against ADP IN against 9 case | Libya PROPN NNP Libya 2 obl | . PUNCT . . 2 punct",
        &[(0, 0, "TCD"), (8, 8, "LBY")],
        "attacks",
        &["TCD"],
        &["LBY"],
        "19",
        "ASSAULT",
    ),
    (
        "an event noun's light verb lends it its purpose clause",
        "Kurds PROPN NNPS Kurd 2 nsubj | began VERB VBD begin 0 root | a DET DT a 5 det | hunger NOUN NN hunger 5 compound | strike NOUN NN strike 2 obj | to PART TO to 7 mark | protest VERB VB protest 2 advcl | against ADP IN against 10 case | Turkey PROPN NNP Turkey 10 nmod:poss | decision NOUN NN decision 7 obl | . PUNCT . . 2 punct",
        &[(0, 0, "IRQ"), (8, 8, "TUR")],
        "hunger strike",
        &["IRQ"],
        &["TUR"],
        "14",
        "PROTEST",
    ),
    (
        "an object in front of its verb is part of the subject",
        "Syrian ADJ JJ syrian 2 amod | tanks NOUN NNS tank 5 obj | including VERB VBG include 4 case | artillery NOUN NN artillery 5 nsubj | shelled VERB VBD shell 0 root | Lebanese ADJ JJ lebanese 7 amod | villages NOUN NNS village 5 obj | . PUNCT . . 5 punct",
        &[(0, 1, "SYR"), (5, 6, "LBN")],
        "shelled",
        &["SYR"],
        &["LBN"],
        "19",
        "ASSAULT",
    ),
    (
        "an apposition's conjuncts join the subject",
        "Kenyan ADJ JJ kenyan 2 amod | leader NOUN NN leader 9 nsubj | Moi PROPN NNP Moi 2 appos | and CCONJ CC and 6 cc | Ugandan PROPN NNP Ugandan 3 conj | President PROPN NNP President 7 nmod:desc | Museveni PROPN NNP Museveni 3 list | today NOUN NN today 2 obl:unmarked | signed VERB VBD sign 0 root | a DET DT a 11 det | treaty NOUN NN treaty 9 obj | . PUNCT . . 9 punct",
        &[(0, 2, "KEN"), (4, 6, "UGA")],
        "signed",
        &["KEN", "UGA"],
        &[],
        "05",
        "SUPPORT",
    ),
    (
        "target nested in the object phrase",
        "Hamas PROPN NNP Hamas 2 nsubj | rejected VERB VBD reject 0 root | an DET DT a 4 det | invitation NOUN NN invitation 2 obj | to PART TO to 6 mark | attend VERB VB attend 4 acl | talks NOUN NNS talk 6 obj | of ADP IN of 9 case | Egypt PROPN NNP Egypt 7 nmod | . PUNCT . . 2 punct",
        &[(0, 0, "PSE"), (8, 8, "EGY")],
        "rejected",
        &["PSE"],
        &["EGY"],
        "12",
        "REJECT",
    ),
    (
        "a by-phrase under an active verb is not its agent",
        "Chile PROPN NNP Chile 3 nsubj | is AUX VBZ be 3 aux | investigating VERB VBG investigate 0 root | abuses NOUN NNS abuse 3 obj | by ADP IN by 6 case | police NOUN NN police 3 obl | . PUNCT . . 3 punct",
        &[(0, 0, "CHL"), (5, 5, "ARG")],
        "investigating",
        &["CHL"],
        &["ARG"],
        "09",
        "ACCUSE",
    ),
    (
        "a by-phrase under a passive verb is its agent",
        "Moldova PROPN NNP Moldova 3 nsubj:pass | was AUX VBD be 3 aux:pass | attacked VERB VBN attack 0 root | by ADP IN by 5 case | Russia PROPN NNP Russia 3 obl | . PUNCT . . 3 punct",
        &[(0, 0, "MDA"), (4, 4, "RUS")],
        "attacked",
        &["RUS"],
        &["MDA"],
        "19",
        "ASSAULT",
    ),
    (
        "relative pronoun stands for its noun",
        "Russia PROPN NNP Russia 2 nsubj | criticized VERB VBD criticize 0 root | Ukraine PROPN NNP Ukraine 2 obj | , PUNCT , , 6 punct | which PRON WDT which 6 nsubj | attacked VERB VBD attack 3 acl:relcl | Moldova PROPN NNP Moldova 6 obj | . PUNCT . . 2 punct",
        &[(0, 0, "RUS"), (2, 2, "UKR"), (6, 6, "MDA")],
        "attacked",
        &["UKR"],
        &["MDA"],
        "19",
        "ASSAULT",
    ),
    (
        "-ing participle takes its noun's source",
        "Rebels NOUN NNS rebel 2 nsubj | issued VERB VBD issue 0 root | a DET DT a 4 det | declaration NOUN NN declaration 2 obj | demanding VERB VBG demand 4 acl | talks NOUN NNS talk 5 obj | with ADP IN with 8 case | Turkey PROPN NNP Turkey 6 nmod | . PUNCT . . 2 punct",
        &[(0, 0, "IRQ"), (7, 7, "TUR")],
        "demanding",
        &["IRQ"],
        &["TUR"],
        "10",
        "REQUEST",
    ),
    (
        "past participle under a root noun is a misread main verb",
        "Nigerian ADJ JJ nigerian 2 amod | authorities NOUN NNS authority 0 root | jailed VERB VBN jail 2 acl | members NOUN NNS member 3 obj | of ADP IN of 6 case | MASSOB PROPN NNP MASSOB 4 nmod | . PUNCT . . 2 punct",
        &[(0, 1, "NGA"), (5, 5, "BIA")],
        "jailed",
        &["NGA"],
        &["BIA"],
        "17",
        "COERCE",
    ),
    (
        "possessive pronoun source is the governing subject",
        "Serbs PROPN NNPS Serb 2 nsubj | said VERB VBD say 0 root | their PRON PRP$ their 4 nmod:poss | forces NOUN NNS force 6 nsubj | had AUX VBD have 6 aux | completed VERB VBN complete 2 ccomp | their PRON PRP$ their 8 nmod:poss | withdrawal NOUN NN withdrawal 6 obj | . PUNCT . . 2 punct",
        &[(0, 0, "SRB")],
        "withdrawal",
        &["SRB"],
        &[],
        "087",
        "RETREAT",
    ),
    (
        "an event noun in an of-phrase takes the possessor of its head noun",
        "It PRON PRP it 2 nsubj | ended VERB VBD end 0 root | Syria PROPN NNP Syria 6 nmod:poss | 's PART POS 's 3 case | two NUM CD two 6 nummod | years NOUN NNS year 2 obj | of ADP IN of 8 case | attacks NOUN NNS attack 6 nmod | on ADP IN on 10 case | Lebanon PROPN NNP Lebanon 8 nmod | . PUNCT . . 2 punct",
        &[(2, 2, "SYR"), (9, 9, "LBN")],
        "attacks",
        &["SYR"],
        &["LBN"],
        "190",
        "ASSAULT",
    ),
    (
        "recipient attached to the object",
        "Uganda PROPN NNP Uganda 2 nsubj | granted VERB VBD grant 0 root | asylum NOUN NN asylum 2 obj | to ADP IN to 6 case | Rwandan ADJ JJ rwandan 6 amod | rebels NOUN NNS rebel 3 nmod | . PUNCT . . 2 punct",
        &[(0, 0, "UGA"), (4, 5, "RWA")],
        "granted",
        &["UGA"],
        &["RWA"],
        "07",
        "AID",
    ),
    (
        "purpose clause names the target",
        "Uzbekistan PROPN NNP Uzbekistan 2 nsubj | opened VERB VBD open 0 root | the DET DT the 4 det | bridge NOUN NN bridge 2 obj | to PART TO to 6 mark | allow VERB VB allow 2 advcl | deliveries NOUN NNS delivery 6 obj | to ADP IN to 9 case | Afghanistan PROPN NNP Afghanistan 6 obl | . PUNCT . . 2 punct",
        &[(0, 0, "UZB"), (8, 8, "AFG")],
        "opened",
        &["UZB"],
        &["AFG"],
        "08",
        "RETREAT",
    ),
    (
        "place of a coercive act is its target",
        "The DET DT the 2 det | government NOUN NN government 3 nsubj | imposed VERB VBD impose 0 root | a DET DT a 5 det | curfew NOUN NN curfew 3 obj | in ADP IN in 7 case | Abidjan PROPN NNP Abidjan 3 obl | . PUNCT . . 3 punct",
        &[(1, 1, "CIV"), (6, 6, "CIV")],
        "imposed",
        &["CIV"],
        &["CIV"],
        "17",
        "COERCE",
    ),
    (
        "a meeting's venue is not its target",
        "France PROPN NNP France 2 nsubj | held VERB VBD hold 0 root | talks NOUN NNS talk 2 obj | in ADP IN in 5 case | Munich PROPN NNP Munich 2 obl | . PUNCT . . 2 punct",
        &[(0, 0, "FRA"), (4, 4, "DEU")],
        "talks",
        &["FRA"],
        &[],
        "04",
        "CONSULT",
    ),
    (
        "'X said Y must' is a demand on Y",
        "Britain PROPN NNP Britain 2 nsubj | said VERB VBD say 0 root | Sudan PROPN NNP Sudan 5 nsubj | must AUX MD must 5 aux | end VERB VB end 2 ccomp | the DET DT the 7 det | fighting NOUN NN fighting 5 obj | . PUNCT . . 2 punct",
        &[(0, 0, "GBR"), (2, 2, "SDN")],
        "said",
        &["GBR"],
        &["SDN"],
        "10",
        "REQUEST",
    ),
    (
        "a promise conditional on 'unless' is a threat",
        "Nigeria PROPN NNP Nigeria 3 nsubj | will AUX MD will 3 aux | withdraw VERB VB withdraw 0 root | its PRON PRP$ its 5 nmod:poss | troops NOUN NNS troop 3 obj | from ADP IN from 7 case | Chad PROPN NNP Chad 3 obl | unless SCONJ IN unless 11 mark | the DET DT the 10 det | fighting NOUN NN fighting 11 nsubj | stops VERB VBZ stop 3 advcl | . PUNCT . . 3 punct",
        &[(0, 0, "NGA"), (6, 6, "TCD")],
        "withdraw",
        &["NGA"],
        &["TCD"],
        "087",
        "THREATEN",
    ),
    (
        "nested compound modifiers carry the actor",
        "Montenegro PROPN NNP Montenegro 3 compound | Municipality PROPN NNP Municipality 3 compound | Association PROPN NNP Association 4 compound | officials NOUN NNS official 5 nsubj | demanded VERB VBD demand 0 root | support NOUN NN support 5 obj | from ADP IN from 8 case | Serbia PROPN NNP Serbia 5 obl | . PUNCT . . 5 punct",
        &[(0, 0, "MNE"), (7, 7, "SRB")],
        "demanded",
        &["MNE"],
        &["SRB"],
        "10",
        "REQUEST",
    ),
    (
        "a mediation's 'between' parties are its targets",
        "Qatar PROPN NNP Qatar 2 nsubj | launched VERB VBD launch 0 root | a DET DT a 4 det | mediation NOUN NN mediation 2 obj | between ADP IN between 6 case | Bahrain PROPN NNP Bahrain 4 nmod | and CCONJ CC and 8 cc | Oman PROPN NNP Oman 6 conj | . PUNCT . . 2 punct",
        &[(0, 0, "QAT"), (5, 5, "BHR"), (7, 7, "OMN")],
        "mediation",
        &["QAT"],
        &["BHR", "OMN"],
        "045",
        "CONSULT",
    ),
    (
        "a withdrawal is from its target",
        "Syria PROPN NNP Syria 2 nsubj | began VERB VBD begin 0 root | the DET DT the 4 det | withdrawal NOUN NN withdrawal 2 obj | from ADP IN from 6 case | Lebanon PROPN NNP Lebanon 4 nmod | . PUNCT . . 2 punct",
        &[(0, 0, "SYR"), (5, 5, "LBN")],
        "withdrawal",
        &["SYR"],
        &["LBN"],
        "087",
        "RETREAT",
    ),
    (
        "subjectless relative clause on the root noun is the main clause",
        "Iran PROPN NNP Iran 3 nmod:poss | leader NOUN NN leader 3 compound | Khomeini PROPN NNP Khomeini 0 root | rejected VERB VBD reject 3 acl:relcl | the DET DT the 6 det | proposal NOUN NN proposal 4 obj | of ADP IN of 8 case | Iraq PROPN NNP Iraq 6 nmod | . PUNCT . . 3 punct",
        &[(0, 0, "IRN"), (2, 2, "IRN"), (7, 7, "IRQ")],
        "rejected",
        &["IRN"],
        &["IRQ"],
        "12",
        "REJECT",
    ),
    (
        "a number heads what it counts",
        "Three NUM CD three 5 nsubj:pass | US PROPN NNP US 3 compound | servicemen NOUN NNS serviceman 1 obj | were AUX VBD be 5 aux:pass | killed VERB VBN kill 0 root | by ADP IN by 7 case | Iraqis PROPN NNPS Iraqi 5 obl:agent | . PUNCT . . 5 punct",
        &[(1, 2, "USA"), (6, 6, "IRQ")],
        "killed",
        &["IRQ"],
        &["USA"],
        "18",
        "ASSAULT",
    ),
    (
        "expletive-read 'it' under a speech verb is its speaker",
        "Syria PROPN NNP Syria 2 nsubj | says VERB VBZ say 0 root | it PRON PRP it 5 expl | is AUX VBZ be 5 cop | willing ADJ JJ willing 2 ccomp | to PART TO to 7 mark | withdraw VERB VB withdraw 5 xcomp | from ADP IN from 9 case | Lebanon PROPN NNP Lebanon 7 obl | . PUNCT . . 2 punct",
        &[(0, 0, "SYR"), (8, 8, "LBN")],
        "withdraw",
        &["SYR"],
        &["LBN"],
        "087",
        "CONCEDE",
    ),
];

#[test]
fn argument_structures_on_given_parses() {
    let lex = Lexicon::builtin().unwrap();
    for (what, rows, actors, trigger, src, tgt, code, kind) in CASES {
        let d = doc(rows, actors);
        let events = extract(&lex, &d);
        let e = events
            .iter()
            .find(|e| d.slice(e.trigger).ends_with(trigger))
            .unwrap_or_else(|| panic!("{what}: no event {trigger:?}"));
        assert_eq!(countries(&d, &e.source), *src, "{what}: source");
        assert_eq!(countries(&d, &e.target), *tgt, "{what}: target");
        assert!(e.cameo.starts_with(code), "{what}: cameo {}", e.cameo);
        assert_eq!(e.plover.kind, *kind, "{what}: PLOVER type");
    }
}

/// "X said Y must …" reads the actors of its own sentence's tokens, also
/// when it is not the document's first sentence. (It once indexed the
/// document's token→actor array with sentence-local numbers: here that read
/// the first sentence's "Kenya … Kenya", one actor, as speaker and subject,
/// and saw no demand on another party.)
#[test]
fn said_must_in_a_later_sentence() {
    let lex = Lexicon::builtin().unwrap();
    let mut d = doc(
        "Kenya PROPN NNP Kenya 2 nsubj | thanked VERB VBD thank 0 root | Kenya PROPN NNP Kenya 2 obj | . PUNCT . . 2 punct | \
         Britain PROPN NNP Britain 6 nsubj | said VERB VBD say 0 root | Sudan PROPN NNP Sudan 9 nsubj | must AUX MD must 9 aux | end VERB VB end 6 ccomp | the DET DT the 11 det | fighting NOUN NN fighting 9 obj | . PUNCT . . 6 punct",
        &[(0, 0, "KEN"), (4, 4, "GBR"), (6, 6, "SDN")],
    );
    // The second "Kenya" is the same actor; two sentences.
    let second_kenya = d.tokens[2].span;
    d.actors[0].mentions.push(second_kenya);
    let whole = d.sentences[0].span;
    let cut = d.tokens[4].span.start();
    d.sentences = vec![
        Sentence {
            span: d.span(whole.start(), d.tokens[3].span.end()).unwrap(),
            token_start: 0,
            token_end: 4,
            new_paragraph: true,
        },
        Sentence {
            span: d.span(cut, whole.end()).unwrap(),
            token_start: 4,
            token_end: 12,
            new_paragraph: false,
        },
    ];
    let events = extract(&lex, &d);
    let e = events
        .iter()
        .find(|e| d.slice(e.trigger) == "said")
        .expect("a demand coded on 'said'");
    assert!(e.cameo.starts_with("10"), "cameo {}", e.cameo);
    assert_eq!(countries(&d, &e.source), ["GBR"]);
    assert_eq!(countries(&d, &e.target), ["SDN"]);
}
