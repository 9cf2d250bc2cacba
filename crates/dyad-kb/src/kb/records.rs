//! The knowledge base's records: ids, countries, organisations, titles,
//! people and their dated roles, and what a name found in text refers to.

use chrono::NaiveDate;

use crate::error::Loc;

/// Index of a [`Country`] in [`Kb::countries`](crate::Kb::countries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryId(pub u32);
/// Index of an [`Org`] in [`Kb::orgs`](crate::Kb::orgs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgId(pub u32);
/// Index of a [`Title`] in [`Kb::titles`](crate::Kb::titles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TitleId(pub u32);
/// Index of a [`Person`] in [`Kb::people`](crate::Kb::people).
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
    pub(super) fn rank(&self) -> usize {
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
    pub(super) fn conflict_key(&self) -> Option<(u8, u32)> {
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
