//! Chunking: runs of mentions, titles, fillers and modifiers read as one noun phrase
//! ("Kremlin spokesperson Dmitry Peskov"), with their head noun.

use super::*;

impl<'a> Resolver<'a> {
    /// Whether tokens `a..b` are all fillers or a possessive marker.
    pub(super) fn gap(&self, a: usize, b: usize, chunk: &mut Chunk, after_modifier: bool) -> bool {
        for i in a..b {
            let w = lower(self.tok_text(i));
            if after_modifier && (w == "'s" || w == "\u{2019}s" || w == "'" || w == "\u{2019}") {
                chunk.possessive = true;
            } else if FILLERS.contains(&w.as_str()) {
                chunk.qualified |= QUALIFIERS.contains(&w.as_str());
            } else {
                return false;
            }
        }
        true
    }

    /// An unknown capitalised name at token `i` (1 to 4 words), stopping at
    /// known items.
    pub(super) fn name_at(
        &self,
        i: usize,
        item_starts: &std::collections::HashSet<usize>,
    ) -> Option<(usize, Span)> {
        let sent = self.sent_of(i);
        let mut j = i;
        while j < self.doc.tokens.len() && j < i + 4 && self.sent_of(j) == sent {
            let w = self.tok_text(j);
            let cap = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'');
            if !cap || (j > i && item_starts.contains(&j)) {
                break;
            }
            j += 1;
            // "Fazl-ur-Rehman", "Zia-ul-Haq": hyphenated pieces, no spaces.
            while j + 1 < self.doc.tokens.len()
                && self.tok_text(j) == "-"
                && self.doc.tokens[j].span.start() == self.doc.tokens[j - 1].span.end()
                && self.doc.tokens[j + 1].span.start() == self.doc.tokens[j].span.end()
                && self.tok_text(j + 1).chars().all(char::is_alphabetic)
            {
                j += 2;
            }
        }
        if j == i || (j == i + 1 && self.tok_text(i).len() < 3) {
            return None;
        }
        let span = self.doc.tokens[i].span.cover(self.doc.tokens[j - 1].span);
        Some((j, span))
    }

    /// Gather the chunk starting at item `k`; returns it and the next item.
    pub(super) fn chunk(
        &self,
        items: &[Item],
        k: usize,
        item_starts: &std::collections::HashSet<usize>,
    ) -> (Chunk, usize) {
        let first = &items[k];
        let mut c = Chunk {
            s: first.s,
            e: first.e,
            ts: first.ts,
            te: first.te,
            sent: self.sent_of(first.ts),
            ..Chunk::default()
        };
        // Stage: 0 = modifiers, 1 = titles, 2 = person (done).
        let mut stage = 0;
        let mut j = k;
        while j < items.len() {
            let it = &items[j];
            if j > k {
                let after_mod = stage == 0;
                let mut probe = c.clone();
                if it.ts < c.te {
                    break;
                }
                // "French paper workers": one noun between a country and a
                // title; "President Francois Mitterand": given names before
                // a known surname.
                let compound = after_mod
                    && c.country.is_some()
                    && matches!(it.kind, Kind::Title(t) if !self.kb.title(t).person)
                    && it.ts == c.te + 1
                    && self.noun_like(c.te);
                let given = stage == 1
                    && matches!(it.kind, Kind::Surname(_))
                    && it.ts <= c.te + 2
                    && (c.te..it.ts).all(|t| self.capitalised(t));
                if !compound && !given && !self.gap(c.te, it.ts, &mut probe, after_mod) {
                    break;
                }
                if self.sent_of(it.ts) != c.sent {
                    break;
                }
                c.possessive = probe.possessive;
                c.qualified = probe.qualified;
            }
            if it.pro && j == k {
                // Include "pro-" in the mention.
                c.s = self.doc.tokens[it.ts].span.start();
            }
            match &it.kind {
                Kind::Country(cid, f) if stage == 0 && c.country.is_none() && c.org.is_none() => {
                    if it.pro {
                        c.pro = Some(*cid);
                    } else {
                        c.country = Some(*cid);
                        c.forms = *f;
                    }
                }
                Kind::Country(cid, _) if stage == 0 && it.pro && c.pro.is_none() => {
                    c.pro = Some(*cid);
                }
                // "Bosnian Serbs": the people of the first country.
                Kind::Country(_, f)
                    if stage == 0 && c.country.is_some() && c.forms.adjective && f.demonym =>
                {
                    c.forms.demonym = true;
                }
                Kind::Org(o) if stage == 0 && c.org.is_none() => c.org = Some(*o),
                Kind::Title(t) if stage <= 1 => {
                    stage = 1;
                    c.titles.push(*t);
                }
                Kind::Person(p) if stage <= 1 => {
                    stage = 2;
                    c.who = Some(Who::Kb(*p));
                }
                Kind::Named if stage <= 1 => {
                    stage = 2;
                    c.who = Some(Who::Name(Span::from_trusted(it.s, it.e)));
                }
                Kind::Surname(ps) if stage <= 1 && (j == k || stage == 1) => {
                    stage = 2;
                    c.who = Some(Who::Surname(ps.clone()));
                }
                _ => break,
            }
            c.e = it.e;
            c.te = it.te;
            j += 1;
            if stage == 2 {
                break;
            }
        }
        if j == k {
            j = k + 1; // an item that cannot start a chunk (defensive)
        }
        // "the president of Armenia": the country after the title.
        if c.who.is_none()
            && c.country.is_none()
            && c.org.is_none()
            && !c.titles.is_empty()
            && j < items.len()
            && items[j].ts == c.te + 1
            && self.tok_text(c.te) == "of"
            && let Kind::Country(cid, f) = items[j].kind
            && !items[j].pro
        {
            c.country = Some(cid);
            c.forms = f;
            c.e = items[j].e;
            c.te = items[j].te;
            j += 1;
        }
        // An unknown name after a title: "BBC correspondent James Waterhouse".
        if c.who.is_none() && !c.titles.is_empty() && c.te < self.doc.tokens.len() {
            let last_title = self.kb.title(*c.titles.last().expect("titles"));
            if last_title.person {
                if let Some((end, span)) = self.name_at(c.te, item_starts) {
                    c.who = Some(Who::Name(span));
                    c.e = span.end();
                    c.te = end;
                } else if self.tok_text(c.te) == "," && j < items.len() {
                    // Apposition: "his Defense Secretary, Pete Hegseth".
                    let it = &items[j];
                    if it.ts == c.te + 1 {
                        if let Kind::Person(p) = it.kind {
                            c.who = Some(Who::Kb(p));
                            c.e = it.e;
                            c.te = it.te;
                            j += 1;
                        }
                    } else if let Some((end, span)) = self.name_at(c.te + 1, item_starts) {
                        c.who = Some(Who::Name(span));
                        c.e = span.end();
                        c.te = end;
                    }
                }
            }
        }
        // "rebels in Darfur", "ethnic Albanians in south Serbia", "Albanians
        // of southern Serbia": the place says whose they are.
        if let Some(it) = items.get(j)
            && c.te < it.ts
            && self.sent_of(it.ts) == c.sent
            && let Kind::Country(cid, _) = it.kind
            && !it.pro
        {
            let prep = lower(self.tok_text(c.te));
            let joined = matches!(
                prep.as_str(),
                "in" | "of" | "inside" | "throughout" | "across"
            ) && (c.te + 1..it.ts)
                .all(|t| PLACE_FILLERS.contains(&lower(self.tok_text(t)).as_str()));
            // Not "its forces in Lebanon", "peacekeepers in Iraq": troops
            // are often abroad.
            let own = matches!(
                self.det_before(c.ts).as_deref(),
                Some("its" | "their" | "his" | "her" | "our" | "your")
            );
            let abroad = c
                .titles
                .last()
                .is_some_and(|t| self.kb.title(*t).sector == "MIL");
            let homeless = c.country.is_none()
                && c.who.is_none()
                && !own
                && !abroad
                && (!c.titles.is_empty()
                    || c.org.is_some_and(|o| self.kb.org(o).country.is_none()));
            let ethnic = c.forms.demonym
                && c.titles.is_empty()
                && c.who.is_none()
                && (prep == "of" || self.det_before(c.ts).as_deref() == Some("ethnic"));
            if joined && (homeless || ethnic) && Some(cid) != c.country {
                c.located = Some(cid);
                c.located_of = prep == "of";
                c.e = it.e;
                c.te = it.te;
                j += 1;
            }
        }
        (c, j)
    }

    /// Whether token `i` looks like a lower-case noun that can modify a
    /// title ("paper" in "paper workers").
    pub(super) fn noun_like(&self, i: usize) -> bool {
        let w = self.tok_text(i);
        w.len() >= 3
            && w.chars().all(|c| c.is_ascii_lowercase())
            && !w.ends_with("ly")
            && !w.ends_with("ed")
            && !matches!(
                w,
                "and"
                    | "the"
                    | "for"
                    | "but"
                    | "not"
                    | "has"
                    | "have"
                    | "had"
                    | "was"
                    | "were"
                    | "are"
                    | "said"
                    | "says"
                    | "who"
                    | "that"
                    | "which"
                    | "with"
                    | "from"
                    | "will"
                    | "would"
                    | "could"
                    | "may"
                    | "can"
                    | "unless"
                    | "after"
                    | "before"
                    | "while"
                    | "since"
                    | "until"
                    | "because"
                    | "when"
                    | "where"
                    | "than"
                    | "then"
                    | "also"
                    | "into"
                    | "over"
                    | "under"
                    | "about"
                    | "against"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "our"
                    | "all"
                    | "some"
                    | "many"
                    | "most"
                    | "two"
                    | "three"
            )
    }

    /// Token `i` if it is a plural-looking noun ("Kurds", "landowners").
    pub(super) fn plural_noun(&self, i: usize) -> Option<usize> {
        let w = self.doc.tokens.get(i).map(|t| self.doc.slice(t.span))?;
        let ok = w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && w.chars().all(char::is_alphabetic)
            && self.sent_of(i) == self.sent_of(i.saturating_sub(1));
        ok.then_some(i)
    }

    pub(super) fn det_before(&self, ts: usize) -> Option<String> {
        let i = ts.checked_sub(1)?;
        (self.sent_of(i) == self.sent_of(ts)).then(|| lower(self.tok_text(i)))
    }
}
