//! TABARI/PETRARCH actor dictionaries merged into the KB: other names of
//! countries, organisations, and people whose dated codes become dated
//! roles.

use crate::petrarch::{ActorDict, DateRange};

use super::load::loc;
use super::*;

/// A code of a dictionary entry: the code, when it applies, and the
/// country its first three letters name, if any.
type DictCode<'d> = (&'d str, DateRange, Option<CountryId>);

/// The first three characters of a code: its country or kind prefix (the
/// whole code when shorter). Characters, not bytes: user dictionaries may
/// hold non-ASCII codes.
fn code_head(code: &str) -> &str {
    code.char_indices().nth(3).map_or(code, |(i, _)| &code[..i])
}

impl Kb {
    /// The country whose alpha-3 code starts a CAMEO code.
    pub(super) fn country_prefix(&self, code: &str) -> Option<CountryId> {
        let p = code.get(..3)?;
        self.by_code
            .get(p)
            .copied()
            .filter(|id| self.country(*id).code == p)
    }

    /// Merge the actor dictionary `dict` (read from `file`): entries coded
    /// with country codes only give their country other names; entries
    /// whose codes start with no country code become organisations (kind:
    /// the code's first three letters); the others become people whose
    /// codes are dated roles.
    pub(super) fn load_petrarch(&mut self, file: &str, dict: &ActorDict) {
        let source = format!("PETRARCH dictionary {file}");
        for e in &dict.entries {
            let names: Vec<String> = e.phrases().map(|p| p.text().to_lowercase()).collect();
            let codes: Vec<DictCode<'_>> = e
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
                    self.add_country_names(cid, names);
                }
                continue;
            }
            let loc = loc(file, e.line);
            let id = format!("petr:{file}:{}", e.line);
            // An organisation: IGO, NGO, MNC… codes.
            if codes.iter().all(|(_, _, c)| c.is_none()) && first.len() >= 3 {
                self.by_org
                    .insert(id.clone(), OrgId(self.orgs.len() as u32));
                self.orgs.push(Org {
                    id,
                    kind: code_head(first).to_string(),
                    country: None,
                    also: Vec::new(),
                    names,
                    source: source.clone(),
                    loc,
                });
                continue;
            }
            self.add_petrarch_person(id, names, &codes, &source, loc);
        }
    }

    /// Add `names` to country `cid`'s other names, leaving out those it
    /// already has in any form (case-insensitively).
    fn add_country_names(&mut self, cid: CountryId, names: Vec<String>) {
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

    /// Add a person `id` from a dictionary entry (the first of `names` is
    /// the display name, the others variants) with one dated role per code:
    /// country = the code's country prefix, sector = the next three letters
    /// (without a country, the first three).
    fn add_petrarch_person(
        &mut self,
        id: String,
        names: Vec<String>,
        codes: &[DictCode<'_>],
        source: &str,
        loc: Loc,
    ) {
        let far_past = NaiveDate::from_ymd_opt(1800, 1, 1).expect("valid date");
        let pid = PersonId(self.people.len() as u32);
        self.by_person.insert(id.clone(), pid);
        self.roles_of.push(Vec::new());
        let mut names = names.into_iter();
        self.people.push(Person {
            id,
            name: names.next().unwrap_or_default(),
            surname: None,
            variants: names.collect(),
            gender: None,
            source: source.to_string(),
            loc: loc.clone(),
        });
        for &(code, range, cid) in codes {
            let (start, end) = match range {
                DateRange::Always => (far_past, None),
                DateRange::Before(d) => (far_past, d.succ_opt()),
                DateRange::After(d) => (d, None),
                DateRange::Between(a, b) => (a, b.succ_opt()),
            };
            let country = cid.map(|c| self.country(c).code.clone());
            let sector = match country {
                Some(_) => code.get(3..6).unwrap_or("").to_string(),
                None => code_head(code).to_string(),
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
                source: source.to_string(),
                loc: loc.clone(),
            });
        }
    }
}
