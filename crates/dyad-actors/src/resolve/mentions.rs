//! Candidate mentions: knowledge-base names, places and their countries, one-edit
//! misspellings, and what kind of thing each name is.

use super::*;

impl<'a> Resolver<'a> {
    /// KB matches and pronouns, aligned to tokens, in text order.
    pub(super) fn items(&self) -> Vec<Item> {
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
    pub(super) fn capitalised(&self, i: usize) -> bool {
        let w = self.tok_text(i);
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    }

    /// Where the KB found nothing: places from the gazetteer in place
    /// contexts ("in Bam", "Sindh province", "capital Dili") as places of
    /// their country, and misspelt KB names ("Ethopia", "Mitterand").
    pub(super) fn places_and_misspellings(&self, items: &mut Vec<Item>) {
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
    pub(super) fn place_country(&self, g: &dyad_geo::Gazetteer, name: &str) -> Option<CountryId> {
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
    pub(super) fn place_context(&self, s: usize, e: usize) -> bool {
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

    pub(super) fn kind_of(&self, targets: &[Target]) -> Option<Kind> {
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
}
