//! The knowledge base: loading, validation, lookups.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::date::parse_kb_date;
use crate::error::{KbError, KbWarning, Loc};
use crate::fuzzy::FuzzyIndex;
use crate::matcher::NameMatcher;
use crate::petrarch::{ActorDict, DateRange};
use crate::succession;
use crate::tsv::{self, Row, Table};

/// Index of a [`Country`] in [`Kb::countries`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryId(pub u32);
/// Index of an [`Org`] in [`Kb::orgs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgId(pub u32);
/// Index of a [`Title`] in [`Kb::titles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TitleId(pub u32);
/// Index of a [`Person`] in [`Kb::people`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub u32);

/// A country or territory.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (the CAMEO country code).
    pub code: String,
    /// ISO 3166-1 alpha-2 code.
    pub alpha2: String,
    /// Display name.
    pub name: String,
    /// Other names and short forms.
    pub names: Vec<String>,
    /// Adjectives ("Ukrainian").
    pub adjectives: Vec<String>,
    /// Names for its people ("Ukrainians").
    pub demonyms: Vec<String>,
    /// Capitals and seats of government, used as metonyms.
    pub capitals: Vec<String>,
    /// Government buildings used as metonyms.
    pub buildings: Vec<String>,
    /// Source note.
    pub source: String,
    /// Where it was defined.
    pub loc: Loc,
}

/// An organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    /// KB identifier ("NATO").
    pub id: String,
    /// CAMEO-style type or sector code (IGO, NGO, MED, REB, PTY, GOV, MIL…).
    pub kind: String,
    /// Home country (alpha-3), if any: the first of the `country` column.
    pub country: Option<String>,
    /// Further home countries of groups living in several states (the
    /// Hausa in Nigeria and Niger): the rest of the `country` column.
    pub also: Vec<String>,
    /// Names; the first is the display name.
    pub names: Vec<String>,
    /// Source note.
    pub source: String,
    /// Where it was defined.
    pub loc: Loc,
}

impl Org {
    /// The display name.
    pub fn name(&self) -> &str {
        self.names.first().map(String::as_str).unwrap_or(&self.id)
    }
}

/// A title or agent word.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// The word or phrase as written in the KB.
    pub text: String,
    /// CAMEO sector code.
    pub sector: String,
    /// Functional role keys ("head_of_state"…).
    pub roles: Vec<String>,
    /// Whether it names one person (a title) rather than a group.
    pub person: bool,
    /// Source note.
    pub source: String,
    /// Where it was defined.
    pub loc: Loc,
}

/// Grammatical gender, for pronoun resolution only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// he/him/his.
    Male,
    /// she/her.
    Female,
}

/// A person.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// KB identifier ("donald_trump").
    pub id: String,
    /// Display name.
    pub name: String,
    /// The surname used alone in text, if any.
    pub surname: Option<String>,
    /// Other spellings.
    pub variants: Vec<String>,
    /// Gender, if recorded.
    pub gender: Option<Gender>,
    /// Source note.
    pub source: String,
    /// Where it was defined.
    pub loc: Loc,
}

/// One dated role of a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// Who.
    pub person: PersonId,
    /// Country served (alpha-3), if any.
    pub country: Option<String>,
    /// Organisation, if any.
    pub org: Option<OrgId>,
    /// CAMEO sector code.
    pub sector: String,
    /// Functional role keys.
    pub roles: Vec<String>,
    /// The title as news writes it ("President").
    pub title: String,
    /// First day in the role.
    pub start: NaiveDate,
    /// First day no longer in the role; `None` while it continues.
    pub end: Option<NaiveDate>,
    /// Source note.
    pub source: String,
    /// Where it was defined.
    pub loc: Loc,
}

impl Role {
    /// Whether the role is held on `date`.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date < e)
    }

    /// Whether it has the role key `key`.
    pub fn has(&self, key: &str) -> bool {
        self.roles.iter().any(|r| r == key)
    }

    /// Rank for choosing a person's main role (lower is more important).
    fn rank(&self) -> usize {
        const ORDER: [&str; 8] = [
            "leader",
            "head_of_state",
            "head_of_government",
            "head",
            "vice_president",
            "foreign_minister",
            "defence_minister",
            "finance_minister",
        ];
        self.roles
            .iter()
            .filter_map(|r| ORDER.iter().position(|o| o == r))
            .min()
            .unwrap_or(ORDER.len())
    }
}

