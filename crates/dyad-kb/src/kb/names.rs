//! The name index: every name of every record in one matcher (and the
//! one-edit misspelling index), with names shared by two entities of the
//! same kind reported.

use super::*;

impl Kb {
    /// Build the name matcher and report names shared by two entities of
    /// the same kind (the first keeps the name).
    pub(super) fn compile(&mut self) {
        let (keep, warnings) = distinct_names(self.name_entries());
        self.warnings.extend(warnings);
        let fuzzy = keep
            .iter()
            .filter(|(n, t)| misspelt_form(n, t))
            .map(|(n, t)| (n.clone(), *t));
        self.fuzzy = FuzzyIndex::new(fuzzy.collect::<Vec<_>>());
        self.names = NameMatcher::new(keep);
    }

    /// Every name of every record, with what it names and where the record
    /// was defined: countries (in all their forms), organisations, titles,
    /// people (full names and variants, then surnames).
    fn name_entries(&self) -> Vec<(String, Target, Loc)> {
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
        entries
    }
}

/// The names to index, in order: a name given twice to the same target
/// (after case folding) is kept once; a name already given to another
/// entity of the same kind is dropped with a warning (the first keeps it).
fn distinct_names(entries: Vec<(String, Target, Loc)>) -> (Vec<(String, Target)>, Vec<KbWarning>) {
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
    (keep, warnings)
}

/// Whether name `n` of `t` goes into the misspelling index: a country's
/// name, adjective or demonym of 5 letters or more, or a surname of 7 or
/// more, written as one word with lower-case letters.
fn misspelt_form(n: &str, t: &Target) -> bool {
    let single = |min: usize| {
        n.chars().count() >= min
            && n.chars().all(char::is_alphabetic)
            && n.chars().any(char::is_lowercase)
    };
    match t {
        Target::Country(_, f) => {
            matches!(
                f,
                CountryForm::Name | CountryForm::Adjective | CountryForm::Demonym
            ) && single(5)
        }
        Target::Surname(_) => single(7),
        _ => false,
    }
}
