//! The knowledge base: the compiled [`Kb`] and its lookups (records by id
//! and code, dated roles, the country of a place on a date, names in text).
//!
//! Its parts, one file each: `records` (the record types), `builder`
//! ([`KbBuilder`]: files collected and compiled in dependency order), `load`
//! (reading and validating each kind of file), `petrarch_actors` (PETRARCH
//! actor dictionaries merged in) and `names` (the name matcher and the
//! misspelling index).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::error::{KbError, KbWarning, Loc};
use crate::fuzzy::FuzzyIndex;
use crate::matcher::NameMatcher;

mod builder;
mod load;
mod names;
mod petrarch_actors;
mod records;

pub(crate) use builder::DEFAULTS;
pub use builder::KbBuilder;
pub use records::{
    Country, CountryForm, CountryId, Gender, KbMatch, Org, OrgId, Person, PersonId, Role, Target,
    Title, TitleId,
};

/// The compiled knowledge base.
#[derive(Debug, Clone)]
pub struct Kb {
    countries: Vec<Country>,
    orgs: Vec<Org>,
    titles: Vec<Title>,
    people: Vec<Person>,
    roles: Vec<Role>,
    by_code: HashMap<String, CountryId>,
    by_org: HashMap<String, OrgId>,
    by_person: HashMap<String, PersonId>,
    by_title: HashMap<String, TitleId>,
    roles_of: Vec<Vec<u32>>,
    /// Per country: the predecessor whose code its places take before the
    /// date, and where that was defined.
    successions: HashMap<CountryId, (CountryId, NaiveDate, Loc)>,
    names: NameMatcher<Target>,
    fuzzy: FuzzyIndex<Target>,
    warnings: Vec<KbWarning>,
}

impl Kb {
    /// A KB with nothing in it (what [`KbBuilder::build`] fills).
    fn empty() -> Kb {
        Kb {
            countries: Vec::new(),
            orgs: Vec::new(),
            titles: Vec::new(),
            people: Vec::new(),
            roles: Vec::new(),
            by_code: HashMap::new(),
            by_org: HashMap::new(),
            by_person: HashMap::new(),
            by_title: HashMap::new(),
            roles_of: Vec::new(),
            successions: HashMap::new(),
            names: NameMatcher::new(Vec::new()),
            fuzzy: FuzzyIndex::default(),
            warnings: Vec::new(),
        }
    }

    /// A builder, empty; call [`KbBuilder::defaults`] for the built-in files.
    pub fn builder() -> KbBuilder {
        KbBuilder::default()
    }

    /// The built-in KB alone.
    pub fn builtin() -> Result<Kb, KbError> {
        Kb::builder().defaults().build()
    }

    /// Duplicates and conflicts found while loading (first definition kept).
    pub fn warnings(&self) -> &[KbWarning] {
        &self.warnings
    }

    /// All countries.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }
    /// All organisations.
    pub fn orgs(&self) -> &[Org] {
        &self.orgs
    }
    /// All titles and agent words.
    pub fn titles(&self) -> &[Title] {
        &self.titles
    }
    /// All people.
    pub fn people(&self) -> &[Person] {
        &self.people
    }
    /// All roles.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The country a place in country `id` belonged to on `date`: the
    /// predecessor from `kb/successions.tsv` while the successor did not
    /// exist yet (Juba in 2005 → Sudan), followed through chains; `id`
    /// itself otherwise. One hash lookup per step.
    pub fn country_on(&self, id: CountryId, date: NaiveDate) -> CountryId {
        let mut cur = id;
        // Chains are short; the bound guards against a cycle in user files.
        for _ in 0..8 {
            match self.successions.get(&cur) {
                Some(&(pred, from, _)) if date < from => cur = pred,
                _ => break,
            }
        }
        cur
    }

    /// The predecessor of country `id` and the first day `id` applies, if
    /// the KB has a succession for it.
    pub fn predecessor(&self, id: CountryId) -> Option<(CountryId, NaiveDate)> {
        self.successions.get(&id).map(|&(p, d, _)| (p, d))
    }

    /// A country by id.
    pub fn country(&self, id: CountryId) -> &Country {
        &self.countries[id.0 as usize]
    }
    /// An organisation by id.
    pub fn org(&self, id: OrgId) -> &Org {
        &self.orgs[id.0 as usize]
    }
    /// A title by id.
    pub fn title(&self, id: TitleId) -> &Title {
        &self.titles[id.0 as usize]
    }
    /// A person by id.
    pub fn person(&self, id: PersonId) -> &Person {
        &self.people[id.0 as usize]
    }

