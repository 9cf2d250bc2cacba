//! A sentence's words (lower case; "'s", "n't", hyphens and underscores
//! split off) and the dictionary phrases matched over them.

use dyad_doc::Upos;

use crate::petrarch_verbs::split_hyphens;

use super::*;

impl<'a> Sent<'a> {
    /// Prepare the sentence of tokens `toks`: its words, dictionary
    /// matches, chunks and dependency children.
    pub(super) fn new(
        coder: &PetrarchCoder,
        doc: &'a Doc,
        toks: std::ops::Range<usize>,
        date: Option<NaiveDate>,
    ) -> Sent<'a> {
        let t0 = toks.start;
        let nt = toks.len();
        let (mut w, mut tok, mut first_word) = (Vec::new(), Vec::new(), Vec::new());
        for t in toks.clone() {
            first_word.push(w.len());
            let text = doc
                .token_text(t)
                .replace(['\u{2019}', '\u{2018}'], "'")
                .to_lowercase();
            let mut parts: Vec<String> = Vec::new();
            let mut body = text.as_str();
            let mut tail: Option<&str> = None;
            if body.len() > 3 && body.ends_with("n't") {
                tail = Some("n't");
                body = &body[..body.len() - 3];
            } else if body.len() > 2 && body.ends_with("'s") {
                tail = Some("'s");
                body = &body[..body.len() - 2];
            }
            for piece in body.split('_').filter(|p| !p.is_empty()) {
                split_hyphens(piece, &mut parts);
            }
            if parts.is_empty() && tail.is_none() {
                parts.push(body.to_string());
            }
            parts.extend(tail.map(str::to_string));
            for p in parts {
                w.push(p);
                tok.push(t);
            }
        }
        let parsed = toks.clone().any(|t| doc.tokens[t].deprel.is_some());
        let mut children = vec![Vec::new(); nt];
        for t in toks.clone() {
            if let Some(h) = doc.tokens[t].head
                && toks.contains(&h)
            {
                children[h - t0].push(t - t0);
            }
        }
        let mut s = Sent {
            doc,
            w,
            tok,
            first_word,
            t0,
            nt,
            chunks: Vec::new(),
            chunk_of: Vec::new(),
            children,
            parsed,
            memo: Default::default(),
        };
        s.build_chunks(coder, date);
        s.memo = std::cell::RefCell::new(vec![None; s.chunks.len()]);
        s
    }

    /// UPOS tag of the token holding word `word`.
    pub(super) fn upos(&self, word: usize) -> Option<Upos> {
        self.doc.tokens[self.tok[word]].upos
    }

    /// Dictionary matches: (start, end inclusive, kind), left to right,
    /// longest first, not overlapping.
    pub(super) fn matches(&self, coder: &PetrarchCoder) -> Vec<(usize, usize, Kind)> {
        let n = self.w.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let mut best: Option<(usize, Kind)> = None;
            for p in coder.index.get(&self.w[i]).into_iter().flatten() {
                if let Some(end) = self.match_phrase(i, p) {
                    let better = match best {
                        None => true,
                        Some((e, k)) => {
                            end > e
                                || (end == e
                                    && matches!(p.kind, Kind::Actor(_))
                                    && matches!(k, Kind::Agent(_)))
                        }
                    };
                    if better {
                        best = Some((end, p.kind));
                    }
                }
            }
            match best {
                Some((end, kind)) => {
                    out.push((i, end, kind));
                    i = end + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// End (inclusive) of `p` matched at `i`.
    pub(super) fn match_phrase(&self, i: usize, p: &DictPhrase) -> Option<usize> {
        let mut at = i;
        for (k, word) in p.words.iter().enumerate() {
            if k == 0 {
                continue;
            }
            let mut next = at + 1;
            if p.loose {
                // Up to two noun-phrase words may come in between.
                let mut skipped = 0;
                while next < self.w.len() && &self.w[next] != word && skipped <= 2 {
                    let np = matches!(
                        self.upos(next),
                        Some(Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num)
                    ) || self.w[next] == "-"
                        || self.w[next - 1] == "-";
                    if !np {
                        break;
                    }
                    skipped += usize::from(self.w[next] != "-");
                    next += 1;
                }
            }
            if next >= self.w.len() || &self.w[next] != word {
                return None;
            }
            at = next;
        }
        Some(at)
    }
}
