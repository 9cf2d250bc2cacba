//! The pipeline's dependency parse, aligned to the quote stage's own tokens.
//!
//! The stage keeps its own tokenization (its model was trained on it); when
//! the document carries the pipeline's tokens with heads, each stage token
//! takes the part of speech, relation and head of the pipeline token that
//! holds its first byte, and heads are mapped back to stage tokens. The
//! alignment is one linear merge over both token lists.

use dyad_doc::Token;

use crate::text::Tok;

/// Parse of the stage's tokens.
#[derive(Debug, Clone, Default)]
pub struct Parse {
    /// Universal POS tag of each token (`"-"` when unknown).
    pub upos: Vec<&'static str>,
    /// UD relation of each token to its head (`"-"` when unknown).
    pub rel: Vec<&'static str>,
    /// Head of each token (stage token index); `None` for roots and
    /// unaligned tokens.
    pub head: Vec<Option<usize>>,
}

/// UD relations (with the subtypes the English parser uses); anything else
/// reads as `dep`.
const RELS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:npmod",
    "nmod:poss",
    "nmod:tmod",
    "nsubj",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:npmod",
    "obl:tmod",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

fn intern(rel: &str) -> &'static str {
    RELS.iter().copied().find(|r| *r == rel).unwrap_or("dep")
}

/// Most steps taken up a head chain (parses are trees, but a bound keeps
/// every walk constant-time whatever the input).
pub const MAX_DEPTH: usize = 24;

impl Parse {
    /// Align the pipeline's `tokens` (in text order, with heads) to the
    /// stage's `toks`. `None` when the tokens carry no parse.
    pub fn align(toks: &[Tok], tokens: &[Token]) -> Option<Parse> {
        if !tokens.iter().any(|t| t.deprel.is_some()) {
            return None;
        }
        // Pipeline token holding each stage token's first byte, and stage
        // token holding each pipeline token's first byte.
        let mut of_tok = vec![None; toks.len()];
        let mut j = 0;
        for (k, t) in toks.iter().enumerate() {
            let s = t.span.start();
            while j < tokens.len() && tokens[j].span.end() <= s {
                j += 1;
            }
            if j < tokens.len() && tokens[j].span.start() <= s {
                of_tok[k] = Some(j);
            }
        }
        let mut of_pipe = vec![None; tokens.len()];
        let mut k = 0;
        for (j, t) in tokens.iter().enumerate() {
            let s = t.span.start();
            while k < toks.len() && toks[k].span.end() <= s {
                k += 1;
            }
            if k < toks.len() && toks[k].span.start() <= s {
                of_pipe[j] = Some(k);
            }
        }
        let mut p = Parse {
            upos: vec!["-"; toks.len()],
            rel: vec!["-"; toks.len()],
            head: vec![None; toks.len()],
        };
        for (k, j) in of_tok.iter().enumerate() {
            let Some(j) = *j else { continue };
            let t = &tokens[j];
            p.upos[k] = t.upos.map_or("-", |u| u.as_str());
            p.rel[k] = t.deprel.as_deref().map_or("-", intern);
            // A stage token spanning several pipeline tokens ("don't")
            // hangs from the first one's head when it lies outside it.
            let mut h = t.head;
            let mut steps = 0;
            while let Some(hh) = h {
                match of_pipe.get(hh).copied().flatten() {
                    Some(hk) if hk == k && steps < MAX_DEPTH => {
                        h = tokens[hh].head;
                        steps += 1;
                    }
                    Some(hk) if hk != k => {
                        p.head[k] = Some(hk);
                        break;
                    }
                    _ => break,
                }
            }
        }
        Some(p)
    }

    /// Ancestors of `i` (itself first), at most [`MAX_DEPTH`] of them.
    pub fn chain(&self, i: usize, out: &mut Vec<usize>) {
        out.clear();
        let mut x = Some(i);
        while let Some(k) = x {
            if out.len() >= MAX_DEPTH || out.contains(&k) {
                break;
            }
            out.push(k);
            x = self.head[k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;
    use dyad_doc::{Span, Upos};

    #[test]
    fn aligns_heads_across_tokenizations() {
        let text = "He didn't say.";
        let toks = tokenize(text);
        // pipeline: He did n't say .
        let sp = |a: usize, b: usize| Span::from_trusted(a, b);
        let tok = |a, b, u, h: Option<usize>, r: &str| Token {
            span: sp(a, b),
            upos: Some(u),
            head: h,
            deprel: Some(r.to_string()),
            ..Token::default()
        };
        let tokens = vec![
            tok(0, 2, Upos::Pron, Some(3), "nsubj"),
            tok(3, 6, Upos::Aux, Some(3), "aux"),
            tok(6, 9, Upos::Part, Some(3), "advmod"),
            tok(10, 13, Upos::Verb, None, "root"),
            tok(13, 14, Upos::Punct, Some(3), "punct"),
        ];
        let p = Parse::align(&toks, &tokens).expect("parsed");
        let words: Vec<&str> = toks.iter().map(|t| t.span.slice(text)).collect();
        let say = words.iter().position(|w| *w == "say").expect("say");
        let he = words.iter().position(|w| *w == "He").expect("He");
        assert_eq!(p.head[he], Some(say));
        assert_eq!(p.rel[he], "nsubj");
        assert_eq!(p.head[say], None);
        assert_eq!(p.rel[say], "root");
        let mut c = Vec::new();
        p.chain(he, &mut c);
        assert_eq!(c, vec![he, say]);
        assert!(Parse::align(&toks, &[]).is_none());
    }
}
