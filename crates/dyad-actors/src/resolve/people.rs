//! People named by a title or a surname alone, and the antecedents of pronouns.

use super::*;

impl<'a> Resolver<'a> {
    /// "the Ukrainian president", "the Russian leader", "our reporter",
    /// "the president": an earlier person, or the KB holder on the date.
    pub(super) fn title_person(
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
    pub(super) fn pick_surname(&self, ps: &[PersonId], titled: bool) -> Option<PersonId> {
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
    pub(super) fn antecedent(&self, sent: usize, tok: usize, g: Option<Gender>) -> Option<usize> {
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
