//! From text to attributions: analysis, tagging and assembly of tagged
//! chunks into [`Quote`]s.

use dyad_doc::{Quote, Span};

use crate::eval::content_kind;
use crate::lexicon::is_speech_cue;
use crate::tagger::{Context, Label, Model, features};
use crate::text::{QuoteRegion, Range, Tok, pair_quotes, paragraphs, sentences, tokenize};

/// The stage's own analysis of a text.
pub struct Analysis {
    /// Tokens.
    pub toks: Vec<Tok>,
    /// Sentences (token ranges).
    pub sents: Vec<Range>,
    /// Paragraphs (token ranges).
    pub paras: Vec<Range>,
    /// Paired quotations.
    pub quotes: Vec<QuoteRegion>,
}

impl Analysis {
    /// Analyse `text`.
    pub fn new(text: &str) -> Analysis {
        let mut toks = tokenize(text);
        let sents = sentences(&toks);
        let paras = paragraphs(&toks);
        let quotes = pair_quotes(&mut toks, &sents, &paras, &is_speech_cue);
        Analysis {
            toks,
            sents,
            paras,
            quotes,
        }
    }

    /// Hashed features per token.
    pub fn features(&self) -> Vec<Vec<u64>> {
        let ctx = Context::new(&self.toks, &self.sents, &self.quotes);
        features(&ctx)
    }

    /// Tag every paragraph with `model`.
    pub fn tag(&self, model: &Model, feats: &[Vec<u64>]) -> Vec<Label> {
        let mut out = vec![Label::O; self.toks.len()];
        for p in &self.paras {
            let labels = model.decode(&feats[p.clone()]);
            out[p.clone()].copy_from_slice(&labels);
        }
        out
    }

    /// Sentence index of token `i`.
    fn sentence_of(&self, i: usize) -> usize {
        self.sents.partition_point(|s| s.end <= i)
    }

    fn para_of(&self, i: usize) -> usize {
        self.paras.partition_point(|p| p.end <= i)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Cue,
    Content,
}

#[derive(Debug, Clone)]
struct Chunk {
    role: Role,
    start: usize,
    end: usize,
}

fn chunks(labels: &[Label]) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        let role = match l {
            Label::O => continue,
            Label::BSource | Label::ISource => Role::Source,
            Label::BCue | Label::ICue => Role::Cue,
            Label::BContent | Label::IContent => Role::Content,
        };
        let begin = matches!(l, Label::BSource | Label::BCue | Label::BContent);
        match out.last_mut() {
            Some(c) if !begin && c.role == role && c.end == i => c.end = i + 1,
            _ => out.push(Chunk {
                role,
                start: i,
                end: i + 1,
            }),
        }
    }
    out
}

fn dist(a: &Chunk, b: &Chunk) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Assemble tagged chunks into quotes with byte spans.
pub fn assemble(an: &Analysis, labels: &[Label], text: &str) -> Vec<Quote> {
    let ch = chunks(labels);
    let cues: Vec<usize> = (0..ch.len()).filter(|&k| ch[k].role == Role::Cue).collect();
    // Attachment of each non-cue chunk to a cue chunk (index into `ch`).
    let mut owner: Vec<Option<usize>> = vec![None; ch.len()];
    let nearest = |k: usize, same_sentence: bool| -> Option<usize> {
        let c = &ch[k];
        let (s, p) = (an.sentence_of(c.start), an.para_of(c.start));
        cues.iter()
            .copied()
            .filter(|&q| {
                if same_sentence {
                    an.sentence_of(ch[q].start) == s || an.sentence_of(ch[q].end - 1) == s
                } else {
                    an.para_of(ch[q].start) == p
                }
            })
            .min_by_key(|&q| (dist(c, &ch[q]), q))
    };
    for k in 0..ch.len() {
        if ch[k].role == Role::Cue {
            continue;
        }
        owner[k] = nearest(k, true).or_else(|| nearest(k, false));
    }
    // Content chunks that open a paragraph with no cue continue the
    // previous paragraph's last content (multi-paragraph quotes).
    let mut cont_of: Vec<Option<usize>> = vec![None; ch.len()];
    for k in 0..ch.len() {
        if ch[k].role != Role::Content || owner[k].is_some() {
            continue;
        }
        let p = an.para_of(ch[k].start);
        if p == 0 || an.paras[p].start != ch[k].start {
            continue;
        }
        if let Some(prev) = (0..k).rev().find(|&j| ch[j].role == Role::Content) {
            if an.para_of(ch[prev].start) + 1 == p && an.toks[ch[k].start].mark.is_some() {
                cont_of[k] = Some(prev);
                owner[k] = owner[prev];
            }
        }
    }
    let span = |c: &Chunk| Span::from_trusted(an.toks[c.start].span.start(), an.toks[c.end - 1].span.end());
    let mut out = Vec::new();
    // Attributions headed by a cue.
    for &q in &cues {
        let contents: Vec<usize> = (0..ch.len())
            .filter(|&k| ch[k].role == Role::Content && owner[k] == Some(q))
            .collect();
        if contents.is_empty() {
            continue;
        }
        let sources: Vec<Span> = (0..ch.len())
            .filter(|&k| ch[k].role == Role::Source && owner[k] == Some(q))
            .map(|k| span(&ch[k]))
            .collect();
        let content: Vec<Span> = contents.iter().map(|&k| span(&ch[k])).collect();
        out.push(make_quote(text, content, vec![span(&ch[q])], sources, an.sentence_of(ch[q].start)));
    }
    // Contents without a cue: kept, cue-less, continuations joined.
    let mut root: Vec<usize> = (0..ch.len()).collect();
    for k in 0..ch.len() {
        if let Some(prev) = cont_of[k] {
            root[k] = root[prev];
        }
    }
    for k in 0..ch.len() {
        if ch[k].role != Role::Content || owner[k].is_some() || root[k] != k {
            continue;
        }
        let content: Vec<Span> = (k..ch.len())
            .filter(|&j| ch[j].role == Role::Content && owner[j].is_none() && root[j] == k)
            .map(|j| span(&ch[j]))
            .collect();
        out.push(make_quote(text, content, vec![], vec![], an.sentence_of(ch[k].start)));
    }
    out.sort_by_key(|q| (q.content.first().map(|s| s.start()), q.cue.first().map(|s| s.start())));
    out
}

fn make_quote(text: &str, content: Vec<Span>, cue: Vec<Span>, source: Vec<Span>, sentence: usize) -> Quote {
    let frags: Vec<&str> = content.iter().map(|s| s.slice(text)).collect();
    Quote {
        kind: content_kind(&frags),
        content,
        cue,
        source,
        speaker: None,
        sentence,
    }
}

/// Extract quotes from `text` with `model` (byte spans into `text`;
/// `sentence` indexes the stage's own sentences).
pub fn extract(text: &str, model: &Model) -> (Analysis, Vec<Quote>) {
    let an = Analysis::new(text);
    let feats = an.features();
    let labels = an.tag(model, &feats);
    let quotes = assemble(&an, &labels, text);
    (an, quotes)
}