/// How a country is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountryForm {
    /// Its name or a short form ("Ukraine", "the UK").
    Name,
    /// An adjective ("Ukrainian").
    Adjective,
    /// Its people ("Ukrainians").
    Demonym,
    /// Its capital or seat of government ("Kyiv").
    Capital,
    /// A government building ("the Kremlin").
    Building,
}

/// What a name found in text refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A country, named in the given way.
    Country(CountryId, CountryForm),
    /// An organisation.
    Org(OrgId),
    /// A title or agent word.
    Title(TitleId),
    /// A person, by full name or variant.
    Person(PersonId),
    /// A person, by surname alone (ambiguous by nature; several may match).
    Surname(PersonId),
}

impl Target {
    /// Entities of the same kind that should not share a name.
    fn conflict_key(&self) -> Option<(u8, u32)> {
        match *self {
            Target::Country(c, _) => Some((0, c.0)),
            Target::Org(o) => Some((1, o.0)),
            Target::Title(t) => Some((2, t.0)),
            Target::Person(p) => Some((3, p.0)),
            Target::Surname(_) => None,
        }
    }
}

/// A KB name found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct KbMatch {
    /// Byte start.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// What it may refer to (one or more).
    pub targets: Vec<Target>,
}

pub(crate) const DEFAULTS: [(&str, &str); 7] = [
    (
        "kb/countries.tsv",
        include_str!("../../../kb/countries.tsv"),
    ),
    ("kb/orgs.tsv", include_str!("../../../kb/orgs.tsv")),
    ("kb/groups.tsv", include_str!("../../../kb/groups.tsv")),
    ("kb/titles.tsv", include_str!("../../../kb/titles.tsv")),
    ("kb/people.tsv", include_str!("../../../kb/people.tsv")),
    ("kb/roles.tsv", include_str!("../../../kb/roles.tsv")),
    (
        "kb/successions.tsv",
        include_str!("../../../kb/successions.tsv"),
    ),
];

const H_COUNTRIES: &[&str] = &[
    "code",
    "alpha2",
    "name",
    "names",
    "adjectives",
    "demonyms",
    "capitals",
    "buildings",
    "source",
];
const H_ORGS: &[&str] = &["id", "type", "country", "names", "source"];
const H_TITLES: &[&str] = &["text", "sector", "role", "person", "source"];
const H_PEOPLE: &[&str] = &["id", "name", "surname", "variants", "gender", "source"];
const H_SUCCESSIONS: &[&str] = succession::HEADER;
const H_ROLES: &[&str] = &[
    "person", "country", "org", "sector", "role", "title", "start", "end", "source",
];

/// Collects KB texts, then checks and compiles them with [`KbBuilder::build`].
#[derive(Debug, Default, Clone)]
pub struct KbBuilder {
    files: Vec<(String, String)>,
    petrarch: Vec<(String, ActorDict)>,
}

impl KbBuilder {
    /// Add the built-in KB files (compiled into the binary).
    pub fn defaults(mut self) -> KbBuilder {
        for (name, text) in DEFAULTS {
            self.files.push((name.to_string(), text.to_string()));
        }
        self
    }

