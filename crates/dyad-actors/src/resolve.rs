//! The actor-resolution stage.

use std::collections::HashMap;
use std::sync::Arc;

use dyad_doc::{Actor, Doc, EntityLabel, Layer, LayerSet, NaiveDate, Span, Stage, StageError};
use dyad_kb::{CountryForm, CountryId, Gender, Kb, KbError, OrgId, PersonId, Target, TitleId};

mod actors;
mod chunks;
mod mentions;
mod people;

/// Resolves mentions of people, organisations, countries and groups to
/// actors with country, sector and role as of the document's date, and
/// follows people through the text (surnames, titles, he/she/his/her).
///
/// Needs [`Layer::Sentences`] and [`Layer::Tokens`]; adds [`Layer::Actors`].
/// Uses the document date ([`dyad_doc::Meta::date`]) for dated roles; without
/// one, roles are not looked up and a note says so.
#[derive(Debug, Clone)]
pub struct ActorStage {
    kb: Arc<Kb>,
}

impl ActorStage {
    /// A stage over the given knowledge base.
    pub fn new(kb: Arc<Kb>) -> ActorStage {
        ActorStage { kb }
    }

    /// A stage over the built-in knowledge base.
    pub fn builtin() -> Result<ActorStage, KbError> {
        Ok(ActorStage::new(Arc::new(Kb::builtin()?)))
    }

    /// The knowledge base.
    pub fn kb(&self) -> &Kb {
        &self.kb
    }
}

impl Stage for ActorStage {
    fn name(&self) -> &'static str {
        "actors"
    }

    fn needs(&self) -> LayerSet {
        LayerSet::of(&[Layer::Sentences, Layer::Tokens])
    }

    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Actors])
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        if doc.meta.date.is_none() {
            doc.note(
                "actors",
                None,
                "no document date: dated roles are not used to resolve actors",
            );
        }
        let actors = Resolver::new(&self.kb, doc).run();
        doc.actors = actors;
        Ok(())
    }
}

/// How a country is named at one place (a name may be several at once:
/// "US" is a name and an adjective).
#[derive(Debug, Clone, Copy, Default)]
struct Forms {
    name: bool,
    adjective: bool,
    demonym: bool,
    seat: bool,
    /// A place inside the country (a city or province from the gazetteer).
    place: bool,
}

#[derive(Debug, Clone)]
enum Kind {
    Country(CountryId, Forms),
    Org(OrgId),
    Title(TitleId),
    Person(PersonId),
    Surname(Vec<PersonId>),
    Pronoun(Option<Gender>),
    /// A PERSON entity (from an NER stage) that the KB does not know.
    Named,
}

#[derive(Debug, Clone)]
struct Item {
    /// Byte span.
    s: usize,
    e: usize,
    /// Token range, end exclusive.
    ts: usize,
    te: usize,
    /// Preceded by `pro-` inside its token.
    pro: bool,
    kind: Kind,
}

/// Who a person mention names.
#[derive(Debug, Clone)]
enum Who {
    Kb(PersonId),
    Surname(Vec<PersonId>),
    Name(Span),
}

/// A noun-phrase-like run: modifiers, titles, then maybe a person.
#[derive(Debug, Clone, Default)]
struct Chunk {
    s: usize,
    e: usize,
    ts: usize,
    te: usize,
    sent: usize,
    country: Option<CountryId>,
    forms: Forms,
    org: Option<OrgId>,
    pro: Option<CountryId>,
    titles: Vec<TitleId>,
    who: Option<Who>,
    /// A filler like "former", "ousted" was seen.
    qualified: bool,
    /// Possessive "'s" after the modifier ("Lebanon's president").
    possessive: bool,
    /// The country of a place right after the chunk ("rebels in Darfur",
    /// "Albanians of southern Serbia").
    located: Option<CountryId>,
    /// The preposition before that place was "of".
    located_of: bool,
}

#[derive(Debug)]
struct Built {
    actor: Actor,
    person: bool,
    gender: Option<Gender>,
    /// KB role keys on the document date.
    roles: Vec<String>,
}

