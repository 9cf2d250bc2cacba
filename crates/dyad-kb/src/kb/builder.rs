//! [`KbBuilder`]: the built-in and user files (and PETRARCH actor
//! dictionaries) collected, then read, checked and compiled into a [`Kb`]
//! in dependency order.

use std::path::Path;

use crate::petrarch::ActorDict;
use crate::succession;
use crate::tsv::{self, Table};

use super::*;

pub(crate) const DEFAULTS: [(&str, &str); 7] = [
    (
        "kb/countries.tsv",
        include_str!("../../../../kb/countries.tsv"),
    ),
    ("kb/orgs.tsv", include_str!("../../../../kb/orgs.tsv")),
    ("kb/groups.tsv", include_str!("../../../../kb/groups.tsv")),
    ("kb/titles.tsv", include_str!("../../../../kb/titles.tsv")),
    ("kb/people.tsv", include_str!("../../../../kb/people.tsv")),
    ("kb/roles.tsv", include_str!("../../../../kb/roles.tsv")),
    (
        "kb/successions.tsv",
        include_str!("../../../../kb/successions.tsv"),
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
        // Every file's kind, countries loaded on the way: the other kinds
        // refer to countries.
        let mut kinds = Vec::with_capacity(tables.len());
        for (file, t) in &tables {
            let Some(kind) = FileKind::of(&t.header) else {
                return Err(KbError::syntax(
                    file,
                    t.header_line,
                    format!(
                        "unknown header {:?}; see kb/README.md for the six kinds",
                        t.header.join(" ")
                    ),
                ));
            };
            if kind == FileKind::Countries {
                kb.load_countries(file, &t.rows)?;
            }
            kinds.push(kind);
        }
        // Roles refer to people (and orgs, countries) from any file, and
        // successions to countries: each kind is loaded from every file
        // before the next kind.
        let order = [
            FileKind::Orgs,
            FileKind::Titles,
            FileKind::People,
            FileKind::Roles,
            FileKind::Successions,
        ];
        for want in order {
            for ((file, t), _) in tables.iter().zip(&kinds).filter(|(_, k)| **k == want) {
                match want {
                    FileKind::Countries => {}
                    FileKind::Orgs => kb.load_orgs(file, &t.rows)?,
                    FileKind::Titles => kb.load_titles(file, &t.rows)?,
                    FileKind::People => kb.load_people(file, &t.rows)?,
                    FileKind::Roles => kb.load_roles(file, &t.rows)?,
                    FileKind::Successions => kb.load_successions(file, &t.rows)?,
                }
            }
        }
        for (name, dict) in &self.petrarch {
            kb.load_petrarch(name, dict);
        }
        kb.compile();
        Ok(kb)
    }
}

/// The six kinds of KB file, told apart by their header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Countries,
    Orgs,
    Titles,
    People,
    Roles,
    Successions,
}

impl FileKind {
    /// The kind whose header is `header`, if any.
    fn of(header: &[&str]) -> Option<FileKind> {
        [
            (H_COUNTRIES, FileKind::Countries),
            (H_ORGS, FileKind::Orgs),
            (H_TITLES, FileKind::Titles),
            (H_PEOPLE, FileKind::People),
            (H_ROLES, FileKind::Roles),
            (H_SUCCESSIONS, FileKind::Successions),
        ]
        .into_iter()
        .find(|(h, _)| *h == header)
        .map(|(_, k)| k)
    }
}