    /// Add a KB file from disk.
    pub fn add_file(mut self, path: impl AsRef<Path>) -> Result<KbBuilder, KbError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| KbError::Io {
            file: path.display().to_string(),
            source,
        })?;
        self.files.push((path.display().to_string(), text));
        Ok(self)
    }

    /// Add KB text held in memory; `name` is used in messages.
    pub fn add_str(mut self, name: impl Into<String>, text: impl Into<String>) -> KbBuilder {
        self.files.push((name.into(), text.into()));
        self
    }

    /// Add a TABARI/PETRARCH actor dictionary (see [`crate::petrarch`]).
    /// Records whose codes are all one known country code become names of
    /// that country; records coded `IGO…`, `NGO…`, `MNC…` and the like
    /// become organisations; the others become people whose dated codes
    /// (`USAGOV 450703-470121`) become dated roles (country = the code's
    /// first three letters when they are a country, sector = the next three).
    /// Names are matched case-insensitively; stems (phrases without a final
    /// `_`) are matched as whole words. Names that the KB already has for
    /// another entity are reported as warnings and keep their KB meaning.
    pub fn add_petrarch_actors(mut self, name: impl Into<String>, dict: ActorDict) -> KbBuilder {
        self.petrarch.push((name.into(), dict));
        self
    }

    /// Parse, check and compile everything added. Fatal problems are errors
    /// naming file and line; duplicates and conflicts become
    /// [`Kb::warnings`] and the first definition is kept.
    pub fn build(self) -> Result<Kb, KbError> {
        let mut kb = Kb::empty();
        let mut tables: Vec<(&str, Table<'_>)> = Vec::new();
        for (name, text) in &self.files {
            tables.push((name.as_str(), tsv::read(name, text)?));
        }
        // Roles refer to people (and orgs, countries) from any file: load
        // roles last.
        for (file, t) in &tables {
            let h = t.header.as_slice();
            if h == H_COUNTRIES {
                kb.load_countries(file, &t.rows)?;
            } else if h == H_ORGS
                || h == H_TITLES
                || h == H_PEOPLE
                || h == H_ROLES
                || h == H_SUCCESSIONS
            {
                // later
            } else {
                return Err(KbError::syntax(
                    file,
                    header_line(&self.files, file),
                    format!(
                        "unknown header {:?}; see kb/README.md for the six kinds",
                        h.join(" ")
                    ),
                ));
            }
        }
        for (want, _) in [(H_ORGS, ()), (H_TITLES, ()), (H_PEOPLE, ()), (H_ROLES, ())] {
            for (file, t) in &tables {
                if t.header.as_slice() != want {
                    continue;
                }
                match want {
                    w if w == H_ORGS => kb.load_orgs(file, &t.rows)?,
                    w if w == H_TITLES => kb.load_titles(file, &t.rows)?,
                    w if w == H_PEOPLE => kb.load_people(file, &t.rows)?,
                    _ => kb.load_roles(file, &t.rows)?,
                }
            }
        }
        for (file, t) in &tables {
            if t.header.as_slice() == H_SUCCESSIONS {
                kb.load_successions(file, &t.rows)?;
            }
        }
        for (name, dict) in &self.petrarch {
            kb.load_petrarch(name, dict);
        }
        kb.compile();
        Ok(kb)
    }
}

/// Error unless the fields `cols` of row `r` are all filled.
fn need(file: &str, r: &Row<'_>, cols: &[usize], msg: &str) -> Result<(), KbError> {
    if cols.iter().any(|&c| r.fields[c].is_empty()) {
        return Err(KbError::syntax(file, r.line, msg));
    }
    Ok(())
}

fn loc(file: &str, line: usize) -> Loc {
    Loc {
        file: file.to_string(),
        line,
    }
}