    /// A country by alpha-3 or alpha-2 code.
    pub fn country_by_code(&self, code: &str) -> Option<CountryId> {
        self.by_code.get(code).copied()
    }
    /// An organisation by KB id.
    pub fn org_by_id(&self, id: &str) -> Option<OrgId> {
        self.by_org.get(id).copied()
    }
    /// A person by KB id.
    pub fn person_by_id(&self, id: &str) -> Option<PersonId> {
        self.by_person.get(id).copied()
    }
    /// A title by its text (case-insensitive).
    pub fn title_by_text(&self, text: &str) -> Option<TitleId> {
        self.by_title.get(&text.trim().to_lowercase()).copied()
    }

    /// Every role of `person`, in file order.
    pub fn roles_of(&self, person: PersonId) -> impl Iterator<Item = &Role> {
        self.roles_of
            .get(person.0 as usize)
            .into_iter()
            .flatten()
            .map(|&i| &self.roles[i as usize])
    }

    /// The roles `person` holds on `date`.
    pub fn roles_on(&self, person: PersonId, date: NaiveDate) -> Vec<&Role> {
        self.roles_of(person)
            .filter(|r| r.active_on(date))
            .collect()
    }

    /// The person's main role on `date` (leader, head of state or
    /// government, head of an organisation, then ministers…), if any.
    pub fn role_on(&self, person: PersonId, date: NaiveDate) -> Option<&Role> {
        self.roles_of(person)
            .filter(|r| r.active_on(date))
            .min_by_key(|r| r.rank())
    }

    /// The most recent role that started on or before `date` (held or
    /// not), else the earliest role: a fallback for the person's country.
    pub fn last_role(&self, person: PersonId, date: NaiveDate) -> Option<&Role> {
        self.roles_of(person)
            .filter(|r| r.start <= date)
            .max_by_key(|r| (r.start, std::cmp::Reverse(r.rank())))
            .or_else(|| self.roles_of(person).min_by_key(|r| r.start))
    }

    /// Who holds role `key` for `country_or_org` (an alpha-3 code or an org
    /// id) on `date`, in file order.
    pub fn holders(&self, country_or_org: &str, key: &str, date: NaiveDate) -> Vec<PersonId> {
        let org = self.org_by_id(country_or_org);
        let mut out: Vec<PersonId> = Vec::new();
        for r in &self.roles {
            let place = r.country.as_deref() == Some(country_or_org)
                || (org.is_some() && r.org == org && r.country.is_none());
            if place && r.has(key) && r.active_on(date) && !out.contains(&r.person) {
                out.push(r.person);
            }
        }
        out
    }

    /// Find KB names in `text` (byte offsets; leftmost-longest,
    /// non-overlapping, at word boundaries, capitalisation-checked).
    pub fn find(&self, text: &str) -> Vec<KbMatch> {
        self.names
            .find(text)
            .into_iter()
            .map(|f| KbMatch {
                start: f.start,
                end: f.end,
                targets: f.values.into_iter().copied().collect(),
            })
            .collect()
    }

    /// What a misspelt single word of 6 letters or more may refer to: the
    /// country names, adjectives and demonyms of 5 letters or more and the
    /// surnames of 7
    /// or more that are one edit (insertion, deletion, substitution,
    /// transposition) away from `word` ("Ethopia", "Quatar", "Mitterand"),
    /// when exactly one such name exists; empty otherwise, and for words
    /// that are KB names themselves.
    pub fn find_near(&self, word: &str) -> Vec<Target> {
        if word.chars().count() < 6 || !self.lookup(word).is_empty() {
            return Vec::new();
        }
        self.fuzzy.near(word)
    }

    /// What the exact name `name` may refer to (case-insensitive).
    pub fn lookup(&self, name: &str) -> Vec<Target> {
        self.names.lookup(name).into_iter().copied().collect()
    }

    /// Display name of a target.
    pub fn target_name(&self, t: Target) -> &str {
        match t {
            Target::Country(c, _) => &self.country(c).name,
            Target::Org(o) => self.org(o).name(),
            Target::Title(t) => &self.title(t).text,
            Target::Person(p) | Target::Surname(p) => &self.person(p).name,
        }
    }
}