const FILLERS: &[&str] = &[
    "new",
    "former",
    "ousted",
    "senior",
    "top",
    "acting",
    "interim",
    "outgoing",
    "incoming",
    "then",
    "deputy",
    "chief",
    "exiled",
    "late",
    "vice",
    "junior",
    "traditional",
    "main",
    "largest",
    "fundamentalist",
    "extremist",
    "nationalist",
    "radical",
    "hardline",
    "armed",
    "regional",
    "local",
    "provincial",
    "federal",
    "separatist",
    "islamist",
    "-",
    "led",
];
/// Words between a preposition and a place: "in the south of", "in central
/// Baghdad", "of southern Serbia".
const PLACE_FILLERS: &[&str] = &[
    "the",
    "south",
    "north",
    "east",
    "west",
    "southern",
    "northern",
    "eastern",
    "western",
    "central",
    "southeastern",
    "southwestern",
    "northeastern",
    "northwestern",
    "southeast",
    "southwest",
    "northeast",
    "northwest",
    "neighbouring",
    "neighboring",
    "occupied",
];
/// Nouns after a place name that make it a place: "Sindh province".
const PLACE_NOUNS: &[&str] = &[
    "province",
    "state",
    "region",
    "district",
    "city",
    "town",
    "village",
    "area",
    "county",
    "governorate",
    "prefecture",
    "oblast",
    "valley",
    "camp",
    "refugee",
    "airport",
    "port",
];
/// Words before a place name that make it a place: "capital Dili", "the
/// Iraqi city of Basra".
const PLACE_CUES: &[&str] = &[
    "in", "at", "near", "of", "from", "outside", "inside", "around", "across", "into", "capital",
    "city", "town", "village", "province", "region", "toward", "towards",
];
/// Capitalised words that are never places (the gazetteer has towns named
/// after them).
const NOT_PLACES: &str = "January February March April May June July August September October \
    November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday West East North South \
    Central Christmas Easter";
const QUALIFIERS: &[&str] = &["former", "ousted", "then", "exiled", "late", "outgoing"];
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "inside",
    "across",
    "throughout",
    "within",
    "into",
    "outside",
];

struct Resolver<'a> {
    kb: &'a Kb,
    doc: &'a Doc,
    date: Option<NaiveDate>,
    tok_starts: Vec<usize>,
    actors: Vec<Built>,
    by_key: HashMap<String, usize>,
    /// (sentence, token, actor) for every person mention so far.
    person_mentions: Vec<(usize, usize, usize)>,
    /// Countries named in each sentence, in text order.
    sent_countries: HashMap<usize, Vec<CountryId>>,
}

/// The sector of a group named by an organisation-like KB entry: ethnic
/// groups are civilians, religious groups keep their CAMEO religion code.
fn group_sector(kind: &str) -> &str {
    match kind {
        "ETH" => "CVL",
        k => k,
    }
}

/// Whether an organisation type marks an ethnic or religious group.
fn is_group_kind(kind: &str) -> bool {
    matches!(kind, "ETH" | "MOS" | "CHR" | "JEW" | "HIN" | "BUD" | "SIK")
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

impl<'a> Resolver<'a> {
    fn new(kb: &'a Kb, doc: &'a Doc) -> Resolver<'a> {
        Resolver {
            kb,
            doc,
            date: doc.meta.date,
            tok_starts: doc.tokens.iter().map(|t| t.span.start()).collect(),
            actors: Vec::new(),
            by_key: HashMap::new(),
            person_mentions: Vec::new(),
            sent_countries: HashMap::new(),
        }
    }

    fn tok_text(&self, i: usize) -> &str {
        self.doc.token_text(i)
    }

    /// Index of the token containing byte `b`.
    fn tok_containing(&self, b: usize) -> Option<usize> {
        let i = self
            .tok_starts
            .partition_point(|&s| s <= b)
            .checked_sub(1)?;
        (b < self.doc.tokens[i].span.end()).then_some(i)
    }

    fn sent_of(&self, tok: usize) -> usize {
        self.doc.sentence_of_token(tok).unwrap_or(0)
    }

    fn run(mut self) -> Vec<Actor> {
        let items = self.items();
        for (k, it) in items.iter().enumerate() {
            // "Bosnian Serbs" names Bosnia only.
            let after_adjective = k > 0
                && items[k - 1].te == it.ts
                && matches!(items[k - 1].kind, Kind::Country(_, f) if f.adjective);
            if let Kind::Country(cid, f) = it.kind
                && !it.pro
                && !(after_adjective && f.demonym)
            {
                let sent = self.sent_of(it.ts);
                self.sent_countries.entry(sent).or_default().push(cid);
            }
        }
        let item_starts: std::collections::HashSet<usize> = items.iter().map(|i| i.ts).collect();
        let mut k = 0;
        while k < items.len() {
            let it = &items[k];
            if let Kind::Pronoun(g) = it.kind {
                let sent = self.sent_of(it.ts);
                if let Some(a) = self.antecedent(sent, it.ts, g) {
                    self.mention(a, it.s, it.e, sent, it.ts);
                }
                k += 1;
                continue;
            }
            let (mut chunk, next) = self.chunk(&items, k, &item_starts);
            k = next;
            // Coordination: "Hungarian and Romanian officials", "U.S. and
            // Russian negotiators": the first adjective shares the title.
            if chunk.titles.is_empty()
                && chunk.who.is_none()
                && chunk.forms.adjective
                && k < items.len()
                && chunk.te + 1 == items[k].ts
                && matches!(self.tok_text(chunk.te), "and" | "or" | ",")
            {
                let (second, _) = self.chunk(&items, k, &item_starts);
                if second.country.is_some() && !second.titles.is_empty() && second.who.is_none() {
                    chunk.titles = second.titles.clone();
                }
            }
            self.resolve(chunk);
        }
        self.actors.into_iter().map(|b| b.actor).collect()
    }
}
