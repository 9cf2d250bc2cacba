//! The actor-resolution stage.

use std::collections::HashMap;
use std::sync::Arc;

use dyad_doc::{Actor, Doc, EntityLabel, Layer, LayerSet, NaiveDate, Span, Stage, StageError};
use dyad_kb::{CountryForm, CountryId, Gender, Kb, KbError, OrgId, PersonId, Target, TitleId};

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

    /// KB matches and pronouns, aligned to tokens, in text order.
    fn items(&self) -> Vec<Item> {
        let text = self.doc.text();
        let mut items = Vec::new();
        for m in self.kb.find(text) {
            let (Some(ts), Some(tl)) =
                (self.tok_containing(m.start), self.tok_containing(m.end - 1))
            else {
                continue;
            };
            let tok_s = self.doc.tokens[ts].span.start();
            let tok_e = self.doc.tokens[tl].span.end();
            let start_ok = tok_s == m.start || text[..m.start].ends_with('-');
            let end_ok = tok_e == m.end || text[m.end..].starts_with('-');
            if !start_ok || !end_ok {
                continue;
            }
            let prefix = lower(&text[tok_s..m.start]);
            let pro = prefix.ends_with("pro-");
            if tok_s != m.start && !pro && !prefix.ends_with('-') {
                continue;
            }
            let Some(kind) = self.kind_of(&m.targets) else {
                continue;
            };
            // "Karen Bass", "Christian Lindner": a group name that starts a
            // proper name is not the group.
            if let Kind::Org(o) = kind
                && is_group_kind(&self.kb.org(o).kind)
                && tl + 1 < self.doc.tokens.len()
                && self.capitalised(tl + 1)
                && self.kb.find_near(self.tok_text(tl + 1)).is_empty()
                && self.kb.lookup(self.tok_text(tl + 1)).is_empty()
            {
                continue;
            }
            items.push(Item {
                s: m.start,
                e: m.end,
                ts,
                te: tl + 1,
                pro,
                kind,
            });
        }
        self.places_and_misspellings(&mut items);
        // A place or seat of government in a state that did not exist yet
        // on the date in force there (the sentence's date, else the
        // document's) belongs to its predecessor (Juba in 2005: Sudan); the
        // state's own names keep its code (kb/successions.tsv).
        let dates = dyad_geo::DatesInForce::new(self.doc);
        for it in &mut items {
            if let Kind::Country(cid, f) = &mut it.kind
                && (f.seat || f.place)
                && !(f.name || f.adjective || f.demonym)
                && let Some(date) = dates.at(it.s)
            {
                *cid = self.kb.country_on(*cid, date);
            }
        }
        // Pronouns.
        let mut pronouns = Vec::new();
        for (i, t) in self.doc.tokens.iter().enumerate() {
            let w = t.span.slice(text);
            if w.len() > 7 || !w.starts_with(['h', 'H', 's', 'S']) {
                continue;
            }
            let is = |p: &[&str]| p.iter().any(|p| w.eq_ignore_ascii_case(p));
            let g = if is(&["he", "him", "his", "himself"]) {
                Some(Gender::Male)
            } else if is(&["she", "her", "hers", "herself"]) {
                Some(Gender::Female)
            } else {
                continue;
            };
            pronouns.push(Item {
                s: t.span.start(),
                e: t.span.end(),
                ts: i,
                te: i + 1,
                pro: false,
                kind: Kind::Pronoun(g),
            });
        }
        items.extend(pronouns);
        // PERSON entities, when an earlier stage found them, where the KB
        // found nothing.
        if self.doc.has(Layer::Entities) {
            let mut covered = vec![false; self.doc.tokens.len()];
            for it in &items {
                covered[it.ts..it.te].iter_mut().for_each(|c| *c = true);
            }
            for ent in &self.doc.entities {
                if ent.label != EntityLabel::Person {
                    continue;
                }
                let (s, e) = (ent.span.start(), ent.span.end());
                let (Some(ts), Some(tl)) = (self.tok_containing(s), self.tok_containing(e - 1))
                else {
                    continue;
                };
                if covered[ts..=tl].iter().any(|&c| c) {
                    continue;
                }
                items.push(Item {
                    s,
                    e,
                    ts,
                    te: tl + 1,
                    pro: false,
                    kind: Kind::Named,
                });
            }
        }
        items.sort_by_key(|it| (it.s, std::cmp::Reverse(it.e)));
        items.dedup_by(|b, a| b.s < a.e);
        items
    }

    /// Whether token `i` is a capitalised word (letters, maybe `-`/`'`).
    fn capitalised(&self, i: usize) -> bool {
        let w = self.tok_text(i);
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    }

    /// Where the KB found nothing: places from the gazetteer in place
    /// contexts ("in Bam", "Sindh province", "capital Dili") as places of
    /// their country, and misspelt KB names ("Ethopia", "Mitterand").
    fn places_and_misspellings(&self, items: &mut Vec<Item>) {
        let n = self.doc.tokens.len();
        let mut covered = vec![false; n];
        for it in items.iter() {
            covered[it.ts..it.te].iter_mut().for_each(|c| *c = true);
        }
        let gaz = dyad_geo::Gazetteer::embedded().ok();
        let mut i = 0;
        while i < n {
            if covered[i] || !self.capitalised(i) {
                i += 1;
                continue;
            }
            let sent = self.sent_of(i);
            // The longest run of up to three capitalised words that the
            // gazetteer knows as a place.
            let mut run = i;
            while run < n
                && run < i + 3
                && !covered[run]
                && self.capitalised(run)
                && self.sent_of(run) == sent
            {
                run += 1;
            }
            let mut found = None;
            if let Some(g) = gaz {
                for end in (i + 1..=run).rev() {
                    let span = self.doc.tokens[i].span.cover(self.doc.tokens[end - 1].span);
                    if let Some(cid) = self.place_country(g, self.doc.slice(span)) {
                        found = Some((end, span, cid));
                        break;
                    }
                }
            }
            if let Some((end, span, cid)) = found
                && self.place_context(i, end)
            {
                items.push(Item {
                    s: span.start(),
                    e: span.end(),
                    ts: i,
                    te: end,
                    pro: false,
                    kind: Kind::Country(
                        cid,
                        Forms {
                            place: true,
                            ..Forms::default()
                        },
                    ),
                });
                i = end;
                continue;
            }
            if found.is_none() {
                let w = self.tok_text(i);
                let near = self.kb.find_near(w);
                if !near.is_empty()
                    && gaz.is_none_or(|g| g.lookup(w).is_empty())
                    && let Some(kind) = self.kind_of(&near)
                {
                    let t = self.doc.tokens[i].span;
                    items.push(Item {
                        s: t.start(),
                        e: t.end(),
                        ts: i,
                        te: i + 1,
                        pro: false,
                        kind,
                    });
                }
            }
            i += 1;
        }
    }

    /// The KB country of the most populous city or province named `name`.
    fn place_country(&self, g: &dyad_geo::Gazetteer, name: &str) -> Option<CountryId> {
        if NOT_PLACES.split_whitespace().any(|w| w == name) {
            return None;
        }
        let best = g
            .lookup(name)
            .into_iter()
            .filter(|p| {
                matches!(
                    p.kind,
                    dyad_geo::NameKind::Name | dyad_geo::NameKind::Alternate
                )
            })
            .map(|p| g.entry(p.entry))
            .filter(|e| match e.feature {
                dyad_geo::Feature::Adm1 | dyad_geo::Feature::Region => true,
                dyad_geo::Feature::City => e.population >= 50_000,
                _ => false,
            })
            .max_by_key(|e| e.population)?;
        self.kb.country_by_code(best.country_str()?)
    }

    /// Whether tokens `s..e` stand where a place is expected: after a
    /// preposition or a place word ("in (southern) X", "capital X") or
    /// before a place noun ("X province").
    fn place_context(&self, s: usize, e: usize) -> bool {
        let sent = self.sent_of(s);
        if e < self.doc.tokens.len()
            && self.sent_of(e) == sent
            && PLACE_NOUNS.contains(&lower(self.tok_text(e)).as_str())
        {
            return true;
        }
        let mut i = s;
        while i > 0 && self.sent_of(i - 1) == sent {
            i -= 1;
            let w = lower(self.tok_text(i));
            if PLACE_CUES.contains(&w.as_str()) {
                return true;
            }
            if !PLACE_FILLERS.contains(&w.as_str()) {
                return false;
            }
        }
        false
    }

    fn kind_of(&self, targets: &[Target]) -> Option<Kind> {
        let mut forms = Forms::default();
        let mut country = None;
        let mut org = None;
        let mut title = None;
        let mut surnames = Vec::new();
        for &t in targets {
            match t {
                Target::Person(p) => return Some(Kind::Person(p)),
                Target::Org(o) => org = org.or(Some(o)),
                Target::Country(c, f) => {
                    country = country.or(Some(c));
                    if country == Some(c) {
                        match f {
                            CountryForm::Name => forms.name = true,
                            CountryForm::Adjective => forms.adjective = true,
                            CountryForm::Demonym => forms.demonym = true,
                            CountryForm::Capital | CountryForm::Building => forms.seat = true,
                        }
                    }
                }
                Target::Title(t) => title = title.or(Some(t)),
                Target::Surname(p) => surnames.push(p),
            }
        }
        if let Some(o) = org {
            Some(Kind::Org(o))
        } else if let Some(c) = country {
            Some(Kind::Country(c, forms))
        } else if let Some(t) = title {
            Some(Kind::Title(t))
        } else if !surnames.is_empty() {
            Some(Kind::Surname(surnames))
        } else {
            None
        }
    }

    /// Whether tokens `a..b` are all fillers or a possessive marker.
    fn gap(&self, a: usize, b: usize, chunk: &mut Chunk, after_modifier: bool) -> bool {
        for i in a..b {
            let w = lower(self.tok_text(i));
            if after_modifier && (w == "'s" || w == "\u{2019}s" || w == "'" || w == "\u{2019}") {
                chunk.possessive = true;
            } else if FILLERS.contains(&w.as_str()) {
                chunk.qualified |= QUALIFIERS.contains(&w.as_str());
            } else {
                return false;
            }
        }
        true
    }

    /// An unknown capitalised name at token `i` (1 to 4 words), stopping at
    /// known items.
    fn name_at(
        &self,
        i: usize,
        item_starts: &std::collections::HashSet<usize>,
    ) -> Option<(usize, Span)> {
        let sent = self.sent_of(i);
        let mut j = i;
        while j < self.doc.tokens.len() && j < i + 4 && self.sent_of(j) == sent {
            let w = self.tok_text(j);
            let cap = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'');
            if !cap || (j > i && item_starts.contains(&j)) {
                break;
            }
            j += 1;
            // "Fazl-ur-Rehman", "Zia-ul-Haq": hyphenated pieces, no spaces.
            while j + 1 < self.doc.tokens.len()
                && self.tok_text(j) == "-"
                && self.doc.tokens[j].span.start() == self.doc.tokens[j - 1].span.end()
                && self.doc.tokens[j + 1].span.start() == self.doc.tokens[j].span.end()
                && self.tok_text(j + 1).chars().all(char::is_alphabetic)
            {
                j += 2;
            }
        }
        if j == i || (j == i + 1 && self.tok_text(i).len() < 3) {
            return None;
        }
        let span = self.doc.tokens[i].span.cover(self.doc.tokens[j - 1].span);
        Some((j, span))
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

    /// Gather the chunk starting at item `k`; returns it and the next item.
    fn chunk(
        &self,
        items: &[Item],
        k: usize,
        item_starts: &std::collections::HashSet<usize>,
    ) -> (Chunk, usize) {
        let first = &items[k];
        let mut c = Chunk {
            s: first.s,
            e: first.e,
            ts: first.ts,
            te: first.te,
            sent: self.sent_of(first.ts),
            ..Chunk::default()
        };
        // Stage: 0 = modifiers, 1 = titles, 2 = person (done).
        let mut stage = 0;
        let mut j = k;
        while j < items.len() {
            let it = &items[j];
            if j > k {
                let after_mod = stage == 0;
                let mut probe = c.clone();
                if it.ts < c.te {
                    break;
                }
                // "French paper workers": one noun between a country and a
                // title; "President Francois Mitterand": given names before
                // a known surname.
                let compound = after_mod
                    && c.country.is_some()
                    && matches!(it.kind, Kind::Title(t) if !self.kb.title(t).person)
                    && it.ts == c.te + 1
                    && self.noun_like(c.te);
                let given = stage == 1
                    && matches!(it.kind, Kind::Surname(_))
                    && it.ts <= c.te + 2
                    && (c.te..it.ts).all(|t| self.capitalised(t));
                if !compound && !given && !self.gap(c.te, it.ts, &mut probe, after_mod) {
                    break;
                }
                if self.sent_of(it.ts) != c.sent {
                    break;
                }
                c.possessive = probe.possessive;
                c.qualified = probe.qualified;
            }
            if it.pro && j == k {
                // Include "pro-" in the mention.
                c.s = self.doc.tokens[it.ts].span.start();
            }
            match &it.kind {
                Kind::Country(cid, f) if stage == 0 && c.country.is_none() && c.org.is_none() => {
                    if it.pro {
                        c.pro = Some(*cid);
                    } else {
                        c.country = Some(*cid);
                        c.forms = *f;
                    }
                }
                Kind::Country(cid, _) if stage == 0 && it.pro && c.pro.is_none() => {
                    c.pro = Some(*cid);
                }
                // "Bosnian Serbs": the people of the first country.
                Kind::Country(_, f)
                    if stage == 0 && c.country.is_some() && c.forms.adjective && f.demonym =>
                {
                    c.forms.demonym = true;
                }
                Kind::Org(o) if stage == 0 && c.org.is_none() => c.org = Some(*o),
                Kind::Title(t) if stage <= 1 => {
                    stage = 1;
                    c.titles.push(*t);
                }
                Kind::Person(p) if stage <= 1 => {
                    stage = 2;
                    c.who = Some(Who::Kb(*p));
                }
                Kind::Named if stage <= 1 => {
                    stage = 2;
                    c.who = Some(Who::Name(Span::from_trusted(it.s, it.e)));
                }
                Kind::Surname(ps) if stage <= 1 && (j == k || stage == 1) => {
                    stage = 2;
                    c.who = Some(Who::Surname(ps.clone()));
                }
                _ => break,
            }
            c.e = it.e;
            c.te = it.te;
            j += 1;
            if stage == 2 {
                break;
            }
        }
        if j == k {
            j = k + 1; // an item that cannot start a chunk (defensive)
        }
        // "the president of Armenia": the country after the title.
        if c.who.is_none()
            && c.country.is_none()
            && c.org.is_none()
            && !c.titles.is_empty()
            && j < items.len()
            && items[j].ts == c.te + 1
            && self.tok_text(c.te) == "of"
            && let Kind::Country(cid, f) = items[j].kind
            && !items[j].pro
        {
            c.country = Some(cid);
            c.forms = f;
            c.e = items[j].e;
            c.te = items[j].te;
            j += 1;
        }
        // An unknown name after a title: "BBC correspondent James Waterhouse".
        if c.who.is_none() && !c.titles.is_empty() && c.te < self.doc.tokens.len() {
            let last_title = self.kb.title(*c.titles.last().expect("titles"));
            if last_title.person {
                if let Some((end, span)) = self.name_at(c.te, item_starts) {
                    c.who = Some(Who::Name(span));
                    c.e = span.end();
                    c.te = end;
                } else if self.tok_text(c.te) == "," && j < items.len() {
                    // Apposition: "his Defense Secretary, Pete Hegseth".
                    let it = &items[j];
                    if it.ts == c.te + 1 {
                        if let Kind::Person(p) = it.kind {
                            c.who = Some(Who::Kb(p));
                            c.e = it.e;
                            c.te = it.te;
                            j += 1;
                        }
                    } else if let Some((end, span)) = self.name_at(c.te + 1, item_starts) {
                        c.who = Some(Who::Name(span));
                        c.e = span.end();
                        c.te = end;
                    }
                }
            }
        }
        // "rebels in Darfur", "ethnic Albanians in south Serbia", "Albanians
        // of southern Serbia": the place says whose they are.
        if let Some(it) = items.get(j)
            && c.te < it.ts
            && self.sent_of(it.ts) == c.sent
            && let Kind::Country(cid, _) = it.kind
            && !it.pro
        {
            let prep = lower(self.tok_text(c.te));
            let joined = matches!(
                prep.as_str(),
                "in" | "of" | "inside" | "throughout" | "across"
            ) && (c.te + 1..it.ts)
                .all(|t| PLACE_FILLERS.contains(&lower(self.tok_text(t)).as_str()));
            // Not "its forces in Lebanon", "peacekeepers in Iraq": troops
            // are often abroad.
            let own = matches!(
                self.det_before(c.ts).as_deref(),
                Some("its" | "their" | "his" | "her" | "our" | "your")
            );
            let abroad = c
                .titles
                .last()
                .is_some_and(|t| self.kb.title(*t).sector == "MIL");
            let homeless = c.country.is_none()
                && c.who.is_none()
                && !own
                && !abroad
                && (!c.titles.is_empty()
                    || c.org.is_some_and(|o| self.kb.org(o).country.is_none()));
            let ethnic = c.forms.demonym
                && c.titles.is_empty()
                && c.who.is_none()
                && (prep == "of" || self.det_before(c.ts).as_deref() == Some("ethnic"));
            if joined && (homeless || ethnic) && Some(cid) != c.country {
                c.located = Some(cid);
                c.located_of = prep == "of";
                c.e = it.e;
                c.te = it.te;
                j += 1;
            }
        }
        (c, j)
    }

    /// Whether token `i` looks like a lower-case noun that can modify a
    /// title ("paper" in "paper workers").
    fn noun_like(&self, i: usize) -> bool {
        let w = self.tok_text(i);
        w.len() >= 3
            && w.chars().all(|c| c.is_ascii_lowercase())
            && !w.ends_with("ly")
            && !w.ends_with("ed")
            && !matches!(
                w,
                "and"
                    | "the"
                    | "for"
                    | "but"
                    | "not"
                    | "has"
                    | "have"
                    | "had"
                    | "was"
                    | "were"
                    | "are"
                    | "said"
                    | "says"
                    | "who"
                    | "that"
                    | "which"
                    | "with"
                    | "from"
                    | "will"
                    | "would"
                    | "could"
                    | "may"
                    | "can"
                    | "unless"
                    | "after"
                    | "before"
                    | "while"
                    | "since"
                    | "until"
                    | "because"
                    | "when"
                    | "where"
                    | "than"
                    | "then"
                    | "also"
                    | "into"
                    | "over"
                    | "under"
                    | "about"
                    | "against"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "our"
                    | "all"
                    | "some"
                    | "many"
                    | "most"
                    | "two"
                    | "three"
            )
    }

    /// Token `i` if it is a plural-looking noun ("Kurds", "landowners").
    fn plural_noun(&self, i: usize) -> Option<usize> {
        let w = self.doc.tokens.get(i).map(|t| self.doc.slice(t.span))?;
        let ok = w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && w.chars().all(char::is_alphabetic)
            && self.sent_of(i) == self.sent_of(i.saturating_sub(1));
        ok.then_some(i)
    }

    fn det_before(&self, ts: usize) -> Option<String> {
        let i = ts.checked_sub(1)?;
        (self.sent_of(i) == self.sent_of(ts)).then(|| lower(self.tok_text(i)))
    }

    fn resolve(&mut self, mut c: Chunk) {
        let det = self.det_before(c.ts);
        let last_title = c.titles.last().map(|t| self.kb.title(*t).clone());
        // Possessor pronoun: "his defense chief" → the possessor's country.
        if c.country.is_none()
            && c.org.is_none()
            && let Some(d) = det.as_deref()
            && matches!(d, "his" | "her")
            && last_title.is_some()
        {
            let g = if d == "his" {
                Gender::Male
            } else {
                Gender::Female
            };
            if let Some(a) = self.antecedent(c.sent, c.ts - 1, Some(g)) {
                self.mention(
                    a,
                    self.doc.tokens[c.ts - 1].span.start(),
                    self.doc.tokens[c.ts - 1].span.end(),
                    c.sent,
                    c.ts - 1,
                );
                let code = self.actors[a].actor.country.clone();
                c.country = code.and_then(|code| self.kb.country_by_code(&code));
            }
        }
        let located = c.located.map(|id| self.kb.country(id).code.clone());
        // "ethnic Albanians in south Serbia", "Albanians of southern Serbia",
        // "ethnic Turks ... Sweden's decision": a people where they live.
        if c.forms.demonym && c.titles.is_empty() && c.who.is_none() && c.org.is_none() {
            let home = c.country;
            let residence = located.clone().or_else(|| {
                (det.as_deref() == Some("ethnic"))
                    .then(|| self.sentence_countries(c.sent).find(|&id| Some(id) != home))
                    .flatten()
                    .map(|id| self.kb.country(id).code.clone())
            });
            if residence.is_some() {
                let a = self.group_actor(&c, "CVL", residence);
                self.mention(a, c.s, c.e, c.sent, c.ts);
                return;
            }
        }
        let country_code = c.country.map(|id| self.kb.country(id).code.clone());
        let org_country = c.org.and_then(|o| self.org_home(o, c.sent));
        let mut place = country_code.clone().or(org_country.clone()).or(located);
        // A title or group of no stated country: the one country the
        // sentence names ("President Yoweri Museveni has banned Ugandan
        // opposition candidates").
        // Not for a title alone ("the president"): coreference decides.
        let named_or_group = match &c.who {
            Some(Who::Name(_)) => true,
            Some(_) => false,
            None => last_title.as_ref().is_none_or(|t| !t.person),
        };
        if place.is_none()
            && (!c.titles.is_empty() || c.org.is_some())
            && named_or_group
            && c.org.is_none_or(|o| is_group_kind(&self.kb.org(o).kind))
        {
            place = self.only_country(c.sent);
        }
        // An unknown name with neither title nor organisation ("The
        // fundamentalist Umma party has said it will boycott Algeria's
        // elections"): the one country its own sentence names.
        if place.is_none()
            && c.titles.is_empty()
            && c.org.is_none()
            && matches!(c.who, Some(Who::Name(_)))
        {
            let mut it = self.sentence_countries(c.sent);
            if let (Some(only), None) = (it.next(), it.next()) {
                place = Some(self.kb.country(only).code.clone());
            }
        }
        match c.who.clone() {
            Some(Who::Kb(p)) => {
                let a = self.person_actor(p, &c, place);
                self.mention(a, c.s, c.e, c.sent, c.ts);
            }
            Some(Who::Surname(ps)) => {
                if let Some(p) = self.pick_surname(&ps, !c.titles.is_empty()) {
                    let a = self.person_actor(p, &c, place);
                    self.mention(a, c.s, c.e, c.sent, c.ts);
                }
            }
            Some(Who::Name(span)) => {
                let a = self.name_actor(span, &c, place);
                self.mention(a, c.s, c.e, c.sent, c.ts);
            }
            None => {
                if let Some(t) = last_title {
                    if t.person {
                        if let Some(a) = self.title_person(&c, &t, det.as_deref(), place.as_deref())
                        {
                            self.mention(a, c.s, c.e, c.sent, c.ts);
                        } else if place.is_some() || c.org.is_some() {
                            // "a British minister", "the US President" when
                            // the holder is unknown: the post itself.
                            let a = self.group_actor(&c, &t.sector, place);
                            self.mention(a, c.s, c.e, c.sent, c.ts);
                        }
                    } else if place.is_some() || c.org.is_some() || c.pro.is_some() {
                        // "Moslem demonstrators": civilians of a religion
                        // keep its code.
                        let religion = c
                            .org
                            .map(|o| self.kb.org(o).kind.as_str())
                            .filter(|k| is_group_kind(k) && *k != "ETH");
                        let sector = match religion {
                            Some(r) if t.sector == "CVL" => r.to_string(),
                            _ => t.sector.clone(),
                        };
                        let a = self.group_actor(&c, &sector, place);
                        self.mention(a, c.s, c.e, c.sent, c.ts);
                    }
                    return;
                }
                // Modifiers alone: a country, a seat of government, an org.
                if let Some(o) = c.org {
                    let org = self.kb.org(o);
                    if c.country.is_some() && is_group_kind(&org.kind) {
                        // "Iraqi Kurds": the group in that country.
                        let a = self.group_actor(&c, group_sector(&org.kind), place);
                        self.mention(a, c.s, c.e, c.sent, c.ts);
                        return;
                    }
                    if org.country.is_none() && place.is_some() && is_group_kind(&org.kind) {
                        // "Moslem forces" in a sentence about Bosnia.
                        let sector = group_sector(&org.kind);
                        let a = self.group_actor(&c, sector, place);
                        self.mention(a, c.s, c.e, c.sent, c.ts);
                        return;
                    }
                    if !org.also.is_empty() && org_country != org.country {
                        let a = self.group_actor(&c, group_sector(&org.kind), org_country);
                        self.mention(a, c.s, c.e, c.sent, c.ts);
                        return;
                    }
                    let key = format!("org:{}", org.id);
                    let a = self.actor(key, || Actor {
                        name: org.name().to_string(),
                        country: org.country.clone(),
                        sector: Some(group_sector(&org.kind).to_string()),
                        kb_id: Some(format!("org:{}", org.id)),
                        ..Actor::default()
                    });
                    self.mention(a, c.s, c.e, c.sent, c.ts);
                    return;
                }
                let Some(cid) = c.country else { return };
                let locative = det.as_deref().is_some_and(|d| LOCATIVE.contains(&d))
                    || (det.as_deref() == Some("the")
                        && c.ts >= 2
                        && LOCATIVE.contains(&lower(self.tok_text(c.ts - 2)).as_str()));
                let country = self.kb.country(cid);
                if c.forms.adjective
                    && !c.forms.name
                    && !c.forms.demonym
                    && !c.forms.seat
                    && !c.forms.place
                {
                    // "Iraqi Kurds", "Algerian landowners": civilians of that
                    // country.
                    if let Some(noun) = self.plural_noun(c.te) {
                        c.e = self.doc.tokens[noun].span.end();
                        c.te = noun + 1;
                        let a = self.group_actor(&c, "CVL", Some(country.code.clone()));
                        self.mention(a, c.s, c.e, c.sent, c.ts);
                        return;
                    }
                    // "French mediation", "a Senegalese peace plan": the country.
                    if c.te < self.doc.tokens.len()
                        && self.sent_of(c.te) == c.sent
                        && self.tok_text(c.te).chars().all(char::is_alphabetic)
                    {
                        let a = self.country_actor(cid);
                        self.mention(a, c.s, c.e, c.sent, c.ts);
                    }
                    return;
                }
                if c.forms.seat && !c.forms.name && !locative {
                    let key = format!("gov:{}", country.code);
                    let a = self.actor(key, || Actor {
                        name: format!("{} government", country.name),
                        country: Some(country.code.clone()),
                        sector: Some("GOV".into()),
                        kb_id: Some(format!("country:{}", country.code)),
                        ..Actor::default()
                    });
                    self.mention(a, c.s, c.e, c.sent, c.ts);
                } else if c.forms.name || c.forms.demonym || c.forms.seat || c.forms.place {
                    let a = self.country_actor(cid);
                    self.mention(a, c.s, c.e, c.sent, c.ts);
                }
            }
        }
    }

    /// Countries named in sentence `sent` (any form, not "pro-"), in
    /// text order, each once.
    fn sentence_countries(&self, sent: usize) -> impl Iterator<Item = CountryId> + '_ {
        let list = self
            .sent_countries
            .get(&sent)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        list.iter()
            .enumerate()
            .filter(|(i, c)| !list[..*i].contains(c))
            .map(|(_, c)| *c)
    }

    /// The code of the only country sentence `sent` names, if it names
    /// exactly one.
    /// Without any in the sentence, the only country the whole document
    /// names.
    fn only_country(&self, sent: usize) -> Option<String> {
        let mut it = self.sentence_countries(sent);
        let first = match it.next() {
            Some(c) => c,
            None => {
                let mut all = self.sent_countries.values().flatten();
                let c = *all.next()?;
                return all
                    .all(|&o| o == c)
                    .then(|| self.kb.country(c).code.clone());
            }
        };
        it.next()
            .is_none()
            .then(|| self.kb.country(first).code.clone())
    }

    /// An organisation's home: of its home countries, the one the sentence
    /// names, else the first.
    fn org_home(&self, o: OrgId, sent: usize) -> Option<String> {
        let org = self.kb.org(o);
        if !org.also.is_empty() {
            for id in self.sentence_countries(sent) {
                let code = &self.kb.country(id).code;
                if org.also.contains(code) || org.country.as_ref() == Some(code) {
                    return Some(code.clone());
                }
            }
        }
        org.country.clone()
    }

    /// The actor of a country itself.
    fn country_actor(&mut self, cid: CountryId) -> usize {
        let country = self.kb.country(cid);
        let key = format!("country:{}", country.code);
        self.actor(key, || Actor {
            name: country.name.clone(),
            country: Some(country.code.clone()),
            kb_id: Some(format!("country:{}", country.code)),
            ..Actor::default()
        })
    }

    fn actor(&mut self, key: String, make: impl FnOnce() -> Actor) -> usize {
        if let Some(&a) = self.by_key.get(&key) {
            return a;
        }
        let a = self.actors.len();
        self.actors.push(Built {
            actor: make(),
            person: false,
            gender: None,
            roles: Vec::new(),
        });
        self.by_key.insert(key, a);
        a
    }

    fn mention(&mut self, a: usize, s: usize, e: usize, sent: usize, tok: usize) {
        let span = Span::from_trusted(s, e);
        let m = &mut self.actors[a].actor.mentions;
        if !m.contains(&span) {
            m.push(span);
            m.sort_by_key(|s| (s.start(), s.end()));
        }
        if self.actors[a].person {
            self.person_mentions.push((sent, tok, a));
        }
    }

    /// A KB person's actor; country/sector/role from the KB on the date,
    /// else from the title in the text.
    fn person_actor(&mut self, p: PersonId, c: &Chunk, place: Option<String>) -> usize {
        let key = format!("person:{}", self.kb.person(p).id);
        if let Some(&a) = self.by_key.get(&key) {
            return a;
        }
        let person = self.kb.person(p);
        let role = self.date.and_then(|d| self.kb.role_on(p, d));
        let text_title = c.titles.last().map(|t| self.kb.title(*t));
        let (country, sector, title, roles) = match role {
            Some(r) => (
                r.country.clone(),
                (!r.sector.is_empty()).then(|| r.sector.clone()),
                Some(r.title.clone()),
                r.roles.clone(),
            ),
            None => {
                let fallback = self
                    .date
                    .and_then(|d| self.kb.last_role(p, d))
                    .and_then(|r| r.country.clone());
                (
                    place.or(fallback),
                    text_title.map(|t| t.sector.clone()),
                    text_title.map(|t| t.text.clone()),
                    Vec::new(),
                )
            }
        };
        let a = self.actors.len();
        self.actors.push(Built {
            actor: Actor {
                name: person.name.clone(),
                country,
                sector,
                role: title,
                kb_id: Some(format!("person:{}", person.id)),
                mentions: Vec::new(),
            },
            person: true,
            gender: person.gender,
            roles,
        });
        self.by_key.insert(key, a);
        a
    }

    /// A person not in the KB, named after a title.
    fn name_actor(&mut self, span: Span, c: &Chunk, place: Option<String>) -> usize {
        let name = self.doc.slice(span).to_string();
        // The same person again, by full name or surname.
        let surname = name.split_whitespace().last().unwrap_or(&name).to_string();
        let existing = self.actors.iter().position(|b| {
            b.person
                && b.actor.kb_id.is_none()
                && (b.actor.name == name || b.actor.name.ends_with(&format!(" {surname}")))
        });
        if let Some(a) = existing {
            return a;
        }
        let t = c.titles.last().map(|t| self.kb.title(*t));
        let org = c.org.map(|o| self.kb.org(o));
        let a = self.actors.len();
        self.actors.push(Built {
            actor: Actor {
                name,
                country: place,
                sector: t.map(|t| t.sector.clone()),
                role: t.map(|t| match org {
                    Some(o) => format!("{} {}", o.name(), t.text),
                    None => t.text.clone(),
                }),
                kb_id: None,
                mentions: Vec::new(),
            },
            person: true,
            gender: None,
            roles: t.map(|t| t.roles.clone()).unwrap_or_default(),
        });
        a
    }

    /// A group: "Russian troops", "pro-Russian insurgents", "UN peacekeepers".
    fn group_actor(&mut self, c: &Chunk, sector: &str, place: Option<String>) -> usize {
        let pro = c.pro.map(|p| self.kb.country(p).code.clone());
        let country = place.clone().or(pro.clone());
        let org = c.org.map(|o| self.kb.org(o));
        let key = format!(
            "group:{}:{}:{}:{}",
            country.as_deref().unwrap_or("-"),
            org.map(|o| o.id.as_str()).unwrap_or("-"),
            pro.as_deref().unwrap_or("-"),
            sector
        );
        let name = self.doc.text()[c.s..c.e].to_string();
        let role = match (&pro, &place) {
            (Some(p), None) => Some(format!("{p}-aligned")),
            (Some(p), Some(_)) => Some(format!("{p}-aligned")),
            _ => None,
        };
        let kb_id = org.map(|o| format!("org:{}", o.id));
        self.actor(key, || Actor {
            name,
            country,
            sector: (!sector.is_empty()).then(|| sector.to_string()),
            role,
            kb_id,
            ..Actor::default()
        })
    }

    /// Whether a doc person actor holds a role matching title `t`.
    fn fits(&self, b: &Built, keys: &[String], sector: &str) -> bool {
        if keys.is_empty() {
            return b.actor.sector.as_deref() == Some(sector);
        }
        keys.iter().any(|k| {
            b.roles.iter().any(|r| {
                r == k
                    || (k == "leader"
                        && matches!(r.as_str(), "head_of_state" | "head_of_government"))
            })
        })
    }

    /// "the Ukrainian president", "the Russian leader", "our reporter",
    /// "the president": an earlier person, or the KB holder on the date.
    fn title_person(
        &mut self,
        c: &Chunk,
        t: &dyad_kb::Title,
        det: Option<&str>,
        place: Option<&str>,
    ) -> Option<usize> {
        if c.qualified || c.pro.is_some() {
            return None;
        }
        let keys = &t.roles;
        if det == Some("our") {
            // The publisher's own reporter: the latest media person.
            return self
                .person_mentions
                .iter()
                .rev()
                .map(|m| m.2)
                .find(|&a| self.actors[a].actor.sector.as_deref() == Some("MED"));
        }
        // An earlier person in the document with this role (and country).
        let earlier = self.person_mentions.iter().rev().map(|m| m.2).find(|&a| {
            let b = &self.actors[a];
            (place.is_none() || b.actor.country.as_deref() == place)
                && self.fits(b, keys, &t.sector)
        });
        if earlier.is_some() {
            return earlier;
        }
        // The holder of the post on the document's date.
        let (place, date) = (place?, self.date?);
        let mut holders: Vec<PersonId> = Vec::new();
        for k in keys {
            for p in self.kb.holders(place, k, date) {
                if !holders.contains(&p) {
                    holders.push(p);
                }
            }
        }
        if holders.len() != 1 {
            return None;
        }
        Some(self.person_actor(holders[0], c, Some(place.to_string())))
    }

    /// A surname alone: someone already mentioned, else the only candidate
    /// holding a role on the document's date.
    fn pick_surname(&self, ps: &[PersonId], titled: bool) -> Option<PersonId> {
        for m in self.person_mentions.iter().rev() {
            let b = &self.actors[m.2];
            if let Some(id) = b
                .actor
                .kb_id
                .as_deref()
                .and_then(|k| k.strip_prefix("person:"))
                && let Some(p) = ps.iter().find(|p| self.kb.person(**p).id == id)
            {
                return Some(*p);
            }
        }
        let active: Vec<PersonId> = match self.date {
            Some(date) => ps
                .iter()
                .copied()
                .filter(|p| self.kb.role_on(*p, date).is_some())
                .collect(),
            None => Vec::new(),
        };
        if active.len() == 1 {
            return Some(active[0]);
        }
        // "President Kagame": a title makes a lone candidate safe; of several
        // ("President Bush"), the one whose latest role before the date
        // started last.
        if !titled || !active.is_empty() {
            return None;
        }
        if ps.len() == 1 {
            return Some(ps[0]);
        }
        let date = self.date?;
        ps.iter()
            .filter_map(|&p| {
                let r = self.kb.last_role(p, date)?;
                (r.start <= date).then_some((r.start, p))
            })
            .max_by_key(|(start, _)| *start)
            .map(|(_, p)| p)
    }

    /// The antecedent of a pronoun at token `tok` of sentence `sent`: the
    /// first person mentioned earlier in the sentence, else the first one of
    /// the nearest of the two previous sentences that mentions one.
    fn antecedent(&self, sent: usize, tok: usize, g: Option<Gender>) -> Option<usize> {
        let ok = |a: usize| {
            let b = &self.actors[a];
            b.person && (g.is_none() || b.gender.is_none() || b.gender == g)
        };
        // Mentions are appended in text order: scan back only over the
        // last three sentences, keeping the first fitting one.
        let first_in = |s: usize, before: usize| {
            let mut best = None;
            for m in self.person_mentions.iter().rev() {
                if m.0 + 2 < sent {
                    break;
                }
                if m.0 == s && m.1 < before && ok(m.2) {
                    best = Some(m.2);
                }
            }
            best
        };
        first_in(sent, tok)
            .or_else(|| sent.checked_sub(1).and_then(|s| first_in(s, usize::MAX)))
            .or_else(|| sent.checked_sub(2).and_then(|s| first_in(s, usize::MAX)))
    }
}
