//! Loading and validation of each kind of KB file: countries,
//! organisations, titles, people, dated roles and successions. Fatal
//! problems are errors naming file and line; duplicates become warnings.

use crate::date::parse_kb_date;
use crate::succession;
use crate::tsv::{self, Row};

use super::*;

/// Error unless the fields `cols` of row `r` are all filled.
pub(super) fn need(file: &str, r: &Row<'_>, cols: &[usize], msg: &str) -> Result<(), KbError> {
    if cols.iter().any(|&c| r.fields[c].is_empty()) {
        return Err(KbError::syntax(file, r.line, msg));
    }
    Ok(())
}

/// Where a record was defined.
pub(super) fn loc(file: &str, line: usize) -> Loc {
    Loc {
        file: file.to_string(),
        line,
    }
}

impl Kb {
    /// Record a warning at `file`, `line`.
    fn warn(&mut self, file: &str, line: usize, message: String) {
        self.warnings.push(KbWarning {
            loc: loc(file, line),
            message,
        });
    }

    /// Warn that a `kind` named `what`, already defined at `prev`, is
    /// defined again (the new entry is ignored).
    fn warn_dup(&mut self, file: &str, line: usize, kind: &str, what: &str, prev: &Loc) {
        self.warn(
            file,
            line,
            format!("{kind} {what} already defined at {prev}; this entry is ignored"),
        );
    }

    /// Load a successions file (`kb/successions.tsv` layout): each
    /// successor state's predecessor and the first day it applies.
    pub(super) fn load_successions(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
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

    /// Load a countries file: codes checked (alpha-3 and alpha-2, capital
    /// letters), a name required.
    pub(super) fn load_countries(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
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

    /// Error unless `code` is empty or a known alpha-3 code.
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

    /// Load an organisations file (`orgs.tsv`, `groups.tsv`): home
    /// countries checked, at least one name.
    pub(super) fn load_orgs(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
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

    /// Load a titles file: `person` must be yes or no.
    pub(super) fn load_titles(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
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

    /// Load a people file: gender M, F or empty; the surname defaults to
    /// the name's last word (`-`: none).
    pub(super) fn load_people(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
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

    /// Load a roles file (after every people, organisations and countries
    /// file): the person, country or organisation must exist, dates must
    /// parse and not end before they start; a role overlapping the same
    /// role of the same person is a warning.
    pub(super) fn load_roles(&mut self, file: &str, rows: &[Row<'_>]) -> Result<(), KbError> {
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
}
