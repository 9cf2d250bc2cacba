//! Turning a chunk into an actor: person, organisation, country, group or unknown
//! name, with country, sector and role on the document's date, and its mention.

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn resolve(&mut self, mut c: Chunk) {
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
    pub(super) fn sentence_countries(&self, sent: usize) -> impl Iterator<Item = CountryId> + '_ {
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
    pub(super) fn only_country(&self, sent: usize) -> Option<String> {
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
    pub(super) fn org_home(&self, o: OrgId, sent: usize) -> Option<String> {
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
    pub(super) fn country_actor(&mut self, cid: CountryId) -> usize {
        let country = self.kb.country(cid);
        let key = format!("country:{}", country.code);
        self.actor(key, || Actor {
            name: country.name.clone(),
            country: Some(country.code.clone()),
            kb_id: Some(format!("country:{}", country.code)),
            ..Actor::default()
        })
    }

    pub(super) fn actor(&mut self, key: String, make: impl FnOnce() -> Actor) -> usize {
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

    pub(super) fn mention(&mut self, a: usize, s: usize, e: usize, sent: usize, tok: usize) {
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
    pub(super) fn person_actor(&mut self, p: PersonId, c: &Chunk, place: Option<String>) -> usize {
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
    pub(super) fn name_actor(&mut self, span: Span, c: &Chunk, place: Option<String>) -> usize {
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
    pub(super) fn group_actor(&mut self, c: &Chunk, sector: &str, place: Option<String>) -> usize {
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
    pub(super) fn fits(&self, b: &Built, keys: &[String], sector: &str) -> bool {
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
}