fn header_line(files: &[(String, String)], file: &str) -> usize {
    files
        .iter()
        .find(|(n, _)| n == file)
        .and_then(|(_, t)| {
            t.lines()
                .position(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|i| i + 1)
        })
        .unwrap_or(1)
}

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

    fn warn(&mut self, file: &str, line: usize, message: String) {
        self.warnings.push(KbWarning {
            loc: loc(file, line),
            message,
        });
    }

    fn warn_dup(&mut self, file: &str, line: usize, kind: &str, what: &str, prev: &Loc) {
        self.warn(
            file,
            line,
            format!("{kind} {what} already defined at {prev}; this entry is ignored"),
        );
    }

    fn load_successions(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
        let lines = succession::check(file, rows, |c| self.country_by_code(c))?;
        for (succ, pred, from, line) in lines {
            if let Some((_, _, prev)) = self.successions.get(&succ) {
                let (prev, code) = (prev.clone(), self.country(succ).code.clone());
                self.warn_dup(file, line, "succession of", &code, &prev);
                continue;
            }
            self.successions.insert(succ, (pred, from, loc(file, line)));
        }
        Ok(())
    }

    fn load_countries(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
        for r in rows {
            let f = &r.fields;
            let list = |s: &str| tsv::multi(s).map(String::from).collect::<Vec<_>>();
            let code = f[0];
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(KbError::syntax(
                    file,
                    r.line,
                    format!("country code {code:?} is not three capital letters"),
                ));
            }
            if f[1].len() != 2 || !f[1].bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(KbError::syntax(
                    file,
                    r.line,
                    format!("alpha-2 code {:?} is not two capital letters", f[1]),
                ));
            }
            if f[2].is_empty() {
                return Err(KbError::syntax(file, r.line, "country without a name"));
            }
            if let Some(&prev) = self.by_code.get(code) {
                let prev = self.country(prev).loc.clone();
                self.warn_dup(file, r.line, "country", code, &prev);
                continue;
            }
            let id = CountryId(self.countries.len() as u32);
            self.by_code.insert(code.to_string(), id);
            self.by_code.entry(f[1].to_string()).or_insert(id);
            self.countries.push(Country {
                code: code.to_string(),
                alpha2: f[1].to_string(),
                name: f[2].to_string(),
                names: list(f[3]),
                adjectives: list(f[4]),
                demonyms: list(f[5]),
                capitals: list(f[6]),
                buildings: list(f[7]),
                source: r.source.clone(),
                loc: loc(file, r.line),
            });
        }
        Ok(())
    }

    fn check_country(&self, file: &str, line: usize, code: &str) -> Result<(), KbError> {
        if code.is_empty()
            || self
                .by_code
                .get(code)
                .is_some_and(|c| self.country(*c).code == code)
        {
            Ok(())
        } else {
            Err(KbError::syntax(
                file,
                line,
                format!("unknown country code {code:?} (want an alpha-3 code from countries.tsv)"),
            ))
        }
    }

    fn load_orgs(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
        for r in rows {
            let f = &r.fields;
            need(file, r, &[0, 1], "organisation needs an id and a type")?;
            let homes: Vec<String> = tsv::multi(f[2]).map(String::from).collect();
            for h in &homes {
                self.check_country(file, r.line, h)?;
            }
            let names: Vec<String> = tsv::multi(f[3]).map(String::from).collect();
            if names.is_empty() {
                return Err(KbError::syntax(file, r.line, "organisation without names"));
            }
            if let Some(&prev) = self.by_org.get(f[0]) {
                let prev = self.org(prev).loc.clone();
                self.warn_dup(file, r.line, "organisation", f[0], &prev);
                continue;
            }
            let id = OrgId(self.orgs.len() as u32);
            self.by_org.insert(f[0].to_string(), id);
            self.orgs.push(Org {
                id: f[0].to_string(),
                kind: f[1].to_string(),
                country: homes.first().cloned(),
                also: homes.iter().skip(1).cloned().collect(),
                names,
                source: r.source.clone(),
                loc: loc(file, r.line),
            });
        }
        Ok(())
    }

    fn load_titles(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
        for r in rows {
            let f = &r.fields;
            need(file, r, &[0, 1], "title needs a text and a sector")?;
            let person = match f[3] {
                "yes" => true,
                "no" => false,
                other => {
                    return Err(KbError::syntax(
                        file,
                        r.line,
                        format!("`person` must be yes or no, not {other:?}"),
                    ));
                }
            };
            let key = f[0].to_lowercase();
            if let Some(&prev) = self.by_title.get(&key) {
                let prev = self.title(prev).loc.clone();
                self.warn_dup(file, r.line, "title", f[0], &prev);
                continue;
            }
            let id = TitleId(self.titles.len() as u32);
            self.by_title.insert(key, id);
            self.titles.push(Title {
                text: f[0].to_string(),
                sector: f[1].to_string(),
                roles: tsv::multi(f[2]).map(String::from).collect(),
                person,
                source: r.source.clone(),
                loc: loc(file, r.line),
            });
        }
        Ok(())
    }

    fn load_people(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
        for r in rows {
            let f = &r.fields;
            need(file, r, &[0, 1], "person needs an id and a name")?;
            let gender = match f[4] {
                "M" => Some(Gender::Male),
                "F" => Some(Gender::Female),
                "" => None,
                other => {
                    return Err(KbError::syntax(
                        file,
                        r.line,
                        format!("gender must be M, F or empty, not {other:?}"),
                    ));
                }
            };
            if let Some(&prev) = self.by_person.get(f[0]) {
                let prev = self.person(prev).loc.clone();
                self.warn_dup(file, r.line, "person", f[0], &prev);
                continue;
            }
            let surname = match f[2] {
                "-" => None,
                "" => f[1].split_whitespace().last().map(String::from),
                s => Some(s.to_string()),
            }
            .filter(|s| s != f[1]);
            let id = PersonId(self.people.len() as u32);
            self.by_person.insert(f[0].to_string(), id);
            self.roles_of.push(Vec::new());
            self.people.push(Person {
                id: f[0].to_string(),
                name: f[1].to_string(),
                surname,
                variants: tsv::multi(f[3]).map(String::from).collect(),
                gender,
                source: r.source.clone(),
                loc: loc(file, r.line),
            });
        }
        Ok(())
    }

    fn load_roles(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
        for r in rows {
            let f = &r.fields;
            let syn = |m: String| KbError::syntax(file, r.line, m);
            let person = self
                .person_by_id(f[0])
                .ok_or_else(|| syn(format!("unknown person {:?} (not in a people file)", f[0])))?;
            self.check_country(file, r.line, f[1])?;
            let org = if f[2].is_empty() {
                None
            } else {
                Some(
                    self.org_by_id(f[2])
                        .ok_or_else(|| syn(format!("unknown organisation {:?}", f[2])))?,
                )
            };
            if f[1].is_empty() && org.is_none() {
                return Err(syn("role needs a country or an organisation".into()));
            }
            if f[3].is_empty() {
                return Err(syn("role needs a sector".into()));
            }
            if f[6].is_empty() {
                return Err(syn("role needs a start date".into()));
            }
            let start = parse_kb_date(f[6], false).map_err(syn)?;
            let end = if f[7].is_empty() {
                None
            } else {
                Some(parse_kb_date(f[7], true).map_err(syn)?)
            };
            if let Some(e) = end
                && e <= start
            {
                return Err(syn(format!(
                    "role ends ({}) before it starts ({})",
                    f[7], f[6]
                )));
            }
            let role = Role {
                person,
                country: (!f[1].is_empty()).then(|| f[1].to_string()),
                org,
                sector: f[3].to_string(),
                roles: tsv::multi(f[4]).map(String::from).collect(),
                title: f[5].to_string(),
                start,
                end,
                source: r.source.clone(),
                loc: loc(file, r.line),
            };
            let dup = self.roles_of(person).find(|o| {
                o.country == role.country
                    && o.org == role.org
                    && o.roles == role.roles
                    && o.start < role.end.unwrap_or(NaiveDate::MAX)
                    && role.start < o.end.unwrap_or(NaiveDate::MAX)
            });
            if let Some(o) = dup {
                let loc = o.loc.clone();
                self.warn(
                    file,
                    r.line,
                    format!(
                        "role of {} overlaps the same role at {loc}; this entry is ignored",
                        f[0]
                    ),
                );
                continue;
            }
            self.roles_of[person.0 as usize].push(self.roles.len() as u32);
            self.roles.push(role);
        }
        Ok(())
    }

    /// The country whose alpha-3 code starts a CAMEO code.
    fn country_prefix(&self, code: &str) -> Option<CountryId> {
        let p = code.get(..3)?;
        self.by_code
            .get(p)
            .copied()
            .filter(|id| self.country(*id).code == p)
    }

    fn load_petrarch(&mut self, file: &str, dict: &ActorDict) {
        let far_past = NaiveDate::from_ymd_opt(1800, 1, 1).expect("valid date");
        for e in &dict.entries {
            let names: Vec<String> = e.phrases().map(|p| p.text().to_lowercase()).collect();
            let codes: Vec<(&str, DateRange, Option<CountryId>)> = e
                .code
                .iter()
                .map(|c| (c.as_str(), DateRange::Always))
                .chain(e.dated.iter().map(|d| (d.code.as_str(), d.range)))
                .map(|(c, r)| (c, r, self.country_prefix(c)))
                .collect();
            let Some(&(first, _, first_country)) = codes.first() else {
                continue;
            };
            // A country's other names: country codes only (several when the
            // state changed, "YUG" then "SRB"); the default code decides.
            if codes.iter().all(|(c, _, _)| c.len() == 3) {
                if let Some(cid) = first_country {
                    let c = &mut self.countries[cid.0 as usize];
                    let known: std::collections::HashSet<String> = std::iter::once(&c.name)
                        .chain(&c.names)
                        .chain(&c.adjectives)
                        .chain(&c.demonyms)
                        .chain(&c.capitals)
                        .chain(&c.buildings)
                        .map(|n| n.to_lowercase())
                        .collect();
                    for n in names {
                        if !known.contains(&n) {
                            c.names.push(n);
                        }
                    }
                }
                continue;
            }
            let loc = loc(file, e.line);
            // An organisation: IGO, NGO, MNC… codes.
            if codes.iter().all(|(_, _, c)| c.is_none()) && first.len() >= 3 {
                let id = format!("petr:{file}:{}", e.line);
                self.by_org
                    .insert(id.clone(), OrgId(self.orgs.len() as u32));
                self.orgs.push(Org {
                    id,
                    kind: first[..3].to_string(),
                    country: None,
                    also: Vec::new(),
                    names,
                    source: format!("PETRARCH dictionary {file}"),
                    loc,
                });
                continue;
            }
            // A person with dated codes.
            let pid = PersonId(self.people.len() as u32);
            let id = format!("petr:{file}:{}", e.line);
            self.by_person.insert(id.clone(), pid);
            self.roles_of.push(Vec::new());
            let mut names = names.into_iter();
            self.people.push(Person {
                id,
                name: names.next().unwrap_or_default(),
                surname: None,
                variants: names.collect(),
                gender: None,
                source: format!("PETRARCH dictionary {file}"),
                loc: loc.clone(),
            });
            for (code, range, cid) in codes {
                let (start, end) = match range {
                    DateRange::Always => (far_past, None),
                    DateRange::Before(d) => (far_past, d.succ_opt()),
                    DateRange::After(d) => (d, None),
                    DateRange::Between(a, b) => (a, b.succ_opt()),
                };
                let country = cid.map(|c| self.country(c).code.clone());
                let sector = match country {
                    Some(_) => code.get(3..6).unwrap_or("").to_string(),
                    None => code.get(..3).unwrap_or(code).to_string(),
                };
                self.roles_of[pid.0 as usize].push(self.roles.len() as u32);
                self.roles.push(Role {
                    person: pid,
                    country,
                    org: None,
                    sector,
                    roles: Vec::new(),
                    title: code.to_string(),
                    start,
                    end,
                    source: format!("PETRARCH dictionary {file}"),
                    loc: loc.clone(),
                });
            }
        }
    }

    /// Build the name matcher and report names shared by two entities of
    /// the same kind (the first keeps the name).
    fn compile(&mut self) {
        let mut entries: Vec<(String, Target, Loc)> = Vec::new();
        for (i, c) in self.countries.iter().enumerate() {
            let id = CountryId(i as u32);
            let forms = [
                (std::slice::from_ref(&c.name), CountryForm::Name),
                (&c.names[..], CountryForm::Name),
                (&c.adjectives[..], CountryForm::Adjective),
                (&c.demonyms[..], CountryForm::Demonym),
                (&c.capitals[..], CountryForm::Capital),
                (&c.buildings[..], CountryForm::Building),
            ];
            for (names, form) in forms {
                for n in names {
                    entries.push((n.clone(), Target::Country(id, form), c.loc.clone()));
                }
            }
        }
        for (i, o) in self.orgs.iter().enumerate() {
            for n in &o.names {
                entries.push((n.clone(), Target::Org(OrgId(i as u32)), o.loc.clone()));
            }
        }
        for (i, t) in self.titles.iter().enumerate() {
            entries.push((
                t.text.clone(),
                Target::Title(TitleId(i as u32)),
                t.loc.clone(),
            ));
        }
        for (i, p) in self.people.iter().enumerate() {
            let id = PersonId(i as u32);
            for n in std::iter::once(&p.name).chain(&p.variants) {
                entries.push((n.clone(), Target::Person(id), p.loc.clone()));
            }
            if let Some(s) = &p.surname {
                entries.push((s.clone(), Target::Surname(id), p.loc.clone()));
            }
        }
        // Conflicts: the same folded name, the same kind, different entities.
        let mut seen: HashMap<(String, u8), (u32, Loc)> = HashMap::new();
        let mut keep = Vec::with_capacity(entries.len());
        let mut warnings = Vec::new();
        let mut exact: std::collections::HashSet<(String, Target)> = Default::default();
        for (name, t, loc) in entries {
            let folded = crate::matcher::fold(name.trim()).0;
            if !exact.insert((folded.clone(), t)) {
                continue;
            }
            if let Some((kind, id)) = t.conflict_key() {
                match seen.get(&(folded.clone(), kind)) {
                    Some((prev, ploc)) if *prev != id => {
                        warnings.push(KbWarning {
                            loc: loc.clone(),
                            message: format!(
                                "name {name:?} already names another entry at {ploc}; kept there only"
                            ),
                        });
                        continue;
                    }
                    _ => {
                        seen.insert((folded, kind), (id, loc));
                    }
                }
            }
            keep.push((name, t));
        }
        self.warnings.extend(warnings);
        let single = |n: &str, min: usize| {
            n.chars().count() >= min
                && n.chars().all(char::is_alphabetic)
                && n.chars().any(char::is_lowercase)
        };
        let fuzzy = keep.iter().filter_map(|(n, t)| {
            let ok = match t {
                Target::Country(_, f) => {
                    matches!(
                        f,
                        CountryForm::Name | CountryForm::Adjective | CountryForm::Demonym
                    ) && single(n, 5)
                }
                Target::Surname(_) => single(n, 7),
                _ => false,
            };
            ok.then(|| (n.clone(), *t))
        });
        self.fuzzy = FuzzyIndex::new(fuzzy.collect::<Vec<_>>());
        self.names = NameMatcher::new(keep);
    }
}
